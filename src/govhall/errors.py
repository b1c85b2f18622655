"""The one error family of govhall, and the one catalogue of its codes.

Every failure a user can cause is a ``GovhallError`` with a stable English ``code``, a Chinese
``message`` and, where it concerns input fields, ``fields`` (field path → Chinese message). The API
turns it into ``{"error": {"code", "message", "fields"}}`` with ``status``; the CLI prints the
message and exits with 2.

Each code is listed once in ``errors.yaml`` next to this module, with its HTTP status, what it
means for an API client and its Chinese message (spaCy keeps its numbered messages the same way).
Raise sites name the code and pass the message's values: ``BadInput.of("unknown_item", item=code,
choices=names)``. The catalogue is data rather than Python so that this module stays a short list
of classes, the wording is edited in one place, and ``docs/errors.md`` is generated from it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

import yaml

CATALOGUE_FILE = Path(__file__).with_name("errors.yaml")


@dataclass(frozen=True)
class CatalogueEntry:
    """One code of the catalogue."""

    code: str
    status: int
    meaning: str
    """What the code tells an API client, in English."""
    message: str
    """The Chinese message: a ``str.format`` template of the values the raise site passes."""
    variants: Mapping[str, str] = field(default_factory=dict)
    """Other wordings of the same code, by name, for sites that can say more precisely what went wrong."""

    def template(self, variant: str | None = None) -> str:
        return self.message if variant is None else self.variants[variant]


@functools.cache
def catalogue() -> dict[str, CatalogueEntry]:
    """Every error code by name, read once from ``errors.yaml`` (first use, not import)."""
    raw = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return {
        code: CatalogueEntry(code, int(e["status"]), e["meaning"], e["message"], dict(e.get("variants") or {}))
        for code, e in raw.items()
    }


def message_for(code: str, variant: str | None = None, /, **values: object) -> str:
    """The Chinese message of ``code`` (or of its ``variant``) with ``values`` filled in."""
    return catalogue()[code].template(variant).format(**values)


def catalogue_markdown() -> str:
    """``docs/errors.md``: every code with its status, meaning and wordings, for API clients."""
    lines = [
        "# Error codes",
        "",
        "<!-- Generated from src/govhall/errors.yaml by scripts/errors_doc.py; edit the catalogue, not this page. -->",
        "",
        'Every failure the API reports has the shape `{"error": {"code", "message", "fields"}}`:',
        "`code` is a stable English slug to branch on, `message` is Chinese for people, `fields` maps",
        "each bad input field to its own Chinese message (often empty). The HTTP status is the one below;",
        "the `govhall` command prints the message and exits with 2 instead. `{name}` in a message stands",
        "for a value of the request; a code may have several wordings.",
        "",
        "| code | HTTP | meaning | message |",
        "| --- | --- | --- | --- |",
    ]
    for code, entry in sorted(catalogue().items()):
        wordings = [entry.message, *entry.variants.values()]
        shown = "<br>".join(w.replace("{{", "{").replace("}}", "}").replace("|", "\\|") for w in wordings)
        lines.append(f"| `{code}` | {entry.status} | {entry.meaning} | {shown} |")
    return "\n".join(lines) + "\n"


class GovhallError(Exception):
    """Base class: a failure with a code, a Chinese message and optional per-field messages."""

    status: int = 400

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    @classmethod
    def of(
        cls, code: str, variant: str | None = None, /, *, fields: dict[str, str] | None = None, **values: object
    ) -> Self:
        """The error for catalogue ``code`` (worded as ``variant``, if given) with ``values`` in its message.

        The status is the catalogue's; ``tests/test_errors_catalogue.py`` checks that it is the
        class's own for every site, so this only matters for ``FileRejected`` (413, 415, 429 …)."""
        entry = catalogue()[code]
        error = cls.__new__(cls)
        GovhallError.__init__(error, code, entry.template(variant).format(**values), fields)
        if entry.status != cls.status:
            error.status = entry.status
        return error

    def to_dict(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class BadInput(GovhallError):
    """Input that is malformed or out of range."""

    status = 400


class NotAuthenticated(GovhallError):
    """No valid login token or session."""

    status = 401

    def __init__(self, message: str | None = None) -> None:
        super().__init__("not_authenticated", message or message_for("not_authenticated"))


class PermissionDenied(GovhallError):
    """The user is logged in but may not do this."""

    status = 403

    def __init__(self, message: str | None = None) -> None:
        super().__init__("permission_denied", message or message_for("permission_denied"))


class NotFound(GovhallError):
    """The thing does not exist, or the user may not know that it does."""

    status = 404

    def __init__(self, what: str, key: str) -> None:
        super().__init__("not_found", message_for("not_found", what=what, key=key))


class Conflict(GovhallError):
    """The request clashes with the current state (duplicate name, stale version)."""

    status = 409


class InvalidTransition(GovhallError):
    """A case state change that the workflow does not allow from the current state."""

    status = 409

    def __init__(self, state: str, action: str) -> None:
        super().__init__("invalid_transition", message_for("invalid_transition", state=state, action=action))


class FormInvalid(GovhallError):
    """Submitted form data fails the item's JSON Schema; ``fields`` says what is wrong where."""

    status = 422

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        super().__init__("form_invalid", message or message_for("form_invalid"), fields)


class InputTooLarge(GovhallError):
    """A request body or text over the configured limit."""

    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__("input_too_large", message_for("input_too_large", limit=limit))


class FileRejected(GovhallError):
    """An uploaded material that is not accepted (empty, too large, wrong type, bad name); nothing stored."""

    status = 400

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(code, message, {"file": message})
        self.status = status

    @classmethod
    def of(
        cls, code: str, variant: str | None = None, /, *, fields: dict[str, str] | None = None, **values: object
    ) -> Self:
        error = super().of(code, variant, fields=fields, **values)
        error.fields = fields or {"file": error.message}
        return error


class NotInitialised(GovhallError):
    """The database has no schema yet."""

    status = 503

    def __init__(self) -> None:
        super().__init__("database_not_initialised", message_for("database_not_initialised"))


class ModelMissing(GovhallError):
    """No usable model for a task: none is active, or the one configured is not on disk.

    A set-up problem of the installation (HTTP 503), never the citizen's bad input (400)."""

    status = 503

    def __init__(self, message: str, code: str = "model_missing") -> None:
        super().__init__(code, message)

    @classmethod
    def file(cls, setting: str, path: Path) -> ModelMissing:
        return cls.of("model_missing", path=path, setting=setting)


class TooManyAttempts(GovhallError):
    """Too many wrong passwords for an account or from an address; ``retry_after`` in seconds."""

    status = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__("too_many_attempts", message_for("too_many_attempts", minutes=minutes))
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class PasswordChangeRequired(GovhallError):
    """The password is a temporary one set by an administrator: it may only be changed."""

    status = 403

    def __init__(self) -> None:
        super().__init__("password_change_required", message_for("password_change_required"))
