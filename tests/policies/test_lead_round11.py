"""The answer sentence states the fact (issue 18, round 11): a clause whose condition the citizen's own
figure fails is not the lead; a list item is said with the consequence its lead-in gives; an age verdict
is followed by what the age decides. Texts and questions are written for these tests (invented rules in
the laws' style), none taken from a QA set."""

from __future__ import annotations

from govhall.policies.compose import (
    Clause,
    citizen_figures,
    compute_figure,
    condition_agreement,
    item_with_consequence,
    select_clause,
)
from govhall.policies.search import SearchHit
from tests.policies.samples import article_hit


def _hit(article: str, paragraphs: list[str], *, title: str = "示例休假规定", score: float = 1.0) -> SearchHit:
    return article_hit(article, paragraphs, title=title, score=score)


def test_the_citizens_length_of_time_and_age_are_read_but_not_a_condition_they_quote() -> None:
    assert citizen_figures("我在这个单位干了两年，年假有几天") == (24.0, None)
    assert citizen_figures("儿子今年15岁，能不能自己去办") == (None, 15)
    # a length stated as a condition ("交不满十五年", "超过6个月") is no figure of the citizen's
    assert citizen_figures("养老保险交不满十五年怎么办") == (None, None)
    assert citizen_figures("工作超过6个月才有年假吗") == (None, None)
    # two different lengths: which one the clause is about is not known
    assert citizen_figures("干了3年，中间停了8个月，补偿怎么算") == (None, None)


def test_a_condition_in_the_clause_head_is_checked_and_an_outcome_is_not() -> None:
    two_years = (24.0, None)
    assert condition_agreement(two_years, "连续工作满1年不满10年的，年休假5天；") == 0
    assert condition_agreement(two_years, "连续工作满10年不满20年的，年休假10天；") == 1
    assert condition_agreement(two_years, "连续工作不满1年的，不享受年休假。") == 1
    # "不得超过6个月" is what the clause grants, not a condition of it
    assert condition_agreement((36.0, None), "合同期限3年以上的，见习期不得超过6个月。") == 0
    # a sentence without a conditional head and an age condition without an age said speak to nothing
    assert condition_agreement(two_years, "职工每年享受带薪年休假。") == 0
    assert condition_agreement(two_years, "未满18周岁的，由监护人代为申请。") == 0
    assert condition_agreement((None, 15), "未满16周岁的，由监护人代为申请。") == 0
    assert condition_agreement((None, 17), "未满16周岁的，由监护人代为申请。") == 1


def test_the_lead_is_not_a_sentence_whose_condition_the_citizens_figure_fails() -> None:
    hits = [
        _hit(
            "第三条",
            [
                "职工连续工作满1年不满10年的，年休假5天；满10年不满20年的，年休假10天；满20年的，年休假15天。",
            ],
        ),
    ]
    clause = select_clause("我在厂里已经干了十二年了，一年能休几天年假", "多久", hits)
    assert clause is not None and "满10年不满20年" in clause.sentence
    clause = select_clause("上班才三年，年休假有几天", "多久", hits)
    assert clause is not None and "满1年不满10年" in clause.sentence


def test_an_item_is_said_with_the_consequence_its_lead_in_gives() -> None:
    hit = _hit(
        "第九条",
        [
            "有下列情形之一的，可以向上一级主管部门申请复核，也可以依法向人民法院提起诉讼：",
            "（一）对补贴核定的数额不服的；",
            "（二）对停发补贴的决定不服的。",
        ],
    )
    clause = select_clause("补贴被停发了我不服，怎么办", "不服怎么办", [hit])
    assert clause is not None and clause.paragraph == 2
    said = item_with_consequence(hit, clause, "补贴被停发了我不服，怎么办")
    assert said == "对停发补贴的决定不服的，可以向上一级主管部门申请复核，也可以依法向人民法院提起诉讼"


def test_a_sentence_inside_a_lead_in_is_said_with_the_item_asked_about_and_every_consequence() -> None:
    hit = _hit(
        "第二十条",
        [
            "持证人有下列行为之一的，由发证机关责令改正；造成损失的，责令赔偿；情节严重的，收回其证件6个月至1年：",
            "（一）将本人的乘车证交给他人使用；",
            "（二）涂改乘车证上的有效日期。",
        ],
        title="示例乘车证办法",
    )
    # the item itself, or a sentence inside the lead-in, chosen as the clause: the same lead
    item = select_clause("把乘车证交给他人用了会怎样", "会怎么样", [hit])
    inside = Clause(0, 0, "造成损失的，责令赔偿；", "造成损失的，责令赔偿；")
    for clause in (item, inside):
        assert clause is not None
        said = item_with_consequence(hit, clause, "把乘车证交给他人用了会怎样")
        assert said.startswith("将本人的乘车证交给他人使用的，由发证机关责令改正")
        assert said.endswith("收回其证件6个月至1年")
    # no item named: the lead-in with its whole list, so that no consequence is left out
    general = item_with_consequence(hit, inside, "违规了要受什么处理")
    assert "收回其证件6个月至1年" in general and "（二）涂改乘车证上的有效日期" in general


