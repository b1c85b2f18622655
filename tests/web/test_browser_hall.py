"""The hall journey of issue 21 in real headless Chromium against the real server over HTTP:
a citizen applies with two uploaded files; the clerk requests one missing material; the citizen sees
the notification and uploads it; the clerk approves and completes; the citizen downloads the
受理回执 and rates the service. The same journey runs at desktop width and on a 390 px phone."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from govhall.samples import make_person, sample_form_data
from tests.files.samples import PDF, PNG
from tests.web.conftest import BROWSER, CHROMIUM, CHROMIUM_FLAGS
from tests.web.support import (
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

ITEM = "unemployment-benefit"  # two required materials, one optional
MISSING = "终止或者解除劳动关系的证明"


def _check_page(page: Any, viewport: dict[str, int]) -> None:
    """The case page fits the screen, labels its controls and keeps text contrast at 4.5:1 or more."""
    assert page.evaluate(PAGE_WIDTH) <= viewport["width"]
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    assert low_contrast(page.evaluate(COLLECT_TEXT_COLOURS)) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_apply_with_files_supplement_download_receipt_and_rate(
    server: str, tmp_path: Path, viewport: dict[str, int]
) -> None:
    from playwright.sync_api import sync_playwright

    id_scan, card_photo, proof = tmp_path / "身份证.pdf", tmp_path / "银行卡.png", tmp_path / "解除劳动合同证明.pdf"
    id_scan.write_bytes(PDF)
    card_photo.write_bytes(PNG)
    proof.write_bytes(PDF)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        citizen = browser.new_context(accept_downloads=True, viewport=viewport).new_page()
        errors: list[str] = []
        citizen.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        login(citizen, server, "zhangsan")
        citizen.goto(f"{server}/items/{ITEM}/apply")
        form = citizen.evaluate(f"() => fetch('/api/catalog/items/{ITEM}').then(r => r.json())")
        rng = random.Random(8)
        for name, value in sample_form_data(form["form"], make_person(rng), rng).items():
            prop = form["form"]["properties"][name]
            if "enum" in prop:
                citizen.select_option(f"#f-{name}", str(value))
            elif prop.get("type") == "boolean":
                if value:
                    citizen.check(f"#f-{name}")
            else:
                citizen.fill(f"#f-{name}", str(value))
        required = citizen.query_selector_all("input[type=file][data-required]")
        assert len(required) == 2
        required[0].set_input_files(str(id_scan))
        required[1].set_input_files(str(card_photo))
        assert citizen.evaluate(PAGE_WIDTH) <= viewport["width"]
        citizen.click("#submit")
        citizen.wait_for_selector("#case-number")
        number = citizen.inner_text("#case-number")
        assert "身份证.pdf" in citizen.inner_text("#materials") and "银行卡.png" in citizen.inner_text("#materials")

        clerk = browser.new_context(accept_downloads=True, viewport=viewport).new_page()
        login(clerk, server, "renshe")
        clerk.goto(f"{server}/cases/{number}")
        with clerk.expect_download() as download:
            clerk.click("#materials a.download >> nth=0")
        assert Path(download.value.path()).read_bytes() == PDF
        assert clerk.evaluate(PAGE_WIDTH) <= viewport["width"]
        clerk.click("#action-accept")
        clerk.wait_for_selector("#checklist")
        _check_page(clerk, viewport)  # the workbench: checklist, reasons, materials
        clerk.check(f"#checklist input[value='{MISSING}']")
        clerk.fill("#reason-request_materials", "请补充解除劳动关系的证明")
        clerk.click("#action-request_materials")
        clerk.wait_for_selector("#requested")
        assert clerk.inner_text("#case-state") == "待补正材料"

        citizen.goto(f"{server}/my/cases")
        assert citizen.evaluate(PAGE_WIDTH) <= viewport["width"]
        open_menu(citizen)  # collapsed on a phone
        citizen.wait_for_selector("#inbox-count:not([hidden])")
        assert int(citizen.inner_text("#inbox-count")) >= 1
        citizen.click("#nav-inbox")
        assert "请补正材料" in citizen.inner_text("#inbox")
        citizen.click(f"#inbox a[href='/cases/{number}'] >> nth=0")
        citizen.wait_for_selector("#supplement-form")
        assert MISSING in citizen.inner_text("#requested")
        citizen.set_input_files("#r0", str(proof))
        citizen.click("#action-supplement")
        citizen.wait_for_selector("#case-state")
        assert citizen.inner_text("#case-state") == "已受理，审核中"
        assert "解除劳动合同证明.pdf" in citizen.inner_text("#materials")

        clerk.reload()
        assert "解除劳动合同证明.pdf" in clerk.inner_text("#materials")
        clerk.click("#action-approve")
        clerk.wait_for_selector("#action-complete")
        clerk.click("#action-complete")
        clerk.wait_for_selector("#doc-result")

        citizen.reload()
        _check_page(citizen, viewport)  # documents and the 好差评 form
        with citizen.expect_download() as download:
            citizen.click("#doc-receipt")
        assert download.value.suggested_filename.startswith("受理回执")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        citizen.check("#score-5")
        citizen.check("#rating-form input[value='办理快捷，按时办结']")
        citizen.fill("#rating-comment", "网上就办好了，很方便")
        citizen.click("#rate")
        citizen.wait_for_selector("#rating-result")
        assert "非常满意" in citizen.inner_text("#rating-result")
        assert not [e for e in errors if "Content Security Policy" in e]
        browser.close()
