"""Fine-tuning a local Hugging Face model folder for sequence classification, and its int8 form.

The recipe of the seeds: AdamW with weight decay (not on biases and LayerNorm), linear warm-up then
linear decay, dropout, gradient clipping, mixed precision on a GPU, early stopping on dev macro-F1
with patience (the best weights are restored), and a choice of what to train: every layer, the
top *k* encoder layers plus the head, or the head only. Runs on the GPU when there is one, on the
CPU otherwise. Nothing is downloaded: ``base`` must be a folder on disk.
"""

from __future__ import annotations

import copy
import json
import math
import random
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch
import transformers as _transformers
from torch import nn
from transformers import AutoConfig, AutoTokenizer
from transformers import AutoModelForSequenceClassification as _AutoModel

from govhall.errors import BadInput
from govhall.learn._base import ProgressFn, argmax_labels, read_meta, saved_config, write_meta
from govhall.learn.data import Dataset

__all__ = ["TransformerClassifier", "TransformerConfig", "quantize_dynamic_int8"]

# transformers is only partly typed: use it through Any rather than scatter ignores
transformers: Any = _transformers
AutoModelForSequenceClassification: Any = _AutoModel
transformers.utils.logging.set_verbosity_error()
transformers.utils.logging.disable_progress_bar()

INT8_FILE = "model_int8.pt"
INT8_KIND = "transformer-int8"
"""The kind of a dynamically quantised copy: its own, so that its folder and ``kind`` say what it is."""
Finetune = Literal["all", "top-k", "head"]


@dataclass
class TransformerConfig:
    """Fine-tuning parameters; every field is recorded in the model card."""

    base: str = ""
    epochs: int = 3
    batch_size: int = 16
    learning_rate: float = 3e-5
    head_learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_length: int = 128
    dropout: float | None = None
    max_grad_norm: float = 1.0
    patience: int = 2
    eval_every: int = 0
    finetune: Finetune = "all"
    top_k: int = 2
    device: str = "auto"
    mixed_precision: bool = True
    seed: int = 42


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def _encoder_layers(model: nn.Module) -> nn.ModuleList | None:
    """The stack of transformer blocks, whatever the architecture calls it."""
    for name, module in model.named_modules():
        if isinstance(module, nn.ModuleList) and name.rsplit(".", 1)[-1] in ("layer", "layers", "h", "block"):
            return module
    return None


def _head_names(model: nn.Module) -> set[str]:
    return {n for n, _ in model.named_parameters() if n.startswith(("classifier", "score", "pre_classifier"))} | {
        n for n, _ in model.named_parameters() if ".pooler." in f".{n}" or n.startswith("pooler")
    }


def apply_finetune(model: nn.Module, finetune: Finetune, top_k: int) -> int:
    """Freeze what the strategy leaves alone; return how many parameters stay trainable."""
    heads = _head_names(model)
    if finetune == "all":
        for p in model.parameters():
            p.requires_grad = True
    else:
        for name, p in model.named_parameters():
            p.requires_grad = name in heads
        if finetune == "top-k":
            layers = _encoder_layers(model)
            if layers is None:
                raise BadInput.of("no_layers")
            for layer in list(layers)[-top_k:] if top_k > 0 else []:
                for p in layer.parameters():
                    p.requires_grad = True
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def quantize_dynamic_int8(model: nn.Module) -> nn.Module:
    """Dynamic int8 quantisation of every ``nn.Linear`` (weights int8, activations quantised on the fly)."""
    from torch.ao import quantization

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantize_dynamic: Any = quantization.quantize_dynamic
        quantized: nn.Module = quantize_dynamic(model.to("cpu").eval(), {nn.Linear}, dtype=torch.qint8)
    return quantized


