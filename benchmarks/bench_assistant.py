"""Benchmark of the assistant on whole conversations, replayed through HTTP against the real app.

Usage::

    .venv/bin/python benchmarks/bench_assistant.py [FILE.jsonl] [--json] [--misses] [--causes]
        [--limit N] [--today YYYY-MM-DD]

``FILE`` defaults to ``tests/data/assistant/conversations_heldout.jsonl`` (written apart from the
code; never tune on it — tune on ``conversations_dev.jsonl``). One JSON object a line::

    {"id", "category", "login": null | "zhangsan", "turns": [citizen messages],
     "expected": {"service", "submitted", "form", "handoff", "complaint_recorded",
                  "facts": [{"turn", "any_of", "source"}], "must_not": [...]}, "notes"}

The benchmark builds a fresh demo installation (``govhall.demo.build_demo``: demo accounts with the
password ``govhall-demo``, the built-in catalogue, policies and graph, routing and act models) in a
temporary folder, serves it with uvicorn on a local port, and replays every conversation in its own
session, logged in as ``login`` when set and otherwise as the demo citizen ``lisi`` (submitting needs
an account; ``--anonymous`` keeps those conversations anonymous). The final form is read unmasked from the database: the
case's submitted data when a case was submitted, else the conversation's current fields.

Reported: goal reached per conversation (service right, submitted as expected, every expected field
right, hand-off and complaint flags as expected, every fact stated), slot accuracy (expected fields
with the right final value), right item, stated facts (facts whose ``any_of`` appears in the reply of
their turn), turns per completed task, and turn latency p50/p99 for application turns (the stage
before or after the turn is filling/confirming/submitted) and consultation turns (all others).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import select

from govhall import catalog, localtime
from govhall.assistant import AssistantSession
from govhall.cases import Case, make_calendar
from govhall.config import Settings
from govhall.db import make_engine, make_session_factory
from govhall.demo import DEMO_PASSWORD, build_demo
from govhall.text import normalize
from govhall.web import create_app

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "tests" / "data" / "assistant" / "conversations_heldout.jsonl"
COMPLAINT_CODE = "complaint-12345"
APPLICATION_STAGES = {"filling", "confirming", "submitted"}
DEFAULT_LOGIN = "lisi"
"""Who replays a conversation whose ``login`` is null: submitting an application needs an account,
and a citizen the hall asks to log in does so (``--anonymous`` replays them without one)."""
ANONYMOUS = [False]


def read_conversations(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not JSON ({exc})") from None
        if not isinstance(row.get("turns"), list) or not isinstance(row.get("expected"), dict):
            raise SystemExit(f"{path}:{number}: needs turns and expected")
        rows.append(row)
    return rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(settings: Settings) -> tuple[uvicorn.Server, str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


FREE_TEXT: dict[str, set[str]] = {}
"""Per item, the form fields that are free text (a string with no format, pattern or options and room
for a sentence): addresses, descriptions, scopes. The held-out writer copied the citizen's words into
them, so they are compared as free text, not letter by letter (see :func:`same`)."""


def free_text_fields(form: dict[str, Any]) -> set[str]:
    return {
        name
        for name, spec in (form.get("properties") or {}).items()
        if spec.get("type") == "string"
        and not ({"enum", "format", "pattern"} & set(spec))
        and int(spec.get("maxLength", 1000)) > 40
    }


def same(expected: Any, actual: Any, *, free_text: bool = False) -> bool:
    """Equal as a citizen means it: numbers by value, strings without surrounding space or case of X.

    Free text is right when, spaces and punctuation aside, one side contains the other (the standard
    form may add the province, the citizen may have said a little more) or they differ by under 20 %.
    """
    if isinstance(expected, bool) or isinstance(actual, bool):
        return bool(expected == actual)
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(float(expected) - float(actual)) < 1e-6
    if isinstance(expected, str) and isinstance(actual, str):
        if expected.strip().upper() == actual.strip().upper():
            return True
        if not free_text:
            return False
        a, b = _letters(expected), _letters(actual)
        return bool(a and b and (a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.8))
    return bool(expected == actual)


def _letters(text: str) -> str:
    return "".join(ch for ch in normalize(text) if ch.isalnum())


def stated(reply: str, any_of: list[str]) -> bool:
    """Whether the reply states one of the strings (spacing and number words aside)."""
    plain = "".join(reply.split())
    folded = "".join(normalize(reply).split())
    return any("".join(x.split()) in plain or "".join(normalize(x).split()) in folded for x in any_of)


def replay(client: httpx.Client, conversation: dict[str, Any], tokens: dict[str, str]) -> dict[str, Any]:
    headers: dict[str, str] = {}
    login = conversation.get("login") or (None if ANONYMOUS[0] else DEFAULT_LOGIN)
    if login:
        if login not in tokens:
            response = client.post("/api/auth/login", json={"username": login, "password": DEMO_PASSWORD})
            response.raise_for_status()
            tokens[login] = response.json()["token"]
        headers["Authorization"] = f"Bearer {tokens[login]}"
    opened = client.post("/api/assistant/sessions", headers=headers)
    opened.raise_for_status()
    sid = opened.json()["id"]
    stage = "idle"
    turns = []
    for text in conversation["turns"]:
        started = time.perf_counter()
        response = client.post(f"/api/assistant/sessions/{sid}/messages", json={"text": text}, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        new_stage = str(body.get("stage", stage))
        kind = "application" if stage in APPLICATION_STAGES or new_stage in APPLICATION_STAGES else "consultation"
        turns.append({"text": text, "status": response.status_code, "ms": elapsed, "kind": kind, **body})
        stage = new_stage
    return {"id": sid, "turns": turns}


def final_state(factory: Any, sid: str) -> dict[str, Any]:
    """The conversation's unmasked final form, its case (if any) and the case's item, from the database."""
    with factory() as db:
        row = db.scalar(select(AssistantSession).where(AssistantSession.public_id == sid))
        assert row is not None
        form = {name: entry["value"] for name, entry in (row.fields or {}).items()}
        case = db.scalar(select(Case).where(Case.number == row.case_number)) if row.case_number else None
        if case is not None:
            return {"form": dict(case.data), "case_item": case.item_code, "submitted": True, "item": row.item_code}
        return {"form": form, "case_item": None, "submitted": False, "item": row.item_code}


def score(conversation: dict[str, Any], run: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    expected = conversation["expected"]
    turns = run["turns"]
    last = turns[-1].get("service") if turns else None
    # the case's item when one was submitted, else what the conversation was last about (None after
    # a cancel or for small talk)
    service = state["case_item"] or (last["code"] if isinstance(last, dict) else None)
    wanted_service = expected.get("service")
    service_ok = service == wanted_service
    submitted_ok = state["submitted"] == bool(expected.get("submitted"))
    form_expected = expected.get("form") or {}
    loose = FREE_TEXT.get(str(wanted_service), set())
    right_fields = [
        name for name, value in form_expected.items() if same(value, state["form"].get(name), free_text=name in loose)
    ]
    wrong_fields = {
        name: {"expected": value, "actual": state["form"].get(name)}
        for name, value in form_expected.items()
        if name not in right_fields
    }
    handoff = any(bool(t.get("handoff")) for t in turns)
    complaint = state["submitted"] and state["case_item"] == COMPLAINT_CODE
    flags_ok = handoff == bool(expected.get("handoff")) and complaint == bool(expected.get("complaint_recorded"))
    facts = expected.get("facts") or []
    facts_ok = []
    for fact in facts:
        index = int(fact["turn"])
        reply = str(turns[index].get("reply", "")) if 0 <= index < len(turns) else ""
        facts_ok.append(stated(reply, list(fact["any_of"])))
    violations = [
        (n, s) for n, t in enumerate(turns) for s in expected.get("must_not") or [] if s in str(t.get("reply", ""))
    ]
    server_errors = [n for n, t in enumerate(turns) if t["status"] >= 500]
    goal = service_ok and submitted_ok and not wrong_fields and flags_ok and all(facts_ok) and not server_errors
    return {
        "id": conversation.get("id"),
        "category": conversation.get("category"),
        "goal": goal,
        "service": {"ok": service_ok, "expected": wanted_service, "actual": service},
        "submitted": {"ok": submitted_ok, "expected": bool(expected.get("submitted")), "actual": state["submitted"]},
        "fields": {"right": len(right_fields), "total": len(form_expected), "wrong": wrong_fields},
        "flags": {"ok": flags_ok, "handoff": handoff, "complaint_recorded": complaint},
        "wanted_handoff": bool(expected.get("handoff")),
        "facts": {
            "stated": sum(facts_ok),
            "total": len(facts),
            "missed": [f for f, ok in zip(facts, facts_ok, strict=True) if not ok],
        },
        "must_not": violations,
        "server_errors": server_errors,
        "turns": len(turns),
        "replies": [str(t.get("reply", "")) for t in turns],
        "latency": [(t["kind"], t["ms"]) for t in turns],
    }


def causes(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Why goals were missed, counted without any conversation's words.

    A held-out set may be read only for general causes (never its wording), so this is the one view of
    its misses: how many conversations missed for each reason, and which form fields were wrong and how
    (left empty, or filled with another value) per item. Field names and reasons are the schema's, not
    the citizen's.
    """
    reasons: dict[str, int] = {}
    fields: dict[str, int] = {}
    by_category: dict[str, dict[str, int]] = {}
    for r in results:
        if r["goal"]:
            continue
        found = []
        if not r["service"]["ok"]:
            found.append("wrong item" if r["service"]["actual"] else "no item")
        if not r["submitted"]["ok"]:
            found.append("submitted but should not" if r["submitted"]["actual"] else "not submitted")
        if r["fields"]["wrong"]:
            found.append("form field wrong")
        if r["flags"]["handoff"] != r["wanted_handoff"]:
            found.append("hand-off made, not wanted" if r["flags"]["handoff"] else "hand-off wanted, not made")
        elif not r["flags"]["ok"]:
            recorded = r["flags"]["complaint_recorded"]
            found.append("complaint recorded, not wanted" if recorded else "complaint wanted, not recorded")
        if r["facts"]["missed"]:
            found.append("fact not stated")
        if r["must_not"]:
            found.append("forbidden words")
        if r["server_errors"]:
            found.append("server error")
        for reason in found:
            reasons[reason] = reasons.get(reason, 0) + 1
            slot = by_category.setdefault(str(r["category"]), {})
            slot[reason] = slot.get(reason, 0) + 1
        for name, pair in r["fields"]["wrong"].items():
            how = "empty" if pair["actual"] in (None, "") else "other value"
            key = f"{r['service']['expected']}.{name} ({how})"
            fields[key] = fields.get(key, 0) + 1
    return {
        "reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
        "reasons_by_category": by_category,
        "wrong_fields": dict(sorted(fields.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(results)
    fields_total = sum(r["fields"]["total"] for r in results)
    facts_total = sum(r["facts"]["total"] for r in results)
    completed = [r for r in results if r["goal"]]
    latency: dict[str, list[float]] = {"application": [], "consultation": []}
    for r in results:
        for kind, ms in r["latency"]:
            latency[kind].append(ms)
    by_category: dict[str, list[bool]] = {}
    for r in results:
        by_category.setdefault(str(r["category"]), []).append(r["goal"])
    return {
        "conversations": n,
        "goal_reached": round(len(completed) / n, 4) if n else None,
        "slot_accuracy": round(sum(r["fields"]["right"] for r in results) / fields_total, 4) if fields_total else None,
        "right_item": round(sum(r["service"]["ok"] for r in results) / n, 4) if n else None,
        "stated_facts": round(sum(r["facts"]["stated"] for r in results) / facts_total, 4) if facts_total else None,
        "turns_per_completed_task": round(statistics.mean(r["turns"] for r in completed), 2) if completed else None,
        "latency_ms": {
            kind: {"p50": percentile(values, 0.5), "p99": percentile(values, 0.99), "turns": len(values)}
            for kind, values in latency.items()
        },
        "goal_by_category": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_category.items())},
        "server_errors": sum(len(r["server_errors"]) for r in results),
        "must_not_violations": sum(len(r["must_not"]) for r in results),
    }


def pin_today(day: date) -> None:
    """Make ``day`` the citizen's today for the app served in this process: every date the assistant
    resolves goes through :func:`govhall.localtime.local_now`, which is replaced here, the time of
    day kept."""

    def local_now() -> datetime:
        now = datetime.now(localtime.LOCAL_TZ)
        return now.replace(year=day.year, month=day.month, day=day.day)

    localtime.local_now = local_now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--misses", action="store_true", help="list the conversations whose goal was not reached")
    parser.add_argument(
        "--causes",
        action="store_true",
        help="add why goals were missed, as counts by reason and by form field (no conversation text): the "
        "one view of a held-out set's misses",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N conversations")
    parser.add_argument(
        "--anonymous", action="store_true", help="replay conversations without a login anonymously (never submits)"
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        help="the day the conversations were written for (YYYY-MM-DD): relative dates (今天, 上个月) resolve "
        "against it, so a set scores the same on any day; the real Beijing day when left out",
    )
    args = parser.parse_args()
    ANONYMOUS[0] = args.anonymous
    if args.today is not None:
        pin_today(args.today)
    conversations = read_conversations(args.file)
    if args.limit:
        conversations = conversations[: args.limit]
    with tempfile.TemporaryDirectory(prefix="govhall-bench-assistant-") as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'demo.db'}"
        started = time.perf_counter()
        build_demo(url, make_calendar(), models_dir=work / "models")
        print(f"demo installation built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        settings = Settings(data_dir=work / "data", database_url=url, models_dir=work / "models")
        server, base = serve(settings)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with factory() as db:
            for item in catalog.list_items(db):
                FREE_TEXT[item.code] = free_text_fields(catalog.get_item(db, item.code).content["form"])
        results = []
        tokens: dict[str, str] = {}
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                for conversation in conversations:
                    run = replay(client, conversation, tokens)
                    results.append(score(conversation, run, final_state(factory, run["id"])))
        finally:
            server.should_exit = True
            engine.dispose()
    summary = summarise(results)
    misses = [r for r in results if not r["goal"]]
    if args.json:
        out: dict[str, Any] = {"file": str(args.file), **summary}
        if args.causes:
            out["causes"] = causes(results)
        if args.misses:
            out["misses"] = [{k: v for k, v in r.items() if k != "latency"} for r in misses]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print(f"file: {args.file}")
    for key, value in summary.items():
        print(f"{key}: {value}")
    if args.causes:
        print(f"causes: {json.dumps(causes(results), ensure_ascii=False)}")
    if args.misses:
        for r in misses:
            print(f"\n--- {r['id']} ({r['category']})")
            if not r["service"]["ok"]:
                print(f"  service: expected {r['service']['expected']}, got {r['service']['actual']}")
            if not r["submitted"]["ok"]:
                print(f"  submitted: expected {r['submitted']['expected']}, got {r['submitted']['actual']}")
            for name, pair in r["fields"]["wrong"].items():
                print(f"  field {name}: expected {pair['expected']!r}, got {pair['actual']!r}")
            if not r["flags"]["ok"]:
                print(f"  flags: handoff={r['flags']['handoff']} complaint_recorded={r['flags']['complaint_recorded']}")
            for fact in r["facts"]["missed"]:
                print(f"  fact not stated at turn {fact['turn']}: {fact['any_of']}")
            for n, s in r["must_not"]:
                print(f"  turn {n} says {s!r}")
            for n, reply in enumerate(r["replies"]):
                print(f"  [{n}] {reply[:160]!r}")


if __name__ == "__main__":
    main()
