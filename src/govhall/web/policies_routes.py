"""Pages of the policy library: search with highlighted matches, and a policy read with its structure,
summary and keywords. Handlers call ``govhall.policies`` and render; nothing else."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from govhall import policies
from govhall.api.deps import OptionalUser, SessionDep, SettingsDep
from govhall.errors import GovhallError
from govhall.web.pages import render

router = APIRouter(include_in_schema=False)


def highlight(text: str, query: str) -> Markup:
    """``text`` escaped, with the query's two-character words that occur in it wrapped in <mark>."""
    words = {query[i : i + 2] for i in range(len(query) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", query[i : i + 2])}
    escaped = str(escape(text))
    if not words:
        return Markup(escaped)
    pattern = re.compile("|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)))
    return Markup(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


@router.get("/policies", response_class=HTMLResponse)
def policy_search_page(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: OptionalUser,
    q: Annotated[str, Query(max_length=20_000)] = "",
) -> HTMLResponse:
    results: list[dict[str, Any]] = []
    answer = None
    error = ""
    if q.strip():
        try:
            answer = policies.ask(db, settings, q)
            hits = policies.search(db, settings, q, k=10)
            results = [{**h.to_dict(), "highlighted": highlight(h.text, q)} for h in hits]
        except GovhallError as exc:
            error = exc.message
    documents = [] if q.strip() else policies.list_documents(db, status="in_force")
    context = {"user": user, "q": q, "results": results, "answer": answer, "error": error, "documents": documents}
    return render(request, "policy_search.html", context, 400 if error else 200)


@router.get("/policies/{document_id}", response_class=HTMLResponse)
def policy_page(request: Request, document_id: int, db: SessionDep, user: OptionalUser) -> HTMLResponse:
    document = policies.document_view(db, document_id)
    chapters: list[dict[str, Any]] = []
    for article in document["articles"]:
        heading = " > ".join(article["path"].split(" > ")[1:-1])
        if not chapters or chapters[-1]["heading"] != heading:
            chapters.append({"heading": heading, "articles": []})
        chapters[-1]["articles"].append(article)
    return render(request, "policy.html", {"user": user, "document": document, "chapters": chapters})
