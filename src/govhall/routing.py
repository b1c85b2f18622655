"""What a text says about the service catalogue: the items it mentions, and the department a complaint
belongs to. One module below both the assistant and opinion, so that a citizen's complaint in the chat
and the same words in a hotline export are read by the same rule (before, the assistant asked its item
model and opinion asked the catalogue's keywords, and the two could send one complaint to two
departments).

*Which items a text mentions* (:class:`Mentions`): an item's terms are its name and keywords,
normalised and lower-cased, at least two characters, without the words every request uses (办理, 申请,
投诉 …); an item is *said* where one of its terms stands in the text. :meth:`Mentions.mentioned` is
stricter, for a request: a term that tells a state reached ("我退休了", "办了残疾证") names no item,
and a term spelt with one wrong character still names one ("失业经"). :meth:`Mentions.likeliest`
weighs the items said by the length of their terms found: specific terms (公积金提取) outweigh
short ones.

*Which department a complaint goes to* (:func:`complaint_department`), the evidence in order:

1. the hotline's own trained department model (task ``ticket_department``), when it is confident
   (probability ≥ :data:`MODEL_MIN_PROBA`); the item of the first reading below that belongs to
   the same department is kept;
2. the item model's likeliest item (task ``service``, the model the assistant routes requests with),
   at probability ≥ :data:`ITEM_MIN_PROBA`, where the caller has its reading (the assistant has it
   for every turn; opinion's bulk import leaves it out for speed, see govhall.opinion.routing);
3. the item the text says most (:meth:`Mentions.likeliest`, at least :data:`KEYWORD_MIN_SCORE`).

The order is measured (``benchmarks/bench_routing.py``, 1,842 hotline messages labelled by department,
docs/benchmarks.md): without a department model the item model is right more often than the keywords
where both answer, and the keywords add a few right departments where it has none.

The complaint intake itself (the item marked ``complaint_channel``, 12345) is never the answer: it
receives complaints, it does not act on them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from govhall.errors import GovhallError
from govhall.learn import Classifier, ModelRegistry
from govhall.text import normalize, tokenize

__all__ = [
    "DEPARTMENT_TASK",
    "GENERIC",
    "ITEM_MIN_PROBA",
    "ITEM_TASK",
    "KEYWORD_MIN_SCORE",
    "MODEL_MIN_PROBA",
    "Destination",
    "Mentions",
    "bigrams",
    "complaint_department",
    "likely_items",
    "load_department_model",
    "load_item_model",
    "predict_departments",
    "said_at",
]

DEPARTMENT_TASK = "ticket_department"
ITEM_TASK = "service"
"""The item model's task: the assistant trains it (``train_routing``) on requests labelled by item."""
MODEL_MIN_PROBA = 0.5
"""Below this probability the department model is not trusted and the text's items decide."""
KEYWORD_MIN_SCORE = 2.0
"""The least total length of an item's terms found for the item to count as the one a text is about."""
ITEM_MIN_PROBA = 0.15
"""The least probability of the item model's reading for its department to be taken."""
GENERIC = frozenset({"办理", "申请", "投诉", "咨询", "问题", "政府", "服务"})
"""Words any request uses: as a keyword they would make every message mention the item."""

_HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")
_STATE_AFTER = re.compile(r"^(?:已经|早就)?(?:办|领|拿|批)?(?:下来)?[了过](?![来去])")
_STATE_BEFORE = re.compile(
    r"(?:办|领|拿|有)[了过]$|已经有$|早就有$|(?:没|没有|未)(?:领|办|拿)?$"
    r"|(?:^|[，,。；;\s]|[我们都也还])(?:持|有)$"  # "我跟她爸都在这边上班，有居住证": held, not asked for
)
_WANTED_BEFORE = re.compile(r"(?:想|要|申请|咨询|问|办(?![了过]))[^，。？?]{0,2}$")


def _norm(text: str) -> str:
    return normalize(text).lower()


def bigrams(text: str) -> set[str]:
    """The text's pairs of adjacent Chinese characters."""
    return {text[i : i + 2] for i in range(len(text) - 1) if _HAN_PAIR.fullmatch(text[i : i + 2])}


def _names_at(norm: str, key: str) -> int:
    """Where ``key`` last names its item in ``norm``, or -1. A state reached is no naming: "我退休了",
    "早就退休了", "办了残疾证", "还没领结婚证" tell the circumstances of another request; "我想办退休了"
    still names it."""
    at = norm.rfind(key)
    while at >= 0:
        before, after = norm[max(0, at - 4) : at], norm[at + len(key) : at + len(key) + 8]
        state = (_STATE_AFTER.search(after) or _STATE_BEFORE.search(before)) and not _WANTED_BEFORE.search(before)
        if not state:
            return at
        at = norm.rfind(key, 0, at)
    return -1


def said_at(norm: str, key: str) -> int:
    """Where ``key`` names its item in ``norm`` (see :func:`_names_at`), also when the text puts a
    的 inside a key of four or more characters ("老年人的补贴" names 老年人补贴): people insert it
    freely, and a name that long does not come together by chance once 的 is dropped."""
    at = _names_at(norm, key)
    if at >= 0 or len(key) < 4 or "的" not in norm or "的" in key:
        return at
    return _names_at(norm.replace("的", ""), key)


