"""Every table of govhall, imported in one place so Alembic sees the whole schema."""

from govhall.accounts.models import AuthToken, User
from govhall.audit.models import AuditEntry, AuditHead
from govhall.cases.models import Case, CaseEvent
from govhall.catalog.models import CatalogItem, CatalogItemVersion

__all__ = [
    "AuditEntry",
    "AuditHead",
    "AuthToken",
    "Case",
    "CaseEvent",
    "CatalogItem",
    "CatalogItemVersion",
    "User",
]
