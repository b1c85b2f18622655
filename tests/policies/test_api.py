"""The policy API and pages over the real app, with the shipped library loaded on first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from govhall.web import create_app
from tests.conftest import ApiClient
from tests.policies.conftest import policy_settings

ANSWER_KEYS = {"question", "answer", "grounded", "citations", "answer_sentence", "qtype", "local", "computed"}
CITATION_KEYS = {"title", "article", "path", "text", "score"}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> ApiClient:
    from tests.conftest import _prepare

    root = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{(root / 'govhall.db').as_posix()}"
    _prepare(url)
    return ApiClient(create_app(policy_settings(root, url)))


def test_ask_answers_with_the_article_it_rests_on(api: ApiClient) -> None:
    response = api.http.post("/api/policies/ask", json={"question": "我交了6年失业保险，失业金最多能领几个月？"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == ANSWER_KEYS and body["grounded"] is True
    assert all(set(c) == CITATION_KEYS for c in body["citations"])
    cited = {(c["title"], c["article"]) for c in body["citations"]}
    assert cited & {("失业保险条例", "第十七条"), ("中华人民共和国社会保险法", "第四十六条")}
    assert "18个月" in body["answer"] and "[1]" in body["answer"]
    assert body["citations"][0]["path"].count(" > ") >= 1


def test_ask_refuses_what_the_library_cannot_answer(api: ApiClient) -> None:
    body = api.http.post("/api/policies/ask", json={"question": "火星移民需要什么签证？"}).json()
    assert body["grounded"] is False and body["citations"] == []
    assert "未找到明确依据" in body["answer"] and "12345" in body["answer"]


@pytest.mark.parametrize(("question", "code"), [("   ", "empty_question"), ("问" * 10_000, "question_too_long")])
def test_bad_questions_get_a_clear_error(api: ApiClient, question: str, code: str) -> None:
    response = api.http.post("/api/policies/ask", json={"question": question})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_search_returns_articles_with_paths_and_filters(api: ApiClient) -> None:
    body = api.http.get("/api/policies/search", params={"q": "居住证丢了怎么补办", "k": 3}).json()
    top = body["results"][0]
    assert (top["title"], top["article"]) == ("居住证暂行条例", "第十一条") or any(
        r["article"] == "第十一条" for r in body["results"]
    )
    assert top["status"] == "in_force" and top["path"].startswith("居住证暂行条例 > ")
    none = api.http.get("/api/policies/search", params={"q": "居住证", "doc_type": "司法解释"}).json()
    assert none["results"] == []
    assert api.http.get("/api/policies/search", params={"q": ""}).status_code == 400


def test_document_shows_interpretation_and_articles(api: ApiClient) -> None:
    hit = api.http.get("/api/policies/search", params={"q": "失业保险金领取期限", "k": 1}).json()["results"][0]
    document = api.http.get(f"/api/policies/{hit['document_id']}").json()
    for key in ("title", "summary", "keywords", "applies_to", "grants", "articles", "status", "promulgated_on"):
        assert key in document, key
    assert document["summary"] and document["keywords"]
    article = document["articles"][0]
    assert {"article", "path", "paragraphs", "summary", "keywords", "applies_to", "grants"} <= set(article)
    assert api.http.get("/api/policies/99999999").status_code == 404


def test_pages_show_search_with_highlights_and_a_policy(api: ApiClient, tmp_path: Path) -> None:
    page = api.http.get("/policies", params={"q": "公积金什么时候可以提取"})
    assert page.status_code == 200 and "<mark>" in page.text and "住房公积金管理条例" in page.text
    listing = api.http.get("/policies")
    assert listing.status_code == 200 and "现行有效" in listing.text
    hit = api.http.get("/api/policies/search", params={"q": "婚姻登记", "k": 1}).json()["results"][0]
    policy = api.http.get(f"/policies/{hit['document_id']}")
    assert policy.status_code == 200 and "要点" in policy.text and "第一条" in policy.text


def test_a_search_while_the_embedding_server_is_down_is_503(tmp_path: Path) -> None:
    from tests.conftest import _prepare

    url = f"sqlite:///{(tmp_path / 'govhall.db').as_posix()}"
    _prepare(url)
    settings = policy_settings(tmp_path, url, embedder="openai", embedder_url="http://127.0.0.1:9/v1")
    response = ApiClient(create_app(settings)).http.get("/api/policies/search", params={"q": "居住证丢了怎么补办"})
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "embedder_unavailable"
    assert "GOVHALL_EMBEDDER_URL" in response.json()["error"]["message"]
