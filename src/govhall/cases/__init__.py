"""Applications (办件): submission, workflow, deadlines in working days."""

from govhall.cases.calendar import WorkCalendar, local_date, make_calendar
from govhall.cases.cleanup import CLEANUP_JOB
from govhall.cases.documents import DOCUMENT_TITLES, available_documents, case_document
from govhall.cases.materials import MaterialFile
from govhall.cases.models import Case, CaseEvent, CaseRating
from govhall.cases.ratings import RATABLE, close_follow_up, get_rating, rate, rating_summary, vocabulary
from govhall.cases.reminders import DEADLINE_JOB, send_deadline_warnings, working_days_left
from govhall.cases.service import (
    PENDING,
    CasePage,
    allowed_actions,
    case_events,
    get_case,
    is_overdue,
    list_cases,
    shown_data,
    submit,
    transition,
)
from govhall.cases.workflow import ACTIONS, NEXT_STEP, STATE_LABELS, Action, Actor, State, actions_from

__all__ = [
    "ACTIONS",
    "CLEANUP_JOB",
    "DEADLINE_JOB",
    "DOCUMENT_TITLES",
    "NEXT_STEP",
    "PENDING",
    "RATABLE",
    "STATE_LABELS",
    "Action",
    "Actor",
    "Case",
    "CaseEvent",
    "CasePage",
    "CaseRating",
    "MaterialFile",
    "State",
    "WorkCalendar",
    "actions_from",
    "allowed_actions",
    "available_documents",
    "case_document",
    "case_events",
    "close_follow_up",
    "get_case",
    "get_rating",
    "is_overdue",
    "list_cases",
    "local_date",
    "make_calendar",
    "rate",
    "rating_summary",
    "send_deadline_warnings",
    "shown_data",
    "submit",
    "transition",
    "vocabulary",
    "working_days_left",
]
