"""The one error handler: every failure becomes ``{"error": {"code", "message", "fields"}}``.

Browsers asking for a page get the same information as a Chinese HTML page instead of JSON.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from govhall.errors import BadInput, FormInvalid, GovhallError, NotAuthenticated, catalogue, message_for

log = logging.getLogger("govhall.api")

_PYDANTIC_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "string_type": "应为文字",
    "string_too_short": "内容过短",
    "string_unicode": "含有无效的 Unicode 字符",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为是/否",
    "bool_parsing": "应为是/否",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "too_short": "条目过少",
    "too_long": "条目过多",
    "value_error": "取值有误",
    "json_invalid": "JSON 格式错误",
    "json_type": "JSON 格式错误",
}


def _http_message(status: int, detail: object) -> str:
    """A Chinese message for an ``HTTPException``: framework details ("There was an error parsing
    the body") are English, so only a detail already written in Chinese is passed on."""
    text = str(detail)
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    code = f"http_{status}"
    if code in catalogue():
        return message_for(code)
    return message_for("http_400", "other_status") if status < 500 else message_for("internal_error")


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_json(error: GovhallError) -> JSONResponse:
    """The JSON answer for ``error``, for middleware that runs outside the exception handlers."""
    return JSONResponse(error.to_dict(), status_code=error.status, headers=getattr(error, "headers", None))


def _wants_html(request: Request) -> bool:
    """Page requests from a browser, when the pages are mounted, get HTML errors."""
    return (
        getattr(request.app.state, "templates", None) is not None
        and not request.url.path.startswith("/api")
        and "text/html" in request.headers.get("accept", "")
    )


def _render(request: Request, status: int, body: dict[str, Any]) -> Response:
    if _wants_html(request):
        templates = request.app.state.templates
        page: Response = templates.TemplateResponse(
            request, "error.html", {"error": body["error"], "status": status}, status_code=status
        )
        return page
    return JSONResponse(body, status_code=status)


def _field_messages(exc: RequestValidationError) -> tuple[str, dict[str, str]]:
    """The code (``invalid_json`` or ``invalid_request``) and a Chinese message per bad field."""
    fields: dict[str, str] = {}
    json_broken = False
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body",)]
        kind = str(error.get("type", ""))
        if kind in ("json_invalid", "json_type"):
            json_broken = True
        message = _PYDANTIC_MESSAGES.get(kind, "取值有误")
        ctx = error.get("ctx") or {}
        if kind == "value_error" and "error" in ctx:
            message = str(ctx["error"])
        if kind in ("string_too_long", "too_long") and "max_length" in ctx:
            message = f"{message}（最多 {ctx['max_length']}）"
        fields.setdefault(".".join(loc) or "_body", message)
    return ("invalid_json" if json_broken else "invalid_request"), fields


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(GovhallError)
    async def _govhall(request: Request, exc: GovhallError) -> Response:
        if isinstance(exc, NotAuthenticated) and _wants_html(request):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        response = _render(request, exc.status, exc.to_dict())
        response.headers.update(getattr(exc, "headers", None) or {})  # Retry-After of a 429
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        code, fields = _field_messages(exc)
        error = (
            BadInput.of("invalid_json", fields=fields)
            if code == "invalid_json"
            else FormInvalid.of(code, fields=fields)
        )
        return _render(request, error.status, error.to_dict())

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = _http_message(exc.status_code, exc.detail)
        response = _render(request, exc.status_code, error_body(f"http_{exc.status_code}", message))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _render(request, 500, error_body("internal_error", message_for("internal_error")))
