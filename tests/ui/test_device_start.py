"""A kiosk's start on both databases (ui/device_start.py): enrolment with the device's number
and one-time code on a real HallDesk server (embedded over the test database, as the
zero-setup default, or named by [server] url), the credential kept in the keyring and nowhere
else, the silent sign-in at the next start, a revoked device back at its enrolment screen, an
expired session renewed, a PC without a keyring saying so, and the enrolment screen's fit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app import device_credential
from app.config import Settings
from app.db import Database
from app.errors import DeviceRefused
from app.models import StaffSession
from app.models.base import utcnow
from app.services import devices, queueing
from app.services.devices import EnrolmentCode
from tests.conftest import Hall
from tests.test_config import MemoryKeyring
from ui import i18n
from ui.device_start import DeviceClient, DeviceShell, EnrolmentPage
from ui.kiosk.window import KioskWindow
from ui.operations import OperationRunner

WAIT = 15000




@pytest.fixture
def english() -> Iterator[None]:
    i18n.install("en")  # the English source texts: stable whatever the .ts holds
    yield
    i18n.install("zh_CN")


def settings_for(db: Database, tmp_path: Path, server_url: str = "") -> Settings:
    """A kiosk PC's settings: the embedded default over the test database, or a named server."""
    return Settings(db_url=db.url.render_as_string(hide_password=False),
                    config_dir=tmp_path / "cfg", data_dir=tmp_path / "data",
                    server_url=server_url)


def register(db: Database, hall: Hall, name: str = "大厅1号机",
             role: devices.DeviceRole = "kiosk") -> EnrolmentCode:
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        return devices.register_device(s, manager, hall.code, role, name)


def enrolled(db: Database, hall: Hall, url: str) -> str:
    """A kiosk enrolled on the server (as if on an earlier start): its credential."""
    code = register(db, hall)
    client = DeviceClient(url)
    try:
        return client.enrol_device(code.device_id, code.code).credential  # type: ignore[no-any-return]
    finally:
        client.close()


