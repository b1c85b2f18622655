"""Alerts that reach people: spikes, negative-share jumps and new topics, sent to who watches them.

:func:`monitor` (the scheduled ``opinion.scan`` job) finds new alerts over a bounded look-back,
then sends each alert that *opens a burst* to the analysts whose subscriptions match it: an inbox
message (站内消息, which the hall's outbound channel also pushes) and, for subscribers who asked for
it, a POST to ``GOVHALL_OPINION_WEBHOOK_URL``. Alerts of the same scope and key within
``opinion_burst_gap_hours`` of the previous one belong to its burst and are stored (with their posts)
but not sent again. During quiet hours nothing is pushed: inbox messages are kept back from the
outbound channel and webhook posts wait for the first scan after the quiet hours end.
:func:`daily_digest` (``opinion.digest``) sends each subscriber one message summarising the day.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from govhall import jobs
from govhall.config import Settings
from govhall.db import transaction, utcnow
from govhall.errors import BadInput, Conflict, NotFound
from govhall.localtime import LOCAL_TZ
from govhall.notify import NewNotification, notify, request_delivery
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionPost, OpinionTopic
from govhall.opinion.monitor_models import OpinionAlertNotice, OpinionSubscription
from govhall.opinion.series import (
    _filtered,
    _floor,
    _step,
    alert_dict,
    deliver_webhook,
    scan_alerts,
    store_alert,
    time_series,
)

__all__ = [
    "CHANNELS",
    "DIGEST_JOB",
    "SCAN_JOB",
    "WATCHES",
    "AlertSettings",
    "daily_digest",
    "list_subscriptions",
    "monitor",
    "parse_quiet_hours",
    "subscribe",
    "subscription_dict",
    "unsubscribe",
]

SCAN_JOB = "opinion.scan"
DIGEST_JOB = "opinion.digest"
TOPICS_JOB = "opinion.topics"
BRIEF_JOB = "opinion.brief"
WATCHES = {"all": "全部舆情", "policy": "政策", "item": "事项", "topic": "话题", "department": "部门"}
CHANNELS = {"inbox": "站内消息", "webhook": "Webhook", "digest": "每日摘要"}
SCANNED_BY = ("topic", "item", "policy")
NEW_TOPIC_DAYS = 2
FRESH = timedelta(days=2)  # older alerts found for the first time are recorded, never pushed
MAX_POSTS = 200


@dataclass(frozen=True)
class AlertSettings:
    """The thresholds of :func:`monitor`, from ``GOVHALL_OPINION_*`` settings."""

    bucket: str = "hour"
    threshold: float = 3.5
    min_count: int = 5
    negative_jump: float = 0.3
    burst_gap: timedelta = timedelta(hours=6)
    quiet: tuple[int, int] | None = None
    window: int = 14
    webhook_url: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> AlertSettings:
        if settings.opinion_alert_bucket not in ("hour", "day"):
            raise BadInput.of("bad_bucket", "setting", bucket=settings.opinion_alert_bucket)
        return cls(
            bucket=settings.opinion_alert_bucket,
            threshold=settings.opinion_alert_threshold,
            min_count=max(1, settings.opinion_alert_min_count),
            negative_jump=settings.opinion_negative_jump,
            burst_gap=timedelta(hours=max(0, settings.opinion_burst_gap_hours)),
            quiet=parse_quiet_hours(settings.opinion_quiet_hours),
            webhook_url=settings.opinion_webhook_url,
        )


def parse_quiet_hours(raw: str) -> tuple[int, int] | None:
    """``"22-7"`` → (22, 7): from 22:00 to 07:00 Beijing time; empty → None."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        start, end = (int(part) for part in raw.split("-"))
    except ValueError:
        raise BadInput.of("bad_quiet_hours", raw=raw) from None
    if not (0 <= start <= 23 and 0 <= end <= 23) or start == end:
        raise BadInput.of("bad_quiet_hours", "hours", raw=raw)
    return start, end


def is_quiet(now: datetime, quiet: tuple[int, int] | None) -> bool:
    if quiet is None:
        return False
    hour = now.astimezone(LOCAL_TZ).hour
    start, end = quiet
    return start <= hour < end if start < end else hour >= start or hour < end


# --- subscriptions --------------------------------------------------------------------------------


def _channels(channels: Iterable[str]) -> dict[str, Any]:
    chosen = [c.strip() for c in channels if c.strip()]
    unknown = [c for c in chosen if c not in CHANNELS]
    if unknown or not chosen:
        raise BadInput.of("bad_channels", choices="、".join(CHANNELS), unknown="、".join(unknown) or "（空）")
    return {name: name in chosen for name in CHANNELS}


