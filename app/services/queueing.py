"""Queue numbers: issue a ticket, call it from a window, recall, no-show, requeue, transfer,
finish, pause; and the whole hall's state for managers and the hall display.

Concurrency: many windows press "call next" at the same instant. The next ticket is taken with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (a window never waits for another window's
row, and no ticket is taken twice) and inside SQLite's single ``BEGIN IMMEDIATE`` writer.
Numbers come from a counter row per service and business day, bumped in the issuing
transaction; the unique key on (hall, service, day, number) forbids a duplicate outright.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app import events
from app.errors import NotFound, QueueRefused, ValidationError
from app.models import (
    Hall,
    QueueService,
    Staff,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketStatus,
    Window,
    WindowService,
    WindowState,
    WindowStatus,
)
from app.models.base import utcnow
from app.permissions import Permission, has_permission
from app.services import audit
from app.services.context import Actor, require, require_same_hall
from app.text import MAX_REASON_LENGTH, written_text

MIN_REASON_LENGTH = 2
MAX_NOTICE_LENGTH = 200
ACTIVE = (TicketStatus.CALLED.value, TicketStatus.SERVING.value)


# --- value objects ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    prefix: str
    name: str
    opens_at: time
    closes_at: time
    daily_cap: int


@dataclass(frozen=True)
class TicketInfo:
    id: int
    code: str
    service_id: int
    service_prefix: str
    service_name: str
    status: str
    priority: bool
    issued_at: datetime
    waiting_ahead: int
    window_number: int | None
    call_count: int
    account_no: str
    printed: bool
    hall_name: str
    phone: str = ""  # keyed in at the kiosk: for the window's staff, never for the display


@dataclass(frozen=True)
class ServiceQueue:
    id: int
    prefix: str
    name: str
    waiting: int
    longest_wait_seconds: int
    open_now: bool
    alert: bool  # the longest wait passed the hall's threshold
    remaining: int  # numbers left today under the daily cap
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class WindowView:
    id: int
    number: int
    state: str
    current_code: str


@dataclass(frozen=True)
class CallView:
    code: str
    window_number: int
    called_at: datetime


@dataclass(frozen=True)
class QueueStatus:
    hall_id: int
    hall_name: str
    business_day: date
    services: tuple[ServiceQueue, ...]
    windows: tuple[WindowView, ...]
    recent_calls: tuple[CallView, ...]
    issued: int
    served: int
    no_shows: int
    average_wait_seconds: int
    average_service_seconds: int
    notice: str = ""  # the display's scrolling line
    wait_alert_minutes: int = 20
    # (local hour, tickets issued in it, average wait of those called, seconds): the day's shape
    hours: tuple[tuple[int, int, int], ...] = ()

    @property
    def alert(self) -> bool:
        return any(service.alert for service in self.services)


# --- time ------------------------------------------------------------------------------------


def business_day(hall: Hall, now: datetime) -> date:
    """The hall's local date: numbers restart at local midnight, not UTC's."""
    return now.astimezone(ZoneInfo(hall.timezone)).date()


def local_time(hall: Hall, now: datetime) -> time:
    return now.astimezone(ZoneInfo(hall.timezone)).time()


def ticket_code(prefix: str, number: int) -> str:
    return f"{prefix}{number:03d}"


# --- helpers ---------------------------------------------------------------------------------


def _event(session: Session, ticket: Ticket, action: str, actor: Actor, now: datetime,
           **details: Any) -> None:
    session.add(TicketEvent(ticket_id=ticket.id, at=now, action=action,
                            window_id=actor.window_id, staff_id=actor.staff_id,
                            details=json.dumps(details, ensure_ascii=False, sort_keys=True)
                            if details else ""))


def _hall(session: Session, hall_id: int | None) -> Hall:
    hall = session.get(Hall, hall_id) if hall_id is not None else None
    if hall is None:
        raise QueueRefused("Sign in at a hall to use its queue.", rule="no_hall")
    return hall


def _service(session: Session, hall: Hall, service_id: int) -> QueueService:
    service = session.get(QueueService, service_id)
    if service is None or service.hall_id != hall.id:
        raise NotFound("Service not found.", what="service")
    return service


def _window_status(session: Session, actor: Actor, now: datetime) -> WindowStatus:
    if actor.window_id is None:
        raise QueueRefused("Sign in at a window to call numbers.", rule="no_window")
    status = session.scalars(select(WindowStatus).where(
        WindowStatus.window_id == actor.window_id).with_for_update()).one_or_none()
    if status is None:
        status = WindowStatus(window_id=actor.window_id, state=WindowState.OPEN.value,
                              staff_id=actor.staff_id, updated_at=now)
        session.add(status)
        session.flush()
    return status


def _ticket(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    ticket = session.scalars(
        select(Ticket).where(Ticket.id == ticket_id).with_for_update()).one_or_none()
    if ticket is None or ticket.hall_id != actor.hall_id:
        raise NotFound("Ticket not found.", what="ticket")
    return ticket


def _waiting_ahead(session: Session, ticket: Ticket) -> int:
    """Tickets of the same service that will be called before this one."""
    ahead = select(func.count()).select_from(Ticket).where(
        Ticket.hall_id == ticket.hall_id, Ticket.queue_service_id == ticket.queue_service_id,
        Ticket.business_day == ticket.business_day,
        Ticket.status == TicketStatus.WAITING.value, Ticket.id != ticket.id)
    # The same order as call_next: priority first, then place in time, then issue order.
    earlier = (Ticket.queued_at < ticket.queued_at) | (
        (Ticket.queued_at == ticket.queued_at) & (Ticket.id < ticket.id))
    if ticket.priority:
        ahead = ahead.where(Ticket.priority, earlier)
    else:
        ahead = ahead.where(Ticket.priority | earlier)
    return session.scalar(ahead) or 0


def _info(session: Session, ticket: Ticket) -> TicketInfo:
    service = session.get(QueueService, ticket.queue_service_id)
    hall = session.get(Hall, ticket.hall_id)
    window = session.get(Window, ticket.window_id) if ticket.window_id else None
    assert service is not None and hall is not None
    waiting = (_waiting_ahead(session, ticket)
               if ticket.status == TicketStatus.WAITING.value else 0)
    return TicketInfo(ticket.id, ticket.code, service.id, service.prefix, service.name,
                      ticket.status, ticket.priority, ticket.issued_at, waiting,
                      window.number if window else None, ticket.call_count, ticket.account_no,
                      ticket.printed, hall.name, ticket.phone)


def _counter_row(session: Session, service: QueueService, day: date) -> TicketCounter:
    stmt = select(TicketCounter).where(TicketCounter.service_id == service.id,
                                       TicketCounter.business_day == day).with_for_update()
    row = session.scalars(stmt).one_or_none()
    if row is not None:
        return row
    values = {"service_id": service.id, "business_day": day, "last_number": 0}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(TicketCounter).values(values).on_conflict_do_nothing())
    return session.scalars(stmt.execution_options(populate_existing=True)).one()


def _kiosk_number(value: str, field: str) -> str:
    """An account number or phone keyed in with the ticket: digits only, or nothing.

    Account numbers are 6 to 20 digits; a phone is a mobile (11 digits, starting 1) or a
    landline with its area code (10 to 12 digits, starting 0).
    """
    value = value.strip().replace(" ", "").replace("-", "")
    if not value:
        return ""
    if not value.isdigit():
        raise ValidationError("Digits only.", field=field, rule="digits")
    if field == "phone":
        mobile = len(value) == 11 and value.startswith("1")
        landline = 10 <= len(value) <= 12 and value.startswith("0")
        if not (mobile or landline):
            raise ValidationError("Not a phone number.", field=field, rule="phone")
    elif not 6 <= len(value) <= 20:
        raise ValidationError("Not an account number.", field=field, rule="account_no")
    return value


def _reason(reason: str) -> str:
    clean = written_text(reason, field="reason", max_length=MAX_REASON_LENGTH)
    if len(clean) < MIN_REASON_LENGTH:
        raise ValidationError("Give a reason.", field="reason", rule="required")
    return clean


# --- setting up ------------------------------------------------------------------------------


def create_service(session: Session, actor: Actor, prefix: str, name: str, *,
                   opens_at: time = time(8, 30), closes_at: time = time(17, 0),
                   daily_cap: int = 300, windows: tuple[int, ...] = (),
                   hall_id: int | None = None) -> ServiceInfo:
    """A queue service of a hall (the actor's unless ``hall_id`` is given: an admin or the
    system setting up a hall), called by the given window numbers in this order."""
    staff = require(session, actor, Permission.SETUP_QUEUE)
    hall = _hall(session, hall_id if hall_id is not None else actor.hall_id)
    require_same_hall(staff, hall.id)
    prefix = prefix.strip().upper()
    if not (prefix.isascii() and prefix.isalpha() and 1 <= len(prefix) <= 2):
        raise ValidationError("A prefix is one or two letters.", field="prefix", rule="prefix")
    name = written_text(name, field="name", max_length=40)
    if not name:
        raise ValidationError("Enter the service's name.", field="name", rule="required")
    if opens_at >= closes_at:
        raise ValidationError("Opening must come before closing.", field="closes_at",
                              rule="hours")
    if daily_cap < 1:
        raise ValidationError("The daily cap must be at least 1.", field="daily_cap",
                              rule="cap")
    taken = session.scalars(select(QueueService).where(
        QueueService.hall_id == hall.id, QueueService.prefix == prefix)).first()
    if taken is not None:
        raise ValidationError("Prefix {prefix} is taken.", field="prefix", rule="taken",
                              prefix=prefix)
    count = session.scalar(select(func.count()).select_from(QueueService).where(
        QueueService.hall_id == hall.id)) or 0
    service = QueueService(hall_id=hall.id, prefix=prefix, name=name, opens_at=opens_at,
                           closes_at=closes_at, daily_cap=daily_cap, sort_order=count)
    session.add(service)
    session.flush()
    for number in windows:
        window = session.scalars(select(Window).where(
            Window.hall_id == hall.id, Window.number == number)).one_or_none()
        if window is None:
            raise NotFound("Window {number} is not set up.", what="window", number=number)
        position = session.scalar(select(func.count()).select_from(WindowService).where(
            WindowService.window_id == window.id)) or 0
        session.add(WindowService(window_id=window.id, service_id=service.id,
                                  position=position))
    audit.record(session, actor, "queue.service_created", "queue_service", service.id,
                 details={"prefix": prefix, "name": service.name, "windows": list(windows)},
                 hall_id=hall.id)
    info = ServiceInfo(service.id, prefix, service.name, opens_at, closes_at, daily_cap)
    return info


def list_services(session: Session, actor: Actor) -> list[ServiceInfo]:
    require(session, actor, Permission.VIEW_QUEUE)
    hall = _hall(session, actor.hall_id)
    services = session.scalars(select(QueueService).where(
        QueueService.hall_id == hall.id, QueueService.active).order_by(QueueService.sort_order))
    result = [ServiceInfo(s.id, s.prefix, s.name, s.opens_at, s.closes_at, s.daily_cap)
              for s in services]
    return result


def window_service_ids(session: Session, actor: Actor) -> list[int]:
    """The active services the actor's window calls, in its order: its own first, then those
    it helps with (empty without a window)."""
    require(session, actor, Permission.VIEW_QUEUE)
    if actor.window_id is None:
        return []
    ids = list(session.scalars(
        select(WindowService.service_id)
        .join(QueueService, QueueService.id == WindowService.service_id)
        .where(WindowService.window_id == actor.window_id, QueueService.active)
        .order_by(WindowService.position, QueueService.sort_order)))
    return ids


# --- the queue -------------------------------------------------------------------------------


def issue_ticket(session: Session, actor: Actor, service_id: int, *, priority: bool = False,
                 priority_reason: str = "", account_no: str = "", phone: str = "",
                 now: datetime | None = None) -> TicketInfo:
    """Take a number (kiosk, or a clerk for a walk-in); refused when closed or at the cap."""
    require(session, actor, Permission.ISSUE_TICKETS)
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    service = _service(session, hall, service_id)
    clock = local_time(hall, now)
    if not service.active or not service.opens_at <= clock < service.closes_at:
        raise QueueRefused("{name} is closed now (open {opens}–{closes}).", rule="closed",
                           name=service.name, opens=service.opens_at.strftime("%H:%M"),
                           closes=service.closes_at.strftime("%H:%M"))
    priority_reason = written_text(priority_reason, field="priority_reason", max_length=40)
    if priority and not priority_reason:
        raise ValidationError("Say why the ticket has priority.", field="priority_reason",
                              rule="required")
    account_no, phone = _kiosk_number(account_no, "account_no"), _kiosk_number(phone, "phone")
    day = business_day(hall, now)
    counter = _counter_row(session, service, day)
    if counter.last_number >= service.daily_cap:
        raise QueueRefused("Today's numbers for {name} are all given out ({cap}).",
                           rule="daily_cap", name=service.name, cap=service.daily_cap)
    counter.last_number += 1
    ticket = Ticket(hall_id=hall.id, service_id=service.id, queue_service_id=service.id,
                    business_day=day,
                    number=counter.last_number, code=ticket_code(service.prefix,
                                                                 counter.last_number),
                    priority=priority, priority_reason=priority_reason,
                    status=TicketStatus.WAITING.value, issued_at=now, queued_at=now,
                    issued_by=actor.staff_id, account_no=account_no.strip()[:20],
                    phone=phone.strip()[:20])
    session.add(ticket)
    session.flush()
    _event(session, ticket, "issued", actor, now, by=actor.role)
    info = _info(session, ticket)
    events.notify(session, events.QUEUE, hall.id)
    return info


def mark_printed(session: Session, actor: Actor, ticket_id: int, printed: bool) -> None:
    """After the kiosk's printer answered: a failed print leaves a visible, unprinted ticket."""
    require(session, actor, Permission.ISSUE_TICKETS)
    ticket = _ticket(session, actor, ticket_id)
    ticket.printed = printed
    _event(session, ticket, "printed" if printed else "print_failed", actor, utcnow())
    events.notify(session, events.QUEUE, ticket.hall_id)


