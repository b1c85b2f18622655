"""The analyst's post search, filters, paging, exports and downloads through real HTTP over the real app."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from govhall import opinion
from govhall.accounts import Role
from govhall.localtime import LOCAL_TZ
from govhall.web import create_app, opinion_routes
from tests.conftest import ApiClient, make_settings

START = datetime(2025, 3, 3, 2, tzinfo=UTC)  # a Monday, 10:00 in Beijing
TEXTS = [
    "公积金提取新规要的租房备案证明开不出来，电话13912345678",
    "小区楼下烧烤店油烟扰民，投诉多次没人管",
    '=HYPERLINK("http://x") 医保报销流程太复杂',
    "孩子入学报名系统打不开，学位申请材料太多",
]

# one distinct clause per day, so that no two posts are near-duplicates of each other
DAYS = [
    "周一上午去窗口排了两个小时",
    "打了三次热线都说在处理",
    "社区工作人员态度还不错",
    "网上预约的号第二天就作废了",
    "邻居家老人也遇到同样的事情",
    "下雨天还得在门外排队等候",
    "材料清单和官网上写的不一样",
    "周末窗口不开只能请假去办",
    "工作日晚上也没有延时服务",
    "系统提示信息看不懂该填什么",
    "隔壁区县已经可以全程网办",
]


def _seed(app: FastAPI, posts: list[opinion.PostIn]) -> None:
    with app.state.session_factory() as db:
        opinion.ingest_rows(db, posts, opinion.Analyzer(None, None, None))


def _posts(days: int, first_id: int = 0) -> list[opinion.PostIn]:
    result = []
    for n in range(days * 4):
        day, k = divmod(n, 4)
        source = "weibo" if k % 2 else "12345"
        text = f"{TEXTS[k]}。{DAYS[(day + k * 3 + first_id) % len(DAYS)]}，编号{first_id + n}"
        result.append(opinion.PostIn(source, START + timedelta(days=day, hours=k), text, id=str(first_id + n)))
    return result


@pytest.fixture
def web(tmp_path: Path, sqlite_url: str) -> tuple[ApiClient, FastAPI]:
    app = create_app(make_settings(tmp_path, sqlite_url))
    _seed(app, _posts(10))
    return ApiClient(app), app


def _search(client: ApiClient, headers: dict[str, str], **params: object) -> dict[str, object]:
    response = client.http.get("/api/opinion/posts/search", params=params, headers=headers)
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()
    return data


def test_search_filters_and_pages_through_http(web: tuple[ApiClient, FastAPI]) -> None:
    client, app = web
    analyst = client.user(Role.ANALYST)
    everything = _search(client, analyst, per_page=500)
    assert everything["total"] == 40
    long_term = _search(client, analyst, q="烧烤店油烟")  # three characters or more: the FTS5 index
    short_term = _search(client, analyst, q="油烟")  # two characters: LIKE
    assert long_term["total"] == short_term["total"] == 10
    both = _search(client, analyst, q="公积金 备案证明")
    assert both["total"] == 10 and all("备案证明" in r["text"] for r in both["rows"])  # type: ignore[attr-defined]
    assert _search(client, analyst, q="公积金 油烟")["total"] == 0

    _seed(app, _posts(1, first_id=1000))  # not in the full-text index yet: found all the same
    assert _search(client, analyst, q="烧烤店油烟")["total"] == 11

    weibo = _search(client, analyst, source="weibo", per_page=500)
    assert weibo["total"] == 22 and {r["source"] for r in weibo["rows"]} == {"weibo"}  # type: ignore[attr-defined]
    day = _search(client, analyst, since="2025-03-05", until="2025-03-05")  # both days included, Beijing time
    assert day["total"] == 4 and all(r["time"].startswith("2025-03-05") for r in day["rows"])  # type: ignore[attr-defined]

    seen: list[int] = []
    page = 1
    while True:
        found = _search(client, analyst, per_page=7, page=page)
        seen += [r["id"] for r in found["rows"]]  # type: ignore[attr-defined]
        if page == found["pages"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 44 and page == 7

    html = client.http.get("/opinion/posts", params={"q": "烧烤店", "source": "12345", "page": 1}, headers=analyst)
    assert html.status_code == 200 and "共 0 条" in html.text  # 烧烤店 posts all came from weibo
    html = client.http.get("/opinion/posts", params={"q": "入学报名", "since": "2025-03-03"}, headers=analyst)
    assert html.status_code == 200 and "共 11 条" in html.text and "导出 CSV" in html.text


def test_csv_export_streams_every_filtered_post_masked_and_formula_safe(web: tuple[ApiClient, FastAPI]) -> None:
    client, _ = web
    analyst = client.user(Role.ANALYST)
    response = client.http.get("/opinion/posts.csv", params={"q": "医保报销"}, headers=analyst)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["时间", "来源", "内容（已脱敏）"] and len(rows) == 11
    assert all(r[2].startswith("'=") for r in rows[1:])  # a spreadsheet shows it, never runs it
    everything = client.http.get("/opinion/posts.csv", headers=analyst).content.decode("utf-8-sig")
    assert "13912345678" not in everything and everything.count("公积金提取新规") == 10
    for path in ("/opinion/topics.csv", "/opinion/alerts.csv"):
        listed = client.http.get(path, headers=analyst)
        assert listed.status_code == 200 and listed.headers["content-type"].startswith("text/csv")


ANALYST_PAGES = [
    "/opinion",
    "/opinion/posts",
    "/opinion/posts.csv",
    "/opinion/topics.csv",
    "/opinion/alerts.csv",
    "/opinion/brief",
    "/opinion/brief.pdf",
    "/opinion/report",
    "/opinion/report.pdf?policy=公积金&since=2025-03-01&until=2025-03-10",
    "/api/opinion/posts/search",
    "/api/opinion/brief",
]


@pytest.mark.parametrize("path", ANALYST_PAGES)
def test_only_analysts_and_admins_see_opinion_pages(web: tuple[ApiClient, FastAPI], path: str) -> None:
    client, _ = web
    assert client.http.get(path, headers=client.user(Role.CITIZEN)).status_code == 403
    assert client.http.get(path).status_code in (401, 303)
    assert client.http.get(path, headers=client.user(Role.ADMIN)).status_code == 200


def test_the_list_above_holds_every_analyst_page() -> None:
    pages = {route.path for route in opinion_routes.router.routes if isinstance(route, APIRoute)}
    assert pages == {urlsplit(path).path for path in ANALYST_PAGES if not path.startswith("/api/")}


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"sentiment": "angry"}, 400, "情感"),
        ({"since": "2025-13-01"}, 400, "不是有效日期"),
        ({"since": "2025-03-09", "until": "2025-03-01"}, 400, "结束日期"),
        ({"until": "0001-01-01"}, 400, "超出范围"),
        ({"page": "0"}, 422, ""),
        ({"topic_id": "abc"}, 422, ""),
        ({"q": "长" * 101}, 422, ""),
    ],
)
def test_bad_filters_are_chinese_client_errors(
    web: tuple[ApiClient, FastAPI], params: dict[str, str], status: int, words: str
) -> None:
    client, _ = web
    analyst = client.user(Role.ANALYST)
    for path in ("/opinion/posts", "/opinion/posts.csv", "/opinion"):
        if (path == "/opinion" and not {"since", "until"} & set(params)) or (
            path.endswith(".csv") and "page" in params
        ):
            continue  # the dashboard takes only the period and source, an export has no pages
        response = client.http.get(path, params=params, headers=analyst)
        assert response.status_code == status, (path, response.text)
        message = response.json()["error"]["message"]
        assert words in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_dashboard_filters_and_downloads_the_report_pdf(web: tuple[ApiClient, FastAPI]) -> None:
    client, _ = web
    analyst = client.user(Role.ANALYST)
    page = client.http.get(
        "/opinion", params={"since": "2025-03-04", "until": "2025-03-05", "source": "weibo"}, headers=analyst
    )
    assert page.status_code == 200 and 'id="opinion-filters"' in page.text and 'value="weibo" selected' in page.text
    assert '"bucket": "2025-03-03' not in page.text and '"bucket": "2025-03-04' in page.text
    assert 'id="opinion-schedules"' in page.text or "还没有定时任务" in page.text
    params = {"policy": "公积金提取新规", "since": "2025-03-08", "until": "2025-03-12"}
    report = client.http.get("/opinion/report", params=params, headers=analyst)
    assert report.status_code == 200 and "/opinion/report.pdf?" in report.text
    pdf = client.http.get("/opinion/report.pdf", params=params, headers=analyst)
    assert (
        pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    )
    bad = client.http.get("/opinion/report.pdf", params={**params, "until": "2025-03-01"}, headers=analyst)
    assert bad.status_code == 400 and "结束日期" in bad.json()["error"]["message"]


def test_the_dashboard_without_a_period_shows_the_last_90_days_up_to_the_newest_post(
    web: tuple[ApiClient, FastAPI],
) -> None:
    client, app = web
    old = [opinion.PostIn("weibo", START - timedelta(days=200), "去年办居住证排队太久。下雨天还得在门外等", id="old-1")]
    _seed(app, old)
    with app.state.session_factory() as db:
        start = opinion.recent_start(db)
    newest = (START + timedelta(days=9, hours=3)).astimezone(LOCAL_TZ).date()
    assert start is not None and start.date() == newest - timedelta(days=89)
    page = client.http.get("/opinion", headers=client.user(Role.ANALYST))
    assert page.status_code == 200 and '"bucket": "2025-03-03' in page.text
    old_day = (START - timedelta(days=200)).astimezone(LOCAL_TZ).date().isoformat()
    assert f'"bucket": "{old_day}' not in page.text


def test_an_empty_archive_has_no_recent_window(tmp_path: Path, sqlite_url: str) -> None:
    app = create_app(make_settings(tmp_path, sqlite_url))
    with app.state.session_factory() as db:
        assert opinion.recent_start(db) is None
