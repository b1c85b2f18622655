"""Form auto-fill from a citizen's message, with spans, conflicts and missing fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from govhall.text import autofill, field_entity_type
from govhall.text.validators import id_check_digit

ID = "11010519800307123" + id_check_digit("11010519800307123")
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["applicant_name", "id_number", "phone", "address", "household_type"],
    "properties": {
        "applicant_name": {"type": "string", "title": "申请人姓名"},
        "id_number": {"type": "string", "title": "公民身份号码", "format": "cn-id-card"},
        "phone": {"type": "string", "title": "联系电话", "format": "cn-mobile"},
        "address": {"type": "string", "title": "居住地址"},
        "gender": {"type": "string", "title": "性别", "enum": ["男", "女"]},
        "household_type": {"type": "string", "title": "户籍类型", "enum": ["城镇户籍", "农村户籍"]},
        "birth_date": {"type": "string", "title": "出生日期", "format": "date"},
        "unemployment_date": {"type": "string", "title": "失业日期", "format": "date"},
        "monthly_income_amount": {"type": "number", "title": "家庭月收入（元）"},
        "spouse_name": {"type": "string", "title": "配偶姓名"},
        "remarks": {"type": "string", "title": "备注", "maxLength": 200},
    },
}
TODAY = date(2025, 6, 15)


def test_autofill_fills_fields_with_spans() -> None:
    text = (
        f"我叫王建国，身份证{ID}，电话一三九一二三四五六七八，住朝阳区建国路88号，"
        "去年十月失业，月收入三千五百元，我老婆叫李秀英，农村户籍"
    )
    result = autofill(SCHEMA, text, today=TODAY).to_dict()
    fields = result["fields"]
    assert fields["applicant_name"]["value"] == "王建国"
    assert fields["id_number"]["value"] == ID
    phone = fields["phone"]
    assert phone["value"] == "13912345678"
    assert text[phone["start"] : phone["end"]] == "一三九一二三四五六七八"
    assert fields["address"]["value"] == "北京市朝阳区建国路88号"
    assert fields["gender"]["value"] == "男"
    assert fields["birth_date"]["value"] == "1980-03-07"
    assert fields["unemployment_date"]["value"] == "2024-10-01"
    assert fields["monthly_income_amount"]["value"] == 3500
    assert fields["spouse_name"]["value"] == "李秀英"
    assert fields["household_type"]["value"] == "农村户籍"
    assert "remarks" not in fields
    assert result["conflicts"] == [] and result["missing"] == []
    assert set(phone) == {"value", "start", "end", "confidence"}


def test_two_phones_are_a_conflict_not_a_guess() -> None:
    result = autofill(SCHEMA, "电话13912345678，手机13812345678", today=TODAY)
    assert "phone" not in result.fields
    (conflict,) = result.conflicts
    assert conflict["field"] == "phone"
    assert {c["value"] for c in conflict["candidates"]} == {"13912345678", "13812345678"}
    assert "phone" in result.missing


def test_a_relatives_phone_does_not_fill_the_applicants() -> None:
    result = autofill(SCHEMA, "我儿子的电话13812345678", today=TODAY)
    assert "phone" not in result.fields


def test_empty_text_fills_nothing() -> None:
    result = autofill(SCHEMA, "", today=TODAY)
    assert result.fields == {} and result.missing == SCHEMA["required"]


def test_field_entity_type_by_format_name_and_title() -> None:
    assert field_entity_type("x", {"format": "cn-id-card"}) == "id_card"
    assert field_entity_type("bank_card", {"type": "string"}) == "bank_card"
    assert field_entity_type("apply_date", {"type": "string"}) == "date"
    assert field_entity_type("birth_date", {"type": "string", "format": "date"}) == "birth_date"
    assert field_entity_type("fee_amount", {"type": "number"}) == "amount"
    assert field_entity_type("contact", {"type": "string", "title": "联系电话"}) == "phone"
    assert field_entity_type("remarks", {"type": "string", "title": "备注"}) is None


def test_a_date_field_about_an_event_is_not_a_birth_date() -> None:
    from govhall.text import field_entity_type

    assert field_entity_type("incident_date", {"type": "string", "title": "困难发生日期", "format": "date"}) == "date"


def test_month_and_day_take_the_year_of_an_earlier_full_date() -> None:
    from datetime import date

    from govhall.text import extract

    dates = [e.value for e in extract("2025年1月3日入院，1月15日出院", date(2026, 3, 1)) if e.type == "date"]
    assert dates == ["2025-01-03", "2025-01-15"]


def test_name_cue_before_a_place_is_no_name() -> None:
    from govhall.text import extract

    assert [e for e in extract("店名叫武汉市洪山区春生水果店") if e.type == "name"] == []
