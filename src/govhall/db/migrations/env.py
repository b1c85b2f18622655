"""Alembic environment: runs migrations on the URL set by ``govhall.db.migrate``."""

from __future__ import annotations

from alembic import context

import govhall.models  # noqa: F401  (registers every table on Base.metadata)
from govhall.db.base import Base
from govhall.db.engine import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url is not None
engine = make_engine(url)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
