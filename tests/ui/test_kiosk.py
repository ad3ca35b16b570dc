"""The ticket kiosk driven offscreen on both databases, signed in as an enrolled kiosk on a
real HallDesk server: a touch takes a number and prints it on a real python-escpos printer; a
failed print shows a QR code; closed services and reached caps say why; the number pad keeps
what was typed; the start screen comes back by itself; without the server's database the
kiosk pauses and recovers. (Enrolment and the kiosk's start: tests/ui/test_device_start.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.api.embedded import EmbeddedServer
from app.config import Settings, load_settings
from app.db import Database
from app.errors import ConfigError, ValidationError
from app.models import Ticket
from app.services import devices, queueing
from app.services.context import Actor
from app.services.queueing import ServiceInfo
from printing.escpos import PrinterSettings
from printing.printer_config import printer_settings
from tests.conftest import Hall
from tests.tcp_proxy import TcpProxy
from ui import i18n
from ui.device_start import DeviceClient
from ui.kiosk.window import KioskScreen, KioskWindow, grouped, load_printer
from ui.live import LiveNotices
from ui.operations import OperationRunner

ALL_DAY = {"opens_at": time(0, 0), "closes_at": time(23, 59, 59)}
HALL_ZONE = ZoneInfo("Asia/Shanghai")  # the test hall's (the default)
FULL_CUT = b"\x1dV\x00"


def gb(text: str) -> bytes:
    return text.encode("gb18030")


def hours_excluding_now() -> dict[str, time]:
    """Opening hours that are surely not now in the hall."""
    if datetime.now(HALL_ZONE).hour >= 12:
        return {"opens_at": time(1, 0), "closes_at": time(2, 0)}
    return {"opens_at": time(20, 0), "closes_at": time(21, 0)}


def enrol_kiosk(db: Database, hall: Hall, url: str, name: str = "kiosk-1") -> str:
    """A kiosk registered by the hall manager and enrolled on the server with its code: its
    credential."""
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        code = devices.register_device(s, manager, hall.code, "kiosk", name)
    client = DeviceClient(url)
    try:
        return client.enrol_device(code.device_id, code.code).credential  # type: ignore[no-any-return]
    finally:
        client.close()


class Kiosks:
    """Builds kiosk screens signed in as an enrolled kiosk on the test server, and cleans up
    after them. Services are set up, and other kiosks' numbers taken, on the database itself
    (the test is the server's side)."""

    def __init__(self, qtbot: QtBot, db: Database, hall: Hall, url: str) -> None:
        i18n.install("en")  # the English source texts: stable whatever the .ts holds
        self.qtbot = qtbot
        self.db = db
        self.hall = hall
        self.url = url
        self.manager = hall.login(db, "hall_manager", window=None)
        self.credential = enrol_kiosk(db, hall, url)
        with db.scope() as s:
            device, found = devices.signed_device(s, self.credential)
            self.actor: Actor = devices.device_actor(device, found)  # another kiosk's numbers
        self.screens: list[tuple[KioskScreen, OperationRunner, LiveNotices | None]] = []
        self.clients: list[DeviceClient] = []

    def client(self, url: str | None = None) -> DeviceClient:
        """A client signed in as the kiosk (its earlier session ends: one device, one
        session)."""
        client = DeviceClient(url or self.url)
        client.credential = self.credential
        client.device_sign_in(self.credential)
        self.clients.append(client)
        return client

    def service(self, prefix: str, name: str, **kw: object) -> ServiceInfo:
        kw = {**ALL_DAY, **kw}
        with self.db.scope() as s:
            return queueing.create_service(s, self.manager, prefix, name, windows=(1,),
                                           **kw)  # type: ignore[arg-type]

    def issue(self, service_id: int) -> None:
        with self.db.scope() as s:
            queueing.issue_ticket(s, self.actor, service_id)

    def start(self, printer: PrinterSettings | None, *, live: bool = False,
              url: str | None = None, **kw: int) -> KioskScreen:
        client = self.client(url)
        assert client.actor is not None and client.actor.role == "kiosk"
        runner = OperationRunner(client)
        notices = LiveNotices(client, client.actor.hall_id) if live else None
        screen = KioskScreen(runner, client.actor, zone=HALL_ZONE, printer=printer,
                             notices=notices, **kw)
        self.qtbot.addWidget(screen)
        screen.resize(1280, 720)
        screen.show()
        self.screens.append((screen, runner, notices))
        if notices is not None:
            notices.start()
        screen.start()
        self.qtbot.waitUntil(lambda: screen.status is not None, timeout=10000)
        return screen

    def stop(self) -> None:
        for screen, runner, notices in self.screens:
            screen.stop()
            if notices is not None:
                notices.stop()
            runner.wait(15000)
        self.screens = []
        for client in self.clients:
            client.close()
        self.clients = []
        i18n.install("zh_CN")

    def ticket(self, code: str) -> Ticket:
        with self.db.scope() as s:
            ticket = s.query(Ticket).filter_by(code=code).one()
            s.expunge(ticket)
            return ticket


@pytest.fixture
def kiosks(qtbot: QtBot, db: Database, hall: Hall, ui_server: str) -> Iterator[Kiosks]:
    kiosks = Kiosks(qtbot, db, hall, ui_server)
    yield kiosks
    kiosks.stop()


def shown_texts(screen: KioskScreen) -> str:
    return " ".join(label.text() for label in screen.findChildren(QLabel)
                    if label.isVisible()) + " " + " ".join(
        button.text() for button in screen.findChildren(type(screen.keypad_ok))
        if button.isVisible())


def wait_printed(qtbot: QtBot, screen: KioskScreen, kiosks: Kiosks, code: str,
                 printed: bool) -> None:
    qtbot.waitUntil(lambda: screen.printed is printed, timeout=15000)
    qtbot.waitUntil(lambda: kiosks.ticket(code).printed is printed, timeout=10000)


# --- taking a number and printing it --------------------------------------------------------


def test_touching_a_service_prints_the_ticket_in_gb18030(
        qtbot: QtBot, kiosks: Kiosks, tmp_path: Path) -> None:
    service = kiosks.service("A", "缴费")
    paper = tmp_path / "lp0"
    screen = kiosks.start(PrinterSettings(kind="file", file_path=str(paper)))
    button = screen.service_buttons[service.id]
    assert button.isEnabled()
    assert (button.prefix_label.text(), button.name_label.text(),
            button.detail_label.text()) == ("A", "缴费", "0 waiting")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.result_page, timeout=10000)
    assert screen.result_code.text() == "A001"
    assert screen.result_service.text() == "缴费"
    wait_printed(qtbot, screen, kiosks, "A001", True)
    data = paper.read_bytes()
    assert b"A001" in data
    assert gb("缴费") in data and gb("第一营业厅") in data
    assert data.endswith(FULL_CUT)
    assert screen.result_status.text() == "Please take your ticket below."
    assert not screen.qr_box.isVisible()
    # Read from across the hall: the number is at least 15 % of the screen's height.
    assert screen.result_code.font().pixelSize() >= 0.15 * min(
        screen.height(), screen.screen().geometry().height())


