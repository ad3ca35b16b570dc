"""The audit trail as a hall manager reads it: filtered in SQL, newest first, with names.

``audit.record`` writes the rows; this module finds them again for people — by person, by
kind of entry, by the hall's local days and by an account, receipt or ticket number — and
returns them with everything a sentence needs: the time on the hall's clock, the actor's real
name, the hall and window by name and number, the approver's name beside the user name the
row keeps. The sentences themselves are the screen's (translated there).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, and_, cast, false, func, or_, select
from sqlalchemy.orm import Session

from app.errors import PermissionDenied
from app.models import (
    Account,
    AuditEntry,
    Customer,
    Hall,
    Payment,
    QueueService,
    Staff,
    Ticket,
    Window,
)
from app.permissions import Permission
from app.services.context import Actor, require
from app.services.customers import DEFAULT_TIMEZONE
from app.text import search_text

DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
MAX_TEXT = 64

# Every kind of entry the code writes today, grouped as a manager looks for them. A kind not
# listed here (a later release's) is still found without a kind filter and shown generically.
KIND_GROUPS: Mapping[str, tuple[str, ...]] = {
    "payments": ("payment.taken", "payment.voided", "payment.refunded", "payment.reprinted"),
    "shifts": ("cashier.shift_opened", "cashier.count_refused", "cashier.shift_closed",
               "cashier.day_closed"),
    "billing": ("billing.run", "billing.gas_tariff_set", "billing.heating_tariff_set",
                "billing.late_fee_policy_set", "billing.reading_recorded"),
    "queue": ("queue.called_out_of_order", "queue.transferred", "queue.window_paused",
              "queue.window_resumed", "queue.ended_at_sign_out", "queue.window_taken_over",
              "queue.display_notice", "queue.service_created"),
    "sign_in": ("login", "logout", "logout.closed", "screen.unlocked"),
    "security": ("login.failed", "login.unknown_user", "unlock.failed", "approval.failed",
                 "approval.unknown_user", "staff.locked", "staff.unlocked",
                 "password.changed", "password.change_failed"),
    "administration": ("staff.created", "staff.enabled", "staff.disabled", "hall.created",
                       "deployment.setting_changed", "demo.loaded", "device.registered",
                       "device.code_renewed", "device.enrolled", "device.code_voided",
                       "device.revoked"),
}
KNOWN_KINDS: frozenset[str] = frozenset(k for kinds in KIND_GROUPS.values() for k in kinds)

_RECEIPT_NO = re.compile(r"^([A-Z0-9]{1,10})-(\d{4})-(\d{1,9})$")
_DIGITS = re.compile(r"^\d{1,20}$")
_TICKET = re.compile(r"^[A-Z]\d{1,4}$")


@dataclass(frozen=True)
class AuditQuery:
    """What to look for; empty fields do not narrow. Days are the hall's local days."""

    person_id: int | None = None  # the staff member who did it
    kinds: tuple[str, ...] = ()  # audit actions (a group is its kinds)
    first_day: date | None = None
    last_day: date | None = None
    text: str = ""  # an account number, a receipt number, a ticket code, or words of a reason
    hall_id: int | None = None  # administrators: one hall (a hall manager sees only theirs)
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class AuditItem:
    id: int
    at: datetime  # aware, UTC
    local_at: datetime  # aware, on the clock of the row's hall
    zone: str  # that clock's time zone
    action: str
    actor_id: int | None
    actor_username: str  # as recorded (a device or "unknown:…" for a name that matched no one)
    actor_name: str  # the person's real name, "" where there is no staff row
    hall_id: int | None
    hall_name: str
    window_number: int | None
    entity_type: str
    entity_id: str
    subject: str  # the entity as people name it: receipt, account or ticket number, user name
    subject_name: str  # a staff member's real name, a hall's or service's name, else ""
    reason: str
    details: Mapping[str, Any]
    names: Mapping[str, str] = field(default_factory=dict)  # user name -> real name


