"""The audit trail: its filter's choices, a search, and checking the hash chains."""

from __future__ import annotations

from app.services import audit, audit_view
from app.services.audit import AuditReport
from app.services.audit_view import AuditChoices, AuditPage, AuditQuery
from ui.ops import Work


def choices() -> Work[AuditChoices]:
    """The people, halls and today's date on the reader's clock, for the filter bar."""
    return lambda client: client.call(audit_view.choices)


def search(query: AuditQuery) -> Work[AuditPage]:
    """The newest entries matching ``query`` (the server keeps a hall manager to their hall)."""
    return lambda client: client.call(audit_view.search, query=query)


def verify() -> Work[AuditReport]:
    """Walks every chain on the server (administrators)."""
    return lambda client: client.call(audit.verify)
