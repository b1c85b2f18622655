"""Collectors: where posts come from when nobody uploads a file, configured as rows, not code.

Every kind of source (RSS/Atom feed, paged JSON API, a watched drop folder, the hall's own 好差评
comments and assistant complaints) is a :class:`Collector` class registered by name in
:data:`govhall.registry.COLLECTORS` (a plugin registers its own the same way); a
source row (:class:`~govhall.opinion.monitor_models.OpinionSource`) names its kind, URL or folder,
field mapping and schedule. Whatever a collector finds goes through the one ingest path
(validation, masking, duplicates, sentiment, topics, routing), so a collected post is stored exactly
like an uploaded one and a second run of the same items imports nothing (``(source, external_id)``).

A failing source records its error, waits ``BACKOFF_BASE · 2^(failures−1)`` (at most
``BACKOFF_MAX``) before its next try, and never stops the other sources of the same run.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.client
import json
import logging
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import feedparser
from sqlalchemy import select
from sqlalchemy.orm import Session

from govhall import catalog, jobs
from govhall.config import get_settings
from govhall.db import one_or_not_found, transaction, utcnow
from govhall.errors import BadInput, Conflict, GovhallError, ModelMissing, NotFound
from govhall.jobs import schedule
from govhall.localtime import local_iso
from govhall.opinion import fetching
from govhall.opinion.ingest import Analyzer, ImportReport, PostIn, ingest_file, ingest_rows, validate_post
from govhall.opinion.monitor_models import OpinionSource
from govhall.opinion.sentiment import load_sentiment
from govhall.registry import COLLECTORS

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_MAX",
    "COLLECTORS",
    "COLLECT_JOB",
    "Batch",
    "Collector",
    "CollectorFailed",
    "add_source",
    "dig",
    "get_source",
    "list_sources",
    "remove_source",
    "run_source",
    "run_sources",
    "source_dict",
]

COLLECT_JOB = "opinion.collect"
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
DEFAULT_TIMEOUT = 10.0
DEFAULT_DEADLINE = 120.0
CREDENTIAL_PREFIX = "GOVHALL_COLLECTOR_"
CREDENTIAL = re.compile(rf"{CREDENTIAL_PREFIX}[A-Z0-9_]{{1,46}}")
MAX_PAGES = 100
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
FOLDER_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json")
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial")
log = logging.getLogger(__name__)


class CollectorFailed(GovhallError):
    """A source could not be read (unreachable, timed out, not a feed): recorded on the source, retried later."""

    def __init__(self, message: str) -> None:
        super().__init__("collector_failed", message)


@dataclass
class Batch:
    """What one collector step found: raw records (ingest field names), or one file to import whole.

    ``state`` is stored on the source once the batch is in; ``finish`` is told whether it went in
    (the drop folder moves the file to ``done/`` or ``failed/``)."""

    records: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None
    state: dict[str, Any] | None = None
    finish: Callable[[ImportReport | None, str | None], None] | None = None


class Collector(Protocol):
    """One kind of source. ``collect`` yields batches; it raises :class:`CollectorFailed` when the
    source itself cannot be read (a bad record is not a failure: ingest reports it by line)."""

    def collect(self, db: Session, source: OpinionSource, now: datetime) -> Iterator[Batch]: ...


# --- helpers shared by the HTTP collectors -------------------------------------------------------


def dig(item: Any, path: str) -> Any:
    """The value at a dotted ``path`` (``data.items``, ``user.name``, ``images.0.url``), or None."""
    current = item
    for part in path.split("."):
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def mapped(item: dict[str, Any], mapping: dict[str, Any]) -> dict[str, Any]:
    """``item`` with each target field of ``mapping`` read from its dotted path (unmapped keys kept)."""
    record = {key: value for key, value in item.items() if not isinstance(value, dict | list)}
    for target, path in mapping.items():
        record[str(target)] = dig(item, str(path))
    return record


def _token(source: OpinionSource) -> str:
    """The bearer token from the environment variable the row names (never stored in the row).

    Only ``GOVHALL_COLLECTOR_*`` variables: a row added before that rule, naming
    ``GOVHALL_SECRET_KEY`` say, must not send the server's own secrets to the analyst's URL."""
    name = source.credential_setting.strip()
    if not name:
        return ""
    if not CREDENTIAL.fullmatch(name):
        raise CollectorFailed.of(
            "collector_failed", "credential_prefix", source=source.name, name=name, prefix=CREDENTIAL_PREFIX
        )
    value = os.environ.get(name, "")
    if not value:
        raise CollectorFailed.of("collector_failed", "credential_unset", name=name, source=source.name)
    return value


def check_source_url(location: str, *, allow_private: bool) -> None:
    """``BadInput`` when a feed or API URL an API client names points at the server's own network."""
    problem = fetching.address_problem(location, allow_private=allow_private)
    if problem is not None:
        raise BadInput.of("source_address_not_allowed", reason=problem, fields={"location": "地址不可采集"})


