"""The package's public surface: every exported name exists, and nothing of govhall is imported but
the error family."""

from __future__ import annotations

import ast
from pathlib import Path

import govhall.text

PACKAGE = Path(govhall.text.__file__).parent


def test_every_name_in_all_exists() -> None:
    for name in govhall.text.__all__:
        assert hasattr(govhall.text, name), name


def test_text_imports_nothing_else_of_govhall_but_the_error_family_and_the_day() -> None:
    # TextTooLong is one of the project's errors; the citizen's day (Beijing) is govhall.localtime's,
    # a leaf module like errors
    allowed = ("govhall.text", "govhall.errors", "govhall.localtime")
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govhall"):
                assert node.module.startswith(allowed), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("govhall") or alias.name.startswith(allowed)


def test_data_files_are_small() -> None:
    total = sum(p.stat().st_size for p in (PACKAGE / "data").iterdir())
    assert total < 2 * 1024 * 1024
