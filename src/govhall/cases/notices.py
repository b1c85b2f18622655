"""What each case change tells whom: the applicant hears of every step, the department of new work."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import notify
from govhall.accounts.models import Role, User
from govhall.cases.models import Case
from govhall.cases.workflow import STATE_LABELS, State

_FOR_APPLICANT = {
    "accept": "您的申请已受理",
    "request_materials": "请补正材料",
    "approve": "您的申请已审核通过",
    "reject": "您的申请未通过",
    "complete": "您的办件已办结",
    "withdraw": "您已撤回申请",
    "supplement": "补正材料已提交",
    "submit": "申请已提交",
}
_FOR_STAFF = {"submit": "新的申请待受理", "supplement": "申请人已补正材料"}


def department_staff(db: Session, department: str) -> list[User]:
    query = select(User).where(User.role == Role.CLERK, User.department == department, User.active.is_(True))
    return list(db.scalars(query.order_by(User.id)))


def notify_staff(db: Session, case: Case, kind: str, title: str, body: str, *, dedup_key: str | None = None) -> int:
    """Tell every active clerk of ``case``'s department, linking to the case (their inbox, and their
    phone where they gave one): new work, a bad rating, a deadline near. The count added, a
    ``dedup_key`` already sent to a clerk adding none for them."""
    sent = 0
    for clerk in department_staff(db, case.department):
        message = notify.NewNotification(
            clerk.id, kind, title, body, f"/cases/{case.number}", phone=clerk.phone, dedup_key=dedup_key
        )
        sent += notify.notify(db, message) is not None
    return sent


def case_changed(db: Session, case: Case, action: str, detail: str = "") -> None:
    """Add the notifications for ``action`` on ``case`` to the caller's transaction."""
    link = f"/cases/{case.number}"
    state = STATE_LABELS.get(State(case.state), case.state)
    applicant = db.get(User, case.applicant_id)
    title = f"{_FOR_APPLICANT.get(action, '办件状态已更新')}（{case.item_name}）"
    body = f"办件编号 {case.number}，当前状态：{state}。" + (detail and f"{detail}")
    if applicant is not None:
        notify.notify(
            db,
            notify.NewNotification(applicant.id, f"case.{action}", title, body, link, phone=applicant.phone),
        )
    if action in _FOR_STAFF:
        notify_staff(db, case, f"case.{action}", f"{_FOR_STAFF[action]}（{case.item_name}）", body)
