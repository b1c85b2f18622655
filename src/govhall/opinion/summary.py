"""Extractive summaries for decision-makers: what people say about a topic or behind an alert.

A summary is built from the posts themselves, never generated: representative sentences chosen by
maximal marginal relevance (MMR) around the centroid of the posts' sentence vectors, the keywords
that set these posts apart from the period's other posts, the departments and service items they
involve, the daily trend, and the policy articles they cite.

Sentence vectors are character 1–2-gram TF-IDF fitted on the summarised sentences: it needs no
model on disk, takes milliseconds for a few thousand sentences on two cores, and on short Chinese
complaints characters carry the topic well (the topic clusters use the same features). Policy
articles come from a ``cite`` callable the adapter passes in (the policy search needs settings and
an index that this package does not own), so the opinion package stays free of the policy library.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import catalog
from govhall.db import in_period
from govhall.errors import NotFound
from govhall.localtime import LOCAL_TZ, local_now
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionPost, OpinionTopic
from govhall.opinion.series import alert_dict
from govhall.opinion.topics import contrast_weights, topic_tokens

__all__ = [
    "Cite",
    "PostRow",
    "alert_summary",
    "fetch_rows",
    "keywords_against",
    "post_rows_query",
    "representative_sentences",
    "sentences",
    "summarize_rows",
    "topic_summary",
]

Cite = Callable[[str], list[dict[str, Any]]]
"""Given a query, the policy articles to cite (``title``, ``article``, ``text``); the adapters pass
``govhall.policies.search`` bound to their settings."""

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")
MIN_SENTENCE, MAX_SENTENCE = 8, 160
MIN_CONTENT_WORDS = 2  # a sentence must say something: 您好、谢谢 and 希望尽快处理 do not
MAX_CANDIDATES = 3000  # sentences considered (the most recent posts first); bounds memory and time
MAX_ROWS = 5000
TREND_DAYS = 14


@dataclass(frozen=True)
class PostRow:
    """The columns a summary reads from a post."""

    id: int
    text: str
    posted_at: datetime
    sentiment: str | None
    department: str | None
    item_code: str | None
    policy: str | None


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` worth quoting: long enough, not too long, saying something."""
    found = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip(" \t，,、")
        if MIN_SENTENCE <= len(piece) <= MAX_SENTENCE and len(set(topic_tokens(piece))) >= MIN_CONTENT_WORDS:
            found.append(piece)
    return found


def representative_sentences(texts: Iterable[str], k: int = 3, diversity: float = 0.3) -> list[str]:
    """``k`` sentences that say what most of ``texts`` say, without saying it twice (MMR).

    Each candidate scores ``(1 - diversity) · cos(sentence, centroid) - diversity · max cos(sentence,
    already chosen)``; the centroid of all sentences is what the posts have in common, and the
    penalty keeps a repost storm from filling the summary with one sentence.
    """
    seen: set[str] = set()
    candidates: list[str] = []
    for text in texts:
        for sentence in sentences(text):
            if sentence not in seen:
                seen.add(sentence)
                candidates.append(sentence)
        if len(candidates) >= MAX_CANDIDATES:
            break
    if len(candidates) <= 1:
        return candidates[:k]
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit_transform(candidates)
    vectors = normalize(vectors)
    centroid = normalize(np.asarray(vectors.mean(axis=0)))
    relevance = np.asarray(vectors @ centroid.T).ravel()
    chosen: list[int] = []
    closest = np.zeros(len(candidates))
    while len(chosen) < min(k, len(candidates)):
        scores = (1 - diversity) * relevance - diversity * closest
        scores[chosen] = -np.inf
        best = int(np.argmax(scores))
        chosen.append(best)
        closest = np.maximum(closest, np.asarray((vectors @ vectors[best].T).todense()).ravel())
    return [candidates[i] for i in chosen]


def keywords_against(texts: Sequence[str], background: Sequence[str], top: int = 8) -> list[str]:
    """Words over-represented in ``texts`` against ``background`` (both: lists of post texts)."""
    inside = Counter(w for t in texts for w in set(topic_tokens(t)))
    outside = Counter(w for t in background for w in set(topic_tokens(t)))
    words = [w for w, c in inside.items() if c >= 2 or len(texts) < 4]
    if not words:
        return []
    present = np.array([[inside[w] for w in words], [outside[w] for w in words]], dtype=float)
    weights = contrast_weights(present, np.array([len(texts), max(len(background), 1)], dtype=float))[0]
    order = sorted(range(len(words)), key=lambda i: (-weights[i], -inside[words[i]], words[i]))
    return [words[i] for i in order[:top] if weights[i] > 0 or not background]


def _counts(values: Iterable[str | None], top: int = 5) -> list[tuple[str, int]]:
    return Counter(v for v in values if v).most_common(top)


