"""Screenshots of every screen at the counter monitor's size, to look at (and for the docs).

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots.py OUTDIR

Builds a scratch SQLite database with the demo data (two halls, staff, 2,000 accounts with
their bills). Every screen talks to a HallDesk server as on site: the counter starts its
embedded server over that database (no ``[server] url``), signs in as each role in Chinese —
zhangjg (hall manager, window 6), wangxm (clerk, window 4), lina (cashier, window 2), admin
(no hall) — shows the real counter window at 1366×768 and saves one PNG per area and state:
the cashier with a customer who owes on several accounts, paid with the receipt, the receipts
page (F12) and the blind count; the manager's hall view, collection report, day close and
billing run; staff and audit; the locked screen. The sign-in screen is shot twice: with the
embedded server ("database connected") and on a counter that names a server ("server
connected").

The kiosk and the hall display start as a new one does (``ui/device_start.py``): each is
registered as a device of hall H01 (``register_device``, what ``main.py device add`` does),
its first start shows the enrolment screen (shot for the kiosk at 1366×768 and for a portrait
display at 1080×1920), its number and one-time code are typed there, and the credential goes
to an in-memory keyring (the real user's keyring is never touched). Then the kiosk at
1366×768 and the hall display in landscape 1920×1080 and portrait 1080×1920.

The names the README shows (cashier.png, manager-view.png, day-close.png, …) are those of
docs/screenshots/, so the output can replace them (the PDF receipt and the kiosk's number
with a QR code are not shot here; the "database unreachable" banner is shown as the monitor
would show it).

The window frame is not in the pictures: a counter PC's title bar and taskbar take about 70 px
more, which the layout tests (tests/ui/test_fits_1366.py) allow for; ``--size 1366x700``
shoots a maximised window's inside. ``--language en`` for English, ``--only cashier …`` for
some of the screens.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Scratch settings, data and logs: the real user's are never touched.
_SCRATCH = Path(tempfile.mkdtemp(prefix="halldesk-screenshots-"))
for _var, _sub in (("HALLDESK_CONFIG_DIR", "config"), ("HALLDESK_DATA_DIR", "data"),
                   ("HALLDESK_LOG_DIR", "log")):
    os.environ.setdefault(_var, str(_SCRATCH / _sub))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from PySide6.QtCore import QEventLoop, QSize, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import demo, schema  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import Database  # noqa: E402
from app.models import Account, Bill, Customer  # noqa: E402

SCREEN = QSize(1366, 768)
DEVICE_HALL = "H01"
OPTIONS = {"language": "zh_CN"}  # --language
WAIT_S = 20.0


def pump(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(what: str, condition: Callable[[], object], timeout: float = WAIT_S) -> None:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        pump(40)
    pump(300)  # let the layout settle and paint


class MemoryKeyring(KeyringBackend):
    """The devices' credentials in this process only (as tests/ui/test_device_start.py
    does): a screenshot run never writes to the user's own keyring."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class Shooter:
    def __init__(self, outdir: Path, size: QSize = SCREEN) -> None:
        self.outdir = outdir
        self.size = size
        self.saved: list[Path] = []

    def save(self, widget: QWidget, name: str) -> None:
        pump(400)
        path = self.outdir / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)
        print(f"  {path.name}", flush=True)

    def save_screen(self, name: str) -> None:
        """The whole screen: a dialog over its window, as the counter sees it."""
        pump(400)
        path = self.outdir / f"{name}.png"
        screen = QApplication.primaryScreen()
        if not screen.grabWindow(0).save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)
        print(f"  {path.name}", flush=True)


def owing_customer(db: Database, rank: int = 0) -> str:
    """The phone of a demo customer whose bills are spread over the most accounts (``rank``
    1: the next one, for screens after the first has paid)."""
    with db.scope(readonly=True) as s:
        accounts = func.count(func.distinct(Bill.account_id))
        phone = s.execute(
            select(Customer.phone)
            .join(Account, Account.customer_id == Customer.id)
            .join(Bill, Bill.account_id == Account.id)
            .group_by(Customer.id, Customer.phone)
            .order_by(accounts.desc(), func.count(Bill.id).desc(), Customer.id)
            .offset(rank).limit(1)).scalar_one()
        s.rollback()
    return str(phone)


