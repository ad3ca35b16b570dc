"""The hall manager's fee collection area (收费管理) in the real workspace, on both databases:
the collection report of a payment taken at the cashier's desk and of the next one (live),
the day close refused while a shift is open and done once it is closed, the report saved as
PDF and CSV, and billing runs from the screen (a rerun of the period says it was done). The
screens reach the data only through a real HallDesk server on loopback; the test seeds and
checks the database directly, as the server's side."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db import Database
from app.errors import CashierRefused
from app.models import Account, Bill, Customer, DayClose
from app.services import billing_runs, cashier
from app.services.context import Actor
from tests.conftest import Hall
from ui import i18n
from ui.connection import ConnectionMonitor
from ui.counter.main_window import MainWindow, areas_for
from ui.manager.billing_run import BillingRunPanel
from ui.manager.collection import CollectionArea
from ui.manager.day_close import PROBLEM, DayReportPanel, close_refusal_text
from ui.operations import OperationRunner

T = TypeVar("T")
SignedRunner = Callable[..., tuple[OperationRunner, Actor]]
D = Decimal
WAIT = 15000
ZONE = ZoneInfo("Asia/Shanghai")  # the test hall's (the default)


def today() -> date:
    return datetime.now(ZONE).date()


class Day:
    """Heating 20.00 元/m² and two 5 m² flats, each billed 100.00 for a season not yet due;
    the cashier (李娜, window 1) has a shift open with a 200.00 float."""

    def __init__(self, db: Database, hall: Hall, system: Actor) -> None:
        i18n.install("en")  # the English source texts: the assertions do not follow the .qm
        self.db = db
        self.hall = hall
        self.manager = hall.login(db, "hall_manager", window=None)
        self.cashier = hall.login(db, "cashier", window=1)
        start = date(2020, 1, 1)
        self.run(billing_runs.set_heating_tariff, system, "residential", start,
                 unit_price=D("20.00"), suspended_share=D("0.30"))
        self.run(billing_runs.set_late_fee_policy, system, "heating", "residential", start,
                 daily_rate=D("0.005"), cap_share=D("0.10"))
        self.accounts = [self.account("张三明"), self.account("李四")]
        self.run(billing_runs.run_billing, self.manager, "heating", "2025-2026",
                 due_on=today() + timedelta(days=20))
        self.run(cashier.open_shift, self.cashier, D("200.00"))

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.db.scope() as s:
            return fn(s, *args, **kwargs)

    def account(self, name: str) -> int:
        with self.db.scope() as s:
            customer = Customer(name=name, phone="13812345678", contact_address="石家庄市")
            s.add(customer)
            s.flush()
            account = Account(account_no=f"2{customer.id:09d}", customer_id=customer.id,
                              kind="heating", address=f"石家庄市长安区中山东路{customer.id}号",
                              heated_area=D("5"), tariff_class="residential",
                              opened_on=date(2015, 1, 1))
            s.add(account)
            s.commit()
            return account.id

    def pay(self, account_id: int, tender: cashier.Tender) -> cashier.PaymentResult:
        """At the cashier's desk, through the real service, now."""
        return self.run(cashier.take_payment, self.cashier, account_id,
                        idempotency_key=uuid.uuid4().hex, tenders=[tender])

    def closes(self) -> int:
        with self.db.scope(readonly=True) as s:
            return int(s.scalar(select(func.count()).select_from(DayClose)) or 0)

    def bills(self, period: str) -> int:
        with self.db.scope(readonly=True) as s:
            return int(s.scalar(select(func.count()).select_from(Bill)
                                .where(Bill.period == period)) or 0)


@pytest.fixture
def day(db: Database, hall: Hall, system: Actor) -> Day:
    return Day(db, hall, system)


Workspace = Callable[[str, int | None], MainWindow]


