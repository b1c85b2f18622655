"""Over-masking on text that holds no personal data: how many characters the masker hides there.

    .venv/bin/python benchmarks/bench_text_overmask.py [--json] [--replies FILE] [--replay] [--examples N]

The masking sets measure over-masking only around secrets; a masker that publishes posts and
assistant transcripts must also leave ordinary government text alone (公安局户籍窗口, 失业金可以领多久).
The corpus, all of it written by the project and free of personal data by construction:

* ``catalogue`` — every string of every item guide (src/govhall/catalog/data/items/*.yaml: name,
  department, summary, conditions, materials, steps, notes, form titles, FAQ…), one text per string;
* ``policies`` — the built-in policy texts (src/govhall/policies/data/laws/*.md), one text per line;
* ``assistant`` — the assistant's replies and questions in the dev conversations
  (tests/data/assistant/conversations_dev*.jsonl), replayed through the real demo app with ``--replay``
  (about a minute; the replies are cached in ``--replies``). A reply that echoes what the citizen
  typed (any expected form value, any 7-digit run) or that the assistant masked itself (a ``*``: the
  account holder's name and ID in a confirmation) is left out, since it holds personal data;
* ``demo_posts`` — the opinion demo posts (src/govhall/opinion/data/demo_posts.jsonl) that contain no
  digit run, no author's name and no name cue the demo author wrote in (叫, 姓, 先生, 女士…).

Reported per source and in all: texts, characters, characters masked (``mask`` default policy and
model setting), texts changed; ``--examples N`` prints N changed texts per source (this corpus is not
held out).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from govhall.text import mask  # noqa: E402

ITEMS = ROOT / "src" / "govhall" / "catalog" / "data" / "items"
LAWS = ROOT / "src" / "govhall" / "policies" / "data" / "laws"
POSTS = ROOT / "src" / "govhall" / "opinion" / "data" / "demo_posts.jsonl"
CONVERSATIONS = sorted((ROOT / "tests" / "data" / "assistant").glob("conversations_dev*.jsonl"))
DEFAULT_REPLIES = Path("/tmp/govhall-bench-overmask-replies.jsonl")
_DIGITS = re.compile(r"[0-9]{7}")
_NAME_CUE = re.compile(r"叫|姓|先生|女士|师傅|阿姨|大爷|老人|书记|主任|经理|[0-9０-９]{3}")


def strings(value: Any) -> list[str]:
    """Every string inside a YAML/JSON value (keys of mappings excluded)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def catalogue_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(ITEMS.glob("*.yaml")):
        texts.extend(s.strip() for s in strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return [t for t in dict.fromkeys(texts) if any("\u4e00" <= ch <= "\u9fff" for ch in t)]


def policy_texts() -> list[str]:
    lines: list[str] = []
    for path in sorted(LAWS.glob("*.md")):
        lines.extend(line.strip().lstrip("#").strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in dict.fromkeys(lines) if line]


def post_texts() -> list[str]:
    rows = [json.loads(line) for line in POSTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for row in rows:
        text = str(row["text"])
        author = str(row.get("author") or "")
        if _NAME_CUE.search(text) or (author and author in text):
            continue
        out.append(text)
    return list(dict.fromkeys(out))


def replay_replies(path: Path) -> None:
    """Replay the dev conversations through the demo app and cache every reply with the values the
    citizen gave (to leave out replies that echo them)."""
    import tempfile

    import httpx
    from bench_assistant import read_conversations, replay, serve

    from govhall.cases import make_calendar
    from govhall.config import Settings
    from govhall.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="govhall-bench-overmask-") as tmp, path.open("w") as out:
        work = Path(tmp)
        url = f"sqlite:///{work / 'demo.db'}"
        build_demo(url, make_calendar(), models_dir=work / "models")
        server, base = serve(Settings(data_dir=work / "data", database_url=url, models_dir=work / "models"))
        tokens: dict[str, str] = {}
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                for file in CONVERSATIONS:
                    for conversation in read_conversations(file):
                        run = replay(client, conversation, tokens)
                        given = [*conversation["turns"], *strings(conversation["expected"].get("form") or {})]
                        for turn in run["turns"]:
                            reply = str(turn.get("reply", ""))
                            if reply:
                                out.write(json.dumps({"reply": reply, "given": given}, ensure_ascii=False) + "\n")
        finally:
            server.should_exit = True


def assistant_texts(path: Path) -> list[str]:
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        reply = str(row["reply"])
        values = [str(v) for v in row["given"]]
        # Values of the form (and whole citizen turns) quoted back: the reply holds personal data.
        quoted = [v for v in values if len(v) >= 2 and v in reply]
        if quoted or _DIGITS.search(reply) or "*" in reply:  # a star: the assistant masked a datum itself
            continue
        out.append(reply)
    return list(dict.fromkeys(out))


def masked_chars(text: str, masked: str) -> int:
    """Characters hidden: positions where the masked text has the mask character and the text had none
    (masks preserve length except a normalised identifier, which never occurs in this corpus)."""
    if len(masked) != len(text):
        return sum(1 for ch in masked if ch == "*") - text.count("*")
    return sum(1 for a, b in zip(text, masked, strict=True) if b == "*" and a != "*")


def measure(texts: list[str], examples: int) -> dict[str, Any]:
    chars = hidden = changed = 0
    shown: list[str] = []
    for text in texts:
        masked = mask(text)
        chars += len(text)
        if masked != text:
            changed += 1
            hidden += masked_chars(text, masked)
            if len(shown) < examples:
                shown.append(masked[:200])
    out: dict[str, Any] = {
        "texts": len(texts),
        "chars": chars,
        "masked_chars": hidden,
        "texts_changed": changed,
        "rate": round(hidden / chars, 5) if chars else 0.0,
    }
    if shown:
        out["examples"] = shown
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--replies", type=Path, default=DEFAULT_REPLIES, help="cache of the assistant's replies")
    parser.add_argument("--replay", action="store_true", help="replay the dev conversations into --replies first")
    parser.add_argument("--examples", type=int, default=0, help="changed texts to print per source")
    args = parser.parse_args()
    if args.replay or not args.replies.is_file():
        replay_replies(args.replies)
    sources = {
        "catalogue": catalogue_texts(),
        "policies": policy_texts(),
        "assistant": assistant_texts(args.replies),
        "demo_posts": post_texts(),
    }
    results = {name: measure(texts, args.examples) for name, texts in sources.items()}
    total = {key: sum(int(r[key]) for r in results.values()) for key in ("texts", "chars", "masked_chars")}
    total["texts_changed"] = sum(int(r["texts_changed"]) for r in results.values())
    results["all"] = {**total, "rate": round(total["masked_chars"] / total["chars"], 5)}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return
    for name, r in results.items():
        masked = f"{r['masked_chars']} of {r['chars']} chars masked ({r['rate']:.3%})"
        print(f"{name}: {masked}, {r['texts_changed']}/{r['texts']} texts changed")
        for example in r.get("examples", []):
            print(f"   {example}")


if __name__ == "__main__":
    main()
