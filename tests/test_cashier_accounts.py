"""One customer, several accounts, on both databases: the desk opens the account that owes,
the card's 欠费 and the desk's figures are the same sums, and one payment from the customer
pays several accounts (a receipt each, consecutive numbers, one submission key, tenders and
change over the total), with take_payment's checks."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.errors import (
    ApprovalRequired,
    CashierRefused,
    DayClosed,
    IdempotencyConflict,
    PermissionDenied,
    ShiftNotOpen,
    ValidationError,
)
from app.models import Account, Payment, PaymentTender, ReceiptCounter
from app.services import cashier, customers
from app.services.cashier import AccountPart, Tender, Waiver
from printing.service_receipt import receipt_for
from tests.conftest import PASSWORD
from tests.test_cashier import MORNING, OLD, RECENT, TODAY, Desk, cash, desk, key

__all__ = ["desk"]  # the fixture, shared with tests/test_cashier.py
D = Decimal


class Family:
    """One customer (王建华) with a gas account that owes nothing (listed first by number),
    a 5 m² heating account owing 102.00 (4 days late) and a 10 m² one owing two seasons:
    220.00 long overdue (fee capped) and 204.00."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.gas = desk.account(kind="gas", name="王建华", account_no="1010000001")
        self.small = desk.account(name="王建华", account_no="2010000001")
        self.large = desk.account(name="王建华", area="10", account_no="2010000002")
        with desk.db.scope() as s:
            first = s.get(Account, self.gas)
            assert first is not None
            self.customer_id = first.customer_id
            for account_id in (self.small, self.large):
                row = s.get(Account, account_id)
                assert row is not None
                row.customer_id = self.customer_id
            s.commit()
        desk.season(RECENT)
        with desk.db.scope() as s:  # the old season was billed to the large flat only
            small = s.get(Account, self.small)
            assert small is not None
            small.status = "closed"
            s.commit()
        desk.season(OLD)
        with desk.db.scope() as s:
            small = s.get(Account, self.small)
            assert small is not None
            small.status = "active"
            s.commit()

    def owed(self) -> cashier.CustomerDue:
        return self.desk.run(cashier.customer_due, self.desk.cashier, self.customer_id,
                             on=TODAY)

    def pay(self, *parts: AccountPart, tenders: list[Tender], **kwargs: object
            ) -> cashier.CustomerPaymentResult:
        kwargs.setdefault("idempotency_key", key())
        kwargs.setdefault("actor", self.desk.cashier)
        actor = kwargs.pop("actor")
        return self.desk.run(cashier.take_payments, actor, list(parts), tenders=tenders,
                             now=MORNING, **kwargs)

    def payments(self) -> list[Payment]:
        with self.desk.db.scope(readonly=True) as s:
            rows = list(s.scalars(select(Payment).order_by(Payment.id)))
            s.expunge_all()
            return rows


@pytest.fixture
def family(desk: Desk) -> Family:
    return Family(desk)


def test_the_desk_opens_the_oldest_debt_and_its_sums_are_the_cards(family: Family) -> None:
    owed = family.owed()
    by_id = {a.account_id: a.total_due for a in owed.accounts}
    assert by_id == {family.gas: D("0.00"), family.small: D("102.00"),
                     family.large: D("424.00")}
    # Never the account listed first (the gas one owes nothing): the oldest debt.
    assert owed.accounts[0].account_id == family.gas
    assert owed.first is not None and owed.first.account_id == family.large
    assert [a.account_id for a in owed.owing] == [family.large, family.small]
    card = family.desk.run(customers.customer_card, family.desk.clerk, family.customer_id,
                           now=MORNING)
    assert card.total_arrears == owed.total_due == D("526.00")
    # Paid up: the desk opens the other account that still owes.
    family.desk.open_shift()
    family.desk.pay(family.large, cash("424.00"))
    owed = family.owed()
    assert owed.first is not None and owed.first.account_id == family.small
    assert owed.total_due == D("102.00")


