"""The one error family of govhall.

Every failure a user can cause is a ``GovhallError`` with a stable English ``code``, a Chinese
``message`` and, where it concerns input fields, ``fields`` (field path → Chinese message). The API
turns it into ``{"error": {"code", "message", "fields"}}`` with ``status``; the CLI prints the
message and exits with 2.
"""

from __future__ import annotations

from pathlib import Path


class GovhallError(Exception):
    """Base class: a failure with a code, a Chinese message and optional per-field messages."""

    status: int = 400

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    def to_dict(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class BadInput(GovhallError):
    """Input that is malformed or out of range."""

    status = 400


class NotAuthenticated(GovhallError):
    """No valid login token or session."""

    status = 401

    def __init__(self, message: str = "请先登录") -> None:
        super().__init__("not_authenticated", message)


class PermissionDenied(GovhallError):
    """The user is logged in but may not do this."""

    status = 403

    def __init__(self, message: str = "没有权限执行此操作") -> None:
        super().__init__("permission_denied", message)


class NotFound(GovhallError):
    """The thing does not exist, or the user may not know that it does."""

    status = 404

    def __init__(self, what: str, key: str) -> None:
        super().__init__("not_found", f"{what}“{key}”不存在或无权查看")


class Conflict(GovhallError):
    """The request clashes with the current state (duplicate name, stale version)."""

    status = 409


class InvalidTransition(GovhallError):
    """A case state change that the workflow does not allow from the current state."""

    status = 409

    def __init__(self, state: str, action: str) -> None:
        super().__init__("invalid_transition", f"当前状态“{state}”下不能执行“{action}”")


class FormInvalid(GovhallError):
    """Submitted form data fails the item's JSON Schema; ``fields`` says what is wrong where."""

    status = 422

    def __init__(self, fields: dict[str, str], message: str = "表单填写有误，请检查标出的字段") -> None:
        super().__init__("form_invalid", message, fields)


class InputTooLarge(GovhallError):
    """A request body or text over the configured limit."""

    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__("input_too_large", f"提交的内容过大，上限为 {limit} 字节")


class FileRejected(GovhallError):
    """An uploaded material that is not accepted (empty, too large, wrong type, bad name); nothing stored."""

    status = 400

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(code, message, {"file": message})
        self.status = status


class NotInitialised(GovhallError):
    """The database has no schema yet."""

    status = 503

    def __init__(self) -> None:
        super().__init__("database_not_initialised", "数据库尚未初始化，请先运行 govhall db upgrade")


class ModelMissing(GovhallError):
    """No usable model for a task: none is active, or the one configured is not on disk.

    A set-up problem of the installation (HTTP 503), never the citizen's bad input (400)."""

    status = 503

    def __init__(self, message: str, code: str = "model_missing") -> None:
        super().__init__(code, message)

    @classmethod
    def file(cls, setting: str, path: Path) -> ModelMissing:
        return cls(f"找不到模型文件 {path}，请检查设置 {setting}")


class TooManyAttempts(GovhallError):
    """Too many wrong passwords for an account or from an address; ``retry_after`` in seconds."""

    status = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__("too_many_attempts", f"登录失败次数过多，请 {minutes} 分钟后再试")
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class PasswordChangeRequired(GovhallError):
    """The password is a temporary one set by an administrator: it may only be changed."""

    status = 403

    def __init__(self) -> None:
        super().__init__("password_change_required", "请先修改管理员设置的临时密码，再登录")
