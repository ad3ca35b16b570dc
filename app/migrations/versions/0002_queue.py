"""Queue numbers: services, window assignments and states, tickets, ticket events.

Revision ID: 0002_queue
Revises: 0001_core
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from app.migrations.guards import protect_append_only, unprotect_append_only

revision: str = "0002_queue"
down_revision: str | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("halls") as batch:
        batch.add_column(sa.Column("noshow_grace_minutes", sa.Integer(), nullable=False,
                                   server_default="10"))
        batch.add_column(sa.Column("max_recalls", sa.Integer(), nullable=False,
                                   server_default="2"))
        batch.add_column(sa.Column("wait_alert_minutes", sa.Integer(), nullable=False,
                                   server_default="20"))
    op.create_table(
        "queue_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(2), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=False),
        sa.Column("closes_at", sa.Time(), nullable=False),
        sa.Column("daily_cap", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_queue_services_hall_id_halls"),
        sa.PrimaryKeyConstraint("id", name="pk_queue_services"),
        sa.UniqueConstraint("hall_id", "prefix", name="uq_queue_services_hall_id_prefix"),
    )
    op.create_table(
        "window_services",
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["window_id"], ["windows.id"],
                                name="fk_window_services_window_id_windows"),
        sa.ForeignKeyConstraint(["service_id"], ["queue_services.id"],
                                name="fk_window_services_service_id_queue_services"),
        sa.PrimaryKeyConstraint("window_id", "service_id", name="pk_window_services"),
    )
    op.create_table(
        "ticket_counters",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["queue_services.id"],
                                name="fk_ticket_counters_service_id_queue_services"),
        sa.PrimaryKeyConstraint("service_id", "business_day", name="pk_ticket_counters"),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("queue_service_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("priority_reason", sa.String(40), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("issued_at", UTC_TS, nullable=False),
        sa.Column("queued_at", UTC_TS, nullable=False),
        sa.Column("target_window_id", sa.Integer(), nullable=True),
        sa.Column("window_id", sa.Integer(), nullable=True),
        sa.Column("called_at", UTC_TS, nullable=True),
        sa.Column("call_count", sa.Integer(), nullable=False),
        sa.Column("finished_at", UTC_TS, nullable=True),
        sa.Column("no_show_at", UTC_TS, nullable=True),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("served_by", sa.Integer(), nullable=True),
        sa.Column("account_no", sa.String(20), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("printed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_tickets_hall_id_halls"),
        sa.ForeignKeyConstraint(["service_id"], ["queue_services.id"],
                                name="fk_tickets_service_id_queue_services"),
        sa.ForeignKeyConstraint(["queue_service_id"], ["queue_services.id"],
                                name="fk_tickets_queue_service_id_queue_services"),
        sa.ForeignKeyConstraint(["target_window_id"], ["windows.id"],
                                name="fk_tickets_target_window_id_windows"),
        sa.ForeignKeyConstraint(["window_id"], ["windows.id"],
                                name="fk_tickets_window_id_windows"),
        sa.ForeignKeyConstraint(["issued_by"], ["staff.id"], name="fk_tickets_issued_by_staff"),
        sa.ForeignKeyConstraint(["served_by"], ["staff.id"], name="fk_tickets_served_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_tickets"),
        sa.UniqueConstraint("hall_id", "service_id", "business_day", "number",
                            name="uq_tickets_hall_id_service_id_business_day_number"),
    )
    op.create_index("ix_tickets_queue", "tickets", ["hall_id", "business_day", "status"])
    op.create_table(
        "window_status",
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("current_ticket_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(["window_id"], ["windows.id"],
                                name="fk_window_status_window_id_windows"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_window_status_staff_id_staff"),
        sa.ForeignKeyConstraint(["current_ticket_id"], ["tickets.id"],
                                name="fk_window_status_current_ticket_id_tickets"),
        sa.PrimaryKeyConstraint("window_id", name="pk_window_status"),
    )
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name="fk_ticket_events_ticket_id_tickets"),
        sa.ForeignKeyConstraint(["window_id"], ["windows.id"],
                                name="fk_ticket_events_window_id_windows"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name="fk_ticket_events_staff_id_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_events"),
    )
    op.create_index("ix_ticket_events_ticket_id", "ticket_events", ["ticket_id"])
    protect_append_only("ticket_events")


def downgrade() -> None:
    unprotect_append_only("ticket_events")
    op.drop_index("ix_ticket_events_ticket_id", table_name="ticket_events")
    op.drop_table("ticket_events")
    op.drop_table("window_status")
    op.drop_index("ix_tickets_queue", table_name="tickets")
    op.drop_table("tickets")
    op.drop_table("ticket_counters")
    op.drop_table("window_services")
    op.drop_table("queue_services")
    with op.batch_alter_table("halls") as batch:
        batch.drop_column("wait_alert_minutes")
        batch.drop_column("max_recalls")
        batch.drop_column("noshow_grace_minutes")
