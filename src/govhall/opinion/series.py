"""Time series per hour/day/week and spike alerts (robust z-score over a trailing baseline window).

Counting happens in the database: one ``GROUP BY`` of the Beijing-time bucket (and the series key)
built by :mod:`govhall.stats.buckets` for either dialect, so a dashboard over a year of millions of
posts returns a few hundred rows instead of streaming every post into Python. Days and weeks by
total, source or topic (every dashboard chart) read whole days from the daily roll-up
(:mod:`govhall.opinion.rollup`, migration 0015) and count only a partial first or last day over the
posts, so a year costs about the same at ten million posts as at one. Counting over the posts, the
period's ``posted_at`` range prunes the monthly partitions (migration 0013), and migration 0014's
partial index on ``posted_at`` with the counted columns lets both backends count from the index.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from govhall.db import in_period, transaction
from govhall.errors import BadInput
from govhall.opinion import rollup
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionPost, OpinionTopic
from govhall.stats.buckets import bucket_label, bucket_start, local_bucket

__all__ = [
    "BY",
    "Point",
    "Spike",
    "day_start",
    "deliver_webhook",
    "detect_spikes",
    "scan_alerts",
    "store_alert",
    "time_series",
]

from govhall.localtime import LOCAL_TZ, day_start

Bucket = str
"""``hour``, ``day`` or ``week`` (a plain string so that adapters pass user input straight through)."""
BUCKETS = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(days=7)}
BY: dict[str, InstrumentedAttribute[Any] | None] = {
    "total": None,
    "topic": OpinionPost.topic_id,
    "item": OpinionPost.item_code,
    "region": OpinionPost.region,
    "department": OpinionPost.department,
    "source": OpinionPost.source,
    "policy": OpinionPost.policy,
}
ALL = "全部"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Point:
    bucket: datetime
    key: str
    count: int
    negative: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket.isoformat(),
            "key": self.key,
            "count": self.count,
            "negative": self.negative,
            "negative_share": round(self.negative / self.count, 4) if self.count else 0.0,
        }


@dataclass(frozen=True)
class Spike:
    index: int
    count: int
    baseline: float
    score: float


def _floor(moment: datetime, bucket: Bucket) -> datetime:
    """The first instant of ``moment``'s bucket in Beijing time (weeks start on Monday)."""
    local = moment.astimezone(LOCAL_TZ)
    local = local.replace(minute=0, second=0, microsecond=0)
    if bucket in ("day", "week"):
        local = local.replace(hour=0)
    if bucket == "week":
        local -= timedelta(days=local.weekday())
    return local


def _step(bucket: Bucket) -> timedelta:
    """A bucket's length: exact in Beijing time, which keeps one offset all year."""
    return BUCKETS[bucket]


def _column(by: str) -> InstrumentedAttribute[Any] | None:
    if by not in BY:
        raise BadInput.of("bad_series_key", by=by, choices="、".join(BY))
    return BY[by]


def _filtered(query: Any, since: datetime | None, until: datetime | None, policy: str | None) -> Any:
    query = query.where(OpinionPost.duplicate_of.is_(None), OpinionPost.is_spam.is_(False))
    query = query.where(*in_period(OpinionPost.posted_at, since, until))
    if policy:
        query = query.where((OpinionPost.policy == policy) | OpinionPost.text.contains(policy))
    return query


ROLLED_UP = ("total", "source", "topic")
"""Series keys the daily roll-up (:mod:`govhall.opinion.rollup`) carries."""


