"""Loading, checking and splitting labelled text data."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.errors import BadInput
from govhall.learn import Dataset, load_dataset, split_dataset
from tests.learn.conftest import review_rows, write_jsonl


def test_loads_jsonl_csv_and_json_array_alike(tmp_path: Path) -> None:
    rows = review_rows(10)
    jsonl = write_jsonl(tmp_path / "a.jsonl", rows)
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("句子,类别\n" + "".join(f"{r['text']},{r['label']}\n" for r in rows), encoding="utf-8-sig")
    array = tmp_path / "a.json"
    array.write_text(str(rows).replace("'", '"'), encoding="utf-8")
    from_jsonl, _ = load_dataset(jsonl)
    from_csv, _ = load_dataset(csv_path, text_column="句子", label_column="类别")
    from_array, _ = load_dataset(array)
    assert from_jsonl == from_csv == from_array
    assert len(from_jsonl) == 10


def test_reports_empty_rows_duplicates_and_conflicts(tmp_path: Path) -> None:
    rows = [
        {"text": "很好", "label": 1},
        {"text": "很好", "label": 1},
        {"text": "一般", "label": 1},
        {"text": "一般", "label": 0},
        {"text": "  ", "label": 0},
        {"text": "很差", "label": None},
        {"text": "太差", "label": 0},
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(__import__("json").dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    data, report = load_dataset(path)
    assert data.texts == ["很好", "太差"] and data.labels == ["1", "0"]
    assert (report.rows, report.kept, report.empty, report.duplicates, report.conflicting) == (7, 2, 2, 2, 1)
    assert report.label_counts == {"0": 1, "1": 1} and len(report.sha256) == 64


def test_split_is_stratified_seeded_and_disjoint() -> None:
    labels = ["a"] * 50 + ["b"] * 30 + ["c"] * 3
    data = Dataset([f"t{i}" for i in range(len(labels))], labels)
    first = split_dataset(data, dev=0.1, test=0.2, seed=3)
    again = split_dataset(data, dev=0.1, test=0.2, seed=3)
    other = split_dataset(data, dev=0.1, test=0.2, seed=4)
    assert first == again and first != other
    assert first.train.label_counts() == {"a": 35, "b": 21, "c": 1}
    assert first.test.label_counts() == {"a": 10, "b": 6, "c": 1}
    assert first.dev.label_counts() == {"a": 5, "b": 3, "c": 1}
    everything = first.train.texts + first.dev.texts + first.test.texts
    assert sorted(everything) == sorted(data.texts)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (b"\n  \n", "empty_file"),
        ("很好,1\n".encode("gbk"), "not_utf8"),
    ],
)
def test_bad_files_are_named_in_chinese(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(BadInput) as caught:
        load_dataset(path)
    assert caught.value.code == code and str(path) in caught.value.message


def test_unknown_column_lists_the_columns_there(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", review_rows(4))
    with pytest.raises(BadInput) as caught:
        load_dataset(path, label_column="sentiment")
    assert caught.value.code == "unknown_column"
    assert "sentiment" in caught.value.message and "text、label" in caught.value.message


def test_a_label_with_one_example_cannot_be_split() -> None:
    data = Dataset(["a", "b", "c", "d"], ["x", "x", "x", "y"])
    with pytest.raises(BadInput) as caught:
        split_dataset(data)
    assert caught.value.code == "label_too_rare" and "“y”" in caught.value.message
