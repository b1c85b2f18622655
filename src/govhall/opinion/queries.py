"""Read side for the dashboard, the API and the CLI: posts, topics and alerts as plain dicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall.errors import NotFound
from govhall.opinion.clean import content_hash
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionPost, OpinionTopic
from govhall.opinion.series import LOCAL_TZ, alert_dict
from govhall.text import mask

__all__ = ["alert_posts", "alerts", "find_post", "post_dict", "posts", "topics_overview"]


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
    query = select(OpinionPost)
    if not include_duplicates:
        query = query.where(OpinionPost.duplicate_of.is_(None), OpinionPost.is_spam.is_(False))
    for column, value in (
        (OpinionPost.topic_id, topic_id),
        (OpinionPost.sentiment, sentiment),
        (OpinionPost.item_code, item_code),
        (OpinionPost.region, region),
        (OpinionPost.department, department),
    ):
        if value is not None:
            query = query.where(column == value)
    if q:
        query = query.where(OpinionPost.text.contains(q))
    if since is not None:
        query = query.where(OpinionPost.posted_at >= since)
    if until is not None:
        query = query.where(OpinionPost.posted_at < until)
    query = query.order_by(OpinionPost.posted_at.desc(), OpinionPost.id.desc()).limit(limit).offset(offset)
    return [post_dict(p) for p in db.scalars(query)]


def topics_overview(db: Session) -> list[dict[str, Any]]:
    """Every topic with its current volume and negative share (largest first)."""
    counts = {
        topic_id: (total, negative or 0)
        for topic_id, total, negative in db.execute(
            select(
                OpinionPost.topic_id,
                func.count(),
                func.sum((OpinionPost.sentiment == "negative").cast(OpinionPost.id.type)),
            )
            .where(OpinionPost.topic_id.is_not(None), OpinionPost.duplicate_of.is_(None))
            .group_by(OpinionPost.topic_id)
        )
    }
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


def alerts(db: Session, *, limit: int = 50) -> list[dict[str, Any]]:
    rows = db.scalars(
        select(OpinionAlert).order_by(OpinionAlert.bucket_start.desc(), OpinionAlert.id.desc()).limit(limit)
    )
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
    post = db.scalar(select(OpinionPost).where(OpinionPost.source == source, OpinionPost.external_id == key))
    if post is None:
        raise NotFound("帖子", key)
    return post_dict(post)
