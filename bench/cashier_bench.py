"""The cashier's desk at a city's size on PostgreSQL: search, payment + receipt, day close.

    .venv/bin/python bench/cashier_bench.py [--db-url postgresql://postgres@127.0.0.1/postgres]
        [--accounts 1000000] [--bills 10000000] [--day-payments 100000]
        [--searches 200] [--payments 300] [--bill-load insert-select|copy] [--keep-indexes]
        [--keep | --reuse URL [--parts abc]] [--load-only]

Prints JSON. Targets (issue 4):

(a) account search p95 ≤ 30 ms for each way a cashier searches: account number, name prefix,
    phone, address fragment, meter number, bill barcode (``cashier.find_accounts``, as typed
    at the counter, each in its own session). For each way the slowest statement of a slow
    sample is run again under EXPLAIN (ANALYZE, BUFFERS): the JSON names the indexes the
    planner used, and carries the whole plan of every way that misses its target.
(b) take_payment plus the receipt (the one it returns, then the ESC/POS bytes and the A5 PDF)
    p95 ≤ 50 ms; ``receipt_data`` (a reprint reads the receipt again) and ``open_bills``
    (what the counter shows first) are timed beside it.
(c) the day-close report over 100,000 payments of one hall's day ≤ 1 s: ``daily_report``
    (repeated) and ``close_day`` (once: it closes the day), then the A4 PDF and the CSV.

The data: ``app.demo.load_demo`` (COPY) makes the halls, staff, customers and accounts; the
bills are then generated in the database (``--bill-load insert-select``, the default: one
``INSERT … SELECT`` from ``accounts`` per billing period, with the bills' secondary indexes
dropped and rebuilt afterwards and foreign-key triggers skipped through
``session_replication_role = replica``; the rows are consistent by construction). ``--bill-load
copy`` generates the same rows in Python and sends them with COPY, and ``--keep-indexes``
loads with every index and foreign key in place, to compare. Every account beyond the 3,000
the demo bills itself gets ``bills / accounts`` billing periods (gas: months back from
2026-10, heating: seasons back from 2026-2027), one run per kind and period, in period order
as monthly runs would write them; every bill but the newest is marked paid by an allocation
(older bills are settled in a live system; there are no payment rows behind those). Bill lines
are not generated (nothing here reads them).

The day to close (2026-11-23, hall H01) gets ``--day-payments`` payments on six cashiers'
shifts: each pays an account's newest bill with its late fee as ``take_payment`` would book
it (the pricing core's quote and allocation), 40 % cash (handed over rounded up, change
given), 30 % WeChat, 20 % Alipay, 10 % card, 5 % leaving prepaid credit; 0.5 % voided, 0.2 %
refunded from another shift. They are written with COPY; the shifts are then closed through
``cashier.close_shift`` (one 5.00 short) and the day through ``cashier.close_day``.
The payments of (b) are taken on 2026-11-24 by a cashier of H01 at window 1.

``--db-url`` (or HALLDESK_BENCH_PG_URL) names a server and a user that may create databases
(and, for the fast load, a superuser): the benchmark works in a scratch database it drops
afterwards, unless ``--keep`` (its URL is printed). ``--reuse URL`` measures again on a
database kept before, without loading (``close_day`` is then skipped if the day is closed);
``--parts`` picks what to measure. Each part records the machine's load average: on a
shared machine, other work shows up in every latency.

Beside the service's statements the JSON times the statements proposed in place of the day
close's where its target is missed (``proposed_sql_totals``), on the same data, and says
whether they find the same totals.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Signing staff in is set-up, not what is measured: cheap (still real) argon2id.
os.environ.setdefault("HALLDESK_ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("HALLDESK_ARGON2_TIME_COST", "1")
os.environ.setdefault("HALLDESK_ARGON2_ALLOW_WEAK", "1")  # below OWASP's floor: set-up only

import psycopg  # noqa: E402
from queue_stress import create_scratch, drop_scratch  # noqa: E402
from sqlalchemy import create_engine, event, select, text  # noqa: E402
from sqlalchemy.engine import URL, Connection, Engine, make_url  # noqa: E402

from app import demo, schema  # noqa: E402
from app.billing.money import ZERO  # noqa: E402
from app.billing.pricing import LateFeePolicy, OpenBill, allocate, quote_payment  # noqa: E402
from app.db import Database  # noqa: E402
from app.errors import CashierRefused  # noqa: E402
from app.models import Hall, Window  # noqa: E402
from app.services import auth, billing_runs, cashier  # noqa: E402
from app.services import staff as staff_service  # noqa: E402
from app.services.context import Actor  # noqa: E402
from printing.escpos import PrinterSettings  # noqa: E402
from printing.pdf import receipt_pdf  # noqa: E402
from printing.receipt import receipt_bytes  # noqa: E402
from printing.report_pdf import DayReportExtras, day_report_pdf  # noqa: E402
from printing.report_sheet import day_report_csv, day_report_xlsx  # noqa: E402
from printing.service_receipt import receipt_for  # noqa: E402

ENV = "HALLDESK_BENCH_PG_URL"
TARGETS_MS = {"search_p95": 30.0, "payment_p95": 50.0, "day_close": 1000.0}
T = TypeVar("T")
D = Decimal
HALL = "H01"
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in the hall: payments of (b)
TODAY = date(2026, 11, 24)
CLOSE_DAY = date(2026, 11, 23)  # the day of the bulk payments, closed in (c)
DAY_OPENS = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 08:00 in the hall
DAY_CLOSES = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 18:00 in the hall
NEWEST_GAS = date(2026, 10, 1)  # the newest bulk gas month: 2026-10, due 2026-11-20
NEWEST_SEASON = 2026  # 2026-2027, issued 2026-11-01, due 2026-12-15
BENCH_CASHIERS = 6
PASSWORD = "bench-pass-1234"
METHOD_SHARES = (("cash", 0.40), ("wechat", 0.30), ("alipay", 0.20), ("card", 0.10))
CREDIT_SHARE = 0.05
VOID_SHARE = 0.005
REFUND_SHARE = 0.002
ADDRESS_FRAGMENT = re.compile(r"号([^号]+?\d+栋\d+单元)")


# --- small tools -----------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def stats(values: Sequence[float]) -> dict[str, float]:
    return {"p50": round(percentile(values, 0.5), 2), "p95": round(percentile(values, 0.95), 2),
            "max": round(max(values), 2) if values else 0.0,
            "mean": round(statistics.fmean(values), 2) if values else 0.0}


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, (time.perf_counter() - start) * 1000


class Stopwatch:
    """``with Stopwatch() as t, db.scope() as s:`` times the use case with its session's
    close (the connection back to the pool), as a counter pays it."""

    ms = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.ms = (time.perf_counter() - self._start) * 1000


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Statement:
    sql: str
    parameters: Any
    ms: float


@dataclass
class Recorder:
    """Records the statements an engine runs while ``on``."""

    on: bool = False
    statements: list[Statement] = field(default_factory=list)
    _started: float = 0.0

    def attach(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_args: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, statement: str, parameters: Any,
               *_rest: Any) -> None:
        if self.on:
            self.statements.append(Statement(statement, parameters,
                                             (time.perf_counter() - self._started) * 1000))

    @contextmanager
    def recording(self) -> Iterator[list[Statement]]:
        self.statements = []
        self.on = True
        try:
            yield self.statements
        finally:
            self.on = False


# --- scratch database ------------------------------------------------------------------------


def _admin(url: URL) -> Engine:
    return create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")


def raw(conn: Connection) -> psycopg.Connection[Any]:
    return cast("psycopg.Connection[Any]", conn.connection.driver_connection)


# --- loading: bills --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The g-th billing period back (1 = the newest) of each kind."""

    g: int
    gas_period: str
    gas_prefix: str  # bill number up to the account id
    gas_issued: date
    gas_due: date
    heating_period: str
    heating_prefix: str
    heating_issued: date
    heating_due: date


