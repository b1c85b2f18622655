"""The search index: BM25 plus (where an embedder is configured) dense vectors, persisted in the
data folder and rebuilt when the library changes.

The database holds the truth; the index is derived. A row in ``policy_index_state`` carries a
generation number that every change to the library bumps inside the same transaction; an index
folder records the generation it was built from. A worker that finds its loaded index older than the
database reloads it from disk, or rebuilds it when the disk copy is stale too. A build writes into a
fresh folder and swaps it in with a rename, so a crash never leaves a half-built index behind.

Dense vectors are cached by article content hash under ``vectors/<embedder name>/`` in chunks
written as they are computed: the pass is resumable, and unchanged articles are never embedded twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.db import utcnow
from govhall.embeddings import Embedder
from govhall.policies._bm25 import Bm25Index, token_keys
from govhall.policies._structure import ITEM
from govhall.policies.models import PolicyArticle, PolicyDocument, PolicyIndexState
from govhall.text import normalize

__all__ = [
    "LoadedIndex",
    "bump_generation",
    "clause_passages",
    "current_generation",
    "embed_pending",
    "load_index",
    "passage_key",
    "policies_dir",
    "rebuild_index",
    "vector_keys",
]

Progress = Callable[[int, int], None]
STATUS_CODES = {"in_force": 0, "superseded": 1, "repealed": 2}
_EMBED_BATCH = 64
_PASSAGE_CHARS = 480
DENSE_REFRESH_SECONDS = 5.0
# Vectors of the built-in library, computed once by `benchmarks/ship_vectors.py`, so a fresh install
# searches densely at once instead of embedding ~1,500 articles first.
SHIPPED_VECTORS = Path(__file__).resolve().parent / "data" / "vectors"
# The on-disk index layout; a folder written by an older layout is rebuilt on load (2: clause rows).
INDEX_FORMAT = 2


def policies_dir(settings: Settings) -> Path:
    return settings.data_dir / "policies"


def _hash_key(content_hash: str) -> int:
    return int(content_hash[:15], 16)  # 60 bits: fits int64, collisions negligible for a library


def current_generation(db: Session) -> int:
    state = db.get(PolicyIndexState, 1)
    return state.generation if state else 0


def bump_generation(db: Session) -> int:
    """Mark every index built so far as stale (call inside the transaction that changes the library)."""
    state = db.get(PolicyIndexState, 1)
    if state is None:
        state = PolicyIndexState(id=1, generation=0)
        db.add(state)
    state.generation += 1
    state.updated_at = utcnow()
    db.flush()
    return state.generation


@dataclass
class LoadedIndex:
    """Everything a query needs, in arrays aligned by index position (one position per article)."""

    generation: int
    bm25: Bm25Index
    article_ids: npt.NDArray[np.int64]
    article_hashes: npt.NDArray[np.int64]
    article_doc: npt.NDArray[np.int32]  # position in the document arrays
    doc_ids: npt.NDArray[np.int64]
    doc_status: npt.NDArray[np.int8]
    doc_type: npt.NDArray[np.int16]
    doc_date: npt.NDArray[np.int32]  # proleptic ordinal, 0 when unknown
    doc_policy: npt.NDArray[np.int32]
    types: list[str]
    # One row per paragraph (款) or item (项) of the articles that have more than one: its passage's
    # key in the vector cache and the position of its article (see clause_passages).
    clause_hashes: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    clause_article: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, np.int32))
    # Where each article's run of clause rows starts (rows are stored article by article), so that a
    # query takes each article's best clause with one np.maximum.reduceat.
    clause_starts: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    dense: npt.NDArray[np.float32] | None = None
    dense_mask: npt.NDArray[np.bool_] | None = None
    clause_dense: npt.NDArray[np.float32] | None = None
    clause_mask: npt.NDArray[np.bool_] | None = None
    dense_name: str = ""
    dense_files: frozenset[str] = frozenset()  # the cache's chunk files merged into ``dense``
    dense_checked: float = 0.0  # time.monotonic() of the last look at the cache folder

    @property
    def size(self) -> int:
        return int(self.article_ids.size)


def _article_rows(db: Session) -> Iterator[tuple[int, int, str, str, str, list[str]]]:
    statement = (
        select(
            PolicyArticle.id,
            PolicyArticle.document_id,
            PolicyArticle.content_hash,
            PolicyArticle.text,
            PolicyArticle.path,
            PolicyArticle.paragraphs,
        )
        .order_by(PolicyArticle.id)
        .execution_options(yield_per=2000)
    )
    for row in db.execute(statement):
        yield row[0], row[1], row[2], row[3], row[4], list(row[5] or [])


def rebuild_index(db: Session, settings: Settings, progress: Progress | None = None) -> Path:
    """Build the BM25 index of the whole library from the database and swap it in atomically."""
    generation = current_generation(db)
    documents = db.execute(
        select(
            PolicyDocument.id,
            PolicyDocument.status,
            PolicyDocument.doc_type,
            PolicyDocument.promulgated_on,
            PolicyDocument.policy_key,
        ).order_by(PolicyDocument.id)
    ).all()
    doc_pos = {row[0]: i for i, row in enumerate(documents)}
    types = sorted({row[2] for row in documents})
    policies = sorted({row[4] for row in documents})
    policy_pos = {key: i for i, key in enumerate(policies)}
    total = int(db.scalar(select(PolicyArticle.id).order_by(PolicyArticle.id.desc()).limit(1)) or 0)
    ids: list[int] = []
    hashes: list[int] = []
    owners: list[int] = []
    clause_hashes: list[int] = []
    clause_owners: list[int] = []

    def keys() -> Iterator[npt.NDArray[np.int64]]:
        rows = enumerate(_article_rows(db), 1)
        for number, (article_id, document_id, content_hash, text, path, paragraphs) in rows:
            for passage in clause_passages(path, paragraphs):
                clause_hashes.append(passage_key(passage))
                clause_owners.append(len(ids))
            ids.append(article_id)
            hashes.append(_hash_key(content_hash))
            owners.append(doc_pos[document_id])
            # The path carries the law's short title and chapter: questions name them.
            yield token_keys(normalize(path.replace(" > ", " ") + " " + text))
            if progress and number % 500 == 0:
                progress(article_id, total)

    bm25 = Bm25Index.build(keys())
    root = policies_dir(settings)
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f"index.tmp-{uuid.uuid4().hex[:8]}"
    bm25.save(staging / "bm25")
    np.savez(
        staging / "arrays.npz",
        article_ids=np.asarray(ids, dtype=np.int64),
        article_hashes=np.asarray(hashes, dtype=np.int64),
        article_doc=np.asarray(owners, dtype=np.int32),
        doc_ids=np.asarray([row[0] for row in documents], dtype=np.int64),
        doc_status=np.asarray([STATUS_CODES.get(row[1], 2) for row in documents], dtype=np.int8),
        doc_type=np.asarray([types.index(row[2]) for row in documents], dtype=np.int16),
        doc_date=np.asarray([row[3].toordinal() if row[3] else 0 for row in documents], dtype=np.int32),
        doc_policy=np.asarray([policy_pos[row[4]] for row in documents], dtype=np.int32),
        clause_hashes=np.asarray(clause_hashes, dtype=np.int64),
        clause_article=np.asarray(clause_owners, dtype=np.int32),
    )
    meta = {"generation": generation, "types": types, "format": INDEX_FORMAT}
    (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    target = root / "index"
    old = root / f"index.old-{uuid.uuid4().hex[:8]}"
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    if progress:
        progress(total, total)
    return target


_loaded: dict[str, LoadedIndex] = {}
_lock = threading.Lock()


def _read(folder: Path) -> LoadedIndex:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    with np.load(folder / "arrays.npz") as arrays:
        return LoadedIndex(
            generation=int(meta["generation"]),
            bm25=Bm25Index.load(folder / "bm25"),
            article_ids=arrays["article_ids"],
            article_hashes=arrays["article_hashes"],
            article_doc=arrays["article_doc"],
            doc_ids=arrays["doc_ids"],
            doc_status=arrays["doc_status"],
            doc_type=arrays["doc_type"],
            doc_date=arrays["doc_date"],
            doc_policy=arrays["doc_policy"],
            types=list(meta["types"]),
            clause_hashes=arrays["clause_hashes"],
            clause_article=arrays["clause_article"],
            clause_starts=_run_starts(arrays["clause_article"]),
        )


def _run_starts(owners: npt.NDArray[np.int32]) -> npt.NDArray[np.int64]:
    """The first row of each run of equal, consecutive owners."""
    if not owners.size:
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1]))).astype(np.int64)


def _disk_generation(folder: Path) -> int:
    """The generation the folder was built from; -1 when it is missing or of an older layout."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return int(meta["generation"]) if int(meta.get("format", 1)) >= INDEX_FORMAT else -1
    except (OSError, ValueError, KeyError):
        return -1