class TransformerClassifier:
    """A fine-tuned ``AutoModelForSequenceClassification`` (or its int8 version after quantisation)."""

    kind = "transformer"

    def __init__(self, config: TransformerConfig | None = None) -> None:
        self.config = config or TransformerConfig()
        self.labels: list[str] = []
        self.history: list[dict[str, float]] = []
        self.model: Any = None
        self.tokenizer: Any = None
        self.quantized = False
        self.device = torch.device("cpu")

    # -- training -------------------------------------------------------------------------------
    def _load_base(self, num_labels: int) -> None:
        base = Path(self.config.base)
        if not base.is_dir():
            raise BadInput.of("base_not_found", base=base)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
            overrides: dict[str, Any] = {"num_labels": num_labels}
            if self.config.dropout is not None:
                overrides.update(hidden_dropout_prob=self.config.dropout, classifier_dropout=self.config.dropout)
            hf_config = AutoConfig.from_pretrained(base, local_files_only=True, **overrides)
            hf_config.id2label = dict(enumerate(self.labels))
            hf_config.label2id = {label: i for i, label in enumerate(self.labels)}
            self.model = AutoModelForSequenceClassification.from_pretrained(
                base, config=hf_config, local_files_only=True, ignore_mismatched_sizes=True
            )
        except (OSError, ValueError) as exc:
            raise BadInput.of("bad_base_model", base=base, reason=exc) from None

    def _batches(self, texts: Sequence[str], labels: Sequence[int] | None, shuffle: bool) -> Iterator[dict[str, Any]]:
        order = list(range(len(texts)))
        if shuffle:
            random.shuffle(order)
        size = self.config.batch_size
        for start in range(0, len(order), size):
            index = order[start : start + size]
            batch = self.tokenizer(
                [texts[i] for i in index],
                padding=True,
                truncation=True,
                max_length=self.config.max_length,
                return_tensors="pt",
            )
            if labels is not None:
                batch["labels"] = torch.tensor([labels[i] for i in index])
            yield {k: v.to(self.device) for k, v in batch.items()}

    def fit(self, train: Dataset, dev: Dataset | None = None, *, progress: ProgressFn | None = None) -> None:
        from govhall.learn.report import quick_scores

        c = self.config
        seed_everything(c.seed)
        self.labels = sorted(set(train.labels))
        self._load_base(len(self.labels))
        self.device = _device(c.device)
        model = self.model.to(self.device)
        trainable = apply_finetune(model, c.finetune, c.top_k)
        heads = _head_names(model)
        decay, no_decay, head = [], [], []
        for name, p in model.named_parameters():
            if not p.requires_grad:
                continue
            if name in heads and c.finetune == "head":
                head.append(p)
            elif p.ndim < 2 or "norm" in name.lower():
                no_decay.append(p)
            else:
                decay.append(p)
        groups = [
            {"params": decay, "weight_decay": c.weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
            {"params": head, "weight_decay": c.weight_decay, "lr": c.head_learning_rate},
        ]
        optimizer = torch.optim.AdamW([g for g in groups if g["params"]], lr=c.learning_rate)
        steps_per_epoch = math.ceil(len(train) / c.batch_size)
        total = steps_per_epoch * c.epochs
        scheduler = transformers.get_linear_schedule_with_warmup(optimizer, int(total * c.warmup_ratio), total)
        use_amp = c.mixed_precision and self.device.type == "cuda"
        amp_dtype = torch.bfloat16 if use_amp and torch.cuda.is_bf16_supported() else torch.float16
        scaler = torch.amp.GradScaler("cuda", enabled=use_amp and amp_dtype == torch.float16)
        targets = [self.labels.index(label) for label in train.labels]
        eval_every = c.eval_every or steps_per_epoch
        best_f1, best_state, waited, step, running = -1.0, None, 0, 0, []
        self.history = [{"step": 0.0, "trainable_params": float(trainable)}]
        stop = False
        for epoch in range(c.epochs):
            model.train()
            for batch in self._batches(train.texts, targets, shuffle=True):
                with torch.autocast(self.device.type, dtype=amp_dtype, enabled=use_amp):
                    loss = model(**batch).loss
                optimizer.zero_grad(set_to_none=True)
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
                nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], c.max_grad_norm)
                scaler.step(optimizer)
                scaler.update()
                scheduler.step()
                step += 1
                running.append(float(loss.detach()))
                if progress:
                    progress(f"微调 第 {epoch + 1}/{c.epochs} 轮", step, total)
                if step % eval_every and step != total:
                    continue
                entry = {"step": float(step), "epoch": step / steps_per_epoch, "train_loss": float(np.mean(running))}
                running = []
                if dev is not None and len(dev):
                    scores = quick_scores(dev.labels, self.predict(dev.texts), self.labels)
                    entry.update({f"dev_{k}": v for k, v in scores.items()})
                    model.train()
                    if scores["macro_f1"] > best_f1:
                        best_f1, waited = scores["macro_f1"], 0
                        best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
                    else:
                        waited += 1
                        stop = waited >= c.patience
                self.history.append(entry)
                if stop:
                    break
            if stop:
                break
        if best_state is not None:
            model.load_state_dict(best_state)
        model.eval()

    # -- inference ------------------------------------------------------------------------------
    @torch.inference_mode()
    def predict_proba(self, texts: Sequence[str], *, progress: ProgressFn | None = None) -> np.ndarray:
        if self.model is None:
            raise RuntimeError("model is not fitted")
        self.model.eval()
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        # sort by length so that batches pad little; restore the order at the end
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        done = 0
        for batch in self._batches([texts[i] for i in order], None, shuffle=False):
            logits = self.model(**batch).logits.float()
            rows = order[done : done + len(logits)]
            out[rows] = torch.softmax(logits, dim=-1).cpu().numpy()
            done += len(logits)
            if progress:
                progress("预测", done, len(texts))
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return argmax_labels(self.labels, self.predict_proba(texts))

    def params(self) -> dict[str, Any]:
        params = asdict(self.config)
        params["quantized"] = "dynamic-int8" if self.quantized else None
        if self.model is not None:
            params["architecture"] = type(self.model).__name__
            params["parameters"] = sum(p.numel() for p in self.model.parameters())
        return params

    # -- persistence ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        write_meta(path, self.kind, self.labels, self.params())
        self.tokenizer.save_pretrained(path)
        if self.quantized:
            self.model.config.save_pretrained(path)
            torch.save(self.model.state_dict(), path / INT8_FILE)
        else:
            self.model.save_pretrained(path)
        (path / "history.json").write_text(json.dumps(self.history), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> TransformerClassifier:
        meta = read_meta(path)
        model = cls(saved_config(meta, TransformerConfig))
        model.labels = list(meta["labels"])
        model.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        if meta["kind"] == INT8_KIND:
            hf_config = AutoConfig.from_pretrained(path, local_files_only=True)
            model.model = quantize_dynamic_int8(AutoModelForSequenceClassification.from_config(hf_config))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.model.load_state_dict(torch.load(path / INT8_FILE, weights_only=True))
            model.quantized, model.kind = True, INT8_KIND
        else:
            model.model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True)
            model.device = _device(model.config.device)
            model.model.to(model.device)
        model.model.eval()
        history = path / "history.json"
        if history.is_file():
            model.history = json.loads(history.read_text(encoding="utf-8"))
        return model

    def to_int8(self) -> TransformerClassifier:
        """A dynamically quantised copy for CPU inference (this model is left as it is)."""
        quantized = TransformerClassifier(copy.deepcopy(self.config))
        quantized.labels, quantized.tokenizer, quantized.history = list(self.labels), self.tokenizer, self.history
        quantized.model = quantize_dynamic_int8(copy.deepcopy(self.model))
        quantized.quantized, quantized.kind = True, INT8_KIND
        quantized.device = torch.device("cpu")
        return quantized
