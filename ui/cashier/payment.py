"""The payment panel: what is paid (all bills, the ticked ones, or an amount, oldest first),
how (cash F6, bank card F7, WeChat F8, Alipay Shift+F8; split over two ways), the cash handed
over and the change in large type, and [收款 F9].

Nothing typed is ever cleared by a refusal: each message stands under the field it is about.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import ZERO, format_money, parse_money
from app.errors import HallDeskError, ValidationError
from app.services.cashier import CASH, METHODS, Tender
from ui.messages import error_text
from ui.widgets import set_problem

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MODE_ALL, MODE_SELECTED, MODE_AMOUNT = "all", "selected", "amount"


def _plain(amount: Decimal) -> str:
    """An amount as the cashier would type it: 1234.50."""
    return f"{amount:.2f}"


def field_error(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName("FieldError")
    label.setProperty("for", name)
    label.setWordWrap(True)
    label.hide()
    return label


def show_field_error(field: QLineEdit, label: QLabel, error: BaseException | None) -> None:
    set_problem(field, error is not None)
    if error is None:
        label.hide()
        return
    label.setText(error_text(error))
    label.show()


class TenderLine(QFrame):
    """One way of paying: the method, what it pays, the cash handed over or the reference."""

    changed = Signal()
    remove_requested = Signal()

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TenderLine")
        self.number = number
        self.method = CASH
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.method_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for method in METHODS:
            button = QPushButton()
            button.setObjectName("MethodButton")
            button.setCheckable(True)
            button.setProperty("method", method)
            button.clicked.connect(lambda _c=False, m=method: self.set_method(m))
            self.group.addButton(button)
            self.method_buttons[method] = button
            buttons.addWidget(button)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("RemoveTender")
        self.remove_button.clicked.connect(self.remove_requested)
        self.remove_button.setVisible(number > 1)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        self.amount_label = QLabel()
        self.amount_box = QLineEdit()
        self.amount_box.setObjectName(f"tender{number}_amount")
        self.amount_box.setAlignment(RIGHT)
        self.amount_label.setBuddy(self.amount_box)
        self.amount_error = field_error("amount")
        self.tendered_label = QLabel()
        self.tendered_box = QLineEdit()
        self.tendered_box.setObjectName(f"tender{number}_tendered")
        self.tendered_box.setAlignment(RIGHT)
        self.tendered_label.setBuddy(self.tendered_box)
        self.tendered_error = field_error("tendered")
        self.reference_label = QLabel()
        self.reference_box = QLineEdit()
        self.reference_box.setObjectName(f"tender{number}_reference")
        self.reference_box.setMaxLength(64)
        self.reference_label.setBuddy(self.reference_box)
        self.reference_error = field_error("reference")

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.amount_label, 0, 0)
        grid.addWidget(self.amount_box, 0, 1)
        grid.addWidget(self.tendered_label, 0, 2)
        grid.addWidget(self.tendered_box, 0, 3)
        grid.addWidget(self.reference_label, 0, 2)
        grid.addWidget(self.reference_box, 0, 3)
        grid.addWidget(self.amount_error, 1, 1)
        grid.addWidget(self.tendered_error, 1, 3)
        grid.addWidget(self.reference_error, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addLayout(grid)

        self.amount_box.textEdited.connect(lambda _t: self._edited(self.amount_box,
                                                                   self.amount_error))
        self.tendered_box.textEdited.connect(lambda _t: self._edited(self.tendered_box,
                                                                     self.tendered_error))
        self.reference_box.textEdited.connect(lambda _t: self._edited(self.reference_box,
                                                                      self.reference_error))
        self.setTabOrder(self.amount_box, self.tendered_box)
        self.setTabOrder(self.tendered_box, self.reference_box)
        self.retranslate()
        self.set_method(CASH)

    def retranslate(self) -> None:
        names = {"cash": self.tr("Cash"), "card": self.tr("Bank card"),
                 "wechat": self.tr("WeChat"), "alipay": self.tr("Alipay")}
        keys = {"cash": "F6", "card": "F7", "wechat": "F8", "alipay": "Shift+F8"}
        for method, button in self.method_buttons.items():
            button.setText(f"{names[method]} {keys[method]}" if self.number == 1
                           else names[method])
        self.remove_button.setText(self.tr("Remove"))
        self.amount_label.setText(self.tr("Pays"))
        self.tendered_label.setText(self.tr("Cash &handed over"))
        self.tendered_box.setPlaceholderText(self.tr("exact amount if empty"))
        self.reference_label.setText(self.tr("Transaction &no."))
        self.reference_box.setPlaceholderText(self.tr("from the POS slip or the phone"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_method(self, method: str) -> None:
        self.method = method
        self.method_buttons[method].setChecked(True)
        cash = method == CASH
        for widget in (self.tendered_label, self.tendered_box):
            widget.setVisible(cash)
        for widget in (self.reference_label, self.reference_box):
            widget.setVisible(not cash)
        self.tendered_error.setVisible(cash and bool(self.tendered_error.text())
                                       and self.tendered_box.property("problem") is True)
        self.reference_error.setVisible(not cash and bool(self.reference_error.text())
                                        and self.reference_box.property("problem") is True)
        self.changed.emit()

    def _edited(self, field: QLineEdit, label: QLabel) -> None:
        show_field_error(field, label, None)  # the cashier is correcting it
        self.changed.emit()

    def clear_errors(self) -> None:
        for field, label in ((self.amount_box, self.amount_error),
                             (self.tendered_box, self.tendered_error),
                             (self.reference_box, self.reference_error)):
            show_field_error(field, label, None)

    def set_amount(self, amount: Decimal | None, *, editable: bool) -> None:
        self.amount_box.setReadOnly(not editable)
        self.amount_box.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable
                                       else Qt.FocusPolicy.NoFocus)
        if not editable:
            self.amount_box.setText("" if amount is None else _plain(amount))

    def amount(self) -> Decimal:
        return parse_money(self.amount_box.text(), field="amount")

    def tendered(self) -> Decimal | None:
        if self.method != CASH or not self.tendered_box.text().strip():
            return None
        return parse_money(self.tendered_box.text(), field="tendered")

    def change(self) -> Decimal | None:
        """The change this line gives, or None while what is typed is not an amount yet."""
        if self.method != CASH:
            return ZERO
        try:
            amount, tendered = self.amount(), self.tendered()
        except HallDeskError:
            return None
        if tendered is None:
            return ZERO
        return tendered - amount if tendered >= amount else None


class PaymentPanel(QFrame):
    """Collects the payment; ``pay_requested`` when [收款 F9] is pressed."""

    pay_requested = Signal()
    mode_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PaymentPanel")
        self.due: Decimal | None = None
        self.mode_caption = QLabel()
        self.mode_caption.setObjectName("SectionTitle")
        self.mode_all = QRadioButton()
        self.mode_selected = QRadioButton()
        self.mode_amount = QRadioButton()
        self.modes = QButtonGroup(self)
        for button, mode in ((self.mode_all, MODE_ALL), (self.mode_selected, MODE_SELECTED),
                             (self.mode_amount, MODE_AMOUNT)):
            button.setProperty("mode", mode)
            self.modes.addButton(button)
            button.toggled.connect(lambda on, m=mode: self.on_mode(m) if on else None)
        self.amount_box = QLineEdit()
        self.amount_box.setObjectName("pay_amount")
        self.amount_box.setAlignment(RIGHT)
        self.amount_box.setMaximumWidth(180)
        self.amount_box.setMinimumWidth(110)  # "先缴最早的" whole, beside the modes
        self.amount_box.textEdited.connect(self.on_amount_edited)
        self.amount_error = field_error("amount")
        self.due_caption = QLabel()
        self.due_caption.setObjectName("DueCaption")
        self.due_label = QLabel()
        self.due_label.setObjectName("DueAmount")
        self.due_label.setAlignment(RIGHT)
        # Late fee waived on the bills paid: what "To pay" already leaves out, and whether a
        # manager approves it when the payment is taken.
        self.waived: Decimal = ZERO
        self.waiver_needs_approval = False
        self.waiver_note = QLabel()
        self.waiver_note.setObjectName("RemainingDue")
        self.waiver_note.setWordWrap(True)
        self.waiver_note.setAlignment(RIGHT)
        self.waiver_note.hide()
        self.lines: list[TenderLine] = []
        self.lines_box = QVBoxLayout()
        self.lines_box.setSpacing(6)
        self.add_button = QPushButton()
        self.add_button.setObjectName("AddTender")
        self.add_button.clicked.connect(self.add_line)
        self.change_caption = QLabel()
        self.change_caption.setObjectName("ChangeCaption")
        self.change_label = QLabel()
        self.change_label.setObjectName("ChangeAmount")
        self.change_label.setAlignment(RIGHT)
        self.message = QLabel()
        self.message.setObjectName("AreaMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.pay_button = QPushButton()
        self.pay_button.setObjectName("PayButton")
        self.pay_button.clicked.connect(self.pay_requested)

        modes = QHBoxLayout()
        modes.addWidget(self.mode_caption)
        # The panel is the payment: the caption gives its width to the amount's field, which
        # must show "先缴最早的" beside the bills at 1366×768.
        self.mode_caption.hide()
        modes.addWidget(self.mode_all)
        modes.addWidget(self.mode_selected)
        modes.addWidget(self.mode_amount)
        modes.addWidget(self.amount_box)
        modes.addStretch(1)
        amount_error_row = QHBoxLayout()
        amount_error_row.addStretch(1)
        amount_error_row.addWidget(self.amount_error)
        # To pay and the change on one line, both in large type: the form and its F9 fit a
        # 1366×768 screen under the customer card.
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_caption)
        due_row.addStretch(1)
        due_row.addWidget(self.due_label)
        due_row.addSpacing(24)
        due_row.addWidget(self.change_caption)
        due_row.addStretch(1)
        due_row.addWidget(self.change_label)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(modes)
        layout.addLayout(amount_error_row)
        layout.addLayout(due_row)
        layout.addWidget(self.waiver_note)
        layout.addLayout(self.lines_box)
        layout.addLayout(add_row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.pay_button)
        self._add_line()
        self.mode_all.setChecked(True)
        self.retranslate()

    # --- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.mode_caption.setText(self.tr("Pay"))
        self.mode_all.setText(self.tr("&All bills"))
        self.mode_selected.setText(self.tr("&Ticked bills"))
        self.mode_amount.setText(self.tr("An a&mount"))
        self.amount_box.setPlaceholderText(self.tr("oldest first"))
        self.due_caption.setText(self.tr("To pay"))
        self.add_button.setText(self.tr("+ Split: a second way of paying"))
        self.change_caption.setText(self.tr("Change"))
        self.pay_button.setText(self.tr("Take payment (F9)"))
        self.show_due(self.due)
        self.show_waived(self.waived, needs_approval=self.waiver_needs_approval)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- mode and amount -------------------------------------------------------------------

    @property
    def mode(self) -> str:
        button = self.modes.checkedButton()
        return str(button.property("mode")) if button is not None else MODE_ALL

    def set_mode(self, mode: str) -> None:
        {MODE_ALL: self.mode_all, MODE_SELECTED: self.mode_selected,
         MODE_AMOUNT: self.mode_amount}[mode].setChecked(True)

    def on_mode(self, mode: str) -> None:
        self.amount_box.setEnabled(mode == MODE_AMOUNT)
        if mode == MODE_AMOUNT:
            self.amount_box.setFocus()
            self.amount_box.selectAll()
        else:
            show_field_error(self.amount_box, self.amount_error, None)
        self.mode_changed.emit(mode)

    def on_amount_edited(self, _text: str) -> None:
        show_field_error(self.amount_box, self.amount_error, None)
        self.mode_changed.emit(self.mode)

    def typed_amount(self) -> Decimal:
        return parse_money(self.amount_box.text(), field="amount")

    def show_due(self, due: Decimal | None) -> None:
        """The amount the tenders must add up to (None: not known, e.g. an amount not typed
        yet). The first line pays it all unless split; the second line pays the rest."""
        self.due = due
        self.due_label.setText(format_money(due) if due is not None else "—")
        self._spread()

    def show_waived(self, amount: Decimal, *, needs_approval: bool) -> None:
        """The late fee waived on the bills being paid (already out of "To pay")."""
        self.waived = amount
        self.waiver_needs_approval = needs_approval
        text = self.tr("Late fee waived: %1").replace("%1", format_money(amount))
        if needs_approval:
            text += " · " + self.tr("a hall manager approves it when you take the payment")
        self.waiver_note.setText(text)
        self.waiver_note.setVisible(amount > 0)

    def _spread(self) -> None:
        first = self.lines[0]
        if len(self.lines) == 1:
            first.set_amount(self.due, editable=False)
        else:
            first.set_amount(None, editable=True)
            rest: Decimal | None = None
            try:
                if self.due is not None:
                    rest = self.due - first.amount()
            except HallDeskError:
                rest = None
            self.lines[1].set_amount(rest if rest is not None and rest > 0 else None,
                                     editable=False)
        self.show_change()

    # --- tender lines ----------------------------------------------------------------------

    def _add_line(self) -> TenderLine:
        line = TenderLine(len(self.lines) + 1)
        line.changed.connect(self._spread)
        line.remove_requested.connect(self.remove_line)
        self.lines.append(line)
        self.lines_box.addWidget(line)
        self.add_button.setVisible(len(self.lines) < 2)
        return line

    def add_line(self) -> None:
        """Split: the first line keeps what it pays (now typed), the second pays the rest."""
        if len(self.lines) >= 2:
            return
        first = self.lines[0]
        line = self._add_line()
        line.set_method("card" if first.method == CASH else CASH)
        first.set_amount(None, editable=True)
        self._spread()
        first.amount_box.setFocus()
        first.amount_box.selectAll()
        self._chain_tab_order()

    def remove_line(self) -> None:
        if len(self.lines) < 2:
            return
        line = self.lines.pop()
        self.lines_box.removeWidget(line)
        line.deleteLater()
        self.add_button.setVisible(True)
        self._spread()
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        chain: list[QWidget] = [self.amount_box]
        for line in self.lines:
            chain += [*line.method_buttons.values(), line.amount_box, line.tendered_box,
                      line.reference_box]
            if line.number > 1:
                chain.append(line.remove_button)
        chain += [self.add_button, self.pay_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def active_line(self) -> TenderLine:
        """The line the method keys act on: the one being typed in, else the first."""
        focus = self.focusWidget()
        for line in self.lines:
            if focus is not None and line.isAncestorOf(focus):
                return line
        return self.lines[0]

    def set_method(self, method: str) -> None:
        line = self.active_line()
        line.set_method(method)
        target = line.tendered_box if method == CASH else line.reference_box
        target.setFocus()
        target.selectAll()

    def show_change(self) -> None:
        changes = [line.change() for line in self.lines]
        if any(change is None for change in changes):
            self.change_label.setText("—")
        else:
            self.change_label.setText(format_money(sum((c for c in changes if c is not None),
                                                       ZERO)))

    # --- collecting ------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.message.hide()
        show_field_error(self.amount_box, self.amount_error, None)
        for line in self.lines:
            line.clear_errors()

    def show_message(self, text: str, *, problem: bool) -> None:
        self.message.setText(text)
        set_problem(self.message, problem)
        self.message.show()

    def tenders(self, due: Decimal) -> list[Tender] | None:
        """The tenders as typed, or None after marking every field that is wrong."""
        wrong: list[tuple[QLineEdit, QLabel, BaseException]] = []
        tenders: list[Tender] = []
        for index, line in enumerate(self.lines):
            amount: Decimal | None = due
            if index == 0 and len(self.lines) > 1:
                try:
                    amount = line.amount()
                    if amount <= 0:
                        raise ValidationError(field="amount", rule="positive")
                    if amount >= due:
                        raise ValidationError(field="amount", rule="split")
                except HallDeskError as error:
                    amount = None
                    wrong.append((line.amount_box, line.amount_error, error))
            elif index > 0:
                amount = due - tenders[0].amount if tenders else None
            tender, problem = self._tender(line, amount)
            if problem is not None:
                wrong.append(problem)
            if tender is not None:
                tenders.append(tender)
        for field, label, refusal in wrong:
            show_field_error(field, label, refusal)
        if wrong:
            wrong[0][0].setFocus()
            wrong[0][0].selectAll()
            return None
        return tenders

    @staticmethod
    def _tender(line: TenderLine, amount: Decimal | None
                ) -> tuple[Tender | None, tuple[QLineEdit, QLabel, BaseException] | None]:
        tendered: Decimal | None = None
        if line.method == CASH:
            try:
                tendered = line.tendered()
                if tendered is not None and amount is not None and tendered < amount:
                    raise ValidationError(field="tendered", rule="short")
            except HallDeskError as error:
                return None, (line.tendered_box, line.tendered_error, error)
        elif not line.reference_box.text().strip():
            return None, (line.reference_box, line.reference_error,
                          ValidationError(field="reference", rule="required"))
        if amount is None:
            return None, None
        reference = line.reference_box.text().strip() if line.method != CASH else ""
        return Tender(line.method, amount, reference, tendered), None

    def show_service_error(self, error: BaseException) -> None:
        """A refusal of the service, beside the field it names when there is one."""
        field = error.field if isinstance(error, HallDeskError) else None
        if field == "amount" and self.mode == MODE_AMOUNT:
            show_field_error(self.amount_box, self.amount_error, error)
            self.amount_box.setFocus()
            return
        for line in self.lines:
            target = {"tendered": (line.tendered_box, line.tendered_error),
                      "reference": (line.reference_box, line.reference_error),
                      "amount": (line.amount_box, line.amount_error)}.get(field or "")
            if target is not None and target[0].isVisible() and (
                    field != "tendered" or line.method == CASH):
                show_field_error(target[0], target[1], error)
                target[0].setFocus()
                return
        self.show_message(error_text(error), problem=True)

    def reset(self) -> None:
        """A new payment: one cash line, nothing typed."""
        while len(self.lines) > 1:
            self.remove_line()
        first = self.lines[0]
        first.set_method(CASH)
        first.tendered_box.clear()
        first.reference_box.clear()
        self.amount_box.clear()
        self.clear_errors()
        self.set_mode(MODE_ALL)
        self._chain_tab_order()