NEXT_CANDIDATES = 64  # more than the windows that can hold a waiting ticket locked at once


def _next_candidate(session: Session, actor: Actor, hall: Hall, day: date) -> Ticket | None:
    """The first waiting ticket for this window that no other window is taking right now.

    On PostgreSQL, FOR UPDATE above ORDER BY … LIMIT 1 rules out the bounded top-N sort: every
    call sorted every waiting ticket in full (60 ms at 20,000 waiting). So the first
    NEXT_CANDIDATES are found without locks (a cheap top-N sort of ids), the first of them
    still waiting is locked, skipping those other windows hold, and only if all of them were
    taken meanwhile does the full locked query run.
    """
    mine = ((WindowService.service_id == Ticket.queue_service_id)
            & (WindowService.window_id == actor.window_id))
    waiting = (Ticket.hall_id == hall.id, Ticket.business_day == day,
               Ticket.status == TicketStatus.WAITING.value,
               (Ticket.target_window_id.is_(None))
               | (Ticket.target_window_id == actor.window_id))
    order = (Ticket.priority.desc(), WindowService.position, Ticket.queued_at, Ticket.id)
    locked = (select(Ticket).join(WindowService, mine).where(*waiting).order_by(*order)
              .limit(1).with_for_update(skip_locked=True, of=Ticket))
    if session.get_bind().dialect.name != "postgresql":
        return session.scalars(locked).first()  # one writer at a time; LIMIT 1 sorts cheaply
    ids = session.scalars(select(Ticket.id).join(WindowService, mine).where(*waiting)
                          .order_by(*order).limit(NEXT_CANDIDATES)).all()
    if not ids:
        return None
    ticket = session.scalars(locked.where(Ticket.id == any_(
        bindparam("candidates", list(ids), type_=ARRAY(Integer))))).first()
    return ticket if ticket is not None else session.scalars(locked).first()


