"""The cashier's desk: find the account, show what it owes, take the money, print the receipt;
void, refund and reprint; open and close shifts blind; close the business day.

Rules chosen here (the pure calculation is ``app.billing.pricing``):

- Late fees are computed at payment time, on the bills the payment covers (all open bills, or
  the ones named), and booked as ledger rows with the payment; a manager's waiver is a row
  too, with its reason and approver. A void leaves both in place: the fee was owed on that
  day, and the next payment charges only the days after it.
- The money allocated is what was tendered (net of change) plus the account's prepaid
  credit; what is left over stays (or becomes) credit (预存).
- One transaction per payment: payment, tenders, late fee lines, waivers, allocations,
  credit, the receipt number (a counter row per hall and year, bumped in the same
  transaction, so a rolled-back payment leaves no gap), the first print job, audit, notice.
- Locks, always in this order: the cashier's shift row, the account row, the receipt counter,
  the audit chain head, the change counter. The shift lock makes a payment and the shift's
  close exclusive; the account lock serialises everything that changes what an account owes.
- Idempotency: the client's key is unique on ``payments``. A key seen before with the same
  request returns that payment's receipt; with another request it is refused. Two
  submissions racing on PostgreSQL: the second one's INSERT violates the key, is rolled back
  (its receipt number with it) and returns the first one's receipt.
- A shift belongs to one cashier, one window (cash drawer) and one business day: a shift left
  open past midnight takes no payments until it is closed and a new one opened, so each day
  reconciles on its own. A closed day accepts no new shift and no payment.
- A void is allowed in the payment's own shift only, while it is open, with a manager's
  approval; afterwards a refund is a new, negative payment (``refund_payment``) with its own
  receipt number, in the refunding cashier's shift.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Engine, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from app import events
from app.billing.money import ZERO, chinese_capital, ensure_fen
from app.billing.pricing import (
    LateFeeLine,
    PaymentQuote,
    allocate,
    amount_due,
    quote_payment,
)
from app.db import keep_despite_rollback
from app.errors import (
    ApprovalRequired,
    CashierRefused,
    Conflict,
    DayClosed,
    IdempotencyConflict,
    NotFound,
    ShiftNotOpen,
    ValidationError,
)
from app.models import (
    Account,
    AccountStatus,
    Allocation,
    AuditChainHead,
    AuditEntry,
    Bill,
    CreditEntry,
    Customer,
    DayClose,
    DeploymentSetting,
    Hall,
    LateFeeCharge,
    LateFeeWaiver,
    Payment,
    PaymentTender,
    PaymentVoid,
    PrintJob,
    PrintStatus,
    ReceiptCounter,
    Shift,
    ShiftCount,
    Staff,
    TenderMethod,
    Ticket,
    Window,
)
from app.models.base import utcnow
from app.permissions import Permission, has_permission
from app.services import audit, auth
from app.services import customers as customer_search
from app.services.billing_runs import (
    BILL_NO,
    BillState,
    account_credit,
    bill_states,
    book,
    late_fee_policies,
    lock_account,
)
from app.services.context import Actor, require, require_same_hall
from app.services.customers import mask_name
from app.services.queueing import business_day
from app.text import MAX_REASON_LENGTH, search_text, written_text

PAYMENTS = "payments"  # the change-notice topic of fee collection
MIN_REASON_LENGTH = 2
MAX_KEY_LENGTH = 64
PART_MARK = "#"  # a batch's receipts after the first: "<key>#2", "<key>#3" …
# A shift whose counted cash differs from the expected by more than this needs a manager's
# approval to close; deployments change it in deployment_settings.
DIFFERENCE_THRESHOLD_KEY = "shift_difference_threshold"
DEFAULT_DIFFERENCE_THRESHOLD = Decimal("10.00")
COMPANY_NAME_KEY = "company_name"
# Notes and coins a drawer holds (RMB, including the older 2 元 / 2 角 notes still legal).
DENOMINATIONS: Mapping[str, Decimal] = {
    d: Decimal(d) for d in ("100", "50", "20", "10", "5", "2", "1", "0.5", "0.2", "0.1",
                            "0.05", "0.02", "0.01")}
CASH = TenderMethod.CASH.value
METHODS = tuple(m.value for m in TenderMethod)


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tender:
    """One way of paying: ``amount`` is what it pays; for cash, ``tendered`` is what was
    handed over (at least ``amount``; the rest is change). Non-cash needs its ``reference``
    (POS slip or transaction number) for the bank reconciliation."""

    method: str
    amount: Decimal
    reference: str = ""
    tendered: Decimal | None = None

    @property
    def change(self) -> Decimal:
        return (self.tendered - self.amount) if self.tendered is not None else ZERO


@dataclass(frozen=True)
class Waiver:
    """A manager lets ``amount`` of a bill's late fee off, for a reason."""

    bill_id: int
    amount: Decimal
    reason: str


# --- value objects ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountHit:
    account_id: int
    account_no: str
    kind: str
    masked_name: str
    address: str
    meter_no: str
    status: str
    matched_on: str  # bill_no, or what customers.find_customers matched on


@dataclass(frozen=True)
class BillDue:
    """One open bill at the counter; ``late_fee`` is its line at the payment day."""

    bill_id: int
    bill_no: str
    kind: str
    period: str
    due_on: date
    principal: Decimal
    principal_due: Decimal
    late_fee: LateFeeLine
    outstanding: Decimal  # principal due + late fee owed with this day's line


@dataclass(frozen=True)
class AccountDue:
    account_id: int
    account_no: str
    kind: str
    tariff_class: str
    masked_name: str
    address: str
    on: date
    bills: tuple[BillDue, ...]
    prepaid_credit: Decimal
    total_due: Decimal  # all open bills with late fees, less the credit (never below 0)
    status: str = AccountStatus.ACTIVE.value  # a closed account takes no prepaid credit

    @property
    def late_fees(self) -> tuple[LateFeeLine, ...]:
        return tuple(bill.late_fee for bill in self.bills)


@dataclass(frozen=True)
class PaidItem:
    bill_id: int
    bill_no: str
    kind: str
    period: str
    principal: Decimal
    late_fee: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.late_fee


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    receipt_no: str
    account_id: int
    amount: Decimal  # received, net of change (negative: a refund)
    change: Decimal
    items: tuple[PaidItem, ...]
    late_fees: tuple[LateFeeLine, ...]
    credit_change: Decimal  # + left as prepaid credit, − credit used
    print_job_id: int | None
    replayed: bool = False  # the same idempotency key again: this is the first receipt
    # the receipt as it stands at the commit, to print the original without reading it again
    receipt: ReceiptData | None = None


@dataclass(frozen=True)
class VoidResult:
    payment_id: int
    receipt_no: str
    void_id: int
    amount: Decimal
    approved_by: str  # the approver's user name (as the audit records it)
    approver_name: str = ""  # their real name, for the screen: 张建国, not zhangjg


@dataclass(frozen=True)
class PrintJobInfo:
    job_id: int
    payment_id: int
    receipt_no: str
    copy_no: int  # 0 the original, 1… 重打
    status: str


@dataclass(frozen=True)
class ReceiptTender:
    method: str
    amount: Decimal
    tendered: Decimal | None
    change: Decimal
    reference: str


@dataclass(frozen=True)
class ReceiptData:
    """Everything a printed receipt shows, as plain values."""

    company: str
    hall_name: str
    hall_address: str
    hall_phone: str
    receipt_no: str
    paid_at: datetime  # in the hall's time zone
    business_day: date
    account_no: str
    account_kind: str
    customer_name: str  # in full, for printing/receipt.py, which prints it masked
    masked_name: str
    address: str
    items: tuple[PaidItem, ...]
    late_fees: tuple[LateFeeLine, ...]
    credit_change: Decimal
    total: Decimal
    total_in_words: str  # 大写
    tenders: tuple[ReceiptTender, ...]
    change: Decimal
    cashier: str
    window_number: int
    voided: bool  # 作废
    void_reason: str
    reprint_count: int  # copies printed after the original (重打)
    refund_of: str  # the refunded receipt's number, for a refund
    # Taken with others in one payment of the customer (take_payments): every receipt of it
    # (this one too) as (receipt number, amount), in number order; () when alone.
    together: tuple[tuple[str, Decimal], ...] = ()
    # Of those, the receipts that carry the customer's change, with it (the cash's change
    # goes with its last piece, which may be on any of them): () when no change was given.
    change_on: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    hall_id: int
    window_number: int
    cashier: str
    business_day: date
    opened_at: datetime
    float_amount: Decimal
    closed_at: datetime | None


@dataclass(frozen=True)
class ShiftCloseResult:
    shift_id: int
    counted: Decimal
    expected: Decimal
    difference: Decimal  # counted − expected: + over, − short
    approved_by: str  # the approver's user name (as the audit records it), "" for none
    closed_at: datetime
    approver_name: str = ""  # their real name, for the screen: 张建国, not zhangjg


@dataclass(frozen=True)
class MethodTotal:
    method: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class ShiftReport:
    shift: ShiftInfo
    payments: int
    refunds: int
    voids: int
    collected: Decimal  # net of voids and refunds
    by_method: tuple[MethodTotal, ...]
    cash_in: Decimal  # cash handed over
    change_given: Decimal
    cash_voided: Decimal
    cash_refunded: Decimal
    expected_cash: Decimal | None  # hidden from the cashier until the shift is closed
    counted: Decimal | None
    difference: Decimal | None


@dataclass(frozen=True)
class CashierTotal:
    username: str
    full_name: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class ShiftLine:
    shift_id: int
    cashier: str
    window_number: int
    float_amount: Decimal
    expected: Decimal | None
    counted: Decimal | None
    difference: Decimal | None


@dataclass(frozen=True)
class DailyReport:
    """The collection report (收费日报) of a hall's business day."""

    hall_id: int
    hall_name: str
    business_day: date
    closed_at: datetime | None
    payments: int
    refunds: int
    voids: int
    total: Decimal
    by_method: tuple[MethodTotal, ...]
    by_cashier: tuple[CashierTotal, ...]
    by_fee_kind: tuple[tuple[str, Decimal], ...]  # gas, heating, late_fee, prepaid
    shifts: tuple[ShiftLine, ...]
    closed_by: str = ""  # the full name of who closed the day, "" while it is open


# --- helpers ---------------------------------------------------------------------------------


def _hall(session: Session, actor: Actor) -> Hall:
    hall = session.get(Hall, actor.hall_id) if actor.hall_id is not None else None
    if hall is None:
        raise CashierRefused("Sign in at a hall to collect fees.", rule="no_hall")
    return hall


def _reason(reason: str, field: str = "reason") -> str:
    """A reason as written: no control characters, at most MAX_REASON_LENGTH (app/text.py)."""
    clean = written_text(reason, field=field, max_length=MAX_REASON_LENGTH)
    if len(clean) < MIN_REASON_LENGTH:
        raise ValidationError("Give a reason.", field=field, rule="required")
    return clean


def _money(value: Decimal | int, field: str) -> Decimal:
    return ensure_fen(value, field)


def _setting(session: Session, key: str) -> str | None:
    row = session.get(DeploymentSetting, key)
    return row.value if row is not None else None


