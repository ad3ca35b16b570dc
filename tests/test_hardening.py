"""Issue 10's "found in the same review" list, on SQLite and PostgreSQL: typed refusals for
NUL bytes, over-long text and amounts past Numeric(12, 2) (raw driver errors on PostgreSQL
before, silently stored on SQLite), checked before any SQL by app/text.py and
app/billing/money.py. (The rest of that list: the waiver's four eyes in tests/test_cashier.py,
the contact address in tests/test_customers.py, Argon2 in tests/test_auth.py, the settings
file in tests/test_config.py, the PostgreSQL timeouts in tests/test_db_timeouts.py.)"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.billing.money import ensure_fen, format_money, round_fen
from app.db import Database
from app.errors import (
    ValidationError,
)
from app.models import Staff
from app.permissions import Permission
from app.services import auth, cashier, customers, deployment, queueing
from app.services import staff as staff_service
from app.services.cashier import Waiver
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import MORNING, OLD, Desk, cash

LONG = "长" * 10_000
D = Decimal


@pytest.fixture
def desk(db: Database, hall: Hall, system: Actor) -> Desk:
    return Desk(db, hall, system)


def refused(call: Callable[[], Any], field: str, rule: str) -> ValidationError:
    """``call`` raises a ValidationError naming ``field`` and ``rule`` (never a driver
    error, never success)."""
    with pytest.raises(ValidationError) as exc:
        call()
    assert (exc.value.field, exc.value.params.get("rule")) == (field, rule), exc.value
    return exc.value


# --- text: NUL bytes and length, the same limits on both databases --------------------------


def test_a_search_with_a_nul_byte_is_a_typed_refusal(db: Database, hall: Hall) -> None:
    clerk = hall.login(db, "clerk")
    with db.scope() as s:
        refused(lambda: customers.find_customers(s, clerk, "王\x00"), "query",
                "control_character")
    with db.scope() as s:
        refused(lambda: cashier.find_accounts(s, hall.login(db, "cashier"), "王\x00"), "query",
                "control_character")


def test_staff_texts_are_refused_when_too_long_or_with_a_nul(db: Database, hall: Hall,
                                                              system: Actor) -> None:
    def create(username: str, full_name: str) -> Any:
        with db.scope() as s:
            return staff_service.create_user(s, system, username, full_name, "clerk", PASSWORD,
                                             hall_code="H01")

    error = refused(lambda: create("longname", LONG), "full_name", "too_long")
    assert error.params["n"] == 60
    refused(lambda: create("nulname", "王\x00明"), "full_name", "control_character")
    assert create("fullname", "欧" * 60).full_name == "欧" * 60  # the limit itself is fine
    with db.scope() as s:
        refused(lambda: staff_service.create_hall(s, system, "H09", LONG), "name", "too_long")
    with db.scope() as s:
        refused(lambda: staff_service.create_hall(s, system, "H09", "第九营业厅",
                                                  address="幸福路\x001号"),
                "address", "control_character")
    with db.scope() as s:
        refused(lambda: staff_service.set_active(s, system, "fullname", False, reason=LONG),
                "reason", "too_long")
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        refused(lambda: auth.unlock_staff(s, manager, "fullname", reason="忘记\x00"),
                "reason", "control_character")
    with db.scope() as s:
        assert s.scalar(select(Staff.full_name).where(Staff.username == "longname")) is None


def test_a_user_name_with_a_nul_is_refused_at_sign_in_and_approval(db: Database,
                                                                   hall: Hall) -> None:
    with db.scope() as s:
        refused(lambda: auth.authenticate(s, "王\x00", PASSWORD, hall_code="H01"),
                "username", "control_character")
    with db.scope() as s:
        refused(lambda: auth.authenticate(s, "a" * 10_000, PASSWORD, hall_code="H01"),
                "username", "too_long")
    cashier_actor = hall.login(db, "cashier")
    with db.scope() as s:
        refused(lambda: auth.verify_approver(s, cashier_actor, "man\x00ager", PASSWORD,
                                             Permission.APPROVE, "test"),
                "username", "control_character")


def test_cashier_texts_and_the_hall_notice_are_refused_when_too_long_or_with_a_nul(
        desk: Desk) -> None:
    account = desk.account()
    desk.season(OLD)
    desk.open_shift()
    manager = desk.hall.users["hall_manager"]
    bill_id = desk.due(account).bills[0].bill_id
    refused(lambda: desk.pay(account, cash("100.00"), approver_username=manager,
                             approver_password=PASSWORD,
                             waivers=[Waiver(bill_id, D("1.00"), "困难\x00户")]),
            "waiver_reason", "control_character")
    refused(lambda: desk.pay(account, cashier.Tender("wechat", D("1.00"), reference="x" * 65)),
            "reference", "too_long")
    refused(lambda: desk.pay(account, cashier.Tender("wechat", D("1.00"),
                                                     reference="4200\x00")),
            "reference", "control_character")
    paid = desk.pay(account, cash("50.00"))
    refused(lambda: desk.run(cashier.void_payment, desk.cashier, paid.payment_id, reason=LONG,
                             approver_username=manager, approver_password=PASSWORD,
                             now=MORNING), "reason", "too_long")
    refused(lambda: desk.run(cashier.reprint_receipt, desk.cashier, paid.payment_id,
                             reason="卡纸\x00"), "reason", "control_character")
    refused(lambda: desk.close({"100": 2}, note=LONG), "note", "too_long")
    refused(lambda: desk.close({"100": 2}, note="差\x00额"), "note", "control_character")
    assert desk.close({"100": 2, "50": 1}, note="第一行\n第二行").difference == 0
    refused(lambda: desk.run(queueing.set_display_notice, desk.manager, "暂停\x00办理"),
            "notice", "control_character")
    refused(lambda: desk.run(deployment.set_company_name, desk.system, "燃气\x00公司"),
            "company_name", "control_character")


# --- amounts: 10^10 and more, and exponents -------------------------------------------------


def test_amounts_past_numeric_12_2_are_typed_refusals(desk: Desk) -> None:
    account = desk.account()
    desk.season(OLD)
    refused(lambda: desk.open_shift(float_amount="1E+30"), "float_amount", "too_large")
    desk.open_shift()
    for amount in ("10000000000", "10000000000.00", "1E+30", "-1E+30"):
        with pytest.raises(ValidationError) as exc:
            desk.pay(account, cash(amount))
        assert (exc.value.field, exc.value.params["rule"]) == ("amount", "too_large")
    refused(lambda: desk.pay(account, cash("100.00", tendered="1E+30")), "tendered",
            "too_large")
    refused(lambda: desk.pay(account, cash("100.00"), amount=D("1E+30")), "amount",
            "too_large")
    refused(lambda: desk.close({"100": 10**30}), "counted", "too_large")
    assert desk.pay(account, cash("100.00")).amount == D("100.00")  # nothing was spoilt


@pytest.mark.parametrize("function", [ensure_fen, round_fen, format_money])
def test_an_exponent_is_too_large_not_an_invalid_operation(
        function: Callable[[Decimal], Any]) -> None:
    for value in (D("1E+30"), D("-1E+30"), D("10000000000.00")):
        if function is not ensure_fen and abs(value) < D("1E+27"):
            continue  # rounding and formatting take sums beyond one column
        with pytest.raises(ValidationError) as exc:
            function(value)
        assert exc.value.params["rule"] == "too_large"
    assert ensure_fen(D("9999999999.99")) == D("9999999999.99")
