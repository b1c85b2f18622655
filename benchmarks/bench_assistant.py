"""Benchmark of ``govhall.assistant``: routing, slot filling, task completion and turn latency.

Usage: ``python benchmarks/bench_assistant.py [--out FILE.json] [--sessions 20]`` (``src`` on the path).

- routing: ``tests/data/assistant/intents.jsonl`` split 80/20, stratified by (intent, service), seed 42;
  the routing models are trained on the 80 % only and the router (models + catalogue prior) is
  scored on the 20 %: intent accuracy and macro-F1, service accuracy and macro-F1 (``null`` is a
  class), both right, and how many messages fall below the "don't know" threshold.
- dialogues: every line of ``tests/data/assistant/dialogues.jsonl`` is replayed in a fresh
  conversation of a logged-in citizen (models trained on the whole intents file, as ``govhall demo``
  does); slot accuracy is the share of expected fields whose final value equals the expected one;
  a task is complete when the final form equals ``expected_form`` exactly and a case was submitted
  iff ``submit`` is true; turns are counted for completed tasks.
- latency: a real HTTP server (uvicorn, one worker, SQLite) on this machine; a scripted application
  of 6 turns in ``--sessions`` conversations one after another (p50/p99 per turn), then the same
  concurrently from 4 client threads (turns/s); ``POST /api/text/extract`` with the same texts is the
  plain alternative measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sklearn.metrics import f1_score

from govhall import accounts, catalog
from govhall.accounts import NewUser, Role
from govhall.assistant import Assistant, Router, read_intents, replay_dialogue, train_routing
from govhall.cases import make_calendar
from govhall.config import Settings
from govhall.db import make_engine, make_session_factory, transaction, upgrade
from govhall.text import fake_bank_card, fake_id_number
from govhall.web import create_app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "assistant"


def split_rows(rows: list[dict[str, Any]], test: float = 0.2, seed: int = 42) -> tuple[list[Any], list[Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["intent"], str(row.get("service")))].append(row)
    rng = random.Random(seed)
    train, held = [], []
    for key in sorted(groups):
        members = groups[key][:]
        rng.shuffle(members)
        cut = max(1, round(len(members) * test)) if len(members) >= 3 else 0
        held += members[:cut]
        train += members[cut:]
    return train, held


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def routing(work: Path) -> dict[str, Any]:
    rows = read_intents(DATA / "intents.jsonl")
    train, held = split_rows(rows)
    write_jsonl(work / "train.jsonl", train)
    started = time.perf_counter()
    train_routing(work / "train.jsonl", work / "split-models", test_ratio=0.1)
    seconds = time.perf_counter() - started
    router = Router.from_registry(work / "split-models", [i.model_dump(mode="json") for i in catalog.builtin_items()])
    started = time.perf_counter()
    routes = router.route_many([r["text"] for r in held])
    per_text_ms = (time.perf_counter() - started) / len(held) * 1000
    gold_i = [r["intent"] for r in held]
    gold_s = [str(r.get("service")) for r in held]
    pred_i = [r.intent for r in routes]
    pred_s = [str(r.service_code) for r in routes]
    both = sum(a == b and c == d for a, b, c, d in zip(gold_i, pred_i, gold_s, pred_s, strict=True))
    return {
        "train": len(train),
        "test": len(held),
        "train_seconds": round(seconds, 1),
        "intent_accuracy": round(sum(a == b for a, b in zip(gold_i, pred_i, strict=True)) / len(held), 4),
        "intent_macro_f1": round(float(f1_score(gold_i, pred_i, average="macro")), 4),
        "service_accuracy": round(sum(a == b for a, b in zip(gold_s, pred_s, strict=True)) / len(held), 4),
        "service_macro_f1": round(float(f1_score(gold_s, pred_s, average="macro")), 4),
        "both_right": round(both / len(held), 4),
        "below_threshold": round(sum(not r.sure for r in routes) / len(held), 4),
        "ms_per_text": round(per_text_ms, 2),
    }


def fresh_database(work: Path, name: str) -> tuple[str, Any]:
    url = f"sqlite:///{(work / name).as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as db, transaction(db):
        catalog.sync_builtin(db)
        user = accounts.create_user(db, NewUser("bench1", "correct-horse-9", "王小明", role=Role.CITIZEN))
    return url, user


def dialogues(work: Path, models: Path) -> dict[str, Any]:
    path = DATA / "dialogues.jsonl"
    if not path.is_file():
        return {"skipped": f"{path} not found"}
    url, user = fresh_database(work, "dialogues.db")
    settings = Settings(data_dir=work, database_url=url, models_dir=models, embedder="hash")  # type: ignore[arg-type]
    helper = Assistant(settings, make_calendar())
    engine = make_engine(url)
    slots_right = slots_total = completed = n = 0
    turns_done: list[int] = []
    failures: list[dict[str, Any]] = []
    with make_session_factory(engine)() as db:
        user = db.merge(user)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            n += 1
            out = replay_dialogue(helper, db, user, case["turns"])
            expected = case.get("expected_form") or {}
            right = sum(1 for k, v in expected.items() if out["form"].get(k) == v)
            slots_right += right
            slots_total += len(expected)
            service_ok = (out["service"] or {}).get("code") == case.get("service")
            ok = service_ok and out["form"] == expected and out["submitted"] == bool(case.get("submit"))
            if ok:
                completed += 1
                turns_done.append(len(case["turns"]))
            elif len(failures) < 10:
                wrong = {k: [v, out["form"].get(k)] for k, v in expected.items() if out["form"].get(k) != v}
                extra = {k: v for k, v in out["form"].items() if k not in expected}
                failures.append({"id": case.get("id"), "service": out["service"], "wrong": wrong, "extra": extra})
    engine.dispose()
    return {
        "dialogues": n,
        "slot_accuracy": round(slots_right / slots_total, 4) if slots_total else None,
        "task_completion": round(completed / n, 4) if n else None,
        "turns_per_completed": round(statistics.mean(turns_done), 2) if turns_done else None,
        "examples_of_failures": failures,
    }


def _serve(settings: Settings) -> tuple[uvicorn.Server, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}"


def _script() -> list[str]:
    rng = random.Random(3)
    return [
        "我想申请失业保险金",
        f"我叫王小明，身份证号{fake_id_number(rng)}，电话13912345678",
        "原单位是北京华信科技有限公司，2026年10月8日离职",
        "被用人单位解除劳动合同",
        "累计缴费36个月",
        fake_bank_card(rng),
    ]


def latency(work: Path, models: Path, sessions: int) -> dict[str, Any]:
    url, _ = fresh_database(work, "latency.db")
    settings = Settings(data_dir=work, database_url=url, models_dir=models, embedder="hash")  # type: ignore[arg-type]
    server, base = _serve(settings)
    script = _script()

    def conversation(client: httpx.Client) -> list[float]:
        sid = client.post("/api/assistant/sessions").json()["id"]
        times = []
        for text in script:
            started = time.perf_counter()
            response = client.post(f"/api/assistant/sessions/{sid}/messages", json={"text": text})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
        return times

    def plain(client: httpx.Client) -> list[float]:
        times = []
        for text in script:
            started = time.perf_counter()
            response = client.post("/api/text/extract", json={"text": text, "service": "unemployment-benefit"})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
        return times

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    with httpx.Client(base_url=base, timeout=60) as client:
        conversation(client)  # warm-up: loads the models
        turns = [t for _ in range(sessions) for t in conversation(client)]
        extract = [t for _ in range(sessions) for t in plain(client)]

    def worker(_: int) -> int:
        with httpx.Client(base_url=base, timeout=60) as client:
            return len(conversation(client))

    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        done = sum(pool.map(worker, range(sessions)))
    seconds = time.perf_counter() - started
    server.should_exit = True
    return {
        "turns": len(turns),
        "assistant_p50_ms": pct(turns, 0.5),
        "assistant_p99_ms": pct(turns, 0.99),
        "extract_p50_ms": pct(extract, 0.5),
        "extract_p99_ms": pct(extract, 0.99),
        "concurrent_turns_per_s": round(done / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--only", default="routing,dialogues,latency")
    args = parser.parse_args()
    parts = args.only.split(",")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "routing" in parts:
            results["routing"] = routing(work)
            print(json.dumps(results["routing"], ensure_ascii=False), file=sys.stderr)
        models = work / "models"
        if {"dialogues", "latency"} & set(parts):
            train_routing(DATA / "intents.jsonl", models)
        if "dialogues" in parts:
            results["dialogues"] = dialogues(work, models)
            print(json.dumps(results["dialogues"], ensure_ascii=False), file=sys.stderr)
        if "latency" in parts:
            results["latency"] = latency(work, models, args.sessions)
            print(json.dumps(results["latency"], ensure_ascii=False), file=sys.stderr)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
