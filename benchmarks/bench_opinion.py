"""Public-opinion pipeline benchmarks on real data (../shared/data).

    .venv/bin/python benchmarks/bench_opinion.py --limit 20000 --distinct 12000 --workers 2 --scale 1000000

Prints: throughput of ingest + mask + dedup + sentiment + topic assignment + routing (posts/s, peak
RSS) on distinct texts (every post new: the honest rate for fresh data), for the TF-IDF baseline and
the hashing sentiment model, and with ``--workers`` processes (``ingest_parallel``); the rate on
repeated data (the real texts cycled with new ids, where the per-run memo skips text work) and the
obvious alternative measured in the same run (one post at a time: an INSERT and a model call per
post); accuracy, macro-F1 and speed of both models on every real sentiment set (ChnSentiCorp,
waimai_10k, hotel reviews, msgabench citizen messages, SMP2020-EWECT emotions), snownlp beside them
on the binary sets; topic NMI/purity and NPMI on TNEWS titles and
teddycup citizen messages; spike detection delay and false alarms with a synthetic burst injected
into real timestamps; the scale run: ``--scale`` posts (the real texts cycled with new ids) from a
JSON Lines file through the whole import, one process with resident memory sampled along the way,
then ``--workers`` processes (their memory read from /proc); the fresh run: the same with ``--fresh``
posts that are all new text (every distinct real text in ../shared/data: citizen messages, reviews,
Weibo posts, news titles); and the scale run on a throwaway PostgreSQL cluster (``scale_postgres``,
skipped where its binaries are missing).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import pgcluster  # noqa: E402

from govhall import catalog, opinion  # noqa: E402
from govhall.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from govhall.learn import Dataset, HashingClassifier, ModelRegistry, TfidfClassifier  # noqa: E402
from govhall.learn.data import load_dataset, split_dataset  # noqa: E402
from govhall.learn.report import quick_scores  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def _sqlite(folder: Path, name: str) -> str:
    return f"sqlite:///{folder / name}"


def _db(url: str):  # type: ignore[no-untyped-def]
    """A migrated database at ``url`` with the built-in catalogue (routing needs its items)."""
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as db, transaction(db):
        catalog.sync_builtin(db)
    return factory


def _base_texts() -> list[str]:
    """The real texts, each once (msgabench repeats some)."""
    base = []
    for line in (DATA / "gov_messages_teddycup" / "messages_hotspot_full.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        base.append((row["title"] + "。" + row["content"])[:400])
    for line in (DATA / "gov_msgabench" / "citizen_messages_sentiment.jsonl").open(encoding="utf-8"):
        base.append(json.loads(line)["message"][:400])
    return list(dict.fromkeys(base))


def _posts(n: int) -> list[opinion.PostIn]:
    base = _base_texts()
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        opinion.PostIn(source="bench", id=str(i), time=start + timedelta(minutes=i), text=base[i % len(base)])
        for i in range(n)
    ]


KINDS = {"tfidf": TfidfClassifier, "hashing": HashingClassifier}


def _msgabench_rows() -> list[dict[str, str]]:
    rows = [json.loads(x) for x in (DATA / "gov_msgabench" / "citizen_messages_sentiment.jsonl").open(encoding="utf-8")]
    return [r for r in rows if r["sentiment"] in ("愤怒", "中性")]


def _model(kind: str) -> opinion.SentimentModel:
    rows = _msgabench_rows()
    train = rows[: int(len(rows) * 0.8)]
    model = KINDS[kind]()
    model.fit(Dataset([r["message"] for r in train], [r["sentiment"] for r in train]))
    return opinion.SentimentModel(model, f"msgabench-{kind}")


def _sentiment_sets() -> dict[str, tuple[Dataset, Dataset]]:
    """(train, test) of each real sentiment data set: its own split where it has one, else a seeded
    stratified 80/20 split."""
    sets: dict[str, tuple[Dataset, Dataset]] = {}
    train, _ = load_dataset(DATA / "senti_chnsenticorp" / "train.jsonl")
    test, _ = load_dataset(DATA / "senti_chnsenticorp" / "test.jsonl", dedup=False)
    sets["chnsenticorp"] = (train, test)
    for name, path in (
        ("waimai_10k", DATA / "senti_sophonplus" / "waimai_10k.csv"),
        ("hotel_7k", DATA / "senti_sophonplus" / "ChnSentiCorp_htl_all.csv"),
        ("msgabench_citizen", DATA / "gov_msgabench" / "citizen_messages_sentiment.jsonl"),
    ):
        columns = (
            {"text_column": "message", "label_column": "sentiment"}
            if "msgabench" in name
            else {"text_column": "review"}
        )
        data, _ = load_dataset(path, **columns)
        splits = split_dataset(data, dev=0.0, test=0.2, seed=42)
        sets[name] = (splits.train, splits.test)
    train, _ = load_dataset(DATA / "emotion_smp2020_ewect_virus" / "train.jsonl")
    test, _ = load_dataset(DATA / "emotion_smp2020_ewect_virus" / "eval.jsonl", dedup=False)
    sets["smp2020_ewect_6_emotions"] = (train, test)
    return sets


def _snownlp(texts: list[str], labels: list[str]) -> dict[str, float] | None:
    """snownlp's bundled model (positive when its score ≥ 0.5) on a binary 0/1 set; None when absent."""
    try:
        from snownlp import SnowNLP
    except ImportError:
        return None
    started = time.perf_counter()
    predicted = ["1" if SnowNLP(text).sentiments >= 0.5 else "0" for text in texts]
    seconds = time.perf_counter() - started
    return {
        "accuracy": round(float(np.mean(np.array(predicted) == np.array(labels))), 4),
        "texts_per_s": round(len(texts) / seconds, 1),
    }