def test_a_failed_print_leaves_the_ticket_unprinted_and_shows_a_qr_code(
        qtbot: QtBot, kiosks: Kiosks, tmp_path: Path) -> None:
    service = kiosks.service("B", "业务办理")
    gone = PrinterSettings(kind="file", file_path=str(tmp_path / "no-such-dir" / "lp0"))
    screen = kiosks.start(gone)
    screen.service_buttons[service.id].click()
    wait_printed(qtbot, screen, kiosks, "B001", False)
    assert screen.result_code.text() == "B001"
    assert screen.qr_box.isVisible() and screen.photo_hint.isVisible()
    assert screen.qr_view.matrix  # drawn by Qt from the qrcode module's matrix
    assert screen.qr_view.payload.startswith("HALLDESK|第一营业厅|B001|")
    assert "printer" not in shown_texts(screen).lower()  # nothing alarming for the customer


def test_without_a_printer_the_number_is_shown_with_a_qr_code(
        qtbot: QtBot, kiosks: Kiosks) -> None:
    service = kiosks.service("A", "缴费")
    screen = kiosks.start(None)
    screen.service_buttons[service.id].click()
    wait_printed(qtbot, screen, kiosks, "A001", False)
    assert screen.qr_box.isVisible()
    assert screen.photo_hint.text() == "Please take a photo of your number with your phone."


