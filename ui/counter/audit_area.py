"""The audit trail area (审计日志): who did what, when on the hall's clock, in sentences.

A filter bar above the list — person, kind of entry, days, and a receipt or account number,
a customer's phone or name, a ticket number or words of a reason — asks the service, which
filters in the database; the newest entries come first, and a list that stops says so.
Administrators also choose the hall and may verify the hash chains.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import shiboken6
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import audit_view
from app.services.audit import AuditReport
from app.services.audit_view import AuditChoices, AuditItem, AuditPage, AuditQuery
from app.services.context import Actor
from ui.counter.audit_text import actor_text, group_name, kind_name, person, sentence, where_text
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import audit as audit_ops
from ui.widgets import show_status

ANY_DAY, TODAY, YESTERDAY, WEEK, MONTH, CHOSEN = range(6)


class AuditArea(QWidget):
    """The audit trail with its filter; administrators can verify the whole hash chain."""

    def __init__(self, runner: OperationRunner, actor: Actor, *, can_verify: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.actor = actor
        self.choices: AuditChoices | None = None
        self.page: AuditPage | None = None
        self.rows: list[AuditItem] = []
        self._asked = 0  # the newest search; older answers (or failures) arriving late are dropped
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # tests move it on

        self.title = QLabel()
        self.title.setObjectName("AreaTitle")
        self.person_box = QComboBox()
        self.person_box.setObjectName("audit_person")
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("audit_kind")
        self.days_box = QComboBox()
        self.days_box.setObjectName("audit_days")
        self.first_day = QDateEdit()
        self.last_day = QDateEdit()
        for edit in (self.first_day, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.search)
        self.hall_box = QComboBox()
        self.hall_box.setObjectName("audit_hall")
        self.hall_label = QLabel()
        self.hall_label.setBuddy(self.hall_box)
        for widget in (self.hall_label, self.hall_box):
            widget.setVisible(actor.role == "admin" or actor.is_system)
        self.text_box = QLineEdit()
        self.text_box.setObjectName("audit_text")
        self.text_box.setClearButtonEnabled(True)
        self.text_box.setMaxLength(audit_view.MAX_TEXT)
        self.text_box.returnPressed.connect(self.search)
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.search)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filter)
        self.person_label, self.kind_label, self.days_label = QLabel(), QLabel(), QLabel()
        self.to_label = QLabel()
        self.person_label.setBuddy(self.person_box)
        self.kind_label.setBuddy(self.kind_box)
        self.days_label.setBuddy(self.days_box)

        first_row = QHBoxLayout()
        first_row.addWidget(self.person_label)
        first_row.addWidget(self.person_box, 2)
        first_row.addWidget(self.kind_label)
        first_row.addWidget(self.kind_box, 3)
        first_row.addWidget(self.hall_label)
        first_row.addWidget(self.hall_box, 2)
        second_row = QHBoxLayout()
        second_row.addWidget(self.days_label)
        second_row.addWidget(self.days_box, 1)
        second_row.addWidget(self.first_day)
        second_row.addWidget(self.to_label)
        second_row.addWidget(self.last_day)
        second_row.addWidget(self.text_box, 3)
        second_row.addWidget(self.search_button)
        second_row.addWidget(self.clear_button)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("audit_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.detail = QLabel()
        self.detail.setObjectName("audit_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Only as tall as the chosen entry's lines, and away while none is chosen: the table
        # takes the space.
        self.detail.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.detail.hide()

        self.verify_button = QPushButton()
        self.verify_button.setVisible(can_verify)
        self.verify_button.clicked.connect(self.on_verify)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setObjectName("AreaMessage")
        self.message.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(self.message, 1)
        controls.addWidget(self.verify_button)
        controls.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(controls)
        self.retranslate()
        self.days_box.currentIndexChanged.connect(self.on_days)
        for box in (self.person_box, self.kind_box, self.hall_box):
            box.currentIndexChanged.connect(self.search)

    # --- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Audit trail"))
        self.person_label.setText(self.tr("&Person"))
        self.kind_label.setText(self.tr("&Kind"))
        self.days_label.setText(self.tr("&Days"))
        self.hall_label.setText(self.tr("&Hall"))
        self.to_label.setText(self.tr("to"))
        self.text_box.setPlaceholderText(
            self.tr("Receipt or account number, phone, customer name, ticket number or "
                    "words of a reason"))
        self.search_button.setText(self.tr("Search"))
        self.clear_button.setText(self.tr("Clear filter"))
        self.verify_button.setText(self.tr("Verify chain"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Time (hall clock)"), self.tr("Who"), self.tr("What happened"),
            self.tr("Reason"), self.tr("Where")])
        with _Quiet(self.days_box):
            index = max(self.days_box.currentIndex(), 0)
            self.days_box.clear()
            self.days_box.addItems([self.tr("Any day"), self.tr("Today"), self.tr("Yesterday"),
                                    self.tr("Last 7 days"), self.tr("Last 30 days"),
                                    self.tr("From … to …")])
            self.days_box.setCurrentIndex(index)
        self.fill_choices()
        self.show_page(self.page)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def fill_choices(self) -> None:
        """The person, kind and hall boxes, keeping what is chosen."""
        person_id, kind, hall_id = (self.person_box.currentData(), self.kind_box.currentData(),
                                    self.hall_box.currentData())
        with _Quiet(self.person_box, self.kind_box, self.hall_box):
            self.person_box.clear()
            self.person_box.addItem(self.tr("Everyone"), None)
            for p in self.choices.people if self.choices else ():
                self.person_box.addItem(person(p.full_name, p.username), p.id)
            self.kind_box.clear()
            self.kind_box.addItem(self.tr("All kinds"), None)
            bold = QFont(self.kind_box.font())
            bold.setBold(True)
            for group, kinds in audit_view.KIND_GROUPS.items():
                self.kind_box.addItem(group_name(group), f"group:{group}")
                self.kind_box.setItemData(self.kind_box.count() - 1, bold,
                                          Qt.ItemDataRole.FontRole)
                for action in kinds:
                    self.kind_box.addItem("    " + kind_name(action), f"kind:{action}")
            self.hall_box.clear()
            self.hall_box.addItem(self.tr("All halls"), None)
            for h in self.choices.halls if self.choices else ():
                self.hall_box.addItem(h.name, h.id)
            for box, value in ((self.person_box, person_id), (self.kind_box, kind),
                               (self.hall_box, hall_id)):
                found = box.findData(value)
                box.setCurrentIndex(found if found >= 0 else 0)

    # --- asking ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.choices is None:
            self.runner.run_api(audit_ops.choices(), on_done=self.on_choices,
                                on_error=self.show_error)
        else:
            self.search()

    def on_choices(self, choices: AuditChoices) -> None:
        self.choices = choices
        self.fill_choices()
        self.on_days()

    def on_days(self) -> None:
        chosen = self.days_box.currentIndex() == CHOSEN
        for edit in (self.first_day, self.last_day):
            edit.setEnabled(chosen)
        self.show_days()
        self.search()

    def show_days(self) -> None:
        """The date boxes show the days searched (a preset's, on the hall's clock now)."""
        today = self.today()
        first, last = self.day_range()
        with _Quiet(self.first_day, self.last_day):
            self.first_day.setDate(_qdate(first or last or today))
            self.last_day.setDate(_qdate(last or today))

    def today(self) -> date:
        """Today on the clock of the hall searched (the reader's own), asked each time: an
        area left open overnight filters on the new day."""
        if self.choices is None:
            return date.today()
        return self.choices.today_at(self.clock(), self.hall_box.currentData())

    def day_range(self) -> tuple[date | None, date | None]:
        today = self.today()
        match self.days_box.currentIndex():
            case 1:
                return today, today
            case 2:
                return today - timedelta(days=1), today - timedelta(days=1)
            case 3:
                return today - timedelta(days=6), today
            case 4:
                return today - timedelta(days=29), today
            case 5:
                first = self.first_day.date().toPython()
                last = self.last_day.date().toPython()
                assert isinstance(first, date) and isinstance(last, date)
                return (first, last) if first <= last else (last, first)
        return None, None

    def query(self) -> AuditQuery:
        kinds: tuple[str, ...] = ()
        chosen = self.kind_box.currentData()
        if isinstance(chosen, str):  # "group:payments" or "kind:payment.voided"
            what, _, key = chosen.partition(":")
            kinds = audit_view.KIND_GROUPS.get(key, ()) if what == "group" else (key,)
        first, last = self.day_range()
        return AuditQuery(person_id=self.person_box.currentData(), kinds=kinds,
                          first_day=first, last_day=last, text=self.text_box.text(),
                          hall_id=self.hall_box.currentData())

    def search(self) -> None:
        if self.choices is None:
            return
        if self.days_box.currentIndex() != CHOSEN:  # the day may have turned since
            self.show_days()
        query = self.query()
        self._asked += 1
        asked = self._asked
        self.say(self.tr("Searching…"))

        def done(page: AuditPage) -> None:
            if not shiboken6.isValid(self):  # signed out meanwhile: the widget is gone
                return
            if asked == self._asked:
                self.show_page(page)

        def failed(error: BaseException) -> None:
            if not shiboken6.isValid(self):  # signed out meanwhile: the widget is gone
                return
            if asked == self._asked:  # an older search's failure does not hide a newer answer
                self.show_error(error)

        self.runner.run_api(audit_ops.search(query), on_done=done, on_error=failed)

    def clear_filter(self) -> None:
        with _Quiet(self.person_box, self.kind_box, self.hall_box, self.days_box):
            for box in (self.person_box, self.kind_box, self.hall_box, self.days_box):
                box.setCurrentIndex(0)
        self.text_box.clear()
        self.on_days()

    # --- showing --------------------------------------------------------------------------

    def show_page(self, page: AuditPage | None) -> None:
        self.page = page
        self.rows = list(page.items) if page is not None else []
        zones = {item.zone for item in self.rows}
        with_hall = self.hall_box.isVisibleTo(self) or len(
            {item.hall_id for item in self.rows}) > 1
        self.table.setRowCount(len(self.rows))
        for r, item in enumerate(self.rows):
            when = item.local_at.strftime("%Y-%m-%d %H:%M:%S")
            if len(zones) > 1:  # halls on different clocks: each time says which
                when += " " + item.local_at.strftime("UTC%z")
            values = [when, actor_text(item), sentence(item), item.reason,
                      where_text(item, with_hall=with_hall)]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(r, c, cell)
        if self.table.columnWidth(3) > 240:
            self.table.setColumnWidth(3, 240)
        self.show_selected()
        if page is None:
            return
        if not self.rows:
            self.say(self.tr("Nothing found: try a wider search."))
        elif page.more:
            self.say(self.tr("The newest %1 entries are shown and there are more: narrow "
                             "the search.").replace("%1", str(len(self.rows))), problem=True)
        else:
            self.say(self.tr("%1 entries.").replace("%1", str(len(self.rows))))

    def show_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows) or not self.table.selectedItems():
            self.detail.setText("")
            self.detail.hide()
            return
        item = self.rows[row]
        where = where_text(item, with_hall=True)
        lines = [f"{item.local_at.strftime('%Y-%m-%d %H:%M:%S')} ({item.zone}) · "
                 f"{actor_text(item)} · {where}", sentence(item)]
        if item.reason:
            lines.append(self.tr("Reason: %1").replace("%1", item.reason))
        self.detail.setText("\n".join(lines))
        self.detail.show()

    def say(self, text: str, *, problem: bool = False) -> None:
        show_status(self.message, text, problem=problem)

    def show_error(self, error: BaseException) -> None:
        self.say(error_text(error), problem=True)

    # --- the hash chains ------------------------------------------------------------------

    def on_verify(self) -> None:
        self.say(self.tr("Verifying…"))
        self.runner.run_api(audit_ops.verify(), on_done=self.show_report,
                            on_error=self.show_error, busy=[self.verify_button])

    def show_report(self, report: AuditReport) -> None:
        if report.ok:
            self.say(self.tr("Audit trail intact: %1 rows in %2 chains checked.")
                     .replace("%1", str(report.rows)).replace("%2", str(report.chains)))
        else:
            lines = [self.tr("TAMPERING DETECTED: %1 problem(s).").replace(
                "%1", str(len(report.problems)))] + [p.message for p in report.problems[:10]]
            self.say("\n".join(lines), problem=True)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _Quiet:
    """Widgets whose signals are held while the code, not the user, changes them."""

    def __init__(self, *widgets: QWidget) -> None:
        self.widgets = widgets
        self.before: list[bool] = []

    def __enter__(self) -> None:
        self.before = [w.blockSignals(True) for w in self.widgets]

    def __exit__(self, *exc: object) -> None:
        for widget, before in zip(self.widgets, self.before, strict=True):
            widget.blockSignals(before)
