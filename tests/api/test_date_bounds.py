"""Dates near the calendar's ends (found by schemathesis) are bad input, never a server error."""

from __future__ import annotations

from govhall.accounts import Role
from tests.conftest import ApiClient


def test_extreme_dates_and_offsets_are_4xx(client: ApiClient) -> None:
    analyst = client.user(Role.ANALYST)
    for url in (
        "/api/opinion/posts?since=0001-01-01",
        "/api/opinion/posts?until=9999-12-31",
        "/api/opinion/posts?offset=9223372036854775808",
        "/api/opinion/alerts/9223372036854775808",
        "/api/opinion/report?policy=x&since=2000-01-01&until=3999-01-01",
    ):
        response = client.http.get(url, headers=analyst)
        assert 400 <= response.status_code < 500, (url, response.status_code, response.text)
        assert response.json()["error"]["message"]
    discover = client.http.post("/api/opinion/topics/discover?since=0001-01-01", headers=analyst)
    assert discover.status_code == 400 and "超出范围" in discover.json()["error"]["message"]
    text = client.http.post("/api/text/extract", json={"text": "上个月", "today": "0001-01-01"})
    assert text.status_code == 422
