"""The cashier's receipt history (F12) and the late fee waiver, driven offscreen through the
real workspace on both databases: a receipt found by its number and printed again as 重打,
voided in its shift, refunded with a manager once the shift is closed, and a waiver a
manager approves at F9 lowering what is paid."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import Database
from app.models import LateFeeWaiver, Payment, PaymentVoid, Staff
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.ui.test_cashier_screen import WAIT, Bills, Desk, open_desk
from ui.cashier.history import AMOUNT, PRINTED, RECEIPT_NO, STATUS, ReceiptHistoryPanel

D = Decimal


@pytest.fixture
def bills(db: Database, hall: Hall, system: Actor) -> Bills:
    return Bills(db, hall, system)


@pytest.fixture
def desk(qtbot: QtBot, db: Database, bills: Bills, tmp_path: Path) -> Iterator[Desk]:
    yield from open_desk(qtbot, db, bills, tmp_path)


def back_to_the_window(desk: Desk) -> None:
    """After a dialog closes the window is active again (offscreen: made so), and its
    function keys work."""
    desk.window.activateWindow()
    desk.qtbot.waitUntil(desk.window.isActiveWindow, timeout=WAIT)


def open_history(desk: Desk) -> ReceiptHistoryPanel:
    area = desk.area
    back_to_the_window(desk)
    desk.press(Qt.Key.Key_F12, desk.window.search.box)  # from anywhere in the window
    assert area.pages.currentWidget() is area.history
    assert area.history.search_box.hasFocus()
    wait_listed(desk)
    return area.history


def wait_listed(desk: Desk) -> None:
    desk.area.runner.wait(WAIT)
    desk.qtbot.waitUntil(lambda: desk.area.history.history is not None, timeout=WAIT)
    desk.qtbot.wait(20)  # results queued to the GUI thread
    desk.area.runner.wait(WAIT)


def column(history: ReceiptHistoryPanel, col: int) -> list[str]:
    table = history.table
    return [table.item(row, col).text() for row in range(table.rowCount())]


def manager_approves(desk: Desk, reason: str = "") -> None:
    dialog = desk.area.approval_dialog
    assert dialog is not None and dialog.isVisible()
    if reason:
        dialog.reason.setText(reason)
    dialog.username.setText(desk.bills.hall.users["hall_manager"])
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    desk.qtbot.waitUntil(lambda: desk.area.approval_dialog is None, timeout=WAIT)


def test_a_receipt_found_by_its_number_prints_again_as_a_copy(desk: Desk) -> None:
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    desk.pay()
    desk.wait_printed()
    receipt_no = area.result.receipt_no if area.result else ""
    history = open_history(desk)
    assert column(history, RECEIPT_NO) == [receipt_no]
    assert column(history, AMOUNT) == ["¥212.00"]
    # the printer's answer is recorded after the desk shows it: the page follows
    desk.qtbot.waitUntil(lambda: "Printed" in column(history, PRINTED)[0], timeout=WAIT)
    assert "1 receipts on" in history.count_label.text()
    # What a scanner does: the receipt number, then Enter. Bad input stays as typed.
    desk.qtbot.keyClicks(history.search_box, "abc")
    desk.qtbot.keyClick(history.search_box, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(history.search_error.isVisible, timeout=WAIT)
    assert "receipt number" in history.search_error.text()
    assert history.search_box.text() == "abc" and history.search_box.property("problem")
    history.search_box.clear()
    desk.qtbot.keyClicks(history.search_box, receipt_no.lower())
    desk.qtbot.keyClick(history.search_box, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: history.history is not None
                         and history.history.matched_on == "receipt_no", timeout=WAIT)
    assert column(history, RECEIPT_NO) == [receipt_no] and not history.search_error.isVisible()
    assert history.title.text() == f"Receipt {receipt_no}"
    desk.qtbot.waitUntil(lambda: history.document is not None, timeout=WAIT)
    assert "重打" not in history.preview.toPlainText() and "找零" in history.preview.toPlainText()
    # A copy needs a reason; it keeps the number and says 重打.
    history.reprint_button.click()
    desk.qtbot.waitUntil(history.reason_error.isVisible, timeout=WAIT)
    assert history.reason_error.text() == "Give a reason."
    history.reason_box.setText("客户遗失")
    desk.qtbot.keyClick(history.reason_box, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: history.document is not None
                         and history.document.copy_number == 1, timeout=WAIT)
    assert "重打 第1次" in history.preview.toPlainText()
    desk.qtbot.waitUntil(lambda: history.pdf_path is not None, timeout=WAIT)
    assert history.pdf_path is not None and history.pdf_path.name == f"{receipt_no}-1.pdf"
    desk.qtbot.waitUntil(lambda: desk.bills.jobs() == [(0, "printed", ""),
                                                       (1, "printed", "客户遗失")], timeout=WAIT)
    desk.qtbot.waitUntil(lambda: "×1" in column(history, PRINTED)[0], timeout=WAIT)
    # F12 again: back at the desk, the receipt still there.
    desk.press(Qt.Key.Key_F12, history.search_box)
    assert area.pages.currentIndex() == 0 and area.side.currentWidget() is area.receipt


def test_a_receipt_of_the_open_shift_is_voided_from_the_history(desk: Desk) -> None:
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    desk.pay()
    desk.wait_printed()
    history = open_history(desk)
    assert "can still be voided" in history.summary.text()
    # its own cashier in its open shift voids it; a refund is for after the shift
    assert history.void_button.isEnabled() and not history.refund_button.isVisible()
    history.void_button.click()
    manager_approves(desk, "收错户号")
    desk.qtbot.waitUntil(lambda: column(history, STATUS) == ["Void (作废)"], timeout=WAIT)
    assert "is void" in history.instruction.text() and "¥212.00" in history.instruction.text()
    desk.qtbot.waitUntil(lambda: history.document is not None and history.document.voided,
                         timeout=WAIT)
    assert "作废" in history.preview.toPlainText()
    assert not history.void_button.isEnabled() and not history.refund_button.isEnabled()
    assert desk.bills.count(PaymentVoid) == 1
    # The desk's receipt of that payment says so too.
    desk.qtbot.waitUntil(lambda: area.receipt.document is not None
                         and area.receipt.document.voided, timeout=WAIT)


def test_after_the_shift_closes_a_refund_with_a_manager_gives_the_money_back(
        desk: Desk) -> None:
    area = desk.area
    desk.open_shift("200.00")
    desk.find_customer()
    area.payment.lines[0].tendered_box.setText("300")
    desk.pay()
    desk.wait_printed()
    original = desk.bills.payments()[0]
    history = open_history(desk)
    # While its shift is open there is no refund (the service refuses one too: a void
    # by its cashier and a refund at another window would give the money back twice).
    assert not history.refund_button.isVisible() and history.void_button.isVisible()
    # Close the shift (412.00 in the drawer) and open the next one.
    back_to_the_window(desk)
    desk.press(Qt.Key.Key_F12, history.search_box)
    assert area.pages.currentIndex() == 0
    area.shift_bar.close_button.click()
    panel = area.close_panel
    panel.counts["100"].setValue(4)
    panel.counts["10"].setValue(1)
    panel.counts["1"].setValue(2)
    panel.submit_button.click()
    desk.qtbot.waitUntil(panel.result_box.isVisible, timeout=WAIT)
    panel.done_button.click()
    desk.qtbot.waitUntil(lambda: not area.shift_bar.is_open(), timeout=WAIT)
    desk.open_shift("200.00")

    history = open_history(desk)
    assert column(history, RECEIPT_NO) == [original.receipt_no]
    # The list was shown before the shift closed: its reload on the shift's notice and the
    # chosen receipt's status arrive on the GUI thread after the workers are done.
    desk.qtbot.waitUntil(lambda: "shift is closed" in history.summary.text(), timeout=WAIT)
    assert history.refund_button.isVisible() and not history.void_button.isVisible()
    history.refund_button.click()
    manager_approves(desk, "重复缴费")
    desk.qtbot.waitUntil(lambda: history.instruction.isVisible()
                         and "give back" in history.instruction.text(), timeout=WAIT)
    payments = desk.bills.payments()
    assert len(payments) == 2
    refund = payments[1]
    assert refund.amount == D("-212.00") and refund.refund_of_id == original.id
    assert refund.idempotency_key != original.idempotency_key
    message = history.instruction.text()
    assert refund.receipt_no in message and original.receipt_no in message
    assert "give back ¥212.00" in message and "¥212.00 in cash from your drawer" in message
    # The refund is listed (and chosen), the original says it was refunded.
    by_number = dict(zip(column(history, RECEIPT_NO), column(history, STATUS), strict=True))
    assert by_number == {refund.receipt_no: "Refund", original.receipt_no: "Refunded"}
    selected = history.selected()
    assert selected is not None and selected.receipt_no == refund.receipt_no
    assert f"A refund of receipt {original.receipt_no}" in history.summary.text()
    desk.qtbot.waitUntil(lambda: desk.bills.jobs()[-1][1] == "printed", timeout=WAIT)
    assert history.pdf_path is not None and history.pdf_path.name == f"{refund.receipt_no}.pdf"
    assert not history.refund_button.isEnabled() and not history.void_button.isEnabled()
    # What the refund paid is owed again.
    desk.find_customer()


def test_a_late_fee_waiver_approved_by_a_manager_lowers_what_is_paid(desk: Desk) -> None:
    area = desk.area
    view = area.bills
    desk.open_shift()
    desk.find_customer()
    assert area.payment.due_label.text() == "¥212.00"
    view.table.setFocus()
    view.table.setCurrentCell(0, 1)  # 2023-2024: 10.00 late fee (the cap)
    view.waive_button.click()  # &W (Alt+W) on screen; offscreen Qt has no mnemonics
    assert view.waiver_box.isVisible() and view.waiver_amount.hasFocus()
    assert view.waiver_amount.text() == "10.00"
    # More than the fee, then no reason: refused beside the field, kept as typed.
    view.waiver_amount.setText("10.01")
    desk.qtbot.keyClick(view.waiver_amount, Qt.Key.Key_Return)
    assert view.waiver_amount_error.text() == "At most the late fee owed can be waived."
    assert view.waiver_amount.text() == "10.01" and view.waiver_box.isVisible()
    view.waiver_amount.setText("10.00")
    desk.qtbot.keyClick(view.waiver_amount, Qt.Key.Key_Return)
    assert view.waiver_reason_error.text() == "Give a reason."
    assert area.payment.due_label.text() == "¥212.00"
    view.waiver_reason.setText("困难户，减免滞纳金")
    desk.qtbot.keyClick(view.waiver_reason, Qt.Key.Key_Return)
    assert not view.waiver_box.isVisible()
    assert view.table.item(0, 5).text() == "¥0.00 (¥10.00 waived)"
    assert view.table.item(0, 6).text() == "¥100.00"
    assert area.payment.due_label.text() == "¥202.00"
    assert "¥202.00" in view.totals.text()
    assert "¥10.00 of late fees waived" in view.totals.text()
    note = area.payment.waiver_note
    assert note.isVisible() and "hall manager" in note.text()
    assert "困难户" in view.detail.text()

    # F9: a cashier may not waive, so a manager approves first; cancelled, nothing is paid.
    desk.press(Qt.Key.Key_F9)
    dialog = area.approval_dialog
    assert dialog is not None and dialog.isVisible()
    assert "¥10.00" in dialog.explanation.text() and "2023-2024" in dialog.explanation.text()
    dialog.username.setText(desk.bills.hall.users["cashier"])
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    desk.qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT)
    assert dialog.message.text() == "Your role may not do this."
    dialog.cancel_button.click()
    desk.qtbot.waitUntil(lambda: area.approval_dialog is None, timeout=WAIT)
    assert "needs a hall manager's approval" in area.payment.message.text()
    assert desk.bills.count(Payment) == 0 and not area.paying
    back_to_the_window(desk)
    desk.press(Qt.Key.Key_F9)
    manager_approves(desk)
    desk.wait_receipt()
    result = area.result
    assert result is not None and result.amount == D("202.00")
    assert [(line.waived, line.waiver_reason) for line in result.late_fees] == [
        (D("10.00"), "困难户，减免滞纳金"), (D("0.00"), "")]
    with desk.bills.db.scope(readonly=True) as s:
        waiver = s.scalars(select(LateFeeWaiver)).one()
        approver = s.get(Staff, waiver.approved_by)
        assert waiver.amount == D("10.00") and approver is not None
        assert approver.username == desk.bills.hall.users["hall_manager"]
    assert [p.amount for p in desk.bills.payments()] == [D("202.00")]
    assert "已减免滞纳金" in area.receipt.preview.toPlainText()
    # Booked with the payment: the desk carries no waiver into the next one.
    assert view.waivers == {} and not area.payment.waiver_note.isVisible()


def test_a_waiver_follows_only_the_ticked_bills(desk: Desk, bills: Bills) -> None:
    area = desk.area
    view = area.bills
    desk.open_shift()
    desk.find_customer()
    view.table.setCurrentCell(1, 1)  # 2025-2026: 2.00 late fee
    view.waive_button.click()
    view.waiver_amount.setText("1.50")
    view.waiver_reason.setText("系统故障晚缴")
    view.waiver_apply.click()
    assert area.payment.due_label.text() == "¥210.50"
    assert view.waivers_for(area.paid_bill_ids())[0].amount == D("1.50")
    # Untick that bill: what is paid and what is waived leave it out.
    view.table.setFocus()
    desk.qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert area.payment.due_label.text() == "¥110.00"
    assert area.paid_bill_ids() is not None and view.waivers_for(area.paid_bill_ids()) == []
    assert not area.payment.waiver_note.isVisible()
    # 0 takes the waiver off.
    view.waive_button.click()
    assert view.waiver_remove.isVisible()
    view.waiver_remove.click()
    assert view.waivers == {} and "waived" not in view.table.item(1, 5).text()
    assert bills.count(Payment) == 0


def test_a_payment_elsewhere_while_a_number_is_typed_loses_nothing(desk: Desk) -> None:
    """A notice reloads the list with the search last asked for; the half-typed number (or a
    scanner's keystrokes) in the box is left alone."""
    area = desk.area
    desk.open_shift()
    desk.find_customer()
    desk.pay()
    history = open_history(desk)
    assert len(column(history, RECEIPT_NO)) == 1
    desk.qtbot.keyClicks(history.search_box, "H01-")
    area.on_notice("payments")  # a payment at another window meanwhile
    area.runner.wait(WAIT)
    desk.qtbot.wait(50)
    area.runner.wait(WAIT)
    assert not history.search_error.isVisible()
    assert history.search_box.selectedText() == ""
    desk.qtbot.keyClicks(history.search_box, "2026-1")
    assert history.search_box.text() == "H01-2026-1"
    assert len(column(history, RECEIPT_NO)) == 1  # the day's list, reloaded


def test_a_refused_search_is_said_even_when_a_live_reload_overtakes_it(desk: Desk) -> None:
    """The cashier's search and a reload on a live notice overlap (a payment at another
    counter): only the newest answer is shown, and the reload repeats the cashier's query —
    so its refusal is said as the cashier's own, not swallowed as a background reload's (it
    was, about once in a few runs: the cashier saw nothing happen on Enter)."""
    area = desk.area
    desk.open_shift()
    history = open_history(desk)
    history.search_box.setText("abc")
    area.on_history_search()  # Enter: the cashier's search
    area.on_history_search(live=True)  # a notice at once: the reload overtakes it
    desk.qtbot.waitUntil(history.search_error.isVisible, timeout=WAIT)
    assert "receipt number" in history.search_error.text()
    assert history.search_box.text() == "abc"
    # A reload on its own (no search of the cashier's pending) still says nothing.
    history.search_error.hide()
    area.on_history_search(live=True)
    desk.qtbot.wait(500)
    desk.qtbot.waitUntil(lambda: not area.history_asked_pending and
                         history.search_button.isEnabled(), timeout=WAIT)
    assert not history.search_error.isVisible()
