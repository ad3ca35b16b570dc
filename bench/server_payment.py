"""What the server adds to a payment: ``take_payment`` + ``receipt_data`` through the HallDesk
server versus the same two use cases in process.

    .venv/bin/python bench/server_payment.py [--db-url postgresql://postgres@127.0.0.1/postgres]
        [--samples 200] [--only postgresql|sqlite]

Prints JSON. Target (issue 10): the server adds ≤ 5 ms at p95 (``added_p95_ms``: the p95
through the server less the p95 in process).

A HallDesk server runs in its own process, configured as ``python main.py server`` runs it
(uvicorn, one worker, plain HTTP on 127.0.0.1 and a free port, its lifespan on, info log
level with the access log, written to a file), over the same database. A cashier of hall
B01 signed in through it at window 1 (``ServerClient``, one keep-alive connection) takes a
cash payment on an account with an open heating bill and reads its receipt
(``client.call(cashier.take_payment, …)``, then ``client.call(cashier.receipt_data, …)``);
the same cashier in this process does the same on another account, each use case in its own
``db.scope()`` as the server does (the receipt read-only). ``server_ms`` and
``in_process_ms`` time both calls together, from this process (``time.perf_counter``), and
the two kinds of sample alternate so that the machine's other work falls on both alike.
Five of each run first and are not counted (connections open, statements compiled). After
each pair, one ``SELECT 1`` is timed (``db_round_trip_ms``): each request through the
server adds a statement of its own (the session's check, which also reads the server's
clock), so on a busy machine, where every round trip waits its turn, the added time grows
with it. The machine's
load average is recorded before and after.

The server's settings are recorded with the figures: workers, the database pool of each side,
the HTTP implementation and event loop, the access log, and Argon2's parameters (signing in
is set-up, not measured: the benchmark sets cheap, still real, parameters, with
HALLDESK_ARGON2_ALLOW_WEAK, as the other benchmarks do). PostgreSQL runs in a scratch
database created and dropped on the server of ``--db-url`` (or HALLDESK_BENCH_PG_URL);
SQLite in a temporary file.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HALLDESK_ARGON2_MEMORY_KIB", "8192")  # signing in is set-up only
os.environ.setdefault("HALLDESK_ARGON2_TIME_COST", "1")
os.environ.setdefault("HALLDESK_ARGON2_ALLOW_WEAK", "1")  # below OWASP's floor: set-up only

from queue_stress import latency_main, latency_summary, percentile  # noqa: E402
from sqlalchemy.engine import URL  # noqa: E402

from app import schema  # noqa: E402
from app.client import ServerClient  # noqa: E402
from app.config import argon2_parameters  # noqa: E402
from app.db import Database  # noqa: E402
from app.models import Account, Customer  # noqa: E402
from app.services import auth, billing_runs, cashier, staff  # noqa: E402
from app.services.context import Actor  # noqa: E402

ENV = "HALLDESK_BENCH_PG_URL"
TARGET_ADDED_P95_MS = 5.0
PASSWORD = "bench-pass-1234"
WARM_UP = 5
AMOUNT = Decimal("50.00")  # part of a 100.00 bill: the allocation runs, no prepaid credit
SEASON, SEASON_DUE = "2026-2027", date(2027, 3, 31)  # billed, not yet due: no late fee


def serve(url: str, ports: Any, stop: Any, log_file: str) -> None:
    """The server process: uvicorn as ``main.py server`` runs it (a server's pool, the
    access log on), until ``stop``."""
    from app.api.embedded import EmbeddedServer

    log = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)  # uvicorn's access log (stdout) and log (stderr), as a service's file
    os.dup2(log, 2)
    server = EmbeddedServer(Database(url, application_name="bench server", server=True),
                            owns_database=True, log_level="info", access_log=True)
    server.start()
    ports.put(int(server.url.rsplit(":", 1)[1]))
    stop.wait()
    server.stop()


def _pool(db: Database) -> dict[str, Any]:
    pool = db.engine.pool
    return {"class": type(pool).__name__,
            "size": pool.size() if hasattr(pool, "size") else None,
            "max_overflow": getattr(pool, "_max_overflow", None)}


def server_settings(db: Database) -> dict[str, Any]:
    import uvicorn

    memory, passes = argon2_parameters()
    http = "httptools" if _installed("httptools") else "h11"
    return {"workers": 1, "host": "127.0.0.1", "tls": False, "lifespan": "on",
            "uvicorn": uvicorn.__version__, "http": http,
            "loop": "uvloop" if _installed("uvloop") else "asyncio",
            "log_level": "info", "access_log": True, "db_pool": _server_pool(db),
            "argon2": {"memory_kib": memory, "time_cost": passes,
                       "allow_weak": os.environ.get("HALLDESK_ARGON2_ALLOW_WEAK") == "1"}}


def _server_pool(db: Database) -> dict[str, Any]:
    """The server process's pool (``Database(server=True)``), not this process's."""
    from app import db as db_module

    if db.dialect != "postgresql":
        return _pool(db)
    return {"class": "QueuePool", "size": db_module.SERVER_POOL_SIZE,
            "max_overflow": db_module.SERVER_MAX_OVERFLOW}


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def prepare(url: URL, accounts: int) -> list[int]:
    """Hall B01 with a cashier, ``accounts`` heating accounts of 5 m² with one open bill of
    100.00 each, and the cashier's shift open at window 1 today."""
    db = Database(url)
    schema.upgrade(db.engine)
    system = Actor.system("bench")
    with db.scope() as s:
        staff.create_hall(s, system, "B01", "收费测试厅", windows=2)
    for username, name, role in (("boss", "主任", "hall_manager"), ("till", "收费员", "cashier")):
        with db.scope() as s:
            staff.create_user(s, system, username, name, role, PASSWORD, hall_code="B01")
    start = date(2020, 1, 1)
    with db.scope() as s:
        billing_runs.set_heating_tariff(s, system, "residential", start,
                                        unit_price=Decimal("20.00"),
                                        suspended_share=Decimal("0.30"))
        billing_runs.set_late_fee_policy(s, system, "heating", "residential", start,
                                         daily_rate=Decimal("0.005"), cap_share=Decimal("0.10"))
    ids = []
    with db.scope() as s:
        for n in range(accounts):
            customer = Customer(name=f"测试{n:05d}", phone=f"138{n:08d}",
                                contact_address="石家庄市长安区中山东路1号")
            s.add(customer)
            s.flush()
            account = Account(account_no=f"2{n + 1:09d}", customer_id=customer.id,
                               kind="heating", address=f"石家庄市长安区中山东路{n + 1}号",
                               heated_area=Decimal("5"), tariff_class="residential",
                               household_size=3, status="active", opened_on=start)
            s.add(account)
            s.flush()
            ids.append(account.id)
    with db.scope() as s:
        boss = auth.authenticate(s, "boss", PASSWORD, hall_code="B01")
    with db.scope() as s:
        billing_runs.run_billing(s, boss, "heating", SEASON, due_on=SEASON_DUE)
    with db.scope() as s:
        till = auth.authenticate(s, "till", PASSWORD, hall_code="B01", window_number=1)
    with db.scope() as s:
        cashier.open_shift(s, till, Decimal("200.00"))
    db.dispose()
    return ids


