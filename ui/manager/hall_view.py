"""大厅管理: the hall manager's live view of the queue.

  [超时 Waiting over 20 min: A 缴费 32:10                              [Acknowledge]]
  A 缴费 12 waiting, longest 32:10 │ B 业务办理 … │ C 报修投诉 Closed
  Windows: 1 Open A031 · 2 Paused · …   │ Today: issued, served, no-shows, averages
  Tickets and average wait per hour (chart)
  Scrolling notice on the hall display [______________________] [Save]

Everything reloads on the hall's change notices and, while the view is on screen, every few
seconds (the longest wait grows without any notice). When the database is unreachable the
last state stays on screen, a plain "may be out of date" line beside the hall's name.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import events
from app.errors import HallDeskError
from app.services.context import Actor
from app.services.queueing import MAX_NOTICE_LENGTH, QueueStatus, ServiceQueue, WindowView
from ui.live import LiveNotices, Reloader
from ui.manager.hour_chart import HourChart
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import manager as manager_ops
from ui.widgets import ElidedLabel, set_problem, show_status

RELOAD_MS = 5_000  # while on screen: waits keep growing between notices
STALE_AFTER_S = 3 * RELOAD_MS / 1000  # no fresh state for this long: say it may be old
TILE_WIDTH = 250  # a tile's width before the row wraps (fits 3 tiles at 1366×768)
WIDE_WIDTH = 900  # from here on the chart sits beside the windows and today's totals
WINDOW_ROWS = 4  # more windows than this: listed in two columns, so 1366×768 needs no scrolling
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# Connection trouble, not a refusal: the server, or the database behind it, is away.
UNREACHABLE = ("server_unavailable", "db_unavailable", "db_auth_failed")


def wait_text(seconds: int) -> str:
    """12:05 (minutes:seconds), 1:02:05 from an hour on."""
    minutes, secs = divmod(max(0, seconds), 60)
    if minutes >= 60:
        return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _restyle(widget: QWidget) -> None:
    """Dynamic properties restyle the widget and the labels inside it."""
    for item in (widget, *widget.findChildren(QWidget)):
        item.style().unpolish(item)
        item.style().polish(item)


def _section(heading: QLabel, content: QWidget) -> QWidget:
    """A panel under its heading; the heading is the panel's tooltip where the view has no
    room for it (1366×768: the window columns, the totals' captions and the chart's legend
    say what each is)."""
    section = QWidget()
    layout = QVBoxLayout(section)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(heading)
    layout.addWidget(content, 1)
    heading.hide()
    return section


def _label(name: str, align: Qt.AlignmentFlag = LEFT) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAlignment(align)
    return label


class ServiceTile(QFrame):
    """One service: how many wait and for how long; red with 超时 past the hall's limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ServiceTile")
        self.service: ServiceQueue | None = None
        self.name = _label("TileName")
        self.marker = _label("TileMarker", Qt.AlignmentFlag.AlignCenter)
        self.marker.hide()
        self.closed_note = _label("TileClosed")
        self.closed_note.hide()
        self.count = _label("TileCount", RIGHT)
        self.count_caption = _label("TileCaption")
        self.wait = _label("TileWait", RIGHT)
        self.wait_caption = _label("TileCaption")
        self.remaining = _label("TileValue", RIGHT)
        self.remaining_caption = _label("TileCaption")
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 6, 12, 6)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)
        # The count beside the name and its caption (with 超时 when over the limit): the
        # tiles stay low enough for the whole view at 1366×768.
        caption_row = QHBoxLayout()
        caption_row.setSpacing(8)
        caption_row.addWidget(self.count_caption)
        caption_row.addWidget(self.marker)
        caption_row.addStretch(1)
        grid.addWidget(self.name, 0, 0)
        grid.addLayout(caption_row, 1, 0)
        grid.addWidget(self.count, 0, 1, 2, 1)
        grid.addWidget(self.wait_caption, 2, 0)
        grid.addWidget(self.wait, 2, 1)
        # Numbers left, or (closed: no numbers today any more) the service's hours.
        grid.addWidget(self.remaining_caption, 3, 0)
        grid.addWidget(self.remaining, 3, 1)
        grid.addWidget(self.closed_note, 3, 0, 1, 2, LEFT)
        grid.setColumnStretch(0, 1)
        self.setMinimumWidth(TILE_WIDTH - 20)

    def show_service(self, service: ServiceQueue) -> None:
        self.service = service
        self.name.setText(f"{service.prefix}  {service.name}")
        self.count_caption.setText(self.tr("Waiting"))
        self.count.setText(str(service.waiting))
        self.wait_caption.setText(self.tr("Longest wait"))
        self.wait.setText(wait_text(service.longest_wait_seconds) if service.waiting else "—")
        self.remaining_caption.setText(self.tr("Numbers left today"))
        self.remaining.setText(str(service.remaining))
        self.marker.setText(self.tr("Over limit"))
        self.marker.setVisible(service.alert)
        # Closed for new tickets; those already waiting may still be over the limit.
        self.closed_note.setText(self.tr("Closed now (hours %1–%2)").replace(
            "%1", service.opens_at.strftime("%H:%M")).replace(
            "%2", service.closes_at.strftime("%H:%M")))
        self.closed_note.setVisible(not service.open_now)
        self.remaining_caption.setVisible(service.open_now)
        self.remaining.setVisible(service.open_now)
        changed = (self.property("alert") != service.alert
                   or self.property("closed") != (not service.open_now))
        self.setProperty("alert", service.alert)
        self.setProperty("closed", not service.open_now)
        if changed:
            _restyle(self)


