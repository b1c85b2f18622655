"""Applications: validated submission, the state machine, who may move what, deadlines, atomicity.

Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall import audit, cases, catalog
from govhall.accounts import Role
from govhall.cases import Case, State, WorkCalendar
from govhall.errors import FormInvalid, InvalidTransition, NotFound, PermissionDenied
from govhall.samples import make_person, sample_form_data
from tests.conftest import UserFactory


def _data(db: Session, code: str, seed: int = 1) -> dict[str, object]:
    rng = random.Random(seed)
    return sample_form_data(catalog.get_item(db, code).content["form"], make_person(rng), rng)


def _count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_submit_stores_case_with_number_deadline_and_audit(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    citizen = make_user()
    case = cases.submit(db, citizen, "dibao", _data(db, "dibao"), calendar)
    assert case.number.startswith("GH") and case.number.endswith(f"{case.id:06d}")
    assert case.state == State.SUBMITTED
    assert case.department == "民政局"
    assert case.deadline is not None and case.deadline > date(2026, 1, 1)
    entries = audit.list_entries(db, target=f"case:{case.number}")
    assert [e.action for e in entries] == ["case.submit"]
    assert "*" in entries[0].details["data"]["id_number"], "audit details are masked"


def test_submit_rejects_wrong_id_checksum_and_stores_nothing(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    citizen = make_user()
    data = _data(db, "dibao")
    data["id_number"] = str(data["id_number"])[:-1] + ("0" if str(data["id_number"])[-1] != "0" else "1")
    before = (_count(db, Case), _count(db, audit.AuditEntry))
    with pytest.raises(FormInvalid) as err:
        cases.submit(db, citizen, "dibao", data, calendar)
    assert "id_number" in err.value.fields
    assert (_count(db, Case), _count(db, audit.AuditEntry)) == before


def test_unknown_item_code_is_a_field_error(db: Session, make_user: UserFactory, calendar: WorkCalendar) -> None:
    with pytest.raises(FormInvalid) as err:
        cases.submit(db, make_user(), "no-such-item", {}, calendar)
    assert "item_code" in err.value.fields


def test_full_workflow_with_materials_round_trip(db: Session, make_user: UserFactory, calendar: WorkCalendar) -> None:
    citizen = make_user()
    clerk = make_user(Role.CLERK, "民政局")
    case = cases.submit(db, citizen, "dibao", _data(db, "dibao"), calendar)
    cases.transition(db, clerk, case.number, "accept", calendar)
    with pytest.raises(FormInvalid):
        cases.transition(db, clerk, case.number, "request_materials", calendar)  # reason required
    cases.transition(db, clerk, case.number, "request_materials", calendar, reason="请补充收入证明")
    assert cases.get_case(db, citizen, case.number).state == State.NEEDS_MATERIALS
    with pytest.raises(PermissionDenied):
        cases.transition(db, clerk, case.number, "supplement", calendar)  # only the applicant supplements
    cases.transition(db, citizen, case.number, "supplement", calendar, data={"address": "北京市朝阳区建国路1号"})
    cases.transition(db, clerk, case.number, "approve", calendar)
    done = cases.transition(db, clerk, case.number, "complete", calendar)
    assert done.state == State.COMPLETED
    assert done.data["address"] == "北京市朝阳区建国路1号"
    actions = [e.action for e in cases.case_events(db, done)]
    assert actions == ["submit", "accept", "request_materials", "supplement", "approve", "complete"]
    assert audit.verify(db).ok


def test_invalid_transitions_are_refused(db: Session, make_user: UserFactory, calendar: WorkCalendar) -> None:
    citizen = make_user()
    clerk = make_user(Role.CLERK, "民政局")
    case = cases.submit(db, citizen, "dibao", _data(db, "dibao"), calendar)
    with pytest.raises(InvalidTransition):
        cases.transition(db, clerk, case.number, "approve", calendar)  # not accepted yet
    cases.transition(db, clerk, case.number, "reject", calendar, reason="不符合条件")
    with pytest.raises(InvalidTransition):
        cases.transition(db, clerk, case.number, "accept", calendar)  # rejected is final
    with pytest.raises(InvalidTransition):
        cases.transition(db, citizen, case.number, "withdraw", calendar)


def test_citizen_cannot_read_or_change_another_citizens_case(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    owner, other = make_user(), make_user()
    case = cases.submit(db, owner, "dibao", _data(db, "dibao"), calendar)
    with pytest.raises(NotFound):
        cases.get_case(db, other, case.number)
    with pytest.raises(NotFound):
        cases.transition(db, other, case.number, "withdraw", calendar)
    assert cases.list_cases(db, other).total == 0
    assert cases.list_cases(db, owner).total == 1


def test_clerk_sees_only_own_department(db: Session, make_user: UserFactory, calendar: WorkCalendar) -> None:
    citizen = make_user()
    minzheng = make_user(Role.CLERK, "民政局")
    gongan = make_user(Role.CLERK, "公安局")
    dibao = cases.submit(db, citizen, "dibao", _data(db, "dibao"), calendar)
    permit = cases.submit(db, citizen, "residence-permit", _data(db, "residence-permit"), calendar)
    assert [c.number for c in cases.list_cases(db, minzheng).items] == [dibao.number]
    assert [c.number for c in cases.list_cases(db, gongan).items] == [permit.number]
    with pytest.raises(NotFound):
        cases.get_case(db, gongan, dibao.number)
    with pytest.raises(NotFound):
        cases.transition(db, gongan, dibao.number, "accept", calendar)


def test_analyst_and_clerks_cannot_submit(db: Session, make_user: UserFactory, calendar: WorkCalendar) -> None:
    with pytest.raises(PermissionDenied):
        cases.submit(db, make_user(Role.CLERK, "民政局"), "dibao", _data(db, "dibao"), calendar)
    with pytest.raises(PermissionDenied):
        cases.list_cases(db, make_user(Role.ANALYST))


def test_withdraw_by_applicant(db: Session, make_user: UserFactory, calendar: WorkCalendar) -> None:
    citizen = make_user()
    case = cases.submit(db, citizen, "residence-permit", _data(db, "residence-permit"), calendar)
    assert cases.transition(db, citizen, case.number, "withdraw", calendar).state == State.WITHDRAWN


def test_materials_wait_does_not_count_toward_deadline(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    citizen = make_user()
    clerk = make_user(Role.CLERK, "民政局")
    case = cases.submit(db, citizen, "dibao", _data(db, "dibao"), calendar)
    cases.transition(db, clerk, case.number, "accept", calendar)
    cases.transition(db, clerk, case.number, "request_materials", calendar, reason="补充材料")
    stored = cases.get_case(db, clerk, case.number)
    original = stored.deadline
    stored.paused_on = date(2026, 11, 2)  # pretend the request went out three weeks ago
    db.commit()
    resumed = cases.transition(db, citizen, case.number, "supplement", calendar)
    assert original is not None and resumed.deadline is not None
    assert resumed.deadline > original
    assert resumed.paused_on is None