@pytest.fixture
def workspace(qtbot: QtBot, tmp_path: Path, signed_runner: SignedRunner
              ) -> Iterator[Workspace]:
    """``workspace(username, window)``: that person's workspace, signed in at the test
    server."""
    made: list[tuple[MainWindow, OperationRunner, ConnectionMonitor]] = []

    def make(username: str, window_number: int | None) -> MainWindow:
        runner, actor = signed_runner(username, window=window_number)
        monitor = ConnectionMonitor(runner)
        ui_state = QSettings(str(tmp_path / f"ui-{len(made)}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(runner, monitor, actor, ui_state=ui_state, idle_lock_minutes=0)
        made.append((window, runner, monitor))
        window.resize(1600, 1000)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window, runner, monitor in made:
        window.idle.remove()
        window.close()  # stops its notices and records the sign-out
        monitor.stop()
        runner.wait(10000)
    qtbot.wait(20)  # the last results reach their receivers while they exist
    for window, _runner, monitor in made:  # the runners are signed_runner's
        shiboken6.delete(window)
        shiboken6.delete(monitor)


def open_area(qtbot: QtBot, window: MainWindow) -> CollectionArea:
    """By keyboard, as a manager would: Ctrl+<its number>."""
    index = window.area_keys.index("collection")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT)
    window.search.box.setFocus()
    qtbot.keyClick(window.search.box, Qt.Key(Qt.Key.Key_1 + index),
                   Qt.KeyboardModifier.ControlModifier)
    area = window.areas["collection"]
    assert isinstance(area, CollectionArea)
    assert window.tabs.currentWidget() is area
    return area


def day_panel(qtbot: QtBot, window: MainWindow) -> DayReportPanel:
    panel = open_area(qtbot, window).day
    qtbot.waitUntil(lambda: panel.view is not None, timeout=WAIT)
    return panel


def cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else ""
             for c in range(table.columnCount())] for r in range(table.rowCount())]


def pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes()))
                    .pages)
    return " ".join(text.split())


def test_the_report_shows_the_cashiers_payment_and_follows_the_next_one(
        qtbot: QtBot, day: Day, workspace: Workspace) -> None:
    first, second = day.accounts
    day.pay(first, cashier.Tender("cash", D("100.00"), tendered=D("150.00")))
    window = workspace(day.hall.users["hall_manager"], None)
    panel = day_panel(qtbot, window)
    assert panel.day == today()
    assert panel.total_value.text() == "¥100.00"
    assert [label.text() for label in panel.count_values] == ["1", "0", "0"]
    assert cells(panel.method_table) == [["Cash", "1", "¥100.00"], ["Total", "1", "¥100.00"]]
    assert cells(panel.cashier_table) == [["李娜", "1", "¥100.00"], ["Total", "1", "¥100.00"]]
    assert cells(panel.kind_table)[1] == ["Heating", "¥100.00"]
    assert panel.method_table.item(0, 2).textAlignment() & Qt.AlignmentFlag.AlignRight
    # the open shift: named, and marked in words, not only in red
    shift = cells(panel.shift_table)[0]
    assert shift[1:] == ["李娜", "Window 1", "¥200.00", "—", "—", "Still open"]
    assert panel.shift_table.item(0, 6).font().bold()
    # the day's difference is not known while a shift is open: never a balanced 0.00
    assert cells(panel.shift_table)[-1] == ["Total", "", "", "", "", "",
                                            "Not known: 1 still open"]
    assert panel.shift_table.item(1, 6).foreground().color() == PROBLEM
    assert panel.open_note.isVisibleTo(panel) and "李娜" in panel.open_note.text()
    assert panel.state_label.property("state") == "open"
    # A payment at the desk reaches the report by change notice.
    day.pay(second, cashier.Tender("wechat", D("100.00"), reference="4200001"))
    qtbot.waitUntil(lambda: panel.total_value.text() == "¥200.00", timeout=WAIT)
    assert cells(panel.method_table)[-1] == ["Total", "2", "¥200.00"]
    assert ["WeChat Pay", "1", "¥100.00"] in cells(panel.method_table)


