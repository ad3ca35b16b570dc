"""Live notices through the HallDesk server's WebSocket (``ui/live.py``): the hall display
hears a call with no database of its own, reloads after the server restarts, and a session
that is locked, ended or replaced is handled as the screens need — on both databases, against
a real server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import threading
import time
import types
from collections.abc import Iterator
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from app import events
from app.api import create_app, notice_codes
from app.client import ServerClient
from app.config import Settings
from app.db import Database
from app.permissions import Role
from app.services import devices, queueing
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.ui.conftest import RecordingEngine
from ui import i18n
from ui.display.window import DisplayWindow, HallDisplay, display_window
from ui.live import LiveNotices
from ui.operations import OperationRunner

ALL_DAY = {"opens_at": clock(0, 0), "closes_at": clock(23, 59, 59)}



class RestartableServer:
    """A HallDesk server (uvicorn, lifespan on: its live notices follow ``db``) that can be
    stopped and started again on the same port, as after a restart of the server's PC."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.port = 0
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> str:
        config = uvicorn.Config(create_app(self.db), host="127.0.0.1", port=self.port,
                                log_level="warning", access_log=False, lifespan="on")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="halldesk-test-server", daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        self.port = server.servers[0].sockets[0].getsockname()[1]
        self.server, self.thread = server, thread
        return self.url

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(timeout=20)
        self.server = self.thread = None


@pytest.fixture
def restartable(db: Database) -> Iterator[RestartableServer]:
    server = RestartableServer(db)
    server.start()
    yield server
    server.stop()


def enrolled_device(db: Database, hall: Hall, url: str, role: devices.DeviceRole = "display",
                    name: str = "大厅显示屏") -> tuple[ServerClient, str, int]:
    """A display (or kiosk) registered by the hall manager, enrolled with its one-time code
    and signed in at the server with its credential, as the device start-up does: its
    client, the credential and the device's number."""
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        given = devices.register_device(s, manager, hall.code, role, name)
    client = ServerClient(url)
    credential = client.enrol_device(given.device_id, given.code).credential
    client.device_sign_in(credential)
    assert client.actor is not None and client.actor.role == role
    return client, credential, given.device_id


def database_objects(*roots: object, limit: int = 300_000) -> list[str]:
    """What reaches a database from ``roots`` (attributes, containers, closures, bound
    methods, Qt children): ``Database``, engines, connections or sessions, by type name."""
    found: list[str] = []
    seen: set[int] = set()
    stack: list[Any] = list(roots)
    while stack and len(seen) < limit:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, str | bytes | int | float):
            continue
        seen.add(id(obj))
        if isinstance(obj, Database | Engine | Connection | Session):
            found.append(type(obj).__name__)
        elif not isinstance(obj, type | types.ModuleType | types.BuiltinFunctionType):
            stack.extend(_referents(obj))  # never a module's globals: the test holds the db
    return found


def _referents(obj: Any) -> list[Any]:
    if isinstance(obj, types.FunctionType):
        out = []
        for cell in obj.__closure__ or ():
            with contextlib.suppress(ValueError):  # an empty cell
                out.append(cell.cell_contents)
        return out
    if isinstance(obj, types.MethodType):
        return [obj.__self__, obj.__func__]
    out = []
    if isinstance(obj, dict):
        out.extend(obj.keys())
        out.extend(obj.values())
    elif isinstance(obj, list | tuple | set | frozenset):
        out.extend(obj)
    attributes = getattr(obj, "__dict__", None)
    if isinstance(attributes, dict):
        out.extend(attributes.values())
    out.extend(getattr(obj, slot, None) for slot in getattr(type(obj), "__slots__", ())
               if isinstance(slot, str))
    if isinstance(obj, QObject):
        out.extend(obj.children())
    return out


def kiosk(hall: Hall) -> Actor:
    return Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")


