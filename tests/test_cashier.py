"""The cashier's desk on both databases: late fees, allocation, credit, tenders, voids and
refunds, shifts and the business day, receipt numbers, idempotency, and two submissions of
one payment at the same instant on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.db import Database
from app.errors import (
    ApprovalRequired,
    AuthenticationFailed,
    CashierRefused,
    DayClosed,
    IdempotencyConflict,
    NotFound,
    PermissionDenied,
    ShiftNotOpen,
    ValidationError,
)
from app.models import (
    Account,
    ChangeCounter,
    Customer,
    LateFeeWaiver,
    Payment,
    PrintJob,
    ReceiptCounter,
    Staff,
)
from app.services import billing_runs, cashier, customers
from app.services.cashier import Tender, Waiver
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall

T = TypeVar("T")
D = Decimal
# 10:00 in Shanghai (UTC+8) on 2026-11-24
MORNING = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)
# Heating seasons billed in the tests: long overdue (late fee capped), 4 days overdue, not due.
OLD, RECENT, CURRENT = "2024-2025", "2025-2026", "2026-2027"
DUE = {OLD: date(2025, 1, 31), RECENT: date(2026, 11, 20), CURRENT: date(2026, 12, 31)}
ISSUED = {OLD: date(2024, 11, 1), RECENT: date(2025, 11, 1), CURRENT: date(2026, 11, 1)}


def cash(amount: str, tendered: str | None = None) -> Tender:
    return Tender("cash", D(amount), tendered=D(tendered) if tendered else None)


def key() -> str:
    return uuid.uuid4().hex


class Desk:
    """A hall with tariffs (heating 20.00 元/m²; gas tiers 2.61 / 3.13 / 3.92 at 350 / 500 m³),
    late fees of 0.5 % a day capped at 10 % of the bill, and a cashier at window 1."""

    def __init__(self, db: Database, hall: Hall, system: Actor) -> None:
        self.db = db
        self.hall = hall
        self.system = system
        self.manager = hall.login(db, "hall_manager", window=None)
        self.cashier = hall.login(db, "cashier", window=1)
        self.clerk = hall.login(db, "clerk", window=2)
        start = date(2020, 1, 1)
        for tariff_class in ("residential", "low_income"):
            self.run(billing_runs.set_heating_tariff, system, tariff_class, start,
                     unit_price=D("20.00"), suspended_share=D("0.30"),
                     relief_share=D("0.50") if tariff_class == "low_income" else D(0))
            self.run(billing_runs.set_gas_tariff, system, tariff_class, start,
                     prices=[D("2.61"), D("3.13"), D("3.92")], ceilings=[D(350), D(500)])
            for kind in ("gas", "heating"):
                self.run(billing_runs.set_late_fee_policy, system, kind, tariff_class, start,
                         daily_rate=D("0.005"), cap_share=D("0.10"))

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.db.scope() as s:
            return fn(s, *args, **kwargs)

    def account(self, kind: str = "heating", *, area: str | None = "5", status: str = "active",
                tariff_class: str = "residential", name: str = "张三明",
                phone: str = "13812345678", account_no: str | None = None,
                meter_no: str | None = None, household_size: int = 3) -> int:
        with self.db.scope() as s:
            customer = Customer(name=name, phone=phone, contact_address="石家庄市长安区中山东路1号")
            s.add(customer)
            s.flush()
            account = Account(account_no=account_no or f"{2 if kind == 'heating' else 1}"
                              f"{customer.id:09d}", customer_id=customer.id, kind=kind,
                              address=f"石家庄市长安区中山东路{customer.id}号 1栋1单元101室",
                              meter_no=meter_no, heated_area=D(area) if area else None,
                              tariff_class=tariff_class, household_size=household_size,
                              status=status, opened_on=date(2015, 1, 1))
            s.add(account)
            s.commit()
            return account.id

    def season(self, period: str) -> billing_runs.BillingRunResult:
        return self.run(billing_runs.run_billing, self.manager, "heating", period,
                        due_on=DUE[period], issued_on=ISSUED[period], now=MORNING)

    def open_shift(self, actor: Actor | None = None, float_amount: str = "200.00",
                   now: datetime = MORNING) -> cashier.ShiftInfo:
        return self.run(cashier.open_shift, actor or self.cashier, D(float_amount), now=now)

    def pay(self, account_id: int, *tenders: Tender, actor: Actor | None = None,
            now: datetime = MORNING, **kwargs: Any) -> cashier.PaymentResult:
        kwargs.setdefault("idempotency_key", key())
        return self.run(cashier.take_payment, actor or self.cashier, account_id,
                        tenders=list(tenders), now=now, **kwargs)

    def due(self, account_id: int, on: date = TODAY) -> cashier.AccountDue:
        return self.run(cashier.open_bills, self.cashier, account_id, on=on)

    def balance(self, account_id: int) -> Decimal:
        return self.run(cashier.account_balance, self.cashier, account_id)

    def void(self, payment_id: int, approver: str | None = None, password: str = PASSWORD,
             actor: Actor | None = None) -> cashier.VoidResult:
        return self.run(cashier.void_payment, actor or self.cashier, payment_id,
                        reason="收错户号", approver_username=approver or self.hall.users[
                            "hall_manager"], approver_password=password, now=MORNING)

    def close(self, counts: dict[str, int], actor: Actor | None = None,
              **kwargs: Any) -> cashier.ShiftCloseResult:
        return self.run(cashier.close_shift, actor or self.cashier, counts,
                        now=kwargs.pop("now", MORNING), **kwargs)

    def failed_logins(self, username: str) -> int:
        with self.db.scope(readonly=True) as s:
            return s.scalar(select(Staff.failed_logins).where(Staff.username == username)) or 0


@pytest.fixture
def desk(db: Database, hall: Hall, system: Actor) -> Desk:
    return Desk(db, hall, system)


# --- what is owed ----------------------------------------------------------------------------


def test_open_bills_show_late_fee_lines_capped_and_the_total(desk: Desk) -> None:
    account = desk.account()
    desk.season(OLD)
    desk.season(RECENT)
    desk.season(CURRENT)
    due = desk.due(account)
    assert [b.period for b in due.bills] == [OLD, RECENT, CURRENT]
    old, recent, current = due.late_fees
    # 100.00 × 0.5 % × 662 days = 331.00, held to the cap of 10 % of the bill
    assert (old.days, old.accrued, old.charged, old.capped) == (662, D("331.00"), D("10.00"),
                                                               True)
    assert (old.first_day, old.last_day) == (date(2025, 2, 1), TODAY)
    assert (recent.days, recent.charged, recent.capped) == (4, D("2.00"), False)
    assert current.days == 0 and current.charged == 0
    assert due.prepaid_credit == 0 and due.total_due == D("312.00")
    assert due.masked_name == "张*明"


def test_a_paid_late_fee_is_not_charged_again_and_the_cap_holds_for_life(desk: Desk) -> None:
    account = desk.account()
    desk.season(OLD)
    desk.open_shift()
    first = desk.pay(account, cash("50.00"))  # late fee 10.00 first, then 40.00 of principal
    assert first.items[0].late_fee == D("10.00") and first.items[0].principal == D("40.00")
    later = MORNING + timedelta(days=30)
    desk.run(cashier.close_shift, desk.cashier, {"100": 2, "50": 1}, now=MORNING)
    desk.open_shift(now=later)
    due = desk.due(account, later.date())
    line = due.late_fees[0]
    assert line.accrued == D("9.00") and line.charged == 0 and line.cap_left == 0
    assert due.total_due == D("60.00")


def test_waiving_a_late_fee_needs_a_manager(desk: Desk) -> None:
    account = desk.account()
    desk.season(OLD)
    desk.open_shift()
    bill_id = desk.due(account).bills[0].bill_id
    waiver = [Waiver(bill_id, D("10.00"), "困难户，经理同意减免")]
    manager = desk.hall.users["hall_manager"]
    with pytest.raises(ApprovalRequired):
        desk.pay(account, cash("100.00"), waivers=waiver)
    with pytest.raises(PermissionDenied):
        desk.pay(account, cash("100.00"), waivers=waiver,
                 approver_username=desk.hall.users["clerk"], approver_password=PASSWORD)
    with pytest.raises(AuthenticationFailed):
        desk.pay(account, cash("100.00"), waivers=waiver, approver_username=manager,
                 approver_password="wrong-password1")
    assert desk.failed_logins(manager) == 1  # counts towards the manager's lockout
    with pytest.raises(ValidationError):  # more than the fee owed
        desk.pay(account, cash("100.00"), approver_username=manager,
                 approver_password=PASSWORD,
                 waivers=[Waiver(bill_id, D("10.01"), "全部减免")])
    paid = desk.pay(account, cash("100.00"), waivers=waiver, approver_username=manager,
                    approver_password=PASSWORD)
    assert desk.failed_logins(manager) == 0
    (line,) = paid.late_fees
    assert (line.charged, line.waived, line.payable) == (D("10.00"), D("10.00"), 0)
    assert line.waiver_reason == "困难户，经理同意减免"
    assert paid.items[0].late_fee == 0 and paid.items[0].principal == D("100.00")
    assert desk.due(account).bills == ()
    with desk.db.scope(readonly=True) as s:
        row = s.scalars(select(LateFeeWaiver)).one()
        approver = s.get(Staff, row.approved_by)
        assert approver is not None and approver.username == manager


def test_payment_is_allocated_to_the_oldest_bill_first(desk: Desk) -> None:
    account = desk.account()
    for period in (OLD, RECENT, CURRENT):
        desk.season(period)
    desk.open_shift()
    paid = desk.pay(account, cash("150.00"), amount=D("150.00"))
    # OLD: 10.00 late fee + 100.00; RECENT: its 2.00 late fee, then 38.00 of principal
    assert [(i.period, i.late_fee, i.principal) for i in paid.items] == [
        (OLD, D("10.00"), D("100.00")), (RECENT, D("2.00"), D("38.00"))]
    due = desk.due(account)
    assert [(b.period, b.principal_due) for b in due.bills] == [(RECENT, D("62.00")),
                                                                (CURRENT, D("100.00"))]
    assert desk.balance(account) == D("162.00")


def test_paying_named_bills_leaves_the_others_owing(desk: Desk) -> None:
    account = desk.account()
    desk.season(OLD)
    desk.season(CURRENT)
    bills = desk.due(account).bills
    desk.open_shift()
    paid = desk.pay(account, cash("100.00"), bill_ids=[bills[1].bill_id])
    assert [(i.period, i.amount) for i in paid.items] == [(CURRENT, D("100.00"))]
    assert [b.period for b in desk.due(account).bills] == [OLD]
    with pytest.raises(CashierRefused) as refused:
        desk.pay(account, cash("1.00"), bill_ids=[bills[1].bill_id])
    assert refused.value.params["rule"] == "bill_paid"
    other = desk.account(name="李四")
    with pytest.raises(NotFound):
        desk.pay(other, cash("1.00"), bill_ids=[bills[0].bill_id])


def test_partial_and_over_payment_and_the_credit_pays_the_next_bill(desk: Desk) -> None:
    account = desk.account()
    desk.season(RECENT)  # 100.00 + 2.00 late fee
    desk.open_shift()
    partial = desk.pay(account, cash("30.00"))
    assert partial.items[0].late_fee == D("2.00") and partial.items[0].principal == D("28.00")
    over = desk.pay(account, cash("200.00"))
    assert over.items[0].principal == D("72.00") and over.credit_change == D("128.00")
    due = desk.due(account)
    assert due.bills == () and due.prepaid_credit == D("128.00") and due.total_due == 0
    assert desk.balance(account) == D("-128.00")
    run = desk.season(CURRENT)
    assert run.credit_applied == D("100.00")
    due = desk.due(account)
    assert due.bills == () and due.prepaid_credit == D("28.00")
    nothing_owed = desk.pay(account, cash("10.00"))  # a prepayment: all of it is credit
    assert nothing_owed.items == () and nothing_owed.credit_change == D("10.00")


def test_credit_pays_a_new_bill_when_it_is_issued(desk: Desk) -> None:
    account = desk.account()
    desk.open_shift()
    desk.pay(account, cash("30.00"))  # a prepayment: no bill yet
    run = desk.season(OLD)
    assert run.credit_applied == D("30.00")
    due = desk.due(account)
    assert due.prepaid_credit == 0 and due.bills[0].principal_due == D("70.00")
    # paid on its issue day, not late; the late fee since runs on the 70.00 left, capped
    assert due.late_fees[0].charged == D("10.00") and due.late_fees[0].capped


def test_split_tenders_with_change_and_the_receipt(desk: Desk) -> None:
    account = desk.account(name="欧阳小明")
    desk.season(RECENT)
    desk.open_shift()
    paid = desk.pay(account, cash("52.00", tendered="100.00"),
                    Tender("wechat", D("50.00"), reference="4200001234202611240001"),
                    amount=D("102.00"))
    assert paid.change == D("48.00") and paid.amount == D("102.00")
    assert paid.receipt_no == "H01-2026-000001"
    with pytest.raises(ValidationError):  # non-cash needs its transaction number
        desk.pay(account, Tender("alipay", D("1.00")))
    with pytest.raises(ValidationError):  # tenders must add up to the amount shown
        desk.pay(account, cash("1.00"), amount=D("2.00"))
    with pytest.raises(ValidationError):  # less cash handed over than it pays
        desk.pay(account, cash("10.00", tendered="5.00"))
    with pytest.raises(TypeError):
        desk.pay(account, Tender("cash", 1.5))  # type: ignore[arg-type]
    receipt = desk.run(cashier.receipt_data, desk.cashier, paid.payment_id)
    assert receipt.receipt_no == "H01-2026-000001" and receipt.hall_name == "第一营业厅"
    assert receipt.total == D("102.00") and receipt.total_in_words == "壹佰零贰元整"
    assert receipt.masked_name == "欧**明" and receipt.change == D("48.00")
    assert [(t.method, t.amount, t.tendered) for t in receipt.tenders] == [
        ("cash", D("52.00"), D("100.00")), ("wechat", D("50.00"), None)]
    assert receipt.paid_at.utcoffset() == timedelta(hours=8)
    assert receipt.cashier == "李娜" and receipt.window_number == 1
    assert [(i.period, i.late_fee, i.principal) for i in receipt.items] == [
        (RECENT, D("2.00"), D("100.00"))]
    assert not receipt.voided and receipt.reprint_count == 0


# --- voids, refunds, reprints ----------------------------------------------------------------


def test_void_requires_manager_approval(desk: Desk) -> None:
    account = desk.account()
    desk.season(RECENT)
    desk.open_shift()
    paid = desk.pay(account, cash("102.00"))
    manager = desk.hall.users["hall_manager"]
    with pytest.raises(AuthenticationFailed):
        desk.void(paid.payment_id, password="wrong-password1")
    assert desk.failed_logins(manager) == 1
    with pytest.raises(PermissionDenied):
        desk.void(paid.payment_id, approver=desk.hall.users["clerk"])
    with pytest.raises(PermissionDenied):  # a cashier cannot approve either
        desk.void(paid.payment_id, approver=desk.hall.users["cashier"])
    with pytest.raises(ValidationError):
        desk.run(cashier.void_payment, desk.cashier, paid.payment_id, reason=" ",
                 approver_username=manager, approver_password=PASSWORD)
    with pytest.raises(PermissionDenied):  # the clerk may not void at all
        desk.void(paid.payment_id, actor=desk.clerk)
    voided = desk.void(paid.payment_id)
    assert voided.approved_by == manager and voided.receipt_no == paid.receipt_no
    assert voided.approver_name == "张建国"  # the screen's name; the audit keeps the user name
    assert desk.due(account).total_due == D("102.00")  # owed again, late fee included
    receipt = desk.run(cashier.receipt_data, desk.cashier, paid.payment_id)
    assert receipt.voided and receipt.void_reason == "收错户号"
    with pytest.raises(CashierRefused) as again:
        desk.void(paid.payment_id)
    assert again.value.params["rule"] == "already_voided"
    result = desk.close({"100": 2})  # the voided cash left the drawer again
    assert result.expected == D("200.00") and result.difference == 0


def test_after_the_shift_a_payment_is_refunded_not_voided(desk: Desk) -> None:
    account = desk.account()
    desk.season(RECENT)
    desk.open_shift()
    paid = desk.pay(account, cash("102.00"))
    desk.close({"100": 3, "2": 1})
    desk.open_shift()
    with pytest.raises(CashierRefused) as refused:
        desk.void(paid.payment_id)
    assert refused.value.params["rule"] == "other_shift"
    manager = desk.hall.users["hall_manager"]
    refund_key = key()
    refund = desk.run(cashier.refund_payment, desk.cashier, paid.payment_id, reason="重复缴费",
                      idempotency_key=refund_key, approver_username=manager,
                      approver_password=PASSWORD, now=MORNING)
    assert refund.amount == D("-102.00") and refund.receipt_no == "H01-2026-000002"
    assert [(i.late_fee, i.principal) for i in refund.items] == [(D("-2.00"), D("-100.00"))]
    assert desk.due(account).total_due == D("102.00")
    again = desk.run(cashier.refund_payment, desk.cashier, paid.payment_id, reason="重复缴费",
                     idempotency_key=refund_key, approver_username=manager,
                     approver_password=PASSWORD, now=MORNING)
    assert again.replayed and again.payment_id == refund.payment_id
    with pytest.raises(CashierRefused):
        desk.run(cashier.refund_payment, desk.cashier, paid.payment_id, reason="重复缴费",
                 idempotency_key=key(), approver_username=manager,
                 approver_password=PASSWORD, now=MORNING)
    result = desk.close({"100": 1})  # 200.00 float − 102.00 paid out, 2 元 short
    assert (result.expected, result.difference) == (D("98.00"), D("2.00"))


def test_a_payment_is_given_back_once_voided_or_refunded_never_both(desk: Desk) -> None:
    """While its shift is open only its cashier may take a payment back (a void); another
    window's refund then would pay the customer twice. Once refunded it is never voided."""
    from app.services import auth
    from app.services import staff as staff_service

    desk.run(staff_service.create_user, desk.system, "zhaolei", "赵磊", "cashier", PASSWORD,
             hall_code=desk.hall.code)
    with desk.db.scope() as s:
        other = auth.authenticate(s, "zhaolei", PASSWORD, hall_code=desk.hall.code,
                                  window_number=3)
    account = desk.account()
    desk.season(RECENT)
    desk.open_shift()
    desk.open_shift(actor=other)
    manager = desk.hall.users["hall_manager"]

    def refund(payment_id: int) -> cashier.PaymentResult:
        return desk.run(cashier.refund_payment, other, payment_id, reason="重复缴费",
                        idempotency_key=key(), approver_username=manager,
                        approver_password=PASSWORD, now=MORNING)

    paid = desk.pay(account, cash("102.00"))
    with pytest.raises(CashierRefused) as refused:
        refund(paid.payment_id)  # its shift at window 1 is still open
    assert refused.value.params["rule"] == "void_instead"
    desk.void(paid.payment_id)
    with pytest.raises(CashierRefused) as refused:
        refund(paid.payment_id)
    assert refused.value.params["rule"] == "already_voided"

    again = desk.pay(account, cash("102.00"))
    desk.close({"100": 3, "2": 1})  # float 200 + 102 (the voided 102 went back)
    refund(again.payment_id)
    desk.open_shift()
    with pytest.raises(CashierRefused) as refused:
        desk.void(again.payment_id)
    assert refused.value.params["rule"] == "already_refunded"
    assert desk.due(account).total_due == D("102.00")  # owed once, not twice