def difference_threshold(session: Session) -> Decimal:
    value = _setting(session, DIFFERENCE_THRESHOLD_KEY)
    return Decimal(value) if value else DEFAULT_DIFFERENCE_THRESHOLD


def _approve(session: Session, actor: Actor, username: str, password: str,
             permission: Permission, action: str, now: datetime) -> Staff:
    """A manager's approval at this counter (auth.verify_approver): call before writing."""
    return auth.verify_approver(session, actor, username, password, permission, action, now)


def _open_shift(session: Session, actor: Actor, *, lock: bool) -> Shift | None:
    stmt = select(Shift).where(Shift.cashier_id == actor.staff_id, Shift.closed_at.is_(None))
    if lock:
        stmt = stmt.with_for_update(key_share=True)
    return session.scalars(stmt).one_or_none()


def _working_shift(session: Session, actor: Actor, hall: Hall, day: date) -> Shift:
    """The actor's open shift, locked, at this window and for today: payments need it."""
    shift = _open_shift(session, actor, lock=True)
    if shift is None:
        raise ShiftNotOpen()
    if shift.hall_id != hall.id or shift.window_id != actor.window_id:
        raise CashierRefused("Your open shift is at another window: close it there first.",
                             rule="other_window")
    if shift.business_day != day:
        raise CashierRefused("Your shift is of {day}: close it and open a new one.",
                             rule="stale_shift", day=shift.business_day.isoformat())
    _refuse_closed_day(session, hall, day)
    return shift


def _refuse_closed_day(session: Session, hall: Hall, day: date) -> None:
    if session.get(DayClose, (hall.id, day)) is not None:
        raise DayClosed(day=day.isoformat())


def _lock_hall(session: Session, hall: Hall) -> None:
    """Opening a shift and closing the day are exclusive per hall.

    Row locks here are FOR NO KEY UPDATE (``key_share``): inserting a row that references
    the locked one (a payment names its hall and shift) takes FOR KEY SHARE, which a plain
    FOR UPDATE would block, and a payment holding its shift would deadlock with a day close
    holding the hall."""
    session.execute(select(Hall.id).where(Hall.id == hall.id).with_for_update(key_share=True))


def _bill_due(state: BillState, principal: Decimal, line: LateFeeLine,
              outstanding: Decimal) -> BillDue:
    return BillDue(state.bill_id, state.bill_no, state.kind, state.period, state.due_on,
                   principal, state.open.principal_due, line, outstanding)


def _customer_name(session: Session, account: Account) -> str:
    customer = session.get(Customer, account.customer_id)
    return customer.name if customer is not None else ""


def _payment(session: Session, actor: Actor, payment_id: int) -> Payment:
    payment = session.get(Payment, payment_id)
    if payment is None or payment.hall_id != actor.hall_id:
        raise NotFound(what="payment")
    return payment


# --- finding and quoting ---------------------------------------------------------------------


def find_accounts(session: Session, actor: Actor, query: str, *,
                  limit: int = customer_search.MAX_RESULTS) -> list[AccountHit]:
    """By account number, phone, meter number, name, address fragment, or a scanned bill
    barcode (its 16-digit bill number): what the cashier types or scans, then Enter."""
    require(session, actor, Permission.SEARCH_CUSTOMERS)
    q = query.strip()
    if BILL_NO.fullmatch(q):
        found = session.execute(select(Account, Customer.name).join(Bill, Bill.account_id ==
                                                                    Account.id)
                                .join(Customer, Customer.id == Account.customer_id)
                                .where(Bill.bill_no == q)).one_or_none()
        hits = [] if found is None else [_hit(found[0], found[1], "bill_no")]
        return hits
    customers = customer_search.find_customers(session, actor, q, limit=limit)
    numbers = [a.account_no for c in customers for a in c.accounts]
    accounts = {a.account_no: a for a in session.scalars(
        select(Account).where(Account.account_no.in_(numbers)))} if numbers else {}
    hits = [AccountHit(accounts[a.account_no].id, a.account_no, a.kind, c.masked_name,
                       a.address, a.meter_no, a.status, c.matched_on)
            for c in customers for a in c.accounts if a.account_no in accounts]
    return hits


def _hit(account: Account, name: str, matched_on: str) -> AccountHit:
    return AccountHit(account.id, account.account_no, account.kind, mask_name(name),
                      account.address, account.meter_no or "", account.status, matched_on)


def open_bills(session: Session, actor: Actor, account_id: int, *, on: date | None = None,
               now: datetime | None = None) -> AccountDue:
    """What the account owes on ``on`` (default: today at the hall): each open bill with its
    late fee line as a payment that day would charge it, the prepaid credit, the total."""
    require(session, actor, Permission.SEARCH_CUSTOMERS)
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(what="account")
    if on is None:
        hall = session.get(Hall, actor.hall_id) if actor.hall_id is not None else None
        now = now or utcnow()
        on = business_day(hall, now) if hall else now.astimezone(
            ZoneInfo("Asia/Shanghai")).date()
    result = _account_due(session, account, on)
    return result


def _account_due(session: Session, account: Account, on: date) -> AccountDue:
    states = [s for s in bill_states(session, account.id) if s.open.outstanding]
    credit = account_credit(session, account.id)
    quote = quote_payment([s.open for s in states], on,
                          late_fee_policies(session, account.kind), account.tariff_class)
    bills = tuple(_bill_due(s, s.open.principal, line, booked.outstanding)
                  for s, line, booked in zip(states, quote.late_fees, quote.bills, strict=True))
    return AccountDue(account.id, account.account_no, account.kind, account.tariff_class,
                      mask_name(_customer_name(session, account)), account.address, on, bills,
                      credit, max(ZERO, quote.total_due - credit), account.status)


@dataclass(frozen=True)
class CustomerDue:
    """Every account of one customer and what each owes on ``on`` (the card's 欠费 is the
    sum of the accounts' ``total_due``: the same figure, computed the same way)."""

    customer_id: int
    on: date
    accounts: tuple[AccountDue, ...]  # in account number order

    @property
    def total_due(self) -> Decimal:
        return sum((a.total_due for a in self.accounts), ZERO)

    @property
    def owing(self) -> tuple[AccountDue, ...]:
        """The accounts that owe, oldest debt first: what the desk collects unless told
        otherwise."""
        owing = [a for a in self.accounts if a.total_due > 0]
        return tuple(sorted(owing, key=lambda a: (min(b.due_on for b in a.bills),
                                                  a.account_no)))

    @property
    def first(self) -> AccountDue | None:
        """The account the desk opens: the one with the oldest debt, else the first one;
        never an account that owes nothing while another owes."""
        owing = self.owing
        return owing[0] if owing else (self.accounts[0] if self.accounts else None)


def customer_due(session: Session, actor: Actor, customer_id: int, *, on: date | None = None,
                 now: datetime | None = None) -> CustomerDue:
    """What each of a customer's accounts owes on ``on`` (default: today at the hall)."""
    require(session, actor, Permission.SEARCH_CUSTOMERS)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(what="customer")
    if on is None:
        hall = session.get(Hall, actor.hall_id) if actor.hall_id is not None else None
        now = now or utcnow()
        on = business_day(hall, now) if hall else now.astimezone(
            ZoneInfo("Asia/Shanghai")).date()
    accounts = session.scalars(select(Account).where(Account.customer_id == customer.id)
                               .order_by(Account.account_no)).all()
    result = CustomerDue(customer.id, on, tuple(_account_due(session, a, on) for a in accounts))
    return result


# --- taking money ----------------------------------------------------------------------------


def _tenders(tenders: Sequence[Tender]) -> list[Tender]:
    if not tenders:
        raise ValidationError("Say how the customer pays.", field="tenders", rule="required")
    result = []
    for tender in tenders:
        if tender.method not in METHODS:
            raise ValidationError("Not a way of paying: {method}.", field="method",
                                  rule="method", method=tender.method)
        amount = _money(tender.amount, "amount")
        if amount <= 0:
            raise ValidationError("A tender pays more than nothing.", field="amount",
                                  rule="positive")
        tendered = None
        reference = written_text(tender.reference, field="reference", max_length=64)
        if tender.method == CASH:
            if tender.tendered is not None:
                tendered = _money(tender.tendered, "tendered")
                if tendered < amount:
                    raise ValidationError("Less cash handed over than it pays.",
                                          field="tendered", rule="short")
        else:
            if tender.tendered is not None and _money(tender.tendered, "tendered") != amount:
                raise ValidationError("Only cash gives change.", field="tendered",
                                      rule="no_change")
            if not reference:
                raise ValidationError("Enter the transaction number.", field="reference",
                                      rule="required")
        result.append(Tender(tender.method, amount, reference, tendered))
    return result


def _client_key(idempotency_key: str, longest: int, what: str) -> str:
    """The client's submission key, checked: never empty, never longer than ``longest``, and
    without ``PART_MARK`` (the keys of a batch's further receipts are the first's key, the
    mark and a number: no client key can be one of them)."""
    key = idempotency_key.strip()
    if not key or len(key) > longest:
        raise ValidationError(what, field="idempotency_key", rule="required")
    if PART_MARK in key:
        raise ValidationError("A submission key has no “{mark}”.", field="idempotency_key",
                              rule="format", mark=PART_MARK)
    return key


def _request_hash(account_id: int, tenders: Sequence[Tender], bill_ids: Sequence[int] | None,
                  amount: Decimal | None, waivers: Sequence[Waiver],
                  ticket_id: int | None) -> str:
    body = {
        "account_id": account_id,
        "tenders": [[t.method, str(t.amount), None if t.tendered is None else str(t.tendered),
                     t.reference] for t in tenders],
        "bill_ids": None if bill_ids is None else sorted(bill_ids),
        "amount": None if amount is None else str(amount),
        "waivers": sorted([w.bill_id, str(w.amount), w.reason.strip()] for w in waivers),
        "ticket_id": ticket_id,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _replay(session: Session, key: str, request_hash: str) -> PaymentResult | None:
    payment = session.scalars(select(Payment).where(Payment.idempotency_key == key)).first()
    if payment is None:
        return None
    if payment.request_hash != request_hash:
        raise IdempotencyConflict(receipt_no=payment.receipt_no)
    result = _result(session, payment, replayed=True)
    return result


def _next_receipt(session: Session, hall: Hall, year: int) -> tuple[int, str]:
    """The next number of the hall's series for the year, gap-free: the counter row is
    locked and bumped in the payment's transaction, so a rollback gives the number back."""
    stmt = select(ReceiptCounter).where(ReceiptCounter.hall_id == hall.id,
                                        ReceiptCounter.year == year).with_for_update()
    counter = session.scalars(stmt).one_or_none()
    if counter is None:
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(ReceiptCounter).values(hall_id=hall.id, year=year,
                                                      last_number=0).on_conflict_do_nothing())
        counter = session.scalars(stmt.execution_options(populate_existing=True)).one()
    counter.last_number += 1
    return counter.last_number, f"{hall.code}-{year}-{counter.last_number:06d}"


