"""Collectors against real local HTTP servers and a real drop folder: new items stored once (masked),
duplicates and bad items reported, slow and broken sources backed off without blocking the others."""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from govhall import cases, catalog
from govhall.accounts import Role
from govhall.assistant.models import AssistantSession
from govhall.cases import WorkCalendar
from govhall.cases.models import CaseRating
from govhall.db import transaction
from govhall.errors import BadInput, Conflict
from govhall.opinion import collectors
from govhall.samples import make_person, sample_form_data
from tests.conftest import ApiClient, UserFactory
from tests.contracts.collector import CollectorContract, ExternalCollectorContract
from tests.support.cli import govhall
from tests.support.feeds import Reply, Route, feed_route, rss, serving, stored

pytestmark = pytest.mark.usefixtures("local_servers_allowed")


def pub(hours_ago: float) -> str:
    return format_datetime(datetime.now(UTC) - timedelta(hours=hours_ago))


def test_feed_items_are_stored_once_masked_with_bad_items_reported(db: Session) -> None:
    items = [
        {
            "guid": "a1",
            "title": "公积金提取太慢",
            "description": "办了两周还没到账，电话 13812345678",
            "pubDate": pub(5),
        },
        {"guid": "a2", "title": "窗口服务好", "description": "<p>工作人员很耐心&amp;热情</p>", "pubDate": pub(4)},
        {"guid": "a2", "title": "窗口服务好", "description": "<p>工作人员很耐心&amp;热情</p>", "pubDate": pub(4)},
        {"guid": "a3", "title": "", "description": "", "pubDate": pub(3)},
        {"guid": "a4", "title": "时间不对", "description": "日期写坏了", "pubDate": "下周某天"},
    ]
    version = {"etag": '"v1"'}
    with serving({"/feed.xml": feed_route(lambda: rss(items), lambda: version["etag"])}) as site:
        source = collectors.add_source(db, "市民来信", "rss", f"{site.url}/feed.xml", cron="*/5 * * * *")
        first = collectors.run_source(db, source)
        assert first["imported"] == 2 and first["bad"] == 2 and "error" not in first
        posts = stored(db, "市民来信")
        assert [p.external_id for p in posts] == ["a1", "a2"]
        assert "13812345678" not in posts[0].text and "公积金提取太慢" in posts[0].text
        assert posts[1].text == "窗口服务好。工作人员很耐心&热情"  # markup gone, entities read
        again = collectors.run_source(db, source)  # unchanged feed: 304, nothing read
        assert again["imported"] == 0 and again["rows"] == 0
        assert site.requests[-1][1].get("if-none-match") == '"v1"'
        items.append({"guid": "a5", "title": "新帖", "description": "预约系统打不开", "pubDate": pub(1)})
        version["etag"] = '"v2"'
        third = collectors.run_source(db, source)
        assert third["imported"] == 1 and third["rows"] == 6
    db.refresh(source)
    assert source.total_imported == 3 and source.failures == 0 and source.last_error is None
    assert len(stored(db, "市民来信")) == 3


