"""The CLI maps every error of the family in one place: a text too long is exit 2 with its message."""

from __future__ import annotations

import pytest
import typer

from govhall.cli._common import mapped_errors
from govhall.errors import message_for
from govhall.text import TextTooLong


def test_a_text_too_long_is_exit_2_with_its_catalogue_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as stopped, mapped_errors():
        raise TextTooLong(12, limit=10)
    assert stopped.value.exit_code == 2
    said = "".join(capsys.readouterr().err.split())
    assert "".join(f"错误：{message_for('text_too_long', length=12, limit=10)}".split()) in said
