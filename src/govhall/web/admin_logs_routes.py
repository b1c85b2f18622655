"""Conversation logs (会话日志) in the back office: for admins and supervisors.

List the assistant's conversations by outcome, feedback and date; read one masked transcript and
mark replies as good or bad examples; export the marked turns as JSON Lines for ``govhall train``.
The queries and the marks are govhall.assistant.logs; handlers parse, call and render.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from govhall.accounts import Area, User
from govhall.api.deps import SessionDep
from govhall.api.downloads import content_disposition
from govhall.assistant import logs
from govhall.assistant.routing import INTENTS
from govhall.errors import FormInvalid, GovhallError, message_for
from govhall.web.actions import Csrf, Done, Note, Problem, back_to, check_csrf, client_error
from govhall.web.admin_routes import DaySearch, admin_ctx, area_page
from govhall.web.pages import render

router = APIRouter(include_in_schema=False)

SupervisorPage = Annotated[User, Depends(area_page(Area.LOGS))]
PAGE_SIZE = 50
INTENT_LABELS = {
    "apply": "申请办理",
    "consult": "咨询",
    "query_status": "查询进度",
    "complain": "投诉",
    "other": "其他",
}


@dataclass(frozen=True)
class _LogSearch(DaySearch):
    """The conversation list's filter as typed: outcome, feedback and the period of their start."""

    outcome: Annotated[str, Query(max_length=16)] = ""
    feedback: Annotated[str, Query(max_length=8)] = ""


@router.get("/admin/logs", response_class=HTMLResponse)
def logs_page(
    request: Request,
    db: SessionDep,
    user: SupervisorPage,
    search: Annotated[_LogSearch, Depends()],
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    done: Done = "",
) -> Response:
    errors: dict[str, str] = {}
    first, last = search.period(errors)
    rows: list[logs.ConversationRow] = []
    more, message, status = False, "", 200
    if errors:
        message, status = message_for("form_invalid", "filter"), 422
    else:
        try:
            rows, more = logs.find_conversations(
                db,
                outcome=search.outcome,
                feedback=search.feedback,
                since=first,
                until=last,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )
        except GovhallError as exc:
            error = client_error(exc)
            errors, message, status = error.fields, error.message, error.status
    context = admin_ctx(
        request,
        user,
        rows=rows,
        more=more,
        page=page,
        query=asdict(search),
        query_string=search.query_string(),
        outcomes=logs.OUTCOMES,
        feedbacks=logs.FEEDBACK_FILTERS,
        tasks=logs.EXPORT_TASKS,
        errors=errors,
        message=message,
        done=done,
    )
    return render(request, "admin/logs.html", context, status=status)


@router.get("/admin/logs/export.jsonl")
def export_marks(
    db: SessionDep, user: SupervisorPage, task: Annotated[str, Query(max_length=16)] = "intent"
) -> Response:
    """The marked turns as JSON Lines that ``govhall train --data FILE --task TASK`` reads."""
    lines, report = logs.export_marked(db, user, task)
    return Response(
        "".join(line + "\n" for line in lines),
        media_type="application/x-ndjson; charset=utf-8",
        headers={
            **content_disposition(f"marked-{task}.jsonl"),
            "X-Exported": str(report.written),
            "X-Skipped": str(report.skipped),
        },
    )


@router.get("/admin/logs/{public_id}", response_class=HTMLResponse)
def conversation_page(
    public_id: Annotated[str, Path(max_length=32)],
    request: Request,
    db: SessionDep,
    user: SupervisorPage,
    done: Done = "",
    error: Problem = "",
) -> Response:
    detail = logs.conversation_detail(db, public_id, reader=user)
    context = admin_ctx(
        request,
        user,
        **detail,
        outcomes=logs.OUTCOMES,
        examples=logs.EXAMPLES,
        intents={i: INTENT_LABELS.get(i, i) for i in INTENTS},
        done=done,
        error=error,
    )
    return render(request, "admin/conversation.html", context)


@router.post("/admin/logs/{public_id}/mark")
def mark(
    public_id: Annotated[str, Path(max_length=32)],
    request: Request,
    db: SessionDep,
    user: SupervisorPage,
    turn: Annotated[str, Form(max_length=8)] = "",
    example: Annotated[str, Form(max_length=8)] = "",
    label: Annotated[str, Form(max_length=64)] = "",
    note: Note = "",
    csrf: Csrf = "",
) -> Response:
    check_csrf(request, csrf)
    target = f"/admin/logs/{public_id}"
    try:
        if not turn.isdigit():
            raise FormInvalid.of("form_invalid", "assistant_turn", fields={"turn": "应为答复的序号"})
        logs.mark_turn(db, user, public_id, int(turn), example, label=label, note=note)
    except GovhallError as exc:
        error = client_error(exc)
        if error.status == 404:
            raise
        return back_to(target, error=error.message, anchor=f"turn-{turn}")
    done = "已取消标记" if example == "clear" else f"已标记为{logs.EXAMPLES[example]}"
    return back_to(target, done=done, anchor=f"turn-{turn}")