class HallView(QWidget):
    """The manager area of the counter workspace (hall managers only)."""

    def __init__(self, runner: OperationRunner, actor: Actor,
                 notices: LiveNotices | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HallView")
        self.runner = runner
        self.actor = actor
        self.status: QueueStatus | None = None
        self.loaded_at: datetime | None = None
        self.acknowledged: set[int] = set()  # services over the limit the manager has seen
        self.stale = False
        self._notice_edited = False  # typed but not saved: reloads leave the field alone
        self._last_error: BaseException | None = None

        # Top: the alert and the "out of date" line, outside the scrolling part.
        self.alert_banner = QFrame()
        self.alert_banner.setObjectName("WaitAlert")
        self.alert_text = QLabel()
        self.alert_text.setObjectName("WaitAlertText")
        self.alert_text.setWordWrap(True)
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.setObjectName("AcknowledgeButton")
        self.acknowledge_button.clicked.connect(self.on_acknowledge)
        banner_layout = QHBoxLayout(self.alert_banner)
        banner_layout.setContentsMargins(12, 2, 6, 2)
        banner_layout.addWidget(self.alert_text, 1)
        banner_layout.addWidget(self.acknowledge_button)
        self.alert_banner.hide()
        # In the title's row, in the place of "updated at" (it names the time first): one
        # line, elided with the whole sentence in its tooltip, so that the database going
        # away does not push the view into scrolling; the alert keeps the larger share.
        self.stale_label = ElidedLabel()
        self.stale_label.setObjectName("StaleNote")
        self.stale_label.setStyleSheet("padding: 2px 8px;")  # no taller than the row
        self.stale_label.hide()

        self.title = _label("AreaTitle")
        self.updated_label = _label("UpdatedAt", RIGHT)
        # The alert in the title's row, beside the hall's name: shown, it costs the view no
        # line (1366×768 without scrolling).
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.alert_banner, 3)
        header.addStretch(0)
        header.addWidget(self.stale_label, 2)
        header.addWidget(self.updated_label)

        # Service tiles, wrapped into as many columns as the width allows.
        self.services_heading = _label("SectionTitle")
        self.tiles: dict[int, ServiceTile] = {}
        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(10)
        self.no_services = _label("AreaNote")
        self.no_services.setWordWrap(True)
        self.no_services.hide()
        self._columns = 0

        # Windows and today's totals side by side.
        self.windows_heading = _label("SectionTitle")
        self.windows_panel = QFrame()
        self.windows_panel.setObjectName("HallPanel")
        self.windows_grid = QGridLayout(self.windows_panel)
        self.windows_grid.setContentsMargins(12, 6, 12, 6)
        self.windows_grid.setHorizontalSpacing(10)
        self.windows_grid.setVerticalSpacing(0)
        # One header per column group (a second group beside the first for many windows).
        self.window_headers = [[_label("ColumnHeader", RIGHT), _label("ColumnHeader"),
                                _label("ColumnHeader", RIGHT)] for _group in range(2)]
        self.window_header = self.window_headers[0]
        for group, labels in enumerate(self.window_headers):
            for column, label in enumerate(labels):
                self.windows_grid.addWidget(label, 0, group * 4 + column)
        self.windows_grid.setColumnMinimumWidth(3, 12)
        self.window_rows: dict[int, tuple[QLabel, QLabel, QLabel]] = {}
        self.today_heading = _label("SectionTitle")
        self.today_panel = QFrame()
        self.today_panel.setObjectName("HallPanel")
        today_grid = QGridLayout(self.today_panel)
        today_grid.setContentsMargins(12, 6, 12, 6)
        today_grid.setHorizontalSpacing(16)
        today_grid.setVerticalSpacing(0)
        self.totals: dict[str, tuple[QLabel, QLabel]] = {}
        for row, key in enumerate(("waiting", "issued", "served", "no_shows", "average_wait",
                                   "average_service")):
            caption, value = _label("TotalCaption"), _label("HallTotal", RIGHT)
            today_grid.addWidget(caption, row, 0)
            today_grid.addWidget(value, row, 1)
            self.totals[key] = (caption, value)
        today_grid.setColumnStretch(0, 1)
        today_grid.setRowStretch(len(self.totals), 1)
        self.chart_heading = _label("SectionTitle")
        self.chart = HourChart()
        # Windows, today and the chart: in one row on a wide screen, the chart below the
        # other two on a narrow one (see _place_sections).
        self.sections = [_section(self.windows_heading, self.windows_panel),
                         _section(self.today_heading, self.today_panel),
                         _section(self.chart_heading, self.chart)]
        self.section_grid = QGridLayout()
        self.section_grid.setHorizontalSpacing(12)
        self.section_grid.setVerticalSpacing(6)
        self._wide: bool | None = None

        # The hall display's scrolling line.
        self.notice_heading = _label("SectionTitle")
        self.notice_box = QLineEdit()
        self.notice_box.setObjectName("notice")
        self.notice_box.textEdited.connect(self.on_notice_edited)
        self.notice_box.returnPressed.connect(self.on_save_notice)
        self.notice_count = _label("NoticeCount", RIGHT)
        self.save_button = QPushButton()
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.clicked.connect(self.on_save_notice)
        self.notice_message = QLabel()
        self.notice_message.setObjectName("AreaMessage")
        self.notice_message.setWordWrap(True)
        self.notice_message.hide()
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice_heading)
        notice_row.addWidget(self.notice_box, 1)
        notice_row.addWidget(self.notice_count)
        notice_row.addWidget(self.save_button)

        content = QWidget()
        content.setObjectName("HallContent")
        body = QVBoxLayout(content)
        body.setContentsMargins(12, 4, 12, 4)
        body.setSpacing(6)
        # The tiles say what they count: no heading of their own (1366×768 height).
        self.services_heading.hide()
        body.addLayout(header)
        body.addLayout(self.tile_grid)
        body.addWidget(self.no_services)
        body.addLayout(self.section_grid)
        body.addLayout(notice_row)
        body.addWidget(self.notice_message)
        body.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("HallScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.scroll_area, 1)

        self.reloader: Reloader[QueueStatus] = Reloader(
            runner, manager_ops.queue_status(), self.on_status, self.on_failed, self,
            backup_ms=RELOAD_MS)
        self.reloader.backup.stop()  # runs only while the view is on screen
        # A silently dead link hangs a reload instead of failing it: an old state says so too.
        self.reloader.backup.timeout.connect(self.check_age)
        self._loaded_clock = 0.0
        if notices is not None:
            notices.changed.connect(self.on_notice)
        self._place_sections()
        self.retranslate()

    # --- texts -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.acknowledge_button.setText(self.tr("Acknowledge"))
        self.services_heading.setText(self.tr("Waiting per service"))
        self.windows_heading.setText(self.tr("Windows"))
        self.today_heading.setText(self.tr("Today"))
        self.chart_heading.setText(self.tr("Tickets and average wait per hour"))
        for heading, panel in ((self.windows_heading, self.windows_panel),
                               (self.today_heading, self.today_panel),
                               (self.chart_heading, self.chart)):
            panel.setToolTip(heading.text())
        self.notice_heading.setText(self.tr("Scrolling notice on the hall display"))
        self.window_headers[1][0].setText(self.tr("Window"))
        self.window_headers[1][1].setText(self.tr("State"))
        self.window_headers[1][2].setText(self.tr("Ticket"))
        self.notice_box.setPlaceholderText(self.tr("e.g. Heating fees for this season are "
                                                   "due by 31 December"))
        self.save_button.setText(self.tr("Save notice"))
        for label, text in zip(self.window_header, (self.tr("Window"), self.tr("State"),
                                                    self.tr("Ticket")), strict=True):
            label.setText(text)
        captions = {
            "waiting": self.tr("Waiting now"), "issued": self.tr("Tickets issued"),
            "served": self.tr("Served"), "no_shows": self.tr("No-shows"),
            "average_wait": self.tr("Average wait"),
            "average_service": self.tr("Average service time"),
        }
        for key, (caption, _value) in self.totals.items():
            caption.setText(captions[key])
        self.no_services.setText(self.tr("This hall has no queue services yet."))
        self._show_notice_count()
        self._show_header()
        if self.status is not None:
            self._render(self.status)
        if self.stale:
            self._show_stale(self._last_error)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- live --------------------------------------------------------------------------------

    def reload(self) -> None:
        self.reloader.request()

    def stop(self) -> None:
        self.reloader.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reloader.backup.start()
        self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        self.reloader.backup.stop()
        super().hideEvent(event)

    def on_notice(self, topic: str) -> None:
        if topic not in (events.RELOAD_ALL, events.QUEUE):
            return
        if self.isVisible():
            self.reload()
        # Hidden: the next showEvent reloads anyway.

    def on_failed(self, error: BaseException) -> None:
        self._last_error = error
        self._show_stale(error)

    def _show_stale(self, error: BaseException | None) -> None:
        self.stale = True
        refused = isinstance(error, HallDeskError) and error.key not in UNREACHABLE
        if self.loaded_at is None:
            text = (self.tr("Data may be out of date: %1").replace("%1", error_text(error))
                    if refused and error is not None else
                    self.tr("No data yet: the database cannot be reached. Retrying…"))
        else:
            why = (error_text(error) if refused and error is not None
                   else self.tr("the database cannot be reached; retrying…"))
            text = self.tr("State of %1, may be out of date: %2").replace(
                "%1", self.loaded_at.strftime("%H:%M:%S")).replace("%2", why)
        self.stale_label.setText(text)
        self.stale_label.show()
        self.updated_label.hide()
        self._show_header()

    def check_age(self) -> None:
        if (self.loaded_at is not None and not self.stale
                and time.monotonic() - self._loaded_clock > STALE_AFTER_S):
            self._show_stale(None)

    def on_status(self, status: QueueStatus) -> None:
        zone = ZoneInfo(self.actor.hall_timezone) if self.actor.hall_timezone else None
        self.loaded_at = datetime.now(zone)  # the hall's clock, as on its display
        self._loaded_clock = time.monotonic()
        self.status = status
        self.stale = False
        self._last_error = None
        self.stale_label.hide()
        self.updated_label.show()
        self._render(status)

    def _render(self, status: QueueStatus) -> None:
        self._show_header()
        self._show_tiles(status)
        self._show_windows(status.windows)
        self._show_totals(status)
        self.chart.set_hours(status.hours, status.wait_alert_minutes)
        self._show_alert(status)
        if not self._notice_edited and not self.notice_box.hasFocus():
            self.notice_box.setText(status.notice)
            self._show_notice_count()

    def _show_header(self) -> None:
        name = self.status.hall_name if self.status else (self.actor.hall_name or "")
        self.title.setText(self.tr("%1 — queue now").replace("%1", name))
        if self.loaded_at is not None:
            self.updated_label.setText(self.tr("Updated %1").replace(
                "%1", self.loaded_at.strftime("%H:%M:%S")))
        set_problem(self.updated_label, self.stale)

    def _show_tiles(self, status: QueueStatus) -> None:
        ids = [service.id for service in status.services]
        if ids != list(self.tiles):
            for tile in self.tiles.values():
                self.tile_grid.removeWidget(tile)
                tile.hide()
                tile.deleteLater()
            self.tiles = {service_id: ServiceTile() for service_id in ids}
            self._columns = 0
        for service in status.services:
            self.tiles[service.id].show_service(service)
        self.no_services.setVisible(not ids)
        self._place_tiles()

    def _place_tiles(self) -> None:
        columns = max(1, min(len(self.tiles), (self.width() - 50) // TILE_WIDTH))
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self.tile_grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self.tile_grid.addWidget(tile, index // columns, index % columns)
            tile.show()  # now, not on the layout's next pass
        for column in range(self.tile_grid.columnCount()):
            self.tile_grid.setColumnStretch(column, 1 if column < columns else 0)

    def _place_sections(self) -> None:
        wide = self.width() >= WIDE_WIDTH
        if wide == self._wide:
            return
        self._wide = wide
        windows, today, chart = self.sections
        for section in self.sections:
            self.section_grid.removeWidget(section)
        self.section_grid.addWidget(windows, 0, 0)
        self.section_grid.addWidget(today, 0, 1)
        if wide:
            self.section_grid.addWidget(chart, 0, 2)
        else:
            self.section_grid.addWidget(chart, 1, 0, 1, 2)
        for column, stretch in enumerate((0, 0, 1) if wide else (1, 1, 0)):
            self.section_grid.setColumnStretch(column, stretch)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_sections()
        if self.tiles:
            self._place_tiles()

    def _window_state_text(self, window: WindowView) -> str:
        return {"open": self.tr("Open"), "paused": self.tr("Paused"),
                "closed": self.tr("Closed")}.get(window.state, window.state)

    def _show_windows(self, windows: tuple[WindowView, ...]) -> None:
        numbers = [window.number for window in windows]
        if numbers != list(self.window_rows):
            for row in self.window_rows.values():
                for label in row:
                    self.windows_grid.removeWidget(label)
                    label.deleteLater()
            self.window_rows = {}
            per_group = (len(numbers) + 1) // 2 if len(numbers) > WINDOW_ROWS else len(numbers)
            for index, number in enumerate(numbers):
                group, line = divmod(index, max(per_group, 1))
                row = (_label("WindowNumber", RIGHT), _label("WindowState"),
                       _label("WindowTicket", RIGHT))
                for column, label in enumerate(row):
                    self.windows_grid.addWidget(label, line + 1, group * 4 + column)
                self.window_rows[number] = row
            for label in self.window_headers[1]:
                label.setVisible(len(numbers) > WINDOW_ROWS)
            for line in range(self.windows_grid.rowCount()):
                self.windows_grid.setRowStretch(line, 0)
            self.windows_grid.setColumnStretch(7, 1)  # columns stay together, left
            self.windows_grid.setRowStretch(max(per_group, 1) + 1, 1)
        for window in windows:
            number_label, state_label, ticket_label = self.window_rows[window.number]
            number_label.setText(str(window.number))
            state_label.setText(self._window_state_text(window))
            ticket_label.setText(window.current_code or "—")
            if state_label.property("state") != window.state:
                state_label.setProperty("state", window.state)
                _restyle(state_label)

    def _show_totals(self, status: QueueStatus) -> None:
        values = {
            "waiting": str(sum(service.waiting for service in status.services)),
            "issued": str(status.issued),
            "served": str(status.served),
            "no_shows": str(status.no_shows),
            "average_wait": wait_text(status.average_wait_seconds),
            "average_service": wait_text(status.average_service_seconds),
        }
        for key, (_caption, value) in self.totals.items():
            value.setText(values[key])

    # --- the alert ---------------------------------------------------------------------------

    def _show_alert(self, status: QueueStatus) -> None:
        """Shown while a service waits past the limit, until acknowledged; a service that
        newly goes over (or over again after recovering) brings it back."""
        over = [service for service in status.services if service.alert]
        self.acknowledged &= {service.id for service in over}
        if not over or all(service.id in self.acknowledged for service in over):
            self.alert_banner.hide()
            return
        names = "  ·  ".join(
            f"{service.prefix} {service.name} {wait_text(service.longest_wait_seconds)}"
            for service in over)
        self.alert_text.setText(self.tr("Over limit: customers have waited more than %1 "
                                        "minutes — %2").replace(
            "%1", str(status.wait_alert_minutes)).replace("%2", names))
        self.alert_banner.show()

    def on_acknowledge(self) -> None:
        if self.status is not None:
            self.acknowledged |= {service.id for service in self.status.services
                                  if service.alert}
        self.alert_banner.hide()

    # --- the display notice ------------------------------------------------------------------

    def _show_notice_count(self) -> None:
        length = len(" ".join(self.notice_box.text().split()))
        self.notice_count.setText(f"{length}/{MAX_NOTICE_LENGTH}")
        set_problem(self.notice_count, length > MAX_NOTICE_LENGTH)

    def on_notice_edited(self, _text: str) -> None:
        self._notice_edited = True
        self._show_notice_count()

    def on_save_notice(self) -> None:
        self.runner.run_api(manager_ops.set_display_notice(self.notice_box.text()),
                            on_done=self.on_notice_saved, on_error=self.on_notice_refused,
                            busy=[self.save_button])

    def on_notice_saved(self, notice: str) -> None:
        self._notice_edited = False
        if self.notice_box.text() != notice:
            self.notice_box.setText(notice)  # spaces as the display shows them
        self._show_notice_count()
        set_problem(self.notice_box, False)
        show_status(self.notice_message, self.tr("Saved: the hall display shows it now.")
                    if notice else self.tr("Saved: the hall display shows no notice."))
        self.notice_message.show()

    def on_notice_refused(self, error: BaseException) -> None:
        set_problem(self.notice_box, True)
        show_status(self.notice_message, error_text(error), problem=True)
        self.notice_message.show()
        self.notice_box.setFocus()

