"""Expansion lexicons built from data (colloquial → the statutes' words), one file per source, so that
each source's effect can be measured and a source can be switched off.

- ``gd_items``: the Guangdong service catalogue (``../shared/data/gov_service_items_gd``, MIT): an item's
  everyday names (``matter_daily``, ``matter_short``: "社保断缴", "退休金") next to its official name
  ("企业职工社会保险费断缴补缴申报"); the everyday word maps to the parts of the official name that the
  library's laws use.
:func:`build_gd_items` builds the entries and :func:`write_lexicon` writes ``data/lexicon_<source>.yaml``;
search reads the files listed in ``search.LEXICON_FILES``. Measured on the dev set (docs/benchmarks.md),
the Guangdong lexicon changed no retrieval result, so it is not listed there (nor shipped); the builder
stays so that the measurement can be repeated on a newer catalogue.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from govhall.text import normalize

__all__ = ["build_gd_items", "official_parts", "write_lexicon"]

_SPLIT = re.compile(r"[,，、;；\s/]+")
_NAME_PARTS = re.compile(r"[（）()、，,《》〈〉/]")
# function words that a cut through an official name leaves at its edges ("的设置", "使用和")
_EDGE = "的和及或与等对在了中之并、"
_DIGITS = re.compile(r"\d")


def official_parts(name: str, corpus: str, *, min_len: int = 3, limit: int = 3) -> list[str]:
    """The longest pieces (≥ ``min_len`` characters) of an official item name that ``corpus`` uses."""
    found: list[str] = []
    for segment in (s for s in _NAME_PARTS.split(name) if s):
        text = normalize(segment)
        start = 0
        while start <= len(text) - min_len:
            end = len(text)
            while end - start >= min_len and text[start:end] not in corpus:
                end -= 1
            if end - start >= min_len:
                piece = text[start:end].strip(_EDGE)
                if len(piece) >= min_len and not _DIGITS.search(piece) and piece not in found:
                    found.append(piece)
                start = end
            else:
                start += 1
    return sorted(found, key=len, reverse=True)[:limit]


def build_gd_items(items_jsonl: Path, corpus: str) -> dict[str, str]:
    """Everyday item names → the law words of the official item name (only words the laws lack)."""
    lexicon: dict[str, list[str]] = {}
    for line in items_jsonl.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        name = str(row.get("matter_name") or "").strip()
        for field in ("matter_daily", "matter_short"):
            value = str(row.get(field) or "")
            if not value or value == "无":
                continue
            for word in _SPLIT.split(value):
                word = normalize(word.strip())
                if not 2 <= len(word) <= 8 or word in normalize(name) or word in corpus:
                    continue
                parts = official_parts(name, corpus)
                if parts:
                    known = lexicon.setdefault(word, [])
                    known.extend(p for p in parts if p not in known)
    return {word: " ".join(parts[:4]) for word, parts in sorted(lexicon.items())}


def write_lexicon(path: Path, entries: dict[str, str], header: str) -> None:
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=True, width=200)
    path.write_text("\n".join(lines) + "\n" + body, encoding="utf-8")
