"""Pages of the guide that are not the guide itself: ``/cite`` opens a cited article (the assistant's
citation cards link there), and ``/items/{code}/lookup`` is the lookup of lookup items."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from govhall import catalog
from govhall.api.deps import OptionalUser, SessionDep
from govhall.errors import BadInput, NotAuthenticated, NotFound, message_for
from govhall.localtime import parse_day
from govhall.text import mask_value
from govhall.web.actions import DayQuery
from govhall.web.guide import article_links, demo_ledger, short_title
from govhall.web.pages import page_context, render

router = APIRouter(include_in_schema=False)


@router.get("/cite")
def cite(
    db: SessionDep,
    law: Annotated[str, Query(max_length=100)] = "",
    article: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    """Open a cited article: its place in the library if it is there, else a library search for it."""
    href = article_links(db, [(law, article)]).get((short_title(law), article.strip())) if law and article else None
    target = href or "/policies?" + urlencode({"q": f"{short_title(law)} {article}".strip()})
    return RedirectResponse(target, status_code=303)


@router.get("/items/{code}/lookup", response_class=HTMLResponse)
def lookup_page(
    code: str,
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    insurance_type: Annotated[str, Query(max_length=32)] = "",
    start: DayQuery = "",
    end: DayQuery = "",
) -> Response:
    """A lookup item's own records: the query form, and after a query the months found."""
    row = catalog.get_item(db, code)
    item = catalog.item_content(row)
    if item.handling != "lookup":
        raise NotFound("查询事项", code)
    if user is None:
        raise NotAuthenticated()
    kinds = [str(k) for k in item.form.get("properties", {}).get("insurance_type", {}).get("enum", ["全部险种"])]
    records: list[dict[str, Any]] | None = None
    if start or end:
        first, last = parse_day(start, "起始日期", "start"), parse_day(end, "截止日期", "end")
        if last < first:
            raise BadInput.of("bad_range", fields={"end": message_for("bad_range")})
        kind = insurance_type if insurance_type in kinds else kinds[0]
        chosen = [k for k in kinds if k != "全部险种"] if kind == "全部险种" else [kind]
        records = [r for k in chosen for r in demo_ledger(user.id_number or user.username, k, first, last)]
    context = page_context(
        request,
        user,
        item=item,
        row=row,
        kinds=kinds,
        insurance_type=insurance_type,
        start=start,
        end=end,
        records=records,
        who=mask_value("name", user.display_name),
        id_masked=mask_value("id_card", user.id_number) if user.id_number else "",
    )
    return render(request, "lookup.html", context)