def _close_current(session: Session, status: WindowStatus, actor: Actor, now: datetime) -> None:
    """Calling the next number ends the current one: served if it was, no-show if never.
    One of an earlier business day (left at the window when the program ended) is left as it
    stands, not served now (``_end_visit``)."""
    if status.current_ticket_id is None:
        return
    current = session.get(Ticket, status.current_ticket_id)
    if current is not None and current.status in ACTIVE and current.business_day == \
            business_day(_hall(session, actor.hall_id), now):
        current.status = TicketStatus.DONE.value
        current.finished_at = now
        _event(session, current, "finished", actor, now)
    status.current_ticket_id = None


def call_next(session: Session, actor: Actor, *, now: datetime | None = None
              ) -> TicketInfo | None:
    """Call the next ticket for this window; None when nobody waits for its services."""
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    status = _window_status(session, actor, now)
    if status.state == WindowState.PAUSED.value:
        raise QueueRefused("This window is paused: resume it first.", rule="paused")
    _close_current(session, status, actor, now)
    ticket = _next_candidate(session, actor, hall, business_day(hall, now))
    status.state = WindowState.OPEN.value
    status.staff_id = actor.staff_id
    status.updated_at = now
    info = None
    if ticket is not None:
        _call(session, ticket, status, actor, now)
        info = _info(session, ticket)
    events.notify(session, events.QUEUE, hall.id)  # last: its row stays locked until commit
    return info


