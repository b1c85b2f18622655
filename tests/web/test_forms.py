"""An item's JSON Schema drawn as form fields: the widget, value and hint each property gets."""

from __future__ import annotations

from typing import Any

from govhall.web.forms import field_views

SCHEMA: dict[str, Any] = {
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "title": "姓名", "maxLength": 20, "description": "与身份证一致"},
        "reason": {"type": "string", "title": "申请理由", "maxLength": 1000},
        "kind": {"type": "string", "title": "类别", "enum": ["甲", "乙"]},
        "agree": {"type": "boolean", "title": "同意", "default": True},
        "people": {"type": "integer", "title": "人数"},
        "income": {"type": "number", "title": "月收入"},
        "born": {"type": "string", "format": "date"},
        "mobile": {"type": "string", "title": "手机", "format": "cn-mobile"},
    },
}


def test_each_property_gets_its_widget_value_and_hint() -> None:
    views = {v.name: v for v in field_views(SCHEMA, {"people": 3, "income": None}, {"name": "请填写姓名"})}
    assert [v.name for v in views.values()] == list(SCHEMA["properties"])
    widgets = {name: v.widget for name, v in views.items()}
    assert widgets == {
        "name": "text",
        "reason": "textarea",
        "kind": "select",
        "agree": "checkbox",
        "people": "number",
        "income": "number",
        "born": "date",
        "mobile": "tel",
    }
    assert views["name"].required and not views["reason"].required
    assert (views["name"].label, views["name"].hint, views["name"].error) == ("姓名", "与身份证一致", "请填写姓名")
    assert views["born"].label == "born" and views["kind"].options == ("甲", "乙")
    assert (views["agree"].value, views["people"].value, views["income"].value) == ("true", "3", "")
    assert (views["people"].step, views["income"].step) == ("1", "any")
    assert views["reason"].max_length == 1000
