"""Sessions: the opaque token a client holds, and the ``Actor`` the server builds from it.

Sign-in (``auth.sign_in``) gives a token of 256 random bits once; only its SHA-256 is kept
(``StaffSession``). At every request the actor is built from the session row joined with the
staff row as the database has them now, never from the request: a disabled person, a
changed role or a move to another hall ends the session at the next request; an expired one
is refused; a locked one (the idle lock) lets only unlock and sign-out through.

A kiosk or display signs in with its credential (``start_device``): its session names the
device, no staff, and its actor is built from the device row at every request (role and hall
as enrolled); a revoked device's sessions are ended.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text, update
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
    """A request's verified session: its row id, the actor built from the database, and the
    server's time of the check."""

    session_id: int
    actor: Actor
    locked: bool


def end(session: Session, session_id: int, reason: str, now: datetime) -> None:
    """End a session in the caller's transaction (not committed here)."""
    session.execute(update(StaffSession)
                    .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
                    .values(ended_at=now, ended_reason=reason))


def set_locked(session: Session, session_id: int, locked: bool) -> None:
    session.execute(update(StaffSession).where(StaffSession.id == session_id)
                    .values(locked=locked))


def _end_reason(row: StaffSession, staff: Staff | None, now: datetime) -> str | None:
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


def resolve(db: Database, token: str | None, *, allow_locked: bool = False) -> Signed:
    """The session of ``token`` as the database has it now, or the refusal that ends it."""
    if not token:
        raise NotSignedIn()
    with db.scope(readonly=True) as s:
        now = server_now(s)
        row = s.scalars(select(StaffSession)
                        .where(StaffSession.token_hash == token_hash(token))).one_or_none()
        if row is None:
            raise NotSignedIn()
        if row.ended_at is not None:
            raise SessionEnded(reason=row.ended_reason or "ended")
        if row.device_id is not None:
            reason, actor = _device(s, row, now)
        else:
            reason, actor = _staff(s, row, now)
        session_id, locked, last_used = row.id, row.locked, row.last_used_at
    if reason is not None:
        with db.scope() as s:
            end(s, session_id, reason, now)
        if reason == "expired":
            raise SessionExpired()
        raise SessionEnded(reason=reason)
    assert actor is not None
    if locked and not allow_locked:
        raise SessionLocked()
    if now - last_used >= TOUCH_EVERY:
        with db.scope() as s:
            s.execute(update(StaffSession).where(StaffSession.id == session_id)
                      .values(last_used_at=now))
    return Signed(session_id, actor, locked)
