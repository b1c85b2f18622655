"""Property-based run over the app's own OpenAPI schema: no generated request may get a 5xx.

Requests are sent as a logged-in citizen and again as an admin, so that the generated inputs reach
the services behind authentication, not only the 401 check in front of them. The app is built at
import time because schemathesis collects one test per operation from a loaded schema.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from govhall.accounts import Role
from govhall.setup import ensure_default_models
from govhall.web import create_app
from tests.conftest import ApiClient, _prepare, make_settings

_TMP = Path(tempfile.mkdtemp(prefix="govhall-schemathesis-"))
_URL = f"sqlite:///{(_TMP / 'govhall.db').as_posix()}"
_prepare(_URL)
_SETTINGS = make_settings(_TMP, _URL)
ensure_default_models(_SETTINGS.resolved_models_dir)  # as `govhall db upgrade` leaves an installation
APP = create_app(_SETTINGS)
_client = ApiClient(APP)
HEADERS = {"citizen": _client.user(Role.CITIZEN), "admin": _client.user(Role.ADMIN)}

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case: schemathesis.Case) -> None:
    if case.path in ("/api/auth/logout", "/api/auth/logout-all"):
        return  # would revoke the tokens the rest of the run relies on
    for headers in HEADERS.values():
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.path} → {response.status_code}: {response.text}"
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "fields"}
