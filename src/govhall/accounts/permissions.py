"""Which roles may open which part of the back office (管理后台).

One table, read by the pages and the menu, so that a role's reach is stated once: a clerk is never in
it, an analyst sees the statistics but not the accounts, a department head sees the statistics of
their own department (the statistics pages narrow the department themselves).
"""

from __future__ import annotations

from enum import StrEnum

from govhall.accounts.models import Role, User
from govhall.errors import PermissionDenied
from govhall.labels import labels_of

__all__ = ["AREA_LABELS", "AREA_ROLES", "Area", "areas_for", "department_scope", "may_open"]


class Area(StrEnum):
    """A part of the back office."""

    ACCOUNTS = "users"
    AUDIT = "audit"
    CATALOG = "catalog"
    KNOWLEDGE = "knowledge"
    LOGS = "logs"
    STATS = "stats"


AREA_LABELS = labels_of(Area)

AREA_ROLES: dict[Area, frozenset[Role]] = {
    Area.ACCOUNTS: frozenset({Role.ADMIN}),
    Area.AUDIT: frozenset({Role.ADMIN}),
    Area.CATALOG: frozenset({Role.ADMIN}),
    Area.KNOWLEDGE: frozenset({Role.ADMIN, Role.POLICY_EDITOR}),
    Area.LOGS: frozenset({Role.ADMIN, Role.SUPERVISOR}),
    Area.STATS: frozenset({Role.ADMIN, Role.ANALYST, Role.DEPT_HEAD}),
}


def may_open(user: User, area: Area) -> bool:
    """Whether ``user`` (active, by role) may open ``area``."""
    return user.active and user.role in AREA_ROLES[area]


def areas_for(user: User) -> list[Area]:
    """The areas ``user`` may open, in menu order (empty for citizens and clerks)."""
    return [area for area in Area if may_open(user, area)]


def department_scope(user: User) -> str | None:
    """The one department whose figures ``user`` may see: a department head's own; None (every
    department) for the other roles. A department head without a department sees nothing."""
    if user.role != Role.DEPT_HEAD:
        return None
    if not user.department:
        raise PermissionDenied.of("permission_denied", "no_department")
    return user.department
