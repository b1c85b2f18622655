"""ONNX export of a fine-tuned transformer and inference with onnxruntime (optionally int8 weights).

The exported folder carries the tokenizer and ``model.onnx``; loading it needs ``onnxruntime`` and
``transformers`` (for the tokenizer) but not torch, so a serving machine can drop PyTorch.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from transformers import AutoTokenizer

from govhall.learn._base import ProgressFn, argmax_labels, read_meta, write_meta
from govhall.learn.data import Dataset

__all__ = ["OnnxClassifier", "export_onnx"]

ONNX_FILE = "model.onnx"


def export_onnx(model: Any, path: Path, *, int8: bool = False, opset: int = 17) -> OnnxClassifier:
    """Write ``model`` (a fp32 :class:`~govhall.learn.transformer.TransformerClassifier`) to ``path``
    as ONNX with dynamic batch and sequence axes; with ``int8`` the weights are then quantised
    dynamically by onnxruntime."""
    import torch

    path.mkdir(parents=True, exist_ok=True)
    net = model.model.to("cpu").eval()
    model.device = torch.device("cpu")
    sample = model.tokenizer(["示例文本", "另一条较长一些的示例文本"], padding=True, return_tensors="pt")
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]
    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "sequence"} for name in names}
    axes["logits"] = {0: "batch"}
    target = path / (ONNX_FILE if not int8 else "model-fp32.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            net,
            tuple(sample[name] for name in names),
            str(target),
            input_names=names,
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=opset,
            dynamo=False,
        )
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(target), str(path / ONNX_FILE), weight_type=QuantType.QInt8)
        target.unlink()
    model.tokenizer.save_pretrained(path)
    params = {**model.params(), "onnx_opset": opset, "onnx_int8": int8, "inputs": names}
    write_meta(path, OnnxClassifier.kind, model.labels, params)
    return OnnxClassifier.load(path)


class OnnxClassifier:
    """Inference-only model over an ONNX graph; :meth:`fit` is not supported."""

    kind = "onnx"

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.history: list[dict[str, float]] = []
        self.meta: dict[str, Any] = {}
        self.session: Any = None
        self.tokenizer: Any = None

    def fit(self, train: Dataset, dev: Dataset | None = None, *, progress: ProgressFn | None = None) -> None:
        raise NotImplementedError("ONNX models are exported from a trained transformer, not trained")

    def predict_proba(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        params = self.meta.get("params", {})
        max_length, batch_size = int(params.get("max_length", 128)), int(params.get("batch_size", 16)) * 2
        inputs = list(params.get("inputs", ["input_ids", "attention_mask"]))
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            batch = self.tokenizer(
                [texts[i] for i in rows], padding=True, truncation=True, max_length=max_length, return_tensors="np"
            )
            feed = {name: batch[name].astype(np.int64) for name in inputs}
            logits = self.session.run(["logits"], feed)[0].astype(np.float64)
            logits -= logits.max(axis=1, keepdims=True)
            exp = np.exp(logits)
            out[rows] = exp / exp.sum(axis=1, keepdims=True)
            if progress:
                progress("预测", min(start + batch_size, len(texts)), len(texts))
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return argmax_labels(self.labels, self.predict_proba(texts))

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = dict(self.meta.get("params", {}))
        return params

    def save(self, path: Path) -> None:
        raise NotImplementedError("an ONNX model folder is written by export_onnx")

    @classmethod
    def load(cls, path: Path) -> OnnxClassifier:
        model = cls()
        model.meta = read_meta(path)
        model.labels = list(model.meta["labels"])
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        model.session = ort.InferenceSession(str(path / ONNX_FILE), options, providers=["CPUExecutionProvider"])
        model.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        return model
