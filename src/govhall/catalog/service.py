"""The service catalogue: built-in items shipped as YAML, stored and versioned in the database.

Admins edit items through the API; each edit stores a new whole version and an audit entry, and the
built-in files never overwrite an item once it exists in the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from govhall import audit
from govhall.accounts.models import User
from govhall.catalog.models import CatalogItem, CatalogItemVersion
from govhall.catalog.schemas import ItemContent
from govhall.db import one_or_not_found
from govhall.db.base import utcnow
from govhall.errors import Conflict, FormInvalid, NotFound

BUILTIN_DIR = Path(__file__).parent / "data" / "items"


def pydantic_problems(exc: ValidationError) -> dict[str, str]:
    """Pydantic errors as field path → message, for ``FormInvalid``."""
    problems: dict[str, str] = {}
    for error in exc.errors():
        path = ".".join(str(p) for p in error["loc"]) or "_item"
        problems.setdefault(path, error["msg"])
    return problems


def parse_item(data: object) -> ItemContent:
    """Validate a whole item; raises ``FormInvalid`` listing every problem."""
    try:
        return ItemContent.model_validate(data)
    except ValidationError as exc:
        raise FormInvalid.of("form_invalid", "item", fields=pydantic_problems(exc)) from None


@lru_cache(maxsize=1)
def builtin_items() -> tuple[ItemContent, ...]:
    """The items shipped with govhall, ordered by file name."""
    items = []
    for path in sorted(BUILTIN_DIR.glob("*.yaml")):
        item = parse_item(yaml.safe_load(path.read_text(encoding="utf-8")))
        if item.code != path.stem:
            raise ValueError(f"{path}: code {item.code!r} does not match the file name")
        items.append(item)
    return tuple(items)


def is_initialised(db: Session) -> bool:
    return inspect(db.connection()).has_table("catalog_items")  # the session's own connection


def sync_builtin(db: Session) -> int:
    """Insert built-in items missing from the database (as version 1); returns how many were added."""
    existing = set(db.scalars(select(CatalogItem.code)))
    added = 0
    for item in builtin_items():
        if item.code in existing:
            continue
        _store_version(db, item, version=1, actor_name="system")
        added += 1
    return added


def _store_version(db: Session, item: ItemContent, *, version: int, actor_name: str) -> CatalogItem:
    content = item.model_dump(mode="json")
    row = db.get(CatalogItem, item.code)
    if row is None:
        row = CatalogItem(code=item.code, name=item.name, department=item.department, version=version, content=content)
        db.add(row)
    else:
        row.name, row.department, row.version, row.content = item.name, item.department, version, content
        row.updated_at = utcnow()
    db.flush()
    db.add(CatalogItemVersion(code=item.code, version=version, content=content, created_by=actor_name))
    db.flush()
    return row


def get_item(db: Session, code: str) -> CatalogItem:
    """The current version of an active item, or ``NotFound``."""
    row = db.get(CatalogItem, code)
    if row is None or not row.active:
        raise NotFound("事项", code)
    return row


def item_content(row: CatalogItem) -> ItemContent:
    return ItemContent.model_validate(row.content)


def _score(content: dict[str, Any], query: str) -> float:
    """How well an item matches a citizen's query: exact name hits first, then keywords, then bigrams."""
    haystack_name = content["name"]
    keywords = " ".join(content.get("keywords", []))
    text = " ".join([haystack_name, keywords, content["summary"], content["department"], content["category"]])
    score = 0.0
    if query in haystack_name:
        score += 10
    if query in keywords:
        score += 5
    if query in text:
        score += 2
    grams = {query[i : i + 2] for i in range(len(query) - 1)} or {query}
    score += sum(1 for g in grams if g in text) / len(grams) * 3
    return score


def list_items(db: Session, *, query: str = "", department: str | None = None) -> list[CatalogItem]:
    """Active items, filtered by department and ranked by ``query`` when one is given."""
    stmt = select(CatalogItem).where(CatalogItem.active.is_(True)).order_by(CatalogItem.code)
    if department:
        stmt = stmt.where(CatalogItem.department == department)
    rows = list(db.scalars(stmt))
    query = query.strip()
    if not query:
        return rows
    scored = [(s, row) for row in rows if (s := _score(row.content, query)) >= 1.5]
    scored.sort(key=lambda pair: -pair[0])
    return [row for _, row in scored]


