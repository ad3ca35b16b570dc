"""``app.client.ServerClient`` against a real server on 127.0.0.1, on SQLite and PostgreSQL:
what a use case returns through the server is what the service returns in process — the same
dataclasses, ``Decimal`` amounts, aware datetimes, dates, times, tuples — and a refusal comes
back as the same typed error with its field and parameters (a lockout's ``until`` an aware
datetime). A stopped server is a ``ServerUnavailable``; a late sign-out of an old session
never ends the newer one."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.api.wire import to_wire
from app.client import ServerClient, ServerUnavailable, from_wire
from app.db import Database
from app.errors import (
    AccountLocked,
    AuthenticationFailed,
    HallDeskError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from app.models import Account, Staff, StaffSession, Ticket, Window, WindowStatus
from app.models.billing import TenderMethod
from app.services import auth, cashier, customers, queueing
from app.services.context import Actor
from tests.api.conftest import Server
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import OLD, RECENT, Desk

# --- what "its own type" means ---------------------------------------------------------------


def assert_typed(value: Any, kind: Any, where: str = "result") -> None:
    """``value`` is of the type hint ``kind`` all the way down: exact dataclasses, tuples as
    tuples, ``Decimal`` (never float or str), aware datetimes, dates that are not datetimes."""
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        _union(value, typing.get_args(kind), where)
    elif origin in (tuple, list):
        _sequence(value, origin, typing.get_args(kind), where)
    elif origin is None and dataclasses.is_dataclass(kind) and isinstance(kind, type):
        assert type(value) is kind, f"{where}: {type(value).__name__}, not {kind.__name__}"
        hints = typing.get_type_hints(kind)
        for f in dataclasses.fields(kind):
            assert_typed(getattr(value, f.name), hints[f.name], f"{where}.{f.name}")
    elif kind is datetime:
        assert type(value) is datetime and value.tzinfo is not None, f"{where}: {value!r}"
    elif kind in (date, time, Decimal, int, str, bool) or (
            isinstance(kind, type) and issubclass(kind, enum.Enum)):
        assert type(value) is kind, f"{where}: {value!r} is not {kind.__name__}"
    else:
        raise AssertionError(f"{where}: no check for {kind}")


def _union(value: Any, options: tuple[Any, ...], where: str) -> None:
    if value is None:
        assert type(None) in options, f"{where}: None"
        return
    failures = []
    for option in (o for o in options if o is not type(None)):
        try:
            assert_typed(value, option, where)
            return
        except AssertionError as exc:
            failures.append(str(exc))
    raise AssertionError("; ".join(failures))


def _sequence(value: Any, origin: Any, args: tuple[Any, ...], where: str) -> None:
    assert type(value) is origin, f"{where}: {type(value).__name__}, not {origin.__name__}"
    if origin is list or (len(args) == 2 and args[1] is Ellipsis):
        args = (args[0],) * len(value)
    assert len(args) == len(value), where
    for n, (arg, item) in enumerate(zip(args, value, strict=True)):
        assert_typed(item, arg, f"{where}[{n}]")


def returns(function: Callable[..., Any]) -> Any:
    return typing.get_type_hints(function)["return"]


def same_refusal(through: HallDeskError, here: HallDeskError) -> None:
    """The server's refusal is the service's own: class, key, field, parameters, sentence."""
    assert type(through) is type(here), (through, here)
    assert (through.key, through.field, through.params, str(through)) == (
        here.key, here.field, here.params, str(here))


# --- a hall with bills, a server, a signed-in client -------------------------------------------


@pytest.fixture
def desk(db: Database, hall: Hall, system: Actor) -> Desk:
    return Desk(db, hall, system)


@pytest.fixture
def clients(server: Server) -> Iterator[Callable[[], ServerClient]]:
    made: list[ServerClient] = []

    def make() -> ServerClient:
        made.append(ServerClient(server.url))
        return made[-1]

    yield make
    for client in made:
        client.close()


def signed(make: Callable[[], ServerClient], hall: Hall, role: str,
           window: int | None = 1) -> ServerClient:
    client = make()
    client.sign_in(hall.users[role], PASSWORD, hall_code="H01", window_number=window)
    return client


def in_process(db: Database, function: Callable[..., Any], actor: Actor, **kwargs: Any) -> Any:
    """The same use case run here as the service (the server's way: one unit of work)."""
    with db.scope() as s:
        return function(s, actor, **kwargs)


def refused_here(db: Database, function: Callable[..., Any], actor: Actor,
                 **kwargs: Any) -> HallDeskError:
    with pytest.raises(HallDeskError) as refused:
        in_process(db, function, actor, **kwargs)
    return refused.value


# --- results ---------------------------------------------------------------------------------


def test_a_payment_and_its_receipt_come_back_as_the_services_own_types(
        db: Database, desk: Desk, clients: Callable[[], ServerClient]) -> None:
    account = desk.account()
    desk.season(OLD)  # long overdue: a late fee line with dates and rates
    desk.season(RECENT)
    till = signed(clients, desk.hall, "cashier")
    assert till.actor is not None and till.actor.window_number == 1

    shift = till.call(cashier.open_shift, float_amount=Decimal("200.00"))
    assert_typed(shift, returns(cashier.open_shift))
    assert shift.float_amount == Decimal("200.00") and shift.closed_at is None

    due = till.call(cashier.open_bills, account_id=account)
    assert_typed(due, returns(cashier.open_bills))
    assert due == in_process(db, cashier.open_bills, till.actor, account_id=account)
    assert len(due.bills) == 2 and due.bills[0].late_fee.charged > 0

    key = uuid.uuid4().hex
    tenders = [cashier.Tender("cash", due.total_due, tendered=due.total_due + 100)]
    paid = till.call(cashier.take_payment, account_id=account, idempotency_key=key,
                     tenders=tenders, amount=due.total_due)
    assert_typed(paid, returns(cashier.take_payment))
    assert paid.amount == due.total_due and paid.change == Decimal("100.00")
    assert not paid.replayed and len(paid.items) == 2 and paid.receipt is not None
    assert paid.receipt.paid_at.utcoffset() == timedelta(hours=8)  # the hall's clock

    receipt = till.call(cashier.receipt_data, payment_id=paid.payment_id)
    assert_typed(receipt, returns(cashier.receipt_data))
    assert receipt == in_process(db, cashier.receipt_data, till.actor,
                                 payment_id=paid.payment_id)
    assert receipt == paid.receipt  # what the payment answered is the stored receipt
    assert receipt.tenders[0].tendered == due.total_due + 100

    again = till.call(cashier.take_payment, account_id=account, idempotency_key=key,
                      tenders=tenders, amount=due.total_due)
    assert again.replayed and dataclasses.replace(again, replayed=False) == paid

    report = till.call(cashier.shift_report, shift_id=shift.id)
    assert_typed(report, returns(cashier.shift_report))
    assert report == in_process(db, cashier.shift_report, till.actor, shift_id=shift.id)

    manager = signed(clients, desk.hall, "hall_manager", window=None)
    printed = manager.call(cashier.day_report_for_print, day=shift.business_day)
    assert_typed(printed, returns(cashier.day_report_for_print))  # a tuple of two dataclasses
    assert manager.actor is not None
    assert printed == in_process(db, cashier.day_report_for_print, manager.actor,
                                 day=shift.business_day)
    assert dict(printed[0].by_fee_kind)["late_fee"] > 0


def test_the_queue_and_a_customer_card_come_back_as_the_services_own_types(
        db: Database, desk: Desk, clients: Callable[[], ServerClient]) -> None:
    account = desk.account()
    desk.season(OLD)
    with db.scope() as s:  # open round the clock, so that the test runs at any hour
        queueing.create_service(s, desk.system, "A", "综合业务", opens_at=time(0, 0),
                                closes_at=time(23, 59, 59), windows=(1, 2),
                                hall_id=desk.hall.info.id)
    clerk = signed(clients, desk.hall, "clerk", window=2)
    assert clerk.actor is not None
    listed = clerk.call(queueing.list_services)
    assert_typed(listed, returns(queueing.list_services))
    ticket = clerk.call(queueing.issue_ticket, service_id=listed[0].id)
    assert_typed(ticket, returns(queueing.issue_ticket))
    called = clerk.call(queueing.call_next)
    assert_typed(called, returns(queueing.call_next))  # TicketInfo | None
    assert called is not None and called.code == ticket.code and called.window_number == 2
    status = clerk.call(queueing.queue_status)
    assert_typed(status, returns(queueing.queue_status))
    assert status.services[0].opens_at == time(0, 0)
    assert status.recent_calls[0].code == ticket.code

    with db.scope(readonly=True) as s:
        customer_id = s.scalar(select(Account.customer_id).where(Account.id == account))
    card = clerk.call(customers.customer_card, customer_id=customer_id)
    assert_typed(card, returns(customers.customer_card))
    assert card == in_process(db, customers.customer_card, clerk.actor,
                              customer_id=customer_id)
    assert card.arrears and card.arrears[0][1] > 0  # tuple[tuple[str, Decimal], ...]


def test_an_enum_and_a_tender_go_out_and_come_back_as_themselves() -> None:
    """No registered result carries an enum today; the client decodes one all the same, and
    what a request carries (tenders with amounts) makes the round trip unchanged."""
    assert from_wire(TenderMethod, to_wire(TenderMethod.CASH)) is TenderMethod.CASH
    assert from_wire(TenderMethod | None, None) is None
    tender = cashier.Tender("cash", Decimal("10.50"), tendered=Decimal("20.00"))
    wire = to_wire(tender)
    assert wire["amount"] == "10.50" and not any(isinstance(v, float) for v in wire.values())
    assert from_wire(cashier.Tender, wire) == tender


# --- refusals --------------------------------------------------------------------------------


def test_refusals_come_back_as_the_services_own_typed_errors(
        db: Database, desk: Desk, clients: Callable[[], ServerClient]) -> None:
    account = desk.account()
    desk.season(OLD)
    clerk = signed(clients, desk.hall, "clerk", window=2)
    till = signed(clients, desk.hall, "cashier")
    assert clerk.actor is not None and till.actor is not None

    # a role without the permission
    payment = {"account_id": account, "idempotency_key": uuid.uuid4().hex,
               "tenders": [cashier.Tender("cash", Decimal("1.00"))]}
    with pytest.raises(PermissionDenied) as denied:
        clerk.call(cashier.take_payment, **payment)
    same_refusal(denied.value, refused_here(db, cashier.take_payment, clerk.actor, **payment))
    assert denied.value.params["role"] == "clerk"

    # nothing of that number
    with pytest.raises(NotFound) as missing:
        till.call(cashier.receipt_data, payment_id=987654)
    same_refusal(missing.value, refused_here(db, cashier.receipt_data, till.actor,
                                             payment_id=987654))

    # a rule of the desk, with the field to mark
    till.call(cashier.open_shift, float_amount=Decimal("100.00"))
    wrong_sum = {"account_id": account, "idempotency_key": uuid.uuid4().hex,
                 "tenders": [cashier.Tender("cash", Decimal("5.00"))],
                 "amount": Decimal("6.00")}
    with pytest.raises(ValidationError) as invalid:
        till.call(cashier.take_payment, **wrong_sum)
    same_refusal(invalid.value, refused_here(db, cashier.take_payment, till.actor, **wrong_sum))
    assert invalid.value.field

    # a wrong current password: counted, the attempts left in the parameters
    with pytest.raises(ValidationError) as wrong_old:
        clerk.call(auth.change_password, old="not-my-pass-1", new="new-pass-1234")
    assert (wrong_old.value.field, wrong_old.value.params) == (
        "old_password", {"rule": "wrong", "remaining": 4, "warn": False})


def test_a_lockout_comes_back_with_its_until_as_an_aware_datetime(
        db: Database, hall: Hall, clients: Callable[[], ServerClient]) -> None:
    client = clients()
    name = hall.users["clerk"]
    for remaining in (4, 3, 2, 1):
        with pytest.raises(AuthenticationFailed) as failed:
            client.sign_in(name, "wrong-pass-1", hall_code="H01", window_number=1)
        assert failed.value.params == {"remaining": remaining,
                                       "warn": remaining <= auth.WARN_WHEN_REMAINING}
    with pytest.raises(AccountLocked) as locked:
        client.sign_in(name, "wrong-pass-1", hall_code="H01", window_number=1)
    until = locked.value.params["until"]
    assert type(until) is datetime and until.tzinfo is not None
    with db.scope(readonly=True) as s:
        assert until == s.scalar(select(Staff.locked_until).where(Staff.username == name))
    with pytest.raises(AccountLocked) as still:  # the right password changes nothing now
        client.sign_in(name, PASSWORD, hall_code="H01", window_number=1)
    assert still.value.params["until"] == until
    assert client.token is None


# --- the connection and the session ----------------------------------------------------------


def test_a_stopped_server_is_server_unavailable(db: Database, hall: Hall) -> None:
    running = Server(db)
    client = ServerClient(running.url)
    try:
        client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=2)
        assert client.call(queueing.queue_status).hall_name
        running.stop()
        with pytest.raises(ServerUnavailable) as down:
            client.call(queueing.queue_status)
        assert down.value.params["detail"] == "connection refused or no route"
        with pytest.raises(ServerUnavailable):
            client.health()
        assert client.token is not None  # kept: the session may well outlive the outage
    finally:
        client.close()
        running.stop()