def _insert_payment(session: Session, numbered: SessionTransaction, payment: Payment,
                    request_hash: str) -> PaymentResult | None:
    """Add the payment row; if its key was committed meanwhile by a racing submission, roll
    back to the savepoint ``numbered`` (taken before the receipt number, which goes back
    too; the caller's earlier work in the unit of work stays) and return that one's result
    instead."""
    session.add(payment)
    try:
        session.flush()
    except IntegrityError:
        numbered.rollback()
        replay = _replay(session, payment.idempotency_key, request_hash)
        if replay is None:
            raise
        return replay
    return None


def _waivers(waivers: Sequence[Waiver]) -> dict[int, tuple[Decimal, str]]:
    waived: dict[int, tuple[Decimal, str]] = {}
    for waiver in waivers:
        if waiver.bill_id in waived:
            raise ValidationError("One waiver per bill.", field="waivers", rule="duplicate")
        reason = written_text(waiver.reason, field="waiver_reason",
                              max_length=MAX_REASON_LENGTH)
        waived[waiver.bill_id] = (_money(waiver.amount, "waiver"), reason)
    return waived


def _scope(session: Session, account: Account, bill_ids: Sequence[int] | None,
           waived: Mapping[int, object]) -> list[BillState]:
    """The open bills a payment covers: those named, or all of the account's."""
    states = bill_states(session, account.id, bill_ids)
    if bill_ids is not None:
        if len(states) != len(set(bill_ids)):
            raise NotFound("A bill named is not one of this account's.", what="bill")
        settled = [s.bill_no for s in states if not s.open.outstanding]
        if settled:
            raise CashierRefused("Bill {bill_no} is paid already.", rule="bill_paid",
                                 bill_no=settled[0])
    states = [s for s in states if s.open.outstanding]
    if waived.keys() - {s.bill_id for s in states}:
        raise ValidationError("A waiver names a bill this payment does not cover.",
                              field="waivers", rule="bill")
    return states


def _check_ticket(session: Session, hall: Hall, ticket_id: int | None) -> None:
    if ticket_id is not None:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.hall_id != hall.id:
            raise NotFound(what="ticket")


def take_payment(session: Session, actor: Actor, account_id: int, *, idempotency_key: str,
                 tenders: Sequence[Tender], bill_ids: Sequence[int] | None = None,
                 amount: Decimal | None = None, waivers: Sequence[Waiver] = (),
                 approver_username: str = "", approver_password: str = "",
                 ticket_id: int | None = None, now: datetime | None = None) -> PaymentResult:
    """Take a payment for an account, in one transaction, and number its receipt.

    ``bill_ids`` None pays the open bills oldest first; named bills are paid in due order.
    ``amount``, when given, is what the counter showed and must equal the tenders' total;
    less than due is a partial payment, more is kept as prepaid credit. ``waivers`` need a
    manager's approval (WAIVE_LATE_FEES) given as approver credentials, from someone else
    than the actor: a hall manager at the desk has another approve (four eyes, a typed
    ``SelfApproval``). ``ticket_id`` links the queue ticket being served.
    """
    require(session, actor, Permission.TAKE_PAYMENTS)
    key = _client_key(idempotency_key, MAX_KEY_LENGTH, "A payment needs its submission key.")
    clean = _tenders(tenders)
    money = sum((t.amount for t in clean), ZERO)
    if amount is not None and _money(amount, "amount") != money:
        raise ValidationError("The tenders pay {paid}, not {amount}.", field="amount",
                              rule="tender_total", paid=str(money), amount=str(amount))
    request_hash = _request_hash(account_id, clean, bill_ids, amount, waivers, ticket_id)
    replay = _replay(session, key, request_hash)
    if replay is not None:
        return replay
    now = now or utcnow()
    hall = _hall(session, actor)
    day = business_day(hall, now)
    waived = _waivers(waivers)
    approver = None
    if waived:  # four eyes: a manager who takes the payment has another manager approve
        approver = _approve(session, actor, approver_username, approver_password,
                            Permission.WAIVE_LATE_FEES, "waive late fees", now)
    shift = _working_shift(session, actor, hall, day)
    account = lock_account(session, account_id)
    _check_ticket(session, hall, ticket_id)
    states = _scope(session, account, bill_ids, waived)
    refs = {s.bill_id: s.bill_no for s in states}
    credit = account_credit(session, account.id)
    quote = quote_payment([s.open for s in states], day,
                          late_fee_policies(session, account.kind), account.tariff_class,
                          {refs[bill_id]: value for bill_id, value in waived.items()})
    allocation = allocate(money + credit, quote.bills)
    credit_change = allocation.prepaid_credit - credit
    if credit_change > 0:
        _refuse_credit_to_closed(account)
    numbered = session.begin_nested()
    seq, receipt_no = _next_receipt(session, hall, day.year)
    assert actor.staff_id is not None and actor.window_id is not None  # a cashier at a window
    payment = Payment(idempotency_key=key, request_hash=request_hash, hall_id=hall.id,
                      window_id=actor.window_id, shift_id=shift.id, cashier_id=actor.staff_id,
                      account_id=account.id, business_day=day, paid_at=now, amount=money,
                      receipt_year=day.year, receipt_seq=seq, receipt_no=receipt_no,
                      ticket_id=ticket_id)
    replay = _insert_payment(session, numbered, payment, request_hash)
    if replay is not None:
        return replay
    numbered.commit()
    for tender in clean:
        session.add(PaymentTender(payment_id=payment.id, method=tender.method,
                                  amount=tender.amount, tendered=tender.tendered,
                                  change=tender.change, reference=tender.reference))
    book(session, states, quote.late_fees, allocation, now=now, payment_id=payment.id,
         approved_by=approver.id if approver is not None else None)
    if credit_change:
        session.add(CreditEntry(account_id=account.id, amount=credit_change, at=now,
                                payment_id=payment.id))
    job = _first_print_job(session, actor, payment, now)
    audit.record(session, actor, "payment.taken", "payment", payment.id, details={
        "receipt_no": receipt_no, "account_no": account.account_no, "amount": str(money),
        "methods": sorted({t.method for t in clean}), "credit_change": str(credit_change),
        "waived": {refs[b]: [str(a), r] for b, (a, r) in waived.items()},
        "approved_by": approver.username if approver is not None else "", "ticket_id": ticket_id})
    result = _result(session, payment, replayed=False, print_job_id=job.id)
    events.notify(session, PAYMENTS, hall.id)
    return result


def _refuse_credit_to_closed(account: Account) -> None:
    """Money left over is the account's prepaid credit: never of a closed account (销户),
    whose credit no bill would ever use."""
    if account.status == AccountStatus.CLOSED.value:
        raise CashierRefused("Account {account_no} is closed: it takes no prepaid credit.",
                             rule="credit_closed", account_no=account.account_no)


def _first_print_job(session: Session, actor: Actor, payment: Payment,
                     now: datetime) -> PrintJob:
    """Copy 0, queued: the UI prints after the commit and reports with record_print_result."""
    job = PrintJob(payment_id=payment.id, copy_no=0, requested_at=now,
                   requested_by=actor.staff_id, status=PrintStatus.QUEUED.value)
    session.add(job)
    session.flush()
    return job


# --- one customer, several accounts, one payment ---------------------------------------------


@dataclass(frozen=True)
class AccountPart:
    """One account of a customer's payment: the bills it pays (None: all open bills, oldest
    first) and the late fee waivers on them."""

    account_id: int
    bill_ids: tuple[int, ...] | None = None
    waivers: tuple[Waiver, ...] = ()


@dataclass(frozen=True)
class CustomerPaymentResult:
    """The customer paid once: ``receipts`` has one receipt per account paid, in the order
    of the request; ``amount`` and ``change`` are the customer's, over all of them."""

    receipts: tuple[PaymentResult, ...]
    amount: Decimal
    change: Decimal
    replayed: bool = False


def _part_keys(key: str, count: int) -> list[str]:
    """The receipts of one submission: the first under the key itself (so that the same
    key sent to ``take_payment`` is refused as another request), the others ``key#2`` …
    (no client key has the mark, so none is another payment's)."""
    return [key] + [f"{key}{PART_MARK}{n}" for n in range(2, count + 1)]


