"""The assistant page, and the clerk console for conversations handed to a person (转人工).

The assistant page itself holds no state; ``/static/assistant.js`` talks to ``/api/assistant`` and
keeps the conversation id in the browser's local storage, so a reload or a login (which comes back
here: the header's 登录 carries ``next=/assistant``) shows the same conversation. The console lists what
``assistant.flagged_sessions`` returns (already masked, the clerk's department only), posts a reply
through ``assistant.staff_reply`` and "已处理" through ``assistant.mark_handled``, as the API does,
so the audit entries are identical either way.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from govhall import assistant
from govhall.accounts import Role
from govhall.api.deps import OptionalUser, SessionDep
from govhall.errors import PermissionDenied
from govhall.web.actions import FormPost, Note, Problem, need_user
from govhall.web.pages import page_context, render

router = APIRouter(include_in_schema=False)
ReplyText = Annotated[str, Form(max_length=1000)]


@router.get("/assistant", response_class=HTMLResponse)
def assistant_page(request: Request, user: OptionalUser) -> HTMLResponse:
    return render(request, "assistant.html", page_context(request, user, login_next="/assistant"))


@router.get("/clerk/handoffs", response_class=HTMLResponse)
def handoffs_page(
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    done: Annotated[str, Query(max_length=64)] = "",
    replied: Annotated[str, Query(max_length=64)] = "",
    error: Problem = "",
) -> Response:
    user = need_user(user)
    if user.role not in (Role.CLERK, Role.ADMIN):
        raise PermissionDenied.of("permission_denied", "clerks_see_handoffs")
    conversations = assistant.flagged_sessions(db, user, limit=200)
    context = page_context(request, user, conversations=conversations, done=done, replied=replied, error=error)
    return render(request, "handoffs.html", context)


@router.post("/clerk/handoffs/{session_id}/handled")
def handoff_handled(session_id: str, db: SessionDep, post: FormPost, note: Note = "") -> Response:
    handled = partial(assistant.mark_handled, db, post.user, session_id, note)
    return post.act(handled, f"/clerk/handoffs?done={quote(session_id)}", "/clerk/handoffs")


@router.post("/clerk/handoffs/{session_id}/reply")
def handoff_reply(session_id: str, db: SessionDep, post: FormPost, text: ReplyText = "") -> Response:
    """The console's "发送答复": the same ``assistant.staff_reply`` as the API (stored as staff, audited)."""
    reply = partial(assistant.staff_reply, db, post.user, session_id, text)
    return post.act(reply, f"/clerk/handoffs?replied={quote(session_id)}", "/clerk/handoffs")
