"""Uploaded materials (申请材料) as rows; the bytes live in the data folder under their content hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from govhall.db.base import Base, utcnow
from govhall.db.crypto import EncryptedString


class StoredFile(Base):
    """One uploaded file: who uploaded it, what it is, and (once attached) which case and department."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the only handle clients see: random, so no URL can be guessed from another
    public_id: Mapped[str] = mapped_column(String(48), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # the AES-GCM key of the bytes on disk (base64), itself encrypted with the installation's data
    # key like every personal column: key rotation re-encrypts it, pruning sees it in use
    data_key: Mapped[str] = mapped_column(EncryptedString(), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # set when a case takes the file: the case (by id, no import of cases) and its department
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True, default=None)
    department: Mapped[str | None] = mapped_column(String(64), default=None)
    material: Mapped[str] = mapped_column(String(100), default="")
    # 0: submitted with the application; n: with the n-th 补正
    round: Mapped[int] = mapped_column(default=0)
