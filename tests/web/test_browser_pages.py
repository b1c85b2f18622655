"""The 我能办什么 and knowledge-graph pages in real headless Chromium."""

from __future__ import annotations

from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS

pytestmark = BROWSER


def test_recommend_and_graph_pages(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(server + "/recommend")
        page.fill("#p-age", "82")
        page.select_option("#p-hukou_local", "true")
        page.fill("#p-household_income_per_person", "600")
        page.click("#recommend")
        page.wait_for_selector("#rec-elderly-allowance")
        assert "第三十三条" in page.inner_text("#rec-elderly-allowance")
        assert page.locator(".recommend-eligible #rec-dibao").count() == 1

        page.goto(server + "/graph")
        # a selector, not wait_for_function: the CSP forbids the eval that its polling needs
        page.wait_for_selector("#graph[data-ready]")
        assert int(page.get_attribute("#graph", "data-ready") or 0) > 50
        page.fill("#graph-search", "户口簿")
        page.click("#graph-search-button")
        page.wait_for_selector("#graph-detail h2")
        assert "居民户口簿" in page.inner_text("#graph-detail")
        browser.close()
