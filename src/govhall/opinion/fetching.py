"""Outbound HTTP for collectors, which fetch URLs an analyst typed: kept off the server's own network.

An analyst is not the server's operator. A URL they give could name the metadata service
(169.254.169.254), a database port on localhost or an intranet admin page, and a token the source
names must not travel anywhere else. So every request (the first and each redirect) goes only to a
public address: the host is resolved and refused when any of its addresses is loopback, private,
link-local, unspecified, multicast or reserved (IPv4, IPv6 and IPv4-mapped IPv6), unless the
operator sets ``GOVHALL_COLLECTOR_ALLOW_PRIVATE`` (intranet feeds, tests); the address actually
connected to is checked again, so a name that resolves differently a moment later (DNS rebinding)
gains nothing. A redirect may not change
the scheme or the host, so the ``Authorization`` header never reaches another server. A response
is read in chunks against a whole-request deadline and a size cap: a server that trickles one byte
every few seconds cannot hold the single job worker for days, since the socket timeout alone
counts only the wait for each read.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from typing import IO, Any

__all__ = ["CHUNK_BYTES", "TOO_SLOW", "Refused", "Watchdog", "address_problem", "opener", "read_within"]

CHUNK_BYTES = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}


class Refused(Exception):
    """A request this module will not make; ``message`` says why, in Chinese, for the source's row."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _internal(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified or ip.is_multicast or ip.is_reserved


def _origin(url: str) -> tuple[str, str, int]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme, 0)


def address_problem(url: str, *, allow_private: bool) -> str | None:
    """Why ``url`` may not be fetched (a Chinese sentence), or None when it may."""
    try:
        scheme, host, port = _origin(url)
    except ValueError:  # a port that is not a number or out of range
        return f"地址“{url[:80]}”的端口无效"
    if scheme not in _DEFAULT_PORTS:
        return f"地址“{url[:80]}”应以 http:// 或 https:// 开头"
    if not host:
        return f"地址“{url[:80]}”缺少主机名"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return f"无法解析主机 {host}"
    for info in infos:
        if _internal(str(info[4][0])):
            return (
                f"主机 {host} 指向内部网络地址 {info[4][0]}，不允许采集"
                "（确需采集内网来源时，由运维人员设置 GOVHALL_COLLECTOR_ALLOW_PRIVATE=true）"
            )
    return None


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same scheme, host and port, and only to an allowed address."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        target = urllib.parse.urljoin(req.full_url, newurl)
        problem = address_problem(target, allow_private=self.allow_private)
        if problem is None and _origin(target) != _origin(req.full_url):
            problem = f"来源把请求重定向到另一个站点（{target[:80]}），已拒绝"
        if problem is not None:
            fp.close()
            raise Refused(problem)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


TOO_SLOW = "响应未在限定时间内传完（选项 deadline，秒）"


class Watchdog:
    """The whole-request deadline of one fetch: when it passes, every socket the fetch opened is
    shut down, so a read stuck anywhere (status line, headers, body) returns at once. Use it as a
    context manager: leaving it stops the timer."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    @property
    def expired(self) -> bool:
        return self.fired or time.monotonic() > self.deadline

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # closed already: nothing left to stop
        sock.shutdown(socket.SHUT_RDWR)


def _public_only(address: tuple[str, int], timeout: Any, source_address: Any = None) -> socket.socket:
    """``socket.create_connection``, then the address actually connected to is checked: a name
    that resolved to a public address for :func:`address_problem` and to 127.0.0.1 a moment later
    (DNS rebinding) is caught here, before a byte of the request is sent."""
    sock = socket.create_connection(address, timeout, source_address)
    peer = str(sock.getpeername()[0])
    if _internal(peer):
        sock.close()
        raise Refused(f"主机 {address[0]} 连接到了内部网络地址 {peer}，不允许采集")
    return sock


class _Watched:
    """Makes the http.client connections of one fetch: each connects through :func:`_public_only`
    (unless private addresses are allowed, or behind a proxy, which resolves the host itself and
    may well be internal), and its socket, once connected (after TLS for HTTPS), is watched."""

    def __init__(self, watchdog: Watchdog, allow_private: bool) -> None:
        self.watchdog, self.allow_private = watchdog, allow_private

    def connection(self, base: type[http.client.HTTPConnection], req: urllib.request.Request) -> Any:
        proxied = req.host != urllib.parse.urlsplit(req.full_url).netloc
        check = not (self.allow_private or proxied)
        watchdog = self.watchdog

        def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
            connection = base(*args, **kwargs)
            if check:
                connection._create_connection = _public_only  # type: ignore[attr-defined]
            connect = connection.connect

            def watched_connect() -> None:
                connect()
                if connection.sock is not None:
                    watchdog.watch(connection.sock)

            connection.connect = watched_connect  # type: ignore[method-assign]
            return connection

        return make


class _WatchedHTTP(urllib.request.HTTPHandler):
    def __init__(self, watched: _Watched) -> None:
        super().__init__()
        self.watched = watched

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.watched.connection(http.client.HTTPConnection, req), req)


class _WatchedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watched: _Watched) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.watched = watched

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.watched.connection(http.client.HTTPSConnection, req), req, context=self.context)


def opener(*, allow_private: bool, watchdog: Watchdog) -> urllib.request.OpenerDirector:
    """A urllib opener whose redirects stay on the same origin, whose sockets ``watchdog`` shuts
    at its deadline, and which, unless ``allow_private``, connects only to public addresses."""
    watched = _Watched(watchdog, allow_private)
    return urllib.request.build_opener(
        _SameOriginRedirects(allow_private), _WatchedHTTP(watched), _WatchedHTTPS(watched)
    )


def read_within(response: Any, watchdog: Watchdog, limit: int) -> bytes:
    """The body of ``response`` read chunk by chunk, or :class:`Refused` once ``watchdog``'s
    deadline passes or more than ``limit`` bytes arrive (``read1`` returns what each receive
    brought, so a trickle is checked byte by byte instead of waiting for a full chunk; a body cut
    short by the watchdog is refused, never taken for the whole)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if watchdog.expired:
            raise Refused(TOO_SLOW)
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            if watchdog.fired:
                raise Refused(TOO_SLOW)
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise Refused(f"响应超过 {limit // 1024 // 1024 or 1} MB")
        chunks.append(chunk)
