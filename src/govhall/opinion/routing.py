"""Relate a text to a service item (事项) and the department that should act on it.

The catalogue already names each item's keywords (失业金, 辞退 …) and department; a complaint that
mentions them belongs there. Scoring by matched keyword length favours specific terms (公积金提取)
over generic ones (办理).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govhall import catalog
from govhall.text import normalize

__all__ = ["Route", "Router"]

_GENERIC = {"办理", "申请", "投诉", "咨询", "问题", "政府", "服务"}


@dataclass(frozen=True)
class Route:
    item_code: str
    item_name: str
    department: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Router:
    """Keyword routing over the current catalogue; build once per batch, call many times."""

    def __init__(self, items: Sequence[Mapping[str, Any]]) -> None:
        self._items: list[tuple[str, str, str, list[str]]] = []
        for item in items:
            words = {normalize(str(w)).lower() for w in item.get("keywords", [])}
            words.add(normalize(str(item["name"])).lower())
            words = {w for w in words if len(w) >= 2 and w not in _GENERIC}
            self._items.append((str(item["code"]), str(item["name"]), str(item["department"]), sorted(words)))
        self.departments = {code: dept for code, _, dept, _ in self._items}
        # Each distinct term once, with the items it belongs to: one substring test per term.
        owners: dict[str, list[int]] = {}
        for position, (_, _, _, terms) in enumerate(self._items):
            for word in terms:
                owners.setdefault(word, []).append(position)
        self._terms = [(word, len(word), tuple(items)) for word, items in owners.items()]

    @classmethod
    def from_db(cls, db: Session) -> Router:
        return cls(catalog.current_contents(db))

    def route(self, text: str, *, min_score: float = 2.0) -> Route | None:
        """The best-matching item for ``text`` or None when nothing specific is mentioned."""
        return self.route_normalized(normalize(text).lower(), min_score=min_score)

    def route_normalized(self, norm: str, *, min_score: float = 2.0) -> Route | None:
        """:meth:`route` for text already normalised and lower-cased (bulk import does that once)."""
        scores = [0] * len(self._items)
        for word, length, items in self._terms:
            if word in norm:
                for position in items:
                    scores[position] += length
        best: Route | None = None
        for (code, name, department, _), score in zip(self._items, scores, strict=True):
            if score >= min_score and (best is None or score > best.score):
                best = Route(code, name, department, float(score))
        return best

    def route_weights(self, weights: Mapping[str, float]) -> Route | None:
        """The item a topic (keyword → weight) is about: keyword weights summed over item terms."""
        best: Route | None = None
        for code, name, department, words in self._items:
            score = sum(
                w for term, w in weights.items() if len(term) >= 2 and any(term in x or x in term for x in words)
            )
            if score > 0 and (best is None or score > best.score):
                best = Route(code, name, department, float(score))
        return best
