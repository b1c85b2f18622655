"""Question–answer pairs (常见问题, historical 12345 answers) as a document type of the policy library.

A FAQ file (CSV with a header row, or JSON Lines) holds one pair per row: ``question``, ``answer`` and
optionally ``legal_basis`` ("《失业保险条例》第十七条"), ``department`` and ``date`` (Chinese column names
问题/答复/依据/部门/日期 are read too). Each pair becomes one article of a document of type 问答 whose
text starts with the question, so a citizen's question meets the stored questions in the same BM25 and
dense search as the laws; an answer resting on a FAQ entry quotes its answer and cites the entry and,
when the library holds it, the article named as its legal basis.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall.policies._readers import DocumentUnreadable
from govhall.policies._structure import ParsedArticle, ParsedDocument, policy_key
from govhall.policies.models import PolicyArticle, PolicyDocument

__all__ = [
    "FAQ_SUFFIXES",
    "FAQ_TYPE",
    "FOLDER_FAQ_SUFFIXES",
    "basis_citations",
    "faq_parts",
    "is_faq_file",
    "parse_faq",
]

FAQ_TYPE = "问答"
# A file named on its own is a FAQ file when it is CSV or JSON Lines; inside a folder only *.faq.csv and
# *.faq.jsonl are, so that a folder of laws with a stray data file does not turn it into questions.
FAQ_SUFFIXES = (".csv", ".jsonl")
FOLDER_FAQ_SUFFIXES = (".faq.csv", ".faq.jsonl")
MAX_FAQ_PAIRS = 50_000
_FIELDS = {
    "question": ("question", "问题", "问"),
    "answer": ("answer", "答复", "回答", "答案", "答"),
    "legal_basis": ("legal_basis", "basis", "依据", "法律依据", "政策依据"),
    "department": ("department", "部门", "答复部门", "单位"),
    "date": ("date", "日期", "答复日期", "时间"),
}
_PREFIX = {"question": "问：", "answer": "答：", "legal_basis": "依据：", "department": "部门：", "date": "日期："}
_BASIS = re.compile(r"《([^》]{2,60})》\s*(第[一二三四五六七八九十百零〇]+条)")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def is_faq_file(name: str) -> bool:
    return name.lower().endswith(FAQ_SUFFIXES)


def _field(row: dict[str, Any], name: str) -> str:
    for key in _FIELDS[name]:
        value = row.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _rows(data: bytes, name: str) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentUnreadable(name, "问答文件须为 UTF-8 编码") from None
    if name.lower().endswith(".jsonl"):
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise DocumentUnreadable(name, f"第 {number} 行不是合法的 JSON") from None
            if not isinstance(row, dict):
                raise DocumentUnreadable(name, f"第 {number} 行应为 JSON 对象")
            rows.append(row)
        return rows
    return list(csv.DictReader(io.StringIO(text)))


def parse_faq(data: bytes, name: str) -> ParsedDocument:
    """The FAQ file as a document of type 问答, one article per pair (问答1, 问答2 …)."""
    rows = _rows(data, name)
    if len(rows) > MAX_FAQ_PAIRS:
        raise DocumentUnreadable(name, f"问答超过 {MAX_FAQ_PAIRS} 条，请拆分后导入")
    stem = PurePath(name).name.split(".")[0]
    title = f"常见问题解答：{stem}"
    articles: list[ParsedArticle] = []
    latest: date | None = None
    for number, row in enumerate(rows, 1):
        question, answer = _field(row, "question"), _field(row, "answer")
        if not question or not answer:
            raise DocumentUnreadable(name, f"第 {number} 条缺少问题或答复（需要 question 和 answer 两列）")
        paragraphs = [_PREFIX["question"] + question, _PREFIX["answer"] + answer]
        for extra in ("legal_basis", "department", "date"):
            value = _field(row, extra)
            if value:
                paragraphs.append(_PREFIX[extra] + value)
        when = _DATE.search(_field(row, "date"))
        if when is not None:
            try:
                day = date(int(when.group(1)), int(when.group(2)), int(when.group(3)))
            except ValueError:
                day = None
            if day is not None and (latest is None or day > latest):
                latest = day
        articles.append(ParsedArticle(f"问答{number}", [title], paragraphs))
    if not articles:
        raise DocumentUnreadable(name, "没有问答")
    return ParsedDocument(title, [], latest, FAQ_TYPE, "", "", articles)


def faq_parts(paragraphs: list[str]) -> dict[str, str]:
    """A stored FAQ article's fields (question, answer, legal_basis, department, date)."""
    parts: dict[str, str] = {}
    for paragraph in paragraphs:
        for field, prefix in _PREFIX.items():
            if paragraph.startswith(prefix):
                parts[field] = paragraph[len(prefix) :]
    return parts


def basis_citations(db: Session, legal_basis: str) -> list[dict[str, object]]:
    """The library's articles a FAQ entry names as its legal basis ("《X》第N条"), as citations."""
    citations: list[dict[str, object]] = []
    for title, number in _BASIS.findall(legal_basis):
        row = db.execute(
            select(PolicyDocument.title, PolicyArticle.number, PolicyArticle.path, PolicyArticle.text)
            .join(PolicyArticle, PolicyArticle.document_id == PolicyDocument.id)
            .where(
                PolicyDocument.policy_key == policy_key(title),
                PolicyDocument.status == "in_force",
                PolicyArticle.number == number,
            )
            .limit(1)
        ).first()
        if row is not None:
            citations.append({"title": row[0], "article": row[1], "path": row[2], "text": row[3], "score": 0.0})
    return citations
