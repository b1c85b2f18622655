"""The one error of the text package and the input-size limit it enforces.

Every public function that scans free text calls :func:`check_length` first, so a caller (API
route, CLI command) can turn :class:`TextTooLong` into a 4xx / exit code 2 instead of letting a
megabyte of pasted text tie up a worker. It is one of the project's errors (code
``text_too_long`` in ``govhall/errors.yaml``, HTTP 413, a Chinese message), so the API's and the
CLI's handlers of :class:`~govhall.errors.GovhallError` report it like any other; it stays a
:class:`ValueError` too, for callers that caught it as one before.
"""

from __future__ import annotations

from govhall.errors import GovhallError, InputTooLarge, message_for

MAX_TEXT_CHARS = 100_000
"""Longest text (in characters) that extraction and masking accept in one call."""


class TextTooLong(InputTooLarge, ValueError):
    """The text is longer than :data:`MAX_TEXT_CHARS`; split it or reject the request."""

    def __init__(self, length: int, limit: int = MAX_TEXT_CHARS) -> None:
        GovhallError.__init__(self, "text_too_long", message_for("text_too_long", length=length, limit=limit))
        self.length = length
        self.limit = limit


def check_length(text: str, limit: int = MAX_TEXT_CHARS) -> None:
    """Raise :class:`TextTooLong` when ``text`` exceeds ``limit`` characters."""
    if len(text) > limit:
        raise TextTooLong(len(text), limit)