def period(g: int) -> Period:
    month = NEWEST_GAS.year * 12 + NEWEST_GAS.month - 1 - (g - 1)
    first = date(month // 12, month % 12 + 1, 1)
    issued = date((month + 1) // 12, (month + 1) % 12 + 1, 1)
    year = NEWEST_SEASON - (g - 1)
    return Period(g, f"{first:%Y-%m}", f"1{first:%Y%m}", issued, issued + timedelta(days=19),
                  f"{year}-{year + 1}", f"2{year}00", date(year, 11, 1), date(year, 12, 15))


@dataclass
class BillPlan:
    first_account: int  # the bulk-billed accounts are ids first_account..last_account
    last_account: int
    per: int  # periods every account gets …
    extra: int  # … and one more for the first ``extra`` of them

    @property
    def accounts(self) -> int:
        return self.last_account - self.first_account + 1

    @property
    def periods(self) -> int:
        return self.per + (1 if self.extra else 0)

    def count_where(self, g: int) -> str:
        """SQL: the accounts (alias a) that get a bill of the g-th period."""
        if g <= self.per:
            return f"a.id BETWEEN {self.first_account} AND {self.last_account}"
        return f"a.id BETWEEN {self.first_account} AND {self.first_account + self.extra - 1}"


# Prices: gas 15-164 m³ at 2.61 元, heating the heated area at 22 元/m² (30 % when 报停).
_VOLUME_SQL = "(15 + (a.id::bigint * 7919 + {g} * 104729) % 150)"
_BILL_SQL = """
INSERT INTO bills (bill_no, account_id, kind, period, tariff_class, issued_on, due_on,
                   principal, volume, used_before, area, billing_run_id, created_at)
SELECT CASE WHEN a.kind = 'gas' THEN :gas_prefix ELSE :heating_prefix END
           || lpad(a.id::text, 9, '0'),
       a.id, a.kind,
       CASE WHEN a.kind = 'gas' THEN :gas_period ELSE :heating_period END,
       a.tariff_class,
       CASE WHEN a.kind = 'gas' THEN CAST(:gas_issued AS date)
            ELSE CAST(:heating_issued AS date) END,
       CASE WHEN a.kind = 'gas' THEN CAST(:gas_due AS date)
            ELSE CAST(:heating_due AS date) END,
       CASE WHEN a.kind = 'gas' THEN round({volume} * 2.61, 2)
            ELSE round(coalesce(a.heated_area, 80) * 22
                       * CASE WHEN a.status = 'suspended' THEN 0.30 ELSE 1 END, 2) END,
       CASE WHEN a.kind = 'gas' THEN {volume} END,
       CASE WHEN a.kind = 'gas' THEN 0 END,
       CASE WHEN a.kind = 'heating' THEN coalesce(a.heated_area, 80) END,
       CASE WHEN a.kind = 'gas' THEN :gas_run ELSE :heating_run END,
       :now
FROM accounts a WHERE {where} ORDER BY a.id
"""


def _secondary_indexes(conn: Connection, table: str) -> list[tuple[str, str, bool]]:
    """(name, definition, is a constraint) of every index but the primary key."""
    rows = conn.execute(text(
        "SELECT i.relname, coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)), "
        "c.oid IS NOT NULL FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid "
        "AND c.contype = 'u' WHERE x.indrelid = CAST(:t AS regclass) AND NOT x.indisprimary "
        "ORDER BY i.relname"), {"t": table}).tuples().all()
    return [(str(n), str(d), bool(c)) for n, d, c in rows]


def _drop_indexes(conn: Connection, table: str) -> list[tuple[str, str, bool]]:
    indexes = _secondary_indexes(conn, table)
    for name, _definition, constraint in indexes:
        conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}" if constraint
                          else f"DROP INDEX {name}"))
    return indexes


def _create_indexes(conn: Connection, table: str,
                    indexes: Sequence[tuple[str, str, bool]]) -> None:
    for name, definition, constraint in indexes:
        conn.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
                          if constraint else definition))


def _sequence_value(conn: Connection, table: str) -> int:
    seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar_one()
    return int(conn.execute(text(f"SELECT last_value FROM {seq}")).scalar_one())


def plan_bills(conn: Connection, bills: int) -> BillPlan:
    first, last = conn.execute(text("SELECT min(id), max(id) FROM accounts")).tuples().one()
    first = int(first) + demo.BILLED_ACCOUNTS  # the demo bills the first 3,000 itself
    if last is None or first > last:
        raise SystemExit(f"need more than {demo.BILLED_ACCOUNTS} accounts")
    plan = BillPlan(first, int(last), 0, 0)
    plan.per, plan.extra = divmod(bills, plan.accounts)
    return plan


