"""Submitting applications over HTTP: throughput and latency, SQLite vs PostgreSQL, 1 vs 2 workers,
then a crash test (SIGKILL mid-run) that checks every acknowledged case is stored whole.

    .venv/bin/python benchmarks/bench_cases.py [--n 600] [--clients 8]

Each configuration runs `govhall serve` as a separate process (workers share nothing but the
database) and drives it from C client threads, each logged in as its own citizen.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import pgcluster  # noqa: E402

from govhall import accounts, audit, catalog  # noqa: E402
from govhall.accounts import NewUser  # noqa: E402
from govhall.cases import Case, CaseEvent  # noqa: E402
from govhall.db import make_engine, make_session_factory, transaction, upgrade  # noqa: E402
from govhall.samples import make_person, sample_form_data  # noqa: E402

ITEM = "residence-permit"
PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(url: str, clients: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db, transaction(db):
        catalog.sync_builtin(db)
        for i in range(clients):
            accounts.create_user(db, NewUser(f"bench{i}", PASSWORD, f"用户{i}"))
    engine.dispose()


@contextmanager
def server(url: str, data_dir: Path, workers: int) -> Any:
    port = free_port()
    env = {**os.environ, "GOVHALL_DATABASE_URL": url, "GOVHALL_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "govhall", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError("server did not start")
        time.sleep(0.2)
    try:
        yield base, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def login(base: str, i: int) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    token = client.post("/api/auth/login", json={"username": f"bench{i}", "password": PASSWORD}).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def upload_pdf(client: httpx.Client, material: str, rng: random.Random) -> dict[str, str]:
    """One small PDF (distinct bytes, so each upload is its own file) offered as ``material``."""
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n% " + str(rng.random()).encode()
    response = client.post("/api/files", files={"file": ("材料.pdf", body, "application/pdf")})
    response.raise_for_status()
    return {"material": material, "file_id": response.json()["id"]}


def drive(base: str, n: int, clients: int, stop: threading.Event | None = None) -> tuple[list[float], list[str], float]:
    """Submit ``n`` applications from ``clients`` threads; latencies, acknowledged numbers, seconds."""
    item = httpx.get(f"{base}/api/catalog/items/{ITEM}").json()
    form = item["form"]
    required = [m["name"] for m in item["materials"] if m.get("required", True)]
    sessions = [login(base, i) for i in range(clients)]
    latencies: list[float] = []
    acknowledged: list[str] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        rng = random.Random(i)
        for _ in range(n // clients):
            if stop is not None and stop.is_set():
                return
            data = sample_form_data(form, make_person(rng), rng)
            try:  # the required materials are uploaded first (POST /api/cases refuses without them), untimed
                materials = [upload_pdf(sessions[i], name, rng) for name in required]
            except httpx.HTTPError:
                return
            t0 = time.perf_counter()
            try:
                response = sessions[i].post(
                    "/api/cases", json={"item_code": ITEM, "data": data, "materials": materials}
                )
            except httpx.HTTPError:
                return  # the server died under us: nothing acknowledged for this one
            elapsed = time.perf_counter() - t0
            if response.status_code == 201:
                with lock:
                    latencies.append(elapsed)
                    acknowledged.append(response.json()["number"])

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    seconds = time.perf_counter() - start
    for s in sessions:
        s.close()
    return latencies, acknowledged, seconds


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) >= 2 else float("nan")


def check_whole(url: str, acknowledged: list[str]) -> tuple[int, int, int, bool]:
    """(acknowledged, missing, half-written, audit chain ok) after the server was killed."""
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        stored = set(db.scalars(select(Case.number)))
        missing = sum(1 for number in acknowledged if number not in stored)
        cases_total = db.scalar(select(func.count()).select_from(Case)) or 0
        events = db.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.action == "submit")) or 0
        submits = (
            db.scalar(
                select(func.count()).select_from(audit.AuditEntry).where(audit.AuditEntry.action == "case.submit")
            )
            or 0
        )
        half = abs(cases_total - events) + abs(cases_total - submits)
        ok = audit.verify(db).ok
    engine.dispose()
    return len(acknowledged), missing, half, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=600, help="applications per configuration")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    args = parser.parse_args()
    rows = []
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="govhall-bench-")))
        configs: list[tuple[str, str, int]] = [("SQLite", f"sqlite:///{tmp / 'bench.db'}", 1)]
        cluster = stack.enter_context(pgcluster.running_cluster()) if pgcluster.available() else None
        if cluster is None:
            print("PostgreSQL binaries not found: PostgreSQL rows skipped", file=sys.stderr)
        else:
            configs += [("PostgreSQL", cluster.create_database(), 1), ("PostgreSQL", cluster.create_database(), 2)]
        for name, url, workers in configs:
            prepare(url, args.clients)
            with server(url, tmp / "data", workers) as (base, _):
                drive(base, args.clients * 5, args.clients)  # warm-up
                latencies, _acks, seconds = drive(base, args.n, args.clients)
            rows.append((name, workers, len(latencies) / seconds, percentile(latencies, 50), percentile(latencies, 99)))
            print(f"{name} workers={workers}: {rows[-1][2]:.0f} req/s", file=sys.stderr)

        print(f"\nSubmit {args.n} applications, {args.clients} concurrent clients, item {ITEM}")
        print(f"{'database':<12}{'workers':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs SQLite':>11}")
        for name, workers, rps, p50, p99 in rows:
            print(f"{name:<12}{workers:>8}{rps:>10.0f}{p50 * 1000:>10.1f}{p99 * 1000:>10.1f}{rps / rows[0][2]:>10.2f}x")

        print("\nCrash test: SIGKILL the server mid-run, then check the database")
        print(f"{'database':<12}{'workers':>8}{'acked':>8}{'missing':>9}{'half-written':>14}{'audit ok':>10}")
        for name, url, workers in configs[:1] + configs[-1:]:
            stop = threading.Event()
            with server(url, tmp / "data", workers) as (base, proc):
                timer = threading.Timer(3.0, lambda p=proc, s=stop: (os.killpg(p.pid, signal.SIGKILL), s.set()))
                timer.start()
                _lat, acknowledged, _s = drive(base, args.n * 10, args.clients, stop)
                timer.join()
            acked, missing, half, ok = check_whole(url, acknowledged)
            print(f"{name:<12}{workers:>8}{acked:>8}{missing:>9}{half:>14}{'yes' if ok else 'NO':>10}")


if __name__ == "__main__":
    main()