@dataclass(frozen=True)
class AuditPage:
    items: tuple[AuditItem, ...]
    more: bool  # the search found more than the limit: narrow it


@dataclass(frozen=True)
class PersonChoice:
    id: int
    username: str
    full_name: str


@dataclass(frozen=True)
class HallChoice:
    id: int
    code: str
    name: str
    timezone: str


@dataclass(frozen=True)
class AuditChoices:
    """What the filter offers: people, halls (administrators) and the reader's clock."""

    people: tuple[PersonChoice, ...]
    halls: tuple[HallChoice, ...]
    own_hall_id: int | None
    today: date  # when the choices were read; ``today_at`` is today at any moment
    zone: str = DEFAULT_TIMEZONE  # the reader's hall's clock (administrators: the company's)

    def today_at(self, now: datetime | None = None, hall_id: int | None = None) -> date:
        """The day it is at ``now`` (default: now) on the clock of ``hall_id`` (one of
        ``halls``) or else the reader's: a filter left open over midnight moves on with it."""
        zone = next((h.timezone for h in self.halls if h.id == hall_id), self.zone)
        return (now or datetime.now(UTC)).astimezone(ZoneInfo(zone)).date()


def _own_hall(staff: Staff | None) -> int | None:
    """The hall a reader is held to: a hall manager's own; None for administrators."""
    if staff is None or staff.role == "admin":
        return None
    if staff.hall_id is None:
        raise PermissionDenied(role=staff.role, permission=Permission.VIEW_AUDIT.value)
    return staff.hall_id


def choices(session: Session, actor: Actor, *, now: datetime | None = None) -> AuditChoices:
    staff = require(session, actor, Permission.VIEW_AUDIT)
    own = _own_hall(staff)
    halls = [HallChoice(h.id, h.code, h.name, h.timezone) for h in session.scalars(
        select(Hall).order_by(Hall.code)) if own is None or h.id == own]
    people_stmt = select(Staff).order_by(Staff.hall_id.is_(None), Staff.username)
    if own is not None:  # the hall's staff, and administrators who work on it
        people_stmt = people_stmt.where(or_(Staff.hall_id == own, Staff.role == "admin"))
    people = tuple(PersonChoice(p.id, p.username, p.full_name)
                   for p in session.scalars(people_stmt))
    zone = halls[0].timezone if own is not None and halls else DEFAULT_TIMEZONE
    today = (now or datetime.now(UTC)).astimezone(ZoneInfo(zone)).date()
    return AuditChoices(people, tuple(halls), own, today, zone)


def normalised_text(text: str) -> str:
    """Full-width characters folded, spaces dropped, capitals: as numbers are printed."""
    return unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")


def search(session: Session, actor: Actor, query: AuditQuery | None = None) -> AuditPage:
    """Audit rows matching ``query``, newest first; a hall manager sees their own hall, an
    administrator all halls (or the one asked for) and what was done outside any hall."""
    query = query or AuditQuery()
    staff = require(session, actor, Permission.VIEW_AUDIT)
    own = _own_hall(staff)
    limit = max(1, min(query.limit, MAX_LIMIT))
    hall_id = own if own is not None else query.hall_id
    where: list[ColumnElement[bool]] = []
    if hall_id is not None:
        where.append(AuditEntry.hall_id == hall_id)
    if query.person_id is not None:
        where.append(AuditEntry.actor_id == query.person_id)
    if query.kinds:
        where.append(AuditEntry.action.in_(sorted(set(query.kinds))))
    if query.first_day is not None or query.last_day is not None:
        where.append(_days(session, hall_id, query.first_day, query.last_day))
    typed = search_text(query.text, field="text", max_length=MAX_TEXT)  # no NUL, not too long
    text = normalised_text(typed)
    if text:
        where.append(_matching(session, text, typed))
    stmt = (select(AuditEntry).where(*where)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit + 1))
    entries = list(session.scalars(stmt))
    more = len(entries) > limit
    items = _items(session, entries[:limit])
    return AuditPage(tuple(items), more)


