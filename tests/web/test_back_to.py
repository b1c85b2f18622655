"""``back_to``: the one place that writes the notice a back-office page shows after a form post."""

from __future__ import annotations

from govhall.web.actions import back_to


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
