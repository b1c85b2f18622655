"""Materials: upload one file (multipart), read its description, download it (owner/department, audited)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from govhall import files
from govhall.api.deps import CurrentUser, SessionDep, SettingsDep
from govhall.api.downloads import content_disposition
from govhall.api.schemas import FilePublic
from govhall.config import Settings
from govhall.errors import FileRejected

router = APIRouter(prefix="/api/files", tags=["申请材料"])


def file_store(settings: Settings) -> files.FileStore:
    return files.FileStore.from_settings(settings)


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes, reading at most one byte past ``limit`` (the service then says 'too large')."""
    data = await upload.read(limit + 1)
    return data


@router.post("", status_code=201)
async def upload_file(request: Request, db: SessionDep, user: CurrentUser, settings: SettingsDep) -> FilePublic:
    """Upload one material file as multipart field ``file``; the answer's ``id`` is what a case refers to."""
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise FileRejected.of("file_missing")
    data = await read_upload(upload, settings.max_upload_bytes)
    # off the event loop: the store may be a network service (S3) that answers slowly or not at all
    row = await anyio.to_thread.run_sync(
        partial(files.upload, db, file_store(settings), user, upload.filename or "", data)
    )
    return FilePublic.model_validate(row)


@router.get("/{file_id}")
def file_info(file_id: str, db: SessionDep, user: CurrentUser) -> FilePublic:
    return FilePublic.model_validate(files.get_file(db, user, file_id))


@router.get("/{file_id}/content", response_class=Response)
def download(
    file_id: str,
    db: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    inline: Annotated[bool, Query(description="在浏览器中预览（仅 PDF/图片）")] = False,
) -> Response:
    row, data = files.read_file(db, file_store(settings), user, file_id)
    return Response(
        data,
        media_type=row.content_type,
        headers={
            **content_disposition(row.filename, "inline" if inline else "attachment"),
            # the type is the one detected from the content; with nosniff and the site's CSP (no
            # inline script) a file opened directly is shown as data, never run as a page
            "X-Content-Type-Options": "nosniff",
        },
    )
