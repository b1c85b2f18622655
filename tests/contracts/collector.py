"""``CollectorContract``: what every opinion collector kind promises, whatever it reads.

A backend's test subclasses it and provides a ``source`` fixture (a source added with
``collectors.add_source`` whose place holds ``posts`` readable posts). A kind that reads a place
outside the hall (a feed, an API, a folder) subclasses :class:`ExternalCollectorContract` instead and
also provides ``broken`` (a source of that kind that cannot be read); the kinds that read the hall's
own database have no such place.
The promises are the ones :func:`govhall.opinion.collectors.run_source` relies on: the kind resolves
through :data:`govhall.registry.COLLECTORS`; each batch holds either records the ingest accepts or
one file, with a state that can be stored; a run stores every post once and the next run adds none;
an unreadable source fails with :class:`CollectorFailed`, recorded on the source, never raised.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall.opinion import collectors
from govhall.opinion.ingest import validate_post
from govhall.opinion.models import OpinionPost
from govhall.opinion.monitor_models import OpinionSource
from govhall.registry import COLLECTORS


def _stored(db: Session, source: OpinionSource) -> int:
    return int(db.scalar(select(func.count()).where(OpinionPost.source == source.name)) or 0)


class CollectorContract:
    posts = 2
    """How many distinct, valid posts the ``source`` fixture's place holds."""

    @pytest.fixture
    def db_url(self, sqlite_url: str) -> str:
        """SQLite only: the scenario tests run every collector on both databases; the contract is
        about the collector, not the SQL."""
        return sqlite_url

    def test_batches_hold_records_the_ingest_accepts_or_one_file(self, db: Session, source: OpinionSource) -> None:
        collector = COLLECTORS.get(source.kind)()
        batches = list(collector.collect(db, source, datetime.now(UTC)))
        assert batches
        records = 0
        for batch in batches:
            assert isinstance(batch, collectors.Batch)
            assert batch.path is None or (not batch.records and batch.path.is_file())
            for line, record in enumerate(batch.records, 1):
                validate_post({**record, "source": source.name}, source.name, line)
            records += len(batch.records)
            json.dumps(batch.state)  # stored on the source row as JSON
        assert records == self.posts or all(batch.path is not None for batch in batches)

    def test_a_run_stores_every_post_once_and_the_next_run_adds_none(self, db: Session, source: OpinionSource) -> None:
        first = collectors.run_source(db, source)
        assert "error" not in first and first["imported"] == self.posts, first
        assert _stored(db, source) == self.posts
        second = collectors.run_source(db, source)
        assert "error" not in second and second["imported"] == 0, second
        assert _stored(db, source) == self.posts
        db.refresh(source)
        assert source.total_imported == self.posts and source.failures == 0


class ExternalCollectorContract(CollectorContract):
    """The promises of a kind that reads a place outside the hall, which can fail to be read."""

    def test_an_unreadable_source_is_recorded_on_the_source_not_raised(
        self, db: Session, broken: OpinionSource
    ) -> None:
        with pytest.raises(collectors.CollectorFailed) as caught:
            list(COLLECTORS.get(broken.kind)().collect(db, broken, datetime.now(UTC)))
        result = collectors.run_source(db, broken)
        assert result["error"] == caught.value.message and result["imported"] == 0
        db.refresh(broken)
        assert broken.failures == 1 and broken.last_error == caught.value.message and broken.retry_at is not None
