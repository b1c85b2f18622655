"""The laws corpus in ../shared/data/laws, for tests that check citations against real articles."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

LAWS = Path(__file__).resolve().parents[3] / "shared" / "data" / "laws"
_ARTICLE = re.compile(r"^(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)", re.M)


@cache
def articles(title: str) -> frozenset[str]:
    """Article numbers (第X条) of the newest dated version of the law whose title line is ``title``."""
    versions = []
    for path in LAWS.rglob("*.md"):
        with path.open(encoding="utf-8") as handle:
            if handle.readline().strip() == f"# {title}":
                dated = re.search(r"\((\d{4}-\d{2}-\d{2})\)", path.name)
                versions.append((dated.group(1) if dated else "", path))
    if not versions:
        return frozenset()
    return frozenset(_ARTICLE.findall(max(versions)[1].read_text(encoding="utf-8")))
