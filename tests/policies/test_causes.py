"""The aggregate causes view of ``evaluate_qa`` (issue 18, round 9): it tells a retrieval miss from a
clause-selection miss and says what evidence a missed refusal had, in counts only, so that it can be
run on a held-out set without printing a question."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.policies import evaluate_qa
from govhall.policies.evaluate import QaItem
from govhall.policies.ingest import policy_key

# Questions written for this test (not taken from any QA set).
_UNEMPLOYED = "失业保险金领取期限最长是多少"
_ITEMS = [
    # the right law and article, a fact that is written nowhere in it: a wording / computing cause
    QaItem(_UNEMPLOYED, True, ((policy_key("中华人民共和国社会保险法"), "第四十六条"),), (), (("一千零一夜",),)),
    # a gold article that no search finds: a retrieval cause
    QaItem(_UNEMPLOYED, True, (("不存在的条例", "第一条"),), (), (("一千零一夜",),)),
    # an unanswerable question: answered or refused, its evidence is counted, never its words
    QaItem("火星移民签证怎么办理", False, (), ()),
    # a local standard: its answer must say that it is set locally and where to ask
    QaItem("我们县给老人发的高龄津贴一个月多少", False, (), (), local=True),
]


def test_causes_count_why_facts_were_missed_without_question_text(library: tuple[Session, Settings]) -> None:
    db, settings = library
    report = evaluate_qa(db, settings, _ITEMS, embedder=None)
    causes = report["causes"]
    missed = causes["key_fact_missed"]
    assert missed == {"clause_not_in_text": 1, "retrieval_absent": 1}
    assert sum(causes["key_fact_missed_by_qtype"]["多久"].values()) == 2
    assert set(missed) <= {
        "refused",
        "retrieval_absent",
        "retrieval_low",
        "citation",
        "clause_in_text",
        "clause_not_in_text",
    }
    assert causes["refusal_missed"] == round((1 - report["refusal_recall"]) * report["unanswerable"])
    local_missed = sum(causes["local_missed"].values())
    assert local_missed == round(1 - report["local_said"])
    assert set(causes["local_missed"]) <= {"refused_plain", "answered_national", "local_no_where"}
    text = json.dumps(causes, ensure_ascii=False)
    assert _UNEMPLOYED not in text and "火星" not in text
