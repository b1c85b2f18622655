"""Ingest posts from CSV / JSON Lines in chunks, with a data-governance report.

The file is read line by line as bytes, so a 10 GB export costs a chunk of memory, and a line that
is not UTF-8 is one bad row (reported with its line number) rather than a failed import. Each
chunk is masked, hashed, checked for duplicates against the database, scored and stored in one
transaction: an interrupted import loses at most one chunk and re-running it skips what is there.
"""

from __future__ import annotations

import csv
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from govhall.db.bulk import insert_rows, reserve_ids
from govhall.errors import BadInput
from govhall.localtime import LOCAL_TZ
from govhall.opinion import rollup
from govhall.opinion.clean import NEAR_DUPLICATE_BITS, bands, content_hash, hamming, is_spam, simhashes
from govhall.opinion.models import OpinionPost
from govhall.opinion.routing import Route, Router
from govhall.opinion.sentiment import SentimentModel, SentimentResult
from govhall.opinion.topics import TopicAssigner
from govhall.text import LONE_SURROGATE, mask_many, mask_value, needs_mask, normalize

__all__ = [
    "MAX_POST_CHARS",
    "Analyzer",
    "ImportReport",
    "PostIn",
    "ingest_file",
    "ingest_rows",
    "parse_time",
    "validate_post",
]

MAX_POST_CHARS = 20_000
MAX_LINE_BYTES = 256 * 1024
CHUNK = 1000
MEMO_SIZE = 20_000  # distinct texts remembered per run (~1 KB each)

FIELDS = ("id", "source", "time", "text", "author", "region", "url", "item_code", "policy")
ALIASES = {
    "content": "text",
    "message": "text",
    "body": "text",
    "user": "author",
    "posted_at": "time",
    "created_at": "time",
    "date": "time",
    "policy_link": "policy",
    "item": "item_code",
}
OPTIONAL_EXTRA = {"title"}
_TIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)
_GARBLE = ("\ufffd", "锟斤拷", "烫烫烫", "Ã", "â€")
MAX_REPORTED = 200

ProgressFn = Callable[[int], None]


