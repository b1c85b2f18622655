"""Personal data at rest: ciphertext in the database, plain values through the app, existing rows
encrypted by the migration, and key rotation, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

import govhall.models
from govhall import accounts, cases, catalog
from govhall.accounts import NewUser, Role, User
from govhall.cases import Case, make_calendar
from govhall.db import Base, downgrade, make_engine, make_session_factory, transaction, upgrade
from govhall.db.crypto import Keyring, key_id_of, prune_data_keys, rotate_data_key
from govhall.samples import make_person, sample_form_data
from govhall.text import fake_id_number, fake_mobile
from tests.conftest import PASSWORD
from tests.support.cli import govhall

ID_NUMBER = fake_id_number(random.Random(7))
PHONE = fake_mobile(random.Random(7))


def _citizen_with_case(db: Session) -> tuple[User, Case]:
    with transaction(db):
        user = accounts.create_user(db, NewUser("citizen1", PASSWORD, "张三", phone=PHONE, id_number=ID_NUMBER))
    form = catalog.get_item(db, "dibao").content["form"]
    rng = random.Random(3)
    data = {**sample_form_data(form, make_person(rng), rng)}
    data["id_number"] = ID_NUMBER
    case = cases.submit(db, user, "dibao", data, make_calendar())
    return user, case


def _raw(db: Session, sql: str) -> list[str]:
    return [str(v) for v in db.execute(text(sql)).scalars()]


def test_personal_data_is_ciphertext_in_the_database(db: Session) -> None:
    user, case = _citizen_with_case(db)
    stored = _raw(db, "SELECT CAST(data AS TEXT) FROM cases") + _raw(db, "SELECT phone FROM users")
    stored += _raw(db, "SELECT id_number FROM users")
    assert stored and all(key_id_of(v) for v in stored), stored
    assert not any(ID_NUMBER in v or PHONE in v for v in stored)
    db.expunge_all()
    assert db.get(User, user.id).id_number == ID_NUMBER  # type: ignore[union-attr]
    assert db.get(Case, case.id).data["id_number"] == ID_NUMBER  # type: ignore[union-attr]


def test_migration_encrypts_existing_rows_and_downgrade_restores_them(db_url: str) -> None:
    downgrade(db_url, "0006")
    engine = make_engine(db_url)
    plain = {"applicant_name": "张三", "id_number": ID_NUMBER, "phone": PHONE}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, username, display_name, role, password_hash, phone, id_number, active,"
                " created_at) VALUES (1, 'old', '老用户', 'citizen', 'x', :phone, :idn, :t, :now)"
            ),
            {"phone": PHONE, "idn": ID_NUMBER, "t": True, "now": "2026-01-01 00:00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO cases (id, number, item_code, item_version, item_name, department, applicant_id, state,"
                " data, submitted_at, updated_at, last_reason) VALUES (1, 'GH1', 'dibao', 1, '低保', '民政局', 1,"
                " 'submitted', :data, :now, :now, '')"
            ),
            {"data": json.dumps(plain, ensure_ascii=False), "now": "2026-01-01 00:00:00"},
        )
    upgrade(db_url)
    with make_session_factory(engine)() as db:
        stored = _raw(db, "SELECT CAST(data AS TEXT) FROM cases") + _raw(db, "SELECT phone FROM users")
        assert all(key_id_of(v) for v in stored) and not any(PHONE in v for v in stored)
        assert db.get(Case, 1).data == plain  # type: ignore[union-attr]
        assert db.get(User, 1).phone == PHONE  # type: ignore[union-attr]
    downgrade(db_url, "0006")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT phone FROM users")).scalar() == PHONE
        assert ID_NUMBER in str(conn.execute(text("SELECT CAST(data AS TEXT) FROM cases")).scalar())
    upgrade(db_url)
    engine.dispose()


def test_rotation_reencrypts_every_row_and_prunes_the_old_key(db: Session, keys: Keyring) -> None:
    user, case = _citizen_with_case(db)
    user_id, case_id = user.id, case.id
    old = keys.current
    report = rotate_data_key(db, Base.metadata)
    assert report.new_key != old and report.rows >= 2
    stored = _raw(db, "SELECT CAST(data AS TEXT) FROM cases") + _raw(db, "SELECT phone FROM users")
    assert {key_id_of(v) for v in stored} == {report.new_key}
    pruned = prune_data_keys(db, Base.metadata)
    assert pruned.removed == [old] and pruned.in_use == [report.new_key]
    assert old not in json.loads(keys.path.read_text())["data"]  # type: ignore[union-attr]
    db.expunge_all()
    assert db.get(User, user_id).phone == PHONE  # type: ignore[union-attr]
    assert db.get(Case, case_id).data["id_number"] == ID_NUMBER  # type: ignore[union-attr]


def test_keys_rotate_command(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return govhall(tmp_path, *args, embedder=None)

    assert run("db", "upgrade").returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with make_session_factory(engine)() as db, transaction(db):
        accounts.create_user(db, NewUser("clerk1", PASSWORD, "窗口", Role.CLERK, "民政局", phone=PHONE))
    rotated = run("keys", "rotate", "--json")
    assert rotated.returncode == 0, rotated.stderr
    new_key = json.loads(rotated.stdout)["new_key"]
    pruned = run("keys", "prune", "--json")
    assert pruned.returncode == 0 and json.loads(pruned.stdout)["in_use"] == [new_key]
    with make_session_factory(engine)() as db:
        assert key_id_of(_raw(db, "SELECT phone FROM users")[0]) == new_key
    engine.dispose()
