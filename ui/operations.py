"""One runner for all background work (the shape of Anki's CollectionOp / QueryOp).

A widget hands the runner a named operation of its area (``ui/ops/<area>.py``): a function of
the server's client that runs on a worker thread; its result (the use case's own value
objects) or its typed refusal comes back to the GUI thread by signal. The client never holds
a database: every use case runs on the HallDesk server as the session's actor.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from app.client import ServerClient
from app.errors import DatabaseAuthFailed, DatabaseUnavailable, HallDeskError

log = logging.getLogger(__name__)
T = TypeVar("T")
SESSION_ENDED_KEYS = frozenset({"session_ended", "session_expired", "not_signed_in"})


def _alive(callback: Callable[..., Any]) -> bool:
    """False when the callback is a slot of a widget that was destroyed meanwhile (the user
    signed out or closed the window while the work was running): its result is dropped."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class OperationRunner(QObject):
    """Runs the server's operations off the GUI thread and reports connection trouble."""

    connection_lost = Signal(object)  # the HallDeskError describing it
    # The server ended the session (signed out elsewhere, disabled, role or hall changed,
    # expired): the refusal, carrying the token it answered as ``session_token``.
    session_ended = Signal(object)
    connection_ok = Signal()

    def __init__(self, client: ServerClient | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(3)
        self._relays: set[_Relay] = set()

    def run_api(
        self,
        work: Callable[[ServerClient], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        busy: Sequence[QWidget] = (),
    ) -> None:
        """Run a named operation (``ui/ops``) against the server on a worker thread."""
        client = self.client
        if client is None:
            raise RuntimeError("no HallDesk server configured")
        self.run(lambda: work(client), on_done=on_done, on_error=on_error, busy=busy,
                 uses_database=True)

    def run(
        self,
        work: Callable[[], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        busy: Sequence[QWidget] = (),
        uses_database: bool = False,
    ) -> None:
        """Run ``work`` on a worker; ``busy`` widgets are disabled until it finishes.

        With ``uses_database``, success and connection failures also update the connection
        state (``connection_ok`` / ``connection_lost``).
        """
        relay = _Relay()
        self._relays.add(relay)
        for widget in busy:
            widget.setEnabled(False)

        def finish() -> None:
            self._relays.discard(relay)
            for widget in busy:
                if shiboken6.isValid(widget):
                    widget.setEnabled(True)

        def done(result: object) -> None:
            finish()
            if uses_database:
                self.connection_ok.emit()
            if on_done is not None and _alive(on_done):
                on_done(result)  # type: ignore[arg-type]

        def failed(exc: object) -> None:
            finish()
            assert isinstance(exc, BaseException)
            error = self._translate(exc) if uses_database else exc
            if on_error is not None and _alive(on_error):
                on_error(error)
            elif not isinstance(error, HallDeskError):
                log.error("background operation failed: %s", "".join(
                    traceback.format_exception(error)))

        relay.done.connect(done)
        relay.failed.connect(failed)
        self.pool.start(_Job(work, relay))

    def _translate(self, exc: BaseException) -> BaseException:
        """A typed error saying the server (or the database behind it) is away also updates
        the connection state; every other error passes as it is."""
        if isinstance(exc, DatabaseUnavailable | DatabaseAuthFailed):  # ServerUnavailable too
            self.connection_lost.emit(exc)
        elif isinstance(exc, HallDeskError) and exc.key in SESSION_ENDED_KEYS:
            self.session_ended.emit(exc)
        return exc

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for running jobs (tests and shutdown only, never in a slot)."""
        return self.pool.waitForDone(msecs)