def subscribe(
    db: Session, user_id: int, watch: str, value: str = "", channels: Iterable[str] = ("inbox", "digest")
) -> OpinionSubscription:
    """Watch a policy, item, topic (id or label) or department, or ``all``, on ``channels``."""
    if watch not in WATCHES:
        raise BadInput.of("bad_watch", choices="、".join(WATCHES), watch=watch)
    value = "" if watch == "all" else value.strip()
    if watch != "all" and not value:
        raise BadInput.of("watch_value_missing", what=WATCHES[watch])
    if len(value) > 128:
        raise BadInput.of("watch_value_too_long")
    chosen = _channels(channels)
    with transaction(db):
        clash = db.scalar(
            select(OpinionSubscription.id).where(
                OpinionSubscription.user_id == user_id,
                OpinionSubscription.watch == watch,
                OpinionSubscription.value == value,
            )
        )
        if clash is not None:
            raise Conflict.of("subscription_exists", what=WATCHES[watch], value=value or "全部")
        row = OpinionSubscription(user_id=user_id, watch=watch, value=value, channels=chosen)
        db.add(row)
    return row


def unsubscribe(db: Session, subscription_id: int, user_id: int | None = None) -> None:
    """Remove a subscription (``user_id``: only one's own; another's is ``NotFound``)."""
    with transaction(db):
        row = db.get(OpinionSubscription, subscription_id)
        if row is None or (user_id is not None and row.user_id != user_id):
            raise NotFound("关注", str(subscription_id))
        db.delete(row)


def list_subscriptions(db: Session, user_id: int | None = None) -> list[OpinionSubscription]:
    query = select(OpinionSubscription).order_by(OpinionSubscription.id)
    if user_id is not None:
        query = query.where(OpinionSubscription.user_id == user_id)
    return list(db.scalars(query))


def subscription_dict(row: OpinionSubscription) -> dict[str, Any]:
    return {
        "id": row.id,
        "user_id": row.user_id,
        "watch": row.watch,
        "watch_name": WATCHES.get(row.watch, row.watch),
        "value": row.value,
        "channels": [name for name, on in row.channels.items() if on],
    }


# --- finding alerts beyond spikes -----------------------------------------------------------------


def scan_negative_jumps(db: Session, cfg: AlertSettings, *, by: str, since: datetime) -> list[OpinionAlert]:
    """A bucket whose negative share is ``negative_jump`` above that of the ``window`` buckets before it."""
    points = time_series(db, bucket=cfg.bucket, by=by, since=since)
    per_key: dict[str, list[Any]] = {}
    for point in points:
        per_key.setdefault(point.key, []).append(point)
    created: list[OpinionAlert] = []
    column = OpinionPost.topic_id if by == "topic" else getattr(OpinionPost, "item_code" if by == "item" else by)
    for key, series in per_key.items():
        for i, point in enumerate(series):
            history = series[max(0, i - cfg.window) : i]
            base_count = sum(p.count for p in history)
            if point.count < cfg.min_count or base_count < cfg.min_count:
                continue
            share = point.negative / point.count
            base = sum(p.negative for p in history) / base_count
            if share - base < cfg.negative_jump:
                continue
            start = point.bucket.astimezone(UTC)
            posts = _filtered(select(OpinionPost.id), start, start + _step(cfg.bucket), None).where(
                column == (int(key) if by == "topic" else key), OpinionPost.sentiment == "negative"
            )
            alert = OpinionAlert(
                scope=f"neg:{by}:{cfg.bucket}",
                key=key,
                bucket_start=start,
                count=point.count,
                baseline=round(base, 4),
                score=round(share - base, 4),
                negative_share=round(share, 4),
            )
            stored = store_alert(db, alert, posts.limit(MAX_POSTS))
            if stored is not None:
                created.append(stored)
    return created


