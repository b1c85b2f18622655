"""Form validation speaks Chinese, per field, and enforces the custom formats."""

from __future__ import annotations

from govhall.catalog import coerce_form_post, mask_form_data, validate_form

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["applicant_name", "id_number", "phone"],
    "properties": {
        "applicant_name": {"type": "string", "title": "申请人姓名", "minLength": 2, "maxLength": 10},
        "id_number": {"type": "string", "title": "公民身份号码", "format": "cn-id-card"},
        "phone": {"type": "string", "title": "联系电话", "format": "cn-mobile"},
        "months": {"type": "integer", "title": "缴费月数", "minimum": 12},
        "reason": {"type": "string", "title": "原因", "enum": ["辞退", "合同到期"]},
        "start_date": {"type": "string", "title": "开始日期", "format": "date"},
        "bank_card": {"type": "string", "title": "银行卡号", "format": "bank-card"},
        "agree": {"type": "boolean", "title": "同意"},
    },
}
GOOD = {"applicant_name": "王建国", "id_number": "11010519491231002X", "phone": "13912345678"}


def test_valid_data_has_no_problems() -> None:
    assert validate_form(SCHEMA, GOOD) == {}


def test_each_problem_is_reported_on_its_field_in_chinese() -> None:
    problems = validate_form(
        SCHEMA,
        {
            "applicant_name": "王",
            "id_number": "110105194912310021",
            "phone": "12345",
            "months": "十二",
            "reason": "其他",
            "start_date": "2024-02-30",
            "bank_card": "6222021234567890",
            "extra": 1,
        },
    )
    assert set(problems) == {
        "applicant_name",
        "id_number",
        "phone",
        "months",
        "reason",
        "start_date",
        "bank_card",
        "extra",
    }
    assert "校验位" in problems["id_number"]
    assert "手机号码" in problems["phone"]
    assert "整数" in problems["months"]
    assert "只能选择" in problems["reason"]
    assert "YYYY-MM-DD" in problems["start_date"]
    assert "没有字段" in problems["extra"]


def test_missing_required_fields_name_the_field() -> None:
    problems = validate_form(SCHEMA, {})
    assert problems["phone"] == "请填写“联系电话”"
    assert set(problems) == {"applicant_name", "id_number", "phone"}


def test_non_object_and_control_characters_are_rejected() -> None:
    assert "_form" in validate_form(SCHEMA, ["not", "an", "object"])
    assert "applicant_name" in validate_form(SCHEMA, {**GOOD, "applicant_name": "王\x00国"})


def test_html_form_posts_are_coerced_to_schema_types() -> None:
    data = coerce_form_post(SCHEMA, {"applicant_name": " 王建国 ", "months": "24", "phone": "", "agree": "true"})
    assert data == {"applicant_name": "王建国", "months": 24, "agree": True}
    assert coerce_form_post(SCHEMA, {"months": "abc"})["months"] == "abc"  # left for validation to report


def test_masking_hides_identifiers_and_names() -> None:
    masked = mask_form_data(SCHEMA, {**GOOD, "bank_card": "6222021234567894"})
    assert masked["id_number"] == "110105********002X"
    assert masked["phone"] == "139****5678"
    assert masked["applicant_name"] == "王*国"
    assert masked["bank_card"] == "****7894"


def test_the_apply_page_prefill_takes_only_the_forms_fields_the_account_holds() -> None:
    from govhall.accounts import Role, User
    from govhall.catalog import account_prefill

    citizen = User(username="lihua", display_name="李华", role=Role.CITIZEN, phone="13800001111", id_number=None)
    assert account_prefill(SCHEMA, citizen) == {"applicant_name": "李华", "phone": "13800001111"}
    only_name = {"type": "object", "properties": {"applicant_name": {"type": "string"}}}
    assert account_prefill(only_name, citizen) == {"applicant_name": "李华"}
