"""Applications: submit, list (mine or my department's), read, and move through the workflow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govhall import cases, catalog, files
from govhall.api.deps import CalendarDep, CurrentUser, SessionDep
from govhall.api.downloads import content_disposition
from govhall.api.presenters import case_public
from govhall.api.schemas import (
    CaseAction,
    CaseCreate,
    CaseDetail,
    CaseEventPublic,
    CaseList,
    CasePublic,
    CleanStr,
    FilePublic,
    MaterialRef,
)
from govhall.db import utcnow
from govhall.errors import FormInvalid, NotFound

router = APIRouter(prefix="/api/cases", tags=["办件"])


def _form(db: SessionDep, code: str) -> dict[str, object]:
    form: dict[str, object] = catalog.get_item(db, code).content["form"]
    return form


@router.post("", status_code=201)
def submit_case(body: CaseCreate, db: SessionDep, user: CurrentUser, calendar: CalendarDep) -> CasePublic:
    """Submit an application. ``materials`` may be left out only for items that need none (and for
    window items, whose originals are brought to the window): leaving it out never skips a
    required material, so nothing is stored and every missing one is named."""
    window = _handling(db, body.item_code) == "window"
    refs = None if window else _refs(body.materials or [])
    try:
        case = cases.submit(db, user, body.item_code, body.data, calendar, materials=refs)
    except FormInvalid as exc:
        if body.materials is None and any(key.startswith("materials.") for key in exc.fields):
            raise FormInvalid.of("form_invalid", "materials_missing", fields=exc.fields) from None
        raise
    return case_public(case, _form(db, case.item_code), utcnow())


def _handling(db: SessionDep, code: str) -> str:
    """How the hall offers the item (``apply``, ``window``, ``lookup``); an unknown item is left to
    ``cases.submit``, which reports it as a form problem."""
    try:
        return str(catalog.get_item(db, code).content.get("handling", "apply"))
    except NotFound:
        return "apply"


@router.get("")
def list_cases(
    db: SessionDep,
    user: CurrentUser,
    state: Annotated[CleanStr | None, Query(max_length=24)] = None,
    item_code: Annotated[CleanStr | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CaseList:
    page = cases.list_cases(db, user, state=state, item_code=item_code, limit=limit, offset=offset)
    now = utcnow()
    return CaseList(items=[case_public(c, _form(db, c.item_code), now) for c in page.items], total=page.total)


@router.get("/{number}")
def get_case(
    number: str,
    db: SessionDep,
    user: CurrentUser,
    reveal: Annotated[bool, Query(description="显示完整个人信息（工作人员查看将记入审计日志）")] = False,
) -> CaseDetail:
    case = cases.get_case(db, user, number)
    form = _form(db, case.item_code)
    data, _ = cases.shown_data(db, user, case, form, reveal=reveal)
    public = case_public(case, form, utcnow(), data=data)
    return CaseDetail(
        **public.model_dump(),
        events=[CaseEventPublic.model_validate(e) for e in cases.case_events(db, case)],
        actions=cases.allowed_actions(user, case),
        materials=[FilePublic.model_validate(f) for f in files.case_files(db, case.id)],
        requested_materials=list(case.requested_materials or []) if case.state == cases.State.NEEDS_MATERIALS else [],
        documents=cases.available_documents(db, case),
    )


@router.post("/{number}/actions")
def act_on_case(number: str, body: CaseAction, db: SessionDep, user: CurrentUser, calendar: CalendarDep) -> CasePublic:
    case = cases.transition(
        db,
        user,
        number,
        body.action,
        calendar,
        reason=body.reason,
        data=body.data,
        requested=body.requested or None,
        uploads=_refs(body.materials),
    )
    return case_public(case, _form(db, case.item_code), utcnow())


def _refs(materials: list[MaterialRef]) -> list[cases.MaterialFile]:
    return [cases.MaterialFile(m.material, m.file_id) for m in materials]


@router.get("/{number}/documents/{kind}", response_class=Response)
def case_document(number: str, kind: str, db: SessionDep, user: CurrentUser) -> Response:
    """受理回执 (receipt), 一次性告知单 (notice) or 办结 result (result) as PDF; applicant and department only."""
    filename, data = cases.case_document(db, user, number, kind)
    return Response(
        data,
        media_type="application/pdf",
        headers=content_disposition(filename),
    )
