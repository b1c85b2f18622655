"""Evaluation reports: per-class precision/recall/F1, averages, confusion matrix, curves, model card."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from govhall.learn._base import Classifier, ProgressFn, folder_size
from govhall.learn.data import Dataset

__all__ = ["dev_scores", "evaluate", "plot_confusion", "plot_history", "quick_scores", "write_model_card"]


def quick_scores(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1 (over the model's labels and any label only the data has)."""
    every = sorted(set(labels) | set(truth))
    return {
        "accuracy": float(accuracy_score(truth, predicted)),
        "macro_f1": float(f1_score(truth, predicted, labels=every, average="macro", zero_division=0)),
    }


def dev_scores(
    dev: Dataset | None, predict: Callable[[Sequence[str]], list[str]], labels: Sequence[str]
) -> dict[str, float]:
    """``dev_accuracy`` and ``dev_macro_f1`` for a training-history entry, {} without dev rows: every
    kind's curves and model card read the same keys, so they are made in one place."""
    if dev is None or not len(dev):
        return {}
    return {f"dev_{k}": v for k, v in quick_scores(dev.labels, predict(dev.texts), labels).items()}


def evaluate(model: Classifier, data: Dataset, *, progress: ProgressFn | None = None) -> dict[str, Any]:
    """The full report of ``model`` on ``data``.

    Shape: ``{"n", "accuracy", "macro": {precision, recall, f1}, "weighted": {…},
    "per_class": {label: {precision, recall, f1, support}}, "labels", "confusion" (rows = truth,
    columns = prediction, in ``labels`` order), "unknown_labels", "seconds", "texts_per_s"}``.
    """
    started = time.perf_counter()
    proba = model.predict_proba(data.texts, progress=progress)
    seconds = time.perf_counter() - started
    predicted = [model.labels[int(i)] for i in np.argmax(proba, axis=1)]
    unknown = sorted(set(data.labels) - set(model.labels))
    labels = [*model.labels, *unknown]
    p, r, f, s = precision_recall_fscore_support(data.labels, predicted, labels=labels, zero_division=0)
    averages: dict[str, dict[str, float]] = {}
    for average in ("macro", "weighted"):
        ap, ar, af, _ = precision_recall_fscore_support(
            data.labels, predicted, labels=labels, average=average, zero_division=0
        )
        averages[average] = {"precision": float(ap), "recall": float(ar), "f1": float(af)}
    return {
        "n": len(data),
        "accuracy": float(accuracy_score(data.labels, predicted)) if len(data) else 0.0,
        "macro": averages["macro"],
        "weighted": averages["weighted"],
        "per_class": {
            label: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, label in enumerate(labels)
        },
        "labels": labels,
        "confusion": confusion_matrix(data.labels, predicted, labels=labels).tolist(),
        "unknown_labels": unknown,
        "seconds": round(seconds, 3),
        "texts_per_s": round(len(data) / seconds, 1) if seconds > 0 else None,
    }


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(report: dict[str, Any], path: Path, title: str = "Confusion matrix") -> Path:
    """The report's confusion matrix as a PNG (counts in the cells, row-normalised colours)."""
    plt = _pyplot()
    matrix = np.array(report["confusion"], dtype=float)
    labels = [str(label) for label in report["labels"]]
    size = max(4.0, 0.5 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    shares = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    if len(labels) <= 30:
        for i in range(len(labels)):
            for j in range(len(labels)):
                colour = "white" if shares[i, j] > 0.5 else "black"
                ax.text(j, i, str(int(matrix[i, j])), ha="center", va="center", color=colour, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_history(history: Sequence[dict[str, float]], path: Path) -> Path | None:
    """Training curves (loss on the left axis, dev scores on the right) where there is a history."""
    if len(history) < 2:
        return None
    plt = _pyplot()
    steps = [h.get("step", h.get("epoch", i)) for i, h in enumerate(history)]
    fig, ax = plt.subplots(figsize=(7, 4))
    if any("train_loss" in h for h in history):
        ax.plot(steps, [h.get("train_loss", np.nan) for h in history], label="train loss", color="tab:red")
    if any("dev_loss" in h for h in history):
        ax.plot(steps, [h.get("dev_loss", np.nan) for h in history], label="dev loss", color="tab:orange")
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    right = ax.twinx()
    for key, colour in (("dev_accuracy", "tab:blue"), ("dev_macro_f1", "tab:green")):
        if any(key in h for h in history):
            right.plot(steps, [h.get(key, np.nan) for h in history], label=key.replace("_", " "), color=colour)
    right.set_ylabel("score")
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="center right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in ("govhall", "scikit-learn", "numpy", "torch", "transformers", "onnxruntime"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def write_model_card(path: Path, card: dict[str, Any]) -> dict[str, Any]:
    """``model_card.json`` (machine-readable) and ``MODEL_CARD.md`` (for people) in the model folder."""
    card = {**card, "versions": library_versions(), "size_bytes": folder_size(path)}
    (path / "model_card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = [f"# {card.get('name', path.name)}", ""]
    for key in ("task", "kind", "created_at", "train_seconds", "size_bytes", "seed"):
        if key in card:
            lines.append(f"- **{key}**: {card[key]}")
    data = card.get("data", {})
    if data:
        lines += ["", "## Data", ""]
        for split, info in data.items():
            lines.append(f"- {split}: {json.dumps(info, ensure_ascii=False)}")
    for split, metrics in card.get("metrics", {}).items():
        lines += ["", f"## {split} metrics", "", f"accuracy {metrics['accuracy']:.4f}, n = {metrics['n']}", ""]
        lines += ["| label | precision | recall | F1 | support |", "| --- | ---: | ---: | ---: | ---: |"]
        for label, row in metrics["per_class"].items():
            lines.append(
                f"| {label} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} | {row['support']} |"
            )
        for average in ("macro", "weighted"):
            row = metrics[average]
            lines.append(f"| *{average}* | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} | |")
    lines += ["", "## Parameters", "", "```json", json.dumps(card.get("params", {}), ensure_ascii=False, indent=2)]
    lines += ["```", "", "## Library versions", "", json.dumps(card["versions"]), ""]
    (path / "MODEL_CARD.md").write_text("\n".join(lines), encoding="utf-8")
    return card
