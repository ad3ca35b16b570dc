"""The cashier's area driven offscreen through the real workspace, on both databases: shifts,
bills, cash with change, split payments, refusals that keep what was typed, one payment for a
double F9, printing that fails without losing the payment, 重打, 作废 with a manager, and the
blind shift close."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db import Database
from app.models import Account, Customer, Payment, PaymentTender, PaymentVoid, PrintJob
from app.services import billing_runs, cashier, queueing
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.tcp_proxy import TcpProxy
from tests.ui.test_counter import db_url, make_settings, sign_in, wait_for_window
from ui import i18n
from ui.cashier.area import CashierArea
from ui.counter.controller import CounterController
from ui.counter.main_window import MainWindow

T = TypeVar("T")
D = Decimal
ZONE = ZoneInfo("Asia/Shanghai")
WAIT = 10000


def today() -> Any:
    return datetime.now(ZONE).date()


class Bills:
    """Tariffs (heating 20.00 元/m², late fee 0.5 % a day capped at 10 % of the bill) and one
    customer whose 5 m² flat owes two seasons: one long overdue (100.00 + the capped 10.00),
    one 4 days overdue (100.00 + 2.00)."""

    def __init__(self, db: Database, hall: Hall, system: Actor) -> None:
        self.db = db
        self.hall = hall
        self.manager = hall.login(db, "hall_manager", window=None)
        start = today().replace(year=2020, month=1, day=1)
        self.run(billing_runs.set_heating_tariff, system, "residential", start,
                 unit_price=D("20.00"), suspended_share=D("0.30"), relief_share=D(0))
        self.run(billing_runs.set_late_fee_policy, system, "heating", "residential", start,
                 daily_rate=D("0.005"), cap_share=D("0.10"))
        with db.scope() as s:
            customer = Customer(name="张三明", phone="13812345678",
                                contact_address="石家庄市长安区中山东路1号")
            s.add(customer)
            s.flush()
            account = Account(account_no="2000000001", customer_id=customer.id, kind="heating",
                              address="石家庄市长安区中山东路1号 1栋1单元101室",
                              heated_area=D("5"), tariff_class="residential", household_size=3,
                              status="active", opened_on=start)
            s.add(account)
            s.commit()
            self.account_id = account.id
        self.account_no = "2000000001"
        recent_due = today() - timedelta(days=4)
        for period, due in (("2023-2024", recent_due.replace(year=2024, month=1, day=31)),
                            ("2025-2026", recent_due)):
            self.run(billing_runs.run_billing, self.manager, "heating", period, due_on=due,
                     issued_on=due - timedelta(days=30))

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.db.scope() as s:
            return fn(s, *args, **kwargs)

    def count(self, model: Any) -> int:
        with self.db.scope(readonly=True) as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

    def payments(self) -> list[Payment]:
        with self.db.scope(readonly=True) as s:
            rows = list(s.scalars(select(Payment).order_by(Payment.id)))
            s.expunge_all()
            return rows

    def jobs(self) -> list[tuple[int, str, str]]:
        with self.db.scope(readonly=True) as s:
            return [(j.copy_no, j.status, j.reason or "") for j in
                    s.scalars(select(PrintJob).order_by(PrintJob.id))]


@pytest.fixture
def bills(db: Database, hall: Hall, system: Actor) -> Bills:
    return Bills(db, hall, system)


class Desk:
    """The cashier signed in at window 2 with the customer's bills on screen."""

    def __init__(self, qtbot: QtBot, window: MainWindow, bills: Bills) -> None:
        self.qtbot = qtbot
        self.window = window
        self.bills = bills
        area = window.areas["cashier"]
        assert isinstance(area, CashierArea)
        self.area = area
        window.tabs.setCurrentWidget(area)
        qtbot.waitUntil(lambda: area.shift_bar.known, timeout=WAIT)

    def open_shift(self, float_amount: str = "200.00") -> None:
        bar = self.area.shift_bar
        bar.float_box.setText(float_amount)
        bar.open_button.click()
        self.qtbot.waitUntil(bar.is_open, timeout=WAIT)

    def find_customer(self) -> None:
        self.window.search.search_for(self.bills.account_no)
        self.qtbot.waitUntil(lambda: self.area.bills.due is not None
                             and len(self.area.bills.due.bills) == 2, timeout=WAIT)

    def press(self, key: Qt.Key, widget: QWidget | None = None,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        target = widget or self.area.payment.lines[0].tendered_box
        target.setFocus()
        self.qtbot.keyClick(target, key, modifier)

    def pay(self) -> None:
        self.press(Qt.Key.Key_F9)
        self.wait_receipt()

    def wait_receipt(self) -> None:
        area = self.area
        self.qtbot.waitUntil(lambda: area.side.currentWidget() is area.receipt
                             and area.receipt.document is not None, timeout=WAIT)

    def wait_printed(self) -> None:
        status = self.area.receipt.print_status
        self.qtbot.waitUntil(lambda: "Printing" not in status.text(), timeout=WAIT)

    def texts(self, root: QWidget) -> str:
        return "\n".join(label.text() for label in root.findChildren(QLabel)
                         if label.isVisibleTo(root))


@pytest.fixture
def desk(qtbot: QtBot, db: Database, bills: Bills, tmp_path: Path) -> Iterator[Desk]:
    yield from open_desk(qtbot, db, bills, tmp_path)


def open_desk(qtbot: QtBot, db: Database, bills: Bills, tmp_path: Path) -> Iterator[Desk]:
    """The cashier signed in, in English; closed down again after the test."""
    i18n.install("en")  # the English source strings (the Chinese come with the .ts)
    controller = CounterController(make_settings(db_url(db), tmp_path, language="en"),
                                   retry_ms=3000)
    controller.start()
    login = controller.login
    assert login is not None
    qtbot.waitUntil(lambda: login.schema_ok and login.hall_box.count() > 1, timeout=WAIT)
    sign_in(qtbot, controller, bills.hall.users["cashier"])
    window = wait_for_window(qtbot, controller)
    yield Desk(qtbot, window, bills)
    controller.monitor.stop()
    if controller.window is not None:
        controller.window.idle.remove()
        controller.window.close()
    controller.runner.wait(10000)
    qtbot.wait(50)  # results already queued to the GUI thread arrive while the runner lives
    controller.shutdown()  # the workers, the client, the embedded server and its database
    i18n.install("zh_CN")


def test_pay_ticked_bills_in_cash_with_the_change_in_large_type(desk: Desk) -> None:
    area = desk.area
    assert area.shift_bar.property("state") == "closed"
    assert "No shift open" in area.shift_bar.text.text()
    desk.open_shift()
    assert area.shift_bar.property("state") == "open"
    desk.find_customer()
    table = area.bills.table
    assert [table.item(r, 1).text() for r in range(2)] == ["2023-2024", "2025-2026"]
    assert [table.item(r, 5).text() for r in range(2)] == ["¥10.00", "¥2.00"]
    assert "capped" not in table.item(0, 5).toolTip()
    assert "held to the cap" in table.item(0, 5).toolTip()
    assert "4 days overdue" in table.item(1, 5).toolTip() and "5‰" in table.item(1, 5).toolTip()
    assert area.payment.due_label.text() == "¥212.00"
    # Untick the recent season with Space on its row: the older one (110.00) is paid.
    table.setFocus()
    table.setCurrentCell(1, 1)
    desk.qtbot.keyClick(table, Qt.Key.Key_Space)
    assert area.payment.mode == "selected"
    assert area.payment.due_label.text() == "¥110.00"
    assert "¥110.00" in area.bills.totals.text()
    tendered = area.payment.lines[0].tendered_box
    desk.qtbot.keyClicks(tendered, "1,000")
    assert area.payment.change_label.text() == "¥890.00"
    desk.pay()
    result = area.result
    assert result is not None and result.amount == D("110.00") and result.change == D("890.00")
    assert [item.period for item in result.items] == ["2023-2024"]
    desk.wait_printed()
    # No printer at this PC: the receipt is a PDF in the data folder, and the job printed.
    pdf = area.receipt.pdf_path
    assert pdf is not None and pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    desk.qtbot.waitUntil(lambda: desk.bills.jobs() == [(0, "printed", "")], timeout=WAIT)
    document = area.receipt.document
    assert document is not None and document.change == D("890.00")
    assert "找零" in area.receipt.preview.toPlainText()
    # The account reloads: one bill left; the next payment is a new submission.
    desk.qtbot.waitUntil(lambda: area.bills.due is not None and len(area.bills.due.bills) == 1,
                         timeout=WAIT)
    assert area.key is None
    area.receipt.next_button.click()
    assert area.payment.isVisible() and area.key is not None
    assert area.payment.lines[0].tendered_box.text() == ""


def test_split_payment_cash_and_card(desk: Desk) -> None:
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    payment = area.payment
    payment.add_button.click()
    first, second = payment.lines
    assert (first.method, second.method) == ("cash", "card")
    assert first.amount_box.hasFocus() and first.amount_box.selectedText() == "212.00"
    desk.qtbot.keyClicks(first.amount_box, "12.00")  # the second line pays the rest
    assert second.amount_box.text() == "200.00"
    desk.qtbot.keyClicks(first.tendered_box, "20")
    desk.qtbot.keyClicks(second.reference_box, "POS-778812")
    assert payment.change_label.text() == "¥8.00"
    # F8 on the second line makes it WeChat: the method keys act on the line being typed in.
    desk.press(Qt.Key.Key_F8, second.reference_box)
    assert second.method == "wechat" and first.method == "cash"
    desk.pay()
    with desk.bills.db.scope(readonly=True) as s:
        tenders = [(t.method, t.amount, t.tendered, t.change, t.reference) for t in
                   s.scalars(select(PaymentTender).order_by(PaymentTender.id))]
    assert tenders == [("cash", D("12.00"), D("20.00"), D("8.00"), ""),
                       ("wechat", D("200.00"), None, D("0.00"), "POS-778812")]
    text = area.receipt.preview.toPlainText()
    assert "微信支付" in text and "POS-778812" in text


def test_bad_input_keeps_the_text_and_says_what_is_wrong_beside_the_field(desk: Desk) -> None:
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    line = area.payment.lines[0]
    line.tendered_box.setText("12,5")
    desk.press(Qt.Key.Key_F9)
    assert line.tendered_error.isVisible()
    assert "Not an amount" in line.tendered_error.text()
    assert line.tendered_box.text() == "12,5" and line.tendered_box.property("problem")
    line.tendered_box.setText("50.00")
    desk.press(Qt.Key.Key_F9)
    assert line.tendered_error.text() == "Less cash handed over than this pays."
    assert line.tendered_box.text() == "50.00"
    # Card without its transaction number; an amount of nothing.
    desk.press(Qt.Key.Key_F7)
    assert line.method == "card" and line.reference_box.hasFocus()
    desk.press(Qt.Key.Key_F9, line.reference_box)
    assert line.reference_error.isVisible() and "transaction number" in line.reference_error.text()
    area.payment.mode_amount.click()
    area.payment.amount_box.setText("abc")
    desk.press(Qt.Key.Key_F9, area.payment.amount_box)
    assert area.payment.amount_error.isVisible()
    assert area.payment.amount_box.text() == "abc"
    assert desk.bills.count(Payment) == 0


def test_double_f9_makes_one_payment_and_a_retry_resends_the_same_key(desk: Desk) -> None:
    area = desk.area
    desk.find_customer()
    key = area.key
    assert key
    # No shift yet: refused, nothing typed is lost, and the form keeps its key.
    area.payment.lines[0].tendered_box.setText("300")
    desk.press(Qt.Key.Key_F9)
    desk.qtbot.waitUntil(area.payment.message.isVisible, timeout=WAIT)
    assert "No shift is open" in area.payment.message.text()
    assert area.key == key and area.payment.lines[0].tendered_box.text() == "300"
    desk.open_shift()
    desk.press(Qt.Key.Key_F9)
    desk.press(Qt.Key.Key_F9)
    desk.wait_receipt()
    desk.area.runner.wait(WAIT)
    payments = desk.bills.payments()
    assert len(payments) == 1 and payments[0].idempotency_key == key
    assert payments[0].amount == D("212.00")


def test_a_printer_failure_keeps_the_payment_and_offers_print_again(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HALLDESK_PRINTER_KIND", "file")
    monkeypatch.setenv("HALLDESK_PRINTER_FILE_PATH", "/proc/halldesk-no-printer/lp0")
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    desk.pay()
    receipt = area.receipt
    desk.qtbot.waitUntil(receipt.retry_button.isVisible, timeout=WAIT)
    assert receipt.print_status.property("problem")
    assert "The payment is recorded" in receipt.print_status.text()
    assert area.result is not None and area.result.receipt_no in receipt.print_status.text()
    assert desk.bills.count(Payment) == 1
    desk.qtbot.waitUntil(lambda: desk.bills.jobs() == [(0, "failed", "")], timeout=WAIT)
    # The printer is back (here: none, so a PDF): the same job prints, no copy is made.
    monkeypatch.delenv("HALLDESK_PRINTER_KIND")
    receipt.retry_button.click()
    desk.qtbot.waitUntil(lambda: receipt.pdf_path is not None, timeout=WAIT)
    assert not receipt.retry_button.isVisible()
    desk.qtbot.waitUntil(lambda: desk.bills.jobs() == [(0, "printed", "")], timeout=WAIT)


def test_reprint_asks_a_reason_and_marks_the_copy(desk: Desk) -> None:
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    desk.pay()
    desk.wait_printed()
    receipt = area.receipt
    receipt.reprint_button.click()
    desk.qtbot.waitUntil(receipt.reason_error.isVisible, timeout=WAIT)
    assert receipt.reason_error.text() == "Give a reason."
    receipt.reason_box.setText("客户遗失")  # QTest types Latin-1 only
    desk.qtbot.keyClick(receipt.reason_box, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: receipt.document is not None
                         and receipt.document.copy_number == 1, timeout=WAIT)
    assert "重打 第1次" in receipt.preview.toPlainText()
    desk.wait_printed()
    assert receipt.pdf_path is not None and receipt.pdf_path.name.endswith("-1.pdf")
    desk.qtbot.waitUntil(lambda: desk.bills.jobs() == [(0, "printed", ""),
                                                       (1, "printed", "客户遗失")], timeout=WAIT)


def test_void_needs_a_manager_at_the_counter(desk: Desk) -> None:
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    desk.pay()
    area.receipt.void_button.click()
    dialog = area.approval_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reason.setText("收错户号")
    dialog.username.setText(desk.bills.hall.users["hall_manager"])
    dialog.password.setText("wrong-pass1")
    dialog.ok_button.click()
    desk.qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT)
    assert "Wrong user name or password" in dialog.message.text()
    assert dialog.isVisible() and dialog.reason.text() == "收错户号"
    assert desk.bills.count(PaymentVoid) == 0
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    desk.qtbot.waitUntil(lambda: area.approval_dialog is None, timeout=WAIT)
    desk.qtbot.waitUntil(lambda: area.receipt.document is not None
                         and area.receipt.document.voided, timeout=WAIT)
    assert "作废" in area.receipt.preview.toPlainText()
    assert "void" in area.receipt.print_status.text()
    # The approver by their real name, as the audit names them; not by their user name.
    assert "(approved by 张建国)" in area.receipt.print_status.text()
    assert desk.bills.hall.users["hall_manager"] not in area.receipt.print_status.text()
    assert desk.bills.count(PaymentVoid) == 1
    assert not area.receipt.void_button.isEnabled()
    # What it paid is owed again.
    desk.qtbot.waitUntil(lambda: area.bills.due is not None and len(area.bills.due.bills) == 2,
                         timeout=WAIT)


def test_blind_shift_close_shows_the_difference_only_after_the_count(desk: Desk) -> None:
    area = desk.area
    desk.open_shift("200.00")
    desk.find_customer()
    area.payment.lines[0].tendered_box.setText("300")
    desk.pay()  # 212.00 in, 88.00 change: the drawer should hold 412.00
    area.shift_bar.close_button.click()
    panel = area.close_panel
    assert area.pages.currentWidget() is panel
    assert "412" not in desk.texts(panel)
    panel.counts["100"].setValue(4)
    panel.counts["10"].setValue(1)  # 410.00: short by 2.00, within the hall's limit
    assert panel.counted_label.text() == "¥410.00"
    assert "412" not in desk.texts(panel)
    panel.note_box.setText("少2元")
    panel.submit_button.click()
    desk.qtbot.waitUntil(panel.result_box.isVisible, timeout=WAIT)
    text = desk.texts(panel)
    assert "¥412.00" in text and "¥410.00" in text and "-¥2.00" in text
    assert "Short by ¥2.00" in panel.difference_note.text()
    desk.qtbot.waitUntil(lambda: "Payments" in desk.texts(panel), timeout=WAIT)
    desk.qtbot.waitUntil(lambda: not area.shift_bar.is_open(), timeout=WAIT)
    panel.done_button.click()
    assert area.pages.currentIndex() == 0
    assert area.shift_bar.property("state") == "closed"


def test_the_shift_close_calls_nothing_collected_that_includes_voided_money(
        desk: Desk) -> None:
    """A voided payment's cash came into the drawer and went back out: the close says so
    (交来现金 with voids, 作废退还), and nothing it calls collected (实收 / 收款合计) holds it,
    so it reads as the day report's 实收合计 does."""
    area = desk.area
    desk.open_shift("200.00")
    desk.find_customer()
    area.payment.lines[0].tendered_box.setText("300")
    desk.pay()  # 212.00 in, 88.00 change
    assert area.result is not None
    bills, payment_id = desk.bills, area.result.payment_id
    bills.run(cashier.void_payment, area.actor, payment_id, reason="收错户号",
              approver_username=bills.hall.users["hall_manager"], approver_password=PASSWORD)
    area.shift_bar.close_button.click()
    panel = area.close_panel
    panel.counts["100"].setValue(2)  # the float: 200 + 300 − 88 − 212
    panel.submit_button.click()
    desk.qtbot.waitUntil(lambda: "Voided" in desk.texts(panel), timeout=WAIT)
    rows = dict(zip(*[iter(label.text() for label in panel.findChildren(QLabel)
                           if label.isVisibleTo(panel)
                           and label.objectName() in ("TotalCaption", "TotalValue",
                                                      "OutcomeValue"))] * 2, strict=False))
    assert rows["Cash handed over (voids too)"] == "¥300.00"
    assert rows["Cash given back (voids)"] == "¥212.00"
    assert rows["Collected (voids not counted)"] == "¥0.00"
    assert rows["Expected cash"] == "¥200.00" and rows["Cash counted"] == "¥200.00"
    i18n.install("zh_CN")  # the words a Chinese cashier reads
    desk.qtbot.waitUntil(lambda: "实点现金" in desk.texts(panel), timeout=WAIT)
    text = desk.texts(panel)
    assert "实收" not in text
    assert "现金收入（含作废）" in text and "收款合计（不含作废）" in text


def test_a_large_difference_needs_a_manager_to_close(desk: Desk) -> None:
    area = desk.area
    desk.open_shift("200.00")
    area.shift_bar.close_button.click()
    panel = area.close_panel
    panel.counts["100"].setValue(1)  # 100.00 of the 200.00 float
    panel.submit_button.click()
    desk.qtbot.waitUntil(lambda: area.approval_dialog is not None, timeout=WAIT)
    dialog = area.approval_dialog
    assert dialog is not None
    assert "count again" in panel.message.text()
    assert "200" not in desk.texts(panel)  # still blind
    dialog.username.setText(desk.bills.hall.users["hall_manager"])
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    desk.qtbot.waitUntil(panel.result_box.isVisible, timeout=WAIT)
    assert "Short by ¥100.00" in panel.difference_note.text()
    assert "Approved by 张建国." in panel.difference_note.text()  # the name, not manager_h01
    assert desk.bills.hall.users["hall_manager"] not in panel.difference_note.text()


def test_the_payment_is_linked_to_the_ticket_being_served(desk: Desk) -> None:
    bills = desk.bills
    with bills.db.scope() as s:
        service = queueing.create_service(s, bills.manager, "A", "缴费", windows=(2,),
                                          opens_at=time(0, 0), closes_at=time(23, 59, 59))
    clerk = bills.hall.login(bills.db, "clerk", window=3)
    with bills.db.scope() as s:
        ticket = queueing.issue_ticket(s, clerk, service.id)
    panel = desk.window.queue_panel
    assert panel is not None
    desk.qtbot.waitUntil(panel.call_button.isEnabled, timeout=WAIT)
    desk.press(Qt.Key.Key_F1, desk.window.search.box)
    desk.qtbot.waitUntil(lambda: panel.state is not None and panel.state.current is not None,
                         timeout=WAIT)
    desk.open_shift()
    desk.find_customer()
    desk.pay()
    payment = bills.payments()[0]
    assert payment.ticket_id == ticket.id


def test_a_hall_manager_has_the_cashier_area_too(qtbot: QtBot, db: Database, bills: Bills,
                                                 tmp_path: Path) -> None:
    i18n.install("en")
    controller = CounterController(make_settings(db_url(db), tmp_path, language="en"))
    controller.start()
    login = controller.login
    assert login is not None
    qtbot.waitUntil(lambda: login.schema_ok and login.hall_box.count() > 1, timeout=WAIT)
    sign_in(qtbot, controller, bills.hall.users["hall_manager"])
    window = wait_for_window(qtbot, controller)
    try:
        area = window.areas["cashier"]
        assert isinstance(area, CashierArea)
        window.tabs.setCurrentWidget(area)
        qtbot.waitUntil(lambda: area.shift_bar.known, timeout=WAIT)
        assert not area.shift_bar.is_open()
    finally:
        controller.monitor.stop()
        window.idle.remove()
        window.close()
        controller.runner.wait(10000)
        qtbot.wait(50)
        controller.shutdown()
        i18n.install("zh_CN")


def test_a_payment_whose_commit_answer_is_lost_is_found_by_f9_again(
        qtbot: QtBot, bills: Bills, tmp_path: Path,
        pg_behind_proxy: tuple[str, TcpProxy]) -> None:
    """The link breaks after the server got the COMMIT: the cashier is told the payment may
    have gone through, and F9 again shows its receipt instead of charging twice."""
    url, proxy = pg_behind_proxy
    proxied = Database(url)
    opened = open_desk(qtbot, proxied, bills, tmp_path)
    desk = next(opened)
    try:
        area = desk.area
        desk.open_shift()
        desk.find_customer()
        key = area.key
        area.payment.lines[0].tendered_box.setText("300")
        proxy.cut_after(b"COMMIT")
        desk.press(Qt.Key.Key_F9)
        message = area.payment.message
        desk.qtbot.waitUntil(lambda: "may have gone through" in message.text(), timeout=WAIT)
        assert area.key == key and area.payment.lines[0].tendered_box.text() == "300"
        assert len(bills.payments()) == 1  # the server committed it
        desk.press(Qt.Key.Key_F9)
        desk.wait_receipt()
        paid = bills.payments()
        assert len(paid) == 1 and paid[0].idempotency_key == key
        assert area.result is not None and area.result.replayed
        assert area.result.receipt_no == paid[0].receipt_no
    finally:
        next(opened, None)
        proxied.dispose()


def test_the_customer_card_shows_the_arrears_and_follows_the_payment(desk: Desk) -> None:
    card = desk.window.card
    desk.find_customer()
    desk.qtbot.waitUntil(lambda: card.arrears.text() == "Owes ¥212.00", timeout=WAIT)
    assert card.arrears.property("owing") is True
    assert "owes ¥212.00" in card.details.text()
    desk.open_shift()
    desk.area.payment.lines[0].tendered_box.setText("212")
    desk.pay()
    desk.qtbot.waitUntil(lambda: card.arrears.text() == "Nothing owed", timeout=WAIT)
    assert card.arrears.property("owing") is False and "owes" not in card.details.text()
