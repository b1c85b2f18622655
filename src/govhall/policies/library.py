"""The policy library shipped inside the package (``data/laws``): the laws the built-in catalogue
cites, loaded on first use so that a fresh installation answers policy questions."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from govhall.db import transaction
from govhall.policies.index import bump_generation
from govhall.policies.ingest import IngestReport, SourceFile, ingest_files
from govhall.policies.models import PolicyIndexState

__all__ = ["builtin_files", "builtin_replacements", "ensure_builtin", "sync_builtin"]

BUILTIN_PREFIX = "builtin:"


def _data() -> Path:
    return Path(str(resources.files("govhall.policies") / "data"))


@lru_cache(maxsize=1)
def _folders() -> dict[str, str]:
    """File name → the folder of ``../shared/data/laws`` it came from (gives the document type)."""
    result: dict[str, str] = {}
    for line in (_data() / "SOURCE.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].endswith(".md"):
            result[cells[0]] = cells[1].split("/")[0]
    return result


def builtin_files() -> list[SourceFile]:
    folder = _data() / "laws"
    return [
        SourceFile(BUILTIN_PREFIX + path.name, path.name, _folders().get(path.name, ""), path.read_bytes)
        for path in sorted(folder.glob("*.md"))
    ]


def builtin_replacements() -> list[tuple[str, str]]:
    raw = yaml.safe_load((_data() / "replacements.yaml").read_text(encoding="utf-8")) or {}
    return [(str(old), str(new)) for old, new in raw.items()]


@lru_cache(maxsize=1)
def builtin_hash() -> str:
    digest = hashlib.sha256()
    for source in builtin_files():
        digest.update(source.source.encode() + b"\0" + source.read())
    digest.update(repr(builtin_replacements()).encode())
    return digest.hexdigest()


def sync_builtin(db: Session) -> IngestReport:
    """Load (or bring up to date) the shipped library; documents from other sources are untouched."""
    report = ingest_files(db, builtin_files(), prune_prefix=BUILTIN_PREFIX, replacements=builtin_replacements())
    with transaction(db):
        state = db.get(PolicyIndexState, 1)
        if state is None:
            bump_generation(db)
            state = db.get(PolicyIndexState, 1)
        assert state is not None
        state.builtin_hash = builtin_hash()
    return report


def ensure_builtin(db: Session) -> None:
    """Load the shipped library once per database (and again when a new release ships other texts)."""
    state = db.get(PolicyIndexState, 1)
    if state is not None and state.builtin_hash == builtin_hash():
        return
    db.rollback()
    try:
        sync_builtin(db)
    except IntegrityError:  # another worker loaded it at the same moment
        db.rollback()
