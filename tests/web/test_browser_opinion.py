"""The analyst's public-opinion pages in real headless Chromium, over the full demo data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS, serve_demo
from tests.web.support import login

pytestmark = BROWSER


@pytest.fixture
def opinion_server(tmp_path: Path) -> Iterator[str]:
    """The demo with its models folder, so posts carry sentiment (the shared ``server`` has none)."""
    yield from serve_demo(tmp_path, with_models=True)


def test_analyst_sees_trend_jobs_alerts_drills_down_and_reads_the_policy_report(opinion_server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        login(page, opinion_server, "fenxi")

        page.goto(opinion_server + "/opinion")
        page.wait_for_selector("#opinion-trend[data-ready]")  # not wait_for_function: the CSP forbids its eval
        assert int(page.get_attribute("#opinion-trend", "data-ready") or 0) >= 50
        assert page.locator("#opinion-trend canvas").count() >= 1
        counts = page.inner_text("#opinion-job-counts")
        assert "已完成 3" in counts and "排队中 0" in counts and "失败 0" in counts
        jobs = page.inner_text("#opinion-jobs")
        assert "分片 1/2" in jobs and "话题与预警分析" in jobs and "新导入" in jobs
        assert "公积金" in page.inner_text("#opinion-alerts")
        assert page.locator("#opinion-topics tbody tr").count() >= 5
        page.wait_for_selector("#opinion-topic-map[data-ready]")
        assert int(page.get_attribute("#opinion-topic-map", "data-ready") or 0) >= 5
        assert page.locator("#opinion-topic-map canvas").count() >= 1

        page.click("#opinion-alerts a >> nth=0")
        page.wait_for_selector("#opinion-posts")
        assert "/opinion/posts?alert_id=" in page.url
        rows = page.locator("#opinion-posts tbody tr")
        assert rows.count() >= 5 and "负面" in page.inner_text("#opinion-posts")
        assert "舆情预警" in page.inner_text("h1")

        page.goto(opinion_server + "/opinion/report")
        page.fill("input[name=policy]", "公积金提取新规")
        page.fill("input[name=since]", "2025-04-01")
        page.fill("input[name=until]", "2025-04-30")
        page.click("form.search button[type=submit]")
        page.wait_for_selector("#impact-summary")
        summary = page.inner_text("#impact-summary")
        assert "公积金提取新规" in summary and "负面占比上升" in summary
        page.wait_for_selector("#impact-chart canvas")
        browser.close()


def test_clicking_a_trend_bar_opens_that_days_posts_and_pages_fit_a_phone(opinion_server: str) -> None:
    import json

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        login(page, opinion_server, "fenxi")

        page.goto(opinion_server + "/opinion")
        page.wait_for_selector("#opinion-trend[data-ready]")
        series = json.loads(page.text_content("#opinion-series") or "[]")
        busiest = max(range(len(series)), key=lambda i: series[i]["count"])
        day = series[busiest]["bucket"][:10]
        box = page.locator("#opinion-trend").bounding_box()
        assert box is not None
        x, y = json.loads(page.get_attribute("#opinion-trend", "data-bars") or "[]")[busiest]  # the bar's top
        page.mouse.move(box["x"] + x - 20, box["y"] + y + 6)
        page.mouse.move(box["x"] + x, box["y"] + y + 6, steps=5)  # ECharts finds its target on hover
        page.mouse.click(box["x"] + x, box["y"] + y + 6)
        page.wait_for_url("**/opinion/posts**")
        assert f"since={day}" in page.url and f"until={day}" in page.url
        page.wait_for_selector("#opinion-posts")
        times = page.locator("#opinion-posts tbody tr td:first-child").all_inner_texts()
        assert len(times) == min(series[busiest]["count"], 50) and all(t.startswith(day) for t in times)
        assert f"共 {series[busiest]['count']} 条" in page.inner_text("#opinion-posts-count")

        page.set_viewport_size({"width": 390, "height": 844})
        page.fill("input[name=q]", "公积金")
        page.click("#opinion-search button[type=submit]")
        page.wait_for_selector("#opinion-posts-count")
        for selector in ("#opinion-search", "#opinion-posts-count", "main h1"):
            found = page.locator(selector).bounding_box()
            assert found is not None and found["x"] >= 0 and found["x"] + found["width"] <= 390, selector
        assert "公积金" in page.inner_text("#opinion-posts")
        with page.expect_download() as download:
            page.click("#opinion-posts-csv")
        assert download.value.suggested_filename.endswith(".csv")
        browser.close()