def _call(session: Session, ticket: Ticket, status: WindowStatus, actor: Actor,
          now: datetime) -> None:
    ticket.status = TicketStatus.CALLED.value
    ticket.window_id = actor.window_id
    ticket.served_by = actor.staff_id
    ticket.called_at = now
    ticket.call_count = 1
    status.current_ticket_id = ticket.id
    _event(session, ticket, "called", actor, now)


def call_ticket(session: Session, actor: Actor, code: str, *, reason: str,
                now: datetime | None = None) -> TicketInfo:
    """Call one waiting ticket out of order (an appointment, a returning customer): audited."""
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    reason = _reason(reason)
    hall = _hall(session, actor.hall_id)
    status = _window_status(session, actor, now)
    if status.state == WindowState.PAUSED.value:
        raise QueueRefused("This window is paused: resume it first.", rule="paused")
    ticket = session.scalars(select(Ticket).where(
        Ticket.hall_id == hall.id, Ticket.business_day == business_day(hall, now),
        Ticket.code == code.strip().upper()).with_for_update()).one_or_none()
    if ticket is None:
        raise NotFound("Ticket {code} does not exist today.", what="ticket", code=code)
    if ticket.status != TicketStatus.WAITING.value:
        raise QueueRefused("{code} is not waiting.", rule="not_waiting", code=ticket.code)
    _close_current(session, status, actor, now)
    _call(session, ticket, status, actor, now)
    audit.record(session, actor, "queue.called_out_of_order", "ticket", ticket.id,
                 reason=reason, details={"code": ticket.code})
    info = _info(session, ticket)
    events.notify(session, events.QUEUE, hall.id)
    return info


def recall(session: Session, actor: Actor, ticket_id: int, *, now: datetime | None = None
           ) -> TicketInfo:
    """Announce again. After the hall's ``max_recalls`` recalls with nobody coming, the next
    recall makes the ticket a no-show by itself."""
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    ticket = _ticket(session, actor, ticket_id)
    if ticket.status != TicketStatus.CALLED.value or ticket.window_id != actor.window_id:
        raise QueueRefused("{code} is not called at this window.", rule="not_called",
                           code=ticket.code)
    if ticket.call_count > hall.max_recalls:
        _no_show(session, ticket, actor, now, automatic=True)
    else:
        ticket.call_count += 1
        ticket.called_at = now
        _event(session, ticket, "recalled", actor, now, call=ticket.call_count)
    info = _info(session, ticket)
    events.notify(session, events.QUEUE, hall.id)
    return info


