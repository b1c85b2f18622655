"""The knowledge-graph page (drawn in the browser from ``GET /api/graph/data``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from govhall.api.deps import OptionalUser
from govhall.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, user: OptionalUser) -> HTMLResponse:
    return render(request, "graph.html", {"user": user})
