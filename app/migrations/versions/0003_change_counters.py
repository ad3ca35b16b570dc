"""Change counters: "something changed" per topic and hall, for live screens.

Revision ID: 0003_change_counters
Revises: 0002_queue
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_change_counters"
down_revision: str | None = "0002_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_counters",
        sa.Column("topic", sa.String(32), nullable=False),
        sa.Column("hall_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("topic", "hall_id", name="pk_change_counters"),
    )


def downgrade() -> None:
    op.drop_table("change_counters")