def _no_show(session: Session, ticket: Ticket, actor: Actor, now: datetime, *,
             automatic: bool) -> None:
    ticket.status = TicketStatus.NO_SHOW.value
    ticket.no_show_at = now
    status = session.get(WindowStatus, ticket.window_id) if ticket.window_id else None
    if status is not None and status.current_ticket_id == ticket.id:
        status.current_ticket_id = None
    _event(session, ticket, "no_show_auto" if automatic else "no_show", actor, now)


def mark_no_show(session: Session, actor: Actor, ticket_id: int, *,
                 now: datetime | None = None) -> TicketInfo:
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    ticket = _ticket(session, actor, ticket_id)
    if ticket.status != TicketStatus.CALLED.value or ticket.window_id != actor.window_id:
        raise QueueRefused("{code} is not called at this window.", rule="not_called",
                           code=ticket.code)
    _no_show(session, ticket, actor, now, automatic=False)
    info = _info(session, ticket)
    events.notify(session, events.QUEUE, ticket.hall_id)
    return info


def requeue(session: Session, actor: Actor, ticket_id: int, *, now: datetime | None = None
            ) -> TicketInfo:
    """A no-show who comes back within the hall's grace time goes back in line (at its end)."""
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    ticket = _ticket(session, actor, ticket_id)
    if ticket.status != TicketStatus.NO_SHOW.value or ticket.no_show_at is None:
        raise QueueRefused("{code} is not a no-show.", rule="not_no_show", code=ticket.code)
    if now - ticket.no_show_at > timedelta(minutes=hall.noshow_grace_minutes):
        raise QueueRefused("{code} missed its turn more than {minutes} minutes ago: take a new "
                           "number.", rule="grace_expired", code=ticket.code,
                           minutes=hall.noshow_grace_minutes)
    ticket.status = TicketStatus.WAITING.value
    ticket.queued_at = now
    ticket.window_id = None
    ticket.call_count = 0
    ticket.no_show_at = None
    _event(session, ticket, "requeued", actor, now)
    info = _info(session, ticket)
    events.notify(session, events.QUEUE, hall.id)
    return info


def requeue_code(session: Session, actor: Actor, code: str, *, now: datetime | None = None
                 ) -> TicketInfo:
    """``requeue`` by the number on the customer's slip (what the clerk has in hand)."""
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    ticket_id = session.scalar(select(Ticket.id).where(
        Ticket.hall_id == hall.id, Ticket.business_day == business_day(hall, now),
        Ticket.code == code.strip().upper()))
    if ticket_id is None:
        raise NotFound("Ticket {code} does not exist today.", what="ticket", code=code)
    return requeue(session, actor, ticket_id, now=now)


def transfer(session: Session, actor: Actor, ticket_id: int, *, service_id: int | None = None,
             window_number: int | None = None, reason: str = "",
             now: datetime | None = None) -> TicketInfo:
    """Send a called ticket to another service or window; it keeps its original place in time
    (queued_at), so the customer does not start again at the back."""
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    ticket = _ticket(session, actor, ticket_id)
    if ticket.status not in ACTIVE or ticket.window_id != actor.window_id:
        raise QueueRefused("{code} is not at this window.", rule="not_called", code=ticket.code)
    if service_id is None and window_number is None:
        raise ValidationError("Choose a service or a window.", field="target", rule="required")
    if service_id is not None:
        ticket.queue_service_id = _service(session, hall, service_id).id  # the code stays
    ticket.target_window_id = None
    if window_number is not None:
        window = session.scalars(select(Window).where(
            Window.hall_id == hall.id, Window.number == window_number)).one_or_none()
        if window is None:
            raise NotFound("Window {number} is not set up.", what="window",
                           number=window_number)
        serves = session.get(WindowService, (window.id, ticket.queue_service_id))
        if serves is None:  # it would wait there for ever: nobody could call it
            raise QueueRefused("Window {number} does not serve this service.",
                               rule="window_not_serving", number=window_number)
        ticket.target_window_id = window.id
    status = session.get(WindowStatus, ticket.window_id) if ticket.window_id else None
    if status is not None and status.current_ticket_id == ticket.id:
        status.current_ticket_id = None
    ticket.status = TicketStatus.WAITING.value
    ticket.window_id = None
    ticket.call_count = 0
    _event(session, ticket, "transferred", actor, now, service_id=ticket.queue_service_id,
           window=window_number)
    audit.record(session, actor, "queue.transferred", "ticket", ticket.id, reason=reason.strip(),
                 details={"code": ticket.code, "service_id": ticket.queue_service_id,
                          "window": window_number})
    info = _info(session, ticket)
    events.notify(session, events.QUEUE, hall.id)
    return info


