"""Property: whatever bills, payments, waivers, voids and refunds happen to an account, what it
owes is bills + late fees charged − waivers − payments + voided and refunded payments, to the
fen; and every shift and day reconciles (counted cash = expected, report totals by method =
by cashier = by fee kind = what was taken). Both databases; each example is a new account on
a new business day.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.billing.money import ZERO, from_fen
from app.db import Database
from app.errors import CashierRefused
from app.models import Bill, LateFeeCharge, LateFeeWaiver
from app.services import cashier
from app.services.billing_runs import bill_number
from app.services.cashier import Tender, Waiver
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import MORNING, Desk

# (principal in fen, due date in days from the business day: mostly overdue)
BILLS = st.lists(st.tuples(st.integers(1, 30_000), st.integers(-500, 30)), max_size=4)
PAY = st.tuples(st.just("pay"), st.integers(1, 40_000), st.sampled_from(["cash", "wechat"]),
                st.booleans())  # amount in fen, method, whether a manager waives half a fee
VOID = st.tuples(st.just("void"), st.integers(0, 5), st.just(""), st.just(False))
OPS = st.lists(st.one_of(PAY, PAY, VOID), min_size=1, max_size=6)
# after the first shift closes, a second one refunds these (indexes into what is left)
REFUNDS = st.lists(st.integers(0, 5), max_size=2)


class World:
    """One hall for every example; each example takes the next business day."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.days = itertools.count(1)


@pytest.fixture
def world(db: Database, hall: Hall, system: Actor) -> Iterator[World]:
    yield World(Desk(db, hall, system))


def _counts(amount: Decimal) -> dict[str, int]:
    """Notes and coins for an amount: hundreds, ones, fen."""
    fen = int(amount * 100)
    return {"100": fen // 10_000, "1": fen // 100 % 100, "0.01": fen % 100}


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(bills=BILLS, ops=OPS, refunds=REFUNDS)
def test_balance_and_every_shift_and_day_reconcile(
        world: World, bills: list[tuple[int, int]], ops: list[tuple[str, int, str, bool]],
        refunds: list[int]) -> None:
    desk = world.desk
    now = MORNING + timedelta(days=next(world.days))
    day = now.date()
    account = desk.account()
    with desk.db.scope() as s:
        for n, (fen, due_in) in enumerate(bills):
            period = f"{2000 + n}-{2001 + n}"
            s.add(Bill(bill_no=bill_number("heating", period, account), account_id=account,
                       kind="heating", period=period, tariff_class="residential",
                       issued_on=day - timedelta(days=600), due_on=day + timedelta(days=due_in),
                       principal=from_fen(fen)))
        s.commit()
    float_amount = Decimal("100.00")
    desk.run(cashier.open_shift, desk.cashier, float_amount, now=now)
    taken: list[tuple[int, Decimal, str]] = []  # payment id, amount, method
    voided: set[int] = set()
    for op, number, method, waive in ops:
        if op == "pay":
            waivers = []
            if waive:
                due = desk.run(cashier.open_bills, desk.cashier, account, on=day)
                owed = [(b.bill_id, b.late_fee.previously_due + b.late_fee.charged)
                        for b in due.bills if b.late_fee.previously_due + b.late_fee.charged]
                if owed:
                    bill_id, fee = owed[0]
                    waivers = [Waiver(bill_id, from_fen(int(fee * 100) // 2 or 1), "属性测试")]
                    event("waived")
            tender = Tender(method, from_fen(number),
                            reference="" if method == "cash" else f"T{number}")
            paid = desk.pay(account, tender, now=now, waivers=waivers,
                            approver_username=desk.hall.users["hall_manager"],
                            approver_password=PASSWORD)
            taken.append((paid.payment_id, paid.amount, method))
        else:
            live = [p for p, _, _ in taken if p not in voided]
            if not live:
                continue
            target = live[number % len(live)]
            try:
                desk.run(cashier.void_payment, desk.cashier, target, reason="属性测试",
                         approver_username=desk.hall.users["hall_manager"],
                         approver_password=PASSWORD, now=now)
            except CashierRefused as refused:  # its credit already paid a bill
                assert refused.params["rule"] == "credit_used"
                event("void refused: credit used")
            else:
                voided.add(target)
                event("voided")

    live_taken = [(p, a, m) for p, a, m in taken if p not in voided]
    cash_taken = sum((a for _, a, m in live_taken if m == "cash"), ZERO)
    closed = desk.run(cashier.close_shift, desk.cashier, _counts(float_amount + cash_taken),
                      now=now)
    assert closed.expected == float_amount + cash_taken and closed.difference == 0

    refunded = _refund_in_a_second_shift(desk, live_taken, refunds, now)

    with desk.db.scope(readonly=True) as s:
        bill_ids = select(Bill.id).where(Bill.account_id == account)
        charged = s.scalar(select(func.sum(LateFeeCharge.charged)).where(
            LateFeeCharge.bill_id.in_(bill_ids))) or ZERO
        waived = s.scalar(select(func.sum(LateFeeWaiver.amount)).where(
            LateFeeWaiver.bill_id.in_(bill_ids))) or ZERO
    principal = sum((from_fen(fen) for fen, _ in bills), ZERO)
    payments = sum((amount for _, amount, _ in taken), ZERO)
    voided_amount = sum((amount for p, amount, _ in taken if p in voided), ZERO)
    refunded_amount = sum((amount for _, amount, _ in refunded), ZERO)
    balance = desk.run(cashier.account_balance, desk.cashier, account)
    event("owes" if balance > 0 else "settled" if balance == 0 else "credit left")
    assert balance == (principal + charged - waived - payments + voided_amount
                       + refunded_amount)

    collected = sum((a for _, a, _ in live_taken), ZERO) - refunded_amount
    report = desk.run(cashier.close_day, desk.manager, day, now=now)
    assert report.total == collected
    assert sum((m.amount for m in report.by_method), ZERO) == collected
    assert sum((c.amount for c in report.by_cashier), ZERO) == collected
    assert sum((a for _, a in report.by_fee_kind), ZERO) == collected
    assert (report.payments, report.voids, report.refunds) == (
        len(live_taken), len(voided), len(refunded))
    assert [s.difference for s in report.shifts] == [0] * (1 + bool(refunds and live_taken))


def _refund_in_a_second_shift(desk: Desk, live: list[tuple[int, Decimal, str]],
                              refunds: list[int], now: datetime
                              ) -> list[tuple[int, Decimal, str]]:
    """Refund the payments picked, in a second shift of the day, and close it evenly."""
    refunded: list[tuple[int, Decimal, str]] = []
    if not (refunds and live):
        return refunded
    second_float = Decimal("1000.00")  # more than any refund's cash
    desk.run(cashier.open_shift, desk.cashier, second_float, now=now)
    for number in refunds:
        left = [t for t in live if t not in refunded]
        if not left:
            break
        target = left[number % len(left)]
        try:
            desk.run(cashier.refund_payment, desk.cashier, target[0], reason="属性测试",
                     idempotency_key=uuid.uuid4().hex,
                     approver_username=desk.hall.users["hall_manager"],
                     approver_password=PASSWORD, now=now)
        except CashierRefused as refused:  # its credit already paid a bill
            assert refused.params["rule"] == "credit_used"
            event("refund refused: credit used")
        else:
            refunded.append(target)
            event("refunded")
    cash_back = sum((a for _, a, m in refunded if m == "cash"), ZERO)
    closed = desk.run(cashier.close_shift, desk.cashier, _counts(second_float - cash_back),
                      now=now)
    assert closed.expected == second_float - cash_back and closed.difference == 0
    return refunded
