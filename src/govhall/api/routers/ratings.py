"""好差评: the applicant rates a finished case; the department follows up a 差评; statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from govhall import cases
from govhall.accounts import Role
from govhall.api.deps import CurrentUser, SessionDep
from govhall.api.responses import RatingSummary, RatingVocabulary
from govhall.api.schemas import CleanStr, Strict
from govhall.errors import NotFound, PermissionDenied

router = APIRouter(prefix="/api", tags=["好差评"])


class RatingCreate(Strict):
    score: int = Field(ge=1, le=5, description="5 非常满意 … 1 非常不满意")
    reasons: list[CleanStr] = Field(default_factory=list, max_length=10)
    comment: CleanStr = Field(default="", max_length=500)


class FollowUp(Strict):
    note: CleanStr = Field(min_length=1, max_length=500)


class RatingPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    score: int
    reasons: list[str]
    comment: str
    created_at: datetime
    follow_up: str
    follow_up_note: str


@router.get("/ratings/vocabulary", response_model=RatingVocabulary)
def vocabulary() -> dict[str, Any]:
    words = cases.vocabulary()
    return {"levels": {str(k): v for k, v in words.levels.items()}, "good": words.good, "bad": words.bad}


@router.post("/cases/{number}/rating", status_code=201)
def rate_case(number: str, body: RatingCreate, db: SessionDep, user: CurrentUser) -> RatingPublic:
    return RatingPublic.model_validate(cases.rate(db, user, number, body.score, body.reasons, body.comment))


@router.get("/cases/{number}/rating")
def get_rating(number: str, db: SessionDep, user: CurrentUser) -> RatingPublic:
    rating = cases.get_rating(db, cases.get_case(db, user, number))
    if rating is None:
        raise NotFound("评价", number)
    return RatingPublic.model_validate(rating)


@router.post("/cases/{number}/rating/follow-up")
def follow_up(number: str, body: FollowUp, db: SessionDep, user: CurrentUser) -> RatingPublic:
    return RatingPublic.model_validate(cases.close_follow_up(db, user, number, body.note))


@router.get("/ratings/summary", response_model=RatingSummary)
def summary(
    db: SessionDep, user: CurrentUser, department: Annotated[CleanStr | None, Query(max_length=64)] = None
) -> dict[str, Any]:
    """Clerks see their department's figures; analysts and admins any department's or all."""
    if user.role == Role.CITIZEN:
        raise PermissionDenied()
    if user.role == Role.CLERK:
        department = user.department
    return cases.rating_summary(db, department)
