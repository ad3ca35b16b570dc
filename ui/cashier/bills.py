"""The customer's accounts and the open bills of the one opened: each account with what it
owes and a checkbox (collected now, or not: all, some or none of its bills ticked), the line
that reconciles the desk with the card (该客户 3 个户号 · 欠费合计 … · 本次收取 …); then the
bills of the account opened, one checkbox a bill, its late fee line by line (days × rate, the
cap), a late fee waiver with its reason (滞纳金减免, up to the fee owed) and the totals with the
waivers taken off. Plain value objects in, the checked bills and waivers out; the ticks of
accounts not on screen are kept while another one is opened.

Whether the waiver may be given is the service's rule (a hall manager's permission, else
their approval at F9); how much may be waived and that it needs a reason is
``pricing.waive_late_fee``'s, used here so that the field says so before paying."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from app.services.cashier import AccountDue, BillDue, CustomerDue, Waiver
from ui.cashier.payment import field_error, show_field_error
from ui.messages import account_kind_name
from ui.widgets import ElidedLabel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CHECK, PERIOD, KIND, DUE_ON, AMOUNT, LATE_FEE, SUBTOTAL = range(7)
A_CHECK, A_NUMBER, A_KIND, A_ADDRESS, A_OWED = range(5)


def per_mille(rate: Decimal) -> str:
    """0.005 -> "5‰", 0.0005 -> "0.5‰": how Chinese utilities state a daily late fee."""
    text = format((rate * 1000).normalize(), "f")
    return f"{text}‰"


class BillsView(QWidget):
    """Accounts of the customer, then the bills table of the one opened."""

    account_chosen = Signal(int)  # another account opened (its bills on screen)
    checks_changed = Signal()
    waivers_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.due: AccountDue | None = None  # the account opened
        self.dues: list[AccountDue] = []  # every account of the customer
        self.saved: dict[int, set[int]] = {}  # ticked bills of the accounts not on screen
        self.waivers: dict[int, Waiver] = {}  # by bill id, on any of the customer's accounts
        self.summary = QLabel()
        self.summary.setObjectName("AccountsSummary")
        self.summary.setWordWrap(True)
        self.accounts = QTableWidget(0, 5)
        self.accounts.setObjectName("cashier_accounts")
        self.accounts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.accounts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.accounts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accounts.verticalHeader().hide()
        accounts_header = self.accounts.horizontalHeader()
        accounts_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        accounts_header.setSectionResizeMode(A_ADDRESS, QHeaderView.ResizeMode.Stretch)
        self.accounts.itemChanged.connect(self.on_account_item_changed)
        self.accounts.currentCellChanged.connect(
            lambda row, *_a: self.on_account_row(row))
        self.accounts.installEventFilter(self)
        # Which account's bills these are, on one line ("…" and a tooltip where it is long:
        # the account's row above says it all): the bills keep their height at 1366×768.
        self.account_label = ElidedLabel()
        self.account_label.setObjectName("BillsTitle")
        self.account_label.setBuddy(self.accounts)
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
        # Period and the money always whole; kind and due date share what is left (elided
        # when narrow): at 1366×768 beside the search and the payment form nothing scrolls.
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(36)
        for column in (PERIOD, AMOUNT, LATE_FEE, SUBTOTAL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (KIND, DUE_ON):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHECK, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(CHECK, 36)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
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
        top.addWidget(self.account_label, 1)
        top.addWidget(self.credit_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.accounts)
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
        self._filling_accounts = False
        self.retranslate()
        self.show_due(None)
        self._fill_accounts()

    def retranslate(self) -> None:
        self.accounts.setHorizontalHeaderLabels([
            "", self.tr("Account no."), self.tr("Kind"), self.tr("Address"), self.tr("Owes")])
        accounts_check = self.accounts.horizontalHeaderItem(A_CHECK)
        if accounts_check is not None:
            accounts_check.setToolTip(self.tr("Collect this account now (Space)"))
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

    def set_customer(self, owed: CustomerDue | None, *, keep: bool = False) -> None:
        """The customer's accounts. A new customer (``keep`` False): the account with the
        oldest debt opens, every bill of every account ticked, no waiver. A reload: the
        account opened and the ticks stay (a bill paid meanwhile leaves them)."""
        dues = list(owed.accounts) if owed is not None else []
        by_id = {d.account_id: d for d in dues}
        if not keep or self.due is None or self.due.account_id not in by_id:
            self.dues = dues
            self.saved = {d.account_id: {b.bill_id for b in d.bills} for d in dues}
            self.waivers = {}
            first = owed.first if owed is not None else None
            self.show_due(first)
        else:
            self.saved[self.due.account_id] = set(self.checked_ids())
            self.saved = {d.account_id: (self.saved[d.account_id] if d.account_id in self.saved
                                         else {b.bill_id for b in d.bills})
                          & {b.bill_id for b in d.bills} for d in dues}
            self.dues = dues
            self.show_due(by_id[self.due.account_id], keep_checks=True)
        self._fill_accounts()

    def open_account(self, account_id: int) -> None:
        """Show another account's bills; the ticks of the one left are kept."""
        due = next((d for d in self.dues if d.account_id == account_id), None)
        if due is None or (self.due is not None and self.due.account_id == account_id):
            return
        if self.due is not None:
            self.saved[self.due.account_id] = set(self.checked_ids())
        self.show_due(due, checks=self.saved.get(account_id))
        self._fill_accounts()
        self.account_chosen.emit(account_id)

    def _fill_accounts(self) -> None:
        self._filling_accounts = True
        self.accounts.setRowCount(len(self.dues))
        current = 0
        for row, due in enumerate(self.dues):
            check = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            ticked = len(self.ticked(due.account_id))
            if due.bills:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                check.setCheckState(
                    Qt.CheckState.Unchecked if not ticked else Qt.CheckState.Checked
                    if ticked == len(due.bills) else Qt.CheckState.PartiallyChecked)
            check.setFlags(flags)
            check.setData(Qt.ItemDataRole.UserRole, due.account_id)
            self.accounts.setItem(row, A_CHECK, check)
            for column, text in ((A_NUMBER, due.account_no),
                                 (A_KIND, account_kind_name(due.kind)),
                                 (A_ADDRESS, due.address)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.accounts.setItem(row, column, item)
            owes = QTableWidgetItem(format_money(due.total_due) if due.total_due
                                    else self.tr("Nothing owed"))
            owes.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            owes.setTextAlignment(RIGHT)
            self.accounts.setItem(row, A_OWED, owes)
            if self.due is not None and due.account_id == self.due.account_id:
                current = row
        if self.dues:
            self.accounts.setCurrentCell(current, A_NUMBER)
        rows = min(len(self.dues), 4)
        self.accounts.setFixedHeight(self.accounts.horizontalHeader().sizeHint().height()
                                     + rows * self.accounts.verticalHeader()
                                     .defaultSectionSize() + 2 * self.accounts.frameWidth())
        # One account needs no list: the line above the bills names it.
        self.accounts.setVisible(len(self.dues) > 1)
        self._filling_accounts = False
        self.show_title()

    def show_title(self) -> None:
        due = self.due
        self.account_label.setText("" if due is None else self.tr(
            "Bills of account %1 · %2 · %3").replace("%1", due.account_no).replace(
            "%2", account_kind_name(due.kind)).replace("%3", due.address))
        self.account_label.setVisible(due is not None)

    def on_account_row(self, row: int) -> None:
        if not self._filling_accounts and 0 <= row < len(self.dues):
            self.open_account(self.dues[row].account_id)

    def on_account_item_changed(self, item: QTableWidgetItem) -> None:
        """The account's checkbox: all of its bills ticked, or none (not collected now)."""
        if self._filling_accounts or item.column() != A_CHECK:
            return
        account_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.set_account_checked(account_id, item.checkState() != Qt.CheckState.Unchecked)

    def set_account_checked(self, account_id: int, checked: bool) -> None:
        due = next((d for d in self.dues if d.account_id == account_id), None)
        if due is None:
            return
        if self.due is not None and self.due.account_id == account_id:
            self._set_table_checked(checked)
        else:
            self.saved[account_id] = {b.bill_id for b in due.bills} if checked else set()
        self._fill_accounts()
        self.show_totals()
        self.checks_changed.emit()

    def ticked(self, account_id: int) -> set[int]:
        """The ticked bills of one of the customer's accounts (on screen or not)."""
        if self.due is not None and self.due.account_id == account_id:
            return set(self.checked_ids())
        return set(self.saved.get(account_id, set()))

    def collected(self) -> list[AccountDue]:
        """The accounts with a bill ticked, the one opened first, then in list order."""
        found = [d for d in self.dues if self.ticked(d.account_id)]
        return sorted(found, key=lambda d: self.due is None
                      or d.account_id != self.due.account_id)

    def ticked_total(self, due: AccountDue) -> Decimal:
        """What the account's ticked bills owe, their waivers taken off."""
        ids = self.ticked(due.account_id)
        return sum((self.outstanding_of(b) for b in due.bills if b.bill_id in ids), ZERO)

    def paid_bill_ids(self, due: AccountDue) -> list[int] | None:
        """The bills an account's payment names (None: all of its open bills)."""
        ids = self.ticked(due.account_id)
        if len(ids) == len(due.bills):
            return None
        return [b.bill_id for b in due.bills if b.bill_id in ids]

    def account_waivers(self, due: AccountDue, bill_ids: list[int] | None = None
                        ) -> list[Waiver]:
        """The waivers of an account's bills paid (``None``: all), in bill order."""
        return [self.waivers[b.bill_id] for b in due.bills if b.bill_id in self.waivers
                and (bill_ids is None or b.bill_id in bill_ids)]

    # --- bills -----------------------------------------------------------------------------

    def show_due(self, due: AccountDue | None, *, keep_checks: bool = False,
                 checks: set[int] | None = None) -> None:
        """A new account: every bill checked (or ``checks``, kept while another account was
        opened). The same account reloaded: checks stay."""
        kept = set(self.checked_ids()) if keep_checks and self.due is not None else None
        if kept is not None and due is not None and self.due is not None and (
                due.account_id != self.due.account_id):
            kept = None
        reloaded = kept is not None
        # A waiver stays while its bill is one of the customer's and still owes at least
        # that much fee.
        fees = {b.bill_id: b.late_fee.payable
                for d in [*self.dues, *([due] if due is not None else [])] for b in d.bills}
        self.waivers = {bill_id: w for bill_id, w in self.waivers.items()
                        if (reloaded or checks is not None)
                        and w.amount <= fees.get(bill_id, ZERO)}
        current = self.bill_at(self.table.currentRow()) if reloaded else None
        if kept is None and checks is not None:
            kept = checks
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
        """Every bill of every account of the customer ticked."""
        return self.due is not None and all(
            len(self.ticked(d.account_id)) == len(d.bills) for d in self.dues or [self.due])

    def set_all_checked(self, checked: bool) -> None:
        """Every bill of every account ticked (or none)."""
        for due in self.dues:
            self.saved[due.account_id] = {b.bill_id for b in due.bills} if checked else set()
        self._set_table_checked(checked)
        self._fill_accounts()
        self.show_totals()
        self.checks_changed.emit()

    def _set_table_checked(self, checked: bool) -> None:
        self._filling = True
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            item = self.table.item(row, CHECK)
            if item is not None:
                item.setCheckState(state)
        self._filling = False

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
            self._fill_accounts()
            self.show_totals()
            self.checks_changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space ticks the current bill whichever cell of its row has the focus."""
        if (watched in (self.table, self.accounts) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Space):
            table = self.table if watched is self.table else self.accounts
            item = table.item(table.currentRow(), CHECK)
            if table is self.accounts and item is not None and not (
                    item.flags() & Qt.ItemFlag.ItemIsUserCheckable):
                return True
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