def load_bills(url: URL, bills: int, method: str, keep_indexes: bool) -> dict[str, Any]:
    """The bills, their billing runs, and allocations paying all but each account's newest."""
    engine = create_engine(url)
    timings: dict[str, float] = {}
    with engine.connect() as conn:
        conn.execute(text("SET maintenance_work_mem = '1GB'"))
        if not keep_indexes:
            conn.execute(text("SET session_replication_role = replica"))  # no FK triggers
        plan = plan_bills(conn, bills)
        started = time.perf_counter()
        dropped = {} if keep_indexes else {t: _drop_indexes(conn, t)
                                           for t in ("bills", "allocations")}
        conn.commit()
        runs: dict[int, tuple[int, int]] = {}
        newest = (0, -1)
        for g in range(plan.periods, 0, -1):  # oldest period first, as runs would write them
            before = _sequence_value(conn, "bills")
            runs[g] = _write_period(conn, plan, period(g), method)
            conn.commit()
            if g == 1:
                newest = (before + 1, _sequence_value(conn, "bills"))
        timings["bills_insert"] = time.perf_counter() - started
        started = time.perf_counter()
        paid_runs = [r for g, pair in runs.items() if g > 1 for r in pair]
        paid = conn.execute(text(
            "INSERT INTO allocations (bill_id, payment_id, void_id, billing_run_id, "
            "late_fee_amount, principal_amount) SELECT id, NULL, NULL, billing_run_id, 0, "
            "principal FROM bills WHERE billing_run_id = ANY(:runs) ORDER BY id"),
            {"runs": paid_runs}).rowcount if paid_runs else 0
        conn.commit()
        timings["paid_history_allocations"] = time.perf_counter() - started
        say("paid history written")
        started = time.perf_counter()
        conn.execute(text("SET max_parallel_maintenance_workers = 2"))
        for table, indexes in dropped.items():
            _create_indexes(conn, table, indexes)
        conn.commit()
        timings["index_rebuild"] = time.perf_counter() - started
        say("indexes rebuilt")
        count = conn.execute(text("SELECT count(*) FROM bills")).scalar_one()
    engine.dispose()
    started = time.perf_counter()
    vacuum = _admin(url)
    with vacuum.connect() as conn:  # what autovacuum does after a load: visibility, statistics
        for table in ("bills", "allocations", "billing_runs"):
            conn.execute(text(f"VACUUM (ANALYZE) {table}"))
    vacuum.dispose()
    timings["vacuum_analyze"] = time.perf_counter() - started
    return {"timings": timings, "bills": int(count), "plan": plan, "newest": newest,
            "paid_allocations": paid}


def _write_period(conn: Connection, plan: BillPlan, p: Period, method: str) -> tuple[int, int]:
    """The billing runs of the g-th period back (gas and heating) and their bills."""
    gas, heating = conn.execute(text(
        "SELECT count(*) FILTER (WHERE kind = 'gas'), count(*) FILTER (WHERE kind = 'heating') "
        f"FROM accounts a WHERE {plan.count_where(p.g)}")).tuples().one()
    ids = []
    for kind, name, issued, due, created in (
            ("gas", p.gas_period, p.gas_issued, p.gas_due, gas),
            ("heating", p.heating_period, p.heating_issued, p.heating_due, heating)):
        ids.append(int(conn.execute(text(
            "INSERT INTO billing_runs (kind, period, issued_on, due_on, run_at, run_by, "
            "created, existed, skipped) VALUES (:k, :p, :i, :d, :now, NULL, :c, 0, 0) "
            "RETURNING id"), {"k": kind, "p": name, "i": issued, "d": due, "now": NOW,
                              "c": created}).scalar_one()))
    runs = (ids[0], ids[1])
    if method == "copy":
        _copy_bills(conn, plan, p, runs)
    else:
        conn.execute(text(_BILL_SQL.format(volume=_VOLUME_SQL.format(g=p.g),
                                           where=plan.count_where(p.g))), {
            "gas_prefix": p.gas_prefix, "heating_prefix": p.heating_prefix,
            "gas_period": p.gas_period, "heating_period": p.heating_period,
            "gas_issued": p.gas_issued, "heating_issued": p.heating_issued,
            "gas_due": p.gas_due, "heating_due": p.heating_due,
            "gas_run": runs[0], "heating_run": runs[1], "now": NOW})
    say(f"bills of {p.gas_period} / {p.heating_period} written")
    return runs


def _copy_bills(conn: Connection, plan: BillPlan, p: Period, runs: tuple[int, int]) -> None:
    """The same rows as _BILL_SQL, made in Python and sent with COPY."""
    where = plan.count_where(p.g)
    accounts = conn.execute(text(
        f"SELECT a.id, a.kind, a.tariff_class, a.heated_area, a.status FROM accounts a "
        f"WHERE {where} ORDER BY a.id")).tuples().all()
    columns = ("bill_no", "account_id", "kind", "period", "tariff_class", "issued_on", "due_on",
               "principal", "volume", "used_before", "area", "billing_run_id", "created_at")
    with raw(conn).cursor() as cursor, cursor.copy(
            f"COPY bills ({', '.join(columns)}) FROM STDIN") as copy:
        for account_id, kind, tariff_class, area, status in accounts:
            if kind == "gas":
                volume = D(15 + (account_id * 7919 + p.g * 104729) % 150)
                copy.write_row((f"{p.gas_prefix}{account_id:09d}", account_id, kind,
                                p.gas_period, tariff_class, p.gas_issued, p.gas_due,
                                (volume * D("2.61")).quantize(D("0.01")), volume, ZERO, None,
                                runs[0], NOW))
            else:
                heated = area if area is not None else D(80)
                share = D("0.30") if status == "suspended" else D(1)
                copy.write_row((f"{p.heating_prefix}{account_id:09d}", account_id, kind,
                                p.heating_period, tariff_class, p.heating_issued,
                                p.heating_due, (heated * 22 * share).quantize(D("0.01")), None,
                                None, heated, runs[1], NOW))


# --- loading: one busy day -------------------------------------------------------------------


@dataclass
class DayPlan:
    hall_id: int
    manager: Actor
    cashiers: list[Actor]
    shift_ids: list[int]


def _reserve(conn: Connection, table: str, count: int) -> int:
    seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar_one()
    start = int(conn.execute(text("SELECT nextval(CAST(:s AS regclass))"),
                             {"s": seq}).scalar_one())
    conn.execute(text("SELECT setval(CAST(:s AS regclass), :v)"),
                 {"s": seq, "v": start + max(count, 1) - 1})
    return start


def _copy(conn: Connection, table: str, columns: Sequence[str],
          rows: Sequence[Sequence[Any]]) -> None:
    with raw(conn).cursor() as cursor, cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _method(rng: random.Random) -> str:
    x = rng.random()
    for method, share in METHOD_SHARES:
        if x < share:
            return method
        x -= share
    return METHOD_SHARES[-1][0]


def _round_up(amount: Decimal, step: int) -> Decimal:
    return (amount / step).to_integral_value(ROUND_CEILING) * step


