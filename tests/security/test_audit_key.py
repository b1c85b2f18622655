"""The audit chain is keyed (HMAC, key outside the database), anchored, and never stores raw PII."""

from __future__ import annotations

import hashlib
import json
import random
import stat
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from govhall import audit
from govhall.accounts import Role
from govhall.audit import AuditEntry, AuditHead
from govhall.db import make_engine, make_session_factory, transaction, upgrade
from govhall.db.crypto import Keyring
from govhall.samples import make_person, sample_form_data
from govhall.text import fake_id_number
from tests.conftest import ApiClient
from tests.files.samples import required_materials
from tests.support.cli import govhall


def _fill(db: Session, n: int = 5) -> None:
    for i in range(n):
        with transaction(db):
            audit.record(db, actor=None, action="test.event", target=f"thing:{i}", details={"i": i})


_SIGNED = ("seq", "actor_id", "actor_name", "action", "target", "reason", "details")


def _plain_hash(prev_hash: str, entry: AuditEntry) -> str:
    """What someone with database access but no key can compute: the old unkeyed SHA-256 (the public
    ``chain_hash`` without a key id; the legacy test below checks that against plain ``hashlib``)."""
    fields = {name: getattr(entry, name) for name in _SIGNED} | {"at": entry.at.isoformat()}
    return audit.chain_hash(prev_hash, fields, "")


def _rehash_from(db: Session, seq: int, *, keep_key_id: bool) -> None:
    """Recompute every hash from ``seq`` on and fix ``audit_head``, as a forger without the key would."""
    entries = list(db.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    prev = entries[seq - 2].hash if seq > 1 else "0" * 64
    for entry in entries[seq - 1 :]:
        if not keep_key_id:
            entry.key_id = ""
        entry.prev_hash = prev
        entry.hash = _plain_hash(prev, entry)
        prev = entry.hash
    head = db.get(AuditHead, 1)
    assert head is not None
    head.hash = prev
    db.commit()


def test_edit_and_rehash_without_the_key_fails_verify(db: Session) -> None:
    _fill(db)
    assert audit.verify(db).ok
    db.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(reason="改过了"))
    db.commit()
    _rehash_from(db, 3, keep_key_id=True)
    report = audit.verify(db)
    assert not report.ok
    assert any("第 3 条" in p for p in report.problems)


def test_rewriting_the_whole_chain_as_unkeyed_fails_verify(db: Session) -> None:
    _fill(db)
    db.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(reason="改过了"))
    db.commit()
    _rehash_from(db, 1, keep_key_id=False)
    assert not audit.verify(db).ok


def test_cut_tail_with_fixed_head_fails_verify_with_anchor(db: Session) -> None:
    _fill(db)
    anchor = audit.anchor(db)
    assert anchor.startswith("5:")
    assert audit.verify(db, anchor=anchor).ok
    third = db.scalars(select(AuditEntry).where(AuditEntry.seq == 3)).one()
    db.execute(delete(AuditEntry).where(AuditEntry.seq > 3))
    db.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=3, hash=third.hash))
    db.commit()
    assert audit.verify(db).ok  # a clean shorter chain: only an anchor kept elsewhere can tell
    report = audit.verify(db, anchor=anchor)
    assert not report.ok and any("锚点" in p for p in report.problems)


def test_anchor_is_still_found_after_more_entries(db: Session) -> None:
    _fill(db, 2)
    anchor = audit.anchor(db)
    _fill(db, 2)
    assert audit.verify(db, anchor=anchor).ok