def scan_new_topics(db: Session, cfg: AlertSettings, now: datetime) -> list[OpinionAlert]:
    """A topic whose first post is under ``NEW_TOPIC_DAYS`` old and that already has ``min_count`` posts.

    Only the recent posts are aggregated (the ``posted_at`` index), and a candidate is dropped as
    soon as one older post of it exists (the ``topic_id`` index), so a scan every few minutes stays
    cheap however many posts the table holds."""
    cutoff = now - timedelta(days=NEW_TOPIC_DAYS)
    recent = _filtered(
        select(OpinionPost.topic_id, func.min(OpinionPost.posted_at), func.count(), func.sum(_negative())),
        cutoff,
        None,
        None,
    ).where(OpinionPost.topic_id.is_not(None))
    alerted = set(db.scalars(select(OpinionAlert.key).where(OpinionAlert.scope == "new:topic")))
    created: list[OpinionAlert] = []
    for topic_id, first, count, negative in db.execute(recent.group_by(OpinionPost.topic_id)).all():
        if count < cfg.min_count or str(topic_id) in alerted:
            continue
        older = _filtered(select(OpinionPost.id), None, cutoff, None).where(OpinionPost.topic_id == topic_id)
        if db.scalar(older.limit(1)) is not None:
            continue
        posts = _filtered(select(OpinionPost.id), cutoff, None, None).where(OpinionPost.topic_id == topic_id)
        alert = OpinionAlert(
            scope="new:topic",
            key=str(topic_id),
            bucket_start=_floor(_aware(first), "day").astimezone(UTC),
            count=int(count),
            baseline=0.0,
            score=0.0,
            negative_share=round(int(negative or 0) / int(count), 4),
        )
        stored = store_alert(db, alert, posts.order_by(OpinionPost.posted_at).limit(MAX_POSTS))
        if stored is not None:
            created.append(stored)
    return created


def _negative() -> Any:
    return case((OpinionPost.sentiment == "negative", 1), else_=0)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- who hears about an alert ---------------------------------------------------------------------


def describe(db: Session, alert: OpinionAlert) -> dict[str, Any]:
    """The alert as shown everywhere (:func:`alert_dict`), its message worded for its kind, its post ids."""
    row = alert_dict(db, alert)
    start = alert.bucket_start.astimezone(LOCAL_TZ)
    if alert.scope.startswith("neg:"):
        row["message"] = (
            f"负面占比跃升：“{row['name']}”在 {start:%Y-%m-%d %H:%M} 起的时段内负面占比 {alert.negative_share:.0%}"
            f"（此前 {alert.baseline:.0%}），共 {alert.count} 条"
        )
    elif alert.scope.startswith("new:"):
        row["message"] = f"新话题：“{row['name']}”自 {start:%Y-%m-%d} 出现，已有 {alert.count} 条帖子"
    row["post_ids"] = list(
        db.scalars(
            select(OpinionAlertPost.post_id)
            .where(OpinionAlertPost.alert_id == alert.id)
            .order_by(OpinionAlertPost.post_id)
        )
    )
    return row


def _facets(db: Session, alert: OpinionAlert) -> dict[str, set[str]]:
    """What an alert is about, for matching subscriptions: its key, and its posts' topics, items,
    policies and departments (a topic by id and by label)."""
    facets: dict[str, set[str]] = {w: set() for w in WATCHES}
    by = alert.scope.split(":")[-2] if alert.scope.count(":") >= 1 else ""
    if alert.scope.startswith("new:"):
        by = "topic"
    if by in facets:
        facets[by].add(alert.key)
    rows = db.execute(
        select(OpinionPost.topic_id, OpinionPost.item_code, OpinionPost.policy, OpinionPost.department)
        .join(OpinionAlertPost, OpinionAlertPost.post_id == OpinionPost.id)
        .where(OpinionAlertPost.alert_id == alert.id)
        .distinct()
    ).all()
    for topic_id, item_code, policy, department in rows:
        for watch, value in (("topic", topic_id), ("item", item_code), ("policy", policy), ("department", department)):
            if value is not None:
                facets[watch].add(str(value))
    labels = db.scalars(
        select(OpinionTopic.label).where(OpinionTopic.id.in_([int(t) for t in facets["topic"] if t.isdigit()]))
    )
    facets["topic"].update(labels)
    return facets


def _subscribers(db: Session, alert: OpinionAlert) -> list[OpinionSubscription]:
    """Subscriptions that match ``alert``, one per user (their widest channels merged)."""
    facets = _facets(db, alert)
    merged: dict[int, OpinionSubscription] = {}
    for row in list_subscriptions(db):
        if row.watch != "all" and row.value not in facets.get(row.watch, set()):
            continue
        seen = merged.get(row.user_id)
        if seen is None:
            merged[row.user_id] = row
        else:
            seen_channels = {k: bool(v or row.channels.get(k)) for k, v in seen.channels.items()}
            merged[row.user_id] = OpinionSubscription(
                user_id=row.user_id, watch=seen.watch, value=seen.value, channels=seen_channels
            )
    return list(merged.values())


