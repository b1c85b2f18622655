"""The back office (管理后台) in the browser: accounts, the audit log and the catalogue editor.

Every page is for admins only (others get a 403 page, visitors the login page), every form post
checks the CSRF token, and every change goes through the same service functions as the API, which
write the audit entries. Handlers parse, call and render; nothing here decides a business rule.
The one page outside ``/admin`` is ``/account/password``, where anyone changes their own password.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from govhall import accounts, audit, catalog, policies
from govhall.accounts import AREA_LABELS, ROLE_LABELS, Area, NewUser, Role, User
from govhall.api.deps import OptionalUser, SessionDep, SettingsDep
from govhall.api.routers.auth import login_policy
from govhall.catalog import FIELD_FORMATS, FIELD_TYPES, MATERIAL_FORMS, Draft, FormField
from govhall.db import transaction
from govhall.errors import BadInput, FormInvalid, GovhallError, NotAuthenticated, PermissionDenied, message_for
from govhall.localtime import LOCAL_TZ, day_end, day_start, parse_day_into
from govhall.text import mask, mask_data
from govhall.web.actions import Csrf, back_to, check_csrf, client_error
from govhall.web.downloads import csv_download
from govhall.web.forms import field_views
from govhall.web.pages import page_context, render

router = APIRouter(include_in_schema=False)

AUDIT_PAGE_SIZE = 100
AUDIT_EXPORT_LIMIT = 100_000


def _back_office_user(user: User | None) -> User:
    """Anyone with a part of the back office (admins, policy editors, supervisors, analysts,
    department heads); visitors are sent to log in, everyone else gets the 403 page."""
    if user is None:
        raise NotAuthenticated()
    if not accounts.areas_for(user):
        raise PermissionDenied.of("permission_denied", "admin_area")
    return user


def area_page(area: Area) -> Callable[[User | None], User]:
    """A dependency admitting the roles of ``area`` (govhall.accounts.permissions) and no one else."""

    def check(user: OptionalUser) -> User:
        user = _back_office_user(user)
        if not accounts.may_open(user, area):
            role = ROLE_LABELS.get(Role(user.role), user.role) if user.role in Role.__members__.values() else user.role
            raise PermissionDenied.of("permission_denied", "admin_area_role", role=role, area=AREA_LABELS[area])
        return user

    return check


def _admin_page(user: OptionalUser) -> User:
    user = _back_office_user(user)
    if user.role != Role.ADMIN:
        raise PermissionDenied.of("permission_denied", "admin_area")
    return user


AdminPage = Annotated[User, Depends(_admin_page)]


def _back_office_page(user: OptionalUser) -> User:
    return _back_office_user(user)


BackOfficePage = Annotated[User, Depends(_back_office_page)]


def admin_ctx(request: Request, user: User, **extra: Any) -> dict[str, Any]:
    """The page context with the areas this user's menu shows."""
    return page_context(request, user, areas=[a.value for a in accounts.areas_for(user)], **extra)


@router.get("/admin", response_class=HTMLResponse)
def admin_home(request: Request, user: BackOfficePage) -> Response:
    return render(request, "admin/index.html", admin_ctx(request, user))


# ---------------------------------------------------------------- accounts


@dataclass(frozen=True)
class _UserSearch:
    """The account list's filter as typed: words of a username, name or department, and a role
    (anything but a role's value lists every role)."""

    q: Annotated[str, Query(max_length=64)] = ""
    role: Annotated[str, Query(max_length=16)] = ""

    def users(self, db: Session) -> list[User]:
        role = Role(self.role) if self.role in Role.__members__.values() else None
        return accounts.find_users(db, query=self.q, role=role)


