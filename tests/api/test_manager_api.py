"""The hall manager's named operations (``ui/ops/manager.py``) through a real server on
loopback, on both databases: a clerk is refused every one of them, and another hall's manager
sees, closes and changes only their own hall, whatever the request names."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from app.client import ServerClient
from app.db import Database
from app.errors import CashierRefused, PermissionDenied, ValidationError
from app.models import Bill, DayClose
from app.services import cashier, queueing
from app.services.context import Actor
from tests.api.conftest import Server
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import CURRENT, MORNING, TODAY, Desk
from ui.ops import manager as manager_ops

D = Decimal


class Halls:
    """H01 with a payment of 100.00 on TODAY in its cashier's open shift; H02 beside it."""

    def __init__(self, db: Database, hall: Hall, system: Actor) -> None:
        self.db = db
        self.h1 = hall
        self.h2 = Hall(db, system, "H02", "第二营业厅")
        self.desk = Desk(db, hall, system)
        self.account = self.desk.account()
        self.desk.season(CURRENT)
        self.desk.open_shift()
        self.desk.pay(self.account, cashier.Tender("cash", D("100.00")))

    def closes(self, hall: Hall) -> int:
        with self.db.scope(readonly=True) as s:
            return int(s.scalar(select(func.count()).select_from(DayClose)
                                .where(DayClose.hall_id == hall.info.id)) or 0)

    def bills(self, period: str) -> int:
        with self.db.scope(readonly=True) as s:
            return int(s.scalar(select(func.count()).select_from(Bill)
                                .where(Bill.period == period)) or 0)

    def notice(self, hall: Hall) -> str:
        actor = hall.login(self.db, "hall_manager", window=None)
        with self.db.scope(readonly=True) as s:
            return queueing.queue_status(s, actor).notice


@pytest.fixture
def halls(db: Database, hall: Hall, system: Actor) -> Halls:
    return Halls(db, hall, system)


@pytest.fixture
def signed(server: Server) -> Iterator[Callable[..., ServerClient]]:
    """``signed(hall, role, window)``: a client signed in at the server as that person."""
    made: list[ServerClient] = []

    def sign_in(hall: Hall, role: str, window: int | None) -> ServerClient:
        client = ServerClient(server.url)
        made.append(client)
        client.sign_in(hall.users[role], PASSWORD, hall_code=hall.code, window_number=window)
        return client

    yield sign_in
    for client in made:
        client.close()


def test_a_clerk_is_refused_every_one_of_the_managers_operations(
        halls: Halls, signed: Callable[..., ServerClient]) -> None:
    manager = signed(halls.h1, "hall_manager", None)
    read_back = manager_ops.day_view(TODAY)(manager).report
    clerk = signed(halls.h1, "clerk", 2)
    before = halls.notice(halls.h1)
    operations: dict[str, Callable[[ServerClient], Any]] = {
        "day view": manager_ops.day_view(TODAY),
        "report for a file": manager_ops.report_for_file(TODAY),
        "day close": manager_ops.close_day(TODAY, read_back),
        "billing runs": manager_ops.billing_run_list(50),
        "billing run": manager_ops.run_billing("heating", "2030-2031", date(2031, 1, 31)),
        "display notice": manager_ops.set_display_notice("明天停业"),
    }
    for name, work in operations.items():
        with pytest.raises(PermissionDenied):
            work(clerk)
            pytest.fail(f"a clerk's {name} was answered")
    assert halls.closes(halls.h1) == 0 and halls.bills("2030-2031") == 0
    assert halls.notice(halls.h1) == before


def test_another_halls_manager_sees_closes_and_changes_only_their_own_hall(
        halls: Halls, signed: Callable[..., ServerClient]) -> None:
    own = signed(halls.h1, "hall_manager", None)
    other = signed(halls.h2, "hall_manager", None)
    mine = manager_ops.day_view(TODAY)(own)
    assert mine.report.hall_id == halls.h1.info.id
    assert (mine.report.payments, mine.report.total) == (1, D("100.00"))
    assert mine.names[halls.h1.users["cashier"]] == "李娜"
    theirs = manager_ops.day_view(TODAY)(other)
    assert theirs.report.hall_id == halls.h2.info.id
    assert (theirs.report.payments, theirs.report.total) == (0, D("0.00"))
    assert not theirs.report.shifts  # H01's open shift is not theirs to see
    assert halls.h1.users["cashier"] not in theirs.names  # nor H01's staff
    file = manager_ops.report_for_file(TODAY)(other)
    assert file.report.hall_id == halls.h2.info.id and file.report.payments == 0
    # A hall cannot be named in a request: the session's is the one.
    with pytest.raises(ValidationError):
        other.call(cashier.daily_report, day=TODAY, hall_id=halls.h1.info.id)
    # Closing their day closes H02's, not H01's (whose shift is still open).
    closed = manager_ops.close_day(TODAY, theirs.report)(other)
    assert closed.hall_id == halls.h2.info.id
    assert halls.closes(halls.h2) == 1 and halls.closes(halls.h1) == 0
    assert manager_ops.day_view(TODAY)(own).report.closed_at is None
    # Their display notice is their hall's.
    before = halls.notice(halls.h1)
    assert manager_ops.set_display_notice("二厅今日暂停办理")(other) == "二厅今日暂停办理"
    assert halls.notice(halls.h2) == "二厅今日暂停办理"
    assert halls.notice(halls.h1) == before


def test_the_own_halls_close_takes_the_read_back_over_the_wire(
        halls: Halls, signed: Callable[..., ServerClient]) -> None:
    """The report read back travels to the server as it was shown: refused while a shift is
    open (naming it), sealed once the shift is closed and the figures are those read."""
    manager = signed(halls.h1, "hall_manager", None)
    shown = manager_ops.day_view(TODAY)(manager).report
    with pytest.raises(CashierRefused) as refused:
        manager_ops.close_day(TODAY, shown)(manager)
    assert refused.value.params["rule"] == "open_shifts"
    halls.desk.run(cashier.close_shift, halls.desk.cashier, {"100": 3}, now=MORNING)
    shown = manager_ops.day_view(TODAY)(manager).report
    closed = manager_ops.close_day(TODAY, shown)(manager)
    assert closed.total == D("100.00") and halls.closes(halls.h1) == 1
