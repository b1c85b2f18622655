"""Topics: character-gram LSA + KMeans clusters, c-TF-IDF word keywords, identities that survive re-runs.

Posts are grouped on character 1–2-gram TF-IDF reduced by TruncatedSVD (LSA) and clustered with
KMeans: on short titles this groups far better than word TF-IDF (THUCNews titles NMI 0.01 → 0.34,
docs/benchmarks.md), and runs on two cores over a day's posts in seconds. Keywords are nouns and
verb-noun phrase heads of the project's domain-aware words (住房公积金 stays whole; filler words are
cut by part of speech and a stop list in ``data/keyword_stoplist.txt``), weighted by their lift over
the whole corpus (:func:`contrast_weights`), so they remain readable. Each topic
is remembered by its keyword weights (vocabulary-free), so tomorrow's clusters are matched to today's
topics by cosine similarity of those weights and keep their id, label and history.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.db import in_period, transaction, utcnow
from govhall.opinion import rollup
from govhall.opinion.models import OpinionPost, OpinionTopic
from govhall.opinion.routing import Router
from govhall.text.tokenize import default_tokenizer

__all__ = [
    "STOPWORDS",
    "TopicAssigner",
    "TopicRun",
    "cluster_texts",
    "coherent_order",
    "contrast_weights",
    "discover_topics",
    "npmi_coherence",
    "topic_tokens",
]

MATCH_THRESHOLD = 0.3
KEYWORDS_KEPT = 30
SVD_COMPONENTS = 100
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*$")
STOPLIST_FILE = Path(__file__).resolve().parent / "data" / "keyword_stoplist.txt"
# jieba tags kept: nouns (n, nr, ns, nt, nz, nl, ng), verb-nouns (vn), adjective-nouns (an), idioms and
# set phrases (i, l: 拖欠工资, 说法不一 are caught by the stop list), English words, and "" for the
# domain dictionary (住房公积金). Verbs count only beside a noun: heading its object (审批 in 审批材料)
# or as its predicate (下降 in 额度下降).
NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "an", "i", "l", "eng", ""})


def _read_stoplist(path: Path) -> frozenset[str]:
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


STOPWORDS = _read_stoplist(STOPLIST_FILE)


def topic_tokens(text: str) -> list[str]:
    """Content words of ``text``: nouns and the verbs beside them, two or more characters, no stop words.

    Function words and the frame of a letter (您好、反映、希望) say nothing about a topic, and
    without a part-of-speech filter they top keyword lists (the report once listed 说法、提交、全部).
    """
    pairs = default_tokenizer().tag(text)
    words = []
    for i, (word, pos) in enumerate(pairs):
        if len(word) < 2 or word in STOPWORDS or not _WORD.match(word):
            continue
        in_phrase = pos.startswith("v") and (
            (i + 1 < len(pairs) and pairs[i + 1][1] in NOUN_TAGS) or (i > 0 and pairs[i - 1][1] in NOUN_TAGS)
        )
        if pos in NOUN_TAGS or in_phrase:
            words.append(word)
    return words


def _identity(tokens: list[str]) -> list[str]:
    return tokens


@dataclass
class TopicSummary:
    id: int
    label: str
    keywords: list[tuple[str, float]]
    size: int
    representatives: list[dict[str, Any]]
    item_code: str | None
    department: str | None
    matched: bool

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["keywords"] = [[w, round(s, 4)] for w, s in self.keywords]
        return data


@dataclass
class TopicRun:
    """What one clustering run found; ``matched`` topics kept the id of an earlier run's topic."""

    posts: int
    topics: list[TopicSummary] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"posts": self.posts, "topics": [t.to_dict() for t in self.topics]}


