"""The workspace's areas. Areas that later releases build say so plainly."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.services.context import Actor
from app.services.staff import StaffInfo
from ui.counter.audit_area import AuditArea
from ui.messages import error_text, role_name
from ui.operations import OperationRunner
from ui.ops import staff as staff_ops
from ui.widgets import show_status

__all__ = ["AuditArea", "PlannedArea", "StaffArea", "TableArea", "planned_areas"]


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


# key -> (title, what it will do, which release brings it)
def planned_areas() -> dict[str, tuple[str, str, str]]:
    return {
        "intake": (
            _t("Areas", "Intake"),
            _t("Areas", "Log consultations, repairs, installations, complaints, suggestions "
                        "and gas-leak emergencies; read them back; dispatch with a deadline; "
                        "track to the callback."),
            _t("Areas", "the intake release"),
        ),
        "cashier": (
            _t("Areas", "Cashier"),
            _t("Areas", "Unpaid bills and late fees, cash / card / mobile payment, receipts, "
                        "reprint, void with approval, shift and day close."),
            _t("Areas", "the fee collection release"),
        ),
        "complaints": (
            _t("Areas", "Complaints"),
            _t("Areas", "First-responder ownership, deadlines, escalation, replies, "
                        "reopening."),
            _t("Areas", "the complaints release"),
        ),
        "arrears": (
            _t("Areas", "Arrears"),
            _t("Areas", "Ageing lists, phone / SMS / printed reminders, promises to pay, "
                        "escalation."),
            _t("Areas", "the arrears release"),
        ),
        "manager": (
            _t("Areas", "Hall"),
            _t("Areas", "Live queue, windows, waits and alarms for the hall manager."),
            _t("Areas", "the queue release"),
        ),
    }


class PlannedArea(QWidget):
    """An area that exists in the layout but is not built yet: it says so, nothing fake."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.title = QLabel()
        self.title.setObjectName("AreaTitle")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setObjectName("AreaBody")
        self.note = QLabel()
        self.note.setObjectName("AreaNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        title, body, release = planned_areas()[self.key]
        self.title.setText(title)
        self.body.setText(body)
        self.note.setText(_t("Areas", "Not available yet: this area arrives with %1.").replace(
            "%1", release))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _table(headers: int) -> QTableWidget:
    table = QTableWidget(0, headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class TableArea(QWidget):
    """A title, a table, a row of controls and a status line; reloads itself on demand."""

    def __init__(self, runner: OperationRunner, actor: Actor, name: str, columns: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.actor = actor
        self.title = QLabel()
        self.title.setObjectName("AreaTitle")
        self.table = _table(columns)
        self.table.setObjectName(name)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setObjectName("AreaMessage")
        self.message.setWordWrap(True)
        self.controls = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.controls)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def say(self, text: str, *, problem: bool = False) -> None:
        show_status(self.message, text, problem=problem)

    def show_error(self, error: BaseException) -> None:
        self.say(error_text(error), problem=True)

    def fill(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # the whole text, where the column cuts it
                self.table.setItem(r, c, item)


class StaffArea(TableArea):
    """Staff of the hall (all staff for an admin); unlock a locked-out colleague with a reason."""

    def __init__(self, runner: OperationRunner, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, "staff_table", 6, parent)
        self.rows: list[StaffInfo] = []
        self.reason = QLineEdit()
        self.reason.setObjectName("unlock_reason")
        self.unlock_button = QPushButton()
        self.controls.addWidget(self.reason, 1)
        self.controls.addWidget(self.unlock_button)
        self.controls.addWidget(self.refresh_button)
        self.unlock_button.clicked.connect(self.on_unlock)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Staff"))
        self.table.setHorizontalHeaderLabels([
            self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Hall"),
            self.tr("Enabled"), self.tr("Locked out")])
        self.reason.setPlaceholderText(self.tr("Reason for unlocking (required)"))
        self.unlock_button.setText(self.tr("Unlock selected"))
        self.show_rows(self.rows)

    def refresh(self) -> None:
        self.runner.run_api(staff_ops.list_staff(), on_done=self.show_rows,
                            on_error=self.show_error)

    def show_rows(self, rows: list[StaffInfo]) -> None:
        self.rows = rows
        yes, no = self.tr("yes"), self.tr("no")

        def locked(info: StaffInfo) -> str:
            if info.locked_until is None:
                return ""
            return self.tr("locked until %1").replace(
                "%1", info.locked_until.astimezone().strftime("%H:%M"))

        self.fill([[info.username, info.full_name, role_name(info.role), info.hall_code,
                    yes if info.active else no, locked(info)] for info in rows])

    def on_unlock(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows):
            self.say(self.tr("Select a staff member first."), problem=True)
            return
        username = self.rows[row].username
        reason = self.reason.text()

        def done(_: object) -> None:
            if not shiboken6.isValid(self):  # signed out meanwhile: the widget is gone
                return
            self.say(self.tr("%1 is unlocked.").replace("%1", username))
            self.reason.clear()
            self.refresh()

        self.runner.run_api(staff_ops.unlock_staff(username, reason), on_done=done,
                            on_error=self.show_error, busy=[self.unlock_button])