def _days(session: Session, hall_id: int | None, first: date | None,
          last: date | None) -> ColumnElement[bool]:
    """Rows from the first day's local midnight to the one after the last day, on the clock
    of each row's hall (rows outside any hall: the company's default clock)."""
    halls = session.execute(select(Hall.id, Hall.timezone)).tuples().all()
    zones: dict[str, list[int]] = {}
    for hid, zone in halls:
        if hall_id is None or hid == hall_id:
            zones.setdefault(zone, []).append(hid)
    if hall_id is None:
        zones.setdefault(DEFAULT_TIMEZONE, [])
    parts: list[ColumnElement[bool]] = []
    for zone, ids in zones.items():
        tz = ZoneInfo(zone)
        conditions: list[ColumnElement[bool]] = []
        if first is not None:
            conditions.append(AuditEntry.at >= datetime.combine(first, time(0), tz))
        if last is not None:
            conditions.append(
                AuditEntry.at < datetime.combine(last + timedelta(days=1), time(0), tz))
        in_zone: ColumnElement[bool] = AuditEntry.hall_id.in_(ids) if ids else false()
        if hall_id is None and zone == DEFAULT_TIMEZONE:
            in_zone = or_(in_zone, AuditEntry.hall_id.is_(None))
        parts.append(and_(in_zone, *conditions))
    return or_(*parts) if parts else false()


def _matching(session: Session, text: str, raw: str) -> ColumnElement[bool]:
    """A receipt number finds what was done to that payment (taken, voided, refunded,
    reprinted); an account number or a customer's phone or full name what was done to the
    accounts and their payments; a ticket code the calls and transfers of it; other words
    are looked for in reasons and details too."""
    numbered = _RECEIPT_NO.fullmatch(text)
    if numbered is not None:
        code, year, seq = numbered.groups()
        receipt_no = f"{code}-{year}-{int(seq):06d}"
        paid = select(cast(Payment.id, String)).where(Payment.receipt_no == receipt_no)
        refunded = select(cast(Payment.refund_of_id, String)).where(
            Payment.receipt_no == receipt_no, Payment.refund_of_id.is_not(None))
        return and_(AuditEntry.entity_type == "payment",
                    or_(AuditEntry.entity_id.in_(paid), AuditEntry.entity_id.in_(refunded)))
    if _TICKET.fullmatch(text):
        tickets = select(cast(Ticket.id, String)).where(Ticket.code == text)
        return and_(AuditEntry.entity_type == "ticket", AuditEntry.entity_id.in_(tickets))
    if _DIGITS.fullmatch(text):
        customers = select(Customer.id).where(Customer.phone == text)
        return _of_accounts(or_(Account.account_no == text, Account.customer_id.in_(customers)))
    words = " ".join(raw.split())
    customers = select(Customer.id).where(Customer.name == words)
    pattern = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace(
        "_", "\\_") + "%"
    return or_(_of_accounts(Account.customer_id.in_(customers)),
               func.lower(AuditEntry.reason).like(pattern, escape="\\"),
               func.lower(AuditEntry.details).like(pattern, escape="\\"))


def _of_accounts(accounts: ColumnElement[bool]) -> ColumnElement[bool]:
    """Rows about these accounts or about their payments."""
    ids = select(Account.id).where(accounts)
    payments = select(cast(Payment.id, String)).where(Payment.account_id.in_(ids))
    return or_(
        and_(AuditEntry.entity_type == "payment", AuditEntry.entity_id.in_(payments)),
        and_(AuditEntry.entity_type == "account",
             AuditEntry.entity_id.in_(select(cast(Account.id, String)).where(accounts))))


