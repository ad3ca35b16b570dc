""""Something changed" notices: which topic of which hall changed, never the data itself.

A use case calls ``notify`` inside its transaction, as its last step (the caller's unit of work
commits right after it, ``Database.scope``), so a notice exists only if the change committed.
Several use cases in one unit of work notify in it; all or none of their notices are sent.
Screens run one ``Listener`` and, on a notice, reload what it names from the database. Notices
may be merged or repeated: a notice means "reload", never "one thing happened", so nobody
counts them.

- PostgreSQL: ``pg_notify('halldesk', 'queue:12')``, sent by the server at commit to every
  connection that LISTENs. A listener keeps one dedicated connection for it (the one long-lived
  connection a client holds). NOTIFY replays nothing a listener missed while disconnected, so
  after every (re)connection the listener delivers ``RELOAD_ALL``. The change counters below
  are bumped too and polled slowly, as a backup where LISTEN cannot work (a listener behind a
  transaction-pooling PgBouncer gets no NOTIFY at all).
- SQLite: no NOTIFY. The transaction bumps its topic's row in ``change_counters`` and
  listeners poll that small table a few times a second.

Cost: one upsert of one row per use case (plus the NOTIFY on PostgreSQL). The row stays locked
until commit, and PostgreSQL serialises the commits of notifying transactions anyway (to keep
the notice queue in commit order), which is why ``notify`` comes last in a use case, right
before its unit of work commits.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import TCP_USER_TIMEOUT_MS, Database
from app.models.events import NO_HALL

log = logging.getLogger(__name__)

CHANNEL = "halldesk"
RELOAD_ALL = "*"  # the synthetic notice after (re)connecting: anything may have changed
QUEUE = "queue"
MAX_TOPIC_LENGTH = 32

SQLITE_POLL_SECONDS = 0.25
PG_POLL_SECONDS = 5.0
RETRY_SECONDS = (0.2, 10.0)  # first and longest wait between reconnection attempts
_WAIT_SLICE = 0.25  # longest a listener blocks before it looks whether it was stopped

OnNotice = Callable[[str, int | None], None]
_Key = tuple[str, int]  # (topic, hall_id or NO_HALL)

_BUMP = (
    "INSERT INTO change_counters (topic, hall_id, version) VALUES (:topic, :hall_id, 1) "
    "ON CONFLICT (topic, hall_id) DO UPDATE SET version = change_counters.version + 1"
)
# One round trip on PostgreSQL: bump the counter and queue the notice.
_BUMP_AND_NOTIFY = (
    f"WITH bump AS ({_BUMP} RETURNING version) "
    f"SELECT pg_notify('{CHANNEL}', :payload) FROM bump"
)
_READ = "SELECT topic, hall_id, version FROM change_counters"


def notify(session: Session, topic: str, hall_id: int | None) -> None:
    """Tell every listener that ``topic`` of ``hall_id`` (None: not one hall's) changed, once
    this session's transaction commits. Call it last in the use case; the caller commits."""
    if not topic or ":" in topic or topic == RELOAD_ALL or len(topic) > MAX_TOPIC_LENGTH:
        raise ValueError(f"not a notice topic: {topic!r}")
    params = {"topic": topic, "hall_id": NO_HALL if hall_id is None else hall_id}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(_BUMP_AND_NOTIFY), {**params, "payload": encode(topic, hall_id)})
    else:
        session.execute(text(_BUMP), params)


def encode(topic: str, hall_id: int | None) -> str:
    return f"{topic}:{'' if hall_id is None else hall_id}"


def decode(payload: str) -> tuple[str, int | None]:
    """``'queue:12'`` -> ``('queue', 12)``; ``'queue:'`` -> ``('queue', None)``."""
    topic, sep, hall = payload.partition(":")
    if not topic or not sep:
        raise ValueError(f"not a notice: {payload!r}")
    return topic, int(hall) if hall else None


