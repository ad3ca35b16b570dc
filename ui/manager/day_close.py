"""收费日报 and 日结: the hall manager's collection report of a business day, and its close.

  营业日 [2026-11-24 ▾] [今天] [刷新]              [未日结：数字仍会随收款变化]
  实收合计 ¥130.00 │ 收款 3 笔 │ 退款 1 笔 │ 作废 1 笔
  按支付方式 │ 按收款员 │ 按收费项目          (each with its own 合计)
  班次: 收款员 窗口 备用金 应有现金 实点现金 长短款 (短款 ¥5.00 in words, not colour alone)
  未交班：李娜（lina，1号窗口）
  [保存 PDF…] [保存 Excel…] [保存 CSV…]                         [日结…]

Everything shown comes from ``cashier.daily_report`` on the server (``ui.ops.manager``); the
close is ``cashier.close_day``, whose refusal (shifts still open, named) is shown as it comes.
The day reloads on payment notices while on screen; files are built and written here on
workers, from a fresh report the server returns. The files speak the manager's language
(``printing.report_pdf``, ``printing.report_sheet``) and name people by their names.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QStandardPaths, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import events
from app.billing.money import ZERO, format_money
from app.errors import HallDeskError
from app.permissions import Permission, has_permission
from app.services import cashier
from app.services.cashier import DailyReport, ShiftLine
from app.services.context import Actor
from printing.report_pdf import DayReportExtras, day_report_pdf
from printing.report_sheet import day_report_csv, day_report_xlsx
from ui.app import RESOURCES
from ui.live import LiveNotices, Reloader
from ui.messages import error_text, open_shifts_text
from ui.operations import OperationRunner
from ui.ops import ServerClient
from ui.ops import manager as manager_ops
from ui.ops.manager import DayView, ReportFile
from ui.widgets import set_problem, show_status

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
PROBLEM = QColor("#a30d0d")
# Connection trouble, not a refusal: the server, or the database behind it, is away.
UNREACHABLE = ("server_unavailable", "db_unavailable", "db_auth_failed")
# Until counter.qss has them: the day's state in words and colour, the big total.
STYLE = """
QLabel#DayState { padding: 6px 12px; border-radius: 4px; font-size: 16px; font-weight: bold; }
QLabel#DayState[state="open"] { background: #fff1c2; color: #5c4200; border: 2px solid #d9a400; }
QLabel#DayState[state="closed"] { background: #e4f1e8; color: #20623a; border: 1px solid #9cc7aa; }
QLabel#ReportTotal { font-size: 30px; font-weight: bold; color: #123c7a; }
QLabel#ReportCount { font-size: 22px; font-weight: bold; }
QLabel#OpenShifts { color: #a30d0d; background: #fdecec; border: 1px solid #e5a4a4;
                    border-radius: 4px; padding: 6px 8px; font-weight: bold; }
