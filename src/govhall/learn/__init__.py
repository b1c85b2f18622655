"""The model pipeline: data sets, splits, classifiers behind one protocol, reports, a registry.

``govhall train / evaluate / distil / models …`` are thin shells over :mod:`govhall.learn.pipeline`;
the product loads the model it needs with ``ModelRegistry(settings.resolved_models_dir).load_active(task)``.
The baseline needs only scikit-learn; the transformer, int8 and ONNX models need the optional extra
``govhall[transformer]`` (torch, transformers, onnxruntime) and are imported only when used.
"""

from govhall.learn._base import Classifier, ProgressFn, load_model
from govhall.learn.baseline import TfidfClassifier, TfidfConfig
from govhall.learn.data import DataReport, Dataset, Splits, load_dataset, split_dataset
from govhall.learn.hashing import HashingClassifier, HashingConfig
from govhall.learn.pipeline import TrainSpec, distil_model, evaluate_model, export_model, quantize_model, train_model
from govhall.learn.registry import KNOWN_TASKS, ModelInfo, ModelRegistry
from govhall.learn.report import evaluate

__all__ = [
    "KNOWN_TASKS",
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
    "split_dataset",
    "train_model",
]
