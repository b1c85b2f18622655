"""The application state machine and who may move it.

submitted → accepted → (needs_materials ↔ accepted) → approved | rejected → completed;
a submitted case can also be refused (rejected) or withdrawn by its applicant.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from govhall.labels import labels_of


class State(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    NEEDS_MATERIALS = "needs_materials"
    APPROVED = "approved"
    REJECTED = "rejected"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


STATE_LABELS = labels_of(State)

NEXT_STEP = {
    State.SUBMITTED: "等待窗口人员受理，受理后开始审核",
    State.ACCEPTED: "窗口人员正在审核，请留意短信或站内通知",
    State.NEEDS_MATERIALS: "请按通知补正材料后重新提交，补正期间不计入办理时限",
    State.APPROVED: "审核已通过，等待办结（领取证件或结果）",
    State.REJECTED: "申请未通过，可查看原因；如有异议可依法申请行政复议",
    State.COMPLETED: "已办结，无需其他操作",
    State.WITHDRAWN: "申请已撤回，如需办理请重新申请",
}


class Actor(StrEnum):
    """Who is allowed to take an action: the case's applicant or its department's staff."""

    APPLICANT = "applicant"
    STAFF = "staff"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[State]
    target: State
    actor: Actor
    needs_reason: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("accept", "受理", frozenset({State.SUBMITTED}), State.ACCEPTED, Actor.STAFF),
        Action(
            "request_materials",
            "要求补正",
            frozenset({State.ACCEPTED}),
            State.NEEDS_MATERIALS,
            Actor.STAFF,
            True,
        ),
        Action("supplement", "补正提交", frozenset({State.NEEDS_MATERIALS}), State.ACCEPTED, Actor.APPLICANT),
        Action("approve", "审核通过", frozenset({State.ACCEPTED}), State.APPROVED, Actor.STAFF),
        Action(
            "reject",
            "不予通过",
            frozenset({State.SUBMITTED, State.ACCEPTED}),
            State.REJECTED,
            Actor.STAFF,
            True,
        ),
        Action("complete", "办结", frozenset({State.APPROVED}), State.COMPLETED, Actor.STAFF),
        Action("withdraw", "撤回申请", frozenset({State.SUBMITTED}), State.WITHDRAWN, Actor.APPLICANT),
    )
}


def actions_from(state: State, actor: Actor) -> list[Action]:
    """The actions ``actor`` may take on a case in ``state`` (what buttons a page shows)."""
    return [a for a in ACTIONS.values() if state in a.sources and a.actor == actor]