def _direct_counts(
    db: Session, bucket: Bucket, by: str, since: datetime | None, until: datetime | None, policy: str | None
) -> dict[tuple[datetime, str], list[int]]:
    """``(bucket start, key) → [count, negative]`` counted over the posts themselves."""
    column = _column(by)
    dialect = db.get_bind().dialect.name
    key = local_bucket(dialect, OpinionPost.posted_at, bucket)
    negative = func.sum(case((OpinionPost.sentiment == "negative", 1), else_=0))
    if column is None:
        query = select(bucket_label(dialect, key, bucket), func.count(), negative).group_by(key)
    else:
        query = select(bucket_label(dialect, key, bucket), column, func.count(), negative)
        query = query.where(column.is_not(None)).group_by(key, column)
    counts: dict[tuple[datetime, str], list[int]] = {}
    for row in db.execute(_filtered(query, since, until, policy)):
        label, *keys, count, negatives = row
        counts[(bucket_start(label), str(keys[0]) if keys else ALL)] = [int(count), int(negatives or 0)]
    return counts


def _rolled_up_counts(
    db: Session, bucket: Bucket, by: str, since: datetime | None, until: datetime | None
) -> dict[tuple[datetime, str], list[int]]:
    """The same counts from the daily roll-up for the whole days, from the posts for a partial
    first or last day (the pages' periods are whole days, so usually only the roll-up is read)."""
    period = rollup.split_period(since, until)
    counts: dict[tuple[datetime, str], list[int]] = {}
    for (day, key), (count, negative) in rollup.read_days(db, period, by).items():
        cell = counts.setdefault((_floor(day_start(day), bucket), ALL if key is None else key), [0, 0])
        cell[0] += count
        cell[1] += negative
    for start, end in period.rest:
        for cell_key, (count, negative) in _direct_counts(db, bucket, by, start, end, None).items():
            cell = counts.setdefault(cell_key, [0, 0])
            cell[0] += count
            cell[1] += negative
    return counts


def time_series(
    db: Session,
    *,
    bucket: Bucket = "day",
    by: str = "total",
    since: datetime | None = None,
    until: datetime | None = None,
    policy: str | None = None,
    fill: bool = True,
) -> list[Point]:
    """Volume and negative count per bucket (Beijing time) and key, missing buckets filled with 0.

    Days and weeks by total, source or topic (every dashboard chart) come from the daily roll-up;
    hours, the other keys and a policy filter count the posts."""
    if bucket not in BUCKETS:
        raise BadInput.of("bad_bucket", "series", bucket=bucket)
    _column(by)
    if bucket != "hour" and by in ROLLED_UP and not policy:
        counts = _rolled_up_counts(db, bucket, by, since, until)
    else:
        counts = _direct_counts(db, bucket, by, since, until, policy)
    if fill and counts:
        buckets = sorted({b for b, _ in counts})
        names = sorted({k for _, k in counts})
        moment, step = buckets[0], _step(bucket)
        while moment <= buckets[-1]:
            for name in names:
                counts.setdefault((moment, name), [0, 0])
            moment += step
    return [Point(b, k, c[0], c[1]) for (b, k), c in sorted(counts.items())]


def detect_spikes(
    counts: Sequence[int], *, window: int = 14, threshold: float = 3.5, min_count: int = 5, min_history: int = 3
) -> list[Spike]:
    """Buckets whose count is far above the median of the ``window`` buckets before them.

    Robust z-score: 0.6745 · (x − median) / MAD, the MAD floored at 1 so that a flat series of
    zeros does not alarm on a single post. ``min_count`` keeps tiny series quiet.
    """
    values = np.asarray(counts, dtype=float)
    spikes: list[Spike] = []
    for i in range(len(values)):
        history = values[max(0, i - window) : i]
        if len(history) < min_history or values[i] < min_count:
            continue
        median = float(np.median(history))
        mad = max(float(np.median(np.abs(history - median))), 1.0)
        score = 0.6745 * (values[i] - median) / mad
        if score >= threshold:
            spikes.append(Spike(i, int(values[i]), median, round(score, 2)))
    return spikes


