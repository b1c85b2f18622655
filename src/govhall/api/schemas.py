"""Request and response shapes of the HTTP API (``XCreate`` what a client sends, ``XPublic`` what it sees)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from govhall.catalog.schemas import CONTROL_CHARS, ItemContent


def _no_control_chars(value: str) -> str:
    if CONTROL_CHARS.search(value):
        raise ValueError("含有不允许的控制字符")
    return value


CleanStr = Annotated[str, AfterValidator(_no_control_chars)]


class Strict(BaseModel):
    """Unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class LoginRequest(Strict):
    username: CleanStr = Field(min_length=1, max_length=64)
    password: CleanStr = Field(min_length=1, max_length=128)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: str
    department: str | None


class LoginResponse(BaseModel):
    token: str
    token_type: str = "bearer"
    user: UserPublic


class RegisterRequest(Strict):
    username: CleanStr = Field(min_length=3, max_length=64)
    password: CleanStr = Field(min_length=8, max_length=128)
    display_name: CleanStr = Field(min_length=1, max_length=64)
    phone: CleanStr | None = Field(default=None, max_length=32)
    id_number: CleanStr | None = Field(default=None, max_length=18)


class UserCreate(RegisterRequest):
    role: str = Field(pattern="^(citizen|clerk|analyst|admin)$")
    department: CleanStr | None = Field(default=None, max_length=64)


class ItemSummary(BaseModel):
    code: str
    name: str
    department: str
    category: str
    audience: str
    summary: str
    time_limit_days: int
    online: str
    version: int


class ItemPublic(ItemContent):
    """A whole item as the catalogue holds it, with its version."""

    model_config = ConfigDict(extra="ignore")

    version: int
    updated_at: datetime


class ItemUpdate(Strict):
    content: ItemContent
    reason: CleanStr = Field(default="", max_length=500)


class ItemVersionPublic(BaseModel):
    code: str
    version: int
    created_at: datetime
    created_by: str
    content: dict[str, Any]


class MaterialRef(Strict):
    """An uploaded file (its id from ``POST /api/files``) offered as one of the item's materials."""

    material: CleanStr = Field(min_length=1, max_length=100)
    file_id: CleanStr = Field(min_length=1, max_length=48)


class CaseCreate(Strict):
    item_code: CleanStr = Field(min_length=1, max_length=64)
    data: dict[str, Any]
    materials: list[MaterialRef] | None = Field(
        default=None, max_length=30, description="上传的申请材料；提供时必须包含全部必需材料"
    )


class CaseAction(Strict):
    action: CleanStr = Field(min_length=1, max_length=32)
    reason: CleanStr = Field(default="", max_length=1000)
    data: dict[str, Any] | None = None
    requested: list[CleanStr] = Field(default_factory=list, max_length=20, description="要求补正的材料名称")
    materials: list[MaterialRef] = Field(default_factory=list, max_length=30, description="补正提交的材料文件")


class FilePublic(BaseModel):
    """An uploaded file as its owner or the handling department sees it: no storage path, no hash."""

    model_config = ConfigDict(from_attributes=True)

    id: str = Field(validation_alias="public_id")
    filename: str
    content_type: str
    size: int
    material: str
    round: int
    created_at: datetime


class CasePublic(BaseModel):
    """A case as its applicant or clerk sees it; personal identifiers in ``data`` are masked."""

    number: str
    item_code: str
    item_name: str
    item_version: int
    department: str
    state: str
    state_label: str
    next_step: str
    submitted_at: datetime
    updated_at: datetime
    deadline: date | None
    overdue: bool
    last_reason: str
    data: dict[str, Any]


class CaseEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor_name: str
    action: str
    from_state: str | None
    to_state: str
    reason: str


class CaseDetail(CasePublic):
    events: list[CaseEventPublic]
    actions: list[str]
    materials: list[FilePublic] = Field(default_factory=list)
    requested_materials: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list, description="可下载的文书：receipt、notice、result")


class CaseList(BaseModel):
    items: list[CasePublic]
    total: int


class AuditEntryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    actor_name: str
    action: str
    target: str
    reason: str
    details: dict[str, Any]
    hash: str


class AuditVerifyPublic(BaseModel):
    ok: bool
    entries: int
    problems: list[str]
