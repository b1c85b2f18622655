"""Form auto-fill: map the entities of a citizen's text to the fields of an item's JSON Schema.

Fields are recognised by ``format`` first (cn-id-card, cn-mobile, cn-phone, bank-card, email,
date), then by the naming conventions of ``docs/catalog-format.md`` (applicant_name, id_number,
phone, address, ``*_date``, ``*_amount``, bank_card) and the Chinese ``title``. A field whose
title names a relative (配偶姓名, 子女身份证号) takes only entities the text ties to that relative;
other fields take the citizen's own. When two different values fit one field the field is left
empty and reported as a conflict: asking the citizen is cheaper than a wrong application.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govhall.text._context import RELATIONS
from govhall.text.entities import Entity, extract
from govhall.text.normalize import normalize_text

__all__ = ["FieldFill", "FillResult", "autofill", "field_entity_type"]

_FORMAT_TYPES = {
    "cn-id-card": "id_card",
    "cn-mobile": "phone",
    "cn-phone": "phone",
    "bank-card": "bank_card",
    "email": "email",
    "date": "date",
}
_NAME_TYPES = {
    "applicant_name": "name",
    "id_number": "id_card",
    "phone": "phone",
    "address": "address",
    "bank_card": "bank_card",
    "email": "email",
}
_TITLE_TYPES = (
    (re.compile(r"身份证|身份号码|证件号"), "id_card"),
    (re.compile(r"电话|手机|联系方式"), "phone"),
    (re.compile(r"银行卡|卡号|银行账号|账号"), "bank_card"),
    (re.compile(r"邮箱|电子邮件|email", re.IGNORECASE), "email"),
    (re.compile(r"姓名|名字"), "name"),
    (re.compile(r"地址|住址|住所|居住地|户籍地|所在地|坐落|场所|地点"), "address"),
    (re.compile(r"出生日期|生日|出生年月"), "birth_date"),
    (re.compile(r"日期|时间"), "date"),
    (re.compile(r"金额|收入|工资|费用|元"), "amount"),
)
_BIRTH = re.compile(r"birth|出生|(?<!发)生日")  # 困难发生日期 is not a birthday
_RELATION_IN_TITLE = re.compile("|".join(sorted({*RELATIONS, *RELATIONS.values()}, key=len, reverse=True)))
_FIELD_RELATIONS = {"spouse": "配偶", "child": "子女", "father": "父母", "mother": "父母", "parent": "父母"}
_FIELD_RELATIONS.update({"guardian": "监护人", "agent": "代理人", "contact": "联系人", "emergency": "紧急联系人"})
_ENUM_BOUNDARY = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class FieldFill:
    """The value chosen for one field and where in the text it came from."""

    value: Any
    start: int
    end: int
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "start": self.start, "end": self.end, "confidence": round(self.confidence, 2)}


@dataclass(frozen=True, slots=True)
class FillResult:
    """Filled fields, conflicts (field + candidate values) and required fields still missing."""

    fields: dict[str, FieldFill] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"fields": {name: {"value","start","end","confidence"}}, "conflicts": [...], "missing": [...]}``."""
        return {
            "fields": {name: fill.to_dict() for name, fill in self.fields.items()},
            "conflicts": list(self.conflicts),
            "missing": list(self.missing),
        }


def field_entity_type(name: str, spec: Mapping[str, Any]) -> str | None:
    """The entity type a form field takes, or None for a field auto-fill does not know."""
    title = str(spec.get("title", ""))
    fmt = spec.get("format")
    birthish = bool(_BIRTH.search(name) or _BIRTH.search(title))
    if isinstance(fmt, str) and fmt in _FORMAT_TYPES:
        kind = _FORMAT_TYPES[fmt]
        return "birth_date" if kind == "date" and birthish else kind
    if name in _NAME_TYPES:
        return _NAME_TYPES[name]
    if name.endswith("_date"):
        return "birth_date" if birthish else "date"
    if name.endswith("_amount") and spec.get("type") in ("number", "integer"):
        return "amount"
    if name.endswith("_name") and _RELATION_IN_TITLE.search(title + name):
        return "name"
    if "pattern" in spec:
        return None  # a field with its own pattern (公积金账号, 档案编号) is no bank card or phone
    for pattern, kind in _TITLE_TYPES:
        if pattern.search(title):
            if kind == "amount" and spec.get("type") not in ("number", "integer"):
                continue
            return kind
    return None


def _field_relation(name: str, spec: Mapping[str, Any]) -> str | None:
    """The relative a field is about (配偶, 子女…), from its title or its English name."""
    title = str(spec.get("title", ""))
    found = _RELATION_IN_TITLE.search(title)
    if found:
        word = found.group()
        return RELATIONS.get(word, word)
    for part in name.split("_"):
        if part in _FIELD_RELATIONS:
            return _FIELD_RELATIONS[part]
    return None