def scan_alerts(
    db: Session,
    *,
    by: str = "topic",
    bucket: Bucket = "day",
    since: datetime | None = None,
    until: datetime | None = None,
    window: int = 14,
    threshold: float = 3.5,
    min_count: int = 5,
    webhook_url: str = "",
    max_posts: int = 200,
) -> list[dict[str, Any]]:
    """Store an alert (with its posts) for every new spike; send new ones to the webhook.

    Re-running over the same period raises nothing twice (unique scope, key and bucket).
    """
    column = _column(by)
    points = time_series(db, bucket=bucket, by=by, since=since, until=until)
    per_key: dict[str, list[Point]] = {}
    for point in points:
        per_key.setdefault(point.key, []).append(point)
    created: list[OpinionAlert] = []
    with transaction(db):
        for key, series in per_key.items():
            for spike in detect_spikes(
                [p.count for p in series], window=window, threshold=threshold, min_count=min_count
            ):
                point = series[spike.index]
                start = point.bucket.astimezone(UTC)
                post_query = _filtered(select(OpinionPost.id), start, start + _step(bucket), None)
                if column is not None:
                    post_query = post_query.where(column == (int(key) if by == "topic" else key))
                alert = store_alert(
                    db,
                    OpinionAlert(
                        scope=f"{by}:{bucket}",
                        key=key,
                        bucket_start=start,
                        count=spike.count,
                        baseline=spike.baseline,
                        score=spike.score,
                        negative_share=round(point.negative / point.count, 4) if point.count else 0.0,
                    ),
                    post_query.limit(max_posts),
                )
                if alert is None:
                    continue
                created.append(alert)
    results = [alert_dict(db, a) for a in created]
    if webhook_url and created:
        ok = deliver_webhook(webhook_url, results)
        if ok:
            with transaction(db):
                for alert in created:
                    alert.delivered = True
            for row in results:
                row["delivered"] = True
    return results


def store_alert(db: Session, alert: OpinionAlert, post_ids: Any) -> OpinionAlert | None:
    """Add ``alert`` with the posts behind it (``post_ids``: a select of post ids), or None when the
    same scope, key and bucket has one already (re-scanning a period raises nothing twice)."""
    exists = db.scalar(
        select(OpinionAlert.id).where(
            OpinionAlert.scope == alert.scope,
            OpinionAlert.key == alert.key,
            OpinionAlert.bucket_start == alert.bucket_start,
        )
    )
    if exists is not None:
        return None
    alert.delivered = False
    db.add(alert)
    db.flush()
    db.add_all(OpinionAlertPost(alert_id=alert.id, post_id=p) for p in db.scalars(post_ids))
    return alert


def alert_dict(db: Session, alert: OpinionAlert) -> dict[str, Any]:
    """An alert as the API and the webhook show it, with a readable name for its key."""
    name = alert.key
    if "topic" in alert.scope.split(":") and alert.key.isdigit():
        topic = db.get(OpinionTopic, int(alert.key))
        name = topic.label if topic else alert.key
    return {
        "id": alert.id,
        "scope": alert.scope,
        "key": alert.key,
        "name": name,
        "bucket_start": alert.bucket_start.astimezone(LOCAL_TZ).isoformat(),
        "count": alert.count,
        "baseline": alert.baseline,
        "score": alert.score,
        "negative_share": alert.negative_share,
        "delivered": alert.delivered,
        "message": f"舆情预警：“{name}”在 {alert.bucket_start.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M} 起的时段内"
        f"出现 {alert.count} 条帖子（基线 {alert.baseline:g}），负面占比 {alert.negative_share:.0%}",
    }


def deliver_webhook(url: str, alerts: list[dict[str, Any]], timeout: float = 5.0) -> bool:
    """POST ``{"alerts": [...]}`` as JSON; a failure is logged, never raised (alerts stay stored)."""
    body = json.dumps({"alerts": alerts}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json; charset=utf-8"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= int(response.status) < 300
    except (OSError, ValueError) as exc:
        log.warning("opinion webhook %s failed: %s", url, exc)
        return False
