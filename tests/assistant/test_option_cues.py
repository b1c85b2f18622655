"""Enum options inferred from a described situation (cue groups of data/slot_words.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from govhall.assistant.slots import fill

BASIS = {"type": "string", "title": "申领依据", "enum": ["合法稳定就业", "合法稳定住所", "连续就读"]}
HOUSING = {"type": "string", "title": "住所类型", "enum": ["租赁住房", "自有住房", "单位或学校宿舍", "借住亲友住房"]}
REASON = {
    "type": "string",
    "title": "离职原因",
    "enum": ["劳动合同期满终止", "被用人单位解除劳动合同", "用人单位破产、关闭或撤销", "用人单位提出协商解除"],
}
KINDS = {"type": "string", "title": "查询险种", "enum": ["全部险种", "失业保险", "工伤保险"]}
HEARING = {"type": "string", "title": "残疾类别", "enum": ["视力残疾", "听力残疾", "肢体残疾"]}
LIVING = {"type": "string", "title": "居住状况", "enum": ["独居", "与配偶同住", "与子女同住"]}


def _chosen(spec: dict[str, Any], text: str) -> Any:
    form = {"type": "object", "properties": {"choice": spec}}
    return fill(form, text, current={}, pending=["choice"]).values.get("choice")


@pytest.mark.parametrize(
    ("spec", "text", "expected"),
    [
        (HOUSING, "眼下在我堂姐家里住着", "借住亲友住房"),
        (HOUSING, "和两个老乡合租了一套", "租赁住房"),
        (HOUSING, "前两年贷款买了套两居室", "自有住房"),
        (BASIS, "前两年贷款买了套两居室", "合法稳定住所"),
        (BASIS, "在一家电子厂上班三年了", "合法稳定就业"),
        (REASON, "老板说不要我了，让我明天别来", "被用人单位解除劳动合同"),
        (REASON, "合同到头了厂里没再续", "劳动合同期满终止"),
        (KINDS, "所有的险种我都想看看", "全部险种"),
        (HEARING, "他耳朵早就不灵了", "听力残疾"),
        (LIVING, "家里就老两口自己过日子", "与配偶同住"),
    ],
)
def test_option_inferred_from_a_described_situation(spec: dict[str, Any], text: str, expected: str) -> None:
    assert _chosen(spec, text) == expected


def test_a_negated_cue_part_does_not_count() -> None:
    assert _chosen(HOUSING, "没有在亲戚家住，也没有别的打算") is None


def test_cue_parts_must_share_one_clause() -> None:
    # "住" and "表哥" in different clauses describe nothing about where the speaker lives
    assert _chosen(HOUSING, "表哥帮我问过了，住哪还没定") is None


def test_a_negotiated_ending_is_not_read_as_a_dismissal() -> None:
    assert _chosen(REASON, "公司跟我协商解除合同，给了补偿") == "用人单位提出协商解除"


def test_two_options_described_equally_well_are_asked_about() -> None:
    form = {"type": "object", "properties": {"choice": HOUSING}}
    update = fill(form, "住在厂里的宿舍，每月还得交房租", current={}, pending=["choice"])
    assert update.values == {} and sorted(update.choose["choice"]) == ["单位或学校宿舍", "租赁住房"]
