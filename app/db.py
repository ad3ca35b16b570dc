"""Engines and sessions for SQLite and PostgreSQL, and what a connection failure means."""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DatabaseAuthFailed, DatabaseBusy, DatabaseUnavailable, HallDeskError

log = logging.getLogger(__name__)
T = TypeVar("T")

# Work connections per client. Counters are many (a city: ~600) and PostgreSQL's default
# max_connections is 100: keep one warm connection, let bursts overflow and close afterwards.
PG_POOL_SIZE = 1  # an admin command, or the embedded server of one PC
PG_MAX_OVERFLOW = 3
# A HallDesk server answers many counters at once: its requests run on a pool of worker
# threads (40 by default), so its engine keeps more connections. A request that finds none
# free within SERVER_POOL_TIMEOUT_S is refused as busy (try again), never left hanging.
SERVER_POOL_SIZE = 8
SERVER_MAX_OVERFLOW = 8
SERVER_POOL_TIMEOUT_S = 10
TCP_USER_TIMEOUT_MS = 10000
# A statement waits this long for a row another connection holds, then is refused as
# DatabaseBusy: one cashier whose link died mid-payment holds the hall's receipt counter.
LOCK_TIMEOUT_MS = 5000
# The server ends a connection idle this long inside an open transaction, releasing its locks
# (the dead link's payment is rolled back; TCP alone takes minutes to hours to notice).
IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout runs out


def make_engine(
    url: str | URL, *, application_name: str = "HallDesk", echo: bool = False,
    lock_timeout_ms: int = LOCK_TIMEOUT_MS,
    idle_in_transaction_timeout_ms: int = IDLE_IN_TRANSACTION_TIMEOUT_MS,
    pool_size: int = PG_POOL_SIZE, max_overflow: int = PG_MAX_OVERFLOW,
    pool_timeout: float = 30.0,
) -> Engine:
    """An engine for ``url``; on PostgreSQL every connection sets ``lock_timeout`` and
    ``idle_in_transaction_session_timeout`` (Settings.database_options: the [database]
    section's lock_timeout_s and idle_in_transaction_timeout_s)."""
    url = make_url(url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, echo)
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return create_engine(
            url,
            echo=echo,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_pre_ping=True,
            pool_recycle=600,
            connect_args={
                "connect_timeout": 5,
                "application_name": application_name[:63],
                "keepalives": 1,
                "keepalives_idle": 30,
                "keepalives_interval": 10,
                "keepalives_count": 3,
                # A link that dies silently (cable, VPN, switch) must fail in seconds, not
                # after the kernel's ~15 minutes of retransmissions.
                "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
                # psycopg prepares a statement from its sixth use on a connection; PostgreSQL
                # may then settle on one generic plan for every parameter, blind to the text
                # searched (LIKE '%南京路%' and LIKE '%1号%' want different plans). Planning
                # each time costs a fraction of a millisecond.
                "options": "-c plan_cache_mode=force_custom_plan"
                           f" -c lock_timeout={int(lock_timeout_ms)}"
                           " -c idle_in_transaction_session_timeout="
                           f"{int(idle_in_transaction_timeout_ms)}",
            },
        )
    raise DatabaseUnavailable(detail=f"unsupported database {backend!r} (use sqlite or postgresql)")


