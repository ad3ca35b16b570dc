"""Late fee lines and credit entries found by their payment, through an index.

Every payment reads its late fee lines and its credit change back by ``payment_id``
(``cashier._result``), and so does every receipt (``cashier.receipt_data``); both columns had
no index, so each read scanned the whole table: 5 ms twice per payment with one busy day's
68,000 late fee lines (bench/cashier_bench.py), and growing with every day the system runs.

Revision ID: 0007_ledger_payment_lookups
Revises: 0006_billing
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_ledger_payment_lookups"
down_revision: str | None = "0006_billing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_late_fee_charges_payment_id", "late_fee_charges", ["payment_id"])
    op.create_index("ix_credit_entries_payment_id", "credit_entries", ["payment_id"])


def downgrade() -> None:
    op.drop_index("ix_credit_entries_payment_id", table_name="credit_entries")
    op.drop_index("ix_late_fee_charges_payment_id", table_name="late_fee_charges")
