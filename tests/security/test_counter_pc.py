"""No database credential on a counter, kiosk or display PC (issue 10, acceptance 1).

A PC here is its own settings folder, log folder and keyring (keyring's backend replaced by
one in memory, so that every entry can be read back), with no ``HALLDESK_DB_URL`` in its
environment. The server is another process, ``main.py server`` over https with a
certificate of a throwaway company CA, given the database; the device registrations are run
on the server's side too (``main.py device add`` in the server's folders). What is looked for
everywhere on the PC: the database's URL (as given and as shown with the password hidden),
its name or file path, its user@host and password, and the app role's password.

Each PC is set up as docs/deployment.md says (``config set server_url`` and
``config set server_ca_file``, nothing about the database) and then used through its Qt
program, offscreen: the counter signs in as a clerk and as a cashier, finds a customer, opens
the cashier's desk and its shift, signs out; a kiosk and a display enrol with the code
``device add`` printed and take a number / show a call. Afterwards the PC's files, keyring,
log (DEBUG) and environment hold no database secret, a device's keyring holds its credential
and nothing else, and no object of the program reaches a database. A counter set up the old
way (``config set db_url`` and ``db-password set``) fails these tests.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from datetime import time as clock
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from app import device_credential
from app.config import load_settings
from app.db import Database
from app.models import Account, AuditEntry, Customer
from app.services import queueing
from tests.api.test_tls import make_ca, make_server_cert, write
from tests.conftest import PASSWORD, Hall
from tests.ui.test_live_notices import _referents
from ui import i18n

ROOT = Path(__file__).resolve().parents[2]
APP_PASSWORD = "counter-app-role-secret"  # what `db-password set` would be given on a PC
WAIT = 15000


class MemoryKeyring(KeyringBackend):
    """A keyring whose entries the test can list (a real OS keyring cannot be listed)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@dataclass
class ClientPC:
    """A counter, kiosk or display PC: its folders, keyring and environment."""

    root: Path
    keyring: MemoryKeyring

    def places(self, *, keyring: bool = True) -> dict[str, str]:
        """What the PC holds, by where: settings, log and other files, keyring, environment."""
        places: dict[str, str] = {
            str(path.relative_to(self.root)): path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(self.root.rglob("*")) if path.is_file()}
        if keyring:
            for (service, user), password in self.keyring.entries.items():
                places[f"keyring {service}/{user}"] = f"{service} {user} {password}"
        places["environment"] = "\n".join(f"{k}={v}" for k, v in os.environ.items())
        return places

    def found(self, secrets: list[str], *, keyring: bool = True) -> list[str]:
        """Where on this PC any of ``secrets`` is."""
        return [f"{secret!r} in {where}"
                for where, text in self.places(keyring=keyring).items()
                for secret in secrets if secret and secret in text]

    def log_text(self) -> str:
        for handler in logging.getLogger().handlers:
            handler.flush()
        return (self.root / "log" / "halldesk.log").read_text(encoding="utf-8")


@pytest.fixture
def client_pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ClientPC]:
    root = tmp_path / "client-pc"
    for var, sub in (("HALLDESK_CONFIG_DIR", "config"), ("HALLDESK_DATA_DIR", "data"),
                     ("HALLDESK_LOG_DIR", "log")):
        monkeypatch.setenv(var, str(root / sub))
    for var in ("HALLDESK_DB_URL", "HALLDESK_TEST_PG_URL"):  # the latter: the test runner's
        monkeypatch.delenv(var, raising=False)
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    handlers = list(logging.getLogger().handlers)
    level = logging.getLogger().level
    try:
        yield ClientPC(root, memory)
    finally:
        keyring.set_keyring(before)
        for handler in logging.getLogger().handlers:
            if handler not in handlers:
                logging.getLogger().removeHandler(handler)
                handler.close()
        logging.getLogger().setLevel(level)
        if QCoreApplication.instance() is not None:
            i18n.install("zh_CN")


