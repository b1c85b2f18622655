"""The assistant page: the conversation on the left, the application form filling in on the right.

The page itself holds no state; ``/static/assistant.js`` talks to ``/api/assistant`` and keeps only
the conversation id in the tab's session storage.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from govhall.api.deps import OptionalUser
from govhall.web.routes import _ctx

router = APIRouter(include_in_schema=False)


@router.get("/assistant", response_class=HTMLResponse)
def assistant_page(request: Request, user: OptionalUser) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "assistant.html", _ctx(request, user)
    )
    return response