def test_a_void_is_refused_when_its_credit_was_spent(desk: Desk) -> None:
    account = desk.account()
    desk.open_shift()
    paid = desk.pay(account, cash("150.00"))  # all credit
    desk.season(CURRENT)  # the credit pays the new bill
    with pytest.raises(CashierRefused) as refused:
        desk.void(paid.payment_id)
    assert refused.value.params["rule"] == "credit_used"


def test_reprint_keeps_the_number_and_counts_copies(desk: Desk) -> None:
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift()
    paid = desk.pay(account, cash("100.00"))
    assert paid.print_job_id is not None
    printed = desk.run(cashier.record_print_result, desk.cashier, paid.print_job_id,
                       printed=False, error="缺纸")
    assert printed.status == "failed" and printed.copy_no == 0
    with pytest.raises(ValidationError):
        desk.run(cashier.reprint_receipt, desk.cashier, paid.payment_id, reason="")
    first = desk.run(cashier.reprint_receipt, desk.cashier, paid.payment_id, reason="缺纸重打")
    second = desk.run(cashier.reprint_receipt, desk.cashier, paid.payment_id, reason="客户遗失")
    assert (first.copy_no, second.copy_no) == (1, 2)
    assert first.receipt_no == second.receipt_no == paid.receipt_no
    desk.run(cashier.record_print_result, desk.cashier, second.job_id, printed=True)
    receipt = desk.run(cashier.receipt_data, desk.cashier, paid.payment_id)
    assert receipt.reprint_count == 2
    with desk.db.scope(readonly=True) as s:
        statuses = dict(s.execute(select(PrintJob.copy_no, PrintJob.status)).tuples().all())
    assert statuses == {0: "failed", 1: "queued", 2: "printed"}


