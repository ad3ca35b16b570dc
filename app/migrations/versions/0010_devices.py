"""Enrolled kiosks and hall displays (issue 10): a device's one-time code and credential,
both as SHA-256 only; sessions may belong to a device instead of a staff member.

Revision ID: 0010_devices
Revises: 0009_sessions
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_devices"
down_revision: str | None = "0009_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("registered_by_id", sa.Integer(), nullable=True),
        sa.Column("registered_by", sa.String(80), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=True),
        sa.Column("code_expires_at", UTC_TS, nullable=False),
        sa.Column("code_attempts", sa.Integer(), nullable=False),
        sa.Column("credential_hash", sa.String(64), nullable=True),
        sa.Column("enrolled_at", UTC_TS, nullable=True),
        sa.Column("revoked_at", UTC_TS, nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_by", sa.String(80), nullable=True),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_devices_hall_id_halls"),
        sa.ForeignKeyConstraint(["registered_by_id"], ["staff.id"],
                                name="fk_devices_registered_by_id_staff"),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["staff.id"],
                                name="fk_devices_revoked_by_id_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_devices"),
        sa.UniqueConstraint("credential_hash", name="uq_devices_credential_hash"),
    )
    op.create_index("ix_devices_hall_id", "devices", ["hall_id"])
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("staff_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("device_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_sessions_device_id_devices", "devices",
                                 ["device_id"], ["id"])
        batch.create_check_constraint(op.f("ck_sessions_one_subject"),
                                      "(staff_id IS NULL) <> (device_id IS NULL)")
        batch.create_index("ix_sessions_device_id", ["device_id"])


def downgrade() -> None:
    op.execute("DELETE FROM sessions WHERE staff_id IS NULL")  # devices' sessions go with them
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_device_id")
        batch.drop_constraint(op.f("ck_sessions_one_subject"), type_="check")
        batch.drop_constraint("fk_sessions_device_id_devices", type_="foreignkey")
        batch.drop_column("device_id")
        batch.alter_column("staff_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_devices_hall_id", table_name="devices")
    op.drop_table("devices")
