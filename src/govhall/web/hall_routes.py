"""Hall pages around a case: materials on the apply and supplement forms, the inbox, 好差评.

Handlers parse the multipart form, call ``files`` and ``cases`` and redirect or re-render; the rules
(which materials, who may read a file) live in those packages. Every POST checks the page's CSRF token.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from govhall import cases, files, notify
from govhall.accounts import Role, User
from govhall.api.deps import CalendarDep, OptionalUser, SessionDep, SettingsDep
from govhall.api.routers.files import file_store
from govhall.cases import WorkCalendar
from govhall.config import Settings
from govhall.db import utcnow
from govhall.errors import FileRejected, GovhallError
from govhall.text import mask_value
from govhall.web.actions import Csrf, FormPost, Note, check_csrf, client_error, need_user, refusal_reason, with_error
from govhall.web.pages import page_context, render

router = APIRouter(include_in_schema=False)
NEAR_DAYS = 3


def queue_rows(db: Session, page: cases.CasePage, calendar: WorkCalendar) -> list[dict[str, Any]]:
    """The workbench rows: masked applicant, working days left, near/overdue flags."""
    today = cases.local_date(utcnow())
    ids = {c.applicant_id for c in page.items}
    names = {u.id: u.display_name for u in db.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    rows = []
    for case in page.items:
        state = cases.State(case.state)
        open_ = state in (cases.State.SUBMITTED, cases.State.ACCEPTED)
        left = cases.working_days_left(calendar, today, case.deadline) if case.deadline and open_ else None
        rows.append(
            {
                "case": case,
                "label": cases.STATE_LABELS[state],
                "applicant": mask_value("name", names.get(case.applicant_id, "")),
                "days_left": left,
                "overdue": left is not None and left < 0,
                "near": left is not None and 0 <= left <= NEAR_DAYS,
            }
        )
    return rows


def event_actor_names(db: Session, case: cases.Case) -> dict[int, str]:
    """Who did what, as people read it: staff by display name, the applicant as 申请人 (not their login)."""
    ids = {e.actor_id for e in cases.case_events(db, case) if e.actor_id is not None}
    if not ids:
        return {}
    users = db.scalars(select(User).where(User.id.in_(ids)))
    return {u.id: ("申请人" if u.id == case.applicant_id else u.display_name) for u in users if u.role != Role.ANALYST}


async def upload_materials(
    db: Session, settings: Settings, user: User, form: FormData, names: list[str], prefix: str
) -> tuple[list[cases.MaterialFile], dict[str, str]]:
    """Store the files posted under ``{prefix}{index}`` for ``names[index]``; on any refusal store none.

    Returns the references for ``cases`` and per-material messages (``materials.<name>``)."""
    store = file_store(settings)
    picked: list[tuple[str, str, bytes]] = []
    problems: dict[str, str] = {}
    for index, name in enumerate(names):
        for value in form.getlist(f"{prefix}{index}"):
            if not isinstance(value, UploadFile) or not value.filename:
                continue  # an input left empty
            data = await value.read(settings.max_upload_bytes + 1)
            try:
                files.check_upload(value.filename, data, settings.max_upload_bytes)
            except FileRejected as exc:
                problems[f"materials.{name}"] = exc.message
                continue
            picked.append((name, value.filename, data))
    if problems:
        return [], problems
    # off the event loop, as the API's upload: the store may be a network service (S3)
    rows = await anyio.to_thread.run_sync(partial(files.upload_all, db, store, user, [(f, d) for _, f, d in picked]))
    return [cases.MaterialFile(name, row.public_id) for (name, _, _), row in zip(picked, rows, strict=True)], {}


def discard(db: Session, settings: Settings, user: User, refs: list[cases.MaterialFile]) -> None:
    """Remove files of a refused submission again, so a failed form leaves nothing stored."""
    files.discard(db, file_store(settings), user, [r.file_id for r in refs])


@router.post("/cases/{number}/supplement")
async def supplement(
    number: str, request: Request, db: SessionDep, user: OptionalUser, calendar: CalendarDep, settings: SettingsDep
) -> Response:
    user = need_user(user)
    form = await request.form(max_files=40)
    token = form.get("csrf")
    check_csrf(request, token if isinstance(token, str) else "")
    case = cases.get_case(db, user, number)
    requested = list(case.requested_materials or [])
    refs, problems = await upload_materials(db, settings, user, form, requested, "r")
    message = next(iter(problems.values()), "")
    if not message:
        try:
            cases.transition(db, user, number, "supplement", calendar, uploads=refs)
        except GovhallError as exc:
            error = client_error(exc)
            discard(db, settings, user, refs)
            message = refusal_reason(error)
    if message:
        return with_error(f"/cases/{number}", message)
    return RedirectResponse(f"/cases/{number}", status_code=303)


@router.post("/cases/{number}/rating")
def rate(
    number: str,
    db: SessionDep,
    post: FormPost,
    score: Annotated[int, Form(ge=1, le=5)],
    reasons: Annotated[list[str] | None, Form(max_length=10)] = None,
    comment: Note = "",
) -> Response:
    rate_it = partial(cases.rate, db, post.user, number, score, reasons or [], comment)
    return post.act(rate_it, f"/cases/{number}?rated=1", f"/cases/{number}")


@router.post("/cases/{number}/rating/follow-up")
def follow_up(number: str, db: SessionDep, post: FormPost, note: Note = "") -> Response:
    """The department records how it followed up a 差评."""
    close = partial(cases.close_follow_up, db, post.user, number, note)
    return post.act(close, f"/cases/{number}", f"/cases/{number}")


@router.get("/notifications", response_class=HTMLResponse)
def inbox(request: Request, db: SessionDep, user: OptionalUser) -> Response:
    user = need_user(user)
    rows = notify.list_notifications(db, user.id, limit=100)
    return render(request, "notifications.html", page_context(request, user, rows=rows))


@router.post("/notifications/read")
def read_all(request: Request, db: SessionDep, user: OptionalUser, csrf: Csrf = "") -> Response:
    user = need_user(user)
    check_csrf(request, csrf)
    notify.mark_read(db, user.id)
    return RedirectResponse("/notifications", status_code=303)
