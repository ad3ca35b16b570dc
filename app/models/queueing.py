"""Queue numbers: services a hall offers, which windows serve them, tickets and their history."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"  # announced, the customer is walking to the window
    SERVING = "serving"  # at the window (first action taken, or confirmed)
    DONE = "done"
    NO_SHOW = "no_show"


class WindowState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class QueueService(Base):
    """A service the hall queues for: letter prefix (A, B, …), name, hours, daily cap."""

    __tablename__ = "queue_services"
    __table_args__ = (UniqueConstraint("hall_id", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    prefix: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(40))
    opens_at: Mapped[time]
    closes_at: Mapped[time]
    daily_cap: Mapped[int] = mapped_column(default=300)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class WindowService(Base):
    """Which services a window calls, in order: the first is its own, the rest it helps with."""

    __tablename__ = "window_services"

    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class WindowStatus(Base):
    """A window's live state: one row per window, updated as it opens, calls and pauses."""

    __tablename__ = "window_status"

    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default=WindowState.CLOSED.value)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    current_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TicketCounter(Base):
    """The last number issued per hall, service and business day, bumped in the issuing
    transaction (a sequence would leave gaps and does not restart each day)."""

    __tablename__ = "ticket_counters"

    service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"), primary_key=True)
    business_day: Mapped[date] = mapped_column(primary_key=True)
    last_number: Mapped[int]


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("hall_id", "service_id", "business_day", "number"),
        Index("ix_tickets_queue", "hall_id", "business_day", "status"),
        # The waiting line of each service in call order (priority, then place in time):
        # call_next reads the first unlocked entry instead of sorting every waiting ticket.
        Index("ix_tickets_waiting", "queue_service_id", "business_day", "priority",
              "queued_at", "id", postgresql_where=text("status = 'waiting'"),
              sqlite_where=text("status = 'waiting'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"))  # issued its number
    queue_service_id: Mapped[int] = mapped_column(ForeignKey("queue_services.id"))  # waits in
    business_day: Mapped[date]
    number: Mapped[int]
    code: Mapped[str] = mapped_column(String(8))  # A001
    priority: Mapped[bool] = mapped_column(default=False)
    priority_reason: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(10), default=TicketStatus.WAITING.value)
    issued_at: Mapped[datetime]
    queued_at: Mapped[datetime]  # place in line: issue time, kept across a transfer
    target_window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    called_at: Mapped[datetime | None]
    call_count: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None]
    no_show_at: Mapped[datetime | None]
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    served_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    account_no: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    printed: Mapped[bool] = mapped_column(default=False)


class TicketEvent(Base):
    """What happened to a ticket, when, at which window, by whom: append-only.

    Queue calls are frequent; they are recorded here instead of in the hash-chained audit trail
    (whose per-hall head lock would cap calls per second). Exceptional acts — calling out of
    order, transfers — are audited too.
    """

    __tablename__ = "ticket_events"
    __table_args__ = (
        Index("ix_ticket_events_ticket_id", "ticket_id"),
        {"info": {"append_only": True}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(20))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    details: Mapped[str] = mapped_column(Text, default="")