def _users_page(
    request: Request,
    db: SessionDep,
    admin: User,
    search: _UserSearch = _UserSearch(),
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    context = page_context(
        request,
        admin,
        users=search.users(db),
        **asdict(search),
        roles={r.value: label for r, label in ROLE_LABELS.items()},
        departments=catalog.departments(db),
        **{"errors": {}, "values": {}, "message": "", "done": "", **extra},
    )
    return render(request, "admin/users.html", context, status=status)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    search: Annotated[_UserSearch, Depends()],
    done: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    return _users_page(request, db, admin, search, done=done)


@router.post("/admin/users", response_class=HTMLResponse)
def create_user(
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    department: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=128)] = "",
    csrf: Csrf = "",
) -> Response:
    check_csrf(request, csrf)
    values = {"username": username, "display_name": display_name, "role": role, "department": department}
    if role not in Role.__members__.values():
        errors = {"role": "请选择角色"}
        return _users_page(
            request, db, admin, status=422, errors=errors, values=values, message=message_for("form_invalid", "account")
        )
    new = NewUser(username.strip(), password, display_name, role=Role(role), department=department.strip() or None)
    try:
        with transaction(db):
            accounts.create_user(db, new, admin)
    except GovhallError as exc:
        error = client_error(exc)
        return _users_page(
            request, db, admin, status=error.status, errors=error.fields, values=values, message=error.message
        )
    return back_to("/admin/users", done=f"已创建账号 {new.username}")


_USER_ACTIONS = {
    "deactivate": "已停用账号",
    "activate": "已启用账号",
    "revoke-sessions": "已结束该账号的全部登录",
}


@router.post("/admin/users/{username}/{action}", response_class=HTMLResponse)
def user_action(
    username: str,
    action: str,
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    csrf: Csrf = "",
) -> Response:
    check_csrf(request, csrf)
    try:
        if action == "reset-password":
            temporary = accounts.reset_password(db, admin, username)
            return render(
                request,
                "admin/temporary_password.html",
                page_context(request, admin, username=username, temporary=temporary),
            )
        if action == "deactivate":
            accounts.set_active(db, admin, username, False)
        elif action == "activate":
            accounts.set_active(db, admin, username, True)
        elif action == "revoke-sessions":
            accounts.revoke_sessions(db, admin, username)
        else:
            raise BadInput.of("unknown_action")
    except GovhallError as exc:
        error = client_error(exc)
        return _users_page(request, db, admin, status=error.status, message=error.message)
    done = f"{_USER_ACTIONS[action]} {username}"
    return back_to("/admin/users", done=done)


@router.get("/account/password", response_class=HTMLResponse)
def password_page(
    request: Request, user: OptionalUser, username: Annotated[str, Query(max_length=64)] = ""
) -> Response:
    context = page_context(request, user, username=user.username if user else username, errors={}, message="")
    return render(request, "admin/password.html", context)


@router.post("/account/password", response_class=HTMLResponse)
def password_submit(
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    old_password: Annotated[str, Form(max_length=128)] = "",
    new_password: Annotated[str, Form(max_length=128)] = "",
    confirm_password: Annotated[str, Form(max_length=128)] = "",
    csrf: Csrf = "",
) -> Response:
    """Needs no login: a temporary password set by an admin cannot log in, only be replaced here."""
    check_csrf(request, csrf)
    username = user.username if user else username.strip()
    try:
        if new_password != confirm_password:
            raise FormInvalid.of("form_invalid", "new_password", fields={"confirm_password": "两次输入的新密码不一致"})
        accounts.change_password(
            db,
            username,
            old_password,
            new_password,
            address=request.client.host if request.client else None,
            policy=login_policy(settings),
        )
    except GovhallError as exc:
        error = client_error(exc) if not isinstance(exc, NotAuthenticated) else exc
        context = page_context(request, user, username=username, errors=error.fields, message=error.message)
        response = render(request, "admin/password.html", context, status=error.status)
        response.headers.update(getattr(error, "headers", None) or {})
        return response
    return RedirectResponse(f"/login?{urlencode({'changed': '1'})}", status_code=303)


# ---------------------------------------------------------------- audit log


def day_period(since: str, until: str, errors: dict[str, str]) -> tuple[datetime | None, datetime | None]:
    """The Beijing days a back-office filter form names, both included, as ``[start, end)`` instants.

    A bad or reversed day is recorded in ``errors`` under its field (``since``, ``until``) so the
    page shows every problem at once; then neither bound is given."""
    start, end = parse_day_into(since, "since", errors), parse_day_into(until, "until", errors)
    if start and end and end < start:
        errors["until"] = "结束日期不能早于开始日期"
    first = day_start(start) if start and not errors else None
    last = day_end(end) if end and not errors else None
    return first, last


