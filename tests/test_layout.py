"""The package layout keeps the architecture's arrows: exports exist, adapters are leaves."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "govhall"
PACKAGES = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())
MODULES = sorted(p.stem for p in SRC.glob("*.py") if p.stem not in ("__init__", "__main__", "models"))
"""The top-level modules: those with a row in the map are layers like a package; the others
(``setup``, ``demo``…) may import anything, and so no row may list them."""

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


def _sources(layer: str) -> list[Path]:
    """The files of a package, or the one file of a top-level module."""
    folder = SRC / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [SRC / f"{layer}.py"]


def test_every_package_has_a_row_in_the_map() -> None:
    assert set(PACKAGES) - {"cli"} <= set(ALLOWED), sorted(set(PACKAGES) - {"cli"} - set(ALLOWED))
    assert set(ALLOWED) <= {*PACKAGES, *MODULES}, sorted(set(ALLOWED) - {*PACKAGES, *MODULES})


def test_no_row_lists_a_module_that_may_import_anything() -> None:
    free = set(MODULES) - set(ALLOWED)
    for layer, targets in ALLOWED.items():
        assert not targets & free, f"{layer} may import {sorted(targets & free)}, which may import anything"


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


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_follow_the_arrows(layer: str) -> None:
    for path in _sources(layer):
        for name in _imports(path):
            parts = name.split(".")
            target = parts[1] if len(parts) > 1 else ""
            if target in ("", layer, "__version__", "models") or target not in [*PACKAGES, *MODULES]:
                continue
            assert target in ALLOWED[layer], f"{path.relative_to(SRC)} imports govhall.{target}"


def test_no_module_imports_a_private_name_of_another_package() -> None:
    for path in SRC.rglob("*.py"):
        owner = path.relative_to(SRC).parts[0]
        for name in _imports(path):
            parts = name.split(".")
            if len(parts) > 2 and parts[1] != owner.removesuffix(".py"):
                assert not any(p.startswith("_") and p != "__init__" for p in parts[2:]), f"{path}: {name}"


def test_no_test_module_imports_another() -> None:
    """Helpers two test modules share live in ``tests/support`` or a package's ``samples``/``conftest``:
    importing a test module runs its module-level set-up again and ties one module's tests to another's."""
    tests = Path(__file__).resolve().parent
    found = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [
                f"{path.relative_to(tests)} imports {name}"
                for name in names
                if re.search(r"(^|\.)test_\w+$", name) and name.startswith("tests.")
            ]
    assert found == []


def test_no_module_binds_a_constant_twice() -> None:
    """A module-level name in capitals bound twice leaves the first binding dead for every function
    that reads it at run time (slots once had two ``_PAST``: round 16's past-body words were never used)."""
    twice = []
    for path in sorted(SRC.rglob("*.py")):
        seen: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            for target in targets:
                if isinstance(target, ast.Name) and target.id.lstrip("_").isupper():
                    if target.id in seen:
                        twice.append(f"{path.relative_to(SRC)}: {target.id}")
                    seen.add(target.id)
    assert twice == []
