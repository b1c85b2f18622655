"""The clerk console for hand-offs (转人工) in real headless Chromium, against the real server."""

from __future__ import annotations

from pathlib import Path

from govhall.assistant import SHIPPED_INTENTS, AssistantSession, train_routing
from govhall.db import make_engine, make_session_factory, transaction
from govhall.demo import DEMO_PASSWORD
from govhall.text import mask
from tests.conftest import make_settings
from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS
from tests.web.support import UNLABELLED_CONTROLS

pytestmark = BROWSER


def _flag_a_conversation(tmp_path: Path) -> str:
    """A 居住证 conversation handed to a person, stored as the assistant stores it (turns masked)."""
    engine = make_engine(f"sqlite:///{(tmp_path / 'demo.db').as_posix()}")
    try:
        with make_session_factory(engine)() as db, transaction(db):
            said = ["我想办居住证", "我叫王小明，电话13912345678", "转人工"]
            turns = []
            for text in said:
                turns.append({"role": "user", "text": mask(text), "at": "2025-01-01T09:00:00"})
                turns.append({"role": "assistant", "text": "好的。", "at": "2025-01-01T09:00:00"})
            row = AssistantSession(
                public_id="a" * 32,
                item_code="residence-permit",
                stage="filling",
                fields={"applicant_name": {"value": "王小明", "turn": 2}, "phone": {"value": "13912345678", "turn": 2}},
                pending={},
                turns={"items": turns},
                handled={},
                handoff=True,
                handoff_reason="requested",
                handoff_department="公安局",  # the item's department: its clerks see the hand-off
            )
            db.add(row)
        return row.public_id
    finally:
        engine.dispose()


def test_clerk_reads_a_handoff_answers_and_marks_it_handled(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    sid = _flag_a_conversation(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(f"{server}/login")
        page.fill("#username", "gongan")
        page.fill("#password", DEMO_PASSWORD)
        page.click("#login")
        page.wait_for_url("**/clerk/queue")
        page.click("#queue-handoffs")
        page.wait_for_url("**/clerk/handoffs")
        card = page.locator(f"#handoff-{sid}")
        text = card.inner_text()
        assert "居住证" in text and "群众要求转人工" in text
        assert "139****5678" in text and "王*明" in text
        assert "13912345678" not in page.content() and "王小明" not in page.content()
        assert card.locator(".transcript li").count() == 6
        assert page.evaluate(UNLABELLED_CONTROLS) == [], "the reply and note boxes are labelled"
        card.locator("textarea[name=text]").fill("您好，居住证可以在网上申请，材料清单已发给您。")
        card.locator("button.send-reply").click()
        page.wait_for_selector("#handoff-replied")
        card = page.locator(f"#handoff-{sid}")
        assert card.locator(".transcript li.staff").count() == 1 and "材料清单" in card.inner_text()
        card.locator("input[name=note]").fill("已电话联系群众")
        card.locator("button.mark-handled").click()
        page.wait_for_selector("#handoff-done")
        assert page.locator(f"#handoff-{sid}").count() == 0
        assert page.locator("#handoffs-empty").count() == 1
        assert page.locator("#nav-handoffs").count() == 1
        browser.close()


def test_citizen_sees_the_clerks_reply_and_rates_a_reply(server: str, tmp_path: Path) -> None:
    import httpx
    from playwright.sync_api import sync_playwright

    # the server's models folder (the demo was built without one): routing and act models
    train_routing(SHIPPED_INTENTS, make_settings(tmp_path, "sqlite://").resolved_models_dir)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(f"{server}/assistant")
        page.fill("#chat-text", "我想办居住证")
        page.press("#chat-text", "Enter")
        page.wait_for_selector("#chat-log li.msg.assistant >> nth=1")
        page.fill("#chat-text", "转人工")
        page.press("#chat-text", "Enter")
        page.wait_for_selector("#chat-log li.msg.assistant >> nth=2")
        sid = page.evaluate("localStorage.getItem('govhall-assistant')")
        with httpx.Client(base_url=server) as clerk:
            token = clerk.post("/api/auth/login", json={"username": "gongan", "password": DEMO_PASSWORD}).json()[
                "token"
            ]
            sent = clerk.post(
                f"/api/assistant/handoffs/{sid}/messages",
                json={"text": "您好，我是公安局窗口，居住证可以网上办。"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert sent.status_code == 201, sent.text
        page.wait_for_selector("#chat-log li.msg.staff", timeout=20_000)
        assert "公安局窗口" in page.locator("#chat-log li.msg.staff").inner_text()
        page.locator("#chat-log li.msg.assistant >> nth=1").locator("button.feedback-up").click()
        page.wait_for_selector("text=感谢您的评价")
        browser.close()
