"""Fee collection: tariffs, meter readings, bills, cashier shifts, payments and their ledger.

Every amount owed or paid is derived from append-only rows, never from a mutable balance:
a bill's principal (``bills``) less what ``allocations`` paid on it (voids add negative
allocations), its late fee from ``late_fee_charges`` less ``late_fee_waivers`` and paid
allocations, the account's prepaid credit (预存) from ``credit_entries``. Nothing financial is
UPDATEd or DELETEd (``info={"append_only": True}``: database triggers and grants enforce it),
so the state of an account on any day can be rebuilt and audited.

Mutable rows are the ones that describe work in progress: a cashier's shift (opened, then
closed once), the receipt counter of a hall and year, and print jobs (queued, then printed or
failed). Those may change but never disappear (``no_delete``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow
from app.models.customers import Customer

APPEND_ONLY = {"info": {"append_only": True}}
NO_DELETE = {"info": {"no_delete": True}}

RATE = Numeric(12, 6, asdecimal=True)  # prices per m³ / m², shares, daily rates
QUANTITY = Numeric(12, 2, asdecimal=True)  # m³, m²


class TenderMethod(StrEnum):
    CASH = "cash"
    CARD = "card"  # bank card (POS slip number as reference)
    WECHAT = "wechat"
    ALIPAY = "alipay"


class PrintStatus(StrEnum):
    QUEUED = "queued"
    PRINTED = "printed"
    FAILED = "failed"


# --- tariffs (published prices; a new price is a new row from its date on) -----------------


class GasTariffRow(Base):
    """A gas price list of one tariff class from ``effective_from`` on; tiers below."""

    __tablename__ = "gas_tariffs"
    __table_args__ = (UniqueConstraint("tariff_class", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_class: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[date]
    household_base_size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class GasTariffTier(Base):
    """One tier: its price, the cumulative annual m³ where it ends (none for the last) and
    what each person beyond the base household size adds to that ceiling."""

    __tablename__ = "gas_tariff_tiers"

    tariff_id: Mapped[int] = mapped_column(ForeignKey("gas_tariffs.id"), primary_key=True)
    tier: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 1 = 第一档
    price: Mapped[Decimal] = mapped_column(RATE)
    ceiling: Mapped[Decimal | None] = mapped_column(QUANTITY)
    extra_person_allowance: Mapped[Decimal | None] = mapped_column(QUANTITY)


class HeatingTariffRow(Base):
    __tablename__ = "heating_tariffs"
    __table_args__ = (UniqueConstraint("tariff_class", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_class: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[date]
    unit_price: Mapped[Decimal] = mapped_column(RATE)  # 元 per m² and season
    suspended_share: Mapped[Decimal] = mapped_column(RATE)  # 报停 base fee share
    relief_share: Mapped[Decimal] = mapped_column(RATE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class LateFeePolicyRow(Base):
    """Late fee terms per account kind and tariff class, from ``effective_from`` on."""

    __tablename__ = "late_fee_policies"
    __table_args__ = (UniqueConstraint("kind", "tariff_class", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    tariff_class: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[date]
    daily_rate: Mapped[Decimal] = mapped_column(RATE)
    cap_share: Mapped[Decimal] = mapped_column(RATE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


# --- readings and bills ----------------------------------------------------------------------


class MeterReading(Base):
    """A gas meter reading and the m³ since the one before (a rollover already accounted)."""

    __tablename__ = "meter_readings"
    __table_args__ = (
        Index("ix_meter_readings_account", "account_id", "read_on"),
        APPEND_ONLY,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    read_on: Mapped[date]
    previous: Mapped[Decimal] = mapped_column(QUANTITY)
    reading: Mapped[Decimal] = mapped_column(QUANTITY)
    volume: Mapped[Decimal] = mapped_column(QUANTITY)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class BillingRun(Base):
    """One run of the billing for a kind and period: what it created, found, skipped."""

    __tablename__ = "billing_runs"
    __table_args__ = (APPEND_ONLY,)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(9))
    issued_on: Mapped[date]
    due_on: Mapped[date]
    run_at: Mapped[datetime]
    run_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created: Mapped[int]
    existed: Mapped[int]
    skipped: Mapped[int]


class Bill(Base):
    """What an account owes for one period: one per (account, kind, period), never changed.

    ``bill_no`` is printed as the bill's barcode; scanning it at the cashier finds the account.
    """

    __tablename__ = "bills"
    __table_args__ = (
        UniqueConstraint("account_id", "kind", "period"),
        Index("ix_bills_account_id", "account_id", "due_on"),
        APPEND_ONLY,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_no: Mapped[str] = mapped_column(String(20), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    kind: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(9))  # gas 2026-11, heating season 2026-2027
    tariff_class: Mapped[str] = mapped_column(String(20))
    issued_on: Mapped[date]
    due_on: Mapped[date]
    principal: Mapped[Decimal]
    volume: Mapped[Decimal | None] = mapped_column(QUANTITY)  # gas m³ of the period
    used_before: Mapped[Decimal | None] = mapped_column(QUANTITY)  # gas m³ earlier that year
    area: Mapped[Decimal | None] = mapped_column(QUANTITY)  # heating m²
    billing_run_id: Mapped[int | None] = mapped_column(ForeignKey("billing_runs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BillLine(Base):
    """How a bill's amount was reached, line by line (tiers; heating, 报停 share, relief)."""

    __tablename__ = "bill_lines"
    __table_args__ = (APPEND_ONLY,)

    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    item: Mapped[str] = mapped_column(String(20))  # gas_tier | heating | suspended | relief
    tier: Mapped[int | None]
    basis: Mapped[Decimal] = mapped_column(Numeric(14, 2, asdecimal=True))
    rate: Mapped[Decimal] = mapped_column(RATE)
    range_start: Mapped[Decimal | None] = mapped_column(QUANTITY)
    range_end: Mapped[Decimal | None] = mapped_column(QUANTITY)
    amount: Mapped[Decimal]


