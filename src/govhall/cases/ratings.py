"""好差评: the applicant rates a finished case once; a 差评 opens a follow-up for the department.

The reasons come from a fixed vocabulary (``data/ratings.yaml``) so that statistics can count them;
free text is masked before it is stored, because people write their phone numbers and addresses
into comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall import audit, notify
from govhall.accounts.models import Role, User
from govhall.cases.models import Case, CaseRating
from govhall.cases.notices import notify_staff
from govhall.cases.service import get_case
from govhall.cases.workflow import State
from govhall.db.engine import transaction
from govhall.errors import Conflict, FormInvalid, InvalidTransition, NotFound, PermissionDenied
from govhall.text import mask

RATABLE = {State.COMPLETED, State.REJECTED}
MAX_COMMENT = 500
BAD_AT_MOST = 2


@dataclass(frozen=True)
class Vocabulary:
    levels: dict[int, str]
    good: tuple[str, ...]
    bad: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load((Path(__file__).parent / "data" / "ratings.yaml").read_text(encoding="utf-8"))
    return Vocabulary({int(k): str(v) for k, v in raw["levels"].items()}, tuple(raw["good"]), tuple(raw["bad"]))


def get_rating(db: Session, case: Case) -> CaseRating | None:
    return db.scalar(select(CaseRating).where(CaseRating.case_id == case.id))


def rate(db: Session, user: User, number: str, score: int, reasons: Sequence[str], comment: str = "") -> CaseRating:
    """Store the applicant's rating of their finished case (once)."""
    case = get_case(db, user, number, for_update=True)
    if user.role != Role.CITIZEN or case.applicant_id != user.id:
        raise PermissionDenied.of("permission_denied", "applicant_rates")
    if State(case.state) not in RATABLE:
        raise InvalidTransition(case.state, "评价")
    words = vocabulary()
    problems: dict[str, str] = {}
    if score not in words.levels:
        problems["score"] = "评价等级应为 1 到 5"
    allowed = set(words.bad) if score <= BAD_AT_MOST else set(words.good) | (set(words.bad) if score == 3 else set())
    chosen = list(dict.fromkeys(reasons))
    for reason in chosen:
        if reason not in allowed:
            problems["reasons"] = f"“{reason[:30]}”不是可选的评价理由"
    if score <= BAD_AT_MOST and not chosen:
        problems["reasons"] = "差评请至少选择一项理由，便于部门整改"
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        problems["comment"] = f"评价内容不能超过 {MAX_COMMENT} 字"
    if problems:
        raise FormInvalid.of("form_invalid", "rating", fields=problems)
    if get_rating(db, case) is not None:
        raise Conflict.of("already_rated")
    bad = score <= BAD_AT_MOST
    with transaction(db):
        rating = CaseRating(
            case_id=case.id,
            department=case.department,
            item_code=case.item_code,
            score=score,
            reasons=chosen,
            comment=mask(comment) if comment else "",
            follow_up="open" if bad else "",
        )
        db.add(rating)
        if bad:
            notify_staff(
                db,
                case,
                "rating.bad",
                f"收到差评，请跟进整改（{case.item_name}）",
                f"办件编号 {case.number}，评价：{words.levels[score]}；理由：{'、'.join(chosen)}",
            )
        audit.record(
            db,
            actor=user,
            action="case.rate",
            target=f"case:{case.number}",
            details={"score": score, "reasons": chosen},
        )
    notify.request_delivery(db)
    return rating


def close_follow_up(db: Session, user: User, number: str, note: str) -> CaseRating:
    """The department records how it followed up a 差评 (整改/回访)."""
    case = get_case(db, user, number, for_update=True)
    if user.role not in (Role.CLERK, Role.ADMIN):
        raise PermissionDenied.of("permission_denied", "department_follows_up")
    rating = get_rating(db, case)
    if rating is None or rating.follow_up != "open":
        raise NotFound("待处理的差评", number)
    note = note.strip()
    if not note or len(note) > MAX_COMMENT:
        raise FormInvalid({"note": f"请填写整改或回访情况（不超过 {MAX_COMMENT} 字）"})
    with transaction(db):
        rating.follow_up = "closed"
        rating.follow_up_note = mask(note)
        audit.record(db, actor=user, action="case.rating_follow_up", target=f"case:{case.number}", reason=note)
    return rating


def rating_summary(db: Session, department: str | None = None) -> dict[str, Any]:
    """Counts per level, the share of 好评 (4-5) and open follow-ups: what the statistics page reads."""
    query = select(CaseRating.score, func.count()).group_by(CaseRating.score)
    open_query = select(func.count()).where(CaseRating.follow_up == "open")
    if department is not None:
        query = query.where(CaseRating.department == department)
        open_query = open_query.where(CaseRating.department == department)
    counts = {int(score): int(n) for score, n in db.execute(query)}
    total = sum(counts.values())
    good = counts.get(4, 0) + counts.get(5, 0)
    return {
        "total": total,
        "by_score": {str(s): counts.get(s, 0) for s in range(5, 0, -1)},
        "good_rate": round(good / total, 4) if total else None,
        "open_follow_ups": db.scalar(open_query) or 0,
    }
