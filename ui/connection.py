"""Watches the database connection and says plainly when it is gone and when it is back."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, QTimer, Signal

from app.errors import DatabaseAuthFailed, DatabaseUnavailable, HallDeskError
from ui.operations import OperationRunner

HEALTHY_INTERVAL_MS = 15000
RETRY_INTERVAL_MS = 3000
PING_DEADLINE_MS = 5000  # no answer by then: say so, even while the ping is still stuck


class ConnectionState(StrEnum):
    UNKNOWN = "unknown"
    CONNECTED = "connected"
    UNREACHABLE = "unreachable"
    AUTH_FAILED = "auth_failed"


class ConnectionMonitor(QObject):
    """Pings in the background: rarely while healthy, every few seconds while it is down."""

    state_changed = Signal(str, object)  # ConnectionState, error or None

    def __init__(self, runner: OperationRunner, parent: QObject | None = None,
                 *, healthy_ms: int = HEALTHY_INTERVAL_MS,
                 retry_ms: int = RETRY_INTERVAL_MS,
                 deadline_ms: int = PING_DEADLINE_MS) -> None:
        super().__init__(parent)
        self.runner = runner
        self.healthy_ms = healthy_ms
        self.retry_ms = retry_ms
        self.state = ConnectionState.UNKNOWN
        self.error: HallDeskError | None = None
        self._pinging = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.ping)
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.setInterval(deadline_ms)
        self.deadline.timeout.connect(self.on_no_answer)
        runner.connection_lost.connect(self.on_connection_lost)
        runner.connection_ok.connect(self.on_connection_ok)

    def start(self) -> None:
        self.ping()

    def stop(self) -> None:
        self.timer.stop()
        self.deadline.stop()

    def ping(self) -> None:
        client = self.runner.client
        if self._pinging or client is None:
            return
        self._pinging = True
        check = client.health  # the server answers only when its database does

        def done(_: object) -> None:
            self._pinging = False
            self.deadline.stop()
            self._set(ConnectionState.CONNECTED, None)

        def failed(_: BaseException) -> None:
            self._pinging = False  # connection_lost already set the state
            self.deadline.stop()

        self.deadline.start()
        self.runner.run(check, on_done=done, on_error=failed, uses_database=True)

    def on_no_answer(self) -> None:
        """A ping hangs (a dead link drops packets silently): tell the user now.

        The stuck ping ends by itself (the driver's TCP timeout); the next ping follows it.
        """
        if self._pinging:
            self._set(ConnectionState.UNREACHABLE,
                      DatabaseUnavailable(detail="no answer from the database server"))

    def on_connection_lost(self, error: HallDeskError) -> None:
        state = (ConnectionState.AUTH_FAILED if isinstance(error, DatabaseAuthFailed)
                 else ConnectionState.UNREACHABLE)
        self._set(state, error)

    def on_connection_ok(self) -> None:
        if self.state == ConnectionState.UNKNOWN and not self._pinging:
            self._set(ConnectionState.CONNECTED, None)

    def _set(self, state: ConnectionState, error: HallDeskError | None) -> None:
        changed = state != self.state
        self.state, self.error = state, error
        self.timer.start(self.healthy_ms if state == ConnectionState.CONNECTED else self.retry_ms)
        if changed:
            self.state_changed.emit(state.value, error)