def contrast_weights(present: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Keyword weight of each word in each group against the background of all groups.

    ``present[g, w]`` is how many documents of group ``g`` contain word ``w`` and ``sizes[g]`` the
    group's documents. The weight is ``sqrt(share) × log(share / background share)`` (zero when the
    word is not over-represented): a class-based TF-IDF whose IDF is the lift over the whole corpus.
    Counting documents, not occurrences, keeps one long letter from crowning its pet word, and the
    square root lets a word that most of a topic's posts share beat a rarer, sharper one only when
    it is really over-represented — on the teddycup messages this lifts keyword NPMI from about 0.30
    (token c-TF-IDF) to 0.35 (docs/benchmarks.md).
    """
    share = present / np.maximum(sizes, 1)[:, None]
    background = present.sum(axis=0) / max(float(sizes.sum()), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = np.where(share > 0, np.log(share / np.maximum(background, 1e-12)), 0.0)
    result: np.ndarray = np.sqrt(share) * np.clip(lift, 0.0, None)
    return result


def coherent_order(candidates: list[int], weights: np.ndarray, counts: Any) -> list[int]:
    """``candidates`` (column indexes) reordered so that the first keywords belong together.

    Greedy: the heaviest word first, then each time the word whose weight times its mean
    co-occurrence with the words already chosen (NPMI over the group's documents, mapped to 0–1) is
    highest. A group that mixes two subjects (生育 with 快递) then lists one subject's words first
    instead of alternating, which is what a reader and the NPMI score both reward.
    """
    if len(candidates) <= 2:
        return candidates
    incidence = (counts[:, candidates] > 0).astype(np.float64)
    n = max(incidence.shape[0], 1)
    product = incidence.T @ incidence
    joint = np.asarray(product.todense() if hasattr(product, "todense") else product)
    p = np.diag(joint) / n
    pj = joint / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(pj / np.outer(p, p))
        npmi = np.where(pj > 0, pmi / -np.log(np.where(pj < 1, pj, 0.5)), -1.0)
    npmi = np.where(pj >= 1, 1.0, npmi)
    weight = np.array([weights[i] for i in candidates])
    weight = weight / max(float(weight.max()), 1e-12)
    chosen = [0]
    left = list(range(1, len(candidates)))
    while left:
        fit = [weight[j] * (1 + float(np.mean(npmi[j, chosen]))) / 2 for j in left]
        best = left[int(np.argmax(fit))]
        chosen.append(best)
        left.remove(best)
    return [candidates[j] for j in chosen]


def _ctfidf(counts: Any, labels: np.ndarray, k: int) -> np.ndarray:
    """Per-cluster keyword weights from a document-term count matrix (see :func:`contrast_weights`)."""
    incidence = counts > 0
    present = np.vstack([np.asarray(incidence[labels == c].sum(axis=0)).ravel() for c in range(k)]).astype(float)
    sizes = np.array([(labels == c).sum() for c in range(k)], dtype=float)
    return contrast_weights(present, sizes)


def cluster_texts(texts: Sequence[str], k: int, seed: int = 42) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels and each text's cosine similarity to every centroid (``n × k``).

    Character 1–2-gram TF-IDF, reduced to ``SVD_COMPONENTS`` dimensions by TruncatedSVD (fewer when
    there are fewer texts or features; no reduction when under 3 remain), L2-normalised, then KMeans.
    """
    n = len(texts)
    k = max(1, min(k, n))
    small = n < 50
    vectorizer = TfidfVectorizer(
        analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=1 if small else 2, max_df=1.0 if small else 0.5
    )
    try:
        tfidf = vectorizer.fit_transform(texts)
    except ValueError:  # every gram pruned: fall back to keeping them all
        tfidf = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    components = min(SVD_COMPONENTS, n - 1, tfidf.shape[1] - 1)
    if components >= 2:
        points = normalize(TruncatedSVD(n_components=components, random_state=seed).fit_transform(tfidf))
    else:
        points = normalize(tfidf.toarray())
    distinct = len(np.unique(points.round(12), axis=0))
    model = KMeans(n_clusters=max(1, min(k, distinct)), random_state=seed, n_init=3)
    labels: np.ndarray = model.fit_predict(points)
    centroids = normalize(model.cluster_centers_)
    similarity = np.zeros((n, k))
    similarity[:, : centroids.shape[0]] = points @ centroids.T
    return labels, similarity


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def discover_topics(
    db: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    k: int = 8,
    max_posts: int = 20_000,
    seed: int = 42,
    models_dir: Path | None = None,
) -> TopicRun:
    """Cluster the period's original (non-duplicate, non-spam) posts and store topics stably.

    At most ``max_posts`` (the most recent) are clustered so memory stays bounded; posts outside the
    sample get their topic from :class:`TopicAssigner` at ingest.
    """
    query = select(OpinionPost.id, OpinionPost.text).where(
        OpinionPost.duplicate_of.is_(None), OpinionPost.is_spam.is_(False)
    )
    query = query.where(*in_period(OpinionPost.posted_at, since, until))
    rows = db.execute(query.order_by(OpinionPost.posted_at.desc()).limit(max_posts)).all()
    docs = [topic_tokens(text) for _, text in rows]
    keep = [i for i, d in enumerate(docs) if d]
    if len(keep) < max(k, 2):
        return TopicRun(posts=len(keep))
    ids = [rows[i][0] for i in keep]
    texts = [rows[i][1] for i in keep]
    docs = [docs[i] for i in keep]
    counter = CountVectorizer(
        analyzer=_identity, min_df=2 if len(docs) >= 50 else 1, max_df=0.5 if len(docs) >= 50 else 1.0
    )
    counts = counter.fit_transform(docs)
    k = min(k, len(docs))
    labels, similarity = cluster_texts(texts, k, seed)
    vocab = np.asarray(counter.get_feature_names_out())
    weights = _ctfidf(counts, labels, k)

    router = Router.from_db(db, models_dir)
    existing = list(db.scalars(select(OpinionTopic)))
    clusters: list[tuple[int, dict[str, float]]] = []
    for c in range(k):
        top = [int(i) for i in np.argsort(-weights[c])[:KEYWORDS_KEPT] if weights[c, i] > 0]
        top = coherent_order(top, weights[c], counts[labels == c])
        clusters.append((c, {str(vocab[i]): float(weights[c, i]) for i in top}))
    pairs = sorted(
        ((_cosine(kw, t.keywords), c, t) for c, kw in clusters for t in existing),
        key=lambda p: -p[0],
    )
    matched: dict[int, OpinionTopic] = {}
    used: set[int] = set()
    for score, c, topic in pairs:
        if score < MATCH_THRESHOLD or c in matched or topic.id in used:
            continue
        matched[c] = topic
        used.add(topic.id)

    run = TopicRun(posts=len(docs))
    assignments: list[dict[str, int]] = []
    with transaction(db):
        for c, keywords in clusters:
            members = np.nonzero(labels == c)[0]
            if len(members) == 0:
                continue
            order = members[np.argsort(-similarity[members, c])][:3]
            reps = [{"post_id": ids[i], "text": texts[i][:300]} for i in order]
            top_words = list(keywords.items())[:10]
            label = "、".join(w for w, _ in top_words[:3]) or f"话题{c + 1}"
            route = router.route_weights(dict(top_words))
            found = matched.get(c)
            if found is None:
                topic = OpinionTopic(label=label, keywords={}, representatives={}, size=0)
                db.add(topic)
            else:
                topic = found
            topic.keywords = keywords
            topic.size = len(members)
            topic.representatives = {"posts": reps}
            topic.item_code = route.item_code if route else None
            topic.department = route.department if route else None
            topic.updated_at = utcnow()
            if c not in matched:
                topic.label = label
            db.flush()
            assignments.extend({"id": ids[i], "topic_id": topic.id} for i in members)
            run.topics.append(
                TopicSummary(
                    topic.id, topic.label, top_words, topic.size, reps, topic.item_code, topic.department, c in matched
                )
            )
        if assignments:
            rollup.set_each(db, assignments)  # the daily roll-up follows the posts' topics
    run.topics.sort(key=lambda t: -t.size)
    return run


class TopicAssigner:
    """Assign one post to a stored topic by its keyword weights (no refit, no vocabulary needed)."""

    def __init__(self, topics: Sequence[tuple[int, Mapping[str, float]]], min_score: float = 0.02) -> None:
        self._index: dict[str, list[tuple[int, float]]] = {}
        for topic_id, keywords in topics:
            norm = math.sqrt(sum(v * v for v in keywords.values())) or 1.0
            for word, weight in keywords.items():
                self._index.setdefault(word, []).append((topic_id, weight / norm))
        self.min_score = min_score
        self._pattern: re.Pattern[str] | None = None
        self._words: list[str] = []
        self._column: dict[str, int] = {}
        self._topic_ids: list[int] = []
        self._weights = np.zeros((0, 0))

    @classmethod
    def from_db(cls, db: Session) -> TopicAssigner:
        return cls([(t.id, t.keywords) for t in db.scalars(select(OpinionTopic))])

    def __bool__(self) -> bool:
        return bool(self._index)

    def assign_texts(self, normalized: Sequence[str]) -> list[int | None]:
        """Topics of many posts at once from their normalised text, without segmenting it.

        A keyword counts when it occurs in the text (longest keyword first at each position);
        scores are one matrix product of the posts' keyword incidence with the weights.
        """
        if not self._index or not normalized:
            return [None] * len(normalized)
        if self._pattern is None:
            self._words = sorted(self._index, key=lambda w: (-len(w), w))
            self._column = {w: i for i, w in enumerate(self._words)}
            self._topic_ids = sorted({t for postings in self._index.values() for t, _ in postings})
            where = {t: j for j, t in enumerate(self._topic_ids)}
            weights = np.zeros((len(self._words), len(self._topic_ids)))
            for word, postings in self._index.items():
                for topic_id, weight in postings:
                    weights[self._column[word], where[topic_id]] += weight
            self._weights = weights
            self._pattern = re.compile("|".join(re.escape(w) for w in self._words))
        rows: list[int] = []
        cols: list[int] = []
        for row, text in enumerate(normalized):
            found = {self._column[m.group()] for m in self._pattern.finditer(text)}
            rows.extend([row] * len(found))
            cols.extend(found)
        incidence = np.zeros((len(normalized), len(self._words)))  # a chunk x the topics' keywords
        incidence[rows, cols] = 1.0
        scores = incidence @ self._weights
        best = scores.argmax(axis=1)
        top = scores[np.arange(len(normalized)), best]
        return [self._topic_ids[int(j)] if s >= self.min_score else None for j, s in zip(best, top, strict=True)]

    def assign(self, tokens: Iterable[str]) -> int | None:
        scores: dict[int, float] = {}
        for token in set(tokens):
            for topic_id, weight in self._index.get(token, ()):
                scores[topic_id] = scores.get(topic_id, 0.0) + weight
        if not scores:
            return None
        topic_id, score = max(scores.items(), key=lambda pair: pair[1])
        return topic_id if score >= self.min_score else None


def npmi_coherence(topics: Sequence[Sequence[str]], docs: Sequence[Iterable[str]], top_n: int = 10) -> float:
    """Mean NPMI of each topic's top word pairs over document co-occurrence (as BERTopic reports)."""
    sets = [set(d) for d in docs]
    n = len(sets)
    if not n:
        return 0.0
    doc_freq: Counter[str] = Counter()
    wanted = {w for t in topics for w in t[:top_n]}
    pair_freq: Counter[tuple[str, str]] = Counter()
    for s in sets:
        present = sorted(wanted & s)
        doc_freq.update(present)
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                pair_freq[(a, b)] += 1
    scores: list[float] = []
    for topic in topics:
        words = sorted(topic[:top_n])
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                joint = pair_freq[(a, b)] / n
                if joint == 0:
                    scores.append(-1.0)
                    continue
                pa, pb = doc_freq[a] / n, doc_freq[b] / n
                pmi = math.log(joint / (pa * pb))
                scores.append(pmi / -math.log(joint) if joint < 1 else 1.0)
    return float(np.mean(scores)) if scores else 0.0
