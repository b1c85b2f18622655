"""Personalised recommendations (我能办什么 / 免申即享): which items a citizen's profile qualifies for."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from govhall import catalog
from govhall.api.deps import SessionDep
from govhall.knowledge_graph import Profile, recommend

router = APIRouter(prefix="/api", tags=["政策推荐"])


@router.post("/recommend")
def recommend_items(profile: Profile, db: SessionDep) -> dict[str, Any]:
    """``{"eligible", "almost", "insufficient"}``: items with reasons, cited articles and missing facts."""
    names = {item["code"]: item["name"] for item in catalog.current_contents(db)}
    return recommend(profile, names)