def bench_sentiment() -> dict[str, dict[str, object]]:
    """Each model kind trained and tested on each real sentiment set, snownlp beside it on the binary
    sets (it has no neutral or emotion classes), the majority class as the floor."""
    out: dict[str, dict[str, object]] = {}
    for name, (train, test) in _sentiment_sets().items():
        counts = Counter(test.labels)
        row: dict[str, object] = {
            "train": len(train),
            "test": len(test),
            "majority": round(counts.most_common(1)[0][1] / len(test), 4),
        }
        for kind, cls in KINDS.items():
            model = cls()
            started = time.perf_counter()
            model.fit(train)
            fit_seconds = time.perf_counter() - started
            started = time.perf_counter()
            predicted = model.predict(test.texts)
            seconds = time.perf_counter() - started
            scores = quick_scores(test.labels, list(predicted), sorted(counts))
            row[kind] = {
                "accuracy": round(scores["accuracy"], 4),
                "macro_f1": round(scores["macro_f1"], 4),
                "fit_seconds": round(fit_seconds, 1),
                "texts_per_s": round(len(test) / seconds, 1),
            }
        if set(counts) == {"0", "1"}:
            row["snownlp"] = _snownlp(test.texts, test.labels)
        out[name] = row
        print(" ", name, json.dumps(row), flush=True)
    return out


def _warm(url: str, posts: list[opinion.PostIn], model: opinion.SentimentModel):  # type: ignore[no-untyped-def]
    """A database with the first 2,000 posts and 12 topics (topic assignment is part of the run)."""
    factory = _db(url)
    with factory() as db:
        opinion.ingest_rows(db, posts[:2000], opinion.Analyzer.load(db, model))
        opinion.discover_topics(db, k=12)
    return factory


