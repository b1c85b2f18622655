"""The model pipeline: data sets, splits, classifiers behind one protocol, reports, a registry.

``govhall train / evaluate / distil / models …`` are thin shells over :mod:`govhall.learn.pipeline`;
the product loads the model it needs with ``ModelRegistry(settings.resolved_models_dir).load_active(task)``.
The baseline needs only scikit-learn; the transformer, int8 and ONNX models need the optional extra
``govhall[transformer]`` (torch, transformers, onnxruntime) and are imported only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govhall.learn._base import Classifier, ProgressFn, load_model
    from govhall.learn.baseline import TfidfClassifier, TfidfConfig
    from govhall.learn.data import DataReport, Dataset, Splits, load_dataset, split_dataset
    from govhall.learn.hashing import HashingClassifier, HashingConfig
    from govhall.learn.kinds import TRAINABLE, require_trainable
    from govhall.learn.pipeline import (
        TrainSpec,
        distil_model,
        evaluate_model,
        export_model,
        quantize_model,
        train_model,
    )
    from govhall.learn.registry import KNOWN_TASKS, ModelInfo, ModelRegistry
    from govhall.learn.report import evaluate

# Imported on first use: scikit-learn and matplotlib cost seconds, and most commands never train.
_WHERE = {
    "Classifier": "govhall.learn._base",
    "ProgressFn": "govhall.learn._base",
    "load_model": "govhall.learn._base",
    "TfidfClassifier": "govhall.learn.baseline",
    "TfidfConfig": "govhall.learn.baseline",
    "DataReport": "govhall.learn.data",
    "Dataset": "govhall.learn.data",
    "Splits": "govhall.learn.data",
    "load_dataset": "govhall.learn.data",
    "split_dataset": "govhall.learn.data",
    "HashingClassifier": "govhall.learn.hashing",
    "HashingConfig": "govhall.learn.hashing",
    "TrainSpec": "govhall.learn.pipeline",
    "distil_model": "govhall.learn.pipeline",
    "evaluate_model": "govhall.learn.pipeline",
    "export_model": "govhall.learn.pipeline",
    "quantize_model": "govhall.learn.pipeline",
    "train_model": "govhall.learn.pipeline",
    "KNOWN_TASKS": "govhall.learn.registry",
    "ModelInfo": "govhall.learn.registry",
    "ModelRegistry": "govhall.learn.registry",
    "evaluate": "govhall.learn.report",
    "TRAINABLE": "govhall.learn.kinds",
    "require_trainable": "govhall.learn.kinds",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


__all__ = [
    "KNOWN_TASKS",
    "TRAINABLE",
    "Classifier",
    "DataReport",
    "Dataset",
    "HashingClassifier",
    "HashingConfig",
    "ModelInfo",
    "ModelRegistry",
    "ProgressFn",
    "Splits",
    "TfidfClassifier",
    "TfidfConfig",
    "TrainSpec",
    "distil_model",
    "evaluate",
    "evaluate_model",
    "export_model",
    "load_dataset",
    "load_model",
    "quantize_model",
    "require_trainable",
    "split_dataset",
    "train_model",
]
