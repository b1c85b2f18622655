"""Application forms as JSON Schema: validation with a Chinese message per field, and masking.

Custom formats (``cn-id-card``, ``cn-mobile``, ``cn-phone``, ``bank-card``, ``cn-uscc``, ``date``,
``email``) are always enforced, unlike plain JSON Schema where formats are advisory.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from govhall.catalog.schemas import CONTROL_CHARS
from govhall.text import (
    DEFAULT_POLICY,
    field_entity_type,
    is_valid_bank_card,
    is_valid_id_card,
    is_valid_mobile,
    is_valid_uscc,
    mask_data,
    mask_value,
)

if TYPE_CHECKING:
    from govhall.accounts import User

_LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")

FORMAT_MESSAGES = {
    "cn-id-card": "公民身份号码不正确（应为18位，校验位、出生日期和地区码须有效）",
    "cn-mobile": "手机号码不正确（应为以1开头的11位数字）",
    "cn-phone": "电话号码不正确（手机11位，或固话如 010-12345678）",
    "bank-card": "银行卡号不正确（应为16–19位数字且通过校验）",
    "cn-uscc": "统一社会信用代码不正确（18位，校验位须有效）",
    "date": "日期格式不正确（应为 YYYY-MM-DD）",
    "email": "电子邮箱格式不正确",
}


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _string_check(check: Any) -> Any:
    return lambda value: isinstance(value, str) and bool(check(value))


FORMATS = FormatChecker(formats=())
FORMATS.checks("cn-id-card")(_string_check(is_valid_id_card))
FORMATS.checks("cn-mobile")(_string_check(is_valid_mobile))
FORMATS.checks("cn-phone")(_string_check(lambda v: is_valid_mobile(v) or _LANDLINE.match(v)))
FORMATS.checks("bank-card")(_string_check(is_valid_bank_card))
FORMATS.checks("cn-uscc")(_string_check(is_valid_uscc))
FORMATS.checks("date")(_is_iso_date)
FORMATS.checks("email")(_string_check(_EMAIL.match))

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "是/否",
    "object": "对象",
    "array": "列表",
}


def _label(schema: dict[str, Any], name: str) -> str:
    prop = schema.get("properties", {}).get(name, {})
    return str(prop.get("title", name))


def _message(error: ValidationError, schema: dict[str, Any]) -> tuple[str, str]:
    """(field, Chinese message) for one schema violation."""
    path = ".".join(str(p) for p in error.absolute_path)
    field = path or "_form"
    label = _label(schema, path.split(".")[0]) if path else "表单"
    validator = error.validator
    value = error.validator_value
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else ""
        return name or field, f"请填写“{_label(schema, name)}”"
    if validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        return (extra[0] if extra else field), f"表单中没有字段“{'、'.join(extra)}”"
    if validator == "format":
        return field, f"{label}：{FORMAT_MESSAGES.get(str(value), '格式不正确')}"
    if validator == "type":
        expected = value if isinstance(value, str) else "/".join(value)
        return field, f"{label}：应为{_TYPE_NAMES.get(expected, expected)}"
    if validator == "enum":
        return field, f"{label}：只能选择 {'、'.join(str(v) for v in value)}"
    if validator == "maxLength":
        return field, f"{label}：不能超过 {value} 个字"
    if validator == "minLength":
        return field, f"{label}：至少 {value} 个字" if value > 1 else f"请填写“{label}”"
    if validator in ("minimum", "exclusiveMinimum"):
        return field, f"{label}：不能小于 {value}"
    if validator in ("maximum", "exclusiveMaximum"):
        return field, f"{label}：不能大于 {value}"
    if validator == "pattern":
        return field, f"{label}：格式不正确"
    return field, f"{label}：填写有误"


def validate_form(schema: dict[str, Any], data: object) -> dict[str, str]:
    """Every problem of ``data`` against ``schema``, as field → Chinese message (empty if valid)."""
    if not isinstance(data, dict):
        return {"_form": "表单数据必须是一个对象（JSON object）"}
    problems: dict[str, str] = {}
    for name, value in data.items():
        if isinstance(value, str) and CONTROL_CHARS.search(value):
            problems[str(name)] = f"{_label(schema, str(name))}：含有不允许的控制字符"
        elif isinstance(value, float) and not math.isfinite(value):
            # JSON Schema's "number" admits inf and NaN; they are no quantity and PostgreSQL refuses them
            problems[str(name)] = f"{_label(schema, str(name))}：应为有限的数字"
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        field, message = _message(error, schema)
        problems.setdefault(field, message)
    return problems


def coerce_form_post(schema: dict[str, Any], raw: dict[str, str]) -> dict[str, Any]:
    """Turn the strings of an HTML form post into the types the schema expects.

    Empty inputs are dropped (so "required" reports them); values that do not parse are kept as
    strings so that validation reports the field instead of this function guessing.
    """
    props: dict[str, Any] = schema.get("properties", {})
    data: dict[str, Any] = {}
    for name, value in raw.items():
        value = value.strip()
        prop = props.get(name)
        if prop is None or value == "":
            if prop is None and value:
                data[name] = value
            continue
        kind = prop.get("type")
        try:
            if kind == "integer":
                data[name] = int(value)
            elif kind == "number":
                number = float(value)
                data[name] = int(number) if number.is_integer() and "." not in value else number
            elif kind == "boolean":
                data[name] = value in ("true", "on", "1", "是")
            else:
                data[name] = value
        except ValueError:
            data[name] = value
    for name, prop in props.items():
        if prop.get("type") == "boolean" and name not in data:
            data[name] = False
    return data


def mask_form_data(schema: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A copy of form data safe for logs, audit and lists: identifiers, phones, cards, names and
    addresses masked by what the schema says the field is; free text masked wherever it holds PII."""
    props: dict[str, Any] = schema.get("properties", {})
    masked: dict[str, Any] = {}
    for name, value in data.items():
        kind = field_entity_type(name, props.get(name, {}))
        if isinstance(value, str) and value and kind in DEFAULT_POLICY.types:
            masked[name] = mask_value(kind, value)
        else:
            masked[name] = mask_data(value)
    return masked


def account_prefill(schema: dict[str, Any], user: User) -> dict[str, str]:
    """The fields of an application form that the applicant's own account already holds (name,
    mobile, ID number), so the web page, like any other front end, starts them filled in: only
    fields the form has and values the account has (a new field of the form is not guessed)."""
    known = {"applicant_name": user.display_name, "phone": user.phone or "", "id_number": user.id_number or ""}
    fields = schema.get("properties", {})
    return {name: value for name, value in known.items() if value and name in fields}
