"""Small deterministic data for the model pipeline, a tiny BERT built from it, and the shared data."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"

SUBJECTS = ["酒店", "房间", "服务", "早餐", "电脑", "屏幕", "这本书", "快递", "窗口办事", "网上申请"]
POSITIVE = ["很好", "不错", "非常满意", "干净整洁", "值得推荐", "真喜欢", "效率很高", "态度热情"]
NEGATIVE = ["很差", "让人失望", "太脏了", "糟糕透了", "后悔买了", "难用极了", "效率太低", "态度冷漠"]


def review_rows(n: int = 120, seed: int = 7) -> list[dict[str, str]]:
    """``n`` short reviews, half positive (label ``pos``), half negative (``neg``), all distinct."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(rows) < n:
        label = "pos" if len(rows) % 2 == 0 else "neg"
        words = POSITIVE if label == "pos" else NEGATIVE
        text = f"{rng.choice(SUBJECTS)}{rng.choice(words)}，{rng.choice(SUBJECTS)}也{rng.choice(words)}"
        if text not in seen:
            seen.add(text)
            rows.append({"text": text, "label": label})
    return rows


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "reviews.jsonl", review_rows())


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised 2-layer BERT with a character vocabulary made from the test data."""
    pytest.importorskip("torch", reason="the transformer extra (torch) is not installed")
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    chars = sorted({ch for row in review_rows(400, seed=1) for ch in row["text"]} | set("示例文本另一条较长一些的"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    tokenizer = BertTokenizerFast(vocab={token: i for i, token in enumerate(vocab)})
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        num_labels=2,
    )
    path = tmp_path_factory.mktemp("tiny-bert")
    BertForSequenceClassification(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def chnsenticorp() -> Path:
    folder = SHARED / "senti_chnsenticorp"
    if not (folder / "train.jsonl").is_file():
        pytest.skip(f"{folder} is absent: real-data tests need ../shared/data beside the checkout")
    return folder
