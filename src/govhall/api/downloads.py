"""The one ``Content-Disposition`` every download carries, API and pages alike.

File names are Chinese more often than not (受理回执.pdf, 舆情帖子.csv), so the name is always sent
as RFC 5987 ``filename*=UTF-8''…``: every current browser saves it under that name, and a name that
holds a quote or a semicolon cannot break the header.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote


def content_disposition(filename: str, kind: Literal["attachment", "inline"] = "attachment") -> dict[str, str]:
    """The header that saves (``attachment``) or shows (``inline``) a response as ``filename``."""
    return {"Content-Disposition": f"{kind}; filename*=UTF-8''{quote(filename)}"}
