"""What a question asks beyond the statutes, and the figure it asks for (issue 18, round 7): the
refusal model's ``beyond`` feature and the clause that states a number of the kind asked."""

from __future__ import annotations

import numpy as np
import pytest

from govhall.policies.compose import select_clause
from govhall.policies.qtypes import asked_figure, detect_qtype
from govhall.policies.refusal import FEATURES, refusal_features
from govhall.policies.scope import beyond_statutes
from govhall.policies.terms import asked_terms
from tests.policies.samples import driving_rule_hit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("我在日本留学，在那边打工一周最多能干多少小时？", "elsewhere"),
        ("香港现在的最低工资一小时多少钱？", "elsewhere"),
        ("明年个税起征点会不会涨到一万？", "future"),
        ("要是以后开征房产税，我家两套房一年要交多少？", "future"),
        ("我上个月交的工伤认定申请，现在审到哪一步了？", "case"),
        ("我邻居老王上个月申请的低保，批下来没有？", "case"),
        ("我同事去年告公司违法辞退，法院最后判给他多少钱？", "case"),
        ("隔壁装修把我家墙震裂了，他们应该赔我多少？", "private"),
        ("我借给朋友五万块钱，一年多了一直不还，我能去告他吗？", "private"),
        # a matter a law the library does not hold governs (round 8)
        ("年底单位发的奖金要不要交个人所得税？", "other_law"),
        ("自己琢磨出来的新式拖把想申请个专利，去哪儿办？", "other_law"),
        ("暑假想带孩子去澳门玩，往来港澳通行证怎么办？", "other_law"),
        ("单位说节假日加班费按1.5倍算，对不对？", "other_law"),
        ("网上买的鞋子穿着不合脚，商家不给无理由退货怎么办？", "other_law"),
        ("小区的物业费一年收三千块，这合理吗？", "other_law"),
        ("老家要拆迁了，补偿标准一平米多少钱？", "other_law"),
        # round 10: matters next to the library's laws that another national law or regulation governs
        ("孩子满十六岁了，第一次换领身份证去哪儿？", "other_law"),
        ("厂里要求每天上班十二个小时，一周最多能让干多少个小时？", "other_law"),
        ("劳动仲裁的时效是多少天，过了还能告吗？", "other_law"),
        ("社保局的决定我不认，提起行政诉讼的期限是多久？", "other_law"),
        ("朋友酒驾被查了，会不会拘留？罚款是多少？", "other_law"),
        ("过年春节一共放几天假？", "other_law"),
        ("车险出险以后保险公司多久能理赔到账？", "other_law"),
        ("网上刷单被骗了两万，还能追回来吗？", "other_law"),
        ("老大的托育费国家有补贴吗？", "other_law"),
        ("腰伤请了病假，病假工资怎么算？", "other_law"),
        ("我老爸今年59，到几岁能退休？", "other_law"),
        ("办个房产公证要交多少钱？", "other_law"),
        ("信用卡晚还了几天，会不会影响征信？", "other_law"),
        ("退租的时候房东扣着押金不退，合法吗？", "other_law"),
        ("我们夫妻想领养一个孩子，要办什么手续？", "other_law"),
        ("男的满多少岁才能领证结婚？", "other_law"),
        ("超市卖过期食品，能要求十倍赔偿吗？", "other_law"),
    ],
)
def test_questions_beyond_the_statutes_are_told_by_their_kind(question: str, kind: str) -> None:
    assert kind in beyond_statutes(question)