def _burst(db: Session, alert: OpinionAlert, gap: timedelta) -> tuple[str, bool]:
    """The burst ``alert`` belongs to, and whether it opens it (no alert of its scope and key within ``gap`` before)."""
    earlier = db.execute(
        select(OpinionAlertNotice.burst_key)
        .join(OpinionAlert, OpinionAlert.id == OpinionAlertNotice.alert_id)
        .where(
            OpinionAlert.scope == alert.scope,
            OpinionAlert.key == alert.key,
            OpinionAlert.bucket_start < alert.bucket_start,
            OpinionAlert.bucket_start >= alert.bucket_start - gap,
        )
        .order_by(OpinionAlert.bucket_start.desc())
        .limit(1)
    ).scalar()
    if earlier is not None and gap > timedelta(0):
        return str(earlier), False
    return f"{alert.scope}:{alert.key}:{alert.bucket_start.astimezone(LOCAL_TZ):%Y%m%d%H}", True


def _notify_alerts(db: Session, cfg: AlertSettings, now: datetime) -> list[dict[str, Any]]:
    """Give every alert without a notice one: its burst, its inbox messages, whether its webhook is owed."""
    pending = db.scalars(
        select(OpinionAlert)
        .outerjoin(OpinionAlertNotice, OpinionAlertNotice.alert_id == OpinionAlert.id)
        .where(OpinionAlertNotice.alert_id.is_(None))
        .order_by(OpinionAlert.bucket_start, OpinionAlert.id)
    ).all()
    quiet = is_quiet(now, cfg.quiet)
    sent: list[dict[str, Any]] = []
    for alert in pending:
        with transaction(db):
            burst_key, opens = _burst(db, alert, cfg.burst_gap)
            fresh = _aware(alert.bucket_start) >= now - FRESH
            subscribers = _subscribers(db, alert) if opens and fresh else []
            shown = describe(db, alert)
            for sub in subscribers:
                if not sub.channels.get("inbox"):
                    continue
                message = notify(
                    db,
                    NewNotification(
                        user_id=sub.user_id,
                        kind="opinion_alert",
                        title=f"舆情预警：{shown['name']}"[:200],
                        body=f"{shown['message']}。相关帖子 {len(shown['post_ids'])} 条。",
                        link=f"/opinion?alert={alert.id}",
                        dedup_key=f"opinion:{burst_key}"[:120],
                    ),
                )
                if message is not None and quiet:
                    message.delivered_at, message.delivery = now, "quiet"  # kept in the inbox, not pushed
            wants_webhook = any(sub.channels.get("webhook") for sub in subscribers)
            db.add(
                OpinionAlertNotice(
                    alert_id=alert.id,
                    burst_key=burst_key,
                    opens_burst=opens,
                    recipients=len(subscribers),
                    notified_at=now,
                    # an alert the analyze job already posted to the webhook is not posted twice
                    webhook_at=None if wants_webhook and cfg.webhook_url and not alert.delivered else now,
                )
            )
        if subscribers:
            shown["recipients"] = len(subscribers)
            sent.append(shown)
    if sent:
        request_delivery(db)
    return sent


def _send_webhooks(db: Session, cfg: AlertSettings, now: datetime) -> int:
    """POST every owed alert to the webhook (outside quiet hours); a failure stays owed for the next scan."""
    if not cfg.webhook_url or is_quiet(now, cfg.quiet):
        return 0
    owed = db.scalars(
        select(OpinionAlert)
        .join(OpinionAlertNotice, OpinionAlertNotice.alert_id == OpinionAlert.id)
        .where(OpinionAlertNotice.webhook_at.is_(None))
        .order_by(OpinionAlert.id)
    ).all()
    if not owed:
        return 0
    if not deliver_webhook(cfg.webhook_url, [describe(db, alert) for alert in owed]):
        return 0
    with transaction(db):
        for alert in owed:
            alert.delivered = True
            notice = db.get(OpinionAlertNotice, alert.id)
            if notice is not None:
                notice.webhook_at = now
    return len(owed)


def monitor(db: Session, cfg: AlertSettings, now: datetime | None = None) -> dict[str, Any]:
    """Scan for new alerts over the last ``window`` + 2 buckets, then tell the subscribers."""
    now = now or utcnow()
    since = _floor(now, cfg.bucket) - _step(cfg.bucket) * (cfg.window + 2)
    created = 0
    for by in SCANNED_BY:
        created += len(
            scan_alerts(
                db,
                by=by,
                bucket=cfg.bucket,
                since=since,
                window=cfg.window,
                threshold=cfg.threshold,
                min_count=cfg.min_count,
            )
        )
        with transaction(db):
            created += len(scan_negative_jumps(db, cfg, by=by, since=since))
    with transaction(db):
        created += len(scan_new_topics(db, cfg, now))
    sent = _notify_alerts(db, cfg, now)
    posted = _send_webhooks(db, cfg, now)
    return {"alerts": created, "notified": len(sent), "webhook_posted": posted, "sent": sent}


