"""Labelled text data: load CSV / JSON Lines, check it, and split it reproducibly.

A data set is two parallel lists (texts, labels); labels are kept as strings so that ``0``/``1`` in a
CSV and ``0``/``1`` in JSON name the same class. Loading reports what it dropped (empty rows,
duplicates, texts with conflicting labels) instead of silently fixing it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govhall.errors import BadInput

__all__ = ["DataReport", "Dataset", "Splits", "load_dataset", "split_dataset"]


@dataclass(frozen=True)
class Dataset:
    """Texts and their labels, in file order."""

    texts: list[str]
    labels: list[str]

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.labels):
            raise ValueError("texts and labels differ in length")

    def __len__(self) -> int:
        return len(self.texts)

    def label_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(self.labels).items()))

    def fingerprint(self) -> str:
        """SHA-256 over the rows as loaded: the model card's data hash."""
        digest = hashlib.sha256()
        for text, label in zip(self.texts, self.labels, strict=True):
            digest.update(json.dumps([text, label], ensure_ascii=False).encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()


@dataclass
class DataReport:
    """What loading found: rows read, rows kept and why the others were dropped."""

    path: str
    rows: int = 0
    kept: int = 0
    empty: int = 0
    duplicates: int = 0
    conflicting: int = 0
    label_counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Splits:
    train: Dataset
    dev: Dataset
    test: Dataset


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise BadInput.of("file_not_found", "data", path=path)
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput.of("not_utf8", path=path, position=exc.start) from None
    if not content.strip():
        raise BadInput.of("empty_file", "data", path=path)
    return content


def _records(path: Path, content: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows as dicts and the column names seen, from CSV/TSV, a JSON array or JSON Lines."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(content), delimiter="\t" if suffix == ".tsv" else ",")
        header = [c for c in (reader.fieldnames or []) if c is not None]
        return [dict(row) for row in reader], header
    stripped = content.lstrip()
    rows: list[Any]
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise BadInput.of("bad_json", "data_file", path=path, reason=exc.msg, number=exc.lineno) from None
    else:
        rows = []
        for number, line in enumerate(content.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                raise BadInput.of("bad_json", "data_line", path=path, number=number) from None
    columns: list[str] = []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise BadInput.of("bad_json", "data_record", path=path, number=number)
        columns.extend(k for k in row if k not in columns)
    return rows, columns


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def load_dataset(
    path: Path, *, text_column: str = "text", label_column: str = "label", dedup: bool = True
) -> tuple[Dataset, DataReport]:
    """Read ``path`` (``.csv``, ``.tsv``, ``.jsonl`` or a ``.json`` array) into a data set.

    Rows with an empty text or label are dropped; with ``dedup`` a repeated text is kept once, and a
    text that appears with different labels is dropped entirely (it would teach both). Raises
    :class:`BadInput` for a missing, empty or non-UTF-8 file, an unknown column, or no usable row.
    """
    content = _read_text(path)
    rows, columns = _records(path, content)
    for wanted, option in ((text_column, "--text-column"), (label_column, "--label-column")):
        if wanted not in columns:
            raise BadInput.of(
                "unknown_column", path=path, wanted=wanted, option=option, columns="、".join(columns) or "无"
            )
    report = DataReport(path=str(path), rows=len(rows))
    seen: dict[str, str] = {}
    conflicted: set[str] = set()
    order: list[str] = []
    for row in rows:
        text, label = _cell(row.get(text_column)), _cell(row.get(label_column))
        if not text or not label:
            report.empty += 1
            continue
        if not dedup:
            order.append(text)
            seen.setdefault(text, label)
            continue
        if text in seen:
            report.duplicates += 1
            if seen[text] != label:
                conflicted.add(text)
            continue
        seen[text] = label
        order.append(text)
    if dedup:
        kept = [t for t in order if t not in conflicted]
        report.conflicting = len(conflicted)
        dataset = Dataset(kept, [seen[t] for t in kept])
    else:
        labels = [_cell(r.get(label_column)) for r in rows]
        texts = [_cell(r.get(text_column)) for r in rows]
        pairs = [(t, lab) for t, lab in zip(texts, labels, strict=True) if t and lab]
        dataset = Dataset([t for t, _ in pairs], [lab for _, lab in pairs])
    if not len(dataset):
        raise BadInput.of("no_rows", path=path, text_column=text_column, label_column=label_column)
    report.kept = len(dataset)
    report.label_counts = dataset.label_counts()
    report.sha256 = dataset.fingerprint()
    return dataset, report


def require_two_per_label(dataset: Dataset, where: str) -> None:
    """A label seen once can be neither learnt nor evaluated: name it and stop."""
    singles = [label for label, n in dataset.label_counts().items() if n < 2]
    if singles:
        shown = "、".join(f"“{s}”" for s in singles[:10])
        raise BadInput.of("label_too_rare", where=where, labels=shown, fields={"labels": ",".join(singles)})


def split_dataset(dataset: Dataset, *, dev: float = 0.1, test: float = 0.1, seed: int = 42) -> Splits:
    """A stratified, seeded train/dev/test split: each label is shuffled and cut in the same ratios.

    Every label keeps at least one training example; a label with two or three examples gives its
    first spare example to dev, then to test, so that small classes are still evaluated.
    """
    if not (0 <= dev < 1 and 0 <= test < 1 and dev + test < 1):
        raise BadInput.of("bad_split")
    require_two_per_label(dataset, "训练数据")
    by_label: dict[str, list[int]] = defaultdict(list)
    for index, label in enumerate(dataset.labels):
        by_label[label].append(index)
    rng = random.Random(seed)
    parts: dict[str, list[int]] = {"train": [], "dev": [], "test": []}
    for label in sorted(by_label):
        indices = by_label[label]
        rng.shuffle(indices)
        n = len(indices)
        n_dev = round(n * dev) if dev else 0
        n_test = round(n * test) if test else 0
        if dev and n_dev == 0 and n - n_test > 1:
            n_dev = 1
        if test and n_test == 0 and n - n_dev > 1:
            n_test = 1
        while n_dev + n_test >= n:  # keep one for training
            if n_test >= n_dev and n_test:
                n_test -= 1
            else:
                n_dev -= 1
        parts["dev"].extend(indices[:n_dev])
        parts["test"].extend(indices[n_dev : n_dev + n_test])
        parts["train"].extend(indices[n_dev + n_test :])
    made = {}
    for name, indices in parts.items():
        indices.sort()
        made[name] = subset(dataset, indices)
    return Splits(made["train"], made["dev"], made["test"])


def subset(dataset: Dataset, indices: Sequence[int]) -> Dataset:
    return Dataset([dataset.texts[i] for i in indices], [dataset.labels[i] for i in indices])
