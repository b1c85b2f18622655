"""opinion: one partial index the dashboard counts from

The dashboard's charts (posts per day or week, per source, the topic table with its negative share)
all read the originals (``duplicate_of IS NULL``, not spam) of a ``posted_at`` range and count by
sentiment, source or topic. ``ix_opinion_posts_dashboard`` holds exactly those rows and columns, so
the counts are read from the index alone (an index-only scan on PostgreSQL, inside the monthly
partitions the range prunes to; a covering index on SQLite) instead of from table rows that carry
the whole text. The predicate is written as the queries write it (``is_spam IS 0`` on SQLite,
``IS false`` on PostgreSQL): both match a partial index only when the query states its condition.
The index also carries ``duplicate_of`` and ``is_spam``: PostgreSQL knows from the predicate that
they need no checking, SQLite does not and would read the table row for them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

NAME = "ix_opinion_posts_dashboard"
COLUMNS = ["posted_at", "sentiment", "source", "topic_id", "duplicate_of", "is_spam"]


def upgrade() -> None:
    op.create_index(
        NAME,
        "opinion_posts",
        COLUMNS,
        unique=False,
        sqlite_where=sa.text("duplicate_of IS NULL AND is_spam IS 0"),
        postgresql_where=sa.text("duplicate_of IS NULL AND is_spam IS false"),
    )


def downgrade() -> None:
    op.drop_index(NAME, table_name="opinion_posts")
