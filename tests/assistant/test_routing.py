"""Routing: intent and service from the active models, with a clear error where none is active."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.assistant import Router
from govhall.catalog import builtin_items
from govhall.errors import ModelMissing

ITEMS = [item.model_dump(mode="json") for item in builtin_items()]


@pytest.mark.parametrize(
    ("text", "intent", "service"),
    [
        ("我想办居住证", "apply", "residence-permit"),
        ("我的低保申请到哪一步了", "query_status", "dibao"),
        ("你好", "other", None),
    ],
)
def test_routes_plain_messages(models_dir: Path, text: str, intent: str, service: str | None) -> None:
    route = Router.from_registry(models_dir, ITEMS).route(text)
    assert route.intent == intent
    assert route.service_code == service
    shape = route.to_dict()
    assert set(shape) == {"text", "intent", "service", "confidence"}
    assert 0.0 <= shape["confidence"] <= 1.0


def test_complaints_route_to_the_12345_item(models_dir: Path) -> None:
    route = Router.from_registry(models_dir, ITEMS).route("我要投诉物业乱收费，小区垃圾也没人清理")
    assert route.intent == "complain" and route.service_code == "complaint-12345"


def test_missing_model_names_the_command_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing) as caught:
        Router.from_registry(tmp_path / "empty", ITEMS)
    assert "govhall models activate intent" in caught.value.message