def load_index(db: Session, settings: Settings, embedder: Embedder | None) -> LoadedIndex:
    """The index for the database's current generation: from memory, from disk, or rebuilt.

    Reads only: the database is never written here (a search inside a citizen's turn must not end
    or roll back the turn's transaction). The built-in library is loaded by ``govhall db upgrade``
    and at start-up, not on first search. Vectors that a background job wrote since the last look
    are merged in at most every :data:`DENSE_REFRESH_SECONDS`.
    """
    generation = current_generation(db)
    folder = policies_dir(settings) / "index"
    key = str(folder.resolve())
    with _lock:
        index = _loaded.get(key)
        if index is None or index.generation != generation:
            if _disk_generation(folder) != generation:
                rebuild_index(db, settings)
            index = _read(folder)
            _loaded[key] = index
        if embedder is not None:
            if index.dense_name != embedder.name:
                _attach_dense(index, settings, embedder)
            elif time.monotonic() - index.dense_checked > DENSE_REFRESH_SECONDS:
                _refresh_dense(index, settings, embedder)
        return index


def _cache_dir(settings: Settings, embedder: Embedder) -> Path:
    return policies_dir(settings) / "vectors" / embedder.name


def _read_cache(folder: Path) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float16]]:
    return _read_cache_files(sorted(folder.glob("chunk-*.npz")) if folder.is_dir() else [])


