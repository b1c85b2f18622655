"""Pages for citizens and clerks. Each handler parses the request, calls a service and renders.

Forms that change anything carry a CSRF token derived from the session (``govhall.api.csrf``),
checked on every POST; the login form, which has no session yet, is covered by the Origin check there.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from govhall import accounts, cases, catalog, files
from govhall.accounts import Role, User
from govhall.api.deps import SESSION_COOKIE, CalendarDep, OptionalUser, SessionDep, SettingsDep, request_token
from govhall.api.routers.auth import login_policy
from govhall.cases import NEXT_STEP, STATE_LABELS, State, is_overdue, local_date
from govhall.catalog import coerce_form_post, item_content
from govhall.db import transaction, utcnow
from govhall.errors import FormInvalid, GovhallError, PermissionDenied
from govhall.web.actions import Csrf, check_csrf, client_error, need_user, refusal_reason, with_error
from govhall.web.forms import field_views
from govhall.web.guide import basis_views
from govhall.web.hall_routes import discard, event_actor_names, queue_rows, upload_materials
from govhall.web.pages import page_context, render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only a path of this site, so the login page cannot send anyone elsewhere: browsers read
    ``//host`` and ``/\\host`` as another site, and control characters can hide either."""
    parts = urlsplit(target)
    local = target.startswith("/") and not parts.scheme and not parts.netloc
    if not local or "\\" in target or target.startswith("//") or any(ord(c) < 32 or c == "\x7f" for c in target):
        return "/"
    return target


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, db: SessionDep, user: OptionalUser, q: Annotated[str, Query(max_length=100)] = ""
) -> Response:
    items = catalog.list_items(db, query=q)
    return render(
        request, "index.html", page_context(request, user, items=items, q=q, departments=catalog.departments(db))
    )


@router.get("/catalog/results", response_class=HTMLResponse)
def catalog_results(
    request: Request,
    db: SessionDep,
    q: Annotated[str, Query(max_length=100)] = "",
    department: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    items = catalog.list_items(db, query=q, department=department or None)
    return render(request, "_item_list.html", {"items": items, "q": q})


@router.get("/items/{code}", response_class=HTMLResponse)
def item_page(code: str, request: Request, db: SessionDep, user: OptionalUser) -> Response:
    row = catalog.get_item(db, code)
    item = item_content(row)
    basis = basis_views(db, [b.model_dump() for b in item.legal_basis])
    return render(request, "item.html", page_context(request, user, item=item, row=row, basis=basis))


@router.get("/items/{code}/apply", response_class=HTMLResponse)
def apply_page(code: str, request: Request, db: SessionDep, user: OptionalUser) -> Response:
    user = need_user(user)
    row = catalog.get_item(db, code)
    fields = field_views(row.content["form"], catalog.account_prefill(row.content["form"], user), {})
    return render(request, "apply.html", _apply_context(request, user, row, fields, {}))


def _apply_context(
    request: Request, user: User, row: catalog.CatalogItem, fields: list[Any], errors: dict[str, str], message: str = ""
) -> dict[str, Any]:
    """The apply page: an online application uploads the materials; a window item's form books the
    visit, and its materials are listed to bring (both people attend with the originals)."""
    handling = row.content.get("handling", "apply")
    materials = row.content["materials"]
    return page_context(
        request,
        user,
        row=row,
        fields=fields,
        errors=errors,
        message=message,
        handling=handling,
        materials=[] if handling == "window" else materials,
        bring=materials if handling == "window" else [],
    )


@router.post("/items/{code}/apply", response_class=HTMLResponse)
async def apply_submit(
    code: str, request: Request, db: SessionDep, user: OptionalUser, calendar: CalendarDep, settings: SettingsDep
) -> Response:
    user = need_user(user)
    row = catalog.get_item(db, code)
    form = await request.form(max_files=40)
    posted = {k: v for k, v in form.items() if isinstance(v, str)}
    check_csrf(request, posted.pop("csrf", ""))
    data = coerce_form_post(row.content["form"], posted)
    window = row.content.get("handling", "apply") == "window"  # a booking: the originals come to the window
    names = [] if window else [m["name"] for m in row.content["materials"]]
    refs, problems = await upload_materials(db, settings, user, form, names, "m")
    try:
        if problems:
            raise FormInvalid.of("form_invalid", "uploaded_materials", fields=problems)
        case = cases.submit(db, user, code, data, calendar, materials=None if window else refs)
    except FormInvalid as exc:
        discard(db, settings, user, refs)
        fields = field_views(row.content["form"], data, exc.fields)
        context = _apply_context(request, user, row, fields, exc.fields, exc.message)
        return render(request, "apply.html", context, status=422)
    except GovhallError:
        discard(db, settings, user, refs)  # e.g. a clerk's account may not apply: keep nothing of it
        raise
    return RedirectResponse(f"/cases/{case.number}?submitted=1", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: OptionalUser, next: Annotated[str, Query(max_length=300)] = "/") -> Response:
    return render(request, "login.html", page_context(request, user, next=_safe_next(next), error=""))


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=300)] = "/",
) -> Response:
    try:
        user, token = accounts.login(
            db,
            username,
            password,
            ttl_hours=settings.token_ttl_hours,
            address=request.client.host if request.client else None,
            policy=login_policy(settings),
        )
    except GovhallError as exc:
        context = page_context(request, None, next=_safe_next(next), error=exc.message, username=username)
        return render(request, "login.html", context, status=401)
    target = _safe_next(next)
    if target == "/" and user.role in (Role.CLERK, Role.ADMIN):
        target = "/clerk/queue"
    elif target == "/" and user.role == Role.CITIZEN:
        target = "/my/cases"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        max_age=settings.token_ttl_hours * 3600,
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, db: SessionDep, csrf: Csrf = "") -> Response:
    check_csrf(request, csrf)
    token = request_token(request)
    if token:
        with transaction(db):
            accounts.revoke_token(db, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=request.app.state.settings.cookie_secure
    )
    return response


