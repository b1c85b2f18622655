"""Applications (办件): submit against an item's form, move through the workflow, list and read.

Every write is one transaction with its audit entry, so a case is stored whole or not at all.
Citizens see only their own cases, clerks only their department's; a case outside a user's reach
is reported as not found, so its existence is not revealed either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import uuid4

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from govhall import audit, files, notify
from govhall.accounts.models import Role, User
from govhall.cases import materials as mats
from govhall.cases.calendar import WorkCalendar, local_date
from govhall.cases.materials import MaterialFile
from govhall.cases.models import Case, CaseEvent
from govhall.cases.notices import case_changed
from govhall.cases.workflow import ACTIONS, Actor, State
from govhall.catalog.forms import mask_form_data, validate_form
from govhall.catalog.service import get_item
from govhall.db import one_or_not_found
from govhall.db.base import utcnow
from govhall.db.engine import transaction
from govhall.errors import BadInput, FormInvalid, InvalidTransition, NotFound, PermissionDenied

MAX_REASON = 1000
SORTS: dict[str, tuple[Any, ...]] = {
    "deadline": (Case.deadline.asc(), Case.id.asc()),
    "submitted": (Case.submitted_at.asc(), Case.id.asc()),
    "-submitted": (Case.submitted_at.desc(), Case.id.desc()),
}
PENDING = (State.SUBMITTED.value, State.ACCEPTED.value, State.NEEDS_MATERIALS.value)


def submit(
    db: Session,
    applicant: User,
    item_code: str,
    data: object,
    calendar: WorkCalendar,
    *,
    materials: Sequence[MaterialFile] | None = None,
) -> Case:
    """Validate ``data`` against the item's current form and store the case with its audit entry.

    ``materials``: the uploaded files, one per material; every required material of the item must be
    there. None means the channel does not collect files (the assistant's chat): the clerk then asks
    for them with 补正.
    """
    if applicant.role != Role.CITIZEN:
        raise PermissionDenied.of("permission_denied", "citizens_apply")
    try:
        item = get_item(db, item_code)
    except NotFound:
        raise FormInvalid.of("form_invalid", "unknown_item", fields={"item_code": f"事项“{item_code}”不存在"}) from None
    problems = validate_form(item.content["form"], data)
    if materials is not None:
        problems = {**problems, **mats.application_problems(item.content, materials)}
    if problems:
        raise FormInvalid(problems)
    assert isinstance(data, dict)
    taken = mats.take_files(db, applicant, materials or [])
    with transaction(db):
        now = utcnow()
        case = Case(
            number=uuid4().hex[:32],
            item_code=item.code,
            item_version=item.version,
            item_name=item.name,
            department=item.department,
            applicant_id=applicant.id,
            state=State.SUBMITTED.value,
            data=data,
            submitted_at=now,
            updated_at=now,
            deadline=calendar.add_working_days(local_date(now), int(item.content["time_limit_days"])),
        )
        db.add(case)
        db.flush()
        case.number = f"GH{local_date(now):%Y%m%d}{case.id:06d}"
        for upload, row in taken:
            files.attach(row, case_id=case.id, department=case.department, material=upload.material, round=0)
        details = {
            "item": item.code,
            "version": item.version,
            "data": mask_form_data(item.content["form"], data),
            "files": [row.public_id for _, row in taken],
        }
        _record_step(db, case, applicant, "submit", None, details)
    notify.request_delivery(db)
    return case


def _visible(user: User) -> Select[Case]:
    query = select(Case)
    if user.role == Role.CITIZEN:
        return query.where(Case.applicant_id == user.id)
    if user.role == Role.CLERK:
        return query.where(Case.department == user.department)
    if user.role == Role.ADMIN:
        return query
    raise PermissionDenied.of("permission_denied", "role_sees_no_cases")


def get_case(db: Session, user: User, number: str, *, for_update: bool = False) -> Case:
    """The case with this number if ``user`` may see it, else ``NotFound``.

    ``for_update`` locks the row (PostgreSQL) so two clerks cannot move the same case at once.
    """
    query = _visible(user).where(Case.number == number)
    return one_or_not_found(db, query.with_for_update() if for_update else query, "办件", number)


@dataclass(frozen=True)
class CasePage:
    items: list[Case]
    total: int


def list_cases(
    db: Session,
    user: User,
    *,
    state: str | None = None,
    item_code: str | None = None,
    limit: int = 50,
    offset: int = 0,
    states: Sequence[str] | None = None,
    sort: str = "deadline",
) -> CasePage:
    """The cases ``user`` may see: a citizen's own newest first, a clerk's queue by deadline.

    ``states``: any of several states (the workbench's 待办 = submitted, accepted, needs_materials);
    ``sort`` for staff: ``deadline`` (default), ``submitted`` (oldest first) or ``-submitted``."""
    for one in [*([state] if state is not None else []), *(states or [])]:
        if one not in State.__members__.values():
            raise BadInput.of("bad_state", state=one, fields={"state": "未知的状态"})
    if sort not in SORTS:
        raise BadInput.of("bad_sort", sort=sort, fields={"sort": "未知的排序方式"})
    query = _visible(user)
    if state:
        query = query.where(Case.state == state)
    if states:
        query = query.where(Case.state.in_(list(states)))
    if item_code:
        query = query.where(Case.item_code == item_code)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = SORTS[sort] if user.role != Role.CITIZEN else (Case.id.desc(),)
    rows = list(db.scalars(query.order_by(*order).limit(limit).offset(offset)))
    return CasePage(rows, total)


def _actor_kind(user: User, case: Case) -> Actor | None:
    if user.role == Role.CITIZEN and case.applicant_id == user.id:
        return Actor.APPLICANT
    if user.role == Role.ADMIN or (user.role == Role.CLERK and user.department == case.department):
        return Actor.STAFF
    return None


def allowed_actions(user: User, case: Case) -> list[str]:
    kind = _actor_kind(user, case)
    return [a.name for a in ACTIONS.values() if kind == a.actor and State(case.state) in a.sources]


def transition(
    db: Session,
    user: User,
    number: str,
    action_name: str,
    calendar: WorkCalendar,
    *,
    reason: str = "",
    data: object = None,
    requested: Sequence[str] | None = None,
    uploads: Sequence[MaterialFile] | None = None,
) -> Case:
    """Apply a workflow action; checks the actor, the state, the reason and (for 补正) the new data.

    ``requested`` (要求补正): the names of the materials asked for. ``uploads`` (补正提交): the files
    for exactly those materials.
    """
    action = ACTIONS.get(action_name)
    if action is None:
        raise BadInput.of("bad_action", action=action_name, fields={"action": "未知的操作"})
    case = get_case(db, user, number, for_update=True)
    if _actor_kind(user, case) != action.actor:
        raise PermissionDenied.of("permission_denied", "case_action", action=action.label)
    current = State(case.state)
    if current not in action.sources:
        raise InvalidTransition(current.value, action.label)
    reason = reason.strip()
    if action.needs_reason and not reason:
        raise FormInvalid({"reason": f"“{action.label}”必须填写理由"})
    if len(reason) > MAX_REASON:
        raise FormInvalid({"reason": f"理由不能超过 {MAX_REASON} 字"})
    new_data = _supplemented_data(db, case, data) if action_name == "supplement" else None
    asked: list[str] = []
    if action_name == "request_materials":
        asked = mats.clean_requested(get_item(db, case.item_code).content, requested or [])
        if requested is not None and not asked:
            raise FormInvalid.of(
                "form_invalid", "materials_not_named", fields={"requested": "请勾选或填写需要补正的材料"}
            )
    taken: list[tuple[MaterialFile, files.StoredFile]] = []
    if action_name == "supplement":
        problems = mats.supplement_problems(case.requested_materials or [], uploads or [])
        if problems:
            raise FormInvalid.of("form_invalid", "materials_mismatch", fields=problems)
        taken = mats.take_files(db, user, uploads or [])
    with transaction(db):
        today = local_date(utcnow())
        if action.target == State.NEEDS_MATERIALS:
            case.paused_on = today
        if current == State.NEEDS_MATERIALS and case.paused_on and case.deadline:
            paused = calendar.working_days_between(case.paused_on, today)
            case.deadline = calendar.add_working_days(case.deadline, paused)
            case.paused_on = None
        if new_data is not None:
            case.data = new_data
        if action_name == "request_materials":
            case.requested_materials = asked
            case.materials_round = (case.materials_round or 0) + 1
        for upload, row in taken:
            files.attach(
                row, case_id=case.id, department=case.department, material=upload.material, round=case.materials_round
            )
        case.state = action.target.value
        case.updated_at = utcnow()
        case.last_reason = reason
        details: dict[str, Any] = {"from": current.value, "to": action.target.value}
        if new_data is not None:
            item = get_item(db, case.item_code)
            details["data"] = mask_form_data(item.content["form"], new_data)
        if asked:
            details["requested"] = asked
        if taken:
            details["files"] = [row.public_id for _, row in taken]
        detail = f"需补正：{'、'.join(asked)}。" if asked else ""
        note = detail + (f"说明：{reason}" if reason else "")
        _record_step(db, case, user, action.name, current.value, details, reason=reason, note=note)
    notify.request_delivery(db)
    return case


def _record_step(
    db: Session,
    case: Case,
    actor: User,
    action: str,
    from_state: str | None,
    details: dict[str, Any],
    *,
    reason: str = "",
    note: str = "",
) -> None:
    """What every step of a case leaves, in the caller's transaction: the history row the applicant
    and the clerk see, the notices (``note`` adds to their text) and the chained audit entry."""
    db.add(
        CaseEvent(
            case_id=case.id,
            actor_id=actor.id,
            actor_name=actor.username,
            action=action,
            from_state=from_state,
            to_state=case.state,
            reason=reason,
        )
    )
    case_changed(db, case, action, note)
    target = f"case:{case.number}"
    audit.record(db, actor=actor, action=f"case.{action}", target=target, reason=reason, details=details)


def _supplemented_data(db: Session, case: Case, data: object) -> dict[str, Any]:
    """The case data after 补正: the applicant's changes merged in, re-validated whole."""
    if data is None:
        return dict(case.data)
    if not isinstance(data, dict):
        raise FormInvalid({"data": "补正内容必须是一个对象"})
    merged = {**case.data, **data}
    item = get_item(db, case.item_code)
    problems = validate_form(item.content["form"], merged)
    if problems:
        raise FormInvalid(problems)
    return merged


REVEALERS = frozenset({Role.CLERK, Role.ADMIN})
"""Who may see a case's personal data unmasked (on asking; every reveal is audited)."""


def shown_data(
    db: Session, user: User, case: Case, form: dict[str, Any], *, reveal: bool
) -> tuple[dict[str, Any], bool]:
    """The case's form data as ``user`` may see it, and whether it is unmasked.

    Masked by default; a clerk or an admin who asks sees it whole, and that reveal is written to the
    audit log first. The web page and the API both call this, so the rule cannot differ between them.
    """
    if not (reveal and user.role in REVEALERS):
        return mask_form_data(form, case.data), False
    with transaction(db):
        audit.record(db, actor=user, action="case.reveal", target=f"case:{case.number}")
    return dict(case.data), True


def case_events(db: Session, case: Case) -> list[CaseEvent]:
    return list(db.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)))


def is_overdue(case: Case, today: date) -> bool:
    """Still open past its deadline."""
    open_states = {State.SUBMITTED, State.ACCEPTED}
    return case.deadline is not None and State(case.state) in open_states and today > case.deadline
