"""Facts about this deployment that the database itself must remember."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class DeploymentSetting(Base):
    """E.g. which PostgreSQL role the counters log in as, so grants follow every migration."""

    __tablename__ = "deployment_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
