"""The one error handler: the text package's ``TextTooLong`` is one of the family and needs no handler
of its own (issue 24 item 2)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from govhall.api.errors import install
from govhall.errors import GovhallError, message_for
from govhall.text import MAX_TEXT_CHARS, TextTooLong


def test_a_text_too_long_is_answered_by_the_family_handler(app: FastAPI) -> None:
    def paste() -> None:
        raise TextTooLong(MAX_TEXT_CHARS + 1)

    app.add_api_route("/api/test-only/paste", paste)
    answer = TestClient(app, raise_server_exceptions=False).get("/api/test-only/paste")
    assert answer.status_code == 413
    assert answer.json() == {
        "error": {
            "code": "text_too_long",
            "message": message_for("text_too_long", length=MAX_TEXT_CHARS + 1, limit=MAX_TEXT_CHARS),
            "fields": {},
        }
    }


def test_the_api_installs_one_handler_for_the_whole_family() -> None:
    bare = FastAPI()
    install(bare)
    family = [kind for kind in bare.exception_handlers if isinstance(kind, type) and issubclass(kind, GovhallError)]
    assert family == [GovhallError]
