"""The demo installation: a fresh database with the catalogue, one account per role and a few cases."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from govhall import accounts, cases, catalog, policies
from govhall.accounts import NewUser, Role, User
from govhall.assistant import SHIPPED_INTENTS, train_routing
from govhall.cases import WorkCalendar
from govhall.db import make_engine, make_session_factory, session_scope, transaction, upgrade
from govhall.knowledge_graph.store import build_graph
from govhall.opinion import load_demo
from govhall.samples import Person, make_person, sample_form_data

DEMO_PASSWORD = "govhall-demo"


# One account per role, all with the demo password; a citizen's name, phone and ID number are drawn
# from the seed when the accounts are created (see _create_accounts).
DEMO_ACCOUNTS = (
    NewUser("zhangsan", DEMO_PASSWORD, "张三", Role.CITIZEN),
    NewUser("lisi", DEMO_PASSWORD, "李四", Role.CITIZEN),
    NewUser("minzheng", DEMO_PASSWORD, "王窗口（民政）", Role.CLERK, "民政局"),
    NewUser("renshe", DEMO_PASSWORD, "赵窗口（人社）", Role.CLERK, "人力资源和社会保障局"),
    NewUser("gongan", DEMO_PASSWORD, "钱窗口（公安）", Role.CLERK, "公安局"),
    NewUser("fenxi", DEMO_PASSWORD, "孙分析", Role.ANALYST),
    NewUser("admin", DEMO_PASSWORD, "系统管理员", Role.ADMIN),
)

# (applicant, item code, actions the clerk takes afterwards)
DEMO_CASES = (
    ("zhangsan", "dibao", ()),
    ("zhangsan", "unemployment-benefit", ("accept",)),
    ("zhangsan", "elderly-allowance", ("accept", "approve", "complete")),
    ("lisi", "temporary-assistance", ("accept", "request_materials")),
    ("lisi", "residence-permit", ()),
    ("lisi", "retirement", ("reject",)),
)


def demo_database_path(data_dir: Path) -> Path:
    return data_dir / "demo" / "govhall-demo.db"


def build_demo(url: str, calendar: WorkCalendar, *, seed: int = 7, models_dir: Path | None = None) -> list[NewUser]:
    """Migrate ``url``, load the catalogue, create the demo accounts and cases; returns the accounts."""
    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(seed)
    try:
        with session_scope(make_session_factory(engine)) as db:
            with transaction(db):
                catalog.sync_builtin(db)
            users = _create_accounts(db, rng)
            for username, code, actions in DEMO_CASES:
                _create_case(db, users, username, code, actions, calendar, rng)
            policies.sync_builtin(db)  # the shipped laws, so the graph links items to their articles
            build_graph(db)
        # the analyst dashboard: demo posts (shipped in the package), topics and the burst's alert;
        # sentiment too when there is a models folder to train the small demo model into
        load_demo(make_session_factory(engine), models_dir)
    finally:
        engine.dispose()
    if models_dir is not None:
        # the assistant's routing models (intent, service) from the data shipped in the package: seconds
        train_routing(SHIPPED_INTENTS, models_dir)
    return list(DEMO_ACCOUNTS)


def _create_accounts(db: Session, rng: random.Random) -> dict[str, tuple[User, Person]]:
    users: dict[str, tuple[User, Person]] = {}
    with transaction(db):
        for account in DEMO_ACCOUNTS:
            person = make_person(rng)
            if account.role == Role.CITIZEN:
                account = replace(account, display_name=person.name, phone=person.phone, id_number=person.id_number)
            user = accounts.create_user(db, account)
            users[account.username] = (user, person)
    return users


def _create_case(
    db: Session,
    users: dict[str, tuple[User, Person]],
    username: str,
    code: str,
    actions: tuple[str, ...],
    calendar: WorkCalendar,
    rng: random.Random,
) -> None:
    applicant, person = users[username]
    form = catalog.get_item(db, code).content["form"]
    person = Person(applicant.display_name, person.id_number, person.phone, person.address, person.birth_date)
    case = cases.submit(db, applicant, code, sample_form_data(form, person, rng), calendar)
    admin = users["admin"][0]
    reasons = {"reject": "经核查，申请人未达到法定退休年龄", "request_materials": "请补充近三个月的收入证明"}
    for action in actions:
        cases.transition(db, admin, case.number, action, calendar, reason=reasons.get(action, ""))