def _read_cache_files(chunks: list[Path]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float16]]:
    keys: list[npt.NDArray[np.int64]] = []
    vectors: list[npt.NDArray[np.float16]] = []
    for chunk in chunks:
        try:
            with np.load(chunk) as data:
                keys.append(data["keys"])
                vectors.append(data["vectors"])
        except (OSError, ValueError, KeyError):
            continue  # a chunk cut short by a crash: its articles are simply embedded again
    if not keys:
        return np.zeros(0, np.int64), np.zeros((0, 0), np.float16)
    return np.concatenate(keys), np.concatenate(vectors)


def _known_vectors(settings: Settings, embedder: Embedder) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float16]]:
    """Vectors computed here, plus those shipped for the built-in library (same embedder only)."""
    parts = [_read_cache(SHIPPED_VECTORS / embedder.name), _read_cache(_cache_dir(settings, embedder))]
    parts = [(k, v) for k, v in parts if k.size and v.shape[1] == embedder.dim]
    if not parts:
        return np.zeros(0, np.int64), np.zeros((0, 0), np.float16)
    return np.concatenate([k for k, _ in parts]), np.concatenate([v for _, v in parts])


def _chunk_names(folder: Path) -> frozenset[str]:
    return frozenset(p.name for p in folder.glob("chunk-*.npz")) if folder.is_dir() else frozenset()


def _fill(
    rows: npt.NDArray[np.float32],
    mask: npt.NDArray[np.bool_],
    wanted: npt.NDArray[np.int64],
    keys: npt.NDArray[np.int64],
    vectors: npt.NDArray[np.float16],
) -> None:
    """Fill ``rows[i]`` (and set ``mask[i]``) where ``wanted[i]`` is among the sorted ``keys``."""
    if not wanted.size:
        return
    positions = np.searchsorted(keys, wanted)
    positions[positions >= keys.size] = 0
    found = keys[positions] == wanted
    rows[found] = vectors[positions[found]].astype(np.float32)
    mask |= found


def _merge(index: LoadedIndex, keys: npt.NDArray[np.int64], vectors: npt.NDArray[np.float16]) -> None:
    """Fill the article and clause rows whose passage key is among ``keys``."""
    assert index.dense is not None and index.dense_mask is not None
    assert index.clause_dense is not None and index.clause_mask is not None
    if not keys.size or vectors.shape[1] != index.dense.shape[1]:
        return
    order = np.argsort(keys)
    keys, vectors = keys[order], vectors[order]
    _fill(index.dense, index.dense_mask, index.article_hashes, keys, vectors)
    _fill(index.clause_dense, index.clause_mask, index.clause_hashes, keys, vectors)


def _attach_dense(index: LoadedIndex, settings: Settings, embedder: Embedder) -> None:
    folder = _cache_dir(settings, embedder)
    names = _chunk_names(folder)
    keys, vectors = _known_vectors(settings, embedder)
    index.dense = np.zeros((index.size, embedder.dim), dtype=np.float32)
    index.dense_mask = np.zeros(index.size, dtype=bool)
    index.clause_dense = np.zeros((index.clause_hashes.size, embedder.dim), dtype=np.float32)
    index.clause_mask = np.zeros(index.clause_hashes.size, dtype=bool)
    _merge(index, keys, vectors)
    index.dense_name, index.dense_files, index.dense_checked = embedder.name, names, time.monotonic()


