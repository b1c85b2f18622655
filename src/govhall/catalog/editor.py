"""The catalogue editor's capabilities (事项编辑): form fields as rows, drafts, retire, rollback, diff.

The back office edits an item's application form as a list of rows (name, type, label, required,
format, options); :func:`schema_from_fields` turns them into the JSON Schema that is stored, naming
the row of any problem, and :func:`fields_from_schema` turns a stored schema back into rows. Keys the
editor does not show (``minLength``, ``pattern``, ``description``…) travel with each row in
``extra`` and are written back unchanged, so an edit never loses part of a schema.

Every change (publish, rollback, retire, reinstate) stores a whole version or flips ``active`` and
writes an audit entry in the caller's transaction, like :func:`govhall.catalog.update_item`.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import audit
from govhall.accounts.models import User
from govhall.catalog.models import CatalogItem, CatalogItemVersion
from govhall.catalog.schemas import ItemContent
from govhall.catalog.service import item_version, parse_item, publish_version, version_rows
from govhall.db import contains_any
from govhall.errors import BadInput, FormInvalid, NotFound

FIELD_TYPES = {"string": "文字", "text": "多行文字", "integer": "整数", "number": "数字", "boolean": "是/否"}
"""Editor types: ``text`` is a string drawn as a text area (``maxLength`` over 200)."""
FIELD_FORMATS = {
    "": "无",
    "cn-id-card": "公民身份号码",
    "cn-mobile": "手机号码",
    "cn-phone": "电话号码",
    "bank-card": "银行卡号",
    "cn-uscc": "统一社会信用代码",
    "date": "日期",
    "email": "电子邮箱",
}
"""Formats the editor offers: exactly the ones ``catalog.forms`` enforces."""
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_EDITED_KEYS = {"type", "title", "format", "enum", "maxLength"}
_TEXT_AREA_LENGTH = 2000
MATERIAL_FORMS = ("原件", "复印件", "原件和复印件", "电子材料")


@dataclass
class FormField:
    """One row of the form editor."""

    name: str
    label: str
    kind: str = "string"
    required: bool = False
    format: str = ""
    options: list[str] = field(default_factory=list)
    max_length: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def fields_from_schema(schema: Mapping[str, Any]) -> list[FormField]:
    """The rows of a stored form, in order."""
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        kind = str(prop.get("type", "string"))
        max_length = prop.get("maxLength")
        if kind == "string" and isinstance(max_length, int) and max_length > 200:
            kind = "text"
        rows.append(
            FormField(
                name=name,
                label=str(prop.get("title", name)),
                kind=kind,
                required=name in required,
                format=str(prop.get("format", "")),
                options=[str(o) for o in prop.get("enum", [])],
                max_length=max_length if isinstance(max_length, int) else None,
                extra={k: v for k, v in prop.items() if k not in _EDITED_KEYS},
            )
        )
    return rows


def schema_from_fields(rows: Sequence[FormField], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The JSON Schema of ``rows`` (``base`` gives the form's own keys: title, additionalProperties…).

    Raises ``FormInvalid`` with keys ``field.<row>.<part>`` (row counted from 0) and messages that
    name the field, e.g. ``第2个字段“电话”：……``.
    """
    problems: dict[str, str] = {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for i, row in enumerate(rows):
        who = f"第{i + 1}个字段“{row.label or row.name}”"
        if not _FIELD_NAME.match(row.name):
            problems[f"field.{i}.name"] = f"{who}：字段名须以小写字母开头，只含小写字母、数字和下划线（最多40个）"
        elif row.name in properties:
            problems[f"field.{i}.name"] = f"{who}：字段名“{row.name}”重复"
        if not 1 <= len(row.label.strip()) <= 50:
            problems[f"field.{i}.label"] = f"{who}：标题不能为空，且不超过50字"
        if row.kind not in FIELD_TYPES:
            problems[f"field.{i}.kind"] = f"{who}：类型只能是{'、'.join(FIELD_TYPES.values())}"
        if row.format and (row.format not in FIELD_FORMATS or row.kind != "string"):
            problems[f"field.{i}.format"] = f"{who}：格式只适用于“文字”类型，且须从列表中选择"
        options = [o.strip() for o in row.options if o.strip()]
        if options and row.kind != "string":
            problems[f"field.{i}.options"] = f"{who}：只有“文字”类型的字段可以设置选项"
        elif len(set(options)) != len(options):
            problems[f"field.{i}.options"] = f"{who}：选项有重复"
        if row.max_length is not None and not 1 <= row.max_length <= 100_000:
            problems[f"field.{i}.max_length"] = f"{who}：最大长度须在 1–100000 之间"
        if any(k.startswith(f"field.{i}.") for k in problems):
            continue
        prop: dict[str, Any] = dict(row.extra)
        prop["type"] = "string" if row.kind == "text" else row.kind
        prop["title"] = row.label.strip()
        if row.format:
            prop["format"] = row.format
        if options:
            prop["enum"] = options
        if row.kind in ("string", "text"):
            length = row.max_length or (_TEXT_AREA_LENGTH if row.kind == "text" else None)
            if length is not None:
                prop["maxLength"] = length
        if row.kind != "string":
            prop.pop("pattern", None)
        try:
            Draft202012Validator.check_schema({"type": "object", "properties": {row.name: prop}})
        except SchemaError as exc:
            problems[f"field.{i}.name"] = f"{who}：不是有效的 JSON Schema（{exc.message}）"
            continue
        properties[row.name] = prop
        if row.required:
            required.append(row.name)
    if not rows:
        problems["field"] = "表单至少需要一个字段"
    if problems:
        raise FormInvalid.of("form_invalid", "form_rows", fields=problems)
    schema = {k: v for k, v in (base or {"type": "object", "additionalProperties": False}).items()}
    schema.update({"type": "object", "properties": properties, "required": required})
    return schema


@dataclass
class Draft:
    """An item being edited in the browser: the text of each box, before it is parsed."""

    code: str = ""
    name: str = ""
    department: str = ""
    audience: str = "个人"
    category: str = ""
    summary: str = ""
    keywords: str = ""
    conditions: str = ""
    materials: str = ""
    steps: str = ""
    time_limit_days: str = ""
    legal_time_limit_days: str = ""
    fee: str = "不收费"
    fee_yuan: str = "0"
    online: str = "全程网办"
    visits: str = "0"
    legal_basis: str = ""
    form_title: str = ""
    form_base: dict[str, Any] = field(default_factory=dict)
    fields: list[FormField] = field(default_factory=list)
    # the parts the editor has no boxes for (handling, place, booking, faq, the complaint mark):
    # carried from the stored item so that an edit of the other boxes keeps them
    guide: dict[str, Any] = field(default_factory=dict)


GUIDE_KEYS = ("handling", "place", "booking", "faq", "complaint_channel")


def draft_from_content(content: Mapping[str, Any]) -> Draft:
    """The editor's boxes for a stored item: lists one entry per line, parts separated by ``|``."""
    form = dict(content.get("form", {}))
    return Draft(
        code=str(content["code"]),
        name=str(content["name"]),
        department=str(content["department"]),
        audience=str(content["audience"]),
        category=str(content["category"]),
        summary=str(content["summary"]),
        keywords="，".join(str(k) for k in content.get("keywords", [])),
        conditions="\n".join(content.get("conditions", [])),
        materials="\n".join(
            " | ".join(
                [
                    m["name"],
                    m["form"],
                    str(m["count"]),
                    "必需" if m.get("required", True) else "非必需",
                    m.get("notes", ""),
                ]
            ).rstrip(" |")
            for m in content.get("materials", [])
        ),
        steps="\n".join(f"{s['name']} | {s['description']}" for s in content.get("steps", [])),
        time_limit_days=str(content["time_limit_days"]),
        legal_time_limit_days=""
        if content.get("legal_time_limit_days") is None
        else str(content["legal_time_limit_days"]),
        fee=str(content["fee"]),
        fee_yuan=f"{content['fee_yuan']:g}",
        online=str(content["online"]),
        visits=str(content["visits"]),
        legal_basis="\n".join(f"{b['law']} | {b['article']}" for b in content.get("legal_basis", [])),
        form_title=str(form.get("title", "")),
        form_base={k: v for k, v in form.items() if k not in ("properties", "required", "title")},
        fields=fields_from_schema(form),
        guide={k: content[k] for k in GUIDE_KEYS if k in content},
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _parts(line: str) -> list[str]:
    return [p.strip() for p in line.split("|")]


def _int(text: str, key: str, label: str, problems: dict[str, str]) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{1,6}", text):
        problems[key] = f"{label}：应为不小于 0 的整数"
        return None
    return int(text)


def content_from_draft(draft: Draft) -> ItemContent:
    """Parse and validate a draft into a whole item; ``FormInvalid`` names the box (and row) at fault.

    Keys of the problems are the draft's attribute names (``materials``, ``field.2.name``…), so a
    page can show each message next to its input.
    """
    problems: dict[str, str] = {}
    materials = []
    for n, line in enumerate(_lines(draft.materials), 1):
        parts = _parts(line) + [""] * 5
        count = parts[2] or "1"
        if parts[1] not in MATERIAL_FORMS or not count.isdigit():
            problems.setdefault(
                "materials", f"申请材料第{n}行：格式应为“名称 | {'/'.join(MATERIAL_FORMS)} | 份数 | 必需/非必需 | 说明”"
            )
            continue
        required = parts[3] not in ("非必需", "否", "视情况")
        materials.append(
            {"name": parts[0], "form": parts[1], "count": int(count), "required": required, "notes": parts[4]}
        )
    steps = [
        {"name": name, "description": description}
        for name, description in _pairs(draft.steps, "steps", "办理流程", "步骤名称 | 说明", problems)
    ]
    basis = [
        {"law": law.strip("《》"), "article": article}
        for law, article in _pairs(draft.legal_basis, "legal_basis", "设定依据", "法规名称 | 第X条", problems)
    ]
    time_limit = _int(draft.time_limit_days, "time_limit_days", "承诺时限", problems)
    legal_limit = _int(draft.legal_time_limit_days, "legal_time_limit_days", "法定时限", problems)
    visits = _int(draft.visits, "visits", "到现场次数", problems)
    try:
        fee_yuan = float(draft.fee_yuan.strip() or "0")
    except ValueError:
        fee_yuan = math.nan
    if not math.isfinite(fee_yuan):
        problems["fee_yuan"] = "收费金额：应为数字（元）"
        fee_yuan = 0.0
    form: dict[str, Any] = {}
    try:
        base = {**draft.form_base, "title": draft.form_title.strip() or f"{draft.name.strip()}申请表"}
        form = schema_from_fields(draft.fields, base)
    except FormInvalid as exc:
        problems.update(exc.fields)
    if problems:
        raise FormInvalid.of("form_invalid", "item_draft", fields=problems)
    data = {
        "code": draft.code.strip(),
        "name": draft.name.strip(),
        "department": draft.department.strip(),
        "audience": draft.audience,
        "category": draft.category.strip(),
        "summary": draft.summary.strip(),
        "keywords": [k for k in re.split(r"[,，、\s]+", draft.keywords) if k],
        "conditions": _lines(draft.conditions),
        "materials": materials,
        "steps": steps,
        "time_limit_days": time_limit if time_limit is not None else -1,
        "legal_time_limit_days": legal_limit,
        "fee": draft.fee.strip(),
        "fee_yuan": fee_yuan,
        "online": draft.online,
        "visits": visits if visits is not None else 0,
        "legal_basis": basis,
        **{k: v for k, v in draft.guide.items() if k in GUIDE_KEYS},
        "form": form,
    }
    try:
        return parse_item(data)
    except FormInvalid as exc:
        raise FormInvalid.of("form_invalid", "item_draft", fields=_draft_keys(exc.fields)) from None


def _pairs(text: str, key: str, box: str, shape: str, problems: dict[str, str]) -> list[tuple[str, str]]:
    """The "left | right" lines of a draft box, stripped; the first line without a right part is
    named in ``problems`` under ``key`` (with its line number, as the box shows it)."""
    pairs = []
    for n, line in enumerate(_lines(text), 1):
        left, _, right = line.partition("|")
        if not right.strip():
            problems.setdefault(key, f"{box}第{n}行：格式应为“{shape}”")
            continue
        pairs.append((left.strip(), right.strip()))
    return pairs


def _draft_keys(problems: Mapping[str, str]) -> dict[str, str]:
    """Pydantic paths (``materials.0.name``) as the draft's boxes, with the row in the message."""
    named: dict[str, str] = {}
    for path, message in problems.items():
        head, *rest = path.split(".")
        if head == "form" and rest[:1] == ["properties"] and len(rest) > 1:
            head = "field"
        if head in ("materials", "steps", "legal_basis") and rest and rest[0].isdigit():
            message = f"第{int(rest[0]) + 1}行：{message}"
        named.setdefault(head if head in Draft.__dataclass_fields__ else "_item", message)
    return named


def get_any_item(db: Session, code: str) -> CatalogItem:
    """An item whether or not it is retired (the editor's view), or ``NotFound``."""
    row = db.get(CatalogItem, code)
    if row is None:
        raise NotFound("事项", code)
    return row


def all_items(db: Session, *, query: str = "") -> list[CatalogItem]:
    """Every item, retired ones included, by code; ``query`` matches code, name or department."""
    stmt = select(CatalogItem).order_by(CatalogItem.active.desc(), CatalogItem.code)
    query = query.strip()
    if query:
        stmt = stmt.where(contains_any(query, CatalogItem.code, CatalogItem.name, CatalogItem.department))
    return list(db.scalars(stmt))


def versions_of(db: Session, code: str) -> list[CatalogItemVersion]:
    """Every stored version of an item (retired or not), newest first."""
    get_any_item(db, code)
    return version_rows(db, code, newest_first=True)


def rollback_item(db: Session, code: str, version: int, actor: User, *, reason: str = "") -> CatalogItem:
    """Publish the content of an earlier ``version`` again, as a new version (history is kept)."""
    row = get_any_item(db, code)
    if version == row.version:
        raise BadInput.of("already_current", version=version)
    old = parse_item(item_version(db, code, version).content)
    details = {"from_version": version}
    return publish_version(db, old, row.version + 1, actor, action="catalog.rollback", reason=reason, details=details)


def set_item_active(db: Session, code: str, active: bool, actor: User, *, reason: str = "") -> CatalogItem:
    """Retire (citizens no longer see or apply for it; cases keep it) or reinstate an item."""
    row = get_any_item(db, code)
    if row.active == active:
        raise BadInput.of("no_change") if active else BadInput.of("no_change", "retired")
    row.active = active
    db.flush()
    action = "catalog.reinstate" if active else "catalog.retire"
    audit.record(db, actor=actor, action=action, target=f"item:{code}", reason=reason, details={"version": row.version})
    return row


@dataclass(frozen=True)
class SectionDiff:
    """One part of an item that differs between two versions, as unified-diff lines."""

    key: str
    label: str
    lines: list[str]


SECTION_LABELS = {
    "name": "事项名称",
    "department": "实施部门",
    "audience": "服务对象",
    "category": "类别",
    "summary": "简介",
    "keywords": "关键词",
    "conditions": "申请条件",
    "materials": "申请材料",
    "steps": "办理流程",
    "time_limit_days": "承诺时限",
    "legal_time_limit_days": "法定时限",
    "fee": "收费",
    "fee_yuan": "收费金额",
    "online": "办理方式",
    "visits": "到现场次数",
    "legal_basis": "设定依据",
    "form": "申请表单",
}


def diff_versions(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[SectionDiff]:
    """The sections that changed from ``old`` to ``new`` content, each as ``-``/``+`` lines."""
    diffs = []
    for key in sorted(set(old) | set(new), key=lambda k: list(SECTION_LABELS).index(k) if k in SECTION_LABELS else 99):
        if key == "code" or old.get(key) == new.get(key):
            continue
        before = json.dumps(old.get(key), ensure_ascii=False, indent=2).splitlines()
        after = json.dumps(new.get(key), ensure_ascii=False, indent=2).splitlines()
        lines = [line for line in difflib.unified_diff(before, after, lineterm="", n=2)][2:]
        diffs.append(SectionDiff(key=key, label=SECTION_LABELS.get(key, key), lines=lines))
    return diffs


def version_diff(db: Session, code: str, version: int, against: int) -> list[SectionDiff]:
    """What changed from version ``against`` to version ``version`` of an item."""
    get_any_item(db, code)
    return diff_versions(item_version(db, code, against).content, item_version(db, code, version).content)
