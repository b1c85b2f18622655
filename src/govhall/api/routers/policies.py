"""The policy library over HTTP: article-level search, grounded answers, documents with interpretation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from govhall import policies
from govhall.api.deps import SessionDep, SettingsDep
from govhall.api.responses import DocumentDetail, DocumentSummary, PolicySearch
from govhall.api.schemas import CleanStr, Strict
from govhall.policies import MAX_QUERY_CHARS, SearchFilters

router = APIRouter(prefix="/api/policies", tags=["政策库"])


class CitationPublic(BaseModel):
    title: str = Field(description="法规名称（不含日期）")
    article: str = Field(description="条号，如 第十七条")
    path: str = Field(description="结构路径，如 社会保险法 > 第五章 失业保险 > 第四十五条")
    text: str
    score: float


class AskRequest(Strict):
    # The length limit is checked by the service so that an over-long question gets its Chinese message.
    question: CleanStr = Field(max_length=20_000, description="群众的问题")
    as_of: date | None = Field(default=None, description="依据该日期有效的版本回答")


class AnswerPublic(BaseModel):
    question: str
    answer: str
    grounded: bool
    citations: list[CitationPublic]
    answer_sentence: str = Field(default="", description="答复的第一句：直接说明事实（拒答时为空）")
    qtype: str = Field(
        default="其他",
        description="问题类型：多久、多少钱、几岁、几天内、找谁、能不能、要什么、不服怎么办、会怎么样、其他",
    )
    local: bool = Field(default=False, description="问的是当地标准：答复说明由谁确定、向哪里咨询")
    computed: dict[str, Any] | None = Field(default=None, description="按群众给出的数字计算出的结果及依据")


@router.get("/search", response_model=PolicySearch)
def search_policies(
    db: SessionDep,
    settings: SettingsDep,
    q: Annotated[CleanStr, Query(max_length=20_000, description=f"检索词或问题（不超过 {MAX_QUERY_CHARS} 字）")],
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    doc_type: Annotated[CleanStr | None, Query(max_length=32, description="文件类型，如 行政法规")] = None,
    status: Literal["in_force", "superseded", "all"] = "in_force",
    as_of: Annotated[date | None, Query(description="检索该日期有效的版本")] = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict[str, Any]:
    """``{"query", "results": [{"title", "article", "path", "text", "score", "document_id", "status", …}]}``."""
    filters = SearchFilters(doc_type=doc_type, status=status, as_of=as_of, date_from=date_from, date_to=date_to)
    hits = policies.search(db, settings, q, k=k, filters=filters)
    return {"query": q, "results": [hit.to_dict() for hit in hits]}


@router.post("/ask")
def ask(body: AskRequest, db: SessionDep, settings: SettingsDep) -> AnswerPublic:
    """``{"question", "answer", "grounded", "citations": [{"title", "article", "path", "text", "score"}]}``."""
    filters = SearchFilters(as_of=body.as_of) if body.as_of else None
    return AnswerPublic.model_validate(policies.ask(db, settings, body.question, filters=filters).to_dict())


@router.get("/documents", response_model=list[DocumentSummary])
def list_documents(db: SessionDep, status: Literal["in_force", "superseded"] | None = None) -> list[dict[str, Any]]:
    return policies.list_documents(db, status=status)


@router.get("/{document_id}", response_model=DocumentDetail)
def get_document(document_id: Annotated[int, Path(ge=1, le=2**31 - 1)], db: SessionDep) -> dict[str, Any]:
    """One document: metadata, summary, keywords, applies_to, grants, and its articles with theirs."""
    return policies.document_view(db, document_id)
