"""Phone first and 适老化 (issue 21 parts 5 and 6) in real headless Chromium against the real server:
every main page fits a 390 px screen (no sideways scrolling, 搜索 on one line, every control
labelled), 退出 ends the session from every main page, text contrasts at least 4.5:1, 大字/关怀 mode
is kept per browser, the skip link and the login field are a few key presses away, and a failed
submit moves focus to the error summary with the invalid fields marked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS
from tests.web.support import (
    ANONYMOUS_PAGES,
    CITIZEN_PAGES,
    CLERK_PAGES,
    COLLECT_TEXT_COLOURS,
    DESKTOP,
    PAGE_WIDTH,
    PHONE,
    UNLABELLED_CONTROLS,
    login,
    low_contrast,
    open_menu,
)

pytestmark = BROWSER

ACCOUNTS: list[tuple[str | None, list[str]]] = [
    (None, ANONYMOUS_PAGES),
    ("zhangsan", CITIZEN_PAGES),
    ("renshe", CLERK_PAGES),
    ("fenxi", ["/opinion"]),
]


def _visit_all(browser: Any, server: str, viewport: dict[str, int], care: bool, check: Any) -> None:
    """Open every main page as the account that sees it and run ``check(page, path)`` on it."""
    for username, paths in ACCOUNTS:
        context = browser.new_context(viewport=viewport)
        if care:
            context.add_cookies([{"name": "govhall_care", "value": "1", "url": server}])
        page = context.new_page()
        if username:
            login(page, server, username)
        for path in paths:
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            check(page, f"{username or '未登录'} {path}")
        context.close()


@pytest.mark.parametrize(
    ("viewport", "care"), [(DESKTOP, False), (PHONE, False), (PHONE, True)], ids=["desktop", "phone", "phone-care"]
)
def test_main_pages_fit_the_screen_label_every_control_and_contrast_enough(
    server: str, viewport: dict[str, int], care: bool
) -> None:
    """One pass over the main pages per screen: width (no sideways scrolling), labels, and text
    contrast ≥ 4.5:1 with the phone menu opened, since its links are text too."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []

    def check(page: Any, where: str) -> None:
        assert page.locator("html.care").count() == (1 if care else 0)
        width = page.evaluate(PAGE_WIDTH)
        if width > viewport["width"]:
            problems.append(f"{where}: {width} px wide")
        problems.extend(f"{where}: unlabelled {html}" for html in page.evaluate(UNLABELLED_CONTROLS))
        open_menu(page)
        for low in low_contrast(page.evaluate(COLLECT_TEXT_COLOURS)):
            problems.append(f"{where}: {low.where} “{low.text}” {low.ratio}:1")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        _visit_all(browser, server, viewport, care, check)
        browser.close()
    assert problems == []


def test_phone_menu_collapses_and_search_stays_on_one_line(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport=PHONE)
        page.goto(server + "/")
        lines = page.evaluate(
            """() => { const r = document.createRange(); r.selectNodeContents(document.getElementById("search-button"));
                       return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; }"""
        )
        assert lines == 1, "搜索 wraps onto two lines"
        assert not page.locator("#site-nav").is_visible(), "the phone menu starts collapsed"
        page.click("#menu-toggle")
        assert page.locator("#site-nav").is_visible() and page.get_attribute("#menu-toggle", "aria-expanded") == "true"
        page.click("#nav-policies")
        page.wait_for_url("**/policies")
        browser.close()


LOGOUT_PAGES = [
    ("zhangsan", "/"),
    ("zhangsan", "/policies"),
    ("zhangsan", "/recommend"),
    ("zhangsan", "/graph"),
    ("zhangsan", "/assistant"),
    ("zhangsan", "/my/cases"),
    ("zhangsan", "/notifications"),
    ("zhangsan", "/items/dibao"),
    ("renshe", "/clerk/queue"),
    ("fenxi", "/opinion"),
]


def test_logout_ends_the_session_from_every_main_page_on_a_phone(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        for username, path in LOGOUT_PAGES:
            login(page, server, username)
            assert page.request.get(f"{server}/api/auth/me").status == 200
            page.goto(server + path)
            open_menu(page)
            page.click("#logout")
            page.wait_for_load_state()
            assert page.url == server + "/", f"退出 on {path} went to {page.url}"
            assert page.request.get(f"{server}/api/auth/me").status == 401, f"still logged in after 退出 on {path}"
            open_menu(page)
            assert page.locator("#nav-login").is_visible()
        browser.close()


def test_care_mode_is_kept_per_browser_and_enlarges_text_and_targets(server: str) -> None:
    from playwright.sync_api import sync_playwright

    size = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(server + "/")
        standard = page.evaluate(size)
        button = page.locator("#search-button").bounding_box()
        assert page.get_attribute("#care-toggle", "aria-pressed") == "false"
        page.click("#care-toggle")
        assert page.get_attribute("#care-toggle", "aria-pressed") == "true"
        assert page.evaluate(size) >= standard * 1.2
        assert page.evaluate("localStorage.getItem('govhall-care')") == "1"
        page.goto(server + "/items/dibao")  # another page, drawn large by the server from the cookie
        assert page.locator("html.care").count() == 1
        page.goto(server + "/")
        larger = page.locator("#search-button").bounding_box()
        assert button and larger and larger["height"] >= button["height"] * 1.2, "larger targets"
        other = browser.new_context(viewport=PHONE).new_page()  # another browser profile is not affected
        other.goto(server + "/")
        assert other.locator("html.care").count() == 0
        page.click("#care-toggle")
        page.reload()
        assert page.locator("html.care").count() == 0
        browser.close()


def test_keyboard_reaches_login_and_content_quickly_and_errors_get_focus(server: str) -> None:
    from playwright.sync_api import sync_playwright

    focused = "() => document.activeElement && document.activeElement.id"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport=DESKTOP)
        page.goto(server + "/items/dibao")
        page.keyboard.press("Tab")
        assert page.evaluate(focused) == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate(focused) == "main"

        page.goto(server + "/login")
        presses = 0
        while page.evaluate(focused) != "username" and presses < 10:
            page.keyboard.press("Tab")
            presses += 1
        assert presses <= 2, f"{presses} tab presses to the login field"
        page.fill("#username", "zhangsan")
        page.fill("#password", "wrong password")
        page.click("#login")
        page.wait_for_selector("#error-summary")
        assert page.evaluate(focused) == "error-summary"
        assert page.get_attribute("#password", "aria-invalid") == "true"

        login(page, server, "zhangsan")
        page.goto(server + "/items/unemployment-benefit/apply")
        page.fill("#f-phone", "12")
        page.click("#submit")
        page.wait_for_selector("#error-summary")
        assert page.evaluate(focused) == "error-summary"
        assert page.get_attribute("#f-phone", "aria-invalid") == "true"
        described = page.get_attribute("#f-phone", "aria-describedby")
        assert described and page.locator(f"#{described}").inner_text()
        assert page.locator("input[type=file][data-required][aria-invalid=true]").count() == 2
        page.click("#error-summary a[href='#f-phone']")
        assert page.evaluate(focused) == "f-phone"
        browser.close()
