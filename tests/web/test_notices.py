"""The notices a page shows after a form post, each written in one place: ``back_to`` (back-office
pages, ``?done=`` / ``?error=``) and ``with_error`` with ``refusal_reason`` (hall pages)."""

from __future__ import annotations

from govhall.errors import BadInput, FormInvalid
from govhall.web.actions import back_to, refusal_reason, with_error


def test_done_notice_is_url_encoded_in_the_query() -> None:
    response = back_to("/admin/users", done="已创建账号 王小明")
    assert response.status_code == 303
    assert (
        response.headers["location"]
        == "/admin/users?done=%E5%B7%B2%E5%88%9B%E5%BB%BA%E8%B4%A6%E5%8F%B7+%E7%8E%8B%E5%B0%8F%E6%98%8E"
    )


def test_error_notice_and_anchor_follow_the_query() -> None:
    response = back_to("/admin/logs/abc", error="应为答复的序号", anchor="turn-3")
    assert response.headers["location"].startswith("/admin/logs/abc?error=%E5%BA%94")
    assert response.headers["location"].endswith("#turn-3")


def test_no_notice_is_the_bare_page() -> None:
    assert back_to("/admin/knowledge").headers["location"] == "/admin/knowledge"
    assert back_to("/admin/knowledge", anchor="top").headers["location"] == "/admin/knowledge#top"


def test_a_refusal_names_the_first_field_to_correct() -> None:
    refused = FormInvalid.of("form_invalid", "new_password", fields={"confirm_password": "两次输入的新密码不一致"})
    assert refusal_reason(refused) == "两次输入的新密码不一致"
    plain = BadInput.of("unknown_action")
    assert refusal_reason(plain) == plain.message


def test_with_error_quotes_the_reason_and_keeps_a_query() -> None:
    assert (
        with_error("/cases/GH1", "材料 不全").headers["location"]
        == "/cases/GH1?error=%E6%9D%90%E6%96%99%20%E4%B8%8D%E5%85%A8"
    )
    assert with_error("/cases?page=2", "x").headers["location"] == "/cases?page=2&error=x"
