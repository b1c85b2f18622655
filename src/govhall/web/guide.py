"""Guides that fit the item (issue 21 part 7): 设定依据 linked to the articles of the policy library,
and the records a lookup item shows.

The library stores national laws under their short title (社会保险法); the catalogue and the
assistant's citations may use the full one (中华人民共和国社会保险法), so titles are compared without
that prefix. A basis whose law or article is not in the library stays plain text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.policies import PolicyArticle, PolicyDocument

_NATIONAL = "中华人民共和国"
MAX_LOOKUP_MONTHS = 36


def short_title(title: str) -> str:
    title = title.strip().strip("《》")
    return title.removeprefix(_NATIONAL) or title


def article_links(db: Session, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """``(law, article) → /policies/{id}#a{article id}`` for the pairs whose article is in force in the library."""
    wanted = {(short_title(law), article.strip()) for law, article in pairs}
    if not wanted:
        return {}
    titles = {law for law, _ in wanted}
    documents = {
        short_title(title): doc_id
        for doc_id, title in db.execute(
            select(PolicyDocument.id, PolicyDocument.title).where(
                PolicyDocument.status == "in_force",
                PolicyDocument.title.in_(titles | {_NATIONAL + t for t in titles}),
            )
        )
    }
    if not documents:
        return {}
    by_id = {doc_id: title for title, doc_id in documents.items()}
    rows = db.execute(
        select(PolicyArticle.id, PolicyArticle.document_id, PolicyArticle.number).where(
            PolicyArticle.document_id.in_(by_id), PolicyArticle.number.in_({a for _, a in wanted})
        )
    )
    found: dict[tuple[str, str], str] = {}
    for article_id, doc_id, number in rows:
        key = (by_id[doc_id], number)
        if key in wanted and key not in found:
            found[key] = f"/policies/{doc_id}#a{article_id}"
    return found


def basis_views(db: Session, basis: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The item's 设定依据 with ``href`` set where the article is in the library."""
    basis = list(basis)
    links = article_links(db, ((str(b["law"]), str(b["article"])) for b in basis))
    return [
        {
            "law": str(b["law"]),
            "article": str(b["article"]),
            "href": links.get((short_title(b["law"]), b["article"]), ""),
        }
        for b in basis
    ]


def _month_range(start: date, end: date) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month) and len(months) < MAX_LOOKUP_MONTHS:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def demo_ledger(id_number: str, kind: str, start: date, end: date) -> list[dict[str, Any]]:
    """Monthly contributions for the lookup page. govhall is not connected to a social-insurance
    ledger, so the local demo derives stable figures from the person's ID number; the page says so."""
    seed = int(hashlib.sha256(id_number.encode("utf-8")).hexdigest()[:8], 16)
    base = 4000 + (seed % 40) * 100
    rates = {"失业保险": (0.005, 0.005), "工伤保险": (0.0, 0.004)}.get(kind, (0.08, 0.16))
    return [
        {
            "month": f"{year}-{month:02d}",
            "kind": kind,
            "base": base,
            "personal": round(base * rates[0], 2),
            "employer": round(base * rates[1], 2),
        }
        for year, month in _month_range(start, end)
    ]
