"""Rendering an item's JSON Schema as HTML form fields (the page-side half of the form contract)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_INPUT_TYPES = {"date": "date", "email": "email", "cn-mobile": "tel", "cn-phone": "tel"}


@dataclass(frozen=True)
class FieldView:
    """What a template needs to draw one input."""

    name: str
    label: str
    widget: str  # text | textarea | select | checkbox | number | date | email | tel
    required: bool
    value: str
    error: str
    options: tuple[str, ...] = ()
    max_length: int | None = None
    hint: str = ""
    step: str = "1"


def field_views(schema: dict[str, Any], values: dict[str, Any], errors: dict[str, str]) -> list[FieldView]:
    """One ``FieldView`` per property, in schema order, with the submitted value and its error."""
    required = set(schema.get("required", []))
    views = []
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type")
        if "enum" in prop:
            widget = "select"
        elif kind == "boolean":
            widget = "checkbox"
        elif kind in ("integer", "number"):
            widget = "number"
        elif prop.get("maxLength", 0) > 200:
            widget = "textarea"
        else:
            widget = _INPUT_TYPES.get(prop.get("format", ""), "text")
        value = values.get(name, prop.get("default", ""))
        views.append(
            FieldView(
                name=name,
                label=str(prop.get("title", name)),
                widget=widget,
                required=name in required,
                value="" if value is None else str(value).lower() if isinstance(value, bool) else str(value),
                error=errors.get(name, ""),
                options=tuple(str(o) for o in prop.get("enum", ())),
                max_length=prop.get("maxLength"),
                hint=str(prop.get("description", "")),
                step="1" if kind == "integer" else "any",
            )
        )
    return views
