"""Change notices on both databases: a committed change reaches a listener within a second, a
rolled-back one never, and a listener outlives its database going away."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import events
from app.db import Database
from app.errors import QueueRefused
from app.models import ChangeCounter
from app.services import queueing
from tests.conftest import Hall
from tests.test_queueing import MORNING, Queue

FAST_RETRY = (0.05, 0.3)


class Notices:
    """Collects what a listener delivers (on its own thread) for the test to wait on."""

    def __init__(self) -> None:
        self.received: list[tuple[str, int | None]] = []
        self._changed = threading.Condition()

    def __call__(self, topic: str, hall_id: int | None) -> None:
        with self._changed:
            self.received.append((topic, hall_id))
            self._changed.notify_all()

    def wait_for(self, notice: tuple[str, int | None], timeout: float) -> float | None:
        """Seconds until ``notice`` arrived (it is then consumed), None after ``timeout``."""
        start = time.monotonic()
        with self._changed:
            if not self._changed.wait_for(lambda: notice in self.received, timeout):
                return None
            self.received.remove(notice)
        return time.monotonic() - start

    def clear(self) -> None:
        with self._changed:
            self.received.clear()


@pytest.fixture
def notices() -> Notices:
    return Notices()


@pytest.fixture
def listen(db: Database, notices: Notices) -> Iterator[Callable[..., events.Listener]]:
    started: list[events.Listener] = []

    def start(database: Database = db, **kw: object) -> events.Listener:
        listener = events.Listener(database, notices, retry_seconds=FAST_RETRY, **kw)  # type: ignore[arg-type]
        listener.start()
        started.append(listener)
        assert notices.wait_for((events.RELOAD_ALL, None), 3) is not None, "never connected"
        return listener

    yield start
    for listener in started:
        listener.stop()


def _wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_committed_call_reaches_a_listener_within_a_second(
        db: Database, hall: Hall, notices: Notices, listen: Callable[..., events.Listener]
) -> None:
    queue = Queue(db, hall)
    listen()
    queue.issue(queue.a)
    assert notices.wait_for((events.QUEUE, hall.info.id), 1.0) is not None
    notices.clear()
    assert queue.call(queue.window(1)) is not None
    assert notices.wait_for((events.QUEUE, hall.info.id), 1.0) is not None


def test_a_rolled_back_change_sends_no_notice(
        db: Database, hall: Hall, notices: Notices, listen: Callable[..., events.Listener]
) -> None:
    queue = Queue(db, hall)
    window = queue.window(1)
    with db.scope() as s:
        queueing.pause_window(s, window, reason="午休")
    listen()
    with db.scope() as s:
        events.notify(s, events.QUEUE, hall.info.id)
        s.rollback()
    with pytest.raises(RuntimeError), db.scope() as s:
        events.notify(s, events.QUEUE, hall.info.id)
        raise RuntimeError("the use case failed after notifying")
    with pytest.raises(QueueRefused):
        queue.call(window)  # refused: a paused window
    # A later committed notice of another topic arrives; the rolled-back ones never did.
    with db.scope() as s:
        events.notify(s, "marker", None)
        s.commit()
    assert notices.wait_for(("marker", None), 1.0) is not None
    assert notices.received == []


def test_every_queue_change_bumps_the_halls_counter(db: Database, hall: Hall) -> None:
    queue = Queue(db, hall)
    window = queue.window(1)

    def version() -> int:
        with db.scope(readonly=True) as s:
            return s.scalar(select(ChangeCounter.version).where(
                ChangeCounter.topic == events.QUEUE,
                ChangeCounter.hall_id == hall.info.id)) or 0

    def step(action: Callable[[Session], object]) -> None:
        before = version()
        with db.scope() as s:
            action(s)
        assert version() == before + 1, action

    first = queue.issue(queue.a)
    second = queue.issue(queue.a)
    step(lambda s: queueing.mark_printed(s, queue.kiosk, first.id, True))
    step(lambda s: queueing.call_next(s, window, now=MORNING))
    step(lambda s: queueing.recall(s, window, first.id, now=MORNING))
    step(lambda s: queueing.mark_no_show(s, window, first.id, now=MORNING))
    step(lambda s: queueing.requeue(s, window, first.id, now=MORNING))
    step(lambda s: queueing.call_ticket(s, window, second.code, reason="预约客户", now=MORNING))
    step(lambda s: queueing.transfer(s, window, second.id, window_number=2, now=MORNING))
    step(lambda s: queueing.call_next(s, window, now=MORNING))
    step(lambda s: queueing.finish(s, window, first.id, now=MORNING))
    step(lambda s: queueing.pause_window(s, window, now=MORNING))
    step(lambda s: queueing.resume_window(s, window, now=MORNING))
    step(lambda s: queueing.call_next(s, window, now=MORNING))  # nobody waits: still a change


def test_notices_name_a_topic_and_a_hall_only() -> None:
    assert events.encode("queue", 12) == "queue:12"
    assert events.decode("queue:12") == ("queue", 12)
    assert events.decode(events.encode("settings", None)) == ("settings", None)
    for bad in ("", "*", "a:b", "x" * 33):
        with pytest.raises(ValueError):
            events.notify(None, bad, 1)  # type: ignore[arg-type]


def test_a_failing_handler_does_not_stop_the_listener(
        db: Database, hall: Hall, notices: Notices) -> None:
    calls = 0

    def handler(topic: str, hall_id: int | None) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("a bug in a screen")
        notices(topic, hall_id)

    with events.Listener(db, handler, poll_seconds=0.05):
        assert _wait_until(lambda: calls == 1, 3)  # the '*' notice, which failed
        with db.scope() as s:
            events.notify(s, events.QUEUE, hall.info.id)
            s.commit()
        assert notices.wait_for((events.QUEUE, hall.info.id), 1.0) is not None


def test_the_listener_outlives_the_database_going_away(
        db: Database, hall: Hall, notices: Notices, listen: Callable[..., events.Listener],
        dialect: str) -> None:
    queue = Queue(db, hall)
    window = queue.window(1)
    queue.issue(queue.a)
    queue.issue(queue.a)
    if dialect == "postgresql":
        from tests.tcp_proxy import TcpProxy

        proxy = TcpProxy(db.url.host or "127.0.0.1", db.url.port or 5432)
        proxy.start()
        link = Database(db.url.set(host="127.0.0.1", port=proxy.port))
        try:
            listener = listen(link)
            proxy.stop()  # the cable is pulled
            assert _wait_until(lambda: not listener.connected, 2)
            assert queue.call(window) is not None  # a change nobody hears of
            time.sleep(0.4)  # a few failed attempts
            assert not listener.connected
            proxy.start()
            assert notices.wait_for((events.RELOAD_ALL, None), 3) is not None  # reload all
            notices.clear()
            assert queue.call(window) is not None
            assert notices.wait_for((events.QUEUE, hall.info.id), 1.0) is not None
        finally:
            proxy.stop()
            link.dispose()
    else:
        path = Path(db.url.database or "")
        moved = path.with_name("elsewhere.sqlite3")
        listener = listen(poll_seconds=0.05)
        path.rename(moved)  # the share is gone
        assert _wait_until(lambda: not listener.connected, 2)
        time.sleep(0.3)  # a few failed attempts
        moved.rename(path)
        assert notices.wait_for((events.RELOAD_ALL, None), 3) is not None
        notices.clear()
        assert queue.call(window) is not None
        assert notices.wait_for((events.QUEUE, hall.info.id), 1.0) is not None