def test_one_payment_for_two_accounts_a_receipt_each_and_the_change_once(
        family: Family) -> None:
    desk = family.desk
    desk.open_shift()
    result = family.pay(AccountPart(family.small), AccountPart(family.large),
                        tenders=[cash("526.00", tendered="600.00")], amount=D("526.00"))
    assert (result.amount, result.change, result.replayed) == (D("526.00"), D("74.00"), False)
    assert [(r.receipt_no, r.account_id, r.amount) for r in result.receipts] == [
        ("H01-2026-000001", family.small, D("102.00")),
        ("H01-2026-000002", family.large, D("424.00"))]
    assert sum(r.change for r in result.receipts) == D("74.00")
    first, second = result.receipts
    assert first.receipt is not None and second.receipt is not None
    assert first.receipt.account_no == "2010000001" and first.receipt.total == D("102.00")
    assert [i.period for i in second.items] == [OLD, RECENT]
    # Each receipt says which payment it was part of: the cash and change add up on paper.
    together = (("H01-2026-000001", D("102.00")), ("H01-2026-000002", D("424.00")))
    assert first.receipt.together == second.receipt.together == together
    stored = desk.run(cashier.receipt_data, desk.cashier, first.payment_id)
    assert stored.together == together
    assert receipt_for(stored).notice.startswith(
        "同笔缴费共2张收据：H01-2026-000001 ¥102.00、H01-2026-000002 ¥424.00，"
        "合计 ¥526.00；找零 ¥74.00 见收据 H01-2026-000002。")
    assert desk.balance(family.small) == 0 and desk.balance(family.large) == 0
    assert family.owed().total_due == 0
    with desk.db.scope(readonly=True) as s:
        tenders = [(t.amount, t.tendered, t.change) for t in
                   s.scalars(select(PaymentTender).order_by(PaymentTender.id))]
    # The change goes with the last piece of the cash: each receipt's cash is what it got.
    assert tenders == [(D("102.00"), D("102.00"), D("0.00")),
                       (D("424.00"), D("498.00"), D("74.00"))]
    report = desk.run(cashier.shift_report, desk.cashier)
    assert report.payments == 2 and report.collected == D("526.00")
    closed = desk.close({"100": 7, "20": 1, "5": 1, "1": 1})  # 200 float + 526
    assert closed.expected == D("726.00") and closed.difference == 0
    day = desk.run(cashier.daily_report, desk.manager, TODAY)
    assert day.total == D("526.00") and day.payments == 2
    assert [(m.method, m.count, m.amount) for m in day.by_method] == [
        ("cash", 2, D("526.00"))]


def test_a_split_tender_spreads_over_the_receipts_in_order(family: Family) -> None:
    """The receipts go in account number order whatever the request's order, each paid
    from the first tender with money left; the paper names the receipt with the change."""
    family.desk.open_shift()
    result = family.pay(AccountPart(family.large), AccountPart(family.small), tenders=[
        cash("300.00", tendered="500.00"),
        Tender("wechat", D("226.00"), reference="4200001234")])
    assert [(r.account_id, r.amount) for r in result.receipts] == [
        (family.small, D("102.00")), (family.large, D("424.00"))]
    small, large = result.receipts
    assert large.receipt is not None and small.receipt is not None
    assert [(t.method, t.amount, t.tendered, t.change) for t in small.receipt.tenders] == [
        ("cash", D("102.00"), D("102.00"), D("0.00"))]
    assert [(t.method, t.amount, t.tendered, t.change, t.reference)
            for t in large.receipt.tenders] == [
        ("cash", D("198.00"), D("398.00"), D("200.00"), ""),
        ("wechat", D("226.00"), None, D("0.00"), "4200001234")]
    assert (small.change, large.change, result.change) == (0, D("200.00"), D("200.00"))