def set_up_day(db: Database) -> DayPlan:
    """Six cashiers (windows 1-6) with shifts open on CLOSE_DAY; the hall's manager."""
    system = Actor.system("bench")
    for n in range(1, BENCH_CASHIERS + 1):
        with db.scope() as s:
            staff_service.create_user(s, system, f"bench{n}", f"收费员{n}", "cashier", PASSWORD,
                                      hall_code=HALL)
    cashiers = []
    for n in range(1, BENCH_CASHIERS + 1):
        with db.scope() as s:
            cashiers.append(auth.authenticate(s, f"bench{n}", PASSWORD, hall_code=HALL,
                                              window_number=n))
    with db.scope() as s:
        manager = auth.authenticate(s, "zhangjg", demo.DEMO_PASSWORD, hall_code=HALL)
    shifts = []
    for actor in cashiers:
        with db.scope() as s:
            shifts.append(cashier.open_shift(s, actor, D("500.00"), now=DAY_OPENS).id)
    assert manager.hall_id is not None
    return DayPlan(manager.hall_id, manager, cashiers, shifts)


@dataclass
class Ledger:
    """Rows for COPY, and per payment what a void or refund must reverse."""

    payments: list[tuple[Any, ...]] = field(default_factory=list)
    tenders: list[tuple[Any, ...]] = field(default_factory=list)
    allocations: list[tuple[Any, ...]] = field(default_factory=list)
    charges: list[tuple[Any, ...]] = field(default_factory=list)
    credits: list[tuple[Any, ...]] = field(default_factory=list)
    voids: list[tuple[Any, ...]] = field(default_factory=list)
    # payment id, shift index, account id, amount, [(bill, fee, principal)], credit, tender
    booked: list[tuple[int, int, int, Decimal, list[tuple[int, Decimal, Decimal]], Decimal,
                       tuple[str, Decimal, Decimal | None, Decimal, str]]] = field(
        default_factory=list)


BillRow = tuple[int, str, int, str, Decimal, date, str]


def load_day(db: Database, plan: DayPlan, bills: Sequence[BillRow], seed: int) -> dict[str, Any]:
    """One payment per bill given (each an account's newest), booked as take_payment books
    it, then the voids and refunds; COPY into the ledger tables."""
    rng = random.Random(seed)
    with db.scope(readonly=True) as s:
        policies: dict[str, list[LateFeePolicy]] = {
            kind: billing_runs.late_fee_policies(s, kind) for kind in ("gas", "heating")}
        hall_code = str(s.scalar(select(Hall.code).where(Hall.id == plan.hall_id)))
        windows = dict(s.execute(select(Window.number, Window.id).where(
            Window.hall_id == plan.hall_id)).tuples().all())
    span = (DAY_CLOSES - DAY_OPENS - timedelta(hours=1)).total_seconds()
    times = sorted(DAY_OPENS + timedelta(minutes=30, seconds=rng.random() * span)
                   for _ in range(len(bills)))
    refunds = int(len(bills) * REFUND_SHARE)
    with db.engine.connect() as conn:
        first_payment = _reserve(conn, "payments", len(bills) + refunds)
        first_void = _reserve(conn, "payment_voids", len(bills))
        conn.commit()
    ledger = Ledger()
    for n, (bill, paid_at) in enumerate(zip(bills, times, strict=True)):
        _book(ledger, rng, bill, first_payment + n, n % len(plan.shift_ids), paid_at,
              policies)
    for entry in ledger.booked:
        payment_id, shift, account_id, money = entry[0], entry[1], entry[2], entry[3]
        actor = plan.cashiers[shift]
        seq = payment_id - first_payment + 1
        ledger.payments.append((
            payment_id, f"bench-{payment_id}", "0" * 64, plan.hall_id,
            windows[actor.window_number or 0], plan.shift_ids[shift], actor.staff_id,
            account_id, CLOSE_DAY, times[seq - 1], money, 2026, seq,
            f"{hall_code}-2026-{seq:06d}", None, None))
    chosen = rng.sample(range(len(bills)), int(len(bills) * VOID_SHARE) + refunds)
    voided, refunded = chosen[:len(chosen) - refunds], chosen[len(chosen) - refunds:]
    for k, index in enumerate(voided):
        _void(ledger, plan, index, first_void + k, times[index] + timedelta(minutes=3))
    for k, index in enumerate(refunded):
        at = min(times[index] + timedelta(minutes=20), DAY_CLOSES - timedelta(minutes=5))
        _refund(ledger, plan, index, first_payment + len(bills) + k, len(bills) + k + 1, at,
                hall_code, windows)
    _write_ledger(db, ledger, plan.hall_id, len(bills) + refunds)
    return {"payments": len(bills), "refunds": refunds, "voids": len(voided),
            "tenders": len(ledger.tenders), "late_fee_charges": len(ledger.charges)}


def _book(ledger: Ledger, rng: random.Random, bill: BillRow, payment_id: int, shift: int,
          paid_at: datetime, policies: dict[str, list[LateFeePolicy]]) -> None:
    """A payment of one bill as take_payment books it: the pricing core's late fee lines and
    allocation; 5 % round the amount up and leave the rest as credit."""
    bill_id, bill_no, account_id, kind, principal, due_on, tariff_class = bill
    open_bill = OpenBill(ref=bill_no, due_on=due_on, principal=principal,
                         principal_due=principal)
    quote = quote_payment([open_bill], CLOSE_DAY, policies[kind], tariff_class)
    money = _round_up(quote.total_due, 10) if rng.random() < CREDIT_SHARE else quote.total_due
    allocation = allocate(money, quote.bills)
    for line in quote.late_fees:
        if line.days or line.previously_due or line.waived:
            ledger.charges.append((bill_id, payment_id, paid_at, line.principal_due,
                                   line.previously_due, line.first_day, line.last_day,
                                   line.days, line.daily_rate, line.accrued, line.cap_left,
                                   line.charged))
    parts = [(bill_id, part.late_fee_paid, part.principal_paid)
             for part in allocation.lines if part.paid]
    ledger.allocations += [(b, payment_id, None, fee, paid) for b, fee, paid in parts]
    if allocation.prepaid_credit:
        ledger.credits.append((account_id, allocation.prepaid_credit, paid_at, payment_id,
                               None))
    method = _method(rng)
    tendered: Decimal | None = None
    if method == "cash":
        tendered = _round_up(money, 50 if money < 200 else 100) if rng.random() < 0.7 else money
    change = tendered - money if tendered is not None else ZERO
    reference = "" if method == "cash" else f"{method[:2].upper()}{payment_id:012d}"
    tender = (method, money, tendered, change, reference)
    ledger.tenders.append((payment_id, *tender))
    ledger.booked.append((payment_id, shift, account_id, money, parts,
                          allocation.prepaid_credit, tender))


