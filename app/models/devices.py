"""Enrolled kiosks and hall displays: the devices the HallDesk server lets sign in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Device(Base):
    """A kiosk or hall display of one hall (``app/services/devices.py``).

    Registered by a person, who is shown a one-time enrolment code once; the device types it
    and gets its credential once. Neither is stored, only its SHA-256: a copy of this table
    enrols and signs in nothing. The code is void after its expiry, its use or five wrong
    tries (``code_attempts``). Rows are revoked, never deleted, so the audit trail and old
    sessions keep what they point at.
    """

    __tablename__ = "devices"
    __table_args__ = (Index("ix_devices_hall_id", "hall_id"),
                      {"info": {"no_delete": True}})

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    role: Mapped[str] = mapped_column(String(20))  # kiosk | display
    name: Mapped[str] = mapped_column(String(80))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: CLI
    registered_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    code_hash: Mapped[str | None] = mapped_column(String(64))  # cleared once used
    code_expires_at: Mapped[datetime]
    code_attempts: Mapped[int] = mapped_column(default=0)  # wrong codes; the fifth voids it
    credential_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoked_by: Mapped[str | None] = mapped_column(String(80))