def _ints(values: Iterable[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit()}


def _items(session: Session, entries: list[AuditEntry]) -> list[AuditItem]:
    details = {e.id: json.loads(e.details) for e in entries}
    by_type: dict[str, set[str]] = {}
    for e in entries:
        by_type.setdefault(e.entity_type, set()).add(e.entity_id)
    usernames = {str(d[k]) for d in details.values() for k in ("approved_by", "username")
                 if isinstance(d.get(k), str) and d.get(k)}
    staff_ids = {e.actor_id for e in entries if e.actor_id is not None} | _ints(
        by_type.get("staff", ()))
    staff_rows = list(session.scalars(select(Staff).where(or_(
        Staff.id.in_(staff_ids), Staff.username.in_(usernames))))) if staff_ids or usernames \
        else []
    people = {s.id: s for s in staff_rows}
    names = {s.username: s.full_name for s in staff_rows}
    hall_ids = {e.hall_id for e in entries if e.hall_id is not None} | _ints(
        by_type.get("hall", ()))
    halls = {h.id: h for h in session.scalars(select(Hall).where(Hall.id.in_(hall_ids)))} \
        if hall_ids else {}
    window_ids = {e.window_id for e in entries if e.window_id is not None} | _ints(
        by_type.get("window", ()))
    windows = dict(session.execute(select(Window.id, Window.number).where(
        Window.id.in_(window_ids))).tuples().all()) if window_ids else {}
    account_ids = _ints(by_type.get("account", ()))
    accounts = dict(session.execute(select(Account.id, Account.account_no).where(
        Account.id.in_(account_ids))).tuples().all()) if account_ids else {}
    payment_ids = _ints(by_type.get("payment", ()))
    receipts = dict(session.execute(select(Payment.id, Payment.receipt_no).where(
        Payment.id.in_(payment_ids))).tuples().all()) if payment_ids else {}
    service_ids = {int(d["service_id"]) for d in details.values()
                   if isinstance(d.get("service_id"), int)} | _ints(
        by_type.get("queue_service", ()))
    services = {s.id: s for s in session.scalars(select(QueueService).where(
        QueueService.id.in_(service_ids)))} if service_ids else {}

    def subject(e: AuditEntry, d: Mapping[str, Any]) -> tuple[str, str]:
        key = int(e.entity_id) if e.entity_id.isdigit() else None
        match e.entity_type:
            case "staff" if key in people:
                return people[key].username, people[key].full_name
            case "hall" if key in halls:
                return halls[key].code, halls[key].name
            case "window" if key in windows:
                return str(windows[key]), ""
            case "account" if key in accounts:
                return accounts[key], ""
            case "payment" if key in receipts:
                return receipts[key], ""
            case "ticket":
                return str(d.get("code", e.entity_id)), ""
            case "queue_service" if key in services:
                return services[key].prefix, services[key].name
        return e.entity_id, ""

    items = []
    for e in entries:
        d = dict(details[e.id])
        if isinstance(d.get("service_id"), int) and d["service_id"] in services:
            service = services[d["service_id"]]
            d["service"] = f"{service.prefix} {service.name}"
        hall = halls.get(e.hall_id) if e.hall_id is not None else None
        zone = hall.timezone if hall is not None else DEFAULT_TIMEZONE
        person = people.get(e.actor_id) if e.actor_id is not None else None
        label, label_name = subject(e, d)
        items.append(AuditItem(
            id=e.id, at=e.at, local_at=e.at.astimezone(ZoneInfo(zone)), zone=zone,
            action=e.action, actor_id=e.actor_id, actor_username=e.actor_name,
            actor_name=person.full_name if person is not None else "",
            hall_id=e.hall_id, hall_name=hall.name if hall is not None else "",
            window_number=windows.get(e.window_id) if e.window_id is not None else None,
            entity_type=e.entity_type, entity_id=e.entity_id, subject=label,
            subject_name=label_name, reason=e.reason, details=d,
            names={u: n for u, n in names.items()
                   if u in {str(v) for v in d.values() if isinstance(v, str)}}))
    return items
