"""The documented HTTPS deployments, really served: ``govhall serve`` with a certificate, and uvicorn
behind a reverse proxy whose forwarded headers are trusted only from ``GOVHALL_FORWARDED_ALLOW_IPS``."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from govhall import accounts
from govhall.accounts import NewUser
from govhall.cli.serve_cmd import server_options
from govhall.db import make_engine, make_session_factory, transaction, upgrade
from govhall.web import create_app
from tests.conftest import PASSWORD, make_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made here (no network, no fixture files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "govhall-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)
    return cert_file, key_file


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{(tmp_path / 'govhall.db').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db, transaction(db):
        accounts.create_user(db, NewUser("zhangsan", PASSWORD, "张三"))
    engine.dispose()
    return url


def _wait_until_up(client: httpx.Client, url: str, process: subprocess.Popen[str] | None = None) -> httpx.Response:
    deadline = time.monotonic() + 90
    while True:
        try:
            return client.get(url)
        except httpx.TransportError:
            if process is not None and process.poll() is not None:
                raise AssertionError(f"server exited: {process.communicate()[1][-2000:]}") from None
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)


def test_govhall_serve_over_https_with_a_certificate(tmp_path: Path) -> None:
    url = _database(tmp_path)
    cert, key = _self_signed(tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "GOVHALL_DATA_DIR": str(tmp_path / "data"),
        "GOVHALL_DATABASE_URL": url,
        "GOVHALL_COOKIE_SECURE": "true",
    }
    command = [sys.executable, "-m", "govhall", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        trust = ssl.create_default_context(cafile=str(cert))
        base = f"https://127.0.0.1:{port}"
        with httpx.Client(verify=trust, timeout=10) as client:
            health = _wait_until_up(client, base + "/api/health", process)
            assert health.status_code == 200 and health.json() == {"status": "ok"}
            assert health.headers["strict-transport-security"].startswith("max-age=")
            login = client.post(
                base + "/login",
                data={"username": "zhangsan", "password": PASSWORD},
                headers={"Origin": base},
                follow_redirects=False,
            )
            assert login.status_code == 303, login.text
            cookie = login.headers["set-cookie"].lower()
            assert "; secure" in cookie and "; httponly" in cookie and "samesite=lax" in cookie
        with pytest.raises(httpx.TransportError), httpx.Client(verify=True, timeout=10) as untrusting:
            untrusting.get(base + "/api/health")  # a real TLS handshake: an unknown certificate fails
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Two plain-HTTP servers over one database, as behind a TLS-terminating proxy on this machine:
    one trusts forwarded headers from 127.0.0.1, the other (the default) from nobody."""
    url = _database(tmp_path)
    bases, servers, threads = {}, [], []
    for name, allowed in (("trusting", "127.0.0.1"), ("default", "")):
        settings = make_settings(tmp_path, url, forwarded_allow_ips=allowed)
        port = _free_port()
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, **server_options(settings))
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append(server)
        threads.append(thread)
        bases[name] = f"http://127.0.0.1:{port}"
    yield bases
    for server in servers:
        server.should_exit = True
    for thread in threads:
        thread.join(10)


def test_forwarded_headers_are_trusted_only_from_the_configured_proxy(proxied: dict[str, str]) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    with httpx.Client(timeout=10) as client:
        for base in proxied.values():
            _wait_until_up(client, base + "/api/health")
        behind_proxy = client.get(proxied["trusting"] + "/api/health", headers=forwarded)
        assert "strict-transport-security" in behind_proxy.headers, "the proxy's https is believed"
        spoofed = client.get(proxied["default"] + "/api/health", headers=forwarded)
        assert "strict-transport-security" not in spoofed.headers, "a client cannot claim https by itself"
        # the Origin check compares with the scheme the server believes
        login = {"username": "zhangsan", "password": PASSWORD}
        host = proxied["trusting"].removeprefix("http://")
        ok = client.post(
            proxied["trusting"] + "/login",
            data=login,
            headers={**forwarded, "Origin": f"https://{host}"},
            follow_redirects=False,
        )
        assert ok.status_code == 303, ok.text
