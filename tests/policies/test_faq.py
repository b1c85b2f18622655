"""Question–answer pairs as a document type: CSV / JSON Lines FAQ files are ingested as 问答 documents,
a citizen's question meets the stored questions, and the answer cites the entry and its legal basis."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from govhall.config import Settings
from govhall.db import make_engine, make_session_factory
from govhall.errors import GovhallError
from govhall.policies import ask, ingest_path
from govhall.policies.faq import FAQ_TYPE, parse_faq
from tests.conftest import _prepare
from tests.policies.conftest import policy_settings

PAIRS = [
    {
        "question": "失业保险金可以一次性领取吗？",
        "answer": "不可以。失业保险金按月发放，领取期限按累计缴费时间确定。",
        "legal_basis": "《失业保险条例》第十七条",
        "department": "市人力资源和社会保障局",
        "date": "2024-03-01",
    },
    {
        "question": "社区养老服务驿站的午餐怎么预约？",
        "answer": "可通过社区服务中心电话或驿站窗口预约，次日供餐。",
        "department": "市民政局",
        "date": "2024-05-20",
    },
]


@pytest.fixture()
def library_with_faq(tmp_path: Path) -> tuple[Session, Settings]:
    url = f"sqlite:///{(tmp_path / 'govhall.db').as_posix()}"
    _prepare(url)
    folder = tmp_path / "library"
    folder.mkdir()
    laws = resources.files("govhall.policies") / "data" / "laws"
    for name in ("失业保险条例(1999-01-22).md", "社会保险法(2018-12-29).md"):
        with resources.as_file(laws / name) as source:
            shutil.copy(source, folder / name)
    lines = "\n".join(json.dumps(p, ensure_ascii=False) for p in PAIRS)
    (folder / "人社问答.faq.jsonl").write_text(lines + "\n", encoding="utf-8")
    (folder / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # not a FAQ inside a folder
    settings = policy_settings(tmp_path, url)
    db = make_session_factory(make_engine(url))()
    report = ingest_path(db, settings, folder, vectors=False)
    assert report.added == 3 and not report.failed
    return db, settings


def test_a_question_like_a_stored_one_gets_its_answer_and_legal_basis(
    library_with_faq: tuple[Session, Settings],
) -> None:
    db, settings = library_with_faq
    answer = ask(db, settings, "失业保险金能不能一次性全部领走？")
    assert answer.grounded and answer.composer == "faq"
    assert answer.answer_sentence == "不可以。"
    assert answer.citations[0]["title"] == "常见问题解答：人社问答"
    assert "市人力资源和社会保障局" in answer.answer and "[1]" in answer.answer and "[2]" in answer.answer
    assert (answer.citations[1]["title"], answer.citations[1]["article"]) == ("失业保险条例", "第十七条")


def test_faq_files_in_csv_with_chinese_columns(tmp_path: Path) -> None:
    data = "问题,答复,部门,日期\n居住证丢了怎么补办？,携带身份证到派出所申请补领。,市公安局,2023年6月1日\n".encode()
    parsed = parse_faq(data, "公安问答.csv")
    assert parsed.doc_type == FAQ_TYPE and parsed.promulgated_on is not None
    assert parsed.articles[0].paragraphs[:2] == ["问：居住证丢了怎么补办？", "答：携带身份证到派出所申请补领。"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"question": "q"}\n', "缺少问题或答复"),
        (b"not json\n", "不是合法的 JSON"),
        ("问题,答复\n".encode("gbk"), "UTF-8"),
        (b"", "没有问答"),
    ],
)
def test_bad_faq_files_are_refused_with_a_chinese_reason(data: bytes, message: str) -> None:
    name = "x.csv" if "问题".encode("gbk") in data else "x.jsonl"
    with pytest.raises(GovhallError) as caught:
        parse_faq(data, name)
    assert message in caught.value.message
