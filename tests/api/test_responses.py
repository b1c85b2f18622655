"""Typed response models document the API's bodies without changing one JSON field.

The schema side: every JSON answer of the API has a documented shape in OpenAPI (a model, not a
bare object). The body side: routes whose service builds a dict answer with exactly that dict's
JSON: no field dropped, none added, no whole number turned into a fraction.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import FastAPI

from govhall import cases, jobs, policies
from govhall.accounts import Role
from govhall.api import responses
from govhall.text import extract_report, mask_report
from tests.conftest import ApiClient


def _documented(schema: dict[str, Any]) -> bool:
    if "$ref" in schema:
        return True
    if schema.get("type") == "array":
        items = schema.get("items", {})
        return items.get("type") in ("string", "integer", "number", "boolean") or _documented(items)
    if "anyOf" in schema:
        return all(_documented(s) or s.get("type") == "null" for s in schema["anyOf"])
    return bool(schema.get("properties"))


def test_every_json_answer_has_a_documented_shape(app: FastAPI) -> None:
    undocumented = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                schema = answer.get("content", {}).get("application/json", {}).get("schema")
                if status.startswith("2") and schema is not None and not _documented(schema):
                    undocumented.append(f"{method.upper()} {path} {status}")
    assert not undocumented, undocumented


def _as_json(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_a_model_passes_extra_fields_and_whole_numbers_through() -> None:
    body = {
        "id": 7,
        "kind": "ingest",
        "params": {"path": "a.csv"},
        "status": "running",
        "progress": 3,
        "total": 10,
        "eta_seconds": 12,  # whole: must stay 12, not become 12.0
        "result": None,
        "error": None,
        "worker": "w:1",
        "created_at": "2026-01-01T00:00:00+00:00",
        "started_at": None,
        "finished_at": None,
        "added_later": {"x": 1},
    }
    assert json.loads(responses.JobPublic.model_validate(body).model_dump_json()) == body


def test_job_routes_answer_with_the_queue_dict(client: ApiClient) -> None:
    factory = client.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        job = jobs.enqueue(db, policies.VECTOR_JOB, {"embedder": "hash"})
        expected = _as_json(jobs.job_dict(job))
        summary = _as_json(jobs.job_summary(db, recent=20))
    admin = client.user(Role.ADMIN)
    assert client.http.get(f"/api/jobs/{expected['id']}", headers=admin).json() == expected  # type: ignore[index]
    assert client.http.get("/api/jobs", headers=admin).json() == summary


def test_rating_and_text_routes_answer_with_the_service_dict(client: ApiClient) -> None:
    words = cases.vocabulary()
    vocabulary = {"levels": {str(k): v for k, v in words.levels.items()}, "good": words.good, "bad": words.bad}
    assert client.http.get("/api/ratings/vocabulary").json() == _as_json(vocabulary)

    text = "我叫张伟，身份证号110101199003074514，手机13912345678，2024年5月1日在朝阳区办理。"
    answer = client.http.post("/api/text/extract", json={"text": text, "today": "2024-06-01"})
    assert answer.json() == _as_json(extract_report(text, date(2024, 6, 1)))
    assert "fields" not in answer.json()  # only with a service: nothing added as null
    assert client.http.post("/api/text/mask", json={"text": text}).json() == _as_json(mask_report(text))


def test_policy_documents_answer_with_the_library_dicts(client: ApiClient) -> None:
    factory = client.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        listing = policies.list_documents(db)
        assert listing, "the built-in library is loaded at set-up"
        detail = policies.document_view(db, listing[0]["id"])
    assert client.http.get("/api/policies/documents").json() == _as_json(listing)
    assert client.http.get(f"/api/policies/{detail['id']}").json() == _as_json(detail)
