"""Kiosks and hall displays enrolled on the HallDesk server (issue 10).

A device is registered by an administrator, for any hall, or by a hall manager, for their own
hall only: the one-time code has to be typed on the device itself within 15 minutes, and the
manager is the one standing in the hall when a kiosk or a TV is set up, while a device can do
no more than its role allows (a kiosk issues numbers, a display reads the queue), which that
manager's own counter does already. Every registration, enrolment and revocation is in the
hall's audit chain under the person's name.

The code (8 digits, shown once) is exchanged once for the device's credential
(``secrets.token_urlsafe(32)``, shown once, kept by the device in its OS keyring). Only the
SHA-256 of each is stored. A code is void after 15 minutes, after its use and after five wrong
tries, so guessing one of the 10^8 codes of a device succeeds with a chance of 1 in 20 million
before an administrator notices the voided code in the trail. The credential signs the
device in (``app/api/sessions.py``); revoking it ends the device's sessions at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db import keep_despite_rollback
from app.errors import Conflict, DeviceRefused, NotFound, ValidationError
from app.models import Device, Hall, StaffSession
from app.models.base import utcnow
from app.permissions import DEVICE_ROLES, Permission, Role
from app.services import audit
from app.services.context import Actor, require, require_same_hall
from app.text import MAX_REASON_LENGTH, written_text

CODE_DIGITS = 8
CODE_LIFETIME = timedelta(minutes=15)
MAX_CODE_ATTEMPTS = 5  # the fifth wrong code voids it
MAX_NAME = 80

DeviceRole = Literal["kiosk", "display"]


@dataclass(frozen=True)
class EnrolmentCode:
    """What the person registering sees once: the device's number and its one-time code."""

    device_id: int
    hall_code: str
    role: str
    name: str
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class DeviceCredential:
    """What the device gets once for its code; it keeps ``credential`` in its keyring."""

    device_id: int
    hall_code: str
    role: str
    name: str
    credential: str


@dataclass(frozen=True)
class DeviceInfo:
    """A device as the list shows it: never a hash."""

    id: int
    hall_code: str
    role: str
    name: str
    state: str  # waiting (for its code) | expired | void | enrolled | revoked
    registered_by: str
    created_at: datetime
    code_expires_at: datetime
    enrolled_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _state(device: Device, now: datetime) -> str:
    if device.revoked_at is not None:
        return "revoked"
    if device.enrolled_at is not None:
        return "enrolled"
    if device.code_hash is None:
        return "void"
    if device.code_expires_at <= now:
        return "expired"
    return "waiting"


def _info(device: Device, hall: Hall, now: datetime) -> DeviceInfo:
    return DeviceInfo(device.id, hall.code, device.role, device.name, _state(device, now),
                      device.registered_by, device.created_at, device.code_expires_at,
                      device.enrolled_at, device.revoked_at, device.revoked_by)


def device_actor(device: Device, hall: Hall) -> Actor:
    """The actor of an enrolled device, built from its row (never from what it sends)."""
    return Actor(staff_id=None, username=device.name, full_name=device.name, role=device.role,
                 hall_id=hall.id, hall_code=hall.code, hall_name=hall.name,
                 hall_timezone=hall.timezone)


def register_device(session: Session, actor: Actor, hall_code: str, role: DeviceRole,
                    name: str, *, now: datetime | None = None) -> EnrolmentCode:
    """Register a kiosk or display of a hall; the answer's code is shown once, typed on the
    device within 15 minutes."""
    me = require(session, actor, Permission.MANAGE_DEVICES)
    now = now or utcnow()
    if role not in {r.value for r in DEVICE_ROLES}:
        raise ValidationError("A device is a kiosk or a display.", field="role",
                              rule="device_role")
    code_of_hall = hall_code.strip().upper()
    hall = session.scalars(select(Hall).where(Hall.code == code_of_hall,
                                              Hall.active)).one_or_none()
    if hall is None:
        raise NotFound("Hall {code} is not set up.", what="hall", code=code_of_hall or "-")
    require_same_hall(me, hall.id)
    name = written_text(name, field="name", max_length=MAX_NAME)
    if not name:
        raise ValidationError("Give the device a name.", field="name", rule="required")
    taken = session.scalars(select(Device.id).where(
        Device.hall_id == hall.id, Device.name == name, Device.revoked_at.is_(None))).first()
    if taken is not None:
        raise Conflict(what=f"device {name}")
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    device = Device(hall_id=hall.id, role=role, name=name, registered_by_id=actor.staff_id,
                    registered_by=actor.username, created_at=now, code_hash=secret_hash(code),
                    code_expires_at=now + CODE_LIFETIME, code_attempts=0)
    session.add(device)
    session.flush()
    audit.record(session, actor, "device.registered", "device", device.id, hall_id=hall.id,
                 details={"name": name, "role": role})
    answer = EnrolmentCode(device.id, hall.code, role, name, code, device.code_expires_at)
    return answer


def new_enrolment_code(session: Session, actor: Actor, device_id: int, *,
                       now: datetime | None = None) -> EnrolmentCode:
    """A fresh one-time code for a device that has not enrolled yet (its code expired, or
    was voided by wrong tries); the old code stops working. An enrolled device is revoked and
    registered again instead, so that its old credential dies with it."""
    me = require(session, actor, Permission.MANAGE_DEVICES)
    now = now or utcnow()
    device = session.scalars(select(Device).where(Device.id == device_id)
                             .with_for_update()).one_or_none()
    if device is None:
        raise NotFound(what="device")
    require_same_hall(me, device.hall_id)
    hall = session.get(Hall, device.hall_id)
    assert hall is not None
    state = _state(device, now)
    if state in ("enrolled", "revoked"):
        raise Conflict("Device {name} is {state}: it gets no new code.",
                       what=f"device {device.name}", name=device.name, state=state)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    device.code_hash = secret_hash(code)
    device.code_expires_at = now + CODE_LIFETIME
    device.code_attempts = 0
    audit.record(session, actor, "device.code_renewed", "device", device.id, hall_id=hall.id,
                 details={"name": device.name, "role": device.role, "was": state})
    answer = EnrolmentCode(device.id, hall.code, device.role, device.name, code,
                           device.code_expires_at)
    return answer