def test_a_late_sign_out_of_the_old_session_leaves_the_new_one_alone(
        db: Database, hall: Hall, clients: Callable[[], ServerClient]) -> None:
    client = clients()
    client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=2)
    old = client.token
    client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=2)
    new = client.token
    assert old and new and old != new
    client.sign_out(token=old)  # the sign-out that was on its way when they signed in again
    assert client.token == new and client.actor is not None
    assert client.actor.window_number == 2
    assert_typed(client.call(queueing.my_window), returns(queueing.my_window))  # it works
    with db.scope(readonly=True) as s:
        ended = s.scalars(select(StaffSession.ended_at).order_by(StaffSession.id)).all()
    assert [at is not None for at in ended] == [True, False]
    client.sign_out()
    assert client.token is None


def test_a_late_sign_out_of_the_old_session_leaves_the_new_sessions_window_open(
        db: Database, hall: Hall, clients: Callable[[], ServerClient]) -> None:
    """The same person signed in at window 2 again (the old PC's sign-out still on its way):
    the old session's sign-out ends that session only; the window stays open with the number
    the new session serves there, until the new session signs out, which closes it and
    finishes the number as every sign-out does."""
    with db.scope() as s:  # open round the clock, so that the test runs at any hour
        queueing.create_service(s, Actor.system("test"), "A", "综合业务", opens_at=time(0, 0),
                                closes_at=time(23, 59, 59), windows=(1, 2),
                                hall_id=hall.info.id)
    client = clients()
    client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=2)
    old = client.token
    client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=2)
    assert client.call(queueing.my_window).state == "open"
    service = client.call(queueing.list_services)[0]
    ticket = client.call(queueing.issue_ticket, service_id=service.id)
    called = client.call(queueing.call_next)
    assert called is not None and called.code == ticket.code
    client.sign_out(token=old)
    window = client.call(queueing.my_window)
    assert window.state == "open"
    assert window.current is not None and window.current.code == ticket.code
    assert window.current.status == "called"  # not finished by the old session's sign-out
    late = clients()
    late.token = old
    with pytest.raises(HallDeskError) as ended:  # that session, and only it, has ended
        late.call(queueing.my_window)
    assert ended.value.key == "session_ended"
    client.sign_out()  # the live session's own sign-out: the window closes, the number ends
    with db.scope(readonly=True) as s:
        status = s.scalars(select(WindowStatus).join(Window).where(
            Window.hall_id == hall.info.id, Window.number == 2)).one()
        assert status.state == "closed" and status.current_ticket_id is None
        assert s.scalar(select(Ticket.status).where(Ticket.id == ticket.id)) == "done"