def pay_in_process(db: Database, till: Actor) -> Callable[[int], None]:
    def pay(account_id: int) -> None:
        with db.scope() as s:
            paid = cashier.take_payment(s, till, account_id, idempotency_key=uuid.uuid4().hex,
                                        tenders=[cashier.Tender("cash", AMOUNT)], amount=AMOUNT)
        with db.scope(readonly=True) as s:
            receipt = cashier.receipt_data(s, till, paid.payment_id)
        assert receipt.total == AMOUNT

    return pay


def pay_through(client: ServerClient) -> Callable[[int], None]:
    def pay(account_id: int) -> None:
        paid = client.call(cashier.take_payment, account_id=account_id,
                           idempotency_key=uuid.uuid4().hex,
                           tenders=[cashier.Tender("cash", AMOUNT)], amount=AMOUNT)
        receipt = client.call(cashier.receipt_data, payment_id=paid.payment_id)
        assert receipt.total == AMOUNT

    return pay


def round_trip(db: Database) -> Callable[[], float]:
    """One ``SELECT 1`` on an open connection, in ms: what each statement costs at least on
    this machine right now (on a busy one, mostly the wait for the database's turn)."""
    def once() -> float:
        with db.engine.connect() as conn:
            began = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").scalar()
            return (time.perf_counter() - began) * 1000

    return once


