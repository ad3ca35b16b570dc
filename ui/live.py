"""Live screens: change notices as Qt signals, and reloads that never pile up.

``LiveNotices`` is the one bridge between ``app.events.Listener`` (a background thread) and
the widgets: the listener's callback only emits a signal, so every slot runs on the GUI
thread. ``Reloader`` turns any number of notices into as few reloads as possible: the first
notice reloads at once (the display must show a call within a fraction of a second); notices
arriving while a reload runs set one "again" flag, so a burst of 30 calls costs two reloads,
not 30, and the last state is always fetched after the last notice.

A slow backup timer reloads anyway every ``backup_ms``: a screen that missed a notice (a
listener still reconnecting) is never stale for long.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from app import events
from app.db import Database
from ui.operations import OperationRunner

T = TypeVar("T")
BACKUP_RELOAD_MS = 30_000


class LiveNotices(QObject):
    """Follows one hall's change notices; ``changed(topic)`` on the GUI thread.

    ``topic`` is ``events.RELOAD_ALL`` after every (re)connection of the listener: reload
    everything, since nothing missed while disconnected is replayed.
    """

    changed = Signal(str)
    _arrived = Signal(str, object)  # from the listener's thread; queued to the GUI thread

    def __init__(self, db: Database, hall_id: int | None, parent: QObject | None = None, *,
                 poll_seconds: float | None = None, application_name: str = "HallDesk notices"
                 ) -> None:
        super().__init__(parent)
        self.hall_id = hall_id
        self._arrived.connect(self._on_arrived)
        self.listener = events.Listener(db, self._from_thread, poll_seconds=poll_seconds,
                                        application_name=application_name)

    def start(self) -> None:
        self.listener.start()

    def stop(self) -> None:
        self.listener.stop(timeout=1.0)

    @property
    def connected(self) -> bool:
        return self.listener.connected

    def _from_thread(self, topic: str, hall_id: int | None) -> None:
        self._arrived.emit(topic, hall_id)  # the only thing done on the listener's thread

    def _on_arrived(self, topic: str, hall_id: object) -> None:
        if topic == events.RELOAD_ALL or hall_id is None or hall_id == self.hall_id:
            self.changed.emit(topic)


class Reloader(QObject, Generic[T]):
    """Runs ``load`` through the runner when asked; never two at once, never a lost request.

    ``on_loaded`` gets each result on the GUI thread; ``on_failed`` each error (the screen
    keeps showing its last state and says it may be stale).
    """

    def __init__(self, runner: OperationRunner, load: Callable[[Any], T],
                 on_loaded: Callable[[T], None], on_failed: Callable[[BaseException], None],
                 parent: QObject | None = None, *, backup_ms: int = BACKUP_RELOAD_MS,
                 api: bool = False) -> None:
        """``load``: a named operation (a function of the server's client) when ``api``;
        TRANSITION (issue 10): a function of a database session until its area has moved."""
        super().__init__(parent)
        self.runner = runner
        self.api = api
        self.load = load
        self.on_loaded = on_loaded
        self.on_failed = on_failed
        self.running = False
        self.again = False
        self.loads = 0  # how many reloads ran (tests, and the benchmark, look at it)
        self.backup = QTimer(self)
        self.backup.setInterval(backup_ms)
        self.backup.timeout.connect(self.request)
        if backup_ms > 0:
            self.backup.start()

    def request(self, *_args: Any) -> None:
        if self.running:
            self.again = True
            return
        self.running = True
        self.again = False
        self.loads += 1
        if self.api:
            self.runner.run_api(self.load, on_done=self._done, on_error=self._failed)
        else:
            self.runner.run_db(self.load, readonly=True, on_done=self._done,
                               on_error=self._failed)

    def stop(self) -> None:
        self.backup.stop()

    def _done(self, result: T) -> None:
        self.running = False
        self.on_loaded(result)
        self._maybe_again()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.on_failed(error)
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self.again:
            self.request()
