"""Text-understanding benchmark: extraction, masking and sentiment on labelled JSON Lines files.

    .venv/bin/python benchmarks/bench_text.py                 # the held-out sets (tests/data/text/heldout)
    .venv/bin/python benchmarks/bench_text.py --masking tests/data/text/heldout/masking2.jsonl --json
                                                              # one set alone: only the sets named are run
    .venv/bin/python benchmarks/bench_text.py --extraction tests/data/text/dev_extraction.jsonl \\
        --masking tests/data/text/dev_masking.jsonl --sentiment tests/data/text/dev_sentiment.jsonl --json

Schemas (one JSON object per line):

* extraction ``{"id","text","expected": {field: [values]}}``, fields ``name``, ``id_number``, ``phone``
  (digits only; landlines with their area code), ``bank_card``, ``email``, ``address`` (the full
  string), ``amount`` (yuan), ``date`` (``YYYY-MM-DD``); only the fields a text has are present,
  and relative dates resolve against ``--today`` (2026-12-06 for the held-out set). Reported per
  field: precision, recall and F1 over (text, value) pairs, over the texts that list the field.
* masking ``{"id","text","secrets": [strings]}``: a secret is removed when it no longer appears
  intact in the masked text. Over-masking: masked characters that belong to no secret, divided
  by the characters outside secrets. ``causes`` counts secrets removed / all by the secret's kind
  (its shape) and, for names, the kind of context (opens the text, after a relation or role word,
  before a role word …): aggregate counts with no text, so the held-out run shows them too.
* sentiment ``{"id","text","label"}`` with ``positive``/``negative``/``neutral``: accuracy and
  macro-F1 of the shipped default model (trained fresh into a temporary folder, as ``govhall db
  upgrade`` does) and of the hashing model beside it, with their speed.

Throughput of extraction and masking is measured with and without the NER model, one text at a
time and batched (``extract_many`` / ``mask_many``). ``--json`` prints one object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "data" / "text" / "heldout"

from govhall.text import extract, mask  # noqa: E402
from govhall.text.entities import extract_many  # noqa: E402
from govhall.text.mask import mask_many  # noqa: E402
from govhall.text.ner import _recognise_cached, ner_available  # noqa: E402

_FIELD_OF = {
    "name": "name",
    "id_card": "id_number",
    "phone": "phone",
    "bank_card": "bank_card",
    "email": "email",
    "address": "address",
    "amount": "amount",
    "date": "date",
    "birth_date": "date",
}


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(field: str, value: Any) -> str:
    if field == "phone":
        return "".join(ch for ch in str(value) if ch.isdigit())
    if field == "amount":
        return f"{float(value):.2f}"
    if field in ("email", "id_number"):
        return str(value).lower()
    return str(value).strip()


def _address_match(predicted: str, expected: str) -> bool:
    """The same address written with or without its province/city prefix."""
    return (
        predicted == expected or predicted.endswith(expected) or (expected.endswith(predicted) and len(predicted) > 6)
    )


def score_extraction(rows: list[dict[str, Any]], today: date, *, ner: bool = True) -> dict[str, Any]:
    counts: dict[str, list[int]] = {}  # field → [true positives, predicted, expected]
    misses: list[dict[str, Any]] = []
    predicted_all = extract_many([row["text"] for row in rows], today, ner=ner)
    for row, entities in zip(rows, predicted_all, strict=True):
        expected: dict[str, list[Any]] = row.get("expected", {})
        got: dict[str, list[str]] = {}
        for entity in entities:
            field = _FIELD_OF.get(entity.type)
            if field:
                got.setdefault(field, []).append(_key(field, entity.value))
        for field in set(expected) | set(got):
            want = [_key(field, v) for v in expected.get(field, [])]
            have = list(got.get(field, []))
            if field not in expected and field not in ("name", "phone", "id_number", "bank_card", "email"):
                continue  # a set that does not list dates or amounts for a text does not judge them
            tally = counts.setdefault(field, [0, 0, 0])
            tally[1] += len(have)
            tally[2] += len(want)
            unmatched = list(have)
            for value in want:
                hit = next(
                    (h for h in unmatched if (h == value if field != "address" else _address_match(h, value))), None
                )
                if hit is not None:
                    tally[0] += 1
                    unmatched.remove(hit)
            if unmatched or len(want) > len(have) - len(unmatched) + 0:
                missing = [
                    v
                    for v in want
                    if v not in have and not (field == "address" and any(_address_match(h, v) for h in have))
                ]
                if missing or unmatched:
                    misses.append({"id": row.get("id"), "field": field, "missing": missing, "extra": unmatched})
    fields = {}
    for field, (tp, predicted, expected_n) in sorted(counts.items()):
        precision = tp / predicted if predicted else 1.0
        recall = tp / expected_n if expected_n else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        fields[field] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "expected": expected_n,
            "predicted": predicted,
        }
    return {"texts": len(rows), "fields": fields, "misses": misses}


def score_masking(rows: list[dict[str, Any]], *, ner: bool = True) -> dict[str, Any]:
    masked_all = mask_many([row["text"] for row in rows], ner=ner)
    secrets = removed = 0
    over = outside = 0
    leaks = []
    by_kind: dict[str, list[int]] = {}  # kind → [removed, secrets]
    for row, masked in zip(rows, masked_all, strict=True):
        text: str = row["text"]
        tally = by_kind.setdefault(str(row.get("kind", "")), [0, 0])
        for secret in row["secrets"]:
            secrets += 1
            tally[1] += 1
            if secret in masked:
                leaks.append({"id": row.get("id"), "secret": secret})
            else:
                removed += 1
                tally[0] += 1
        inside = bytearray(len(text))
        for secret in row["secrets"]:
            start = text.find(secret)
            while start >= 0:
                inside[start : start + len(secret)] = b"\x01" * len(secret)
                start = text.find(secret, start + 1)
        outside += len(text) - sum(inside)
        over += _masked_outside(text, masked, inside)
    return {
        "texts": len(rows),
        "secrets": secrets,
        "removed": removed,
        "causes": causes(rows, masked_all),
        "removed_rate": round(removed / secrets, 4) if secrets else 1.0,
        "over_masking_rate": round(over / outside, 4) if outside else 0.0,
        "leaks": leaks,
        "by_kind": {kind: f"{done}/{total}" for kind, (done, total) in sorted(by_kind.items())},
    }


_RELATIONS = [
    "妈妈",
    "爸爸",
    "母亲",
    "父亲",
    "老公",
    "老婆",
    "丈夫",
    "妻子",
    "爱人",
    "儿子",
    "女儿",
    "孩子",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "爷爷",
    "奶奶",
    "外婆",
    "外公",
    "姥姥",
    "姥爷",
    "婆婆",
    "公公",
    "岳父",
    "岳母",
    "舅舅",
    "叔叔",
    "阿姨",
    "姑姑",
    "表哥",
    "表姐",
    "侄子",
    "孙子",
    "孙女",
    "媳妇",
    "女婿",
    "邻居",
    "同事",
    "朋友",
    "同学",
    "室友",
    "房东",
    "租客",
    "对象",
    "女友",
    "男友",
    "家属",
    "亲戚",
    "老乡",
    "战友",
    "我妈",
    "我爸",
    "我哥",
    "我姐",
    "我弟",
    "我妹",
]
_ROLES = [
    "经理",
    "师傅",
    "医生",
    "老师",
    "主任",
    "民警",
    "警官",
    "律师",
    "会计",
    "保安",
    "司机",
    "工作人员",
    "客服",
    "业主",
    "社工",
    "网格员",
    "院长",
    "校长",
    "护士",
    "村长",
    "书记",
    "干部",
    "专员",
    "物业",
    "负责人",
    "法人",
    "代表",
    "班主任",
    "店长",
    "工人",
    "包工头",
    "老板",
    "科长",
    "局长",
    "队长",
    "组长",
    "管家",
    "快递员",
    "骑手",
    "医师",
    "大夫",
    "员工",
    "职工",
    "老板娘",
    "租户",
    "当事人",
    "申请人",
    "被申请人",
    "投诉人",
    "举报人",
    "联系人",
    "收件人",
    "户主",
    "监护人",
    "委托人",
]
_INTROS = ("我叫", "我是", "本人", "名叫", "叫做", "姓名", "名字")


def _secret_kind(secret: str) -> str:
    """The kind of a secret by its shape alone (the sets carry no kind per secret)."""
    import re

    bare = re.sub(r"[\s\-·.()（）+]", "", secret)
    if "@" in secret:
        return "email_or_handle"
    if bare.isdigit() or (bare[:-1].isdigit() and bare[-1:] in "Xx"):
        n = len(bare)
        if n in (15, 18) and not (n == 18 and bare.startswith("62")):
            return "id_number"
        if n in (11, 13) and bare.lstrip("86").startswith("1"):
            return "mobile"
        if bare.startswith("0") and 10 <= n <= 12:
            return "landline"
        if 16 <= n <= 19:
            return "bank_card"
        return "other_number"
    if re.search(r"[路街道巷号栋幢楼室单元村组区县镇乡小区苑弄]", secret) and len(secret) > 4:
        return "address"
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", secret):
        return "name_cjk"
    if re.fullmatch(r"[\u4e00-\u9fff·•]{3,}", secret):
        return "name_minority_or_foreign"
    if re.fullmatch(r"[A-Za-z .'-]+", secret):
        return "latin_name_or_handle"
    if re.search(r"\d", secret) and re.search(r"[A-Za-z\u4e00-\u9fff]", secret):
        return "plate_passport_or_mixed"
    return "other"


def _context(text: str, start: int, end: int) -> str:
    """What stands before (and for a name, after) a secret: the kind of context, never the words."""
    before = text[:start].rstrip()
    after = text[end : end + 4]
    if not before:
        where = "opens the text"
    elif before[-1] in "。！？!?；;\n":
        where = "opens a sentence"
    elif any(before.endswith(w) for w in _INTROS) or any(before[:-1].endswith(w) for w in _INTROS):
        where = "after a self-introduction or name label"
    elif any(before.endswith(w) for w in _RELATIONS):
        where = "after a relation word"
    elif any(before.endswith(w) for w in _ROLES):
        where = "after a role word"
    elif before[-1] in "：:":
        where = "after a colon"
    elif before[-1] in '，,、（(“"「【':
        where = "after a comma or bracket"
    else:
        where = "mid-sentence"
    if any(after.startswith(w) for w in _ROLES) or any(after.startswith(w) for w in _RELATIONS):
        where += ", before a role or relation word"
    return where


def causes(rows: list[dict[str, Any]], masked_all: Sequence[str]) -> dict[str, str]:
    """Secrets removed / all, by kind of secret and kind of context: an aggregate view of where
    masking leaks that prints no text, so it may run on the held-out set."""
    tally: dict[str, list[int]] = {}
    for row, masked in zip(rows, masked_all, strict=True):
        text: str = row["text"]
        for secret in row["secrets"]:
            start = text.find(secret)
            kind = _secret_kind(secret)
            where = _context(text, start, start + len(secret)) if start >= 0 else "not in the text"
            if not kind.startswith("name") and not kind.startswith("latin"):
                where = "any"
            counts = tally.setdefault(f"{kind} | {where}", [0, 0])
            counts[1] += 1
            counts[0] += secret not in masked
    return {key: f"{done}/{total}" for key, (done, total) in sorted(tally.items())}


def _masked_outside(text: str, masked: str, inside: bytearray) -> int:
    """Characters outside the secrets that masking changed: an alignment of ``text`` to ``masked``
    by their common blocks (masks change characters in place or shorten a span)."""
    import difflib

    changed = 0
    matcher = difflib.SequenceMatcher(a=text, b=masked, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            changed += sum(1 for i in range(i1, i2) if not inside[i])
    return changed


def score_sentiment(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    from govhall.learn import ModelRegistry, TrainSpec, train_model
    from govhall.learn._base import load_model
    from govhall.opinion.demo import SENTIMENT_DATA, ensure_sentiment_model
    from govhall.opinion.sentiment import SentimentModel

    texts = [row["text"] for row in rows]
    gold = [row["label"] for row in rows]
    out: dict[str, Any] = {"texts": len(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp)
        started = time.perf_counter()
        name = ensure_sentiment_model(models)
        out["default_train_s"] = round(time.perf_counter() - started, 1)
        registry = ModelRegistry(models)
        candidates = {"default": SentimentModel(registry.load_active("sentiment"), name)}
        shipped = models / "shipped.jsonl"  # the same lines the default learns from
        shipped.write_text("".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in SENTIMENT_DATA), "utf-8")
        card = train_model(
            TrainSpec(data=shipped, task="sentiment", kind="hashing", name="hashing", overwrite=True), registry
        )
        candidates["hashing"] = SentimentModel(load_model(registry.path_of(str(card["name"]))), "hashing")
        for label, model in candidates.items():
            model.predict(texts[:8])  # warm up (lazy model loads)
            started = time.perf_counter()
            predicted = [result.label for result in model.predict(texts)]
            elapsed = time.perf_counter() - started
            out[label] = {
                "model": model.name,
                "accuracy": round(float(accuracy_score(gold, predicted)), 4),
                "macro_f1": round(float(f1_score(gold, predicted, average="macro")), 4),
                "texts_per_s": round(len(texts) / elapsed, 1) if elapsed else None,
            }
    return out


def _rate(fn: Callable[[], object], count: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return round(count / best, 1)


def throughput(texts: Sequence[str]) -> dict[str, Any]:
    texts = list(texts)
    out: dict[str, Any] = {"texts": len(texts), "ner_available": ner_available()}
    for ner in (False, True):
        out["with_ner" if ner else "rules_only"] = _rates(texts, ner)
    return out


def _rates(texts: list[str], ner: bool) -> dict[str, float]:
    """Per-text and batched rates; the model's cache of recent texts is cleared before each run,
    so cycling a small set does not flatter the per-text rate."""

    def cold(fn: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            _recognise_cached.cache_clear()
            return fn()

        return run

    return {
        "extract_per_text": _rate(cold(lambda: [extract(t, ner=ner) for t in texts]), len(texts)),
        "extract_batched": _rate(cold(lambda: extract_many(texts, ner=ner)), len(texts)),
        "mask_per_text": _rate(cold(lambda: [mask(t, ner=ner) for t in texts]), len(texts)),
        "mask_batched": _rate(cold(lambda: mask_many(texts, ner=ner)), len(texts)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Each set is measured on its own: naming one (--masking FILE) measures that one alone; naming
    # none measures the three held-out sets.
    parser.add_argument("--extraction", type=Path)
    parser.add_argument("--masking", type=Path)
    parser.add_argument("--sentiment", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 6))
    parser.add_argument("--skip", action="append", default=[], choices=["extraction", "masking", "sentiment", "speed"])
    parser.add_argument("--misses", action="store_true", help="list every miss and leak (dev sets only)")
    parser.add_argument("--by-kind", action="store_true", help="masking per row 'kind' (dev sets only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.extraction is None and args.masking is None and args.sentiment is None:
        args.extraction = HELDOUT / "extraction.jsonl"
        args.masking = HELDOUT / "masking.jsonl"
        args.sentiment = HELDOUT / "sentiment.jsonl"
    named = [path for path in (args.extraction, args.masking, args.sentiment) if path is not None]
    if (args.misses or args.by_kind) and any(HELDOUT in path.resolve().parents for path in named):
        parser.error("--misses and --by-kind are for dev sets only")

    report: dict[str, Any] = {"ner_available": ner_available()}
    speed_texts: list[str] = []
    if "extraction" not in args.skip and args.extraction and args.extraction.is_file():
        rows = _read(args.extraction)
        speed_texts += [row["text"] for row in rows]
        report["extraction"] = score_extraction(rows, args.today)
        report["extraction_rules_only"] = score_extraction(rows, args.today, ner=False)
    if "masking" not in args.skip and args.masking and args.masking.is_file():
        rows = _read(args.masking)
        speed_texts += [row["text"] for row in rows]
        report["masking"] = score_masking(rows)
        report["masking_rules_only"] = score_masking(rows, ner=False)
    if "sentiment" not in args.skip and args.sentiment and args.sentiment.is_file():
        report["sentiment"] = score_sentiment(_read(args.sentiment))
    if "speed" not in args.skip and speed_texts:
        report["throughput"] = throughput((speed_texts * (400 // len(speed_texts) + 1))[:400])
    if not args.misses:
        for key in ("extraction", "extraction_rules_only"):
            report.get(key, {}).pop("misses", None)
        for key in ("masking", "masking_rules_only"):
            if key in report:
                report[key]["leaks"] = len(report[key]["leaks"])
    if not args.by_kind:
        for key in ("masking", "masking_rules_only"):
            report.get(key, {}).pop("by_kind", None)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report)
    return 0


def _print(report: dict[str, Any]) -> None:
    print(f"NER model available: {report['ner_available']}")
    for key in ("extraction", "extraction_rules_only"):
        if key in report:
            print(f"\n{key} ({report[key]['texts']} texts)")
            for field, s in report[key]["fields"].items():
                print(f"  {field:10} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  ({s['expected']})")
            for miss in report[key].get("misses", []):
                print(f"    miss {miss}")
    for key in ("masking", "masking_rules_only"):
        if key in report:
            m = report[key]
            print(f"\n{key}: {m['removed']}/{m['secrets']} secrets removed, over-masking {m['over_masking_rate']:.2%}")
            for cause, tally in m.get("causes", {}).items():
                print(f"  cause {cause:70} {tally}")
            for kind, tally in m.get("by_kind", {}).items():
                print(f"  {kind or '(no kind)':18} {tally}")
            if isinstance(m["leaks"], list):
                for leak in m["leaks"]:
                    print(f"    leak {leak}")
    if "sentiment" in report:
        print("\nsentiment:", json.dumps(report["sentiment"], ensure_ascii=False))
    if "throughput" in report:
        print("\nthroughput (texts/s):", json.dumps(report["throughput"], ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