def _batch_hash(parts: Sequence[AccountPart], tenders: Sequence[Tender],
                amount: Decimal | None, ticket_id: int | None, credit_to: int | None) -> str:
    """The request as a fingerprint. The accounts are sorted: the request is the same
    whichever of them the desk had opened (a retry after a lost connection with another row
    chosen is the same payment); what depended on their order (where money left over goes)
    is ``credit_to``, named in the request."""
    body = {
        "accounts": [[p.account_id, None if p.bill_ids is None else sorted(p.bill_ids),
                      sorted([w.bill_id, str(w.amount), w.reason.strip()] for w in p.waivers)]
                     for p in sorted(parts, key=lambda part: part.account_id)],
        "tenders": [[t.method, str(t.amount), None if t.tendered is None else str(t.tendered),
                     t.reference] for t in tenders],
        "amount": None if amount is None else str(amount),
        "ticket_id": ticket_id,
        "credit_to": credit_to,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "batch:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:58]


def _replay_batch(session: Session, key: str, count: int,
                  request_hash: str) -> CustomerPaymentResult | None:
    payments = list(session.scalars(select(Payment).where(
        Payment.idempotency_key.in_(_part_keys(key, max(count, 1)))).order_by(Payment.id)))
    if not payments:
        return None
    if any(p.request_hash != request_hash for p in payments):
        raise IdempotencyConflict(receipt_no=payments[0].receipt_no)
    receipts = tuple(_result(session, p, replayed=True) for p in payments)
    return CustomerPaymentResult(receipts, sum((r.amount for r in receipts), ZERO),
                                 sum((r.change for r in receipts), ZERO), replayed=True)


def _split_tenders(tenders: Sequence[Tender], shares: Sequence[Decimal]) -> list[list[Tender]]:
    """The customer's tenders spread over the receipts, in order: each receipt is paid from
    the first tender with money left. A cash tender's change goes with its last piece, so
    that every receipt's cash (handed over − change) is what it received and the drawer's
    expected cash is the same as for one receipt."""
    left = [t.amount for t in tenders]
    pieces: list[list[Tender]] = []
    index = 0
    for share in shares:
        need, mine = share, []
        while need > 0:
            tender = tenders[index]
            take = min(need, left[index])
            left[index] -= take
            need -= take
            last = left[index] == 0
            tendered = None
            if tender.tendered is not None:
                tendered = take + tender.change if last else take
            mine.append(Tender(tender.method, take, tender.reference, tendered))
            if last:
                index += 1
        pieces.append(mine)
    return pieces


@dataclass(frozen=True)
class AccountOwing:
    """One account of a payment by amount, as ``split_amount`` sees it: its oldest open
    bill's due date (None: no open bill), what its bills owe (late fees in, waivers out) and
    its prepaid credit, used before any money."""

    account_id: int
    account_no: str
    oldest_due: date | None
    owed: Decimal
    credit: Decimal = ZERO
    closed: bool = False


@dataclass(frozen=True)
class AmountSplit:
    """Where an amount goes: ``shares`` gives each account's money (0: none of it);
    ``left_over`` (beyond all they owe) is in the share of ``credit_to`` as prepaid credit."""

    shares: Mapping[int, Decimal]
    credit_to: int | None = None
    left_over: Decimal = ZERO


def split_amount(accounts: Sequence[AccountOwing], money: Decimal,
                 credit_to: int | None = None) -> AmountSplit:
    """How ``take_payments`` spreads an amount over a customer's accounts, with nothing
    read: in the order of each account's oldest bill (then its number), each its whole due
    less its prepaid credit before the next (oldest debt first, as within an account); what
    is left over goes to ``credit_to`` (default: the first account by number that is not
    closed, else the first). The desk calls it to show the split before F9, the service to
    make it, so the two cannot disagree. A closed ``credit_to`` is the caller's to refuse."""
    shares = {a.account_id: ZERO for a in accounts}
    left = money
    for account in sorted(accounts, key=lambda a: (a.oldest_due or date.max, a.account_no)):
        share = min(left, max(ZERO, account.owed - account.credit))
        shares[account.account_id] = share
        left -= share
    if left <= 0 or not accounts:
        return AmountSplit(shares)
    if credit_to is None:
        by_number = sorted(accounts, key=lambda a: a.account_no)
        credit_to = next((a for a in by_number if not a.closed), by_number[0]).account_id
    shares[credit_to] += left
    return AmountSplit(shares, credit_to, left)


@dataclass
class _Planned:
    """One account of ``take_payments`` as priced under its lock, and its share of the money."""

    account: Account
    states: list[BillState]
    refs: dict[int, str]
    waived: dict[int, tuple[Decimal, str]]
    credit: Decimal
    quote: PaymentQuote
    share: Decimal = ZERO
    credit_change: Decimal = ZERO


def _plan_parts(session: Session, parts: Sequence[AccountPart], accounts: Mapping[int, Account],
                waived: Mapping[int, tuple[Decimal, str]], day: date, money: Decimal,
                credit_to: int | None) -> list[_Planned]:
    """The accounts that get a receipt, in account number order, with each one's bills and
    late fees at ``day`` and what it receives: the accounts in the order of their oldest
    bill, each its whole due (less its prepaid credit) before the next; what is left over is
    prepaid credit of ``credit_to`` (default: the first account that is not closed).

    An account whose prepaid credit pays its bills gets a receipt too, with no money: the
    credit clears them first (预存抵扣), as a billing run's does, rather than the bills staying
    open and late. An account that neither receives money nor has credit to use gets none,
    and then a waiver on it is refused rather than approved and dropped."""
    planned: list[_Planned] = []
    for part in sorted(parts, key=lambda p: accounts[p.account_id].account_no):
        account = accounts[part.account_id]
        own = {w.bill_id: waived[w.bill_id] for w in part.waivers}
        states = _scope(session, account, part.bill_ids, own)
        refs = {s.bill_id: s.bill_no for s in states}
        credit = account_credit(session, account.id)
        quote = quote_payment([s.open for s in states], day,
                              late_fee_policies(session, account.kind), account.tariff_class,
                              {refs[bill_id]: value for bill_id, value in own.items()})
        planned.append(_Planned(account, states, refs, own, credit, quote))
    split = split_amount([AccountOwing(
        p.account.id, p.account.account_no, min((s.due_on for s in p.states), default=None),
        p.quote.total_due, p.credit, p.account.status == AccountStatus.CLOSED.value)
        for p in planned], money, credit_to)
    for plan in planned:
        plan.share = split.shares[plan.account.id]
        if plan.account.id == split.credit_to:
            _refuse_credit_to_closed(plan.account)
    paying = [plan for plan in planned
              if plan.share > 0 or allocate(plan.credit, plan.quote.bills).applied > 0]
    for plan in planned:
        if plan.waived and plan not in paying:
            raise ValidationError("Account {account_no} gets nothing of this payment, so its "
                                  "late fee waiver cannot be booked.", field="amount",
                                  rule="waiver_unpaid", n=plan.account.account_no,
                                  account_no=plan.account.account_no)
    return paying


def take_payments(session: Session, actor: Actor, parts: Sequence[AccountPart], *,
                  idempotency_key: str, tenders: Sequence[Tender],
                  amount: Decimal | None = None, approver_username: str = "",
                  approver_password: str = "", ticket_id: int | None = None,
                  credit_to: int | None = None,
                  now: datetime | None = None) -> CustomerPaymentResult:
    """One payment from a customer for several of their accounts: the customer pays once
    (tenders and change over the total), and each account gets a receipt of its own.

    Why a receipt per account and not one receipt listing each account: a receipt is the
    unit everything else already rests on. Each one is a ``payments`` row naming one account,
    numbered from the hall's gap-free series (the numbers of one submission are consecutive,
    taken in this one transaction, and given back together on a rollback); a void or a
    refund takes back exactly one account's payment, with the ledger, the shift's expected
    cash and the day report (per way of paying, per fee kind) unchanged in meaning; an
    account's receipts are found by its number; and the customer files each account's
    receipt where it belongs (a landlord's heating, a tenant's gas). One receipt listing
    several accounts would need a payment over many accounts, and a partial void of it.

    The money goes to the accounts' scopes (``AccountPart``: its bills, or all open ones,
    with waivers) as each would be paid alone; with ``amount`` given and less than all of
    them owe, the accounts are paid in the order of their oldest bill, each in full before
    the next (oldest debt first, as within an account). More than all of them owe stays as
    prepaid credit of ``credit_to`` (one of the request's accounts; default the first one
    by number that is not closed), never of a closed account, and never of an account while
    another one of the request still owes. The order of ``parts`` changes nothing: the
    receipts go in account number order, and the request's fingerprint sorts the accounts.
    An account whose prepaid credit pays its bills gets a receipt with no money (the credit
    cleared first, 预存抵扣); one that receives nothing and has no credit to use gets no
    receipt, and a waiver on it is refused.

    The checks are ``take_payment``'s: the permission, one idempotency key for the whole
    submission (a replay returns the first result; another request under the key is
    refused), the cashier's open shift of today at this window, the closed day, waivers
    with their approval; the accounts, all of one customer, are locked in id order (no
    deadlock with another desk paying an overlapping set).
    """
    require(session, actor, Permission.TAKE_PAYMENTS)
    key, clean, money, request_hash = _batch_request(parts, idempotency_key, tenders, amount,
                                                     ticket_id, credit_to)
    replay = _replay_batch(session, key, len(parts), request_hash)
    if replay is not None:
        return replay
    now = now or utcnow()
    hall = _hall(session, actor)
    day = business_day(hall, now)
    waived = _waivers([w for part in parts for w in part.waivers])
    approver = None
    if waived:  # four eyes: a manager who takes the payment has another manager approve
        approver = _approve(session, actor, approver_username, approver_password,
                            Permission.WAIVE_LATE_FEES, "waive late fees", now)
    shift = _working_shift(session, actor, hall, day)
    accounts = {part.account_id: lock_account(session, part.account_id)
                for part in sorted(parts, key=lambda part: part.account_id)}
    if len({a.customer_id for a in accounts.values()}) > 1:
        raise CashierRefused("The accounts are not all of one customer.",
                             rule="other_customer")
    _check_ticket(session, hall, ticket_id)
    paying = _plan_parts(session, parts, accounts, waived, day, money, credit_to)
    assert actor.staff_id is not None and actor.window_id is not None  # a cashier at a window
    made: list[tuple[Payment, _Planned, list[Tender]]] = []
    numbered = session.begin_nested()  # a racing submission's receipts stand: back to here
    for plan, part_key, pieces in zip(paying, _part_keys(key, len(paying)),
                                      _split_tenders(clean, [p.share for p in paying]),
                                      strict=True):
        seq, receipt_no = _next_receipt(session, hall, day.year)
        payment = Payment(idempotency_key=part_key, request_hash=request_hash,
                          hall_id=hall.id, window_id=actor.window_id, shift_id=shift.id,
                          cashier_id=actor.staff_id, account_id=plan.account.id,
                          business_day=day, paid_at=now, amount=plan.share,
                          receipt_year=day.year, receipt_seq=seq, receipt_no=receipt_no,
                          ticket_id=ticket_id)
        session.add(payment)
        try:
            session.flush()
        except IntegrityError:
            # A racing submission of the same key committed first: its receipts stand.
            numbered.rollback()
            replay = _replay_batch(session, key, len(parts), request_hash)
            if replay is None:
                raise
            return replay
        _book_part(session, payment, plan, pieces, now,
                   approver.id if approver is not None else None)
        made.append((payment, plan, pieces))
    numbered.commit()
    together = [payment.receipt_no for payment, _plan, _pieces in made]
    results = []
    for payment, plan, pieces in made:
        job = _first_print_job(session, actor, payment, now)
        audit.record(session, actor, "payment.taken", "payment", payment.id, details={
            "receipt_no": payment.receipt_no, "account_no": plan.account.account_no,
            "amount": str(payment.amount), "methods": sorted({t.method for t in pieces}),
            "credit_change": str(plan.credit_change),
            "waived": {plan.refs[b]: [str(a), r] for b, (a, r) in plan.waived.items()},
            "approved_by": approver.username if approver is not None else "",
            "ticket_id": ticket_id, "together_with": together})
        results.append(_result(session, payment, replayed=False, print_job_id=job.id))
    events.notify(session, PAYMENTS, hall.id)
    return CustomerPaymentResult(tuple(results), money,
                                 sum((t.change for t in clean), ZERO))


def _batch_request(parts: Sequence[AccountPart], idempotency_key: str,
                   tenders: Sequence[Tender], amount: Decimal | None,
                   ticket_id: int | None,
                   credit_to: int | None) -> tuple[str, list[Tender], Decimal, str]:
    """The request checked before anything is read: (key, tenders, money, request hash)."""
    key = _client_key(idempotency_key, MAX_KEY_LENGTH - 4,
                      "A payment needs its submission key.")
    if not parts:
        raise ValidationError("Choose the accounts to pay.", field="accounts",
                              rule="required")
    if len({part.account_id for part in parts}) != len(parts):
        raise ValidationError("An account is named twice.", field="accounts",
                              rule="duplicate")
    if credit_to is not None and credit_to not in {part.account_id for part in parts}:
        raise ValidationError("Prepaid credit goes to an account of the payment.",
                              field="credit_to", rule="not_in_payment")
    clean = _tenders(tenders)
    money = sum((t.amount for t in clean), ZERO)
    if amount is not None and _money(amount, "amount") != money:
        raise ValidationError("The tenders pay {paid}, not {amount}.", field="amount",
                              rule="tender_total", paid=str(money), amount=str(amount))
    return key, clean, money, _batch_hash(parts, clean, amount, ticket_id, credit_to)


def _book_part(session: Session, payment: Payment, plan: _Planned, pieces: Sequence[Tender],
               now: datetime, approved_by: int | None) -> None:
    """One account's receipt of ``take_payments``: its tenders, ledger rows and credit."""
    allocation = allocate(plan.share + plan.credit, plan.quote.bills)
    plan.credit_change = allocation.prepaid_credit - plan.credit
    for tender in pieces:
        session.add(PaymentTender(payment_id=payment.id, method=tender.method,
                                  amount=tender.amount, tendered=tender.tendered,
                                  change=tender.change, reference=tender.reference))
    book(session, plan.states, plan.quote.late_fees, allocation, now=now,
         payment_id=payment.id, approved_by=approved_by)
    if plan.credit_change:
        session.add(CreditEntry(account_id=plan.account.id, amount=plan.credit_change, at=now,
                                payment_id=payment.id))


def _items(session: Session, payment_id: int) -> tuple[PaidItem, ...]:
    rows = session.execute(
        select(Bill.id, Bill.bill_no, Bill.kind, Bill.period,
               func.sum(Allocation.principal_amount), func.sum(Allocation.late_fee_amount))
        .join(Allocation, Allocation.bill_id == Bill.id)
        .where(Allocation.payment_id == payment_id)
        .group_by(Bill.id, Bill.bill_no, Bill.kind, Bill.period, Bill.due_on)
        .order_by(Bill.due_on, Bill.bill_no)).tuples()
    return tuple(PaidItem(bill_id, bill_no, kind, period, principal or ZERO, fee or ZERO)
                 for bill_id, bill_no, kind, period, principal, fee in rows)


def _late_fee_lines(session: Session, payment_id: int) -> tuple[LateFeeLine, ...]:
    waivers = {w.bill_id: w for w in session.scalars(
        select(LateFeeWaiver).where(LateFeeWaiver.payment_id == payment_id))}
    lines = []
    for charge, bill_no in session.execute(
            select(LateFeeCharge, Bill.bill_no).join(Bill, Bill.id == LateFeeCharge.bill_id)
            .where(LateFeeCharge.payment_id == payment_id)
            .order_by(Bill.due_on, Bill.bill_no)).tuples():
        waiver = waivers.get(charge.bill_id)
        lines.append(LateFeeLine(
            ref=bill_no, principal_due=charge.principal_due, first_day=charge.first_day,
            last_day=charge.last_day, days=charge.days, daily_rate=charge.daily_rate,
            accrued=charge.accrued, cap_left=charge.cap_left, charged=charge.charged,
            previously_due=charge.previously_due,
            waived=waiver.amount if waiver else ZERO,
            waiver_reason=waiver.reason if waiver else ""))
    return tuple(lines)


def _credit_change(session: Session, payment_id: int) -> Decimal:
    total = session.scalar(select(func.sum(CreditEntry.amount)).where(
        CreditEntry.payment_id == payment_id))
    return ensure_fen(total) if total is not None else ZERO


def _result(session: Session, payment: Payment, *, replayed: bool,
            print_job_id: int | None = None) -> PaymentResult:
    tenders = _receipt_tenders(session, payment.id)
    if print_job_id is None:
        print_job_id = session.scalar(select(PrintJob.id).where(
            PrintJob.payment_id == payment.id, PrintJob.copy_no == 0))
    receipt = _receipt(session, payment, tenders, fresh=not replayed)
    return PaymentResult(payment.id, payment.receipt_no, payment.account_id, payment.amount,
                         receipt.change, receipt.items, receipt.late_fees,
                         receipt.credit_change, print_job_id, replayed, receipt)


# --- voids and refunds -----------------------------------------------------------------------


def _reverse(session: Session, payment: Payment, account: Account, *, void_id: int | None,
             refund_id: int | None, now: datetime) -> None:
    """Undo what a payment did to the account: its allocations negated, its credit taken
    back. Refused when that credit has been used since (the money went to a later bill)."""
    change = _credit_change(session, payment.id)
    if change > 0 and account_credit(session, account.id) < change:
        raise CashierRefused("The credit this payment left has been used since.",
                             rule="credit_used")
    for fee, principal, bill_id in session.execute(
            select(func.sum(Allocation.late_fee_amount), func.sum(Allocation.principal_amount),
                   Allocation.bill_id).where(Allocation.payment_id == payment.id)
            .group_by(Allocation.bill_id).order_by(Allocation.bill_id)).tuples():
        if fee or principal:
            session.add(Allocation(bill_id=bill_id, payment_id=refund_id, void_id=void_id,
                                   late_fee_amount=-(fee or ZERO),
                                   principal_amount=-(principal or ZERO)))
    if change:
        session.add(CreditEntry(account_id=account.id, amount=-change, at=now,
                                payment_id=refund_id, void_id=void_id))


def _refuse_taken_back(session: Session, payment: Payment) -> None:
    """A payment is voided or refunded once, never both: checked before anything is asked
    and again under the account's lock, which every void and refund of it takes."""
    if session.scalar(select(PaymentVoid.id).where(PaymentVoid.payment_id == payment.id)):
        raise CashierRefused("Receipt {receipt_no} is void already.", rule="already_voided",
                             receipt_no=payment.receipt_no)
    if session.scalar(select(Payment.id).where(Payment.refund_of_id == payment.id)):
        raise CashierRefused("Receipt {receipt_no} is refunded already.",
                             rule="already_refunded", receipt_no=payment.receipt_no)


def void_payment(session: Session, actor: Actor, payment_id: int, *, reason: str,
                 approver_username: str, approver_password: str,
                 now: datetime | None = None) -> VoidResult:
    """Take a payment back in its own, still open shift, with a manager's approval: the
    receipt is 作废, what it paid is owed again, its cash leaves the expected drawer."""
    require(session, actor, Permission.TAKE_PAYMENTS)
    reason = _reason(reason)
    now = now or utcnow()
    payment = _payment(session, actor, payment_id)
    if payment.refund_of_id is not None:
        raise CashierRefused("A refund is not voided: take a new payment instead.",
                             rule="refund")
    _refuse_taken_back(session, payment)
    mine = _open_shift(session, actor, lock=False)
    if mine is None or mine.id != payment.shift_id:
        raise CashierRefused("Receipt {receipt_no} is not of your open shift: refund it "
                             "instead.", rule="other_shift", receipt_no=payment.receipt_no)
    approver = _approve(session, actor, approver_username, approver_password,
                        Permission.APPROVE, "void a payment", now)
    shift = _open_shift(session, actor, lock=True)
    if shift is None or shift.id != payment.shift_id:
        raise ShiftNotOpen()
    account = lock_account(session, payment.account_id)
    _refuse_taken_back(session, payment)
    assert actor.staff_id is not None
    void = PaymentVoid(payment_id=payment.id, shift_id=shift.id, voided_at=now,
                       voided_by=actor.staff_id, approved_by=approver.id, reason=reason)
    session.add(void)
    session.flush()
    _reverse(session, payment, account, void_id=void.id, refund_id=None, now=now)
    audit.record(session, actor, "payment.voided", "payment", payment.id, reason=reason,
                 details={"receipt_no": payment.receipt_no, "amount": str(payment.amount),
                          "approved_by": approver.username})
    result = VoidResult(payment.id, payment.receipt_no, void.id, payment.amount,
                        approver.username, approver.full_name)
    events.notify(session, PAYMENTS, payment.hall_id)
    return result


def refund_payment(session: Session, actor: Actor, payment_id: int, *, reason: str,
                   idempotency_key: str, approver_username: str, approver_password: str,
                   now: datetime | None = None) -> PaymentResult:
    """Give a whole payment back after its shift closed: a new payment with the same tenders
    negated (cash out of this cashier's drawer, card and app payments back to the same
    reference), its own receipt number, and the original's allocations reversed. The
    original receipt stays valid; a refund is refunded once and never of a refund."""
    require(session, actor, Permission.TAKE_PAYMENTS)
    reason = _reason(reason)
    key = _client_key(idempotency_key, MAX_KEY_LENGTH, "A refund needs its submission key.")
    request_hash = hashlib.sha256(f"refund:{payment_id}".encode()).hexdigest()
    replay = _replay(session, key, request_hash)
    if replay is not None:
        return replay
    now = now or utcnow()
    original = _payment(session, actor, payment_id)
    if original.amount == 0 and original.refund_of_id is None:
        raise CashierRefused("Receipt {receipt_no} took no money (prepaid credit paid its "
                             "bills): there is nothing to refund.", rule="nothing_to_refund",
                             receipt_no=original.receipt_no)
    if original.amount <= 0 or original.refund_of_id is not None:
        raise CashierRefused("A refund is not refunded.", rule="refund_of_refund")
    _refuse_taken_back(session, original)
    # While its shift is open a payment is voided by its cashier, never refunded by anyone:
    # both at once would give the money back twice. A closed shift does not reopen.
    if session.scalar(select(Shift.closed_at).where(Shift.id == original.shift_id)) is None:
        raise CashierRefused("The shift of {receipt_no} is still open: its cashier voids it "
                             "instead.", rule="void_instead", receipt_no=original.receipt_no)
    hall = _hall(session, actor)
    day = business_day(hall, now)
    approver = _approve(session, actor, approver_username, approver_password,
                        Permission.APPROVE, "refund a payment", now)
    shift = _working_shift(session, actor, hall, day)
    account = lock_account(session, original.account_id)
    _refuse_taken_back(session, original)  # a refund sent at once from another window
    numbered = session.begin_nested()
    seq, receipt_no = _next_receipt(session, hall, day.year)
    assert actor.staff_id is not None and actor.window_id is not None
    refund = Payment(idempotency_key=key, request_hash=request_hash, hall_id=hall.id,
                     window_id=actor.window_id, shift_id=shift.id, cashier_id=actor.staff_id,
                     account_id=account.id, business_day=day, paid_at=now,
                     amount=-original.amount, receipt_year=day.year, receipt_seq=seq,
                     receipt_no=receipt_no, refund_of_id=original.id)
    replay = _insert_payment(session, numbered, refund, request_hash)
    if replay is not None:
        return replay
    numbered.commit()
    for tender in session.scalars(select(PaymentTender).where(
            PaymentTender.payment_id == original.id).order_by(PaymentTender.id)):
        session.add(PaymentTender(payment_id=refund.id, method=tender.method,
                                  amount=-tender.amount, tendered=None, change=ZERO,
                                  reference=tender.reference))
    _reverse(session, original, account, void_id=None, refund_id=refund.id, now=now)
    job = _first_print_job(session, actor, refund, now)
    audit.record(session, actor, "payment.refunded", "payment", original.id, reason=reason,
                 details={"receipt_no": original.receipt_no, "refund_receipt_no": receipt_no,
                          "amount": str(original.amount), "approved_by": approver.username})
    result = _result(session, refund, replayed=False, print_job_id=job.id)
    events.notify(session, PAYMENTS, hall.id)
    return result


# --- receipts and printing -------------------------------------------------------------------


def reprint_receipt(session: Session, actor: Actor, payment_id: int, *, reason: str,
                    now: datetime | None = None) -> PrintJobInfo:
    """A copy of a receipt (重打): same number, the next copy number, the reason audited."""
    require(session, actor, Permission.TAKE_PAYMENTS)
    reason = _reason(reason)
    now = now or utcnow()
    payment = _payment(session, actor, payment_id)
    last = session.scalar(select(func.max(PrintJob.copy_no)).where(
        PrintJob.payment_id == payment.id))
    job = PrintJob(payment_id=payment.id, copy_no=(last if last is not None else -1) + 1,
                   reason=reason, requested_at=now, requested_by=actor.staff_id,
                   status=PrintStatus.QUEUED.value)
    session.add(job)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Another copy of {receipt_no} was asked for at the same moment.",
                       what="print job", receipt_no=payment.receipt_no) from None
    audit.record(session, actor, "payment.reprinted", "payment", payment.id, reason=reason,
                 details={"receipt_no": payment.receipt_no, "copy_no": job.copy_no})
    info = PrintJobInfo(job.id, payment.id, payment.receipt_no, job.copy_no, job.status)
    return info


