"""The policy library (政策库): ingest documents, split them by structure (编/章/节/条/款/项), keep
versions, search at article level, and answer with citations or refuse when nothing supports an answer.

API (``/api/policies``), CLI (``govhall ingest|search|ask|evaluate qa``) and pages are thin adapters
over :func:`ingest_path`, :func:`search`, :func:`ask` and :func:`evaluate_qa`.
"""

from govhall.policies.answer import Answer, ask
from govhall.policies.evaluate import evaluate_qa, read_qa
from govhall.policies.index import embed_pending, load_index, rebuild_index
from govhall.policies.ingest import IngestReport, declare_replacement, ingest_files, iter_folder, policy_key
from govhall.policies.library import ensure_builtin, sync_builtin
from govhall.policies.models import PolicyArticle, PolicyDocument, PolicyIndexState, PolicyReplacement
from govhall.policies.search import (
    MAX_QUERY_CHARS,
    SearchFilters,
    SearchHit,
    check_query,
    query_vector,
    query_vectors,
    search,
)
from govhall.policies.service import document_view, ingest_path, list_documents
from govhall.policies.vectors import VECTOR_JOB, enqueue_vectors

__all__ = [
    "MAX_QUERY_CHARS",
    "VECTOR_JOB",
    "Answer",
    "IngestReport",
    "PolicyArticle",
    "PolicyDocument",
    "PolicyIndexState",
    "PolicyReplacement",
    "SearchFilters",
    "SearchHit",
    "ask",
    "check_query",
    "declare_replacement",
    "document_view",
    "embed_pending",
    "enqueue_vectors",
    "ensure_builtin",
    "evaluate_qa",
    "ingest_files",
    "ingest_path",
    "iter_folder",
    "list_documents",
    "load_index",
    "policy_key",
    "query_vector",
    "query_vectors",
    "read_qa",
    "rebuild_index",
    "search",
    "sync_builtin",
]