@pytest.mark.parametrize(
    "question",
    [
        # a trip abroad asks about a passport; a Hong Kong resident marrying here about the mainland's rule
        "想带孩子去日本旅游，护照得去哪儿办？",
        "我是香港居民，在内地结婚要带什么？",
        # one's own future birthday, a waiting time, a friend as the one asking about his own case
        "我明年满60岁了，能领养老金吗？",
        "低保申请多久能批下来？",
        "我朋友在厂里受了工伤，能申请工伤认定吗？",
        # asking the government to disclose an expropriation document is 政府信息公开条例's; giving up an
        # inheritance does not end the duty to support one's parents (老年人权益保障法)
        "想向县政府申请公开征地补偿的文件，多久给答复？",
        "我弟说他放弃继承权了，所以爸妈的养老钱他一分不出，行吗？",
        "我们俩想去办离婚登记，要带哪些证件？",
        # round 10: the library's own rules next to the matters above — a part-time job's or a pregnant
        # worker's hours, a licence after drink-driving, review as a right, the maternity benefit, a
        # card asked for as a document, wages not paid, the pension age as the library words it
        "做兼职的小时工，一周最多能干多少个小时？",
        "怀孕八个月了，公司还让我每天加班两个小时，合法吗？",
        "醉驾被吊销了驾照，过几年能重新考？",
        "对工伤认定结论不服，能申请行政复议吗？",
        "生孩子的生育津贴按什么标准发？",
        "办居住证要带身份证和什么材料？",
        "老板拖欠工资三个月不发，我能辞职要补偿吗？",
        "达到退休年龄了社保还没交满十五年怎么办？",
        "收养的孩子去派出所上户口要带什么？",
        "房租太贵了，能不能用公积金付房租？",
    ],
)
def test_questions_the_statutes_answer_are_not_beyond_them(question: str) -> None:
    assert beyond_statutes(question) == ()


def test_the_refusal_evidence_carries_the_beyond_feature() -> None:
    hits = [driving_rule_hit("第六十八条", "劳动者每日工作时间不超过八小时。", 1.0)]
    beyond = FEATURES.index("beyond")
    asked = "我在日本留学，在那边打工一周最多能干多少小时？"
    assert refusal_features(asked, detect_qtype(asked), hits)[beyond] == 1.0
    # a part-time job's hours are the library's (劳动合同法第六十八条); a full-time job's are 劳动法's (round 10)
    home = "我在厂里做兼职，一周最多能干多少小时？"
    assert refusal_features(home, detect_qtype(home), hits)[beyond] == 0.0


def test_a_number_asked_outside_the_number_types_wants_a_number() -> None:
    # "利率是多少" and "报销百分之多少" ask for a percentage whatever their type
    for question in ("住房公积金贷款现在的利率是多少？", "退休以后看病医保能报销百分之多少？"):
        figure = asked_figure(question, detect_qtype(question))
        assert figure is not None and figure.search("5%") and not figure.search("按照国家规定的利率计息")
    # a speed is answered in 公里
    speed = asked_figure("早上雾大，车速最多能开多少？", "其他")
    assert speed is not None and speed.search("每小时30公里") and not speed.search("50米")
    # a yes/no question asks for no number
    assert asked_figure("我能领失业金吗？", "能不能") is None
    # compensation with a person before 多少, and who pays, are typed
    assert detect_qtype("这种违法辞退要赔我多少？") == "多少钱"
    assert detect_qtype("厂里没交工伤保险，医药费该谁出？") == "找谁"


def test_a_unit_after_a_number_is_not_part_of_the_term() -> None:
    # 5年 + 服务期 names 服务期 (a term the library names), not 年服务期
    assert asked_terms("签了五年服务期，我干了两年想走") == ["服务期"]
    assert asked_terms("干满一年了，带薪年假有几天") == ["年假"]


def test_the_clause_stating_the_unit_asked_leads() -> None:
    # "要等多少天" is answered by the 60日 clause, not by its better-ranked neighbour counting in years
    hits = [
        driving_rule_hit("第二十八条", "自劳动能力鉴定结论作出之日起1年后，可以申请劳动能力复查鉴定。", 1.0),
        driving_rule_hit(
            "第二十七条", "劳动能力鉴定委员会应当自收到劳动能力鉴定申请之日起60日内作出劳动能力鉴定结论。", 0.95
        ),
        driving_rule_hit("第二十五条", "劳动能力鉴定结论应当及时送达申请鉴定的单位和个人。", 0.9),
    ]
    asked = "交了劳动能力鉴定申请，要等多少天才出鉴定结论？"
    clause = select_clause(asked, "几天内", hits)
    assert clause is not None and "60日内" in clause.sentence
    assert np.isfinite(clause.score)
    # the refusal evidence judges the clause the words lead to, not one picked for having the figure
    words_only = select_clause(asked, "几天内", hits, prefer_figure=False)
    assert words_only is not None and "1年后" in words_only.sentence
