"""Back office parts 4-6 in real headless Chromium against the real server, at phone width: an
uploaded policy document answers a test question with a citation; a citizen's 👎 turn appears in the
conversation logs, is marked and exported as training data; the statistics page draws its charts.
Any CSP violation fails the test, and no page scrolls sideways at 390 px."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from govhall.assistant import SHIPPED_INTENTS, train_routing
from tests.conftest import make_settings
from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS
from tests.web.support import PHONE, login, open_menu

pytestmark = BROWSER

LAW = """# 示例青苗补助办法

<!-- INFO END -->

## 第一章 总则

第一条 种植青苗的农户每亩可以领取青苗补助金八十元。

第二条 青苗补助金向乡镇农业服务中心申请。
"""


def _watch_csp(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def _fits_the_phone(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} scrolls sideways ({width}px)"


def test_uploaded_document_answers_a_test_question_with_a_citation(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    document = tmp_path / "示例青苗补助办法(2024-05-01).md"
    document.write_text(LAW, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_context(viewport=PHONE).new_page()
        csp = _watch_csp(page)
        login(page, server, "admin")
        open_menu(page)
        page.click("#nav-admin")
        page.click("#admin-knowledge")
        page.set_input_files("#kb-file", str(document))
        page.click("#kb-upload-submit")
        page.wait_for_selector("#kb-done")
        assert "新增，2 条" in page.inner_text("#kb-done")
        _fits_the_phone(page)
        row = page.locator("#kb-table tr", has_text="示例青苗补助办法")
        deadline = time.monotonic() + 120  # the vector pass runs in the server after the upload
        while row.locator(".index-state").get_attribute("data-state") == "vectors_pending":
            assert time.monotonic() < deadline, "vectors never finished"
            page.wait_for_timeout(500)
            page.reload()
        assert row.locator(".index-state").get_attribute("data-state") == "indexed"

        page.fill("#kb-question", "种植青苗每亩可以领多少补助金？")
        page.click("#kb-ask-submit")
        page.wait_for_selector("#kb-answer")
        assert "80元" in page.inner_text("#kb-answer")
        assert "示例青苗补助办法" in page.inner_text("#kb-citations")
        assert "第一条" in page.inner_text("#kb-citations")

        row = page.locator("#kb-table tr", has_text="示例青苗补助办法")
        row.locator("a.doc-link").click()
        page.wait_for_selector("#doc-outline")
        assert "第一章 总则" in page.inner_text("#doc-outline")
        _fits_the_phone(page)
        assert csp == []
        browser.close()


def test_a_thumbs_down_turn_appears_in_the_logs_and_is_exported(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    train_routing(SHIPPED_INTENTS, make_settings(tmp_path, "sqlite://").resolved_models_dir)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        citizen = browser.new_context(viewport=PHONE).new_page()
        citizen.goto(f"{server}/assistant")
        citizen.fill("#chat-text", "居住证要带什么材料？")
        citizen.press("#chat-text", "Enter")
        reply = citizen.locator("#chat-log li.msg.assistant >> nth=1")
        reply.wait_for()
        reply.locator("button.feedback-down").click()
        reply.locator(".feedback input").fill("没说清楚")
        reply.locator(".feedback input").press("Enter")
        citizen.wait_for_selector("text=感谢您的评价")

        admin = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
        csp = _watch_csp(admin)
        login(admin, server, "admin")
        admin.goto(f"{server}/admin")
        admin.click("#admin-logs")
        admin.select_option("#logs-feedback", "down")
        admin.click("#logs-filter")
        admin.wait_for_url("**feedback=down**")
        rows = admin.locator("#logs-table tr[data-outcome]")
        assert rows.count() == 1
        assert "居住证" in rows.first.inner_text()
        _fits_the_phone(admin)
        rows.first.locator("a.open-conversation").click()
        admin.wait_for_selector("#transcript")
        disliked = admin.locator(".turn.assistant", has=admin.locator(".feedback-down"))
        assert "没说清楚" in disliked.inner_text()
        disliked.locator("select[name=label]").select_option("consult")
        disliked.locator("button.mark-bad").click()
        admin.wait_for_selector("#conv-done")
        assert "坏示例" in admin.inner_text("#conv-done")
        _fits_the_phone(admin)

        admin.click("#admin-logs")
        with admin.expect_download() as caught:
            admin.click("#export-intent")
        exported = Path(caught.value.path()).read_text(encoding="utf-8").splitlines()
        rows_out = [json.loads(line) for line in exported]
        assert len(rows_out) == 1
        assert rows_out[0]["label"] == "consult" and rows_out[0]["example"] == "bad"
        assert "居住证" in rows_out[0]["text"]
        assert csp == []
        browser.close()


def test_statistics_page_draws_its_charts_for_an_analyst(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_context(viewport=PHONE).new_page()
        csp = _watch_csp(page)
        login(page, server, "fenxi")
        open_menu(page)
        page.click("#nav-stats")
        page.wait_for_selector("#chart-applications[data-ready]")
        for chart in ("items", "processing", "deadlines", "ratings", "rating_trend", "handoffs"):
            assert page.locator(f"#chart-{chart}[data-ready]").count() == 1, chart
        assert page.locator("#admin-users").count() == 0
        _fits_the_phone(page)
        page.fill("#stats-start", "2024-05-02")
        page.fill("#stats-end", "2024-05-01")
        page.click("#stats-apply")
        page.wait_for_selector("#err-end")
        assert "结束日期不能早于开始日期" in page.inner_text("#err-end")
        assert csp == []
        browser.close()
