"""Material files: upload and download throughput of 1 MB files, the data folder vs an S3-compatible
store (moto's server), in the same run.

    .venv/bin/python benchmarks/bench_files.py [--n 40] [--size 1048576] [--repeat 3]

Each store gets a fresh SQLite database and data folder. Uploads go through the real app
(``POST /api/files``: multipart parsing, content check, SHA-256, AES-GCM, the store, the row and its
audit entry), downloads through ``GET /api/files/{id}/content`` (access check, the store, decryption,
the audit entry), with an in-process HTTP client (starlette's TestClient). The S3 server runs as its
own process (``moto_server``) on a free loopback port, so it does not share this process's GIL;
every file has different random bytes, so none is deduplicated. A second table times the store
alone (``BlobStore.put`` / ``get`` of the same sealed size), without the app around it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from minio import Minio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from govhall import accounts  # noqa: E402
from govhall.accounts import NewUser  # noqa: E402
from govhall.config import Settings  # noqa: E402
from govhall.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from govhall.files import make_blob_store  # noqa: E402
from govhall.web import create_app  # noqa: E402

PASSWORD = "correct-horse-9"
ACCESS_KEY = "bench"
SECRET_KEY = "bench-secret-key"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def moto_server() -> Iterator[str]:
    """``moto_server`` in its own process; yields its endpoint once it answers."""
    port = free_port()
    exe = Path(sys.executable).with_name("moto_server")
    proc = subprocess.Popen(
        [str(exe), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("moto_server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def payloads(n: int, size: int) -> list[bytes]:
    """``n`` distinct PDFs (by content) of ``size`` bytes."""
    head = b"%PDF-1.4\n"
    return [head + os.urandom(size - len(head)) for _ in range(n)]


def timed(calls: list[Callable[[], Any]]) -> tuple[float, list[float]]:
    """Total seconds and per-call milliseconds of running ``calls`` one after another."""
    each = []
    start = time.perf_counter()
    for call in calls:
        t0 = time.perf_counter()
        call()
        each.append((time.perf_counter() - t0) * 1000)
    return time.perf_counter() - start, each


def logged_in(root: Path, overrides: dict[str, Any], pending: int) -> tuple[TestClient, dict[str, str]]:
    """The real app on a fresh SQLite file under ``root``, and one citizen's Authorization header."""
    url = f"sqlite:///{root / 'bench.db'}"
    root.mkdir(parents=True)
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db, transaction(db):
        accounts.create_user(db, NewUser("uploader", PASSWORD, "用户"))
    engine.dispose()
    settings = Settings(data_dir=root / "data", database_url=url, max_pending_uploads=pending, **overrides)
    http = TestClient(create_app(settings))
    token = http.post("/api/auth/login", json={"username": "uploader", "password": PASSWORD}).json()["token"]
    return http, {"Authorization": f"Bearer {token}"}


def run_app(label: str, root: Path, overrides: dict[str, Any], files: list[bytes]) -> dict[str, Any]:
    http, who = logged_in(root, overrides, len(files) + 2)
    ids: list[str] = []

    def upload(data: bytes) -> Callable[[], None]:
        def call() -> None:
            response = http.post("/api/files", files={"file": ("材料.pdf", data, "application/pdf")}, headers=who)
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])

        return call

    def download(file_id: str, data: bytes) -> Callable[[], None]:
        def call() -> None:
            response = http.get(f"/api/files/{file_id}/content", headers=who)
            assert response.status_code == 200 and response.content == data

        return call

    warm = payloads(1, len(files[0]))[0]  # first request: lazy imports, connection set-up (untimed)
    upload(warm)()
    download(ids.pop(), warm)()
    up_s, up_ms = timed([upload(d) for d in files])
    down_s, down_ms = timed([download(i, d) for i, d in zip(ids, files, strict=True)])
    return {"label": label, "up": (up_s, up_ms), "down": (down_s, down_ms)}


def run_store(label: str, root: Path, overrides: dict[str, Any], files: list[bytes]) -> dict[str, Any]:
    store = make_blob_store(Settings(data_dir=root, **overrides))
    digests = [secrets.token_hex(32) for _ in files]
    store.put("0" * 64, files[0])  # untimed warm-up, as for the app
    store.get("0" * 64)
    up_s, up_ms = timed([lambda d=d, b=b: store.put(d, b) for d, b in zip(digests, files, strict=True)])
    down_s, down_ms = timed([lambda d=d: store.get(d) for d in digests])
    return {"label": label, "up": (up_s, up_ms), "down": (down_s, down_ms)}


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest upload pass and the fastest download pass of repeated runs (a shared machine
    only ever slows a run down, so the minimum is the least disturbed figure)."""
    return {
        "label": runs[0]["label"],
        "up": min((r["up"] for r in runs), key=lambda t: t[0]),
        "down": min((r["down"] for r in runs), key=lambda t: t[0]),
    }


def table(title: str, rows: list[dict[str, Any]], n: int, size: int) -> None:
    mb = n * size / 1_048_576
    print(f"\n{title}\n")
    print("| store | upload MB/s | upload p50 ms | download MB/s | download p50 ms | vs local (up / down) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    base_up, base_down = rows[0]["up"][0], rows[0]["down"][0]
    for row in rows:
        (up_s, up_ms), (down_s, down_ms) = row["up"], row["down"]
        print(
            f"| {row['label']} | {mb / up_s:.1f} | {statistics.median(up_ms):.1f} | {mb / down_s:.1f} "
            f"| {statistics.median(down_ms):.1f} | {base_up / up_s:.2f}x / {base_down / down_s:.2f}x |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="files per store")
    parser.add_argument("--size", type=int, default=1_048_576, help="bytes per file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per store; the best is shown")
    args = parser.parse_args()
    files = payloads(args.n, args.size)
    sealed = [os.urandom(args.size + 28) for _ in range(args.n)]  # what the store sees: nonce + ciphertext + tag
    with moto_server() as endpoint, tempfile.TemporaryDirectory() as tmp:
        bucket = "govhall-bench"
        Minio(endpoint.removeprefix("http://"), ACCESS_KEY, SECRET_KEY, secure=False, region=REGION).make_bucket(bucket)
        s3 = {
            "file_store": "s3",
            "s3_endpoint": endpoint,
            "s3_bucket": bucket,
            "s3_access_key": ACCESS_KEY,
            "s3_secret_key": SECRET_KEY,
            "s3_region": REGION,
        }
        stores = [("local (data folder)", {}), ("s3 (moto_server)", s3)]
        app_runs: list[list[dict[str, Any]]] = [[] for _ in stores]
        store_runs: list[list[dict[str, Any]]] = [[] for _ in stores]
        for r in range(args.repeat):  # the stores take turns, so a busy spell hits both
            for n, (label, overrides) in enumerate(stores):
                app_runs[n].append(run_app(label, Path(tmp) / f"app{n}-{r}", overrides, files))
                prefixed = {**overrides, "s3_prefix": f"store-only-{r}"} if overrides else overrides
                store_runs[n].append(run_store(label, Path(tmp) / f"store{n}-{r}", prefixed, sealed))
    app_rows, store_rows = [best(runs) for runs in app_runs], [best(runs) for runs in store_runs]
    print(f"{args.n} files of {args.size} bytes per store, best of {args.repeat} runs")
    table("Through the app (POST /api/files, GET /api/files/{id}/content)", app_rows, args.n, args.size)
    table("The store alone (BlobStore.put / get)", store_rows, args.n, args.size)


if __name__ == "__main__":
    main()