def bench_distinct(folder: Path, distinct: int, models: dict[str, opinion.SentimentModel]) -> dict[str, float]:
    """Posts/s when every post is new text (no memo hits), per sentiment model kind."""
    posts = _posts(2000 + distinct)
    out: dict[str, float] = {"posts": len(posts) - 2000}
    for kind, model in models.items():
        factory = _warm(_sqlite(folder, f"distinct-{kind}.db"), posts, model)
        with factory() as db:
            analyzer = opinion.Analyzer.load(db, model)
            started = time.perf_counter()
            report = opinion.ingest_rows(db, posts[2000:], analyzer)
            out[f"{kind}_posts_per_s"] = round((len(posts) - 2000) / (time.perf_counter() - started), 1)
            out[f"{kind}_exact_duplicates"] = report.exact_duplicates
    return out


def bench_parallel(folder: Path, distinct: int, workers: int, model: opinion.SentimentModel) -> dict[str, float]:
    """The same distinct posts from a JSONL file: one process (ingest_file) vs ``workers`` (ingest_parallel)."""
    posts = _posts(2000 + distinct)
    path = folder / "distinct.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for post in posts[2000:]:
            row = {"id": post.id, "time": post.time.isoformat(), "text": post.text, "source": "bench"}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    models_dir = folder / "models"
    model.classifier.save(models_dir / model.name)
    ModelRegistry(models_dir).activate("sentiment", model.name)
    factory = _warm(_sqlite(folder, "single.db"), posts, model)
    with factory() as db:
        started = time.perf_counter()
        opinion.ingest_file(db, path, opinion.Analyzer.load(db, opinion.load_sentiment(models_dir)))
        single = distinct / (time.perf_counter() - started)
    _warm(_sqlite(folder, "parallel.db"), posts, model)
    started = time.perf_counter()
    report = opinion.ingest_parallel(
        f"sqlite:///{folder / 'parallel.db'}", path, workers=workers, models_dir=models_dir
    )
    parallel = distinct / (time.perf_counter() - started)
    return {
        "posts": distinct,
        "workers": workers,
        "single_process_posts_per_s": round(single, 1),
        "parallel_posts_per_s": round(parallel, 1),
        "speedup": round(parallel / single, 2),
        "imported": report.imported,
    }


def bench_throughput(folder: Path, n: int, model: opinion.SentimentModel) -> dict[str, float]:
    """Repeated data: the real texts cycled with new ids to ``n`` (the memo skips repeated texts)."""
    posts = _posts(n)
    factory = _warm(_sqlite(folder, "throughput.db"), posts, model)
    with factory() as db:
        analyzer = opinion.Analyzer.load(db, model)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        report = opinion.ingest_rows(db, posts[2000:], analyzer)
        seconds = time.perf_counter() - started
    ours = (n - 2000) / seconds
    # The obvious alternative: one post at a time (mask, exact check, model call, INSERT, commit).
    naive_n = min(1000, n - 2000)
    factory2 = _db(_sqlite(folder, "naive.db"))
    with factory2() as db:
        analyzer = opinion.Analyzer.load(db, model)
        started = time.perf_counter()
        for post in posts[2000 : 2000 + naive_n]:
            opinion.ingest_rows(db, [post], analyzer)
        naive = naive_n / (time.perf_counter() - started)
    return {
        "posts": n - 2000,
        "posts_per_s": ours,
        "naive_posts_per_s": naive,
        "ratio": ours / naive,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": rss_before / 1024,
        "exact_duplicates": report.exact_duplicates,
        "near_duplicates": report.near_duplicates,
        "topics_assigned": report.topics_assigned,
    }