def _case_rows(db: SessionDep, page: cases.CasePage) -> list[dict[str, Any]]:
    today = local_date(utcnow())
    return [{"case": c, "label": STATE_LABELS[State(c.state)], "overdue": is_overdue(c, today)} for c in page.items]


@router.get("/my/cases", response_class=HTMLResponse)
def my_cases(request: Request, db: SessionDep, user: OptionalUser) -> Response:
    user = need_user(user)
    if user.role != Role.CITIZEN:
        return RedirectResponse("/clerk/queue", status_code=303)
    page = cases.list_cases(db, user, limit=200)
    return render(request, "my_cases.html", page_context(request, user, rows=_case_rows(db, page), total=page.total))


@router.get("/clerk/queue", response_class=HTMLResponse)
def clerk_queue(
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    calendar: CalendarDep,
    state: Annotated[str, Query(max_length=24)] = "pending",
    item: Annotated[str, Query(max_length=64)] = "",
    sort: Annotated[str, Query(max_length=16)] = "deadline",
) -> Response:
    user = need_user(user)
    if user.role not in (Role.CLERK, Role.ADMIN):
        raise PermissionDenied.of("permission_denied", "clerks_see_queue")
    pending = state == "pending"
    page = cases.list_cases(
        db,
        user,
        state=None if pending or not state else state,
        states=cases.PENDING if pending else None,
        item_code=item or None,
        sort=sort,
        limit=200,
    )
    context = page_context(
        request,
        user,
        rows=queue_rows(db, page, calendar),
        total=page.total,
        state=state,
        item=item,
        sort=sort,
        items=catalog.list_items(db, department=user.department) if user.department else catalog.list_items(db),
        workbench=True,
    )
    return render(request, "queue.html", context)


@router.get("/cases/{number}", response_class=HTMLResponse)
def case_page(
    number: str,
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    reveal: bool = False,
    submitted: bool = False,
) -> Response:
    user = need_user(user)
    case = cases.get_case(db, user, number)
    row = catalog.get_item(db, case.item_code)
    staff = user.role in (Role.CLERK, Role.ADMIN)
    form = row.content["form"]
    shown, revealed = cases.shown_data(db, user, case, form, reveal=reveal)
    labelled = [(form["properties"].get(k, {}).get("title", k), v) for k, v in shown.items()]
    state = State(case.state)
    actions = [cases.ACTIONS[name] for name in cases.allowed_actions(user, case)]
    rating = cases.get_rating(db, case)
    ratable = user.id == case.applicant_id and state in cases.RATABLE and rating is None
    context = page_context(
        request,
        user,
        case=case,
        labelled=labelled,
        label=STATE_LABELS[state],
        next_step=NEXT_STEP[state],
        events=cases.case_events(db, case),
        actor_names=event_actor_names(db, case),
        actions=actions,
        staff=staff,
        revealed=revealed,
        submitted=submitted,
        overdue=is_overdue(case, local_date(utcnow())),
        error=request.query_params.get("error", ""),
        case_files=files.case_files(db, case.id),
        item_materials=row.content["materials"],
        requested=list(case.requested_materials or []) if state == State.NEEDS_MATERIALS else [],
        documents=[(kind, cases.DOCUMENT_TITLES[kind]) for kind in cases.available_documents(db, case)],
        rating=rating,
        ratable=ratable,
        vocabulary=cases.vocabulary(),
        rated=request.query_params.get("rated") == "1",
    )
    return render(request, "case.html", context)


@router.post("/cases/{number}/actions")
def case_action(
    number: str,
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    calendar: CalendarDep,
    action: Annotated[str, Form(max_length=32)],
    reason: Annotated[str, Form(max_length=1000)] = "",
    csrf: Csrf = "",
    requested: Annotated[list[str] | None, Form(max_length=50)] = None,
    requested_other: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    user = need_user(user)
    check_csrf(request, csrf)
    asked = [*(requested or []), *requested_other.splitlines()]  # the checklist, then one material per line
    try:
        cases.transition(db, user, number, action, calendar, reason=reason, requested=asked)
    except GovhallError as exc:
        error = client_error(exc)
        return with_error(f"/cases/{number}", refusal_reason(error))
    return RedirectResponse(f"/cases/{number}", status_code=303)
