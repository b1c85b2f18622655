"""Extractive summaries and keywords: representative sentences, no filler words, who and what is involved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from govhall import opinion
from govhall.db import transaction
from govhall.opinion import rollup
from govhall.opinion.summary import alert_summary, keywords_against, representative_sentences, sentences, topic_summary
from govhall.opinion.topics import STOPWORDS, topic_tokens

FILLER = ("说法", "提交", "全部", "实施", "不了")


def test_topic_tokens_keep_what_people_complain_about_not_filler() -> None:
    tokens = topic_tokens("请问提交的全部材料说法不一，实施细则办不了，住房公积金提取太慢，贷款额度下降")
    assert not set(FILLER) & set(tokens)
    assert {"材料", "实施细则", "住房公积金", "提取", "贷款额度", "下降"} <= set(tokens)
    assert set(FILLER) <= STOPWORDS


def test_sentences_skip_greetings_and_mmr_does_not_repeat_itself() -> None:
    assert sentences("您好！谢谢。公积金提取要的租房备案证明开不出来。") == ["公积金提取要的租房备案证明开不出来。"]
    texts = (
        ["公积金提取新规要的租房备案证明根本开不出来。"] * 10
        + ["公积金提取新规要的租房备案证明实在是开不出来！"] * 3
        + ["公积金中心排队的人太多，新规材料太复杂。"] * 5
        + ["小区楼下烧烤店油烟太大，晚上扰民。"]
    )
    picked = representative_sentences(texts, 2)
    assert picked[0].startswith("公积金提取新规要的租房备案证明") and "排队" in picked[1]
    assert representative_sentences([], 3) == [] and representative_sentences(["你好。"], 3) == []


def test_keywords_against_the_background_are_what_sets_posts_apart() -> None:
    inside = [f"公积金提取新规实施后租房备案证明开不出来，说法不一，第{i}次提交" for i in range(6)]
    background = [f"全部材料都提交了，说法不一，小区油烟扰民第{i}次" for i in range(20)]
    words = keywords_against(inside, background)
    assert words[:1] and {"租房", "备案"} & set(words[:4]) and not set(FILLER) & set(words)


def _seed(db: Session) -> tuple[int, int]:
    start = datetime(2025, 5, 5, 2, tzinfo=UTC)
    places = ["东城区", "西湖区", "南山区", "北林区", "中原区", "高新区"]
    lines = [
        "公积金提取新规要的租房备案证明开不出来",
        "公积金中心排队太久，线上提取系统一直崩溃",
        "新规把租房提取额度降了，实在不合理",
    ]
    posts = [
        opinion.PostIn(
            "weibo",
            start + timedelta(days=i // 4, hours=i % 4),
            f"{places[i % 6]}的居民说：{lines[i % 3]}。已经是第{i}次反映，工单{i * 7919 % 99991}。",
            id=f"p{i}",
            policy="公积金提取新规" if i % 2 else None,
            item_code="housing-fund-withdrawal",
        )
        for i in range(40)
    ]
    opinion.ingest_rows(db, posts, opinion.Analyzer(None, None, None))
    with transaction(db):
        topic = opinion.OpinionTopic(label="公积金提取", keywords={"公积金": 1.0}, representatives={}, size=40)
        db.add(topic)
        db.flush()
        rollup.update_posts(db, true(), {"topic_id": topic.id, "department": "住房公积金管理中心"})
        alert = opinion.OpinionAlert(
            scope="topic:day", key=str(topic.id), bucket_start=start, count=4, baseline=0.0, score=5.0
        )
        db.add(alert)
        db.flush()
        ids = list(db.scalars(select(opinion.OpinionPost.id).where(opinion.OpinionPost.duplicate_of.is_(None))))
        db.add_all(opinion.OpinionAlertPost(alert_id=alert.id, post_id=p) for p in ids[:10])
    return topic.id, alert.id


def test_topic_and_alert_summaries_say_who_what_and_which_policy(db: Session) -> None:
    topic_id, alert_id = _seed(db)
    asked: list[str] = []

    def cite(query: str) -> list[dict[str, Any]]:
        asked.append(query)
        return [{"title": "住房公积金管理条例", "article": "第二十四条", "text": "职工有下列情形之一的，可以提取……"}]

    summary = topic_summary(db, topic_id, cite=cite)
    assert summary["topic"]["label"] == "公积金提取" and summary["posts"] >= 30
    assert len(summary["sentences"]) == 3 and len(set(summary["sentences"])) == 3
    assert all("公积金" in s or "新规" in s for s in summary["sentences"])
    assert summary["departments"][0]["name"] == "住房公积金管理中心"
    assert summary["items"][0] == {
        "code": "housing-fund-withdrawal",
        "name": "住房公积金提取",
        "count": summary["posts"],
    }
    assert summary["policies_mentioned"][0]["name"] == "公积金提取新规"
    assert summary["citations"][0]["article"] == "第二十四条" and "公积金提取新规" in asked[0]
    assert sum(summary["trend"]["counts"]) == summary["posts"] and summary["trend"]["direction"] in (
        "上升",
        "下降",
        "基本持平",
    )

    behind = alert_summary(db, alert_id)
    assert behind["alert"]["id"] == alert_id and behind["posts"] == 10 and behind["citations"] == []
    assert behind["sentences"] and not set(FILLER) & set(behind["keywords"])