def database_objects(*roots: object, limit: int = 300_000) -> list[str]:
    """What reaches a database from ``roots`` (attributes, containers, closures, bound
    methods, Qt children): ``Database``, engines, connections or sessions, by type name.
    (tests/ui/test_live_notices.py's walk, passing over weak proxies whose object is gone.)"""
    found: list[str] = []
    seen: set[int] = set()
    stack: list[Any] = list(roots)
    while stack and len(seen) < limit:
        obj = stack.pop()
        try:
            if id(obj) in seen or obj is None or isinstance(obj, str | bytes | int | float):
                continue
            seen.add(id(obj))
            if isinstance(obj, Database | Engine | Connection | Session):
                found.append(type(obj).__name__)
            elif not isinstance(obj, type | types.ModuleType | types.BuiltinFunctionType):
                stack.extend(_referents(obj))  # never a module's globals: the test holds the db
        except ReferenceError:  # a weakref.proxy to an object already collected
            continue
    return found


def database_secrets(db: Database) -> list[str]:
    url = db.url
    found = [url.render_as_string(hide_password=False), url.render_as_string(hide_password=True),
             str(url.database or "")]
    if url.password:
        found.append(str(url.password))
    if url.host:
        found.append(f"{url.username}@{url.host}")
    return [*found, APP_PASSWORD]


@dataclass
class Server:
    """``main.py server`` on the database, as its own process with its own folders, serving
    https with a certificate of the company's CA (for 127.0.0.1)."""

    url: str
    ca_file: str  # the company CA's certificate, as it is handed to every client PC
    env: dict[str, str]
    db_url: str

    def command(self, *args: str) -> str:
        """A command run on the server's side (its folders, its database): its output."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db-url", self.db_url, *args], cwd=ROOT,
            env=self.env, capture_output=True, text=True, encoding="utf-8", timeout=120,
            check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def add_device(self, hall: str, role: str, name: str) -> tuple[str, str]:
        """``main.py device add``: the device's number and its one-time code."""
        printed = self.command("device", "add", hall, role, name)
        found = re.search(r"device (\d+) .*enrolment code (\d{8})", printed)
        assert found, printed
        return found.group(1), found.group(2)


@pytest.fixture
def server_process(db: Database, tmp_path: Path) -> Iterator[Server]:
    side = tmp_path / "server"
    side.mkdir()
    company = make_ca("HallDesk test company CA")
    ca_file, _ = write(company, side, "company-ca")
    certfile, keyfile = write(make_server_cert(company, ("localhost",), ("127.0.0.1",)), side,
                              "server")
    env = {**os.environ, "HALLDESK_CONFIG_DIR": str(side / "config"),
           "HALLDESK_DATA_DIR": str(side / "data"), "HALLDESK_LOG_DIR": str(side / "log"),
           "PYTHONIOENCODING": "utf-8"}
    url = db.url.render_as_string(hide_password=False)
    with subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--db-url", url, "server", "--port", "0",
             "--certfile", certfile, "--keyfile", keyfile],
            cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
            text=True) as process:
        try:
            assert process.stderr is not None
            port = None
            deadline = time.monotonic() + 60
            while port is None and time.monotonic() < deadline:
                line = process.stderr.readline()
                if not line:
                    break
                found = re.search(r"running on https://127\.0\.0\.1:(\d+)", line)
                port = int(found.group(1)) if found else None
            assert port, "the server did not say where it listens"
            yield Server(f"https://127.0.0.1:{port}", ca_file, env, url)
        finally:
            process.terminate()
            process.wait(timeout=20)


def set_up_as_documented(pc: ClientPC, server: Server) -> None:
    """docs/deployment.md, "5. Configure the counters, kiosks and displays": the company
    CA's certificate copied to the PC, the server's address and that certificate in its
    settings. Nothing else."""
    import main

    ca_file = pc.root / "company-ca.pem"
    ca_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(server.ca_file, ca_file)
    assert main.main(["config", "set", "server_url", server.url]) == 0
    assert main.main(["config", "set", "server_ca_file", str(ca_file)]) == 0
    logging.getLogger().setLevel(logging.DEBUG)  # everything the program and httpx say


def assert_holds_no_database(pc: ClientPC, db: Database) -> None:
    assert pc.found(database_secrets(db)) == []
    # No database of its own either: the embedded server's file was never made.
    assert [p.name for p in pc.root.rglob("*.sqlite3*")] == []