def _current_rss_mb() -> float:
    """Resident memory now (not the peak): sampled during a run, it shows whether memory stays flat."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def _watch_children(samples: list[float], stop: threading.Event) -> None:
    """Append each child process's resident memory (MB) every half second until ``stop``.

    Read from /proc rather than ``RUSAGE_CHILDREN``: a spawned worker starts as a fork of this
    process, and Linux carries the parent's peak into the child's ``ru_maxrss`` across the exec.
    """
    me = str(os.getpid())
    while not stop.wait(0.5):
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = stat.read_text().rsplit(")", 1)[1].split()[1]
                status = (stat.parent / "status").read_text() if parent == me else ""
            except OSError:
                continue  # the process ended meanwhile
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    samples.append(int(line.split()[1]) / 1024)


def _write_scale_file(path: Path, n: int, texts: list[str]) -> None:
    """``n`` posts as JSON Lines: ``texts`` in turn (cycled when fewer) with new ids, one every 5 s from 2024-01-01."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            moment = (start + timedelta(seconds=5 * i)).isoformat()
            row = {"id": f"s{i}", "source": "scale", "time": moment, "text": texts[i % len(texts)]}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _fresh_texts() -> list[str]:
    """Every distinct real text in ../shared/data that a public-opinion feed could carry (citizen
    messages, reviews, epidemic Weibo posts, news titles), without the warm-up posts' texts."""
    base = _base_texts()
    warm = set(base[:2000])
    texts = base[2000:]
    for line in (DATA / "gov_messages_teddycup" / "messages_with_replies_full.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        texts.append((row["title"] + "。" + row["content"])[:400])
    for name in ("waimai_10k.csv", "ChnSentiCorp_htl_all.csv", "online_shopping_10_cats_sample.csv"):
        with (DATA / "senti_sophonplus" / name).open(encoding="utf-8") as handle:
            texts.extend(row["review"][:400] for row in csv.DictReader(handle) if row["review"])
    for path in (
        DATA / "emotion_smp2020_ewect_virus" / "train.jsonl",
        DATA / "topic_tnews" / "train.jsonl",
        DATA / "topic_thucnews_titles" / "test.jsonl",
    ):
        texts.extend(json.loads(line)["text"][:400] for line in path.open(encoding="utf-8"))
    return [t for t in dict.fromkeys(t.strip() for t in texts) if t and t not in warm]


def bench_scale(
    folder: Path,
    n: int,
    workers: int,
    model: opinion.SentimentModel,
    url_for: Callable[[str], str] | None = None,
    texts: list[str] | None = None,
) -> dict[str, object]:
    """The issue's scale run: ``n`` posts from a JSON Lines file through the whole import (parse,
    validate, mask, exact and near dedup, sentiment, topic assignment, routing, insert), one process
    with resident memory sampled every tenth of the file, then ``workers`` processes.

    ``url_for(name)`` gives a fresh database for each run (default: a SQLite file in ``folder``);
    ``texts`` are the posts' texts, cycled (default: the 15,855 citizen messages).
    """
    url_for = url_for or (lambda name: _sqlite(folder, name))
    texts = texts or _base_texts()
    path = folder / f"scale-{n}-{len(texts)}.jsonl"
    if not path.exists():
        _write_scale_file(path, n, texts)
    models_dir = folder / "scale-models"
    model.classifier.save(models_dir / model.name)
    ModelRegistry(models_dir).activate("sentiment", model.name)
    warm = _posts(2000)
    factory = _warm(url_for("scale-single.db"), warm, model)
    samples: list[float] = []
    done = 0

    def sample(count: int) -> None:
        nonlocal done
        before, done = done, done + count
        if before * 10 // n != done * 10 // n:
            samples.append(round(_current_rss_mb()))

    with factory() as db:
        analyzer = opinion.Analyzer.load(db, opinion.load_sentiment(models_dir))
        started = time.perf_counter()
        report = opinion.ingest_file(db, path, analyzer, progress=sample)
        single = n / (time.perf_counter() - started)
    out: dict[str, object] = {
        "posts": n,
        "single_process_posts_per_s": round(single, 1),
        "rss_mb_every_tenth": samples,
        "imported": report.imported,
        "exact_duplicates": report.exact_duplicates,
        "near_duplicates": report.near_duplicates,
        "topics_assigned": report.topics_assigned,
        "pii_posts": report.pii_posts,
    }
    if workers > 1:
        parallel_url = url_for("scale-parallel.db")
        _warm(parallel_url, warm, model)
        worker_rss: list[float] = []
        stop = threading.Event()
        watcher = threading.Thread(target=_watch_children, args=(worker_rss, stop), daemon=True)
        watcher.start()
        started = time.perf_counter()
        report = opinion.ingest_parallel(parallel_url, path, workers=workers, models_dir=models_dir)
        out[f"posts_per_s_{workers}_workers"] = round(n / (time.perf_counter() - started), 1)
        stop.set()
        watcher.join()
        out["worker_rss_mb_max"] = round(max(worker_rss, default=0.0))
        out["worker_rss_mb_samples"] = len(worker_rss)
        out["parallel_imported"] = report.imported
    return out


def bench_fresh(folder: Path, n: int, workers: int, model: opinion.SentimentModel) -> dict[str, object]:
    """The scale run with every post a new text (no memo hits, no duplicates to skip): ``n`` of the
    distinct real texts, at most as many as ../shared/data holds."""
    texts = _fresh_texts()
    return {
        "distinct_texts_available": len(texts),
        **bench_scale(folder, min(n, len(texts)), workers, model, texts=texts),
    }


def bench_scale_postgres(folder: Path, n: int, workers: int, model: opinion.SentimentModel) -> dict[str, object]:
    """The scale run on a throwaway PostgreSQL 15 cluster: the store for imports shared by many workers."""
    if not pgcluster.available():
        return {"skipped": "PostgreSQL binaries (initdb, pg_ctl) not found"}
    with pgcluster.running_cluster() as cluster:
        return bench_scale(folder, n, workers, model, lambda _name: cluster.create_database())


def _topic_quality(folder: Path, name: str, rows: list[tuple[str, str]], k: int) -> dict[str, object]:
    """Cluster ``rows`` (text, label) with the product's ``discover_topics``; NMI, purity, keyword NPMI."""
    factory = _db(_sqlite(folder, f"topics-{name}.db"))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    posts = [opinion.PostIn(name, start, text, id=str(i)) for i, (text, _) in enumerate(rows)]
    with factory() as db:
        opinion.ingest_rows(db, posts, opinion.Analyzer(None, None, None))
        started = time.perf_counter()
        run = opinion.discover_topics(db, k=k, max_posts=len(rows))
        seconds = time.perf_counter() - started
        assigned = dict(db.execute(select(opinion.OpinionPost.external_id, opinion.OpinionPost.topic_id)).all())
    pairs = [(rows[int(i)][1], t) for i, t in assigned.items() if t is not None]
    labels, clusters = zip(*pairs, strict=True)
    purity = sum(Counter(lab for lab, c in pairs if c == k).most_common(1)[0][1] for k in set(clusters)) / len(pairs)
    docs = [opinion.topic_tokens(text) for text, _ in rows]
    npmi = opinion.npmi_coherence([[w for w, _ in t.keywords] for t in run.topics], docs)
    return {
        "posts": len(pairs),
        "k": k,
        "nmi": round(float(normalized_mutual_info_score(labels, clusters)), 3),
        "purity": round(purity, 3),
        "npmi": round(npmi, 3),
        "seconds": round(seconds, 2),
        "keywords": [" ".join(w for w, _ in t.keywords[:8]) for t in run.topics],
    }


def bench_topics(folder: Path, n: int) -> dict[str, dict[str, object]]:
    """Topic quality on short news titles (TNEWS, 15 labels) and on citizen messages (teddycup, 7 labels).

    The teddycup file is the 9,210 labelled messages as segmented by a third party (stop words
    removed); the words are joined back into one string, as a post would arrive.
    """
    tnews = [json.loads(x) for x in (DATA / "topic_tnews" / "dev.jsonl").open(encoding="utf-8")][:n]
    segmented = DATA / "gov_messages_teddycup" / "messages_labeled_full_segmented.tsv"
    lines = segmented.open(encoding="utf-8").read().splitlines()[1:]
    messages = [("".join(tokens.split()), label) for tokens, label in (line.split("\t") for line in lines)]
    return {
        "tnews_titles": _topic_quality(folder, "tnews", [(r["text"], r["label"]) for r in tnews], 15),
        "teddycup_messages": _topic_quality(folder, "teddycup", [m for m in messages if m[0]], 7),
    }


def bench_spikes() -> dict[str, float]:
    days: Counter[str] = Counter()
    for line in (DATA / "gov_messages_teddycup" / "messages_hotspot_full.jsonl").open(encoding="utf-8"):
        try:
            days[opinion.parse_time(json.loads(line)["time"]).date().isoformat()] += 1
        except ValueError:
            continue
    first = datetime.fromisoformat(min(days)).date()
    last = datetime.fromisoformat(max(days)).date()
    series = [days.get((first + timedelta(days=i)).isoformat(), 0) for i in range((last - first).days + 1)]
    base_alarms = len(opinion.detect_spikes(series))
    delays, detected, trials = [], 0, 0
    rng = np.random.default_rng(1)
    for _ in range(50):
        at = int(rng.integers(30, len(series) - 5))
        injected = list(series)
        # a burst that builds over three days: +50 %, +150 %, +300 % of the trailing median (min 5/10/20)
        median = float(np.median(series[at - 14 : at])) or 1.0
        for k, factor, floor in ((0, 0.5, 5), (1, 1.5, 10), (2, 3.0, 20)):
            injected[at + k] += max(floor, int(median * factor))
        trials += 1
        hits = [s.index for s in opinion.detect_spikes(injected) if s.index >= at]
        if hits and hits[0] <= at + 2:
            detected += 1
            delays.append(hits[0] - at)
    return {
        "days": len(series),
        "false_alarms_without_burst": base_alarms,
        "detected": detected / trials,
        "mean_delay_days": float(np.mean(delays)) if delays else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=20_000, help="posts for the throughput run")
    parser.add_argument(
        "--topics", type=int, default=3000, help="TNEWS titles for topic quality (all 9,210 teddycup messages too)"
    )
    parser.add_argument("--distinct", type=int, default=12_000, help="posts of distinct text for the fresh-data rate")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel-ingest run (1: skip)")
    parser.add_argument("--model", choices=sorted(KINDS), default="hashing", help="model for the other runs")
    parser.add_argument("--scale", type=int, default=100_000, help="posts for the scale run (the issue asks 1,000,000)")
    parser.add_argument("--fresh", type=int, default=50_000, help="posts of distinct real text for the fresh run")
    parser.add_argument("--skip", nargs="*", default=[], help="sections to skip: sentiment spikes topics …")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is absent: benchmarks need ../shared/data beside the checkout")
    distinct = min(args.distinct, len(_base_texts()) - 2000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        models = {kind: _model(kind) for kind in KINDS}
        model = models[args.model]
        sections: dict[str, Callable[[], object]] = {
            "sentiment": bench_sentiment,
            "spikes": bench_spikes,
            "topics": lambda: bench_topics(folder, args.topics),
            "distinct_texts": lambda: bench_distinct(folder, distinct, models),
            "parallel": lambda: bench_parallel(folder, distinct, args.workers, model) if args.workers > 1 else {},
            "repeated_texts": lambda: bench_throughput(folder, args.limit, model),
            "scale": lambda: bench_scale(folder, args.scale, args.workers, model),
            "fresh": lambda: bench_fresh(folder, args.fresh, args.workers, model),
            "scale_postgres": lambda: bench_scale_postgres(folder, args.scale, args.workers, model),
        }
        for name, run in sections.items():
            if name not in args.skip:
                print(name, json.dumps(run(), indent=1, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
