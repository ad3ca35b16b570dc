"""The HallDesk server over real HTTP: sessions, the actor from the session, typed refusals,
amounts as strings, the server's clock. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.api import sessions
from app.api.registry import REGISTRY, SUPPLIED
from app.api.server import check_listen_address
from app.api.wire import to_wire
from app.db import Database
from app.errors import ConfigError
from app.models import Staff, StaffSession, WindowStatus
from app.services import cashier, staff
from app.services.context import Actor
from tests.api.conftest import Client, Server
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import CURRENT, Desk

SEARCH = "customers/search_customers"


def refusal(answer: object, status: int, key: str) -> dict[str, object]:
    import httpx

    assert isinstance(answer, httpx.Response)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"key", "message", "field", "params"}
    assert body["key"] == key, body
    assert isinstance(body, dict)
    return body


def test_sign_in_gives_a_token_of_which_only_the_hash_is_stored(
        db: Database, hall: Hall, client: Client) -> None:
    assert client.http.get("/api/v1/health").json()["status"] == "ok"
    answer = client.sign_in(hall.users["clerk"], window_number=2)
    assert answer.status_code == 200, answer.text
    token = answer.json()["token"]
    assert len(token) >= 43  # 32 random bytes, base64url
    actor = answer.json()["actor"]
    assert (actor["role"], actor["hall_code"], actor["window_number"]) == ("clerk", "H01", 2)
    with db.scope(readonly=True) as s:
        row = s.scalars(select(StaffSession)).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
        assert (row.role, row.ended_at, row.locked) == ("clerk", None, False)
        assert row.expires_at > row.created_at
    found = client.call(SEARCH, {"query": "张三"})
    assert found.status_code == 200, found.text


def test_no_token_or_a_forged_one_is_not_signed_in(hall: Hall, client: Client) -> None:
    refusal(client.call(SEARCH, {"query": "张三"}), 401, "not_signed_in")
    client.token = "x" * 43
    refusal(client.call(SEARCH, {"query": "张三"}), 401, "not_signed_in")


def test_sign_out_ends_the_session_and_closes_the_window(
        db: Database, hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    window_2 = hall.info.windows[1].id
    with db.scope(readonly=True) as s:
        assert s.scalar(select(WindowStatus.state).where(
            WindowStatus.window_id == window_2)) == "open"
    assert client.post("/api/v1/session/sign-out").status_code == 200
    with db.scope(readonly=True) as s:
        assert s.scalar(select(WindowStatus.state).where(
            WindowStatus.window_id == window_2)) == "closed"
    body = refusal(client.call(SEARCH, {"query": "张三"}), 401, "session_ended")
    assert body["params"] == {"reason": "signed_out"}
    with db.scope(readonly=True) as s:
        assert s.scalars(select(StaffSession.ended_reason)).one() == "signed_out"


def test_wrong_passwords_count_and_the_fifth_locks_through_the_api(
        hall: Hall, client: Client) -> None:
    user = hall.users["cashier"]
    answers = [client.sign_in(user, "wrong-pass1") for _ in range(4)]
    assert [refusal(a, 401, "auth_failed")["params"]["remaining"] for a in answers] == [4, 3, 2, 1]
    refusal(client.sign_in(user, "wrong-pass1"), 409, "account_locked")
    refusal(client.sign_in(user), 409, "account_locked")  # even with the right password


def test_an_unknown_user_gets_the_same_answers_in_the_same_time_as_a_known_one(
        hall: Hall, client: Client) -> None:
    def attempt(username: str) -> tuple[float, int, dict[str, object]]:
        started = time.perf_counter()
        answer = client.sign_in(username, "wrong-pass1")
        body = answer.json()
        return time.perf_counter() - started, answer.status_code, {
            "key": body["key"], "field": body["field"],
            "params": {k: v for k, v in body["params"].items() if k != "until"}}

    known = [attempt(hall.users["cashier"]) for _ in range(6)]
    unknown = [attempt("nobody_here") for _ in range(6)]
    assert [k[1:] for k in known] == [u[1:] for u in unknown]
    assert [k[2]["key"] for k in known] == ["auth_failed"] * 4 + ["account_locked"] * 2
    # the same timing class: a name no account has still costs a password hash
    assert statistics.median(u[0] for u in unknown[:4]) > statistics.median(
        k[0] for k in known[:4]) / 3


def test_the_actor_comes_from_the_session_never_from_the_body(
        db: Database, hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    with db.scope(readonly=True) as s:
        manager_id = s.scalar(select(Staff.id).where(Staff.username == hall.users[
            "hall_manager"]))
    for forged in ({"staff_id": manager_id}, {"hall_id": 99}, {"role": "admin"},
                   {"actor": {"staff_id": manager_id, "role": "hall_manager"}}):
        body = refusal(client.call(SEARCH, {"query": "张三", **forged}), 422, "validation")
        assert body["field"] == next(iter(forged))
    # a clerk cannot use a cashier's use case, whatever the body says
    body = refusal(client.call("cashier/open_shift", {"float_amount": "100.00"}), 403,
                   "permission_denied")
    assert body["params"]["role"] == "clerk"


def test_a_disabled_persons_session_ends_at_their_next_request(
        db: Database, hall: Hall, admin: Actor, client: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    assert client.call(SEARCH, {"query": "张三"}).status_code == 200
    with db.scope() as s:
        staff.set_active(s, admin, hall.users["clerk"], False, reason="离职")
    body = refusal(client.call(SEARCH, {"query": "张三"}), 401, "session_ended")
    assert body["params"] == {"reason": "disabled"}
    with db.scope() as s:
        staff.set_active(s, admin, hall.users["clerk"], True, reason="返聘")
    refusal(client.call(SEARCH, {"query": "张三"}), 401, "session_ended")  # ended stays ended


def test_a_role_change_ends_the_session(db: Database, hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["cashier"])
    with db.scope() as s:
        s.execute(update(Staff).where(Staff.username == hall.users["cashier"])
                  .values(role="clerk"))
        s.commit()
    body = refusal(client.call(SEARCH, {"query": "张三"}), 401, "session_ended")
    assert body["params"] == {"reason": "role_changed"}


def test_a_move_to_another_hall_ends_the_session_and_it_stays_ended(
        db: Database, hall: Hall, system: Actor, client: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    other = Hall(db, system, "H02", "第二营业厅")
    with db.scope() as s:
        s.execute(update(Staff).where(Staff.username == hall.users["clerk"])
                  .values(hall_id=other.info.id))
    body = refusal(client.call(SEARCH, {"query": "张三"}), 401, "session_ended")
    assert body["params"] == {"reason": "hall_changed"}
    with db.scope() as s:  # back in the first hall: the ended session does not come back
        s.execute(update(Staff).where(Staff.username == hall.users["clerk"])
                  .values(hall_id=hall.info.id))
    refusal(client.call(SEARCH, {"query": "张三"}), 401, "session_ended")
    with db.scope(readonly=True) as s:
        assert s.scalars(select(StaffSession.ended_reason)).one() == "hall_changed"


def test_the_last_use_is_written_at_most_once_a_minute_after_reads_and_writes(
        db: Database, hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    long_ago = datetime.now(UTC) - timedelta(minutes=5)

    def last_used() -> datetime:
        with db.scope(readonly=True) as s:
            return s.scalars(select(StaffSession.last_used_at)).one()

    def set_last_used(at: datetime) -> None:
        with db.scope() as s:
            s.execute(update(StaffSession).values(last_used_at=at))

    set_last_used(long_ago)
    assert client.call(SEARCH, {"query": "张三"}).status_code == 200  # a read-only use case
    touched = last_used()
    assert touched > long_ago + timedelta(minutes=4)
    assert client.call(SEARCH, {"query": "张三"}).status_code == 200
    assert last_used() == touched  # within the minute: not written again
    set_last_used(long_ago)
    assert client.post("/api/v1/session/lock").status_code == 200  # a writing one
    assert last_used() > long_ago + timedelta(minutes=4)
    set_last_used(long_ago)
    refusal(client.call(SEARCH, {"query": "张三"}), 423, "session_locked")
    assert last_used() == long_ago  # a refused request is no use


def test_an_expired_session_is_refused(db: Database, hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["clerk"])
    with db.scope() as s:
        s.execute(update(StaffSession).values(
            expires_at=datetime.now(UTC) - timedelta(minutes=1)))
        s.commit()
    refusal(client.call(SEARCH, {"query": "张三"}), 401, "session_expired")


def test_the_idle_lock_lets_only_unlock_through_and_unlock_needs_the_password(
        hall: Hall, client: Client, another: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    another.sign_in(hall.users["cashier"])
    assert client.post("/api/v1/session/lock").status_code == 200
    refusal(client.call(SEARCH, {"query": "张三"}), 423, "session_locked")
    refusal(client.call("queueing/queue_status"), 423, "session_locked")
    assert another.call(SEARCH, {"query": "张三"}).status_code == 200  # only that session
    body = refusal(client.post("/api/v1/session/unlock", {"password": "wrong-pass1"}), 401,
                   "auth_failed")
    assert body["params"]["remaining"] == 4
    refusal(client.call(SEARCH, {"query": "张三"}), 423, "session_locked")
    assert client.post("/api/v1/session/unlock", {"password": PASSWORD}).status_code == 200
    assert client.call(SEARCH, {"query": "张三"}).status_code == 200


def test_take_payment_through_the_server_is_the_receipt_in_process_and_a_replay_the_first(
        db: Database, hall: Hall, system: Actor, client: Client) -> None:
    desk = Desk(db, hall, system)
    account = desk.account()
    desk.season(CURRENT)
    client.sign_in(hall.users["cashier"], window_number=1)
    shift = client.call("cashier/open_shift", {"float_amount": "0.10"})
    assert shift.status_code == 200, shift.text
    assert shift.json()["result"]["float_amount"] == "0.10"  # exactly, as a string
    due = client.call("cashier/open_bills", {"account_id": account}).json()["result"]
    key = uuid.uuid4().hex
    request = {"account_id": account, "idempotency_key": key, "amount": "100.00",
               "tenders": [{"method": "cash", "amount": "100.00", "tendered": "100.50"}]}
    first = client.call("cashier/take_payment", request)
    assert first.status_code == 200, first.text
    paid = first.json()["result"]
    assert (paid["amount"], paid["change"], paid["replayed"]) == ("100.00", "0.50", False)
    assert paid["receipt_no"] and due["total_due"] != "0.00"
    again = client.call("cashier/take_payment", request).json()["result"]
    assert again["replayed"] and again["receipt_no"] == paid["receipt_no"]
    assert again["payment_id"] == paid["payment_id"]
    with db.scope() as s:  # the same key in process: the committed receipt, as the API gave it
        in_process = cashier.take_payment(
            s, desk.cashier, account, idempotency_key=key, amount=Decimal("100.00"),
            tenders=[cashier.Tender("cash", Decimal("100.00"), tendered=Decimal("100.50"))])
    assert {**to_wire(in_process), "replayed": False} == paid
    other = {**request, "amount": "99.00",
             "tenders": [{"method": "cash", "amount": "99.00", "tendered": "99.00"}]}
    refusal(client.call("cashier/take_payment", other), 409, "idempotency_conflict")


def test_amounts_travel_as_strings_never_floats(hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["cashier"])
    body = refusal(client.call("cashier/open_shift", {"float_amount": 0.1}), 422, "validation")
    assert (body["field"], body["params"]["rule"]) == ("float_amount", "float")
    assert client.call("cashier/open_shift", {"float_amount": "0.10"}).json()[
        "result"]["float_amount"] == "0.10"


def test_a_nul_or_an_overlong_search_is_a_typed_422(hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    for query in ("王\x00", "王" * 10_000):
        body = refusal(client.call(SEARCH, {"query": query}), 422, "validation")
        assert body["field"] == "query"


def test_malformed_json_and_wrong_types_are_a_typed_422(hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["clerk"], window_number=2)
    refusal(client.post(f"/api/v1/{SEARCH}", content=b'{"query": '), 422, "validation")
    body = refusal(client.call(SEARCH, {"query": ["张"]}), 422, "validation")
    assert body["field"] == "query"
    body = refusal(client.call("customers/customer_card", {}), 422, "validation")
    assert body["field"] == "customer_id"


def test_the_server_stamps_the_time_and_a_request_cannot(
        hall: Hall, client: Client) -> None:
    client.sign_in(hall.users["cashier"])
    body = refusal(client.call("cashier/open_shift", {
        "float_amount": "100.00", "now": "2020-01-01T00:00:00+00:00"}), 422, "validation")
    assert body["field"] == "now"
    before = datetime.now(UTC)
    opened = client.call("cashier/open_shift", {"float_amount": "100.00"}).json()["result"]
    at = datetime.fromisoformat(opened["opened_at"])
    assert at.utcoffset() is not None  # aware, with its offset
    assert before - timedelta(minutes=1) < at < datetime.now(UTC) + timedelta(minutes=1)


def test_an_unexpected_failure_is_a_500_without_its_text(
        hall: Hall, client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret detail of the server")

    monkeypatch.setattr(sessions, "unit", broken)  # the session check, in every request
    answer = client.call(SEARCH, {"query": "张三"})
    refusal(answer, 500, "internal")
    assert "secret" not in answer.text


def test_every_registered_use_case_has_one_typed_endpoint(server: Server, client: Client
                                                          ) -> None:
    published = client.http.get("/openapi.json")
    assert '"number"' not in published.text  # amounts are published as strings
    paths = published.json()["paths"]
    for case in REGISTRY:
        assert case.path in paths and set(paths[case.path]) == {"post"}
        assert not set(case.request_model().model_fields) & {*SUPPLIED, *case.server_side}
    assert "/api/v1/session/sign-in" in paths


def test_the_server_listens_only_on_loopback_until_tls() -> None:
    for host in ("127.0.0.1", "::1", "localhost"):
        check_listen_address(host)
    for host in ("0.0.0.0", "192.168.1.10", "halldesk.example"):
        with pytest.raises(ConfigError):
            check_listen_address(host)


def test_main_server_refuses_a_network_address_before_opening_the_database(
        capsys: pytest.CaptureFixture[str]) -> None:
    import main

    assert main.main(["--db-url", "sqlite:////nonexistent/never.sqlite3", "server",
                      "--host", "0.0.0.0"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_each_kind_of_refusal_has_its_status() -> None:
    from app.api.errors import SessionLocked, status_of
    from app.errors import (
        AccountLocked,
        AuthenticationFailed,
        CashierRefused,
        Conflict,
        DatabaseBusy,
        DatabaseUnavailable,
        IdempotencyConflict,
        NotFound,
        PermissionDenied,
        ValidationError,
    )

    assert [status_of(e) for e in (
        PermissionDenied(role="clerk", permission="x"), NotFound(what="customer"),
        ValidationError(field="query"), Conflict(what="x"), IdempotencyConflict(receipt_no="1"),
        CashierRefused(rule="stale_shift"), AccountLocked(until="x"),
        AuthenticationFailed(remaining=4), SessionLocked(), DatabaseUnavailable(detail="x"),
        DatabaseBusy(),
    )] == [403, 404, 422, 409, 409, 409, 409, 401, 423, 503, 503]


def test_main_server_serves_the_database_it_is_given(db: Database) -> None:
    root = Path(__file__).resolve().parents[2]
    url = db.url.render_as_string(hide_password=False)
    with subprocess.Popen(
            [sys.executable, str(root / "main.py"), "--db-url", url, "server", "--port", "0"],
            cwd=root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) as process:
        _say_where_and_answer(process, db)


def _say_where_and_answer(process: subprocess.Popen[str], db: Database) -> None:
    import re

    import httpx

    try:
        assert process.stderr is not None
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            found = re.search(r"running on http://127\.0\.0\.1:(\d+)", line)
            port = int(found.group(1)) if found else None
        assert port, "the server did not say where it listens"
        health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=10).json()
        assert health == {"status": "ok", "database": db.dialect}
    finally:
        process.terminate()
        process.wait(timeout=20)
