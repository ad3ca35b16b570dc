"""Shifts at the cashier's desk: the banner that says whether money may be taken ([开班] with
the float), and the blind close ([交班]): notes and coins counted by denomination, the expected
cash shown only once the count is in, then the difference and the shift's report."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import ZERO, format_money
from app.services.cashier import ShiftCloseResult, ShiftInfo, ShiftReport
from ui.cashier.payment import field_error
from ui.widgets import show_status

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# What a drawer is counted in: the notes, then the small notes and coins, then the fen coins
# (bills are exact to the fen, so change in 分 happens) — every one the service knows.
COUNTED_DENOMINATIONS = ("100", "50", "20", "10", "5", "2", "1", "0.5", "0.2", "0.1",
                         "0.05", "0.02", "0.01")
DEFAULT_FLOAT = "200.00"
OUTCOME_ROWS = 6  # rows of the shift's report in a column (1366×768: no scrolling)


def _restyle(widget: QWidget) -> None:
    for item in (widget, *widget.findChildren(QWidget)):
        item.style().unpolish(item)
        item.style().polish(item)


class ShiftBar(QFrame):
    """A clear banner while no shift is open; a quiet line with [交班] while one is."""

    open_requested = Signal()
    close_requested = Signal()

    def __init__(self, zone: ZoneInfo | None, window_number: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShiftBanner")
        self.zone = zone
        self.window_number = window_number  # where this cashier is signed in
        self.shift: ShiftInfo | None = None
        self.known = False
        self.text = QLabel()
        self.text.setObjectName("ShiftText")
        self.text.setWordWrap(True)
        self.float_label = QLabel()
        self.float_box = QLineEdit(DEFAULT_FLOAT)
        self.float_box.setObjectName("float_amount")
        self.float_box.setAlignment(RIGHT)
        self.float_box.setMaximumWidth(140)
        self.float_label.setBuddy(self.float_box)
        self.float_error = field_error("float_amount")
        self.open_button = QPushButton()
        self.open_button.setObjectName("PrimaryButton")
        self.open_button.clicked.connect(self.open_requested)
        self.float_box.returnPressed.connect(self.open_button.click)
        self.close_button = QPushButton()
        self.close_button.setObjectName("CloseShiftButton")
        self.close_button.clicked.connect(self.close_requested)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.float_label)
        row.addWidget(self.float_box)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 2, 10, 2)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.float_error, 0, RIGHT)
        self.retranslate()

    def retranslate(self) -> None:
        self.float_label.setText(self.tr("&Float in the drawer"))
        self.open_button.setText(self.tr("Open shift"))
        self.close_button.setText(self.tr("Close shift…"))
        self.show_shift(self.shift, known=self.known)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def today(self) -> date:
        return datetime.now(self.zone).date()

    def elsewhere(self) -> bool:
        return (self.shift is not None and self.window_number is not None
                and self.shift.window_number != self.window_number)

    def is_open(self) -> bool:
        return self.shift is not None and self.shift.closed_at is None

    def show_shift(self, shift: ShiftInfo | None, *, known: bool = True) -> None:
        """``shift`` the cashier's latest (None: never had one); closed means none is open."""
        self.shift = shift
        self.known = known
        is_open = self.is_open()
        for widget in (self.float_label, self.float_box, self.open_button):
            widget.setVisible(known and not is_open)
        self.close_button.setVisible(is_open and not self.elsewhere())
        if not known:
            self.text.setText(self.tr("Looking up your shift…"))
        elif shift is not None and is_open:
            opened = shift.opened_at.astimezone(self.zone).strftime("%H:%M")
            text = self.tr("Shift open since %1 at window %2 · float %3").replace(
                "%1", opened).replace("%2", str(shift.window_number)).replace(
                "%3", format_money(shift.float_amount))
            if shift.business_day != self.today():
                text = self.tr("Your shift of %1 is still open: close it before taking money "
                               "today.").replace("%1", shift.business_day.isoformat())
            elif self.elsewhere():
                text = self.tr("Your open shift is at window %1: take money there, or close "
                               "it there first.").replace("%1", str(shift.window_number))
            self.text.setText(text)
        else:
            self.text.setText(self.tr("No shift open: no money can be taken. Count the float "
                                      "into the drawer and open a shift."))
        stale = is_open and shift is not None and (shift.business_day != self.today()
                                                   or self.elsewhere())
        state = "open" if is_open and not stale else ("unknown" if not known else "closed")
        if self.property("state") != state:
            self.setProperty("state", state)
            _restyle(self)