# --- the cashier's desk ----------------------------------------------------------------------


class Shift(Base):
    """A cashier's shift at a window's cash drawer, for one business day.

    Opened with a float, closed once with a blind count: ``expected`` is computed by the
    service when the count arrives, never shown before.
    """

    __tablename__ = "shifts"
    __table_args__ = (
        # One open shift per cashier and per drawer (window).
        Index("ix_shifts_open_cashier", "cashier_id", unique=True,
              postgresql_where=text("closed_at IS NULL"), sqlite_where=text("closed_at IS NULL")),
        Index("ix_shifts_open_window", "window_id", unique=True,
              postgresql_where=text("closed_at IS NULL"), sqlite_where=text("closed_at IS NULL")),
        Index("ix_shifts_day", "hall_id", "business_day"),
        NO_DELETE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    cashier_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    business_day: Mapped[date]
    opened_at: Mapped[datetime]
    float_amount: Mapped[Decimal]
    closed_at: Mapped[datetime | None]
    counted: Mapped[Decimal | None]
    expected: Mapped[Decimal | None]
    difference: Mapped[Decimal | None]
    close_note: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ShiftCount(Base):
    """Every cash count submitted at a close, accepted or not: a recount is visible."""

    __tablename__ = "shift_counts"
    __table_args__ = (Index("ix_shift_counts_shift_id", "shift_id"), APPEND_ONLY)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"))
    at: Mapped[datetime]
    counts: Mapped[str] = mapped_column(Text)  # JSON {"100": 3, "0.1": 2}
    counted: Mapped[Decimal]
    difference: Mapped[Decimal]
    accepted: Mapped[bool]


class DayClose(Base):
    """A hall's business day, closed: no payment is dated in it any more."""

    __tablename__ = "day_closes"
    __table_args__ = (APPEND_ONLY,)

    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    business_day: Mapped[date] = mapped_column(primary_key=True)
    closed_at: Mapped[datetime]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    report: Mapped[str] = mapped_column(Text)  # the collection report (收费日报) as JSON


class ReceiptCounter(Base):
    """The last receipt number of a hall's series for a year, bumped inside the payment's
    transaction (a sequence would leave gaps on every rollback)."""

    __tablename__ = "receipt_counters"
    __table_args__ = (NO_DELETE,)

    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int]


class Payment(Base):
    """Money received (or, negative, refunded) at a cashier's window, with its receipt number.

    The receipt is this row: its number never changes, a void (``payment_voids``) marks it
    作废, reprints are print jobs. ``idempotency_key`` is generated by the client per
    submission, so a retry charges once; ``request_hash`` tells a retry from a different
    payment that reused a key.
    """

    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("hall_id", "receipt_year", "receipt_seq"),
        Index("ix_payments_account_id", "account_id"),
        Index("ix_payments_shift_id", "shift_id"),
        Index("ix_payments_day", "hall_id", "business_day"),
        APPEND_ONLY,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"))
    cashier_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    business_day: Mapped[date]
    paid_at: Mapped[datetime]
    amount: Mapped[Decimal]  # received, net of change; negative for a refund
    receipt_year: Mapped[int]
    receipt_seq: Mapped[int]
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    refund_of_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), unique=True)


