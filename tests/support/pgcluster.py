"""A throwaway PostgreSQL cluster for tests and benchmarks, started with initdb/pg_ctl.

PostgreSQL refuses to run as root, so when we are root the cluster runs as ``nobody`` via
``runuser``. It listens on 127.0.0.1 only, with trust authentication, in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SEARCH = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin", "/usr/bin"]


def find_bin(name: str) -> str | None:
    for folder in _SEARCH:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    return shutil.which(name)


def available() -> bool:
    return all(find_bin(n) for n in ("initdb", "pg_ctl", "postgres"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *cmd] if os.geteuid() == 0 else cmd


class Cluster:
    """A running cluster; ``create_database`` hands out fresh, empty databases."""

    def __init__(self, port: int) -> None:
        self.port = port

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a cluster, yield it, and stop and delete it afterwards whatever happens."""
    root = Path(tempfile.mkdtemp(prefix="govhall-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        os.chmod(root, 0o777)
        shutil.chown(root, "nobody")
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    assert initdb and pg_ctl
    port = _free_port()
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=200"
    try:
        subprocess.run(
            _as_owner([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"]),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_owner([pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log.txt"), "-w", "start"]),
            check=True,
            capture_output=True,
        )
        _wait_ready(port)
        yield Cluster(port)
    finally:
        if data.exists():
            subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not start on port {port}")
