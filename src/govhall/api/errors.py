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

from govhall.errors import GovhallError, NotAuthenticated
from govhall.text import TextTooLong

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

_HTTP_MESSAGES = {
    400: "请求内容无法解析，请检查格式",
    401: "请先登录",
    403: "没有权限执行此操作",
    404: "页面或接口不存在",
    405: "不支持该请求方法",
    406: "不支持请求的内容格式",
    413: "提交的内容过大",
    415: "不支持的请求内容类型",
    422: "请求参数有误",
    429: "请求过于频繁，请稍后再试",
}


def _http_message(status: int, detail: object) -> str:
    """A Chinese message for an ``HTTPException``: framework details ("There was an error parsing
    the body") are English, so only a detail already written in Chinese is passed on."""
    text = str(detail)
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    return _HTTP_MESSAGES.get(status, "请求有误" if status < 500 else "服务器内部错误，请稍后再试")


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


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


def _field_messages(exc: RequestValidationError) -> tuple[str, str, dict[str, str]]:
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
    if json_broken:
        return "invalid_json", "请求内容不是有效的 JSON", fields
    return "invalid_request", "请求参数有误，请检查标出的字段", fields


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(GovhallError)
    async def _govhall(request: Request, exc: GovhallError) -> Response:
        if isinstance(exc, NotAuthenticated) and _wants_html(request):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        response = _render(request, exc.status, exc.to_dict())
        response.headers.update(getattr(exc, "headers", None) or {})  # Retry-After of a 429
        return response

    @app.exception_handler(TextTooLong)
    async def _text_too_long(request: Request, exc: TextTooLong) -> Response:
        return _render(request, 413, error_body(exc.code, str(exc)))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        code, message, fields = _field_messages(exc)
        return _render(request, 400 if code == "invalid_json" else 422, error_body(code, message, fields))

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
        return _render(request, 500, error_body("internal_error", "服务器内部错误，请稍后再试"))