def test_a_display_hears_a_call_through_the_server_and_reloads_after_a_restart(
        qtbot: QtBot, db: Database, hall: Hall, restartable: RestartableServer) -> None:
    i18n.install("zh_CN")
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        service = queueing.create_service(s, manager, "A", "缴费", windows=(2,), **ALL_DAY)
    client, _, _ = enrolled_device(db, hall, restartable.url)
    assert client.actor is not None
    runner = OperationRunner(client)  # no database at all
    notices = LiveNotices(client, hall.info.id, topics=[events.QUEUE])
    links: list[bool] = []
    notices.connection_changed.connect(links.append)
    engine = RecordingEngine()
    display = HallDisplay(runner, client.actor, engine, notices=notices)
    qtbot.addWidget(display)
    display.resize(1280, 720)
    notices.start()
    display.start()
    cashier = ServerClient(restartable.url)
    try:
        qtbot.waitUntil(lambda: display.status is not None and notices.connected,
                        timeout=10000)
        assert database_objects(display, notices, runner, client) == []
        cashier.sign_in(hall.users["cashier"], PASSWORD, hall_code=hall.code, window_number=2)
        with db.scope() as s:
            queueing.issue_ticket(s, kiosk(hall), service.id)
        started = time.monotonic()
        assert cashier.call(queueing.call_next) is not None
        # The backup reload is 30 s away: only the server's notice can bring it this soon.
        qtbot.waitUntil(lambda: engine.said == ["请A零零一号到2号窗口办理"], timeout=5000)
        assert time.monotonic() - started < 5
        assert display.hero_call.text() == "请 A001 号\n到 2 号窗口"

        loads = display.reloader.loads
        restartable.stop()
        qtbot.waitUntil(lambda: not notices.connected and links[-1] is False, timeout=10000)
        with db.scope() as s:  # while the server is away (the test is the server's side)
            queueing.issue_ticket(s, kiosk(hall), service.id)
        with db.scope() as s:
            queueing.call_next(s, hall.login(db, "cashier", window=2))
        restartable.start()
        # Back: the socket reconnects, the server says "reload everything", the call made
        # meanwhile (less than a minute ago) is shown and spoken.
        qtbot.waitUntil(lambda: len(engine.said) == 2, timeout=20000)
        assert engine.said[1] == "请A零零二号到2号窗口办理"
        qtbot.waitUntil(lambda: links[-1] is True, timeout=5000)
        assert notices.connected
        assert display.reloader.loads > loads
        assert database_objects(display, notices, runner, client) == []
    finally:
        display.stop()
        notices.stop()
        runner.wait(10000)
        cashier.close()
        client.close()


def test_a_locked_session_is_waited_out_and_an_ended_one_is_said_once(
        qtbot: QtBot, db: Database, hall: Hall, ui_server: str) -> None:
    client = ServerClient(ui_server)
    client.sign_in(hall.users["clerk"], PASSWORD, hall_code=hall.code, window_number=1)
    notices = LiveNotices(client, hall.info.id)
    ended: list[str] = []
    heard: list[str] = []
    notices.session_ended.connect(ended.append)
    notices.changed.connect(heard.append)
    notices.start()
    try:
        reloads = lambda: heard.count(events.RELOAD_ALL)  # noqa: E731  (others: sign-ins)
        qtbot.waitUntil(lambda: notices.connected and reloads() == 1, timeout=10000)
        assert heard[0] == events.RELOAD_ALL
        client.lock()  # the server closes the socket within its session check (2 s)
        qtbot.waitUntil(lambda: not notices.connected, timeout=10000)
        qtbot.wait(500)
        assert ended == []  # locked is not ended: the counter shows its lock, then goes on
        client.unlock(PASSWORD)
        qtbot.waitUntil(lambda: notices.connected and reloads() == 2, timeout=10000)

        other = ServerClient(ui_server)  # the same session signed out from elsewhere
        other.token = client.token
        other.sign_out()
        other.close()
        qtbot.waitUntil(lambda: ended == ["session_ended"], timeout=10000)
        qtbot.wait(1000)
        assert ended == ["session_ended"] and not notices.connected  # not tried again

        client.sign_in(hall.users["clerk"], PASSWORD, hall_code=hall.code, window_number=1)
        qtbot.waitUntil(lambda: notices.connected and reloads() == 3,
                        timeout=10000)  # the new session's socket
        assert ended == ["session_ended"]
    finally:
        notices.stop()
        client.close()