class Listener:
    """Calls ``on_notice(topic, hall_id)`` for every change that committed, from a background
    thread, until ``stop()``.

    ``on_notice`` runs on the listener's thread: it must be quick and must not touch widgets.
    The Qt UI passes the method of one bridge object that only emits a signal, so that the
    connected slots run on the GUI thread and reload through the operations runner.

    ``(RELOAD_ALL, None)`` arrives after every (re)connection, the first included: reload
    everything, since nobody listened meanwhile. The listener never gives up: when the
    database goes away it retries with growing waits (``retry_seconds``: first, longest)
    and ``connected`` says whether it is following changes right now.

    ``poll_seconds``: SQLite's poll of the change counters (default 0.25 s); PostgreSQL's
    backup poll next to LISTEN (default 5 s), which also notices a silently dead link.
    """

    def __init__(self, db: Database, on_notice: OnNotice, *, poll_seconds: float | None = None,
                 retry_seconds: tuple[float, float] = RETRY_SECONDS,
                 application_name: str = "HallDesk notices") -> None:
        self._db = db
        self._on_notice = on_notice
        self._postgres = db.dialect == "postgresql"
        default_poll = PG_POLL_SECONDS if self._postgres else SQLITE_POLL_SECONDS
        self.poll_seconds = poll_seconds if poll_seconds is not None else default_poll
        self._retry_first, self._retry_longest = retry_seconds
        self._application_name = application_name
        self._sqlite_uri = "" if self._postgres else _sqlite_uri(db)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = False

    @property
    def connected(self) -> bool:
        return self._connected

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            raise RuntimeError("listener already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="halldesk-notices", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening; returns within about ``_WAIT_SLICE`` unless a query hangs on a dead
        link (the thread is a daemon and ends by itself once the driver gives up)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if not self._thread.is_alive():
                self._thread = None

    def __enter__(self) -> Listener:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # --- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        delay = self._retry_first
        reported = False
        while not self._stop.is_set():
            try:
                if self._postgres:
                    self._follow_postgres()
                else:
                    self._follow_sqlite()
            except Exception as exc:  # the link, the file, the server: whatever broke, retry
                if self._connected:
                    delay = self._retry_first
                    reported = False
                if not reported:
                    log.warning("change notices: database unreachable, retrying: %s", exc)
                    reported = True
                self._connected = False
                self._stop.wait(delay)
                delay = min(delay * 2, self._retry_longest)
        self._connected = False

    def _connected_now(self) -> None:
        if not self._connected:
            log.info("change notices: following changes")
        self._connected = True
        self._deliver(RELOAD_ALL, None)

    def _follow_sqlite(self) -> None:
        counters = self._read_sqlite()
        self._connected_now()
        while not self._stop.wait(self.poll_seconds):
            fresh = self._read_sqlite()
            for topic, hall_id in _changed(counters, fresh):
                self._deliver(topic, None if hall_id == NO_HALL else hall_id)
            counters = fresh

    def _read_sqlite(self) -> dict[_Key, int]:
        # A fresh connection each time: cheap (a local file), never creates a missing database
        # (mode=rw), and follows a database file that was replaced, e.g. restored.
        conn = sqlite3.connect(self._sqlite_uri, uri=True, timeout=5)
        try:
            return _counters(conn.execute(_READ).fetchall())
        finally:
            conn.close()

    def _follow_postgres(self) -> None:
        import psycopg

        with psycopg.connect(autocommit=True, **self._pg_params()) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            counters = _counters(conn.execute(_READ).fetchall())
            self._connected_now()
            notified: set[_Key] = set()  # keys NOTIFY delivered since the last poll
            next_poll = time.monotonic() + self.poll_seconds
            while not self._stop.is_set():
                wait = min(_WAIT_SLICE, max(0.0, next_poll - time.monotonic()))
                for message in conn.notifies(timeout=wait):
                    try:
                        topic, hall_id = decode(message.payload)
                    except ValueError:
                        log.warning("change notices: ignored %r", message.payload)
                        continue
                    notified.add((topic, NO_HALL if hall_id is None else hall_id))
                    self._deliver(topic, hall_id)
                if time.monotonic() >= next_poll:
                    fresh = _counters(conn.execute(_READ).fetchall())
                    for topic, hall_id in _changed(counters, fresh):
                        if (topic, hall_id) not in notified:  # NOTIFY did not bring it
                            self._deliver(topic, None if hall_id == NO_HALL else hall_id)
                    counters = fresh
                    notified.clear()
                    next_poll = time.monotonic() + self.poll_seconds

    def _pg_params(self) -> dict[str, Any]:
        url = self._db.url
        params: dict[str, Any] = {
            key: value[-1] if isinstance(value, tuple) else value
            for key, value in url.query.items()
        }
        params.update(url.translate_connect_args(username="user", database="dbname"))
        params.update(
            connect_timeout=5, application_name=self._application_name[:63], keepalives=1,
            keepalives_idle=30, keepalives_interval=10, keepalives_count=3,
            tcp_user_timeout=TCP_USER_TIMEOUT_MS,
        )
        return params

    def _deliver(self, topic: str, hall_id: int | None) -> None:
        try:
            self._on_notice(topic, hall_id)
        except Exception:
            log.exception("change notices: the handler failed on %s:%s", topic, hall_id)


def _sqlite_uri(db: Database) -> str:
    path = db.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        raise ValueError("change notices need an SQLite database file")
    return Path(path).resolve().as_uri() + "?mode=rw"


def _counters(rows: Iterable[Any]) -> dict[_Key, int]:
    return {(str(topic), int(hall_id)): int(version) for topic, hall_id, version in rows}


def _changed(old: dict[_Key, int], new: dict[_Key, int]) -> list[_Key]:
    return sorted(key for key, version in new.items() if old.get(key) != version)