@dataclass(frozen=True)
class DaySearch:
    """A back-office filter form with a period of Beijing days (``since``/``until``, both included),
    kept as typed so that the page shows it back; each page's search adds its own fields."""

    # written out, not the DayQuery alias: a subclass in another module (admin_logs_routes) has these
    # string annotations resolved in its own module's names
    since: Annotated[str, Query(max_length=10)] = ""
    until: Annotated[str, Query(max_length=10)] = ""

    def period(self, errors: dict[str, str]) -> tuple[datetime | None, datetime | None]:
        """The period as ``[start, end)`` instants (see :func:`day_period`)."""
        return day_period(self.since, self.until, errors)

    def query_string(self) -> str:
        """The filled-in fields as a query string, for the pager's and the export's links."""
        return urlencode({k: v for k, v in asdict(self).items() if v})


AuditQuery = Annotated[str, Query(max_length=128)]


@dataclass(frozen=True)
class _AuditSearch(DaySearch):
    """The audit viewer's query as typed, shared by the page and its CSV export."""

    actor: AuditQuery = ""
    action: AuditQuery = ""
    target: AuditQuery = ""

    def filters(self) -> tuple[dict[str, Any], dict[str, str]]:
        """``audit.find_entries`` arguments (Beijing days → UTC), and field errors."""
        errors: dict[str, str] = {}
        start, end = self.period(errors)
        filters: dict[str, Any] = {
            "actor": self.actor.strip(),
            "action": self.action.strip(),
            "target": self.target.strip(),
        }
        if start is not None:
            filters["since"] = start
        if end is not None:
            filters["until"] = end
        return filters, errors


AuditSearch = Annotated[_AuditSearch, Depends()]


def _entry_view(entry: audit.AuditEntry) -> dict[str, Any]:
    """An entry as shown: free text masked again (entries written before masking existed)."""
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor_name,
        "action": entry.action,
        "target": entry.target,
        "reason": mask(entry.reason) if entry.reason else "",
        "details": json.dumps(mask_data(entry.details), ensure_ascii=False, sort_keys=True) if entry.details else "",
    }


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    search: AuditSearch,
    anchor: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    filters, errors = search.filters()
    try:
        report = audit.verify(db, anchor=anchor.strip() or None)
    except BadInput as exc:
        errors["anchor"] = exc.message
        report = audit.verify(db)
    try:
        head = audit.anchor(db)
    except BadInput:
        head = ""
    rows = (
        []
        if errors
        else audit.find_entries(db, **filters, limit=AUDIT_PAGE_SIZE + 1, offset=(page - 1) * AUDIT_PAGE_SIZE)
    )
    context = page_context(
        request,
        admin,
        entries=[_entry_view(e) for e in rows[:AUDIT_PAGE_SIZE]],
        more=len(rows) > AUDIT_PAGE_SIZE,
        page=page,
        query=asdict(search),
        query_string=search.query_string(),
        anchor=anchor,
        report=report,
        head=head,
        errors=errors,
    )
    return render(request, "admin/audit.html", context, status=422 if errors else 200)


@router.get("/admin/audit.csv")
def audit_csv(
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    search: AuditSearch,
) -> Response:
    filters, errors = search.filters()
    if errors:
        raise FormInvalid.of("form_invalid", "filter", fields=errors)
    with transaction(db):
        audit.record(
            db, actor=admin, action="audit.export", target="audit", details={k: str(v) for k, v in filters.items() if v}
        )
    rows = []
    for entry in audit.find_entries(db, **filters, limit=AUDIT_EXPORT_LIMIT):
        view = _entry_view(entry)
        at = view["at"].astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S")
        rows.append([view["seq"], at, view["actor"], view["action"], view["target"], view["reason"], view["details"]])
    return csv_download("audit.csv", ["序号", "时间（北京时间）", "操作人", "操作", "对象", "原因", "详情"], rows)


# ---------------------------------------------------------------- catalogue editor