def test_the_start_screen_comes_back_by_itself_and_at_a_touch(
        qtbot: QtBot, kiosks: Kiosks) -> None:
    service = kiosks.service("A", "缴费")
    screen = kiosks.start(None, return_ms=300)
    screen.service_buttons[service.id].click()
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.result_page, timeout=10000)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.start_page, timeout=5000)
    assert screen.ticket is None and not screen.qr_view.matrix
    screen.return_timer.setInterval(60_000)
    screen.service_buttons[service.id].click()
    qtbot.waitUntil(lambda: screen.printed is False, timeout=10000)
    qtbot.mouseClick(screen.result_page, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is screen.start_page


# --- closed services, caps, refusals --------------------------------------------------------


def test_closed_service_and_reached_cap_are_disabled_with_the_reason(
        kiosks: Kiosks) -> None:
    open_ = kiosks.service("A", "缴费")
    hours = hours_excluding_now()
    closed = kiosks.service("B", "报修投诉", **hours)
    capped = kiosks.service("C", "业务办理", daily_cap=1)
    kiosks.issue(capped.id)
    screen = kiosks.start(None)
    assert screen.service_buttons[open_.id].isEnabled()
    closed_button = screen.service_buttons[closed.id]
    assert not closed_button.isEnabled()
    assert closed_button.detail_label.text() == (
        f"No numbers now\nopen {hours['opens_at']:%H:%M}–{hours['closes_at']:%H:%M}")
    capped_button = screen.service_buttons[capped.id]
    assert not capped_button.isEnabled()
    assert capped_button.detail_label.text() == "Today's numbers are all given out"


def test_a_refusal_after_a_race_is_shown_instead_of_a_number(
        qtbot: QtBot, kiosks: Kiosks) -> None:
    capped = kiosks.service("C", "业务办理", daily_cap=1)
    screen = kiosks.start(None)  # no notices: the screen still believes one number is left
    assert screen.service_buttons[capped.id].isEnabled()
    kiosks.issue(capped.id)  # another kiosk took the last one
    screen.service_buttons[capped.id].click()
    qtbot.waitUntil(screen.message.isVisible, timeout=10000)
    assert screen.message.text() == "Today's numbers for 业务办理 are all given out."
    assert screen.pages.currentWidget() is screen.start_page
    qtbot.waitUntil(lambda: not screen.service_buttons[capped.id].isEnabled(), timeout=5000)


def test_waiting_counts_follow_change_notices(qtbot: QtBot, kiosks: Kiosks) -> None:
    service = kiosks.service("A", "缴费")
    screen = kiosks.start(None, live=True)
    detail = screen.service_buttons[service.id].detail_label
    assert detail.text() == "0 waiting"
    kiosks.issue(service.id)
    kiosks.issue(service.id)
    qtbot.waitUntil(lambda: detail.text() == "2 waiting", timeout=5000)


# --- priority and the number pad ------------------------------------------------------------


def test_priority_asks_why_and_passes_the_reason(qtbot: QtBot, kiosks: Kiosks) -> None:
    service = kiosks.service("A", "缴费")
    kiosks.issue(service.id)
    screen = kiosks.start(None)
    screen.priority_button.click()
    assert screen.pages.currentWidget() is screen.priority_page
    assert [b.text() for b in screen.reason_buttons.values()] == [
        "Senior citizen", "Person with disability", "Military / veteran", "Pregnant"]
    screen.reason_buttons["老年人"].click()
    assert screen.pages.currentWidget() is screen.start_page
    assert screen.priority_button.property("active") == "true"
    screen.service_buttons[service.id].click()
    qtbot.waitUntil(lambda: screen.ticket is not None, timeout=10000)
    ticket = kiosks.ticket("A002")
    assert ticket.priority and ticket.priority_reason == "老年人"
    assert screen.result_priority.isVisible()
    assert screen.result_ahead.text() == "Nobody is ahead of you"  # before the A001 walk-in
    assert screen.priority_reason == ""  # the next customer starts afresh


def test_number_pad_errors_keep_the_digits_typed(qtbot: QtBot, kiosks: Kiosks) -> None:
    service = kiosks.service("A", "缴费")
    screen = kiosks.start(None)
    screen.number_button.click()
    assert screen.pages.currentWidget() is screen.keypad_page
    for digit in "1002003004":
        screen.keypad.keys[digit].click()
    screen.field_tabs["phone"].click()
    for digit in "1391234567":  # one digit short of a mobile number
        screen.keypad.keys[digit].click()
    assert screen.number_field.text() == "139 1234 567"
    screen.keypad_ok.click()
    assert screen.pages.currentWidget() is screen.start_page
    assert "****3004" in screen.number_button.text()
    assert "1391234567" not in shown_texts(screen)  # no phone number on the start screen
    screen.service_buttons[service.id].click()
    # Refused by the service: back on the pad, digits as typed, the reason beside them.
    qtbot.waitUntil(screen.error_label.isVisible, timeout=10000)
    assert screen.pages.currentWidget() is screen.keypad_page
    assert screen.field == "phone"
    assert screen.number_field.text() == "139 1234 567"
    assert screen.number_field.property("problem") == "true"
    assert screen.error_label.text() == ("⚠ A mobile number has 11 digits starting with 1; "
                                         "a landline needs its area code.")
    assert screen.numbers == {"account_no": "1002003004", "phone": "1391234567"}
    with kiosks.db.scope() as s:
        assert s.query(Ticket).count() == 0
    screen.keypad.keys["8"].click()
    assert not screen.error_label.isVisible()
    screen.keypad_ok.click()  # takes the number for the service chosen before
    qtbot.waitUntil(lambda: screen.ticket is not None, timeout=10000)
    ticket = kiosks.ticket("A001")
    assert (ticket.account_no, ticket.phone) == ("1002003004", "13912345678")
    shown = shown_texts(screen)
    assert "13912345678" not in shown and "1002003004" not in shown
    assert "****3004" in screen.result_detail.text()
    assert screen.numbers == {"account_no": "", "phone": ""}


def test_skipping_a_refused_number_takes_the_ticket_without_it(
        qtbot: QtBot, kiosks: Kiosks) -> None:
    service = kiosks.service("A", "缴费")
    screen = kiosks.start(None)
    screen.number_button.click()
    for digit in "12345":  # too short for an account number
        screen.keypad.keys[digit].click()
    screen.keypad_ok.click()
    screen.service_buttons[service.id].click()
    qtbot.waitUntil(screen.error_label.isVisible, timeout=10000)
    assert screen.error_label.text() == "⚠ An account number has 6 to 20 digits."
    assert screen.number_field.text() == "1234 5"
    screen.keypad_skip.click()
    qtbot.waitUntil(lambda: screen.ticket is not None, timeout=10000)
    assert kiosks.ticket("A001").account_no == ""


def test_keypad_clear_delete_and_keyboard(qtbot: QtBot, kiosks: Kiosks) -> None:
    kiosks.service("A", "缴费")
    screen = kiosks.start(None)
    screen.number_button.click()
    qtbot.keyClicks(screen, "12345678")
    assert screen.numbers["account_no"] == "12345678"
    screen.keypad.delete_key.click()
    qtbot.keyClick(screen, Qt.Key.Key_Backspace)
    assert screen.number_field.text() == "1234 56"
    screen.keypad.clear_key.click()
    assert screen.number_field.text() == ""
    for _ in range(25):
        screen.keypad.keys["9"].click()
    assert screen.numbers["account_no"] == "9" * 20  # an account number's longest


def test_an_abandoned_entry_is_cleared(qtbot: QtBot, kiosks: Kiosks) -> None:
    kiosks.service("A", "缴费")
    screen = kiosks.start(None, idle_ms=300)
    screen.priority_button.click()
    screen.reason_buttons["孕妇"].click()
    screen.number_button.click()
    for digit in "13812345678":
        screen.keypad.keys[digit].click()
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.start_page, timeout=5000)
    assert screen.numbers == {"account_no": "", "phone": ""}
    assert screen.priority_reason == ""


