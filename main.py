"""HallDesk: the counter system of a gas / heating utility's service hall.

Run without a command to open the counter client. The admin commands need no display.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from logging.handlers import RotatingFileHandler
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily at run time: start-up stays fast
    from datetime import date

    from sqlalchemy.orm import Session

    from app.config import Settings
    from app.db import Database
    from app.services.context import Actor

EPILOG = """\
The first three commands open a window; the others need no display.

settings: a file in the platform's config folder (see 'config show'); the environment
overrides it: HALLDESK_DB_URL, HALLDESK_HALL, HALLDESK_WINDOW, HALLDESK_LANG (zh_CN | en),
HALLDESK_IDLE_LOCK_MINUTES. The embedded SQLite database is the default.
"""

log = logging.getLogger("halldesk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="halldesk", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    parser.add_argument("--db-url", help="database URL for this run (overrides the settings); "
                        "a password is taken from the keyring or asked for, never stored")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modes = {"counter": "the counter client for clerks, cashiers, hall managers (default)",
             "display": "the hall display (a TV or second monitor); the first start asks "
                        "for the device number and code 'device add' printed",
             "kiosk": "the ticket kiosk; the first start asks for the device number and "
                      "code 'device add' printed"}
    for mode, text in modes.items():
        p = sub.add_parser(mode, help=text)
        p.add_argument("--lang", choices=["zh_CN", "en"], help="language for this run")
    p = sub.add_parser("server", help="the HallDesk server (HTTP API), on HALLDESK_DB_URL")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; another address only with "
                        "--certfile and --keyfile)")
    p.add_argument("--port", type=int, default=8470, help="port (default 8470)")
    p.add_argument("--certfile", help="the server's certificate (PEM, signed by the company's "
                                      "CA, any intermediate after it): serve https")
    p.add_argument("--keyfile", help="the certificate's private key (PEM, not encrypted; "
                                     "readable by the server's account only)")
    p = sub.add_parser("migrate", help="create or upgrade the schema (as the owner role)")
    p.add_argument("--revision", default="head", help="target revision (default: head)")
    p.add_argument("--downgrade", action="store_true",
                   help="downgrade to --revision instead (for recovery; loses data)")
    p = sub.add_parser("create-hall", help="add a hall and its windows")
    p.add_argument("code", help="short code, e.g. H01")
    p.add_argument("name", help="the hall's name, e.g. 第一营业厅")
    p.add_argument("--windows", type=int, default=6, help="number of windows (default 6)")
    p.add_argument("--timezone", default="Asia/Shanghai")
    p.add_argument("--address", default="")
    p = sub.add_parser("create-service", help="add a queue service to a hall")
    p.add_argument("hall", help="hall code, e.g. H01")
    p.add_argument("prefix", help="the ticket letter, e.g. A")
    p.add_argument("name", help="the service's name, e.g. 缴费")
    p.add_argument("--windows", default="", help="window numbers calling it, in order: 1,2,3")
    p.add_argument("--hours", default="08:30-17:00", help="opening hours (default 08:30-17:00)")
    p.add_argument("--cap", type=int, default=300, help="tickets per day (default 300)")
    p = sub.add_parser("create-user", help="add a staff member")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name, e.g. 李娜")
    p.add_argument("--role", required=True, choices=["clerk", "cashier", "hall_manager", "admin"])
    p.add_argument("--hall", default="", help="hall code (required except for admin)")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input instead of asking")
    p = sub.add_parser("tariffs-from-file", help="publish gas, heating and late fee tariffs "
                       "from a TOML file (all or nothing; see the README)")
    p.add_argument("file", nargs="?", help="e.g. tariffs.toml")
    p.add_argument("--dry-run", action="store_true",
                   help="check the file and say what it would publish, save nothing")
    p.add_argument("--example", action="store_true", help="print an example file to start from")
    p = sub.add_parser("billing-run", help="make the bills of a period (reruns add only "
                       "what is missing)")
    p.add_argument("kind", choices=["gas", "heating"])
    p.add_argument("period", help="gas: a month, 2026-11; heating: a season, 2026-2027")
    p.add_argument("--due", required=True, help="due date, YYYY-MM-DD")
    p.add_argument("--issued", help="issue date, YYYY-MM-DD (default: today)")
    p.add_argument("--priced-on", help="heating: the day whose tariff applies, YYYY-MM-DD "
                   "(default: 15 November of the season)")
    p.add_argument("--dry-run", action="store_true",
                   help="count what would be billed, save nothing")
    p = sub.add_parser("day-report", help="a hall's collection report (收费日报) of a day")
    p.add_argument("hall", help="hall code, e.g. H01")
    p.add_argument("day", help="business day, YYYY-MM-DD")
    p.add_argument("--pdf", help="write the report as an A4 PDF here")
    p.add_argument("--xlsx", help="write the report as an Excel workbook (.xlsx) here")
    p.add_argument("--csv", help="write the report as CSV (UTF-8 with BOM, for Excel) here")
    p.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN",
                   help="the language of the files (default zh_CN)")
    p = sub.add_parser("company", help="settings every hall shares: the company on receipts "
                       "and reports, the shift difference a manager must sign off")
    p.add_argument("action", choices=["show", "set"])
    p.add_argument("key", nargs="?", choices=["company-name", "shift-difference-threshold"])
    p.add_argument("value", nargs="?")
    sub.add_parser("printer-test", help="print the Chinese test page on this workstation's "
                   "printer ([printer] settings), to check encoding, width and QR codes")
    p = sub.add_parser("demo-data", help="load demo halls, staff, customers and accounts")
    p.add_argument("--accounts", type=int, default=2000, help="number of accounts (≤ 1,000,000)")
    p.add_argument("--if-empty", action="store_true", help="do nothing if demo data exists")
    sub.add_parser("verify-audit", help="find altered or removed rows of the audit trail")
    p = sub.add_parser("device", help="enrol kiosks and hall displays on the server: 'add' "
                       "prints a one-time code (15 minutes) to type on the device")
    p.add_argument("action", choices=["add", "list", "revoke"])
    p.add_argument("args", nargs="*", metavar="ARG",
                   help="add HALL kiosk|display NAME; revoke ID REASON")
    p = sub.add_parser("setup-roles", help="PostgreSQL least-privilege roles (run as superuser)")
    p.add_argument("--owner-role", default="halldesk_owner")
    p.add_argument("--app-role", default="halldesk_app")
    p.add_argument("--no-passwords", action="store_true",
                   help="keep the roles' passwords as they are (or the server authenticates "
                   "otherwise); also the way to repair ownership and grants")
    p.add_argument("--passwords-stdin", action="store_true",
                   help="read two lines from standard input: the owner's, then the app's password")
    p = sub.add_parser("db-password", help="the database password in the OS keyring")
    p.add_argument("action", choices=["set", "clear"])
    p = sub.add_parser("config", help="show or change settings")
    p.add_argument("action", choices=["show", "set", "path"])
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")
    return parser


def log_dir() -> str:
    import platformdirs

    return os.environ.get("HALLDESK_LOG_DIR") or platformdirs.user_log_dir("HallDesk", "HallDesk")


def setup_logging() -> None:
    path = log_dir()
    os.makedirs(path, exist_ok=True)
    handler = RotatingFileHandler(os.path.join(path, "halldesk.log"), maxBytes=2_000_000,
                                  backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def fail(message: str, code: int = 2) -> int:
    print(f"halldesk: {message}", file=sys.stderr)
    return code


def open_database(settings: Settings, *, interactive: bool = True,
                  server: bool = False) -> Database:
    """Connect for an admin command (``server``: for the HallDesk server, with its larger
    pool); ask for a password only when the database wants one."""
    from app.config import resolve_password
    from app.db import Database
    from app.errors import DatabaseAuthFailed

    settings = resolve_password(settings)
    name = "HallDesk server" if server else "HallDesk admin"
    db = Database(settings.url, application_name=name, server=server,
                  **settings.database_options())
    try:
        db.ping()
    except DatabaseAuthFailed:
        if not (interactive and sys.stdin.isatty()) or settings.url.password:
            raise
        password = getpass.getpass(f"Password for database user {settings.url.username}: ")
        db.dispose()
        db = Database(settings.url.set(password=password), application_name=name,
                      server=server, **settings.database_options())
        db.ping()
    return db


def read_new_password(from_stdin: bool, prompt: str = "Password") -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass(f"{prompt} again: ") != first:
        raise SystemExit(fail("the two passwords differ"))
    return first


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from app import pgroles, schema

    db = open_database(settings)
    if args.downgrade:
        schema.downgrade(db.engine, args.revision)
    else:
        schema.upgrade(db.engine, args.revision)
        with db.engine.begin() as conn:
            granted = pgroles.apply_grants(conn)
        for table, privileges in sorted(granted.items()):
            print(f"granted to the app role: {table}: {', '.join(privileges)}")
    print(f"database {settings.safe_url()} is at revision {schema.current_revision(db.engine)}")
    db.dispose()
    return 0


def cmd_server(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the API with the settings' database (HALLDESK_DB_URL), never asking for a
    password (the keyring or the URL has it)."""
    import uvicorn

    from app import schema
    from app.api import create_app
    from app.api.server import check_listen_address, tls_options

    tls = tls_options(args.certfile, args.keyfile)
    check_listen_address(args.host, tls=tls is not None)
    db = open_database(settings, interactive=False, server=True)
    schema.check_schema(db.engine)
    log.info("server on %s://%s:%s with %s", "https" if tls else "http", args.host, args.port,
             settings.safe_url())
    try:
        uvicorn.run(create_app(db), host=args.host, port=args.port, log_level="info",
                    ssl_certfile=tls.certfile if tls else None,
                    ssl_keyfile=tls.keyfile if tls else None)
    finally:
        db.dispose()
    return 0


