"""What a citizen can apply for (我能办什么): every item assessed, grouped by verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

from govhall.knowledge_graph.profile import Profile
from govhall.knowledge_graph.rules import Assessment, Outcome, RuleBook, Status, assess, default_rulebook


def _concerns(result: Assessment) -> bool:
    """True when every rule that says whether the item is about the citizen is known."""
    deciding = [r for r in result.results if r.rule.trigger or r.rule.trigger_near is not None]
    return all(r.outcome != Outcome.UNKNOWN for r in deciding)


def recommend(
    profile: Profile, names: dict[str, str], book: RuleBook | None = None, today: date | None = None
) -> dict[str, Any]:
    """``{"eligible", "almost", "insufficient"}``: lists of assessed items (with ``name`` from
    ``names``, the catalogue's code → name), each with reasons, citations and what is missing."""
    book = book or default_rulebook()
    grouped: dict[str, list[dict[str, Any]]] = {"eligible": [], "almost": [], "insufficient": []}
    for code in book.items:
        if code not in names:
            continue  # an item the catalogue no longer offers
        result: Assessment = assess(code, profile, book, today)
        if result.status == Status.INSUFFICIENT and not _concerns(result):
            continue  # nothing says the item is about this citizen: not worth listing
        if result.status in (Status.ELIGIBLE, Status.ALMOST, Status.INSUFFICIENT):
            grouped[result.status.value].append({"name": names[code], **result.to_dict()})
    return grouped
