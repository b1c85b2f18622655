"""Public-opinion pipeline benchmarks on real data (../shared/data).

    .venv/bin/python benchmarks/bench_opinion.py --limit 20000

Prints: throughput of ingest + mask + dedup + sentiment + topic assignment + routing (posts/s, peak
RSS) against the obvious alternative measured in the same run (one post at a time: an INSERT and a
model call per post, exact-duplicate check only); sentiment accuracy; topic NMI/purity and NPMI on
TNEWS; spike detection delay and false alarms with a synthetic burst injected into real timestamps.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score

from govhall import catalog, opinion
from govhall.db import make_engine, make_session_factory, transaction, upgrade
from govhall.learn import Dataset, TfidfClassifier
from govhall.learn.data import load_dataset

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _db(folder: Path, name: str):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{folder / name}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as db, transaction(db):
        catalog.sync_builtin(db)
    return factory


def _posts(n: int) -> list[opinion.PostIn]:
    base = []
    for line in (DATA / "gov_messages_teddycup" / "messages_hotspot_full.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        base.append((row["title"] + "。" + row["content"])[:400])
    for line in (DATA / "gov_msgabench" / "citizen_messages_sentiment.jsonl").open(encoding="utf-8"):
        base.append(json.loads(line)["message"][:400])
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        opinion.PostIn(source="bench", id=str(i), time=start + timedelta(minutes=i), text=base[i % len(base)])
        for i in range(n)
    ]


def _model() -> opinion.SentimentModel:
    rows = [json.loads(x) for x in (DATA / "gov_msgabench" / "citizen_messages_sentiment.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["sentiment"] in ("愤怒", "中性")]
    train = rows[: int(len(rows) * 0.8)]
    model = TfidfClassifier()
    model.fit(Dataset([r["message"] for r in train], [r["sentiment"] for r in train]))
    return opinion.SentimentModel(model, "msgabench-tfidf")


def bench_sentiment(model: opinion.SentimentModel) -> dict[str, float]:
    rows = [json.loads(x) for x in (DATA / "gov_msgabench" / "citizen_messages_sentiment.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["sentiment"] in ("愤怒", "中性")]
    test = rows[int(len(rows) * 0.8) :]
    predicted = [r.label for r in model.predict([r["message"] for r in test])]
    truth = [opinion.canonical_label(r["sentiment"]) for r in test]
    accuracy = float(np.mean(np.array(predicted) == np.array(truth)))
    majority = Counter(truth).most_common(1)[0][1] / len(truth)
    train, _ = load_dataset(DATA / "senti_chnsenticorp" / "train.jsonl")
    senti, _ = load_dataset(DATA / "senti_chnsenticorp" / "test.jsonl", dedup=False)
    reviews = TfidfClassifier()
    reviews.fit(Dataset(train.texts, train.labels))
    acc2 = float(np.mean(np.array(reviews.predict(senti.texts)) == np.array(senti.labels)))
    return {"msgabench_accuracy": accuracy, "msgabench_majority": majority, "chnsenticorp_accuracy": acc2}


def bench_throughput(folder: Path, n: int, model: opinion.SentimentModel) -> dict[str, float]:
    factory = _db(folder, "throughput.db")
    posts = _posts(n)
    with factory() as db:
        opinion.ingest_rows(db, posts[:2000], opinion.Analyzer.load(db, model))
        opinion.discover_topics(db, k=12)
        analyzer = opinion.Analyzer.load(db, model)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        report = opinion.ingest_rows(db, posts[2000:], analyzer)
        seconds = time.perf_counter() - started
    ours = (n - 2000) / seconds
    # The obvious alternative: one post at a time (mask, exact check, model call, INSERT, commit).
    naive_n = min(1000, n - 2000)
    factory2 = _db(folder, "naive.db")
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


def bench_topics(folder: Path, n: int) -> dict[str, float]:
    factory = _db(folder, "topics.db")
    rows = [json.loads(x) for x in (DATA / "topic_tnews" / "dev.jsonl").open(encoding="utf-8")][:n]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    posts = [opinion.PostIn("tnews", start, r["text"], id=str(i)) for i, r in enumerate(rows)]
    with factory() as db:
        opinion.ingest_rows(db, posts, opinion.Analyzer(None, None, None))
        started = time.perf_counter()
        run = opinion.discover_topics(db, k=15, max_posts=n)
        seconds = time.perf_counter() - started
        from sqlalchemy import select

        assigned = dict(db.execute(select(opinion.OpinionPost.external_id, opinion.OpinionPost.topic_id)).all())
    pairs = [(rows[int(i)]["label"], t) for i, t in assigned.items() if t is not None]
    labels, clusters = zip(*pairs, strict=True)
    purity = sum(Counter(lab for lab, c in pairs if c == k).most_common(1)[0][1] for k in set(clusters)) / len(pairs)
    docs = [opinion.topic_tokens(r["text"]) for r in rows]
    npmi = opinion.npmi_coherence([[w for w, _ in t.keywords] for t in run.topics], docs)
    return {
        "titles": len(pairs),
        "nmi": float(normalized_mutual_info_score(labels, clusters)),
        "purity": purity,
        "npmi": npmi,
        "seconds": seconds,
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
    parser.add_argument("--topics", type=int, default=3000, help="TNEWS titles for topic quality")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is absent: benchmarks need ../shared/data beside the checkout")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = _model()
        print("sentiment", json.dumps(bench_sentiment(model), indent=1))
        print("spikes", json.dumps(bench_spikes(), indent=1))
        print("topics", json.dumps(bench_topics(folder, args.topics), indent=1))
        print("throughput", json.dumps(bench_throughput(folder, args.limit, model), indent=1))


if __name__ == "__main__":
    main()