def test_migration_keeps_and_seals_a_legacy_chain(tmp_path: Path, keys: Keyring) -> None:
    url = f"sqlite:///{tmp_path / 'legacy.db'}"
    upgrade(url, "0006")
    engine = make_engine(url)
    prev = "0" * 64
    with engine.begin() as conn:
        for seq in (1, 2, 3):
            at = f"2026-01-0{seq}T08:00:00+00:00"
            body: dict[str, Any] = {
                "seq": seq,
                "at": at,
                "actor_id": None,
                "actor_name": "system",
                "action": "old.event",
            }
            body |= {"target": f"thing:{seq}", "reason": "", "details": {}}
            digest = hashlib.sha256(
                (prev + json.dumps(body, sort_keys=True, separators=(",", ":"))).encode()
            ).hexdigest()
            conn.execute(
                text(
                    "INSERT INTO audit_log (seq, at, actor_id, actor_name, action, target, reason, details,"
                    " prev_hash, hash) VALUES (:seq, :at, NULL, 'system', 'old.event', :target, '', '{}', :prev, :hash)"
                ),
                {
                    "seq": seq,
                    "at": f"2026-01-0{seq} 08:00:00.000000",
                    "target": f"thing:{seq}",
                    "prev": prev,
                    "hash": digest,
                },
            )
            prev = digest
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 3, :h)"), {"h": prev})
    upgrade(url)
    with make_session_factory(engine)() as db:
        report = audit.verify(db)
        assert report.ok, report.problems
        assert report.entries == 4 and audit.list_entries(db, limit=1)[0].action == "audit.keyed"
        # rewrite the legacy segment consistently (plain SHA-256 is all it had): the seal breaks
        db.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(reason="改过了"))
        db.commit()
        entries = list(db.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        entries[1].hash = _plain_hash(entries[1].prev_hash, entries[1])
        entries[2].prev_hash = entries[1].hash
        entries[2].hash = _plain_hash(entries[2].prev_hash, entries[2])
        entries[3].prev_hash = entries[2].hash
        db.commit()
        assert not audit.verify(db).ok
    engine.dispose()


def test_free_text_reason_is_masked_in_the_audit_log(client: ApiClient) -> None:
    citizen = client.user()
    clerk = client.user(Role.CLERK, department="民政局")
    admin = client.user(Role.ADMIN)
    form = client.http.get("/api/catalog/items/dibao").json()["form"]
    rng = random.Random(5)
    data = sample_form_data(form, make_person(rng), rng)
    materials = required_materials(client.http, citizen, "dibao")
    case = {"item_code": "dibao", "data": data, "materials": materials}
    number = client.http.post("/api/cases", json=case, headers=citizen).json()["number"]
    secret = fake_id_number(random.Random(11))
    reason = f"申请人身份证号{secret}与户籍信息不符，联系电话13912345678"
    done = client.http.post(f"/api/cases/{number}/actions", json={"action": "reject", "reason": reason}, headers=clerk)
    assert done.status_code == 200, done.text
    log = client.http.get("/api/audit", headers=admin)
    assert log.status_code == 200
    assert secret not in log.text and "13912345678" not in log.text
    rejected = [e for e in log.json() if e["action"] == "case.reject"]
    assert rejected and "与户籍信息不符" in rejected[0]["reason"]
    with client.http.app.state.session_factory() as db:  # type: ignore[attr-defined]
        stored = " ".join(e.reason + json.dumps(e.details, ensure_ascii=False) for e in audit.list_entries(db))
    assert secret not in stored and "13912345678" not in stored


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return govhall(tmp_path, *args, embedder=None)


def test_cli_anchor_then_cut_tail_fails_verify_anchor(tmp_path: Path) -> None:
    assert _cli(tmp_path, "db", "upgrade").returncode == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with make_session_factory(engine)() as db:
        for i in range(4):
            with transaction(db):
                audit.record(db, actor=None, action="test.event", target=f"thing:{i}")
    anchor_run = _cli(tmp_path, "audit", "anchor")
    assert anchor_run.returncode == 0, anchor_run.stderr
    anchor = anchor_run.stdout.strip()
    assert _cli(tmp_path, "audit", "verify", "--anchor", anchor).returncode == 0
    with make_session_factory(engine)() as db:
        last_kept = db.scalars(select(AuditEntry).where(AuditEntry.seq == 2)).one()
        db.execute(delete(AuditEntry).where(AuditEntry.seq > 2))
        db.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=2, hash=last_kept.hash))
        db.commit()
    engine.dispose()
    assert _cli(tmp_path, "audit", "verify").returncode == 0
    cut = _cli(tmp_path, "audit", "verify", "--anchor", anchor)
    assert cut.returncode == 1 and "锚点" in cut.stderr
    bad = _cli(tmp_path, "audit", "verify", "--anchor", "nonsense")
    assert bad.returncode == 2 and "锚点格式" in bad.stderr and "Traceback" not in bad.stderr
    key_file = tmp_path / "data" / "keys.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
