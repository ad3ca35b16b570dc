"""Setting up halls, windows and staff accounts (administrators)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import Conflict, NotFound, ValidationError
from app.models import Hall, Staff, Window
from app.models.base import utcnow
from app.permissions import Permission, Role
from app.services import audit
from app.services.auth import check_password_policy, hash_password
from app.services.context import Actor, require, require_same_hall
from app.text import MAX_LINE_LENGTH, MAX_NAME_LENGTH, MAX_REASON_LENGTH, written_text

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
HALL_CODE_RE = re.compile(r"^[A-Z0-9]{1,16}$")


@dataclass(frozen=True)
class WindowInfo:
    id: int
    number: int
    name: str
    active: bool


@dataclass(frozen=True)
class HallInfo:
    id: int
    code: str
    name: str
    timezone: str
    windows: tuple[WindowInfo, ...]


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    full_name: str
    role: str
    hall_code: str
    active: bool
    locked_until: datetime | None  # None when not locked out now

    @property
    def locked(self) -> bool:
        return self.locked_until is not None


def create_hall(session: Session, actor: Actor, code: str, name: str, *,
                timezone: str = "Asia/Shanghai", windows: int = 0, address: str = "",
                phone: str = "") -> HallInfo:
    require(session, actor, Permission.MANAGE_HALLS)
    code = code.strip().upper()
    if not HALL_CODE_RE.match(code):
        raise ValidationError("A hall code is 1 to 16 capital letters or digits.", field="code",
                              rule="hall_code")
    name = written_text(name, field="name", max_length=80)
    address = written_text(address, field="address", max_length=MAX_LINE_LENGTH)
    phone = written_text(phone, field="phone", max_length=32)
    if not name:
        raise ValidationError("Enter the hall's name.", field="name", rule="required")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError("Unknown time zone {tz}.", field="timezone", tz=timezone,
                              rule="timezone") from exc
    if session.scalars(select(Hall).where(Hall.code == code)).first() is not None:
        raise Conflict(what=f"hall {code}")
    hall = Hall(code=code, name=name, timezone=timezone, address=address, phone=phone)
    hall.windows = [Window(number=n, name=f"{n}号窗口") for n in range(1, windows + 1)]
    session.add(hall)
    session.flush()
    audit.record(session, actor, "hall.created", "hall", hall.id, hall_id=hall.id,
                 details={"code": code, "name": hall.name, "windows": windows})
    info = _hall_info(hall)
    return info


def _hall_info(hall: Hall) -> HallInfo:
    return HallInfo(hall.id, hall.code, hall.name, hall.timezone,
                    tuple(WindowInfo(w.id, w.number, w.name, w.active) for w in hall.windows))


def list_halls(session: Session) -> list[HallInfo]:
    """Halls and windows, for choosing where a counter PC stands (no personal data)."""
    halls = session.scalars(select(Hall).where(Hall.active).order_by(Hall.code)).all()
    result = [_hall_info(h) for h in halls]
    return result


def create_user(session: Session, actor: Actor, username: str, full_name: str, role: str,
                password: str, *, hall_code: str = "") -> StaffInfo:
    require(session, actor, Permission.MANAGE_STAFF)
    username = username.strip().lower()
    if not USERNAME_RE.fullmatch(username):
        raise ValidationError(
            "A user name is 2 to 40 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter.", field="username", rule="username")
    full_name = written_text(full_name, field="full_name", max_length=MAX_NAME_LENGTH)
    if not full_name:
        raise ValidationError("Enter the full name.", field="full_name", rule="required")
    try:
        role_value = Role(role)
    except ValueError as exc:
        raise ValidationError("Unknown role {role}.", field="role", role=role,
                              rule="role") from exc
    check_password_policy(password)
    hall: Hall | None = None
    if hall_code:
        hall = session.scalars(select(Hall).where(Hall.code == hall_code.upper())).one_or_none()
        if hall is None:
            raise NotFound("Hall {code} does not exist.", what="hall", code=hall_code)
    elif role_value != Role.ADMIN:
        raise ValidationError("Clerks, cashiers and hall managers belong to a hall.",
                              field="hall", rule="required")
    exists = session.scalars(
        select(Staff.id).where(func.lower(Staff.username) == username)).first()
    if exists is not None:
        raise Conflict(what=f"user {username}")
    staff = Staff(username=username, full_name=full_name, role=role_value.value,
                  hall_id=hall.id if hall else None, password_hash=hash_password(password))
    session.add(staff)
    session.flush()
    audit.record(session, actor, "staff.created", "staff", staff.id,
                 hall_id=hall.id if hall else None,
                 details={"username": username, "role": role_value.value})
    info = StaffInfo(staff.id, username, staff.full_name, staff.role,
                     hall.code if hall else "", True, None)
    return info


def set_active(session: Session, actor: Actor, username: str, active: bool, *,
               reason: str) -> None:
    """Disable a leaver's account (or re-enable it); accounts are never deleted."""
    require(session, actor, Permission.MANAGE_STAFF)
    reason = written_text(reason, field="reason", max_length=MAX_REASON_LENGTH)
    if not reason:
        raise ValidationError("Give a reason.", field="reason", rule="required")
    username = written_text(username, field="username", max_length=40)
    staff = session.scalars(
        select(Staff).where(func.lower(Staff.username) == username.lower())).one_or_none()
    if staff is None:
        raise NotFound(what="staff")
    staff.active = active
    audit.record(session, actor, "staff.enabled" if active else "staff.disabled", "staff",
                 staff.id, hall_id=staff.hall_id, reason=reason)


def list_staff(session: Session, actor: Actor) -> list[StaffInfo]:
    """Staff of the manager's own hall, or everyone for an admin."""
    me = require(session, actor, Permission.UNLOCK_STAFF)
    stmt = select(Staff, Hall.code).outerjoin(Hall, Staff.hall_id == Hall.id).order_by(
        Staff.username)
    if me is not None and me.role != Role.ADMIN:
        require_same_hall(me, me.hall_id)  # a manager signed in without a hall sees nobody
        stmt = stmt.where(Staff.hall_id == me.hall_id)
    now = utcnow()
    result = [
        StaffInfo(s.id, s.username, s.full_name, s.role, code or "", s.active,
                  s.locked_until if s.locked_until is not None and s.locked_until > now
                  else None)
        for s, code in session.execute(stmt)
    ]
    return result