class ShiftClosePanel(QFrame):
    """The blind count. The expected cash is not on this screen until the count is in."""

    submit_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ShiftClosePanel")
        self.result: ShiftCloseResult | None = None
        self.report: ShiftReport | None = None
        self.title = QLabel()
        self.title.setObjectName("AreaTitle")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.counts: dict[str, QSpinBox] = {}
        self.line_totals: dict[str, QLabel] = {}
        # Notes on the left, coins (and the 1 元 note) on the right: the form fits a counter
        # screen without scrolling, in the order the drawer is emptied.
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.headers: list[QLabel] = []
        half = 5
        groups = (len(COUNTED_DENOMINATIONS) + half - 1) // half
        for group in range(groups):
            for column in range(3):
                label = QLabel()
                label.setObjectName("ColumnHeader")
                label.setAlignment(RIGHT)
                grid.addWidget(label, 0, group * 4 + column)
                self.headers.append(label)
        for group in range(1, groups):
            grid.setColumnMinimumWidth(group * 4 - 1, 20)
        for index, denomination in enumerate(COUNTED_DENOMINATIONS):
            row, column = 1 + index % half, (index // half) * 4
            name = QLabel(format_money(Decimal(denomination)))
            name.setObjectName("Denomination")
            name.setAlignment(RIGHT)
            box = QSpinBox()
            box.setObjectName(f"count_{denomination}")
            box.setRange(0, 99_999)
            box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
            box.setAlignment(RIGHT)
            box.setMinimumWidth(88)
            box.valueChanged.connect(self.show_counted)
            name.setBuddy(box)
            total = QLabel()
            total.setObjectName("CountLineTotal")
            total.setAlignment(RIGHT)
            total.setMinimumWidth(96)
            grid.addWidget(name, row, column)
            grid.addWidget(box, row, column + 1)
            grid.addWidget(total, row, column + 2)
            self.counts[denomination] = box
            self.line_totals[denomination] = total
        self.counted_caption = QLabel()
        self.counted_caption.setObjectName("TotalCaption")
        self.counted_label = QLabel()
        self.counted_label.setObjectName("CountedAmount")
        self.counted_label.setAlignment(RIGHT)
        last = (groups - 1) * 4
        grid.addWidget(self.counted_caption, half, last, 1, 2, RIGHT)
        grid.addWidget(self.counted_label, half, last + 2)
        grid.setColumnStretch(groups * 4 - 1, 1)  # room to the right of the last group
        self.note_label = QLabel()
        self.note_box = QLineEdit()
        self.note_box.setObjectName("close_note")
        self.note_box.setMaximumWidth(720)
        self.note_label.setBuddy(self.note_box)
        self.message = QLabel()
        self.message.setObjectName("AreaMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("PrimaryButton")
        self.submit_button.clicked.connect(self.submit_requested)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.note_box.returnPressed.connect(self.submit_button.click)
        # The note and both buttons on one line: the count fits 1366×768 beside the search.
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.note_label)
        buttons.addWidget(self.note_box, 1)
        buttons.addSpacing(16)
        buttons.addWidget(self.submit_button)

        self.count_form = QWidget()
        form = QVBoxLayout(self.count_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(4)
        form.addLayout(grid)
        form.addWidget(self.message)
        form.addLayout(buttons)
        form.addStretch(1)

        # After the count: expected vs counted, the difference, the shift's report.
        self.outcome = QFrame()
        self.outcome.setObjectName("ShiftOutcome")
        self.outcome_grid = QGridLayout(self.outcome)
        self.outcome_grid.setHorizontalSpacing(16)
        self.outcome_grid.setVerticalSpacing(2)
        self.outcome_rows: list[tuple[QLabel, QLabel]] = []
        self.difference_note = QLabel()
        self.difference_note.setObjectName("DifferenceNote")
        self.difference_note.setWordWrap(True)
        self.done_button = QPushButton()
        self.done_button.setObjectName("PrimaryButton")
        self.done_button.clicked.connect(self.back_requested)
        self.result_box = QWidget()
        result_layout = QVBoxLayout(self.result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.difference_note)
        result_layout.addWidget(self.outcome)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.done_button)
        result_layout.addLayout(done_row)
        result_layout.addStretch(1)
        self.result_box.hide()

        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(self.title)
        heading.addWidget(self.explanation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(4)
        layout.addLayout(heading)
        layout.addWidget(self.count_form, 1)
        layout.addWidget(self.result_box, 1)
        self.retranslate()
        self.show_counted()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Close shift: count the drawer"))
        self.explanation.setText(self.tr(
            "Count the notes and coins in the drawer, the float included, and enter how many "
            "of each. The expected amount is shown after you submit the count."))
        texts = (self.tr("Note or coin"), self.tr("How many"), self.tr("Amount"))
        for index, label in enumerate(self.headers):
            label.setText(texts[index % 3])
        self.counted_caption.setText(self.tr("Counted"))
        self.note_label.setText(self.tr("&Note"))
        self.note_box.setPlaceholderText(self.tr("anything the manager should know"))
        self.submit_button.setText(self.tr("Submit count"))
        self.back_button.setText(self.tr("Back to the desk"))
        self.done_button.setText(self.tr("Done"))
        if self.result is not None:
            self.show_result(self.result, self.report)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start(self) -> None:
        """A fresh count form: nothing from an earlier close shows."""
        self.result = None
        self.report = None
        for box in self.counts.values():
            box.setValue(0)
        self.note_box.clear()
        self.message.hide()
        self.result_box.hide()
        self.count_form.show()
        self.explanation.show()
        self.counts["100"].setFocus()
        self.counts["100"].selectAll()

    def counted_by_denomination(self) -> dict[str, int]:
        return {d: box.value() for d, box in self.counts.items() if box.value()}

    def counted(self) -> Decimal:
        return sum((Decimal(d) * box.value() for d, box in self.counts.items()), ZERO)

    def show_counted(self) -> None:
        for denomination, box in self.counts.items():
            self.line_totals[denomination].setText(
                format_money(Decimal(denomination) * box.value()))
        self.counted_label.setText(format_money(self.counted()))

    def show_message(self, text: str, *, problem: bool) -> None:
        show_status(self.message, text, problem=problem)
        self.message.show()

    def show_result(self, result: ShiftCloseResult, report: ShiftReport | None) -> None:
        self.result = result
        self.report = report
        self.count_form.hide()
        self.explanation.hide()
        self.result_box.show()
        self.title.setText(self.tr("Shift closed"))
        difference = result.difference
        if difference == 0:
            note = self.tr("The drawer matches the expected cash.")
        elif difference > 0:
            note = self.tr("Over by %1: the drawer holds more than expected.").replace(
                "%1", format_money(difference))
        else:
            note = self.tr("Short by %1: the drawer holds less than expected.").replace(
                "%1", format_money(-difference))
        if result.approved_by:
            note += " " + self.tr("Approved by %1.").replace(
                "%1", result.approver_name or result.approved_by)
        self.difference_note.setText(note)
        self.difference_note.setProperty("problem", difference != 0)
        _restyle(self.difference_note)
        rows: list[tuple[str, ...]] = [
            (self.tr("Expected cash"), format_money(result.expected), "OutcomeValue"),
            (self.tr("Cash counted"), format_money(result.counted), "OutcomeValue"),
            (self.tr("Difference"), format_money(difference), "OutcomeValue")]
        if report is not None:
            rows.append((self.tr("Shift report"), "", "SectionTitle"))
            rows += [(self.tr("Float"), format_money(report.shift.float_amount)),
                     (self.tr("Payments"), str(report.payments)),
                     (self.tr("Refunds"), str(report.refunds)),
                     (self.tr("Voided"), str(report.voids)),
                     (self.tr("Collected (voids not counted)"),
                      format_money(report.collected))]
            names = {"cash": self.tr("Cash"), "card": self.tr("Bank card"),
                     "wechat": self.tr("WeChat"), "alipay": self.tr("Alipay")}
            rows += [(self.tr("· %1 (%2)").replace("%1", names.get(m.method, m.method))
                      .replace("%2", str(m.count)), format_money(m.amount))
                     for m in report.by_method]
            # The drawer's cash, as the expected cash adds it up: every cash payment's
            # money in (a voided one's too, since it came into the drawer), less the change,
            # less what voids gave back. Never called 实收: that is the day report's total,
            # which voided money is not part of.
            rows += [(self.tr("Cash handed over (voids too)"),
                      format_money(report.cash_in)),
                     (self.tr("Change given"), format_money(report.change_given))]
            if report.cash_voided:
                rows.append((self.tr("Cash given back (voids)"),
                             format_money(report.cash_voided)))
            if report.cash_refunded:
                rows.append((self.tr("Cash refunded"), format_money(report.cash_refunded)))
        self._fill_outcome(rows)

    def _fill_outcome(self, rows: list[tuple[str, ...]]) -> None:
        """(caption, value[, style]) rows; style names the value label. A "SectionTitle" row
        starts a second column (the shift's report beside the count)."""
        for caption, value in self.outcome_rows:
            self.outcome_grid.removeWidget(caption)
            self.outcome_grid.removeWidget(value)
            caption.deleteLater()
            value.deleteLater()
        self.outcome_rows = []
        row, column = 0, 0
        for text, amount, *style in rows:
            if style and style[0] == "SectionTitle":
                row, column = 0, 3  # the shift's report beside the count, not below it
            elif column >= 3 and row >= OUTCOME_ROWS:
                row, column = 1, column + 3  # a long report goes on in a third column
            caption = QLabel(text)
            caption.setObjectName(style[0] if style and style[0] == "SectionTitle"
                                  else "TotalCaption")
            value = QLabel(amount)
            value.setObjectName(style[0] if style else "TotalValue")
            value.setAlignment(RIGHT)
            self.outcome_grid.addWidget(caption, row, column)
            self.outcome_grid.addWidget(value, row, column + 1)
            caption.show()  # now, not when the layout gets round to it
            value.show()
            self.outcome_rows.append((caption, value))
            row += 1
        self.outcome_grid.setColumnMinimumWidth(2, 48)
        self.outcome_grid.setColumnMinimumWidth(5, 48)
        self.outcome_grid.setColumnStretch(8, 1)
        self.outcome_grid.setRowStretch(self.outcome_grid.rowCount(), 1)
