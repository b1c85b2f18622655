"""Write docs/errors.md from the error catalogue (src/govhall/errors.yaml).

Run after editing the catalogue: ``.venv/bin/python scripts/errors_doc.py``;
tests/test_errors_catalogue.py fails while the page and the catalogue differ.
"""

from __future__ import annotations

from pathlib import Path

from govhall.errors import catalogue_markdown

PAGE = Path(__file__).resolve().parents[1] / "docs" / "errors.md"

if __name__ == "__main__":
    PAGE.write_text(catalogue_markdown(), encoding="utf-8")
    print(f"wrote {PAGE}")