def _void(ledger: Ledger, plan: DayPlan, index: int, void_id: int, at: datetime) -> None:
    """Taken back in its own shift with the manager's approval: allocations and credit
    negated (late fee lines stay)."""
    payment_id, shift, account_id, _money, parts, credit, _tender = ledger.booked[index]
    ledger.voids.append((void_id, payment_id, plan.shift_ids[shift],
                         at, plan.cashiers[shift].staff_id, plan.manager.staff_id, "收错户号"))
    ledger.allocations += [(b, None, void_id, -fee, -paid) for b, fee, paid in parts]
    if credit:
        ledger.credits.append((account_id, -credit, at, None, void_id))


def _refund(ledger: Ledger, plan: DayPlan, index: int, refund_id: int, seq: int,
            at: datetime, hall_code: str, windows: dict[int, int]) -> None:
    """A new, negative payment in the next cashier's shift, same tenders negated."""
    payment_id, shift, account_id, money, parts, credit, tender = ledger.booked[index]
    other = (shift + 1) % len(plan.shift_ids)
    actor = plan.cashiers[other]
    ledger.payments.append((
        refund_id, f"bench-{refund_id}", "1" * 64, plan.hall_id,
        windows[actor.window_number or 0], plan.shift_ids[other], actor.staff_id, account_id,
        CLOSE_DAY, at, -money, 2026, seq, f"{hall_code}-2026-{seq:06d}", None, payment_id))
    method, amount, _tendered, _change, reference = tender
    ledger.tenders.append((refund_id, method, -amount, None, ZERO, reference))
    ledger.allocations += [(b, refund_id, None, -fee, -paid) for b, fee, paid in parts]
    if credit:
        ledger.credits.append((account_id, -credit, at, refund_id, None))


def _write_ledger(db: Database, ledger: Ledger, hall_id: int, receipts: int) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SET session_replication_role = replica"))  # consistent by design
        _copy(conn, "payments", ("id", "idempotency_key", "request_hash", "hall_id",
                                 "window_id", "shift_id", "cashier_id", "account_id",
                                 "business_day", "paid_at", "amount", "receipt_year",
                                 "receipt_seq", "receipt_no", "ticket_id", "refund_of_id"),
              ledger.payments)
        _copy(conn, "tenders", ("payment_id", "method", "amount", "tendered", "change",
                                "reference"), ledger.tenders)
        _copy(conn, "payment_voids", ("id", "payment_id", "shift_id", "voided_at", "voided_by",
                                      "approved_by", "reason"), ledger.voids)
        _copy(conn, "late_fee_charges", ("bill_id", "payment_id", "at", "principal_due",
                                         "previously_due", "first_day", "last_day", "days",
                                         "daily_rate", "accrued", "cap_left", "charged"),
              ledger.charges)
        _copy(conn, "allocations", ("bill_id", "payment_id", "void_id", "late_fee_amount",
                                    "principal_amount"), ledger.allocations)
        _copy(conn, "credit_entries", ("account_id", "amount", "at", "payment_id", "void_id"),
              ledger.credits)
        conn.execute(text("INSERT INTO receipt_counters (hall_id, year, last_number) "
                          "VALUES (:h, 2026, :n)"), {"h": hall_id, "n": receipts})
        conn.commit()
    analyze = _admin(db.url)
    with analyze.connect() as conn:
        for table in ("payments", "tenders", "payment_voids", "late_fee_charges", "allocations",
                      "credit_entries"):
            conn.execute(text(f"ANALYZE {table}"))
    analyze.dispose()


def close_shifts(db: Database, plan: DayPlan) -> list[dict[str, Any]]:
    """Blind counts through the service: every drawer right, the second one 5.00 short."""
    closed = []
    for n, actor in enumerate(plan.cashiers):
        with db.scope(readonly=True) as s:
            expected = cashier._cash(s, shift_id=plan.shift_ids[n]).expected(D("500.00"))
        counted = expected - (D("5.00") if n == 1 else ZERO)
        with Stopwatch() as t, db.scope() as s:
            result = cashier.close_shift(s, actor, denominations(counted),
                                         now=DAY_CLOSES - timedelta(minutes=10))
        closed.append({"shift_id": result.shift_id, "difference": str(result.difference),
                       "ms": round(t.ms, 1)})
    return closed


