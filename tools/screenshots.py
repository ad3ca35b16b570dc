"""Screenshots of every screen at the counter monitor's size, to look at (and for the docs).

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots.py OUTDIR

Builds a scratch SQLite database with the demo data (two halls, staff, 2,000 accounts with
their bills), signs in as each role in Chinese — zhangjg (hall manager, window 6), wangxm
(clerk, window 4), lina (cashier, window 2), admin (no hall) — shows the real counter window at
1366×768 and saves one PNG per area and state: the cashier with a customer who owes on several
accounts, paid with the receipt, the receipts page (F12) and the blind count; the manager's
hall view, collection report, day close and billing run; staff and audit; the locked screen.
Then the hall display in landscape 1920×1080 and portrait 1080×1920, and the kiosk at
1366×768. The names the README shows (cashier.png, manager-view.png, day-close.png, …) are
those of docs/screenshots/, so the output can replace them (the PDF receipt is not shot
here; the "database unreachable" banner is shown as the monitor would show it).

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

from PySide6.QtCore import QEventLoop, QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import demo, schema  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import Database  # noqa: E402
from app.models import Account, Bill, Customer  # noqa: E402

SCREEN = QSize(1366, 768)
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


def settings(db_url: str, name: str, hall: str, window: int | None) -> Settings:
    return Settings(db_url=db_url, hall=hall, window=window, language=OPTIONS["language"],
                    idle_lock_minutes=0, config_dir=_SCRATCH / f"config-{name}",
                    data_dir=_SCRATCH / "data")


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
        shooter.save(login, "login_zh")
    if not hall:
        login.hall_box.setCurrentIndex(login.hall_box.findData(""))  # administrators: none
    login.username.setText(user)
    login.password.setText(demo.DEMO_PASSWORD)
    login.login_button.click()
    until(f"{user}'s workspace", lambda: controller.window is not None)
    window = controller.window
    assert window is not None
    window.setGeometry(0, 0, shooter.size.width(), shooter.size.height())
    window.show()
    until("the database", lambda: window.db_label.text() in ("数据库已连接",
                                                             "Database connected"))
    try:
        visit(window, shooter)
    finally:
        controller.monitor.stop()
        window.idle.remove()
        window.close()
        controller.runner.wait(10000)
        pump(100)
        controller.runner.wait(10000)
        controller.database.dispose()


def areas(window: object, shooter: Shooter, prefix: str, skip: tuple[str, ...] = ()) -> None:
    from ui.counter.main_window import MainWindow

    assert isinstance(window, MainWindow)
    for key, area in window.areas.items():
        if key in skip:
            continue
        window.tabs.setCurrentWidget(area)
        rows = getattr(area, "table", None)
        if rows is not None:
            until(f"the {key} rows", lambda r=rows: r.rowCount() > 0)
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
    shooter.save(window, "workspace_zh" if OPTIONS["language"] == "zh_CN" else "workspace")


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
    shooter.save(window, "db_unreachable_zh" if OPTIONS["language"] == "zh_CN"
                 else "db_unreachable")
    window.on_connection_state(ConnectionState.CONNECTED.value, None)
    window.monitor.start()
    window.lock()  # Ctrl+L, or idle: the same person's password unlocks
    pump(300)
    shooter.save(window, "locked_zh" if OPTIONS["language"] == "zh_CN" else "locked")


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


def display(db_url: str, shooter: Shooter) -> None:
    """The display fills its TV and sizes its type by the TV's screen: each shape is shot in
    a child process on Qt's offscreen platform with a screen of exactly that size."""
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
        shooter.saved.append(shooter.outdir / f"{name}.png")


def display_child(db_url: str, outdir: Path, name: str) -> int:
    from ui.app import create_application
    from ui.display.window import DisplayWindow

    create_application(OPTIONS["language"])
    window = DisplayWindow(settings(db_url, "display", "H01", None))
    window.show()
    screen = window.screen()
    window.setGeometry(screen.geometry())  # full screen, as on the hall's TV
    window.sign_on()
    until("the display", lambda: window.display is not None
          and window.display.status is not None)
    pump(800)
    Shooter(outdir).save(window, name)
    window.close()
    window.runner.wait(5000)
    window.database.dispose()
    return 0


def kiosk(db_url: str, shooter: Shooter) -> None:
    from ui.kiosk.window import KioskWindow

    window = KioskWindow(settings(db_url, "kiosk", "H01", None), printer=None)
    window.resize(shooter.size)
    window.show()
    window.sign_on()
    until("the kiosk", lambda: window.screen_ is not None)
    pump(1500)
    shooter.save(window, "kiosk")
    window.close()
    window.runner.wait(5000)
    window.database.dispose()


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
    width, height = (int(n) for n in args.size.lower().split("x"))
    shooter = Shooter(outdir, QSize(width, height))
    wanted = set(args.only or ("cashier", "manager", "clerk", "admin", "display", "kiosk"))
    if "cashier" in wanted:
        counter(db_url, shooter, "lina", "H01", 2, lambda w, s: visit_cashier(w, s, phone, db_url))
    if "manager" in wanted:
        counter(db_url, shooter, "zhangjg", "H01", 6, lambda w, s: visit_manager(w, s, other))
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
