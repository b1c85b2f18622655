"""Eligibility rules as data (``data/eligibility.yaml``) evaluated over a citizen's profile.

A rule is met, unmet or unknown (the profile does not say). Trigger rules decide whether an item
concerns the citizen at all; the others are its conditions. Every verdict carries the rules behind
it with the article each cites, so an answer can always be checked against the law.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from govhall.knowledge_graph.profile import FIELD_LABELS, Profile
from govhall.localtime import local_today

RULES_FILE = Path(__file__).parent / "data" / "eligibility.yaml"


class Outcome(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


class Status(StrEnum):
    ELIGIBLE = "eligible"  # every condition met
    ALMOST = "almost"  # concerns the citizen, exactly one condition unmet, everything else known
    INSUFFICIENT = "insufficient"  # at most one condition unmet, but the profile lacks some facts
    NOT_ELIGIBLE = "not_eligible"  # concerns the citizen, two or more conditions unmet
    NOT_APPLICABLE = "not_applicable"  # a trigger rule is unmet: the item is not about them


@dataclass(frozen=True)
class Basis:
    law: str
    article: str

    def to_dict(self) -> dict[str, str]:
        return {"law": self.law, "article": self.article}


@dataclass(frozen=True)
class Rule:
    field: str
    op: str
    label: str
    basis: Basis
    value: Any = None
    ref: str | None = None
    trigger: bool = False
    trigger_near: float | None = None


@dataclass(frozen=True)
class ItemRules:
    code: str
    groups: tuple[str, ...]
    rules: tuple[Rule, ...]
    calculator: str | None = None


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    outcome: Outcome
    label: str
    near: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "condition": self.label,
            "field": self.rule.field,
            "field_label": FIELD_LABELS.get(self.rule.field, self.rule.field),
            "outcome": self.outcome.value,
            "basis": self.rule.basis.to_dict(),
        }


@dataclass
class Assessment:
    """The verdict on one item for one profile, with every rule's outcome."""

    code: str
    status: Status
    results: list[RuleResult] = field(default_factory=list)
    groups: tuple[str, ...] = ()
    calculation: dict[str, Any] | None = None

    @property
    def missing_fields(self) -> list[str]:
        return sorted({r.rule.field for r in self.results if r.outcome == Outcome.UNKNOWN})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "status": self.status.value,
            "groups": list(self.groups),
            "reasons": [r.to_dict() for r in self.results],
            "unmet": [r.label for r in self.results if r.outcome == Outcome.UNMET],
            "missing": [{"field": f, "label": FIELD_LABELS.get(f, f)} for f in self.missing_fields],
        }
        if self.calculation is not None:
            out["calculation"] = self.calculation
        return out


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


@dataclass(frozen=True)
class RuleBook:
    """All items' rules and the local standards they refer to."""

    standards: dict[str, int | float]
    items: dict[str, ItemRules]

    def threshold(self, rule: Rule) -> Any:
        return self.standards[rule.ref] if rule.ref else rule.value

    def label(self, rule: Rule) -> str:
        return rule.label.format(**self.standards)


def _parse_rule(raw: dict[str, Any]) -> Rule:
    law, article = raw["basis"]
    return Rule(
        field=raw["field"],
        op=raw["op"],
        label=str(raw["label"]),
        basis=Basis(str(law), str(article)),
        value=raw.get("value"),
        ref=raw.get("ref"),
        trigger=bool(raw.get("trigger", False)),
        trigger_near=raw.get("trigger_near"),
    )


def load_rulebook(path: Path = RULES_FILE) -> RuleBook:
    """Read and check a rules file: every field is a profile field, every op and standard known."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    standards = {k: int(v) if float(v).is_integer() else float(v) for k, v in raw["local_standards"].items()}
    items: dict[str, ItemRules] = {}
    for code, spec in raw["items"].items():
        rules = tuple(_parse_rule(r) for r in spec["rules"])
        for rule in rules:
            if rule.field not in Profile.model_fields:
                raise ValueError(f"{path}: {code}: unknown profile field {rule.field!r}")
            if rule.op not in {*_COMPARE, "is_true", "is_false", "within_days"}:
                raise ValueError(f"{path}: {code}: unknown operator {rule.op!r}")
            if rule.ref is not None and rule.ref not in standards:
                raise ValueError(f"{path}: {code}: unknown local standard {rule.ref!r}")
        items[code] = ItemRules(code, tuple(spec.get("groups", ())), rules, spec.get("calculator"))
    return RuleBook(standards, items)


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    return load_rulebook()


def _evaluate(book: RuleBook, rule: Rule, profile: Profile, today: date) -> RuleResult:
    value = profile.value(rule.field)
    label = book.label(rule)
    if value is None:
        return RuleResult(rule, Outcome.UNKNOWN, label)
    if rule.op == "is_true":
        met = value is True
    elif rule.op == "is_false":
        met = value is False
    elif rule.op == "within_days":
        assert isinstance(value, date)
        met = (value - today).days <= int(book.threshold(rule))
    else:
        met = _COMPARE[rule.op](value, book.threshold(rule))
    near = False
    if not met and rule.trigger_near is not None:
        if isinstance(value, date):
            near = (value - today).days - int(book.threshold(rule)) <= rule.trigger_near
        elif isinstance(value, int | float):
            near = abs(float(value) - float(book.threshold(rule))) <= rule.trigger_near
    return RuleResult(rule, Outcome.MET if met else Outcome.UNMET, label, near)


def assess(code: str, profile: Profile, book: RuleBook | None = None, today: date | None = None) -> Assessment:
    """The verdict on item ``code`` for ``profile``."""
    from govhall.knowledge_graph.calculators import CALCULATORS

    book = book or default_rulebook()
    spec = book.items[code]
    today = today or local_today()  # the citizen's day in Beijing time, not the host's
    results = [_evaluate(book, rule, profile, today) for rule in spec.rules]
    unmet = [r for r in results if r.outcome == Outcome.UNMET]
    unknown = [r for r in results if r.outcome == Outcome.UNKNOWN]
    far = [r for r in unmet if r.rule.trigger or (r.rule.trigger_near is not None and not r.near)]
    if far:
        status = Status.NOT_APPLICABLE
    elif not unmet and not unknown:
        status = Status.ELIGIBLE
    elif len(unmet) == 1 and not unknown:
        status = Status.ALMOST
    elif len(unmet) <= 1:
        status = Status.INSUFFICIENT  # at most one unmet so far, but some facts are not known
    else:
        status = Status.NOT_ELIGIBLE
    calculation = CALCULATORS[spec.calculator](profile) if spec.calculator else None
    return Assessment(code, status, results, spec.groups, calculation)
