"""Clause vectors: an article is scored by its best vector, its own or one of its paragraphs' and
items' (an item carries the lead-in that introduces it), so the seventh item of a long list is found
by a question about it; an index folder of the older layout is rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import jobs, policies
from govhall.db import make_engine, make_session_factory
from govhall.embeddings import get_embedder
from govhall.jobs import JobContext
from govhall.policies import PolicyDocument
from govhall.policies.index import _disk_generation, clause_passages, load_index, passage_key
from govhall.policies.search import CLAUSE_WEIGHT, _best_of_clauses
from tests.policies.conftest import policy_settings

LAW = (
    "# 示例驾驶条例\n\n"
    "第一条 为了规范驾驶行为，制定本条例。\n\n"
    "第二条 驾驶机动车不得有下列行为：\n\n"
    "（一）在车门、车厢没有关好时行车；\n\n"
    "（二）拨打接听手持电话；\n\n"
    "（三）连续驾驶超过4小时未停车休息或者停车休息时间少于20分钟。\n\n"
    "违反前款规定的，由公安机关交通管理部门处理。\n"
)


def test_items_carry_their_lead_in_and_paragraphs_stand_alone() -> None:
    passages = clause_passages(
        "示例条例 > 第二条", ["驾驶机动车不得有下列行为：", "（一）拨打接听手持电话；", "违反前款规定的，依法处理。"]
    )
    assert passages == [
        "示例条例 第二条：驾驶机动车不得有下列行为：",
        "示例条例 第二条：驾驶机动车不得有下列行为：（一）拨打接听手持电话；",
        "示例条例 第二条：违反前款规定的，依法处理。",
    ]
    assert clause_passages("示例条例 > 第一条", ["只有一款。"]) == []  # the article's own vector is its clause


def test_an_article_is_scored_by_its_best_clause(db: Session, db_url: str, tmp_path: Path) -> None:
    s = policy_settings(tmp_path, db_url)
    embedder = get_embedder(s)
    assert embedder is not None
    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / "示例驾驶条例(2020-06-01).md").write_text(LAW, encoding="utf-8")
    policies.ingest_path(db, s, folder)
    jobs.work(make_session_factory(make_engine(db_url)), JobContext.from_settings(s), once=True)
    db.expire_all()

    index = load_index(db, s, embedder)

    assert index.clause_mask is not None and index.clause_mask.all()  # the vector job embedded every clause
    document = db.scalars(select(PolicyDocument).where(PolicyDocument.title == "示例驾驶条例")).one()
    first, second = sorted(a.id for a in document.articles)
    owner = int(np.flatnonzero(index.article_ids == second)[0])
    assert (index.clause_article == owner).sum() == 5  # lead-in, three items, the closing paragraph
    assert not (index.clause_article == int(np.flatnonzero(index.article_ids == first)[0])).any()
    item = (
        "示例驾驶条例 第二条：驾驶机动车不得有下列行为：（三）连续驾驶超过4小时未停车休息或者停车休息时间少于20分钟。"
    )
    assert passage_key(item) in index.clause_hashes.tolist()
    assert index.dense is not None and index.clause_dense is not None
    vector = embedder.embed_queries(["连续驾驶超过4小时未停车休息"])[0].astype(np.float32)
    own = np.asarray(index.dense @ vector, dtype=np.float32)
    best, nearest, _ = _best_of_clauses(index, vector, own)
    clause_best = float((index.clause_dense @ vector).max())
    assert clause_best > own[owner]  # the item is closer to the question than the whole article
    assert best[owner] == pytest.approx(CLAUSE_WEIGHT * clause_best + (1 - CLAUSE_WEIGHT) * own[owner])
    assert best[owner] > own[owner]
    assert nearest[owner] == pytest.approx(clause_best)  # the refusal model's clause-level cosine
    single = np.ones(own.size, dtype=bool)
    single[index.clause_article] = False
    assert single.any() and np.array_equal(best[single], own[single])  # one paragraph: its own score
    assert np.array_equal(nearest[single], own[single])

    # each hit carries the question's cosine with each of its paragraphs, in order (the clause rerank's
    # meaning feature); a one-paragraph article repeats its own cosine
    hits = policies.search(db, s, "开车一口气开太久没停下来歇会儿", k=20)
    long = next(h for h in hits if h.title == "示例驾驶条例" and h.article == "第二条")
    assert len(long.paragraph_dense) == len(long.paragraphs) == 5
    assert long.paragraph_dense.index(max(long.paragraph_dense)) == 3  # the item about driving without a rest
    short = next(h for h in hits if len(h.paragraphs) == 1)
    assert short.paragraph_dense == (pytest.approx(short.dense),)


def test_an_index_folder_of_the_older_layout_counts_as_stale(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"generation": 3, "types": []}), encoding="utf-8")
    assert _disk_generation(folder) == -1
    (folder / "meta.json").write_text(json.dumps({"generation": 3, "types": [], "format": 2}), encoding="utf-8")
    assert _disk_generation(folder) == 3
