"""Rendering an item's JSON Schema as HTML form fields (the page-side half of the form contract)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govhall.catalog import FormField, fields_from_schema

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
    """One ``FieldView`` per property, in schema order, with the submitted value and its error.

    The properties are read by :func:`govhall.catalog.fields_from_schema`, the form editor's reader,
    so the page and the editor agree on every field's label, type, choices and length."""
    return [_view(row, values, errors) for row in fields_from_schema(schema)]


def _view(row: FormField, values: dict[str, Any], errors: dict[str, str]) -> FieldView:
    value = values.get(row.name, row.extra.get("default", ""))
    return FieldView(
        name=row.name,
        label=row.label,
        widget=_widget(row),
        required=row.required,
        value="" if value is None else str(value).lower() if isinstance(value, bool) else str(value),
        error=errors.get(row.name, ""),
        options=tuple(row.options),
        max_length=row.max_length,
        hint=str(row.extra.get("description", "")),
        step="1" if row.kind == "integer" else "any",
    )


def _widget(row: FormField) -> str:
    if row.options:
        return "select"
    if row.kind == "boolean":
        return "checkbox"
    if row.kind in ("integer", "number"):
        return "number"
    if (row.max_length or 0) > 200:
        return "textarea"
    return _INPUT_TYPES.get(row.format, "text")
