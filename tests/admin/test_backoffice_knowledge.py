"""The knowledge-base manager through the real app: a policy editor uploads a document, sees its
structure and versions, asks a test question that cites it, repeals and deletes it; bad uploads are
refused in Chinese and remembered with their reason; every change is audited."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from govhall import audit
from govhall.accounts import Role
from govhall.policies import PolicyDocument
from tests.admin.conftest import PageClient, csrf_of

LAW = """# 示例青苗补助办法

<!-- INFO END -->

## 第一章 总则

### 第一节 范围

第一条 种植青苗的农户每亩可以领取青苗补助金八十元。

第二条 青苗补助金向乡镇农业服务中心申请。

## 第二章 附则

第三条 本办法自发布之日起施行。
"""
NEWER = LAW.replace("八十元", "一百二十元")


def _upload(client: TestClient, name: str, body: bytes) -> tuple[int, str]:
    token = csrf_of(client.get("/admin/knowledge").text)
    response = client.post(
        "/admin/knowledge/upload", data={"csrf": token}, files={"file": (name, body, "application/octet-stream")}
    )
    return response.status_code, response.text


def _document_id(app: FastAPI, date: str) -> int:
    with app.state.session_factory() as db:
        found = db.scalar(
            select(PolicyDocument.id).where(PolicyDocument.source == f"upload:示例青苗补助办法({date}).md")
        )
    assert found is not None
    return int(found)


def test_upload_structure_versions_ask_repeal_and_delete(app: FastAPI, page_client: PageClient) -> None:
    editor = page_client(Role.POLICY_EDITOR)
    status, page = _upload(editor, "示例青苗补助办法(2021-03-01).md", LAW.encode())
    assert status == 200, page
    assert "已导入 示例青苗补助办法(2021-03-01).md：新增，3 条" in page
    assert "示例青苗补助办法" in page
    old = _document_id(app, "2021-03-01")

    outline = editor.get(f"/admin/knowledge/{old}").text
    for heading in ("第一章 总则", "第一节 范围", "第二章 附则", "第三条"):
        assert heading in outline

    assert _upload(editor, "示例青苗补助办法(2024-05-01).md", NEWER.encode())[0] == 200
    new = _document_id(app, "2024-05-01")
    versions = editor.get(f"/admin/knowledge/{old}").text
    assert "已被替代" in versions and "现行有效" in versions

    answer = editor.get("/admin/knowledge", params={"question": "种青苗每亩能领多少补助？"}).text
    assert 'id="kb-answer"' in answer
    assert "120元" in answer.split('id="kb-vectors"')[0]
    assert "示例青苗补助办法" in answer.split('id="kb-citations"')[1]

    token = csrf_of(versions)
    repealed = editor.post(f"/admin/knowledge/{new}/repeal", data={"csrf": token, "reason": "测试废止"})
    assert repealed.status_code == 200
    assert "已废止" in repealed.text
    after = editor.get("/admin/knowledge", params={"question": "种青苗每亩能领多少补助？"}).text
    assert "120元" not in after.split('id="kb-vectors"')[0]

    # a later upload recomputes versions: the repeal stays
    assert _upload(editor, "另一个办法(2024-06-01).md", "# 另一个办法\n\n第一条 另行规定。\n".encode())[0] == 200
    assert 'id="doc-status">已废止' in editor.get(f"/admin/knowledge/{new}").text

    deleted = editor.post(f"/admin/knowledge/{old}/delete", data={"csrf": token})
    assert deleted.status_code == 200 and "已删除" in deleted.text
    assert editor.get(f"/admin/knowledge/{old}").status_code == 404

    with app.state.session_factory() as db:
        actions = {e.action for e in audit.find_entries(db, action="policy.", limit=50)}
    assert {"policy.upload", "policy.repeal", "policy.delete"} <= actions


def test_bad_uploads_are_refused_in_chinese(app: FastAPI, page_client: PageClient) -> None:
    editor = page_client(Role.POLICY_EDITOR)
    status, page = _upload(editor, "病毒.exe", b"MZ\x90\x00")
    assert status == 400
    assert "不支持的文件类型" in page
    status, page = _upload(editor, "空文件.md", b"")
    assert status == 400 and "是空的" in page
    status, page = _upload(editor, "坏文件.docx", b"not a zip at all")
    assert status == 422  # a well-formed upload whose content cannot be read
    assert "无法导入 坏文件.docx" in page
    listing = editor.get("/admin/knowledge").text
    assert "导入失败的文件" in listing and "坏文件.docx" in listing
    token = csrf_of(listing)
    missing = editor.post("/admin/knowledge/upload", data={"csrf": token})
    assert missing.status_code == 400 and "请选择要上传的文件" in missing.text
    assert editor.get("/admin/knowledge/999999").status_code == 404
    assert editor.get("/admin/knowledge/abc").status_code == 422


def test_reindex_is_audited(app: FastAPI, page_client: PageClient) -> None:
    admin = page_client(Role.ADMIN)
    token = csrf_of(admin.get("/admin/knowledge").text)
    response = admin.post("/admin/knowledge/reindex", data={"csrf": token})
    assert response.status_code == 200 and "已重建检索索引" in response.text
    with app.state.session_factory() as db:
        assert audit.find_entries(db, action="policy.reindex", limit=5)


def test_faq_pairs_upload_and_answer(page_client: PageClient) -> None:
    editor = page_client(Role.POLICY_EDITOR)
    pairs = "问题,答案\n青苗补助金什么时候发放？,每年十月底前发放到农户的社保卡账户。\n"
    status, page = _upload(editor, "青苗补助问答.csv", pairs.encode())
    assert status == 200 and "已导入 青苗补助问答.csv：新增，1 条" in page
    answer = editor.get("/admin/knowledge", params={"question": "青苗补助金什么时候发放？"}).text
    shown = answer.split('id="kb-vectors"')[0]
    assert "每年10月底前发放" in shown and "常见问题解答：青苗补助问答" in shown
