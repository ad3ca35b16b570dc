"""Fee collection: tariffs, readings, bills, cashier shifts, payments and their ledger.

Also trigram indexes for "contains" searches of names and addresses at the counter. On
PostgreSQL they need the pg_trgm extension: it is created here, in a schema of its own
(``extensions``), when the migrating role may (pg_trgm is a trusted extension since
PostgreSQL 13, so the database owner may create it; a superuser can always). An existing
pg_trgm is used where it is. When it cannot be created, plain indexes of the same names
stand in and searches work, only slower on large tables: to get the real ones, create the
extension as a superuser, then downgrade this revision and upgrade again. For CJK text the
database's LC_CTYPE must be a UTF-8 locale (C.UTF-8, zh_CN.UTF-8), or pg_trgm sees no word
characters in Chinese names. A downgrade leaves the extension (other objects may use it).
On SQLite the two indexes are empty partial indexes, for the same schema on both
databases: LIKE '%…%' scans there anyway.

Revision ID: 0006_billing
Revises: 0005_queue_speed
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from app.migrations.guards import protect_append_only, unprotect_append_only

revision: str = "0006_billing"
down_revision: str | None = "0005_queue_speed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TS = sa.DateTime(timezone=True)
MONEY = sa.Numeric(12, 2)
RATE = sa.Numeric(12, 6)
QUANTITY = sa.Numeric(12, 2)
OPEN = sa.text("closed_at IS NULL")  # shifts not closed yet
EXTENSION_SCHEMA = "extensions"
TRIGRAM_INDEXES = (("ix_customers_name_trgm", "customers", "name"),
                   ("ix_accounts_address_trgm", "accounts", "address"))


def _pg_trgm_schema(bind: sa.Connection) -> str | None:
    """The schema pg_trgm is in, creating it in its own schema ``extensions`` if it is not
    installed and the role may; None if it may not, or may not use the schema it is in (in
    a savepoint: a refusal must not abort the migration's transaction). Not in ``public``:
    its functions would belong to the superuser there, and ``public`` holds only what the
    owner role owns (app/pgroles.py)."""
    found = bind.execute(sa.text(
        "SELECT n.nspname, has_schema_privilege(n.oid, 'USAGE') FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")).first()
    if found is not None:
        return str(found[0]) if found[1] else None
    try:
        with bind.begin_nested():
            bind.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {EXTENSION_SCHEMA}"))
            bind.execute(sa.text(f"CREATE EXTENSION pg_trgm SCHEMA {EXTENSION_SCHEMA}"))
            # Whoever migrates later (the owner role after a superuser) must find the
            # operator class; pg_trgm's functions are meant for everyone (in public otherwise).
            bind.execute(sa.text(f"GRANT USAGE ON SCHEMA {EXTENSION_SCHEMA} TO PUBLIC"))
    except sa.exc.DBAPIError:
        return None
    return EXTENSION_SCHEMA


def _trigram_indexes() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        for name, table, column in TRIGRAM_INDEXES:
            op.create_index(name, table, [column], sqlite_where=sa.text("0"))
        return
    schema = _pg_trgm_schema(bind)
    for name, table, column in TRIGRAM_INDEXES:
        if schema is not None:
            opclass = f"{bind.dialect.identifier_preparer.quote(schema)}.gin_trgm_ops"
            op.create_index(name, table, [column], postgresql_using="gin",
                            postgresql_ops={column: opclass})
        else:
            op.create_index(name, table, [column])


def upgrade() -> None:
    op.create_table(
        "receipt_counters",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"],
                                name="fk_receipt_counters_hall_id_halls"),
        sa.PrimaryKeyConstraint("hall_id", "year", name="pk_receipt_counters"),
    )
    op.create_table(
        "billing_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("period", sa.String(9), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("run_at", UTC_TS, nullable=False),
        sa.Column("run_by", sa.Integer(), nullable=True),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("existed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_by"], ["staff.id"], name="fk_billing_runs_run_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_billing_runs"),
    )
    protect_append_only("billing_runs")
    op.create_table(
        "day_closes",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("closed_at", UTC_TS, nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("report", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["closed_by"], ["staff.id"], name="fk_day_closes_closed_by_staff"),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_day_closes_hall_id_halls"),
        sa.PrimaryKeyConstraint("hall_id", "business_day", name="pk_day_closes"),
    )
    protect_append_only("day_closes")
    op.create_table(
        "gas_tariffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tariff_class", sa.String(20), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("household_base_size", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"],
                                name="fk_gas_tariffs_created_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_gas_tariffs"),
        sa.UniqueConstraint("tariff_class", "effective_from",
                            name="uq_gas_tariffs_tariff_class_effective_from"),
    )
    op.create_table(
        "heating_tariffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tariff_class", sa.String(20), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("unit_price", RATE, nullable=False),
        sa.Column("suspended_share", RATE, nullable=False),
        sa.Column("relief_share", RATE, nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"],
                                name="fk_heating_tariffs_created_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_heating_tariffs"),
        sa.UniqueConstraint("tariff_class", "effective_from",
                            name="uq_heating_tariffs_tariff_class_effective_from"),
    )
    op.create_table(
        "late_fee_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("tariff_class", sa.String(20), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("daily_rate", RATE, nullable=False),
        sa.Column("cap_share", RATE, nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"],
                                name="fk_late_fee_policies_created_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_late_fee_policies"),
        sa.UniqueConstraint("kind", "tariff_class", "effective_from",
                            name="uq_late_fee_policies_kind_tariff_class_effective_from"),
    )
    op.create_table(
        "meter_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("previous", QUANTITY, nullable=False),
        sa.Column("reading", QUANTITY, nullable=False),
        sa.Column("volume", QUANTITY, nullable=False),
        sa.Column("recorded_at", UTC_TS, nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name="fk_meter_readings_account_id_accounts"),
        sa.ForeignKeyConstraint(["recorded_by"], ["staff.id"],
                                name="fk_meter_readings_recorded_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_meter_readings"),
    )
    protect_append_only("meter_readings")
    op.create_index("ix_meter_readings_account", "meter_readings", ["account_id", "read_on"])
    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("cashier_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("opened_at", UTC_TS, nullable=False),
        sa.Column("float_amount", MONEY, nullable=False),
        sa.Column("closed_at", UTC_TS, nullable=True),
        sa.Column("counted", MONEY, nullable=True),
        sa.Column("expected", MONEY, nullable=True),
        sa.Column("difference", MONEY, nullable=True),
        sa.Column("close_note", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["approved_by"], ["staff.id"], name="fk_shifts_approved_by_staff"),
        sa.ForeignKeyConstraint(["cashier_id"], ["staff.id"], name="fk_shifts_cashier_id_staff"),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_shifts_hall_id_halls"),
        sa.ForeignKeyConstraint(["window_id"], ["windows.id"], name="fk_shifts_window_id_windows"),
        sa.PrimaryKeyConstraint("id", name="pk_shifts"),
    )
    op.create_index("ix_shifts_day", "shifts", ["hall_id", "business_day"])
    op.create_index("ix_shifts_open_cashier", "shifts", ["cashier_id"], unique=True,
                    postgresql_where=OPEN, sqlite_where=OPEN)
    op.create_index("ix_shifts_open_window", "shifts", ["window_id"], unique=True,
                    postgresql_where=OPEN, sqlite_where=OPEN)
    op.create_table(
        "bills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_no", sa.String(20), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("period", sa.String(9), nullable=False),
        sa.Column("tariff_class", sa.String(20), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("principal", MONEY, nullable=False),
        sa.Column("volume", QUANTITY, nullable=True),
        sa.Column("used_before", QUANTITY, nullable=True),
        sa.Column("area", QUANTITY, nullable=True),
        sa.Column("billing_run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name="fk_bills_account_id_accounts"),
        sa.ForeignKeyConstraint(["billing_run_id"], ["billing_runs.id"],
                                name="fk_bills_billing_run_id_billing_runs"),
        sa.PrimaryKeyConstraint("id", name="pk_bills"),
        sa.UniqueConstraint("account_id", "kind", "period", name="uq_bills_account_id_kind_period"),
        sa.UniqueConstraint("bill_no", name="uq_bills_bill_no"),
    )
    protect_append_only("bills")
    op.create_index("ix_bills_account_id", "bills", ["account_id", "due_on"])
    op.create_table(
        "gas_tariff_tiers",
        sa.Column("tariff_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("price", RATE, nullable=False),
        sa.Column("ceiling", QUANTITY, nullable=True),
        sa.Column("extra_person_allowance", QUANTITY, nullable=True),
        sa.ForeignKeyConstraint(["tariff_id"], ["gas_tariffs.id"],
                                name="fk_gas_tariff_tiers_tariff_id_gas_tariffs"),
        sa.PrimaryKeyConstraint("tariff_id", "tier", name="pk_gas_tariff_tiers"),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("cashier_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("paid_at", UTC_TS, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("receipt_year", sa.Integer(), nullable=False),
        sa.Column("receipt_seq", sa.Integer(), nullable=False),
        sa.Column("receipt_no", sa.String(32), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("refund_of_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name="fk_payments_account_id_accounts"),
        sa.ForeignKeyConstraint(["cashier_id"], ["staff.id"], name="fk_payments_cashier_id_staff"),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name="fk_payments_hall_id_halls"),
        sa.ForeignKeyConstraint(["refund_of_id"], ["payments.id"],
                                name="fk_payments_refund_of_id_payments"),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"], name="fk_payments_shift_id_shifts"),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name="fk_payments_ticket_id_tickets"),
        sa.ForeignKeyConstraint(["window_id"], ["windows.id"],
                                name="fk_payments_window_id_windows"),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
        sa.UniqueConstraint("hall_id", "receipt_year", "receipt_seq",
                            name="uq_payments_hall_id_receipt_year_receipt_seq"),
        sa.UniqueConstraint("idempotency_key", name="uq_payments_idempotency_key"),
        sa.UniqueConstraint("receipt_no", name="uq_payments_receipt_no"),
        sa.UniqueConstraint("refund_of_id", name="uq_payments_refund_of_id"),
    )
    protect_append_only("payments")
    op.create_index("ix_payments_account_id", "payments", ["account_id"])
    op.create_index("ix_payments_day", "payments", ["hall_id", "business_day"])
    op.create_index("ix_payments_shift_id", "payments", ["shift_id"])
    op.create_table(
        "shift_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("counted", MONEY, nullable=False),
        sa.Column("difference", MONEY, nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"],
                                name="fk_shift_counts_shift_id_shifts"),
        sa.PrimaryKeyConstraint("id", name="pk_shift_counts"),
    )
    protect_append_only("shift_counts")
    op.create_index("ix_shift_counts_shift_id", "shift_counts", ["shift_id"])
    op.create_table(
        "bill_lines",
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item", sa.String(20), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=True),
        sa.Column("basis", sa.Numeric(14, 2), nullable=False),
        sa.Column("rate", RATE, nullable=False),
        sa.Column("range_start", QUANTITY, nullable=True),
        sa.Column("range_end", QUANTITY, nullable=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["bill_id"], ["bills.id"], name="fk_bill_lines_bill_id_bills"),
        sa.PrimaryKeyConstraint("bill_id", "line_no", name="pk_bill_lines"),
    )
    protect_append_only("bill_lines")
    op.create_table(
        "late_fee_charges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("billing_run_id", sa.Integer(), nullable=True),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("principal_due", MONEY, nullable=False),
        sa.Column("previously_due", MONEY, nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("daily_rate", RATE, nullable=False),
        sa.Column("accrued", MONEY, nullable=False),
        sa.Column("cap_left", MONEY, nullable=False),
        sa.Column("charged", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["bill_id"], ["bills.id"],
                                name="fk_late_fee_charges_bill_id_bills"),
        sa.ForeignKeyConstraint(["billing_run_id"], ["billing_runs.id"],
                                name="fk_late_fee_charges_billing_run_id_billing_runs"),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_late_fee_charges_payment_id_payments"),
        sa.PrimaryKeyConstraint("id", name="pk_late_fee_charges"),
    )
    protect_append_only("late_fee_charges")
    op.create_index("ix_late_fee_charges_bill_id", "late_fee_charges", ["bill_id"])
    op.create_table(
        "late_fee_waivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["approved_by"], ["staff.id"],
                                name="fk_late_fee_waivers_approved_by_staff"),
        sa.ForeignKeyConstraint(["bill_id"], ["bills.id"],
                                name="fk_late_fee_waivers_bill_id_bills"),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_late_fee_waivers_payment_id_payments"),
        sa.PrimaryKeyConstraint("id", name="pk_late_fee_waivers"),
    )
    protect_append_only("late_fee_waivers")
    op.create_index("ix_late_fee_waivers_bill_id", "late_fee_waivers", ["bill_id"])
    op.create_table(
        "payment_voids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("voided_at", UTC_TS, nullable=False),
        sa.Column("voided_by", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["approved_by"], ["staff.id"],
                                name="fk_payment_voids_approved_by_staff"),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_payment_voids_payment_id_payments"),
        sa.ForeignKeyConstraint(["shift_id"], ["shifts.id"],
                                name="fk_payment_voids_shift_id_shifts"),
        sa.ForeignKeyConstraint(["voided_by"], ["staff.id"],
                                name="fk_payment_voids_voided_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_payment_voids"),
        sa.UniqueConstraint("payment_id", name="uq_payment_voids_payment_id"),
    )
    protect_append_only("payment_voids")
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_at", UTC_TS, nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("finished_at", UTC_TS, nullable=True),
        sa.Column("error", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_print_jobs_payment_id_payments"),
        sa.ForeignKeyConstraint(["requested_by"], ["staff.id"],
                                name="fk_print_jobs_requested_by_staff"),
        sa.PrimaryKeyConstraint("id", name="pk_print_jobs"),
        sa.UniqueConstraint("payment_id", "copy_no", name="uq_print_jobs_payment_id_copy_no"),
    )
    op.create_table(
        "tenders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("tendered", MONEY, nullable=True),
        sa.Column("change", MONEY, nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_tenders_payment_id_payments"),
        sa.PrimaryKeyConstraint("id", name="pk_tenders"),
    )
    protect_append_only("tenders")
    op.create_index("ix_tenders_payment_id", "tenders", ["payment_id"])
    op.create_table(
        "allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("void_id", sa.Integer(), nullable=True),
        sa.Column("billing_run_id", sa.Integer(), nullable=True),
        sa.Column("late_fee_amount", MONEY, nullable=False),
        sa.Column("principal_amount", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["bill_id"], ["bills.id"], name="fk_allocations_bill_id_bills"),
        sa.ForeignKeyConstraint(["billing_run_id"], ["billing_runs.id"],
                                name="fk_allocations_billing_run_id_billing_runs"),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_allocations_payment_id_payments"),
        sa.ForeignKeyConstraint(["void_id"], ["payment_voids.id"],
                                name="fk_allocations_void_id_payment_voids"),
        sa.PrimaryKeyConstraint("id", name="pk_allocations"),
    )
    protect_append_only("allocations")
    op.create_index("ix_allocations_bill_id", "allocations", ["bill_id"])
    op.create_index("ix_allocations_payment_id", "allocations", ["payment_id"])
    op.create_table(
        "credit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("void_id", sa.Integer(), nullable=True),
        sa.Column("billing_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name="fk_credit_entries_account_id_accounts"),
        sa.ForeignKeyConstraint(["billing_run_id"], ["billing_runs.id"],
                                name="fk_credit_entries_billing_run_id_billing_runs"),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"],
                                name="fk_credit_entries_payment_id_payments"),
        sa.ForeignKeyConstraint(["void_id"], ["payment_voids.id"],
                                name="fk_credit_entries_void_id_payment_voids"),
        sa.PrimaryKeyConstraint("id", name="pk_credit_entries"),
    )
    protect_append_only("credit_entries")
    op.create_index("ix_credit_entries_account_id", "credit_entries", ["account_id"])
    _trigram_indexes()


def downgrade() -> None:
    for name, table, _column in reversed(TRIGRAM_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_credit_entries_account_id", table_name="credit_entries")
    unprotect_append_only("credit_entries")
    op.drop_table("credit_entries")
    op.drop_index("ix_allocations_payment_id", table_name="allocations")
    op.drop_index("ix_allocations_bill_id", table_name="allocations")
    unprotect_append_only("allocations")
    op.drop_table("allocations")
    op.drop_index("ix_tenders_payment_id", table_name="tenders")
    unprotect_append_only("tenders")
    op.drop_table("tenders")
    op.drop_table("print_jobs")
    unprotect_append_only("payment_voids")
    op.drop_table("payment_voids")
    op.drop_index("ix_late_fee_waivers_bill_id", table_name="late_fee_waivers")
    unprotect_append_only("late_fee_waivers")
    op.drop_table("late_fee_waivers")
    op.drop_index("ix_late_fee_charges_bill_id", table_name="late_fee_charges")
    unprotect_append_only("late_fee_charges")
    op.drop_table("late_fee_charges")
    unprotect_append_only("bill_lines")
    op.drop_table("bill_lines")
    op.drop_index("ix_shift_counts_shift_id", table_name="shift_counts")
    unprotect_append_only("shift_counts")
    op.drop_table("shift_counts")
    op.drop_index("ix_payments_shift_id", table_name="payments")
    op.drop_index("ix_payments_day", table_name="payments")
    op.drop_index("ix_payments_account_id", table_name="payments")
    unprotect_append_only("payments")
    op.drop_table("payments")
    op.drop_table("gas_tariff_tiers")
    op.drop_index("ix_bills_account_id", table_name="bills")
    unprotect_append_only("bills")
    op.drop_table("bills")
    op.drop_index("ix_shifts_open_window", table_name="shifts")
    op.drop_index("ix_shifts_open_cashier", table_name="shifts")
    op.drop_index("ix_shifts_day", table_name="shifts")
    op.drop_table("shifts")
    op.drop_index("ix_meter_readings_account", table_name="meter_readings")
    unprotect_append_only("meter_readings")
    op.drop_table("meter_readings")
    op.drop_table("late_fee_policies")
    op.drop_table("heating_tariffs")
    op.drop_table("gas_tariffs")
    unprotect_append_only("day_closes")
    op.drop_table("day_closes")
    unprotect_append_only("billing_runs")
    op.drop_table("billing_runs")
    op.drop_table("receipt_counters")