class PaymentTender(Base):
    """One way the money came: cash (handed over and change given), card, WeChat, Alipay."""

    __tablename__ = "tenders"
    __table_args__ = (Index("ix_tenders_payment_id", "payment_id"), APPEND_ONLY)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"))
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal]  # what this tender paid (cash: handed over less change)
    tendered: Mapped[Decimal | None]  # cash handed over
    change: Mapped[Decimal]
    reference: Mapped[str] = mapped_column(String(64), default="")


class PaymentVoid(Base):
    """A payment taken back in its own shift, with a manager's approval: receipt 作废."""

    __tablename__ = "payment_voids"
    __table_args__ = (APPEND_ONLY,)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"))
    voided_at: Mapped[datetime]
    voided_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    approved_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str] = mapped_column(Text)


class Allocation(Base):
    """What a payment (or prepaid credit at billing) paid on one bill; a void adds the same
    amounts negated (``void_id``)."""

    __tablename__ = "allocations"
    __table_args__ = (
        Index("ix_allocations_bill_id", "bill_id"),
        Index("ix_allocations_payment_id", "payment_id"),
        APPEND_ONLY,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    void_id: Mapped[int | None] = mapped_column(ForeignKey("payment_voids.id"))
    billing_run_id: Mapped[int | None] = mapped_column(ForeignKey("billing_runs.id"))
    late_fee_amount: Mapped[Decimal]
    principal_amount: Mapped[Decimal]


class CreditEntry(Base):
    """A change of an account's prepaid credit (预存): left by a payment (+), used by one or
    by a new bill (−), taken back by a void."""

    __tablename__ = "credit_entries"
    __table_args__ = (
        Index("ix_credit_entries_account_id", "account_id"),
        Index("ix_credit_entries_payment_id", "payment_id"),  # a payment's credit change
        APPEND_ONLY,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    amount: Mapped[Decimal]
    at: Mapped[datetime]
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    void_id: Mapped[int | None] = mapped_column(ForeignKey("payment_voids.id"))
    billing_run_id: Mapped[int | None] = mapped_column(ForeignKey("billing_runs.id"))


class LateFeeCharge(Base):
    """A bill's late fee line (app.billing.pricing.LateFeeLine) booked at a payment, or when
    prepaid credit paid the bill at a billing run: written whenever there were days to charge
    or late fee owed, so the receipt shows every line the customer was told about."""

    __tablename__ = "late_fee_charges"
    __table_args__ = (
        Index("ix_late_fee_charges_bill_id", "bill_id"),
        Index("ix_late_fee_charges_payment_id", "payment_id"),  # a receipt's late fee lines
        APPEND_ONLY,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    billing_run_id: Mapped[int | None] = mapped_column(ForeignKey("billing_runs.id"))
    at: Mapped[datetime]
    principal_due: Mapped[Decimal]
    previously_due: Mapped[Decimal]  # late fee charged before and still owed
    first_day: Mapped[date | None]
    last_day: Mapped[date]
    days: Mapped[int]
    daily_rate: Mapped[Decimal] = mapped_column(RATE)
    accrued: Mapped[Decimal]
    cap_left: Mapped[Decimal]
    charged: Mapped[Decimal]


class LateFeeWaiver(Base):
    """Late fee a manager let off, with the reason, at a payment."""

    __tablename__ = "late_fee_waivers"
    __table_args__ = (Index("ix_late_fee_waivers_bill_id", "bill_id"), APPEND_ONLY)

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    at: Mapped[datetime]
    amount: Mapped[Decimal]
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class PrintJob(Base):
    """A receipt sent to the printer: copy 0 is the original, later copies are 重打."""

    __tablename__ = "print_jobs"
    __table_args__ = (UniqueConstraint("payment_id", "copy_no"), NO_DELETE)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"))
    copy_no: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime]
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(10), default=PrintStatus.QUEUED.value)
    finished_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(String(200), default="")


# --- search at the cashier -------------------------------------------------------------------

# Trigram index for "name starts with" searches on PostgreSQL (pg_trgm, created by migration
# 0006 when the migrating role may; otherwise a plain index stands in). On SQLite an empty
# partial index (WHERE 0): LIKE scans there anyway, and an empty index costs nothing.
# Addresses are searched in their normal form, indexed with the account
# (``ix_accounts_address_key_trgm``, migration 0008).
Index("ix_customers_name_trgm", Customer.name, postgresql_using="gin",
      postgresql_ops={"name": "gin_trgm_ops"}, sqlite_where=text("0"))