def cmd_create_hall(args: argparse.Namespace, settings: Settings) -> int:
    from app.services import staff
    from app.services.context import Actor

    db = open_database(settings)
    with db.scope() as s:
        hall = staff.create_hall(s, Actor.system(f"cli:{getpass.getuser()}"), args.code,
                                 args.name, windows=args.windows, timezone=args.timezone,
                                 address=args.address)
    print(f"hall {hall.code} {hall.name} with {len(hall.windows)} windows created")
    return 0


def cmd_create_service(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import time as clock

    from sqlalchemy import select

    from app.models import Hall
    from app.services import queueing
    from app.services.context import Actor

    try:
        opens, closes = (clock.fromisoformat(part.strip()) for part in args.hours.split("-"))
        windows = tuple(int(n) for n in args.windows.split(",") if n.strip())
    except ValueError:
        return fail("--hours is like 08:30-17:00 and --windows like 1,2,3")
    db = open_database(settings)
    with db.scope() as s:
        hall_id = s.scalar(select(Hall.id).where(Hall.code == args.hall.strip().upper()))
        if hall_id is None:
            return fail(f"hall {args.hall} does not exist")
        info = queueing.create_service(s, Actor.system(f"cli:{getpass.getuser()}"), args.prefix,
                                       args.name, opens_at=opens, closes_at=closes,
                                       daily_cap=args.cap, windows=windows, hall_id=hall_id)
    print(f"service {info.prefix} {info.name} created, called by windows "
          f"{', '.join(map(str, windows)) or '(none yet)'}")
    return 0


def cmd_create_user(args: argparse.Namespace, settings: Settings) -> int:
    from app.services import staff
    from app.services.context import Actor

    db = open_database(settings)
    password = read_new_password(args.password_stdin)
    with db.scope() as s:
        info = staff.create_user(s, Actor.system(f"cli:{getpass.getuser()}"), args.username,
                                 args.name, args.role, password, hall_code=args.hall)
    print(f"user {info.username} ({info.role}) created")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from app import demo, schema

    db = open_database(settings)
    schema.check_schema(db.engine)
    if args.if_empty and demo.demo_present(db):
        print("demo data already loaded")
        return 0
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r  {done:,} / {total:,} accounts", end="", file=sys.stderr, flush=True)

    summary = demo.load_demo(db, accounts=args.accounts, progress=progress)
    print(file=sys.stderr)
    print(f"demo data loaded in {time.perf_counter() - started:.1f} s: {summary.halls} halls, "
          f"{summary.staff} staff, {summary.customers:,} customers, {summary.accounts:,} accounts")
    print(f"demo staff (password {demo.DEMO_PASSWORD}): "
          + ", ".join(f"{u} ({r})" for u, r in summary.staff_roles.items()))
    return 0


def _day(value: str | None, option: str) -> date | None:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise SystemExit(fail(f"{option} is a date like 2026-12-15, not {value!r}")) from None


@contextmanager
def _admin_database(settings: Settings) -> Iterator[Database]:
    """open_database, disposed of afterwards (main() may run in a longer-lived process)."""
    db = open_database(settings)
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def _all_or_nothing(db: Database, *, dry_run: bool,
                    snapshot: bool = False) -> Iterator[Session]:
    """One unit of work over several use cases (services never commit), committed at the
    end or rolled back: a dry run, or a refusal half-way. Its own connection rather than
    ``Database.scope``: a dry run rolls back ``outer``, which the session joins through a
    savepoint. ``snapshot``: on PostgreSQL
    the transaction reads one snapshot (REPEATABLE READ), as a billing run wants."""
    from sqlalchemy.orm import Session

    engine = db.engine
    if snapshot and engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn:
        outer = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint",
                          expire_on_commit=False)
        try:
            yield session
            session.commit()  # releases the session's savepoint into ``outer``
        except BaseException:
            outer.rollback()
            raise
        finally:
            session.close()
        if dry_run:
            outer.rollback()
        else:
            outer.commit()


