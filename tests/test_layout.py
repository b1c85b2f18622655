"""The package layout keeps the architecture's arrows: exports exist, adapters are leaves."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "govhall"
PACKAGES = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())

# Which govhall packages each package may import (ARCHITECTURE.md); adapters come last.
CAPABILITIES = {
    "db",
    "errors",
    "config",
    "text",
    "audit",
    "accounts",
    "catalog",
    "cases",
    "embeddings",
    "policies",
    "learn",
    "knowledge_graph",
    "assistant",
    "opinion",
    "jobs",
    "files",
    "notify",
}
ALLOWED = {
    "text": set(),
    "db": {"errors", "config"},
    "accounts": {"db", "errors", "text", "audit"},
    "audit": {"db", "errors", "text"},
    "catalog": {"db", "errors", "text", "audit", "accounts"},
    "cases": {"db", "errors", "text", "audit", "accounts", "catalog", "files", "notify", "jobs"},
    "files": {"db", "errors", "config", "accounts", "audit"},
    "notify": {"db", "errors", "config", "jobs"},
    "embeddings": {"errors", "config"},
    "jobs": {"db", "errors", "config"},
    "policies": {"db", "errors", "config", "text", "embeddings", "audit", "accounts", "jobs"},
    "learn": {"errors", "config", "text", "embeddings"},
    "knowledge_graph": {"db", "errors", "config", "text", "catalog", "policies"},
    "assistant": {
        "db",
        "errors",
        "config",
        "text",
        "audit",
        "accounts",
        "catalog",
        "cases",
        "policies",
        "learn",
        "knowledge_graph",
        "embeddings",  # options matched by meaning (issue "Assistant 2.0")
    },
    "opinion": {"db", "errors", "text", "catalog", "learn", "jobs"},
    "api": CAPABILITIES,
    "web": CAPABILITIES | {"api"},
}


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
            if target in ("", package, "__version__", "models") or target not in [*PACKAGES, "errors", "config"]:
                continue
            assert target in ALLOWED[package], f"{path.relative_to(SRC)} imports govhall.{target}"


def test_no_module_imports_a_private_name_of_another_package() -> None:
    for path in SRC.rglob("*.py"):
        owner = path.relative_to(SRC).parts[0]
        for name in _imports(path):
            parts = name.split(".")
            if len(parts) > 2 and parts[1] != owner.removesuffix(".py"):
                assert not any(p.startswith("_") and p != "__init__" for p in parts[2:]), f"{path}: {name}"
