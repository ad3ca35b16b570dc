"""The cashier's receipt history on both databases: today's receipts with the cashier's own
first, a receipt found by its scanned or typed number or by the account, what became of each
(作废, refunded, a refund of which receipt), the print status, and the hall's walls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.services import cashier
from app.services.cashier import Tender
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import CURRENT, MORNING, RECENT, TODAY, D, Desk, cash, key


@pytest.fixture
def desk(db: Database, hall: Hall, system: Actor) -> Desk:
    return Desk(db, hall, system)


def history(desk: Desk, actor: Actor | None = None, **kwargs: object) -> cashier.ReceiptHistory:
    kwargs.setdefault("now", MORNING)
    return desk.run(cashier.find_receipts, actor or desk.cashier, **kwargs)


def numbers(found: cashier.ReceiptHistory) -> list[str]:
    return [r.receipt_no for r in found.receipts]


def test_todays_receipts_show_the_cashiers_own_first_newest_first(desk: Desk) -> None:
    first_account = desk.account(name="张三明")
    second_account = desk.account(name="李娜", phone="13900001111")
    desk.season(CURRENT)
    desk.open_shift()
    manager_at_window = desk.hall.login(desk.db, "hall_manager", window=2)
    desk.open_shift(manager_at_window)
    desk.pay(first_account, cash("40.00", "50.00"), now=MORNING)
    desk.pay(second_account, cash("10.00"), actor=manager_at_window,
             now=MORNING + timedelta(minutes=5))
    split = desk.pay(first_account, cash("20.00"),
                     Tender("wechat", D("30.00"), reference="4200001234"),
                     now=MORNING + timedelta(minutes=10))

    found = history(desk)
    assert found.matched_on == "day" and found.day == TODAY and not found.truncated
    # The cashier's own two (newest first), then the manager's.
    assert numbers(found) == ["H01-2026-000003", "H01-2026-000001", "H01-2026-000002"]
    newest = found.receipts[0]
    assert newest.payment_id == split.payment_id
    assert newest.methods == ("cash", "wechat") and newest.amount == D("50.00")
    assert newest.account_no == desk.run(cashier.receipt_data, desk.cashier,
                                         split.payment_id).account_no
    assert newest.masked_name == "张*明" and newest.account_kind == "heating"
    assert newest.paid_at.utcoffset() == timedelta(hours=8)  # the hall's clock
    assert newest.paid_at.hour == 10 and newest.paid_at.minute == 10
    assert newest.status == cashier.RECEIPT_VALID and newest.print_status == "queued"
    assert (newest.cashier, newest.cashier_username, newest.window_number) == (
        "李娜", desk.hall.users["cashier"], 1)
    assert newest.mine and newest.shift_open and newest.in_my_open_shift
    other = found.receipts[2]
    assert other.masked_name == "李*" and other.window_number == 2
    assert not other.mine and other.shift_open and not other.in_my_open_shift
    # "Mine": the cashier's own only.
    assert numbers(history(desk, mine=True)) == ["H01-2026-000003", "H01-2026-000001"]
    # Another day lists nothing of today's.
    assert history(desk, day=TODAY - timedelta(days=1)).receipts == ()
    assert numbers(history(desk, limit=2)) == ["H01-2026-000003", "H01-2026-000001"]
    assert history(desk, limit=2).truncated


def test_a_receipt_is_found_by_its_scanned_or_typed_number_or_by_the_account(
        desk: Desk) -> None:
    account = desk.account()
    other = desk.account(name="王晓梅", phone="13900002222")
    desk.season(CURRENT)
    desk.open_shift()
    desk.pay(account, cash("30.00"))
    desk.pay(other, cash("30.00"))
    third = desk.pay(account, cash("20.00"))
    later = MORNING + timedelta(days=40)  # another day: found by number all the same
    for query in ("H01-2026-000003", "h01-2026-3", " H01-2026-000003\n", "Ｈ０１－２０２６－３",
                  "3", "000003"):
        found = history(desk, query=query, now=later, day=TODAY)
        assert numbers(found) == ["H01-2026-000003"], query
        assert found.matched_on == "receipt_no" and found.day is None
        assert found.receipts[0].payment_id == third.payment_id
    # A bare number is in the series of the listed day's year.
    assert history(desk, query="3", day=date(2025, 6, 1)).receipts == ()
    assert history(desk, query="H01-2026-000099").receipts == ()
    account_no = third.receipt.account_no if third.receipt else ""
    by_account = history(desk, query=account_no, now=later)
    assert by_account.matched_on == "account_no"
    assert numbers(by_account) == ["H01-2026-000003", "H01-2026-000001"]
    assert history(desk, query="99999999999").receipts == ()  # nobody's account number
    with pytest.raises(ValidationError) as refused:
        history(desk, query="张三明")
    assert (refused.value.field, refused.value.params["rule"]) == ("query", "receipt_query")


def test_the_history_says_void_refunded_and_which_receipt_a_refund_gives_back(
        desk: Desk) -> None:
    account = desk.account()
    desk.season(RECENT)
    desk.season(CURRENT)
    desk.open_shift()
    voided = desk.pay(account, cash("102.00"))
    desk.void(voided.payment_id)
    kept = desk.pay(account, cash("102.00"))
    assert kept.print_job_id is not None
    desk.run(cashier.record_print_result, desk.cashier, kept.print_job_id, printed=False,
             error="缺纸")
    before = {r.receipt_no: r for r in history(desk).receipts}
    assert before[voided.receipt_no].status == cashier.RECEIPT_VOIDED
    assert before[kept.receipt_no].print_status == "failed"
    desk.run(cashier.reprint_receipt, desk.cashier, kept.payment_id, reason="缺纸重打")
    copy = {r.receipt_no: r for r in history(desk).receipts}[kept.receipt_no]
    assert (copy.copies, copy.print_status) == (1, "queued") and copy.print_job_id is not None
    assert before[kept.receipt_no].print_job_id == kept.print_job_id

    desk.close({"100": 3, "2": 1})
    closed = {r.receipt_no: r for r in history(desk).receipts}[kept.receipt_no]
    assert not closed.shift_open and not closed.in_my_open_shift
    desk.open_shift()
    refund = desk.run(cashier.refund_payment, desk.cashier, kept.payment_id, reason="重复缴费",
                      idempotency_key=key(), approver_username=desk.hall.users["hall_manager"],
                      approver_password=PASSWORD, now=MORNING + timedelta(minutes=1))
    after = {r.receipt_no: r for r in history(desk).receipts}
    assert after[kept.receipt_no].status == cashier.RECEIPT_REFUNDED
    assert after[kept.receipt_no].refunded_by == refund.receipt_no
    line = after[refund.receipt_no]
    assert line.status == cashier.RECEIPT_REFUND and line.refund_of == kept.receipt_no
    assert line.amount == D("-102.00") and line.methods == ("cash",)
    assert line.in_my_open_shift and line.refunded_by == ""
    assert after[voided.receipt_no].status == cashier.RECEIPT_VOIDED


def test_only_the_halls_own_receipts_and_only_for_those_who_take_money(
        db: Database, desk: Desk, system: Actor) -> None:
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift()
    here = desk.pay(account, cash("30.00"))
    second = Hall(db, system, code="H02", name="第二营业厅")
    there_cashier = second.login(db, "cashier", window=1)
    desk.open_shift(there_cashier)
    there = desk.pay(account, cash("20.00"), actor=there_cashier)
    assert there.receipt_no == "H02-2026-000001"
    assert numbers(history(desk)) == [here.receipt_no]
    assert history(desk, query=there.receipt_no).receipts == ()
    account_no = here.receipt.account_no if here.receipt else ""
    assert numbers(history(desk, query=account_no)) == [here.receipt_no]
    assert numbers(history(desk, there_cashier)) == [there.receipt_no]
    with pytest.raises(PermissionDenied):
        history(desk, desk.clerk)