def finish(session: Session, actor: Actor, ticket_id: int, *, now: datetime | None = None
           ) -> TicketInfo:
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    ticket = _ticket(session, actor, ticket_id)
    if ticket.status not in ACTIVE or ticket.window_id != actor.window_id:
        raise QueueRefused("{code} is not at this window.", rule="not_called", code=ticket.code)
    ticket.status = TicketStatus.DONE.value
    ticket.finished_at = now
    status = session.get(WindowStatus, ticket.window_id) if ticket.window_id else None
    if status is not None and status.current_ticket_id == ticket.id:
        status.current_ticket_id = None
    _event(session, ticket, "finished", actor, now)
    info = _info(session, ticket)
    events.notify(session, events.QUEUE, ticket.hall_id)
    return info


def pause_window(session: Session, actor: Actor, *, reason: str = "",
                 now: datetime | None = None) -> None:
    """Pause calling (a break, a long case); the current ticket stays at the window."""
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    status = _window_status(session, actor, now)
    status.state = WindowState.PAUSED.value
    status.updated_at = now
    audit.record(session, actor, "queue.window_paused", "window", actor.window_id,
                 reason=reason.strip())
    events.notify(session, events.QUEUE, actor.hall_id)


def resume_window(session: Session, actor: Actor, *, now: datetime | None = None) -> None:
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    status = _window_status(session, actor, now)
    status.state = WindowState.OPEN.value
    status.updated_at = now
    audit.record(session, actor, "queue.window_resumed", "window", actor.window_id)
    events.notify(session, events.QUEUE, actor.hall_id)


# --- signing in and out at a window ----------------------------------------------------------


@dataclass(frozen=True)
class Takeover:
    """Signing in took the window over from someone still signed in at it (the login says so:
    "3号窗口此前由 赵磊 使用，已接管")."""

    window_number: int
    previous_name: str  # the real name, or the user name where none is kept
    previous_username: str
    ended_code: str = ""  # the number they were serving, finished by the takeover


def _end_visit(session: Session, hall: Hall, ticket: Ticket, actor: Actor, now: datetime,
               at: str) -> bool:
    """End the visit of a called ticket because its window changes hands (sign-out,
    takeover): served now, if it is today's. A ticket of an earlier business day (the hall's
    clock) is left as it stands, called on its own day: no screen shows it any more (they
    show today's tickets) and its day's figures count it as issued, not served; marking it
    served now would give it a service time of days. False when it was left."""
    if ticket.business_day != business_day(hall, now):
        return False
    ticket.status = TicketStatus.DONE.value
    ticket.finished_at = now
    _event(session, ticket, "finished", actor, now, at=at)
    return True


def open_at_sign_in(session: Session, actor: Actor, now: datetime) -> Takeover | None:
    """Signing in at a window opens it: staffed and ready to call (空闲 on the panel, 开放 on
    the manager's view), not 未开放 until its first F1. Part of the sign-in's transaction: the
    caller commits.

    A window has one person, as a Qmatic service point has one user: signing in at a window
    someone else is still signed in at (open or paused) takes it over from them, and says so
    (the ``Takeover`` returned). The number they were serving there is finished as at their
    sign-out (an earlier business day's is left, as ``_end_visit`` says), and the takeover is
    audited naming both people and that number; their pause ends with them. Their own
    sign-out later leaves the window to the new owner (``close_at_sign_out``).

    A window the same person left paused (the program ended without signing out) stays
    paused: only that person's Resume ends a pause. Staff who cannot call numbers leave the
    window as it is.
    """
    if actor.window_id is None or actor.staff_id is None or not has_permission(
            actor.role, Permission.SERVE_QUEUE):
        return None
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(WindowStatus).values(
        window_id=actor.window_id, state=WindowState.CLOSED.value, staff_id=actor.staff_id,
        updated_at=now).on_conflict_do_nothing())  # two PCs set to one window: no clash
    status = session.scalars(select(WindowStatus).where(
        WindowStatus.window_id == actor.window_id).with_for_update()
        .execution_options(populate_existing=True)).one()
    if status.state == WindowState.PAUSED.value and status.staff_id == actor.staff_id:
        return None
    takeover = None
    if (status.state != WindowState.CLOSED.value and status.staff_id is not None
            and status.staff_id != actor.staff_id):
        takeover = _take_over(session, actor, status, now)
    status.state = WindowState.OPEN.value
    status.staff_id = actor.staff_id
    status.updated_at = now
    events.notify(session, events.QUEUE, actor.hall_id)
    return takeover


