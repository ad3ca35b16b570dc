"""Every workspace fits a 1366×768 counter monitor, and the hall display a portrait TV.

A maximised window on a 1366×768 screen has about 1366×700 inside it: the taskbar (~40 px)
and the title bar (~30 px) take the rest. Each role's real workspace (signed in on a demo
database, with the application's font and style sheet) is walked through its areas and
states, in Chinese and in English; at each the window's minimum size must fit 1366×700, and
at 1366×700 the key controls (收款 F9 / 完成, the status bar, the search box, every button and
field on screen, the bills' 期间 / 滞纳金 / 小计, the hall view's tiles) must be shown whole,
nothing cut off by the window's edge or a scroll area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from app import demo
from app.client import ServerClient
from app.db import Database
from app.errors import DatabaseUnavailable
from app.models import Account, Bill, Customer, PaymentTender
from app.models import Hall as HallRow
from app.models.base import utcnow
from app.permissions import Role
from app.services import devices, queueing
from app.services.context import Actor, device_actor
from tests.ui.conftest import RecordingEngine
from tests.ui.test_counter import db_url, make_settings, sign_in, wait_for_window
from ui import i18n
from ui.connection import ConnectionState
from ui.counter.controller import CounterController
from ui.counter.main_window import MainWindow
from ui.display.window import HallDisplay
from ui.operations import OperationRunner

FIT = QSize(1366, 700)  # inside the window of a maximised 1366×768 screen
SEARCH_COLUMN = 260  # px the customer search keeps beside any area
WAIT = 15000
ACCOUNTS = 120



@pytest.fixture
def demo_db(db: Database) -> Database:
    demo.load_demo(db, accounts=ACCOUNTS)
    return db


def owing_phone(db: Database) -> str:
    """A customer whose unpaid bills are spread over the most accounts (gas and heating)."""
    with db.scope(readonly=True) as s:
        phone = s.execute(
            select(Customer.phone)
            .join(Account, Account.customer_id == Customer.id)
            .join(Bill, Bill.account_id == Account.id)
            .group_by(Customer.id, Customer.phone)
            .order_by(func.count(func.distinct(Bill.account_id)).desc(),
                      func.count(Bill.id).desc(), Customer.id)
            .limit(1)).scalar_one()
        s.rollback()
    return str(phone)


class Workspace:
    """One role's real workspace, signed in, at 1366×700."""

    def __init__(self, qtbot: QtBot, controller: CounterController, window: MainWindow,
                 language: str) -> None:
        self.qtbot = qtbot
        self.controller = controller
        self.window = window
        self.language = language
        self.problems: list[str] = []

    def settle(self) -> None:
        self.window.resize(FIT)
        self.qtbot.wait(150)
        QApplication.processEvents()

    def wait(self, what: Callable[[], object]) -> None:
        self.qtbot.waitUntil(lambda: bool(what()), timeout=WAIT)
        self.settle()

    def check(self, state: str, *named: QWidget | None) -> None:
        """The window fits 1366×700; every control on screen and ``named`` are shown whole."""
        self.settle()
        window = self.window
        hint = window.minimumSizeHint().expandedTo(window.minimumSize())
        where = f"{self.language} {state}"
        if hint.width() > FIT.width() or hint.height() > FIT.height():
            self.problems.append(f"{where}: the window needs {hint.width()}×{hint.height()}")
        if window.width() > FIT.width() or window.height() > FIT.height():
            self.problems.append(f"{where}: the window grew to "
                                 f"{window.width()}×{window.height()}")
        search = window.search
        if search.isVisible() and search.width() < SEARCH_COLUMN:
            self.problems.append(f"{where}: the search column is {search.width()} px")
        controls: list[QWidget] = [window.statusBar(), window.db_label, window.user_label]
        for kind in (QPushButton, QLineEdit, QComboBox):
            controls += [w for w in window.findChildren(kind) if w.isVisibleTo(window)
                         and not w.objectName().startswith("qt_") and not _inside_popup(w)]
        for widget in [*controls, *(w for w in named if w is not None)]:
            trouble = cut_off(window, widget)
            if trouble:
                self.problems.append(f"{where}: {describe(widget)} {trouble}")

    def check_columns(self, state: str, table: QTableWidget, headers: list[str]) -> None:
        """These columns are shown, whole, without scrolling the table sideways."""
        titles = {table.horizontalHeaderItem(c).text(): c for c in range(table.columnCount())
                  if table.horizontalHeaderItem(c) is not None}
        viewport = table.viewport().width()
        for header in headers:
            column = titles.get(header)
            where = f"{self.language} {state}: column {header}"
            if column is None:
                self.problems.append(f"{where} is missing ({sorted(titles)})")
                continue
            left = table.columnViewportPosition(column)
            width = table.columnWidth(column)
            needed = QFontMetrics(table.horizontalHeader().font()).horizontalAdvance(header)
            if table.isColumnHidden(column) or width <= 0:
                self.problems.append(f"{where} is hidden")
            elif left < 0 or left + width > viewport:
                self.problems.append(f"{where} is outside the table ({left}+{width} of "
                                     f"{viewport} px)")
            elif width < needed:
                self.problems.append(f"{where} is {width} px, its heading needs {needed}")
            for row in range(table.rowCount()):
                item = table.item(row, column)
                text = item.text() if item is not None else ""
                if text and QFontMetrics(table.font()).horizontalAdvance(text) > width - 8:
                    self.problems.append(f"{where}: {text!r} is cut")

    def assert_fits(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def _inside_popup(widget: QWidget) -> bool:
    parent: QWidget | None = widget
    while parent is not None:
        if parent.isWindow() and not isinstance(parent, MainWindow):
            return True
        parent = parent.parentWidget()
    return False


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    name = widget.objectName() or type(widget).__name__
    return f"{name} {label!r}" if label else name


def cut_off(window: QWidget, widget: QWidget) -> str:
    """Why ``widget`` is not shown whole inside ``window`` ("" when it is)."""
    if not widget.isVisible():
        return "is not shown"
    if widget.width() <= 0 or widget.height() <= 0:
        return "has no size"
    top_left = widget.mapTo(window, widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    if not window.rect().contains(rect):
        return f"at {rect.getRect()} reaches past the window's {window.width()}×" \
               f"{window.height()}"
    shown = QRect(rect)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:  # each parent clips (scroll areas)
        shown &= QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size())
        parent = parent.parentWidget()
    if shown != rect:
        return f"is cut to {shown.getRect()} of {rect.getRect()}"
    wanted = widget.minimumSizeHint()
    if isinstance(widget, QPushButton) and (widget.height() < wanted.height() - 2
                                            or widget.width() < wanted.width() - 2):
        return f"is squeezed to {widget.width()}×{widget.height()} (needs " \
               f"{wanted.width()}×{wanted.height()})"
    return ""


@pytest.fixture
def workspace(qtbot: QtBot, demo_db: Database, tmp_path: Path, counter_look: None
              ) -> Iterator[Callable[[str, str], Workspace]]:
    started: list[CounterController] = []

    def open_workspace(username: str, language: str) -> Workspace:
        hall, window = {"zhangjg": ("H01", 6), "wangxm": ("H01", 4), "lina": ("H01", 2),
                        "admin": ("", None)}[username]
        i18n.install(language)
        controller = CounterController(
            make_settings(db_url(demo_db), tmp_path, hall=hall, window=window,
                          language=language), retry_ms=3000)
        started.append(controller)
        controller.start()
        login = controller.login
        assert login is not None
        qtbot.waitUntil(lambda: login.schema_ok and login.hall_box.count() > 1, timeout=WAIT)
        if not hall:  # the administrator signs in with no hall
            login.hall_box.setCurrentIndex(login.hall_box.findData(""))
        sign_in(qtbot, controller, username, demo.DEMO_PASSWORD)
        main = wait_for_window(qtbot, controller)
        main.resize(FIT)
        main.show()
        qtbot.waitUntil(lambda: main.db_label.text() in ("数据库已连接", "Database connected"),
                        timeout=WAIT)
        return Workspace(qtbot, controller, main, language)

    yield open_workspace
    for controller in started:
        controller.monitor.stop()
        if controller.window is not None:
            controller.window.idle.remove()
            controller.window.close()
        controller.runner.wait(10000)
        qtbot.wait(50)
        controller.shutdown()  # its workers, its client, the embedded server, the database
    i18n.install("zh_CN")


LANGUAGES = ["zh_CN", "en"]
# The bills' columns a cashier must see at 1366 wide (the rest may be narrowed or elided).
BILL_COLUMNS = {"zh_CN": ["期间", "滞纳金", "小计"], "en": ["Period", "Late fee", "Subtotal"]}


def visit_simple_areas(ws: Workspace, skip: tuple[str, ...] = ()) -> None:
    for key, area in ws.window.areas.items():
        if key in skip:
            continue
        ws.window.tabs.setCurrentWidget(area)
        ws.settle()
        ws.check(key)


def over_the_limit(db: Database) -> None:
    """A customer waiting past the hall's limit (1 minute here): the view's red alert.

    The ticket is two minutes old: in the first minutes after the hall's midnight it would
    belong to yesterday and wait in no queue of today, so then the hall keeps a clock four
    hours behind for this test (its times are not what is measured here)."""
    now = utcnow()
    with db.scope() as s:
        zone = s.scalar(select(HallRow.timezone).where(HallRow.code == "H01"))
        values: dict[str, Any] = {"wait_alert_minutes": 1}
        if now.astimezone(ZoneInfo(zone or "Asia/Shanghai")).time() < time(0, 10):
            values["timezone"] = "Asia/Dubai"
        s.execute(update(HallRow).where(HallRow.code == "H01").values(**values))
        s.commit()
        kiosk = device_actor(s, Role.KIOSK, "H01", "kiosk-1")
        service = next(x for x in queueing.list_services(s, kiosk) if x.prefix == "A")
        queueing.issue_ticket(s, kiosk, service.id, now=now - timedelta(minutes=2))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hall_managers_workspace_fits_1366(workspace: Any, demo_db: Database,
                                               language: str) -> None:
    over_the_limit(demo_db)
    ws: Workspace = workspace("zhangjg", language)
    window = ws.window
    hall = window.areas["manager"]
    window.tabs.setCurrentWidget(hall)
    ws.wait(lambda: hall.status is not None and hall.tiles and hall.alert_banner.isVisible())
    ws.check("hall view, over the limit", *hall.tiles.values(), hall.save_button,
             hall.notice_box, hall.chart, hall.alert_banner, hall.acknowledge_button)
    scroll = hall.scroll_area.verticalScrollBar()
    if scroll.maximum() > 0:
        ws.problems.append(f"{language} hall view: scrolls by {scroll.maximum()} px")
    # The database away: the "may be out of date" line, beside the alert, without scrolling.
    hall.on_failed(DatabaseUnavailable(detail="connection refused"))
    ws.settle()
    ws.check("hall view, over the limit, database away", *hall.tiles.values(),
             hall.save_button, hall.notice_box, hall.chart, hall.alert_banner,
             hall.acknowledge_button, hall.stale_label)
    stale = hall.stale_label
    if scroll.maximum() > 0:
        ws.problems.append(f"{language} hall view, database away: scrolls by "
                           f"{scroll.maximum()} px")
    if not stale.isVisible() or hall.loaded_at is None \
            or hall.loaded_at.strftime("%H:%M:%S") not in stale.text():
        ws.problems.append(f"{language} hall view, database away: {stale.text()!r}")
    elif QFontMetrics(stale.font()).horizontalAdvance(stale.text()) > \
            stale.contentsRect().width() and stale.toolTip() != stale.text():
        ws.problems.append(f"{language} hall view, database away: the line is cut")
    hall.reload()
    ws.wait(lambda: not hall.stale)
    collection = window.areas["collection"]
    window.tabs.setCurrentWidget(collection)
    collection.pages.setCurrentWidget(collection.day)
    ws.wait(lambda: collection.day.view is not None)
    ws.check("collection report", collection.day.close_button)
    collection.pages.setCurrentWidget(collection.billing)
    ws.settle()
    ws.check("billing run")
    visit_simple_areas(ws, skip=("manager", "collection"))
    check_the_audit_table_takes_the_space(ws)
    # A customer found (the card with two accounts), then back to the hall view.
    window.search.search_for(owing_phone(demo_db))
    ws.wait(lambda: "¥" in window.card.arrears.text())
    visit_simple_areas(ws, skip=("manager",))
    window.tabs.setCurrentWidget(hall)
    ws.check("hall view with a customer", *hall.tiles.values(), hall.save_button)
    if scroll.maximum() > 0:
        ws.problems.append(f"{language} hall view with a customer: scrolls by "
                           f"{scroll.maximum()} px")
    ws.assert_fits()


def check_the_window_panels_messages_move_nothing(ws: Workspace) -> None:
    """A refusal or a "called" line in the window panel is shown whole, on screen, without
    the panel growing: nothing under it jumps."""
    panel: Any = ws.window.queue_panel
    tabs = ws.window.tabs
    ws.settle()
    height, tabs_at = panel.height(), tabs.mapTo(ws.window, QPoint(0, 0)).y()
    where = f"{ws.language} window panel"
    for attempt in ("Z999", ""):  # no such number (refused), then nobody waiting (said)
        before = panel.message.text()
        if attempt:
            panel.code_box.setText(attempt)
            panel.reason_box.setText("老人")
            panel.specific_button.click()
        else:
            panel.call_button.click()
        ws.wait(lambda before=before: panel.message.text() not in ("", before))
        message = panel.message
        text = message.text()
        if panel.height() != height or tabs.mapTo(ws.window, QPoint(0, 0)).y() != tabs_at:
            ws.problems.append(f"{where}: {text!r} moved the workspace by "
                               f"{panel.height() - height} px")
        trouble = cut_off(ws.window, message)
        if trouble:
            ws.problems.append(f"{where}: the message {trouble}")
        elif message.contentsRect().width() < 250:
            ws.problems.append(f"{where}: the message has only {message.width()} px")
        elif QFontMetrics(message.font()).horizontalAdvance(text) > \
                message.contentsRect().width() and message.toolTip() != text:
            ws.problems.append(f"{where}: {text!r} is cut and not in its tooltip")
    # A sentence longer than the line: elided there, whole in its tooltip and the status bar.
    long = "，".join(["这一句很长的拒绝说明要完整地让人看到"] * 4) + "。"
    panel.say(long, problem=True)
    ws.settle()
    if panel.height() != height or tabs.mapTo(ws.window, QPoint(0, 0)).y() != tabs_at:
        ws.problems.append(f"{where}: a long sentence moved the workspace")
    if panel.message.toolTip() != long or ws.window.statusBar().currentMessage() != long:
        ws.problems.append(f"{where}: a long sentence is not shown whole anywhere")
    ws.check("window panel, a message shown")
    panel.message.hide()


def check_the_audit_table_takes_the_space(ws: Workspace) -> None:
    """The audit trail's table reaches down to the count and the buttons (no empty band under
    it); a chosen entry's detail under it is a few lines, whole."""
    audit: Any = ws.window.areas["audit"]
    ws.window.tabs.setCurrentWidget(audit)
    ws.wait(lambda: audit.table.rowCount() > 8)
    table = audit.table
    spacing = audit.layout().spacing()

    def gap() -> int:
        below = [w for w in (audit.detail, audit.message, audit.refresh_button)
                 if w.isVisible() and (w is not audit.detail or w.text())]  # an empty one is
        # empty space
        top = min(w.mapTo(audit, QPoint(0, 0)).y() for w in below)
        return top - (table.mapTo(audit, QPoint(0, 0)).y() + table.height())

    where = f"{ws.language} audit"
    if gap() > spacing + 2:
        ws.problems.append(f"{where}: {gap()} px empty under the table")
    rows = table.viewport().height() / max(table.rowHeight(0), 1)
    if rows < 6.5:  # all the height left by the filters and the buttons
        ws.problems.append(f"{where}: the table shows {rows:.1f} rows at 1366×700")
    table.selectRow(1)
    ws.settle()
    detail = audit.detail
    metrics = QFontMetrics(detail.font())
    lines = detail.text().count("\n") + 1
    if not detail.isVisible() or not detail.text():
        ws.problems.append(f"{where}: the chosen entry's detail is not shown")
    elif detail.height() > metrics.lineSpacing() * (lines + 1) + 8:
        ws.problems.append(f"{where}: the detail of {lines} lines takes {detail.height()} px")
    elif detail.height() < detail.heightForWidth(detail.width()):
        ws.problems.append(f"{where}: the detail is cut to {detail.height()} px")
    if gap() > spacing + 2:
        ws.problems.append(f"{where}, an entry chosen: {gap()} px empty under the table")
    if table.viewport().height() // max(table.rowHeight(0), 1) < 5:
        ws.problems.append(f"{where}, an entry chosen: the table shows too few rows")
    ws.check("audit, an entry chosen", detail)
    table.clearSelection()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_clerks_workspace_fits_1366(workspace: Any, demo_db: Database,
                                        language: str) -> None:
    ws: Workspace = workspace("wangxm", language)
    visit_simple_areas(ws)
    check_the_window_panels_messages_move_nothing(ws)
    ws.window.search.search_for(owing_phone(demo_db))
    ws.wait(lambda: "¥" in ws.window.card.arrears.text())
    visit_simple_areas(ws)
    ws.assert_fits()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_administrators_workspace_fits_1366(workspace: Any, language: str) -> None:
    ws: Workspace = workspace("admin", language)
    visit_simple_areas(ws)
    ws.assert_fits()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cashiers_workspace_fits_1366(workspace: Any, demo_db: Database,
                                          language: str) -> None:
    ws: Workspace = workspace("lina", language)
    window = ws.window
    area: Any = window.areas["cashier"]
    window.tabs.setCurrentWidget(area)
    ws.wait(lambda: area.shift_bar.known)
    ws.check("no shift", area.shift_bar.open_button)
    area.shift_bar.float_box.setText("200.00")
    area.shift_bar.open_button.click()
    ws.wait(area.shift_bar.is_open)
    ws.check("shift open, no customer", area.payment.pay_button)
    window.search.search_for(owing_phone(demo_db))
    ws.wait(lambda: area.bills.due is not None and area.bills.table.rowCount() > 0)
    ws.check("bills", area.payment.pay_button, area.bills.table)
    ws.check_columns("bills", area.bills.table, BILL_COLUMNS[language])
    area.on_pay_key()  # F9: exactly what is due, in cash
    ws.wait(lambda: area.side.currentWidget() is area.receipt
            and area.receipt.document is not None)
    ws.wait(area.receipt.open_pdf_button.isVisible)  # printed (as a PDF here)
    ws.check("paid", area.receipt.next_button, area.receipt.reprint_button,
             area.receipt.void_button, area.receipt.print_status, area.receipt.change_label)
    with database_away(ws):
        ws.check("paid, database away", window.banner, area.receipt.next_button)
    area.on_history_key()  # F12
    ws.wait(lambda: area.history.table.rowCount() > 0)
    ws.check("receipts", area.history.back_button, area.history.table)
    # The list fits its width: nothing scrolls sideways; receipt no., time, account, amount
    # and status whole; name, tenders, print status and cashier share the rest, elided.
    receipts = area.history.table
    if receipts.horizontalScrollBar().maximum() > 0:
        ws.problems.append(f"{language} receipts: the list scrolls sideways by "
                           f"{receipts.horizontalScrollBar().maximum()} px")
    ws.check_columns("receipts", receipts, [
        receipts.horizontalHeaderItem(column).text() for column in (0, 1, 2, 4, 6)])
    last = receipts.columnCount() - 1
    if receipts.columnViewportPosition(last) + receipts.columnWidth(last) > \
            receipts.viewport().width():
        ws.problems.append(f"{language} receipts: the cashier's column is cut off")
    area.on_leave_history()
    area.receipt.next_button.click()
    area.shift_bar.close_button.click()
    ws.wait(lambda: area.pages.currentWidget() is area.close_panel)
    ws.check("blind count", area.close_panel.submit_button, area.close_panel.back_button,
             area.close_panel.counted_label, *area.close_panel.counts.values())
    left = Decimal("200.00") + cash_taken(demo_db)
    for denomination, box in area.close_panel.counts.items():
        pieces = int(left // Decimal(denomination))
        box.setValue(pieces)
        left -= pieces * Decimal(denomination)
    area.close_panel.submit_button.click()
    ws.wait(area.close_panel.done_button.isVisible)
    ws.check("shift closed", area.close_panel.done_button,
             *(value for _caption, value in area.close_panel.outcome_rows))
    visit_simple_areas(ws, skip=("cashier",))
    ws.assert_fits()


@contextmanager
def database_away(ws: Workspace) -> Iterator[None]:
    """The yellow "database unreachable, retrying" banner, as the monitor shows it."""
    window = ws.window
    window.monitor.stop()
    window.on_connection_state(ConnectionState.UNREACHABLE.value, None)
    try:
        yield
    finally:
        window.on_connection_state(ConnectionState.CONNECTED.value, None)
        window.monitor.start()


def cash_taken(db: Database) -> Decimal:
    with db.scope(readonly=True) as s:
        total = s.scalar(select(func.sum(PaymentTender.amount))
                         .where(PaymentTender.method == "cash"))
        s.rollback()
    return Decimal(total or 0)


# --- the hall display --------------------------------------------------------------------------


@pytest.fixture
def signed_display(db: Database, hall: Any, ui_server: str
                   ) -> Iterator[Callable[[], tuple[OperationRunner, Actor]]]:
    """The hall's display as on site: registered by its manager, enrolled with its one-time
    code and signed in with its credential at the test server; a runner with no database."""
    made: list[tuple[OperationRunner, ServerClient]] = []

    def sign_in() -> tuple[OperationRunner, Actor]:
        manager = hall.login(db, "hall_manager", window=None)
        with db.scope() as s:
            code = devices.register_device(s, manager, hall.code, "display",
                                           f"大厅屏{len(made) + 1}")
        client = ServerClient(ui_server)
        credential = client.enrol_device(code.device_id, code.code).credential
        signed = client.device_sign_in(credential)
        assert signed.actor.role == Role.DISPLAY
        runner = OperationRunner(client)
        made.append((runner, client))
        return runner, signed.actor

    yield sign_in
    for runner, client in made:
        runner.wait(10000)
        client.close()


class TvScreen:
    """The screen a display runs full screen on: what HallDisplay sizes its type by."""

    def __init__(self, size: QSize) -> None:
        self.size = size

    def geometry(self) -> QRect:
        return QRect(0, 0, self.size.width(), self.size.height())


@pytest.mark.parametrize("shape", [QSize(1080, 1920), QSize(1920, 1080)],
                         ids=["portrait", "landscape"])
def test_the_display_shows_the_call_whole_on_a_portrait_and_a_landscape_tv(
        qtbot: QtBot, db: Database, hall: Any, counter_look: None, shape: QSize,
        monkeypatch: pytest.MonkeyPatch,
        signed_display: Callable[[], tuple[OperationRunner, Actor]]) -> None:
    i18n.install("zh_CN")
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        service = queueing.create_service(s, manager, "B", "业务办理", windows=(2,),
                                          opens_at=time(0, 0), closes_at=time(23, 59, 59))
        kiosk = device_actor(s, Role.KIOSK, hall.code, "kiosk-1")
        for _ in range(3):
            queueing.issue_ticket(s, kiosk, service.id)
    clerk = hall.login(db, "clerk", window=2)
    with db.scope() as s:
        queueing.call_next(s, clerk)
    runner, actor = signed_display()
    display = HallDisplay(runner, actor, RecordingEngine())
    qtbot.addWidget(display)
    monkeypatch.setattr(display, "screen", lambda: TvScreen(shape))
    display.resize(shape)
    display.show()
    display.start()
    qtbot.waitUntil(lambda: display.status is not None and bool(display.hero_call.text()),
                    timeout=WAIT)
    display.resize(shape)
    qtbot.wait(100)
    try:
        assert display.size() == shape, "the display's type grew it past its screen"
        label = display.hero_call
        assert "B001" in label.text()
        frame = display.hero
        inside = QRect(label.mapTo(frame, label.rect().topLeft()), label.size())
        assert frame.rect().contains(inside)
        assert QRect(frame.mapTo(display, frame.rect().topLeft()),
                     frame.size()).intersected(display.rect()) == QRect(
            frame.mapTo(display, frame.rect().topLeft()), frame.size())
        portrait = shape.height() > shape.width()
        shown = [display.hero_before, label, display.hero_after] if portrait else [label]
        assert all(line.isVisible() for line in shown)
        assert "".join(line.text() for line in shown).replace("\n", "").replace(" ", "") \
            == "请B001号到2号窗口"
        for line in shown:  # every line whole, inside the frame
            assert frame.rect().contains(QRect(line.mapTo(frame, line.rect().topLeft()),
                                               line.size()))
            metrics = QFontMetrics(line.font())
            lines = line.text().split("\n")
            widest = max(metrics.horizontalAdvance(text) for text in lines)
            assert widest <= line.contentsRect().width(), (
                f"{line.text()!r} is {widest} px wide in a {line.width()} px label")
            assert metrics.lineSpacing() * len(lines) <= line.contentsRect().height(), (
                f"{line.text()!r} needs {metrics.lineSpacing() * len(lines)} px in a "
                f"{line.height()} px label")
        # Read from 15 m: the number is at least 15 % of the screen's height (UX.md); in
        # portrait on a line of its own, "请" and "到 2 号窗口" smaller around it.
        if portrait:
            assert label.text() == "B001号"
            assert display.hero_before.font().pixelSize() < label.font().pixelSize()
            assert display.hero_after.font().pixelSize() < label.font().pixelSize()
        else:
            assert label.text() == "请 B001 号\n到 2 号窗口"
        assert label.font().pixelSize() >= 0.15 * shape.height(), (
            f"the number is {label.font().pixelSize()} px on a {shape.height()} px screen")
        assert not display.hero_idle.isVisible()
        for code in display.recent_labels:
            if code.text():
                assert QFontMetrics(code.font()).horizontalAdvance(code.text()) <= code.width()
    finally:
        display.stop()
        runner.wait(10000)



@pytest.mark.parametrize("shape", [QSize(1080, 1920), QSize(1920, 1080)],
                         ids=["portrait", "landscape"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_display_welcomes_calmly_while_nothing_is_called(
        qtbot: QtBot, db: Database, hall: Any, counter_look: None, shape: QSize,
        language: str, monkeypatch: pytest.MonkeyPatch,
        signed_display: Callable[[], tuple[OperationRunner, Actor]]) -> None:
    """No call yet today: not a big empty box, but the hall's name and a welcome, whole and
    smaller than a call; a call replaces it."""
    i18n.install(language)
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        service = queueing.create_service(s, manager, "B", "业务办理", windows=(2,),
                                          opens_at=time(0, 0), closes_at=time(23, 59, 59))
        kiosk = device_actor(s, Role.KIOSK, hall.code, "kiosk-1")
        queueing.issue_ticket(s, kiosk, service.id)
    runner, actor = signed_display()
    hall_name = actor.hall_name
    display = HallDisplay(runner, actor, RecordingEngine())
    qtbot.addWidget(display)
    monkeypatch.setattr(display, "screen", lambda: TvScreen(shape))
    display.resize(shape)
    display.show()
    display.start()
    try:
        qtbot.waitUntil(lambda: display.status is not None, timeout=WAIT)
        display.resize(shape)
        qtbot.wait(100)
        welcome = display.hero_idle
        assert welcome.isVisible() and not display.hero_call.isVisible()
        assert welcome.text().split("\n") == [hall_name, *{
            "zh_CN": ["欢迎光临", "请取号等候叫号"],
            "en": ["Welcome", "Please take a number and wait to be called"]}[language]]
        metrics = QFontMetrics(welcome.font())
        lines = welcome.text().split("\n")
        assert max(metrics.horizontalAdvance(x) for x in lines) <= welcome.contentsRect().width()
        assert metrics.lineSpacing() * len(lines) <= welcome.contentsRect().height()
        assert display.hero.rect().contains(QRect(welcome.mapTo(display.hero, QPoint(0, 0)),
                                                  welcome.size()))
        assert 14 < welcome.font().pixelSize() < 0.15 * shape.height()  # calm, not a call
        clerk = hall.login(db, "clerk", window=2)
        with db.scope() as s:
            queueing.call_next(s, clerk)
        display.start()
        qtbot.waitUntil(lambda: "B001" in display.hero_call.text(), timeout=WAIT)
        assert display.hero_call.isVisible() and not welcome.isVisible()
    finally:
        display.stop()
        runner.wait(10000)
        i18n.install("zh_CN")
