"""Read side for the dashboard, the API and the CLI: posts, topics and alerts as plain dicts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, func, or_, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from govhall.db import in_period, one_or_not_found, transaction
from govhall.errors import BadInput, NotFound
from govhall.localtime import LOCAL_TZ, day_start
from govhall.opinion import rollup
from govhall.opinion.clean import content_hash
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionPost, OpinionTopic
from govhall.opinion.series import alert_dict
from govhall.text import mask

__all__ = [
    "SENTIMENTS",
    "PostFilter",
    "alert_posts",
    "alerts",
    "catch_up_search_index",
    "filtered",
    "find_post",
    "iter_posts",
    "post_dict",
    "posts",
    "search_posts",
    "source_names",
    "sync_search_index",
    "topics_overview",
]


def post_dict(post: OpinionPost) -> dict[str, Any]:
    """A post as anyone may see it: text and author are stored masked already."""
    return {
        "id": post.id,
        "source": post.source,
        "external_id": post.external_id,
        "time": post.posted_at.astimezone(LOCAL_TZ).isoformat(),
        "text": post.text,
        "author": post.author,
        "region": post.region,
        "url": post.url,
        "item_code": post.item_code,
        "policy": post.policy,
        "department": post.department,
        "sentiment": post.sentiment,
        "sentiment_score": post.sentiment_score,
        "topic_id": post.topic_id,
        "duplicate_of": post.duplicate_of,
        "is_spam": post.is_spam,
    }


SENTIMENTS = ("positive", "neutral", "negative")
MAX_QUERY = 100
FTS_TABLE = "opinion_posts_fts"
SYNC_BATCH = 2_000  # posts indexed per search at most (about half a second on two cores)
FTS_MIN_CHARS = 3  # the trigram tokenizer matches terms of three or more characters; shorter ones use LIKE


@dataclass(frozen=True)
class PostFilter:
    """What the analyst narrowed the posts to; every field optional (``None``: no filter)."""

    q: str | None = None
    sentiment: str | None = None
    topic_id: int | None = None
    source: str | None = None
    department: str | None = None
    item_code: str | None = None
    region: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    alert_id: int | None = None
    include_duplicates: bool = False

    def __post_init__(self) -> None:
        if self.sentiment is not None and self.sentiment not in SENTIMENTS:
            raise BadInput.of("bad_sentiment", sentiment=self.sentiment)
        if self.q is not None and len(self.q) > MAX_QUERY:
            raise BadInput.of("bad_query", limit=MAX_QUERY)
        if self.since is not None and self.until is not None and self.until <= self.since:
            raise BadInput.of("bad_period")


def _terms(q: str) -> list[str]:
    return [t for t in q.split() if t][:8]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _has_fts(db: Session) -> bool:
    """Whether the SQLite full-text index (migration 0013) is there; PostgreSQL searches with LIKE."""
    if db.get_bind().dialect.name != "sqlite":
        return False
    return bool(db.scalar(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE}))


def sync_search_index(db: Session, limit: int = SYNC_BATCH) -> int:
    """Index up to ``limit`` posts not yet in the SQLite full-text index; the highest id indexed.

    Imports do not write the index (it would halve their speed): the analyze job that follows an
    import catches it up (:func:`catch_up_search_index`), and searches catch up any rest in bounded
    steps, and :func:`filtered` matches the posts above the returned id with ``LIKE``, so a search
    right after a big import is complete, only slower. Posts are append-only with increasing ids
    (``govhall.db.reserve_ids``), so "above the highest indexed id" is exactly the backlog. A
    locked database (an import running) skips the step rather than wait.
    """
    top = int(db.scalar(text(f"SELECT max(rowid) FROM {FTS_TABLE}")) or 0)
    rows = db.execute(
        select(OpinionPost.id, OpinionPost.text).where(OpinionPost.id > top).order_by(OpinionPost.id).limit(limit)
    ).all()
    if not rows:
        return top
    try:
        with transaction(db):
            db.execute(
                text(f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (:id, :text)"),
                [{"id": post_id, "text": body} for post_id, body in rows],
            )
    except OperationalError:
        return top
    return int(rows[-1][0])


def catch_up_search_index(db: Session) -> int:
    """Index the whole backlog (the analyze job after an import), so that searches seldom write;
    0 where the database has no full-text index (PostgreSQL)."""
    if not _has_fts(db):
        return 0
    top, previous = sync_search_index(db), -1
    while top != previous:
        previous, top = top, sync_search_index(db)
    return top


def _text_search(db: Session, query: Any, q: str) -> Any:
    """Every term of ``q`` (space-separated) must occur in the text.

    SQLite: terms of 3+ characters through the FTS5 trigram index (a phrase query is a substring
    match, which is what Chinese without word breaks needs), ``LIKE`` for the posts not indexed yet
    and for shorter terms; PostgreSQL: ``LIKE``, which the ``pg_trgm`` GIN index of migration 0013
    answers from the index when the extension is installed (a ``tsvector`` would need a Chinese
    parser such as zhparser, which a stock PostgreSQL lacks).
    """
    indexed = sync_search_index(db) if _has_fts(db) else None
    for term in _terms(q):
        like = OpinionPost.text.like(_like(term), escape="\\")
        if indexed is not None and len(term) >= FTS_MIN_CHARS:
            phrase = '"' + term.replace('"', '""') + '"'
            found = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase)
            query = query.where(
                or_(OpinionPost.id.in_(found.columns(rowid=Integer)), (OpinionPost.id > indexed) & like)
            )
        else:
            query = query.where(like)
    return query


def filtered(db: Session, query: Any, f: PostFilter) -> Any:
    """``query`` (over :class:`OpinionPost`) narrowed by ``f``."""
    if not f.include_duplicates:
        query = query.where(OpinionPost.duplicate_of.is_(None), OpinionPost.is_spam.is_(False))
    for column, value in (
        (OpinionPost.topic_id, f.topic_id),
        (OpinionPost.sentiment, f.sentiment),
        (OpinionPost.source, f.source),
        (OpinionPost.item_code, f.item_code),
        (OpinionPost.region, f.region),
        (OpinionPost.department, f.department),
    ):
        if value is not None:
            query = query.where(column == value)
    if f.alert_id is not None:
        behind = select(OpinionAlertPost.post_id).where(OpinionAlertPost.alert_id == f.alert_id)
        query = query.where(OpinionPost.id.in_(behind))
    if f.q:
        query = _text_search(db, query, f.q)
    query = query.where(*in_period(OpinionPost.posted_at, f.since, f.until))
    return query


def search_posts(db: Session, f: PostFilter, *, page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """One page of the filtered posts, newest first, with the total for the pager."""
    total = db.scalar(filtered(db, select(func.count()).select_from(OpinionPost), f)) or 0
    pages = max(1, -(-total // per_page))
    rows = db.scalars(
        filtered(db, select(OpinionPost), f)
        .order_by(OpinionPost.posted_at.desc(), OpinionPost.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return {"rows": [post_dict(p) for p in rows], "total": total, "page": page, "pages": pages, "per_page": per_page}


def iter_posts(db: Session, f: PostFilter, *, limit: int = 1_000_000) -> Iterator[dict[str, Any]]:
    """Every filtered post, newest first, streamed (for exports)."""
    query = filtered(db, select(OpinionPost), f).order_by(OpinionPost.posted_at.desc(), OpinionPost.id.desc())
    for post in db.scalars(query.limit(limit).execution_options(yield_per=2000)):
        yield post_dict(post)


def posts(
    db: Session,
    *,
    topic_id: int | None = None,
    sentiment: str | None = None,
    item_code: str | None = None,
    region: str | None = None,
    department: str | None = None,
    q: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    include_duplicates: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Posts newest first, filtered as the analyst drills down."""
    f = PostFilter(
        q=q,
        sentiment=sentiment,
        topic_id=topic_id,
        item_code=item_code,
        region=region,
        department=department,
        since=since,
        until=until,
        include_duplicates=include_duplicates,
    )
    query = filtered(db, select(OpinionPost), f)
    query = query.order_by(OpinionPost.posted_at.desc(), OpinionPost.id.desc()).limit(limit).offset(offset)
    return [post_dict(p) for p in db.scalars(query)]


