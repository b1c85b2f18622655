"""Database access: the declarative base, engines, sessions and migrations."""

from govhall.db.base import Base, UTCDateTime, utcnow
from govhall.db.engine import make_engine, make_session_factory, require_schema, session_scope, transaction
from govhall.db.migrate import downgrade, upgrade
from govhall.db.query import contains_any, in_period, one_or_not_found

__all__ = [
    "Base",
    "UTCDateTime",
    "contains_any",
    "downgrade",
    "in_period",
    "make_engine",
    "make_session_factory",
    "one_or_not_found",
    "require_schema",
    "session_scope",
    "transaction",
    "upgrade",
    "utcnow",
]
