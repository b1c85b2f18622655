"""Ingest: incremental by content hash, versions and supersession, bad input, on both backends."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
from pypdf import PdfWriter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govhall import policies
from govhall.policies import PolicyArticle, PolicyDocument, SearchFilters
from tests.policies.conftest import policy_settings

OLD = "# 示例救助条例\n\n<!-- INFO END -->\n\n第一条 困难家庭每月可以领取补助金三百元。\n\n第二条 向街道办事处申请。\n"
NEW = "# 示例救助条例\n\n<!-- INFO END -->\n\n第一条 困难家庭每月可以领取补助金五百元。\n\n第二条 向街道办事处申请。\n"


def _count(db: Session, model: type) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_versions_supersession_and_incremental_reingest(db: Session, db_url: str, tmp_path: Path) -> None:
    s = policy_settings(tmp_path, db_url)
    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / "示例救助条例(2010-01-01).md").write_text(OLD, encoding="utf-8")
    (folder / "示例救助条例(2020-06-01).md").write_text(NEW, encoding="utf-8")
    (folder / "旧办法(2001-01-01).md").write_text("# 旧办法\n\n第一条 补贴由乡镇发放。\n", encoding="utf-8")

    first = policies.ingest_path(db, s, folder, replacements=[("旧办法", "示例救助条例")])
    assert (first.added, first.updated, first.unchanged, first.failed) == (3, 0, 0, [])
    statuses = {(d.title, d.promulgated_on): d.status for d in db.scalars(select(PolicyDocument))}
    assert statuses[("示例救助条例", date(2020, 6, 1))] == "in_force"
    assert statuses[("示例救助条例", date(2010, 1, 1))] == "superseded"
    assert statuses[("旧办法", date(2001, 1, 1))] == "superseded"

    hits = policies.search(db, s, "困难家庭补助金每月多少", k=3)
    assert hits[0].title == "示例救助条例" and "五百元" in hits[0].text
    old = policies.search(db, s, "困难家庭补助金每月多少", k=3, filters=SearchFilters(as_of=date(2015, 1, 1)))
    assert "三百元" in old[0].text

    again = policies.ingest_path(db, s, folder)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0)

    (folder / "旧办法(2001-01-01).md").unlink()
    (folder / "示例救助条例(2020-06-01).md").write_text(NEW.replace("五百元", "六百元"), encoding="utf-8")
    third = policies.ingest_path(db, s, folder)
    assert (third.updated, third.removed, third.unchanged) == (1, 1, 1)
    assert "六百元" in policies.search(db, s, "困难家庭补助金每月多少", k=1)[0].text
    assert db.scalar(select(func.count()).select_from(PolicyDocument).where(PolicyDocument.title == "旧办法")) == 0


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_bad_files_are_reported_and_the_rest_still_ingested(sqlite_url: str, tmp_path: Path) -> None:
    from govhall.db import make_engine, make_session_factory

    s = policy_settings(tmp_path, sqlite_url)
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "好条例(2020-01-01).md").write_text("# 好条例\n\n第一条 居民可以免费领取证件。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "locked.pdf").write_bytes(_encrypted_pdf())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    document = docx.Document()
    document.add_heading("文档办法", level=0)
    document.add_paragraph("第一条 申请人可以在线提交材料。")
    document.save(str(folder / "文档办法(2021-05-01).docx"))
    (folder / "网页通知.html").write_text(
        "<html><head><title>网页规定</title></head><body><p>第一条 网上办理不收费。</p>"
        "<p>第二条 本规定自发布之日起施行。</p></body></html>",
        encoding="utf-8",
    )
    engine = make_engine(sqlite_url)
    with make_session_factory(engine)() as db:
        report = policies.ingest_path(db, s, folder)
        reasons = {Path(f["source"]).name: f["message"] for f in report.failed}
        assert set(reasons) == {"empty.txt", "binary.txt", "locked.pdf", "broken.pdf", "huge.txt"}
        assert "加密" in reasons["locked.pdf"] and "编码" in reasons["binary.txt"] and "过大" in reasons["huge.txt"]
        assert "为空" in reasons["empty.txt"]
        titles = {d.title for d in db.scalars(select(PolicyDocument).where(~PolicyDocument.source.like("builtin:%")))}
        assert titles == {"好条例", "文档办法", "网页规定"}
        assert policies.search(db, s, "网上办理收费吗", k=1)[0].title == "网页规定"
        assert _count(db, PolicyArticle) > 1000  # the shipped library is there too
    engine.dispose()