RECENT_DAYS = 90
"""Days the dashboard shows when no period is chosen."""


def recent_start(db: Session, days: int = RECENT_DAYS) -> datetime | None:
    """The first instant of the last ``days`` Beijing days up to the newest post (None without posts).

    Why: a dashboard without a chosen period used to count every post of every year and then show
    the last 90 days of the series; at 10 M posts that is a year's scan for a quarter's chart. The
    newest post's day (one index probe) anchors the window, so an archive whose posts all lie in the
    past still shows its last quarter."""
    latest = db.scalar(select(func.max(OpinionPost.posted_at)))
    if latest is None:
        return None
    local = (latest if latest.tzinfo else latest.replace(tzinfo=UTC)).astimezone(LOCAL_TZ)
    return day_start(local.date() - timedelta(days=days - 1))


def source_names(db: Session) -> list[str]:
    """Every source that has posts, in order (the pages' source filter).

    Walks the daily roll-up's ``source`` index one source at a time (each step the smallest source
    above the last), so a handful of sources cost a handful of index probes of one small table;
    ``SELECT DISTINCT`` over the posts read every post (seconds at ten million), and the same walk
    over the posts probed every monthly partition's index at each step on PostgreSQL.
    """
    return rollup.source_names(db)


def _topic_counts(db: Session, f: PostFilter) -> dict[int, list[int]]:
    """``topic id → [posts, negative]`` within ``f``, counted over the posts."""
    counted = select(
        OpinionPost.topic_id,
        func.count(),
        func.sum((OpinionPost.sentiment == "negative").cast(OpinionPost.id.type)),
    ).where(OpinionPost.topic_id.is_not(None))
    query = filtered(db, counted, f).group_by(OpinionPost.topic_id)
    return {int(topic_id): [int(total), int(negative or 0)] for topic_id, total, negative in db.execute(query)}