def record_print_result(session: Session, actor: Actor, job_id: int, *, printed: bool,
                        error: str = "", now: datetime | None = None) -> PrintJobInfo:
    """After the printer answered (called by the UI once the payment has committed)."""
    require(session, actor, Permission.TAKE_PAYMENTS)
    job = session.scalars(select(PrintJob).where(PrintJob.id == job_id)
                          .with_for_update()).one_or_none()
    payment = session.get(Payment, job.payment_id) if job is not None else None
    if job is None or payment is None or payment.hall_id != actor.hall_id:
        raise NotFound(what="print job")
    job.status = (PrintStatus.PRINTED if printed else PrintStatus.FAILED).value
    job.finished_at = now or utcnow()
    job.error = "" if printed else error.strip()[:200]
    info = PrintJobInfo(job.id, payment.id, payment.receipt_no, job.copy_no, job.status)
    return info


def receipt_data(session: Session, actor: Actor, payment_id: int) -> ReceiptData:
    require(session, actor, Permission.TAKE_PAYMENTS)
    payment = _payment(session, actor, payment_id)
    data = _receipt(session, payment, _receipt_tenders(session, payment.id), fresh=False)
    return data


def _receipt_tenders(session: Session, payment_id: int) -> tuple[ReceiptTender, ...]:
    return tuple(ReceiptTender(t.method, t.amount, t.tendered, t.change, t.reference)
                 for t in session.scalars(select(PaymentTender).where(
                     PaymentTender.payment_id == payment_id).order_by(PaymentTender.id)))