def test_digits_are_grouped_as_people_read_them() -> None:
    assert grouped("13812345678", "phone") == "138 1234 5678"
    assert grouped("1002003004", "account_no") == "1002 0030 04"
    assert grouped("01012345678", "phone") == "0101 2345 678"


# --- without the server's database ----------------------------------------------------------


def test_kiosk_pauses_while_the_database_is_away_and_recovers(
        qtbot: QtBot, kiosks: Kiosks, db: Database,
        pg_behind_proxy: tuple[str, TcpProxy]) -> None:
    """The server loses its database (the link between them cut): the kiosk's banner and
    disabled buttons, then the kiosk recovers by itself once the link is back."""
    url, proxy = pg_behind_proxy
    far = Database(url)
    server = EmbeddedServer(far)
    try:
        service = kiosks.service("A", "缴费")
        screen = kiosks.start(None, url=server.start(), retry_ms=200)
        assert not screen.banner.isVisible()
        proxy.stop()
        screen.reload()
        qtbot.waitUntil(screen.banner.isVisible, timeout=15000)
        assert screen.banner.text() == ("Ticket issuing is paused. Please go to the service "
                                        "desk.")
        assert not screen.service_buttons[service.id].isEnabled()
        screen.service_buttons[service.id].click()
        assert screen.pages.currentWidget() is screen.start_page
        proxy.start()
        qtbot.waitUntil(lambda: not screen.banner.isVisible(), timeout=15000)
        assert screen.service_buttons[service.id].isEnabled()
    finally:
        kiosks.stop()
        server.stop()
        far.dispose()


