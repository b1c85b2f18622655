"""Relate a text to a service item (事项) and the department that should act on it.

The rule is :func:`govhall.routing.complaint_department`, the same the assistant uses for a
complaint told in the chat: the active ``ticket_department`` model (``govhall train --task
ticket_department`` on a hotline's own labelled tickets, then ``govhall models activate``) when it
is confident, else the catalogue's keywords (失业金, 辞退 …), the default on a fresh install.

The rule's middle step, the item model (the assistant's ``service`` model), is left out of
:meth:`Router.from_db`: it reads ~1,000 hotline-length texts a second on one core, which would
halve the bulk import (~1,500 posts/s), for +16 points of department accuracy only where no
department model is active (``benchmarks/bench_routing.py``: 0.07 → 0.23; 0.92 either way with
one). A caller that can afford it passes ``item_model`` to :class:`Router`. Scoring by matched keyword
length favours specific terms (公积金提取) over generic ones (办理). The complaint intake (12345)
is never a text's department: it passes complaints on.

A topic (keyword → weight) is routed by the same rule, but the matched words must carry a real
share of the topic's weight: before, any match won, so a topic about 物业 (property management,
which no built-in item covers) went to 不动产登记 on the strength of one faint word such as 房产
(inside 房产证), far down its list. A topic's words are no request, so the item model does not
read them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govhall import catalog
from govhall.learn import Classifier
from govhall.routing import (
    DEPARTMENT_TASK,
    KEYWORD_MIN_SCORE,
    MODEL_MIN_PROBA,
    Destination,
    Mentions,
    complaint_department,
    likely_items,
    load_department_model,
    predict_departments,
)
from govhall.text import normalize

__all__ = ["MODEL_MIN_PROBA", "TASK", "Route", "Router", "load_department_model"]

TASK = DEPARTMENT_TASK
_TOPIC_MIN_SHARE = 0.2  # a topic's matched keyword weight, as a share of its total weight

Route = Destination
"""A text's item (``""`` when only the department is known), department and score."""


class Router:
    """Routing over the current catalogue and the active models; build once per batch, call many times."""

    def __init__(
        self, items: Sequence[Mapping[str, Any]], model: Classifier | None = None, item_model: Classifier | None = None
    ) -> None:
        self.model = model
        """The department model (``ticket_department``), or None."""
        self.item_model = item_model
        """The item model (``service``), or None (see the module docstring)."""
        self.mentions = Mentions(items)
        self.departments = self.mentions.departments

    @classmethod
    def from_db(cls, db: Session, models_dir: Path | None = None) -> Router:
        """The router for the current catalogue; with ``models_dir`` (the caller's configured
        models folder) it uses the active ``ticket_department`` model where there is one."""
        return cls(catalog.current_contents(db), load_department_model(models_dir))

    def route(self, text: str, *, min_score: float = KEYWORD_MIN_SCORE) -> Route | None:
        """The department (and item) for ``text``, or None when nothing tells one."""
        return self.route_normalized(normalize(text).lower(), min_score=min_score)

    def route_normalized(self, norm: str, *, min_score: float = KEYWORD_MIN_SCORE) -> Route | None:
        """:meth:`route` for text already normalised and lower-cased (bulk import does that once)."""
        return self.route_many([norm], min_score=min_score)[0]

    def route_many(self, norms: Sequence[str], *, min_score: float = KEYWORD_MIN_SCORE) -> list[Route | None]:
        """:meth:`route_normalized` for many texts: each model reads them in one batch."""
        predicted = predict_departments(self.model, norms)
        likely = likely_items(self.item_model, norms, self.mentions)
        return [
            complaint_department(
                self.mentions, self.mentions.likeliest(norm, min_score=min_score), predicted=guess, likely=items
            )
            for norm, guess, items in zip(norms, predicted, likely, strict=True)
        ]

    def predict_departments(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The model's (department, probability) for each text; empty labels without a model."""
        return predict_departments(self.model, texts)

    def route_weights(self, weights: Mapping[str, float]) -> Route | None:
        """The item a topic (keyword → weight) is about: the weights of topic words that match an
        item's terms, summed per item; None unless they are a real share of the topic's weight
        (see the module docstring). With a model, the model reads the topic's words in order."""
        total = sum(w for w in weights.values() if w > 0)
        best: Route | None = None
        for code, words in self.mentions.keys.items():
            if code == self.mentions.complaint:
                continue
            score = sum(
                w for term, w in weights.items() if len(term) >= 2 and any(term in x or x in term for x in words)
            )
            if score > 0 and (best is None or score > best.score):
                best = Route(code, self.mentions.names[code], self.departments[code], float(score))
        if best is not None and (total <= 0 or best.score < _TOPIC_MIN_SHARE * total):
            best = None
        if self.model is None or not weights:
            return best
        ordered = sorted(weights, key=lambda term: -weights[term])
        return complaint_department(self.mentions, best, predicted=self.predict_departments([" ".join(ordered)])[0])