def _take_over(session: Session, actor: Actor, status: WindowStatus, now: datetime
               ) -> Takeover:
    previous = session.get(Staff, status.staff_id)
    username = previous.username if previous is not None else str(status.staff_id)
    code = ""
    if status.current_ticket_id is not None:
        ticket = session.scalars(select(Ticket).where(
            Ticket.id == status.current_ticket_id).with_for_update()).one_or_none()
        if (ticket is not None and ticket.status in ACTIVE
                and ticket.window_id == status.window_id
                and _end_visit(session, _hall(session, actor.hall_id), ticket, actor, now,
                               at="takeover")):
            code = ticket.code
        status.current_ticket_id = None
    details: dict[str, Any] = {"window": actor.window_number, "username": username}
    if code:
        details["code"] = code
    audit.record(session, actor, "queue.window_taken_over", "window", status.window_id,
                 details=details)
    return Takeover(actor.window_number or 0,
                    (previous.full_name if previous is not None else "") or username,
                    username, code)


def close_at_sign_out(session: Session, actor: Actor, now: datetime) -> None:
    """Signing out closes the window this person staffs and ends the visit they were serving
    at it. Part of the sign-out's transaction: the caller commits.

    The ticket this person called at this window (``served_by`` them, at this window, still
    called or serving) is finished (served), as Qmatic ends the visit at logout, not put back
    in line: it was called and the customer came or was given their chances (recall, no-show)
    while the clerk was there; a clerk signs out after the customer leaves and forgot F4 far
    more often than in the middle of a case. Putting it back would call, and later mark as
    no-show, someone who has gone home. The end is audited (who signed out with which number
    at the window) and announced, so the hall display and the manager's view no longer show
    the number at a window nobody staffs.

    A ticket of an earlier business day (the hall's clock: the program ended without signing
    out yesterday) is not marked served now: it is left as it stands, called on its own day,
    as every screen already treats it (``_end_visit``); the window no longer holds it.

    Someone who took the window over since (``open_at_sign_in``) keeps it: the earlier
    person's sign-out neither closes it nor touches the number the new owner serves.

    Locking the screen (idle, Ctrl+L) is not signing out: the window stays open with its
    ticket, the same person is back in a moment.
    """
    if actor.window_id is None or actor.staff_id is None:
        return
    status = session.get(WindowStatus, actor.window_id, with_for_update=True)
    if status is None:
        return
    hall = _hall(session, actor.hall_id)
    mine = session.scalars(select(Ticket).where(
        Ticket.window_id == actor.window_id, Ticket.served_by == actor.staff_id,
        Ticket.status.in_(ACTIVE)).order_by(Ticket.id).with_for_update()).all()
    for ticket in mine:
        if _end_visit(session, hall, ticket, actor, now, at="sign_out"):
            audit.record(session, actor, "queue.ended_at_sign_out", "ticket", ticket.id,
                         details={"code": ticket.code, "window": actor.window_number})
        if status.current_ticket_id == ticket.id:
            status.current_ticket_id = None
    if status.staff_id == actor.staff_id:  # not taken over since: theirs to close
        if status.current_ticket_id is not None:  # left by nobody's visit now (stale)
            status.current_ticket_id = None
        status.state = WindowState.CLOSED.value
        status.updated_at = now
    if mine or status.staff_id == actor.staff_id:
        events.notify(session, events.QUEUE, actor.hall_id)


MAX_RECENT = 100  # the last calls a display can ask for


