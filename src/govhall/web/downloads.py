"""CSV downloads from the back office and the analyst pages: one writer, safe for spreadsheets.

Every cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return first) gets a leading apostrophe, since exported texts come from citizens and posts;
the file starts with a BOM so that spreadsheet programs read the Chinese as UTF-8; and it is
streamed in blocks, so a million-row export never sits in memory whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from fastapi.responses import StreamingResponse

from govhall.api.downloads import content_disposition

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_BLOCK = 500


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (``None`` is an empty cell)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_blocks(header: Iterable[object], rows: Iterable[Iterable[object]]) -> Iterator[bytes]:
    """The BOM, the header and the rows as UTF-8, ``ROWS_PER_BLOCK`` rows a block."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(v) for v in row])
        if n % ROWS_PER_BLOCK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def csv_download(name: str, header: Iterable[object], rows: Iterable[Iterable[object]]) -> StreamingResponse:
    """A CSV file to save as ``name``. ``rows`` is read while the response streams: a lazy
    iterator must hold its own database session (the route's is given back first)."""
    return StreamingResponse(
        csv_blocks(header, rows), media_type="text/csv; charset=utf-8", headers=content_disposition(name)
    )
