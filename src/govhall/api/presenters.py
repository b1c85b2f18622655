"""Turning stored rows into the public shapes, masking what the viewer need not see."""

from __future__ import annotations

from datetime import datetime

from govhall.api.schemas import CasePublic, ItemPublic, ItemSummary
from govhall.cases import NEXT_STEP, STATE_LABELS, Case, State, is_overdue, local_date
from govhall.catalog import CatalogItem, mask_form_data


def case_public(
    case: Case, form: dict[str, object], now: datetime, *, data: dict[str, object] | None = None
) -> CasePublic:
    """The public shape of a case; ``data`` is what ``cases.shown_data`` allowed (masked otherwise)."""
    state = State(case.state)
    return CasePublic(
        number=case.number,
        item_code=case.item_code,
        item_name=case.item_name,
        item_version=case.item_version,
        department=case.department,
        state=state.value,
        state_label=STATE_LABELS[state],
        next_step=NEXT_STEP[state],
        submitted_at=case.submitted_at,
        updated_at=case.updated_at,
        deadline=case.deadline,
        overdue=is_overdue(case, local_date(now)),
        last_reason=case.last_reason,
        data=data if data is not None else mask_form_data(form, case.data),
    )


def item_summary(row: CatalogItem) -> ItemSummary:
    c = row.content
    return ItemSummary(
        code=row.code,
        name=row.name,
        department=row.department,
        category=c["category"],
        audience=c["audience"],
        summary=c["summary"],
        time_limit_days=c["time_limit_days"],
        online=c["online"],
        version=row.version,
    )


def item_public(row: CatalogItem) -> ItemPublic:
    return ItemPublic.model_validate({**row.content, "version": row.version, "updated_at": row.updated_at})
