"""The models folder: every trained model is a sub-folder; ``active.json`` names one per task.

The product asks for "the sentiment model", never for a path: ``load_active("sentiment")``. Swapping
models is ``govhall models activate sentiment NAME``, a write of one small JSON file (atomically
replaced, so a worker reading it concurrently sees the old or the new mapping, never half of one).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govhall.errors import BadInput, ModelMissing
from govhall.learn._base import Classifier, folder_size, load_model, read_meta

__all__ = ["KNOWN_TASKS", "ModelInfo", "ModelRegistry"]

ACTIVE_FILE = "active.json"
KNOWN_TASKS = ("intent", "sentiment", "ticket_department", "topic", "emotion")
_TASK = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_NAME = re.compile(r"^[\w][\w.\-]{0,127}$")


@dataclass
class ModelInfo:
    """One row of ``govhall models list``."""

    name: str
    path: str
    kind: str
    task: str | None
    labels: list[str]
    saved_at: str | None
    size_bytes: int
    metrics: dict[str, Any] = field(default_factory=dict)
    active_for: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise BadInput.of("bad_model_name", name=name)
    return name


def check_task(task: str) -> str:
    if not _TASK.match(task):
        raise BadInput.of("bad_task", task=task, examples="、".join(KNOWN_TASKS))
    return task


class ModelRegistry:
    """The models under ``root`` and which one each task uses."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, ref: str | Path) -> Path:
        """A model folder named by registry name or by path; a clear error where neither exists."""
        as_path = Path(ref)
        candidates = [as_path] if as_path.is_absolute() else [self.root / as_path, as_path]
        for candidate in candidates:
            if candidate.is_dir():
                read_meta(candidate)
                return candidate
        raise BadInput.of("model_not_found", "ref", ref=ref, root=self.root)

    def new_path(self, name: str, *, overwrite: bool = False) -> Path:
        path = self.root / check_name(name)
        if path.exists() and not overwrite:
            raise BadInput.of("model_exists", name=name, path=path)
        return path

    def active(self) -> dict[str, str]:
        path = self.root / ACTIVE_FILE
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            raise ModelMissing.of("bad_active_file", path=path) from None  # set-up, not the caller's input
        return {str(k): str(v) for k, v in data.items()}

    def activate(self, task: str, ref: str) -> ModelInfo:
        """Make ``ref`` the model of ``task``; the model must load (so a broken folder is never active)."""
        check_task(task)
        path = self.path_of(ref)
        if path.parent.resolve() != self.root.resolve():
            raise BadInput.of("model_outside_registry", root=self.root, path=path)
        load_model(path)
        mapping = self.active()
        mapping[task] = path.name
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".active-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(mapping, handle, ensure_ascii=False, indent=2, sort_keys=True)
        os.replace(tmp, self.root / ACTIVE_FILE)
        return self.info(path)

    def active_path(self, task: str) -> Path:
        name = self.active().get(task)
        if name is None:
            raise ModelMissing.of("no_active_model", task=task)
        path = self.root / name
        if not path.is_dir():
            raise ModelMissing.file("GOVHALL_MODELS_DIR", path)
        return path

    def load_active(self, task: str) -> Classifier:
        """The model the product uses for ``task`` (intent, sentiment, ticket_department …).

        One that does not load is the installation's problem whatever the reason (a broken folder,
        a missing library, a changed embedder): a 503 naming the fix, not the caller's 400."""
        path = self.active_path(task)
        try:
            return load_model(path)
        except BadInput as exc:
            raise ModelMissing.of("active_model_unusable", task=task, name=path.name, reason=exc.message) from exc

    def info(self, path: Path) -> ModelInfo:
        meta = read_meta(path)
        card_path = path / "model_card.json"
        card: dict[str, Any] = {}
        if card_path.is_file():
            card = json.loads(card_path.read_text(encoding="utf-8"))
        metrics: dict[str, Any] = {}
        for split in ("test", "dev"):
            found = card.get("metrics", {}).get(split)
            if found:
                metrics = {"split": split, "accuracy": found["accuracy"], "macro_f1": found["macro"]["f1"]}
                break
        active = self.active()
        return ModelInfo(
            name=path.name,
            path=str(path),
            kind=str(meta.get("kind")),
            task=meta.get("task") or card.get("task"),
            labels=list(meta.get("labels", [])),
            saved_at=meta.get("saved_at"),
            size_bytes=folder_size(path),
            metrics=metrics,
            active_for=sorted(task for task, name in active.items() if name == path.name),
        )

    def list(self) -> list[ModelInfo]:
        if not self.root.is_dir():
            return []
        found = []
        for path in sorted(self.root.iterdir()):
            if path.is_dir() and not path.name.startswith("."):
                try:
                    found.append(self.info(path))
                except BadInput:
                    continue
        return found
