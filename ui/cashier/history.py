"""收据查询: the cashier's receipt history (F12 in the cashier's area).

  [收据号/户号 [scan, or type + Enter] [查询]  日期 [2026-11-24]  ☐ 只看我的  [返回收费 F12]]
  ┌ no. · time · account · name · amount · paid by · status · print ┐ ┌ the receipt  ┐
  │ …                                                               │ │ preview      │
  └ 12 receipts on 2026-11-24, yours first                          ┘ │ 重打 作废 退款 │

A scanner reads the receipt's barcode into the search box and Enter finds it. The receipt
chosen can be printed again at any time (the same job after a printer failure; otherwise a
copy marked 重打 with a reason), voided in its own open shift, or refunded after it closed,
both with a manager at the counter. The panel only shows and asks; the area runs the work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import format_money
from app.services import cashier
from app.services.cashier import ReceiptHistory, ReceiptSummary
from printing.receipt import ReceiptDocument
from ui.cashier.payment import field_error, show_field_error
from ui.cashier.receipt_panel import ReprintField
from ui.cashier.receipts import receipt_html
from ui.messages import account_kind_name
from ui.widgets import show_status

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
RECEIPT_NO, TIME, ACCOUNT, NAME, AMOUNT, METHODS, STATUS, PRINTED, CASHIER = range(9)
ELIDED = (NAME, METHODS, PRINTED, CASHIER)  # share the width left, elided when narrow
# Colour backs up the words, never replaces them.
STATUS_COLOURS = {cashier.RECEIPT_VOIDED: "#a30d0d", cashier.RECEIPT_REFUNDED: "#8a5a00",
                  cashier.RECEIPT_REFUND: "#8a5a00"}
FAILED_COLOUR = "#a30d0d"


class ReceiptHistoryPanel(QWidget):
    search_requested = Signal()
    receipt_selected = Signal(int)  # payment id
    print_again_requested = Signal()
    reprint_requested = Signal(str)  # the reason
    void_requested = Signal()
    refund_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.asked = ""  # the search last asked for: reloads on a notice repeat it
        self.setObjectName("ReceiptHistory")
        self.history: ReceiptHistory | None = None
        self.document: ReceiptDocument | None = None
        self.pdf_path: Path | None = None

        self.search_label = QLabel()
        self.search_box = QLineEdit()
        self.search_box.setObjectName("receipt_query")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(300)
        self.search_label.setBuddy(self.search_box)
        self.search_box.returnPressed.connect(self.search_requested)
        self.search_error = field_error("query")
        self.search_box.textEdited.connect(
            lambda _t: show_field_error(self.search_box, self.search_error, None))
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.search_requested)
        self.day_label = QLabel()
        self.day_box = QDateEdit()
        self.day_box.setObjectName("receipt_day")
        self.day_box.setCalendarPopup(True)
        self.day_box.setDisplayFormat("yyyy-MM-dd")
        self.day_box.setMinimumWidth(150)
        self.day_label.setBuddy(self.day_box)
        self.day_box.dateChanged.connect(lambda _d: self.search_requested.emit())
        self.mine_box = QCheckBox()
        self.mine_box.setObjectName("receipt_mine")
        self.mine_box.toggled.connect(lambda _on: self.search_requested.emit())
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)

        self.table = QTableWidget(0, 9)
        self.table.setObjectName("receipts_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # At 1366 wide beside the receipt nothing scrolls sideways: number, time, account,
        # amount and status always whole; the name, the tenders, the print status and the
        # cashier (mostly oneself) share what is left, elided, whole in their tooltips.
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in ELIDED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.currentCellChanged.connect(self.on_current_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("NextHint")
        self.count_label.setWordWrap(True)

        # The chosen receipt, as printed, and what may be done with it.
        self.detail = QFrame()
        self.detail.setObjectName("ReceiptPanel")
        self.title = QLabel()
        self.title.setObjectName("ReceiptTitle")
        self.summary = QLabel()
        self.summary.setObjectName("ReceiptPaid")
        self.summary.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setObjectName("ReceiptPreview")
        self.preview.setOpenLinks(False)
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.print_status = QLabel()
        self.print_status.setObjectName("AreaMessage")
        self.print_status.setWordWrap(True)
        self.print_status.hide()
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("PrimaryButton")
        self.retry_button.clicked.connect(self.print_again_requested)
        self.reprint = ReprintField("history_reprint_reason")
        self.reprint.requested.connect(self.on_reprint)
        self.reason_box, self.reason_error = self.reprint.box, self.reprint.error
        self.reprint_button = self.reprint.button
        self.void_button = QPushButton()
        self.void_button.setObjectName("VoidButton")
        self.void_button.clicked.connect(self.void_requested)
        self.refund_button = QPushButton()
        self.refund_button.setObjectName("VoidButton")  # money goes back: the same warning look
        self.refund_button.clicked.connect(self.refund_requested)
        # What the cashier does now (money to give back, and how): large, above the receipt.
        self.instruction = QLabel()
        self.instruction.setObjectName("RemainingDue")
        self.instruction.setWordWrap(True)
        self.instruction.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.instruction.hide()
        self.message = QLabel()
        self.message.setObjectName("AreaMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        search_row = QHBoxLayout()
        search_row.setSpacing(8)
        search_row.addWidget(self.search_label)
        search_row.addWidget(self.search_box, 2)
        search_row.addWidget(self.search_button)
        search_row.addSpacing(16)
        search_row.addWidget(self.day_label)
        search_row.addWidget(self.day_box)
        search_row.addSpacing(8)
        search_row.addWidget(self.mine_box)
        search_row.addStretch(1)
        search_row.addWidget(self.back_button)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.table, 1)
        left.addWidget(self.count_label)
        retry_row = QHBoxLayout()
        retry_row.addStretch(1)
        retry_row.addWidget(self.retry_button)
        money_row = QHBoxLayout()
        money_row.addStretch(1)
        money_row.addWidget(self.void_button)
        money_row.addWidget(self.refund_button)
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(14, 10, 14, 12)
        detail_layout.setSpacing(8)
        detail_layout.addWidget(self.title)
        detail_layout.addWidget(self.summary)
        detail_layout.addWidget(self.instruction)
        detail_layout.addWidget(self.preview, 1)
        detail_layout.addWidget(self.print_status)
        detail_layout.addLayout(retry_row)
        detail_layout.addWidget(self.reprint)
        detail_layout.addLayout(money_row)
        detail_layout.addWidget(self.message)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addLayout(left, 5)
        body.addWidget(self.detail, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(search_row)
        layout.addWidget(self.search_error, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(body, 1)
        self.setTabOrder(self.search_box, self.search_button)
        self.setTabOrder(self.search_button, self.day_box)
        self.setTabOrder(self.day_box, self.mine_box)
        self.setTabOrder(self.mine_box, self.table)
        self.setTabOrder(self.table, self.reason_box)
        self.setTabOrder(self.reason_box, self.reprint_button)
        self.setTabOrder(self.reprint_button, self.void_button)
        self.setTabOrder(self.void_button, self.refund_button)
        self.setTabOrder(self.refund_button, self.back_button)
        # Esc in the search box: back to the day's list.
        self.clear_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_box,
                                        self.on_clear_search,
                                        context=Qt.ShortcutContext.WidgetShortcut)
        self.retranslate()
        self.show_receipt(None)

    # --- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search_label.setText(self.tr("Receipt or &account no."))
        self.search_box.setPlaceholderText(self.tr("scan the receipt's barcode, or type, "
                                                   "then Enter"))
        self.search_button.setText(self.tr("Find"))
        self.day_label.setText(self.tr("&Day"))
        self.mine_box.setText(self.tr("&Mine only"))
        self.back_button.setText(self.tr("Back to the desk (F12)"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Receipt no."), self.tr("Time"), self.tr("Account"), self.tr("Name"),
            self.tr("Amount"), self.tr("Paid by"), self.tr("Status"), self.tr("Print status"),
            self.tr("Cashier")])
        self.retry_button.setText(self.tr("Print again"))
        self.void_button.setText(self.tr("&Void (作废)…"))
        self.refund_button.setText(self.tr("Re&fund (退款)…"))
        if self.history is not None:
            self.show_history(self.history, self.selected_id())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def method_name(self, method: str) -> str:
        return {"cash": self.tr("Cash"), "card": self.tr("Bank card"),
                "wechat": self.tr("WeChat"), "alipay": self.tr("Alipay")}.get(method, method)

    def status_text(self, receipt: ReceiptSummary) -> str:
        return {cashier.RECEIPT_VALID: self.tr("Valid"),
                cashier.RECEIPT_VOIDED: self.tr("Void (作废)"),
                cashier.RECEIPT_REFUNDED: self.tr("Refunded"),
                cashier.RECEIPT_REFUND: self.tr("Refund")}.get(receipt.status, receipt.status)

    def print_text(self, receipt: ReceiptSummary) -> str:
        text = {"printed": self.tr("Printed"), "failed": self.tr("Failed"),
                "queued": self.tr("Not confirmed")}.get(receipt.print_status,
                                                        receipt.print_status or "—")
        if receipt.copies:
            text += " · " + self.tr("reprinted ×%1").replace("%1", str(receipt.copies))
        return text

    # --- the search ----------------------------------------------------------------------------

    def query(self) -> str:
        """What the box holds now (``asked``: what was last searched for)."""
        return self.search_box.text()

    def day(self) -> date:
        value = self.day_box.date()
        return date(value.year(), value.month(), value.day())

    def set_day(self, day: date) -> None:
        self.day_box.blockSignals(True)
        self.day_box.setDate(QDate(day.year, day.month, day.day))
        self.day_box.blockSignals(False)

    def mine(self) -> bool:
        return self.mine_box.isChecked()

    def on_clear_search(self) -> None:
        if self.search_box.text():
            self.search_box.clear()
            self.search_requested.emit()

    def show_search_error(self, error: BaseException) -> None:
        show_field_error(self.search_box, self.search_error, error)
        self.search_box.setFocus()
        self.search_box.selectAll()

    # --- the list ------------------------------------------------------------------------------

    def show_history(self, history: ReceiptHistory, select: int | None = None) -> None:
        """The receipts found; ``select`` the one to keep chosen (else the first)."""
        show_field_error(self.search_box, self.search_error, None)
        self.history = history
        receipts = history.receipts
        self.table.blockSignals(True)
        self.table.setRowCount(len(receipts))
        for row, receipt in enumerate(receipts):
            when = (receipt.paid_at.strftime("%H:%M") if history.day is not None
                    else receipt.paid_at.strftime("%Y-%m-%d %H:%M"))
            self._text(row, RECEIPT_NO, receipt.receipt_no)
            self._text(row, TIME, when)
            self._text(row, ACCOUNT, receipt.account_no)
            self._text(row, NAME, receipt.masked_name)
            self._text(row, AMOUNT, format_money(receipt.amount), align=RIGHT)
            self._text(row, METHODS, " + ".join(self.method_name(m) for m in receipt.methods))
            status = self._text(row, STATUS, self.status_text(receipt))
            status.setToolTip(self.status_detail(receipt))
            if receipt.status in STATUS_COLOURS:
                status.setForeground(QBrush(QColor(STATUS_COLOURS[receipt.status])))
            printed = self._text(row, PRINTED, self.print_text(receipt))
            if receipt.print_status == "failed":
                printed.setForeground(QBrush(QColor(FAILED_COLOUR)))
            self._text(row, CASHIER, self.tr("%1 (%2)").replace(
                "%1", receipt.cashier).replace("%2", str(receipt.window_number)))
        self.table.blockSignals(False)
        row = next((i for i, r in enumerate(receipts) if r.payment_id == select), 0)
        if receipts:
            self.table.setCurrentCell(row, RECEIPT_NO)
        self.show_count()
        self.on_current_changed(self.table.currentRow() if receipts else -1)

    def show_count(self) -> None:
        history = self.history
        if history is None:
            self.count_label.clear()
            return
        n = len(history.receipts)
        if history.matched_on == "receipt_no":
            text = (self.tr("Receipt found.") if n else
                    self.tr("No receipt of this hall has that number."))
        elif history.matched_on == "account_no":
            text = (self.tr("%1 receipts of this account, newest first.").replace("%1", str(n))
                    if n else self.tr("This account has no receipt at this hall."))
        elif n:
            text = self.tr("%1 receipts on %2, yours first.").replace("%1", str(n)).replace(
                "%2", history.day.isoformat() if history.day else "")
        else:
            text = self.tr("No receipts on %1.").replace(
                "%1", history.day.isoformat() if history.day else "")
        if history.truncated:
            text += " " + self.tr("Only the newest %1 are listed: find by number or account "
                                  "for the others.").replace("%1", str(n))
        self.count_label.setText(text)

    def _text(self, row: int, column: int, text: str,
              align: Qt.AlignmentFlag | None = None) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if column in ELIDED:
            item.setToolTip(text)  # whole, where the column elides it
        if align is not None:
            item.setTextAlignment(align)
        self.table.setItem(row, column, item)
        return item

    def receipt_at(self, row: int) -> ReceiptSummary | None:
        if self.history is None or not 0 <= row < len(self.history.receipts):
            return None
        return self.history.receipts[row]

    def selected(self) -> ReceiptSummary | None:
        return self.receipt_at(self.table.currentRow())

    def selected_id(self) -> int | None:
        receipt = self.selected()
        return receipt.payment_id if receipt is not None else None

    def row_of(self, receipt_no: str) -> int:
        receipts = self.history.receipts if self.history is not None else ()
        return next((i for i, r in enumerate(receipts) if r.receipt_no == receipt_no), -1)

    def on_current_changed(self, row: int, *_args: object) -> None:
        """Another receipt chosen: its preview is asked for. The same one again (the list
        reloaded): its preview, the print's progress and the messages stay."""
        receipt = self.receipt_at(row)
        previous = self.document.receipt_no if self.document is not None else None
        same = receipt is not None and receipt.receipt_no == previous
        self.show_receipt(receipt, keep_messages=same)
        if receipt is not None and not same:
            self.receipt_selected.emit(receipt.payment_id)

    # --- the receipt chosen --------------------------------------------------------------------

    def status_detail(self, receipt: ReceiptSummary) -> str:
        """What became of the receipt, and what may follow, in words."""
        kind = account_kind_name(receipt.account_kind)
        parts = [self.tr("%1 · account %2 (%3) · %4 · window %5").replace(
            "%1", format_money(receipt.amount)).replace("%2", receipt.account_no).replace(
            "%3", kind).replace("%4", receipt.cashier).replace("%5", str(receipt.window_number))]
        if receipt.status == cashier.RECEIPT_VOIDED:
            parts.append(self.tr("Void (作废): the money was given back in its shift."))
        elif receipt.status == cashier.RECEIPT_REFUNDED:
            parts.append(self.tr("Refunded by receipt %1.").replace("%1", receipt.refunded_by))
        elif receipt.status == cashier.RECEIPT_REFUND:
            parts.append(self.tr("A refund of receipt %1.").replace("%1", receipt.refund_of))
        elif receipt.in_my_open_shift:
            parts.append(self.tr("Taken in your open shift: it can still be voided."))
        elif receipt.shift_open:
            parts.append(self.tr("Its shift is still open: only its cashier can void it."))
        else:
            parts.append(self.tr("Its shift is closed: money goes back by a refund."))
        if receipt.print_status == "failed":
            parts.append(self.tr("The last print failed: print it again."))
        return "\n".join(parts)

    def show_receipt(self, receipt: ReceiptSummary | None, *,
                     keep_messages: bool = False) -> None:
        if not keep_messages:
            self.message.hide()
            self.instruction.hide()
            self.print_status.hide()
            self.reprint.reset()
            self.document = None
            self.pdf_path = None
            self.preview.clear()
        if receipt is None:
            self.title.setText(self.tr("No receipt chosen"))
            self.summary.setText(self.tr("Scan a receipt's barcode or type its number, or "
                                         "choose one of the day's receipts."))
        else:
            self.title.setText(self.tr("Receipt %1").replace("%1", receipt.receipt_no))
            self.summary.setText(self.status_detail(receipt))
        valid = receipt is not None and receipt.status == cashier.RECEIPT_VALID
        self.reprint_button.setEnabled(receipt is not None)
        self.reason_box.setEnabled(receipt is not None)
        # A void or refund is final; while its shift is open only its cashier voids it, and
        # after the shift it is refunded (the service refuses everything else too).
        may_void = valid and receipt is not None and receipt.in_my_open_shift
        may_refund = valid and receipt is not None and not receipt.shift_open
        for button, allowed in ((self.void_button, may_void),
                                (self.refund_button, may_refund)):
            button.setEnabled(allowed)
            button.setVisible(allowed)
        self.retry_button.setVisible(receipt is not None and receipt.print_status == "failed"
                                     and receipt.print_job_id is not None)

    def show_document(self, document: ReceiptDocument) -> None:
        receipt = self.selected()
        if receipt is None or document.receipt_no != receipt.receipt_no:
            return  # another receipt was chosen meanwhile
        self.document = document
        self.preview.setHtml(receipt_html(document))

    def show_message(self, text: str, *, problem: bool = False) -> None:
        show_status(self.message, text, problem=problem)
        self.message.show()

    def show_instruction(self, text: str) -> None:
        """After a void or refund: how much goes back to the customer, and how."""
        self.instruction.setText(text)
        self.instruction.show()

    # --- printing (the area's print path reports here) -----------------------------------------

    def show_printing(self) -> None:
        show_status(self.print_status, self.tr("Printing the receipt…"))
        self.print_status.show()
        self.retry_button.hide()

    def show_printed(self, pdf_path: Path | None) -> None:
        self.pdf_path = pdf_path
        self.retry_button.hide()
        text = (self.tr("Receipt printed.") if pdf_path is None else
                self.tr("No receipt printer at this PC: saved as PDF %1").replace(
                    "%1", str(pdf_path)))
        show_status(self.print_status, text)
        self.print_status.show()

    def show_print_failed(self, reason: str) -> None:
        show_status(self.print_status, self.tr("Not printed: %1 Check the printer and press "
                                               "Print again.").replace("%1", reason),
                    problem=True)
        self.print_status.show()
        self.retry_button.show()
        self.retry_button.setFocus()

    def show_reprint_refused(self, text: str) -> None:
        self.reprint.refuse(text)

    def on_reprint(self, reason: str) -> None:
        if self.selected() is not None:
            self.reprint_requested.emit(reason)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()
