"""The open bills of the chosen account: one checkbox a bill, its late fee line by line (days ×
rate, the cap), a late fee waiver with its reason (滞纳金减免, up to the fee owed) and the totals
with the waivers taken off. Plain value objects in, the checked bills and waivers out.

Whether the waiver may be given is the service's rule (a hall manager's permission, else
their approval at F9); how much may be waived and that it needs a reason is
``pricing.waive_late_fee``'s, used here so that the field says so before paying."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import ZERO, format_money, parse_money
from app.billing.pricing import LateFeeLine, waive_late_fee
from app.errors import HallDeskError
from app.services.cashier import AccountDue, AccountHit, BillDue, Waiver
from ui.cashier.payment import field_error, show_field_error
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
    waivers_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.due: AccountDue | None = None
        self.accounts: list[AccountHit] = []
        self.waivers: dict[int, Waiver] = {}  # by bill id, on the account on screen
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
                              (LATE_FEE, 200), (SUBTOTAL, 150)):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self.on_item_changed)
        self.table.currentCellChanged.connect(lambda row, *_a: self.show_detail(row))
        self.table.installEventFilter(self)
        self.detail = QLabel()
        self.detail.setObjectName("LateFeeDetail")
        self.detail.setWordWrap(True)
        self.waive_button = QPushButton()
        self.waive_button.setObjectName("WaiveButton")
        self.waive_button.clicked.connect(self.open_waiver)
        self.waiver_box = self._waiver_editor()
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
        detail_row = QHBoxLayout()
        detail_row.addWidget(self.detail, 1)
        detail_row.addWidget(self.waive_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(detail_row)
        layout.addWidget(self.waiver_box)
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
        self.waive_button.setText(self.tr("&Waive late fee…"))
        self.waiver_amount_label.setText(self.tr("Waive"))
        self.waiver_reason_label.setText(self.tr("Rea&son"))
        self.waiver_reason.setPlaceholderText(self.tr("why, e.g. hardship approved by the "
                                                      "manager"))
        self.waiver_apply.setText(self.tr("Apply"))
        self.waiver_remove.setText(self.tr("Remove the waiver"))
        self.waiver_cancel.setText(self.tr("Cancel"))
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
        # A waiver stays while its bill is on screen and still owes at least that much fee.
        fees = {b.bill_id: b.late_fee.payable for b in due.bills} if due is not None else {}
        self.waivers = {bill_id: w for bill_id, w in self.waivers.items()
                        if kept is not None and w.amount <= fees.get(bill_id, ZERO)}
        current = self.bill_at(self.table.currentRow()) if kept is not None else None
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
            line = self.line_of(bill)
            fee_text = format_money(line.payable)
            if line.waived:
                fee_text = self.tr("%1 (%2 waived)").replace("%1", fee_text).replace(
                    "%2", format_money(line.waived))
            fee = self._text(row, LATE_FEE, fee_text, right=True)
            fee.setToolTip(self.late_fee_text(line))
            self._text(row, SUBTOTAL, format_money(self.outstanding_of(bill)), right=True)
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
        if bills:  # the same bill stays current on a reload, else the oldest
            row = next((i for i, bill in enumerate(bills)
                        if current is not None and bill.bill_id == current.bill_id), 0)
            self.table.setCurrentCell(row, PERIOD)
        if not self.waiver_box.isHidden() and self.bill_at(self.table.currentRow()) is None:
            self.waiver_box.hide()
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
            parts.append((self.tr("%1 waived (%2)") if line.waiver_reason else
                          self.tr("%1 waived")).replace("%1", format_money(line.waived))
                         .replace("%2", line.waiver_reason))
        return "; ".join(parts)

    def show_detail(self, row: int) -> None:
        bill = self.bill_at(row)
        self.waive_button.setVisible(bill is not None)
        if bill is None:
            self.detail.clear()
            self.detail.hide()
            return
        self.detail.setText(self.tr("Late fee of %1: %2").replace("%1", bill.period).replace(
            "%2", self.late_fee_text(self.line_of(bill))))
        self.detail.show()
        self.waive_button.setEnabled(bill.late_fee.payable > 0)
        if not self.waiver_box.isHidden() and self.waiver_bill != bill.bill_id:
            self.waiver_box.hide()  # the editor is for the bill it was opened on

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
        """What the ticked bills owe, their waivers taken off."""
        ids = set(self.checked_ids())
        bills = self.due.bills if self.due is not None else ()
        return sum((self.outstanding_of(b) for b in bills if b.bill_id in ids), ZERO)

    def open_total(self) -> Decimal:
        """What all open bills owe, their waivers taken off (before prepaid credit)."""
        bills = self.due.bills if self.due is not None else ()
        return sum((self.outstanding_of(b) for b in bills), ZERO)

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
        fees = sum((self.line_of(b).payable for b in due.bills), ZERO)
        text = self.tr("Selected %1 of %2 bills: %3 · All open bills %4 (late fees %5)").replace(
            "%1", str(len(self.checked_ids()))).replace("%2", str(len(due.bills))).replace(
            "%3", format_money(self.checked_total())).replace(
            "%4", format_money(self.open_total())).replace("%5", format_money(fees))
        waived = self.waived_total()
        if waived:
            text += " · " + self.tr("%1 of late fees waived").replace(
                "%1", format_money(waived))
        self.totals.setText(text)

    # --- late fee waivers ------------------------------------------------------------------

    def _waiver_editor(self) -> QFrame:
        """The waiver of the current bill's late fee: how much (up to the fee owed) and why."""
        box = QFrame()
        box.setObjectName("TenderLine")
        self.waiver_bill: int | None = None
        self.waiver_title = QLabel()
        self.waiver_title.setWordWrap(True)
        self.waiver_amount_label = QLabel()
        self.waiver_amount = QLineEdit()
        self.waiver_amount.setObjectName("waiver_amount")
        self.waiver_amount.setAlignment(RIGHT)
        self.waiver_amount.setMaximumWidth(160)
        self.waiver_amount_label.setBuddy(self.waiver_amount)
        self.waiver_amount_error = field_error("waiver")
        self.waiver_reason_label = QLabel()
        self.waiver_reason = QLineEdit()
        self.waiver_reason.setObjectName("waiver_reason")
        self.waiver_reason.setMaxLength(200)
        self.waiver_reason_label.setBuddy(self.waiver_reason)
        self.waiver_reason_error = field_error("reason")
        self.waiver_apply = QPushButton()
        self.waiver_apply.setObjectName("PrimaryButton")
        self.waiver_apply.clicked.connect(self.apply_waiver)
        self.waiver_remove = QPushButton()
        self.waiver_remove.clicked.connect(self.remove_waiver)
        self.waiver_cancel = QPushButton()
        self.waiver_cancel.clicked.connect(self.close_waiver)
        for field, label in ((self.waiver_amount, self.waiver_amount_error),
                             (self.waiver_reason, self.waiver_reason_error)):
            field.textEdited.connect(lambda _t, f=field, e=label: show_field_error(f, e, None))
            field.returnPressed.connect(self.apply_waiver)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.waiver_amount_label, 0, 0)
        grid.addWidget(self.waiver_amount, 0, 1)
        grid.addWidget(self.waiver_reason_label, 0, 2)
        grid.addWidget(self.waiver_reason, 0, 3)
        grid.addWidget(self.waiver_amount_error, 1, 1)
        grid.addWidget(self.waiver_reason_error, 1, 3)
        grid.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.waiver_remove)
        buttons.addWidget(self.waiver_cancel)
        buttons.addWidget(self.waiver_apply)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.waiver_title)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        box.hide()
        return box

    def line_of(self, bill: BillDue) -> LateFeeLine:
        """The bill's late fee line with its waiver, as the payment will book it."""
        waiver = self.waivers.get(bill.bill_id)
        if waiver is None:
            return bill.late_fee
        return waive_late_fee(bill.late_fee, waiver.amount, waiver.reason)

    def outstanding_of(self, bill: BillDue) -> Decimal:
        waiver = self.waivers.get(bill.bill_id)
        return bill.outstanding - (waiver.amount if waiver is not None else ZERO)

    def waivers_for(self, bill_ids: list[int] | None = None) -> list[Waiver]:
        """The waivers of the bills paid (``None``: all open bills), in bill order."""
        bills = self.due.bills if self.due is not None else ()
        return [self.waivers[b.bill_id] for b in bills if b.bill_id in self.waivers
                and (bill_ids is None or b.bill_id in bill_ids)]

    def waived_total(self, bill_ids: list[int] | None = None) -> Decimal:
        return sum((w.amount for w in self.waivers_for(bill_ids)), ZERO)

    def clear_waivers(self) -> None:
        """After a payment: its waivers are booked; the fee now owed is the bill's own."""
        self.waivers = {}
        self.waiver_box.hide()
        self.show_due(self.due, keep_checks=True)

    def open_waiver(self) -> None:
        bill = self.bill_at(self.table.currentRow())
        if bill is None or bill.late_fee.payable <= 0:
            return
        self.waiver_bill = bill.bill_id
        waiver = self.waivers.get(bill.bill_id)
        self.waiver_title.setText(self.tr("Waive the late fee of %1 (%2): at most %3, with the "
                                          "reason.").replace("%1", bill.period).replace(
            "%2", account_kind_name(bill.kind)).replace(
            "%3", format_money(bill.late_fee.payable)))
        self.waiver_amount.setText(f"{(waiver.amount if waiver else bill.late_fee.payable):.2f}")
        self.waiver_reason.setText(waiver.reason if waiver else "")
        for field, label in ((self.waiver_amount, self.waiver_amount_error),
                             (self.waiver_reason, self.waiver_reason_error)):
            show_field_error(field, label, None)
        self.waiver_remove.setVisible(waiver is not None)
        self.waiver_box.show()
        self.waiver_amount.setFocus()
        self.waiver_amount.selectAll()

    def apply_waiver(self) -> None:
        """Check what was typed (kept as typed when wrong, the message beside the field)."""
        bill = next((b for b in (self.due.bills if self.due else ())
                     if b.bill_id == self.waiver_bill), None)
        if bill is None:
            self.close_waiver()
            return
        reason = self.waiver_reason.text().strip()
        try:
            amount = parse_money(self.waiver_amount.text(), field="waiver")
            line = waive_late_fee(bill.late_fee, amount, reason)
        except HallDeskError as error:
            wrong = ((self.waiver_reason, self.waiver_reason_error) if error.field == "reason"
                     else (self.waiver_amount, self.waiver_amount_error))
            show_field_error(wrong[0], wrong[1], error)
            wrong[0].setFocus()
            wrong[0].selectAll()
            return
        if line.waived:
            self.waivers[bill.bill_id] = Waiver(bill.bill_id, line.waived, reason)
        else:
            self.waivers.pop(bill.bill_id, None)  # 0 takes the waiver off
        self._waivers_changed()

    def remove_waiver(self) -> None:
        if self.waiver_bill is not None:
            self.waivers.pop(self.waiver_bill, None)
        self._waivers_changed()

    def close_waiver(self) -> None:
        self.waiver_box.hide()
        self.table.setFocus()

    def _waivers_changed(self) -> None:
        self.close_waiver()
        self.show_due(self.due, keep_checks=True)
        self.waivers_changed.emit()

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
