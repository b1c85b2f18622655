"""Personalised recommendations (我能办什么 / 免申即享): which items a citizen's profile qualifies for."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from govhall import catalog
from govhall.accounts import Role
from govhall.api.deps import SessionDep, require_role
from govhall.api.responses import Recommendations, RosterResult
from govhall.knowledge_graph import Profile, recommend
from govhall.knowledge_graph.batch import assess_roster, roster_row

router = APIRouter(prefix="/api", tags=["政策推荐"])


class RosterRequest(BaseModel):
    """A roster for 免申即享: each profile carries the staff's own ``id`` for the person."""

    item: str = Field(min_length=1, max_length=64, description="事项编码")
    profiles: list[dict[str, Any]] = Field(min_length=1, max_length=10_000)


@router.post("/recommend", response_model=Recommendations)
def recommend_items(profile: Profile, db: SessionDep) -> dict[str, Any]:
    """``{"eligible", "almost", "insufficient"}``: items with reasons, cited articles and missing facts."""
    names = {item["code"]: item["name"] for item in catalog.current_contents(db)}
    return recommend(profile, names)


@router.post("/recommend/batch", response_model=RosterResult, dependencies=[require_role(Role.CLERK, Role.ADMIN)])  # type: ignore[list-item]
def recommend_roster(request: RosterRequest) -> dict[str, Any]:
    """Staff only: who on the roster likely qualifies for ``item``; bad rows reported by position."""
    rows = (roster_row(number, record) for number, record in enumerate(request.profiles, 1))
    return assess_roster(request.item, rows).to_dict()