@dataclass(frozen=True)
class Destination:
    """Where a text goes: an item (``""`` when only the department is known) and its department."""

    item_code: str
    item_name: str
    department: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Mentions:
    """The catalogue's items as a text can mention them; build once per catalogue, ask many times."""

    def __init__(self, items: Sequence[Mapping[str, Any]]) -> None:
        self.names = {str(item["code"]): str(item["name"]) for item in items}
        self.departments = {str(item["code"]): str(item["department"]) for item in items}
        self.complaint: str | None = next((str(i["code"]) for i in items if i.get("complaint_channel")), None)
        """The complaint intake (12345): it receives complaints, no complaint is about it."""
        self.keys: dict[str, tuple[str, ...]] = {}
        """Each item's terms, its name first (see the module docstring)."""
        for item in items:
            words = [_norm(str(item["name"])), *(_norm(str(w)) for w in item.get("keywords", []))]
            kept = (w for w in words if len(w) >= 2 and w not in GENERIC)
            self.keys[str(item["code"])] = tuple(dict.fromkeys(kept))
        self._items = items
        # Each distinct term once, with the items it belongs to: one substring test per term.
        owners: dict[str, list[str]] = {}
        for code, terms in self.keys.items():
            for word in terms:
                owners.setdefault(word, []).append(code)
        self._terms = [(word, len(word), tuple(codes)) for word, codes in owners.items()]
        self._order = {code: position for position, code in enumerate(self.keys)}

    @cached_property
    def domain(self) -> frozenset[str]:
        """Every two-character Chinese string of the catalogue's items (names, keywords, guide, form):
        a pair outside it is no word of any item (see :meth:`_misspelt`)."""
        grams: set[str] = set()
        for item in self._items:
            grams |= bigrams(normalize(json.dumps(item, ensure_ascii=False)))
        return frozenset(grams)

    # -- the items a text says ------------------------------------------------------------------

    def spots(self, text: str, code: str) -> list[int]:
        """Where the item's terms stand in ``text`` (normalised here)."""
        norm = _norm(text)
        return [m.start() for key in self.keys.get(code, ()) for m in re.finditer(re.escape(key), norm)]

    def said(self, text: str, code: str) -> bool:
        """Whether one of the item's terms stands in ``text`` at all, also where :meth:`mentioned`
        does not count it ("办了居住证的" holds the permit, it names no wish)."""
        norm = _norm(text)
        return any(key in norm for key in self.keys.get(code, ()))

    def scores(self, text: str) -> dict[str, int]:
        """Per item said: the total length of its distinct terms that stand in the text."""
        return self.scores_normalized(_norm(text))

    def scores_normalized(self, norm: str) -> dict[str, int]:
        """:meth:`scores` for text already normalised and lower-cased (bulk import does that once)."""
        found: dict[str, int] = {}
        for word, length, codes in self._terms:
            if word in norm:
                for code in codes:
                    found[code] = found.get(code, 0) + length
        return found

    def likeliest(self, norm: str, *, min_score: float = KEYWORD_MIN_SCORE) -> Destination | None:
        """The item ``norm`` (normalised, lower-cased) says most, by :meth:`scores_normalized`; the
        first in catalogue order on a tie; None below ``min_score`` or where only the intake is said."""
        best: Destination | None = None
        found = self.scores_normalized(norm)
        for code in sorted(found, key=self._order.__getitem__):
            score = found[code]
            if code != self.complaint and score >= min_score and (best is None or score > best.score):
                best = Destination(code, self.names[code], self.departments[code], float(score))
        return best

    # -- the items a request names ---------------------------------------------------------------

    def mentioned(self, text: str) -> list[str]:
        """Items the text names as a request would (see :func:`said_at`; misspelt by one character
        where none is spelt right), the one named last first.

        "低保不办了，改办失业金" → [unemployment-benefit, dibao]: a switch names the new item last.
        """
        norm = _norm(text)
        found: list[tuple[int, str]] = []
        for code, keys in self.keys.items():
            at = max((said_at(norm, k) for k in keys), default=-1)
            if at >= 0:
                found.append((at, code))
        if not found:
            found = self._misspelt(norm)
        return [code for _at, code in sorted(found, reverse=True)]

    def _misspelt(self, norm: str) -> list[tuple[int, str]]:
        """Items named with one wrong character ("高铃津贴", "失业经", "公基金"): a name or keyword of
        three or more characters that differs from the text in one place, where the wrong character
        makes a pair of characters the catalogue never uses ("居住地" is a word of its own, not a
        misspelt 居住证). Two-character keywords are left out: one character is half of them; a
        three-character one must keep its first character (a verb before 户口 is no 上户口). A window
        that the segmenter's dictionary keeps as one word is that word ("养老院" is no misspelt 养老金)."""
        found: dict[str, int] = {}
        words: set[str] | None = None  # the text's words, cut only when a window looks misspelt
        for run in _HAN_RUN.finditer(norm):
            text = run.group()
            for size, variants in self._wildcards.items():
                for start in range(len(text) - size + 1):
                    window = text[start : start + size]
                    for place in range(size):
                        code = variants.get(window[:place] + "?" + window[place + 1 :])
                        if code is None or code in found or any(key in window for key in self.keys[code]):
                            continue  # "退休了" is the state told with the keyword 退休, not a misspelt 退休金
                        touching = {window[max(place - 1, 0) : place + 1], window[place : place + 2]}
                        if any(len(pair) == 2 and pair not in self.domain for pair in touching):
                            words = set(tokenize(norm)) if words is None else words
                            if window not in words:
                                found[code] = run.start() + start
        return [(at, code) for code, at in found.items()]

    @cached_property
    def _wildcards(self) -> dict[int, dict[str, str]]:
        """Per length, every name and keyword with one character replaced by "?" → its item."""
        table: dict[int, dict[str, str]] = {}
        for code, keys in self.keys.items():
            for key in keys:
                if len(key) < 3 or not _HAN_PAIR.fullmatch(key[:2]):
                    continue
                # a three-character key keeps its first character: "上户口" is not "带户口"
                for place in range(1 if len(key) == 3 else 0, len(key)):
                    table.setdefault(len(key), {}).setdefault(key[:place] + "?" + key[place + 1 :], code)
        return table


