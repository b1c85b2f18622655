"""The models folder: list, activate per task, load the active model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govhall.config import Settings
from govhall.errors import BadInput, ModelMissing
from govhall.learn import ModelRegistry, TfidfClassifier, TrainSpec, train_model


def test_activate_per_task_and_load_the_active_model(tmp_path: Path, reviews: Path) -> None:
    registry = ModelRegistry(tmp_path / "models")
    assert registry.list() == []
    train_model(TrainSpec(data=reviews, task="sentiment", name="s1"), registry)
    train_model(TrainSpec(data=reviews, task="sentiment", name="s2"), registry)
    with pytest.raises(ModelMissing) as missing:
        registry.load_active("sentiment")
    assert missing.value.code == "no_active_model"
    registry.activate("sentiment", "s1")
    registry.activate("intent", "s2")
    registry.activate("sentiment", "s2")
    assert registry.active() == {"intent": "s2", "sentiment": "s2"}
    listed = {m.name: m for m in registry.list()}
    assert listed["s2"].active_for == ["intent", "sentiment"] and listed["s1"].active_for == []
    assert listed["s1"].task == "sentiment" and listed["s1"].metrics["split"] == "test"
    assert isinstance(registry.load_active("sentiment"), TfidfClassifier)
    stored = json.loads((tmp_path / "models" / "active.json").read_text(encoding="utf-8"))
    assert stored == {"intent": "s2", "sentiment": "s2"}


def test_bad_references_are_clear_errors(tmp_path: Path, reviews: Path) -> None:
    registry = ModelRegistry(tmp_path / "models")
    with pytest.raises(BadInput) as caught:
        registry.activate("sentiment", "nope")
    assert caught.value.code == "model_not_found" and "nope" in caught.value.message
    (tmp_path / "models" / "junk").mkdir(parents=True)
    with pytest.raises(BadInput) as junk:
        registry.path_of("junk")
    assert junk.value.code == "not_a_model"
    train_model(TrainSpec(data=reviews, task="sentiment", name="s1"), registry)
    with pytest.raises(BadInput) as task:
        registry.activate("Sentiment!", "s1")
    assert task.value.code == "bad_task"
    with pytest.raises(BadInput) as exists:
        train_model(TrainSpec(data=reviews, task="sentiment", name="s1"), registry)
    assert exists.value.code == "model_exists"
    assert not any(p.name.endswith(".partial") for p in (tmp_path / "models").iterdir())


def test_models_dir_defaults_inside_the_data_dir(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).resolved_models_dir == tmp_path / "models"
    assert Settings(data_dir=tmp_path, models_dir=tmp_path / "m").resolved_models_dir == tmp_path / "m"


def test_a_damaged_record_of_the_active_models_is_a_set_up_error(tmp_path: Path) -> None:
    (tmp_path / "active.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelMissing) as caught:
        ModelRegistry(tmp_path).load_active("sentiment")
    assert caught.value.code == "bad_active_file" and caught.value.status == 503


def test_an_active_model_that_does_not_load_is_a_set_up_error(tmp_path: Path, reviews: Path) -> None:
    registry = ModelRegistry(tmp_path)
    train_model(TrainSpec(data=reviews, task="sentiment", name="s1"), registry)
    registry.activate("sentiment", "s1")
    (tmp_path / "s1" / "govhall-model.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(ModelMissing) as caught:
        registry.load_active("sentiment")
    assert caught.value.code == "active_model_unusable" and caught.value.status == 503
    assert "s1" in caught.value.message and "govhall models activate sentiment" in caught.value.message
