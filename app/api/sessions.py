"""Sessions: the opaque token a client holds, and the ``Actor`` the server builds from it.

Sign-in (``auth.sign_in``) gives a token of 256 random bits once; only its SHA-256 is kept
(``StaffSession``). At every request the actor is built from the session row joined with the
staff row as the database has them now, never from the request: a disabled person, a
changed role or a move to another hall ends the session at the next request; an expired one
is refused; a locked one (the idle lock) lets only unlock and sign-out through.

A kiosk or display signs in with its credential (``start_device``): its session names the
device, no staff, and its actor is built from the device row at every request (role and hall
as enrolled); a revoked device's sessions are ended.

A request's session is checked inside the use case's own unit of work (``unit``): one
statement reads the session with its staff, hall and window (or device and its hall) and, on
PostgreSQL, the server's clock, which the use case then gets as its ``now``; one transaction
per request.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, Protocol

from sqlalchemy import Row, TextualSelect, select, text, update
from sqlalchemy.orm import Session

from app.api.errors import NotSignedIn, SessionEnded, SessionExpired, SessionLocked
from app.db import Database
from app.models import Device, Hall, Staff, StaffSession, Window
from app.models.base import utcnow
from app.permissions import Role
from app.services import devices
from app.services.context import Actor

LIFETIME = timedelta(hours=12)  # a working day with its overtime; then sign in again
TOUCH_EVERY = timedelta(seconds=60)  # last_used_at is written at most this often


def server_now(session: Session) -> datetime:
    """The server's clock: the database's on PostgreSQL (one clock for every server process
    and the whole transaction), this process's UTC clock with the embedded SQLite file."""
    if session.get_bind().dialect.name == "postgresql":
        value = session.scalar(text("SELECT now()"))
        assert isinstance(value, datetime)
        return value.astimezone(UTC)
    return utcnow()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, actor: Actor, now: datetime, *, device: str | None = None
          ) -> tuple[str, StaffSession]:
    """A new session for a signed-in actor, in the caller's unit of work; the token is
    returned only here."""
    assert actor.staff_id is not None
    token = secrets.token_urlsafe(32)
    row = StaffSession(token_hash=token_hash(token), staff_id=actor.staff_id,
                       hall_id=actor.hall_id, window_id=actor.window_id, role=actor.role,
                       device=device, created_at=now, expires_at=now + LIFETIME,
                       last_used_at=now, locked=False)
    session.add(row)
    session.flush()
    return token, row


def start_device(session: Session, device: Device, hall: Hall, now: datetime
                 ) -> tuple[str, StaffSession]:
    """A new session for an enrolled device, in the caller's unit of work; the device's
    earlier sessions end (one device, one session). The token is returned only here."""
    end_device_sessions(session, device.id, "replaced", now)
    token = secrets.token_urlsafe(32)
    row = StaffSession(token_hash=token_hash(token), staff_id=None, device_id=device.id,
                       device=device.name, hall_id=hall.id, window_id=None, role=device.role,
                       created_at=now, expires_at=now + LIFETIME, last_used_at=now,
                       locked=False)
    session.add(row)
    session.flush()
    return token, row


def end_device_sessions(session: Session, device_id: int, reason: str, now: datetime) -> None:
    session.execute(update(StaffSession)
                    .where(StaffSession.device_id == device_id, StaffSession.ended_at.is_(None))
                    .values(ended_at=now, ended_reason=reason))


@dataclass(frozen=True)
class Signed:
    """A request's verified session: its row id, the actor built from the database, the
    server's time of the check (the request's ``now``), and whether ``last_used_at`` is due
    to be written (``touch``)."""

    session_id: int
    actor: Actor
    locked: bool
    now: datetime
    touch_due: bool = False


def end(session: Session, session_id: int, reason: str, now: datetime) -> None:
    """End a session in the caller's transaction (not committed here)."""
    session.execute(update(StaffSession)
                    .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
                    .values(ended_at=now, ended_reason=reason))


def set_locked(session: Session, session_id: int, locked: bool) -> None:
    session.execute(update(StaffSession).where(StaffSession.id == session_id)
                    .values(locked=locked))


class _SessionFacts(Protocol):
    """What the rules read of a session row (the ORM row, or the columns ``_check`` reads)."""

    @property
    def role(self) -> str: ...
    @property
    def hall_id(self) -> int | None: ...
    @property
    def expires_at(self) -> datetime: ...


class _StaffFacts(Protocol):
    @property
    def active(self) -> bool: ...
    @property
    def role(self) -> str: ...
    @property
    def hall_id(self) -> int | None: ...


