"""One guard for what no route should ever see: non-finite numbers and unstorable characters.

Python's ``json`` accepts ``NaN``, ``Infinity``, ``-Infinity`` and turns ``1e309`` into ``inf``; it
also decodes ``"\\ud800"`` into a lone surrogate and ``"\\u0000"`` into NUL. A non-finite number is no
quantity (and PostgreSQL's JSONB refuses it); a lone surrogate cannot be encoded as UTF-8 (text
libraries such as opencc raise on it); PostgreSQL text cannot hold NUL. Rather than teach every
route and model, this middleware reads each JSON body, form body and query string once, before
routing:

* a non-finite number or a lone surrogate in JSON: 422 in the standard error shape, naming the field;
* NUL in a JSON string: removed (free text from pasted documents may carry one; nothing means it);
* NUL in a form field or query parameter: 422, naming it;
* a JSON body that is not valid UTF-8 (or another JSON encoding): 400, in Chinese.
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import parse_qsl

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import Message, Receive, Scope, Send

from govhall.api.asgi import HttpMiddleware
from govhall.api.errors import error_json
from govhall.errors import BadInput, FormInvalid
from govhall.text import LONE_SURROGATE

TEXT_MESSAGE = "含有无效字符（不成对的代理字符）"
NUL_MESSAGE = "含有无效字符（空字符）"
NUMBER_MESSAGE = "应为有限的数字（不接受 NaN、Infinity 或超出范围的数）"
MAX_FIELDS = 20


def _invalid(fields: dict[str, str]) -> JSONResponse:
    return error_json(FormInvalid.of("invalid_request", fields=fields))


class _Cleaned:
    """The value with NUL characters removed, and the fields that cannot be accepted."""

    def __init__(self) -> None:
        self.problems: dict[str, str] = {}
        self.changed = False

    def walk(self, value: Any, path: str) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            self._problem(path, NUMBER_MESSAGE)
        elif isinstance(value, str):
            return self._text(value, path)
        elif isinstance(value, dict):
            return {self._text(k, _join(path, k)): self.walk(v, _join(path, k)) for k, v in value.items()}
        elif isinstance(value, list):
            return [self.walk(v, _join(path, str(i))) for i, v in enumerate(value)]
        return value

    def _text(self, text: str, path: str) -> str:
        if LONE_SURROGATE.search(text):
            self._problem(path, TEXT_MESSAGE)
        if "\x00" in text:
            self.changed = True
            return text.replace("\x00", "")
        return text

    def _problem(self, path: str, message: str) -> None:
        if len(self.problems) < MAX_FIELDS:
            self.problems.setdefault(LONE_SURROGATE.sub("\ufffd", path) or "_body", message)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def clean_json(value: Any) -> tuple[Any, dict[str, str], bool]:
    """(``value`` without NUL characters, field path → Chinese message for each non-finite number
    and lone surrogate, whether anything was removed)."""
    cleaned = _Cleaned()
    result = cleaned.walk(value, "")
    return result, cleaned.problems, cleaned.changed


def _pairs_problems(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {name.replace("\x00", "\ufffd"): NUL_MESSAGE for name, value in pairs if "\x00" in name or "\x00" in value}


def _is_json(content_type: str) -> bool:
    """As FastAPI decides: it parses a body without a content type as JSON too."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media in ("", "application/json") or media.endswith("+json")


class InputGuard(HttpMiddleware):
    """Rejects bad JSON values, NUL characters in forms and query strings, before any route runs."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"").decode("latin-1")
        if "%00" in query:
            problems = _pairs_problems(parse_qsl(query, keep_blank_values=True))
            await _invalid(problems or {"_query": NUL_MESSAGE})(scope, receive, send)
            return
        content_type = Headers(scope=scope).get("content-type", "")
        media = content_type.split(";", 1)[0].strip().lower()
        if not _is_json(content_type) and media != "application/x-www-form-urlencoded":
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        checked = _check_json(body) if _is_json(content_type) else _check_form(body)
        if isinstance(checked, JSONResponse):
            await checked(scope, receive, send)
            return
        if checked is not body:
            scope = {**scope, "headers": _with_length(scope["headers"], len(checked))}
        await self.app(scope, _replay(checked, complete, receive), send)


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body (the size limit outside this middleware stops oversized ones while reading)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away: let the app see that
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), True


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay if complete else receive


def _check_json(body: bytes) -> JSONResponse | bytes:
    """A refusal, or the body to pass on (the same bytes unless NUL characters were removed)."""
    if not body:
        return body
    try:
        value = json.loads(body)
    except UnicodeDecodeError:
        return error_json(BadInput.of("invalid_json", "not_utf8"))
    except ValueError:
        return body  # broken JSON: the app reports it in its usual way
    try:
        cleaned, problems, changed = clean_json(value)
    except RecursionError:
        return error_json(BadInput.of("invalid_json", "too_deep"))
    if problems:
        return _invalid(problems)
    return json.dumps(cleaned, ensure_ascii=False).encode("utf-8") if changed else body


def _with_length(headers: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    kept = [(name, value) for name, value in headers if name.lower() != b"content-length"]
    return [*kept, (b"content-length", str(length).encode("ascii"))]


def _check_form(body: bytes) -> JSONResponse | bytes:
    raw = body.decode("latin-1")
    if "%00" not in raw and "\x00" not in raw:
        return body
    problems = _pairs_problems(parse_qsl(raw, keep_blank_values=True))
    return _invalid(problems or {"_body": NUL_MESSAGE})
