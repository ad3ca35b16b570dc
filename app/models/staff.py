"""Halls, their windows (counters) and the staff who log in at them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, utcnow


class Hall(Base):
    __tablename__ = "halls"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Queue rules of this hall (issue 3): how long a no-show may come back, how many recalls
    # before a ticket becomes a no-show by itself, when a wait is long enough to alert.
    noshow_grace_minutes: Mapped[int] = mapped_column(default=10, server_default="10")
    max_recalls: Mapped[int] = mapped_column(default=2, server_default="2")
    wait_alert_minutes: Mapped[int] = mapped_column(default=20, server_default="20")
    # The hall display's scrolling line (opening hours, a holiday, a price change): never
    # anything personal, since everyone in the hall reads it.
    display_notice: Mapped[str] = mapped_column(String(200), default="",
                                                server_default=text("''"))

    windows: Mapped[list[Window]] = relationship(
        back_populates="hall", order_by="Window.number", cascade="save-update, merge"
    )


class Window(Base):
    """A counter position in a hall (窗口), numbered as the hall display announces it."""

    __tablename__ = "windows"
    __table_args__ = (UniqueConstraint("hall_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(default=True)

    hall: Mapped[Hall] = relationship(back_populates="windows")


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (Index("ix_staff_hall_id", "hall_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20))
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    hall: Mapped[Hall | None] = relationship()