def test_no_proxy_of_the_environment_sees_a_password_or_a_token(
        db: Database, hall: Hall, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PC's proxy settings (http_proxy, or Windows' system proxy, whose bypass list httpx
    ignores) would carry the sign-in's password and every token in clear, and make the
    embedded server on 127.0.0.1 unreachable: the client never uses one."""
    import socket
    import threading

    heard: list[bytes] = []
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen()

    def listen() -> None:
        try:
            connection, _ = trap.accept()
        except OSError:
            return
        with connection:
            heard.append(connection.recv(65536))

    threading.Thread(target=listen, daemon=True).start()
    proxy = f"http://127.0.0.1:{trap.getsockname()[1]}"
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    running = Server(db)
    client = ServerClient(running.url)
    try:
        client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=2)
        assert client.call(queueing.queue_status).hall_name
    finally:
        client.close()
        running.stop()
        trap.close()
    assert heard == []


def test_a_gateway_that_answers_for_the_server_is_server_unavailable() -> None:
    """A proxy before the server answering 502/503/504 with its own page (no refusal key) is
    the server being away — said as such and retried — not an unknown refusal in English."""
    import http.server
    import threading

    class Gateway(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(504)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>504 Gateway Time-out</html>")

        def log_message(self, *_args: Any) -> None:
            pass

    gateway = http.server.HTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    client = ServerClient(f"http://127.0.0.1:{gateway.server_address[1]}")
    try:
        with pytest.raises(ServerUnavailable) as away:
            client.halls()
        assert away.value.params["detail"] == "the gateway answered 504"
    finally:
        client.close()
        gateway.shutdown()
        gateway.server_close()


@pytest.mark.parametrize("body", [
    {"key": "internal", "message": "The server failed; the log says why.", "field": None,
     "params": {}},
    {"key": "http", "message": "Method Not Allowed", "field": None, "params": {}},
    "<html>500</html>",
])
def test_a_server_failure_reads_as_a_sentence_not_the_servers_english(
        body: Any, qapp: Any) -> None:
    """A 500 (or an answer with no refusal of the rules) is said in the person's words:
    saved nothing, try again, tell the administrator — never the server's English text."""
    from app.client import _error_from
    from ui import i18n
    from ui.messages import error_text

    error = _error_from(500, body)
    i18n.install("zh_CN")
    said = error_text(error)
    assert said == ("服务器未能完成此操作，也未保存任何内容。请重试；如再次出现，请告知系统管理员"
                    "（原因见服务器日志）。")
    assert str(error) not in said