def _end_reason(row: _SessionFacts, staff: _StaffFacts | None, now: datetime) -> str | None:
    if staff is None or not staff.active:
        return "disabled"
    if staff.role != row.role:
        return "role_changed"
    if staff.role != Role.ADMIN and staff.hall_id != row.hall_id:
        return "hall_changed"
    if row.expires_at <= now:
        return "expired"
    return None


def _actor(staff: Staff, hall: Hall | None, window: Window | None) -> Actor:
    return Actor(staff_id=staff.id, username=staff.username, full_name=staff.full_name,
                 role=staff.role, hall_id=hall.id if hall else None,
                 hall_code=hall.code if hall else "", hall_name=hall.name if hall else "",
                 window_id=window.id if window else None,
                 window_number=window.number if window else None,
                 hall_timezone=hall.timezone if hall else "")


def _staff(s: Session, row: StaffSession, now: datetime) -> tuple[str | None, Actor | None]:
    assert row.staff_id is not None
    staff = s.get(Staff, row.staff_id)
    reason = _end_reason(row, staff, now)
    if reason is not None:
        return reason, None
    assert staff is not None
    hall = s.get(Hall, row.hall_id) if row.hall_id is not None else None
    window = s.get(Window, row.window_id) if row.window_id is not None else None
    return None, _actor(staff, hall, window)


def _device(s: Session, row: StaffSession, now: datetime) -> tuple[str | None, Actor | None]:
    """A device's session as its row stands now: revoked ends it, the hall is the device's."""
    device = s.get(Device, row.device_id)
    if device is None or device.revoked_at is not None:
        return "revoked", None
    hall = s.get(Hall, device.hall_id)
    if hall is None or not hall.active or device.role != row.role:
        return "disabled", None
    if row.expires_at <= now:
        return "expired", None
    return None, devices.device_actor(device, hall)


# What ``_check`` reads, in one statement: each table's alias, the alias and column its ``id``
# is joined to, and the columns read. The statement is SQL text written once from the models'
# names (a request spends no time building and keying an ORM statement: ~2 ms a request),
# typed by the models' columns (UTC datetimes, booleans on SQLite); on PostgreSQL it also
# reads ``now()``.
_PARTS: tuple[tuple[str, Any, tuple[str, str] | None, tuple[str, ...]], ...] = (
    ("row", StaffSession, None, ("id", "staff_id", "device_id", "hall_id", "window_id", "role",
                                 "expires_at", "ended_at", "ended_reason", "locked",
                                 "last_used_at")),
    ("staff", Staff, ("row", "staff_id"),
     ("id", "username", "full_name", "role", "hall_id", "active")),
    ("hall", Hall, ("row", "hall_id"), ("id", "code", "name", "timezone")),  # a person's
    ("window", Window, ("row", "window_id"), ("id", "number")),
    ("device", Device, ("row", "device_id"), ("id", "name", "role", "revoked_at")),
    ("device_hall", Hall, ("device", "hall_id"),  # a device's hall: the device's own
     ("id", "code", "name", "timezone", "active")),
)


def _check_statement(postgres: bool) -> TextualSelect:
    columns = [f'"{alias}".{name} AS {alias}__{name}'  # row__id, staff__hall_id: unique
               for alias, _model, _on, names in _PARTS for name in names]
    tables = [f'{model.__tablename__} AS "{alias}"' if on is None else
              f'LEFT OUTER JOIN {model.__tablename__} AS "{alias}" '
              f'ON "{alias}".id = "{on[0]}".{on[1]}'
              for alias, model, on, _names in _PARTS]
    sql = (f"SELECT {', '.join(columns)}{', now() AS server_now' if postgres else ''} "
           f'FROM {" ".join(tables)} WHERE "row".token_hash = :token_hash')
    return text(sql).columns(**{f"{alias}__{name}": model.__table__.c[name].type
                                for alias, model, _on, names in _PARTS for name in names})


_CHECK = {True: _check_statement(True), False: _check_statement(False)}


