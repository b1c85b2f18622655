"""Ingest policy files into the library: incremental by content hash, versions, supersession.

A document is identified by its source (a file path, or ``builtin:NAME`` for the shipped library).
Re-ingesting skips files whose bytes did not change, replaces those that did, and (for a folder)
deletes documents whose files vanished. Files are processed one at a time and committed in batches,
so memory stays bounded and a bad file costs only itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from govhall.db import transaction, utcnow
from govhall.errors import BadInput
from govhall.policies._readers import SUPPORTED_SUFFIXES, DocumentUnreadable, read_text
from govhall.policies._structure import ParsedDocument, parse_text, policy_key
from govhall.policies.faq import FOLDER_FAQ_SUFFIXES, is_faq_file, parse_faq
from govhall.policies.index import bump_generation
from govhall.policies.models import PolicyArticle, PolicyDocument, PolicyReplacement

__all__ = ["IngestReport", "SourceFile", "declare_replacement", "ingest_files", "iter_folder", "policy_key"]

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SourceFile:
    """One file to ingest: a stable source name, the file name that carries title and date, and how
    to read its bytes."""

    source: str
    name: str
    folder: str
    read: Callable[[], bytes]


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    articles: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    vector_job: int | None = None  # the queued dense-vector job, when vectors follow in the background

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "articles": self.articles,
            "failed": self.failed,
            "vector_job": self.vector_job,
        }


def iter_folder(path: Path) -> tuple[list[SourceFile], str | None]:
    """The supported files under ``path`` (or ``path`` itself) and the source prefix to prune under."""
    if not path.exists():
        raise BadInput.of("path_not_found", path=path)
    if path.is_file():
        files = [path]
        prefix = None
    else:
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and (p.suffix.lower() in SUPPORTED_SUFFIXES or p.name.lower().endswith(FOLDER_FAQ_SUFFIXES))
            and p.name != "SOURCE.md"
        )
        prefix = str(path.resolve()) + "/"
    return [SourceFile(str(p.resolve()), p.name, p.parent.name, p.read_bytes) for p in files], prefix


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _article_rows(document_id: int, parsed: ParsedDocument) -> Iterator[dict[str, object]]:
    for seq, article in enumerate(parsed.articles, 1):
        path = " > ".join([*article.path, article.number])
        text = article.text
        yield {
            "document_id": document_id,
            "seq": seq,
            "number": article.number,
            "path": path[:500],
            "text": text,
            "paragraphs": article.paragraphs,
            "content_hash": _sha256((path + "\n" + text).encode("utf-8")),
        }


def _store(db: Session, source: SourceFile, content_hash: str, parsed: ParsedDocument) -> tuple[bool, int]:
    existing = db.scalar(select(PolicyDocument).where(PolicyDocument.source == source.source))
    if existing is not None:
        db.execute(delete(PolicyArticle).where(PolicyArticle.document_id == existing.id))
        document = existing
    else:
        document = PolicyDocument(source=source.source)
        db.add(document)
    from govhall.policies.interpret import interpret_document

    document.title = parsed.title[:200]
    document.policy_key = policy_key(parsed.title)[:200]
    document.doc_type = parsed.doc_type
    document.issuer = parsed.issuer[:200]
    document.doc_number = parsed.doc_number[:100]
    document.promulgated_on = parsed.promulgated_on
    document.status = "in_force"
    document.content_hash = content_hash
    document.ingested_at = utcnow()
    document.info = {
        "info_lines": parsed.info_lines[:20],
        "replaces": parsed.replaces,
        **interpret_document(parsed),
    }
    db.flush()
    rows = list(_article_rows(document.id, parsed))
    if rows:
        db.execute(insert(PolicyArticle), rows)
    for old in parsed.replaces:
        # extracted from the text (……同时废止): a self-reference is a re-enactment, not a replacement
        if policy_key(old) and policy_key(old) != document.policy_key:
            declare_replacement(db, old, parsed.title)
    return existing is None, len(rows)


def declare_replacement(db: Session, old_title: str, new_title: str) -> None:
    """Record that ``old_title`` was replaced by ``new_title`` (e.g. 信访条例 → 信访工作条例)."""
    old_key, new_key = policy_key(old_title), policy_key(new_title)
    if not old_key or not new_key or old_key == new_key:
        raise BadInput.of("bad_replacement", "unknown", old=old_title, new=new_title)
    row = db.get(PolicyReplacement, old_key)
    if row is None:
        db.add(PolicyReplacement(old_key=old_key, new_key=new_key))
    else:
        row.new_key = new_key
    db.flush()


def refresh_statuses(db: Session) -> None:
    """Newest version of each policy is in force, older ones superseded; replaced policies superseded."""
    documents = db.scalars(select(PolicyDocument)).all()
    replacements = {row.old_key: row.new_key for row in db.scalars(select(PolicyReplacement))}
    by_key: dict[str, list[PolicyDocument]] = {}
    for document in documents:
        by_key.setdefault(document.policy_key, []).append(document)
    for key, versions in by_key.items():
        newest = max((d.promulgated_on for d in versions if d.promulgated_on), default=None)
        newest_doc = max(versions, key=lambda d: (d.promulgated_on or newest or utcnow().date(), d.id))
        replaced_by = replacements.get(key)
        replacement_docs = by_key.get(replaced_by, []) if replaced_by else []
        for document in versions:
            if replacement_docs:
                status, by = "superseded", max(replacement_docs, key=lambda d: d.id).title
            elif document.promulgated_on is None or newest is None or document.promulgated_on == newest:
                status, by = "in_force", ""
            else:
                status, by = "superseded", f"{newest_doc.title}（{newest}）"
            if document.status != status or document.superseded_by != by:
                document.status, document.superseded_by = status, by[:200]
    db.flush()


def ingest_files(
    db: Session,
    files: Sequence[SourceFile],
    *,
    prune_prefix: str | None = None,
    replacements: Iterable[tuple[str, str]] = (),
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``files``; with ``prune_prefix``, delete documents under it whose file is gone."""
    report = IngestReport()
    replacements = list(replacements)
    known = dict(db.execute(select(PolicyDocument.source, PolicyDocument.content_hash)).all())
    pending = 0
    for number, source in enumerate(files, 1):
        try:
            data = source.read()
            content_hash = _sha256(data)
            if known.get(source.source) == content_hash:
                report.unchanged += 1
            else:
                if is_faq_file(source.name):  # question–answer pairs (govhall.policies.faq)
                    parsed = parse_faq(data, source.name)
                else:
                    parsed = parse_text(read_text(data, source.name), name=source.name, folder=source.folder)
                if not parsed.articles:
                    raise DocumentUnreadable(source.name, "没有找到正文")
                with transaction(db):
                    added, count = _store(db, source, content_hash, parsed)
                    bump_generation(db)
                report.articles += count
                if added:
                    report.added += 1
                else:
                    report.updated += 1
                pending += 1
        except DocumentUnreadable as exc:
            report.failed.append({"source": source.source, "message": exc.message})
        except OSError as exc:
            report.failed.append({"source": source.source, "message": f"无法读取文件 {source.name}：{exc.strerror}"})
        if progress:
            progress(number, len(files), source.name)
    seen = {f.source for f in files}
    with transaction(db):
        if prune_prefix is not None:
            gone = [s for s in known if s.startswith(prune_prefix) and s not in seen]
            for stale in gone:
                db.execute(delete(PolicyDocument).where(PolicyDocument.source == stale))
            report.removed = len(gone)
        for old, new in replacements:
            declare_replacement(db, old, new)
        if report.changed or pending or replacements:
            refresh_statuses(db)
            bump_generation(db)
    return report
