"""The one rule for "which items does this text mention" and "which department does a complaint go to"
(govhall.routing), and that opinion reads texts through it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govhall.catalog import builtin_items
from govhall.learn import Dataset, ModelRegistry, TfidfClassifier
from govhall.opinion.routing import Router
from govhall.routing import (
    ITEM_MIN_PROBA,
    MODEL_MIN_PROBA,
    Destination,
    Mentions,
    complaint_department,
    load_department_model,
    load_item_model,
)

ITEMS = [item.model_dump() for item in builtin_items()]
MENTIONS = Mentions(ITEMS)
INTAKE = "complaint-12345"


def _item(code: str, department: str, keywords: list[str], **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": f"{code}事项", "department": department, "keywords": keywords, **extra}


# -- which items a text mentions ----------------------------------------------------------------


def test_words_every_request_uses_mention_no_item() -> None:
    assert not MENTIONS.said("我想投诉一下这个事情怎么办理", INTAKE)
    assert MENTIONS.said("打了市长热线也没用", INTAKE)
    assert INTAKE not in MENTIONS.mentioned("我要申请，怎么办理")


def test_latin_letters_are_matched_whatever_their_case() -> None:
    mentions = Mentions([_item("etc", "交通运输局", ["ETC卡"])])
    assert mentions.said("etc卡扣费不对", "etc")
    assert mentions.mentioned("想办一张Etc卡") == ["etc"]


def test_a_state_reached_names_no_request_but_is_still_said() -> None:
    text = "我爸早就退休了，想问问他的公积金怎么取"
    assert MENTIONS.mentioned(text) == ["housing-fund-withdrawal"]
    assert MENTIONS.said(text, "retirement")


def test_the_item_named_last_comes_first() -> None:
    assert MENTIONS.mentioned("护照先不办了，改成办居住证") == ["residence-permit", "passport"]


def test_one_wrong_character_still_names_the_item() -> None:
    assert MENTIONS.mentioned("奶奶九十了，高玲津贴怎么领") == ["elderly-allowance"]


def test_longer_terms_outweigh_shorter_ones() -> None:
    text = "退休以后公积金提取要带什么"
    found = MENTIONS.likeliest(text)
    assert found is not None and found.item_code == "housing-fund-withdrawal"
    scores = MENTIONS.scores(text)
    assert scores["housing-fund-withdrawal"] > scores["retirement"] > 0


def test_the_complaint_intake_is_never_the_item_a_text_is_about() -> None:
    assert MENTIONS.likeliest("打12345热线反映了三次") is None


def test_a_tie_goes_to_the_first_item_of_the_catalogue() -> None:
    mentions = Mentions([_item("a", "甲局", ["补助款"]), _item("b", "乙局", ["补助款"])])
    found = mentions.likeliest("补助款没到")
    assert found is not None and found.item_code == "a"


# -- which department a complaint goes to -------------------------------------------------------


def test_a_confident_department_model_decides() -> None:
    said = MENTIONS.likeliest("失业金迟迟不到账")
    found = complaint_department(MENTIONS, said, predicted=("住房和城乡建设局", MODEL_MIN_PROBA))
    assert found == Destination("", "", "住房和城乡建设局", MODEL_MIN_PROBA)


def test_the_item_agreeing_with_the_department_model_is_kept() -> None:
    said = MENTIONS.likeliest("失业金迟迟不到账")
    found = complaint_department(MENTIONS, said, predicted=("人力资源和社会保障局", 0.9))
    assert found is not None and (found.item_code, found.score) == ("unemployment-benefit", 0.9)


def test_an_unsure_department_model_leaves_it_to_the_item_model_then_the_keywords() -> None:
    said = MENTIONS.likeliest("失业金迟迟不到账")
    unsure = ("住房和城乡建设局", MODEL_MIN_PROBA - 0.01)
    by_items = complaint_department(MENTIONS, said, predicted=unsure, likely=[(INTAKE, 0.8), ("passport", 0.3)])
    assert by_items is not None and (by_items.item_code, by_items.department) == ("passport", "公安局")
    faint = [("passport", ITEM_MIN_PROBA - 0.01)]
    by_words = complaint_department(MENTIONS, said, predicted=unsure, likely=faint)
    assert by_words is not None and by_words.item_code == "unemployment-benefit"
    assert complaint_department(MENTIONS, None, likely=faint) is None


# -- opinion reads texts through the rule --------------------------------------------------------

REQUESTS = [
    ("孩子要出国读书，证件怎么弄", "passport"),
    ("下个月去日本，出境证件过期了", "passport"),
    ("要去国外探亲，出境的本子在哪办", "passport"),
    ("单位把我裁了，每个月能领多少钱", "unemployment-benefit"),
    ("厂子关门了，工人们去哪领补助", "unemployment-benefit"),
    ("被公司开除了，生活费哪里申请", "unemployment-benefit"),
    ("今天天气怎么样", "none"),
    ("附近有什么好吃的", "none"),
] * 3


def _item_model() -> TfidfClassifier:
    model = TfidfClassifier()
    model.fit(Dataset([t for t, _ in REQUESTS], [c for _, c in REQUESTS]))
    return model


def test_opinion_routes_by_the_item_model_before_the_keywords() -> None:
    text = "出境证件办了两个月还没拿到，打12345也没用"
    assert Router(ITEMS).route(text) is None  # no catalogue term of an item: only the intake's
    route = Router(ITEMS, item_model=_item_model()).route(text)
    assert route is not None and (route.item_code, route.department) == ("passport", "公安局")


def test_opinion_routes_a_batch_as_it_routes_each_text() -> None:
    router = Router(ITEMS, item_model=_item_model())
    texts = ["出境证件办了两个月还没拿到", "公积金提取太慢了", "今天天气怎么样"]
    assert router.route_many(texts) == [router.route(t) for t in texts]


def test_models_load_from_the_active_ones_and_stay_loaded(tmp_path: Path) -> None:
    assert load_department_model(tmp_path) is None and load_item_model(None) is None
    registry = ModelRegistry(tmp_path)
    _item_model().save(registry.new_path("items"))
    registry.activate("service", "items")
    first = load_item_model(tmp_path)
    assert first is not None and load_item_model(tmp_path) is first
    assert load_department_model(tmp_path) is None


def test_a_broken_active_model_routes_by_the_other_evidence(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path)
    _item_model().save(registry.new_path("dept"))
    registry.activate("ticket_department", "dept")
    (tmp_path / "dept" / "govhall-model.json").write_text("{", encoding="utf-8")
    assert load_department_model(tmp_path) is None
    (tmp_path / "active.json").write_text(json.dumps({"ticket_department": "gone"}), encoding="utf-8")
    assert load_department_model(tmp_path) is None


@pytest.mark.parametrize("text", ["", "，，，", "ok 123"])
def test_texts_without_words_go_nowhere(text: str) -> None:
    assert Router(ITEMS).route(text) is None
    assert MENTIONS.mentioned(text) == []
