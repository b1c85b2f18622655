"""The citizen page 我能办什么: describe your situation, see what you may apply for and why."""

from __future__ import annotations

import typing
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from govhall import catalog
from govhall.api.deps import OptionalUser, SessionDep
from govhall.knowledge_graph import FIELD_LABELS, Profile, recommend
from govhall.web.pages import render

router = APIRouter(include_in_schema=False)


def _widget(name: str) -> dict[str, Any]:
    """How to ask for one profile field: yes/no/unknown, a choice, a number or a date."""
    annotation = Profile.model_fields[name].annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    inner = args[0] if args else annotation
    if inner is bool:
        return {"kind": "bool"}
    if typing.get_origin(inner) is typing.Literal:
        return {"kind": "choice", "options": list(typing.get_args(inner))}
    if inner is date:
        return {"kind": "date"}
    return {"kind": "number", "step": "1" if inner is int else "any"}


FIELDS = [{"name": name, "label": label, **_widget(name)} for name, label in FIELD_LABELS.items()]


@router.get("/recommend", response_class=HTMLResponse)
def recommend_page(
    request: Request, db: SessionDep, user: OptionalUser, asked: Annotated[bool, Query(alias="go")] = False
) -> Response:
    values = {k: v for k, v in request.query_params.items() if k in FIELD_LABELS and v.strip()}
    result: dict[str, Any] | None = None
    errors: list[str] = []
    if asked:
        try:
            profile = Profile.model_validate(values)
        except ValidationError as exc:
            errors = [f"{FIELD_LABELS.get(str(e['loc'][0]), '') if e['loc'] else ''}{e['msg']}" for e in exc.errors()]
        else:
            names = {item["code"]: item["name"] for item in catalog.current_contents(db)}
            result = recommend(profile, names)
    context = {"user": user, "fields": FIELDS, "values": values, "result": result, "errors": errors}
    return render(request, "recommend.html", context, status=422 if errors else 200)
