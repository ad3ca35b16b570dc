"""Sign-in sessions of the HallDesk server: the token a client sends, and who it stands for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class StaffSession(Base):
    """One sign-in at a hall and window (``app/api/sessions.py``).

    The token itself is given to the client once and never stored: only its SHA-256 is, so
    a copy of this table signs nobody in. Hall, window and role are those of the sign-in; the
    server builds the ``Actor`` from this row and the staff row as the database has them at
    each request, and a changed role ends the session. Rows are ended, never deleted.

    A kiosk's or display's session has no staff but its ``device_id`` (``devices``), and
    ``device`` its name then; the actor is built from the device row, and its revocation
    ends the session.
    """

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_staff_id", "staff_id"),
                      Index("ix_sessions_device_id", "device_id"),
                      CheckConstraint("(staff_id IS NULL) <> (device_id IS NULL)",
                                      name="one_subject"),
                      {"info": {"no_delete": True}})

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: a device
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"))
    role: Mapped[str] = mapped_column(String(20))
    device: Mapped[str | None] = mapped_column(String(80))  # the device's name, if one
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(20))
    locked: Mapped[bool] = mapped_column(default=False)  # the idle lock: only unlock passes