def hall_activity(db: Database) -> None:
    """A morning's queue in H01: tickets taken at the kiosk, one waiting past the limit, two
    called (windows 3 and 5), the manager's notice on the display."""
    from app.models.base import utcnow
    from app.permissions import Role
    from app.services import auth, queueing
    from app.services.context import device_actor

    with db.scope() as s:
        kiosk = device_actor(s, Role.KIOSK, "H01", "kiosk-1")
        services = {info.prefix: info.id for info in queueing.list_services(s, kiosk)}
        for prefix in "ABABAAB":
            queueing.issue_ticket(s, kiosk, services[prefix])
        for username, window in (("zhaolei", 3), ("liuyang", 5)):
            staff = auth.authenticate(s, username, demo.DEMO_PASSWORD, hall_code="H01",
                                      window_number=window)
            queueing.call_next(s, staff)
        # One who took a number half an hour ago and waits still: the hall view's alert.
        queueing.issue_ticket(s, kiosk, services["A"], now=utcnow() - timedelta(minutes=30))
        manager = auth.authenticate(s, "zhangjg", demo.DEMO_PASSWORD, hall_code="H01",
                                    window_number=None)
        queueing.set_display_notice(s, manager, "本季供暖费请于12月31日前缴纳，"
                                                "可在营业厅、微信或支付宝缴费。")
        s.commit()


def settings(db_url: str, name: str, hall: str, window: int | None,
             server_url: str = "") -> Settings:
    """A PC's settings: no ``server_url`` starts the embedded server over ``db_url``."""
    return Settings(db_url=db_url, hall=hall, window=window, language=OPTIONS["language"],
                    idle_lock_minutes=0, config_dir=_SCRATCH / f"config-{name}",
                    data_dir=_SCRATCH / "data", server_url=server_url)


def suffixed(name: str) -> str:
    """``login_zh`` in Chinese, ``login`` in English (the README's names)."""
    return f"{name}_zh" if OPTIONS["language"] == "zh_CN" else name


def counter(db_url: str, shooter: Shooter, user: str, hall: str, window: int | None,
            visit: Callable[[object, Shooter], None]) -> None:
    from ui.counter.controller import CounterController

    controller = CounterController(settings(db_url, user, hall, window), retry_ms=3000)
    controller.start()
    login = controller.login
    assert login is not None
    until("the sign-in window", lambda: login.schema_ok and login.hall_box.count() > 1)
    login.resize(shooter.size)
    if user == "zhangjg":
        shooter.save(login, suffixed("login"))
    if not hall:
        login.hall_box.setCurrentIndex(login.hall_box.findData(""))  # administrators: none
    login.username.setText(user)
    login.password.setText(demo.DEMO_PASSWORD)
    login.login_button.click()
    until(f"{user}'s workspace", lambda: controller.window is not None)
    workspace = controller.window
    assert workspace is not None
    workspace.setGeometry(0, 0, shooter.size.width(), shooter.size.height())
    workspace.show()
    until("the database", lambda: workspace.db_label.text() in ("数据库已连接",
                                                                "Database connected"))
    try:
        visit(workspace, shooter)
    finally:
        controller.monitor.stop()
        workspace.idle.remove()
        workspace.close()
        controller.runner.wait(10000)
        pump(100)
        controller.shutdown()  # its workers, its client, the embedded server, the database


def named_server_login(db_url: str, shooter: Shooter) -> None:
    """The sign-in screen of a counter whose settings name a HallDesk server ([server] url):
    it says "server connected", and never asks for a database password. The server here is
    one started by this tool over the scratch database, on 127.0.0.1."""
    from app.api.embedded import EmbeddedServer
    from ui.counter.controller import CounterController

    server = EmbeddedServer(Database(db_url), owns_database=True)
    url = server.start()
    controller = CounterController(settings(db_url, "server", "H01", 6, server_url=url),
                                   retry_ms=3000)
    try:
        controller.start()
        login = controller.login
        assert login is not None
        until("the sign-in window", lambda: login.schema_ok and login.hall_box.count() > 1)
        login.resize(shooter.size)
        shooter.save(login, suffixed("login-server"))
        login.hide()
    finally:
        controller.runner.wait(10000)
        controller.shutdown()
        if controller.login is not None:
            controller.login.deleteLater()
        server.stop()


