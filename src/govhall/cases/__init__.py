"""Applications (办件): submission, workflow, deadlines in working days."""

from govhall.cases.calendar import WorkCalendar, local_date, make_calendar
from govhall.cases.models import Case, CaseEvent
from govhall.cases.service import (
    CasePage,
    allowed_actions,
    case_events,
    get_case,
    is_overdue,
    list_cases,
    submit,
    transition,
)
from govhall.cases.workflow import ACTIONS, NEXT_STEP, STATE_LABELS, Action, Actor, State, actions_from

__all__ = [
    "ACTIONS",
    "NEXT_STEP",
    "STATE_LABELS",
    "Action",
    "Actor",
    "Case",
    "CaseEvent",
    "CasePage",
    "State",
    "WorkCalendar",
    "actions_from",
    "allowed_actions",
    "case_events",
    "get_case",
    "is_overdue",
    "list_cases",
    "local_date",
    "make_calendar",
    "submit",
    "transition",
]
