"""The weekly brief for a department: its top issues, what changed since last week, the week's alerts.

A decision-maker reads one page on Monday: how many posts reached the department, which topics
they were about (with what people say, in their own sentences), which issues are new or growing
against the week before, and every alert raised that week. Everything comes from stored posts,
topics and alerts (``department=None``: the whole hall).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.localtime import LOCAL_TZ, local_now, parse_day
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionPost, OpinionTopic
from govhall.opinion.report import pdf_document
from govhall.opinion.series import alert_dict, day_start
from govhall.opinion.summary import Cite, PostRow, keywords_against, post_rows_query, representative_sentences

__all__ = ["monday", "parse_week", "weekly_brief", "write_brief_pdf"]

TOP_ISSUES = 5
MAX_WEEK_POSTS = 20_000


def monday(value: date | datetime | None = None) -> date:
    """The Monday (Beijing time) of the week containing ``value`` (default: this week)."""
    if value is None:
        value = local_now()
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date() if value.tzinfo else value.date()
    return value - timedelta(days=value.weekday())


def _week_rows(db: Session, department: str | None, start: datetime, end: datetime) -> list[tuple[PostRow, int | None]]:
    query = post_rows_query().add_columns(OpinionPost.topic_id)
    query = query.where(OpinionPost.posted_at >= start, OpinionPost.posted_at < end)
    if department:
        query = query.where(OpinionPost.department == department)
    ordered = query.order_by(OpinionPost.posted_at.desc(), OpinionPost.id.desc()).limit(MAX_WEEK_POSTS)
    return [(PostRow(*row[:-1]), row[-1]) for row in db.execute(ordered)]


def _share(rows: list[tuple[PostRow, int | None]]) -> float | None:
    labelled = [r.sentiment for r, _ in rows if r.sentiment]
    return round(labelled.count("negative") / len(labelled), 4) if labelled else None


def _alert_matches(db: Session, alert: OpinionAlert, department: str) -> bool:
    """Whether ``alert`` concerns ``department``: by its key, its topic's department, or its posts."""
    kind = alert.scope.split(":")[0]
    if kind == "department":
        return alert.key == department
    if kind == "topic" and alert.key.isdigit():
        topic = db.get(OpinionTopic, int(alert.key))
        if topic is not None and topic.department == department:
            return True
    found = db.scalar(
        select(OpinionAlertPost.post_id)
        .join(OpinionPost, OpinionPost.id == OpinionAlertPost.post_id)
        .where(OpinionAlertPost.alert_id == alert.id, OpinionPost.department == department)
        .limit(1)
    )
    return found is not None


