"""The package layout keeps the architecture's arrows: exports exist, adapters are leaves."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "govhall"
PACKAGES = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())

ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def _arrows() -> dict[str, set[str]]:
    """Which govhall packages each package may import: the table under "## Import arrows" in
    docs/architecture.md, so that the map and the check cannot drift apart."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Import arrows", 1)[1].split("\n## ", 1)[0]
    arrows: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not cells[0].startswith("`"):
            continue
        arrows[cells[0].strip("`")] = set(re.findall(r"`([a-z_]+)`", cells[1]))
    capabilities = {name for name in arrows if name not in ("api", "web")}
    arrows["api"] = capabilities
    arrows["web"] = capabilities | {"api"}
    return arrows


ALLOWED = _arrows()
BOTTOM_MODULES = ("errors", "config", "registry", "localtime", "labels")
"""Single-module layers the arrows name too."""


def test_every_package_has_a_row_in_the_map() -> None:
    assert set(PACKAGES) - {"cli"} <= set(ALLOWED), sorted(set(PACKAGES) - {"cli"} - set(ALLOWED))


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govhall"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("govhall"))
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_exists(package: str) -> None:
    module = importlib.import_module(f"govhall.{package}")
    for name in getattr(module, "__all__", []):
        assert hasattr(module, name), f"govhall.{package}.{name}"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_follow_the_arrows(package: str) -> None:
    for path in (SRC / package).rglob("*.py"):
        for name in _imports(path):
            parts = name.split(".")
            target = parts[1] if len(parts) > 1 else ""
            if target in ("", package, "__version__", "models") or target not in [*PACKAGES, *BOTTOM_MODULES]:
                continue
            assert target in ALLOWED[package], f"{path.relative_to(SRC)} imports govhall.{target}"


def test_no_module_imports_a_private_name_of_another_package() -> None:
    for path in SRC.rglob("*.py"):
        owner = path.relative_to(SRC).parts[0]
        for name in _imports(path):
            parts = name.split(".")
            if len(parts) > 2 and parts[1] != owner.removesuffix(".py"):
                assert not any(p.startswith("_") and p != "__init__" for p in parts[2:]), f"{path}: {name}"
