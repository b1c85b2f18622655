"""Turn a file's bytes into text: Markdown and plain text (UTF-8 or GB18030), HTML, DOCX, PDF.

Each reader fails with ``DocumentUnreadable`` and a Chinese reason; ingestion records it and goes on
with the rest of the folder.
"""

from __future__ import annotations

import io
import re

from govhall.errors import GovhallError, message_for

__all__ = ["MAX_DOCUMENT_BYTES", "SUPPORTED_SUFFIXES", "DocumentUnreadable", "read_text"]

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".pdf"})


class DocumentUnreadable(GovhallError):
    """A policy file that cannot be turned into text (encrypted, corrupt, empty, too large, unknown)."""

    status = 422

    def __init__(self, name: str, reason: str) -> None:
        super().__init__("document_unreadable", message_for("document_unreadable", name=name, reason=reason))
        self.reason = reason


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise DocumentUnreadable(name, "文本编码无法识别（支持 UTF-8 与 GB18030/GBK）")


def _html(data: bytes, name: str) -> str:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(_decode(data, name))
    for node in tree.css("script, style, nav, header, footer"):
        node.decompose()
    title_node = tree.css_first("title") or tree.css_first("h1")
    lines: list[str] = []
    if title_node is not None and title_node.text(strip=True):
        lines.append("# " + title_node.text(strip=True))
    body = tree.body or tree.root
    if body is None:
        return "\n".join(lines)
    for node in body.css("h1, h2, h3, h4, p, li, div"):
        if node.tag == "div" and node.css_first("p, div, li, h1, h2, h3, h4") is not None:
            continue
        text = node.text(separator="", strip=True)
        if not text or (node.tag == "h1" and lines and lines[0] == "# " + text):
            continue
        lines.append(text)
    return "\n\n".join(lines)


def _docx(data: bytes, name: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise DocumentUnreadable(name, "不是有效的 DOCX 文件") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style == "Title" or (style.startswith("Heading 1") and not lines):
            lines.append("# " + text)
        else:
            lines.append(text)
    return "\n\n".join(lines)


def _pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise DocumentUnreadable(name, "PDF 已加密，请提供未加密的文件")
            except DocumentUnreadable:
                raise
            except Exception as exc:
                raise DocumentUnreadable(name, "PDF 已加密，请提供未加密的文件") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentUnreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentUnreadable(name, "PDF 文件已损坏或格式不正确") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentUnreadable(name, "PDF 没有文字层（可能是扫描件），请先做文字识别")
    # PDF lines break inside sentences; join lines that do not end a sentence or start an article.
    joined = re.sub(
        r"(?<![。；：！？\n])\n(?!第[一二三四五六七八九十百千零〇0-9]+[条章节编]|（[一二三四五六七八九十]+）)", "", text
    )
    return joined


def read_text(data: bytes, name: str) -> str:
    """Text of a file named ``name`` (the suffix picks the reader)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentUnreadable(name, f"文件过大（{len(data) // (1024 * 1024)} MB），上限为 20 MB")
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentUnreadable(name, "不支持的文件类型（支持 md、txt、html、docx、pdf）")
    if not data.strip():
        raise DocumentUnreadable(name, "文件为空")
    if suffix in (".html", ".htm"):
        text = _html(data, name)
    elif suffix == ".docx":
        text = _docx(data, name)
    elif suffix == ".pdf":
        text = _pdf(data, name)
    else:
        text = _decode(data, name)
    if not text.strip():
        raise DocumentUnreadable(name, "文件没有可读的文字")
    return text