def _week_alerts(db: Session, department: str | None, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Alerts about a bucket in the week or raised during it (a late scan still belongs to the week it ran)."""
    rows = db.scalars(
        select(OpinionAlert)
        .where(
            ((OpinionAlert.bucket_start >= start) & (OpinionAlert.bucket_start < end))
            | ((OpinionAlert.created_at >= start) & (OpinionAlert.created_at < end))
        )
        .order_by(OpinionAlert.bucket_start, OpinionAlert.id)
    )
    found = []
    for alert in rows:
        if department and not _alert_matches(db, alert, department):
            continue
        data = alert_dict(db, alert)
        texts = list(
            db.scalars(
                select(OpinionPost.text)
                .join(OpinionAlertPost, OpinionAlertPost.post_id == OpinionPost.id)
                .where(OpinionAlertPost.alert_id == alert.id)
                .limit(500)
            )
        )
        data["title"] = data.get("title") or data["message"]
        data["keywords"] = keywords_against(texts, [], top=6)
        data["sentences"] = representative_sentences(texts, 2)
        found.append(data)
    return found


def weekly_brief(
    db: Session,
    department: str | None = None,
    week_start: date | datetime | None = None,
    *,
    cite: Cite | None = None,
) -> dict[str, Any]:
    """The brief for the week starting on ``week_start``'s Monday (default: this week)."""
    department = (department or "").strip() or None
    first = monday(week_start)
    start = day_start(first, "周起始日期")
    end = start + timedelta(days=7)
    previous_start = start - timedelta(days=7)
    this_week = _week_rows(db, department, start, end)
    last_week = _week_rows(db, department, previous_start, start)
    background = [r.text for r, _ in last_week[:2000]]
    now_topics = Counter(t for _, t in this_week if t is not None)
    before_topics = Counter(t for _, t in last_week if t is not None)
    labels = {t.id: t for t in db.scalars(select(OpinionTopic).where(OpinionTopic.id.in_(list(now_topics))))}
    issues: list[dict[str, Any]] = []
    for topic_id, count in now_topics.most_common(TOP_ISSUES):
        rows = [r for r, t in this_week if t == topic_id]
        topic = labels.get(topic_id)
        previous = before_topics.get(topic_id, 0)
        issues.append(
            {
                "topic_id": topic_id,
                "label": topic.label if topic else f"话题{topic_id}",
                "posts": count,
                "previous": previous,
                "change": count - previous,
                "new": previous == 0,
                "negative_share": _share([(r, topic_id) for r in rows]),
                "keywords": list(topic.keywords)[:6] if topic else keywords_against([r.text for r in rows], background),
                "sentences": representative_sentences([r.text for r in rows], 2),
            }
        )
    texts = [r.text for r, _ in this_week]
    rising = keywords_against(texts, background, top=8) if background else []
    alerts = _week_alerts(db, department, start, end)
    citations: list[dict[str, Any]] = []
    if cite is not None and issues:
        citations = cite(" ".join(issues[0]["keywords"][:5]))[:3]
    brief: dict[str, Any] = {
        "department": department,
        "week_start": first.isoformat(),
        "week_end": (first + timedelta(days=6)).isoformat(),
        "previous_week_start": (first - timedelta(days=7)).isoformat(),
        "posts": len(this_week),
        "previous_posts": len(last_week),
        "negative_share": _share(this_week),
        "previous_negative_share": _share(last_week),
        "top_issues": issues,
        "rising_keywords": rising,
        "representative_sentences": representative_sentences(texts, 3),
        "alerts": alerts,
        "citations": citations,
    }
    brief["headline"] = _headline(brief)
    return brief


def _headline(brief: dict[str, Any]) -> list[str]:
    """The brief's opening lines in plain Chinese (what changed, what to look at first)."""
    who = brief["department"] or "全部部门"
    period = f"{brief['week_start']} 至 {brief['week_end']}"
    lines = [f"{who} {period}：收到帖子 {brief['posts']} 条，上周 {brief['previous_posts']} 条。"]
    now, before = brief["negative_share"], brief["previous_negative_share"]
    if now is not None and before is not None:
        lines.append(f"负面占比 {now:.0%}（上周 {before:.0%}）。")
    new = [i["label"] for i in brief["top_issues"] if i["new"]]
    if new:
        lines.append("本周新出现的问题：" + "；".join(new) + "。")
    grown = [i for i in brief["top_issues"] if not i["new"] and i["change"] > 0]
    if grown:
        lines.append("增长最多：" + "；".join(f"{i['label']}（+{i['change']}）" for i in grown[:3]) + "。")
    if brief["alerts"]:
        lines.append(f"本周预警 {len(brief['alerts'])} 条：" + "；".join(a["name"] for a in brief["alerts"][:5]) + "。")
    else:
        lines.append("本周没有预警。")
    return lines


def write_brief_pdf(brief: dict[str, Any], path: Path) -> Path:
    """The brief as an A4 PDF with a CJK font (text pages, as many as it needs)."""
    lines = [f"舆情周报：{brief['department'] or '全部部门'}", f"{brief['week_start']} 至 {brief['week_end']}", ""]
    lines += brief["headline"] + ["", "主要问题："]
    for n, issue in enumerate(brief["top_issues"], 1):
        change = "新出现" if issue["new"] else f"较上周 {issue['change']:+d}"
        lines.append(f"{n}. {issue['label']}：{issue['posts']} 条（{change}）")
        lines.append("   关键词：" + "、".join(issue["keywords"]))
        lines += [f"   · {s}" for s in issue["sentences"]]
    if brief["rising_keywords"]:
        lines += ["", "较上周新增的关注点：" + "、".join(brief["rising_keywords"])]
    lines += ["", "本周预警："]
    lines += [f"· {a['title']}（关键词：{'、'.join(a['keywords']) or '—'}）" for a in brief["alerts"]] or ["无"]
    if brief["citations"]:
        lines += ["", "相关政策条文："]
        lines += [f"· {c['title']} {c['article']}：{str(c['text'])[:60]}" for c in brief["citations"]]
    return pdf_document(lines, path)


def parse_week(value: str) -> date:
    """The Monday of a week given as YYYY-MM-DD (any day of it), read by the one day parser; bad
    input naming the week's first day otherwise."""
    return monday(parse_day(value, "周起始日期"))
