"""The back office in real headless Chromium against the real server: an admin adds a field to an
item's form, previews and publishes it, a citizen sees it, the admin rolls back; the admin
deactivates a user, who then cannot log in. Any CSP violation fails the test."""

from __future__ import annotations

from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS
from tests.web.support import login, open_menu

pytestmark = BROWSER


def test_admin_adds_a_field_publishes_rolls_back_and_deactivates_a_user(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        admin = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # phone width
        csp_errors: list[str] = []
        admin.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
        login(admin, server, "admin")
        open_menu(admin)  # phone width: the header menu is behind 菜单
        admin.click("#nav-admin")
        admin.wait_for_url("**/admin")
        admin.click("#admin-catalog")
        admin.click("#item-dibao a.edit-item")
        admin.wait_for_selector("#item-form")

        admin.click("#add-field")
        row = admin.locator("#field-rows .field-row").last
        row.locator(".f-name").fill("house_area")
        row.locator(".f-label").fill("住房面积（平方米）")
        row.locator(".f-kind").select_option("number")
        row.locator(".f-required").select_option("1")
        row.locator(".move-up").click()  # reordering by script, then back to the end
        row.locator(".move-down").click()
        law = admin.locator("#laws option").first.get_attribute("value")
        assert law
        admin.fill("#law-pick", law)
        admin.fill("#article-pick", "第一条")
        admin.click("#add-basis")
        assert admin.input_value("#e-legal_basis").endswith(f"{law} | 第一条")
        admin.click("#preview-item")
        admin.wait_for_selector("#preview")
        assert admin.locator('#preview-form [data-name="house_area"]').count() == 1
        assert f"《{law}》第一条" in admin.inner_text("#preview")
        admin.click("#publish-item")
        admin.wait_for_selector("#versions-done")
        assert "v2" in admin.inner_text("#versions-done")
        assert "house_area" in admin.inner_text("#diff-form")

        citizen = browser.new_context().new_page()
        login(citizen, server, "zhangsan")
        citizen.goto(f"{server}/items/dibao/apply")
        assert citizen.locator("#f-house_area").count() == 1
        assert "住房面积" in citizen.inner_text("label[for=f-house_area]")

        admin.click("#rollback-1")
        admin.wait_for_selector("#versions-done")
        assert "发布为 v3" in admin.inner_text("#versions-done")
        citizen.reload()
        citizen.wait_for_selector("#apply-form")
        assert citizen.locator("#f-house_area").count() == 0

        admin.click("#admin-users")
        admin.locator("#user-lisi button.deactivate").click()
        admin.wait_for_selector("#users-done")
        assert "已停用" in admin.inner_text("#user-lisi")
        other = browser.new_context().new_page()
        login(other, server, "lisi")
        assert "/login" in other.url
        assert "用户名或密码错误" in other.inner_text(".alert")
        assert csp_errors == []
        browser.close()