def areas(window: object, shooter: Shooter, prefix: str, skip: tuple[str, ...] = ()) -> None:
    from ui.counter.main_window import MainWindow

    assert isinstance(window, MainWindow)
    for key, area in window.areas.items():
        if key in skip:
            continue
        window.tabs.setCurrentWidget(area)
        rows = getattr(area, "table", None)
        if rows is not None:
            until(f"the {key} rows", lambda: bool(rows.rowCount() > 0))  # noqa: B023
        pump(600)
        shooter.save(window, f"{prefix}-{key}")


def visit_manager(window: object, shooter: Shooter, phone: str) -> None:
    from ui.counter.main_window import MainWindow
    from ui.manager.collection import CollectionArea
    from ui.manager.hall_view import HallView

    assert isinstance(window, MainWindow)
    hall = window.areas["manager"]
    assert isinstance(hall, HallView)
    window.tabs.setCurrentWidget(hall)
    until("the hall view", lambda: hall.status is not None)
    shooter.save(window, "manager-view")
    collection = window.areas["collection"]
    assert isinstance(collection, CollectionArea)
    window.tabs.setCurrentWidget(collection)
    collection.pages.setCurrentWidget(collection.day)
    until("the day report", lambda: collection.day.view is not None)
    shooter.save(window, "collection-report")
    collection.day.close_button.click()
    until("the day close dialog", lambda: collection.day.dialog is not None)
    dialog = collection.day.dialog
    assert dialog is not None
    pump(300)
    shooter.save_screen("day-close")  # the read-back dialog over the report
    dialog.reject()
    collection.pages.setCurrentWidget(collection.billing)
    pump(1500)
    shooter.save(window, "billing-run")
    areas(window, shooter, "manager", skip=("manager", "collection"))
    window.tabs.setCurrentWidget(window.areas["intake"])
    window.search.search_for(phone)
    until("the customer card", lambda: window.card.card is not None)
    shooter.save(window, suffixed("workspace"))


def visit_clerk(window: object, shooter: Shooter, phone: str) -> None:
    from ui.counter.main_window import MainWindow

    assert isinstance(window, MainWindow)
    areas(window, shooter, "clerk")
    window.search.search_for(phone)
    until("the customer card", lambda: "¥" in window.card.arrears.text())
    shooter.save(window, "clerk-customer")
    # The database gone (as the monitor reports it): the banner, and what was typed stays.
    from ui.connection import ConnectionState

    window.monitor.stop()
    window.search.box.setText("139")
    window.on_connection_state(ConnectionState.UNREACHABLE.value, None)
    shooter.save(window, suffixed("db_unreachable"))
    window.on_connection_state(ConnectionState.CONNECTED.value, None)
    window.monitor.start()
    window.lock()  # Ctrl+L, or idle: the same person's password unlocks
    pump(300)
    shooter.save(window, suffixed("locked"))


def cash_taken(db_url: str) -> Decimal:
    from app.models import PaymentTender

    db = Database(db_url)
    with db.scope(readonly=True) as s:
        total = s.scalar(select(func.sum(PaymentTender.amount))
                         .where(PaymentTender.method == "cash"))
        s.rollback()
    db.dispose()
    return Decimal(total or 0)


