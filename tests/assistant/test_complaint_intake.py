"""Complaints go to the item the catalogue marks as the complaint intake, not to a code in the assistant."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from govhall.catalog.models import CatalogItem
from govhall.db import transaction
from tests.assistant.conftest import Chat

COMPLAINT = "我要投诉，小区门口的烧烤店每天半夜还很吵，根本睡不着"


def _set_mark(db: Session, mark: bool | None) -> None:
    row = db.get(CatalogItem, "complaint-12345")
    assert row is not None
    content = {k: v for k, v in row.content.items() if k != "complaint_channel"}
    if mark is not None:
        content["complaint_channel"] = mark
    with transaction(db):
        db.execute(update(CatalogItem).where(CatalogItem.code == "complaint-12345").values(content=content))


def test_a_complaint_opens_the_marked_intake(chat: Chat) -> None:
    result = chat.say(COMPLAINT)
    assert result.service is not None and result.service["code"] == "complaint-12345"
    assert result.stage == "filling"


def test_an_intake_stored_before_the_mark_existed_still_takes_complaints(chat: Chat, sdb: Session) -> None:
    _set_mark(sdb, None)
    result = chat.say(COMPLAINT)
    assert result.service is not None and result.service["code"] == "complaint-12345"
