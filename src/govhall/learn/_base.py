"""The ``Classifier`` protocol, the model folder's metadata file and loading by kind."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

import numpy as np

from govhall.errors import BadInput
from govhall.learn.data import Dataset
from govhall.registry import CLASSIFIERS

META_FILE = "govhall-model.json"
FORMAT_VERSION = 1

ProgressFn = Callable[[str, int, int], None]
"""Called as ``progress(step, done, total)`` while a long step runs; the CLI draws it as a bar."""


@runtime_checkable
class Classifier(Protocol):
    """A text classifier: the one shape every model of the pipeline has.

    ``labels`` fixes the column order of :meth:`predict_proba`. ``history`` holds one dict per
    evaluation during :meth:`fit` (epoch, step, losses, dev metrics) for the training curves.
    """

    kind: str
    labels: list[str]
    history: list[dict[str, float]]

    def fit(self, train: Dataset, dev: Dataset | None = None, *, progress: ProgressFn | None = None) -> None: ...

    def predict_proba(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray: ...

    def predict(self, texts: Sequence[str]) -> list[str]: ...

    def params(self) -> dict[str, Any]: ...

    def save(self, path: Path) -> None: ...

    @classmethod
    def load(cls, path: Path) -> Classifier: ...


C = TypeVar("C")


def argmax_labels(labels: Sequence[str], proba: np.ndarray) -> list[str]:
    return [labels[int(i)] for i in np.argmax(proba, axis=1)] if len(proba) else []


def write_meta(path: Path, kind: str, labels: Sequence[str], params: dict[str, Any], **extra: Any) -> None:
    """The folder's ``govhall-model.json``: what kind of model it is, its labels and parameters."""
    path.mkdir(parents=True, exist_ok=True)
    meta = {
        "format": FORMAT_VERSION,
        "kind": kind,
        "labels": list(labels),
        "params": params,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
    }
    (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    (path / "labels.json").write_text(
        json.dumps({label: i for i, label in enumerate(labels)}, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def read_meta(path: Path) -> dict[str, Any]:
    """The metadata of the model folder ``path``; a clear error where it is not one."""
    if not path.is_dir():
        raise BadInput.of("model_not_found", path=path)
    meta_path = path / META_FILE
    if not meta_path.is_file():
        raise BadInput.of("not_a_model", path=path, meta_file=META_FILE)
    try:
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadInput.of("not_a_model", "broken_meta", path=meta_path) from None
    return meta


def saved_config(meta: dict[str, Any], config: type[C]) -> C:
    """The ``config`` dataclass a model folder was trained with, from its metadata's params: only the
    fields this version still has (a field an older version wrote and this one dropped is ignored, a
    new one takes its default), so an upgrade does not make yesterday's models unloadable."""
    fields = {f.name for f in dataclasses.fields(config)}  # type: ignore[arg-type]
    return config(**{k: v for k, v in meta.get("params", {}).items() if k in fields})


def update_meta(path: Path, **changes: Any) -> None:
    meta = read_meta(path)
    meta.update(changes)
    (path / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


EXTRA_HINT = "请安装可选依赖：pip install 'govhall[transformer]'"


def model_class(kind: str) -> type[Any]:
    """The class of classifier ``kind`` from :data:`govhall.registry.CLASSIFIERS`; a clear error when its
    optional dependency (torch, onnxruntime) is not installed."""
    load = CLASSIFIERS.get(kind)
    try:
        return load()
    except ImportError as exc:
        raise BadInput.of("missing_dependency", kind=kind, module=exc.name, hint=EXTRA_HINT) from None


def load_model(path: Path) -> Classifier:
    """Load any saved model folder, whatever its kind."""
    meta = read_meta(path)
    model: Classifier = model_class(str(meta.get("kind"))).load(path)
    return model


def folder_size(path: Path) -> int:
    """Bytes on disk of a model folder (model cards, registry listings, size comparisons)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
