"""Who is acting, where: passed to every service, checked against the database each time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import AccountDisabled, PermissionDenied
from app.models import Staff
from app.permissions import Permission, Role, has_permission


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

    @property
    def is_system(self) -> bool:
        return self.staff_id is None

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The administrator at a terminal with the database's owner credentials (CLI)."""
        return cls(staff_id=None, username=name, full_name=name, role="system")


def require(session: Session, actor: Actor, permission: Permission) -> Staff | None:
    """Refuse unless the actor, as the database knows them now, holds ``permission``.

    The role is read from the database, not trusted from the actor object, so a demotion or a
    disabled account takes effect at the next action.
    """
    if actor.is_system:
        return None
    staff = session.get(Staff, actor.staff_id)
    if staff is None or not staff.active:
        raise AccountDisabled()
    if not has_permission(staff.role, permission):
        raise PermissionDenied(role=staff.role, permission=permission.value)
    return staff


def require_same_hall(actor: Actor, hall_id: int | None) -> None:
    """Hall managers act within their own hall; admins and the system everywhere."""
    if actor.is_system or actor.role == Role.ADMIN:
        return
    if actor.hall_id is None or actor.hall_id != hall_id:
        raise PermissionDenied(
            "You may only act on staff and data of your own hall.", role=actor.role, permission=""
        )
