"""Policy-impact report: volume, sentiment, topics and concerns before vs. after a date.

``since`` is the policy's effective date and ``until`` the end of the period after it; the period
before is the same length ending at ``since``, so the two sides compare like with like.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.errors import BadInput
from govhall.fonts import cjk_font_family
from govhall.fonts import cjk_font_files as cjk_font_files  # moved there; kept importable here
from govhall.localtime import LOCAL_TZ
from govhall.opinion.models import OpinionPost, OpinionTopic
from govhall.opinion.series import _filtered, time_series
from govhall.opinion.topics import contrast_weights, topic_tokens

__all__ = ["impact_report", "pdf_document", "write_pdf"]

SAMPLE = 5000


def _side(db: Session, policy: str, start: datetime, end: datetime) -> dict[str, Any]:
    rows = db.execute(
        _filtered(
            select(
                OpinionPost.id,
                OpinionPost.text,
                OpinionPost.sentiment,
                OpinionPost.sentiment_score,
                OpinionPost.topic_id,
            ),
            start,
            end,
            policy,
        )
        .order_by(OpinionPost.posted_at)
        .execution_options(yield_per=5000)
    )
    volume = 0
    sentiment: Counter[str] = Counter()
    topics: Counter[int] = Counter()
    words: Counter[str] = Counter()
    negatives: list[tuple[float, int, str]] = []
    for post_id, text, label, score, topic_id in rows:
        volume += 1
        sentiment[label or "unknown"] += 1
        if topic_id is not None:
            topics[topic_id] += 1
        if volume <= SAMPLE:
            words.update(set(topic_tokens(text)))
        if label == "negative":
            negatives.append((score or 0.0, post_id, text[:200]))
            negatives = sorted(negatives, reverse=True)[:5]
    days = max((end - start).total_seconds() / 86400, 1e-9)
    labelled = sum(v for k, v in sentiment.items() if k != "unknown")
    return {
        "start": start.astimezone(LOCAL_TZ).date().isoformat(),
        "end": end.astimezone(LOCAL_TZ).date().isoformat(),
        "volume": volume,
        "per_day": round(volume / days, 2),
        "sentiment": dict(sentiment),
        "negative_share": round(sentiment["negative"] / labelled, 4) if labelled else None,
        "topics": topics,
        "words": words,
        "negative_posts": [{"post_id": p, "text": t, "score": round(s, 3)} for s, p, t in negatives],
    }


def _rising(before: Counter[str], after: Counter[str], n_before: int, n_after: int, top: int = 10) -> list[Any]:
    """Words over-represented after the date against both periods together: the new concerns.

    The same lift weighting as topic keywords (:func:`contrast_weights`) over the same content words
    (nouns and the verbs beside them, no filler), so 说法、提交、全部 no longer top the list.
    """
    words = [w for w, count in after.items() if count >= 2]
    if not words:
        return []
    present = np.array([[before.get(w, 0) for w in words], [after[w] for w in words]], dtype=float)
    weights = contrast_weights(present, np.array([n_before, n_after], dtype=float))[1]
    order = sorted(range(len(words)), key=lambda i: (-weights[i], words[i]))
    return [
        {"word": words[i], "after": after[words[i]], "before": before.get(words[i], 0)}
        for i in order[:top]
        if weights[i] > 0
    ]


# before/after windows are as long as the period; ten years keeps both inside representable dates
MAX_PERIOD = timedelta(days=3660)


def impact_report(db: Session, policy: str, since: datetime, until: datetime) -> dict[str, Any]:
    """The report for posts linked to ``policy`` (its link column or its name in the text)."""
    policy = policy.strip()
    if not policy:
        raise BadInput.of("bad_policy")
    if until <= since:
        raise BadInput.of("bad_period", "after_effective")
    if until - since > MAX_PERIOD:
        raise BadInput.of("bad_period", "too_long", days=MAX_PERIOD.days)
    before_start = since - (until - since)
    before = _side(db, policy, before_start, since)
    after = _side(db, policy, since, until)
    labels = {t.id: t.label for t in db.scalars(select(OpinionTopic))}

    def topic_list(counter: Counter[int]) -> list[dict[str, Any]]:
        return [{"id": t, "label": labels.get(t, f"话题{t}"), "count": c} for t, c in counter.most_common(8)]

    concerns = _rising(before.pop("words"), after.pop("words"), before["volume"], after["volume"])
    before["topics"] = topic_list(before["topics"])
    after["topics"] = topic_list(after["topics"])
    series = time_series(db, bucket="day", since=before_start, until=until, policy=policy)
    change = None
    if before["negative_share"] is not None and after["negative_share"] is not None:
        change = round(after["negative_share"] - before["negative_share"], 4)
    return {
        "policy": policy,
        "effective": since.astimezone(LOCAL_TZ).date().isoformat(),
        "before": before,
        "after": after,
        "volume_change": after["volume"] - before["volume"],
        "negative_share_change": change,
        "concerns": concerns,
        "daily": [p.to_dict() for p in series],
        "verdict": _verdict(before, after, change),
    }


def _verdict(before: dict[str, Any], after: dict[str, Any], change: float | None) -> str:
    if before["volume"] == 0 and after["volume"] == 0:
        return "所选时段内没有与该政策相关的帖子"
    parts = [f"生效后日均 {after['per_day']} 条，生效前日均 {before['per_day']} 条"]
    if change is not None:
        trend = "上升" if change > 0.02 else "下降" if change < -0.02 else "基本持平"
        parts.append(f"负面占比{trend}（{before['negative_share']:.0%} → {after['negative_share']:.0%}）")
    return "；".join(parts)


_cjk_font = cjk_font_family
A4 = (8.27, 11.69)
LINE_CHARS = 42  # CJK characters per line at 11 pt across an A4 page with margins
PAGE_LINES = 46


def _pyplot() -> Any:
    """Matplotlib's pyplot on the Agg backend with a CJK font (imported late: it is slow to import)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = [_cjk_font()]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _wrapped(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        while len(line) > LINE_CHARS:
            out.append(line[:LINE_CHARS])
            line = indent + "  " + line[LINE_CHARS:]
        out.append(line)
    return out