def test_the_display_signs_in_again_when_its_session_ends_and_says_when_it_cannot(
        qtbot: QtBot, db: Database, hall: Hall, ui_server: str) -> None:
    from ui.device_start import DeviceClient

    i18n.install("zh_CN")
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        given = devices.register_device(s, manager, hall.code, "display", "大厅显示屏")
    client = DeviceClient(ui_server)  # the device start-up's client: it keeps the credential
    client.credential = client.enrol_device(given.device_id, given.code).credential
    signed = client.device_sign_in(client.credential)
    runner = OperationRunner(client)
    window = DisplayWindow(runner, signed.actor, speaker=RecordingEngine())
    qtbot.addWidget(window)
    ended: list[str] = []
    window.notices.session_ended.connect(ended.append)
    try:
        qtbot.waitUntil(lambda: window.notices.connected
                        and window.display.status is not None, timeout=10000)
        assert database_objects(window, runner, client) == []
        first = client.token
        elsewhere = ServerClient(ui_server)  # the same credential signs in on another PC:
        elsewhere.device_sign_in(client.credential)  # this display's session is replaced
        elsewhere.close()
        qtbot.waitUntil(lambda: ended == ["session_ended"], timeout=15000)
        qtbot.waitUntil(lambda: client.token != first and window.notices.connected,
                        timeout=15000)
        second = client.token
        qtbot.wait(3000)  # signed in once: no session of its own is replaced again
        assert client.token == second and ended == ["session_ended"]
        assert window.display.offline_label.isHidden()

        with db.scope() as s:
            devices.revoke_device(s, manager, given.device_id, "被盗")
        qtbot.waitUntil(lambda: not window.display.offline_label.isHidden(), timeout=15000)
        assert not window.notices.connected
        assert client.credential is None  # refused for good: forgotten, enrolment next
    finally:
        window.close()
        runner.wait(10000)
        client.close()


def test_a_display_pc_starts_with_its_kept_credential_and_shows_a_call(
        qtbot: QtBot, db: Database, hall: Hall, tmp_path: Path, ui_server: str) -> None:
    """``main.py display``'s way: the device start-up (the embedded server over the PC's
    database, the credential from the keyring) makes the display window, which follows
    the hall through its server."""
    import keyring

    from app import device_credential
    from tests.test_config import MemoryKeyring
    from ui.device_start import DeviceShell

    i18n.install("zh_CN")
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        service = queueing.create_service(s, manager, "A", "缴费", windows=(2,), **ALL_DAY)
    settings = Settings(db_url=db.url.render_as_string(hide_password=False),
                        config_dir=tmp_path / "cfg", data_dir=tmp_path / "data")
    client, credential, _ = enrolled_device(db, hall, ui_server)
    client.close()
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    shell = DeviceShell(settings, "display", display_window(settings), retry_ms=200)
    try:
        device_credential.keep(device_credential.server_of(settings), "display", credential)
        shell.resize(1280, 720)
        shell.show()
        shell.start()
        qtbot.waitUntil(lambda: isinstance(shell.window_, DisplayWindow)
                        and shell.window_.display.status is not None
                        and shell.window_.notices.connected, timeout=15000)
        window = shell.window_
        assert isinstance(window, DisplayWindow)
        assert database_objects(window) == []
        with db.scope() as s:
            queueing.issue_ticket(s, kiosk(hall), service.id)
        with db.scope() as s:
            queueing.call_next(s, hall.login(db, "cashier", window=2))
        qtbot.waitUntil(lambda: window.display.hero_call.text() == "请 A001 号\n到 2 号窗口",
                        timeout=5000)
    finally:
        shell.shutdown()
        shell.close()
        keyring.set_keyring(previous)


