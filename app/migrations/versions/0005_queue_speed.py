"""The waiting line of each service as an index, for call_next at many windows at once.

Revision ID: 0005_queue_speed
Revises: 0004_display_notice
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_queue_speed"
down_revision: str | None = "0004_display_notice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING = sa.text("status = 'waiting'")


def upgrade() -> None:
    # Partial on both databases: only waiting tickets, in the order windows call them.
    op.create_index("ix_tickets_waiting", "tickets",
                    ["queue_service_id", "business_day", "priority", "queued_at", "id"],
                    postgresql_where=WAITING, sqlite_where=WAITING)


def downgrade() -> None:
    op.drop_index("ix_tickets_waiting", table_name="tickets")
