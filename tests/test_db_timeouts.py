"""PostgreSQL's lock_timeout and idle_in_transaction_session_timeout on every connection
(issue 10): a cashier whose link died mid-payment holds the hall's receipt counter row; the
other cashiers get a typed "busy, try again" within the lock timeout instead of waiting for
the whole outage, and the server ends the stuck transaction after the idle timeout. Both are
settings ([database] lock_timeout_s, idle_in_transaction_timeout_s)."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app import config
from app.db import Database, is_connection_error
from app.errors import ConfigError, DatabaseBusy
from app.models import ReceiptCounter
from app.services import auth, cashier
from app.services import staff as staff_service
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import MORNING, OLD, Desk, cash, key

D = Decimal


@pytest.fixture
def desk(db: Database, hall: Hall, system: Actor) -> Desk:
    return Desk(db, hall, system)



def test_connections_set_both_timeouts(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("lock_timeout and idle_in_transaction_session_timeout are PostgreSQL's")
    with db.engine.connect() as conn:
        assert conn.execute(text("SHOW lock_timeout")).scalar() == "5s"
        assert conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "30s"
    tuned = Database(db.url, lock_timeout_ms=1500, idle_in_transaction_timeout_ms=60000)
    try:
        with tuned.engine.connect() as conn:
            assert conn.execute(text("SHOW lock_timeout")).scalar() == "1500ms"
            assert conn.execute(text("SHOW idle_in_transaction_session_timeout")
                                ).scalar() == "1min"
    finally:
        tuned.dispose()


def test_a_cashier_whose_link_died_mid_payment_blocks_the_hall_only_briefly(
        desk: Desk, system: Actor) -> None:
    """One connection holds the hall's receipt counter in an open transaction and goes
    silent (its PC lost the network mid-payment). Another cashier's payment is refused as
    busy within the lock timeout, never a driver error; once the idle timeout has passed the
    server has ended the stuck transaction and the next payment is taken."""
    db = desk.db
    if db.dialect != "postgresql":
        pytest.skip("lock_timeout and idle_in_transaction_session_timeout are PostgreSQL's")
    lock_ms, idle_ms = 300, 1500
    fast = Database(db.url, lock_timeout_ms=lock_ms, idle_in_transaction_timeout_ms=idle_ms)
    try:
        first, second = desk.account(), desk.account(name="李四")
        desk.season(OLD)
        desk.open_shift()
        desk.pay(first, cash("10.00"))  # the hall's receipt counter row exists
        with db.scope() as s:
            staff_service.create_user(s, system, "cashier2_h01", "赵磊", "cashier", PASSWORD,
                                      hall_code="H01")
        with db.scope() as s:
            other = auth.authenticate(s, "cashier2_h01", PASSWORD, hall_code="H01",
                                      window_number=3)
        desk.open_shift(actor=other)

        stuck = fast.engine.connect()  # the dead PC: mid-payment, its receipt number taken
        stuck.begin()
        stuck.execute(select(ReceiptCounter).with_for_update())

        def pay_second() -> cashier.PaymentResult:
            with fast.scope() as s:
                return cashier.take_payment(s, other, second, idempotency_key=key(),
                                            tenders=[cash("20.00")], now=MORNING)

        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as busy:
            pay_second()
        waited = time.monotonic() - started
        assert not is_connection_error(busy.value.__cause__ or busy.value)  # no banner
        assert lock_ms / 1000 * 0.8 <= waited < idle_ms / 1000  # refused, not left waiting

        deadline = started + idle_ms / 1000 + 10
        while True:  # the server ends the stuck transaction after idle_ms
            try:
                paid = pay_second()
                break
            except DatabaseBusy:
                assert time.monotonic() < deadline, "the stuck transaction was never ended"
                time.sleep(0.2)
        assert paid.amount == D("20.00")
        assert time.monotonic() - started >= idle_ms / 1000 * 0.8
        with pytest.raises(DBAPIError):  # the dead PC's transaction is gone, not committed
            stuck.execute(text("SELECT 1"))
        stuck.invalidate()
        stuck.close()
        assert paid.receipt_no.endswith("000002")  # the stuck one's number was given back
    finally:
        fast.dispose()




def test_the_timeouts_are_settings(tmp_path: Path) -> None:
    env = {"HALLDESK_CONFIG_DIR": str(tmp_path / "cfg"), "HALLDESK_DATA_DIR": str(tmp_path)}
    assert config.load_settings(env).database_options() == {
        "lock_timeout_ms": 5000, "idle_in_transaction_timeout_ms": 30000}
    config.save_setting("db_lock_timeout_s", "2.5", env)
    config.save_setting("db_idle_in_transaction_timeout_s", "60", env)
    assert config.load_settings(env).database_options() == {
        "lock_timeout_ms": 2500, "idle_in_transaction_timeout_ms": 60000}
    tuned = config.load_settings({**env, "HALLDESK_DB_LOCK_TIMEOUT_S": "1"})
    assert tuned.database_options()["lock_timeout_ms"] == 1000
    for bad in ("soon", "0", "-1"):
        with pytest.raises(ConfigError):
            config.save_setting("db_lock_timeout_s", bad, env)


def test_busy_has_its_own_sentence(qapp: object) -> None:
    from ui import i18n
    from ui.messages import error_text

    i18n.install("en")  # whatever language an earlier test of this worker left installed
    try:
        assert "try again in a few seconds" in error_text(DatabaseBusy())
    finally:
        i18n.install("zh_CN")  # as every Qt test leaves it


def test_sqlites_database_is_locked_is_busy_too() -> None:
    """SQLite waits its busy_timeout (30 s) for the writer's lock, then says "database is
    locked": the same typed refusal, not the unreachable-database banner."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from app.db import busy_error

    locked = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    assert isinstance(busy_error(locked), DatabaseBusy) and not is_connection_error(locked)
    other = OperationalError("SELECT 1", {}, sqlite3.OperationalError("disk I/O error"))
    assert busy_error(other) is None and is_connection_error(other)


def test_a_server_whose_pool_is_all_in_use_refuses_as_busy(db: Database) -> None:
    """A HallDesk server answers many counters: its engine keeps a larger pool, and a request
    that finds no free connection in time is refused as busy (503, try again) instead of a
    raw pool error (a 500) — or, with the pool of one PC (1 + 3), a server stuck at four."""
    from app import db as db_module

    if db.dialect != "postgresql":
        pytest.skip("SQLite's engine has no connection pool to exhaust")
    server = Database(db.url, server=True)
    try:
        assert server.engine.pool.size() == db_module.SERVER_POOL_SIZE  # type: ignore[attr-defined]
        assert db.engine.pool.size() == db_module.PG_POOL_SIZE  # type: ignore[attr-defined]
        small = Database(db.url)
        held = [small.engine.connect() for _ in range(1 + db_module.PG_MAX_OVERFLOW)]
        try:
            small.engine.pool._timeout = 0.2  # type: ignore[attr-defined]
            with pytest.raises(DatabaseBusy), small.scope(readonly=True) as s:
                s.execute(text("SELECT 1"))
        finally:
            for connection in held:
                connection.close()
            small.dispose()
    finally:
        server.dispose()