def test_a_sign_in_through_the_server_leaves_no_database_credential_on_the_counter(
        db: Database, hall: Hall, client_pc: ClientPC, server_process: Server) -> None:
    import main

    main.setup_logging()  # the counter's log, as the client writes it
    logging.getLogger().setLevel(logging.DEBUG)  # and everything the HTTP client says
    with httpx.Client(base_url=server_process.url, timeout=30,
                      verify=ssl.create_default_context(cafile=server_process.ca_file)
                      ) as http:
        answer = http.post("/api/v1/session/sign-in", json={
            "username": hall.users["clerk"], "password": PASSWORD, "hall_code": "H01",
            "window_number": 2})
        assert answer.status_code == 200, answer.text
        headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        found = http.post("/api/v1/customers/search_customers", json={"query": "张三"},
                          headers=headers)
        assert found.status_code == 200, found.text
        wrong = http.post("/api/v1/session/sign-in", json={
            "username": hall.users["clerk"], "password": "wrong-pass1", "hall_code": "H01"})
        assert wrong.status_code == 401
        logging.getLogger("halldesk").info("signed in at %s", server_process.url)
    assert server_process.url in client_pc.log_text()  # the log was written
    assert client_pc.found(database_secrets(db)) == []
    for text in (answer.text, found.text, wrong.text):
        assert [s for s in database_secrets(db) if s and s in text] == []


def test_a_counter_pc_set_up_as_documented_holds_no_database_credential(
        qtbot: QtBot, db: Database, hall: Hall, client_pc: ClientPC,
        server_process: Server) -> None:
    from PySide6.QtCore import Qt

    from ui.cashier.area import CashierArea
    from ui.counter.controller import CounterController
    from ui.counter.main_window import MainWindow

    with db.scope() as s:  # the server's side: a customer to be found
        customer = Customer(name="张三明", phone="13812345678")
        customer.accounts = [Account(account_no="1000000001", kind="gas",
                                     address="和平区南京路12号", meter_no="GM20001",
                                     opened_on=date(2015, 3, 1))]
        s.add(customer)
    set_up_as_documented(client_pc, server_process)
    settings = load_settings()
    assert (settings.server_url, settings.server_ca_file) == (
        server_process.url, str(client_pc.root / "company-ca.pem"))
    i18n.install(settings.language)
    controller = CounterController(settings, retry_ms=3000)

    def sign_in(username: str) -> MainWindow:
        login = controller.login
        assert login is not None
        qtbot.waitUntil(lambda: login.schema_ok and login.hall_box.count() > 1, timeout=WAIT)
        login.hall_box.setCurrentIndex(login.hall_box.findData("H01"))
        login.window_box.setCurrentIndex(login.window_box.findData(2))
        login.username.setText(username)
        login.password.setText(PASSWORD)
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: controller.window is not None, timeout=WAIT)
        window = controller.window
        assert window is not None
        qtbot.waitUntil(lambda: window.db_label.text() == "服务器已连接", timeout=WAIT)
        return window

    def sign_out(window: MainWindow) -> None:
        window.sign_out_action.trigger()
        qtbot.waitUntil(lambda: controller.window is None and controller.login is not None,
                        timeout=WAIT)
        controller.runner.wait(10000)

    try:
        controller.start()
        assert controller.server is None and not controller.embedded
        window = sign_in(hall.users["clerk"])
        window.search.search_for("南京路12")
        qtbot.waitUntil(lambda: window.search.results.count() == 1, timeout=WAIT)
        window.search.results.setCurrentRow(0)
        qtbot.waitUntil(lambda: window.card.card is not None, timeout=WAIT)
        assert window.card.name.text().startswith("张三明")
        assert database_objects(controller, window) == []
        sign_out(window)

        window = sign_in(hall.users["cashier"])
        area = window.areas["cashier"]
        assert isinstance(area, CashierArea)
        window.tabs.setCurrentWidget(area)
        qtbot.waitUntil(lambda: area.shift_bar.known, timeout=WAIT)
        area.shift_bar.float_box.setText("200.00")
        area.shift_bar.open_button.click()
        qtbot.waitUntil(area.shift_bar.is_open, timeout=WAIT)
        window.search.search_for("1000000001")
        qtbot.waitUntil(lambda: window.card.card is not None, timeout=WAIT)
        assert database_objects(controller, window) == []
        sign_out(window)
        assert controller.server is None  # never an embedded server, so never a database
    finally:
        controller.monitor.stop()
        if controller.window is not None:  # signed-out windows are deleted by the controller
            controller.window.idle.remove()
            controller.window.close()
        controller.runner.wait(10000)
        qtbot.wait(50)
        controller.shutdown()

    with db.scope(readonly=True) as s:  # both sign-outs reached the server
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.action.startswith("logout"))).all()
    assert len(actions) == 2, actions
    assert server_process.url in client_pc.log_text()  # the log was written, at DEBUG
    assert client_pc.keyring.entries == {}  # a counter keeps nothing in the keyring
    assert_holds_no_database(client_pc, db)


