"""The caller owns the unit of work (issue 10): use cases never commit, so several compose in
one transaction, all or nothing; what a refusal must leave behind (a wrong password counted, a
refused cash count) is kept although everything else it refused is rolled back."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from app.errors import AccountLocked, ApprovalRequired, AuthenticationFailed, DeviceRefused
from app.models import AuditEntry, Hall, Payment, ReceiptCounter, Shift, ShiftCount, Staff
from app.permissions import Permission
from app.services import auth, cashier, devices
from app.services.cashier import Waiver
from app.services.context import Actor
from tests.conftest import PASSWORD
from tests.test_cashier import CURRENT, MORNING, OLD, Desk, cash, desk, key  # noqa: F401

D = Decimal


class Boom(Exception):
    """What goes wrong in the caller after its use cases succeeded."""


def _count(desk: Desk, model: type[object]) -> int:  # noqa: F811
    with desk.db.scope(readonly=True) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _audited(desk: Desk, action: str) -> int:  # noqa: F811
    with desk.db.scope(readonly=True) as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == action)) or 0


def test_two_use_cases_in_one_scope_commit_together(desk: Desk) -> None:  # noqa: F811
    account = desk.account()
    desk.season(CURRENT)
    with desk.db.scope() as s:
        shift = cashier.open_shift(s, desk.cashier, D("200.00"), now=MORNING)
        paid = cashier.take_payment(s, desk.cashier, account, idempotency_key=key(),
                                    tenders=[cash("100.00")], now=MORNING)
    assert paid.receipt_no == "H01-2026-000001"
    with desk.db.scope(readonly=True) as s:
        assert s.get(Shift, shift.id) is not None
        assert s.scalars(select(Payment)).one().shift_id == shift.id


def test_an_exception_after_the_second_use_case_rolls_back_both(
        desk: Desk) -> None:  # noqa: F811
    account = desk.account()
    desk.season(CURRENT)
    with pytest.raises(Boom), desk.db.scope() as s:
        cashier.open_shift(s, desk.cashier, D("200.00"), now=MORNING)
        cashier.take_payment(s, desk.cashier, account, idempotency_key=key(),
                             tenders=[cash("100.00")], now=MORNING)
        raise Boom
    assert _count(desk, Shift) == 0 and _count(desk, Payment) == 0
    assert _audited(desk, "cashier.shift_opened") == 0 and _audited(desk, "payment.taken") == 0
    with desk.db.scope(readonly=True) as s:  # the receipt number went back with it
        assert not s.scalar(select(ReceiptCounter.last_number))
    desk.open_shift()
    assert desk.pay(account, cash("100.00")).receipt_no == "H01-2026-000001"


def test_verify_approver_counts_a_wrong_password_but_commits_nothing_of_the_caller(
        desk: Desk) -> None:  # noqa: F811
    """Mid-payment, a manager's wrong password counts towards their lockout; the shift the
    same unit of work opened before is not committed by it."""
    account = desk.account()
    desk.season(OLD)
    bill_id = desk.run(cashier.open_bills, desk.cashier, account).bills[0].bill_id
    manager = desk.hall.users["hall_manager"]
    with pytest.raises(AuthenticationFailed) as refused, desk.db.scope() as s:
        cashier.open_shift(s, desk.cashier, D("200.00"), now=MORNING)
        cashier.take_payment(s, desk.cashier, account, idempotency_key=key(),
                             tenders=[cash("100.00")], now=MORNING,
                             waivers=[Waiver(bill_id, D("10.00"), "困难户，经理同意减免")],
                             approver_username=manager, approver_password="wrong-password1")
    assert refused.value.params["remaining"] == 4
    assert _count(desk, Shift) == 0 and _count(desk, Payment) == 0
    assert desk.failed_logins(manager) == 1
    assert _audited(desk, "approval.failed") == 1
    # an unknown approver's name is kept in the trail the same way
    with pytest.raises(AuthenticationFailed), desk.db.scope() as s:
        cashier.open_shift(s, desk.cashier, D("200.00"), now=MORNING)
        auth.verify_approver(s, desk.cashier, "nobody_here", "wrong-password1",
                             Permission.APPROVE, "test")
    assert _count(desk, Shift) == 0 and _audited(desk, "approval.unknown_user") == 1


def test_a_wrong_password_caught_in_the_block_is_counted_once(desk: Desk) -> None:  # noqa: F811
    """A caller that handles the refusal and goes on commits the count with its work; it is
    not written a second time."""
    clerk = desk.hall.users["clerk"]
    with desk.db.scope() as s:
        for _ in range(2):
            with pytest.raises(AuthenticationFailed):
                auth.sign_in(s, clerk, "wrong-password1", hall_code="H01", window_number=2)
        assert s.scalar(select(Staff.failed_logins).where(Staff.username == clerk)) == 2
    assert desk.failed_logins(clerk) == 2
    with pytest.raises(Boom), desk.db.scope() as s:  # caught, then the block fails anyway
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(s, clerk, "wrong-password1", hall_code="H01", window_number=2)
        raise Boom
    assert desk.failed_logins(clerk) == 3
    assert _audited(desk, "login.failed") == 3


def test_the_fifth_wrong_password_locks_although_its_unit_of_work_rolls_back(
        desk: Desk) -> None:  # noqa: F811
    clerk = desk.hall.users["clerk"]
    for _ in range(4):
        with pytest.raises(AuthenticationFailed), desk.db.scope() as s:
            auth.sign_in(s, clerk, "wrong-password1", hall_code="H01", window_number=2)
    with pytest.raises(AccountLocked), desk.db.scope() as s:
        auth.sign_in(s, clerk, "wrong-password1", hall_code="H01", window_number=2)
    with desk.db.scope(readonly=True) as s:
        locked = s.scalars(select(Staff).where(Staff.username == clerk)).one()
        assert locked.locked_until is not None and locked.failed_logins == 0
    with pytest.raises(AccountLocked), desk.db.scope() as s:
        auth.sign_in(s, clerk, PASSWORD, hall_code="H01", window_number=2)


def test_a_refused_cash_count_is_kept_and_nothing_else(desk: Desk) -> None:  # noqa: F811
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift()
    with pytest.raises(ApprovalRequired), desk.db.scope() as s:
        cashier.take_payment(s, desk.cashier, account, idempotency_key=key(),
                             tenders=[cash("100.00")], now=MORNING)
        cashier.close_shift(s, desk.cashier, {"100": 1}, now=MORNING)
    assert _count(desk, Payment) == 0  # the payment before the refusal is rolled back
    with desk.db.scope(readonly=True) as s:
        count = s.scalars(select(ShiftCount)).one()
    assert not count.accepted and count.counted == D("100.00")
    assert _audited(desk, "cashier.count_refused") == 1


def test_a_wrong_enrolment_code_counts_although_the_refusal_rolls_back(
        desk: Desk, admin: Actor) -> None:  # noqa: F811
    code = desk.run(devices.register_device, admin, "H01", "kiosk", "门口取号机")
    for remaining in (4, 3):
        with pytest.raises(DeviceRefused) as refused, desk.db.scope() as s:
            devices.enrol_device(s, code.device_id, "00000000",
                                 now=code.expires_at - timedelta(minutes=1))
        assert refused.value.params == {"rule": "wrong_code", "remaining": remaining}


def test_a_readonly_scope_never_writes(desk: Desk) -> None:  # noqa: F811
    with desk.db.scope(readonly=True) as s:
        s.execute(update(Hall).values(display_notice="不该写入"))
    with desk.db.scope(readonly=True) as s:
        assert s.scalars(select(Hall.display_notice)).one() == ""