def _receipt(session: Session, payment: Payment, tenders: tuple[ReceiptTender, ...], *,
             fresh: bool) -> ReceiptData:
    """A payment's receipt. ``fresh``: in the transaction that took it (neither voided nor
    reprinted yet, and the hall, account and cashier already in the session)."""
    hall = session.get(Hall, payment.hall_id)
    account = session.get(Account, payment.account_id)
    cashier = session.get(Staff, payment.cashier_id)
    window = session.get(Window, payment.window_id)
    assert hall is not None and account is not None and cashier is not None
    assert window is not None
    void = None if fresh else session.scalars(select(PaymentVoid).where(
        PaymentVoid.payment_id == payment.id)).one_or_none()
    copies = 0 if fresh else session.scalar(select(func.count()).select_from(PrintJob).where(
        PrintJob.payment_id == payment.id, PrintJob.copy_no > 0)) or 0
    refund_of = session.get(Payment, payment.refund_of_id) if payment.refund_of_id else None
    name = _customer_name(session, account)
    together, change_on = _together(session, payment)
    return ReceiptData(
        company=_setting(session, COMPANY_NAME_KEY) or "", hall_name=hall.name,
        hall_address=hall.address, hall_phone=hall.phone, receipt_no=payment.receipt_no,
        paid_at=payment.paid_at.astimezone(ZoneInfo(hall.timezone)),
        business_day=payment.business_day, account_no=account.account_no,
        account_kind=account.kind, customer_name=name, masked_name=mask_name(name),
        address=account.address, items=_items(session, payment.id),
        late_fees=_late_fee_lines(session, payment.id),
        credit_change=_credit_change(session, payment.id), total=payment.amount,
        total_in_words=chinese_capital(payment.amount), tenders=tenders,
        change=sum((t.change for t in tenders), ZERO), cashier=cashier.full_name,
        window_number=window.number, voided=void is not None,
        void_reason=void.reason if void else "", reprint_count=copies,
        refund_of=refund_of.receipt_no if refund_of else "", together=together,
        change_on=change_on)


def _together(session: Session, payment: Payment
              ) -> tuple[tuple[tuple[str, Decimal], ...], tuple[tuple[str, Decimal], ...]]:
    """The receipts of the customer's payment this one was taken with (``take_payments``:
    one submission, its first receipt under the key and the others under ``key#n``), and
    those of them that gave change; ((), ()) for a payment taken alone. Two submissions
    alike in everything, at the same moment, are still two: their keys differ."""
    if not payment.request_hash.startswith("batch:"):
        return (), ()
    first = payment.idempotency_key.split(PART_MARK, 1)[0]
    rows = [(payment_id, number, amount) for payment_id, key, number, amount in session.execute(
        select(Payment.id, Payment.idempotency_key, Payment.receipt_no, Payment.amount).where(
            Payment.request_hash == payment.request_hash, Payment.shift_id == payment.shift_id,
            Payment.paid_at == payment.paid_at).order_by(Payment.receipt_seq)).tuples()
        if key == first or key.startswith(first + PART_MARK)]
    if len(rows) < 2:
        return (), ()
    changes = dict(session.execute(
        select(PaymentTender.payment_id, func.sum(PaymentTender.change))
        .where(PaymentTender.payment_id.in_([payment_id for payment_id, _n, _a in rows]))
        .group_by(PaymentTender.payment_id)).tuples().all())
    return (tuple((number, amount) for _i, number, amount in rows),
            tuple((number, ensure_fen(changes[payment_id])) for payment_id, number, _a in rows
                  if changes.get(payment_id)))


# --- receipt history -------------------------------------------------------------------------

RECEIPT_VALID = "valid"
RECEIPT_VOIDED = "voided"  # 作废
RECEIPT_REFUNDED = "refunded"  # given back later by a refund receipt
RECEIPT_REFUND = "refund"  # a refund receipt itself (a negative payment)
MAX_HISTORY = 200
# H01-2026-000012 as printed and scanned (Code 128 of the receipt number), or typed with
# fewer leading zeros; a receipt number alone (12, 000012) is in the series of the day's year.
_RECEIPT_NO = re.compile(r"^([A-Z0-9]{1,10})-(\d{4})-(\d{1,9})$")
_DIGITS = re.compile(r"^\d{1,20}$")


@dataclass(frozen=True)
class ReceiptSummary:
    """One line of the receipt history: enough to find a receipt again and to know what may
    follow (a copy at any time; a void in its own, still open shift; a refund after it)."""

    payment_id: int
    receipt_no: str
    paid_at: datetime  # in the hall's time zone
    business_day: date
    account_id: int
    account_no: str
    account_kind: str
    masked_name: str
    amount: Decimal  # received, net of change; negative for a refund
    methods: tuple[str, ...]  # TenderMethod values, in the order they were taken
    status: str  # RECEIPT_VALID | RECEIPT_VOIDED | RECEIPT_REFUNDED | RECEIPT_REFUND
    refund_of: str  # a refund: the refunded receipt's number
    refunded_by: str  # refunded: the refund receipt's number
    print_status: str  # the newest print job's (queued, printed, failed); "" for none
    print_job_id: int | None  # that job: printed again as it is after a printer failure
    copies: int  # copies printed after the original (重打)
    cashier: str  # full name
    cashier_username: str
    window_number: int
    shift_id: int
    shift_open: bool
    mine: bool  # taken by the acting cashier
    in_my_open_shift: bool  # of the actor's open shift: the one case a void is allowed


@dataclass(frozen=True)
class ReceiptHistory:
    receipts: tuple[ReceiptSummary, ...]
    matched_on: str  # "receipt_no", "account_no" or "day"
    day: date | None  # the day listed, when listing a day
    truncated: bool  # more matched than ``limit``


def find_receipts(session: Session, actor: Actor, *, query: str = "", day: date | None = None,
                  mine: bool = False, limit: int = MAX_HISTORY,
                  now: datetime | None = None) -> ReceiptHistory:
    """The hall's receipts, so that any of them can be printed again, voided or refunded.

    ``query`` is what the cashier typed or scanned then Enter: a receipt number (the
    receipt's barcode; ``H01-2026-12`` and, within the day's year, ``12`` find
    H01-2026-000012) or an account number (all its receipts at this hall, newest first).
    Without a query: the receipts of ``day`` (default: today at the hall), the actor's own
    first, newest first; ``mine`` only the actor's own. Other halls' receipts are never
    listed.
    """
    staff = require(session, actor, Permission.TAKE_PAYMENTS)
    hall = _hall(session, actor)
    require_same_hall(staff, hall.id)
    limit = max(1, min(limit, MAX_HISTORY))
    listed_day = day or business_day(hall, now or utcnow())
    q = search_text(query, field="query").upper().replace(" ", "")
    where: list[ColumnElement[bool]] = [Payment.hall_id == hall.id]
    matched_on = "day"
    if q:
        numbered = _RECEIPT_NO.fullmatch(q)
        if numbered is not None:
            code, year, seq = numbered.groups()
            where.append(Payment.receipt_no == f"{code}-{year}-{int(seq):06d}")
            matched_on = "receipt_no"
        elif _DIGITS.fullmatch(q):
            account_id = session.scalar(select(Account.id).where(Account.account_no == q))
            if account_id is not None:
                where.append(Payment.account_id == account_id)
                matched_on = "account_no"
            elif len(q) <= 9:
                where += [Payment.receipt_year == listed_day.year,
                          Payment.receipt_seq == int(q)]
                matched_on = "receipt_no"
            else:
                where.append(Payment.id.is_(None))  # an account number nobody has
                matched_on = "account_no"
        else:
            raise ValidationError("Type or scan a receipt number, or an account number.",
                                  field="query", rule="receipt_query")
    else:
        where.append(Payment.business_day == listed_day)
        if mine:
            where.append(Payment.cashier_id == actor.staff_id)
    order: list[ColumnElement[Any]] = [Payment.paid_at.desc(), Payment.id.desc()]
    if matched_on == "day":  # the cashier's own receipts first
        order.insert(0, case((Payment.cashier_id == actor.staff_id, 0), else_=1).asc())
    payments = list(session.scalars(select(Payment).where(*where).order_by(*order)
                                    .limit(limit + 1)))
    truncated = len(payments) > limit
    payments = payments[:limit]
    receipts = _summaries(session, actor, hall, payments)
    return ReceiptHistory(receipts, matched_on, listed_day if matched_on == "day" else None,
                          truncated)