def _normalized(code: str) -> str:
    return "".join(ch for ch in code if ch not in " -\t")


def enrol_device(session: Session, device_id: int, code: str, *,
                 now: datetime | None = None) -> DeviceCredential:
    """The device's one exchange of its code for its credential. Unauthenticated: the code
    is the proof, and five wrong ones void it (each wrong one counted although the
    refusal rolls the unit of work back)."""
    now = now or utcnow()
    device = session.scalars(select(Device).where(Device.id == device_id)
                             .with_for_update()).one_or_none()
    if device is None:
        raise DeviceRefused(rule="unknown")
    hall = session.get(Hall, device.hall_id)
    assert hall is not None
    state = _state(device, now)
    if state == "revoked":
        raise DeviceRefused(rule="revoked")
    if state == "enrolled":
        raise DeviceRefused(rule="used")
    if state in ("void", "expired"):
        raise DeviceRefused(rule=state)
    assert device.code_hash is not None
    if not hmac.compare_digest(device.code_hash, secret_hash(_normalized(code))):
        device_id = device.id
        raise keep_despite_rollback(session, lambda s: _count_wrong_code(s, device_id))
    credential = secrets.token_urlsafe(32)
    device.code_hash = None
    device.credential_hash = secret_hash(credential)
    device.enrolled_at = now
    audit.record(session, device_actor(device, hall), "device.enrolled", "device", device.id,
                 hall_id=hall.id, details={"name": device.name, "role": device.role})
    answer = DeviceCredential(device.id, hall.code, device.role, device.name, credential)
    return answer


def _count_wrong_code(session: Session, device_id: int) -> DeviceRefused:
    """A wrong code counts (kept although the refusal rolls back the unit of work); the
    fifth voids the code."""
    device = session.scalars(select(Device).where(Device.id == device_id)
                             .with_for_update()).one()
    device.code_attempts += 1
    remaining = MAX_CODE_ATTEMPTS - device.code_attempts
    if remaining > 0:
        return DeviceRefused(rule="wrong_code", remaining=remaining)
    device.code_hash = None
    hall = session.get(Hall, device.hall_id)
    assert hall is not None
    audit.record(session, device_actor(device, hall), "device.code_voided", "device",
                 device.id, hall_id=hall.id,
                 details={"name": device.name, "attempts": device.code_attempts})
    return DeviceRefused(rule="void")


def signed_device(session: Session, credential: str) -> tuple[Device, Hall]:
    """The enrolled, unrevoked device this credential belongs to, or the refusal."""
    device = session.scalars(select(Device).where(
        Device.credential_hash == secret_hash(credential))).one_or_none()
    if device is None:
        raise DeviceRefused(rule="unknown")
    if device.revoked_at is not None:
        raise DeviceRefused(rule="revoked")
    hall = session.get(Hall, device.hall_id)
    assert hall is not None
    if not hall.active:
        raise DeviceRefused(rule="hall_closed")
    return device, hall


def revoke_device(session: Session, actor: Actor, device_id: int, reason: str, *,
                  now: datetime | None = None) -> DeviceInfo:
    """Revoke a device: its credential and code stop working and its sessions end now."""
    me = require(session, actor, Permission.MANAGE_DEVICES)
    now = now or utcnow()
    reason = written_text(reason, field="reason", max_length=MAX_REASON_LENGTH)
    if not reason:
        raise ValidationError("Give a reason.", field="reason", rule="required")
    device = session.scalars(select(Device).where(Device.id == device_id)
                             .with_for_update()).one_or_none()
    if device is None:
        raise NotFound(what="device")
    require_same_hall(me, device.hall_id)
    hall = session.get(Hall, device.hall_id)
    assert hall is not None
    if device.revoked_at is not None:
        raise Conflict("Device {name} is already revoked.", what=f"device {device.name}",
                       name=device.name)
    device.revoked_at = now
    device.revoked_by_id = actor.staff_id
    device.revoked_by = actor.username
    device.code_hash = None
    session.execute(update(StaffSession)
                    .where(StaffSession.device_id == device.id,
                           StaffSession.ended_at.is_(None))
                    .values(ended_at=now, ended_reason="revoked"))
    audit.record(session, actor, "device.revoked", "device", device.id, hall_id=hall.id,
                 reason=reason, details={"name": device.name, "role": device.role})
    info = _info(device, hall, now)
    return info


def list_devices(session: Session, actor: Actor, *,
                 now: datetime | None = None) -> list[DeviceInfo]:
    """Every device of the manager's own hall, or of every hall for an administrator."""
    me = require(session, actor, Permission.MANAGE_DEVICES)
    now = now or utcnow()
    stmt = select(Device, Hall).join(Hall, Hall.id == Device.hall_id)
    if me is not None and me.role != Role.ADMIN:
        stmt = stmt.where(Device.hall_id == me.hall_id)
    rows = session.execute(stmt.order_by(Hall.code, Device.id)).tuples().all()
    found = [_info(device, hall, now) for device, hall in rows]
    return found
