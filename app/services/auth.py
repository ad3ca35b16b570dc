"""Logging in and out, the lockout after wrong passwords, unlocking, changing a password."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NoReturn

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import argon2_parameters
from app.db import keep_despite_rollback
from app.errors import (
    AccountDisabled,
    AccountLocked,
    ApprovalRequired,
    AuthenticationFailed,
    HallDeskError,
    NotFound,
    PermissionDenied,
    SelfApproval,
    ValidationError,
    WrongHall,
)
from app.models import AuditEntry, Hall, Staff, Window
from app.models.base import utcnow
from app.permissions import Permission, Role, has_permission
from app.services import audit, queueing
from app.services.context import Actor, require, require_same_hall
from app.text import MAX_REASON_LENGTH, written_text

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
WARN_WHEN_REMAINING = 2
MIN_REASON_LENGTH = 2  # 忘记 / 本人来电: short in Chinese, but never a lone keystroke


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2id; RFC 9106's low-memory profile unless the deployment tunes it (slow old PCs)."""
    memory_kib, time_cost = argon2_parameters()
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=4)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _should_rehash(stored: str) -> bool:
    """Re-hash at sign-in only to make the stored hash stronger, never weaker: a PC whose
    settings are cheaper than those the hash was made with (an old PC tuned down) leaves it
    as it is; one with more memory or passes upgrades it."""
    hasher = _hasher()
    if not hasher.check_needs_rehash(stored):
        return False
    try:
        old = extract_parameters(stored)
    except InvalidHashError:
        return False
    return (hasher.memory_cost >= old.memory_cost and hasher.time_cost >= old.time_cost
            and hasher.parallelism >= old.parallelism and hasher.hash_len >= old.hash_len
            and hasher.salt_len >= old.salt_len)


def _username(username: str) -> str:
    """A typed user name, before any SQL: no control character (a NUL breaks PostgreSQL),
    not longer than the column; empty is refused."""
    clean = written_text(username, field="username", max_length=40)
    if not clean:
        raise ValidationError("Enter your user name.", field="username", rule="required")
    return clean


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "The password must have at least {n} characters.", field="password",
            n=MIN_PASSWORD_LENGTH, rule="too_short",
        )
    if password.isdigit() or password.isalpha():
        raise ValidationError(
            "The password must mix letters and digits.", field="password", rule="letters_digits"
        )