# --- shifts and the business day -------------------------------------------------------------


def test_no_payment_without_an_open_shift(desk: Desk) -> None:
    account = desk.account()
    with pytest.raises(ShiftNotOpen):
        desk.pay(account, cash("10.00"))
    desk.open_shift()
    with pytest.raises(CashierRefused) as twice:
        desk.open_shift()
    assert twice.value.params["rule"] == "shift_open"
    desk.pay(account, cash("10.00"))
    desk.close({"100": 2, "10": 1})
    with pytest.raises(ShiftNotOpen):
        desk.pay(account, cash("10.00"))
    with pytest.raises(ShiftNotOpen):
        desk.close({"100": 2})


def test_a_shift_left_open_overnight_takes_no_payment(desk: Desk) -> None:
    account = desk.account()
    desk.open_shift()
    tomorrow = MORNING + timedelta(days=1)
    with pytest.raises(CashierRefused) as stale:
        desk.pay(account, cash("10.00"), now=tomorrow)
    assert stale.value.params["rule"] == "stale_shift"
    desk.close({"100": 2}, now=tomorrow)
    desk.open_shift(now=tomorrow)
    desk.pay(account, cash("10.00"), now=tomorrow)


def test_blind_close_records_the_difference_and_a_large_one_needs_a_manager(
        desk: Desk) -> None:
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift(float_amount="200.00")
    desk.pay(account, cash("60.00", tendered="100.00"))
    desk.pay(account, Tender("card", D("40.00"), reference="POS-778812"))
    report = desk.run(cashier.shift_report, desk.cashier)
    assert report.expected_cash is None  # blind: the cashier does not see it before counting
    assert report.cash_in == D("100.00") and report.change_given == D("40.00")
    manager_view = desk.run(cashier.shift_report, desk.manager, report.shift.id)
    assert manager_view.expected_cash == D("260.00")
    with pytest.raises(ApprovalRequired):  # 30.00 short, over the 10.00 threshold
        desk.close({"100": 2, "10": 3})
    with pytest.raises(PermissionDenied):
        desk.close({"100": 2, "10": 3}, approver_username=desk.hall.users["clerk"],
                   approver_password=PASSWORD)
    result = desk.close({"100": 2, "10": 3}, note="少收30元，已报告",
                        approver_username=desk.hall.users["hall_manager"],
                        approver_password=PASSWORD)
    assert (result.counted, result.expected, result.difference) == (
        D("230.00"), D("260.00"), D("-30.00"))
    assert result.approved_by == desk.hall.users["hall_manager"]
    assert result.approver_name == "张建国"
    closed = desk.run(cashier.shift_report, desk.cashier, report.shift.id)
    assert closed.expected_cash == D("260.00") and closed.difference == D("-30.00")
    assert [(m.method, m.amount) for m in closed.by_method] == [
        ("cash", D("60.00")), ("card", D("40.00"))]
    with pytest.raises(ValidationError):
        desk.close({"30": 1})