def _sqlite_engine(url: URL, echo: bool) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins (see on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        # Writers take the write lock up front: a deferred transaction that reads and then
        # writes fails with SQLITE_BUSY instead of waiting when another writer got in between.
        if conn.get_execution_options().get("halldesk_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """One engine and its session factories for the whole process."""

    def __init__(self, url: str | URL, *, application_name: str = "HallDesk", echo: bool = False,
                 lock_timeout_ms: int = LOCK_TIMEOUT_MS,
                 idle_in_transaction_timeout_ms: int = IDLE_IN_TRANSACTION_TIMEOUT_MS,
                 server: bool = False):
        """``server``: the engine of a HallDesk server (a larger pool, SERVER_POOL_*)."""
        self.url = make_url(url)
        pool: dict[str, Any] = ({"pool_size": SERVER_POOL_SIZE,
                                 "max_overflow": SERVER_MAX_OVERFLOW,
                                 "pool_timeout": SERVER_POOL_TIMEOUT_S} if server else {})
        self.engine = make_engine(self.url, application_name=application_name, echo=echo,
                                  lock_timeout_ms=lock_timeout_ms,
                                  idle_in_transaction_timeout_ms=idle_in_transaction_timeout_ms,
                                  **pool)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(
            self.engine.execution_options(halldesk_readonly=True), expire_on_commit=False
        )
        for factory in (self._write, self._read):  # committed work is not written again
            event.listen(factory, "after_commit", _forget_kept)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self, *, readonly: bool = False) -> Session:
        return (self._read if readonly else self._write)()

    @contextmanager
    def scope(self, *, readonly: bool = False) -> Iterator[Session]:
        """The unit of work: the caller (an API endpoint, a CLI command, the UI's runner, a
        test) opens it, and it commits when the block ends normally and rolls back on an
        exception. Services never commit, so several use cases in one block are one
        transaction (intake: customer + request + ticket), all or nothing.

        This is ``scope`` itself rather than a second context manager beside it: every
        caller already opened one per use case, and two ways to open a session would leave
        one that still needs the service to commit. A ``readonly`` scope never writes: it
        is closed uncommitted (closing rolls the transaction back and keeps what was read).
        What a refusal must leave behind although the unit of work is rolled back (a wrong
        password counted, ``keep_despite_rollback``) is written again in a transaction of its
        own right after the rollback, before the refusal is raised. A row held too long by
        another connection (lock_timeout) is raised as
        ``DatabaseBusy``."""
        session = self.session(readonly=readonly)
        try:
            yield session
            if not readonly:
                session.commit()
        except BaseException as exc:
            session.rollback()
            _write_kept(session)
            busy = busy_error(exc)
            if busy is not None:
                raise busy from exc
            raise
        finally:
            session.info.pop(_KEPT, None)
            session.close()

    def ping(self) -> None:
        """Raise DatabaseUnavailable / DatabaseAuthFailed if the database cannot be used now."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            raise classify_db_error(exc, self.url) from exc

    def dispose(self) -> None:
        self.engine.dispose()


_KEPT = "halldesk_kept"  # session.info: work to write again after a rollback
KeptWork = Callable[[Session], T]


def keep_despite_rollback(session: Session, work: KeptWork[T]) -> T:
    """Do ``work`` in the unit of work now, and again in a transaction of its own if the unit
    of work is rolled back: what a refusal must leave behind (a wrong password counted
    towards the lockout, a refused cash count) although the refusal rolls back everything
    else. Returns what ``work`` returned (usually the refusal to raise).

    Not a second connection: on SQLite the unit of work holds the write lock (BEGIN
    IMMEDIATE) until it ends, so another connection could not write before. ``work`` must
    read what it changes by id, locking it (it runs again after a rollback, possibly after
    another connection changed it), and must not commit. Once the unit of work commits,
    the work is in it and is not written again."""
    result = work(session)
    session.info.setdefault(_KEPT, []).append(work)
    return result


def _forget_kept(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint released is not yet committed
        session.info.pop(_KEPT, None)


def _write_kept(session: Session) -> None:
    """After a rollback: the kept work again, committed on its own."""
    kept: list[KeptWork[object]] = session.info.pop(_KEPT, [])
    if not kept:
        return
    try:
        for work in kept:
            work(session)
        session.commit()
    except Exception:  # the refusal (or the failure) that rolled back is what the caller sees
        log.exception("could not write what a refused unit of work keeps")
        session.rollback()


_AUTH_PATTERNS = re.compile(
    r"password authentication failed|no password supplied|fe_sendauth|"
    r"authentication failed|role \".*\" does not exist",
    re.IGNORECASE,
)


def busy_error(exc: BaseException) -> DatabaseBusy | None:
    """``DatabaseBusy`` when ``exc`` is a statement that waited out its lock timeout
    (PostgreSQL's lock_not_available; SQLite's "database is locked" after busy_timeout);
    None for anything else. Nothing of that statement's transaction was saved."""
    if isinstance(exc, PoolTimeout):  # every connection of the server's pool is in use
        return DatabaseBusy()
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return DatabaseBusy()
    if isinstance(orig, sqlite3.OperationalError) and "database is locked" in str(orig):
        return DatabaseBusy()
    return None


def classify_db_error(exc: BaseException, url: URL) -> HallDeskError:
    """Turn a driver error into what the person at the counter can act on."""
    message = str(getattr(exc, "orig", None) or exc)
    if _AUTH_PATTERNS.search(message):
        return DatabaseAuthFailed(user=url.username or "")
    first_line = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
    for secret in (url.password, url.query.get("password"), url.query.get("sslpassword")):
        if isinstance(secret, str) and secret:
            first_line = first_line.replace(secret, "***")
    return DatabaseUnavailable(detail=first_line)


def is_connection_error(exc: BaseException) -> bool:
    """True when the failure is the connection, not the statement (retrying later may help).
    A lock timeout is not: the connection is fine, the row was busy (``busy_error``)."""
    if busy_error(exc) is not None:
        return False
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DatabaseUnavailable | DatabaseAuthFailed)
