"""The tamper-evident audit trail: every state change and admin change, hash-chained."""

from govhall.audit.models import AuditEntry, AuditHead
from govhall.audit.service import Actor, VerifyReport, anchor, chain_hash, find_entries, list_entries, record, verify

__all__ = [
    "Actor",
    "AuditEntry",
    "AuditHead",
    "VerifyReport",
    "anchor",
    "chain_hash",
    "find_entries",
    "list_entries",
    "record",
    "verify",
]