def _password_matches(staff: Staff, password: str) -> bool:
    try:
        return _hasher().verify(staff.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _staff_for_update(session: Session, username: str) -> Staff | None:
    stmt = select(Staff).where(func.lower(Staff.username) == username.strip().lower())
    return session.scalars(stmt.with_for_update()).one_or_none()


def _as_actor(staff: Staff, hall: Hall | None, window: Window | None) -> Actor:
    return Actor(
        staff_id=staff.id,
        username=staff.username,
        full_name=staff.full_name,
        role=staff.role,
        hall_id=hall.id if hall else None,
        hall_code=hall.code if hall else "",
        hall_name=hall.name if hall else "",
        window_id=window.id if window else None,
        window_number=window.number if window else None,
        hall_timezone=hall.timezone if hall else "",
    )


def _refuse_if_locked(staff: Staff, now: datetime) -> None:
    if staff.locked_until is not None:
        if staff.locked_until > now:
            raise AccountLocked(until=staff.locked_until)
        staff.locked_until = None
        staff.failed_logins = 0


def _count_failure(session: Session, staff: Staff, now: datetime, action: str,
                   where: Actor | None = None, *,
                   wrong: Callable[[int, bool], HallDeskError] | None = None) -> NoReturn:
    """Record a wrong password (at the counter where it was typed), lock at the limit, and
    raise the refusal (``wrong(remaining, warn)`` when the caller words it otherwise than a
    sign-in's). The count is kept although the refusal rolls the unit of work back
    (``keep_despite_rollback``): nothing else the caller did in it is committed."""
    staff_id, hall_id = staff.id, where.hall_id if where else staff.hall_id
    window_id = where.window_id if where else None

    def count(s: Session) -> HallDeskError:
        row = s.scalars(select(Staff).where(Staff.id == staff_id).with_for_update()).one()
        if row.locked_until is not None and row.locked_until <= now:  # as _refuse_if_locked
            row.locked_until = None
            row.failed_logins = 0
        row.failed_logins += 1
        who = Actor(row.id, row.username, row.full_name, row.role, hall_id=hall_id,
                    window_id=window_id)
        audit.record(s, who, action, "staff", row.id,
                     details={"failed_logins": row.failed_logins})
        if row.failed_logins >= MAX_FAILED_LOGINS:
            row.locked_until = now + LOCKOUT
            row.failed_logins = 0
            audit.record(s, who, "staff.locked", "staff", row.id,
                         details={"failed_logins": MAX_FAILED_LOGINS,
                                  "until": row.locked_until.isoformat()})
            return AccountLocked(until=row.locked_until)
        remaining = MAX_FAILED_LOGINS - row.failed_logins
        warn = remaining <= WARN_WHEN_REMAINING
        if wrong is not None:
            return wrong(remaining, warn)
        return AuthenticationFailed(remaining=remaining, warn=warn)

    raise keep_despite_rollback(session, count)


def resolve_counter(session: Session, hall_code: str, window_number: int | None
                    ) -> tuple[Hall | None, Window | None]:
    if not hall_code:
        return None, None
    hall = session.scalars(select(Hall).where(Hall.code == hall_code)).one_or_none()
    if hall is None or not hall.active:
        raise NotFound("Hall {code} is not set up in the database.", what="hall", code=hall_code)
    window = None
    if window_number is not None:
        window = session.scalars(
            select(Window).where(Window.hall_id == hall.id, Window.number == window_number)
        ).one_or_none()
        if window is None or not window.active:
            raise NotFound("Window {number} of hall {code} is not set up.", what="window",
                           number=window_number, code=hall_code)
    return hall, window


def _unknown_user_failure(session: Session, username: str, password: str, where: Actor,
                          now: datetime) -> NoReturn:
    """Answer a name no account has exactly as a known one with a wrong password: the same
    refusals with the same attempts left, locked at the fifth for as long, in the same time
    (a password hash is spent). Otherwise the answers would tell which user names exist.

    The count lives in the audit rows of the name's failures (``login.unknown_user``, with
    ``failed_logins`` and, at the fifth, ``until``): no staff row exists to hold it. Only
    failures of the last day count, where a known account's count never runs out.
    """
    name = f"unknown:{username.strip()[:30]}"
    last = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "login.unknown_user",
               func.lower(AuditEntry.actor_name) == name.lower(),
               AuditEntry.at > now - timedelta(days=1))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1)).first()
    details = json.loads(last.details or "{}") if last is not None else {}
    failed = int(details.get("failed_logins", 1)) if last is not None else 0
    if "until" in details:
        until = datetime.fromisoformat(str(details["until"]))
        if until > now:
            raise AccountLocked(until=until)
        failed = 0
    _hasher().hash(password)  # spend the same time as for a real account
    failed += 1
    who = Actor(None, name, "", "", hall_id=where.hall_id, window_id=where.window_id)
    locks_until = now + LOCKOUT if failed >= MAX_FAILED_LOGINS else None
    counted: dict[str, object] = {"failed_logins": failed}
    if locks_until is not None:
        counted["until"] = locks_until.isoformat()

    def count(s: Session) -> None:
        audit.record(s, who, "login.unknown_user", "staff", "-", details=counted)

    keep_despite_rollback(session, count)
    if locks_until is not None:
        raise AccountLocked(until=locks_until)
    remaining = MAX_FAILED_LOGINS - failed
    raise AuthenticationFailed(remaining=remaining, warn=remaining <= WARN_WHEN_REMAINING)


@dataclass(frozen=True)
class SignIn:
    """Who signed in, and whether that took their window over from someone still signed in at
    it (the counter says so after signing in)."""

    actor: Actor
    took_over: queueing.Takeover | None = None


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    hall_code: str = "",
    window_number: int | None = None,
    now: datetime | None = None,
) -> Actor:
    """Log a staff member in at this counter, or refuse and count the failure."""
    return sign_in(session, username, password, hall_code=hall_code,
                   window_number=window_number, now=now).actor


def sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    hall_code: str = "",
    window_number: int | None = None,
    now: datetime | None = None,
) -> SignIn:
    """``authenticate``, saying also whether the window was taken over from someone
    (``queueing.open_at_sign_in``)."""
    now = now or utcnow()
    username = _username(username)
    if not password:
        raise ValidationError("Enter your password.", field="password", rule="required")
    hall, window = resolve_counter(session, hall_code, window_number)
    counter = Actor(None, "", "", "", hall_id=hall.id if hall else None,
                    window_id=window.id if window else None)
    staff = _staff_for_update(session, username)
    if staff is None:
        _unknown_user_failure(session, username, password, counter, now)
    _refuse_if_locked(staff, now)
    if not _password_matches(staff, password):
        _count_failure(session, staff, now, "login.failed", counter)
    if not staff.active:
        raise AccountDisabled()
    if hall is None and staff.role != Role.ADMIN:
        raise ValidationError("Choose your hall.", field="hall", rule="required")
    if hall is not None and staff.hall_id not in (None, hall.id) and staff.role != Role.ADMIN:
        raise WrongHall(username=staff.username, hall=hall.name)
    staff.failed_logins = 0
    staff.last_login_at = now
    if _should_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    actor = _as_actor(staff, hall, window)
    audit.record(session, actor, "login", "staff", staff.id)
    took_over = queueing.open_at_sign_in(session, actor, now)
    return SignIn(actor, took_over)