def queue_status(session: Session, actor: Actor, *, now: datetime | None = None,
                 recent: int = 5) -> QueueStatus:
    """The hall at a glance: waiting per service and the longest wait, windows and their
    numbers, the last calls, today's totals. No names or phone numbers: the display reads it.
    ``recent`` calls are listed, 0 to ``MAX_RECENT`` (a negative LIMIT failed on PostgreSQL)."""
    require(session, actor, Permission.VIEW_QUEUE)
    recent = max(0, min(recent, MAX_RECENT))
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    day = business_day(hall, now)
    today = (Ticket.hall_id == hall.id) & (Ticket.business_day == day)
    clock = local_time(hall, now)
    alert_after = timedelta(minutes=hall.wait_alert_minutes)
    services = []
    for service in session.scalars(select(QueueService).where(
            QueueService.hall_id == hall.id, QueueService.active)
            .order_by(QueueService.sort_order)):
        waiting, oldest = session.execute(select(func.count(), func.min(Ticket.queued_at)).where(
            today, Ticket.queue_service_id == service.id,
            Ticket.status == TicketStatus.WAITING.value)).one()
        longest = now - oldest if oldest is not None else timedelta(0)
        issued = session.scalar(select(TicketCounter.last_number).where(
            TicketCounter.service_id == service.id, TicketCounter.business_day == day)) or 0
        services.append(ServiceQueue(service.id, service.prefix, service.name, waiting,
                                     int(longest.total_seconds()),
                                     service.opens_at <= clock < service.closes_at,
                                     longest > alert_after,
                                     max(0, service.daily_cap - issued),
                                     service.opens_at, service.closes_at))
    windows = []
    for window, status, code in session.execute(
            select(Window, WindowStatus, Ticket.code)
            .outerjoin(WindowStatus, WindowStatus.window_id == Window.id)
            # yesterday's last ticket is not this morning's current number
            .outerjoin(Ticket, (Ticket.id == WindowStatus.current_ticket_id)
                       & (Ticket.business_day == day))
            .where(Window.hall_id == hall.id, Window.active).order_by(Window.number)):
        windows.append(WindowView(window.id, window.number,
                                  status.state if status else WindowState.CLOSED.value,
                                  code or ""))
    calls = tuple(CallView(code, number, at) for code, number, at in session.execute(
        select(Ticket.code, Window.number, Ticket.called_at)
        .join(Window, Window.id == Ticket.window_id)
        .where(today, Ticket.called_at.is_not(None))
        .order_by(Ticket.called_at.desc()).limit(recent)))
    counts = dict(session.execute(select(Ticket.status, func.count()).where(today)
                                  .group_by(Ticket.status)).tuples().all())
    zone = ZoneInfo(hall.timezone)
    arrivals: dict[int, int] = {}
    hour_waits: dict[int, list[float]] = {}
    waits = []
    # Waits end at the first call: a recall moves called_at (the display announces by it),
    # a transfer calls again; the first "called" event is when the wait really ended.
    first_call = (select(TicketEvent.ticket_id, func.min(TicketEvent.at).label("at"))
                  .join(Ticket, Ticket.id == TicketEvent.ticket_id)
                  .where(today, TicketEvent.action == "called")
                  .group_by(TicketEvent.ticket_id).subquery())
    for issued_at, called_at in session.execute(
            select(Ticket.issued_at, first_call.c.at).where(today)
            .outerjoin(first_call, first_call.c.ticket_id == Ticket.id)):
        hour = issued_at.astimezone(zone).hour
        arrivals[hour] = arrivals.get(hour, 0) + 1
        if called_at is not None:
            wait = (called_at - issued_at).total_seconds()
            waits.append(wait)
            hour_waits.setdefault(hour, []).append(wait)
    hours = tuple((hour, arrivals[hour], int(sum(hour_waits.get(hour, [0])) /
                                             max(1, len(hour_waits.get(hour, [])))))
                  for hour in sorted(arrivals))
    services_done = [(f - c).total_seconds() for c, f in session.execute(
        select(first_call.c.at, Ticket.finished_at)
        .join(first_call, first_call.c.ticket_id == Ticket.id).where(
            today, Ticket.status == TicketStatus.DONE.value, Ticket.finished_at.is_not(None)))
        if c is not None]
    result = QueueStatus(
        hall.id, hall.name, day, tuple(services), tuple(windows), calls,
        issued=sum(counts.values()), served=counts.get(TicketStatus.DONE.value, 0),
        no_shows=counts.get(TicketStatus.NO_SHOW.value, 0),
        average_wait_seconds=int(sum(waits) / len(waits)) if waits else 0,
        average_service_seconds=int(sum(services_done) / len(services_done))
        if services_done else 0,
        notice=hall.display_notice, wait_alert_minutes=hall.wait_alert_minutes, hours=hours,
    )
    return result


def set_display_notice(session: Session, actor: Actor, notice: str) -> str:
    """The hall manager's scrolling line on the hall display (empty: none). Audited, since
    the whole hall reads it."""
    staff = require(session, actor, Permission.VIEW_HALL)
    hall = _hall(session, actor.hall_id)
    require_same_hall(staff, hall.id)
    notice = written_text(" ".join(notice.split()), field="notice",
                          max_length=MAX_NOTICE_LENGTH)  # no control characters either
    if notice != hall.display_notice:
        audit.record(session, actor, "queue.display_notice", "hall", hall.id,
                     details={"old": hall.display_notice, "new": notice})
        hall.display_notice = notice
        events.notify(session, events.QUEUE, hall.id)
    return notice


@dataclass(frozen=True)
class MyWindow:
    """What the window panel shows: its state, its current ticket, who waits for it."""

    state: str
    current: TicketInfo | None
    waiting: int


def my_window(session: Session, actor: Actor, *, now: datetime | None = None) -> MyWindow:
    require(session, actor, Permission.SERVE_QUEUE)
    now = now or utcnow()
    hall = _hall(session, actor.hall_id)
    if actor.window_id is None:
        raise QueueRefused("Sign in at a window to call numbers.", rule="no_window")
    status = session.get(WindowStatus, actor.window_id)
    current = session.get(Ticket, status.current_ticket_id) if (
        status is not None and status.current_ticket_id is not None) else None
    if current is not None and current.business_day != business_day(hall, now):
        current = None  # left at the window yesterday: not today's customer
    waiting = session.scalar(
        select(func.count()).select_from(Ticket)
        .join(WindowService, (WindowService.service_id == Ticket.queue_service_id)
              & (WindowService.window_id == actor.window_id))
        .where(Ticket.hall_id == hall.id, Ticket.business_day == business_day(hall, now),
               Ticket.status == TicketStatus.WAITING.value,
               (Ticket.target_window_id.is_(None))
               | (Ticket.target_window_id == actor.window_id))) or 0
    result = MyWindow(status.state if status else WindowState.CLOSED.value,
                      _info(session, current) if current is not None else None, waiting)
    return result