# -- complaint → department ---------------------------------------------------------------------


def complaint_department(
    mentions: Mentions,
    said: Destination | None,
    *,
    predicted: tuple[str, float] | None = None,
    likely: Sequence[tuple[str, float]] = (),
) -> Destination | None:
    """The department a complaint (or any text) should go to, by the evidence in the module
    docstring's order: ``predicted`` is the department model's (department, probability), ``likely``
    the item model's (code, probability) pairs, best first, and ``said`` the item the text says
    (:meth:`Mentions.likeliest`, or a topic's reading of the same terms). Where the department
    model decides, the item of the first reading in its department is kept."""
    by_model = next(
        (
            Destination(code, mentions.names[code], mentions.departments[code], probability)
            for code, probability in likely
            if code != mentions.complaint and code in mentions.departments and probability >= ITEM_MIN_PROBA
        ),
        None,
    )
    readings = [reading for reading in (by_model, said) if reading is not None]
    if predicted is not None and predicted[1] >= MODEL_MIN_PROBA:
        department, probability = predicted
        same = next((r for r in readings if r.department == department), None)
        return Destination(same.item_code if same else "", same.item_name if same else "", department, probability)
    return readings[0] if readings else None


def likely_items(model: Classifier | None, texts: Sequence[str], mentions: Mentions) -> list[list[tuple[str, float]]]:
    """The item model's three likeliest catalogue items (code, probability) for each text; empty
    lists without a model. Labels that are no item of the catalogue (``none``) are left out."""
    if model is None or not texts:
        return [[] for _ in texts]
    proba = np.asarray(model.predict_proba(list(texts)))
    labels = [str(label) for label in model.labels]
    found = []
    for row in proba:
        order = [int(i) for i in np.argsort(-row)]
        found.append([(labels[i], float(row[i])) for i in order if labels[i] in mentions.names][:3])
    return found


def predict_departments(model: Classifier | None, texts: Sequence[str]) -> list[tuple[str, float]]:
    """The department model's (department, probability) for each text; empty labels without a model."""
    if model is None or not texts:
        return [("", 0.0) for _ in texts]
    proba = np.asarray(model.predict_proba(list(texts)))
    best = proba.argmax(axis=1)
    return [(str(model.labels[int(i)]), float(proba[row, int(i)])) for row, i in enumerate(best)]


_LOADED: dict[tuple[str, str], Classifier] = {}
"""Loaded models per (folder, saved_at): a published model never changes under its key."""


def _load_active(models_dir: Path | None, task: str) -> Classifier | None:
    """The active model of ``task``, or None when none is active or it cannot load: a broken model
    must not stop routing, the other evidence still works."""
    if models_dir is None:
        return None
    registry = ModelRegistry(models_dir)
    try:
        if task not in registry.active():
            return None
        path = registry.active_path(task)
        meta = path / "govhall-model.json"
        stamp = json.loads(meta.read_text(encoding="utf-8")).get("saved_at", "") if meta.is_file() else ""
        key = (str(path.resolve()), str(stamp))
        if key not in _LOADED:
            if len(_LOADED) >= 8:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[key] = registry.load_active(task)
        return _LOADED[key]
    except (GovhallError, OSError, ValueError):
        return None


def load_department_model(models_dir: Path | None) -> Classifier | None:
    """The active ``ticket_department`` model (a hotline's own tickets), or None."""
    return _load_active(models_dir, DEPARTMENT_TASK)


def load_item_model(models_dir: Path | None) -> Classifier | None:
    """The active item model (the assistant's ``service`` task: catalogue item or ``none``), or None."""
    return _load_active(models_dir, ITEM_TASK)
