"""Who is acting, where: passed to every service, checked against the database each time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.errors import AccountDisabled, NotFound, PermissionDenied
from app.models import DeploymentSetting, Hall, Staff
from app.permissions import DEVICE_ROLES, Permission, Role, has_permission


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    username: str
    full_name: str
    role: str
    hall_id: int | None = None
    hall_code: str = ""
    hall_name: str = ""
    window_id: int | None = None
    window_number: int | None = None
    hall_timezone: str = ""  # the hall's clock (devices show it); "" where not looked up

    @property
    def is_system(self) -> bool:
        return self.staff_id is None and self.role == "system"

    @property
    def is_device(self) -> bool:
        return self.staff_id is None and self.role in DEVICE_ROLES

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @classmethod
    def device(cls, role: Role, hall_id: int, hall_code: str, name: str) -> Actor:
        """A kiosk or hall display of one hall: may do only what its role allows."""
        return cls(staff_id=None, username=name, full_name=name, role=role.value,
                   hall_id=hall_id, hall_code=hall_code)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The administrator at a terminal with the database's owner credentials (CLI)."""
        return cls(staff_id=None, username=name, full_name=name, role="system")


def device_actor(session: Session, role: Role, hall_code: str, name: str) -> Actor:
    """The kiosk or display of the hall with this code, as set on the device's PC."""
    if role not in DEVICE_ROLES:
        raise ValueError(f"not a device role: {role}")
    code = hall_code.strip().upper()
    hall = session.scalars(select(Hall).where(Hall.code == code, Hall.active)).one_or_none()
    if hall is None:
        raise NotFound("Hall {code} is not set up.", what="hall", code=code or "-")
    actor = Actor(staff_id=None, username=name, full_name=name, role=role.value,
                  hall_id=hall.id, hall_code=hall.code, hall_name=hall.name,
                  hall_timezone=hall.timezone)
    return actor


def require(session: Session, actor: Actor, permission: Permission) -> Staff | None:
    """Refuse unless the actor, as the database knows them now, holds ``permission``.

    The role is read from the database, not trusted from the actor object, so a demotion or a
    disabled account takes effect at the next action.
    """
    if actor.is_system:
        _refuse_system_actor_as_app_role(session)
        return None
    if actor.staff_id is None:  # a device: its role alone decides
        if not actor.is_device or not has_permission(actor.role, permission):
            raise PermissionDenied(role=actor.role, permission=permission.value)
        return None
    staff = session.get(Staff, actor.staff_id)
    if staff is None or not staff.active:
        raise AccountDisabled()
    if not has_permission(staff.role, permission):
        raise PermissionDenied(role=staff.role, permission=permission.value)
    return staff


def _refuse_system_actor_as_app_role(session: Session) -> None:
    """The system actor (admin commands) skips role checks: it must hold more than a counter.

    Every counter PC has the app role's password; with it alone, ``create-user --role admin``
    must not work. On PostgreSQL the connection must not be the recorded app role.
    """
    if session.get_bind().dialect.name != "postgresql":
        return  # whoever can write the SQLite file can do anything anyway
    setting = session.get(DeploymentSetting, "app_role")
    if setting is not None and session.scalar(text("SELECT current_user")) == setting.value:
        raise PermissionDenied(
            "Admin commands must connect as the owner role, not as the counters' role {role}.",
            role=setting.value, permission="run admin commands")


def require_same_hall(staff: Staff | None, hall_id: int | None) -> None:
    """Hall managers act within their own hall; admins and the system everywhere.

    ``staff`` is the row ``require`` read from the database, never the actor object: a
    manager moved to another hall loses the old one at the next action.
    """
    if staff is None or staff.role == Role.ADMIN:
        return
    if staff.hall_id is None or staff.hall_id != hall_id:
        raise PermissionDenied(
            "You may only act on staff and data of your own hall.", role=staff.role, permission=""
        )