def test_a_lead_in_that_states_no_consequence_and_its_own_list_are_left_as_they_are() -> None:
    hit = _hit(
        "第五条",
        ["申请乘车证，应当提交下列材料：", "（一）身份证；", "（二）近期照片。"],
        title="示例乘车证办法",
    )
    clause = select_clause("办乘车证要带什么", "要什么", [hit])
    assert clause is not None
    assert item_with_consequence(hit, clause, "办乘车证要带什么") == ""


def test_an_age_verdict_is_followed_by_what_the_age_decides() -> None:
    hit = _hit(
        "第八条",
        ["读者证的有效期为：持证人未满18周岁的3年，18周岁以上的6年。"],
        title="示例图书馆条例",
    )
    clause = select_clause("女儿今年9岁，给她办的读者证能用几年", "多久", [hit])
    figure = compute_figure("女儿今年9岁，给她办的读者证能用几年", clause, [hit])
    assert figure is not None
    assert figure.sentence.startswith("按您说的9岁，符合条文中“不满18周岁”这一年龄条件。")
    assert "未满18周岁的3年" in figure.sentence


def test_a_multiple_of_an_amount_is_said_in_money_at_the_sum_the_citizen_states() -> None:
    from govhall.policies.rules import multiple_of_amount
    from govhall.text import normalize

    fine = normalize("由主管部门责令退回，处冒用金额2倍以上4倍以下的罚款。")
    applied = multiple_of_amount(normalize("冒用了别人的乘车补贴3千元，会被罚多少"), fine)
    assert applied is not None
    assert applied.sentence == "条文按金额的2倍以上4倍以下计，按您说的3000元算，为6000元至12000元。"
    share = normalize("逾期不付的，按应付金额百分之二十以上百分之五十以下加付违约金。")
    applied = multiple_of_amount(normalize("押金2000块一直不退，能多要多少违约金"), share)
    assert applied is not None and "400元至1000元" in applied.sentence
    income = normalize("一次性补助金为上年度当地人均可支配收入的10倍。")
    applied = multiple_of_amount(normalize("当地人均可支配收入是4万元，一次性补助金多少"), income)
    assert applied is not None and "400000元" in applied.sentence
    # no sum, two sums, or another base than the article's: nothing computed
    assert multiple_of_amount(normalize("冒用补贴会被罚多少"), fine) is None
    assert multiple_of_amount(normalize("冒用了3千元，退了1千元，罚多少"), fine) is None
    assert multiple_of_amount(normalize("我存了4万元，一次性补助金多少"), income) is None
    # a sum but no amount asked
    assert multiple_of_amount(normalize("冒用了3千元的补贴，谁来处理"), fine) is None
    # the multiple of a fine answers no question about another payment
    assert multiple_of_amount(normalize("月工资5000元，公积金每月交多少"), fine) is None


def test_an_open_ended_contract_is_no_question_about_a_duration() -> None:
    from govhall.policies.qtypes import detect_qtype

    # "无固定期限" names a kind of contract; "期限" alone still asks how long
    assert detect_qtype("在这个厂干满12年了，可以要求签无固定期限的合同吗") == "能不能"
    assert detect_qtype("我能让公司跟我签个不定期限的吗") == "能不能"
    assert detect_qtype("居住证的期限是多长") == "多久"


def test_an_age_the_citizen_says_is_not_reached_yet_is_read_as_under_it() -> None:
    hit = _hit(
        "第六条",
        ["对照顾未满2周岁幼儿的职工，单位不得安排其出差。"],
        title="示例职工照护规定",
    )
    clause = select_clause("孩子还没满两岁，单位能不能派我出差", "能不能", [hit])
    figure = compute_figure("孩子还没满两岁，单位能不能派我出差", clause, [hit])
    assert figure is not None
    assert figure.sentence.startswith("按您说的不满2岁，符合条文中“不满2周岁”这一年龄条件。")
    figure = compute_figure("孩子两岁了，单位能不能派我出差", clause, [hit])
    assert figure is not None and figure.sentence.startswith("按您说的2岁，不符合")
