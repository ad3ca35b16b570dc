"""The staff area: the people of the hall (every hall for an administrator) and lifting a
lockout early."""

from __future__ import annotations

from app.services import auth, staff
from app.services.staff import StaffInfo
from ui.ops import Work


def list_staff() -> Work[list[StaffInfo]]:
    return lambda client: client.call(staff.list_staff)


def unlock_staff(username: str, reason: str) -> Work[None]:
    """A hall manager (own hall) or an administrator unlocks a locked-out colleague; audited
    with the reason."""
    return lambda client: client.call(auth.unlock_staff, username=username, reason=reason)