def _coerce(value: Any, spec: Mapping[str, Any]) -> Any:
    kind = spec.get("type")
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "string" and not isinstance(value, str):
        return str(value)
    return value


def _label_score(text: str, entity: Entity, title: str) -> int:
    """How many characters of the field title occur just before the entity (失业日期 ↔ 失业…)."""
    before = text[max(0, entity.start - 12) : entity.start]
    return sum(1 for ch in set(title) if ch in before and _ENUM_BOUNDARY.match(ch))


def _candidates(
    entities: list[Entity], kind: str, relation: str | None, spec: Mapping[str, Any]
) -> list[tuple[Entity, FieldFill]]:
    """(entity, fill) for every entity of the field's type that belongs to the field's person."""
    out: list[tuple[Entity, FieldFill]] = []
    for entity in entities:
        role = entity.extra.get("role")
        if role != relation:
            continue
        if spec.get("format") == "cn-mobile" and entity.extra.get("kind") == "landline":
            continue
        if entity.type == kind:
            fill = FieldFill(_coerce(entity.value, spec), entity.start, entity.end, entity.confidence)
            out.append((entity, fill))
        elif kind == "birth_date" and entity.type == "id_card" and entity.extra.get("birth_date"):
            out.append((entity, FieldFill(entity.extra["birth_date"], entity.start, entity.end, 0.95)))
    return out


def _by_label(text: str, pairs: list[tuple[Entity, FieldFill]], title: str) -> list[FieldFill]:
    """Among several dates or amounts, those whose preceding words best match the field title."""
    scored = [(_label_score(text, entity, title), fill) for entity, fill in pairs]
    best = max((score for score, _ in scored), default=0)
    return [fill for score, fill in scored if score == best]


def _enum_fill(text: str, spec: Mapping[str, Any], entities: list[Entity]) -> list[FieldFill]:
    """Enum values the text states; single characters (男/女) only as a whole word or from an ID."""
    values = [v for v in spec.get("enum", []) if isinstance(v, str) and v]
    if set(values) >= {"男", "女"} and len(values) <= 3:
        genders = {e.extra["gender"]: e for e in entities if e.type == "id_card" and e.extra.get("gender")}
        if len(genders) == 1:
            gender, entity = next(iter(genders.items()))
            return [FieldFill(gender, entity.start, entity.end, 0.95)]
    norm = normalize_text(text)
    found: dict[str, FieldFill] = {}
    for value in values:
        start = norm.text.find(value)
        while start != -1:
            end = start + len(value)
            before = norm.text[start - 1 : start]
            after = norm.text[end : end + 1]
            isolated = not _ENUM_BOUNDARY.match(before) and not _ENUM_BOUNDARY.match(after)
            if len(value) >= 2 or isolated or norm.text[max(0, start - 3) : start].endswith(("性别", "性别:")):
                span = norm.original_span(start, end)
                found.setdefault(value, FieldFill(value, span[0], span[1], 0.8 if len(value) >= 2 else 0.7))
                break
            start = norm.text.find(value, start + 1)
    # A longer value that contains a shorter one (城镇职工 vs 职工) wins over it.
    return [fill for value, fill in found.items() if not any(value != o and value in o for o in found)]


def autofill(schema: Mapping[str, Any], text: str, today: date | None = None) -> FillResult:
    """Fill the fields of ``schema`` (a JSON Schema object) from ``text``.

    Every filled field carries the span of the text it came from and a confidence; fields
    auto-fill does not understand are left out; a field with two different candidate values is
    left out and listed in ``conflicts``; ``missing`` lists the schema's required fields that
    stayed empty.
    """
    entities = extract(text, today)
    properties = schema.get("properties", {})
    fields: dict[str, FieldFill] = {}
    conflicts: list[dict[str, Any]] = []
    for name, spec in properties.items():
        if not isinstance(spec, Mapping):
            continue
        if "enum" in spec:
            candidates = _enum_fill(text, spec, entities)
        else:
            kind = field_entity_type(name, spec)
            if kind is None:
                continue
            pairs = _candidates(entities, kind, _field_relation(name, spec), spec)
            if kind in ("date", "amount", "birth_date") and len({_key(f.value) for _, f in pairs}) > 1:
                candidates = _by_label(text, pairs, str(spec.get("title", "")))
            else:
                candidates = [fill for _, fill in pairs]
        distinct = {_key(c.value): c for c in candidates}
        if len(distinct) == 1:
            fields[name] = max(candidates, key=lambda c: c.confidence)
        elif len(distinct) > 1:
            conflicts.append({"field": name, "candidates": [c.to_dict() for c in distinct.values()]})
    required = schema.get("required", [])
    missing = [name for name in required if name not in fields]
    return FillResult(fields, conflicts, missing)


def _key(value: Any) -> str:
    return str(value)
