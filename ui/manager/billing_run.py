"""开账: a billing run from the manager's screen, and the runs made so far.

  类别 [燃气 ▾]  账期 [2026-10]  缴费截止日 [2026-12-24 ▾]  [开账…]
  (a read-back of kind, period and due date before anything is created)
  燃气 2026-10：新建账单 1,234 张，合计 ¥123,456.00 · 已有 0 · 跳过 12（无抄表读数 10 …）
  or: 燃气 2026-10 已开过账：没有新账单（已有 1,234 张）
  历次开账: 时间 类别 账期 开票日 缴费截止日 新建 已有 跳过 金额 操作人

The run is ``billing_runs.run_billing`` on the server (idempotent for a period: a rerun
creates only what is missing); the list is ``billing_runs.list_runs`` (``ui.ops.manager``).
Who may run it is the service's decision: a role without the permission sees what the area
would do and who can.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import format_money
from app.errors import HallDeskError, ValidationError
from app.permissions import Permission, has_permission
from app.services import billing_runs
from app.services.billing_runs import BillingRunInfo, BillingRunResult
from app.services.context import Actor
from ui.manager.day_close import STYLE
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import manager as manager_ops
from ui.widgets import set_problem, show_status

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
KINDS = ("gas", "heating")
DUE_AFTER_DAYS = 30  # the default due date, from today
RUNS_SHOWN = 50


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def kind_name(kind: str) -> str:
    return {"gas": _t("Billing", "Gas"), "heating": _t("Billing", "Heating")}.get(kind, kind)


def skip_reason_name(reason: str) -> str:
    return {"no_reading": _t("Billing", "no meter reading"),
            "no_consumption": _t("Billing", "no consumption"),
            "no_area": _t("Billing", "no heated area")}.get(reason, reason.replace("_", " "))


def default_period(kind: str, today: date) -> str:
    """Gas: last month (its readings are in); heating: the season under way or coming."""
    if kind == "gas":
        last_month = today.replace(day=1) - timedelta(days=1)
        return f"{last_month.year}-{last_month.month:02d}"
    start = today.year if today.month >= 7 else today.year - 1
    return f"{start}-{start + 1}"


def period_hint(kind: str) -> str:
    return (_t("Billing", "a month, e.g. 2026-11") if kind == "gas"
            else _t("Billing", "a heating season, e.g. 2026-2027"))


def run_refusal(error: BaseException, kind: str) -> tuple[str, str]:
    """(field, sentence): the field the refusal is about ("" for none) and what to say."""
    if isinstance(error, HallDeskError):
        rule = error.params.get("rule")
        if error.key == "validation" and error.field == "period":
            return "period", (_t("Billing", "A gas period is a month: 2026-11.") if kind == "gas"
                              else _t("Billing", "A heating period is a season: 2026-2027."))
        if error.key == "validation" and rule == "before_issue":
            return "due_on", _t("Billing", "The due date cannot be before today (the issue "
                                           "date).")
        if error.key == "not_found" and "tariff" in str(error.params.get("what", "")):
            return "", _t("Billing", "No tariff is in force for some accounts of this period: "
                                     "an administrator publishes the tariffs first "
                                     "(tariffs-from-file). Nothing was created.")
        if error.key == "conflict" and error.params.get("what") == "billing run":
            return "", _t("Billing", "Another billing run for this period ran at the same "
                                     "time. Run it again: it creates only what is missing.")
    return "", error_text(error)


class BillingRunPanel(QWidget):
    """Run the billing of a kind and period; see the runs so far."""

    def __init__(self, runner: OperationRunner, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BillingRunPanel")
        self.runner = runner
        self.actor = actor
        self.zone = ZoneInfo(actor.hall_timezone) if actor.hall_timezone else None
        self.can_run = has_permission(actor.role, Permission.RUN_BILLING)
        self.running = False
        self.result: BillingRunResult | None = None
        self.runs: list[BillingRunInfo] = []
        self.confirm_box: QMessageBox | None = None
        self.confirm_button: QPushButton | None = None
        self._period_typed = False

        self.title = QLabel()
        self.title.setObjectName("AreaTitle")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.not_allowed = QLabel()
        self.not_allowed.setObjectName("AreaNote")
        self.not_allowed.setWordWrap(True)
        self.not_allowed.setVisible(not self.can_run)

        self.kind_label = QLabel()
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("billing_kind")
        for kind in KINDS:
            self.kind_box.addItem("", kind)
        self.kind_box.currentIndexChanged.connect(self.on_kind_changed)
        self.kind_label.setBuddy(self.kind_box)
        self.period_label = QLabel()
        self.period_box = QLineEdit(default_period("gas", self.today()))
        self.period_box.setObjectName("billing_period")
        self.period_box.setMaximumWidth(160)
        self.period_box.textEdited.connect(self.on_period_edited)
        self.period_label.setBuddy(self.period_box)
        self.period_hint = QLabel()
        self.period_hint.setObjectName("NextHint")
        self.due_label = QLabel()
        self.due_edit = QDateEdit()
        self.due_edit.setObjectName("billing_due")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_edit.setMinimumWidth(150)
        due = self.today() + timedelta(days=DUE_AFTER_DAYS)
        self.due_edit.setDate(QDate(due.year, due.month, due.day))
        self.due_label.setBuddy(self.due_edit)
        self.run_button = QPushButton()
        self.run_button.setObjectName("PrimaryButton")
        self.run_button.clicked.connect(self.on_run)
        self.period_box.returnPressed.connect(self.run_button.click)
        self.field_error = QLabel()
        self.field_error.setObjectName("FieldError")
        self.field_error.setWordWrap(True)
        self.field_error.hide()
        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        form.addWidget(self.kind_label, 0, 0)
        form.addWidget(self.kind_box, 0, 1)
        form.addWidget(self.period_label, 0, 2)
        form.addWidget(self.period_box, 0, 3)
        form.addWidget(self.due_label, 0, 4)
        form.addWidget(self.due_edit, 0, 5)
        form.addWidget(self.run_button, 0, 6)
        form.addWidget(self.period_hint, 1, 3, 1, 2)
        form.addWidget(self.field_error, 2, 0, 1, 7)
        form.setColumnStretch(7, 1)
        self.form_widgets: list[QWidget] = [self.kind_box, self.period_box, self.due_edit,
                                            self.run_button]
        for widget in (*self.form_widgets, self.kind_label, self.period_label,
                       self.due_label, self.period_hint):
            widget.setVisible(self.can_run)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # how long it takes is not known: it just moves
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        self.result_frame = QFrame()
        self.result_frame.setObjectName("HallPanel")
        self.result_title = QLabel()
        self.result_title.setObjectName("SectionTitle")
        self.result_title.setWordWrap(True)
        self.result_lines = QLabel()
        self.result_lines.setObjectName("TotalCaption")
        self.result_lines.setWordWrap(True)
        self.result_lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_layout = QVBoxLayout(self.result_frame)
        result_layout.setContentsMargins(16, 8, 16, 10)
        result_layout.addWidget(self.result_title)
        result_layout.addWidget(self.result_lines)
        self.result_frame.hide()
        self.message = QLabel()
        self.message.setObjectName("AreaMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.runs_heading = QLabel()
        self.runs_heading.setObjectName("SectionTitle")
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        runs_header = QHBoxLayout()
        runs_header.addWidget(self.runs_heading, 1)
        runs_header.addWidget(self.refresh_button)
        self.runs_table = QTableWidget(0, 10)
        self.runs_table.setObjectName("runs_table")
        self.runs_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.runs_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.runs_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs_table.verticalHeader().setVisible(False)
        self.runs_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.runs_table.horizontalHeader().setStretchLastSection(True)
        self.runs_note = QLabel()
        self.runs_note.setObjectName("AreaMessage")
        self.runs_note.setWordWrap(True)
        self.runs_note.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.not_allowed)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_frame)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addLayout(runs_header)
        layout.addWidget(self.runs_table, 1)
        layout.addWidget(self.runs_note)
        self.setStyleSheet(STYLE)
        self.retranslate()

    # --- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Billing run"))
        self.explanation.setText(self.tr(
            "A billing run creates the bills of one kind and period for every account of the "
            "company, in every hall: gas per month from that month's meter readings, heating "
            "per season by heated area. Bills are never deleted. Running a period again "
            "creates only the bills still missing."))
        self.not_allowed.setText(self.tr(
            "Your role may not run the billing. A hall manager runs it here, an administrator "
            "with the billing-run command."))
        self.kind_label.setText(self.tr("&Kind"))
        for index, kind in enumerate(KINDS):
            self.kind_box.setItemText(index, kind_name(kind))
        self.period_label.setText(self.tr("Peri&od"))
        self.period_hint.setText(period_hint(self.kind()))
        self.period_box.setPlaceholderText(default_period(self.kind(), self.today()))
        self.due_label.setText(self.tr("Du&e by"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.runs_heading.setText(self.tr("Billing runs so far (newest first)"))
        self.runs_table.setHorizontalHeaderLabels([
            self.tr("Run at"), self.tr("Kind"), self.tr("Period"), self.tr("Issued"),
            self.tr("Due by"), self.tr("Created"), self.tr("Existed"), self.tr("Skipped"),
            self.tr("Amount"), self.tr("Run by")])
        for column in range(5, 9):
            item = self.runs_table.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(RIGHT)
        self._show_button()
        if self.result is not None:
            self.show_result(self.result)
        self.show_runs(self.runs)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_button(self) -> None:
        self.run_button.setText(self.tr("Running…") if self.running
                                else self.tr("Run the &billing…"))

    # --- the form ----------------------------------------------------------------------------

    def today(self) -> date:
        return datetime.now(self.zone).date()

    def kind(self) -> str:
        return str(self.kind_box.currentData() or KINDS[0])

    def due_on(self) -> date:
        value = self.due_edit.date()
        return date(value.year(), value.month(), value.day())

    def on_kind_changed(self, _index: int) -> None:
        kind = self.kind()
        self.period_hint.setText(period_hint(kind))
        self.period_box.setPlaceholderText(default_period(kind, self.today()))
        if not self._period_typed:
            self.period_box.setText(default_period(kind, self.today()))
        self.show_field_error("", "")

    def on_period_edited(self, _text: str) -> None:
        self._period_typed = True
        self.show_field_error("", "")

    def show_field_error(self, field: str, text: str) -> None:
        set_problem(self.period_box, field == "period")
        set_problem(self.due_edit, field == "due_on")
        self.field_error.setText(text)
        self.field_error.setVisible(bool(field))

    def say(self, text: str, *, problem: bool = False) -> None:
        show_status(self.message, text, problem=problem)
        self.message.show()

    # --- the run -----------------------------------------------------------------------------

    def on_run(self) -> None:
        if self.running or self.confirm_box is not None or not self.can_run:
            return
        kind, period, due = self.kind(), self.period_box.text().strip(), self.due_on()
        self.show_field_error("", "")
        self.message.hide()
        if not self.form_is_valid(kind, period, due):
            return  # nothing to confirm: the field says what is wrong
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Run the billing"), self.tr(
            "Create the %1 bills of %2, due by %3, for every %1 account of the company?")
            .replace("%1", kind_name(kind).lower()).replace("%2", period or "—")
            .replace("%3", due.isoformat()), QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(self.tr(
            "Accounts billed for this period before keep their bills; only missing bills are "
            "created. Bills are never deleted."))
        ok = box.addButton(self.tr("Create the bills"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.confirm_box, self.confirm_button = box, ok

        def finished(_result: int) -> None:
            chosen = box.clickedButton() is ok
            self.confirm_box = self.confirm_button = None
            box.deleteLater()
            if chosen:
                self.start_run(kind, period, due)

        box.finished.connect(finished)
        box.open()

    def form_is_valid(self, kind: str, period: str, due: date) -> bool:
        """The checks the run would make on what was typed, before asking to confirm it: a
        read-back of "abc" as a period, or of a due date already past, helps nobody."""
        try:
            billing_runs.period_bounds(kind, period)
            if due < self.today():
                raise ValidationError("The due date comes after the issue date.",
                                      field="due_on", rule="before_issue")
        except ValidationError as error:
            field, text = run_refusal(error, kind)
            self.show_field_error(field, text)
            (self.period_box if field == "period" else self.due_edit).setFocus()
            return False
        return True

    def start_run(self, kind: str, period: str, due: date) -> None:
        self.running = True
        self._show_button()
        self.progress.show()
        self.result_frame.hide()
        self.say(self.tr("Creating the %1 bills of %2… this can take a while for many "
                         "accounts.").replace("%1", kind_name(kind).lower()).replace(
            "%2", period))

        def done(result: BillingRunResult) -> None:
            self.stop_busy()
            self.message.hide()
            self.show_result(result)
            self.refresh()

        def failed(error: BaseException) -> None:
            self.stop_busy()
            field, text = run_refusal(error, kind)
            if field:
                self.show_field_error(field, text)
                self.message.hide()
                (self.period_box if field == "period" else self.due_edit).setFocus()
            else:
                self.say(text, problem=True)

        self.runner.run_api(manager_ops.run_billing(kind, period, due), on_done=done,
                            on_error=failed, busy=self.form_widgets)

    def stop(self) -> None:
        """Signed out or closed: an open read-back goes without running anything."""
        if self.confirm_box is not None:
            self.confirm_box.reject()

    def stop_busy(self) -> None:
        self.running = False
        self.progress.hide()
        self._show_button()

    def show_result(self, result: BillingRunResult) -> None:
        self.result = result
        what = self.tr("%1 %2").replace("%1", kind_name(result.kind)).replace(
            "%2", result.period)
        if result.created == 0 and result.existed > 0:
            title = self.tr("%1 was billed already: no new bills (%2 existed).").replace(
                "%1", what).replace("%2", f"{result.existed:,}")
        elif result.created == 0:
            title = self.tr("%1: no bills created, no account had anything to bill.").replace(
                "%1", what)
        else:
            title = self.tr("%1: %2 bills created, %3 in total.").replace("%1", what).replace(
                "%2", f"{result.created:,}").replace("%3", format_money(result.amount))
        lines = [self.tr("Created: %1 · existed already: %2 · skipped: %3").replace(
            "%1", f"{result.created:,}").replace("%2", f"{result.existed:,}").replace(
            "%3", f"{result.skipped:,}")]
        if result.skipped_reasons:
            lines.append(self.tr("Skipped: %1").replace("%1", self.tr(", ").join(
                self.tr("%1 %2").replace("%1", skip_reason_name(reason)).replace(
                    "%2", f"{count:,}")
                for reason, count in sorted(result.skipped_reasons.items()))))
        if result.credit_applied:
            lines.append(self.tr("Prepaid credit paid %1 of the new bills at once.").replace(
                "%1", format_money(result.credit_applied)))
        self.result_title.setText(title)
        self.result_lines.setText("\n".join(lines))
        self.result_frame.show()

    # --- the runs so far ---------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.can_run:
            return

        def failed(error: BaseException) -> None:
            show_status(self.runs_note, error_text(error), problem=True)
            self.runs_note.show()

        self.runner.run_api(manager_ops.billing_run_list(RUNS_SHOWN), on_done=self.show_runs,
                            on_error=failed, busy=[self.refresh_button])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def show_runs(self, runs: list[BillingRunInfo]) -> None:
        self.runs = runs
        self.runs_note.hide()
        self.runs_table.setRowCount(len(runs))
        admin = self.tr("admin command")
        cell: Callable[[str, bool], QTableWidgetItem] = self._cell
        for row, run in enumerate(runs):
            values = [
                cell(run.run_at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M"), False),
                cell(kind_name(run.kind), False), cell(run.period, False),
                cell(run.issued_on.isoformat(), False), cell(run.due_on.isoformat(), False),
                cell(f"{run.created:,}", True), cell(f"{run.existed:,}", True),
                cell(f"{run.skipped:,}", True),
                cell("—" if run.amount is None else format_money(run.amount), True),
                cell(run.run_by_name or run.run_by or admin, False)]
            for column, item in enumerate(values):
                self.runs_table.setItem(row, column, item)
        if not runs and self.can_run:
            show_status(self.runs_note, self.tr("No billing run yet."))
            self.runs_note.show()

    @staticmethod
    def _cell(text: str, right: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(RIGHT if right else LEFT)
        item.setToolTip(text)
        return item
