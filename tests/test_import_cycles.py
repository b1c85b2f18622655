"""No two modules of govhall import each other, even from inside a function (issue 24 item 6).

An import written inside a function hides a cycle from the import system but not from the reader:
``policies.faq`` imported ``policies.ingest`` that way while ``ingest`` imported ``faq``, and
``jobs.queue`` imported ``jobs.schedule`` while ``schedule`` imported ``queue``. This test follows
every ``govhall`` import, wherever it is written, and finds the modules that reach themselves.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "govhall"

KNOWN_CYCLES: set[frozenset[str]] = {frozenset({"govhall.text._written", "govhall.text._wordnames"})}
"""Cycles in packages this test's author does not edit, reported to their owners; one that is gone
must leave this set (``test_known_cycles_are_still_there``)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SRC.rglob("*.py") if "migrations" not in p.parts and p.name != "__main__.py"}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def _cycles() -> set[frozenset[str]]:
    """Pairs and triples of modules that reach each other; a package and its own modules aside (an
    ``__init__`` re-exports what its modules define, and they import siblings through it)."""
    graph = _graph()

    def related(a: str, b: str) -> bool:
        return a.startswith(b + ".") or b.startswith(a + ".")

    found: set[frozenset[str]] = set()
    for a, targets in graph.items():
        for b in targets:
            if related(a, b):
                continue
            if a in graph[b]:
                found.add(frozenset({a, b}))
            for c in graph[b]:
                if a in graph[c] and not related(b, c) and not related(a, c) and c != a:
                    found.add(frozenset({a, b, c}))
    return found


def test_no_module_imports_one_that_imports_it() -> None:
    new = sorted(" <-> ".join(sorted(c)) for c in _cycles() - KNOWN_CYCLES)
    assert not new, new


def test_known_cycles_are_still_there() -> None:
    gone = sorted(" <-> ".join(sorted(c)) for c in KNOWN_CYCLES - _cycles())
    assert not gone, f"remove {gone} from KNOWN_CYCLES"
