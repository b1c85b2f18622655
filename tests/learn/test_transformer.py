"""Fine-tuning a tiny BERT built by the test (no download), then saving, reloading, int8 and ONNX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from govhall.learn import ModelRegistry, TrainSpec, export_model, load_model, quantize_model, train_model
from tests.learn.conftest import review_rows

pytest.importorskip("torch", reason="the transformer extra (torch, transformers) is not installed")
pytest.importorskip("onnxruntime", reason="the transformer extra (onnxruntime) is not installed")

from govhall.learn.transformer import TransformerClassifier, TransformerConfig, apply_finetune

FAST = {"epochs": 4, "batch_size": 16, "learning_rate": 2e-3, "max_length": 32, "patience": 3, "warmup_ratio": 0.1}


@pytest.fixture(scope="module")
def trained(tiny_bert: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[ModelRegistry, dict[str, Any]]:
    data = tmp_path_factory.mktemp("data") / "reviews.jsonl"
    from tests.learn.conftest import write_jsonl

    write_jsonl(data, review_rows(160))
    registry = ModelRegistry(tmp_path_factory.mktemp("models"))
    spec = TrainSpec(
        data=data, task="sentiment", kind="transformer", name="tiny", transformer={**FAST, "base": str(tiny_bert)}
    )
    return registry, train_model(spec, registry)


def test_fine_tuning_learns_and_writes_a_complete_model_folder(trained: tuple[ModelRegistry, dict[str, Any]]) -> None:
    _, card = trained
    path = Path(card["path"])
    for name in ("govhall-model.json", "labels.json", "config.json", "model.safetensors", "tokenizer.json"):
        assert (path / name).is_file(), name
    for name in ("MODEL_CARD.md", "model_card.json", "report.json", "confusion_matrix.png", "training_curves.png"):
        assert (path / name).is_file(), name
    assert card["kind"] == "transformer" and card["params"]["finetune"] == "all"
    assert card["metrics"]["test"]["accuracy"] >= 0.75
    assert [h["step"] for h in card["history"][1:]] == [8.0, 16.0, 24.0, 32.0]
    assert {"torch", "transformers", "scikit-learn"} <= set(card["versions"])


def test_saved_model_reloads_with_identical_predictions(trained: tuple[ModelRegistry, dict[str, Any]]) -> None:
    _, card = trained
    texts = [r["text"] for r in review_rows(40, seed=99)]
    reloaded = load_model(Path(card["path"]))
    again = load_model(Path(card["path"]))
    assert isinstance(reloaded, TransformerClassifier)
    np.testing.assert_allclose(reloaded.predict_proba(texts), again.predict_proba(texts), atol=1e-6)
    assert reloaded.labels == ["neg", "pos"]


def test_int8_and_onnx_agree_with_the_original(trained: tuple[ModelRegistry, dict[str, Any]], tmp_path: Path) -> None:
    registry, card = trained
    eval_file = tmp_path / "eval.jsonl"
    from tests.learn.conftest import write_jsonl

    rows = review_rows(60, seed=99)
    write_jsonl(eval_file, rows)
    original = load_model(Path(card["path"]))
    texts = [r["text"] for r in rows]
    reference = original.predict_proba(texts)

    int8 = quantize_model("tiny", registry, data=eval_file)
    assert int8["kind"] == "transformer-int8"
    assert int8["comparison"]["agreement"] >= 0.9
    assert abs(int8["comparison"]["accuracy_delta"]) <= 0.1
    assert {"size_bytes", "size_ratio", "speedup", "texts_per_s"} <= set(int8["comparison"])
    quantized = load_model(Path(int8["path"]))
    assert np.mean(np.argmax(quantized.predict_proba(texts), 1) == np.argmax(reference, 1)) >= 0.9

    onnx = export_model("tiny", registry, data=eval_file)
    exported = load_model(Path(onnx["path"]))
    # texts of different lengths in one batch: the exported graph must handle padding like torch
    np.testing.assert_allclose(exported.predict_proba(texts), reference, atol=1e-4)
    assert onnx["comparison"]["agreement"] == 1.0

    onnx8 = export_model("tiny", registry, int8=True, data=eval_file)
    assert onnx8["comparison"]["agreement"] >= 0.9
    assert onnx8["comparison"]["size_bytes"]["derived"] < onnx["comparison"]["size_bytes"]["derived"]
    assert {m.name for m in registry.list()} == {"tiny", "tiny-int8", "tiny-onnx", "tiny-onnx-int8"}


@pytest.mark.parametrize(("finetune", "frozen_prefix"), [("head", "bert.encoder"), ("top-k", "bert.encoder.layer.0.")])
def test_freezing_strategies_leave_frozen_weights_untouched(tiny_bert: Path, finetune: str, frozen_prefix: str) -> None:
    from govhall.learn import Dataset

    rows = review_rows(48)
    data = Dataset([r["text"] for r in rows], [r["label"] for r in rows])
    config = TransformerConfig(**{**FAST, "epochs": 1, "base": str(tiny_bert), "finetune": finetune, "top_k": 1})  # type: ignore[arg-type]
    model = TransformerClassifier(config)
    model.fit(data)
    base = TransformerClassifier(config)
    base.labels = model.labels
    base._load_base(2)
    before = dict(base.model.named_parameters())
    after = dict(model.model.named_parameters())
    for name, value in after.items():
        if name.startswith(frozen_prefix) or name.startswith("bert.embeddings"):
            assert np.allclose(value.detach().numpy(), before[name].detach().numpy()), name
    changed = [n for n, v in after.items() if not np.allclose(v.detach().numpy(), before[n].detach().numpy())]
    assert any(n.startswith("classifier") for n in changed)
    if finetune == "top-k":
        assert any(n.startswith("bert.encoder.layer.1.") for n in changed)
    assert apply_finetune(model.model, "all", 0) > apply_finetune(model.model, finetune, 1)  # type: ignore[arg-type]


def test_early_stopping_restores_the_best_dev_score(tiny_bert: Path) -> None:
    from govhall.learn import Dataset

    rows = review_rows(64)
    data = Dataset([r["text"] for r in rows], [r["label"] for r in rows])
    # a learning rate this high diverges: training must stop after `patience` evaluations without gain
    config = TransformerConfig(**{**FAST, "epochs": 8, "learning_rate": 5.0, "patience": 1, "base": str(tiny_bert)})
    model = TransformerClassifier(config)
    model.fit(data, dev=data)
    evaluations = [h for h in model.history if "dev_macro_f1" in h]
    assert len(evaluations) < 8
    best = max(h["dev_macro_f1"] for h in evaluations)
    from govhall.learn.report import quick_scores

    assert quick_scores(data.labels, model.predict(data.texts), model.labels)["macro_f1"] == pytest.approx(best)


def test_a_base_folder_that_does_not_exist_is_bad_input(tmp_path: Path) -> None:
    from govhall.errors import BadInput
    from govhall.learn import Dataset

    model = TransformerClassifier(TransformerConfig(base=str(tmp_path / "missing")))
    with pytest.raises(BadInput) as caught:
        model.fit(Dataset(["a", "b"], ["x", "y"]))
    assert caught.value.code == "base_not_found"


def test_distillation_trains_the_baseline_on_the_teachers_soft_labels(
    trained: tuple[ModelRegistry, dict[str, Any]], tmp_path: Path
) -> None:
    from govhall.learn import distil_model
    from tests.learn.conftest import write_jsonl

    registry, _ = trained
    data = write_jsonl(tmp_path / "transfer.jsonl", review_rows(160))
    card = distil_model("tiny", data, registry, name="tiny-student", temperature=2.0)
    student = load_model(Path(card["path"]))
    assert card["kind"] == "tfidf" and card["derived_from"] == "tiny"
    assert student.params()["distilled_from"] == "tiny"
    comparison = card["comparison"]
    assert comparison["agreement"] >= 0.8 and comparison["n"] == 16
    assert {"accuracy_delta", "size_ratio", "speedup"} <= set(comparison)
    assert card["metrics"]["test"]["accuracy"] >= 0.75