@router.get("/admin/catalog", response_class=HTMLResponse)
def catalog_page(
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    q: Annotated[str, Query(max_length=100)] = "",
    done: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    context = page_context(request, admin, items=catalog.all_items(db, query=q), q=q, done=done)
    return render(request, "admin/catalog.html", context)


_DRAFT_TEXT = [name for name in Draft.__dataclass_fields__ if name not in ("form_base", "fields", "guide")]


def _draft_from_post(posted: Any) -> tuple[Draft, dict[str, str]]:
    """The editor's form post as a ``Draft``; rows are posted as parallel lists, in page order,
    and sorted by their order numbers (so reordering works without scripts too)."""
    errors: dict[str, str] = {}
    draft = Draft()
    for name in _DRAFT_TEXT:
        setattr(draft, name, str(posted.get(name, ""))[:20_000])
    try:
        base = json.loads(str(posted.get("form_base", "") or "{}"))
    except ValueError:
        base = None
    if not isinstance(base, dict):
        errors["form_base"] = "表单设置已损坏，请重新打开编辑页面"
        base = {}
    draft.form_base = base
    columns = ["field_name", "field_label", "field_kind", "field_format", "field_required", "field_options"]
    columns += ["field_max_length", "field_extra", "field_order"]
    lists = {c: [str(v) for v in posted.getlist(c)] for c in columns}
    count = len(lists["field_name"])
    if any(len(values) != count for values in lists.values()):
        errors["field"] = "表单字段数据不完整，请重新打开编辑页面"
        return draft, errors
    rows: list[tuple[float, FormField]] = []
    for i in range(count):
        name, label = lists["field_name"][i].strip(), lists["field_label"][i].strip()
        if not name and not label:
            continue  # the empty row left for adding a field
        try:
            extra = json.loads(lists["field_extra"][i] or "{}")
        except ValueError:
            extra = None
        if not isinstance(extra, dict):
            errors[f"field.{len(rows)}.name"] = f"第{len(rows) + 1}个字段的附加设置已损坏"
            extra = {}
        length = lists["field_max_length"][i].strip()
        try:
            order = float(lists["field_order"][i] or i + 1)
        except ValueError:
            order = i + 1
        row = FormField(
            name=name,
            label=label,
            kind=lists["field_kind"][i],
            required=lists["field_required"][i] == "1",
            format=lists["field_format"][i],
            options=[o for o in lists["field_options"][i].replace("，", ",").split(",") if o.strip()],
            max_length=int(length) if length.isdigit() else (-1 if length else None),
            extra=extra,
        )
        rows.append((order, row))
    rows.sort(key=lambda pair: pair[0])
    draft.fields = [row for _, row in rows]
    return draft, errors


def _editor(
    request: Request,
    db: SessionDep,
    admin: User,
    draft: Draft,
    *,
    row: catalog.CatalogItem | None,
    errors: dict[str, str] | None = None,
    message: str = "",
    preview: catalog.ItemContent | None = None,
    status: int = 200,
) -> Response:
    laws = sorted({str(doc["title"]) for doc in policies.list_documents(db, limit=2000)})
    context = page_context(
        request,
        admin,
        draft=draft,
        row=row,
        errors=errors or {},
        message=message,
        preview=preview,
        preview_fields=field_views(preview.form, {}, {}) if preview else [],
        form_base=json.dumps(draft.form_base, ensure_ascii=False),
        field_rows=[(f, json.dumps(f.extra, ensure_ascii=False)) for f in draft.fields],
        field_types=FIELD_TYPES,
        field_formats=FIELD_FORMATS,
        material_forms=MATERIAL_FORMS,
        laws=laws,
    )
    return render(request, "admin/item_edit.html", context, status=status)


@router.get("/admin/catalog/new", response_class=HTMLResponse)
def new_item_page(request: Request, db: SessionDep, admin: AdminPage) -> Response:
    draft = Draft(
        form_base={"type": "object", "additionalProperties": False},
        fields=[
            FormField("applicant_name", "申请人姓名", required=True, max_length=30),
            FormField("phone", "联系电话", required=True, format="cn-mobile"),
        ],
    )
    return _editor(request, db, admin, draft, row=None)


@router.get("/admin/catalog/{code}", response_class=HTMLResponse)
def edit_item_page(code: str, request: Request, db: SessionDep, admin: AdminPage) -> Response:
    row = catalog.get_any_item(db, code)
    return _editor(request, db, admin, catalog.draft_from_content(row.content), row=row)


async def _save(request: Request, db: SessionDep, admin: User, code: str | None) -> Response:
    """Preview (``do=preview``) or publish (``do=publish``) the posted draft of a new or existing item."""
    posted = await request.form()
    check_csrf(request, str(posted.get("csrf", "")))
    row = catalog.get_any_item(db, code) if code else None
    draft, errors = _draft_from_post(posted)
    if row is not None:
        draft.code, draft.guide = row.code, catalog.draft_from_content(row.content).guide
    try:
        if errors:
            raise FormInvalid.of("form_invalid", "item_draft", fields=errors)
        content = catalog.content_from_draft(draft)
        if posted.get("do") != "publish":
            return _editor(request, db, admin, draft, row=row, preview=content, message="")
        reason = str(posted.get("reason", ""))[:500]
        with transaction(db):
            if row is None:
                saved = catalog.create_item(db, content.model_dump(mode="json"), admin)
            else:
                saved = catalog.update_item(db, row.code, content.model_dump(mode="json"), admin, reason=reason)
            done = f"已发布 {saved.name} v{saved.version}"
            target = saved.code
    except GovhallError as exc:
        error = client_error(exc)
        fields = {k: v for k, v in error.fields.items()}
        return _editor(request, db, admin, draft, row=row, errors=fields, message=error.message, status=error.status)
    return back_to(f"/admin/catalog/{target}/versions", done=done)


@router.post("/admin/catalog/new", response_class=HTMLResponse)
async def new_item_submit(request: Request, db: SessionDep, admin: AdminPage) -> Response:
    return await _save(request, db, admin, None)


@router.post("/admin/catalog/{code}", response_class=HTMLResponse)
async def edit_item_submit(code: str, request: Request, db: SessionDep, admin: AdminPage) -> Response:
    return await _save(request, db, admin, code)


@router.get("/admin/catalog/{code}/versions", response_class=HTMLResponse)
def versions_page(
    code: str,
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    against: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    done: Annotated[str, Query(max_length=100)] = "",
    error: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    row = catalog.get_any_item(db, code)
    versions = catalog.versions_of(db, code)
    shown = version or row.version
    base = against or (shown - 1 if shown > 1 else None)
    diff = catalog.version_diff(db, code, shown, base) if base else []
    context = page_context(
        request, admin, row=row, versions=versions, shown=shown, against=base, diff=diff, done=done, error=error
    )
    return render(request, "admin/versions.html", context)


@router.post("/admin/catalog/{code}/rollback")
def rollback(
    code: str,
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    version: Annotated[int, Form(ge=1, le=1_000_000)],
    csrf: Csrf = "",
) -> Response:
    check_csrf(request, csrf)
    try:
        with transaction(db):
            row = catalog.rollback_item(db, code, version, admin)
            done = f"已回滚到 v{version} 的内容，发布为 v{row.version}"
    except GovhallError as exc:
        error = client_error(exc)
        return back_to(f"/admin/catalog/{code}/versions", error=error.message)
    return back_to(f"/admin/catalog/{code}/versions", done=done)


@router.post("/admin/catalog/{code}/{state}")
def set_active(
    code: str,
    state: str,
    request: Request,
    db: SessionDep,
    admin: AdminPage,
    csrf: Csrf = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """``retire`` or ``reinstate`` an item."""
    check_csrf(request, csrf)
    if state not in ("retire", "reinstate"):
        raise BadInput.of("unknown_action")
    try:
        with transaction(db):
            row = catalog.set_item_active(db, code, state == "reinstate", admin, reason=reason)
            done = f"已{'恢复' if row.active else '停用'} {row.name}"
    except GovhallError as exc:
        done = client_error(exc).message
    return back_to("/admin/catalog", done=done)
