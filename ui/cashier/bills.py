"""The open bills of the chosen account: one checkbox a bill, its late fee line by line (days ×
rate, the cap) and the totals. Plain value objects in, the checked bills out."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import ZERO, format_money
from app.billing.pricing import LateFeeLine
from app.services.cashier import AccountDue, AccountHit, BillDue
from ui.messages import account_kind_name

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CHECK, PERIOD, KIND, DUE_ON, AMOUNT, LATE_FEE, SUBTOTAL = range(7)


def per_mille(rate: Decimal) -> str:
    """0.005 -> "5‰", 0.0005 -> "0.5‰": how Chinese utilities state a daily late fee."""
    text = format((rate * 1000).normalize(), "f")
    return f"{text}‰"


class BillsView(QWidget):
    """Accounts of the customer, then the bills table of the chosen one."""

    account_chosen = Signal(int)
    checks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.due: AccountDue | None = None
        self.accounts: list[AccountHit] = []
        self.account_label = QLabel()
        self.account_box = QComboBox()
        self.account_box.setObjectName("cashier_account")
        self.account_label.setBuddy(self.account_box)
        self.account_box.activated.connect(self.on_account_activated)
        self.credit_label = QLabel()
        self.credit_label.setObjectName("CreditLabel")
        self.credit_label.setAlignment(RIGHT)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("bills_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(PERIOD, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CHECK, 44), (KIND, 90), (DUE_ON, 120), (AMOUNT, 140),
                              (LATE_FEE, 120), (SUBTOTAL, 150)):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self.on_item_changed)
        self.table.currentCellChanged.connect(lambda row, *_a: self.show_detail(row))
        self.table.installEventFilter(self)
        self.detail = QLabel()
        self.detail.setObjectName("LateFeeDetail")
        self.detail.setWordWrap(True)
        self.totals = QLabel()
        self.totals.setObjectName("BillTotals")
        self.totals.setAlignment(RIGHT)
        self.totals.setWordWrap(True)
        self.empty_note = QLabel()
        self.empty_note.setObjectName("AreaNote")
        self.empty_note.setWordWrap(True)
        self.filler = QWidget()  # holds the space of the table while there are no bills

        top = QHBoxLayout()
        top.addWidget(self.account_label)
        top.addWidget(self.account_box, 1)
        top.addWidget(self.credit_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.filler, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.totals)
        self._filling = False
        self.retranslate()
        self.show_due(None)

    def retranslate(self) -> None:
        self.account_label.setText(self.tr("&Account"))
        self.table.setHorizontalHeaderLabels([
            "", self.tr("Period"), self.tr("Kind"), self.tr("Due on"), self.tr("Amount"),
            self.tr("Late fee"), self.tr("Subtotal")])
        check_header = self.table.horizontalHeaderItem(CHECK)
        if check_header is not None:
            check_header.setToolTip(self.tr("Pay this bill (Space)"))
        self.show_due(self.due, keep_checks=True)
        self._fill_accounts()

    # --- accounts --------------------------------------------------------------------------

    def set_accounts(self, accounts: list[AccountHit]) -> None:
        self.accounts = accounts
        self._fill_accounts()

    def _fill_accounts(self) -> None:
        chosen = self.account_box.currentData()
        self.account_box.blockSignals(True)
        self.account_box.clear()
        for hit in self.accounts:
            self.account_box.addItem(
                f"{hit.account_no}  {account_kind_name(hit.kind)}  {hit.masked_name}  "
                f"{hit.address}", hit.account_id)
        index = self.account_box.findData(chosen)
        self.account_box.setCurrentIndex(max(index, 0))
        self.account_box.blockSignals(False)

    def on_account_activated(self, index: int) -> None:
        account_id = self.account_box.itemData(index)
        if account_id is not None:
            self.account_chosen.emit(int(account_id))

    def select_account(self, account_id: int) -> None:
        self.account_box.setCurrentIndex(max(self.account_box.findData(account_id), 0))

    # --- bills -----------------------------------------------------------------------------

    def show_due(self, due: AccountDue | None, *, keep_checks: bool = False) -> None:
        """A new account: every bill checked. The same account reloaded: checks stay."""
        kept = set(self.checked_ids()) if keep_checks and self.due is not None else None
        if kept is not None and due is not None and self.due is not None and (
                due.account_id != self.due.account_id):
            kept = None
        self.due = due
        self._filling = True
        bills = due.bills if due is not None else ()
        self.table.setRowCount(len(bills))
        for row, bill in enumerate(bills):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                           | Qt.ItemFlag.ItemIsSelectable)
            checked = kept is None or bill.bill_id in kept
            check.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, bill.bill_id)
            self.table.setItem(row, CHECK, check)
            self._text(row, PERIOD, bill.period)
            self._text(row, KIND, account_kind_name(bill.kind))
            self._text(row, DUE_ON, bill.due_on.isoformat())
            self._text(row, AMOUNT, format_money(bill.principal_due), right=True)
            fee = self._text(row, LATE_FEE, format_money(bill.late_fee.payable), right=True)
            fee.setToolTip(self.late_fee_text(bill.late_fee))
            self._text(row, SUBTOTAL, format_money(bill.outstanding), right=True)
        self._filling = False
        if due is None:
            self.empty_note.setText(self.tr("Find the customer on the left (F5): their "
                                            "accounts and open bills appear here."))
        else:
            self.empty_note.setText(self.tr("Account %1 owes nothing now. A payment is kept "
                                            "as prepaid credit.").replace("%1", due.account_no))
        self.empty_note.setVisible(not bills)
        self.table.setVisible(bool(bills))
        self.filler.setVisible(not bills)
        self.credit_label.setText(self.tr("Prepaid credit %1").replace(
            "%1", format_money(due.prepaid_credit)) if due is not None else "")
        if bills:
            self.table.setCurrentCell(0, PERIOD)
        self.show_detail(self.table.currentRow())
        self.show_totals()

    def _text(self, row: int, column: int, text: str, *, right: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if right:
            item.setTextAlignment(RIGHT)
        self.table.setItem(row, column, item)
        return item

    def late_fee_text(self, line: LateFeeLine) -> str:
        if not line.days and not line.previously_due:
            return self.tr("Not overdue: no late fee.")
        parts = []
        if line.days:
            parts.append(self.tr("%1 days overdue (%2 to %3) × %4 a day × %5 = %6").replace(
                "%1", str(line.days)).replace(
                "%2", line.first_day.isoformat() if line.first_day else "").replace(
                "%3", line.last_day.isoformat()).replace(
                "%4", per_mille(line.daily_rate)).replace(
                "%5", format_money(line.principal_due)).replace(
                "%6", format_money(line.accrued)))
        if line.capped:
            parts.append(self.tr("held to the cap: %1 of it was left, so %2 is charged")
                         .replace("%1", format_money(line.cap_left))
                         .replace("%2", format_money(line.charged)))
        if line.previously_due:
            parts.append(self.tr("%1 charged at an earlier payment and still owed").replace(
                "%1", format_money(line.previously_due)))
        if line.waived:
            parts.append(self.tr("%1 waived").replace("%1", format_money(line.waived)))
        return "; ".join(parts)

    def show_detail(self, row: int) -> None:
        bill = self.bill_at(row)
        if bill is None:
            self.detail.clear()
            self.detail.hide()
            return
        self.detail.setText(self.tr("Late fee of %1: %2").replace("%1", bill.period).replace(
            "%2", self.late_fee_text(bill.late_fee)))
        self.detail.show()

    def bill_at(self, row: int) -> BillDue | None:
        if self.due is None or not 0 <= row < len(self.due.bills):
            return None
        return self.due.bills[row]

    def checked_ids(self) -> list[int]:
        ids = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, CHECK)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def checked_total(self) -> Decimal:
        ids = set(self.checked_ids())
        bills = self.due.bills if self.due is not None else ()
        return sum((b.outstanding for b in bills if b.bill_id in ids), ZERO)

    def all_checked(self) -> bool:
        return self.due is not None and len(self.checked_ids()) == len(self.due.bills)

    def set_all_checked(self, checked: bool) -> None:
        self._filling = True
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            item = self.table.item(row, CHECK)
            if item is not None:
                item.setCheckState(state)
        self._filling = False
        self.show_totals()
        self.checks_changed.emit()

    def show_totals(self) -> None:
        due = self.due
        if due is None or not due.bills:
            self.totals.clear()
            return
        everything = sum((b.outstanding for b in due.bills), ZERO)
        fees = sum((b.late_fee.payable for b in due.bills), ZERO)
        self.totals.setText(self.tr("Selected %1 of %2 bills: %3 · All open bills %4 "
                                    "(late fees %5)").replace(
            "%1", str(len(self.checked_ids()))).replace("%2", str(len(due.bills))).replace(
            "%3", format_money(self.checked_total())).replace(
            "%4", format_money(everything)).replace("%5", format_money(fees)))

    def on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == CHECK:
            self.show_totals()
            self.checks_changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space ticks the current bill whichever cell of its row has the focus."""
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Space):
            item = self.table.item(self.table.currentRow(), CHECK)
            if item is not None:
                item.setCheckState(Qt.CheckState.Unchecked
                                   if item.checkState() == Qt.CheckState.Checked
                                   else Qt.CheckState.Checked)
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
