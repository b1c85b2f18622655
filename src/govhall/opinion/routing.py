"""Relate a text to a service item (事项) and the department that should act on it.

Two sources, the trained one first:

* the active ``ticket_department`` model (``govhall train --task ticket_department`` on a
  hotline's own labelled tickets, then ``govhall models activate``): where one is active, its
  department is used when it is confident (probability ≥ :data:`MODEL_MIN_PROBA`), with the
  catalogue item the keywords find if that item belongs to the same department;
* the catalogue's keywords (失业金, 辞退 …), the fallback and the default on a fresh install: a
  complaint that mentions them belongs to the item's department. Scoring by matched keyword
  length favours specific terms (公积金提取) over generic ones (办理).

A topic (keyword → weight) is routed by the same rules, but the matched words must carry a real
share of the topic's weight: before, any match won, so a topic about 物业 (property management,
which no built-in item covers) went to 不动产登记 on the strength of one faint word such as 房产
(inside 房产证), far down its list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from govhall import catalog
from govhall.errors import GovhallError
from govhall.learn import Classifier, ModelRegistry
from govhall.text import normalize

__all__ = ["MODEL_MIN_PROBA", "TASK", "Route", "Router", "load_department_model"]

_GENERIC = {"办理", "申请", "投诉", "咨询", "问题", "政府", "服务"}
TASK = "ticket_department"
MODEL_MIN_PROBA = 0.5
"""Below this probability the model's department is not trusted and the keywords decide."""
_TOPIC_MIN_SHARE = 0.2  # a topic's matched keyword weight, as a share of its total weight


def load_department_model(models_dir: Path | None) -> Classifier | None:
    """The active ``ticket_department`` model, or None when none is active (or it cannot load)."""
    if models_dir is None:
        return None
    registry = ModelRegistry(models_dir)
    if TASK not in registry.active():
        return None
    try:
        return registry.load_active(TASK)
    except (GovhallError, OSError, ValueError):
        return None  # a broken model must not stop routing: the keywords still work


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

    def __init__(self, items: Sequence[Mapping[str, Any]], model: Classifier | None = None) -> None:
        self.model = model
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
    def from_db(cls, db: Session, models_dir: Path | None = None) -> Router:
        """The router for the current catalogue; with ``models_dir`` (the caller's configured
        models folder) it uses the active ``ticket_department`` model where there is one."""
        return cls(catalog.current_contents(db), load_department_model(models_dir))

    def route(self, text: str, *, min_score: float = 2.0) -> Route | None:
        """The best-matching item for ``text`` or None when nothing specific is mentioned."""
        return self.route_normalized(normalize(text).lower(), min_score=min_score)

    def route_normalized(self, norm: str, *, min_score: float = 2.0) -> Route | None:
        """:meth:`route` for text already normalised and lower-cased (bulk import does that once)."""
        by_keywords = self._keyword_route(norm, min_score)
        if self.model is None:
            return by_keywords
        return self._with_model(self.predict_departments([norm])[0], by_keywords)

    def predict_departments(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The model's (department, probability) for each text; empty labels without a model."""
        if self.model is None or not texts:
            return [("", 0.0) for _ in texts]
        proba = np.asarray(self.model.predict_proba(list(texts)))
        best = proba.argmax(axis=1)
        return [(str(self.model.labels[int(i)]), float(proba[row, int(i)])) for row, i in enumerate(best)]

    def _with_model(self, predicted: tuple[str, float], by_keywords: Route | None) -> Route | None:
        department, probability = predicted
        if probability < MODEL_MIN_PROBA:
            return by_keywords
        if by_keywords is not None and by_keywords.department == department:
            return Route(by_keywords.item_code, by_keywords.item_name, department, probability)
        return Route("", "", department, probability)

    def _keyword_route(self, norm: str, min_score: float) -> Route | None:
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
        """The item a topic (keyword → weight) is about: the weights of topic words that match an
        item's terms, summed per item; None unless they are a real share of the topic's weight
        (see the module docstring). With a model, the model reads the topic's words in order."""
        total = sum(w for w in weights.values() if w > 0)
        best: Route | None = None
        for code, name, department, words in self._items:
            score = sum(
                w for term, w in weights.items() if len(term) >= 2 and any(term in x or x in term for x in words)
            )
            if score > 0 and (best is None or score > best.score):
                best = Route(code, name, department, float(score))
        if best is not None and (total <= 0 or best.score < _TOPIC_MIN_SHARE * total):
            best = None
        if self.model is None or not weights:
            return best
        ordered = sorted(weights, key=lambda term: -weights[term])
        return self._with_model(self.predict_departments([" ".join(ordered)])[0], best)
