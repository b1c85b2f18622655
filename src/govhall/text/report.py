"""The JSON shapes of ``govhall extract`` / ``POST /api/text/extract`` and of ``mask``.

These field names are a contract read by evaluation scripts: ``{"text", "entities": [{"type",
"value", "start", "end", "confidence", …}], "fields": {…}}`` and ``{"text", "masked"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from govhall.text.autofill import autofill
from govhall.text.entities import extract
from govhall.text.mask import MaskPolicy, mask


def extract_report(text: str, today: date | None = None, form: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Entities with spans; with an item's ``form``, also the filled fields, conflicts and missing fields."""
    report: dict[str, Any] = {"text": text, "entities": [e.to_dict() for e in extract(text, today)]}
    if form is not None:
        fill = autofill(form, text, today).to_dict()
        report.update(fields=fill["fields"], conflicts=fill["conflicts"], missing=fill["missing"])
    return report


def mask_report(text: str, policy: MaskPolicy | None = None) -> dict[str, str]:
    """``govhall mask`` and ``POST /api/text/mask``: one text a person asked about, so the model
    runs whatever its length (recall first; the length limit of :func:`mask` is for bulk callers)."""
    return {"text": text, "masked": mask(text, policy, ner=True)}
