"""Which materials an application or a 补正 must carry, checked before anything is stored.

The item's guide lists its materials (申请材料); an application carries a file for every required one
and may carry optional ones. A 补正 names the materials asked for (from the item's list, plus any the
clerk writes in), and the applicant's supplement must cover exactly those names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from govhall import files
from govhall.accounts.models import User
from govhall.errors import FormInvalid

MAX_FILES = 30
MAX_REQUESTED = 20
MAX_NAME = 100


@dataclass(frozen=True)
class MaterialFile:
    """One uploaded file (by its opaque id) offered as one of the item's materials."""

    material: str
    file_id: str


def item_materials(content: dict[str, Any]) -> list[dict[str, Any]]:
    materials: list[dict[str, Any]] = content.get("materials", [])
    return materials


def application_problems(content: dict[str, Any], uploads: Sequence[MaterialFile]) -> dict[str, str]:
    """Per-material messages: unknown names, and required materials with no file."""
    known = {m["name"]: m for m in item_materials(content)}
    problems: dict[str, str] = {}
    if len(uploads) > MAX_FILES:
        problems["materials"] = f"一次最多上传 {MAX_FILES} 个文件"
    for upload in uploads:
        if upload.material not in known:
            problems[f"materials.{upload.material[:MAX_NAME]}"] = f"“{upload.material[:MAX_NAME]}”不是本事项的申请材料"
    offered = {u.material for u in uploads}
    for name, material in known.items():
        if material.get("required", True) and name not in offered:
            problems[f"materials.{name}"] = f"请上传必需材料“{name}”"
    return problems


def clean_requested(content: dict[str, Any], names: Sequence[str]) -> list[str]:
    """The materials a 补正 asks for: item names ticked plus free-text names, unique, in order."""
    result: list[str] = []
    for raw in names:
        name = " ".join(str(raw).split())
        if not name or name in result:
            continue
        if len(name) > MAX_NAME:
            raise FormInvalid({"materials": f"材料名称不能超过 {MAX_NAME} 字"})
        result.append(name)
    if len(result) > MAX_REQUESTED:
        raise FormInvalid({"materials": f"一次最多要求补正 {MAX_REQUESTED} 项材料"})
    return result


def supplement_problems(requested: Sequence[str], uploads: Sequence[MaterialFile]) -> dict[str, str]:
    """The supplement must bring a file for every requested material and nothing else."""
    problems: dict[str, str] = {}
    wanted = set(requested)
    for upload in uploads:
        if upload.material not in wanted:
            problems[f"materials.{upload.material[:MAX_NAME]}"] = f"“{upload.material[:MAX_NAME]}”不在补正要求的材料中"
    offered = {u.material for u in uploads}
    for name in requested:
        if name not in offered:
            problems[f"materials.{name}"] = f"请上传要求补正的材料“{name}”"
    return problems


def take_files(
    db: Session, owner: User, uploads: Sequence[MaterialFile]
) -> list[tuple[MaterialFile, files.StoredFile]]:
    """The owner's not yet attached files for ``uploads``; any other id is ``NotFound`` (4xx, nothing changed)."""
    ids = [u.file_id for u in uploads]
    if len(set(ids)) != len(ids):
        raise FormInvalid({"materials": "同一个文件不能重复提交"})
    rows = files.unattached_files(db, owner, ids)
    return [(u, rows[u.file_id]) for u in uploads]
