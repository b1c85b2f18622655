"""Split a policy text into its structure: 编/分编/章/节 headings, 条 (articles), 款 and 项.

The article is the unit of citation. Each keeps the path of headings above it
(``社会保险法 > 第五章 失业保险 > 第四十五条``) and its paragraphs, so that a long article's 款 and 项
stay addressable. Texts without articles (notices, plans) are cut into numbered passages (段) instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import takewhile

__all__ = [
    "ITEM",
    "ParsedArticle",
    "ParsedDocument",
    "item_lead",
    "items_after",
    "parse_text",
    "policy_key",
    "short_title",
]

_NUM = "[一二三四五六七八九十百千零〇两0-9]+"
_HEADING = re.compile(rf"^(第{_NUM})(编|分编|章|节)(?:\s+|$)(.*)$")
_ARTICLE = re.compile(rf"^(第{_NUM}条(?:之[一二三四五六七八九十]+)?)(?:[\s\u3000:：]+|$)(.*)$")
_ARTICLE_LOOSE = re.compile(rf"^(第{_NUM}条(?:之[一二三四五六七八九十]+)?)(.*)$")
ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
"""A paragraph that is a 项 ("（一）…", "(二)…"): one item of the list its 款 opens, which reads only
with that lead-in; the answer, its sentence and the index's passages all keep the two together."""
_LEVELS = {"编": 1, "分编": 2, "章": 3, "节": 4}
_INFO_END = "<!-- INFO END -->"
_DATE_IN_NAME = re.compile(r"\((\d{4}-\d{2}-\d{2})\)\s*$")
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DOC_NUMBER = re.compile(
    r"((?:中华人民共和国)?[\u4e00-\u9fff]{1,20}令(?:（[^）]*）)?第\s*\d+\s*号"
    r"|[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号)"
)
_ISSUERS = (
    ("全国人民代表大会常务委员会", "全国人民代表大会常务委员会"),
    ("全国人民代表大会", "全国人民代表大会"),
    ("国务院令", "国务院"),
    ("国务院", "国务院"),
    ("最高人民法院", "最高人民法院"),
    ("最高人民检察院", "最高人民检察院"),
)
_SEGMENT_CHARS = 400
TYPE_FOLDERS = frozenset(
    [
        "宪法",
        "宪法相关法",
        "民法典",
        "民法商法",
        "行政法",
        "行政法规",
        "经济法",
        "社会法",
        "刑法",
        "诉讼与非诉讼程序法",
        "司法解释",
        "部门规章",
        "地方性法规",
    ]
)


@dataclass
class ParsedArticle:
    number: str
    path: list[str]
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class ParsedDocument:
    title: str
    info_lines: list[str]
    promulgated_on: date | None
    doc_type: str
    issuer: str
    doc_number: str
    articles: list[ParsedArticle] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)


def item_lead(paragraphs: Sequence[str], number: int) -> int | None:
    """The paragraph whose list the item at ``number`` belongs to: the last one before it that is no
    item (None when the article opens with items)."""
    return max((i for i in range(number) if not ITEM.match(paragraphs[i])), default=None)


def items_after(paragraphs: Sequence[str], number: int) -> list[str]:
    """The items listed right after the lead-in at ``number`` ("…下列情形之一的："), up to the first
    paragraph that is no item."""
    return list(takewhile(ITEM.match, paragraphs[number + 1 :]))


def short_title(title: str) -> str:
    """The title as people say it: without the 中华人民共和国 prefix."""
    return title.removeprefix("中华人民共和国").strip() or title


def policy_key(title: str) -> str:
    """Versions of one policy share this key: the title without 中华人民共和国 and spaces.

    Here beside :func:`short_title`, not in ``ingest``, so that ``faq`` (which ``ingest`` imports to
    read question–answer files) can match a FAQ's legal basis to the library without importing
    ``ingest`` back."""
    return "".join(short_title(title).split())


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def _infer_type(title: str, folder: str) -> str:
    if folder in TYPE_FOLDERS:
        return folder
    if title.endswith("宪法"):
        return "宪法"
    if "解释" in title or title.startswith("最高人民"):
        return "司法解释"
    if title.endswith(("规定", "办法", "规则", "细则")):
        return "部门规章"
    if title.endswith("法"):
        return "法律"
    if title.endswith("条例"):
        return "行政法规"
    if any(word in title for word in ("通知", "意见", "方案", "规划", "决定")):
        return "政策文件"
    return "其他"


