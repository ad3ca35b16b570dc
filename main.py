"""HallDesk: the counter system of a gas / heating utility's service hall.

Run without a command to open the counter client. The admin commands need no display.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from logging.handlers import RotatingFileHandler
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily at run time: start-up stays fast
    from app.config import Settings
    from app.db import Database

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
             "display": "the hall display (a TV or second monitor)",
             "kiosk": "the ticket kiosk"}
    for mode, text in modes.items():
        p = sub.add_parser(mode, help=text)
        p.add_argument("--lang", choices=["zh_CN", "en"], help="language for this run")
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
    p = sub.add_parser("demo-data", help="load demo halls, staff, customers and accounts")
    p.add_argument("--accounts", type=int, default=2000, help="number of accounts (≤ 1,000,000)")
    p.add_argument("--if-empty", action="store_true", help="do nothing if demo data exists")
    sub.add_parser("verify-audit", help="find altered or removed rows of the audit trail")
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


def open_database(settings: Settings, *, interactive: bool = True) -> Database:
    """Connect for an admin command; ask for a password only when the server wants one."""
    from app.config import resolve_password
    from app.db import Database
    from app.errors import DatabaseAuthFailed

    settings = resolve_password(settings)
    db = Database(settings.url, application_name="HallDesk admin")
    try:
        db.ping()
    except DatabaseAuthFailed:
        if not (interactive and sys.stdin.isatty()) or settings.url.password:
            raise
        password = getpass.getpass(f"Password for database user {settings.url.username}: ")
        db.dispose()
        db = Database(settings.url.set(password=password), application_name="HallDesk admin")
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
    print(f"roles ready: migrate as {args.owner_role}, counters connect as {args.app_role}")
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
        return fail("no OS keyring on this computer: the counter client asks for the password "
                    "at start and keeps it in memory only")
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
            return fail("usage: halldesk config set KEY VALUE")
        print(f"saved to {config.save_setting(args.key, args.value)}")
        return 0
    print(f"settings file : {settings.config_file}")
    print(f"data folder   : {settings.data_dir}")
    print(f"log folder    : {log_dir()}")
    print(f"database      : {settings.safe_url()}")
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
    "migrate": cmd_migrate,
    "create-hall": cmd_create_hall,
    "create-service": cmd_create_service,
    "create-user": cmd_create_user,
    "demo-data": cmd_demo,
    "verify-audit": cmd_verify,
    "setup-roles": cmd_setup_roles,
    "db-password": cmd_db_password,
    "config": cmd_config,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from dataclasses import replace

    from app.config import load_settings
    from app.errors import HallDeskError

    try:
        settings = load_settings()
        if args.db_url:
            settings = replace(settings, db_url=args.db_url)
        if getattr(args, "lang", None):
            settings = replace(settings, language=args.lang)
        setup_logging()
        command = args.command or "counter"
        log.info("start %s on %s", command, settings.safe_url())
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
            from app.db import classify_db_error, is_connection_error

            if is_connection_error(exc):
                return fail(str(classify_db_error(exc, settings.url)))
            log.exception("the database refused a statement")
            first = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            return fail(f"the database refused the change: {first}")
        log.exception("unexpected error")
        raise


if __name__ == "__main__":
    sys.exit(main())
