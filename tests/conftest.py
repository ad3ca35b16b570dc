"""Fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is found through HALLDESK_TEST_PG_URL (an SQLAlchemy URL to a throwaway database
on a server where that user may create databases). Without it the PostgreSQL variants are
skipped with that reason; CI always sets it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

# Cheaper, still real, argon2id for tests; set before app.services.auth builds its hasher.
os.environ.setdefault("HALLDESK_ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("HALLDESK_ARGON2_TIME_COST", "1")
os.environ.setdefault("HALLDESK_ARGON2_ALLOW_WEAK", "1")  # under OWASP: tests only
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the real user's settings, data or logs.
_SANDBOX = tempfile.mkdtemp(prefix="halldesk-tests-")
for _var, _sub in (("HALLDESK_CONFIG_DIR", "config"), ("HALLDESK_DATA_DIR", "data"),
                   ("HALLDESK_LOG_DIR", "log")):
    os.environ[_var] = os.path.join(_SANDBOX, _sub)

from app import schema  # noqa: E402
from app.db import Database  # noqa: E402
from app.models import Base  # noqa: E402
from app.services import staff as staff_service  # noqa: E402
from app.services.context import Actor  # noqa: E402

PG_ENV = "HALLDESK_TEST_PG_URL"
PASSWORD = "pass1234"
NO_PG = f"{PG_ENV} is not set: PostgreSQL variant not run (.ci/run sets it)"


def pg_base_url() -> URL | None:
    raw = os.environ.get(PG_ENV)
    return make_url(raw).set(drivername="postgresql+psycopg") if raw else None


def _admin_engine(base: URL):  # type: ignore[no-untyped-def]
    return create_engine(base, isolation_level="AUTOCOMMIT")


def create_pg_database(name: str) -> URL:
    base = pg_base_url()
    assert base is not None
    eng = _admin_engine(base)
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return base.set(database=name)


def drop_pg_database(name: str) -> None:
    base = pg_base_url()
    assert base is not None
    eng = _admin_engine(base)
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    eng.dispose()


def unique_name(prefix: str) -> str:
    base = pg_base_url()
    stem = (base.database if base is not None and base.database else "halldesk")[:30]
    return f"{stem}_{prefix}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(params=["sqlite", "postgresql"])
def dialect(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and pg_base_url() is None:
        pytest.skip(NO_PG)
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    schema.upgrade(db.engine)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_worker_url(worker_id: str) -> Iterator[URL]:
    """One migrated PostgreSQL database per test worker, emptied between tests."""
    if pg_base_url() is None:
        pytest.skip(NO_PG)
    name = unique_name(f"w{worker_id}")
    url = create_pg_database(name)
    db = Database(url)
    schema.upgrade(db.engine)
    db.dispose()
    yield url
    drop_pg_database(name)


@pytest.fixture(scope="session")
def worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _empty_pg(db: Database) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        # Tests connect as a superuser; replica mode skips the append-only triggers so the
        # fixture can start each test from empty tables.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def db(dialect: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database of the test's dialect."""
    if dialect == "sqlite":
        path = tmp_path / "halldesk.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
    else:
        database = Database(request.getfixturevalue("pg_worker_url"))
        _empty_pg(database)
    yield database
    database.dispose()


@pytest.fixture
def empty_database(dialect: str) -> Iterator[Callable[[], Database]]:
    """A factory of brand-new, unmigrated databases (for migration tests)."""
    created: list[tuple[Database, str | None]] = []
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))

    def make() -> Database:
        if dialect == "sqlite":
            path = tmp / f"halldesk-empty-{uuid.uuid4().hex}.sqlite3"
            database = Database(f"sqlite:///{path}")
            created.append((database, str(path)))
        else:
            name = unique_name("empty")
            database = Database(create_pg_database(name))
            created.append((database, name))
        return database

    yield make
    for database, ref in created:
        database.dispose()
        if dialect == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{ref}{suffix}").unlink(missing_ok=True)
        elif ref:
            drop_pg_database(ref)


@pytest.fixture
def system() -> Actor:
    return Actor.system("cli:test")


class Hall:
    """A hall with four windows and one staff member of each role (password PASSWORD)."""

    def __init__(self, db: Database, system: Actor, code: str = "H01",
                 name: str = "第一营业厅") -> None:
        with db.scope() as s:
            self.info = staff_service.create_hall(s, system, code, name, windows=4)
        self.code = code
        self.users: dict[str, str] = {}
        for role, username, full_name in [
            ("clerk", f"clerk_{code.lower()}", "王晓梅"),
            ("cashier", f"cashier_{code.lower()}", "李娜"),
            ("hall_manager", f"manager_{code.lower()}", "张建国"),
        ]:
            with db.scope() as s:
                staff_service.create_user(s, system, username, full_name, role, PASSWORD,
                                          hall_code=code)
            self.users[role] = username

    def login(self, db: Database, role: str, window: int | None = 1) -> Actor:
        from app.services import auth

        with db.scope() as s:
            return auth.authenticate(s, self.users[role], PASSWORD, hall_code=self.code,
                                     window_number=window)


@pytest.fixture
def hall(db: Database, system: Actor) -> Hall:
    return Hall(db, system)


@pytest.fixture
def admin(db: Database, system: Actor) -> Actor:
    from app.services import auth

    with db.scope() as s:
        staff_service.create_user(s, system, "admin", "系统管理员", "admin", PASSWORD)
    with db.scope() as s:
        return auth.authenticate(s, "admin", PASSWORD)
