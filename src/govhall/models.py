"""Every table of govhall, imported in one place so Alembic sees the whole schema."""

from govhall.accounts.models import AuthToken, User
from govhall.assistant.logs import AssistantMark
from govhall.assistant.models import AssistantSession
from govhall.audit.models import AuditEntry, AuditHead
from govhall.cases.models import Case, CaseEvent, CaseRating
from govhall.catalog.models import CatalogItem, CatalogItemVersion
from govhall.files.models import StoredFile
from govhall.jobs.models import Job, Schedule
from govhall.knowledge_graph.models import GraphBuild, GraphEdge, GraphNode
from govhall.notify.models import Notification
from govhall.opinion.models import OpinionAlert, OpinionAlertPost, OpinionJob, OpinionPost, OpinionTopic
from govhall.opinion.monitor_models import OpinionAlertNotice, OpinionSource, OpinionSubscription
from govhall.policies.models import PolicyArticle, PolicyDocument, PolicyIndexState, PolicyReplacement
from govhall.stats.indexes import STATS_INDEXES

__all__ = [
    "STATS_INDEXES",
    "AssistantMark",
    "AssistantSession",
    "AuditEntry",
    "AuditHead",
    "AuthToken",
    "Case",
    "CaseEvent",
    "CaseRating",
    "CatalogItem",
    "CatalogItemVersion",
    "GraphBuild",
    "GraphEdge",
    "GraphNode",
    "Job",
    "Notification",
    "OpinionAlert",
    "OpinionAlertNotice",
    "OpinionAlertPost",
    "OpinionJob",
    "OpinionPost",
    "OpinionSource",
    "OpinionSubscription",
    "OpinionTopic",
    "PolicyArticle",
    "PolicyDocument",
    "PolicyIndexState",
    "PolicyReplacement",
    "Schedule",
    "StoredFile",
    "User",
]