@pytest.mark.parametrize("tenders, change_on", [
    # cash first: its change goes with its last piece, on the first receipt of two
    (lambda: [cash("50.00", tendered="250.00"), Tender("wechat", D("476.00"), reference="9")],
     "H01-2026-000001"),
    # WeChat first: the cash and its change are on the last receipt
    (lambda: [Tender("wechat", D("476.00"), reference="9"), cash("50.00", tendered="250.00")],
     "H01-2026-000002"),
])
def test_the_receipts_name_the_one_that_carries_the_change(
        family: Family, tenders: object, change_on: str) -> None:
    """Review of issue 9: every receipt said "找零见最后一张", false when the cash came first
    (its change is on receipt 1 of 2). The paper names the receipt, in every tender order."""
    family.desk.open_shift()
    parts = (AccountPart(family.large), AccountPart(family.small))
    result = family.pay(*parts, tenders=tenders())  # type: ignore[operator]
    carrying = [r.receipt_no for r in result.receipts if r.change]
    assert carrying == [change_on]
    for receipt in result.receipts:
        stored = family.desk.run(cashier.receipt_data, family.desk.cashier, receipt.payment_id)
        assert stored.change_on == ((change_on, D("200.00")),)
        notice = receipt_for(stored).notice
        assert "最后一张" not in notice
        assert f"找零 ¥200.00 见收据 {change_on}。" in notice


def test_an_amount_pays_the_oldest_debt_first_and_never_credits_an_account_owing_nothing(
        family: Family) -> None:
    desk = family.desk
    desk.open_shift()
    # 300.00 for all three, the gas account (owing nothing) first in the request: the
    # large flat's old season is the oldest debt, then its recent one; nothing is credited.
    result = family.pay(AccountPart(family.gas), AccountPart(family.small),
                        AccountPart(family.large), tenders=[cash("300.00")])
    assert [(r.account_id, r.amount, r.credit_change) for r in result.receipts] == [
        (family.large, D("300.00"), D("0.00"))]
    assert result.receipts[0].receipt is not None and result.receipts[0].receipt.together == ()
    assert {a.account_id: a.total_due for a in family.owed().accounts} == {
        family.gas: 0, family.small: D("102.00"), family.large: D("124.00")}
    # More than all of them owe: everything is paid, and the rest is the first account's
    # prepaid credit, said on its receipt.
    result = family.pay(AccountPart(family.small), AccountPart(family.large),
                        tenders=[cash("250.00")])
    assert [(r.account_id, r.amount, r.credit_change) for r in result.receipts] == [
        (family.small, D("126.00"), D("24.00")), (family.large, D("124.00"), D("0.00"))]
    assert desk.balance(family.small) == D("-24.00") and desk.balance(family.large) == 0


def test_the_split_the_desk_shows_is_the_one_the_payment_makes(family: Family) -> None:
    """``split_amount`` is what ``take_payments`` does with an amount, read from what the
    desk already has (customer_due): the preview before F9 cannot disagree with the
    receipts."""
    family.desk.open_shift()
    owed = family.owed()
    accounts = [cashier.AccountOwing(
        a.account_id, a.account_no, min((b.due_on for b in a.bills), default=None),
        sum((b.outstanding for b in a.bills), D(0)), a.prepaid_credit, a.status == "closed")
        for a in owed.accounts]
    split = cashier.split_amount(accounts, D("450.00"))
    assert dict(split.shares) == {family.gas: 0, family.small: D("26.00"),
                                  family.large: D("424.00")}
    assert split.credit_to is None and split.left_over == 0
    result = family.pay(AccountPart(family.gas), AccountPart(family.small),
                        AccountPart(family.large), tenders=[cash("450.00")])
    assert {r.account_id: r.amount for r in result.receipts} == {
        k: v for k, v in split.shares.items() if v}
    # Beyond what all owe: the rest to the first open account by number, or as told.
    over = cashier.split_amount(accounts, D("600.00"))
    assert over.credit_to == family.gas and over.left_over == D("74.00")
    assert over.shares[family.gas] == D("74.00")
    told = cashier.split_amount(accounts, D("600.00"), credit_to=family.large)
    assert told.shares[family.large] == D("498.00")