def _checked(found: Row[Any], now: datetime) -> tuple[str | None, Actor | None]:
    """The rules of ``_staff`` and ``_device`` on the columns ``_check`` reads (columns, not
    ORM objects: the use case that follows in the same transaction loads its own rows, some
    of them locked, and must not find stale copies of them in the session)."""
    values = found._mapping
    row, staff, hall, window, device, device_hall = (
        SimpleNamespace(**{name: values[f"{alias}__{name}"] for name in names})
        for alias, _model, _on, names in _PARTS)
    if row.device_id is not None:
        if device.id is None or device.revoked_at is not None:
            return "revoked", None
        if device_hall.id is None or not device_hall.active or device.role != row.role:
            return "disabled", None
        if row.expires_at <= now:
            return "expired", None
        return None, Actor(staff_id=None, username=device.name, full_name=device.name,
                           role=device.role, hall_id=device_hall.id,
                           hall_code=device_hall.code, hall_name=device_hall.name,
                           hall_timezone=device_hall.timezone)  # as devices.device_actor
    reason = _end_reason(row, staff if staff.id is not None else None, now)
    if reason is not None:
        return reason, None
    has_hall, has_window = hall.id is not None, window.id is not None
    return None, Actor(staff_id=staff.id, username=staff.username,
                       full_name=staff.full_name, role=staff.role,
                       hall_id=hall.id if has_hall else None,
                       hall_code=hall.code if has_hall else "",
                       hall_name=hall.name if has_hall else "",
                       window_id=window.id if has_window else None,
                       window_number=window.number if has_window else None,
                       hall_timezone=hall.timezone if has_hall else "")


class _Ends(Exception):
    """Raised by ``_check`` inside the unit of work; ``unit`` ends the session after it."""

    def __init__(self, session_id: int, reason: str, now: datetime) -> None:
        super().__init__(reason)
        self.session_id, self.reason, self.now = session_id, reason, now


def _check(s: Session, token: str | None, allow_locked: bool) -> Signed:
    """The session of ``token`` as the database has it now, or the refusal: one statement
    reads the session with its staff, hall and window, or its device and the device's hall,
    and on PostgreSQL the server's clock (``now()``: the transaction's, so the same the use
    case then gets)."""
    if not token:
        raise NotSignedIn()
    postgres = s.get_bind().dialect.name == "postgresql"
    found = s.execute(_CHECK[postgres], {"token_hash": token_hash(token)}).one_or_none()
    if found is None:
        raise NotSignedIn()
    now = found.server_now.astimezone(UTC) if postgres else utcnow()
    if found.row__ended_at is not None:
        raise SessionEnded(reason=found.row__ended_reason or "ended")
    reason, actor = _checked(found, now)
    if reason is not None:
        raise _Ends(found.row__id, reason, now)
    assert actor is not None
    locked = bool(found.row__locked)
    if locked and not allow_locked:
        raise SessionLocked()
    return Signed(found.row__id, actor, locked, now,
                  now - found.row__last_used_at >= TOUCH_EVERY)


def touch(s: Session, signed: Signed) -> None:
    """Write the session's last use in the caller's unit of work."""
    s.execute(update(StaffSession).where(StaffSession.id == signed.session_id)
              .values(last_used_at=signed.now))


@contextmanager
def unit(db: Database, token: str | None, *, readonly: bool = False,
         allow_locked: bool = False) -> Iterator[tuple[Session, Signed]]:
    """A request's one unit of work (``db.scope``), its session checked first inside it: the
    caller gets the database session and the ``Signed`` whose ``now`` is the request's clock
    (reused, never asked again).

    A session found to end (disabled, role or hall changed, expired, revoked) is ended in a
    transaction of its own after the rollback, and refused. The last use is written at most
    every ``TOUCH_EVERY``: at the end of a writing unit of work (the session's row locked
    last and briefly, after whatever the use case locks, as sign-out ends it last), or in a
    transaction of its own after a read-only one."""
    try:
        with db.scope(readonly=readonly) as s:
            signed = _check(s, token, allow_locked)
            yield s, signed
            if signed.touch_due and not readonly:
                touch(s, signed)
    except _Ends as ends:
        with db.scope() as s:
            end(s, ends.session_id, ends.reason, ends.now)
        if ends.reason == "expired":
            raise SessionExpired() from None
        raise SessionEnded(reason=ends.reason) from None
    if signed.touch_due and readonly:
        with db.scope() as s:
            touch(s, signed)


def resolve(db: Database, token: str | None, *, allow_locked: bool = False) -> Signed:
    """The session of ``token`` checked in a read-only unit of work of its own (a live
    notices' socket signing in), or the refusal that ends it."""
    with unit(db, token, readonly=True, allow_locked=allow_locked) as (_, signed):
        return signed


def superseded(s: Session, signed: Signed) -> bool:
    """Whether the same person has signed in at the same window again since this session
    began, and that newer session is still live: this session is no longer theirs at the
    window, so its sign-out ends only itself (the window and the number served there are the
    newer session's)."""
    actor = signed.actor
    if actor.staff_id is None or actor.window_id is None:
        return False
    newer = s.scalar(select(StaffSession.id).where(
        StaffSession.staff_id == actor.staff_id, StaffSession.window_id == actor.window_id,
        StaffSession.id > signed.session_id, StaffSession.ended_at.is_(None),
        StaffSession.expires_at > signed.now).limit(1))
    return newer is not None
