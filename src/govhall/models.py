"""Every table of govhall, imported in one place so Alembic sees the whole schema."""

from govhall.accounts.models import AuthToken, User
from govhall.assistant.models import AssistantSession
from govhall.audit.models import AuditEntry, AuditHead
from govhall.cases.models import Case, CaseEvent
from govhall.catalog.models import CatalogItem, CatalogItemVersion
from govhall.jobs.models import Job
from govhall.knowledge_graph.models import GraphBuild, GraphEdge, GraphNode
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionJob, OpinionPost, OpinionTopic
from govhall.policies.models import PolicyArticle, PolicyDocument, PolicyIndexState, PolicyReplacement

__all__ = [
    "AssistantSession",
    "AuditEntry",
    "AuditHead",
    "AuthToken",
    "Case",
    "CaseEvent",
    "CatalogItem",
    "CatalogItemVersion",
    "GraphBuild",
    "GraphEdge",
    "GraphNode",
    "Job",
    "OpinionAlert",
    "OpinionAlertPost",
    "OpinionJob",
    "OpinionPost",
    "OpinionTopic",
    "PolicyArticle",
    "PolicyDocument",
    "PolicyIndexState",
    "PolicyReplacement",
    "User",
]