def test_small_differences_close_without_approval(desk: Desk) -> None:
    desk.open_shift(float_amount="100.00")
    result = desk.close({"50": 1, "20": 2, "5": 1, "1": 2, "0.5": 1, "0.1": 2})
    assert result.counted == D("97.70") and result.difference == D("-2.30")


def test_closing_the_day_needs_every_shift_closed_and_then_refuses_writes(desk: Desk) -> None:
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift()
    desk.pay(account, cash("100.00"))
    with pytest.raises(PermissionDenied):
        desk.run(cashier.close_day, desk.cashier, TODAY, now=MORNING)
    with pytest.raises(CashierRefused) as refused:
        desk.run(cashier.close_day, desk.manager, TODAY, now=MORNING)
    assert refused.value.params["rule"] == "open_shifts"
    # named as the manager's screen names them: 李娜（cashier_h01，1号窗口）
    assert refused.value.params["open"] == [("李娜", "cashier_h01", 1)]
    assert "李娜 (cashier_h01, window 1)" in str(refused.value)
    desk.close({"100": 3})
    read_back = desk.run(cashier.daily_report, desk.manager, TODAY)
    desk.open_shift()  # a shift taken and closed after the manager read the figures back
    desk.pay(account, cash("10.00"))
    desk.close({"100": 2, "10": 1})
    with pytest.raises(CashierRefused) as refused:
        desk.run(cashier.close_day, desk.manager, TODAY, read_back=read_back, now=MORNING)
    assert refused.value.params["rule"] == "report_changed"
    read_back = desk.run(cashier.daily_report, desk.manager, TODAY)
    report = desk.run(cashier.close_day, desk.manager, TODAY, read_back=read_back,
                      now=MORNING)
    assert report.total == D("110.00") and report.payments == 2
    assert report.by_fee_kind == (("gas", 0), ("heating", D("100.00")), ("late_fee", 0),
                                  ("prepaid", D("10.00")))  # the bill was paid: credit
    assert [(m.method, m.count, m.amount) for m in report.by_method] == [
        ("cash", 2, D("110.00"))]
    with pytest.raises(DayClosed):
        desk.open_shift()
    with pytest.raises(DayClosed):
        desk.run(cashier.close_day, desk.manager, TODAY, now=MORNING)
    tomorrow = MORNING + timedelta(days=1)
    desk.open_shift(now=tomorrow)  # the next day opens as usual


