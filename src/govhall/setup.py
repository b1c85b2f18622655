"""What a fresh installation needs before it serves citizens, done by ``govhall db upgrade``.

Schema, the built-in catalogue, the built-in policy library and default models (intent, service,
dialogue act and sentiment, trained in seconds from data shipped in the package). Doing this at install time, not on
first use, is what lets every read path stay read-only: a search inside a citizen's turn never loads
the library and never rolls back the turn's own writes. ``govhall serve`` checks the same things at
start-up (cheap when nothing changed), so an upgraded package brings its new library and models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govhall import catalog, learn, policies
from govhall.config import Settings
from govhall.db import make_engine, make_session_factory, transaction, upgrade
from govhall.jobs.schedule import ensure_default_schedules
from govhall.opinion.models import ensure_post_partitions

__all__ = ["InstallReport", "ensure_default_models", "install", "prepare"]


@dataclass
class InstallReport:
    items_added: int = 0
    models_trained: list[str] = field(default_factory=list)


def install(settings: Settings) -> InstallReport:
    """Migrate, then :func:`prepare`; safe to run again (only what is missing or outdated is done)."""
    upgrade(settings.resolved_database_url)
    return prepare(settings)


def prepare(settings: Settings) -> InstallReport:
    """Load the built-in catalogue and policy library where missing or outdated, and train the
    default models where no model is active for their task (a model the user activated stays)."""
    engine = make_engine(settings.resolved_database_url)
    report = InstallReport()
    try:
        with make_session_factory(engine)() as db:
            with transaction(db):
                report.items_added = catalog.sync_builtin(db)
            policies.ensure_builtin(db)  # a no-op when the shipped texts are loaded already
            ensure_default_schedules(db)  # opinion scans, digests, briefs, deadline warnings
            ensure_post_partitions(db)  # PostgreSQL: monthly post partitions two years ahead (no-op on SQLite)
    finally:
        engine.dispose()
    report.models_trained = ensure_default_models(settings.resolved_models_dir)
    return report


def ensure_default_models(models_dir: Path) -> list[str]:
    """Train and activate the shipped-data models for tasks with no active model; their names."""
    from govhall.assistant import SHIPPED_INTENTS, train_routing
    from govhall.assistant.acts import ACT_TASK
    from govhall.assistant.routing import INTENT_TASK, SERVICE_TASK
    from govhall.opinion.demo import ensure_sentiment_model

    active = learn.ModelRegistry(models_dir).active()
    trained: list[str] = []
    if any(task not in active for task in (INTENT_TASK, SERVICE_TASK, ACT_TASK)):
        cards = train_routing(SHIPPED_INTENTS, models_dir)
        trained += [str(card["name"]) for card in cards.values()]
    if "sentiment" not in active:
        trained.append(ensure_sentiment_model(models_dir))
    return trained