def measure(url: URL, dialect: str, samples: int) -> dict[str, Any]:
    count = samples + WARM_UP
    accounts = prepare(url, 2 * count)
    db = Database(url, application_name="bench in process")
    with db.scope() as s:
        till = auth.authenticate(s, "till", PASSWORD, hall_code="B01", window_number=1)
    settings = server_settings(db)
    ctx = mp.get_context("spawn")
    ports, stop = ctx.Queue(), ctx.Event()
    with tempfile.NamedTemporaryFile(prefix="halldesk-bench-server-", suffix=".log",
                                     delete=False) as log:
        log_file = log.name
    proc = ctx.Process(target=serve, args=(url.render_as_string(hide_password=False), ports,
                                           stop, log_file))
    proc.start()
    server_ms: list[float] = []
    local_ms: list[float] = []
    trip_ms: list[float] = []
    trip = round_trip(db)
    load_before = os.getloadavg()
    client: ServerClient | None = None
    try:
        port = ports.get(timeout=60)
        client = ServerClient(f"http://127.0.0.1:{port}")
        client.sign_in("till", PASSWORD, hall_code="B01", window_number=1)
        ways = {"server": pay_through(client), "in_process": pay_in_process(db, till)}
        times = {"server": server_ms, "in_process": local_ms}
        for n in range(count):
            order = ("server", "in_process") if n % 2 == 0 else ("in_process", "server")
            for k, way in enumerate(order):
                account = accounts[2 * n + k]
                began = time.perf_counter()
                ways[way](account)
                took = (time.perf_counter() - began) * 1000
                if n >= WARM_UP:
                    times[way].append(took)
            if n >= WARM_UP:
                trip_ms.append(trip())
        client.sign_out()
    finally:
        if client is not None:
            client.close()
        stop.set()
        proc.join(30)
        db.dispose()
        access_lines = sum(1 for line in Path(log_file).read_text(errors="replace")
                           .splitlines() if '"POST /api/v1/' in line)
        Path(log_file).unlink(missing_ok=True)
    server_ms.sort()
    local_ms.sort()
    trip_ms.sort()
    added = percentile(server_ms, 0.95) - percentile(local_ms, 0.95)
    return {
        "database": dialect,
        "server": settings,
        "in_process_db_pool": _pool(db),
        "samples": len(server_ms),
        "requests_logged": access_lines,
        "server_ms": latency_summary(server_ms),
        "in_process_ms": latency_summary(local_ms),
        "db_round_trip_ms": latency_summary(trip_ms),
        "added_p50_ms": round(percentile(server_ms, 0.50) - percentile(local_ms, 0.50), 2),
        "added_p95_ms": round(added, 2),
        "target_added_p95_ms": TARGET_ADDED_P95_MS,
        "met": added <= TARGET_ADDED_P95_MS,
        "load_average": {"before": [round(x, 2) for x in load_before],
                         "after": [round(x, 2) for x in os.getloadavg()]},
    }


def main() -> None:
    latency_main("server_payment", __doc__, ENV, measure)


if __name__ == "__main__":
    main()
