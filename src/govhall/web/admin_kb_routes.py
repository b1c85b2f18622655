"""The knowledge-base manager (知识库管理) in the back office: for admins and policy editors.

Upload documents and FAQ files, see each document's index state, structure and versions, repeal,
re-index, delete, and try a question. Handlers parse, call govhall.policies (``manage`` for the
changes, ``ask`` for the test question) and render; every post checks the CSRF token and every
change is audited by the service.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from govhall import jobs, policies
from govhall.accounts import Area, User
from govhall.api.deps import SessionDep, SettingsDep
from govhall.errors import BadInput, GovhallError
from govhall.policies import manage
from govhall.web.actions import Csrf, Done, Problem, back_to, check_csrf, client_error
from govhall.web.admin_routes import admin_ctx, area_page
from govhall.web.pages import render

router = APIRouter(include_in_schema=False)

EditorPage = Annotated[User, Depends(area_page(Area.KNOWLEDGE))]
DocumentId = Annotated[int, Path(ge=1, le=2**31 - 1)]

STATUS_LABELS = {"in_force": "现行有效", "superseded": "已被替代", "repealed": "已废止"}
INDEX_LABELS = {"indexed": "已索引", "vectors_pending": "向量计算中", "vectors_failed": "向量计算失败"}


def _page(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: User,
    *,
    q: str = "",
    done: str = "",
    error: str = "",
    question: str = "",
    answer: policies.Answer | None = None,
    status: int = 200,
) -> Response:
    context = admin_ctx(
        request,
        user,
        overview=manage.library_overview(db, settings, query=q),
        failures=manage.recent_failures(db),
        status_labels=STATUS_LABELS,
        index_labels=INDEX_LABELS,
        suffixes="、".join(s.lstrip(".") for s in manage.UPLOAD_SUFFIXES),
        accept=",".join(manage.UPLOAD_SUFFIXES),
        q=q,
        done=done,
        error=error,
        question=question,
        answer=answer,
    )
    return render(request, "admin/knowledge.html", context, status=status)


@router.get("/admin/knowledge", response_class=HTMLResponse)
def knowledge_page(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: EditorPage,
    q: Annotated[str, Query(max_length=100)] = "",
    done: Done = "",
    error: Problem = "",
    question: Annotated[str, Query(max_length=policies.MAX_QUERY_CHARS)] = "",
) -> Response:
    """The library; with ``question``, also what the assistant would answer and cite."""
    answer, status = None, 200
    if question.strip():
        try:
            answer = policies.ask(db, settings, question)
        except GovhallError as exc:
            error, status = client_error(exc).message, client_error(exc).status
    return _page(
        request, db, settings, user, q=q, done=done, error=error, question=question, answer=answer, status=status
    )


def _vectors_after_response(request: Request, settings: SettingsDep, tasks: BackgroundTasks) -> None:
    """Run the queued vector pass in this process once the page is answered (like the API's
    opinion jobs); a separate ``govhall worker`` may claim it first, which is as good."""
    tasks.add_task(
        jobs.work,
        request.app.state.session_factory,
        jobs.JobContext.from_settings(settings),
        once=True,
        kinds=[policies.VECTOR_JOB],
    )


@router.post("/admin/knowledge/upload", response_class=HTMLResponse)
async def upload(
    request: Request, db: SessionDep, settings: SettingsDep, user: EditorPage, tasks: BackgroundTasks
) -> Response:
    """One file per post (a document, or question–answer pairs as CSV / JSONL)."""
    posted = await request.form(max_files=1, max_fields=10)
    check_csrf(request, str(posted.get("csrf", "")))
    file = posted.get("file")
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise BadInput.of("no_file", fields={"file": "请选择文件"})
        data = await file.read(manage.MAX_UPLOAD_BYTES + 1)
        report = manage.upload(db, settings, user, file.filename, data)
    except GovhallError as exc:
        error = client_error(exc)
        return _page(request, db, settings, user, error=error.message, status=error.status)
    if report.vector_job is not None:
        _vectors_after_response(request, settings, tasks)
    verb = "新增" if report.added else "更新" if report.updated else "未变化"
    return back_to("/admin/knowledge", done=f"已导入 {file.filename}：{verb}，{report.articles} 条")


@router.post("/admin/knowledge/reindex")
def reindex(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: EditorPage,
    tasks: BackgroundTasks,
    csrf: Csrf = "",
) -> Response:
    check_csrf(request, csrf)
    job = manage.reindex(db, settings, user)
    if job is not None:
        _vectors_after_response(request, settings, tasks)
    return back_to("/admin/knowledge", done="已重建检索索引" + (f"，向量任务 #{job.id} 已排队" if job else ""))


@router.get("/admin/knowledge/{document_id}", response_class=HTMLResponse)
def document_page(
    document_id: DocumentId,
    request: Request,
    db: SessionDep,
    user: EditorPage,
    done: Done = "",
    error: Problem = "",
) -> Response:
    outline = manage.document_outline(db, document_id)
    context = admin_ctx(request, user, **outline, status_labels=STATUS_LABELS, done=done, error=error)
    return render(request, "admin/knowledge_document.html", context)


@router.post("/admin/knowledge/{document_id}/{action}")
def document_action(
    document_id: DocumentId,
    action: str,
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    user: EditorPage,
    csrf: Csrf = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """``repeal`` (废止) or ``delete`` a document."""
    check_csrf(request, csrf)
    try:
        if action == "repeal":
            document = manage.repeal(db, settings, user, document_id, reason)
            return back_to(f"/admin/knowledge/{document_id}", done=f"已废止 {document.title}")
        if action == "delete":
            title = manage.delete_document(db, settings, user, document_id, reason)
            return back_to("/admin/knowledge", done=f"已删除 {title}")
        raise BadInput.of("unknown_action")
    except GovhallError as exc:
        error = client_error(exc)
        if error.status == 404:
            raise
        return back_to(f"/admin/knowledge/{document_id}", error=error.message)