def _refresh_dense(index: LoadedIndex, settings: Settings, embedder: Embedder) -> None:
    """Merge the chunks a vector job wrote since the last look (a compaction means a full reload)."""
    folder = _cache_dir(settings, embedder)
    names = _chunk_names(folder)
    index.dense_checked = time.monotonic()
    if names == index.dense_files:
        return
    if not index.dense_files <= names:
        _attach_dense(index, settings, embedder)
        return
    for name in sorted(names - index.dense_files):
        keys, vectors = _read_cache_files([folder / name])
        _merge(index, keys, vectors)
    index.dense_files = names


def passage_text(path: str, text: str) -> str:
    """What is embedded for an article: its path (law and chapter) and the start of its text."""
    return (path.replace(" > ", " ") + "：" + text.replace("\n", ""))[:_PASSAGE_CHARS]


def clause_passages(path: str, paragraphs: Sequence[str]) -> list[str]:
    """What is embedded for each paragraph (款) or item (项) of an article that has more than one: the
    path and the paragraph, an item after the lead-in that introduces it ("驾驶机动车不得有下列行为：").

    An article's one vector sees its first 480 characters and blurs its clauses together: the item
    that answers "开多久必须歇一歇" is the seventh of a list of prohibitions (连续驾驶…超过4小时), the
    paragraph that answers "拖着工资不发" the second of its article (…申请支付令). Search scores an
    article by its best vector, its own or a clause's."""
    if len(paragraphs) < 2:
        return []
    head = path.replace(" > ", " ") + "："
    passages: list[str] = []
    lead = ""
    for paragraph in paragraphs:
        if ITEM.match(paragraph):
            text = lead + paragraph
        else:
            text = paragraph
            lead = paragraph.rstrip() if paragraph.rstrip().endswith(("：", ":")) else ""
        passages.append((head + text.replace("\n", ""))[:_PASSAGE_CHARS])
    return passages


def passage_key(passage: str) -> int:
    """The vector-cache key of a clause passage (articles are keyed by their content hash)."""
    return _hash_key(hashlib.sha256(passage.encode("utf-8")).hexdigest())


def vector_keys(db: Session) -> set[int]:
    """The cache keys of every vector the library's search uses: articles' and clauses'."""
    keys: set[int] = set()
    for _id, _doc, content_hash, _text, path, paragraphs in _article_rows(db):
        keys.add(_hash_key(content_hash))
        keys.update(passage_key(passage) for passage in clause_passages(path, paragraphs))
    return keys


def embed_pending(db: Session, settings: Settings, embedder: Embedder, progress: Progress | None = None) -> int:
    """Embed every article whose content hash has no cached vector yet; returns how many were embedded.

    Resumable: each batch is written as its own chunk file as soon as it is computed.
    """
    folder = _cache_dir(settings, embedder)
    folder.mkdir(parents=True, exist_ok=True)
    cached, _ = _known_vectors(settings, embedder)
    known = set(cached.tolist())
    pending: dict[int, str] = {}
    for _id, _doc, content_hash, text, path, paragraphs in _article_rows(db):
        key = _hash_key(content_hash)
        if key not in known and key not in pending:
            pending[key] = passage_text(path, text)
        for passage in clause_passages(path, paragraphs):
            key = passage_key(passage)
            if key not in known and key not in pending:
                pending[key] = passage
    items = list(pending.items())
    db.rollback()  # end the read: embedding takes minutes and must not hold the database
    done = 0
    for start in range(0, len(items), _EMBED_BATCH):
        batch = items[start : start + _EMBED_BATCH]
        vectors = embedder.embed_passages([text for _, text in batch]).astype(np.float16)
        name = folder / f"chunk-{utcnow().strftime('%Y%m%d%H%M%S%f')}-{uuid.uuid4().hex[:6]}.npz"
        staging = name.with_suffix(".tmp.npz")
        np.savez(staging, keys=np.asarray([k for k, _ in batch], dtype=np.int64), vectors=vectors)
        os.replace(staging, name)
        done += len(batch)
        if progress:
            progress(done, len(items))
    _compact(folder)
    with _lock:
        for index in _loaded.values():
            index.dense_name = ""  # re-attach on next use
    return done


def _compact(folder: Path, limit: int = 64) -> None:
    """Merge many small chunk files into one, so loading stays a handful of reads."""
    chunks = sorted(folder.glob("chunk-*.npz"))
    if len(chunks) <= limit:
        return
    keys, vectors = _read_cache(folder)
    merged = folder / f"chunk-{utcnow().strftime('%Y%m%d%H%M%S%f')}-merged.npz"
    staging = merged.with_suffix(".tmp.npz")
    np.savez(staging, keys=keys, vectors=vectors)
    os.replace(staging, merged)
    for chunk in chunks:
        chunk.unlink(missing_ok=True)
