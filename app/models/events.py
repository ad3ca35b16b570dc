"""Change counters: what changed, per topic and hall, for screens that reload on change."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

NO_HALL = 0  # hall_id of a change that is not about one hall (halls are numbered from 1)


class ChangeCounter(Base):
    """Bumped in the transaction that changed a topic (``app.events.notify``).

    SQLite screens poll these rows; on PostgreSQL they back LISTEN/NOTIFY up. One row per
    topic and hall, so a bump is one small UPDATE and a poll reads a handful of rows.
    """

    __tablename__ = "change_counters"

    topic: Mapped[str] = mapped_column(String(32), primary_key=True)
    hall_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
