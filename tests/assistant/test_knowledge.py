"""Consultations across items, answered from the knowledge graph: materials and eligibility."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from govhall import catalog
from govhall.assistant import Assistant, TurnResult, open_session
from govhall.assistant.knowledge import asked_document, is_eligibility_question, read_profile
from govhall.cases import make_calendar
from govhall.knowledge_graph.store import GraphCache, build_catalogue_graph
from tests.assistant.conftest import assistant_settings

# -- reading the message -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我65岁、独居、低收入，能申请什么？", {"age": 65, "household_size": 1}),
        (
            "我六十五岁，本地户口，一个人住，每月收入八百元",
            {"age": 65, "household_size": 1, "hukou_local": True, "household_income_per_person": 800.0},
        ),
        ("家里3口人，月收入3000元", {"household_size": 3, "household_income_per_person": 1000.0}),
        ("我是残疾人，还没有残疾证", {"has_disability": True, "disability_certified": False}),
        (
            "我被公司辞退了，交了两年失业保险",
            {"employment_status": "失业", "unemployment_involuntary": True, "unemployment_insurance_months": 24},
        ),
        ("我是外地户口，在这里租房住", {"hukou_local": False, "owns_housing": False, "buying_or_renting_home": True}),
    ],
)
def test_profile_is_read_from_plain_chinese(text: str, expected: dict[str, object]) -> None:
    assert read_profile(text).values == expected


def test_only_what_was_said_is_kept() -> None:
    impossible = read_profile("我300岁")
    assert impossible.values == {} and impossible.ignored == ["年龄 300"]
    vague = read_profile("我每月收入2000元，能申请什么")
    assert "household_income_per_person" not in vague.values and vague.ignored
    reading = read_profile("我65岁、独居、低收入")
    assert reading.groups == ["低收入家庭", "老年人"] and reading.profile().age == 65


def test_contradictions_drop_the_contested_fact_instead_of_failing() -> None:
    reading = read_profile("我在职上班，被公司辞退了")
    reading.values.update(employment_status="在职", unemployment_involuntary=True)
    profile = reading.profile()
    assert profile.employment_status == "在职" and profile.unemployment_involuntary is None and reading.ignored


@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("我65岁、独居、低收入，能申请什么？", True),
        ("残疾人能享受哪些政策？", True),
        ("我这种情况有什么补贴", True),
        ("失业金能申请吗", False),
        ("居住证怎么办", False),
    ],
)
def test_eligibility_questions_ask_what_not_whether(text: str, yes: bool) -> None:
    assert is_eligibility_question(text) is yes


def test_material_questions_across_items() -> None:
    assert asked_document("哪些事要带户口簿？", []) == "居民户口簿"
    assert asked_document("办这些事都要带户口本吗", []) == "居民户口簿"
    assert asked_document("办居住证和护照都要带身份证吗", ["passport", "residence-permit"]) == "居民身份证"
    assert asked_document("办居住证要带户口本吗", ["residence-permit"]) is None
    assert asked_document("哪些事项办得最快", []) is None


# -- in the conversation -------------------------------------------------------------------------


def _ask(helper: Assistant, db: Session, text: str) -> TurnResult:
    row = open_session(db, None)
    return helper.take_turn(db, None, row.public_id, text)


def _needing(db: Session, word: str) -> set[str]:
    return {
        str(item["code"])
        for item in catalog.current_contents(db)
        if any(word in str(m["name"]) for m in item["materials"])
    }


@pytest.mark.parametrize("text", ["哪些事要带户口簿？", "办这些事都要带户口本吗"])
def test_which_items_need_a_document_comes_from_requires_edges(helper: Assistant, db: Session, text: str) -> None:
    result = _ask(helper, db, text)
    expected = _needing(db, "户口簿")
    assert result.intent == "consult" and len(expected) >= 5
    assert {c["item_code"] for c in result.citations} == expected
    assert f"需要居民户口簿的事项共 {len(expected)} 个" in result.reply
    for n in range(1, len(result.citations) + 1):
        assert f"[{n}]" in result.reply
    names = {str(i["code"]): str(i["name"]) for i in catalog.current_contents(db)}
    assert all(names[code] in result.reply for code in expected)


def test_named_items_get_a_yes_or_no_each(helper: Assistant, db: Session) -> None:
    result = _ask(helper, db, "办居住证和护照都要带户口本吗")
    needing = _needing(db, "户口簿")
    assert {c["item_code"] for c in result.citations} == {"residence-permit", "passport"}
    for line in result.reply.splitlines()[1:]:
        code = "passport" if "护照" in line else "residence-permit"
        assert ("不需要" in line) is (code not in needing)


def test_one_named_item_is_still_the_guides(helper: Assistant, db: Session) -> None:
    result = _ask(helper, db, "办居住证要带户口本吗")
    assert result.citations[0]["kind"] == "guide" and result.citations[0]["item_code"] == "residence-permit"
    assert "需要居民户口簿的事项" not in result.reply and "居住证" in result.reply


def test_eligibility_lists_what_is_missing_with_articles(helper: Assistant, db: Session) -> None:
    result = _ask(helper, db, "我65岁、独居、低收入，能申请什么？")
    reply = result.reply
    assert result.intent == "consult" and "65 岁" in reply and "独居" in reply
    assert "【可能符合，还需了解】" in reply and "最低生活保障" in reply
    dibao_line = next(line for line in reply.splitlines() if "最低生活保障" in line)
    assert "是否本地户籍" in dibao_line and "家庭人均月收入" in dibao_line
    assert "【暂不符合】" in reply and "80 周岁" in reply  # 高龄津贴 starts at 80
    articles = {(c["title"], c["article"]) for c in result.citations}
    assert ("社会救助暂行办法", "第九条") in articles
    assert ("中华人民共和国老年人权益保障法", "第三十三条") in articles
    assert all(c["kind"] == "article" for c in result.citations)


def test_eligibility_with_full_facts_says_eligible(helper: Assistant, db: Session) -> None:
    result = _ask(helper, db, "我82岁，本地户口，一个人住，每月收入600元，能申请什么？")
    eligible = result.reply.split("【可以申请】", 1)[1].split("【", 1)[0]
    assert "最低生活保障" in eligible and "高龄" in eligible


def test_eligibility_without_facts_asks_for_them(helper: Assistant, db: Session) -> None:
    result = _ask(helper, db, "我能申请什么？")
    assert "请告诉我更多情况" in result.reply and result.citations == []


def test_stored_graph_is_used_once_built(tmp_path: Path, db_url: str, models_dir: Path, db: Session) -> None:
    cache = GraphCache()
    helper = Assistant(assistant_settings(tmp_path, db_url, models_dir), make_calendar(), graph_cache=cache)
    before = _ask(helper, db, "哪些事要带户口簿？")
    build_catalogue_graph(db)
    after = _ask(helper, db, "哪些事要带户口簿？")
    assert cache._index is not None and cache._index.data.nodes  # the stored graph was loaded
    assert before.reply == after.reply and before.citations == after.citations


def test_articles_read_from_policy_texts_are_cited_for_named_groups(
    tmp_path: Path, sqlite_url: str, models_dir: Path
) -> None:
    from govhall import policies
    from govhall.db import make_engine, make_session_factory, transaction
    from govhall.knowledge_graph.store import build_graph

    engine = make_engine(sqlite_url)
    try:
        with make_session_factory(engine)() as db:
            with transaction(db):
                policies.sync_builtin(db)
            build_graph(db)
            helper = Assistant(assistant_settings(tmp_path, sqlite_url, models_dir), make_calendar())
            result = _ask(helper, db, "我被公司辞退了，交了两年失业保险，本地户口，已经做了失业登记，能领什么补贴？")
    finally:
        engine.dispose()
    eligible = result.reply.split("【可以申请】", 1)[1].split("【", 1)[0]
    assert "失业保险金" in eligible and "12 个月" in eligible  # 失业保险条例 第十七条, computed
    assert "【相关政策条款】" in result.reply
    cited = {(c["title"], c["article"]) for c in result.citations}
    assert ("失业保险条例", "第十七条") in cited and ("中华人民共和国社会保险法", "第四十五条") in cited
    assert len(cited) == len(result.citations)  # each article cited once