def _text_pages(pdf: Any, plt: Any, lines: list[str]) -> None:
    wrapped = _wrapped(lines)
    for first in range(0, max(len(wrapped), 1), PAGE_LINES):
        fig = plt.figure(figsize=A4)
        fig.text(0.08, 0.95, "\n".join(wrapped[first : first + PAGE_LINES]), va="top", fontsize=11)
        pdf.savefig(fig)
        plt.close(fig)


def pdf_document(lines: list[str], path: Path) -> Path:
    """``lines`` as A4 text pages in a PDF with a CJK font (long lines wrapped, pages added as needed)."""
    from matplotlib.backends.backend_pdf import PdfPages

    plt = _pyplot()
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path) as pdf:
        _text_pages(pdf, plt, lines)
    return path


def write_pdf(report: dict[str, Any], path: Path) -> Path:
    """The report as a PDF: the summary, then daily volume and negative share, with a CJK font."""
    from matplotlib.backends.backend_pdf import PdfPages

    plt = _pyplot()
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path) as pdf:
        lines = [
            f"政策影响评估：{report['policy']}",
            f"生效日期：{report['effective']}",
            "",
            report["verdict"],
            "",
            f"生效前（{report['before']['start']} 至 {report['before']['end']}）：{report['before']['volume']} 条",
            f"生效后（{report['after']['start']} 至 {report['after']['end']}）：{report['after']['volume']} 条",
            "",
            "新增关注点：" + ("、".join(c["word"] for c in report["concerns"]) or "无"),
            "",
            "生效后的代表性负面帖子（已脱敏）：",
            *[f"· {p['text'][:60]}" for p in report["after"]["negative_posts"]],
        ]
        _text_pages(pdf, plt, lines)
        fig, (ax1, ax2) = plt.subplots(2, 1, figsize=A4)
        days = [d["bucket"][:10] for d in report["daily"]]
        ax1.plot(days, [d["count"] for d in report["daily"]], marker="o")
        ax1.axvline(report["effective"], color="red", linestyle="--") if report["effective"] in days else None
        ax1.set_title("每日帖子数")
        ax2.plot(days, [d["negative_share"] for d in report["daily"]], color="darkred", marker="o")
        ax2.set_title("每日负面占比")
        for ax in (ax1, ax2):
            ax.tick_params(axis="x", labelrotation=60, labelsize=7)
        fig.tight_layout()
        pdf.savefig(fig)
        plt.close(fig)
    return path