class Shells:
    """Starts device shells as ``main.py kiosk`` does and shuts them down after the test."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.started: list[DeviceShell] = []
        self.pages: list[str] = []  # what each shell showed, in order

    def start(self, settings: Settings, *, role: devices.DeviceRole = "kiosk",
              size: QSize | None = None,
              make_window: Callable[[OperationRunner, Any], QWidget] | None = None
              ) -> DeviceShell:
        def kiosk(runner: OperationRunner, actor: Any) -> QWidget:
            return KioskWindow(runner, actor, printer=None)

        shell = DeviceShell(settings, role, make_window or kiosk, retry_ms=200)
        self.started.append(shell)
        shell.pages.currentChanged.connect(lambda _i: self.pages.append(self.page(shell)))
        shell.resize(size or QSize(1366, 768))
        shell.show()
        shell.start()
        return shell

    @staticmethod
    def page(shell: DeviceShell) -> str:
        current = shell.pages.currentWidget()
        if current is shell.enrolment_page:
            return "enrolment"
        if current is shell.note_page:
            return "note"
        return "device"

    def wait_page(self, shell: DeviceShell, page: str) -> None:
        self.qtbot.waitUntil(lambda: self.page(shell) == page, timeout=WAIT)

    def wait_kiosk(self, shell: DeviceShell) -> KioskWindow:
        self.qtbot.waitUntil(lambda: isinstance(shell.window_, KioskWindow)
                             and shell.window_.screen_.status is not None, timeout=WAIT)
        window = shell.window_
        assert isinstance(window, KioskWindow)
        return window

    def stop(self) -> None:
        for shell in self.started:
            shell.shutdown()
            shell.close()
            shell.deleteLater()
        self.started = []


@pytest.fixture
def shells(qtbot: QtBot) -> Iterator[Shells]:
    shells = Shells(qtbot)
    yield shells
    shells.stop()


def type_into(qtbot: QtBot, page: EnrolmentPage, number: str, code: str) -> None:
    """As a technician types: the number, Enter, the code, Enter."""
    page.number.setFocus()
    page.number.clear()
    qtbot.keyClicks(page.number, number)
    qtbot.keyClick(page.number, Qt.Key.Key_Return)
    assert page.code.hasFocus()
    page.code.clear()
    qtbot.keyClicks(page.code, code)
    qtbot.keyClick(page.code, Qt.Key.Key_Return)


def wrong(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def files_under(path: Path) -> str:
    return " ".join(p.read_text(encoding="utf-8", errors="replace")
                    for p in path.rglob("*") if p.is_file()) if path.exists() else ""


# --- the first start, and the next ----------------------------------------------------------


def test_first_start_enrols_with_the_code_and_keeps_the_credential_in_the_keyring_only(
        qtbot: QtBot, shells: Shells, db: Database, hall: Hall, tmp_path: Path,
        memory_keyring: MemoryKeyring, english: None, caplog: pytest.LogCaptureFixture
        ) -> None:
    caplog.set_level(logging.DEBUG)
    settings = settings_for(db, tmp_path)  # no [server] url: the embedded server
    code = register(db, hall)
    shell = shells.start(settings)
    shells.wait_page(shell, "enrolment")
    page = shell.enrolment
    assert page.heading.text() == "Enrol this ticket kiosk"
    assert not page.reason.isVisible()

    # A number no device has: said under the number, what was typed kept.
    type_into(qtbot, page, "999", code.code)
    qtbot.waitUntil(page.number_error.isVisible, timeout=WAIT)
    assert page.number_error.text() == ("⚠ There is no device 999 waiting to be enrolled: "
                                        "check the number.")
    assert (page.number.text(), page.code.text()) == ("999", code.code)

    # A wrong code: said under the code, the typed code kept for correcting.
    type_into(qtbot, page, str(code.device_id), wrong(code.code))
    qtbot.waitUntil(page.code_error.isVisible, timeout=WAIT)
    assert page.code_error.text() == ("⚠ The code is wrong: check it and type it again. 4 more "
                                      "wrong tries and it stops working.")
    assert page.code.text() == wrong(code.code)
    assert page.code.property("problem") == "true"
    assert shell.window_ is None and not memory_keyring.secrets

    # Seven digits: refused here, nothing sent (no try is used up).
    type_into(qtbot, page, str(code.device_id), code.code[:7])
    assert page.code_error.text() == "⚠ The one-time code has 8 digits."

    qtbot.keyClick(page.code, Qt.Key.Key_Backspace)
    assert not page.code_error.isVisible()  # edited: the sentence goes
    type_into(qtbot, page, str(code.device_id), code.code)
    window = shells.wait_kiosk(shell)
    assert window.screen_.hall_label.text() == "第一营业厅"
    assert window.actor.role == "kiosk" and window.actor.hall_code == hall.code
    assert window.actor.username == "大厅1号机"

    entry = (device_credential.service_name(device_credential.server_of(settings)), "kiosk")
    assert list(memory_keyring.secrets) == [entry]
    assert entry[0].startswith("HallDesk device embedded ")
    credential = memory_keyring.secrets[entry]
    with db.scope() as s:
        device, _hall = devices.signed_device(s, credential)
        assert device.id == code.device_id
    assert credential not in files_under(settings.config_dir)
    assert credential not in files_under(settings.data_dir)
    assert credential not in caplog.text

    # The next start signs in with the kept credential: no enrolment screen at all.
    shells.stop()
    shells.pages.clear()
    again = shells.start(settings)
    window = shells.wait_kiosk(again)
    assert "enrolment" not in shells.pages
    assert window.actor.username == "大厅1号机"
    assert credential not in caplog.text


def test_a_display_enrols_the_same_way_on_a_named_server(
        qtbot: QtBot, shells: Shells, db: Database, hall: Hall, tmp_path: Path,
        ui_server: str, memory_keyring: MemoryKeyring, english: None) -> None:
    """[server] url names the server: the credential is kept under its address, per role."""
    code = register(db, hall, "大屏", role="display")
    made: list[tuple[OperationRunner, Any]] = []

    def display(runner: OperationRunner, actor: Any) -> QWidget:
        made.append((runner, actor))
        return QLabel("the display")

    shell = shells.start(settings_for(db, tmp_path, ui_server), role="display",
                         make_window=display)
    shells.wait_page(shell, "enrolment")
    assert shell.enrolment.heading.text() == "Enrol this hall display"
    type_into(qtbot, shell.enrolment, str(code.device_id), code.code)
    qtbot.waitUntil(lambda: bool(made), timeout=WAIT)
    runner, actor = made[0]
    assert actor.role == "display" and actor.hall_code == hall.code
    assert runner.client is not None and runner.client.base_url == ui_server
    assert list(memory_keyring.secrets) == [(f"HallDesk device {ui_server}", "display")]
    status = runner.client.call(queueing.queue_status)  # the display reads its hall's queue
    assert status.hall_name == "第一营业厅"


def test_a_display_closed_at_the_end_asks_its_server_nothing_more(
        qtbot: QtBot, shells: Shells, db: Database, hall: Hall, tmp_path: Path,
        memory_keyring: MemoryKeyring, english: None, caplog: pytest.LogCaptureFixture
        ) -> None:
    """The display's notices say, as they stop, that they are no longer followed: a closed
    display does not reload for it (with the client already closed: a failed operation)."""
    from ui.display.window import DisplayWindow, display_window

    settings = settings_for(db, tmp_path)
    code = register(db, hall, "大屏", role="display")
    shell = shells.start(settings, role="display", make_window=display_window(settings))
    shells.wait_page(shell, "enrolment")
    type_into(qtbot, shell.enrolment, str(code.device_id), code.code)
    qtbot.waitUntil(lambda: isinstance(shell.window_, DisplayWindow)
                    and shell.window_.display.status is not None
                    and shell.window_.notices.connected, timeout=WAIT)
    window = shell.window_
    assert isinstance(window, DisplayWindow)
    reloader = window.display.reloader
    qtbot.waitUntil(lambda: not reloader.running, timeout=WAIT)
    loads = reloader.loads
    caplog.set_level(logging.ERROR)
    shells.stop()
    qtbot.wait(500)
    assert reloader.loads == loads, "the closed display reloaded"
    assert "background operation failed" not in caplog.text


# --- refused credentials --------------------------------------------------------------------


def test_a_revoked_kiosk_goes_back_to_the_enrolment_screen_and_forgets_its_credential(
        qtbot: QtBot, shells: Shells, db: Database, hall: Hall, tmp_path: Path,
        ui_server: str, memory_keyring: MemoryKeyring, english: None) -> None:
    settings = settings_for(db, tmp_path, ui_server)
    credential = enrolled(db, hall, ui_server)
    device_credential.keep(device_credential.server_of(settings), "kiosk", credential)
    shell = shells.start(settings)
    window = shells.wait_kiosk(shell)
    assert "enrolment" not in shells.pages
    with db.scope() as s:
        device, _hall = devices.signed_device(s, credential)
        device_id = device.id
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        devices.revoke_device(s, manager, device_id, "stolen from the hall")
    window.screen_.reload()  # its next reload (or its notices' close) finds out
    shells.wait_page(shell, "enrolment")
    assert shell.window_ is None
    assert shell.enrolment.reason.isVisible()
    assert shell.enrolment.reason.text() == (
        "This device was revoked on the HallDesk server. It works again once it is registered "
        "anew: enrol it with its new number and code.")
    qtbot.waitUntil(lambda: not memory_keyring.secrets, timeout=WAIT)

    # A new registration of the same kiosk: enrolled again, the kiosk is back.
    code = register(db, hall, "大厅1号机（新）")
    type_into(qtbot, shell.enrolment, str(code.device_id), code.code)
    window = shells.wait_kiosk(shell)
    assert window.actor.username == "大厅1号机（新）"


def test_a_credential_the_server_does_not_know_is_forgotten_at_start(
        qtbot: QtBot, shells: Shells, db: Database, hall: Hall, tmp_path: Path,
        memory_keyring: MemoryKeyring, english: None) -> None:
    settings = settings_for(db, tmp_path)
    device_credential.keep(device_credential.server_of(settings), "kiosk",
                           "a-credential-of-another-server")
    shell = shells.start(settings)
    shells.wait_page(shell, "enrolment")
    assert shell.enrolment.reason.text().startswith(
        "The HallDesk server does not know this device's credential")
    qtbot.waitUntil(lambda: not memory_keyring.secrets, timeout=WAIT)


def test_an_expired_session_is_renewed_with_the_credential(
        qtbot: QtBot, shells: Shells, db: Database, hall: Hall, tmp_path: Path,
        ui_server: str, memory_keyring: MemoryKeyring, english: None) -> None:
    """After 12 hours the device's session expires: the kiosk signs in again by itself and
    the request goes through; nobody sees the enrolment screen."""
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        queueing.create_service(s, manager, "A", "缴费", windows=(1,), opens_at=time(0, 0),
                                closes_at=time(23, 59, 59))
    settings = settings_for(db, tmp_path, ui_server)
    credential = enrolled(db, hall, ui_server)
    device_credential.keep(device_credential.server_of(settings), "kiosk", credential)
    shell = shells.start(settings)
    window = shells.wait_kiosk(shell)
    assert not window.screen_.banner.isVisible()
    client = shell.client
    assert client is not None
    token = client.token
    with db.scope() as s:
        s.execute(update(StaffSession).where(StaffSession.device_id.is_not(None))
                  .values(expires_at=utcnow() - timedelta(minutes=1)))
    loads = window.screen_.reloader.loads
    window.screen_.reload()
    qtbot.waitUntil(lambda: window.screen_.reloader.loads > loads
                    and not window.screen_.reloader.running, timeout=WAIT)
    assert client.token is not None and client.token != token
    assert not window.screen_.banner.isVisible()
    assert shell.window_ is window and "enrolment" not in shells.pages


# --- no keyring -----------------------------------------------------------------------------


def test_without_a_keyring_the_kiosk_says_it_cannot_keep_its_credential(
        qtbot: QtBot, shells: Shells, db: Database, hall: Hall, tmp_path: Path,
        english: None) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        settings = settings_for(db, tmp_path)
        code = register(db, hall)
        shell = shells.start(settings)
        shells.wait_page(shell, "enrolment")
        reason = shell.enrolment.reason
        assert reason.isVisible()
        assert reason.text().startswith("This computer has no usable keyring, so the device "
                                        "cannot keep its credential")
        type_into(qtbot, shell.enrolment, str(code.device_id), code.code)
        shells.wait_kiosk(shell)  # it works until it is closed
        assert shell.client is not None and shell.client.credential is not None
        assert shell.client.credential not in files_under(settings.config_dir)
        assert shell.client.credential not in files_under(settings.data_dir)
    finally:
        shells.stop()
        keyring.set_keyring(previous)


# --- the enrolment screen's fit -------------------------------------------------------------


class Screen:
    def __init__(self, size: QSize) -> None:
        self.size = size

    def geometry(self) -> QRect:
        return QRect(0, 0, self.size.width(), self.size.height())


@pytest.mark.parametrize("shape", [QSize(1366, 768), QSize(1080, 1920)],
                         ids=["counter-monitor", "portrait"])
def test_the_enrolment_screen_fits_1366_and_a_portrait_screen(
        qtbot: QtBot, db: Database, hall: Hall, tmp_path: Path, shape: QSize,
        memory_keyring: MemoryKeyring, counter_look: None, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    i18n.install("zh_CN")  # the longer texts of the two, as a hall sees them
    shell = DeviceShell(settings_for(db, tmp_path), "kiosk",
                        lambda runner, actor: QLabel(), retry_ms=200)
    monkeypatch.setattr(shell, "screen", lambda: Screen(shape))
    try:
        shell.resize(shape)
        shell.show()
        shell.keyring_ok = False  # the longest reason there is, with a refusal's
        shell.show_enrolment(shell.refused_text(DeviceRefused(rule="revoked")))
        page = shell.enrolment
        page.show_error(page.code, page.tr("The one-time code has 8 digits."))
        qtbot.wait(100)
        assert shell.size() == shape, "the enrolment screen grew past its screen"
        bottom = -1
        for widget in (page.heading, page.intro, page.reason, page.number_caption, page.number,
                       page.code_caption, page.code, page.code_error, page.enrol_button):
            assert widget.isVisible()
            where = QRect(widget.mapTo(shell, widget.rect().topLeft()), widget.size())
            assert shell.rect().contains(where), (widget.objectName(), where)
            assert where.top() >= bottom, ("overlaps the one above", widget.objectName())
            assert widget.height() >= widget.minimumSizeHint().height(), widget.objectName()
            bottom = where.bottom()
        for key in page.pad.keys.values():
            where = QRect(key.mapTo(shell, key.rect().topLeft()), key.size())
            assert shell.rect().contains(where), (key.text(), where)
        assert page.number.font().pixelSize() >= 0.04 * min(shape.height(),
                                                            shape.width() * 0.75)
        assert page.pad.keys["0"].height() >= 48  # a finger's key
        if shape.height() > shape.width():
            # Portrait: the page in the middle of the screen, not a band at its top over an
            # empty half, and the pad's keys as tall as a finger's on a landscape screen.
            above = page.heading.mapTo(shell, page.heading.rect().topLeft()).y()
            below = shell.height() - page.pad.mapTo(shell, page.pad.rect().bottomLeft()).y()
            assert abs(above - below) <= 0.05 * shape.height(), (above, below)
            assert page.pad.keys["0"].height() >= 0.1 * shape.width()
    finally:
        shell.shutdown()
        shell.close()
        i18n.install("zh_CN")