# --- tariffs from a file ----------------------------------------------------------------------

TARIFF_FILE_EXAMPLE = """\
# tariffs.toml: every value named, reviewed before publishing, kept as the record.
[[gas]]
tariff_class = "residential"        # residential | low_income | non_residential
effective_from = 2027-01-01
prices = [2.61, 3.13, 3.92]          # 元/m³ per tier, lowest first
ceilings = [350, 500]                # cumulative m³ a year where tiers 1 and 2 end
household_base_size = 4              # optional: persons covered by the ceilings
extra_person_allowance = [50, 50]    # optional: m³ each further person adds per ceiling

[[heating]]
tariff_class = "residential"
effective_from = 2026-11-15
unit_price = 22.00                   # 元 per m² and season
suspended_share = 0.30               # share a 报停 home pays
relief_share = 0                     # optional: share remitted (low_income)

[[late_fee]]
kind = "heating"                     # gas | heating
tariff_class = "residential"
effective_from = 2027-01-01
daily_rate = 0.001                   # per day on the unpaid principal (1‰)
cap_share = 1                        # at most this share of the bill
"""
# section -> (required keys, optional keys)
TARIFF_KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "gas": (frozenset({"tariff_class", "effective_from", "prices"}),
            frozenset({"ceilings", "household_base_size", "extra_person_allowance"})),
    "heating": (frozenset({"tariff_class", "effective_from", "unit_price", "suspended_share"}),
                frozenset({"relief_share"})),
    "late_fee": (frozenset({"kind", "tariff_class", "effective_from", "daily_rate",
                            "cap_share"}), frozenset()),
}


