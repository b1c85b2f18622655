"""The opinion import's masking path on real posts: its gate, its masker, and whether a change kept the output.

    .venv/bin/python benchmarks/bench_text_import.py [--n 20000] [--rules] [--save FILE | --compare FILE] [--json]

What the import does to each fresh post (govhall.opinion.ingest._features): ``needs_mask`` on its
normalised text, then ``mask_many(flagged, ner=None)`` (the model on flagged posts up to 120
characters). The posts are the first ``--n`` distinct real texts of ../shared/data that the
import benchmark uses (``bench_opinion._fresh_texts``). Times are process CPU time, so that two runs
on a shared, loaded machine compare (the wall-clock import rate swings with the other sessions).

``--save FILE`` writes every flagged post's masked text; ``--compare FILE`` reports how many differ
from a saved run: run the old code first (its ``govhall/text`` on ``PYTHONPATH``) with ``--save``,
then the new with ``--compare``, to show a speed change left every output as it was. ``--rules``
masks without the model (all 121,161 texts take about two minutes).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_opinion  # noqa: E402

import govhall.text  # noqa: E402
from govhall.text import mask_many, needs_mask, normalize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=20_000, help="posts (at most the 121,161 distinct texts)")
    parser.add_argument("--rules", action="store_true", help="mask without the model")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path, help="write the masked outputs here")
    group.add_argument("--compare", type=Path, help="count outputs that differ from a saved run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    texts = bench_opinion._fresh_texts()[: args.n]
    normalized = [normalize(text) for text in texts]  # the import normalises each post once
    ner = False if args.rules else None
    mask_many(["我叫王建国，电话13812345678"], ner=ner)  # load the model and the tables

    start = time.process_time()
    flagged = [i for i, (text, norm) in enumerate(zip(texts, normalized, strict=True)) if needs_mask(text, norm)]
    gated = time.process_time()
    masked = mask_many([texts[i] for i in flagged], ner=ner)
    done = time.process_time()

    outputs = dict(zip(flagged, masked, strict=True))
    result: dict[str, object] = {
        "govhall_text": str(Path(govhall.text.__file__).parent),
        "posts": len(texts),
        "model": not args.rules,
        "gate_ms_per_post": round((gated - start) / len(texts) * 1e3, 4),
        "flagged": len(flagged),
        "mask_ms_per_flagged_post": round((done - gated) / max(1, len(flagged)) * 1e3, 4),
        "masking_ms_per_post": round((done - start) / len(texts) * 1e3, 4),
        "changed": sum(out != texts[i] for i, out in outputs.items()),
    }
    if args.save:
        with args.save.open("wb") as handle:
            pickle.dump(outputs, handle)
    if args.compare:
        with args.compare.open("rb") as handle:
            saved: dict[int, str] = pickle.load(handle)
        keys = set(saved) | set(outputs)
        result["differ_from_saved"] = sum(saved.get(i, texts[i]) != outputs.get(i, texts[i]) for i in keys)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for key, value in result.items():
            print(f"{key:26s} {value}")


if __name__ == "__main__":
    main()
