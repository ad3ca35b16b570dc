"""An attacker's world on both databases and a real server on loopback: halls H01 and H02,
bills, a payment in each hall, a queue ticket in each, a customer with an ID number, and
signed-in sessions of a clerk, a cashier and a hall manager of H01 and of an administrator,
each holding nothing but their token."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

import pytest
from sqlalchemy import update

from app.db import Database
from app.models import Account, Customer
from app.services import cashier, queueing
from app.services.context import Actor
from tests.api.conftest import Client, Server, another, client, server
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import CURRENT, Desk

ID_NUMBER = "110101199003078888"  # every customer's, so that any answer carrying one shows

__all__ = ["ID_NUMBER", "PASSWORD", "World", "another", "client", "server"]


@dataclass
class World:
    db: Database
    h1: Hall
    h2: Hall
    h1_id: int
    h2_id: int
    account: int  # a customer's account (bills of the current season)
    customer: int
    payment_h1: int  # taken through the server by the H01 cashier, in their open shift
    payment_h2: int  # of H02
    receipt_h2: str
    shift_h2: int
    service_h1: int
    service_h2: int
    ticket_h1: int
    ticket_h2: int
    clerk: Client
    cashier: Client
    manager: Client
    admin: Client

    def roles(self) -> dict[str, Client]:
        return {"clerk": self.clerk, "cashier": self.cashier, "hall_manager": self.manager,
                "admin": self.admin}


def _signed(server: Server, made: list[Client], username: str, hall_code: str,
            window: int | None) -> Client:
    c = Client(server.url)
    made.append(c)
    answer = c.sign_in(username, hall_code=hall_code, window_number=window)
    assert answer.status_code == 200, answer.text
    return c


@pytest.fixture
def world(db: Database, hall: Hall, system: Actor, admin: Actor, server: Server
          ) -> Iterator[World]:
    h2 = Hall(db, system, "H02", "第二营业厅")
    desk = Desk(db, hall, system)
    account = desk.account()
    account_h2 = desk.account(name="李四光", phone="13900001111")
    with db.scope() as s:
        s.execute(update(Customer).values(id_number=ID_NUMBER))
        s.commit()
    desk.season(CURRENT)
    services: list[int] = []
    for h in (hall, h2):
        with db.scope() as s:  # open round the clock, so that the tests run at any hour
            services.append(queueing.create_service(
                s, system, "A", "综合业务", opens_at=time(0, 0), closes_at=time(23, 59, 59),
                windows=(1, 2, 3, 4), hall_id=h.info.id).id)
    tickets: list[int] = []
    for h in (hall, h2):
        clerk = h.login(db, "clerk", window=2)
        with db.scope() as s:
            tickets.append(queueing.issue_ticket(s, clerk, services[len(tickets)]).id)
    cashier_h2 = h2.login(db, "cashier", window=1)
    with db.scope() as s:
        shift_h2 = cashier.open_shift(s, cashier_h2, Decimal("100.00")).id
    with db.scope() as s:
        paid_h2 = cashier.take_payment(
            s, cashier_h2, account_h2, idempotency_key=uuid.uuid4().hex, amount=Decimal("10.00"),
            tenders=[cashier.Tender("cash", Decimal("10.00"))])
    made: list[Client] = []
    till = _signed(server, made, hall.users["cashier"], "H01", 1)
    assert till.call("cashier/open_shift", {"float_amount": "100.00"}).status_code == 200
    paid = till.call("cashier/take_payment", {
        "account_id": account, "idempotency_key": uuid.uuid4().hex, "amount": "20.00",
        "tenders": [{"method": "cash", "amount": "20.00"}]})
    assert paid.status_code == 200, paid.text
    with db.scope(readonly=True) as s:
        row = s.get(Account, account)
        assert row is not None
        customer_id = row.customer_id
    yield World(
        db=db, h1=hall, h2=h2, h1_id=hall.info.id, h2_id=h2.info.id, account=account,
        customer=customer_id, payment_h1=paid.json()["result"]["payment_id"],
        payment_h2=paid_h2.payment_id, receipt_h2=paid_h2.receipt_no, shift_h2=shift_h2,
        service_h1=services[0], service_h2=services[1], ticket_h1=tickets[0],
        ticket_h2=tickets[1],
        clerk=_signed(server, made, hall.users["clerk"], "H01", 2), cashier=till,
        manager=_signed(server, made, hall.users["hall_manager"], "H01", None),
        admin=_signed(server, made, "admin", "", None))
    for c in made:
        c.close()