def test_the_close_is_refused_while_a_shift_is_open_and_done_once_it_is_closed(
        qtbot: QtBot, day: Day, workspace: Workspace) -> None:
    day.pay(day.accounts[0], cashier.Tender("cash", D("100.00")))
    window = workspace(day.hall.users["hall_manager"], None)
    panel = day_panel(qtbot, window)
    named = "李娜 (cashier_h01, window 1)"  # the same words on the panel, dialog and refusal
    assert panel.open_note.text() == ("Shifts still open: 李娜 (cashier_h01, window 1). The "
                                      "day can be closed once every shift is.")
    panel.close_button.click()
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.total_label.text() == "¥100.00"  # the read-back
    assert dialog.open_note.isVisibleTo(dialog) and named in dialog.open_note.text()
    # a close the service would refuse is not offered: only the way back
    assert not dialog.close_button.isVisibleTo(dialog)
    assert dialog.cancel_button.isDefault() and dialog.cancel_button.text() == "Back"
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT)
    assert day.closes() == 0 and panel.close_button.isVisible()

    day.run(cashier.close_shift, day.cashier, {"100": 3})  # float 200 + 100 cash
    qtbot.waitUntil(lambda: not panel.open_shifts(), timeout=WAIT)
    assert cells(panel.shift_table)[0][4:] == ["¥300.00", "¥300.00", "Matches"]
    assert cells(panel.shift_table)[-1][6] == "Matches"  # all counted: the total is known
    assert not panel.open_note.isVisibleTo(panel)
    # Cancelling the read-back closes nothing.
    panel.close_button.click()
    assert panel.dialog is not None and panel.dialog.close_button.isVisibleTo(panel.dialog)
    assert panel.dialog.cancel_button.text() == "Cancel"
    panel.dialog.cancel_button.click()
    qtbot.wait(200)
    assert day.closes() == 0

    # A shift opened while the manager reads back: the service refuses, naming it as the
    # screen does.
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT)
    panel.close_button.click()
    dialog = panel.dialog
    assert dialog is not None and not dialog.open_note.isVisibleTo(dialog)
    day.run(cashier.open_shift, day.cashier, D("0"))
    dialog.close_button.click()
    qtbot.waitUntil(lambda: bool(panel.message.property("problem")), timeout=WAIT)
    assert panel.message.text() == f"The day was not closed: Shifts still open: {named}."
    assert day.closes() == 0
    qtbot.waitUntil(lambda: panel.open_shifts_text() == named, timeout=WAIT)
    day.run(cashier.close_shift, day.cashier, {})
    qtbot.waitUntil(lambda: not panel.open_shifts() and panel.dialog is None, timeout=WAIT)
    panel.close_button.click()
    dialog = panel.dialog
    assert dialog is not None and not dialog.open_note.isVisibleTo(dialog)
    # While the manager reads back ¥100.00, the cashier opens a shift, takes ¥50.00 and
    # closes it: the close is refused rather than sealing figures nobody read.
    day.run(cashier.open_shift, day.cashier, D("200.00"))
    day.pay(day.accounts[1], cashier.Tender("cash", D("50.00")))
    day.run(cashier.close_shift, day.cashier, {"100": 2, "10": 5})
    dialog.close_button.click()
    qtbot.waitUntil(lambda: "changed after they were read back" in panel.message.text(),
                    timeout=WAIT)
    assert panel.message.property("problem") and day.closes() == 0
    qtbot.waitUntil(lambda: panel.dialog is None and panel.total_value.text() == "¥150.00",
                    timeout=WAIT)
    panel.close_button.click()
    dialog = panel.dialog
    assert dialog is not None and dialog.total_label.text() == "¥150.00"
    dialog.close_button.click()
    qtbot.waitUntil(lambda: panel.view is not None
                    and panel.view.report.closed_at is not None, timeout=WAIT)
    assert day.closes() == 1
    assert "is closed: ¥150.00 collected in 2 payments" in panel.message.text()
    assert not panel.message.property("problem")
    # who closed it, and when (the hall's clock)
    assert panel.state_label.property("state") == "closed"
    assert panel.state_label.text().startswith("Closed by 张建国 at " + today().isoformat())
    assert not panel.close_button.isVisible()


def test_in_chinese_the_refusal_names_the_open_shifts_as_the_screen_does(
        qtbot: QtBot, day: Day, workspace: Workspace) -> None:
    with pytest.raises(CashierRefused) as refused:
        day.run(cashier.close_day, day.manager, today())
    assert refused.value.params["open"] == [("李娜", day.cashier.username, 1)]
    window = workspace(day.hall.users["hall_manager"], None)
    panel = day_panel(qtbot, window)
    named = f"李娜（{day.cashier.username}，1号窗口）"
    try:
        assert i18n.install("zh_CN")
        assert close_refusal_text(refused.value) == f"仍有班次未交班：{named}。"
        assert panel.open_shifts_text() == named
        qtbot.waitUntil(lambda: named in panel.open_note.text(), timeout=WAIT)  # retranslated
        panel.close_button.click()
        dialog = panel.dialog
        assert dialog is not None and named in dialog.open_note.text()
        assert not dialog.close_button.isVisibleTo(dialog)  # no 确认日结 to be refused
        assert dialog.cancel_button.text() == "返回"
        dialog.cancel_button.click()
    finally:
        i18n.install("en")