def visit_cashier(window: object, shooter: Shooter, phone: str, db_url: str) -> None:
    from ui.cashier.area import CashierArea
    from ui.counter.main_window import MainWindow

    assert isinstance(window, MainWindow)
    area = window.areas["cashier"]
    assert isinstance(area, CashierArea)
    window.tabs.setCurrentWidget(area)
    until("the shift", lambda: area.shift_bar.known)
    shooter.save(window, "cashier-no-shift")
    area.shift_bar.float_box.setText("200.00")
    area.shift_bar.open_button.click()
    until("the open shift", area.shift_bar.is_open)
    window.search.search_for(phone)
    until("the bills", lambda: area.bills.due is not None and area.bills.table.rowCount() > 0)
    shooter.save(window, "cashier")
    area.payment.lines[0].tendered_box.setText("")  # exactly what is due, in cash
    area.on_pay_key()
    until("the receipt", lambda: area.side.currentWidget() is area.receipt
          and area.receipt.document is not None)
    until("the print", lambda: area.receipt.open_pdf_button.isVisible()
          or area.receipt.retry_button.isVisible())
    shooter.save(window, "cashier-paid")
    area.on_history_key()
    until("the receipts", lambda: area.history.table.rowCount() > 0)
    shooter.save(window, "cashier-receipts")
    area.on_leave_history()
    area.receipt.next_requested.emit()
    pump(500)
    area.shift_bar.close_button.click()
    until("the blind count", lambda: area.pages.currentWidget() is area.close_panel)
    shooter.save(window, "shift-close-count")
    # Counted blind: the float and the cash just taken, in the fewest notes and coins.
    left = Decimal("200.00") + cash_taken(db_url)
    for denomination, box in area.close_panel.counts.items():
        pieces = int(left // Decimal(denomination))
        box.setValue(pieces)
        left -= pieces * Decimal(denomination)
    area.close_panel.submit_button.click()
    until("the shift's result", area.close_panel.done_button.isVisible)
    shooter.save(window, "shift-close-result")


def visit_admin(window: object, shooter: Shooter) -> None:
    areas(window, shooter, "admin")


def register(db_url: str, role: str, name: str) -> tuple[int, str]:
    """A device of hall H01 registered by its manager, as ``main.py device add H01 kiosk
    NAME`` does: its number and one-time code (15 minutes)."""
    from app.services import auth, devices

    db = Database(db_url)
    try:
        with db.scope() as s:
            manager = auth.authenticate(s, "zhangjg", demo.DEMO_PASSWORD,
                                        hall_code=DEVICE_HALL, window_number=None)
            code = devices.register_device(s, manager, DEVICE_HALL, role,  # type: ignore[arg-type]
                                           name)
            s.commit()
    finally:
        db.dispose()
    return code.device_id, code.code


def enrol(shell: object, device_id: int, code: str) -> None:
    """As a technician types at the enrolment screen: the number, Enter, the code, Enter."""
    from ui.device_start import DeviceShell

    assert isinstance(shell, DeviceShell)
    page = shell.enrolment
    page.number.setFocus()
    QTest.keyClicks(page.number, str(device_id))
    QTest.keyClick(page.number, Qt.Key.Key_Return)
    QTest.keyClicks(page.code, code)
    QTest.keyClick(page.code, Qt.Key.Key_Return)


def start_shell(db_url: str, role: str, make_window: Callable[..., QWidget],
                geometry: QSize | None) -> object:
    """A device PC's first start (ui/device_start.py, as ``main.py kiosk`` / ``display``
    runs it): its embedded server over the scratch database, no credential in the keyring."""
    from ui.device_start import DeviceShell

    shell = DeviceShell(settings(db_url, role, "", None), role,  # type: ignore[arg-type]
                        make_window, retry_ms=1000)
    if geometry is None:  # the whole of its (offscreen) screen, as full screen on site
        shell.show()
        screen = shell.screen()
        shell.setGeometry(screen.geometry())
    else:
        shell.resize(geometry)
        shell.show()
    shell.activateWindow()  # as the only window on its screen: the focused field shows
    shell.start()
    until("the enrolment screen", lambda: shell.pages.currentWidget() is shell.enrolment_page)
    return shell


def stop_shell(shell: object) -> None:
    from ui.device_start import DeviceShell

    assert isinstance(shell, DeviceShell)
    shell.shutdown()
    shell.close()
    pump(100)


def display(db_url: str, shooter: Shooter) -> None:
    """The display fills its TV and sizes its type by the TV's screen: each shape is shot in
    a child process on Qt's offscreen platform with a screen of exactly that size. Each is a
    display device of its own, enrolled at its first start (the portrait one's enrolment
    screen is shot too)."""
    for name, (width, height) in (("hall-display", (1920, 1080)),
                                  ("hall-display-portrait", (1080, 1920))):
        config = _SCRATCH / f"{name}.json"
        config.write_text(json.dumps({"screens": [{
            "name": name, "x": 0, "y": 0, "width": width, "height": height,
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        subprocess.run([sys.executable, __file__, str(shooter.outdir), "--language",
                        OPTIONS["language"], "--display-child", name,
                        db_url], check=True, env=env)
        if width < height:
            shooter.saved.append(shooter.outdir / "display-enrol-portrait.png")
        shooter.saved.append(shooter.outdir / f"{name}.png")


def display_child(db_url: str, outdir: Path, name: str) -> int:
    from ui.app import create_application
    from ui.device_start import DeviceShell
    from ui.display.window import DisplayWindow, display_window

    create_application(OPTIONS["language"])
    keyring.set_keyring(MemoryKeyring())
    portrait = name.endswith("portrait")
    device_id, code = register(db_url, "display", "大厅竖屏" if portrait else "大厅大屏")
    shell = start_shell(db_url, "display", display_window(settings(db_url, "display", "", None)),
                        None)
    assert isinstance(shell, DeviceShell)
    shooter = Shooter(outdir)
    try:
        if portrait:
            shooter.save(shell, "display-enrol-portrait")
        enrol(shell, device_id, code)
        until("the display", lambda: isinstance(shell.window_, DisplayWindow)
              and shell.window_.display.status is not None)
        pump(800)
        shooter.save(shell, name)
    finally:
        stop_shell(shell)
    return 0


def kiosk(db_url: str, shooter: Shooter) -> None:
    """A new kiosk's first start: the enrolment screen, then (its code typed) the kiosk."""
    from ui.device_start import DeviceShell
    from ui.kiosk.window import KioskWindow

    device_id, code = register(db_url, "kiosk", "大厅1号机")
    shell = start_shell(db_url, "kiosk",
                        lambda runner, actor: KioskWindow(runner, actor, printer=None),
                        shooter.size)
    assert isinstance(shell, DeviceShell)
    try:
        shooter.save(shell, "kiosk-enrol")
        enrol(shell, device_id, code)
        until("the kiosk", lambda: isinstance(shell.window_, KioskWindow)
              and shell.window_.screen_.status is not None)
        pump(1500)
        shooter.save(shell, "kiosk")
    finally:
        stop_shell(shell)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--language", default="zh_CN", choices=("zh_CN", "en"))
    parser.add_argument("--size", default="1366x768", metavar="WxH",
                        help="the counter window (1366x700: a maximised window's inside)")
    parser.add_argument("--only", nargs="*", metavar="SCREEN",
                        choices=("cashier", "manager", "clerk", "admin", "display", "kiosk"),
                        help="only these (default: all)")
    parser.add_argument("--display-child", nargs=2, metavar=("NAME", "DB_URL"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    outdir: Path = args.outdir
    OPTIONS["language"] = args.language
    outdir.mkdir(parents=True, exist_ok=True)
    if args.display_child:
        name, url = args.display_child
        return display_child(url, outdir, name)

    path = _SCRATCH / "demo.sqlite3"
    db_url = f"sqlite:///{path}"
    db = Database(db_url)
    schema.upgrade(db.engine)
    print(f"demo data into {path} …", flush=True)
    demo.load_demo(db, accounts=args.accounts)
    phone, other = owing_customer(db), owing_customer(db, 1)
    hall_activity(db)
    db.dispose()

    from ui.app import create_application

    app = create_application(OPTIONS["language"])
    assert isinstance(app, QApplication)
    keyring.set_keyring(MemoryKeyring())  # the kiosk's credential: never the user's keyring
    width, height = (int(n) for n in args.size.lower().split("x"))
    shooter = Shooter(outdir, QSize(width, height))
    wanted = set(args.only or ("cashier", "manager", "clerk", "admin", "display", "kiosk"))
    if "cashier" in wanted:
        counter(db_url, shooter, "lina", "H01", 2, lambda w, s: visit_cashier(w, s, phone, db_url))
    if "manager" in wanted:
        counter(db_url, shooter, "zhangjg", "H01", 6, lambda w, s: visit_manager(w, s, other))
        named_server_login(db_url, shooter)
    if "clerk" in wanted:
        counter(db_url, shooter, "wangxm", "H01", 4, lambda w, s: visit_clerk(w, s, other))
    if "admin" in wanted:
        counter(db_url, shooter, "admin", "", None, visit_admin)
    if "display" in wanted:
        display(db_url, shooter)
    if "kiosk" in wanted:
        kiosk(db_url, shooter)
    print(f"{len(shooter.saved)} screenshots in {outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
