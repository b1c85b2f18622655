"""The shape of a service item (事项) as data: what the YAML files and admin edits must hold."""

from __future__ import annotations

import re
from typing import Any, Literal

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from govhall.text import LONE_SURROGATE

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
CONTROL_CHARS = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|{LONE_SURROGATE.pattern}")
"""What no text the hall stores may hold, written once for the catalogue, the forms and the API: a
control character other than tab and line breaks (PostgreSQL refuses NUL; the rest never belong in
a guide, a form or a name) or a lone surrogate (no encoder can write it as UTF-8: the one class of
``govhall.text``, which the API's request filter and the opinion importer use too)."""


def _find_control_chars(value: object, path: str = "") -> str | None:
    """The path of the first string holding a control character or a lone surrogate, if any.

    Such characters cannot be stored by PostgreSQL and never belong in a service guide.
    """
    if isinstance(value, str):
        return path or "_item" if CONTROL_CHARS.search(value) else None
    if isinstance(value, dict):
        items: list[tuple[object, object]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return None
    for key, child in items:
        if isinstance(key, str) and CONTROL_CHARS.search(key):
            return f"{path}.{key}".strip(".")
        found = _find_control_chars(child, f"{path}.{key}".strip("."))
        if found:
            return found
    return None


class Material(BaseModel):
    """One document the applicant brings or uploads (申请材料)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    form: Literal["原件", "复印件", "原件和复印件", "电子材料"]
    count: int = Field(ge=1, le=100)
    required: bool = True
    notes: str = Field(default="", max_length=500)


class Step(BaseModel):
    """One step of the procedure (办理流程)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=50)
    description: str = Field(min_length=1, max_length=1000)


class LegalBasis(BaseModel):
    """A (law title, article) pair the item rests on (设定依据)."""

    model_config = ConfigDict(extra="forbid")

    law: str = Field(min_length=1, max_length=100)
    article: str = Field(pattern=r"^第[零〇一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$")


class Place(BaseModel):
    """Where and when the window serves the item (办理地点、窗口电话、办公时间), shown in the guide."""

    model_config = ConfigDict(extra="forbid")

    address: str = Field(min_length=1, max_length=200)
    phone: str = Field(min_length=1, max_length=50)
    hours: str = Field(min_length=1, max_length=200)


class Faq(BaseModel):
    """One 常见问题 with its answer, as citizens ask it at the window."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=200)
    answer: str = Field(min_length=1, max_length=1000)


HANDLING_LABELS = {"apply": "在线申请", "window": "到窗口办理（可网上预约）", "lookup": "在线查询"}
"""How the hall offers an item: an online application, a booking for the window (the people must
attend in person, e.g. both parties of a marriage), or a lookup of one's own records."""


class ItemContent(BaseModel):
    """Everything a service item says; stored whole as one version."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    department: str = Field(min_length=1, max_length=64)
    audience: Literal["个人", "法人"]
    category: str = Field(min_length=1, max_length=32)
    summary: str = Field(min_length=1, max_length=1000)
    keywords: list[str] = Field(default_factory=list, max_length=50)
    conditions: list[str] = Field(min_length=1, max_length=50)
    materials: list[Material] = Field(min_length=1, max_length=50)
    steps: list[Step] = Field(min_length=1, max_length=30)
    time_limit_days: int = Field(ge=0, le=365)
    legal_time_limit_days: int | None = Field(default=None, ge=0, le=365)
    fee: str = Field(min_length=1, max_length=200)
    fee_yuan: float = Field(ge=0)
    online: Literal["全程网办", "网上申请、窗口领取", "窗口办理"]
    visits: int = Field(ge=0, le=10)
    legal_basis: list[LegalBasis] = Field(default_factory=list, max_length=20)
    handling: Literal["apply", "window", "lookup"] = "apply"
    place: Place | None = None
    booking: str = Field(default="", max_length=1000, description="how to book a window visit (window items)")
    faq: list[Faq] = Field(default_factory=list, max_length=30)
    complaint_channel: bool = False
    """The hall's complaint intake (the 12345 item): the assistant files complaints through it and the
    opinion monitor reads them; marked in the data so that no code names the item."""
    form: dict[str, Any]

    @model_validator(mode="before")
    @classmethod
    def _no_control_chars(cls, data: Any) -> Any:
        where = _find_control_chars(data)
        if where:
            raise ValueError(f"字段 {where} 含有不允许的控制字符")
        return data

    @field_validator("form")
    @classmethod
    def _form_is_a_schema(cls, form: dict[str, Any]) -> dict[str, Any]:
        try:
            Draft202012Validator.check_schema(form)
        except SchemaError as exc:
            path = [str(p) for p in exc.path]
            where = f"字段 {path[1]} " if len(path) > 1 and path[0] == "properties" else ""
            raise ValueError(f"表单{where}不是有效的 JSON Schema：{exc.message}") from None
        if form.get("type") != "object" or not isinstance(form.get("properties"), dict):
            raise ValueError("表单必须是 type 为 object、带 properties 的 JSON Schema")
        missing = [name for name in form.get("required", []) if name not in form["properties"]]
        if missing:
            raise ValueError(f"必填字段未定义：{', '.join(missing)}")
        return form

    @model_validator(mode="after")
    def _promise_within_law(self) -> ItemContent:
        if self.legal_time_limit_days is not None and self.time_limit_days > self.legal_time_limit_days:
            raise ValueError("承诺时限不能超过法定时限")
        return self
