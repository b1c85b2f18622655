"""Alembic owns the schema: it upgrades and downgrades cleanly on both backends and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import govhall.models  # noqa: F401
from govhall.db import Base, downgrade, make_engine, upgrade
from govhall.opinion.models import include_in_autogenerate


def test_migrations_round_trip_and_match_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include_in_autogenerate})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], diff
        downgrade(db_url, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(db_url)
        assert {"cases", "users", "audit_log", "catalog_items"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
