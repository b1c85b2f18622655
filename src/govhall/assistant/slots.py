"""Slot filling (表单填写): the values one message gives for an item's form, and what to ask next.

Three sources, most specific first:

1. an answer to the open question: when we just asked for "家庭月总收入", a bare "3000" is that;
2. labelled values anywhere in the message ("原单位是华信科技", "缴费36个月", "电话说错了，是…");
3. the entities ``govhall.text.autofill`` recognises by the field's format, name and title (ID
   numbers, phones, names, addresses, dates, amounts, enum values).

A later value for a field replaces the earlier one (that is what a correction is); the caller keeps
the turn each value came from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govhall.catalog import mask_form_data, validate_form
from govhall.text import autofill, extract, normalize

__all__ = ["SlotUpdate", "ask_text", "fill", "missing_required", "summary_text"]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_YES = re.compile(r"^(是|对|要|好|行|嗯|有|ok|yes)|需要|愿意|同意|确认|没问题|可以")
_NO = re.compile(r"^(不|否|无|没)$|不需要|不要|不用|没有|不是|不必|无需|不愿意|不同意")
_CORRECTION = re.compile(r"说错|写错|填错|打错|搞错|弄错|更正|改成|改为|改一下|不对|应该是|其实是")
_VALUE_AFTER = re.compile(r"(?:应该是|改成|改为|其实是|更正为|是|为|叫|：|:)\s*(.+)$")
_DEFER = re.compile(r"再说|再补|再给|回头|回去找|找找|等会|晚点|先不|以后再|明天再|下次")
"""A reply that puts the question off ("身份证明天再补") answers nothing."""
_CODE = re.compile(r"[（(]([A-Za-z0-9]+)[)）]")
_SPACED_DIGITS = re.compile(r"(?<=\d)[ \u3000](?=\d)")
_BARE_LABEL = ("姓名", "编号", "号码", "账号", "名称")
_STRIP = " ，。,.!！?？;；：:、\"'“”‘’（）()"
_LEAD = re.compile(r"^(?:我的|我|本人的?|他的?|她的?|孩子的?|我们的?)?(?:是|叫|在|住在)?")
_UNIT_HINTS = (
    (re.compile(r"月数"), re.compile(r"(\d+)\s*个月")),
    (re.compile(r"人数|胎儿数"), re.compile(r"(\d+)\s*(?:口人|口|个人|人|个|胎)")),
    (re.compile(r"平方米|面积"), re.compile(r"(\d+(?:\.\d+)?)\s*(?:平方米|平米|平方|㎡)")),
)


@dataclass
class SlotUpdate:
    """Values found in one message, which of them replaced a different earlier value, and problems."""

    values: dict[str, Any] = field(default_factory=dict)
    corrected: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)


_SMALL = {"一": "1", "两": "2", "二": "2", "俩": "2", "三": "3", "仨": "3", "四": "4", "五": "5", "六": "6"}
_SMALL.update({"七": "7", "八": "8", "九": "9", "十": "10"})
_SMALL_COUNT = re.compile(r"([一两二俩三仨四五六七八九十])(?=\s*(?:口人|口|个人|人|胎|个月))")


def _digits(text: str) -> str:
    """``normalize`` plus the small counts it leaves as characters (两口人 → 2口人, 仨人 → 3人)."""
    return _SMALL_COUNT.sub(lambda m: _SMALL[m.group(1)], normalize(text))


def _props(form: Mapping[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = form.get("properties", {})
    return props


def _title(form: Mapping[str, Any], name: str) -> str:
    return str(_props(form).get(name, {}).get("title", name))


def _title_keys(title: str) -> list[str]:
    """How people name a field: its title without the （元） suffix, and its last two to four characters."""
    core = re.sub(r"[（(].*?[)）]", "", title)
    keys = {core}
    for size in (4, 3, 2):
        if len(core) > size:
            keys.add(core[-size:])
    return sorted((k for k in keys if len(k) >= 2), key=len, reverse=True)


def _clean(value: str) -> str:
    value = value.strip(_STRIP)
    return _LEAD.sub("", value, count=1).strip(_STRIP) if len(value) > 2 else value


def _coerce(spec: Mapping[str, Any], raw: str) -> Any:
    """``raw`` (a piece of a message) as a value of the field's type, or None when it is not one."""
    kind = spec.get("type")
    text = _digits(raw)
    if "enum" in spec:
        return _enum(spec, text)
    if kind == "boolean":
        answer = text.strip(_STRIP).lower()
        if _NO.search(answer):
            return False
        return True if _YES.search(answer) else None
    if kind in ("integer", "number"):
        title = str(spec.get("title", ""))
        for hint, pattern in _UNIT_HINTS:
            if hint.search(title) and (found := pattern.search(text)):
                return _number(found.group(1), kind)
        numbers = _NUMBER.findall(text.replace(",", ""))
        if not numbers:
            return None
        multiplier = 10_000 if "万" in text else 1
        return _number(str(float(numbers[0]) * multiplier), kind)
    if spec.get("format") == "date":
        dates = [e.value for e in extract(raw) if e.type in ("date", "birth_date")]
        return dates[0] if dates else None
    cleaned = _clean(raw)
    return cleaned or None