def _issuer(info: str, title: str) -> str:
    for needle, issuer in _ISSUERS:
        if needle in info:
            return issuer
    match = re.search(r"([\u4e00-\u9fff]{2,20}(?:部|委员会|局|署|办公厅|政府))(?:令|发布|印发|关于)", info)
    return match.group(1) if match else ""


def parse_text(text: str, *, name: str, folder: str = "") -> ParsedDocument:
    """Parse one document. ``name`` is the file name (``TITLE(YYYY-MM-DD).md`` gives title and date)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", name)
    date_match = _DATE_IN_NAME.search(stem)
    stem_title = _DATE_IN_NAME.sub("", stem).strip()

    title = ""
    parts: list[str] = []
    info: list[str] = []
    body_start = 0
    has_info_end = any(line.strip() == _INFO_END for line in lines)
    for index, raw in enumerate(lines):
        line = raw.strip()
        if has_info_end and line == _INFO_END:
            body_start = index + 1
            break
        if line.startswith("# "):
            if not title:
                title = _clean(line[2:])
            else:
                parts.append(_clean(line[2:]))
            body_start = index + 1
            continue
        if not has_info_end:
            break
        if line:
            info.append(_clean(line))
    title = title or stem_title

    joined_info = " ".join(info)
    promulgated: date | None = None
    if date_match:
        promulgated = date.fromisoformat(date_match.group(1))
    else:
        found = [m for m in _CN_DATE.finditer(joined_info)]
        if found:
            y, m, d = (int(g) for g in found[-1].groups())
            try:
                promulgated = date(y, m, d)
            except ValueError:
                promulgated = None
    number_match = _DOC_NUMBER.search(joined_info) or _DOC_NUMBER.search("\n".join(lines[body_start : body_start + 8]))
    doc = ParsedDocument(
        title=title,
        info_lines=info,
        promulgated_on=promulgated,
        doc_type=_infer_type(title, folder),
        issuer=_issuer(joined_info, title),
        doc_number=number_match.group(1).replace(" ", "") if number_match else "",
    )
    body = [_clean(line) for line in lines[body_start:]]
    doc.articles = _articles(body, [short_title(title), *parts])
    doc.replaces = sorted(set(re.findall(r"《([^》]{2,60})》同时废止", text)) - {title})
    return doc


def _articles(body: list[str], root: list[str]) -> list[ParsedArticle]:
    strict = any(_ARTICLE.match(line.lstrip("#").strip()) for line in body if line)
    article_re = _ARTICLE if strict else _ARTICLE_LOOSE
    headings: list[tuple[int, str]] = []
    articles: list[ParsedArticle] = []
    current: ParsedArticle | None = None
    loose: list[str] = []  # paragraphs outside any article (preambles, notices without articles)
    for line in body:
        if not line:
            continue
        bare = line.lstrip("#").strip()
        heading = _HEADING.match(bare)
        if heading or (line.startswith("#") and not article_re.match(bare)):
            level = _LEVELS[heading.group(2)] if heading else 4 + line.count("#", 0, line.find(" ") + 1)
            headings = [h for h in headings if h[0] < level] + [(level, bare)]
            current = None
            continue
        match = article_re.match(bare) if bare.startswith("第") else None
        if match and (current is None or match.group(1) != current.number):
            current = ParsedArticle(match.group(1), [*root, *(h for _, h in headings)], [])
            articles.append(current)
            rest = match.group(2).strip()
            if rest:
                current.paragraphs.append(rest)
            continue
        if current is not None:
            current.paragraphs.append(bare)
        else:
            loose.append(bare)
    if articles:
        return [a for a in articles if a.paragraphs]
    return _segments(loose, root)


def _segments(paragraphs: list[str], root: list[str]) -> list[ParsedArticle]:
    """Cut a text without articles into passages of about ``_SEGMENT_CHARS`` characters, by paragraph."""
    result: list[ParsedArticle] = []
    chunk: list[str] = []
    size = 0
    for paragraph in paragraphs:
        chunk.append(paragraph)
        size += len(paragraph)
        if size >= _SEGMENT_CHARS:
            result.append(ParsedArticle(f"第{len(result) + 1}段", list(root), chunk))
            chunk, size = [], 0
    if chunk:
        result.append(ParsedArticle(f"第{len(result) + 1}段", list(root), chunk))
    return result