class TariffFileError(Exception):
    """The file is not as the README describes: nothing was published."""


@dataclass(frozen=True)
class TariffEntry:
    section: str  # gas | heating | late_fee
    number: int  # its place among the file's entries of that section, from 1
    values: dict[str, Any]

    @property
    def name(self) -> str:
        kind = f"{self.values['kind']} " if self.section == "late_fee" else ""
        return (f"{self.section.replace('_', ' ')} {kind}{self.values['tariff_class']} from "
                f"{self.values['effective_from'].isoformat()}")


def _tariff_value(key: str, value: Any, where: str) -> Any:
    from datetime import date, datetime
    from decimal import Decimal, InvalidOperation

    def number(x: Any) -> Decimal:
        if isinstance(x, bool) or not isinstance(x, Decimal | int | str):
            raise TariffFileError(f"{where}: {key} must be a number, not {x!r}")
        try:
            return Decimal(x)
        except InvalidOperation:
            raise TariffFileError(f"{where}: {key} must be a number, not {x!r}") from None

    if key == "effective_from":
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value)
        if not isinstance(value, date) or isinstance(value, datetime):
            raise TariffFileError(f"{where}: effective_from must be a date like 2027-01-01")
        return value
    if key in {"tariff_class", "kind"}:
        if not isinstance(value, str) or not value.strip():
            raise TariffFileError(f"{where}: {key} must be a name in quotes")
        return value.strip()
    if key == "household_base_size":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise TariffFileError(f"{where}: household_base_size must be a whole number")
        return value
    if key in {"prices", "ceilings", "extra_person_allowance"}:
        if not isinstance(value, list):
            raise TariffFileError(f"{where}: {key} must be a list like [2.61, 3.13]")
        return tuple(number(x) for x in value)
    return number(value)


