"""Each security test uses its own key file (in its temporary data folder), created 0600 on first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.db.crypto import Keyring, use_key_file


@pytest.fixture(autouse=True)
def keys(tmp_path: Path) -> Keyring:
    return use_key_file(tmp_path / "data" / "keys.json")
