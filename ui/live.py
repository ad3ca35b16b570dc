"""Live screens: change notices as Qt signals, and reloads that never pile up.

``LiveNotices`` follows the HallDesk server's WebSocket (``/api/v1/notices``,
``app/api/notices.py``) on a background thread, signed in with the client's session token;
it only emits signals from there, so every slot runs on the GUI thread. No database: the
server follows the database once for all its clients. ``Reloader`` turns any number of
notices into as few reloads as possible: the first notice reloads at once (the display must
show a call within a fraction of a second); notices arriving while a reload runs set one
"again" flag, so a burst of 30 calls costs two reloads, not 30, and the last state is always
fetched after the last notice.

A slow backup timer reloads anyway every ``backup_ms``: a screen that missed a notice (a
socket still reconnecting) is never stale for long.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import ClientConnection, connect

from app import events
from app.api.notice_codes import CLOSE_REFUSED, PATH
from app.client import ServerClient
from ui.operations import OperationRunner

log = logging.getLogger(__name__)
_SOCKET_LOG = logging.getLogger("halldesk.notices.socket")
_SOCKET_LOG.setLevel(logging.INFO)  # never the frames: the first one holds the token

T = TypeVar("T")
BACKUP_RELOAD_MS = 30_000
RETRY_SECONDS = (0.2, 10.0)  # first and longest wait between two connection attempts
LOCKED_RETRY_SECONDS = 2.0  # a locked session is refused until it is unlocked: ask again
OPEN_TIMEOUT = 5.0
CLOSE_TIMEOUT = 1.0  # stop() waits at most this for the server's side of the close
# The session is gone for good: sign in again (a person at the counter, a device with its
# credential) before following notices again. A locked session is only waited out.
ENDED_KEYS = frozenset({"session_ended", "session_expired", "not_signed_in"})


class LiveNotices(QObject):
    """Follows one hall's change notices through the server; ``changed(topic)`` on the GUI
    thread.

    ``topic`` is ``events.RELOAD_ALL`` after every (re)connection (the server sends it first,
    and again when it lost the database for a while): reload everything, since nothing
    missed while disconnected is replayed. ``topics``: the topics to hear (None: all).

    A closed socket is opened again after a growing wait (``RETRY_SECONDS``). A session that
    ended, expired or is unknown to the server emits ``session_ended(key)`` once (the
    refusal's key, ``app.api.errors``) and nothing more is tried with that token: a counter
    goes back to its sign-in, a device signs in again, and the client's new token is
    followed at once. Not emitted when the client holds another token already (a device's
    request signed in again meanwhile): signing in once more would end that session too.
    A locked session is asked again every ``LOCKED_RETRY_SECONDS``.
    """

    changed = Signal(str)
    session_ended = Signal(str)  # the refusal's key: session_ended, session_expired, ...
    connection_changed = Signal(bool)  # following the server's notices now, or not
    _arrived = Signal(str, object)  # from the socket's thread; queued to the GUI thread
    _ended = Signal(str, str)  # the key, and the token whose session ended
    _link = Signal(bool)

    def __init__(self, client: ServerClient, hall_id: int | None,
                 parent: QObject | None = None, *, topics: Iterable[str] | None = None,
                 retry_seconds: tuple[float, float] = RETRY_SECONDS) -> None:
        super().__init__(parent)
        self.client = client
        self.hall_id = hall_id
        self.topics = None if topics is None else sorted(set(topics))
        self.retry_first, self.retry_longest = retry_seconds
        self._arrived.connect(self._on_arrived)
        self._ended.connect(self._on_ended)
        self._link.connect(self.connection_changed)
        self._connected = False
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._socket: ClientConnection | None = None
        self._thread: threading.Thread | None = None
        self._refused_token: str | None = None  # ended: not tried again

    # --- the GUI thread -----------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(self._stopping,),
                                        name="halldesk-notices-client", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Closes the socket and ends the thread (waits at most about ``timeout`` seconds;
        a thread still opening a connection ends on its own right after)."""
        self._stopping.set()
        with self._lock:
            socket = self._socket
        if socket is not None:
            try:
                socket.close()
            except Exception as exc:  # already gone
                log.debug("live notices: close: %s", exc)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def connected(self) -> bool:
        """Signed in on the server's socket and following its notices right now."""
        return self._connected

    def _on_ended(self, key: str, token: str) -> None:
        if self.client.token == token:  # not when a request signed in again meanwhile
            self.session_ended.emit(key)

    def _on_arrived(self, topic: str, hall_id: object) -> None:
        if (topic == events.RELOAD_ALL or hall_id is None or self.hall_id is None
                or hall_id == self.hall_id):
            self.changed.emit(topic)

    # --- the socket's thread ------------------------------------------------------------------

    def _emit(self, signal: Any, *args: Any) -> None:
        """A signal from the socket's thread (queued to the GUI thread); nothing once the
        object was deleted (its window closed)."""
        if not shiboken6.isValid(self):
            self._stopping.set()
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # deleted meanwhile
            self._stopping.set()

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self._emit(self._link, connected)

    def _run(self, stopping: threading.Event) -> None:
        wait = self.retry_first
        while not stopping.is_set():
            token = self.client.token
            if token is None or token == self._refused_token:
                stopping.wait(0.2)  # not signed in (yet, or again): nothing to follow
                continue
            close = self._follow(token, stopping)
            self._set_connected(False)
            if stopping.is_set():
                break
            if close is None:  # no connection at all, or it broke
                stopping.wait(wait)
                wait = min(wait * 2, self.retry_longest)
                continue
            code, reason, heard = close
            if heard:
                wait = self.retry_first  # it worked for a while: try again at once-ish
            if code == CLOSE_REFUSED and reason in ENDED_KEYS:
                self._refused_token = token
                log.info("live notices: the session ended (%s)", reason)
                self._emit(self._ended, reason, token)
                continue
            if code == CLOSE_REFUSED:  # locked: wait until it is unlocked
                stopping.wait(LOCKED_RETRY_SECONDS)
                continue
            log.info("live notices: the server closed the socket (%s %s)", code, reason)
            stopping.wait(wait)
            wait = min(wait * 2, self.retry_longest)

    def _follow(self, token: str, stopping: threading.Event
                ) -> tuple[int, str, bool] | None:
        """One connection: signs in, delivers notices until it closes. The close's code and
        reason and whether anything was heard; None when it never opened or broke off."""
        try:
            url = self.client.websocket_url(PATH)
            # proxy=None: the token never goes through a proxy of the environment; the quiet
            # logger: websockets logs every frame at DEBUG, the hello with its token too.
            socket = connect(url, ssl=self.client.websocket_ssl(), proxy=None,
                             logger=_SOCKET_LOG, open_timeout=OPEN_TIMEOUT,
                             close_timeout=CLOSE_TIMEOUT)
        except (OSError, TimeoutError, InvalidHandshake, InvalidURI, ValueError) as exc:
            log.debug("live notices: cannot connect: %s", exc)
            return None
        with self._lock:
            self._socket = socket
        heard = False
        try:
            with socket:  # closes it, whatever ends the conversation
                if stopping.is_set():
                    return None
                hello: dict[str, Any] = {"token": token}
                if self.topics is not None:
                    hello["subscribe"] = self.topics
                socket.send(json.dumps(hello))
                for message in socket:
                    heard = True
                    self._deliver(message)
        except ConnectionClosed:
            pass
        except (OSError, TimeoutError) as exc:
            log.debug("live notices: connection lost: %s", exc)
        finally:
            with self._lock:
                self._socket = None
        code = socket.close_code
        if code is None or code == 1006:  # no close frame: the link broke
            return None
        return code, socket.close_reason or "", heard

    def _deliver(self, message: str | bytes) -> None:
        try:
            value = json.loads(message)
        except ValueError:
            log.warning("live notices: not JSON: %r", message[:80])
            return
        if not isinstance(value, dict):
            return
        topic, hall_id = value.get("topic"), value.get("hall_id")
        if not isinstance(topic, str) or not (hall_id is None or isinstance(hall_id, int)):
            return  # {"subscribed": [...]} and anything this client does not know
        if topic == events.RELOAD_ALL:
            self._set_connected(True)
        self._emit(self._arrived, topic, hall_id)


class Reloader(QObject, Generic[T]):
    """Runs ``load`` through the runner when asked; never two at once, never a lost request.

    ``on_loaded`` gets each result on the GUI thread; ``on_failed`` each error (the screen
    keeps showing its last state and says it may be stale).
    """

    def __init__(self, runner: OperationRunner, load: Callable[[ServerClient], T],
                 on_loaded: Callable[[T], None], on_failed: Callable[[BaseException], None],
                 parent: QObject | None = None, *, backup_ms: int = BACKUP_RELOAD_MS) -> None:
        """``load``: a named operation (``ui/ops``), a function of the server's client."""
        super().__init__(parent)
        self.runner = runner
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
        self.runner.run_api(self.load, on_done=self._done, on_error=self._failed)

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
