"""The default sentiment model a new installation gets: trained on the project's own comments."""

from __future__ import annotations

import json
from pathlib import Path

from govhall.learn import ModelRegistry
from govhall.learn._base import read_meta
from govhall.opinion.demo import SENTIMENT_DATA, SERVICE_COMMENTS, ensure_sentiment_model
from govhall.opinion.sentiment import load_sentiment


def test_shipped_comments_are_labelled_with_the_three_canonical_labels() -> None:
    rows = [json.loads(line) for path in SERVICE_COMMENTS for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(SERVICE_COMMENTS) == 3 and len(rows) >= 3000
    assert {row["label"] for row in rows} == {"positive", "negative", "neutral"}
    texts = [row["text"] for row in rows]
    assert len(set(texts)) == len(texts)


def test_default_model_is_tfidf_on_all_shipped_lines_and_reads_contrast_and_irony(tmp_path: Path) -> None:
    name = ensure_sentiment_model(tmp_path)
    registry = ModelRegistry(tmp_path)
    assert read_meta(registry.active_path("sentiment"))["kind"] == "tfidf"
    assert all(path.is_file() for path in SENTIMENT_DATA)
    model = load_sentiment(tmp_path)
    assert model.name == name
    results = model.predict(
        ["工作人员态度很好，半小时就办完了，感谢！", "排了三个小时队，还说材料不全，太差了。", "请问居住证怎么办理？"]
    )
    assert [r.label for r in results] == ["positive", "negative", "neutral"]


def test_an_active_model_is_never_replaced(tmp_path: Path) -> None:
    first = ensure_sentiment_model(tmp_path)
    assert ensure_sentiment_model(tmp_path) == first