def current_contents(db: Session) -> list[dict[str, Any]]:
    """Every active item as a whole dict with its version; the built-in catalogue before migration."""
    if is_initialised(db) and (rows := list_items(db)):
        return [{**row.content, "version": row.version} for row in rows]
    return [{**item.model_dump(mode="json"), "version": 1} for item in builtin_items()]


def complaint_code(db: Session) -> str | None:
    """The code of the item marked ``complaint_channel`` (the 12345 intake), or None when the
    catalogue has none. Items stored before the mark existed take it from the built-in data."""
    contents = current_contents(db)
    marked = next((c["code"] for c in contents if c.get("complaint_channel")), None)
    if marked is not None:
        return str(marked)
    builtin = {i.code for i in builtin_items() if i.complaint_channel}
    return next((str(c["code"]) for c in contents if c["code"] in builtin and "complaint_channel" not in c), None)


def find_form(db: Session, code: str) -> dict[str, Any]:
    """The application form of item ``code`` (database first, built-in catalogue before migration)."""
    for content in current_contents(db):
        if content["code"] == code:
            form: dict[str, Any] = content["form"]
            return form
    raise NotFound("事项", code)


def create_item(db: Session, data: object, actor: User) -> CatalogItem:
    """Add a new item (admin); its code and name must be unused."""
    item = parse_item(data)
    if db.get(CatalogItem, item.code) is not None:
        raise Conflict.of("item_exists", code=item.code, fields={"code": "编码已存在"})
    return publish_version(db, item, 1, actor, action="catalog.create")


def _check_name_free(db: Session, item: ItemContent) -> None:
    clash = db.scalar(select(CatalogItem.code).where(CatalogItem.name == item.name, CatalogItem.code != item.code))
    if clash is not None:
        raise Conflict.of("item_name_taken", name=item.name, clash=clash, fields={"name": "名称已被使用"})


def publish_version(
    db: Session,
    item: ItemContent,
    version: int,
    actor: User,
    *,
    action: str,
    reason: str = "",
    details: Mapping[str, object] | None = None,
) -> CatalogItem:
    """Store ``item`` as ``version`` and audit ``action`` in the caller's transaction: the one way
    an admin's edit (create, update, rollback, the editor's draft) becomes current, so the name
    check and the audit entry cannot be left out of any of them."""
    _check_name_free(db, item)
    row = _store_version(db, item, version=version, actor_name=actor.username)
    audit.record(
        db,
        actor=actor,
        action=action,
        target=f"item:{item.code}",
        reason=reason,
        details={"version": version, **(details or {})},
    )
    return row


def update_item(db: Session, code: str, data: object, actor: User, *, reason: str = "") -> CatalogItem:
    """Store an edited item as a new version (admin); the code cannot change."""
    row = get_item(db, code)
    item = parse_item(data)
    if item.code != code:
        raise FormInvalid({"code": "事项编码不能修改"})
    changed = sorted(k for k, v in item.model_dump(mode="json").items() if row.content.get(k) != v)
    return publish_version(
        db, item, row.version + 1, actor, action="catalog.update", reason=reason, details={"changed": changed}
    )


def item_versions(db: Session, code: str) -> list[CatalogItemVersion]:
    """The versions of a current (not retired) item, oldest first: what the API lists."""
    get_item(db, code)
    return version_rows(db, code)


def version_rows(db: Session, code: str, *, newest_first: bool = False) -> list[CatalogItemVersion]:
    """Every stored version of ``code``; callers check first that the item is one they may show."""
    order = CatalogItemVersion.version.desc() if newest_first else CatalogItemVersion.version
    return list(db.scalars(select(CatalogItemVersion).where(CatalogItemVersion.code == code).order_by(order)))


def item_version(db: Session, code: str, version: int) -> CatalogItemVersion:
    query = select(CatalogItemVersion).where(CatalogItemVersion.code == code, CatalogItemVersion.version == version)
    return one_or_not_found(db, query, "事项版本", f"{code} v{version}")


def departments(db: Session) -> list[str]:
    return sorted(set(db.scalars(select(CatalogItem.department).where(CatalogItem.active.is_(True)))))
