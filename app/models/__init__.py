"""All models, imported here so that ``Base.metadata`` is complete."""

from app.models.audit import AuditChainHead, AuditEntry
from app.models.base import Base
from app.models.customers import Account, AccountKind, AccountStatus, Customer, TariffClass
from app.models.events import ChangeCounter
from app.models.queueing import (
    QueueService,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketStatus,
    WindowService,
    WindowState,
    WindowStatus,
)
from app.models.staff import Hall, Staff, Window
from app.models.system import DeploymentSetting

__all__ = [
    "Account",
    "AccountKind",
    "AccountStatus",
    "AuditChainHead",
    "AuditEntry",
    "Base",
    "ChangeCounter",
    "Customer",
    "DeploymentSetting",
    "Hall",
    "QueueService",
    "Staff",
    "TariffClass",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "TicketStatus",
    "Window",
    "WindowService",
    "WindowState",
    "WindowStatus",
]