def denominations(amount: Decimal) -> dict[str, int]:
    counts: dict[str, int] = {}
    left = amount
    for name, value in sorted(cashier.DENOMINATIONS.items(), key=lambda kv: -kv[1]):
        n = int(left // value)
        if n:
            counts[name] = n
            left -= value * n
    assert left == 0, amount
    return counts


# --- (a) search ------------------------------------------------------------------------------


def search_samples(db: Database, plan: BillPlan, newest: tuple[int, int], n: int,
                   seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    ids = rng.sample(range(plan.first_account, plan.last_account + 1), min(n * 4, plan.accounts))
    with db.scope(readonly=True) as s:
        rows = s.execute(text(
            "SELECT a.account_no, a.kind, a.meter_no, a.address, c.name, c.phone "
            "FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ANY(:ids)"),
            {"ids": ids}).tuples().all()
        rows = list(rows)
        bill_ids = rng.sample(range(1, newest[1] + 1), n * 2) if newest[1] > 0 else []
        barcodes = list(s.scalars(text("SELECT bill_no FROM bills WHERE id = ANY(:ids)"),
                                  {"ids": bill_ids}))
    rng.shuffle(rows)
    fragments = [m[1] for r in rows if (m := ADDRESS_FRAGMENT.search(r[3]))]
    # typed alone, a street of up to four characters is looked for as a name or an address
    streets = sorted({street for d in demo._DISTRICTS for street in d[3] if len(street) <= 4})
    return {
        "account_no": [r[0] for r in rows][:n],
        "name_prefix": [r[4][:2] for r in rows][:n],
        "phone": [r[5] for r in rows][:n],
        "address_fragment": fragments[:n],
        "meter_no": [r[2] for r in rows if r[2]][:n],
        "bill_barcode": barcodes[:n],
        # not one of the six: a street name alone, typed as a name would be (many matches)
        "extra_street_name": [rng.choice(streets) for _ in range(n)],
    }


def explain(db: Database, statement: Statement) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of a recorded statement: its plan, time, indexes used."""
    with db.engine.connect() as conn:
        with raw(conn).cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement.sql}", statement.parameters)
            lines = [str(row[0]) for row in cursor.fetchall()]
        conn.rollback()
    plan = "\n".join(lines)
    indexes = sorted(set(re.findall(r"(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index "
                                    r"Scan on) (\w+)", plan)))
    seq_scans = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return {"sql": " ".join(statement.sql.split())[:600], "parameters": _jsonable(
        statement.parameters), "execution_ms": float(execution[1]) if execution else None,
        "indexes_used": indexes, "seq_scans": seq_scans, "plan": lines}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value if isinstance(value, (int, float, str, type(None))) else str(value)


def bench_search(db: Database, recorder: Recorder, actor: Actor,
                 samples: dict[str, list[str]]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for way, queries in samples.items():
        for q in queries[:10]:  # warm: mappers, statements, the indexes' upper pages
            with db.scope(readonly=True) as s:
                cashier.find_accounts(s, actor, q)
        latencies: list[float] = []
        found: list[int] = []
        for q in queries:
            with Stopwatch() as t, db.scope(readonly=True) as s:
                hits = cashier.find_accounts(s, actor, q)
            latencies.append(t.ms)
            found.append(len(hits))
        # the sample at the 95th percentile, run again with its statements recorded
        slow = queries[latencies.index(percentile(latencies, 0.95))]
        with recorder.recording() as statements, db.scope(readonly=True) as s:
            cashier.find_accounts(s, actor, slow)
        worst = max(statements, key=lambda st: st.ms)
        p95 = percentile(latencies, 0.95)
        plan = explain(db, worst)
        if p95 <= TARGETS_MS["search_p95"]:
            plan.pop("plan")  # the whole plan only where the target is missed
        results[way] = {"queries": len(queries), "example": slow, "ms": stats(latencies),
                        "met": p95 <= TARGETS_MS["search_p95"],
                        "hits": {"min": min(found), "median": statistics.median(found),
                                 "max": max(found)},
                        "statements": len(statements), "slowest_statement": plan,
                        "load_average": round(os.getloadavg()[0], 2)}
        say(f"search {way}: p95 {p95:.1f} ms")
    return results


# --- (b) payment and receipt ------------------------------------------------------------------


def bench_payments(db: Database, recorder: Recorder, accounts: Sequence[int],
                   warm: int) -> dict[str, Any]:
    with db.scope() as s:
        actor = auth.authenticate(s, "lina", demo.DEMO_PASSWORD, hall_code=HALL,
                                  window_number=1)
    try:
        with db.scope() as s:
            cashier.open_shift(s, actor, D("500.00"), now=NOW)
    except CashierRefused as exc:  # --reuse: the shift of an earlier run is still open
        if exc.params.get("rule") != "shift_open":
            raise
    settings = PrinterSettings(kind="dummy", encoding="GB18030", paper_width_mm=80)
    samples: dict[str, list[float]] = {k: [] for k in (
        "open_bills", "take_payment", "receipt_data", "render_escpos", "render_pdf_a5",
        "take_payment_plus_receipt")}
    statements_per_payment: list[int] = []
    statement_ms: list[float] = []
    profile: list[dict[str, Any]] = []
    for n, account_id in enumerate(accounts):
        with Stopwatch() as t_due, db.scope(readonly=True) as s:
            due = cashier.open_bills(s, actor, account_id, now=NOW)
        money = due.total_due
        with recorder.recording() as statements:
            with Stopwatch() as t_pay, db.scope() as s:
                paid = cashier.take_payment(
                    s, actor, account_id, idempotency_key=uuid.uuid4().hex,
                    tenders=[cashier.Tender("cash", money, tendered=_round_up(money, 100))],
                    amount=money, now=NOW)
            # take_payment returns the receipt it committed, as the counter prints it;
            # receipt_data (a reprint's read) is timed beside it, not added to the sum
            with Stopwatch() as t_data, db.scope(readonly=True) as s:
                reread = cashier.receipt_data(s, actor, paid.payment_id)
            data = paid.receipt or reread
        if n == warm:  # the statements of one payment, for the profile
            profile = [{"ms": round(st.ms, 2), "sql": " ".join(st.sql.split())[:160]}
                       for st in sorted(statements, key=lambda st: -st.ms)[:8]]
        doc, t_doc = timed(partial(receipt_for, data, data.reprint_count))
        _bytes, t_escpos = timed(partial(receipt_bytes, doc, settings))
        _pdf, t_pdf = timed(partial(receipt_pdf, doc, page="A5"))
        if n < warm:
            continue
        statements_per_payment.append(len(statements))
        statement_ms.append(sum(st.ms for st in statements))
        samples["open_bills"].append(t_due.ms)
        samples["take_payment"].append(t_pay.ms)
        samples["receipt_data"].append(t_data.ms)
        samples["render_escpos"].append(t_doc + t_escpos)
        samples["render_pdf_a5"].append(t_pdf)
        samples["take_payment_plus_receipt"].append(
            t_pay.ms + (0.0 if paid.receipt else t_data.ms) + t_doc + t_escpos + t_pdf)
    p95 = percentile(samples["take_payment_plus_receipt"], 0.95)
    return {"payments": len(samples["take_payment"]), "warm_up": warm,
            "ms": {k: stats(v) for k, v in samples.items()},
            "met": p95 <= TARGETS_MS["payment_p95"],
            "statements_per_payment_and_receipt_data": statistics.median(
                statements_per_payment),
            # time inside cursor.execute (round trip and server) of those statements: the
            # rest of take_payment + receipt_data is Python (ORM, pricing, audit hashing)
            "statements_ms_per_payment_and_receipt_data": stats(statement_ms),
            "load_average": round(os.getloadavg()[0], 2),
            "slowest_statements_of_one_payment": profile}


def payable_accounts(db: Database, newest: tuple[int, int], count: int, seed: int,
                     exclude: set[int]) -> list[int]:
    """Accounts whose newest bill nobody has paid (and no credit: the receipt then adds up)."""
    rng = random.Random(seed)
    wanted: list[int] = []
    with db.scope(readonly=True) as s:
        while len(wanted) < count:
            ids = rng.sample(range(newest[0], newest[1] + 1), count * 2)
            wanted += [int(a) for a in s.scalars(text(
                "SELECT b.account_id FROM bills b WHERE b.id = ANY(:ids) "
                "AND NOT EXISTS (SELECT 1 FROM allocations x WHERE x.bill_id = b.id) "
                "AND NOT EXISTS (SELECT 1 FROM credit_entries c "
                "WHERE c.account_id = b.account_id)"), {"ids": ids}) if a not in exclude]
            wanted = list(dict.fromkeys(wanted))
    return wanted[:count]


# --- (c) the day close ------------------------------------------------------------------------


def bench_day_close(db: Database, recorder: Recorder, manager: Actor,
                    runs: int) -> dict[str, Any]:
    times: list[float] = []
    report = None
    for _ in range(runs):
        with Stopwatch() as t, db.scope(readonly=True) as s:
            report = cashier.daily_report(s, manager, CLOSE_DAY)
        times.append(t.ms)
    assert report is not None
    with recorder.recording() as statements, db.scope(readonly=True) as s:
        cashier.daily_report(s, manager, CLOSE_DAY)
    profile = [{"ms": round(st.ms, 1), "sql": " ".join(st.sql.split())[:200]}
               for st in sorted(statements, key=lambda st: -st.ms)[:5]]
    sql_ms = sum(st.ms for st in statements)
    proposed = proposed_day_totals(db, manager.hall_id or 0, statements, report)
    close_ms: float | None = None
    closed_report = report
    with db.scope(readonly=True) as s:
        already = s.execute(text("SELECT 1 FROM day_closes WHERE hall_id = :h AND "
                                 "business_day = :d"), {"h": manager.hall_id,
                                                        "d": CLOSE_DAY}).first() is not None
    if not already:
        with Stopwatch() as t, db.scope() as s:
            closed_report = cashier.close_day(s, manager, CLOSE_DAY, now=DAY_CLOSES)
        close_ms = t.ms
    pdf, pdf_ms = timed(partial(day_report_pdf, closed_report, DayReportExtras(
        timezone="Asia/Shanghai", printed_at=DAY_CLOSES)))
    extras = DayReportExtras(timezone="Asia/Shanghai", printed_at=DAY_CLOSES)
    csv_bytes, csv_ms = timed(partial(day_report_csv, closed_report, extras))
    xlsx_bytes, xlsx_ms = timed(partial(day_report_xlsx, closed_report, extras))
    sums = {"by_method": str(sum((m.amount for m in report.by_method), ZERO)),
            "by_cashier": str(sum((c.amount for c in report.by_cashier), ZERO)),
            "by_fee_kind": str(sum((a for _k, a in report.by_fee_kind), ZERO))}
    worst = max(times + ([close_ms] if close_ms is not None else []))
    return {
        "payments": report.payments, "refunds": report.refunds, "voids": report.voids,
        "total": str(report.total), "section_sums": sums,
        "sums_agree": len(set(sums.values())) == 1 and str(report.total) in sums.values(),
        "by_method": {m.method: [m.count, str(m.amount)] for m in report.by_method},
        "by_fee_kind": {k: str(a) for k, a in report.by_fee_kind},
        "shift_differences": [str(x.difference) for x in report.shifts],
        "daily_report_ms": stats(times), "daily_report_runs": runs,
        "close_day_ms": round(close_ms, 1) if close_ms is not None else "already closed",
        "report_pdf_ms": round(pdf_ms, 1), "report_pdf_bytes": len(pdf),
        "report_csv_ms": round(csv_ms, 2), "report_csv_bytes": len(csv_bytes),
        "report_xlsx_ms": round(xlsx_ms, 2), "report_xlsx_bytes": len(xlsx_bytes),
        "slowest_statements": profile,
        "statements": len(statements), "statements_ms_total": round(sql_ms, 1),
        "proposed_sql_totals": proposed,
        "load_average": round(os.getloadavg()[0], 2),
        "met": worst <= TARGETS_MS["day_close"],
    }


# What cashier._cash reads as 100,000 ORM rows (payments, then every tender) and sums in
# Python, summed by the database instead: one row per way of paying.
PROPOSED_PAYMENTS = (
    "SELECT count(*) FILTER (WHERE v.id IS NULL AND p.amount >= 0), "
    "count(*) FILTER (WHERE v.id IS NULL AND p.amount < 0), count(v.id), "
    "coalesce(sum(p.amount) FILTER (WHERE v.id IS NULL), 0) FROM payments p "
    "LEFT JOIN payment_voids v ON v.payment_id = p.id "
    "WHERE p.hall_id = %(h)s AND p.business_day = %(d)s")
PROPOSED_TENDERS = (
    "SELECT t.method, count(*) FILTER (WHERE v.id IS NULL), "
    "coalesce(sum(t.amount) FILTER (WHERE v.id IS NULL), 0), "
    "coalesce(sum(coalesce(t.tendered, t.amount)) FILTER (WHERE t.method = 'cash' "
    "AND t.amount >= 0), 0), "
    "coalesce(sum(t.change) FILTER (WHERE t.method = 'cash' AND t.amount >= 0), 0), "
    "coalesce(sum(t.amount) FILTER (WHERE t.method = 'cash' AND t.amount >= 0 "
    "AND v.id IS NOT NULL), 0), "
    "coalesce(-sum(t.amount) FILTER (WHERE t.method = 'cash' AND t.amount < 0 "
    "AND v.id IS NULL), 0) "
    "FROM tenders t JOIN payments p ON p.id = t.payment_id "
    "LEFT JOIN payment_voids v ON v.payment_id = t.payment_id "
    "WHERE p.hall_id = %(h)s AND p.business_day = %(d)s GROUP BY t.method")


def proposed_day_totals(db: Database, hall_id: int, statements: Sequence[Statement],
                        report: cashier.DailyReport) -> dict[str, Any]:
    """daily_report's statements with the two row-by-row reads of _cash replaced by the two
    sums above, run as the service would (one transaction), checked against the report."""
    kept = [st for st in statements
            if not st.sql.lstrip().startswith(("SELECT payments.id, payments.amount",
                                               "SELECT tenders.id",
                                               "SELECT payment_voids.payment_id"))]
    params = {"h": hall_id, "d": CLOSE_DAY}
    times = []
    for _ in range(3):
        with db.engine.connect() as conn, raw(conn).cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(PROPOSED_PAYMENTS, params)
            payments, refunds, voids, total = cursor.fetchone() or (0, 0, 0, ZERO)
            cursor.execute(PROPOSED_TENDERS, params)
            methods = {row[0]: (int(row[1]), row[2]) for row in cursor.fetchall()}
            for st in kept:
                cursor.execute(st.sql, st.parameters)
                cursor.fetchall()
            times.append((time.perf_counter() - start) * 1000)
            conn.rollback()
    agrees = ((payments, refunds, voids, total) == (report.payments, report.refunds,
                                                      report.voids, report.total)
              and all(methods.get(m.method) == (m.count, m.amount) for m in report.by_method))
    return {"ms": stats(times), "statements": len(kept) + 2, "same_totals": agrees,
            "met": percentile(times, 0.95) <= TARGETS_MS["day_close"]}


# --- facts about the machine and the database -------------------------------------------------


def machine() -> dict[str, Any]:
    memory = None
    with suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    cpu = ""
    with suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    return {"cpus": os.cpu_count(), "cpu_model": cpu, "memory_gb": memory,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform()}


def server_facts(db: Database) -> dict[str, Any]:
    names = ("server_version", "shared_buffers", "work_mem", "effective_cache_size",
             "maintenance_work_mem", "random_page_cost", "jit", "synchronous_commit",
             "max_parallel_workers_per_gather", "lc_ctype")
    with db.scope(readonly=True) as s:
        facts = {n: s.scalar(text(f"SHOW {n}")) for n in names}
        facts["pg_trgm"] = s.scalar(text(
            "SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'"))
    return facts


def table_sizes(db: Database) -> dict[str, Any]:
    tables = ("customers", "accounts", "bills", "allocations", "payments", "tenders",
              "late_fee_charges", "credit_entries", "audit_entries")
    with db.scope(readonly=True) as s:
        return {t: {"rows_estimate": int(s.scalar(text(
            "SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": t}) or 0),
            "total_size": s.scalar(text(
                "SELECT pg_size_pretty(pg_total_relation_size(CAST(:t AS regclass)))"),
                {"t": t})} for t in tables}


# --- the run ----------------------------------------------------------------------------------


def load(url: URL, args: argparse.Namespace) -> dict[str, Any]:
    db = Database(url)
    schema.upgrade(db.engine)
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 10 or done == total:
            last[0] = time.perf_counter()
            say(f"demo accounts {done:,} / {total:,}")

    summary = demo.load_demo(db, accounts=args.accounts, progress=progress)
    demo_seconds = time.perf_counter() - started
    db.dispose()
    say("bills")
    bills = load_bills(url, args.bills, args.bill_load, args.keep_indexes)
    db = Database(url)
    say("the busy day")
    started = time.perf_counter()
    day = set_up_day(db)
    plan: BillPlan = bills["plan"]
    newest: tuple[int, int] = bills["newest"]
    rng = random.Random(args.seed)
    day_ids = rng.sample(range(newest[0], newest[1] + 1),
                         min(args.day_payments, newest[1] - newest[0] + 1))
    with db.scope(readonly=True) as s:
        rows = s.execute(text(
            "SELECT b.id, b.bill_no, b.account_id, b.kind, b.principal, b.due_on, "
            "b.tariff_class FROM bills b WHERE b.id = ANY(:ids) ORDER BY b.id"),
            {"ids": day_ids}).tuples().all()
    loaded_day = load_day(db, day, rows, args.seed)
    day_seconds = time.perf_counter() - started
    started = time.perf_counter()
    shifts = close_shifts(db, day)
    db.dispose()
    return {
        "customers": summary.customers, "accounts": summary.accounts,
        "gas_accounts": summary.gas_accounts, "heating_accounts": summary.heating_accounts,
        "bills": bills["bills"], "bill_periods": plan.periods,
        "bills_paid_by_history": bills["paid_allocations"], "day": loaded_day,
        "shifts_closed": shifts,
        "seconds": {"demo_accounts_copy": round(demo_seconds, 1),
                    **{k: round(v, 1) for k, v in bills["timings"].items()},
                    "day_payments": round(day_seconds, 1),
                    "close_shifts": round(time.perf_counter() - started, 1)},
        "bill_load": {"method": args.bill_load, "indexes_kept": args.keep_indexes},
    }


def measure(url: URL, args: argparse.Namespace) -> dict[str, Any]:
    db = Database(url, application_name="cashier bench")
    recorder = Recorder()
    recorder.attach(db.engine)
    with db.engine.connect() as conn:
        plan = plan_bills(conn, 0)
        newest_run = conn.execute(text("SELECT max(id) FROM billing_runs")).scalar_one()
        lo, hi = conn.execute(text(
            "SELECT min(id), max(id) FROM bills WHERE billing_run_id >= :r - 1"),
            {"r": newest_run}).tuples().one()
    newest = (int(lo), int(hi))
    with db.scope() as s:
        search_actor = auth.authenticate(s, "lina", demo.DEMO_PASSWORD, hall_code=HALL,
                                         window_number=1)
    result: dict[str, Any] = {"server": server_facts(db), "tables": table_sizes(db)}
    if "a" in args.parts:
        say("(a) search")
        samples = search_samples(db, plan, newest, args.searches, args.seed + 1)
        result["search"] = bench_search(db, recorder, search_actor, samples)
    if "c" in args.parts:
        say("(c) day close")
        with db.scope() as s:
            manager = auth.authenticate(s, "zhangjg", demo.DEMO_PASSWORD, hall_code=HALL)
        result["day_close"] = bench_day_close(db, recorder, manager, args.report_runs)
    if "b" in args.parts:
        say("(b) payments")
        accounts = payable_accounts(db, newest, args.payments + args.warm, args.seed + 2,
                                    set())
        result["payment_and_receipt"] = bench_payments(db, recorder, accounts, args.warm)
    db.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db-url", default=os.environ.get(ENV),
                        help=f"server and user that may create databases (default: ${ENV})")
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--bills", type=int, default=10_000_000)
    parser.add_argument("--day-payments", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200, help="queries per way")
    parser.add_argument("--payments", type=int, default=300)
    parser.add_argument("--warm", type=int, default=10, help="payments not counted, first")
    parser.add_argument("--report-runs", type=int, default=5)
    parser.add_argument("--bill-load", choices=["insert-select", "copy"],
                        default="insert-select")
    parser.add_argument("--keep-indexes", action="store_true",
                        help="load bills with every index and foreign key in place")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", default="", help="measure on a database kept before")
    parser.add_argument("--parts", default="abc",
                        help="what to measure: a search, b payment, c day close (default abc)")
    parser.add_argument("--load-only", action="store_true",
                        help="load and report the load times, measure nothing")
    args = parser.parse_args()
    result: dict[str, Any] = {"benchmark": "cashier_desk", "machine": machine()}
    if args.reuse:
        url = make_url(args.reuse).set(drivername="postgresql+psycopg")
        result["size"] = "reused: " + str(url.database)
        result.update(measure(url, args))
    else:
        if not args.db_url:
            parser.error(f"give --db-url or set {ENV}")
        server = make_url(args.db_url)
        if server.get_backend_name() != "postgresql":
            parser.error("the cashier benchmark runs on PostgreSQL")
        url = create_scratch(server)
        say(f"scratch database {url.database}")
        try:
            result["size"] = load(url, args)
            if args.load_only:
                print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
                return
            result.update(measure(url, args))
        finally:
            if args.keep:
                result["kept_database"] = url.render_as_string(hide_password=True)
            else:
                drop_scratch(server, url)
    result["targets_ms"] = TARGETS_MS
    result["met"] = {
        "search": {way: r["met"] for way, r in result.get("search", {}).items()},
        **{part: result[part]["met"] for part in ("payment_and_receipt", "day_close")
           if part in result},
    }
    out = io.StringIO()
    json.dump(result, out, ensure_ascii=False, indent=2, default=str)
    print(out.getvalue())


if __name__ == "__main__":
    main()
