"""opinion posts: monthly partitions and a trigram text index on PostgreSQL; a full-text index on SQLite

PostgreSQL: ``opinion_posts`` becomes a table partitioned by month of ``posted_at`` (declarative
range partitioning), so dashboard queries over a date range read only that range's partitions and a
year of 10 M posts stays fast. A unique constraint on a partitioned table must include the partition
key, so ``(source, external_id)`` de-duplication moves to a small table ``opinion_post_keys`` (its
primary key) filled by a trigger on every insert: a second insert of the same key still fails as it
did, whatever month the post is in. The primary key becomes ``(id, posted_at)`` and the foreign key
from ``opinion_alert_posts`` is dropped (a foreign key must reference a unique key; the alert's
posts are written by the same transaction that reads them). Partitions exist from 36 months back
(or the first post's month, up to ten years back) to 24 months ahead, with a default partition for
anything outside (``govhall.opinion.models.ensure_post_partitions`` adds later months). When the
``pg_trgm`` extension is available the text gets a GIN trigram index, which answers ``LIKE '%…%'``
searches (Chinese has no word breaks, so a ``tsvector`` with the default parser would index whole
sentences as single words).

SQLite: the table is kept as it is; an FTS5 index with the trigram tokenizer is added, filled
lazily by searches (``govhall.opinion.queries``), so imports do not pay for it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

LOCAL = timezone(timedelta(hours=8))
MONTHS_AHEAD = 24
MONTHS_BACK = 36  # at least: history imported after the upgrade usually covers the last few years
MAX_MONTHS_BACK = 120
_PLAIN = ("posted_at", "region", "item_code", "policy", "sentiment", "topic_id", "department")
_ORIGINALS = ("content_hash", "band0", "band1", "band2", "band3")


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _months(first: date, last: date) -> list[date]:
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = _next_month(day)
    return months


def _create_indexes() -> None:
    for column in _PLAIN:
        op.execute(f"CREATE INDEX ix_opinion_posts_{column} ON opinion_posts ({column})")
    for column in _ORIGINALS:
        op.execute(f"CREATE INDEX ix_opinion_posts_{column} ON opinion_posts ({column}) WHERE duplicate_of IS NULL")


def _upgrade_postgresql() -> None:
    bind = op.get_bind()
    op.execute(
        "CREATE TABLE opinion_post_keys (source VARCHAR(64) NOT NULL, external_id VARCHAR(128) NOT NULL,"
        " post_id INTEGER NOT NULL, CONSTRAINT pk_opinion_post_keys PRIMARY KEY (source, external_id))"
    )
    op.execute("INSERT INTO opinion_post_keys SELECT source, external_id, id FROM opinion_posts")
    op.execute(
        "CREATE FUNCTION opinion_post_key() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " INSERT INTO opinion_post_keys VALUES (NEW.source, NEW.external_id, NEW.id); RETURN NEW; END $$"
    )
    op.execute("ALTER TABLE opinion_alert_posts DROP CONSTRAINT fk_opinion_alert_posts_post_id_opinion_posts")
    op.execute("ALTER SEQUENCE opinion_posts_id_seq OWNED BY NONE")
    op.execute("ALTER TABLE opinion_posts RENAME TO opinion_posts_unpartitioned")
    op.execute(
        "CREATE TABLE opinion_posts (LIKE opinion_posts_unpartitioned INCLUDING DEFAULTS)"
        " PARTITION BY RANGE (posted_at)"
    )
    first = bind.scalar(sa.text("SELECT min(posted_at) FROM opinion_posts_unpartitioned"))
    today = datetime.now(LOCAL).date()
    start = today - timedelta(days=31 * MONTHS_BACK)
    if first is not None:
        start = min(start, max(first.astimezone(LOCAL).date(), today - timedelta(days=31 * MAX_MONTHS_BACK)))
    for month in _months(start, today + timedelta(days=31 * MONTHS_AHEAD)):
        op.execute(
            f"CREATE TABLE opinion_posts_{month:%Y%m} PARTITION OF opinion_posts"
            f" FOR VALUES FROM ('{month.isoformat()} 00:00+08') TO ('{_next_month(month).isoformat()} 00:00+08')"
        )
    op.execute("CREATE TABLE opinion_posts_default PARTITION OF opinion_posts DEFAULT")
    op.execute("INSERT INTO opinion_posts SELECT * FROM opinion_posts_unpartitioned")
    op.execute("DROP TABLE opinion_posts_unpartitioned")
    op.execute("ALTER SEQUENCE opinion_posts_id_seq OWNED BY opinion_posts.id")
    op.execute("ALTER TABLE opinion_posts ADD CONSTRAINT pk_opinion_posts PRIMARY KEY (id, posted_at)")
    op.execute("CREATE INDEX ix_opinion_posts_source_external_id ON opinion_posts (source, external_id)")
    _create_indexes()
    op.execute(
        "CREATE TRIGGER opinion_post_key AFTER INSERT ON opinion_posts FOR EACH ROW EXECUTE FUNCTION opinion_post_key()"
    )
    if bind.scalar(sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")):
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_opinion_posts_text_trgm ON opinion_posts USING gin (text gin_trgm_ops)")


def _downgrade_postgresql() -> None:
    op.execute("ALTER SEQUENCE opinion_posts_id_seq OWNED BY NONE")
    op.execute("ALTER TABLE opinion_posts RENAME TO opinion_posts_partitioned")
    op.execute("CREATE TABLE opinion_posts (LIKE opinion_posts_partitioned INCLUDING DEFAULTS)")
    op.execute("INSERT INTO opinion_posts SELECT * FROM opinion_posts_partitioned")
    op.execute("DROP TABLE opinion_posts_partitioned CASCADE")
    op.execute("DROP FUNCTION opinion_post_key()")
    op.execute("DROP TABLE opinion_post_keys")
    op.execute("ALTER SEQUENCE opinion_posts_id_seq OWNED BY opinion_posts.id")
    op.execute("ALTER TABLE opinion_posts ADD CONSTRAINT pk_opinion_posts PRIMARY KEY (id)")
    op.execute("ALTER TABLE opinion_posts ADD CONSTRAINT uq_opinion_posts_source UNIQUE (source, external_id)")
    _create_indexes()
    op.execute(
        "ALTER TABLE opinion_alert_posts ADD CONSTRAINT fk_opinion_alert_posts_post_id_opinion_posts"
        " FOREIGN KEY (post_id) REFERENCES opinion_posts (id) ON DELETE CASCADE"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        op.execute("CREATE VIRTUAL TABLE opinion_posts_fts USING fts5(text, content='', tokenize='trigram')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _downgrade_postgresql()
    else:
        op.execute("DROP TABLE opinion_posts_fts")
