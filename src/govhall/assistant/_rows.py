"""Rows of the assistant's JSON-lines data files (intents, options), with one error for a bad line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from govhall.errors import BadInput

__all__ = ["read_rows"]


def read_rows(path: Path, required: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``path``; a clear error naming the file for a missing file, a line that is not
    JSON, or a row without one of the ``required`` keys."""
    if not path.is_file():
        raise BadInput.of("file_not_found", path=path)
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise BadInput.of("bad_json", path=path, number=number) from None
        if not isinstance(row, dict) or not all(row.get(key) for key in required):
            raise BadInput.of("bad_row", path=path, number=number, keys="、".join(required))
        rows.append(row)
    return rows