def parse_time(raw: object, now: datetime | None = None) -> datetime:
    """A timezone-aware UTC time from ISO 8601, ``2019/2/28 11:25:05`` or a Unix timestamp.

    Times without a zone are Beijing time (what Chinese platforms export). Raises ``ValueError``
    with a Chinese reason for a missing, unreadable or future time.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("缺少时间")
    moment: datetime | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            moment = datetime.fromtimestamp(float(raw), UTC)
        except (OverflowError, OSError, ValueError):  # out of the platform's range, NaN or infinite
            raise ValueError(f"时间戳 {raw} 超出可表示的范围") from None
    else:
        value = str(raw).strip()
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            for fmt in _TIME_FORMATS:
                try:
                    moment = datetime.strptime(value, fmt)
                    break
                except ValueError:
                    continue
        if moment is None:
            raise ValueError(f"时间“{value[:40]}”无法识别")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01 in Beijing time is before year 1 in UTC
        raise ValueError(f"时间“{str(raw)[:40]}”超出可表示的范围") from None
    if moment > (now or datetime.now(UTC)) + timedelta(minutes=10):
        raise ValueError("时间在未来")
    return moment


@dataclass
class PostIn:
    """One validated post before masking (what the API and each file row become)."""

    source: str
    time: datetime
    text: str
    id: str | None = None
    author: str | None = None
    region: str | None = None
    url: str | None = None
    item_code: str | None = None
    policy: str | None = None
    line: int = 0


@dataclass
class ImportReport:
    """The data-governance report of one import: what came in, what was wrong, what was labelled."""

    path: str = ""
    rows: int = 0
    imported: int = 0
    already_present: int = 0
    bad: int = 0
    bad_rows: list[dict[str, Any]] = field(default_factory=list)
    empty: int = 0
    garbled: int = 0
    too_long: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    spam: int = 0
    pii_posts: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    sentiment: dict[str, int] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)
    topics_assigned: int = 0
    sentiment_model: str | None = None
    seconds: float = 0.0
    post_ids: list[int] = field(default_factory=list)
    keep_ids: bool = True
    """Collect ``post_ids`` (one request's posts); a file import leaves it off to keep memory flat."""

    def add_bad(self, line: int, reason: str) -> None:
        self.bad += 1
        if len(self.bad_rows) < MAX_REPORTED:
            self.bad_rows.append({"line": line, "reason": reason})

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data.pop("post_ids")
        data.pop("keep_ids")
        return data

    @classmethod
    def merged(cls, parts: Iterable[ImportReport | dict[str, Any]], path: str = "") -> ImportReport:
        """One report for a file imported in parts (``--workers``): counts summed, bad rows by line."""
        total = cls(path=path)
        for part in parts:
            data = part.to_dict() if isinstance(part, ImportReport) else part
            for name in _SUMMED:
                setattr(total, name, getattr(total, name) + int(data.get(name, 0)))
            for name in ("sentiment", "departments"):
                counts: dict[str, int] = getattr(total, name)
                for key, value in data.get(name, {}).items():
                    counts[key] = counts.get(key, 0) + int(value)
            total.bad_rows.extend(data.get("bad_rows", []))
            total.ignored_columns.extend(c for c in data.get("ignored_columns", []) if c not in total.ignored_columns)
            total.sentiment_model = total.sentiment_model or data.get("sentiment_model")
            total.seconds = max(total.seconds, float(data.get("seconds", 0.0)))
        total.bad_rows = sorted(total.bad_rows, key=lambda row: int(row["line"]))[:MAX_REPORTED]
        return total


_SUMMED = (
    "rows",
    "imported",
    "already_present",
    "bad",
    "empty",
    "garbled",
    "too_long",
    "exact_duplicates",
    "near_duplicates",
    "spam",
    "pii_posts",
    "topics_assigned",
)


class Analyzer:
    """What every chunk needs, loaded once per run: sentiment model, topics, catalogue routing."""

    def __init__(
        self,
        sentiment: SentimentModel | None,
        topics: TopicAssigner | None,
        router: Router | None,
        *,
        memo_size: int = MEMO_SIZE,
    ) -> None:
        self.sentiment = sentiment
        self.topics = topics
        self.router = router
        # Text -> features, least recently used first: reposts of a recent text skip all the work.
        self.memo: OrderedDict[str, _TextFeatures] = OrderedDict()
        self.memo_size = memo_size

    @classmethod
    def load(cls, db: Session, sentiment: SentimentModel | None, models_dir: Path | None = None) -> Analyzer:
        """``models_dir``: where an active ``ticket_department`` model routes posts (else keywords)."""
        assigner = TopicAssigner.from_db(db)
        return cls(sentiment, assigner if assigner else None, Router.from_db(db, models_dir))


# --- reading ----------------------------------------------------------------------------------


def _decoded_lines(path: Path, bad_lines: dict[int, str]) -> Iterator[str]:
    """The file's lines as text; undecodable or over-long lines are noted in ``bad_lines``."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if len(raw) > MAX_LINE_BYTES:
                bad_lines[number] = f"该行超过 {MAX_LINE_BYTES // 1024} KB"
                yield "\n"
                continue
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                bad_lines[number] = "不是 UTF-8 编码"
                yield raw.decode("utf-8", errors="replace")


def _canonical_columns(columns: Iterable[str], report: ImportReport) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for column in columns:
        key = column.strip().lower()
        target = ALIASES.get(key, key)
        if target in FIELDS and target not in mapping.values():
            mapping[column] = target
        elif key in OPTIONAL_EXTRA:
            mapping[column] = key
        elif column not in report.ignored_columns:
            report.ignored_columns.append(column)
    return mapping


def _records(
    path: Path, report: ImportReport, skip: Callable[[int], bool] | None = None
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, record or a reason why the line is bad), streaming.

    ``skip(k)`` true: the k-th record (counting from 0, bad ones included) is passed over without
    being parsed, so processes that share a file parse only their own part of it.
    """
    index = -1

    def mine() -> bool:
        nonlocal index
        index += 1
        return skip is None or not skip(index)

    bad_lines: dict[int, str] = {}
    lines = _decoded_lines(path, bad_lines)
    if path.suffix.lower() in (".csv", ".tsv"):
        reader = csv.reader(lines, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        try:
            header = next(reader)
        except StopIteration:
            raise BadInput.of("empty_file", path=path) from None
        mapping = _canonical_columns(header, report)
        if "text" not in mapping.values() or "time" not in mapping.values():
            raise BadInput.of("missing_columns", path=path, header=", ".join(header))
        previous = reader.line_num
        for row in reader:
            first, last = previous + 1, reader.line_num
            previous = last
            problem = next((bad_lines.pop(n) for n in range(first, last + 1) if n in bad_lines), None)
            if not problem and not any(cell.strip() for cell in row):
                continue
            if not mine():
                continue
            if problem:
                yield first, problem
            elif len(row) != len(header):
                yield first, f"列数不符：表头 {len(header)} 列，该行 {len(row)} 列"
            else:
                yield first, {mapping[h]: v for h, v in zip(header, row, strict=True) if h in mapping}
        return
    mappings: dict[tuple[str, ...], dict[str, str]] = {}
    for number, line in enumerate(lines, 1):
        if number in bad_lines:
            problem = bad_lines.pop(number)
            if mine():
                yield number, problem
            continue
        if not line.strip() or not mine():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            yield number, "不是有效的 JSON"
            continue
        if not isinstance(data, dict):
            yield number, "不是 JSON 对象"
            continue
        keys = tuple(data)
        columns = mappings.get(keys)
        if columns is None:  # the rows of an export share one or a few key sets
            if len(mappings) >= 64:
                mappings.clear()  # rows with ever-new keys: stay bounded
            columns = mappings[keys] = _canonical_columns(keys, report)
        yield number, {columns[k]: v for k, v in data.items() if k in columns}


def _optional(value: object, limit: int) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text[:limit] or None


def validate_post(record: dict[str, Any], default_source: str, line: int = 0) -> PostIn:
    """A :class:`PostIn` from one record; ``ValueError`` with a Chinese reason when it is unusable."""
    record = _storable(record)
    text = record.get("text")
    if not isinstance(text, str | int | float) or not str(text).strip():
        raise ValueError("文本为空")
    body = str(text).strip()
    title = record.get("title")
    if isinstance(title, str) and title.strip() and title.strip() not in body:
        body = f"{title.strip()}。{body}"
    if len(body) > MAX_POST_CHARS:
        raise ValueError(f"文本过长（{len(body)} 字，上限 {MAX_POST_CHARS} 字）")
    if any(mark in body for mark in _GARBLE):
        raise ValueError("文本含乱码")
    return PostIn(
        source=_optional(record.get("source"), 64) or default_source,
        time=parse_time(record.get("time")),
        text=body,
        id=_optional(record.get("id"), 128),
        author=_optional(record.get("author"), 64),
        region=_optional(record.get("region"), 64),
        url=_optional(record.get("url"), 512),
        item_code=_optional(record.get("item_code"), 64),
        policy=_optional(record.get("policy"), 128),
        line=line,
    )


def _storable(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what no database column can hold: NUL characters are dropped (PostgreSQL
    text refuses them), and a lone surrogate (a JSON escape such as \\ud800, or bytes that were not
    UTF-8) makes the row garbled, as no text library can encode it."""
    cleaned: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, str):
            if LONE_SURROGATE.search(value):
                raise ValueError("文本含乱码（不成对的代理字符）")
            value = value.replace("\x00", "")
        cleaned[key] = value
    return cleaned


def _count_reason(report: ImportReport, reason: str) -> None:
    if reason == "文本为空":
        report.empty += 1
    elif "乱码" in reason or "UTF-8" in reason:
        report.garbled += 1
    elif "过长" in reason or "KB" in reason:
        report.too_long += 1


# --- one chunk ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _TextFeatures:
    """What a post's text alone determines; computed once per distinct text (reposts reuse it)."""

    masked: str
    pii: bool
    digest: str
    simhash: int
    spam: bool
    sentiment: SentimentResult | None = None
    topic_id: int | None = None
    route: Route | None = None


def _features(texts: list[str], analyzer: Analyzer) -> list[_TextFeatures]:
    """Features of ``texts`` (distinct), from the analyzer's memo or computed as one batch.

    Each text is normalised once; the full PII masker runs only where :func:`needs_mask` says
    it could change something (it is conservative), and the model, the topic assigner and the
    simhash voting each see the whole batch at once.
    """
    memo = analyzer.memo
    out: dict[str, _TextFeatures] = {}
    todo: list[str] = []
    for text in texts:
        known = memo.get(text)
        if known is None:
            todo.append(text)
        else:
            memo.move_to_end(text)
            out[text] = known
    if todo:
        normalized = [normalize(text) for text in todo]
        masked = list(todo)
        # The flagged posts are masked together: one batched model pass (mask's per-text rule).
        flagged = [i for i, (text, norm) in enumerate(zip(todo, normalized, strict=True)) if needs_mask(text, norm)]
        for i, clean in zip(flagged, mask_many([todo[i] for i in flagged], ner=None), strict=True):
            if clean != todo[i]:
                masked[i] = clean
                normalized[i] = normalize(clean)
        values = simhashes(masked, normalized=normalized)
        fresh = [
            _TextFeatures(
                masked=clean,
                pii=clean != text,
                digest=content_hash(clean, normalized=norm),
                simhash=value,
                spam=is_spam(clean, normalized=norm) is not None,
            )
            for text, clean, norm, value in zip(todo, masked, normalized, values, strict=True)
        ]
        live = [i for i, f in enumerate(fresh) if not f.spam]
        if analyzer.sentiment is not None and live:
            for i, result in zip(live, analyzer.sentiment.predict([fresh[i].masked for i in live]), strict=True):
                fresh[i].sentiment = result
        if analyzer.topics is not None and live:
            topics = analyzer.topics.assign_texts([normalized[i] for i in live])
            for i, topic_id in zip(live, topics, strict=True):
                fresh[i].topic_id = topic_id
        if analyzer.router is not None and live:
            routes = analyzer.router.route_many([normalized[i].lower() for i in live])
            for i, route in zip(live, routes, strict=True):
                fresh[i].route = route
        for text, features in zip(todo, fresh, strict=True):
            out[text] = features
            memo[text] = features
        while len(memo) > analyzer.memo_size:
            memo.popitem(last=False)
    return [out[text] for text in texts]


def _store_chunk(db: Session, posts: list[PostIn], analyzer: Analyzer, report: ImportReport) -> None:
    """Mask, de-duplicate, label and insert ``posts`` in one transaction."""
    features = dict(zip(*_distinct_features(posts, analyzer), strict=True))
    rows: list[dict[str, Any]] = []
    seen_keys: set[tuple[str, str]] = set()
    for post in posts:
        found = features[post.text]
        masked, digest = found.masked, found.digest
        key = (post.source, post.id or f"sha:{digest}")
        if key in seen_keys:
            report.already_present += 1
            continue
        seen_keys.add(key)
        if found.pii:
            report.pii_posts += 1
        value = found.simhash
        b0, b1, b2, b3 = bands(value)
        rows.append(
            {
                "source": key[0],
                "external_id": key[1],
                "posted_at": post.time,
                "text": masked,
                "author": mask_value("name", post.author) if post.author else None,
                "region": post.region,
                "url": post.url,
                "item_code": post.item_code,
                "policy": post.policy,
                "content_hash": digest,
                "simhash": value,
                "band0": b0,
                "band1": b1,
                "band2": b2,
                "band3": b3,
                "duplicate_of": None,
                "is_spam": found.spam,
                "sentiment": None,
                "sentiment_score": None,
                "topic_id": None,
                "department": None,
                "_features": found,
            }
        )
    if not rows:
        return
    present = _present(db, rows)
    if present:
        report.already_present += sum(1 for r in rows if (r["source"], r["external_id"]) in present)
        rows = [r for r in rows if (r["source"], r["external_id"]) not in present]
    if not rows:
        return
    _mark_duplicates(db, rows, report)
    _label(rows, analyzer, report)
    ids = reserve_ids(db, OpinionPost, len(rows))
    by_external: dict[str, int] = {}
    for row, new_id in zip(rows, ids, strict=True):
        del row["_features"]
        row["id"] = new_id
        by_external.setdefault(row["external_id"], new_id)
    for row in rows:
        if isinstance(row["duplicate_of"], str):  # an earlier post of this chunk: now we know its id
            row["duplicate_of"] = by_external[row["duplicate_of"]]
    insert_rows(db.connection(), OpinionPost, rows)
    rollup.add_rows(db, rows)  # the dashboard's daily counts, in the chunk's transaction
    if report.keep_ids:
        report.post_ids.extend(ids)
    report.imported += len(rows)


def _present(db: Session, rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """The (source, external id) pairs of ``rows`` already stored.

    One ``source = ? AND external_id IN (…)`` search per source: a row-value ``IN (VALUES …)``
    made SQLite scan the whole unique index for every chunk, so imports slowed as the table grew.
    """
    by_source: dict[str, list[str]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row["external_id"])
    present: set[tuple[str, str]] = set()
    for source, ids in by_source.items():
        found = db.scalars(
            select(OpinionPost.external_id).where(OpinionPost.source == source, OpinionPost.external_id.in_(ids))
        )
        present.update((source, external_id) for external_id in found)
    return present


def _mark_duplicates(db: Session, rows: list[dict[str, Any]], report: ImportReport) -> None:
    """Set ``duplicate_of`` to an earlier post's id (stored) or external id (same chunk, resolved later)."""
    hashes = {r["content_hash"] for r in rows}
    stored_exact = dict(
        db.execute(
            select(OpinionPost.content_hash, OpinionPost.id)
            .where(OpinionPost.content_hash.in_(hashes), OpinionPost.duplicate_of.is_(None))
            .order_by(OpinionPost.id.desc())
        ).all()
    )
    # Only posts that are not exact copies of a stored one can be near copies worth looking up
    # (a re-post storm is mostly exact copies: the band query then stays small).
    unseen = [r for r in rows if r["content_hash"] not in stored_exact and r["simhash"] != 0]
    band_sets = [{r[f"band{i}"] for r in unseen} for i in range(4)]
    # one indexed search per band (a UNION: with OR the planner scans the partial indexes whole)
    by_band = (
        select(OpinionPost.id, OpinionPost.simhash).where(
            OpinionPost.duplicate_of.is_(None), getattr(OpinionPost, f"band{i}").in_(band_sets[i])
        )
        for i in range(4)
    )
    candidates = db.execute(union(*by_band)).all() if unseen else []
    band_index: dict[tuple[int, int], list[tuple[int | str, int]]] = {}
    for post_id, value in candidates:
        for i, band in enumerate(bands(value)):
            band_index.setdefault((i, band), []).append((post_id, value))
    chunk_exact: dict[str, str] = {}
    for row in rows:
        digest = row["content_hash"]
        if digest in stored_exact:
            row["duplicate_of"] = stored_exact[digest]
            report.exact_duplicates += 1
            continue
        if digest in chunk_exact:
            row["duplicate_of"] = chunk_exact[digest]
            report.exact_duplicates += 1
            continue
        value = row["simhash"]
        near: int | str | None = None
        if value != 0:
            for i in range(4):
                for candidate_id, other in band_index.get((i, row[f"band{i}"]), ()):
                    if hamming(value, other) <= NEAR_DUPLICATE_BITS:
                        near = candidate_id
                        break
                if near is not None:
                    break
        if near is not None:
            row["duplicate_of"] = near
            report.near_duplicates += 1
            continue
        chunk_exact[digest] = row["external_id"]
        for i in range(4):
            band_index.setdefault((i, row[f"band{i}"]), []).append((row["external_id"], value))


def _distinct_features(posts: list[PostIn], analyzer: Analyzer) -> tuple[list[str], list[_TextFeatures]]:
    texts = list(dict.fromkeys(post.text for post in posts))
    return texts, _features(texts, analyzer)


def _label(rows: list[dict[str, Any]], analyzer: Analyzer, report: ImportReport) -> None:
    """Copy the per-text labels onto the rows (the model ran once per distinct text)."""
    live = [r for r in rows if not r["is_spam"]]
    report.spam += len(rows) - len(live)
    for row in live:
        found: _TextFeatures = row["_features"]
        result = found.sentiment
        if result is not None:
            row["sentiment"] = result.label
            row["sentiment_score"] = result.score
            report.sentiment[result.label] = report.sentiment.get(result.label, 0) + 1
        if analyzer.topics is not None and row["duplicate_of"] is None:
            row["topic_id"] = found.topic_id
            report.topics_assigned += row["topic_id"] is not None
        if analyzer.router is not None:
            route = found.route
            if row["item_code"] is None and route is not None:
                row["item_code"] = route.item_code
            department = analyzer.router.departments.get(row["item_code"] or "") or (
                route.department if route else None
            )
            row["department"] = department
            if department:
                report.departments[department] = report.departments.get(department, 0) + 1


# --- whole runs ---------------------------------------------------------------------------------


def ingest_rows(
    db: Session,
    posts: Iterable[PostIn],
    analyzer: Analyzer,
    *,
    report: ImportReport | None = None,
    chunk: int = CHUNK,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Store validated posts chunk by chunk (one transaction each)."""
    report = report or ImportReport()
    started = time.perf_counter()
    batch: list[PostIn] = []

    def flush() -> None:
        try:
            _store_chunk(db, batch, analyzer, report)
            db.commit()
        except BaseException:
            db.rollback()
            raise
        if progress:
            progress(len(batch))
        batch.clear()

    for post in posts:
        batch.append(post)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    report.seconds = round(report.seconds + time.perf_counter() - started, 3)
    return report


def ingest_file(
    db: Session,
    path: Path,
    analyzer: Analyzer,
    *,
    source: str | None = None,
    chunk: int = CHUNK,
    progress: ProgressFn | None = None,
    keep_ids: bool = False,
    part: int = 0,
    parts: int = 1,
) -> ImportReport:
    """Import ``path`` (CSV, TSV or JSON Lines): good rows stored, bad rows reported by line.

    With ``parts`` > 1 only every ``parts``-th block of ``chunk`` records, starting at block
    ``part``, is imported (bad rows of those blocks reported): ``parts`` processes given
    ``part`` = 0 … ``parts`` − 1 share one file between them with no coordinator, and the
    union of their reports is the report of a single-process import (see
    :meth:`ImportReport.merged`). Duplicates are still found across parts because each chunk
    checks and inserts in one write transaction, so the chunks of different parts serialise.
    """
    if not 0 <= part < parts:
        raise BadInput.of("bad_part", part=part, last=parts - 1)
    if not path.is_file():
        raise BadInput.of("file_not_found", path=path)
    if path.suffix.lower() not in (".csv", ".tsv", ".jsonl", ".ndjson", ".json"):
        raise BadInput.of("bad_format", suffix=path.suffix)
    report = ImportReport(
        path=str(path), sentiment_model=analyzer.sentiment.name if analyzer.sentiment else None, keep_ids=keep_ids
    )
    default_source = source or path.stem

    def other_part(index: int) -> bool:
        return (index // chunk) % parts != part

    def valid() -> Iterator[PostIn]:
        for line, record in _records(path, report, other_part if parts > 1 else None):
            report.rows += 1
            if isinstance(record, str):
                reason = record
            else:
                try:
                    yield validate_post(record, default_source, line)
                    continue
                except ValueError as exc:
                    reason = str(exc)
            _count_reason(report, reason)
            report.add_bad(line, reason)

    ingest_rows(db, valid(), analyzer, report=report, chunk=chunk, progress=progress)
    return report