@pytest.mark.parametrize("role", ["kiosk", "display"])
def test_a_device_pc_set_up_as_documented_holds_only_its_credential(
        qtbot: QtBot, db: Database, hall: Hall, client_pc: ClientPC, server_process: Server,
        role: str) -> None:
    """A kiosk or display PC: registered on the server's side (``main.py device add``), the
    printed code typed at its first start; its keyring then holds its own credential and
    nothing else, and no file or log holds that credential or anything of the database."""
    from PySide6.QtCore import Qt

    from ui.device_start import DeviceShell
    from ui.display.window import DisplayWindow, display_window
    from ui.kiosk.window import KioskWindow, load_printer

    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:  # the server's side: a service of the hall
        service = queueing.create_service(s, manager, "A", "缴费", windows=(2,),
                                          opens_at=clock(0, 0), closes_at=clock(23, 59, 59))
    number, code = server_process.add_device("H01", role, f"大厅{role}")
    set_up_as_documented(client_pc, server_process)
    settings = load_settings()
    i18n.install(settings.language)
    if role == "kiosk":
        printer = load_printer(settings)  # none configured: the number is shown on screen
        shell = DeviceShell(settings, "kiosk", lambda runner, actor: KioskWindow(
            runner, actor, printer=printer), retry_ms=200)  # as main.py kiosk makes it
    else:
        shell = DeviceShell(settings, "display", display_window(settings), retry_ms=200)
    try:
        shell.resize(1366, 768)
        shell.show()
        shell.start()
        qtbot.waitUntil(lambda: shell.pages.currentWidget() is shell.enrolment_page,
                        timeout=WAIT)
        page = shell.enrolment
        page.number.setFocus()
        qtbot.keyClicks(page.number, number)
        qtbot.keyClick(page.number, Qt.Key.Key_Return)
        qtbot.keyClicks(page.code, code)
        qtbot.keyClick(page.code, Qt.Key.Key_Return)
        if role == "kiosk":
            qtbot.waitUntil(lambda: isinstance(shell.window_, KioskWindow)
                            and shell.window_.screen_.status is not None, timeout=WAIT)
            kiosk = shell.window_
            assert isinstance(kiosk, KioskWindow)
            kiosk.screen_.service_buttons[service.id].click()
            qtbot.waitUntil(lambda: kiosk.screen_.result_code.text() == "A001", timeout=WAIT)
        else:
            qtbot.waitUntil(lambda: isinstance(shell.window_, DisplayWindow)
                            and shell.window_.display.status is not None
                            and shell.window_.notices.connected, timeout=WAIT)
            display = shell.window_
            assert isinstance(display, DisplayWindow)
            with db.scope() as s:  # the server's side: a number taken and called
                queueing.issue_ticket(s, manager, service.id)
            with db.scope() as s:
                queueing.call_next(s, hall.login(db, "cashier", window=2))
            qtbot.waitUntil(lambda: display.display.hero_call.text() == "请 A001 号\n到 2 号窗口",
                            timeout=WAIT)
        assert database_objects(shell) == []
        assert shell.server is None  # no embedded server, so no database
    finally:
        shell.shutdown()
        shell.close()

    server_key = device_credential.service_name(server_process.url)
    assert list(client_pc.keyring.entries) == [(server_key, role)]  # its credential only
    credential = client_pc.keyring.entries[server_key, role]
    assert len(credential) >= 40
    assert client_pc.found([credential], keyring=False) == []  # no file, log or variable
    assert server_process.url in client_pc.log_text()
    assert_holds_no_database(client_pc, db)