def _summaries(session: Session, actor: Actor, hall: Hall,
               payments: Sequence[Payment]) -> tuple[ReceiptSummary, ...]:
    """The history lines of ``payments``: a handful of queries for the whole page, never
    one per receipt."""
    if not payments:
        return ()
    ids = [p.id for p in payments]
    accounts = {aid: (no, kind, name) for aid, no, kind, name in session.execute(
        select(Account.id, Account.account_no, Account.kind, Customer.name)
        .join(Customer, Customer.id == Account.customer_id)
        .where(Account.id.in_({p.account_id for p in payments}))).tuples()}
    cashiers = {sid: (username, full_name) for sid, username, full_name in session.execute(
        select(Staff.id, Staff.username, Staff.full_name)
        .where(Staff.id.in_({p.cashier_id for p in payments}))).tuples()}
    windows = {wid: number for wid, number in session.execute(
        select(Window.id, Window.number)
        .where(Window.id.in_({p.window_id for p in payments}))).tuples()}
    open_shifts = set(session.scalars(select(Shift.id).where(
        Shift.id.in_({p.shift_id for p in payments}), Shift.closed_at.is_(None))))
    voided = set(session.scalars(select(PaymentVoid.payment_id).where(
        PaymentVoid.payment_id.in_(ids))))
    refunded_by = {original: number for original, number in session.execute(
        select(Payment.refund_of_id, Payment.receipt_no)
        .where(Payment.refund_of_id.in_(ids))).tuples()}
    originals = {p.refund_of_id for p in payments if p.refund_of_id is not None}
    refund_of = {pid: number for pid, number in session.execute(
        select(Payment.id, Payment.receipt_no).where(Payment.id.in_(originals))).tuples()}
    methods: dict[int, list[str]] = {}
    for payment_id, method in session.execute(
            select(PaymentTender.payment_id, PaymentTender.method)
            .where(PaymentTender.payment_id.in_(ids)).order_by(PaymentTender.id)).tuples():
        if method not in methods.setdefault(payment_id, []):
            methods[payment_id].append(method)
    latest: dict[int, tuple[int, str, int]] = {}
    for payment_id, copy_no, status, job_id in session.execute(
            select(PrintJob.payment_id, PrintJob.copy_no, PrintJob.status, PrintJob.id)
            .where(PrintJob.payment_id.in_(ids))).tuples():
        if payment_id not in latest or copy_no > latest[payment_id][0]:
            latest[payment_id] = (copy_no, status, job_id)
    mine = _open_shift(session, actor, lock=False)
    zone = ZoneInfo(hall.timezone)
    lines = []
    for p in payments:
        account_no, kind, name = accounts.get(p.account_id, ("", "", ""))
        username, full_name = cashiers.get(p.cashier_id, ("", ""))
        if p.refund_of_id is not None:
            status = RECEIPT_REFUND
        elif p.id in voided:
            status = RECEIPT_VOIDED
        elif p.id in refunded_by:
            status = RECEIPT_REFUNDED
        else:
            status = RECEIPT_VALID
        copy_no, print_status, job_id = latest.get(p.id, (0, "", 0))
        lines.append(ReceiptSummary(
            payment_id=p.id, receipt_no=p.receipt_no, paid_at=p.paid_at.astimezone(zone),
            business_day=p.business_day, account_id=p.account_id, account_no=account_no,
            account_kind=kind, masked_name=mask_name(name), amount=p.amount,
            methods=tuple(methods.get(p.id, ())), status=status,
            refund_of=refund_of.get(p.refund_of_id, "") if p.refund_of_id else "",
            refunded_by=refunded_by.get(p.id, ""), print_status=print_status,
            print_job_id=job_id or None, copies=copy_no, cashier=full_name,
            cashier_username=username,
            window_number=windows.get(p.window_id, 0), shift_id=p.shift_id,
            shift_open=p.shift_id in open_shifts, mine=p.cashier_id == actor.staff_id,
            in_my_open_shift=mine is not None and mine.id == p.shift_id))
    return tuple(lines)


# --- shifts ----------------------------------------------------------------------------------


def _shift_info(session: Session, shift: Shift) -> ShiftInfo:
    cashier = session.get(Staff, shift.cashier_id)
    window = session.get(Window, shift.window_id)
    return ShiftInfo(shift.id, shift.hall_id, window.number if window else 0,
                     cashier.username if cashier else "", shift.business_day, shift.opened_at,
                     shift.float_amount, shift.closed_at)


def open_shift(session: Session, actor: Actor, float_amount: Decimal, *,
               now: datetime | None = None) -> ShiftInfo:
    """Start taking money at this window with ``float_amount`` of change in the drawer."""
    require(session, actor, Permission.TAKE_PAYMENTS)
    now = now or utcnow()
    hall = _hall(session, actor)
    if actor.window_id is None or actor.staff_id is None:
        raise CashierRefused("Sign in at a window to open a shift.", rule="no_window")
    float_amount = _money(float_amount, "float_amount")
    if float_amount < 0:
        raise ValidationError("The float cannot be negative.", field="float_amount",
                              rule="negative")
    day = business_day(hall, now)
    _lock_hall(session, hall)
    _refuse_closed_day(session, hall, day)
    if _open_shift(session, actor, lock=True) is not None:
        raise CashierRefused("You have an open shift: close it first.", rule="shift_open")
    if session.scalar(select(Shift.id).where(Shift.window_id == actor.window_id,
                                             Shift.closed_at.is_(None))) is not None:
        raise CashierRefused("Another cashier's shift is open at this window.",
                             rule="window_busy")
    shift = Shift(hall_id=hall.id, window_id=actor.window_id, cashier_id=actor.staff_id,
                  business_day=day, opened_at=now, float_amount=float_amount)
    session.add(shift)
    try:
        session.flush()
    except IntegrityError:
        raise CashierRefused("A shift was opened here at the same moment.",
                             rule="shift_open") from None
    audit.record(session, actor, "cashier.shift_opened", "shift", shift.id,
                 details={"float": str(float_amount), "business_day": day.isoformat()})
    info = _shift_info(session, shift)
    events.notify(session, PAYMENTS, hall.id)
    return info


def _counted(counted_by_denomination: Mapping[str, int]) -> tuple[Decimal, dict[str, int]]:
    counts: dict[str, int] = {}
    total = ZERO
    for denomination, count in counted_by_denomination.items():
        key = str(denomination).strip()
        if key not in DENOMINATIONS:
            raise ValidationError("Not a banknote or coin: {denomination}.",
                                  field="counted", rule="denomination", denomination=key)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError("Count notes and coins in whole numbers.", field="counted",
                                  rule="count")
        if count:
            counts[key] = counts.get(key, 0) + count
            total += DENOMINATIONS[key] * count
    return ensure_fen(total, "counted"), counts  # beyond MAX_AMOUNT: too_large


@dataclass(frozen=True)
class _Cash:
    """A shift's money, from its payments, tenders and voids."""

    payments: int
    refunds: int
    voids: int
    collected: Decimal
    by_method: tuple[MethodTotal, ...]
    cash_in: Decimal
    change_given: Decimal
    cash_voided: Decimal
    cash_refunded: Decimal

    def expected(self, float_amount: Decimal) -> Decimal:
        """float + cash in − change − cash voided − cash refunded."""
        return (float_amount + self.cash_in - self.change_given - self.cash_voided
                - self.cash_refunded)


def _cash(session: Session, *, shift_id: int | None = None, hall_id: int | None = None,
          day: date | None = None) -> _Cash:
    """Totals of one shift, or of a hall's business day: two sums the database makes (a
    day of 100,000 payments is not read row by row)."""
    where = ([Payment.shift_id == shift_id] if shift_id is not None
             else [Payment.hall_id == hall_id, Payment.business_day == day])
    live = PaymentVoid.id.is_(None)
    payments, refunds, voids, collected = session.execute(
        select(func.count().filter(live, Payment.amount >= 0),
               func.count().filter(live, Payment.amount < 0),
               func.count(PaymentVoid.id),
               func.sum(Payment.amount).filter(live))
        .select_from(Payment)
        .outerjoin(PaymentVoid, PaymentVoid.payment_id == Payment.id)
        .where(*where)).one()
    cash_in = change = cash_voided = cash_refunded = ZERO
    methods: dict[str, tuple[int, Decimal]] = {}
    paid_in = PaymentTender.amount >= 0
    for method, count, amount, handed, given, voided_in, refunded in session.execute(
            select(PaymentTender.method,
                   func.count().filter(live),
                   func.sum(PaymentTender.amount).filter(live),
                   func.sum(func.coalesce(PaymentTender.tendered, PaymentTender.amount))
                   .filter(paid_in),
                   func.sum(PaymentTender.change).filter(paid_in),
                   func.sum(PaymentTender.amount).filter(paid_in, PaymentVoid.id.is_not(None)),
                   func.sum(PaymentTender.amount).filter(PaymentTender.amount < 0, live))
            .join(Payment, Payment.id == PaymentTender.payment_id)
            .outerjoin(PaymentVoid, PaymentVoid.payment_id == PaymentTender.payment_id)
            .where(*where).group_by(PaymentTender.method)).tuples():
        if method == CASH:
            cash_in, change = _fen(handed), _fen(given)
            cash_voided, cash_refunded = _fen(voided_in), -_fen(refunded)
        if count:
            methods[method] = (count, _fen(amount))
    by_method = tuple(MethodTotal(m, *methods[m]) for m in METHODS if m in methods)
    return _Cash(payments, refunds, voids, _fen(collected), by_method, cash_in, change,
                 cash_voided, cash_refunded)


def _fen(total: Decimal | int | None) -> Decimal:
    """A database sum as money: None (nothing summed) is zero; SQLite's sums come back
    without their scale."""
    return ensure_fen(Decimal(total or 0).quantize(Decimal("0.01")))


def close_shift(session: Session, actor: Actor, counted_by_denomination: Mapping[str, int], *,
                note: str = "", approver_username: str = "", approver_password: str = "",
                now: datetime | None = None) -> ShiftCloseResult:
    """Close the actor's shift with a blind count: the count goes in, the expected cash and
    the difference come out. A difference beyond the deployment's threshold needs a
    manager's approval; a count refused for that is recorded anyway (a recount shows)."""
    require(session, actor, Permission.TAKE_PAYMENTS)
    now = now or utcnow()
    counted, counts = _counted(counted_by_denomination)
    note = written_text(note, field="note", max_length=MAX_REASON_LENGTH, multiline=True)
    shift = _open_shift(session, actor, lock=False)
    if shift is None:
        raise ShiftNotOpen()
    threshold = difference_threshold(session)
    approver: Staff | None = None
    if approver_username or approver_password:
        approver = _approve(session, actor, approver_username, approver_password,
                            Permission.APPROVE, "close a shift with a difference", now)
    shift = _open_shift(session, actor, lock=True)
    if shift is None:
        raise ShiftNotOpen()
    expected = _cash(session, shift_id=shift.id).expected(shift.float_amount)
    difference = counted - expected
    counts_json = json.dumps(counts, sort_keys=True)
    if abs(difference) > threshold and approver is None:
        shift_id = shift.id

        def refused(s: Session) -> None:  # kept although the refusal rolls back
            s.add(ShiftCount(shift_id=shift_id, at=now, counts=counts_json, counted=counted,
                             difference=difference, accepted=False))
            audit.record(s, actor, "cashier.count_refused", "shift", shift_id,
                         details={"counted": str(counted)})

        keep_despite_rollback(session, refused)
        raise ApprovalRequired("The count differs from the expected cash by more than {n}: "
                               "count again, or a manager approves the difference.",
                               action="close a shift with a difference", n=str(threshold))
    session.add(ShiftCount(shift_id=shift.id, at=now, counts=counts_json, counted=counted,
                           difference=difference, accepted=True))
    shift.closed_at = now
    shift.counted = counted
    shift.expected = expected
    shift.difference = difference
    shift.close_note = note
    shift.approved_by = approver.id if approver is not None else None
    audit.record(session, actor, "cashier.shift_closed", "shift", shift.id,
                 reason=note, details={
                     "counts": counts, "counted": str(counted), "expected": str(expected),
                     "difference": str(difference),
                     "approved_by": approver.username if approver else ""})
    result = ShiftCloseResult(shift.id, counted, expected, difference,
                              approver.username if approver else "", now,
                              approver.full_name if approver else "")
    events.notify(session, PAYMENTS, shift.hall_id)
    return result


