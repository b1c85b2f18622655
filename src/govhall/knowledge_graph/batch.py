"""免申即享 for staff: which citizens on a roster likely qualify for one item.

A roster is a list of profiles with an ``id`` (the staff's own reference, never a raw ID number).
Every row is assessed on its own: a row that does not describe a valid profile is reported with its
line and reason and the rest are still assessed, so one bad row never hides who qualifies.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from govhall.errors import BadInput
from govhall.knowledge_graph.profile import Profile
from govhall.knowledge_graph.rules import RuleBook, Status, assess, default_rulebook

MAX_ROSTER = 100_000


@dataclass
class RosterRow:
    line: int
    id: str
    fields: dict[str, Any]


@dataclass
class RosterResult:
    """Who qualifies (``eligible``), who nearly does (``almost``), who cannot be told and why."""

    item: str
    eligible: list[dict[str, Any]] = field(default_factory=list)
    almost: list[dict[str, Any]] = field(default_factory=list)
    insufficient: list[dict[str, Any]] = field(default_factory=list)
    not_eligible: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "counts": {
                "eligible": len(self.eligible),
                "almost": len(self.almost),
                "insufficient": len(self.insufficient),
                "not_eligible": self.not_eligible,
                "errors": len(self.errors),
            },
            "eligible": self.eligible,
            "almost": self.almost,
            "insufficient": self.insufficient,
            "errors": self.errors,
        }


def _error_text(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ())) or "profile"
        parts.append(f"{where}: {error.get('msg', '')}")
    return "；".join(parts)


def assess_roster(
    item: str, rows: Iterable[RosterRow], book: RuleBook | None = None, today: date | None = None
) -> RosterResult:
    """Assess every row of a roster against ``item``'s rules."""
    book = book or default_rulebook()
    if item not in book.items:
        raise BadInput.of("unknown_item", item=item, choices=", ".join(sorted(book.items)))
    result = RosterResult(item=item)
    for row in rows:
        try:
            profile = Profile.model_validate(row.fields)
        except ValidationError as exc:
            result.errors.append({"line": row.line, "id": row.id, "message": _error_text(exc)})
            continue
        verdict = assess(item, profile, book, today)
        entry = {"id": row.id, "line": row.line, **verdict.to_dict()}
        if verdict.status == Status.ELIGIBLE:
            result.eligible.append(entry)
        elif verdict.status == Status.ALMOST:
            result.almost.append(entry)
        elif verdict.status == Status.INSUFFICIENT:
            result.insufficient.append(entry)
        else:
            result.not_eligible += 1
    return result


def _clean(value: str) -> Any:
    """CSV cells are text: turn true/false, numbers and blanks into what a profile expects."""
    text = value.strip()
    if text == "":
        return None
    lowered = text.lower()
    if lowered in ("true", "是", "yes"):
        return True
    if lowered in ("false", "否", "no"):
        return False
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def roster_row(line: int, record: dict[str, Any]) -> RosterRow:
    """One roster entry: its ``id`` (or its position when it has none) apart from the profile fields."""
    fields = dict(record)
    ident = fields.pop("id", None)
    return RosterRow(line=line, id=str(ident) if ident not in (None, "") else f"第{line}行", fields=fields)


def _check_size(count: int) -> None:
    if count > MAX_ROSTER:
        raise BadInput.of("roster_too_large", limit=MAX_ROSTER)


def read_roster(path: Path) -> Iterator[RosterRow]:
    """Rows of a JSON Lines or CSV roster; a line that is not JSON becomes a row that fails later."""
    if not path.is_file():
        raise BadInput.of("file_not_found", "roster", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput.of("bad_encoding", path=path) from exc
    if not text.strip():
        raise BadInput.of("empty_file", "roster", path=path)
    count = 0
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        for number, record in enumerate(reader, 2):
            count += 1
            _check_size(count)
            yield roster_row(number, {k: _clean(v or "") for k, v in record.items() if k})
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            count += 1
            _check_size(count)
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                record = {"__line__": line[:40]}
            if not isinstance(record, dict):
                record = {"__line__": str(record)[:40]}
            yield roster_row(number, record)