def _trend(rows: Sequence[PostRow], until: datetime) -> dict[str, Any]:
    """Daily counts over the last ``TREND_DAYS`` days and the direction of the last 7 against the 7 before."""
    end = until.astimezone(LOCAL_TZ).date()
    days = [end - timedelta(days=TREND_DAYS - 1 - i) for i in range(TREND_DAYS)]
    per_day = Counter(r.posted_at.astimezone(LOCAL_TZ).date() for r in rows)
    counts = [per_day.get(d, 0) for d in days]
    recent, previous = sum(counts[-7:]), sum(counts[:-7])
    if recent > previous * 1.2 + 1:
        direction = "上升"
    elif recent < previous * 0.8 - 1:
        direction = "下降"
    else:
        direction = "基本持平"
    return {
        "days": [d.isoformat() for d in days],
        "counts": counts,
        "recent_7d": recent,
        "previous_7d": previous,
        "direction": direction,
    }


def _item_names(db: Session) -> dict[str, str]:
    return {str(c["code"]): str(c["name"]) for c in catalog.current_contents(db)}


def summarize_rows(
    db: Session,
    rows: Sequence[PostRow],
    *,
    background: Sequence[str] = (),
    keywords: Sequence[str] | None = None,
    until: datetime | None = None,
    cite: Cite | None = None,
    sentences_k: int = 3,
) -> dict[str, Any]:
    """The summary of ``rows`` (newest first): sentences, keywords, departments, items, trend, policies."""
    texts = [r.text for r in rows]
    words = list(keywords) if keywords is not None else keywords_against(texts, background)
    labelled = [r.sentiment for r in rows if r.sentiment]
    names = _item_names(db)
    mentioned = _counts((r.policy for r in rows), 3)
    citations: list[dict[str, Any]] = []
    if cite is not None and rows:
        query = " ".join([name for name, _ in mentioned[:1]] + list(words[:5]))
        if query.strip():
            citations = cite(query)[:3]
    end = until or (max(r.posted_at for r in rows) if rows else local_now())
    return {
        "posts": len(rows),
        "negative_share": round(labelled.count("negative") / len(labelled), 4) if labelled else None,
        "keywords": words[:8],
        "sentences": representative_sentences(texts, sentences_k),
        "departments": [{"name": d, "count": c} for d, c in _counts(r.department for r in rows)],
        "items": [{"code": i, "name": names.get(i, i), "count": c} for i, c in _counts(r.item_code for r in rows)],
        "trend": _trend(rows, end),
        "policies_mentioned": [{"name": p, "count": c} for p, c in mentioned],
        "citations": citations,
    }


def post_rows_query() -> Any:
    """The columns of :class:`PostRow`, originals only (a select; callers add filters)."""
    return select(
        OpinionPost.id,
        OpinionPost.text,
        OpinionPost.posted_at,
        OpinionPost.sentiment,
        OpinionPost.department,
        OpinionPost.item_code,
        OpinionPost.policy,
    ).where(OpinionPost.duplicate_of.is_(None), OpinionPost.is_spam.is_(False))


def fetch_rows(db: Session, query: Any, limit: int = MAX_ROWS) -> list[PostRow]:
    """Rows of ``query`` (built on :func:`post_rows_query`), newest first, at most ``limit``."""
    ordered = query.order_by(OpinionPost.posted_at.desc(), OpinionPost.id.desc()).limit(limit)
    return [PostRow(*row) for row in db.execute(ordered)]


def _background(db: Session, since: datetime | None, until: datetime | None, limit: int = 2000) -> list[str]:
    query = post_rows_query()
    query = query.where(*in_period(OpinionPost.posted_at, since, until))
    return [r.text for r in fetch_rows(db, query, limit)]


def topic_summary(
    db: Session,
    topic_id: int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    cite: Cite | None = None,
) -> dict[str, Any]:
    """What people say in topic ``topic_id`` (optionally within ``[since, until)``)."""
    topic = db.get(OpinionTopic, topic_id)
    if topic is None:
        raise NotFound("话题", str(topic_id))
    query = post_rows_query().where(OpinionPost.topic_id == topic_id)
    query = query.where(*in_period(OpinionPost.posted_at, since, until))
    rows = fetch_rows(db, query)
    keywords = list(topic.keywords)[:8]
    summary = summarize_rows(db, rows, keywords=keywords, until=until, cite=cite)
    return {"topic": {"id": topic.id, "label": topic.label}, **summary}


def alert_summary(db: Session, alert_id: int, *, cite: Cite | None = None) -> dict[str, Any]:
    """What the posts behind alert ``alert_id`` say, with keywords against the two weeks before it."""
    alert = db.get(OpinionAlert, alert_id)
    if alert is None:
        raise NotFound("预警", str(alert_id))
    query = post_rows_query().join(OpinionAlertPost, OpinionAlertPost.post_id == OpinionPost.id)
    rows = fetch_rows(db, query.where(OpinionAlertPost.alert_id == alert_id))
    start = alert.bucket_start
    background = _background(db, start - timedelta(days=TREND_DAYS), start)
    summary = summarize_rows(db, rows, background=background, cite=cite)
    return {"alert": alert_dict(db, alert), **summary}