def shift_report(session: Session, actor: Actor, shift_id: int | None = None) -> ShiftReport:
    """A shift's takings. The cashier sees their own (the current open one by default), but
    not the expected cash until it is closed (blind close); hall managers see everything of
    their hall."""
    staff = require(session, actor, Permission.TAKE_PAYMENTS)
    manager = staff is None or has_permission(staff.role, Permission.VIEW_HALL)
    if shift_id is None:
        shift = session.scalars(select(Shift).where(Shift.cashier_id == actor.staff_id)
                                .order_by(Shift.opened_at.desc()).limit(1)).first()
    else:
        shift = session.get(Shift, shift_id)
    if shift is None or shift.hall_id != actor.hall_id or (
            shift.cashier_id != actor.staff_id and not manager):
        raise NotFound(what="shift")
    cash = _cash(session, shift_id=shift.id)
    closed = shift.closed_at is not None
    report = ShiftReport(
        _shift_info(session, shift), cash.payments, cash.refunds, cash.voids, cash.collected,
        cash.by_method, cash.cash_in, cash.change_given, cash.cash_voided, cash.cash_refunded,
        shift.expected if closed else (cash.expected(shift.float_amount) if manager else None),
        shift.counted, shift.difference)
    return report


def latest_shift(session: Session, actor: Actor) -> ShiftInfo | None:
    """The actor's own latest shift at their hall (open or closed), for the desk's shift
    line: what ``shift_report`` would name, without its takings; None when they have none
    there."""
    require(session, actor, Permission.TAKE_PAYMENTS)
    shift = session.scalars(select(Shift).where(Shift.cashier_id == actor.staff_id)
                            .order_by(Shift.opened_at.desc()).limit(1)).first()
    if shift is None or shift.hall_id != actor.hall_id:
        return None
    return _shift_info(session, shift)


# --- the business day ------------------------------------------------------------------------


def _fee_kinds(session: Session, hall_id: int, day: date) -> tuple[tuple[str, Decimal], ...]:
    """What the day's live payments paid for: principal by bill kind, late fees, credit."""
    voided = select(PaymentVoid.payment_id)
    live = (Payment.hall_id == hall_id, Payment.business_day == day,
            Payment.id.not_in(voided))
    totals: dict[str, Decimal] = {}
    for kind, principal, fee in session.execute(
            select(Bill.kind, func.sum(Allocation.principal_amount),
                   func.sum(Allocation.late_fee_amount))
            .join(Allocation, Allocation.bill_id == Bill.id)
            .join(Payment, Payment.id == Allocation.payment_id)
            .where(*live).group_by(Bill.kind)).tuples():
        totals[kind] = totals.get(kind, ZERO) + (principal or ZERO)
        totals["late_fee"] = totals.get("late_fee", ZERO) + (fee or ZERO)
    credit = session.scalar(select(func.sum(CreditEntry.amount)).join(
        Payment, Payment.id == CreditEntry.payment_id).where(*live))
    totals["prepaid"] = ensure_fen(credit) if credit is not None else ZERO
    order = ("gas", "heating", "late_fee", "prepaid")
    return tuple((k, ensure_fen(totals.get(k, ZERO))) for k in order)


def _daily_report(session: Session, hall: Hall, day: date,
                  closed_at: datetime | None, closed_by: int | None = None) -> DailyReport:
    cash = _cash(session, hall_id=hall.id, day=day)
    voided = select(PaymentVoid.payment_id)
    by_cashier = tuple(
        CashierTotal(username, full_name, count, ensure_fen(amount or ZERO))
        for username, full_name, count, amount in session.execute(
            select(Staff.username, Staff.full_name, func.count(), func.sum(Payment.amount))
            .join(Payment, Payment.cashier_id == Staff.id)
            .where(Payment.hall_id == hall.id, Payment.business_day == day,
                   Payment.id.not_in(voided))
            .group_by(Staff.username, Staff.full_name).order_by(Staff.username)).tuples())
    shifts = []
    for shift in session.scalars(select(Shift).where(Shift.hall_id == hall.id,
                                                     Shift.business_day == day)
                                 .order_by(Shift.id)):
        info = _shift_info(session, shift)
        shifts.append(ShiftLine(shift.id, info.cashier, info.window_number, shift.float_amount,
                                shift.expected, shift.counted, shift.difference))
    closer = session.get(Staff, closed_by) if closed_by is not None else None
    return DailyReport(hall.id, hall.name, day, closed_at, cash.payments, cash.refunds,
                       cash.voids, cash.collected, cash.by_method, by_cashier,
                       _fee_kinds(session, hall.id, day), tuple(shifts),
                       closer.full_name if closer is not None else "")


def daily_report(session: Session, actor: Actor, day: date) -> DailyReport:
    """The collection report of a day of the actor's hall, closed or not (yet)."""
    staff = require(session, actor, Permission.VIEW_HALL)
    hall = _hall(session, actor)
    require_same_hall(staff, hall.id)
    closed = session.get(DayClose, (hall.id, day))
    report = _daily_report(session, hall, day, closed.closed_at if closed else None,
                           closed.closed_by if closed else None)
    return report


@dataclass(frozen=True)
class AuditAnchor:
    """A link of the audit trail printed on the report, to be compared with the trail later:
    the row that recorded the day's close, or the hall's chain head when printed."""

    label: str  # "日结记录" / "打印时链头"
    chain: str  # hall:1
    seq: int
    hash: str


@dataclass(frozen=True)
class DayReportAppendix:
    """What the printed collection report shows besides ``DailyReport``."""

    company: str
    voided_amount: Decimal  # the day's voided payments, their sum
    refunded_amount: Decimal  # the day's refunds (not voided), as a positive sum
    anchors: tuple[AuditAnchor, ...]


def day_report_for_print(session: Session, actor: Actor, day: date
                         ) -> tuple[DailyReport, DayReportAppendix]:
    """The collection report with what its printed form adds (the company, the voided and
    refunded sums, the audit anchors), read together: on PostgreSQL from one snapshot, so an
    open day's totals and sums beside them agree (``daily_report``'s permission)."""
    bind = session.get_bind()
    if (isinstance(bind, Engine) and bind.dialect.name == "postgresql"
            and not session.in_transaction()):
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    staff = require(session, actor, Permission.VIEW_HALL)
    hall = _hall(session, actor)
    require_same_hall(staff, hall.id)
    closed = session.get(DayClose, (hall.id, day))
    report = _daily_report(session, hall, day, closed.closed_at if closed else None,
                           closed.closed_by if closed else None)
    of_day = (Payment.hall_id == hall.id, Payment.business_day == day)
    voided = session.scalar(select(func.sum(Payment.amount)).join(
        PaymentVoid, PaymentVoid.payment_id == Payment.id).where(*of_day))
    refunded = session.scalar(select(func.sum(Payment.amount)).where(
        *of_day, Payment.amount < 0, Payment.id.not_in(select(PaymentVoid.payment_id))))
    chain = audit.chain_for(hall.id)
    anchors = []
    close = session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "hall", AuditEntry.entity_id == str(hall.id),
        AuditEntry.chain == chain, AuditEntry.action == "cashier.day_closed",
        AuditEntry.details.contains(f'"business_day":"{day.isoformat()}"'))
        .order_by(AuditEntry.seq)).first()
    if close is not None:
        anchors.append(AuditAnchor("日结记录", chain, close.seq, close.hash))
    head = session.get(AuditChainHead, chain)
    if head is not None:
        anchors.append(AuditAnchor("打印时链头", chain, head.last_seq, head.last_hash))
    appendix = DayReportAppendix(_setting(session, COMPANY_NAME_KEY) or "", _fen(voided),
                                 _fen(-(refunded or 0)), tuple(anchors))
    return report, appendix


def _report_json(report: DailyReport) -> str:
    return json.dumps({
        "payments": report.payments, "refunds": report.refunds, "voids": report.voids,
        "total": str(report.total),
        "by_method": {m.method: [m.count, str(m.amount)] for m in report.by_method},
        "by_cashier": {c.username: [c.count, str(c.amount)] for c in report.by_cashier},
        "by_fee_kind": {k: str(a) for k, a in report.by_fee_kind},
        "shifts": [[s.shift_id, s.cashier, str(s.counted), str(s.difference)]
                   for s in report.shifts],
    }, ensure_ascii=False, sort_keys=True)


def close_day(session: Session, actor: Actor, day: date, *, read_back: DailyReport | None = None,
              now: datetime | None = None) -> DailyReport:
    """Close a business day of the manager's hall: refused while a shift of the day is open
    (naming them); afterwards no shift opens and no payment is dated in it. ``read_back``:
    the report the manager confirmed; the close is refused if the day's figures differ from
    it now (a shift taken and closed meanwhile), so what is sealed is what was read."""
    staff = require(session, actor, Permission.CLOSE_DAY)
    now = now or utcnow()
    hall = _hall(session, actor)
    require_same_hall(staff, hall.id)
    if day > business_day(hall, now):
        raise ValidationError("{day} has not begun yet.", field="business_day",
                              rule="future", day=day.isoformat())
    _lock_hall(session, hall)
    _refuse_closed_day(session, hall, day)
    open_shifts = list(session.scalars(select(Shift).where(
        Shift.hall_id == hall.id, Shift.business_day == day, Shift.closed_at.is_(None))
        .order_by(Shift.id).with_for_update(key_share=True)))
    if open_shifts:
        # (full name, user name, window) of each, as the manager's screen names them
        named = [(person.full_name if person else i.cashier, i.cashier, i.window_number)
                 for i, person in ((_shift_info(session, s), session.get(Staff, s.cashier_id))
                                   for s in open_shifts)]
        raise CashierRefused("Shifts still open: {shifts}.", rule="open_shifts", open=named,
                             shifts="; ".join(f"{name} ({user}, window {window})"
                                              for name, user, window in named))
    report = _daily_report(session, hall, day, now, actor.staff_id)
    if read_back is not None and _report_json(read_back) != _report_json(report):
        raise CashierRefused("The day's figures changed after they were read back: read "
                             "them again before closing.", rule="report_changed")
    session.add(DayClose(hall_id=hall.id, business_day=day, closed_at=now,
                         closed_by=actor.staff_id, report=_report_json(report)))
    audit.record(session, actor, "cashier.day_closed", "hall", hall.id, details={
        "business_day": day.isoformat(), "total": str(report.total),
        "payments": report.payments, "refunds": report.refunds, "voids": report.voids})
    events.notify(session, PAYMENTS, hall.id)
    return report


def account_balance(session: Session, actor: Actor, account_id: int) -> Decimal:
    """What the account owes now before any new late fee (− credit): bills + late fees
    charged − waivers − payments + voided payments, read from the ledger."""
    require(session, actor, Permission.SEARCH_CUSTOMERS)
    states = bill_states(session, account_id)
    balance = amount_due(s.open for s in states) - account_credit(session, account_id)
    return balance