def test_the_socket_address_follows_the_servers_scheme() -> None:
    plain = ServerClient("http://127.0.0.1:8470/")
    assert plain.websocket_url(notice_codes.PATH) == "ws://127.0.0.1:8470/api/v1/notices"
    assert plain.websocket_ssl() is None
    secure = ServerClient("https://halldesk.example.cn:8443")
    assert secure.websocket_url(notice_codes.PATH) == "wss://halldesk.example.cn:8443/api/v1/notices"
    context = secure.websocket_ssl()
    assert context is not None and context.check_hostname
    plain.close()
    secure.close()


def test_notices_follow_an_https_server_with_the_company_ca_and_never_another(
        qtbot: QtBot, db: Database, hall: Hall, tmp_path: Path) -> None:
    """wss:// with the client's own TLS verification: the company's CA is trusted for the
    socket as for the requests; a client that trusts another CA never follows."""
    from tests.api.test_tls import TlsServer, make_ca, make_server_cert, write

    company, other = make_ca("HallDesk test company CA"), make_ca("Someone else's CA")
    ca_file, _ = write(company, tmp_path, "company-ca")
    other_ca_file, _ = write(other, tmp_path, "other-ca")
    certfile, keyfile = write(make_server_cert(company, ("localhost",), ("127.0.0.1",)),
                              tmp_path, "server")
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        service = queueing.create_service(s, manager, "A", "缴费", windows=(1,), **ALL_DAY)
    server = TlsServer(db, certfile, keyfile, lifespan="on")
    trusting = ServerClient(server.url(), ca_file=ca_file)
    wary = ServerClient(server.url(), ca_file=other_ca_file)
    followers: list[LiveNotices] = []
    try:
        trusting.sign_in(hall.users["clerk"], PASSWORD, hall_code=hall.code, window_number=1)
        wary.token = trusting.token  # as if it had signed in: its socket must still refuse
        followers = [LiveNotices(trusting, hall.info.id, topics=[events.QUEUE]),
                     LiveNotices(wary, hall.info.id, topics=[events.QUEUE])]
        heard: list[str] = []
        followers[0].changed.connect(heard.append)
        for follower in followers:
            follower.start()
        qtbot.waitUntil(lambda: followers[0].connected and events.RELOAD_ALL in heard,
                        timeout=10000)
        with db.scope() as s:
            queueing.issue_ticket(s, kiosk(hall), service.id)
        assert trusting.call(queueing.call_next) is not None
        qtbot.waitUntil(lambda: events.QUEUE in heard, timeout=5000)
        assert not followers[1].connected  # it has tried all along, and sent nothing
    finally:
        for follower in followers:
            follower.stop()
        trusting.close()
        wary.close()
        server.stop()



def test_the_token_is_in_no_log_line_even_at_debug(
        qtbot: QtBot, db: Database, hall: Hall, ui_server: str,
        caplog: pytest.LogCaptureFixture) -> None:
    """websockets logs every frame at DEBUG, and the socket's first frame holds the session's
    token: a counter whose log is turned up to DEBUG must still not write it."""
    import logging

    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    client = ServerClient(ui_server)
    client.sign_in(hall.users["clerk"], PASSWORD, hall_code=hall.code, window_number=1)
    token = client.token
    assert token
    notices = LiveNotices(client, hall.info.id)
    notices.start()
    try:
        qtbot.waitUntil(lambda: notices.connected, timeout=10000)
    finally:
        notices.stop()
        client.close()
    assert caplog.records  # the log was written at DEBUG
    assert token not in caplog.text
    assert token[:24] not in caplog.text
