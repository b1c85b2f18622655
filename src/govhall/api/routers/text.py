"""Chinese text understanding over HTTP: entity extraction with form auto-fill, and PII masking."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import Field

from govhall import catalog
from govhall.api.deps import SessionDep
from govhall.api.responses import ExtractReport, MaskReport
from govhall.api.schemas import CleanStr, Strict
from govhall.text import MAX_TEXT_CHARS, extract_report, mask_report

router = APIRouter(prefix="/api/text", tags=["文本理解"])


class ExtractRequest(Strict):
    text: str = Field(max_length=MAX_TEXT_CHARS)
    service: CleanStr | None = Field(default=None, max_length=64, description="事项编码：按其表单自动填表")
    today: date | None = Field(
        default=None, ge=date(1900, 1, 1), le=date(2199, 12, 31), description="解析相对日期的参考日期（1900–2199 年）"
    )


class MaskRequest(Strict):
    text: str = Field(max_length=MAX_TEXT_CHARS)


@router.post("/extract", response_model=ExtractReport, response_model_exclude_unset=True)
def extract(body: ExtractRequest, db: SessionDep) -> dict[str, object]:
    """``{"text", "entities": [{"type","value","start","end","confidence"}], "fields"}`` (fields with ``service``)."""
    form = catalog.find_form(db, body.service) if body.service else None
    return extract_report(body.text, body.today, form)


@router.post("/mask", response_model=MaskReport)
def mask(body: MaskRequest) -> dict[str, str]:
    """``{"text", "masked"}``."""
    return mask_report(body.text)