def test_daily_report_by_method_cashier_and_fee_kind(desk: Desk) -> None:
    account = desk.account()
    desk.season(OLD)
    desk.open_shift()
    second = desk.hall.login(desk.db, "hall_manager", window=3)  # a manager at a till
    desk.open_shift(second, float_amount="0")
    desk.pay(account, cash("60.00", tendered="100.00"))
    desk.pay(account, Tender("alipay", D("70.00"), reference="2026112422001"), actor=second)
    voided = desk.pay(account, cash("5.00"))
    desk.void(voided.payment_id)
    report = desk.run(cashier.daily_report, desk.manager, TODAY)
    assert report.total == D("130.00") and (report.payments, report.voids) == (2, 1)
    assert [(m.method, m.amount) for m in report.by_method] == [
        ("cash", D("60.00")), ("alipay", D("70.00"))]
    assert [(c.username, c.amount) for c in report.by_cashier] == [
        ("cashier_h01", D("60.00")), ("manager_h01", D("70.00"))]
    assert dict(report.by_fee_kind) == {"gas": 0, "heating": D("100.00"),
                                        "late_fee": D("10.00"), "prepaid": D("20.00")}


# --- numbers, idempotency, append-only -------------------------------------------------------


def test_receipt_numbers_are_gap_free_even_after_a_failed_payment(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    account = desk.account()
    desk.open_shift()
    assert desk.pay(account, cash("1.00")).receipt_no == "H01-2026-000001"

    def broken_printer(*args: object, **kwargs: object) -> PrintJob:
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        m.setattr(cashier, "_first_print_job", broken_printer)
        with pytest.raises(RuntimeError):  # after the number was taken: all rolled back
            desk.pay(account, cash("2.00"))
    assert desk.pay(account, cash("3.00")).receipt_no == "H01-2026-000002"
    next_year = datetime(2027, 1, 1, 1, 0, tzinfo=UTC)
    desk.close({"100": 2, "1": 4}, now=next_year)
    desk.open_shift(now=next_year)
    assert desk.pay(account, cash("1.00"), now=next_year).receipt_no == "H01-2027-000001"
    with desk.db.scope(readonly=True) as s:
        counters = s.execute(select(ReceiptCounter.year, ReceiptCounter.last_number)
                             .order_by(ReceiptCounter.year)).tuples().all()
        assert counters == [(2026, 2), (2027, 1)]
        assert s.scalar(select(func.count()).select_from(Payment)) == 3


def test_the_same_key_twice_charges_once(desk: Desk) -> None:
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift()
    submission = key()
    first = desk.pay(account, cash("100.00"), idempotency_key=submission)
    again = desk.pay(account, cash("100.00"), idempotency_key=submission)
    assert again.replayed and not first.replayed
    assert (again.payment_id, again.receipt_no, again.items) == (
        first.payment_id, first.receipt_no, first.items)
    with pytest.raises(IdempotencyConflict):
        desk.pay(account, cash("99.00"), idempotency_key=submission)
    with desk.db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1


@pytest.mark.pg_only
def test_two_connections_sending_one_key_at_once_charge_once(desk: Desk) -> None:
    if desk.db.dialect != "postgresql":
        pytest.skip("SQLite has one writer: the second submission simply sees the first")
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift()
    submission = key()
    start = threading.Barrier(2)
    results: list[cashier.PaymentResult] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            start.wait()
            results.append(desk.pay(account, cash("100.00"), idempotency_key=submission))
        except BaseException as exc:  # reported below
            errors.append(exc)

    for _round in range(3):  # a few rounds: the race is not the same every time
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert len({r.payment_id for r in results}) == 1 and len(results) == 6
    assert sum(not r.replayed for r in results) == 1
    with desk.db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1
        assert s.scalar(select(ReceiptCounter.last_number)) == 1  # no number lost
    assert desk.balance(account) == 0


@pytest.mark.pg_only
def test_two_windows_paying_one_account_at_once_pay_its_bill_once(desk: Desk) -> None:
    if desk.db.dialect != "postgresql":
        pytest.skip("SQLite has one writer")
    account = desk.account()
    desk.season(CURRENT)
    second = desk.hall.login(desk.db, "hall_manager", window=3)
    desk.open_shift()
    desk.open_shift(second)
    start = threading.Barrier(2)
    results: list[cashier.PaymentResult] = []
    errors: list[BaseException] = []

    def submit(actor: Actor) -> None:
        try:
            start.wait()
            results.append(desk.pay(account, cash("100.00"), actor=actor))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(a,)) for a in (desk.cashier, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    paid_bill = sorted((r.items, r.credit_change) for r in results)
    assert paid_bill[0] == ((), D("100.00"))  # the second one finds the bill paid
    assert [i.principal for i in paid_bill[1][0]] == [D("100.00")]
    assert desk.balance(account) == D("-100.00")
    assert sorted(r.receipt_no for r in results) == ["H01-2026-000001", "H01-2026-000002"]


def test_payments_are_append_only_in_the_database(desk: Desk) -> None:
    account = desk.account()
    desk.open_shift()
    desk.pay(account, cash("1.00"))
    with desk.db.scope() as s, pytest.raises((IntegrityError, DBAPIError)):
        s.execute(update(Payment).values(amount=D("0.01")))
        s.flush()
    with desk.db.scope() as s, pytest.raises((IntegrityError, DBAPIError)):
        s.execute(text("DELETE FROM tenders"))


def test_a_payment_notifies_the_hall_and_links_the_ticket(desk: Desk) -> None:
    from app.services import queueing

    account = desk.account()
    desk.open_shift()
    with desk.db.scope() as s:
        service = queueing.create_service(s, desk.manager, "A", "缴费", windows=(1,),
                                          opens_at=datetime.min.time(),
                                          closes_at=datetime.max.time().replace(microsecond=0))
    with desk.db.scope() as s:
        ticket = queueing.issue_ticket(s, desk.manager, service.id, now=MORNING)
    paid = desk.pay(account, cash("1.00"), ticket_id=ticket.id)
    with desk.db.scope(readonly=True) as s:
        payment = s.get(Payment, paid.payment_id)
        assert payment is not None and payment.ticket_id == ticket.id
        assert s.get(ChangeCounter, ("payments", desk.hall.info.id)) is not None
    with pytest.raises(NotFound):
        desk.pay(account, cash("1.00"), ticket_id=ticket.id + 1000)


# --- finding the account ---------------------------------------------------------------------


def test_find_accounts_by_bill_barcode_number_name_and_address(desk: Desk) -> None:
    account = desk.account(name="王建华", phone="13911112222", account_no="2010000001")
    desk.season(CURRENT)
    bill_no = desk.due(account).bills[0].bill_no
    assert len(bill_no) == 16
    by_barcode = desk.run(cashier.find_accounts, desk.cashier, bill_no)
    assert [(h.account_id, h.matched_on, h.masked_name) for h in by_barcode] == [
        (account, "bill_no", "王*华")]
    assert desk.run(cashier.find_accounts, desk.cashier, "2010000001")[0].account_id == account
    assert desk.run(cashier.find_accounts, desk.cashier, "13911112222")[0].account_id == account
    assert desk.run(cashier.find_accounts, desk.cashier, "王建")[0].account_id == account
    assert desk.run(cashier.find_accounts, desk.cashier, "中山东路")[0].account_id == account
    assert desk.run(cashier.find_accounts, desk.cashier, "1999999999999999") == []


def test_the_customer_card_shows_what_each_account_owes_today(desk: Desk) -> None:
    account = desk.account(name="王建华", account_no="2010000001")
    other = desk.account(kind="gas", name="王建华", account_no="1010000001")
    with desk.db.scope() as s:  # one customer with a heating and a gas account
        customer_id = s.get(Account, account).customer_id  # type: ignore[union-attr]
        s.get(Account, other).customer_id = customer_id  # type: ignore[union-attr]
        s.commit()
    desk.season(RECENT)
    desk.season(CURRENT)
    owed = desk.due(account).total_due
    assert owed > 0
    card = desk.run(customers.customer_card, desk.clerk, customer_id, now=MORNING)
    assert dict(card.arrears) == {"2010000001": owed, "1010000001": D("0.00")}
    assert card.total_arrears == owed
    desk.open_shift()
    desk.pay(account, cash(str(owed + D("50.00"))))  # paid up, and 50 left as credit
    card = desk.run(customers.customer_card, desk.clerk, customer_id, now=MORNING)
    assert card.total_arrears == 0  # credit is not a debt below zero


def test_postgresql_searches_names_and_addresses_by_trigram(desk: Desk) -> None:
    if desk.db.dialect != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    with desk.db.scope(readonly=True) as s:
        definitions = dict(s.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE indexname LIKE '%trgm'")).tuples().all())
    # Addresses are searched by their normalised key since migration 0008.
    assert set(definitions) == {"ix_customers_name_trgm", "ix_accounts_address_key_trgm"}
    assert all("gin_trgm_ops" in d for d in definitions.values())


def test_the_counters_database_role_can_run_the_desk_but_not_rewrite_it(dialect: str) -> None:
    """As the app role every counter PC holds (app/pgroles.py): locks and inserts work, an
    UPDATE of a payment is refused by the grants themselves."""
    if dialect != "postgresql":
        pytest.skip("database roles exist on PostgreSQL only")
    from app import schema
    from app.pgroles import apply_grants
    from app.services import auth
    from app.services import staff as staff_service
    from tests.test_pg_roles import deployment

    with deployment() as dep:
        owner = Database(dep.url(dep.owner))
        schema.upgrade(owner.engine)
        with owner.engine.begin() as conn:
            apply_grants(conn)
        system = Actor.system("cli:test")
        with owner.scope() as s:
            staff_service.create_hall(s, system, "H01", "第一营业厅", windows=2)
        for username, role in (("lina", "cashier"), ("zhangjg", "hall_manager")):
            with owner.scope() as s:
                staff_service.create_user(s, system, username, "李娜", role, PASSWORD,
                                          hall_code="H01")
        with owner.scope() as s:
            billing_runs.set_heating_tariff(s, system, "residential", date(2020, 1, 1),
                                            unit_price=D("20"), suspended_share=D("0.3"))
        with owner.scope() as s:
            billing_runs.set_late_fee_policy(s, system, "heating", "residential",
                                             date(2020, 1, 1), daily_rate=D("0.001"),
                                             cap_share=D("1"))
        owner.dispose()
        app = Database(dep.url(dep.app))
        try:
            with app.scope() as s:
                teller = auth.authenticate(s, "lina", PASSWORD, hall_code="H01",
                                           window_number=1)
            with app.scope() as s:
                manager = auth.authenticate(s, "zhangjg", PASSWORD, hall_code="H01")
            with app.scope() as s:
                customer = Customer(name="张三明", phone="13812345678")
                s.add(customer)
                s.flush()
                account = Account(account_no="2000000001", customer_id=customer.id,
                                  kind="heating", address="中山东路1号", heated_area=D("5"),
                                  opened_on=date(2015, 1, 1))
                s.add(account)
                s.commit()
            with app.scope() as s:
                billing_runs.run_billing(s, manager, "heating", CURRENT, due_on=DUE[RECENT],
                                         issued_on=ISSUED[CURRENT], now=MORNING)
            with app.scope() as s:
                cashier.open_shift(s, teller, D("100"), now=MORNING)
            with app.scope() as s:
                paid = cashier.take_payment(s, teller, account.id, idempotency_key="k1",
                                            tenders=[cash("102.00")], now=MORNING)
            with app.scope() as s:
                cashier.void_payment(s, teller, paid.payment_id, reason="收错",
                                     approver_username="zhangjg", approver_password=PASSWORD,
                                     now=MORNING)
            with app.scope() as s:
                cashier.reprint_receipt(s, teller, paid.payment_id, reason="作废联")
            with app.scope() as s:
                assert cashier.close_shift(s, teller, {"100": 1}, now=MORNING).difference == 0
            with app.scope() as s:
                cashier.close_day(s, manager, TODAY, now=MORNING)
            with app.scope() as s, pytest.raises(DBAPIError) as refused:
                s.execute(text("UPDATE payments SET amount = 0"))
            assert "permission denied" in str(refused.value)
        finally:
            app.dispose()


def test_a_hall_manager_does_not_approve_their_own_waiver(desk: Desk, system: Actor) -> None:
    """Four eyes: a hall manager taking a payment has another manager approve its late fee
    waiver; their own role, or their own user name and password, is refused (typed)."""
    from app.errors import SelfApproval
    from app.services import staff as staff_service
    from ui.messages import error_text

    db, hall = desk.db, desk.hall
    account = desk.account()
    desk.season(OLD)
    me = hall.login(db, "hall_manager", window=3)
    desk.open_shift(actor=me)
    bill_id = desk.due(account).bills[0].bill_id
    waiver = [Waiver(bill_id, D("10.00"), "困难户，减免滞纳金")]
    owed = desk.due(account).total_due
    with pytest.raises(ApprovalRequired):  # the manager's own role is not approval enough
        desk.pay(account, cash("100.00"), actor=me, waivers=waiver)
    with pytest.raises(SelfApproval) as exc:  # nor are the manager's own credentials
        desk.pay(account, cash("100.00"), actor=me, waivers=waiver,
                 approver_username=hall.users["hall_manager"], approver_password=PASSWORD)
    assert exc.value.key == "self_approval"
    said = error_text(exc.value)  # in the language a test before installed, if any
    assert "another hall manager" in said or "另一位营业厅主任" in said
    assert desk.due(account).total_due == owed == D("110.00")  # nothing taken
    with db.scope() as s:
        staff_service.create_user(s, system, "manager2_h01", "孙丽华", "hall_manager", PASSWORD,
                                  hall_code="H01")
    paid = desk.pay(account, cash("100.00"), actor=me, waivers=waiver,
                    approver_username="manager2_h01", approver_password=PASSWORD)
    assert paid.late_fees[0].waived == D("10.00") and desk.balance(account) == 0
    with db.scope(readonly=True) as s:
        row = s.scalars(select(LateFeeWaiver)).one()
        assert s.get(Staff, row.approved_by).username == "manager2_h01"  # type: ignore[union-attr]