def read_tariff_file(path: str) -> list[TariffEntry]:
    """Every entry of the file, checked for shape before anything is published: unknown
    sections or keys (a typo), missing keys, values of the wrong type, an entry twice."""
    import tomllib
    from decimal import Decimal

    with open(path, "rb") as f:
        try:
            data = tomllib.load(f, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            raise TariffFileError(f"{path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(TARIFF_KEYS))
    if unknown:
        raise TariffFileError(f"unknown section(s) {', '.join(unknown)}: the file has "
                              "[[gas]], [[heating]] and [[late_fee]] entries")
    entries: list[TariffEntry] = []
    seen: set[str] = set()
    for section, (required, optional) in TARIFF_KEYS.items():
        tables = data.get(section, [])
        if not isinstance(tables, list):
            raise TariffFileError(f"write each {section} tariff as [[{section}]], not [{section}]")
        for number, table in enumerate(tables, start=1):
            where = f"[[{section}]] number {number}"
            missing, extra = sorted(required - set(table)), sorted(set(table) - required - optional)
            if missing:
                raise TariffFileError(f"{where}: missing {', '.join(missing)}")
            if extra:
                raise TariffFileError(f"{where}: unknown key(s) {', '.join(extra)}")
            entry = TariffEntry(section, number, {k: _tariff_value(k, v, where)
                                                  for k, v in table.items()})
            if entry.name in seen:
                raise TariffFileError(f"{where}: {entry.name} is in the file twice")
            seen.add(entry.name)
            entries.append(entry)
    if not entries:
        raise TariffFileError(f"{path} has no tariffs; an example:\n{TARIFF_FILE_EXAMPLE}")
    return entries


def publish_tariff(session: Session, actor: Actor, entry: TariffEntry) -> bool:
    """Publish one entry; False if the same tariff was published before. A different one
    for the same class and day is refused: a published tariff is never changed."""
    from app.billing.money import ZERO
    from app.billing.pricing import GasTariff, HeatingTariff, LateFeePolicy
    from app.services import billing_runs

    v = entry.values
    published: list[Any]
    wanted: Any
    if entry.section == "gas":
        wanted = GasTariff(v["tariff_class"], v["effective_from"], v["prices"],
                           v.get("ceilings", ()), v.get("household_base_size", 0),
                           v.get("extra_person_allowance", ()))
        published = billing_runs.gas_tariffs(session)
    elif entry.section == "heating":
        wanted = HeatingTariff(v["tariff_class"], v["effective_from"], v["unit_price"],
                               v["suspended_share"], v.get("relief_share", ZERO))
        published = billing_runs.heating_tariffs(session)
    else:
        wanted = LateFeePolicy(v["tariff_class"], v["effective_from"], v["daily_rate"],
                               v["cap_share"])
        published = billing_runs.late_fee_policies(session, v["kind"])
    same_day = [t for t in published if (t.tariff_class, t.effective_from)
                == (wanted.tariff_class, wanted.effective_from)]
    if same_day:
        if same_day[0] == wanted:
            return False
        raise TariffFileError(f"{entry.name} differs from the one published before; a "
                              "published tariff is never changed: give the new one a later "
                              "effective_from")
    if entry.section == "gas":
        billing_runs.set_gas_tariff(session, actor, wanted.tariff_class, wanted.effective_from,
                                    prices=wanted.prices, ceilings=wanted.ceilings,
                                    household_base_size=wanted.household_base_size,
                                    extra_person_allowance=wanted.extra_person_allowance)
    elif entry.section == "heating":
        billing_runs.set_heating_tariff(session, actor, wanted.tariff_class,
                                        wanted.effective_from, unit_price=wanted.unit_price,
                                        suspended_share=wanted.suspended_share,
                                        relief_share=wanted.relief_share)
    else:
        billing_runs.set_late_fee_policy(session, actor, v["kind"], wanted.tariff_class,
                                         wanted.effective_from, daily_rate=wanted.daily_rate,
                                         cap_share=wanted.cap_share)
    return True


def cmd_tariffs_from_file(args: argparse.Namespace, settings: Settings) -> int:
    from app.errors import HallDeskError
    from app.services.context import Actor

    if args.example:
        print(TARIFF_FILE_EXAMPLE, end="")
        return 0
    if not args.file:
        return fail("give the tariff file, or --example to print one to start from")
    try:
        entries = read_tariff_file(args.file)
    except OSError as exc:
        return fail(f"cannot read {args.file}: {exc.strerror or exc}")
    except TariffFileError as exc:
        return fail(f"{exc}; nothing was published")
    actor = Actor.system(f"cli:{getpass.getuser()}")
    lines = []
    try:
        with _admin_database(settings) as db, _all_or_nothing(db, dry_run=args.dry_run) as session:
            for entry in entries:
                try:
                    done = publish_tariff(session, actor, entry)
                except HallDeskError as exc:
                    raise TariffFileError(f"{entry.name}: {exc}") from None
                lines.append(f"{entry.name}: {'published' if done else 'unchanged'}")
    except TariffFileError as exc:
        return fail(f"{exc}; nothing was published")
    for line in lines:
        print(line)
    published = sum(1 for line in lines if line.endswith("published"))
    print(f"{published} published, {len(lines) - published} unchanged"
          + (" (dry run: nothing saved)" if args.dry_run else ""))
    return 0


def cmd_billing_run(args: argparse.Namespace, settings: Settings) -> int:
    from app.services import billing_runs
    from app.services.context import Actor

    due, issued = _day(args.due, "--due"), _day(args.issued, "--issued")
    priced = _day(args.priced_on, "--priced-on")
    if priced is not None and args.kind != "heating":
        return fail("--priced-on is for heating: gas is priced at each reading's date")
    assert due is not None
    with _admin_database(settings) as db, _all_or_nothing(db, dry_run=args.dry_run,
                                                          snapshot=True) as session:
        result = billing_runs.run_billing(session, Actor.system(f"cli:{getpass.getuser()}"),
                                          args.kind, args.period, due_on=due, issued_on=issued,
                                          priced_on=priced)
    reasons = ", ".join(f"{reason.replace('_', ' ')}: {n}"
                        for reason, n in sorted(result.skipped_reasons.items()))
    print(f"{'dry run of ' if args.dry_run else ''}billing run {args.kind} {args.period}: "
          f"created {result.created}, existed {result.existed}, skipped {result.skipped}"
          + (f" ({reasons})" if reasons else ""))
    print(f"amount billed {result.amount}, prepaid credit used at once {result.credit_applied}"
          + (" (dry run: nothing saved)" if args.dry_run else ""))
    return 0


def cmd_day_report(args: argparse.Namespace, settings: Settings) -> int:
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from app.models import Hall
    from app.models.base import utcnow
    from app.services import cashier, staff
    from app.services.context import Actor
    from printing.report_pdf import DayReportExtras, day_report_pdf, method_label
    from printing.report_sheet import day_report_csv, day_report_xlsx

    day = _day(args.day, "the day")
    assert day is not None
    with _admin_database(settings) as db, db.scope(readonly=True) as s:
        hall = s.scalars(select(Hall).where(Hall.code == args.hall.strip().upper())).first()
        if hall is None:
            return fail(f"hall {args.hall} does not exist")
        zone = ZoneInfo(hall.timezone)
        actor = Actor(None, f"cli:{getpass.getuser()}", "", "system", hall_id=hall.id,
                      hall_code=hall.code, hall_name=hall.name, hall_timezone=hall.timezone)
        report, appendix = cashier.day_report_for_print(s, actor, day)
        names = {info.username: info.full_name for info in staff.list_staff(s, actor)}
        extras = DayReportExtras.of(appendix, printed_at=utcnow(), timezone=hall.timezone,
                                    names=names)
    state = (f"closed {report.closed_at.astimezone(zone):%Y-%m-%d %H:%M}" if report.closed_at
             else "not closed yet")
    print(f"{report.hall_name} {day.isoformat()} ({state}): {report.payments} payments, "
          f"{report.refunds} refunds, {report.voids} voids, total {report.total}")
    for m in report.by_method:
        print(f"  {method_label(m.method)} ({m.method}): {m.count}, {m.amount}")
    if args.pdf:
        with open(args.pdf, "wb") as out:
            out.write(day_report_pdf(report, extras, args.lang))
        print(f"PDF written to {args.pdf}")
    if args.xlsx:
        with open(args.xlsx, "wb") as out:
            out.write(day_report_xlsx(report, extras, args.lang))
        print(f"Excel workbook written to {args.xlsx}")
    if args.csv:
        with open(args.csv, "wb") as out:
            out.write(day_report_csv(report, extras, args.lang))  # UTF-8 with a BOM
        print(f"CSV written to {args.csv}")
    return 0


def cmd_company(args: argparse.Namespace, settings: Settings) -> int:
    from app.services import deployment
    from app.services.context import Actor

    if args.action == "set" and (args.key is None or args.value is None):
        return fail("company set company-name NAME | company set "
                    "shift-difference-threshold AMOUNT")
    with _admin_database(settings) as db:
        if args.action == "set":
            actor = Actor.system(f"cli:{getpass.getuser()}")
            with db.scope() as s:
                if args.key == "company-name":
                    deployment.set_company_name(s, actor, args.value)
                else:
                    deployment.set_difference_threshold(s, actor, args.value)
        with db.scope(readonly=True) as s:
            current = deployment.read(s)
    print(f"company-name = {current.company_name or '(not set: receipts print none)'}")
    print(f"shift-difference-threshold = {current.shift_difference_threshold}")
    return 0


def cmd_printer_test(args: argparse.Namespace, settings: Settings) -> int:
    from printing.escpos import open_printer, print_chinese_test_page
    from printing.printer_config import printer_settings

    printer = printer_settings(dict(settings.printer))
    if printer is None:
        return fail("this workstation has no printer: set [printer] kind (config set "
                    "printer_kind network, …) or HALLDESK_PRINTER_KIND")
    device = open_printer(printer)
    try:
        print_chinese_test_page(device, printer)
    finally:
        device.close()
    print(f"test page sent to the {printer.kind} printer ({printer.encoding}, "
          f"{printer.paper_width_mm} mm, profile {printer.profile}): every line should be "
          "whole and in Chinese; 汉 must fill exactly one line")
    return 0


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    from app.services import audit
    from app.services.context import Actor

    db = open_database(settings)
    with db.scope(readonly=True) as s:
        report = audit.verify(s, Actor.system(f"cli:{getpass.getuser()}"))
    for chain, head in sorted(report.heads.items()):
        print(f"chain {chain}: head {head}")
    if report.ok:
        print(f"audit trail intact: {report.rows} rows in {report.chains} chain(s)")
        return 0
    for problem in report.problems:
        print(f"PROBLEM [{problem.kind}] {problem.message}")
    print(f"audit trail NOT intact: {len(report.problems)} problem(s)", file=sys.stderr)
    return 1


def cmd_device(args: argparse.Namespace, settings: Settings) -> int:
    from app.services import devices
    from app.services.context import Actor

    actor = Actor.system(f"cli:{getpass.getuser()}")
    db = open_database(settings)
    if args.action == "add":
        if len(args.args) != 3 or args.args[1] not in ("kiosk", "display"):
            return fail("device add HALL kiosk|display NAME")
        with db.scope() as s:
            code = devices.register_device(s, actor, args.args[0], args.args[1], args.args[2])
        print(f"device {code.device_id} {code.name} ({code.role}, {code.hall_code}): "
              f"enrolment code {code.code}, valid until {code.expires_at:%Y-%m-%d %H:%M} UTC")
        return 0
    if args.action == "revoke":
        if len(args.args) != 2 or not args.args[0].isdigit():
            return fail("device revoke ID REASON")
        with db.scope() as s:
            info = devices.revoke_device(s, actor, int(args.args[0]), args.args[1])
        print(f"device {info.id} {info.name} revoked; its sessions ended")
        return 0
    with db.scope(readonly=True) as s:
        for d in devices.list_devices(s, actor):
            print(f"{d.id}\t{d.hall_code}\t{d.role}\t{d.name}\t{d.state}")
    return 0


def cmd_setup_roles(args: argparse.Namespace, settings: Settings) -> int:
    from app import pgroles

    if settings.is_sqlite:
        return fail("setup-roles is for PostgreSQL; give --db-url with a superuser")
    owner_pw = app_pw = None
    if args.passwords_stdin:
        owner_pw = read_new_password(True)
        app_pw = read_new_password(True)
    elif not args.no_passwords:
        owner_pw = read_new_password(False, f"New password for {args.owner_role}")
        app_pw = read_new_password(False, f"New password for {args.app_role}")
    db = open_database(settings)
    db.dispose()  # setup_roles opens its own connection as the administrator
    pgroles.setup_roles(db.url, owner_role=args.owner_role, owner_password=owner_pw,
                        app_role=args.app_role, app_password=app_pw)
    print(f"roles ready: migrate as {args.owner_role}, "
          f"the HallDesk servers connect as {args.app_role}")
    return 0


def cmd_db_password(args: argparse.Namespace, settings: Settings) -> int:
    from app import config

    if settings.is_sqlite:
        return fail("the embedded SQLite database has no password")
    url = settings.url.set(password=None)
    if args.action == "clear":
        removed = config.delete_keyring_password(url)
        print("password removed from the keyring" if removed else "no password was stored")
        return 0
    if not config.keyring_available():
        return fail("no OS keyring on this computer: give the server the password in "
                    "HALLDESK_DB_URL from a file only its service account reads "
                    "(docs/deployment.md)")
    config.store_keyring_password(url, read_new_password(False, f"Password for {url.username}"))
    print(f"password for {config.keyring_account(url)} stored in the OS keyring")
    return 0


def cmd_config(args: argparse.Namespace, settings: Settings) -> int:
    from app import config

    if args.action == "path":
        print(settings.config_file)
        return 0
    if args.action == "set":
        if not args.key or args.value is None:
            return fail("usage: main.py config set KEY VALUE")
        print(f"saved to {config.save_setting(args.key, args.value)}")
        return 0
    print(f"settings file : {settings.config_file}")
    print(f"data folder   : {settings.data_dir}")
    print(f"log folder    : {log_dir()}")
    print(f"database      : {settings.safe_url()}"
          + (" (not used: this PC talks to the server)" if settings.server_url else ""))
    print(f"server        : {settings.server_url or 'none: one embedded over the database'}"
          + (f" (CA {settings.server_ca_file})" if settings.server_ca_file else ""))
    print(f"hall / window : {settings.hall or '-'} / {settings.window or '-'}")
    print(f"language      : {settings.language}")
    print(f"idle lock     : {settings.idle_lock_minutes} min")
    print(f"announcement  : {settings.announcement}")
    printer = ", ".join(f"{k}={v}" for k, v in settings.printer) if settings.has_printer else "none"
    print(f"printer       : {printer}")
    print(f"keyring       : {'available' if config.keyring_available() else 'not available'}")
    return 0


def run_mode(mode: str, settings: Settings) -> int:
    if mode == "counter":
        from ui.counter.controller import run_counter

        return run_counter(settings)
    if mode == "display":
        from ui.display.window import run_display

        return run_display(settings)
    from ui.kiosk.window import run_kiosk

    return run_kiosk(settings)


COMMANDS: dict[str, Callable[..., int]] = {
    "server": cmd_server,
    "migrate": cmd_migrate,
    "create-hall": cmd_create_hall,
    "create-service": cmd_create_service,
    "create-user": cmd_create_user,
    "tariffs-from-file": cmd_tariffs_from_file,
    "billing-run": cmd_billing_run,
    "day-report": cmd_day_report,
    "company": cmd_company,
    "printer-test": cmd_printer_test,
    "demo-data": cmd_demo,
    "verify-audit": cmd_verify,
    "device": cmd_device,
    "setup-roles": cmd_setup_roles,
    "db-password": cmd_db_password,
    "config": cmd_config,
}


def _where(command: str, settings: Settings) -> str:
    """What a start's log line names: the server a client PC talks to, else the database."""
    if settings.server_url and command in ("counter", "kiosk", "display"):
        return f"with the server {settings.server_url}"
    return f"on {settings.safe_url()}"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from dataclasses import replace

    from app.config import load_settings
    from app.errors import HallDeskError

    try:
        try:
            settings = load_settings()
        except HallDeskError:
            if args.command == "config" and getattr(args, "action", None) == "path":
                # Where the broken file is: what the message asks to fix, so this still works.
                from app.config import CONFIG_FILE, config_dir

                print(config_dir() / CONFIG_FILE)
                return 0
            raise
        if args.db_url:
            settings = replace(settings, db_url=args.db_url)
        if getattr(args, "lang", None):
            settings = replace(settings, language=args.lang)
        setup_logging()
        command = args.command or "counter"
        log.info("start %s %s", command, _where(command, settings))
        if command in COMMANDS:
            return COMMANDS[command](args, settings)
        return run_mode(command, settings)
    except HallDeskError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except Exception as exc:
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError) and "settings" in locals():
            from app.db import busy_error, classify_db_error, is_connection_error

            busy = busy_error(exc)
            if busy is not None:
                return fail(str(busy))
            if is_connection_error(exc):
                return fail(str(classify_db_error(exc, settings.url)))
            log.exception("the database refused a statement")
            first = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            return fail(f"the database refused the change: {first}")
        log.exception("unexpected error")
        raise


if __name__ == "__main__":
    sys.exit(main())
