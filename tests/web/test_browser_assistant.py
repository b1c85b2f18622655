"""The assistant page (issue 21 part 9) in real headless Chromium against the real server: suggested
questions, numbered citation cards that open the article in 政策库, the conversation kept across a
reload and a login (which comes back to the chat), 新对话, and the transcript shown to no one else."""

from __future__ import annotations

import re
from pathlib import Path

from govhall.assistant import SHIPPED_INTENTS, train_routing
from govhall.demo import DEMO_PASSWORD
from tests.conftest import make_settings
from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS
from tests.web.support import DESKTOP

pytestmark = BROWSER

QUESTION = "失业金能领多久？"


def _shown(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The citizen's messages in the chat, as the transcript keeps them: masked, so a word the
    masker reads as a name may show as ``*``; compare them with that in mind."""
    texts = page.locator("#chat-log li.msg.user").all_inner_texts()
    return [QUESTION if re.fullmatch(re.sub(r"\\\*", ".", re.escape(t)), QUESTION) else t for t in texts]


def test_chat_cites_articles_and_survives_reload_and_login(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    # the server's models folder (the demo was built without one): routing and act models
    train_routing(SHIPPED_INTENTS, make_settings(tmp_path, "sqlite://").resolved_models_dir)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(f"{server}/assistant")
        assert page.locator("#chat-suggestions").is_visible()
        assert page.locator("#chat-handoff").is_visible()
        page.click(f"#chat-suggestions button:text-is('{QUESTION}')")
        page.wait_for_selector("#chat-log li.msg.assistant >> nth=1")
        assert not page.locator("#chat-suggestions").is_visible(), "suggestions give way to the conversation"
        cards = page.locator("#chat-log li.msg.assistant >> nth=1").locator("ol.citations li.citation a")
        assert cards.count() >= 1
        first = cards.first.inner_text()
        assert first.startswith("[1]") and "《失业保险条例》" in first and " > " not in first
        sid = page.evaluate("localStorage.getItem('govhall-assistant')")
        assert sid and re.fullmatch(r"[0-9a-f]{32}", sid)

        cards.first.click()
        page.wait_for_load_state()
        assert re.search(r"/policies/\d+#a\d+$", page.url), page.url
        anchor = page.url.rsplit("#", 1)[1]
        assert "第十七条" in page.inner_text(f"#{anchor}")

        page.goto(f"{server}/assistant")  # back in the chat: the conversation and its cards are there
        page.wait_for_selector("#chat-log li.msg.user")
        assert _shown(page) == [QUESTION]
        assert page.locator("#chat-log ol.citations").count() >= 1
        page.reload()
        page.wait_for_selector("#chat-log li.msg.user")
        assert page.locator("#chat-log li.msg.user").count() == 1

        page.click("#chat-login")
        page.wait_for_selector("#username")
        assert "next=/assistant" in page.url or "next=%2Fassistant" in page.url
        page.fill("#username", "zhangsan")
        page.fill("#password", DEMO_PASSWORD)
        page.click("#login")
        page.wait_for_url(f"{server}/assistant")
        page.wait_for_selector("#chat-log li.msg.user")
        assert _shown(page) == [QUESTION], "the chat survives the login"
        assert page.evaluate("localStorage.getItem('govhall-assistant')") == sid

        stranger = browser.new_context().new_page()  # another browser: neither its cookie nor its login
        stranger.goto(f"{server}/")
        assert stranger.request.get(f"{server}/api/assistant/sessions/{sid}/messages").status == 404

        page.click("#chat-new")
        assert page.locator("#chat-log li.msg").count() == 1, "only the greeting"
        assert page.evaluate("localStorage.getItem('govhall-assistant')") is None
        assert page.locator("#chat-suggestions").is_visible()
        page.reload()
        assert page.locator("#chat-log li.msg.user").count() == 0
        browser.close()
