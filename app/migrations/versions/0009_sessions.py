"""Sessions of the HallDesk server (issue 10): a sign-in's token hash, who, where, until when.

Only the token's SHA-256 is stored. Rows are ended (``ended_at``), never deleted.

Revision ID: 0009_sessions
Revises: 0008_address_key
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_sessions"
down_revision: str | None = "0008_address_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=True),
        sa.Column("window_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("device", sa.String(80), nullable=True),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("expires_at", UTC_TS, nullable=False),
        sa.Column("last_used_at", UTC_TS, nullable=False),
        sa.Column("ended_at", UTC_TS, nullable=True),
        sa.Column("ended_reason", sa.String(20), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_sessions_staff_id_staff"),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_sessions_hall_id_halls"),
        sa.ForeignKeyConstraint(["window_id"], ["windows.id"],
                                name="fk_sessions_window_id_windows"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_sessions_token_hash"),
    )
    op.create_index("ix_sessions_staff_id", "sessions", ["staff_id"])


def downgrade() -> None:
    op.drop_index("ix_sessions_staff_id", table_name="sessions")
    op.drop_table("sessions")
