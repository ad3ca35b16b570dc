"""Sessions: the opaque token a client holds, and the ``Actor`` the server builds from it.

Sign-in (``auth.sign_in``) gives a token of 256 random bits once; only its SHA-256 is kept
(``StaffSession``). At every request the actor is built from the session row joined with the
staff row as the database has them now, never from the request: a disabled person, a
changed role or a move to another hall ends the session at the next request; an expired one
is refused; a locked one (the idle lock) lets only unlock and sign-out through.
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
from app.models import Hall, Staff, StaffSession, Window
from app.models.base import utcnow
from app.permissions import Role
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
    """A new session for a signed-in actor, committed; the token is returned only here."""
    assert actor.staff_id is not None
    token = secrets.token_urlsafe(32)
    row = StaffSession(token_hash=token_hash(token), staff_id=actor.staff_id,
                       hall_id=actor.hall_id, window_id=actor.window_id, role=actor.role,
                       device=device, created_at=now, expires_at=now + LIFETIME,
                       last_used_at=now, locked=False)
    session.add(row)
    session.commit()
    return token, row


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
        staff = s.get(Staff, row.staff_id)
        reason = _end_reason(row, staff, now)
        actor = None
        if reason is None:
            assert staff is not None
            hall = s.get(Hall, row.hall_id) if row.hall_id is not None else None
            window = s.get(Window, row.window_id) if row.window_id is not None else None
            actor = _actor(staff, hall, window)
        session_id, locked, last_used = row.id, row.locked, row.last_used_at
    if reason is not None:
        with db.scope() as s:
            end(s, session_id, reason, now)
            s.commit()
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
            s.commit()
    return Signed(session_id, actor, locked)