def test_failing_sources_back_off_and_never_block_the_others(db: Session) -> None:
    def slow(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        time.sleep(1.5)
        return 200, {}, rss([])

    good = [{"guid": "g1", "title": "社保卡补办", "description": "补办很顺利", "pubDate": pub(2)}]
    routes: dict[str, Route] = {
        "/slow.xml": slow,
        "/broken.xml": lambda q, h: (200, {"Content-Type": "text/plain"}, b"\x00\x01 not a feed <<<"),
        "/good.xml": feed_route(lambda: rss(good), lambda: '"g"'),
    }
    now = datetime.now(UTC)
    with serving(routes) as site:
        collectors.add_source(db, "慢源", "rss", f"{site.url}/slow.xml", options={"timeout": 0.3})
        collectors.add_source(db, "坏源", "rss", f"{site.url}/broken.xml")
        collectors.add_source(db, "缺源", "rss", f"{site.url}/missing.xml")
        collectors.add_source(db, "好源", "rss", f"{site.url}/good.xml")
        results = {r["source"]: r for r in collectors.run_sources(db, now=now)}
        assert results["好源"]["imported"] == 1
        assert "0.3 秒内没有响应" in results["慢源"]["error"]
        assert "不是有效的 RSS/Atom" in results["坏源"]["error"]
        assert "HTTP 404" in results["缺源"]["error"]
        bad = collectors.get_source(db, "坏源")
        assert bad.failures == 1 and bad.retry_at == now + timedelta(minutes=1)
        # within the back-off the failing sources are not even asked
        asked = site.hits("/broken.xml")
        later = {r["source"]: r for r in collectors.run_sources(db, now=now + timedelta(seconds=30))}
        assert "skipped" in later["坏源"] and site.hits("/broken.xml") == asked
        # after it they are, and the wait doubles
        collectors.run_sources(db, now=now + timedelta(minutes=2))
        db.refresh(bad)
        assert bad.failures == 2 and bad.retry_at == now + timedelta(minutes=4)
        shown = collectors.source_dict(bad)
        assert shown["last_error"] and shown["failures"] == 2


def test_json_api_pages_by_cursor_and_by_number_with_a_token_from_the_environment(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = {
        "": {
            "data": {
                "list": [
                    {
                        "mid": "m1",
                        "created": 1764900000,
                        "content": {"body": "办证排队两小时"},
                        "user": {"name": "张三"},
                    }
                ]
            },
            "next": "c2",
        },
        "c2": {
            "data": {
                "list": [
                    {
                        "mid": "m2",
                        "created": 1764903600,
                        "content": {"body": "网上办理很方便"},
                        "user": {"name": "李四"},
                    }
                ]
            },
            "next": "c3",
        },
        "c3": {"data": {"list": []}, "next": None},
    }

    def cursor_api(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        if headers.get("authorization") != "Bearer s3cret":
            return 401, {}, b"{}"
        return 200, {"Content-Type": "application/json"}, json.dumps(pages[query.get("after", [""])[0]]).encode()

    def numbered(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        page = int(query["p"][0])
        rows = [{"id": f"n{page}-{i}", "time": "2026-12-01 10:00", "text": f"第{page}页第{i}条意见"} for i in range(2)]
        return 200, {}, json.dumps(rows if page <= 3 else []).encode()

    with serving({"/v1/posts": cursor_api, "/numbered": numbered}) as site:
        source = collectors.add_source(
            db,
            "接口",
            "json_api",
            f"{site.url}/v1/posts?lang=zh",
            mapping={"id": "mid", "time": "created", "text": "content.body", "author": "user.name"},
            options={"items": "data.list", "cursor": "next", "cursor_param": "after"},
            credential_setting="GOVHALL_COLLECTOR_TEST_API_TOKEN",
        )
        monkeypatch.delenv("GOVHALL_COLLECTOR_TEST_API_TOKEN", raising=False)
        missing = collectors.run_source(db, source)
        assert "未设置环境变量 GOVHALL_COLLECTOR_TEST_API_TOKEN" in missing["error"]
        monkeypatch.setenv("GOVHALL_COLLECTOR_TEST_API_TOKEN", "s3cret")
        result = collectors.run_source(db, source, force=True)
        assert result["imported"] == 2, result
        assert "lang=zh" in site.requests[-1][0] and "after=c3" in site.requests[-1][0]
        numbered_source = collectors.add_source(
            db, "分页", "json_api", f"{site.url}/numbered", options={"page_param": "p"}
        )
        assert collectors.run_source(db, numbered_source)["imported"] == 6
        assert site.hits("/numbered") == 4  # pages 1-3, then the empty page that ends it
        resumed = collectors.add_source(
            db, "续页", "json_api", f"{site.url}/numbered", options={"page_param": "p", "resume": True}
        )
        collectors.run_source(db, resumed)
        before = site.hits("/numbered")
        collectors.run_source(db, resumed, force=True)
        assert site.hits("/numbered") - before == 2  # the last full page again, then the empty one
    assert [p.external_id for p in stored(db, "接口")] == ["m1", "m2"]
    assert "s3cret" not in json.dumps(collectors.source_dict(source))


def _old(path: Path) -> None:
    past = time.time() - 3600
    os.utime(path, (past, past))


def test_drop_folder_takes_stable_files_and_files_them_away(db: Session, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "day1.csv").write_text(
        "id,time,text\nd1,2026-12-01 09:00,热线反映噪音扰民\nd2,2026-12-01 09:05,\n", encoding="utf-8"
    )
    (drop / "day2.jsonl").write_text('{"id":"d3","time":"2026-12-02 09:00","text":"路灯坏了"}\n', encoding="utf-8")
    (drop / "junk.jsonl").write_text("not json at all\n{broken\n", encoding="utf-8")
    (drop / "day3.csv.part").write_text("id,time,text\nd9,2026-12-03 09:00,还在写\n", encoding="utf-8")
    for name in ("day1.csv", "junk.jsonl", "day3.csv.part"):
        _old(drop / name)  # day2.jsonl was just written: still being copied, left for later
    source = collectors.add_source(db, "12345导出", "folder", str(drop), options={"stable_seconds": 60})
    first = collectors.run_source(db, source)
    assert first["imported"] == 1 and "error" not in first
    assert (drop / "done" / "day1.csv").exists() and (drop / "failed" / "junk.jsonl").exists()
    assert "第 1 行" in (drop / "failed" / "junk.jsonl.reason.txt").read_text(encoding="utf-8")
    assert (drop / "day2.jsonl").exists() and (drop / "day3.csv.part").exists()
    _old(drop / "day2.jsonl")
    assert collectors.run_source(db, source)["imported"] == 1
    assert sorted(p.external_id for p in stored(db, "12345导出")) == ["d1", "d3"]
    (drop / "day1.csv").write_text((drop / "done" / "day1.csv").read_text(encoding="utf-8"), encoding="utf-8")
    _old(drop / "day1.csv")
    assert collectors.run_source(db, source)["imported"] == 0  # the same export dropped twice
    assert len(list((drop / "done").iterdir())) == 3


def test_bad_source_definitions_are_refused(db: Session, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="未知的来源类型"):
        collectors.add_source(db, "x", "telegram", "http://x")
    with pytest.raises(BadInput, match="http"):
        collectors.add_source(db, "x", "rss", "ftp://x/feed")
    with pytest.raises(BadInput, match="环境变量名"):
        collectors.add_source(db, "x", "json_api", "http://x/api", credential_setting="token=abc")
    with pytest.raises(BadInput, match="定时表达式"):
        collectors.add_source(db, "x", "folder", str(tmp_path), cron="sometimes")
    with pytest.raises(BadInput, match="timeout"):
        collectors.add_source(db, "x", "rss", "http://x/feed", options={"timeout": "fast"})
    with pytest.raises(BadInput, match="max_pages"):
        collectors.add_source(db, "x", "json_api", "http://x/api", options={"max_pages": 2.5})
    with pytest.raises(BadInput, match="点分路径"):
        collectors.add_source(db, "x", "json_api", "http://x/api", mapping={"text": ""})
    collectors.add_source(db, "x", "folder", str(tmp_path))
    with pytest.raises(Conflict):
        collectors.add_source(db, "x", "folder", str(tmp_path))
    missing = collectors.add_source(db, "y", "folder", str(tmp_path / "nope"))
    assert "找不到" in collectors.run_source(db, missing)["error"]
    collectors.remove_source(db, "x")
    with transaction(db):
        assert db.scalar(select(func.count()).select_from(collectors.OpinionSource)) == 1


def test_sources_over_the_api_and_the_command_line(client: ApiClient, tmp_path: Path, sqlite_url: str) -> None:
    analyst, citizen = client.user(Role.ANALYST), client.user(Role.CITIZEN)
    outside = {"name": "外部", "kind": "folder", "location": str(tmp_path)}
    refused = client.http.post("/api/opinion/sources", json=outside, headers=analyst)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "path_not_allowed"
    body = {"name": "投放", "kind": "folder", "location": "12345", "options": {"stable_seconds": 0}}
    assert client.http.post("/api/opinion/sources", json=body, headers=citizen).status_code == 403
    created = client.http.post("/api/opinion/sources", json=body, headers=analyst)
    assert created.status_code == 201, created.text
    bad = client.http.post("/api/opinion/sources", json={**body, "name": "坏", "cron": "often"}, headers=analyst)
    assert bad.status_code == 400 and "定时表达式" in bad.json()["error"]["message"]
    again = client.http.post("/api/opinion/sources", json=body, headers=analyst)
    assert again.status_code == 409
    listed = client.http.get("/api/opinion/sources", headers=analyst).json()
    assert [s["name"] for s in listed] == ["投放"]
    assert listed[0]["location"] == str((tmp_path / "data" / "import" / "12345").resolve())
    queued = client.http.post("/api/opinion/sources/投放/run", headers=analyst)
    assert queued.status_code == 202 and queued.json()["params"] == {"source": "投放"}
    assert client.http.post("/api/opinion/sources/无/run", headers=analyst).status_code == 404
    schedules = client.http.get("/api/schedules", headers=analyst).json()
    assert any(s["name"] == "source:投放" and s["kind"] == "opinion.collect" for s in schedules)
    off = client.http.post("/api/schedules/source:投放/disable", headers=analyst)
    assert off.status_code == 200 and off.json()["enabled"] is False
    sub = client.http.post("/api/opinion/subscriptions", json={"watch": "item", "value": "x"}, headers=analyst)
    assert sub.status_code == 201 and sub.json()["channels"] == ["inbox", "digest"]
    wrong = client.http.post("/api/opinion/subscriptions", json={"watch": "moon"}, headers=analyst)
    assert wrong.status_code == 400
    assert client.http.delete(f"/api/opinion/subscriptions/{sub.json()['id']}", headers=analyst).status_code == 204
    assert client.http.delete("/api/opinion/sources/投放", headers=analyst).status_code == 204

    drop = tmp_path / "cli-drop"
    drop.mkdir()
    (drop / "a.jsonl").write_text(
        '{"id": "c1", "time": "2026-12-01 08:00", "text": "办事大厅空调太冷"}\n', encoding="utf-8"
    )
    _old(drop / "a.jsonl")
    added = govhall(tmp_path, "opinion", "sources", "add", "cli投放", "folder", str(drop), db="govhall.db")
    assert added.returncode == 0, added.stderr
    bad_kind = govhall(tmp_path, "opinion", "sources", "add", "x", "fax", db="govhall.db")
    assert bad_kind.returncode == 2 and "未知的来源类型" in bad_kind.stderr
    ran = govhall(tmp_path, "opinion", "sources", "run", "cli投放", db="govhall.db")
    assert ran.returncode == 0 and "新导入 1 条" in ran.stdout, ran.stderr
    listed_cli = govhall(tmp_path, "opinion", "sources", "list", "--json", db="govhall.db")
    assert json.loads(listed_cli.stdout)[0]["total_imported"] == 1
    removed = govhall(tmp_path, "opinion", "sources", "remove", "cli投放", db="govhall.db")
    assert removed.returncode == 0


def test_the_halls_own_ratings_and_assistant_complaints_are_collected_once(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    citizen = make_user()
    form = catalog.get_item(db, "dibao").content["form"]
    rng = random.Random(3)
    case = cases.submit(db, citizen, "dibao", sample_form_data(form, make_person(rng), rng), calendar)
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    with transaction(db):
        db.add(
            CaseRating(
                case_id=case.id,
                department=case.department,
                item_code="dibao",
                score=1,
                reasons=["办理太慢"],
                comment="跑了三趟才办完",
                created_at=long_ago,
            )
        )
        for public_id, updated in (("done1", long_ago), ("talking", datetime.now(UTC))):
            db.add(
                AssistantSession(
                    public_id=public_id,
                    item_code="complaint-12345",
                    turns={
                        "items": [
                            {"role": "user", "text": f"我要投诉{public_id}窗口乱收费"},
                            {"role": "assistant", "text": "好的，请问是哪个窗口？"},
                            {"role": "user", "text": "三号窗口"},
                        ]
                    },
                    created_at=long_ago,
                    updated_at=updated,
                )
            )
    ratings = collectors.add_source(db, "好差评", "hall_ratings")
    complaints = collectors.add_source(db, "助手投诉", "hall_complaints")
    assert collectors.run_source(db, ratings)["imported"] == 1
    assert collectors.run_source(db, ratings)["imported"] == 0
    assert collectors.run_source(db, complaints)["imported"] == 1
    [rating_post] = stored(db, "好差评")
    assert rating_post.external_id == f"rating:{db.scalars(select(CaseRating.id)).one()}"
    assert rating_post.text == "跑了三趟才办完" and rating_post.item_code == "dibao"
    [complaint] = stored(db, "助手投诉")
    assert complaint.text == "我要投诉done1窗口乱收费。三号窗口"  # the citizen's turns, not the assistant's
    with transaction(db):  # the open conversation settles
        db.execute(update(AssistantSession).values(updated_at=long_ago))
    assert collectors.run_source(db, complaints)["imported"] == 1
    assert len(stored(db, "助手投诉")) == 2


# --- every kind keeps the collector contract ------------------------------------------------------


class TestFeedCollector(ExternalCollectorContract):
    @pytest.fixture
    def source(self, db: Session) -> Iterator[collectors.OpinionSource]:
        items = [
            {"guid": "f1", "title": "排队太久", "description": "社保窗口排了两小时", "pubDate": pub(3)},
            {"guid": "f2", "title": "办事顺利", "description": "网上预约很方便", "pubDate": pub(2)},
        ]
        with serving({"/feed.xml": feed_route(lambda: rss(items), lambda: '"f"')}) as site:
            yield collectors.add_source(db, "订阅", "rss", f"{site.url}/feed.xml")

    @pytest.fixture
    def broken(self, db: Session) -> Iterator[collectors.OpinionSource]:
        with serving({}) as site:
            yield collectors.add_source(db, "坏订阅", "rss", f"{site.url}/gone.xml")


class TestJsonApiCollector(ExternalCollectorContract):
    @pytest.fixture
    def source(self, db: Session) -> Iterator[collectors.OpinionSource]:
        def numbered(query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
            page = int(query["p"][0])
            rows = [{"id": f"j{page}", "time": "2026-12-01 10:00", "text": f"第{page}页的意见"}] if page <= 2 else []
            return 200, {"Content-Type": "application/json"}, json.dumps(rows).encode()

        with serving({"/api": numbered}) as site:
            yield collectors.add_source(db, "接口", "json_api", f"{site.url}/api", options={"page_param": "p"})

    @pytest.fixture
    def broken(self, db: Session) -> Iterator[collectors.OpinionSource]:
        with serving({"/api": lambda q, h: (200, {}, b"<html>not json</html>")}) as site:
            yield collectors.add_source(db, "坏接口", "json_api", f"{site.url}/api")


class TestFolderCollector(ExternalCollectorContract):
    @pytest.fixture
    def source(self, db: Session, tmp_path: Path) -> collectors.OpinionSource:
        drop = tmp_path / "drop"
        drop.mkdir()
        (drop / "day.csv").write_text(
            "id,time,text\nd1,2026-12-01 09:00,热线反映噪音扰民\nd2,2026-12-01 09:05,路灯坏了\n", encoding="utf-8"
        )
        _old(drop / "day.csv")
        return collectors.add_source(db, "投放", "folder", str(drop))

    @pytest.fixture
    def broken(self, db: Session, tmp_path: Path) -> collectors.OpinionSource:
        return collectors.add_source(db, "空投放", "folder", str(tmp_path / "never-made"))


def _settled_complaint(db: Session, public_id: str, text: str) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    turns = {"items": [{"role": "user", "text": text}, {"role": "assistant", "text": "好的，已记录。"}]}
    with transaction(db):
        db.add(
            AssistantSession(
                public_id=public_id,
                item_code=catalog.complaint_code(db),
                turns=turns,
                created_at=long_ago,
                updated_at=long_ago,
            )
        )


class TestHallRatingsCollector(CollectorContract):
    @pytest.fixture
    def source(self, db: Session, make_user: UserFactory, calendar: WorkCalendar) -> collectors.OpinionSource:
        form = catalog.get_item(db, "dibao").content["form"]
        rng = random.Random(5)
        for comment in ("跑了三趟才办完", "窗口态度很好"):
            case = cases.submit(db, make_user(), "dibao", sample_form_data(form, make_person(rng), rng), calendar)
            with transaction(db):
                db.add(
                    CaseRating(case_id=case.id, department=case.department, item_code="dibao", score=3, comment=comment)
                )
        return collectors.add_source(db, "好差评", "hall_ratings")


class TestHallComplaintsCollector(CollectorContract):
    @pytest.fixture
    def source(self, db: Session) -> collectors.OpinionSource:
        _settled_complaint(db, "c1", "我要投诉三号窗口乱收费")
        _settled_complaint(db, "c2", "投诉停车场收费不合理")
        return collectors.add_source(db, "助手投诉", "hall_complaints")
