"""The one error of the text package and the input-size limit it enforces.

Every public function that scans free text calls :func:`check_length` first, so a caller (API
route, CLI command) can turn :class:`TextTooLong` into a 4xx / exit code 2 instead of letting a
megabyte of pasted text tie up a worker. ``text`` imports nothing of govhall's, so this error
subclasses :class:`ValueError` rather than ``govhall.errors.GovhallError``; the adapters map it.
"""

from __future__ import annotations

MAX_TEXT_CHARS = 100_000
"""Longest text (in characters) that extraction and masking accept in one call."""


class TextTooLong(ValueError):
    """The text is longer than :data:`MAX_TEXT_CHARS`; split it or reject the request."""

    code = "text_too_long"

    def __init__(self, length: int, limit: int = MAX_TEXT_CHARS) -> None:
        super().__init__(f"文本过长：{length} 个字符，上限为 {limit} 个字符")
        self.length = length
        self.limit = limit


def check_length(text: str, limit: int = MAX_TEXT_CHARS) -> None:
    """Raise :class:`TextTooLong` when ``text`` exceeds ``limit`` characters."""
    if len(text) > limit:
        raise TextTooLong(len(text), limit)