def test_one_key_for_the_whole_payment(family: Family) -> None:
    desk = family.desk
    desk.open_shift()
    submission = key()
    parts = (AccountPart(family.small), AccountPart(family.large))
    first = family.pay(*parts, tenders=[cash("526.00")], idempotency_key=submission)
    again = family.pay(*parts, tenders=[cash("526.00")], idempotency_key=submission)
    assert again.replayed and not first.replayed
    notice = receipt_for(desk.run(cashier.receipt_data, desk.cashier,
                                  first.receipts[0].payment_id)).notice
    assert "找零" not in notice  # none was given
    assert [r.receipt_no for r in again.receipts] == [r.receipt_no for r in first.receipts]
    assert [r.payment_id for r in again.receipts] == [r.payment_id for r in first.receipts]
    with pytest.raises(IdempotencyConflict):  # another request under the same key
        family.pay(*parts, tenders=[cash("527.00")], idempotency_key=submission)
    with pytest.raises(IdempotencyConflict):
        family.pay(parts[0], tenders=[cash("526.00")], idempotency_key=submission)
    with pytest.raises(IdempotencyConflict):  # nor is it one account's payment
        desk.pay(family.small, cash("526.00"), idempotency_key=submission)
    assert [p.idempotency_key for p in family.payments()] == [submission, f"{submission}#2"]
    with desk.db.scope(readonly=True) as s:
        assert s.scalar(select(ReceiptCounter.last_number)) == 2


def test_take_payments_has_the_checks_of_take_payment(family: Family) -> None:
    desk = family.desk
    parts = (AccountPart(family.small), AccountPart(family.large))
    with pytest.raises(PermissionDenied):
        family.pay(*parts, tenders=[cash("526.00")], actor=desk.clerk)
    with pytest.raises(ShiftNotOpen):
        family.pay(*parts, tenders=[cash("526.00")])
    desk.open_shift()
    stranger = desk.account(name="李四")
    with pytest.raises(CashierRefused) as refused:
        family.pay(AccountPart(family.small), AccountPart(stranger), tenders=[cash("1.00")])
    assert refused.value.params["rule"] == "other_customer"
    bill = family.owed().accounts[2].bills[0]
    waiver = Waiver(bill.bill_id, D("20.00"), "困难户，经理同意减免")
    waived = (AccountPart(family.small), AccountPart(family.large, waivers=(waiver,)))
    with pytest.raises(ApprovalRequired):
        family.pay(*waived, tenders=[cash("506.00")])
    assert family.payments() == []
    result = family.pay(*waived, tenders=[cash("506.00")],
                        approver_username=desk.hall.users["hall_manager"],
                        approver_password=PASSWORD)
    assert [r.amount for r in result.receipts] == [D("102.00"), D("404.00")]
    assert result.receipts[1].late_fees[0].waived == D("20.00")
    # One receipt of the two is voided: that account owes again, the other stays paid.
    desk.void(result.receipts[0].payment_id)
    assert desk.balance(family.small) == D("102.00") and desk.balance(family.large) == 0
    desk.close({"100": 6, "1": 4})  # 200 + 506 taken − 102 given back by the void
    desk.run(cashier.close_day, desk.manager, TODAY, now=MORNING)
    with pytest.raises(DayClosed):  # the day closed: no shift, so no payment either
        desk.open_shift()
    with pytest.raises(ShiftNotOpen):
        family.pay(AccountPart(family.small), tenders=[cash("102.00")])


