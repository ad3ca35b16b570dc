"""The cashier's desk through the server, as the counter calls it (``app.client.ServerClient``
and ``ui.ops.cashier``), on both databases: the desk's shift line (``latest_shift``) is the
session's own shift at the session's hall, refused to a clerk and to any field naming someone
else; a payment's key made on the counter passes through unchanged, so the same submission
twice is one payment."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from app.client import ServerClient
from app.db import Database
from app.errors import PermissionDenied, ValidationError
from app.models import Payment, Staff
from app.services import cashier
from app.services.cashier import PaymentResult, Tender
from app.services.context import Actor
from tests.api.conftest import Server
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import CURRENT, Desk
from ui.ops import cashier as cashier_ops

D = Decimal
SignIn = Callable[..., ServerClient]


@pytest.fixture
def sign_in(server: Server) -> Iterator[SignIn]:
    """``sign_in(username, hall="H01", window=1)``: a client signed in at the test server."""
    made: list[ServerClient] = []

    def signed(username: str, *, hall: str = "H01", window: int | None = 1) -> ServerClient:
        client = ServerClient(server.url)
        made.append(client)
        client.sign_in(username, PASSWORD, hall_code=hall, window_number=window)
        return client

    yield signed
    for client in made:
        client.close()


def test_the_shift_line_is_the_cashiers_own_latest_shift(hall: Hall, sign_in: SignIn) -> None:
    till = sign_in(hall.users["cashier"], window=2)
    assert cashier_ops.latest_shift()(till) is None  # none yet: the bar offers to open one
    opened = cashier_ops.open_shift(D("200.00"))(till)
    shift = cashier_ops.latest_shift()(till)
    assert shift == opened
    assert shift is not None and shift.window_number == 2 and shift.closed_at is None
    assert shift.float_amount == D("200.00") and shift.cashier == hall.users["cashier"]
    # Another person of the hall, at another window, sees their own (none), not this one.
    manager = sign_in(hall.users["hall_manager"], window=3)
    assert cashier_ops.latest_shift()(manager) is None
    # Closed, it is still the latest: the bar says when it closed.
    closed = cashier_ops.close_shift({"100": 2})(till)
    again = cashier_ops.latest_shift()(till)
    assert again is not None and again.id == opened.id == closed.shift_id
    assert again.closed_at is not None


def test_the_shift_line_is_refused_to_a_clerk_and_to_a_forged_field(
        hall: Hall, sign_in: SignIn) -> None:
    till = sign_in(hall.users["cashier"])
    opened = cashier_ops.open_shift(D("100.00"))(till)
    clerk = sign_in(hall.users["clerk"], window=3)
    with pytest.raises(PermissionDenied):
        cashier_ops.latest_shift()(clerk)
    # Whose shift is asked for is the session's: a field naming a person, a hall or a shift
    # is refused by name before anything is read.
    for name, value in (("staff_id", 1), ("hall_id", 1), ("shift_id", opened.id),
                        ("cashier_id", 1)):
        with pytest.raises(ValidationError) as refused:
            clerk.call(cashier.latest_shift, **{name: value})
        assert refused.value.field == name


def test_a_shift_at_another_hall_is_not_the_shift_line_there(
        db: Database, hall: Hall, system: Actor, sign_in: SignIn) -> None:
    """A cashier moved to H02 with their H01 shift still open: at H02 the bar shows no
    shift (H01's drawer is not theirs to close from there)."""
    Hall(db, system, "H02", "第二营业厅")
    till = sign_in(hall.users["cashier"])
    assert cashier_ops.open_shift(D("100.00"))(till).closed_at is None
    with db.scope() as s:
        h2 = s.scalar(select(Staff.hall_id).where(Staff.username == "cashier_h02"))
        s.execute(update(Staff).where(Staff.username == hall.users["cashier"])
                  .values(hall_id=h2))
        s.commit()
    moved = sign_in(hall.users["cashier"], hall="H02")
    assert moved.actor is not None and moved.actor.hall_code == "H02"
    assert cashier_ops.latest_shift()(moved) is None


def test_the_same_submission_twice_is_one_payment(db: Database, hall: Hall, system: Actor,
                                                 sign_in: SignIn) -> None:
    """A double F9, or F9 again after a lost answer: the counter's key reaches the service
    as it was made, and the second request gets the first one's receipt."""
    desk = Desk(db, hall, system)
    account = desk.account()
    desk.season(CURRENT)
    till = sign_in(hall.users["cashier"])
    cashier_ops.open_shift(D("100.00"))(till)
    key = uuid.uuid4().hex
    pay = cashier_ops.take_payment(account, idempotency_key=key, amount=D("20.00"),
                                   tenders=[Tender("cash", D("20.00"), tendered=D("50.00"))])
    first, second = pay(till), pay(till)
    assert isinstance(first, PaymentResult) and isinstance(second, PaymentResult)
    assert not first.replayed and second.replayed
    assert second.payment_id == first.payment_id and second.receipt_no == first.receipt_no
    assert first.amount == D("20.00") and first.change == D("30.00")
    with db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1
        assert s.scalar(select(Payment.idempotency_key)) == key