def _rolled_up(f: PostFilter) -> bool:
    """Whether ``f`` narrows by nothing but a period and a source (what the daily roll-up keeps)."""
    return f == PostFilter(source=f.source, since=f.since, until=f.until)


def topic_counts(db: Session, f: PostFilter) -> dict[int, list[int]]:
    """``topic id → [posts, negative]`` within ``f``: whole days of a period (and a source) from the
    daily roll-up, partial days and any other filter from the posts."""
    if not _rolled_up(f):
        return _topic_counts(db, f)
    period = rollup.split_period(f.since, f.until)
    counts = rollup.read_topics(db, period, f.source)
    for start, end in period.rest:
        for topic_id, (total, negative) in _topic_counts(db, replace(f, since=start, until=end)).items():
            cell = counts.setdefault(topic_id, [0, 0])
            cell[0] += total
            cell[1] += negative
    return counts


def topics_overview(db: Session, f: PostFilter | None = None) -> list[dict[str, Any]]:
    """Every topic with its volume and negative share within ``f`` (largest first)."""
    counts = topic_counts(db, f or PostFilter())
    result = []
    for topic in db.scalars(select(OpinionTopic)):
        total, negative = counts.get(topic.id, (0, 0))
        result.append(
            {
                "id": topic.id,
                "label": topic.label,
                "keywords": list(topic.keywords)[:10],
                "posts": total,
                "negative_share": round(negative / total, 4) if total else 0.0,
                "item_code": topic.item_code,
                "department": topic.department,
                "representatives": topic.representatives.get("posts", []),
            }
        )
    result.sort(key=lambda t: -int(t["posts"]))
    return result


def alerts(
    db: Session, *, limit: int = 50, since: datetime | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """The newest alerts (of buckets within ``[since, until)`` when given)."""
    query = select(OpinionAlert).where(*in_period(OpinionAlert.bucket_start, since, until))
    rows = db.scalars(query.order_by(OpinionAlert.bucket_start.desc(), OpinionAlert.id.desc()).limit(limit)).all()
    # the topics named by these alerts in one query: alert_dict's db.get then finds them in the session
    named = {int(a.key) for a in rows if "topic" in a.scope.split(":") and a.key.isdigit()}
    if named:
        db.scalars(select(OpinionTopic).where(OpinionTopic.id.in_(named))).all()
    return [alert_dict(db, a) for a in rows]


def alert_posts(db: Session, alert_id: int, *, limit: int = 100) -> dict[str, Any]:
    alert = db.get(OpinionAlert, alert_id)
    if alert is None:
        raise NotFound("预警", str(alert_id))
    rows = db.scalars(
        select(OpinionPost)
        .join(OpinionAlertPost, OpinionAlertPost.post_id == OpinionPost.id)
        .where(OpinionAlertPost.alert_id == alert_id)
        .order_by(OpinionPost.posted_at)
        .limit(limit)
    )
    return {"alert": alert_dict(db, alert), "posts": [post_dict(p) for p in rows]}


def find_post(db: Session, source: str, external_id: str | None, text: str) -> dict[str, Any]:
    """The stored post for an incoming one (keyed as ingest keys it: its id, else its masked text)."""
    key = external_id or f"sha:{content_hash(mask(text))}"
    query = select(OpinionPost).where(OpinionPost.source == source, OpinionPost.external_id == key)
    return post_dict(one_or_not_found(db, query, "帖子", key))