@pytest.mark.pg_only
def test_two_windows_paying_overlapping_accounts_at_once_neither_deadlocks(
        family: Family) -> None:
    desk = family.desk
    if desk.db.dialect != "postgresql":
        pytest.skip("SQLite has one writer")
    second = desk.hall.login(desk.db, "hall_manager", window=3)
    desk.open_shift()
    desk.open_shift(second)
    start = threading.Barrier(2)
    results: list[cashier.CustomerPaymentResult] = []
    errors: list[BaseException] = []

    def submit(actor: object, order: tuple[int, int]) -> None:
        try:
            start.wait()
            results.append(family.pay(*(AccountPart(a) for a in order),
                                      tenders=[cash("526.00")], actor=actor))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(desk.cashier,
                                                     (family.small, family.large))),
               threading.Thread(target=submit, args=(second, (family.large, family.small)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # Each bill is paid once; the later payment finds nothing owed and is credit.
    assert desk.balance(family.small) + desk.balance(family.large) == D("-526.00")
    with desk.db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 3
        assert s.scalar(select(ReceiptCounter.last_number)) == 3


@pytest.mark.pg_only
def test_two_connections_sending_one_key_at_once_take_one_payment(family: Family) -> None:
    desk = family.desk
    if desk.db.dialect != "postgresql":
        pytest.skip("SQLite has one writer: the second submission simply sees the first")
    desk.open_shift()
    submission = key()
    start = threading.Barrier(2)
    results: list[cashier.CustomerPaymentResult] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            start.wait()
            results.append(family.pay(AccountPart(family.small), AccountPart(family.large),
                                      tenders=[cash("526.00")], idempotency_key=submission))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(not r.replayed for r in results) == 1
    assert len({tuple(x.payment_id for x in r.receipts) for r in results}) == 1
    assert len(family.payments()) == 2


# --- review of issue 9: what the multi-account payment did wrong -----------------------------


def test_an_account_whose_credit_pays_its_bill_gets_a_receipt_and_its_bill_is_closed(
        family: Family) -> None:
    """Its share of the money was nothing, so it was dropped: no receipt, its ticked bill
    left open and late. Its credit clears the bill first (预存抵扣), on a receipt with no
    money, in the same transaction; void it and the credit is back."""
    desk = family.desk
    desk.open_shift()
    old, recent = desk.due(family.large).bills
    desk.pay(family.large, cash("500.00"), bill_ids=[old.bill_id])  # 280.00 becomes credit
    assert desk.due(family.large).prepaid_credit == D("280.00")
    small_bill = desk.due(family.small).bills[0]
    result = family.pay(AccountPart(family.small, (small_bill.bill_id,)),
                        AccountPart(family.large, (recent.bill_id,)),
                        tenders=[cash("102.00")], amount=D("102.00"))
    assert [(r.account_id, r.amount, r.credit_change) for r in result.receipts] == [
        (family.small, D("102.00"), D("0.00")), (family.large, D("0.00"), D("-204.00"))]
    assert desk.due(family.large).bills == ()
    assert desk.balance(family.large) == D("-76.00")  # the credit left
    cleared = result.receipts[1]
    assert [(i.period, i.principal) for i in cleared.items] == [(RECENT, D("200.00"))]
    assert cleared.receipt is not None and cleared.receipt.tenders == ()
    paper = receipt_for(desk.run(cashier.receipt_data, desk.cashier, cleared.payment_id))
    assert [(t.method_label, t.amount) for t in paper.tenders] == [("预存抵扣", D("204.00"))]
    with desk.db.scope(readonly=True) as s:
        assert s.scalar(select(ReceiptCounter.last_number)) == 3
    # Less money than the first account owes: the other's credit still clears its bill.
    desk.void(cleared.payment_id)
    assert desk.balance(family.large) == D("-76.00")  # owes 204.00 again, 280.00 credit
    assert desk.due(family.large).prepaid_credit == D("280.00")
    desk.void(result.receipts[0].payment_id)
    partial = family.pay(AccountPart(family.small), AccountPart(family.large),
                         tenders=[cash("50.00")])
    assert [(r.account_id, r.amount, r.credit_change) for r in partial.receipts] == [
        (family.small, D("50.00"), D("0.00")), (family.large, D("0.00"), D("-204.00"))]
    desk.close({"100": 7, "50": 1})  # 200 float + 500 + 50 (the 102 voided)
    desk.open_shift()
    with pytest.raises(CashierRefused) as refused:  # no money to give back
        desk.run(cashier.refund_payment, desk.cashier, partial.receipts[1].payment_id,
                 reason="退款", idempotency_key=key(),
                 approver_username=desk.hall.users["hall_manager"], approver_password=PASSWORD,
                 now=MORNING)
    assert refused.value.params["rule"] == "nothing_to_refund"


def test_the_order_of_the_accounts_is_not_the_request(family: Family) -> None:
    """The desk lists the account it has opened first: a retry after a lost connection with
    another row chosen is the same payment (replayed), not an IdempotencyConflict. Where
    money left over goes is named in the request (``credit_to``), and so is in its hash."""
    desk = family.desk
    desk.open_shift()
    submission = key()
    first = family.pay(AccountPart(family.small), AccountPart(family.large),
                       tenders=[cash("600.00")], idempotency_key=submission,
                       credit_to=family.large)
    assert [(r.account_id, r.credit_change) for r in first.receipts] == [
        (family.small, D("0.00")), (family.large, D("74.00"))]
    again = family.pay(AccountPart(family.large), AccountPart(family.small),
                       tenders=[cash("600.00")], idempotency_key=submission,
                       credit_to=family.large)
    assert again.replayed
    assert [r.payment_id for r in again.receipts] == [r.payment_id for r in first.receipts]
    with pytest.raises(IdempotencyConflict):  # the credit elsewhere: another request
        family.pay(AccountPart(family.large), AccountPart(family.small),
                   tenders=[cash("600.00")], idempotency_key=submission,
                   credit_to=family.small)
    with pytest.raises(ValidationError) as wrong:
        family.pay(AccountPart(family.small), tenders=[cash("1.00")], credit_to=family.large)
    assert wrong.value.params["rule"] == "not_in_payment"


def test_money_left_over_never_becomes_credit_of_a_closed_account(family: Family) -> None:
    desk = family.desk
    desk.open_shift()
    with desk.db.scope() as s:
        gas = s.get(Account, family.gas)
        assert gas is not None
        gas.status = "closed"
        s.commit()
    with pytest.raises(CashierRefused) as refused:
        family.pay(AccountPart(family.gas), AccountPart(family.small),
                   tenders=[cash("200.00")], credit_to=family.gas)
    assert refused.value.params == {"rule": "credit_closed", "account_no": "1010000001"}
    with pytest.raises(CashierRefused):  # one account alone: the same
        desk.pay(family.gas, cash("10.00"))
    assert family.payments() == []
    # Not named: the first account of the payment that is not closed takes it.
    result = family.pay(AccountPart(family.gas), AccountPart(family.small),
                        tenders=[cash("200.00")])
    assert [(r.account_id, r.amount, r.credit_change) for r in result.receipts] == [
        (family.small, D("200.00"), D("98.00"))]


def test_a_waiver_on_an_account_the_money_does_not_reach_is_refused(family: Family) -> None:
    """It was approved, then dropped with the account that got nothing."""
    desk = family.desk
    desk.open_shift()
    bill = desk.due(family.small).bills[0]
    assert bill.late_fee.charged > 0
    waiver = Waiver(bill.bill_id, bill.late_fee.charged, "经理同意")
    with pytest.raises(ValidationError) as refused:
        family.pay(AccountPart(family.large), AccountPart(family.small, waivers=(waiver,)),
                   tenders=[cash("100.00")], approver_username=desk.hall.users["hall_manager"],
                   approver_password=PASSWORD)
    assert (refused.value.field, refused.value.params["rule"],
            refused.value.params["account_no"]) == ("amount", "waiver_unpaid", "2010000001")
    assert family.payments() == []


def test_the_receipts_of_a_payment_are_found_by_its_key_not_by_its_moment(
        family: Family) -> None:
    """Two payments alike in everything, in one shift at one moment, are two; and a
    receipt's further keys (``key#2``) are no client's key."""
    desk = family.desk
    desk.open_shift()
    parts = (AccountPart(family.small), AccountPart(family.large))
    first = family.pay(*parts, tenders=[cash("526.00")])
    for receipt in first.receipts:
        desk.void(receipt.payment_id)
    second = family.pay(*parts, tenders=[cash("526.00")])
    for batch in (first, second):
        numbers = tuple(r.receipt_no for r in batch.receipts)
        for receipt in batch.receipts:
            stored = desk.run(cashier.receipt_data, desk.cashier, receipt.payment_id)
            assert tuple(n for n, _a in stored.together) == numbers
    submission = key()
    with pytest.raises(ValidationError) as refused:
        desk.pay(family.gas, cash("1.00"), idempotency_key=f"{submission}#2")
    assert refused.value.params["rule"] == "format"
    desk.pay(family.gas, cash("1.00"), idempotency_key=f"{submission}:2")
    for receipt in second.receipts:
        desk.void(receipt.payment_id)
    third = family.pay(*parts, tenders=[cash("526.00")], idempotency_key=submission)
    assert len(third.receipts) == 2 and not third.replayed