def _fetch(source: OpinionSource, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url`` with the source's timeout and token; (status, body, headers). 304 is not an error.

    ``timeout`` bounds each wait on the socket, ``deadline`` the whole request (see
    :mod:`govhall.opinion.fetching`, which also keeps the request off internal addresses)."""
    allow_private = get_settings().collector_allow_private
    problem = fetching.address_problem(url, allow_private=allow_private)
    if problem is not None:
        raise CollectorFailed.of("collector_failed", "refused", source=source.name, reason=problem)
    request_headers = {"User-Agent": "govhall-opinion-collector/1.0", **(headers or {})}
    token = _token(source)
    if token:
        request_headers["Authorization"] = f"Bearer {token}"
    timeout = float(source.options.get("timeout", DEFAULT_TIMEOUT))
    allowed = float(source.options.get("deadline", DEFAULT_DEADLINE))
    request = urllib.request.Request(url, headers=request_headers)
    with fetching.Watchdog(allowed) as watchdog:
        try:
            with fetching.opener(allow_private=allow_private, watchdog=watchdog).open(
                request, timeout=min(timeout, allowed)
            ) as response:
                body = fetching.read_within(response, watchdog, MAX_RESPONSE_BYTES)
                return int(response.status), body, {k.lower(): v for k, v in response.headers.items()}
        except fetching.Refused as exc:
            raise CollectorFailed.of("collector_failed", "refused", source=source.name, reason=exc.message) from None
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return 304, b"", {}
            raise CollectorFailed.of("collector_failed", "http", source=source.name, status=exc.code) from None
        except (TimeoutError, urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            if watchdog.fired:  # the watchdog shut the socket: whatever broke, the deadline is why
                raise CollectorFailed.of(
                    "collector_failed", "refused", source=source.name, reason=fetching.TOO_SLOW
                ) from None
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise CollectorFailed.of("collector_failed", "timeout", source=source.name, seconds=timeout) from None
            raise CollectorFailed.of("collector_failed", "unreachable", source=source.name, reason=reason) from None


# --- the collectors -------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def _plain(value: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", value)).split())


class FeedCollector:
    """RSS or Atom (feedparser), fetched with a timeout; ETag / Last-Modified make an unchanged feed free."""

    def collect(self, db: Session, source: OpinionSource, now: datetime) -> Iterator[Batch]:
        headers = {}
        if source.state.get("etag"):
            headers["If-None-Match"] = str(source.state["etag"])
        if source.state.get("modified"):
            headers["If-Modified-Since"] = str(source.state["modified"])
        status, body, response_headers = _fetch(source, source.location, headers)
        if status == 304:
            return
        parsed = feedparser.parse(body)
        if parsed.bozo and not parsed.entries:
            raise CollectorFailed.of("collector_failed", "not_feed", source=source.name)
        records = [self._record(entry, source.mapping) for entry in parsed.entries]
        state = dict(source.state)
        state["etag"] = response_headers.get("etag", "")
        state["modified"] = response_headers.get("last-modified", "")
        yield Batch(records=records, state=state)

    @staticmethod
    def _record(entry: Any, mapping: dict[str, Any]) -> dict[str, Any]:
        title = _plain(str(entry.get("title", "")))
        summary = _plain(str(entry.get("summary", "") or entry.get("description", "")))
        # updated_parsed only when the entry has its own <updated> (feedparser warns on the fallback)
        stamp = entry.get("published_parsed") or (entry.get("updated_parsed") if "updated" in entry else None)
        moment = datetime(*tuple(stamp)[:6]).replace(tzinfo=UTC).isoformat() if stamp else entry.get("published")
        record: dict[str, Any] = {
            "id": entry.get("id") or entry.get("link"),
            "time": moment,
            "title": title,
            "text": summary or title,
            "author": entry.get("author"),
            "url": entry.get("link"),
        }
        record.update({str(k): dig(dict(entry), str(v)) for k, v in mapping.items()})
        return record


class JsonApiCollector:
    """A JSON HTTP API, paged by cursor or page number; ``mapping`` reads fields by dotted path.

    Options: ``items`` (dotted path of the list in each response; default: the response is the
    list), ``cursor`` (dotted path of the next cursor) with ``cursor_param``, or ``page_param``
    (pages counted from ``first_page`` until an empty page), ``max_pages``, ``timeout``, and
    ``resume``: start from the cursor or page where the previous run ended (an append-only API
    then costs one or two requests a run instead of every page again)."""

    def collect(self, db: Session, source: OpinionSource, now: datetime) -> Iterator[Batch]:
        options = source.options
        resume = bool(options.get("resume"))
        cursor_path = str(options.get("cursor", ""))
        page_param = str(options.get("page_param", ""))
        page = (
            int(source.state.get("page") or options.get("first_page", 1))
            if resume
            else int(options.get("first_page", 1))
        )
        cursor: str | None = str(source.state["cursor"]) if resume and source.state.get("cursor") else None
        for _ in range(int(options.get("max_pages", MAX_PAGES))):
            url = source.location
            if cursor_path and cursor:
                url = _with_query(url, {str(options.get("cursor_param", "cursor")): cursor})
            elif page_param:
                url = _with_query(url, {page_param: str(page)})
            _, body, _ = _fetch(source, url, {"Accept": "application/json"})
            try:
                document = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise CollectorFailed.of("collector_failed", "not_json", source=source.name, url=url) from None
            items = dig(document, str(options["items"])) if options.get("items") else document
            if not isinstance(items, list):
                raise CollectorFailed.of(
                    "collector_failed", "no_list", source=source.name, items=options.get("items", "")
                )
            records = [mapped(item, source.mapping) if isinstance(item, dict) else {} for item in items]
            # the page that was read last is where a resumed run starts (it may have grown since)
            state = {**source.state, "cursor": cursor, "page": page} if items and resume else None
            yield Batch(records=records, state=state)
            if cursor_path:
                following = dig(document, cursor_path)
                if following in (None, "", cursor) or not items:
                    return
                cursor = str(following)
            elif page_param and items:
                page += 1
            else:
                return


_NUMBER_OPTIONS = {
    "timeout": (0.1, 600.0),
    "deadline": (0.1, 3600.0),
    "stable_seconds": (0.0, 86_400.0),
    "max_pages": (1, 10_000),
    "first_page": (0, 10**9),
}
_TEXT_OPTIONS = ("items", "cursor", "cursor_param", "page_param")


def check_options(options: dict[str, Any]) -> dict[str, Any]:
    """The options with their types checked, so that a typo is refused now, not failed at 3 a.m."""
    for name, (low, high) in _NUMBER_OPTIONS.items():
        value = options.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise BadInput.of("bad_source_option", name=name, low=low, high=high)
        if name in ("max_pages", "first_page") and not isinstance(value, int):
            raise BadInput.of("bad_source_option", "integer", name=name)
    for name in _TEXT_OPTIONS:
        if name in options and not (isinstance(options[name], str) and 0 < len(options[name]) <= 200):
            raise BadInput.of("bad_source_option", "text", name=name)
    if "resume" in options and not isinstance(options["resume"], bool):
        raise BadInput.of("bad_source_option", "resume")
    return options


def _with_query(url: str, extra: dict[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    query.update(extra)
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


class FolderCollector:
    """A drop folder of CSV / JSON Lines exports (e.g. the 12345 system's daily file).

    A file is taken once it has not changed for ``stable_seconds`` (default 10) and does not look
    partial (``.part``, ``.tmp``, a leading dot); after its import it moves to ``done/``, or to
    ``failed/`` with a ``.reason.txt`` when nothing in it could be read."""

    def collect(self, db: Session, source: OpinionSource, now: datetime) -> Iterator[Batch]:
        folder = Path(source.location)
        if not folder.is_dir():
            raise CollectorFailed.of("collector_failed", "no_folder", source=source.name, folder=folder)
        stable = float(source.options.get("stable_seconds", 10))
        for path in sorted(folder.iterdir()):
            if not self._ready(path, stable):
                continue
            yield Batch(path=path, finish=functools.partial(self._file_away, path))

    @staticmethod
    def _ready(path: Path, stable: float) -> bool:
        if not path.is_file() or path.name.startswith(".") or path.suffix.lower() in PARTIAL_SUFFIXES:
            return False
        if path.suffix.lower() not in FOLDER_SUFFIXES:
            return False
        return time.time() - path.stat().st_mtime >= stable

    @staticmethod
    def _file_away(path: Path, report: ImportReport | None, error: str | None) -> None:
        unreadable = report is not None and report.rows > 0 and report.bad == report.rows
        failed = error is not None or unreadable
        target_dir = path.parent / ("failed" if failed else "done")
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        if target.exists():
            target = target_dir / f"{path.stem}-{int(time.time() * 1000)}{path.suffix}"
        shutil.move(str(path), target)
        if failed:
            lines = [f"第 {r['line']} 行：{r['reason']}" for r in (report.bad_rows[:20] if report else [])]
            reason = error or "\n".join(lines)
            target.with_name(target.name + ".reason.txt").write_text(reason, encoding="utf-8")


HALL_BATCH = 2000
SETTLE = timedelta(minutes=5)


class HallRatingsCollector:
    """The hall's own 好差评 comments (``case_ratings``, masked already), each once, in id order."""

    def collect(self, db: Session, source: OpinionSource, now: datetime) -> Iterator[Batch]:
        from govhall.cases.models import CaseRating

        last = int(source.state.get("last_id", 0))
        rows = db.scalars(
            select(CaseRating).where(CaseRating.id > last).order_by(CaseRating.id).limit(HALL_BATCH)
        ).all()
        records = [
            {
                "id": f"rating:{row.id}",
                "time": row.created_at.isoformat(),
                "text": row.comment or "、".join(row.reasons),
                "item_code": row.item_code,
                "region": None,
            }
            for row in rows
            if (row.comment or row.reasons)
        ]
        state = {**source.state, "last_id": rows[-1].id if rows else last}
        yield Batch(records=records, state=state)


class HallComplaintsCollector:
    """Complaints made to the assistant (its 12345 complaint item): the citizen's own turns, masked
    already, taken once the conversation has been quiet for ``SETTLE``."""

    def collect(self, db: Session, source: OpinionSource, now: datetime) -> Iterator[Batch]:
        from govhall.assistant.models import AssistantSession

        complaint = catalog.complaint_code(db)
        if complaint is None:  # a catalogue without a complaint intake has nothing to collect
            return
        last = int(source.state.get("last_id", 0))
        rows = db.scalars(
            select(AssistantSession)
            .where(AssistantSession.id > last, AssistantSession.item_code == complaint)
            .order_by(AssistantSession.id)
            .limit(HALL_BATCH)
        ).all()
        records: list[dict[str, Any]] = []
        for row in rows:
            if row.updated_at > now - SETTLE:
                break  # still talking: this one and later ones wait for the next run
            said = [str(t.get("text", "")) for t in row.turns.get("items", []) if t.get("role") == "user"]
            if any(said):
                records.append(
                    {
                        "id": f"complaint:{row.public_id}",
                        "time": row.created_at.isoformat(),
                        "text": "。".join(s for s in said if s),
                    }
                )
            last = row.id
        yield Batch(records=records, state={**source.state, "last_id": last})


for _kind, _collector in (
    ("rss", FeedCollector),
    ("json_api", JsonApiCollector),
    ("folder", FolderCollector),
    ("hall_ratings", HallRatingsCollector),
    ("hall_complaints", HallComplaintsCollector),
):
    COLLECTORS.register(_kind)(_collector)
KIND_NAMES = {
    "rss": "RSS/Atom 订阅",
    "json_api": "JSON 接口",
    "folder": "投放文件夹",
    "hall_ratings": "好差评评论",
    "hall_complaints": "智能助手投诉",
}
NEEDS_LOCATION = ("rss", "json_api", "folder")
URL_KINDS = ("rss", "json_api")


# --- sources as data ------------------------------------------------------------------------------

NAME = re.compile(r"^[\w\-.\u4e00-\u9fff]{1,64}$")


def add_source(
    db: Session,
    name: str,
    kind: str,
    location: str = "",
    *,
    cron: str = "*/10 * * * *",
    mapping: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    credential_setting: str = "",
    now: datetime | None = None,
) -> OpinionSource:
    """Store a source and the schedule that runs it (``source:<name>``, queue kind ``opinion.collect``)."""
    if not NAME.match(name):
        raise BadInput.of("bad_source_name")
    if kind not in COLLECTORS:
        raise BadInput.of("bad_source_kind", kind=kind, choices="、".join(COLLECTORS.names()))
    location = location.strip()
    if kind in NEEDS_LOCATION and not location:
        raise BadInput.of("source_location_missing", kind=KIND_NAMES[kind])
    if kind in URL_KINDS and urllib.parse.urlsplit(location).scheme not in ("http", "https"):
        raise BadInput.of("bad_source_url", url=location[:80])
    if credential_setting and not CREDENTIAL.fullmatch(credential_setting):
        raise BadInput.of("bad_credential_setting", prefix=CREDENTIAL_PREFIX)
    for label, value in (("字段映射", mapping), ("选项", options)):
        if value is not None and not isinstance(value, dict):
            raise BadInput.of("bad_source_config", label=label)
    check_options(options or {})
    if any(not isinstance(v, str) or not v for v in (mapping or {}).values()):
        raise BadInput.of("bad_source_mapping")
    cron = schedule.check_cron(cron)
    with transaction(db):
        if db.scalar(select(OpinionSource.id).where(OpinionSource.name == name)) is not None:
            raise Conflict.of("source_exists", name=name)
        source = OpinionSource(
            name=name,
            kind=kind,
            location=location,
            cron=cron,
            mapping=dict(mapping or {}),
            options=dict(options or {}),
            credential_setting=credential_setting,
            enabled=True,
            state={},
            failures=0,
            last_imported=0,
            total_imported=0,
        )
        db.add(source)
    schedule.add_schedule(db, f"source:{name}", COLLECT_JOB, cron, {"source": name}, now=now, replace=True)
    return source


def get_source(db: Session, name: str) -> OpinionSource:
    return one_or_not_found(db, select(OpinionSource).where(OpinionSource.name == name), "舆情来源", name)


def list_sources(db: Session) -> list[OpinionSource]:
    return list(db.scalars(select(OpinionSource).order_by(OpinionSource.id)))


def remove_source(db: Session, name: str) -> None:
    """Forget a source and its schedule (its posts stay)."""
    with transaction(db):
        db.delete(get_source(db, name))
    with contextlib.suppress(NotFound):
        schedule.remove_schedule(db, f"source:{name}")


def source_dict(source: OpinionSource) -> dict[str, Any]:
    return {
        "id": source.id,
        "name": source.name,
        "kind": source.kind,
        "kind_name": KIND_NAMES.get(source.kind, source.kind),
        "location": source.location,
        "cron": source.cron,
        "mapping": source.mapping,
        "options": source.options,
        "credential_setting": source.credential_setting,
        "enabled": source.enabled,
        "failures": source.failures,
        "retry_at": local_iso(source.retry_at),
        "last_run_at": local_iso(source.last_run_at),
        "last_ok_at": local_iso(source.last_ok_at),
        "last_error": source.last_error,
        "last_imported": source.last_imported,
        "total_imported": source.total_imported,
    }


# --- running --------------------------------------------------------------------------------------


def backoff(failures: int) -> timedelta:
    """How long a source that failed ``failures`` times in a row waits: 1, 2, 4 … minutes, at most 6 h."""
    wait: timedelta = BACKOFF_BASE * (2 ** min(max(failures - 1, 0), 16))
    return min(wait, BACKOFF_MAX)


def _analyzer(db: Session, models_dir: Path | None) -> Analyzer:
    """Sentiment when a model is active (a fresh install without one still collects)."""
    sentiment = None
    if models_dir is not None:
        try:
            sentiment = load_sentiment(models_dir)
        except ModelMissing:
            log.warning("no active sentiment model: collected posts stay unlabelled")
    return Analyzer.load(db, sentiment, models_dir)


def _ingest_batch(db: Session, source: OpinionSource, batch: Batch, analyzer: Analyzer) -> ImportReport:
    if batch.path is not None:
        return ingest_file(db, batch.path, analyzer, source=source.name)
    report = ImportReport(path=source.name, keep_ids=False)

    def valid() -> Iterator[PostIn]:
        for line, record in enumerate(batch.records, 1):
            report.rows += 1
            try:
                # the configured name, whatever an item says: a feed cannot pose as another source
                yield validate_post({**record, "source": source.name}, source.name, line)
            except ValueError as exc:
                report.add_bad(line, str(exc))

    return ingest_rows(db, valid(), analyzer, report=report)


def run_source(
    db: Session,
    source: OpinionSource,
    *,
    models_dir: Path | None = None,
    now: datetime | None = None,
    force: bool = False,
    analyzer: Analyzer | None = None,
) -> dict[str, Any]:
    """Collect once from ``source``: its new posts stored, its state, error and back-off updated.

    Never raises for the source's own failures (they are recorded on the row); a source still
    waiting out its back-off is skipped unless ``force``."""
    now = now or utcnow()
    if not force and source.retry_at is not None and source.retry_at > now:
        return {"source": source.name, "skipped": f"上次失败，{local_iso(source.retry_at)} 后重试", "imported": 0}
    imported = rows = bad = 0
    error: str | None = None
    state = dict(source.state)
    try:
        collector: Collector = COLLECTORS.get(source.kind)()
        analyzer = analyzer or _analyzer(db, models_dir)
        for batch in collector.collect(db, source, now):
            try:
                report = _ingest_batch(db, source, batch, analyzer)
            except GovhallError as exc:
                if batch.finish is None:
                    raise
                batch.finish(None, exc.message)  # one bad file in the folder: filed away, others go on
                bad += 1
                continue
            imported, rows, bad = imported + report.imported, rows + report.rows, bad + report.bad
            if batch.finish is not None:
                batch.finish(report, None)
            if batch.state is not None:
                state = batch.state
    except GovhallError as exc:
        db.rollback()
        error = exc.message
    except Exception as exc:  # a collector bug or an odd server must not stop the other sources
        db.rollback()
        log.exception("collector %s failed", source.name)
        error = f"意外错误：{type(exc).__name__}: {exc}"
    with transaction(db):
        source.last_run_at = now
        if error is None:
            source.state, source.failures, source.retry_at, source.last_error = state, 0, None, None
            source.last_ok_at, source.last_imported = now, imported
            source.total_imported += imported
        else:
            source.failures += 1
            source.retry_at = now + backoff(source.failures)
            source.last_error = error
    result = {"source": source.name, "imported": imported, "rows": rows, "bad": bad}
    if error is not None:
        result["error"] = error
    return result


def run_sources(
    db: Session,
    names: list[str] | None = None,
    *,
    models_dir: Path | None = None,
    now: datetime | None = None,
    force: bool = False,
) -> list[dict[str, Any]]:
    """Run the named sources (default: every enabled one), each on its own; one failing never stops the rest."""
    query = select(OpinionSource).order_by(OpinionSource.id)
    if names is None:
        query = query.where(OpinionSource.enabled.is_(True))
    else:
        query = query.where(OpinionSource.name.in_(names))
    sources = list(db.scalars(query))
    if names is not None:
        missing = set(names) - {s.name for s in sources}
        if missing:
            raise NotFound("舆情来源", "、".join(sorted(missing)))
    analyzer = _analyzer(db, models_dir) if sources else None
    return [run_source(db, s, models_dir=models_dir, now=now, force=force, analyzer=analyzer) for s in sources]


def _run_collect_job(run: jobs.JobRun) -> dict[str, Any]:
    """``opinion.collect``: ``{"source": name}`` (its schedule) or ``{}`` (every enabled source).

    A single source's failure fails the job too, so its schedule shows the error; the source row
    keeps it either way."""
    name = run.job.params.get("source")
    results = run_sources(run.db, [str(name)] if name else None, models_dir=run.context.models_dir)
    failed = [r for r in results if "error" in r]
    if name and failed:
        raise CollectorFailed(str(failed[0]["error"]))
    return {"sources": results, "imported": sum(int(r["imported"]) for r in results)}


def _check_collect(params: dict[str, Any]) -> None:
    if "source" in params and not isinstance(params["source"], str):
        raise BadInput.of("bad_params", "source")


jobs.register(COLLECT_JOB, _run_collect_job, check=_check_collect)
