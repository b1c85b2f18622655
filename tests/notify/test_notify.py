"""Notifications on both databases: every case change reaches the inbox, clerks get deadline warnings
once, and the outbound channels deliver to a real local HTTP server through the job queue."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import cases, catalog, jobs, notify
from govhall.accounts import Role
from govhall.cases import WorkCalendar
from govhall.config import Settings
from govhall.db import transaction
from govhall.errors import BadInput, FormInvalid, NotFound
from govhall.samples import make_person, sample_form_data
from govhall.web import create_app
from tests.conftest import ApiClient, UserFactory, make_settings
from tests.contracts.channel import ChannelContract
from tests.support.cli import govhall
from tests.support.servers import Recorder, recording

ITEM = "dibao"


def _submit(db: Session, citizen: Any, calendar: WorkCalendar) -> cases.Case:
    rng = random.Random(5)
    data = sample_form_data(catalog.get_item(db, ITEM).content["form"], make_person(rng), rng)
    return cases.submit(db, citizen, ITEM, data, calendar)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    yield from recording()


def _run_queue(db: Session, settings: Settings) -> list[dict[str, Any]]:
    results = []
    while (job := jobs.claim(db, "test", kinds=[notify.DELIVER_JOB])) is not None:
        done = jobs.run_job(db, job, jobs.JobContext.from_settings(settings))
        assert done.status == "done", done.error
        results.append(done.result or {})
    return results


def test_every_state_change_reaches_the_applicant_and_new_work_the_department(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    citizen = make_user()
    clerk = make_user(Role.CLERK, "民政局")
    outsider = make_user(Role.CLERK, "公安局")
    case = _submit(db, citizen, calendar)
    assert notify.unread_count(db, clerk.id) == 1 and notify.unread_count(db, outsider.id) == 0
    cases.transition(db, clerk, case.number, "accept", calendar)
    cases.transition(db, clerk, case.number, "request_materials", calendar, reason="缺材料", requested=["家庭收入证明"])
    with pytest.raises(FormInvalid):
        cases.transition(db, citizen, case.number, "supplement", calendar)
    latest = notify.list_notifications(db, citizen.id)[0]
    assert (
        latest.title.startswith("请补正材料")
        and "家庭收入证明" in latest.body
        and latest.link == f"/cases/{case.number}"
    )
    assert [n.kind for n in notify.list_notifications(db, citizen.id)] == [
        "case.request_materials",
        "case.accept",
        "case.submit",
    ]


def test_inbox_api_counts_lists_and_marks_read_only_ones_own(tmp_path: Path, db_url: str) -> None:
    client = ApiClient(create_app(make_settings(tmp_path, db_url)))
    citizen, other = client.user(), client.user()
    factory = client.http.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as db:
        user_id = client.http.get("/api/auth/me", headers=citizen).json()["id"]
        with transaction(db):
            for n in range(3):
                notify.notify(db, notify.NewNotification(user_id, "case.accept", f"消息{n}", "正文", "/my/cases"))
    assert client.http.get("/api/notifications/unread", headers=citizen).json() == {"unread": 3}
    listed = client.http.get("/api/notifications", headers=citizen).json()
    assert [i["title"] for i in listed["items"]] == ["消息2", "消息1", "消息0"]
    first = listed["items"][0]["id"]
    stolen = client.http.post(f"/api/notifications/{first}/read", headers=other)
    assert stolen.status_code == 404 and stolen.json()["error"]["code"] == "not_found"
    assert client.http.post(f"/api/notifications/{first}/read", headers=citizen).json() == {"unread": 2}
    assert client.http.post("/api/notifications/read-all", headers=citizen).json() == {"unread": 0}
    assert client.http.get("/api/notifications/unread").status_code == 401


def test_deadline_warnings_reach_the_department_once(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    citizen = make_user()
    clerk = make_user(Role.CLERK, "民政局")
    near = _submit(db, citizen, calendar)
    far = _submit(db, citizen, calendar)
    today = date(2026, 3, 2)  # a Monday
    with transaction(db):
        near.deadline = calendar.add_working_days(today, 3)
        far.deadline = calendar.add_working_days(today, 4)
    before = notify.unread_count(db, clerk.id)
    assert cases.send_deadline_warnings(db, calendar, today) == 1
    assert cases.send_deadline_warnings(db, calendar, today) == 0, "a second run the same day adds nothing"
    assert notify.unread_count(db, clerk.id) == before + 1
    warning = notify.list_notifications(db, clerk.id)[0]
    assert warning.kind == "case.deadline" and near.number in warning.body and "还剩 3 个工作日" in warning.title
    # once overdue, one more warning; finished cases are never warned about
    assert cases.send_deadline_warnings(db, calendar, today + timedelta(days=10)) == 2
    cases.transition(db, clerk, far.number, "reject", calendar, reason="不符合条件")
    assert cases.send_deadline_warnings(db, calendar, today + timedelta(days=30)) == 0
    assert cases.DEADLINE_JOB in jobs.registered_kinds()


def test_webhook_channel_delivers_through_the_queue(
    db: Session, make_user: UserFactory, calendar: WorkCalendar, recorder: Recorder, tmp_path: Path, db_url: str
) -> None:
    settings = make_settings(tmp_path, db_url, notify_channel="webhook", notify_url=recorder.url, notify_token="s3")
    citizen = make_user()
    make_user(Role.CLERK, "民政局")
    case = _submit(db, citizen, calendar)
    assert _run_queue(db, settings) == [{"sent": 2, "failed": 0}]
    headers, payload = recorder.received[0]
    assert headers["Authorization"] == "Bearer s3"
    assert payload["kind"] == "case.submit" and payload["link"] == f"/cases/{case.number}"
    assert "phone" not in payload, "the webhook gets no phone numbers"
    assert _run_queue(db, settings) == [], "nothing left to send"


def test_sms_gateway_gets_phone_and_text_failures_are_retried(
    db: Session, make_user: UserFactory, calendar: WorkCalendar, recorder: Recorder, tmp_path: Path, db_url: str
) -> None:
    settings = make_settings(tmp_path, db_url, notify_channel="sms", notify_url=recorder.url)
    citizen = make_user()
    with transaction(db):
        citizen.phone = "13800138000"
    recorder.status = 503
    _submit(db, citizen, calendar)
    assert _run_queue(db, settings) == [{"sent": 0, "failed": 1}]
    pending = db.scalars(select(notify.Notification).where(notify.Notification.delivered_at.is_(None))).all()
    assert [n.delivery for n in pending] == ["failed"]
    recorder.status = 200
    notify.request_delivery(db)
    assert _run_queue(db, settings) == [{"sent": 1, "failed": 0}]
    assert recorder.received[-1][1]["phone"] == "13800138000"
    assert recorder.received[-1][1]["text"].startswith("【办事大厅】申请已提交")


def test_a_bad_channel_stops_the_settings_and_a_missing_url_is_named(tmp_path: Path, sqlite_url: str) -> None:
    """An unknown channel is refused when the settings load (start-up), not by each delivery job."""
    with pytest.raises(ValidationError, match="设置 GOVHALL_NOTIFY_CHANNEL 的取值“pigeon”无效，可选：webhook、sms"):
        make_settings(tmp_path, sqlite_url, notify_channel="pigeon", notify_url="http://x")
    with pytest.raises(BadInput, match="GOVHALL_NOTIFY_URL"):
        notify.make_channel(make_settings(tmp_path, sqlite_url, notify_channel="sms"))
    assert notify.make_channel(make_settings(tmp_path, sqlite_url)) is None  # inbox only


def test_a_typo_in_the_channel_stops_the_cli_at_start_up(tmp_path: Path) -> None:
    result = govhall(tmp_path, "catalog", "list", env={"GOVHALL_NOTIFY_CHANNEL": "webhok"})
    assert result.returncode == 2, result.stderr
    assert "GOVHALL_NOTIFY_CHANNEL" in result.stderr and "webhook、sms" in result.stderr
    assert "Traceback" not in result.stderr


class TestWebhookChannel(ChannelContract):
    name = "webhook"

    def check_sent(self, payload: dict[str, Any], message: notify.Outbound) -> None:
        assert payload == {"kind": message.kind, "title": message.title, "body": message.body, "link": message.link}


class TestSmsGatewayChannel(ChannelContract):
    name = "sms"

    def check_sent(self, payload: dict[str, Any], message: notify.Outbound) -> None:
        assert payload == {"phone": message.phone, "text": f"【办事大厅】{message.title}：{message.body}"}

    def test_a_message_without_a_phone_is_not_sent(self, channel: notify.Channel, recorder: Recorder) -> None:
        channel.send(notify.Outbound("case.submit", "申请已提交", "", "/cases/GH1", None))
        assert recorder.received == []


def test_someone_elses_case_notifications_are_not_visible(
    db: Session, make_user: UserFactory, calendar: WorkCalendar
) -> None:
    alice, bob = make_user(), make_user()
    _submit(db, alice, calendar)
    assert notify.list_notifications(db, bob.id) == []
    with pytest.raises(NotFound):
        notify.mark_read(db, bob.id, notify.list_notifications(db, alice.id)[0].id)