def verify_unlock(session: Session, actor: Actor, password: str,
                  *, now: datetime | None = None) -> None:
    """Unlock a counter that locked itself while idle: the same person's password.

    Wrong passwords count towards the lockout exactly as at login.
    """
    now = now or utcnow()
    if not password:
        raise ValidationError("Enter your password.", field="password", rule="required")
    staff = session.scalars(
        select(Staff).where(Staff.id == actor.staff_id).with_for_update()
    ).one_or_none()
    if staff is None or not staff.active:
        raise AccountDisabled()
    _refuse_if_locked(staff, now)
    if not _password_matches(staff, password):
        _count_failure(session, staff, now, "unlock.failed")
    staff.failed_logins = 0
    audit.record(session, actor, "screen.unlocked", "staff", staff.id)


def logout(session: Session, actor: Actor, *, closed: bool = False,
           now: datetime | None = None) -> None:
    """End the session in the audit trail (``closed``: the program was closed, not signed out).

    The window this person staffed closes with them and today's ticket they were serving at it
    is finished (``queueing.close_at_sign_out`` says why): the manager view and the hall
    display must not show an unstaffed window as open, nor a number called to it. A window
    someone else has taken over since stays theirs.
    """
    now = now or utcnow()
    audit.record(session, actor, "logout.closed" if closed else "logout", "staff",
                 actor.staff_id)
    queueing.close_at_sign_out(session, actor, now)


def unlock_staff(session: Session, actor: Actor, username: str, *, reason: str) -> None:
    """A hall manager (own hall) or an admin lifts a lockout before it runs out."""
    me = require(session, actor, Permission.UNLOCK_STAFF)
    reason = written_text(reason, field="reason", max_length=MAX_REASON_LENGTH)
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError("Give a reason.", field="reason", rule="required")
    staff = _staff_for_update(session, _username(username))
    if staff is None:
        raise NotFound(what="staff")
    require_same_hall(me, staff.hall_id)
    if staff.locked_until is None or staff.locked_until <= utcnow():
        raise ValidationError("{username} is not locked out.", field="username",
                              rule="not_locked", username=staff.username)
    staff.locked_until = None
    staff.failed_logins = 0
    audit.record(session, actor, "staff.unlocked", "staff", staff.id, reason=reason.strip())


def change_password(session: Session, actor: Actor, old: str, new: str,
                    *, now: datetime | None = None) -> None:
    """One's own password, proved by the current one. A wrong current password counts
    towards the lockout as at sign-in (kept although the refusal rolls back), and a locked
    account changes nothing: else a session left open (or stolen) could guess its owner's
    password without end."""
    now = now or utcnow()
    staff = session.scalars(
        select(Staff).where(Staff.id == actor.staff_id).with_for_update()
    ).one_or_none()
    if staff is None or not staff.active:
        raise AccountDisabled()
    _refuse_if_locked(staff, now)
    if not _password_matches(staff, old):
        _count_failure(session, staff, now, "password.change_failed", actor,
                       wrong=lambda remaining, warn: ValidationError(
                           "The current password is wrong.", field="old_password",
                           rule="wrong", remaining=remaining, warn=warn))
    staff.failed_logins = 0
    if new == old:
        raise ValidationError("The new password must differ from the old one.",
                              field="password", rule="unchanged")
    check_password_policy(new)
    staff.password_hash = hash_password(new)
    staff.password_changed_at = now
    audit.record(session, actor, "password.changed", "staff", staff.id)


def verify_approver(session: Session, actor: Actor, username: str, password: str,
                    permission: Permission, action: str, now: datetime | None = None) -> Staff:
    """A manager authorises what ``actor`` does, at the actor's counter, with their own
    credentials and without signing in (void, waiver, a shift's difference).

    Checked as at login: a locked account is refused, a wrong password counts towards the
    approver's lockout and is kept although the refusal rolls back the caller's unit of work
    (``keep_despite_rollback``): nothing the caller wrote before is committed by it. The
    approver must hold ``permission`` in the actor's hall and be someone
    else than the actor (four eyes). ``action`` names what is approved, for the messages.
    """
    now = now or utcnow()
    if not username.strip() or not password:
        raise ApprovalRequired(action=action)
    username = _username(username)
    staff = _staff_for_update(session, username)
    if staff is None:
        _hasher().hash(password)  # the same time as for a real account
        who = Actor(None, f"unknown:{username.strip()[:30]}", "", "", hall_id=actor.hall_id,
                    window_id=actor.window_id)
        keep_despite_rollback(session, lambda s: audit.record(
            s, who, "approval.unknown_user", "staff", "-", details={"action": action}))
        raise AuthenticationFailed(remaining=0, warn=False)
    _refuse_if_locked(staff, now)
    if not _password_matches(staff, password):
        _count_failure(session, staff, now, "approval.failed", actor)
    if not staff.active:
        raise AccountDisabled()
    if not has_permission(staff.role, permission):
        raise PermissionDenied(role=staff.role, permission=permission.value)
    require_same_hall(staff, actor.hall_id)
    if staff.id == actor.staff_id:
        raise SelfApproval(role=staff.role, permission=permission.value)
    staff.failed_logins = 0
    return staff