def test_kiosk_pauses_while_the_server_is_away(qtbot: QtBot, kiosks: Kiosks,
                                                db: Database) -> None:
    """The kiosk's server stops: a touch takes no number and the banner sends people to the
    service desk, as without the database."""
    server = EmbeddedServer(db)
    service = kiosks.service("A", "缴费")
    screen = kiosks.start(None, url=server.start(), retry_ms=200)
    assert screen.service_buttons[service.id].isEnabled()
    server.stop()
    screen.service_buttons[service.id].click()
    qtbot.waitUntil(screen.banner.isVisible, timeout=15000)
    assert screen.pages.currentWidget() is screen.start_page
    assert not screen.service_buttons[service.id].isEnabled()
    with db.scope() as s:
        assert s.query(Ticket).count() == 0


# --- the kiosk PC: its window, its printer setting -------------------------------------------


def test_kiosk_window_shows_the_hall_it_is_enrolled_in(qtbot: QtBot, kiosks: Kiosks,
                                                       tmp_path: Path) -> None:
    """The window the device start-up builds: the hall and its time zone as the server says
    (no hall setting on the kiosk PC), waiting counts following the server's notices."""
    service = kiosks.service("A", "缴费")
    client = kiosks.client()
    assert client.actor is not None
    runner = OperationRunner(client)
    printer = PrinterSettings(kind="file", file_path=str(tmp_path / "lp0"))
    window = KioskWindow(runner, client.actor, printer=printer)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    try:
        screen = window.screen_
        qtbot.waitUntil(lambda: screen.status is not None, timeout=10000)
        assert screen.hall_label.text() == "第一营业厅"
        assert screen.zone == HALL_ZONE
        assert screen.printer == printer
        qtbot.waitUntil(lambda: window.notices.connected, timeout=10000)
        kiosks.issue(service.id)
        detail = screen.service_buttons[service.id].detail_label
        qtbot.waitUntil(lambda: detail.text() == "1 waiting", timeout=5000)
    finally:
        window.close()
        runner.wait(10000)


def test_printer_setting_from_the_ini_and_the_environment(tmp_path: Path) -> None:
    env = {"HALLDESK_CONFIG_DIR": str(tmp_path / "cfg"),
           "HALLDESK_DATA_DIR": str(tmp_path / "data")}
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "halldesk.ini").write_text(
        "[printer]\nkind = usb\nusb_vendor_id = 0x0416\nusb_product_id = 0x5011\n"
        "paper_width_mm = 58\nencoding = gbk\nselect_charset = no\n", encoding="utf-8")
    settings = load_settings(env)
    assert settings.has_printer
    printer = printer_settings(settings.printer_options)
    assert printer == PrinterSettings(kind="usb", usb_vendor_id=0x0416, usb_product_id=0x5011,
                                      paper_width_mm=58, encoding="GBK", select_charset=False)
    network = load_settings({**env, "HALLDESK_PRINTER_KIND": "network",
                             "HALLDESK_PRINTER_HOST": "10.0.0.9",
                             "HALLDESK_PRINTER_PORT": "9100"})
    assert printer_settings(network.printer_options) == PrinterSettings(
        kind="network", host="10.0.0.9", port=9100, usb_vendor_id=0x0416,
        usb_product_id=0x5011, paper_width_mm=58, encoding="GBK", select_charset=False)


def test_no_or_unusable_printer_setting_means_no_printer(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    assert printer_settings({}) is None
    assert printer_settings({"kind": "none", "host": "x"}) is None
    with pytest.raises(ValidationError) as missing:
        printer_settings({"kind": "network"})
    assert missing.value.field == "host"
    with pytest.raises(ConfigError):
        load_settings({"HALLDESK_CONFIG_DIR": str(tmp_path), "HALLDESK_PRINTER_KIND": "lpt"})
    with pytest.raises(ConfigError):
        load_settings({"HALLDESK_CONFIG_DIR": str(tmp_path), "HALLDESK_PRINTER_PORT": "x"})

    def make(**kw: object) -> Settings:
        return Settings(db_url="sqlite://", **kw)  # type: ignore[arg-type]

    assert load_printer(make(printer=(("kind", "network"),))) is None  # no host: logged
    assert "printer settings not usable" in caplog.text
    assert load_printer(make()) is None
    assert not make().has_printer
