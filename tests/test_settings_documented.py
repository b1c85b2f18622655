"""Every setting a deployment can change is documented, in Chinese, in the README's table."""

from __future__ import annotations

from pathlib import Path

from govhall.config import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_has_a_row_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [f"GOVHALL_{name.upper()}" for name in Settings.model_fields if f"GOVHALL_{name.upper()}" not in text]
    assert not missing, f"README.md lacks: {', '.join(missing)}"
