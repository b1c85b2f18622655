"""The indexes the statistics queries read (created by migration 0012).

Declared here, next to the queries that need them, rather than on the tables' own models: they exist
for the statistics, and a covering index is only worth its write cost while these queries use it.
"""

from __future__ import annotations

from sqlalchemy import Index

from govhall.assistant.models import AssistantSession
from govhall.cases.models import Case, CaseRating

__all__ = ["STATS_INDEXES"]

STATS_INDEXES = (
    Index(
        "ix_cases_stats_submitted",
        Case.submitted_at,
        Case.department,
        Case.item_code,
        Case.state,
        Case.deadline,
        Case.updated_at,
    ),
    Index("ix_cases_stats_open", Case.state, Case.deadline, Case.department, Case.item_code),
    Index("ix_case_ratings_stats", CaseRating.created_at, CaseRating.department, CaseRating.score),
    Index("ix_assistant_sessions_created_at", AssistantSession.created_at),
)