def _number(raw: str, kind: object) -> int | float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    if kind == "integer":
        return int(value) if value.is_integer() else None
    return int(value) if value.is_integer() else value


def _enum(spec: Mapping[str, Any], text: str) -> Any:
    """The enum value the text means: stated whole, or sharing the most characters with it."""
    values = [v for v in spec.get("enum", []) if isinstance(v, str)]
    whole = [v for v in values if v in text]
    if whole:
        return max(whole, key=len)
    core = text.strip(_STRIP)
    if not core:
        return None
    inside = [v for v in values if len(core) >= 2 and core in v]
    if len(inside) == 1:
        return inside[0]
    upper = text.upper()
    coded = [v for v in values for c in _CODE.findall(v) if re.search(rf"(?<![A-Z0-9]){c}(?![A-Z0-9])", upper)]
    if len(coded) == 1:
        return coded[0]  # 准驾车型 "C1" → 小型汽车（C1）
    # measured on dialogues.jsonl: helps more than it misleads (0.549 → 0.560 slot accuracy), though
    # in a long first message "残疾" can wrongly name a 残疾… choice
    heads = [v for v in values if len(v) >= 3 and v[:2] in text]
    scored = []
    for value in values:
        bigrams = {value[i : i + 2] for i in range(len(value) - 1)}
        shared = sum(1 for g in bigrams if g in text) / max(len(bigrams), 1)
        if heads == [value]:
            shared = max(shared, 0.5)  # "邮寄" names 邮寄送达 when no other choice starts so
        scored.append((shared, value))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _labelled(form: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Values stated with the field's name: "原单位是华信科技", "缴费36个月", "家里3口人"."""
    found: dict[str, Any] = {}
    norm = _digits(text)
    clauses = [c for c in re.split(r"[，。,;；！!？?\n]", norm) if c.strip()]
    for name, spec in _props(form).items():
        title = str(spec.get("title", ""))
        kind = spec.get("type")
        if kind in ("integer", "number"):
            for hint, pattern in _UNIT_HINTS:
                if hint.search(title) and (match := pattern.search(norm)):
                    found[name] = _number(match.group(1), kind)
        for clause in clauses:
            for key in _title_keys(title):
                at = clause.find(key)
                if at == -1:
                    continue
                rest = clause[at + len(key) :]
                separator = "?" if key.endswith(_BARE_LABEL) else ""  # "姓名孙立新", "档案编号1100…"
                match = re.match(rf"\s*(?:是|为|叫|：|:|填|写){separator}\s*(.+)$", rest)
                if match and (value := _coerce(spec, match.group(1))) is not None:
                    found[name] = value
                break
    return found


def _answer_to_pending(form: Mapping[str, Any], text: str, pending: Sequence[str]) -> dict[str, Any]:
    """A reply to "请提供A和B": one piece per asked field, in the order asked."""
    props = _props(form)
    asked = [p for p in pending if p in props]
    if not asked or _DEFER.search(text):
        return {}
    pieces = [p for p in re.split(r"[，,；;、\n]|\s{2,}", text) if p.strip(_STRIP)]
    if len(asked) == 1 or len(pieces) != len(asked):
        pieces = [text] * len(asked)
    found: dict[str, Any] = {}
    for name, piece in zip(asked, pieces, strict=True):
        spec = props[name]
        if spec.get("type") == "string" and "enum" not in spec and spec.get("format") and len(asked) > 1:
            continue  # formatted fields (phone, ID, card) come from entities, not from a guessed piece
        value = _coerce(spec, piece)
        if value is None:
            continue
        # with one question open an invalid answer is kept, so that the caller can say what is wrong
        if len(asked) == 1 or not (spec.get("format") and validate_form(_one(form, name), {name: value})):
            found[name] = value
    return found


def _one(form: Mapping[str, Any], name: str) -> dict[str, Any]:
    return {"type": "object", "properties": {name: _props(form)[name]}}


def fill(
    form: Mapping[str, Any],
    text: str,
    *,
    current: Mapping[str, Any],
    pending: Sequence[str] = (),
    today: date | None = None,
) -> SlotUpdate:
    """The values ``text`` gives for ``form``; ``current`` is what is filled so far (name → value)."""
    update = SlotUpdate()
    text = _SPACED_DIGITS.sub("", text)  # "6222 0212 0345 …" as people type card numbers
    values: dict[str, Any] = {}
    auto = autofill(form, text, today)
    for name, fill_ in auto.fields.items():
        values[name] = fill_.value
    values.update(_labelled(form, text))
    for name, spec in _props(form).items():
        if "enum" in spec and name not in values and (choice := _enum(spec, _digits(text))) is not None:
            values[name] = choice  # "准驾车型C1", "期满换证", "寄到家里"
    correcting = bool(_CORRECTION.search(text))
    entity_fields = set(auto.fields)
    targets = [n for n in _props(form) if any(k in normalize(text) for k in _title_keys(_title(form, n)))]
    if correcting and targets and not (set(targets) & entity_fields):
        match = _VALUE_AFTER.search(normalize(text).split("，", 1)[-1])
        if match:
            for name in targets[:1]:
                value = _coerce(_props(form)[name], match.group(1))
                if value is not None:
                    values[name] = value
    unanswered = [p for p in pending if p not in values]
    if unanswered and not (correcting and values):
        for name, value in _answer_to_pending(form, text, unanswered).items():
            values.setdefault(name, value)
    for name, value in values.items():
        if name not in _props(form) or value is None or value == "":
            continue
        problems = validate_form(_one(form, name), {name: value})
        if problems:
            update.problems[name] = problems.get(name, next(iter(problems.values())))
            continue
        if name in current and current[name] != value:
            update.corrected.append(name)
        update.values[name] = value
    return update


def missing_required(form: Mapping[str, Any], filled: Mapping[str, Any]) -> list[str]:
    return [name for name in form.get("required", []) if name not in filled]


def _choices(spec: Mapping[str, Any]) -> str:
    values = [str(v) for v in spec.get("enum", [])]
    return f"（可选：{'、'.join(values)}）" if values else ""


def ask_text(form: Mapping[str, Any], names: Sequence[str]) -> str:
    """The question for the next one or two fields, in the citizen's words (field titles)."""
    props = _props(form)
    parts = []
    for name in names:
        spec = props.get(name, {})
        title = _title(form, name)
        if spec.get("type") == "boolean":
            parts.append(f"{title.removeprefix('是否')}吗（是/否）")
        else:
            parts.append(f"{title}{_choices(spec)}")
    if len(parts) == 1 and props.get(names[0], {}).get("type") == "boolean":
        return f"请问您{parts[0]}？"
    return f"请告诉我您的{'，以及'.join(parts)}。"


def summary_text(form: Mapping[str, Any], filled: Mapping[str, Any]) -> str:
    """The masked summary shown before submitting: every filled field by its title."""
    masked = mask_form_data(dict(form), dict(filled))
    lines = []
    for name in _props(form):
        if name in masked:
            value = masked[name]
            shown = ("是" if value else "否") if isinstance(value, bool) else value
            lines.append(f"{_title(form, name)}：{shown}")
    return "\n".join(lines)