def test_the_report_is_saved_as_an_a4_pdf_an_excel_workbook_and_a_csv(
        qtbot: QtBot, day: Day, workspace: Workspace,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    day.pay(day.accounts[0], cashier.Tender("cash", D("100.00")))
    day.pay(day.accounts[1], cashier.Tender("alipay", D("100.00"), reference="2026112422001"))
    window = workspace(day.hall.users["hall_manager"], None)
    panel = day_panel(qtbot, window)
    asked: list[str] = []
    target: dict[str, Path] = {}

    def save_as(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target["path"]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    # The files speak the manager's language: English here ...
    target["path"] = tmp_path / "day-en.pdf"
    panel.pdf_button.click()
    qtbot.waitUntil(lambda: panel.last_saved == str(tmp_path / "day-en.pdf"), timeout=WAIT)
    text = pdf_text(tmp_path / "day-en.pdf")
    assert "Collection report" in text and "Cash 1 ￥100.00" in text
    assert "Printed by 张建国" in text and "Total 2 ￥200.00" in text
    target["path"] = tmp_path / "day-en.csv"
    panel.csv_button.click()
    qtbot.waitUntil(lambda: panel.last_saved == str(tmp_path / "day-en.csv"), timeout=WAIT)
    rows = list(csv.reader(io.StringIO((tmp_path / "day-en.csv").read_text("utf-8-sig"))))
    assert rows[0] == ["Collection report", "第一营业厅"] and ["Cash", "1", "100.00"] in rows
    # ... and Chinese, the default.
    try:
        assert i18n.install("zh_CN")
        qtbot.waitUntil(lambda: panel.xlsx_button.text() == "保存 Excel(&X)…", timeout=WAIT)
        target["path"] = tmp_path / "day-report"  # no suffix typed: .pdf is added
        panel.pdf_button.click()
        pdf = tmp_path / "day-report.pdf"
        qtbot.waitUntil(lambda: panel.last_saved == str(pdf), timeout=WAIT)
        assert asked[-1].endswith(f"收费日报_{day.hall.code}_{today().isoformat()}.pdf")
        assert str(pdf) in panel.message.text() and not panel.message.property("problem")
        text = pdf_text(pdf)
        assert "收费日报" in text and f"营业日：{today().isoformat()}" in text
        assert "实收合计 2 0 0 ￥200.00" in text
        assert "现金 1 ￥100.00" in text and "支付宝 1 ￥100.00" in text
        assert "未日结" in text and not list(tmp_path.glob("*.part"))
        # what the command line's report has too: voided / refunded sums and the audit anchor
        assert "作废（不计入实收） 0 ￥0.00" in text and "退款（已从实收中减去） 0 ￥0.00" in text
        assert "打印时链头" in text
        # names, not user names; who printed it
        assert "李娜 2 ￥200.00" in text and "打印人：张建国" in text
        assert day.cashier.username not in text and "verify-audit" not in text

        target["path"] = tmp_path / "day"
        panel.xlsx_button.click()
        xlsx = tmp_path / "day.xlsx"
        qtbot.waitUntil(lambda: panel.last_saved == str(xlsx), timeout=WAIT)
        assert asked[-1].endswith(f"_{today().isoformat()}.xlsx")
        sheet = load_workbook(xlsx).active
        assert sheet is not None
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert table[0][:2] == ["收费日报", "第一营业厅"]
        assert table[1][:2] == ["营业日", datetime.combine(today(), datetime.min.time())]
        assert table[3][:2] == ["导出人", "张建国"]
        assert ["支付方式", "笔数", "金额"] in [r[:3] for r in table]  # Chinese headings
        for label in ("现金", "支付宝"):
            row = next(r for r in table if r[0] == label)
            assert row[1] == 1 and D(str(row[2])) == D("100.00")  # a count, an amount
        assert next(r for r in table if r[0] == "李娜")[1:3] == [2, 200]
        assert not [v for r in table for v in r if v in (day.cashier.username, "cash")]

        target["path"] = tmp_path / "day.csv"
        panel.csv_button.click()
        qtbot.waitUntil(lambda: panel.last_saved == str(tmp_path / "day.csv"), timeout=WAIT)
    finally:
        i18n.install("en")
    assert asked[-1].endswith(f"_{today().isoformat()}.csv")
    raw = (tmp_path / "day.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on a Chinese Windows reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["收费日报", "第一营业厅"]
    assert ["营业日", today().isoformat()] in rows and ["导出人", "张建国"] in rows
    assert ["现金", "1", "100.00"] in rows and ["支付宝", "1", "100.00"] in rows
    assert ["李娜", "2", "200.00"] in rows and ["合计", "2", "200.00"] in rows
    assert day.cashier.username not in raw.decode("utf-8-sig")

    # A folder that cannot be written says so and leaves nothing behind.
    target["path"] = tmp_path / "missing" / "day.csv"
    panel.csv_button.click()
    qtbot.waitUntil(lambda: bool(panel.message.property("problem")), timeout=WAIT)
    assert "could not be written" in panel.message.text()


def billing_panel(qtbot: QtBot, window: MainWindow) -> BillingRunPanel:
    area = open_area(qtbot, window)
    area.pages.setCurrentWidget(area.billing)
    return area.billing


def run_from_screen(qtbot: QtBot, panel: BillingRunPanel) -> None:
    panel.run_button.click()
    box, confirm = panel.confirm_box, panel.confirm_button
    assert box is not None and confirm is not None and box.isVisible()
    assert panel.period_box.text().strip() in box.text()  # the read-back
    confirm.click()
    assert panel.running and not panel.run_button.isEnabled()  # busy: not pressed twice
    assert panel.progress.isVisibleTo(panel)
    qtbot.waitUntil(lambda: not panel.running, timeout=WAIT)
    assert panel.run_button.isEnabled() and not panel.progress.isVisibleTo(panel)


def test_a_billing_run_from_the_screen_creates_the_bills_and_a_rerun_says_so(
        qtbot: QtBot, day: Day, workspace: Workspace) -> None:
    window = workspace(day.hall.users["hall_manager"], None)
    panel = billing_panel(qtbot, window)
    qtbot.waitUntil(lambda: len(panel.runs) == 1, timeout=WAIT)  # the fixture's run
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("heating"))
    panel.period_box.setText("2030-2031")
    run_from_screen(qtbot, panel)
    result = panel.result
    assert result is not None and (result.created, result.existed) == (2, 0)
    assert day.bills("2030-2031") == 2
    assert panel.result_title.text() == "Heating 2030-2031: 2 bills created, ¥200.00 in total."
    qtbot.waitUntil(lambda: len(panel.runs) == 2, timeout=WAIT)
    newest = [panel.runs_table.item(0, c).text() for c in range(panel.runs_table.columnCount())]
    assert newest[1:3] == ["Heating", "2030-2031"]
    assert newest[5:] == ["2", "0", "0", "¥200.00", "张建国"]

    run_from_screen(qtbot, panel)  # the same period again
    result = panel.result
    assert result is not None and (result.created, result.existed) == (0, 2)
    assert panel.result_title.text() == ("Heating 2030-2031 was billed already: no new bills "
                                         "(2 existed).")
    assert day.bills("2030-2031") == 2
    qtbot.waitUntil(lambda: len(panel.runs) == 3, timeout=WAIT)


def test_a_wrong_period_is_refused_beside_the_field_and_nothing_is_billed(
        qtbot: QtBot, day: Day, workspace: Workspace) -> None:
    window = workspace(day.hall.users["hall_manager"], None)
    panel = billing_panel(qtbot, window)
    assert panel.kind() == "gas"
    for typed in ("abc", "2030-13", ""):
        panel.period_box.setText(typed)
        panel.run_button.click()
        # refused beside the field before any read-back: "bill every gas account for abc?"
        # is never asked
        assert panel.confirm_box is None and not panel.running
        assert panel.field_error.isVisibleTo(panel)
        assert panel.field_error.text() == "A gas period is a month: 2026-11."
        assert panel.period_box.property("problem") and panel.period_box.hasFocus()
        assert panel.period_box.text() == typed  # kept as typed
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("heating"))
    panel.period_box.setText("2030-2032")
    panel.run_button.click()
    assert panel.confirm_box is None
    assert panel.field_error.text() == "A heating period is a season: 2026-2027."
    # a due date already past is refused the same way, beside its field
    panel.period_box.setText("2030-2031")
    panel.due_edit.setDate(panel.due_edit.date().addDays(-60))
    panel.run_button.click()
    assert panel.confirm_box is None and panel.due_edit.property("problem")
    assert not panel.period_box.property("problem")
    assert panel.field_error.text() == "The due date cannot be before today (the issue date)."
    qtbot.wait(100)
    assert panel.result is None
    with day.db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Bill)) == 2  # the fixture's


def test_only_who_may_close_the_day_gets_the_area_and_billing_follows_its_permission(
        qtbot: QtBot, day: Day, workspace: Workspace, signed_runner: SignedRunner) -> None:
    assert "collection" in areas_for("hall_manager")
    assert all("collection" not in areas_for(role) for role in ("clerk", "cashier", "admin"))
    desk = workspace(day.hall.users["cashier"], 1)
    assert "collection" not in desk.areas and not desk.findChildren(CollectionArea)
    runner, clerk = signed_runner(day.hall.users["clerk"], window=2)
    panel = BillingRunPanel(runner, clerk)
    qtbot.add_widget(panel)
    panel.show()
    assert panel.not_allowed.isVisible() and not panel.run_button.isVisible()
    assert "Your role may not run the billing" in panel.not_allowed.text()
    runner.wait(10000)
