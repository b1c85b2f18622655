"""Issue 18, round 12: the article that names the remedy or the body is cited for a question asking
what to do against a decision or a wrong, or where to complain; a question's own account ("拖了好几个
月", "初二孩子", "怎么维权", "不授权") is not read as a number asked, a birth order or a term the library
lacks; a question naming the unit it asks for ("百分之几", "满多少岁") is refused when none of the best
articles states a figure of that unit. Questions and texts are written for these tests, none taken from
a QA set."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.policies import SearchFilters
from govhall.policies._structure import short_title
from govhall.policies.answer import _no_figure_stated, _redress_required, ask, retrieve
from govhall.policies.compose import select_clause
from govhall.policies.qtypes import asked_figure, asked_unit, detect_qtype
from govhall.policies.scope import beyond_statutes
from govhall.policies.search import SearchHit, search
from govhall.policies.terms import asked_terms
from tests.policies.samples import article_hit


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("街道一直不给我们办居住证，该怎么办", "不服怎么办"),
        ("区里给的鉴定结果我不认这个，还有什么途径", "不服怎么办"),
        ("申请材料被退回了也没说原因，我该咋办", "不服怎么办"),
        ("小区门口有人倒卖个人信息，去哪儿举报", "找谁"),
        ("想申请救济，不知道该找哪里", "找谁"),
        ("孩子刚出生，报出生登记去哪里", "找谁"),
        ("单位让新员工交培训押金，这个钱该不该交", "能不能"),
        ("网站注册必须填身份证号，这样合规吗", "能不能"),
        ("学校有这个权力吗", "能不能"),
    ],
)
def test_question_forms_of_remedies_bodies_and_permission(question: str, qtype: str) -> None:
    assert detect_qtype(question) == qtype


def test_a_number_the_citizen_tells_is_not_a_number_asked() -> None:
    assert asked_figure("工资拖了好几个月不发，我该咋办", "不服怎么办") is None
    assert asked_figure("这几年一直没人管，法律上有说法吗", "其他") is None
    assert asked_figure("十几天了还没批下来，能不能催", "能不能") is None
    # a number asked is still one
    assert asked_figure("失业金最多能领几个月", "多久") is not None
    assert asked_figure("离职要提前几天说", "几天内") is not None


def test_a_school_year_is_no_birth_order() -> None:
    assert beyond_statutes("初二孩子被学校劝退，学校能这样做吗") == ()
    assert beyond_statutes("高三孩子要转学，要什么手续") == ()
    assert beyond_statutes("生二孩有没有补贴") != ()


def test_a_verb_of_rights_and_a_negation_are_no_terms() -> None:
    assert "维权" not in asked_terms("被拖欠工资了，怎么维权")
    assert all(not term.startswith("不") for term in asked_terms("不授权定位就不能用，合理吗"))
    # a named entitlement is still a term
    assert "陪产假" in asked_terms("男方陪产假能休几天")


def _top(hits: list[SearchHit], n: int = 3) -> list[tuple[str, str]]:
    return [(short_title(h.title), h.article) for h in hits[:n]]


def test_the_remedy_article_of_the_law_found_is_brought_up(library: tuple[Session, Settings]) -> None:
    db, settings = library
    question = "申请临时救助被乡里驳回了，我心里不服，该怎么办"
    plain = search(db, settings, question, k=10, filters=SearchFilters())
    hits = retrieve(db, settings, question, k=10, filters=SearchFilters())
    assert ("社会救助暂行办法", "第六十五条") in _top(hits)
    # nothing is lost: the same articles, one of them moved up or one added
    assert {h.article_id for h in plain} <= {h.article_id for h in hits}
    answer = ask(db, settings, question)
    assert answer.grounded and "行政复议" in answer.answer


def test_the_body_that_orders_it_done_for_a_complaint(library: tuple[Session, Settings]) -> None:
    db, settings = library
    question = "老板没给员工设立公积金账户，该向哪个部门举报"
    assert detect_qtype(question) == "找谁"
    hits = retrieve(db, settings, question, k=10, filters=SearchFilters())
    assert ("住房公积金管理条例", "第三十七条") in _top(hits)


def test_the_article_saying_to_whom_one_applies(library: tuple[Session, Settings]) -> None:
    db, settings = library
    question = "家里遭了水灾一时揭不开锅，想要临时救助，该找哪儿"
    hits = retrieve(db, settings, question, k=10, filters=SearchFilters())
    assert ("社会救助暂行办法", "第四十八条") in _top(hits)


def test_other_questions_keep_the_search_order(library: tuple[Session, Settings]) -> None:
    db, settings = library
    for question in ("失业保险交了八年，失业金最多领几个月", "居住证到哪里去办"):
        plain = search(db, settings, question, k=10, filters=SearchFilters())
        hits = retrieve(db, settings, question, k=10, filters=SearchFilters())
        assert [h.article_id for h in hits[: len(plain)]] == [h.article_id for h in plain]


def _article(text: str, article: str = "第一条") -> SearchHit:
    return article_hit(article, [text], title="示例保障办法")


def test_the_unit_a_question_names() -> None:
    assert asked_unit("看牙能报百分之几") is not None
    assert asked_unit("满多少岁才能申请") is not None
    assert asked_unit("钱几点能到账") is not None
    assert asked_unit("看病的钱按什么比例报") is not None
    # a length of time in one unit is answered in another
    unit = asked_unit("最晚多少个月内要提出")
    assert unit is not None and unit.search("自事故发生之日起1年内提出")
    # no unit named, or only one the citizen tells
    assert asked_unit("这笔补助能领多少") is None
    assert asked_unit("拖了好几个月了，我该咋办") is None


def test_no_article_speaks_of_the_unit_asked() -> None:
    stated = _article("参保人员住院的医疗费用，由基金按照70%的比例支付。")
    handed = _article("具体支付比例由省、自治区、直辖市人民政府确定。")
    silent = _article("参保人员应当持本人医疗保障凭证就医、购药，并主动出示接受查验。")
    assert _no_figure_stated("看牙医保能报百分之几", [silent, silent])
    assert not _no_figure_stated("看牙医保能报百分之几", [silent, stated])
    assert not _no_figure_stated("看牙医保能报百分之几", [silent, handed])
    # a question naming no unit is left to the other evidence
    assert not _no_figure_stated("看牙能不能用医保", [silent])


@pytest.mark.parametrize(
    ("question", "required"),
    [
        ("对工伤认定结论不认可，能走什么程序", "行政复议"),
        ("发现有人违规使用医保基金，可以去哪举报", "举报"),
    ],
)
def test_the_clause_naming_the_remedy_or_the_body_leads(
    library: tuple[Session, Settings], question: str, required: str
) -> None:
    db, settings = library
    answer = ask(db, settings, question)
    assert answer.grounded and required in answer.answer_sentence


def test_a_wrong_told_is_answered_by_the_duty_not_a_remedy(library: tuple[Session, Settings]) -> None:
    # no decision contested: the clause on what the unit must do and who orders it leads, not a review
    db, settings = library
    answer = ask(db, settings, "单位不给交住房公积金怎么办")
    assert "责令" in answer.answer_sentence and "复核" not in answer.answer_sentence


def test_whether_it_is_lawful_is_answered_by_what_forbids_or_permits() -> None:
    question = "试用期里老板说不想要我了就让我走，他能这样吗"
    assert detect_qtype(question) == "能不能"
    required = _redress_required(question, "能不能")
    assert required is not None
    rule = _article(
        "用人单位在试用期解除劳动合同的，应当向劳动者说明理由。\n"
        "在试用期中，除劳动者有严重过错外，用人单位不得解除劳动合同。"
    )
    clause = select_clause(question, "能不能", [rule], require=required)
    assert clause is not None and "不得解除" in clause.sentence
    # asking whether one may do something oneself is no question of lawfulness
    assert _redress_required("失业金能不能一次领完", "能不能") is None