QLabel#ReadBackTotal { font-size: 28px; font-weight: bold; color: #123c7a; }
QDateEdit { min-height: 32px; padding: 2px 8px; border: 1px solid #8a94a3; border-radius: 4px;
            background: #ffffff; font-size: 16px; }
QDateEdit:focus { border: 2px solid #1d5fbf; }
QDateEdit::drop-down { subcontrol-origin: padding; subcontrol-position: center right; width: 30px;
                       border: none; }
QDateEdit::down-arrow { image: url(@RESOURCES@/icons/chevron-down.svg); width: 14px; height: 14px; }
QDateEdit[problem="true"] { border: 2px solid #a30d0d; background: #fff6f6; }
""".replace("@RESOURCES@", RESOURCES.as_posix())


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def method_name(method: str) -> str:
    return {"cash": _t("Collection", "Cash"), "card": _t("Collection", "Bank card"),
            "wechat": _t("Collection", "WeChat Pay"),
            "alipay": _t("Collection", "Alipay")}.get(method, method)


def fee_kind_name(kind: str) -> str:
    return {"gas": _t("Collection", "Gas"), "heating": _t("Collection", "Heating"),
            "late_fee": _t("Collection", "Late fees"),
            "prepaid": _t("Collection", "Prepaid credit (net)")}.get(kind, kind)


def difference_text(difference: Decimal | None) -> str:
    """长款 over, 短款 short, in words: a colour alone says nothing to some eyes."""
    if difference is None:
        return "—"
    if difference > 0:
        return _t("Collection", "Over %1").replace("%1", format_money(difference))
    if difference < 0:
        return _t("Collection", "Short %1").replace("%1", format_money(-difference))
    return _t("Collection", "Matches")


def count_text(count: int) -> str:
    return f"{count:,}"


# --- files, written on workers from the report the server returned ------------------------------


@dataclass(frozen=True)
class FileOptions:
    """How a file is written: in the hall's time, naming who saved it, in which language."""

    timezone: str
    saved_by: str
    language: str = "zh_CN"  # the manager's: "en" or Chinese


def file_extras(data: ReportFile, options: FileOptions) -> DayReportExtras:
    return DayReportExtras.of(data.appendix, printed_at=datetime.now(UTC),
                              timezone=options.timezone, printed_by=options.saved_by,
                              names=data.names)


def write_file(path: str, data: bytes) -> str:
    """Write next to the target, then rename: a failed write never leaves half a file."""
    partial = f"{path}.part"
    try:
        with open(partial, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return path


def write_pdf(data: ReportFile, path: str, options: FileOptions) -> str:
    return write_file(path, day_report_pdf(data.report, file_extras(data, options),
                                           options.language))


def write_csv(data: ReportFile, path: str, options: FileOptions) -> str:
    """UTF-8 with a BOM: Excel on a Chinese Windows reads it right."""
    return write_file(path, day_report_csv(data.report, file_extras(data, options),
                                           options.language))


def write_xlsx(data: ReportFile, path: str, options: FileOptions) -> str:
    return write_file(path, day_report_xlsx(data.report, file_extras(data, options),
                                            options.language))


# --- widgets -------------------------------------------------------------------------------------


def _label(name: str, align: Qt.AlignmentFlag = LEFT) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(align)
    return label


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def report_table(name: str, columns: int, stretch: int = 0) -> QTableWidget:
    """A read-only table exactly as tall as its rows: the page scrolls, not each table. The
    ``stretch`` column (a name) takes the spare width, so the figures stay together."""
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(90)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return table


Cell = tuple[str, bool]  # text, right-aligned


def fill_table(table: QTableWidget, rows: list[list[Cell]], *, total_row: bool = False,
               marked: Callable[[int, int], bool] = lambda _r, _c: False) -> None:
    """``marked`` cells are a problem: red and bold, their text saying so in words."""
    table.setRowCount(len(rows))
    bold = QFont(table.font())
    bold.setBold(True)
    for r, values in enumerate(rows):
        for c, (text, right) in enumerate(values):
            item = QTableWidgetItem(text)
            item.setTextAlignment(RIGHT if right else LEFT)
            if (total_row and r == len(rows) - 1) or marked(r, c):
                item.setFont(bold)
            if marked(r, c):
                item.setForeground(QBrush(PROBLEM))
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height)


def _section(heading: QLabel, content: QWidget) -> QWidget:
    section = QWidget()
    layout = QVBoxLayout(section)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(heading)
    layout.addWidget(content)
    layout.addStretch(1)
    return section


class CloseDayDialog(QDialog):
    """The read-back before the close: the totals the close will seal, then the choice.
    Cancel is the default: Enter alone never closes a day."""

    def __init__(self, report: DailyReport, open_shifts: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("CloseDayDialog")
        self.report = report
        self.setWindowTitle(self.tr("Close the business day %1").replace(
            "%1", report.business_day.isoformat()))
        heading = _label("AreaTitle")
        heading.setText(self.windowTitle())
        intro = QLabel(self.tr(
            "Read the totals back before closing %1 of %2. After the close no payment can be "
            "dated in this day and no shift opened for it; the report is kept as it is "
            "now.").replace("%1", report.business_day.isoformat()).replace(
            "%2", report.hall_name))
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        self.total_label = _label("ReadBackTotal", RIGHT)
        self.total_label.setText(format_money(report.total))
        rows: list[tuple[str, str]] = [
            (self.tr("Payments"), count_text(report.payments)),
            (self.tr("Refunds"), count_text(report.refunds)),
            (self.tr("Voided"), count_text(report.voids))]
        rows += [(self.tr("%1 (%2)").replace("%1", method_name(m.method)).replace(
            "%2", count_text(m.count)), format_money(m.amount)) for m in report.by_method]
        caption = _label("TotalCaption")
        caption.setText(self.tr("Collected in total"))
        grid.addWidget(caption, 0, 0)
        grid.addWidget(self.total_label, 0, 1)
        for index, (text, value) in enumerate(rows, start=1):
            left, right = _label("TotalCaption"), _label("TotalValue", RIGHT)
            left.setText(text)
            right.setText(value)
            grid.addWidget(left, index, 0)
            grid.addWidget(right, index, 1)
        grid.setColumnStretch(2, 1)
        self.open_note = _label("OpenShifts")
        self.open_note.setWordWrap(True)
        self.open_note.setText(self.tr("Still open: %1. The day can be closed once these "
                                       "shifts are closed.").replace("%1", open_shifts))
        self.open_note.setVisible(bool(open_shifts))
        # A close the service would refuse is not offered: only the way back is.
        self.close_button = QPushButton(self.tr("Close the day"))
        self.close_button.setObjectName("PrimaryButton")
        self.close_button.setAutoDefault(False)
        self.close_button.setVisible(not open_shifts)
        self.cancel_button = QPushButton(self.tr("Back") if open_shifts else self.tr("Cancel"))
        self.cancel_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.open_note)
        layout.addLayout(buttons)
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(560)
        self.cancel_button.setFocus()


class DayReportPanel(QWidget):
    """The collection report of a business day, its files, and the day close."""

    def __init__(self, runner: OperationRunner, actor: Actor,
                 notices: LiveNotices | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DayReportPanel")
        self.runner = runner
        self.actor = actor
        self.zone = ZoneInfo(actor.hall_timezone) if actor.hall_timezone else None
        self.can_close = has_permission(actor.role, Permission.CLOSE_DAY)
        self.day = self.today()
        self.view: DayView | None = None
        self.loaded_at: datetime | None = None
        self.stale = False
        self._last_error: BaseException | None = None
        self.closing = False
        self.dialog: CloseDayDialog | None = None
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        self.last_dir = documents if Path(documents).is_dir() else str(Path.home())
        self.last_saved = ""

        self.title = _label("AreaTitle")
        self.updated_label = _label("UpdatedAt", RIGHT)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.updated_label)

        self.day_label = QLabel()
        self.day_edit = QDateEdit()
        self.day_edit.setObjectName("business_day")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setMinimumWidth(150)
        self.day_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.day_edit.setMaximumDate(self.day_edit.date())
        self.day_edit.dateChanged.connect(self.on_day_changed)
        self.day_label.setBuddy(self.day_edit)
        self.today_button = QPushButton()
        self.today_button.clicked.connect(self.on_today)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.state_label = _label("DayState")
        self.state_label.setWordWrap(True)
        day_row = QHBoxLayout()
        day_row.addWidget(self.day_label)
        day_row.addWidget(self.day_edit)
        day_row.addWidget(self.today_button)
        day_row.addWidget(self.refresh_button)
        day_row.addSpacing(16)
        day_row.addWidget(self.state_label, 1)

        self.stale_label = _label("StaleNote")
        self.stale_label.setWordWrap(True)
        self.stale_label.hide()

        # The day's figures, the total largest.
        self.summary = QFrame()
        self.summary.setObjectName("HallPanel")
        summary = QGridLayout(self.summary)
        summary.setContentsMargins(16, 8, 16, 8)
        summary.setHorizontalSpacing(40)
        summary.setVerticalSpacing(0)
        self.summary_captions = [_label("TotalCaption") for _ in range(4)]
        self.total_value = _label("ReportTotal", RIGHT)
        self.count_values = [_label("ReportCount", RIGHT) for _ in range(3)]
        for column, (caption, value) in enumerate(zip(
                self.summary_captions, [self.total_value, *self.count_values], strict=True)):
            summary.addWidget(caption, 0, column)
            summary.addWidget(value, 1, column)
        summary.setColumnStretch(4, 1)

        self.method_heading = _label("SectionTitle")
        self.method_table = report_table("method_table", 3)
        self.cashier_heading = _label("SectionTitle")
        self.cashier_table = report_table("cashier_table", 3)
        self.kind_heading = _label("SectionTitle")
        self.kind_table = report_table("fee_kind_table", 2)
        tables = QHBoxLayout()
        tables.setSpacing(16)
        tables.addWidget(_section(self.method_heading, self.method_table), 4)
        tables.addWidget(_section(self.cashier_heading, self.cashier_table), 4)
        tables.addWidget(_section(self.kind_heading, self.kind_table), 3)
        self.shift_heading = _label("SectionTitle")
        self.shift_table = report_table("shift_table", 7, stretch=1)
        self.open_note = _label("OpenShifts")
        self.open_note.setWordWrap(True)
        self.open_note.hide()

        self.message = _label("AreaMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.pdf_button = QPushButton()
        self.pdf_button.setObjectName("save_pdf")
        self.pdf_button.clicked.connect(self.on_save_pdf)
        self.xlsx_button = QPushButton()
        self.xlsx_button.setObjectName("save_xlsx")
        self.xlsx_button.clicked.connect(self.on_save_xlsx)
        self.csv_button = QPushButton()
        self.csv_button.setObjectName("save_csv")
        self.csv_button.clicked.connect(self.on_save_csv)
        self.close_button = QPushButton()
        self.close_button.setObjectName("PrimaryButton")
        self.close_button.clicked.connect(self.on_close_day)
        self.close_button.setVisible(self.can_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.csv_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        content = QWidget()
        content.setObjectName("HallContent")
        body = QVBoxLayout(content)
        body.setContentsMargins(16, 8, 16, 16)
        body.setSpacing(10)
        body.addLayout(header)
        body.addLayout(day_row)
        body.addWidget(self.summary)
        body.addLayout(tables)
        body.addWidget(self.shift_heading)
        body.addWidget(self.shift_table)
        body.addWidget(self.open_note)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("HallScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        # The buttons and what they did stay in view however long the report is.
        footer = QVBoxLayout()
        footer.setContentsMargins(16, 0, 16, 8)
        footer.addWidget(self.message)
        footer.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.stale_label)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)
        self.setStyleSheet(STYLE)

        self.reloader: Reloader[DayView] = Reloader(
            runner, self._load, self.on_loaded, self.on_failed, self)
        self.reloader.backup.stop()  # runs only while the panel is on screen
        if notices is not None:
            notices.changed.connect(self.on_notice)
        self.retranslate()

    # --- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.day_label.setText(self.tr("Business &day"))
        self.today_button.setText(self.tr("Today"))
        self.refresh_button.setText(self.tr("Refresh"))
        for caption, text in zip(self.summary_captions, (
                self.tr("Collected in total"), self.tr("Payments"), self.tr("Refunds"),
                self.tr("Voided")), strict=True):
            caption.setText(text)
        self.method_heading.setText(self.tr("By way of paying"))
        self.cashier_heading.setText(self.tr("By cashier"))
        self.kind_heading.setText(self.tr("By fee kind"))
        self.shift_heading.setText(self.tr("Shifts (over: more cash than expected; short: "
                                           "less)"))
        self.method_table.setHorizontalHeaderLabels(
            [self.tr("Way of paying"), self.tr("Count"), self.tr("Amount")])
        self.cashier_table.setHorizontalHeaderLabels(
            [self.tr("Cashier"), self.tr("Count"), self.tr("Amount")])
        self.kind_table.setHorizontalHeaderLabels([self.tr("Fee kind"), self.tr("Amount")])
        self.shift_table.setHorizontalHeaderLabels(
            [self.tr("Shift"), self.tr("Cashier"), self.tr("Window"), self.tr("Float"),
             self.tr("Expected cash"), self.tr("Counted cash"), self.tr("Difference")])
        for table in (self.method_table, self.cashier_table, self.kind_table,
                      self.shift_table):
            header = table.horizontalHeader()
            for column in range(table.columnCount()):
                item = table.horizontalHeaderItem(column)
                if item is not None and column > 0 and table is not self.shift_table:
                    item.setTextAlignment(RIGHT)
            header.setDefaultAlignment(LEFT)
        for column in range(3, 7):
            item = self.shift_table.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(RIGHT)
        self.pdf_button.setText(self.tr("Save as &PDF…"))
        self.xlsx_button.setText(self.tr("Save as E&xcel…"))
        self.csv_button.setText(self.tr("Save as CS&V…"))
        self.close_button.setText(self.tr("C&lose the day…"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- the day -----------------------------------------------------------------------------

    def today(self) -> date:
        return datetime.now(self.zone).date()

    def _local(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def on_day_changed(self, value: QDate) -> None:
        self.day = date(value.year(), value.month(), value.day())
        self.message.hide()
        self.reload()

    def on_today(self) -> None:
        today = QDate(*self.today().timetuple()[:3])
        self.day_edit.setMaximumDate(today)
        if self.day_edit.date() == today:
            self.reload()
        else:
            self.day_edit.setDate(today)  # reloads through on_day_changed

    # --- live --------------------------------------------------------------------------------

    def _load(self, client: ServerClient) -> DayView:
        return manager_ops.day_view(self.day)(client)  # the day asked for when it runs

    def reload(self) -> None:
        self.reloader.request()

    def stop(self) -> None:
        self.reloader.stop()
        if self.dialog is not None:
            self.dialog.reject()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        today = self.today()  # past midnight: today is a day later
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.reloader.backup.start()
        self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        self.reloader.backup.stop()
        super().hideEvent(event)

    def on_notice(self, topic: str) -> None:
        if topic in (events.RELOAD_ALL, cashier.PAYMENTS) and self.isVisible():
            self.reload()

    def on_loaded(self, view: DayView) -> None:
        if view.report.business_day != self.day:
            self.reload()  # another day was chosen meanwhile
            return
        self.view = view
        self.loaded_at = datetime.now(self.zone)
        self.stale = False
        self._last_error = None
        self.stale_label.hide()
        self._render()

    def on_failed(self, error: BaseException) -> None:
        self.stale = True
        self._last_error = error
        self._show_stale()

    def _show_stale(self) -> None:
        error = self._last_error
        if isinstance(error, HallDeskError) and error.key not in UNREACHABLE:
            text = self.tr("The report cannot be shown: %1").replace("%1", error_text(error))
        elif self.loaded_at is None:
            text = self.tr("No report yet: the database cannot be reached. Retrying…")
        else:
            text = self.tr("The report may be out of date: the database cannot be reached. "
                           "Shown is the state of %1; retrying…").replace(
                "%1", self.loaded_at.strftime("%H:%M:%S"))
        self.stale_label.setText(text)
        self.stale_label.show()
        set_problem(self.updated_label, True)

    # --- showing it --------------------------------------------------------------------------

    def cashier_name(self, username: str) -> str:
        names = self.view.names if self.view is not None else {}
        return names.get(username) or username

    def open_shifts(self) -> list[ShiftLine]:
        if self.view is None:
            return []
        return [s for s in self.view.report.shifts if s.counted is None]

    def open_shifts_text(self) -> str:
        """赵磊（zhaolei，3号窗口）: the same words as the service's refusal (ui/messages.py)."""
        return open_shifts_text([(self.cashier_name(s.cashier), s.cashier, s.window_number)
                                 for s in self.open_shifts()])

    def _render(self) -> None:
        view = self.view
        self.title.setText(self.tr("%1 — collection report").replace(
            "%1", view.report.hall_name if view else self.actor.hall_name))
        if self.loaded_at is not None:
            self.updated_label.setText(self.tr("Updated %1").replace(
                "%1", self.loaded_at.strftime("%H:%M:%S")))
        set_problem(self.updated_label, self.stale)
        if self.stale:
            self._show_stale()
        has_report = view is not None
        for button in (self.pdf_button, self.xlsx_button, self.csv_button):
            button.setEnabled(has_report)
        if view is None:
            self.state_label.setText(self.tr("Loading the report…"))
            self.close_button.setEnabled(False)
            return
        report = view.report
        closed = report.closed_at is not None
        if closed:
            assert report.closed_at is not None
            when = self._local(report.closed_at)
            state = (self.tr("Closed by %1 at %2: no payment can be dated in this day any "
                             "more.").replace("%1", view.report.closed_by).replace("%2", when)
                     if view.report.closed_by else
                     self.tr("Closed at %1: no payment can be dated in this day any more.")
                     .replace("%1", when))
        elif report.business_day == self.today():
            state = self.tr("Not closed: the figures change with every payment until the day "
                            "is closed.")
        else:
            state = self.tr("Not closed yet.")
        self.state_label.setText(state)
        new_state = "closed" if closed else "open"
        if self.state_label.property("state") != new_state:
            self.state_label.setProperty("state", new_state)
            _restyle(self.state_label)
        self.close_button.setVisible(self.can_close and not closed)
        self.close_button.setEnabled(not self.closing)

        self.total_value.setText(format_money(report.total))
        for label, value in zip(self.count_values,
                                (report.payments, report.refunds, report.voids), strict=True):
            label.setText(count_text(value))
        self._fill_methods(report)
        self._fill_cashiers(report)
        self._fill_kinds(report)
        self._fill_shifts(report)
        open_text = self.open_shifts_text()
        self.open_note.setText(self.tr("Shifts still open: %1. The day can be closed once "
                                       "every shift is.").replace("%1", open_text))
        self.open_note.setVisible(bool(open_text) and not closed)

    def _fill_methods(self, report: DailyReport) -> None:
        rows = [[(method_name(m.method), False), (count_text(m.count), True),
                 (format_money(m.amount), True)] for m in report.by_method]
        rows.append([(self.tr("Total"), False),
                     (count_text(sum(m.count for m in report.by_method)), True),
                     (format_money(sum((m.amount for m in report.by_method), ZERO)), True)])
        fill_table(self.method_table, rows, total_row=True)

    def _fill_cashiers(self, report: DailyReport) -> None:
        rows = [[(c.full_name or c.username, False), (count_text(c.count), True),
                 (format_money(c.amount), True)] for c in report.by_cashier]
        rows.append([(self.tr("Total"), False),
                     (count_text(sum(c.count for c in report.by_cashier)), True),
                     (format_money(sum((c.amount for c in report.by_cashier), ZERO)), True)])
        fill_table(self.cashier_table, rows, total_row=True)

    def _fill_kinds(self, report: DailyReport) -> None:
        rows = [[(fee_kind_name(kind), False), (format_money(amount), True)]
                for kind, amount in report.by_fee_kind]
        rows.append([(self.tr("Total"), False),
                     (format_money(sum((a for _k, a in report.by_fee_kind), ZERO)), True)])
        fill_table(self.kind_table, rows, total_row=True)

    def _fill_shifts(self, report: DailyReport) -> None:
        rows: list[list[Cell]] = []
        problems: set[tuple[int, int]] = set()
        for index, shift in enumerate(report.shifts):
            is_open = shift.counted is None
            if is_open or shift.difference:
                problems.add((index, 6))
            rows.append([
                (str(shift.shift_id), False), (self.cashier_name(shift.cashier), False),
                (self.tr("Window %1").replace("%1", str(shift.window_number)), False),
                (format_money(shift.float_amount), True),
                ("—" if is_open or shift.expected is None
                 else format_money(shift.expected), True),
                ("—" if is_open or shift.counted is None
                 else format_money(shift.counted), True),
                (self.tr("Still open") if is_open else difference_text(shift.difference),
                 True)])
        still_open = sum(1 for shift in report.shifts if shift.counted is None)
        if rows:  # the day's difference: not known while a shift is open, never "Matches"
            if still_open:
                problems.add((len(rows), 6))
            rows.append([(self.tr("Total"), False)] + [("", False)] * 5 + [(
                self.tr("Not known: %1 still open").replace("%1", str(still_open))
                if still_open else difference_text(sum(
                    (s.difference for s in report.shifts if s.difference is not None), ZERO)),
                True)])
        else:
            rows.append([(self.tr("No shift was opened this day."), False)]
                        + [("", False)] * 6)
        self.shift_table.clearSpans()
        fill_table(self.shift_table, rows, total_row=bool(report.shifts),
                   marked=lambda r, c: (r, c) in problems)
        if not report.shifts:
            self.shift_table.setSpan(0, 0, 1, 7)

    def say(self, text: str, *, problem: bool = False) -> None:
        show_status(self.message, text, problem=problem)
        self.message.show()

    # --- files -------------------------------------------------------------------------------

    def file_name(self, suffix: str) -> str:
        """收费日报_H01_2026-11-24.pdf"""
        title = self.tr("Collection report")  # (lupdate reads no tr() inside an f-string)
        return f"{title}_{self.actor.hall_code}_{self.day.isoformat()}.{suffix}"

    def ask_path(self, suffix: str, filter_text: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the collection report"),
            str(Path(self.last_dir or ".") / self.file_name(suffix)), filter_text)
        if path and not path.lower().endswith(f".{suffix}"):
            path += f".{suffix}"
        return path

    def file_options(self) -> FileOptions:
        english = QLocale().language() == QLocale.Language.English
        return FileOptions(self.actor.hall_timezone, self.actor.display_name,
                           "en" if english else "zh_CN")

    def on_save_pdf(self) -> None:
        path = self.ask_path("pdf", self.tr("PDF (*.pdf)"))
        if path:
            options = self.file_options()
            self._save(path, lambda data: write_pdf(data, path, options), self.pdf_button)

    def on_save_xlsx(self) -> None:
        path = self.ask_path("xlsx", self.tr("Excel workbook (*.xlsx)"))
        if path:
            options = self.file_options()
            self._save(path, lambda data: write_xlsx(data, path, options), self.xlsx_button)

    def on_save_csv(self) -> None:
        path = self.ask_path("csv", self.tr("CSV for Excel (*.csv)"))
        if path:
            options = self.file_options()
            self._save(path, lambda data: write_csv(data, path, options), self.csv_button)

    def _save(self, path: str, write: Callable[[ReportFile], str], button: QPushButton) -> None:
        """Read the day afresh, then build and write the file, each on a worker."""
        self.last_dir = str(Path(path).parent)
        day = self.day
        self.say(self.tr("Saving %1…").replace("%1", path))

        def loaded(data: ReportFile) -> None:
            self.runner.run(lambda: write(data), on_done=saved, on_error=failed,
                            busy=[button])

        def saved(written: str) -> None:
            self.last_saved = written
            self.say(self.tr("Saved: %1").replace("%1", written))

        def failed(error: BaseException) -> None:
            if isinstance(error, OSError):
                self.say(self.tr("%1 could not be written (%2). Choose another folder or "
                                 "name.").replace("%1", path).replace(
                    "%2", error.strerror or type(error).__name__), problem=True)
            else:
                self.say(error_text(error), problem=True)

        self.runner.run_api(manager_ops.report_for_file(day), on_done=loaded, on_error=failed,
                            busy=[button])

    # --- the close ---------------------------------------------------------------------------

    def on_close_day(self) -> None:
        if self.view is None or self.closing or self.dialog is not None:
            return
        report = self.view.report
        dialog = CloseDayDialog(report, self.open_shifts_text(), self)
        dialog.accepted.connect(lambda: self.close_confirmed(report))
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: CloseDayDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def close_confirmed(self, confirmed: DailyReport) -> None:
        day = confirmed.business_day
        self.closing = True
        self.say(self.tr("Closing %1…").replace("%1", day.isoformat()))

        def closed(report: DailyReport) -> None:
            self.closing = False
            self.say(self.tr("%1 is closed: %2 collected in %3 payments.").replace(
                "%1", day.isoformat()).replace("%2", format_money(report.total)).replace(
                "%3", count_text(report.payments)))
            self.reload()

        def refused(error: BaseException) -> None:
            self.closing = False
            self.say(self.tr("The day was not closed: %1").replace(
                "%1", close_refusal_text(error)), problem=True)
            self.reload()

        self.runner.run_api(manager_ops.close_day(day, confirmed), on_done=closed,
                            on_error=refused, busy=[self.close_button, self.day_edit])


def close_refusal_text(error: BaseException) -> str:
    if (isinstance(error, HallDeskError) and error.key == "validation"
            and error.params.get("rule") == "future"):
        return _t("Collection", "%1 has not begun yet: only a day that has begun can be "
                                "closed.").replace("%1", str(error.params.get("day", "")))
    return error_text(error)