# --- the daily digest -----------------------------------------------------------------------------


def daily_digest(db: Session, cfg: AlertSettings, now: datetime | None = None) -> dict[str, Any]:
    """One inbox message per digest subscriber listing the day's alerts on what they watch, and one
    webhook POST summarising the day (when any subscriber asked for the webhook)."""
    now = now or utcnow()
    day = now.astimezone(LOCAL_TZ).date()
    since = now - timedelta(days=1)
    alerts = db.scalars(select(OpinionAlert).where(OpinionAlert.created_at >= since).order_by(OpinionAlert.id)).all()
    per_user: dict[int, list[dict[str, Any]]] = {}
    webhook_rows: dict[int, dict[str, Any]] = {}
    for alert in alerts:
        subscribers = [s for s in _subscribers(db, alert) if s.channels.get("digest")]
        if not subscribers:
            continue
        shown = describe(db, alert)
        for sub in subscribers:
            per_user.setdefault(sub.user_id, []).append(shown)
            if sub.channels.get("webhook"):
                webhook_rows[alert.id] = shown
    with transaction(db):
        for user_id, rows in per_user.items():
            lines = [f"{i}. {row['message']}" for i, row in enumerate(rows[:20], 1)]
            more = f"\n另有 {len(rows) - 20} 条，详见舆情监测页面。" if len(rows) > 20 else ""
            notify(
                db,
                NewNotification(
                    user_id=user_id,
                    kind="opinion_digest",
                    title=f"{day:%Y-%m-%d} 舆情日报：{len(rows)} 条预警",
                    body="\n".join(lines) + more,
                    link="/opinion",
                    dedup_key=f"opinion-digest:{day.isoformat()}",
                ),
            )
    if per_user:
        request_delivery(db)
    posted = False
    if cfg.webhook_url and webhook_rows:
        summary = {"date": day.isoformat(), "count": len(webhook_rows), "alerts": list(webhook_rows.values())}
        posted = deliver_webhook(
            cfg.webhook_url, [{"digest": summary, "message": f"{day:%Y-%m-%d} 舆情日报：{len(webhook_rows)} 条预警"}]
        )
    return {"date": day.isoformat(), "users": len(per_user), "alerts": len(alerts), "webhook_posted": posted}


def forget_notices(db: Session, alert_ids: Iterable[int]) -> None:
    """Let alerts be sent again (an analyst re-opens them)."""
    with transaction(db):
        db.execute(delete(OpinionAlertNotice).where(OpinionAlertNotice.alert_id.in_(list(alert_ids))))


# --- jobs -------------------------------------------------------------------------------------------


def _settings(run: jobs.JobRun) -> AlertSettings:
    return (
        AlertSettings.from_settings(run.context.settings)
        if run.context.settings
        else AlertSettings(webhook_url=run.context.webhook_url)
    )


def _run_scan(run: jobs.JobRun) -> dict[str, Any]:
    result = monitor(run.db, _settings(run))
    result["sent"] = [{"id": row["id"], "name": row["name"], "recipients": row["recipients"]} for row in result["sent"]]
    return result


def _run_digest(run: jobs.JobRun) -> dict[str, Any]:
    return daily_digest(run.db, _settings(run))


def _run_topics(run: jobs.JobRun) -> dict[str, Any]:
    from govhall.opinion.topics import discover_topics

    found = discover_topics(run.db, k=int(run.job.params.get("k", 8)), models_dir=run.context.models_dir)
    return {"topics": len(found.topics), "posts": found.posts}


def _run_brief(run: jobs.JobRun) -> dict[str, Any]:
    """The weekly brief (:mod:`govhall.opinion.brief`), kept as the job's result for the pages."""
    try:
        brief = importlib.import_module("govhall.opinion.brief")
    except ImportError:
        raise BadInput.of("brief_missing") from None
    weekly: dict[str, Any] = brief.weekly_brief(run.db, department=run.job.params.get("department"))
    return weekly


jobs.register(SCAN_JOB, _run_scan)
jobs.register(DIGEST_JOB, _run_digest)
jobs.register(TOPICS_JOB, _run_topics)
jobs.register(BRIEF_JOB, _run_brief)
