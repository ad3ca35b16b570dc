"""After a payment: the receipt as printed, what became of the print, and what may follow
(print again after a failure, 重打 with a reason, 作废 with a manager, the next payment).
Several accounts paid at once: the customer's total and change, and the receipts (one per
account) to choose from; 重打 and 作废 act on the one chosen."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import ZERO, format_money
from app.services.cashier import CustomerPaymentResult, PaymentResult
from printing.receipt import ReceiptDocument
from ui.cashier.payment import field_error, show_field_error
from ui.cashier.receipts import receipt_html
from ui.messages import account_kind_name
from ui.widgets import set_problem, show_status


class ReprintField(QWidget):
    """A receipt's 重打: the reason, the button, and the reason's message below (the desk's
    receipt and the receipts page use the same one)."""

    requested = Signal(str)  # the reason as typed (the service checks it)

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.box = QLineEdit()
        self.box.setObjectName(object_name)
        self.label.setBuddy(self.box)
        self.error = field_error("reason")
        self.box.textEdited.connect(lambda _t: show_field_error(self.box, self.error, None))
        self.box.returnPressed.connect(self.submit)
        self.button = QPushButton()
        self.button.setObjectName("ReprintButton")
        self.button.clicked.connect(self.submit)
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self.box, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Reprint &reason"))
        self.box.setPlaceholderText(self.tr("e.g. the customer lost it"))
        self.button.setText(self.tr("Reprint (重打)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def submit(self) -> None:
        self.requested.emit(self.box.text())

    def reset(self) -> None:
        self.box.clear()
        show_field_error(self.box, self.error, None)

    def refuse(self, text: str) -> None:
        """The service refused the reprint: why, beside the reason, which keeps its text."""
        self.error.setText(text)
        self.error.show()
        set_problem(self.box, True)
        self.box.setFocus()


class ReceiptPanel(QFrame):
    retry_requested = Signal()
    reprint_requested = Signal(str)  # the reason
    void_requested = Signal()
    next_requested = Signal()
    receipt_chosen = Signal(int)  # a payment id of the batch

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReceiptPanel")
        self.result: PaymentResult | None = None
        self.batch: CustomerPaymentResult | None = None
        self.receipt_box = QComboBox()
        self.receipt_box.setObjectName("batch_receipts")
        self.receipt_box.activated.connect(self.on_receipt_activated)
        self.receipt_box.hide()
        self.document: ReceiptDocument | None = None
        self.pdf_path: Path | None = None
        self.title = QLabel()
        self.title.setObjectName("ReceiptTitle")
        self.paid = QLabel()
        self.paid.setObjectName("ReceiptPaid")
        self.paid.setWordWrap(True)
        self.change_caption = QLabel()
        self.change_caption.setObjectName("ChangeCaption")
        self.change_label = QLabel()
        self.change_label.setObjectName("ChangeAmount")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                       | Qt.AlignmentFlag.AlignVCenter)
        self.print_status = QLabel()
        self.print_status.setObjectName("AreaMessage")
        self.print_status.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("PrimaryButton")
        self.retry_button.clicked.connect(self.retry_requested)
        self.retry_button.hide()
        self.open_pdf_button = QPushButton()
        self.open_pdf_button.clicked.connect(self.on_open_pdf)
        self.open_pdf_button.hide()
        self.preview = QTextBrowser()
        self.preview.setObjectName("ReceiptPreview")
        self.preview.setOpenLinks(False)
        self.preview.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview.setMaximumWidth(760)
        self.remaining = QLabel()
        self.remaining.setObjectName("RemainingDue")
        self.remaining.setWordWrap(True)
        self.remaining.hide()
        self.reprint = ReprintField("reprint_reason")
        self.reprint.requested.connect(self.reprint_requested)
        self.reason_box, self.reason_error = self.reprint.box, self.reprint.error
        self.reprint_button = self.reprint.button
        self.void_button = QPushButton()
        self.void_button.setObjectName("VoidButton")
        self.void_button.clicked.connect(self.void_requested)
        self.next_button = QPushButton()
        self.next_button.setObjectName("PrimaryButton")
        self.next_button.clicked.connect(self.next_requested)
        self.next_hint = QLabel()
        self.next_hint.setObjectName("NextHint")
        self.next_hint.setWordWrap(True)

        # The receipt on the left as it will be read; on the right what the cashier does
        # now: the change in large type, the printer's answer, and what may follow.
        print_row = QHBoxLayout()
        print_row.addWidget(self.void_button)
        print_row.addStretch(1)
        print_row.addWidget(self.retry_button)
        print_row.addWidget(self.open_pdf_button)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change_caption)
        change_row.addStretch(1)
        change_row.addWidget(self.change_label)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_hint, 1)
        next_row.addWidget(self.next_button)
        # Tight: the whole column, 新收款 included, fits a 1366×768 screen under the card.
        info = QVBoxLayout()
        info.setSpacing(4)
        info.addWidget(self.title)
        info.addWidget(self.receipt_box)
        info.addWidget(self.paid)
        info.addLayout(change_row)
        info.addWidget(self.remaining)
        info.addWidget(self.print_status)
        info.addLayout(print_row)
        info.addStretch(1)
        info.addWidget(self.reprint)
        info.addSpacing(4)
        info.addLayout(next_row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(16)
        layout.addWidget(self.preview, 3)
        layout.addLayout(info, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.retry_button.setText(self.tr("Print again"))
        self.open_pdf_button.setText(self.tr("Open the PDF"))
        self.void_button.setText(self.tr("Void (作废)…"))
        self.next_button.setText(self.tr("New payment"))
        self.change_caption.setText(self.tr("Change to give"))
        self.next_hint.setText(self.tr("Next customer: Call next (F1), then find them (F5)."))
        self._show_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def fit_lines(self) -> None:
        """Each word-wrapped line gets the height its text needs at its width. A box layout
        hands it the height of its size hint, worked out for another width and without the
        style sheet's padding: after a partial payment (one line more above it) the print
        status lost its last line, the PDF's name or what to do about a failed print."""
        if not self.isVisible():
            return
        for label in (self.paid, self.remaining, self.print_status, self.next_hint):
            if label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width())
                                       if label.isVisibleTo(self) else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_lines()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_lines()

    def _show_title(self) -> None:
        result, batch = self.result, self.batch
        if result is None:
            self.title.clear()
            self.paid.clear()
            self.change_label.clear()
            return
        if batch is not None:
            self._fill_receipts()
            self.title.setText(self.tr("%1 receipts, one per account").replace(
                "%1", str(len(batch.receipts))))
            text = self.tr("Received %1 for %2 accounts").replace(
                "%1", format_money(batch.amount)).replace("%2", str(len(batch.receipts)))
            credit = sum((r.credit_change for r in batch.receipts if r.credit_change > 0),
                         ZERO)
            replayed = batch.replayed
            change = batch.change
        else:
            self.title.setText(self.tr("Receipt %1").replace("%1", result.receipt_no))
            text = self.tr("Received %1").replace("%1", format_money(result.amount))
            credit, replayed, change = result.credit_change, result.replayed, result.change
        if credit > 0:
            text += " · " + self.tr("%1 kept as prepaid credit").replace(
                "%1", format_money(credit))
        if replayed:
            text += " · " + self.tr("(already taken: the same submission was sent again)")
        self.paid.setText(text)
        self.change_label.setText(format_money(change))
        self.fit_lines()

    def _fill_receipts(self) -> None:
        batch = self.batch
        self.receipt_box.clear()
        for receipt in batch.receipts if batch is not None else ():
            data = receipt.receipt
            self.receipt_box.addItem(
                self.tr("%1 · account %2 %3 · %4").replace("%1", receipt.receipt_no).replace(
                    "%2", data.account_no if data is not None else "").replace(
                    "%3", account_kind_name(data.account_kind) if data is not None else "")
                .replace("%4", format_money(receipt.amount)), receipt.payment_id)
        if self.result is not None:
            self.choose(self.result.payment_id)

    def choose(self, payment_id: int) -> None:
        """The receipt of the batch shown (and acted on)."""
        index = self.receipt_box.findData(payment_id)
        if index >= 0:
            self.receipt_box.setCurrentIndex(index)

    def on_receipt_activated(self, index: int) -> None:
        payment_id = self.receipt_box.itemData(index)
        if payment_id is not None:
            self.receipt_chosen.emit(int(payment_id))

    def show_payment(self, result: PaymentResult,
                     batch: CustomerPaymentResult | None = None) -> None:
        """A new receipt (``batch``: the first of several, one per account): nothing from
        the previous one stays."""
        self.result = result
        self.batch = batch
        self.receipt_box.setVisible(batch is not None)
        self.document = None
        self.pdf_path = None
        self.preview.clear()
        self.reprint.reset()
        self.void_button.setEnabled(True)
        self.reprint_button.setEnabled(True)
        self.open_pdf_button.hide()
        self.retry_button.hide()
        self.remaining.hide()
        self.change_caption.show()
        self.change_label.show()
        self._show_title()
        self.show_printing()

    def show_remaining(self, due: Decimal, accounts: int = 1) -> None:
        """What is still owed after this payment (some bills left unticked): by the account,
        or by all of the customer's ``accounts``, as the card says."""
        text = (self.tr("The account still owes %1: New payment shows the bills.")
                if accounts == 1 else
                self.tr("The customer's %2 accounts still owe %1: New payment shows the "
                        "bills.").replace("%2", str(accounts)))
        self.remaining.setText(text.replace("%1", format_money(due)))
        self.remaining.setVisible(due > 0)
        self.fit_lines()

    def show_document(self, document: ReceiptDocument) -> None:
        self.document = document
        self.preview.setHtml(receipt_html(document))
        self.void_button.setEnabled(not document.voided)

    def show_printing(self) -> None:
        show_status(self.print_status, self.tr("Printing the receipt…"))
        self.retry_button.hide()
        self.fit_lines()

    def show_printed(self, pdf_path: Path | None) -> None:
        self.pdf_path = pdf_path
        self.retry_button.hide()
        if pdf_path is None:
            show_status(self.print_status, self.tr("Receipt printed."))
            self.open_pdf_button.hide()
        else:
            show_status(self.print_status, self.tr("No receipt printer at this PC: saved as "
                                                   "PDF %1").replace("%1", str(pdf_path)))
            self.open_pdf_button.show()
        self.fit_lines()

    def show_print_failed(self, reason: str, waiting: Sequence[str] = ()) -> None:
        """``waiting``: the batch's receipts not printed yet, which print after this one."""
        receipt = self.result.receipt_no if self.result else ""
        text = self.tr(
            "The payment is recorded (receipt %1); only the printing failed: %2 Check the "
            "printer and press Print again.").replace("%1", receipt).replace("%2", reason)
        if waiting:
            text += " " + self.tr("Not printed yet: %1 (they print after it; if you move "
                                  "on, print them from Receipts, F12).").replace(
                "%1", "、".join(waiting))
        show_status(self.print_status, text, problem=True)
        self.retry_button.show()
        self.retry_button.setFocus()
        self.fit_lines()

    def show_voided(self, text: str) -> None:
        """No change is handed out any more: the money goes back."""
        self.change_caption.hide()
        self.change_label.hide()
        self.void_button.setEnabled(False)
        show_status(self.print_status, text)
        self.fit_lines()

    def show_reprint_refused(self, text: str) -> None:
        self.reprint.refuse(text)

    def on_open_pdf(self) -> None:
        if self.pdf_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))
