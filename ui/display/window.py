"""The hall display (大屏): a TV that shows and speaks every call.

Top band: hall, date, clock. Left two-thirds: the call being announced, huge, flashing three
times (on a portrait TV on three lines, 请 / B001号 / 到 5 号窗口, so that the number itself is
15 % of the screen's height); a calm welcome when nothing has been called; under it the last
calls. Right third: each window's current number, then how many
wait per service. Bottom: the subtitle of what is being spoken, and the manager's scrolling
notice. Nothing personal is ever shown: queue_status carries no names or phones.

New calls are found by comparing each reloaded state with the calls already seen: a call is
(code, window, called_at), so a recall — same code, new called_at — is announced again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app import events
from app.announce import DEFAULT_TEMPLATE, subtitle
from app.client import SignedIn
from app.config import Settings
from app.services.context import Actor
from app.services.queueing import CallView, QueueStatus
from ui.live import LiveNotices, Reloader
from ui.operations import OperationRunner
from ui.ops import display as display_ops
from ui.speech import Announcement, AnnouncementQueue, Speaker, make_speaker

log = logging.getLogger(__name__)

RECENT_SHOWN = 5
RECENT_LOADED = 20  # more than windows can call between two reloads
# A call is spoken only if it is within STALE_CALL of the newest call in the state just read
# (calls made during an outage still are; older ones are only shown) and not older than
# OLD_CALL by this PC's clock. Comparing calls with each other, not with this PC's clock,
# keeps a display whose clock runs a few minutes off from falling silent.
STALE_CALL = timedelta(minutes=1)
OLD_CALL = timedelta(minutes=10)
FLASHES = 3
FLASH_MS = 350
MARQUEE_STEP_PX = 2
MARQUEE_TICK_MS = 30

STYLE = """
QWidget#HallDisplay { background: #08162b; }
QLabel { color: #ffffff; }
QLabel#DisplayHall { font-weight: bold; }
QLabel#DisplayClock { color: #ffd34d; }
QLabel#DisplayOffline { color: #ff8a80; }
QFrame#HeroFrame { background: #0f2747; border-radius: 18px; }
QFrame#HeroFrame[flash="true"] { background: #ffd34d; }
QFrame#HeroFrame[flash="true"] QLabel { color: #08162b; }
QLabel#HeroCall { color: #ffd34d; font-weight: bold; }
QLabel#HeroLine { color: #ffffff; }
QLabel#HeroIdle { color: #8fb3e8; }
QLabel#RecentCall { color: #ffffff; }
QLabel#RecentWindow { color: #8fb3e8; }
QFrame#SidePanel { background: #0c203d; border-radius: 18px; }
QLabel#SideHeading { color: #8fb3e8; }
QLabel#WindowCode { color: #ffd34d; font-weight: bold; }
QLabel#Subtitle { background: #ffd34d; color: #08162b; border-radius: 10px; padding: 4px 16px; }
"""


class Marquee(QWidget):
    """The manager's notice, scrolling right to left; still when it fits the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Marquee")
        self.text = ""
        self.offset = 0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.step)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self.offset = 0
        self.setVisible(bool(text))
        if text:
            self.timer.start(MARQUEE_TICK_MS)
        else:
            self.timer.stop()
        self.update()

    def step(self) -> None:
        width = self.fontMetrics().horizontalAdvance(self.text)
        if width <= self.width():
            self.offset = 0
        else:
            gap = self.width() // 3
            self.offset = (self.offset + MARQUEE_STEP_PX) % (width + gap)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#12305a"))
        painter.setPen(QColor("#ffffff"))
        painter.setFont(self.font())
        metrics = self.fontMetrics()
        y = (self.height() + metrics.ascent() - metrics.descent()) // 2
        width = metrics.horizontalAdvance(self.text)
        if width <= self.width():
            painter.drawText((self.width() - width) // 2, y, self.text)
            return
        gap = self.width() // 3
        x = 16 - self.offset
        while x < self.width():
            painter.drawText(x, y, self.text)
            x += width + gap


class FitLabel(QLabel):
    """The call shown huge: as large as ``max_px`` allows, but never wider or taller than the
    label, whatever the screen's shape (a portrait TV is narrow for "到 3 号窗口")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_px = 48
        self.px = 0

    def set_max_px(self, max_px: int) -> None:
        self.max_px = max_px
        self.fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fitting_px(self, width: int, height: int) -> int:
        lines = self.text().split("\n") or [""]
        size = max(14, self.max_px)
        while size > 14:
            font = QFont(self.font())
            font.setPixelSize(size)
            font.setBold(True)
            metrics = QFontMetrics(font)
            wide = max(metrics.horizontalAdvance(line) for line in lines)
            tall = metrics.lineSpacing() * len(lines)
            if wide <= width and tall <= height:
                break
            size = max(14, min(size - 1, int(size * min(width / max(wide, 1),
                                                        height / max(tall, 1)))))
        return size

    def fit(self) -> None:
        rect = self.contentsRect()
        size = self.fitting_px(rect.width() - 8, rect.height())
        if size != self.px:
            self.px = size
            # Through the widget's own style sheet: the application's sheet sets a font size
            # for every widget, and a sheet's font wins over setFont().
            self.setStyleSheet(f"font-size: {size}px; font-weight: 700;")


class HallDisplay(QWidget):
    """One hall's display; ``notices`` drive reloads, ``speaker`` says the calls."""

    def __init__(self, runner: OperationRunner, actor: Actor, speaker: Speaker, *,
                 notices: LiveNotices | None = None, template: str = DEFAULT_TEMPLATE,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HallDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("HallDesk hall display"))
        self.actor = actor
        self.zone = ZoneInfo(actor.hall_timezone) if actor.hall_timezone else None
        self.template = template
        self.status: QueueStatus | None = None
        self.seen: set[tuple[str, int, datetime]] = set()
        self.offline = False
        self.stopped = False
        self.hero_window: int | None = None  # the window of the call shown huge
        self.hero_shown: tuple[str, int] | None = None  # (code, window) of that call

        self.hall_label = QLabel(actor.hall_name or actor.hall_code)
        self.hall_label.setObjectName("DisplayHall")
        self.offline_label = QLabel()
        self.offline_label.setObjectName("DisplayOffline")
        self.offline_label.hide()
        self.clock_label = QLabel()
        self.clock_label.setObjectName("DisplayClock")
        top = QHBoxLayout()
        top.addWidget(self.hall_label)
        top.addStretch(1)
        top.addWidget(self.offline_label)
        top.addSpacing(24)
        top.addWidget(self.clock_label)

        self.hero = QFrame()
        self.hero.setObjectName("HeroFrame")
        self.hero_call = FitLabel()  # the call; in portrait only its number's line
        self.hero_call.setObjectName("HeroCall")
        # Portrait: "请" above the number, "到 5 号窗口" under it, smaller.
        self.hero_before = FitLabel()
        self.hero_after = FitLabel()
        self.hero_idle = FitLabel()  # nothing called yet: the hall's name and a welcome
        self.hero_idle.setObjectName("HeroIdle")
        for hero_line in (self.hero_before, self.hero_after):
            hero_line.setObjectName("HeroLine")
            hero_line.hide()
        hero_layout = QVBoxLayout(self.hero)
        hero_layout.setContentsMargins(24, 24, 24, 24)
        hero_layout.setSpacing(0)
        for hero_label in (self.hero_before, self.hero_call, self.hero_after, self.hero_idle):
            hero_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            line = hero_label.objectName() == "HeroLine"  # as tall as its text, no more
            hero_label.setSizePolicy(
                QSizePolicy.Policy.Ignored,
                QSizePolicy.Policy.Fixed if line else QSizePolicy.Policy.Ignored)
            hero_layout.addWidget(hero_label, 0 if line else 1)
        self.hero_layout = hero_layout
        self.recent_heading = QLabel()
        self.recent_heading.setObjectName("SideHeading")
        self.recent_labels = [QLabel() for _ in range(RECENT_SHOWN)]  # the codes
        self.recent_windows = [QLabel() for _ in range(RECENT_SHOWN)]  # where they went
        recent = QGridLayout()
        recent.addWidget(self.recent_heading, 0, 0, 1, RECENT_SHOWN)
        for index, (code, where) in enumerate(zip(self.recent_labels, self.recent_windows,
                                                  strict=True)):
            code.setObjectName("RecentCall")
            where.setObjectName("RecentWindow")
            for label in (code, where):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            recent.addWidget(code, 1, index)
            recent.addWidget(where, 2, index)
            recent.setColumnStretch(index, 1)
        left = QVBoxLayout()
        left.addWidget(self.hero, 3)
        left.addLayout(recent, 1)
        self.left = left

        self.side = QFrame()
        self.side.setObjectName("SidePanel")
        self.windows_heading = QLabel()
        self.windows_heading.setObjectName("SideHeading")
        self.windows_grid = QGridLayout()
        self.services_heading = QLabel()
        self.services_heading.setObjectName("SideHeading")
        self.services_grid = QGridLayout()
        # Windows above the waiting counts; side by side under the call on a portrait screen.
        windows_part = QVBoxLayout()
        windows_part.addWidget(self.windows_heading)
        windows_part.addLayout(self.windows_grid)
        windows_part.addStretch(1)
        services_part = QVBoxLayout()
        services_part.addWidget(self.services_heading)
        services_part.addLayout(self.services_grid)
        services_part.addStretch(1)
        self.side_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.side)
        self.side_layout.setContentsMargins(24, 16, 24, 16)
        self.side_layout.setSpacing(24)
        self.side_layout.addLayout(windows_part)
        self.side_layout.addLayout(services_part, 1)
        for grid in (self.windows_grid, self.services_grid):
            grid.setVerticalSpacing(4)
            grid.setHorizontalSpacing(24)
        self.window_rows: dict[int, tuple[QLabel, QLabel]] = {}
        self.service_rows: dict[int, tuple[QLabel, QLabel]] = {}

        # Landscape: the call on the left two-thirds, the side panel right. Portrait (a TV
        # on its side): the call across the whole width, the side panel under it.
        self.middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.middle.addLayout(left, 2)
        self.middle.addWidget(self.side, 1)
        self.portrait = False
        middle = self.middle

        self.subtitle = QLabel()
        self.subtitle.setObjectName("Subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        policy = self.subtitle.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the hero must not jump when speech starts
        self.subtitle.setSizePolicy(policy)
        self.subtitle.hide()
        self.marquee = Marquee()
        self.marquee.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 16)
        self.outer = layout
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.marquee)

        self.announcer = AnnouncementQueue(speaker, template=template, parent=self)
        self.announcer.started.connect(self.on_announcing)
        self.announcer.idle.connect(self.subtitle.hide)
        self.flash_timer = QTimer(self)
        self.flash_timer.setInterval(FLASH_MS)
        self.flash_timer.timeout.connect(self._flash_step)
        self.flash_left = 0
        self.clock = QTimer(self)
        self.clock.timeout.connect(self.tick)
        self.clock.start(1000)
        self.reloader: Reloader[QueueStatus] = Reloader(
            runner, display_ops.queue_status(RECENT_LOADED), self.on_status, self.on_failed,
            self)
        self.notices = notices
        if notices is not None:
            notices.changed.connect(self.on_notice)
            notices.connection_changed.connect(self.on_connection)
        self.retranslate()
        self.tick()
        self._scale_fonts()

    # --- texts and sizes ---------------------------------------------------------------------

    def retranslate(self) -> None:
        self.recent_heading.setText(self.tr("Last calls"))
        self.windows_heading.setText(self.tr("Windows"))
        self.services_heading.setText(self.tr("Waiting"))
        self.offline_label.setText(self.tr("Reconnecting…"))
        if self.status is not None:
            self.on_status(self.status, speak=False)
        self._render_hero()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
        self._scale_fonts()

    def _arrange(self) -> None:
        """Portrait when the window is taller than wide: panels stacked, not side by side."""
        portrait = self.height() > self.width()
        if portrait == self.portrait:
            return
        self.portrait = portrait
        if portrait:
            self.middle.setDirection(QBoxLayout.Direction.TopToBottom)
            self.side_layout.setDirection(QBoxLayout.Direction.LeftToRight)
        else:
            self.middle.setDirection(QBoxLayout.Direction.LeftToRight)
            self.side_layout.setDirection(QBoxLayout.Direction.TopToBottom)
        self.side_layout.setStretch(0, 1 if portrait else 0)  # two equal columns
        # A portrait TV is 1080 px wide: narrower margins leave the number its 15 %.
        side = 16 if portrait else 28
        self.outer.setContentsMargins(side, 16, side, 16)
        inner = 12 if portrait else 24
        self.hero_layout.setContentsMargins(inner, inner, inner, inner)
        self._render_hero()

    def _scale_fonts(self) -> None:
        """Read from 15 m: the called number is about 15 % of the screen's height.

        Sizes follow the window's height but never exceed the screen's: fonts that grew the
        window would grow the fonts again. The side panel's rows shrink to fit a hall with
        many windows.
        """
        screen = self.screen()
        size = screen.geometry().size() if screen else self.size()
        tall = max(min(self.height(), size.height()), 480)
        # Sized by the shorter side: a portrait screen is as narrow as a landscape one is low.
        h = max(min(tall, self.width(), size.width()), 480)
        rows = len(self.window_rows) + len(self.service_rows) + 2
        if self.portrait:  # windows and waiting counts side by side
            rows = max(len(self.window_rows), len(self.service_rows)) + 1
        row_share = min(0.045, 0.58 / (1.5 * max(rows, 1)))

        def px(label: QWidget, share: float, *, bold: bool = False) -> None:
            # Through the widget's own style sheet: the application's sheet sets a font size
            # for every widget, and a sheet's font wins over setFont().
            size = max(14, int(h * share))
            label.setStyleSheet(f"font-size: {size}px; font-weight: {700 if bold else 400};")

        px(self.hall_label, 0.05, bold=True)
        px(self.clock_label, 0.05)
        px(self.offline_label, 0.035)
        # The call: 15 % of the screen's height, or less where its lines would not fit; in
        # portrait the number's line alone, a little more, the lines around it smaller.
        self.hero_call.set_max_px(max(14, int(tall * (0.16 if self.portrait else 0.15))))
        line_px = max(14, int(tall * 0.06))
        for hero_line in (self.hero_before, self.hero_after):
            font = QFont(hero_line.font())
            font.setPixelSize(line_px)
            font.setBold(True)
            hero_line.setFixedHeight(QFontMetrics(font).lineSpacing())
            hero_line.set_max_px(line_px)
        self.hero_idle.set_max_px(max(14, int(h * 0.09)))
        for label in (self.recent_heading, self.windows_heading, self.services_heading):
            px(label, 0.035)
        for label in self.recent_labels:
            px(label, 0.06, bold=True)
        for label in self.recent_windows:
            px(label, 0.035)
        for number_label, code_label in self.window_rows.values():
            px(number_label, row_share * 0.9)
            px(code_label, row_share, bold=True)
        for name_label, count_label in self.service_rows.values():
            px(name_label, row_share * 0.85)
            px(count_label, row_share * 0.9, bold=True)
        px(self.subtitle, 0.045, bold=True)
        px(self.marquee, 0.04)
        self.marquee.setFixedHeight(int(h * 0.065))

    def tick(self) -> None:
        """The hall's own time, whatever the display PC's time zone is set to."""
        now = datetime.now(self.zone) if self.zone is not None else datetime.now().astimezone()
        self.clock_label.setText(now.strftime("%Y-%m-%d  %H:%M:%S"))

    # --- data --------------------------------------------------------------------------------

    def start(self) -> None:
        self.stopped = False
        self.reloader.request()

    def stop(self) -> None:
        """At the window's close: no more reloads, also for notices still on their way (the
        notices' own stop says they are no longer followed, which would ask for one)."""
        self.stopped = True
        self.reloader.stop()
        self.clock.stop()
        self.marquee.timer.stop()

    def on_notice(self, topic: str) -> None:
        if topic in (events.RELOAD_ALL, events.QUEUE) and not self.stopped:
            self.reloader.request()

    def on_failed(self, error: BaseException) -> None:
        log.warning("hall display: reload failed: %s", error)
        self.show_offline()

    def show_offline(self) -> None:
        """"Reconnecting…" until the next state arrives."""
        self.offline = True
        self.offline_label.show()

    def on_connection(self, connected: bool) -> None:
        """The server's notices stopped: a reload says at once whether the server still
        answers (if not, "Reconnecting…" shows until it is back)."""
        if not connected and not self.stopped:
            self.reloader.request()

    def on_status(self, status: QueueStatus, *, speak: bool = True) -> None:
        self.offline = False
        self.offline_label.hide()
        first = self.status is None
        self.status = status
        self.hall_label.setText(status.hall_name)
        if self.hero_shown is None:
            self._render_hero()  # the welcome names the hall
        self._show_windows(status)
        self._show_services(status)
        self._show_recent(status.recent_calls)
        self.marquee.set_text(status.notice)
        if not status.recent_calls:
            self._show_hero(None)  # a new day: yesterday's last call is gone
        elif first:
            newest = status.recent_calls[0]
            self._show_hero((newest.code, newest.window_number))
        if any(w.number == self.hero_window and w.state == "closed" for w in status.windows):
            self._show_hero(None)  # its window closed (signed out): nobody to go to
        if speak:
            self._announce_new(status.recent_calls, quiet=first)
        self._scale_fonts()

    def _announce_new(self, calls: tuple[CallView, ...], *, quiet: bool) -> None:
        """Speak calls not seen before, oldest first; on the first load only remember them,
        and never speak a call older than a minute (it was made while we were away)."""
        now = datetime.now(UTC)
        newest = max((c.called_at for c in calls), default=now)
        for call in sorted(calls, key=lambda c: c.called_at):
            key = (call.code, call.window_number, call.called_at)
            if key in self.seen:
                continue
            self.seen.add(key)
            fresh = newest - call.called_at <= STALE_CALL and now - call.called_at <= OLD_CALL
            if not quiet and fresh:
                self.announcer.announce(call.code, call.window_number)
        if len(self.seen) > 10 * RECENT_LOADED:  # forget what can no longer come back
            keep = {(c.code, c.window_number, c.called_at) for c in calls}
            self.seen &= keep

    def _call_text(self, code: str, window_number: int) -> str:
        return self.tr("Number %1\nto window %2").replace("%1", code).replace(
            "%2", str(window_number))

    def _show_hero(self, call: tuple[str, int] | None) -> None:
        """Show ``call`` (code, window) huge, or for None the welcome."""
        self.hero_shown = call
        self.hero_window = call[1] if call else None
        self._render_hero()

    def _render_hero(self) -> None:
        """The call shown (or the welcome) for the screen's shape and language."""
        shown = self.hero_shown
        portrait = shown is not None and self.portrait
        if shown is None:
            self.hero_call.setText("")
            hall = self.status.hall_name if self.status else (self.actor.hall_name
                                                             or self.actor.hall_code)
            self.hero_idle.setText("\n".join(
                line for line in (hall, self.tr("Welcome"),
                                  self.tr("Please take a number and wait to be called"))
                if line))
        elif portrait:  # three lines, only the number's at full size
            lines = self.tr("Number\n%1\nto window %2").replace("%1", shown[0]).replace(
                "%2", str(shown[1])).split("\n")
            lines = (["", *lines, ""] if len(lines) == 1 else lines + [""] * (3 - len(lines)))
            self.hero_before.setText(lines[0])
            self.hero_call.setText(lines[1])
            self.hero_after.setText("\n".join(lines[2:]))
        else:
            self.hero_call.setText(self._call_text(*shown))
        self.hero_idle.setVisible(shown is None)
        self.hero_call.setVisible(shown is not None)
        self.hero_before.setVisible(portrait)
        self.hero_after.setVisible(portrait)

    def _show_recent(self, calls: tuple[CallView, ...]) -> None:
        for index, (code, where) in enumerate(zip(self.recent_labels, self.recent_windows,
                                                  strict=True)):
            call = calls[index] if index < len(calls) else None
            code.setText(call.code if call else "")
            where.setText(self.tr("Window %1").replace("%1", str(call.window_number))
                          if call else "")

    @staticmethod
    def _clear_rows(grid: QGridLayout, rows: dict[int, tuple[QLabel, QLabel]]) -> None:
        for pair in rows.values():
            for label in pair:
                grid.removeWidget(label)
                label.deleteLater()
        rows.clear()

    def _show_windows(self, status: QueueStatus) -> None:
        if set(self.window_rows) != {w.number for w in status.windows}:
            self._clear_rows(self.windows_grid, self.window_rows)  # a window added or retired
        for row, window in enumerate(status.windows):
            if window.number not in self.window_rows:
                number_label, code_label = QLabel(), QLabel()
                code_label.setObjectName("WindowCode")
                code_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                        | Qt.AlignmentFlag.AlignVCenter)
                self.windows_grid.addWidget(number_label, row, 0)
                self.windows_grid.addWidget(code_label, row, 1)
                self.window_rows[window.number] = (number_label, code_label)
            number_label, code_label = self.window_rows[window.number]
            number_label.setText(self.tr("Window %1").replace("%1", str(window.number)))
            if window.current_code:
                code_label.setText(window.current_code)
            elif window.state == "paused":
                code_label.setText(self.tr("Paused"))
            elif window.state == "closed":
                code_label.setText(self.tr("Closed"))
            else:
                code_label.setText("—")

    def _show_services(self, status: QueueStatus) -> None:
        if set(self.service_rows) != {x.id for x in status.services}:
            self._clear_rows(self.services_grid, self.service_rows)
        for row, service in enumerate(status.services):
            if service.id not in self.service_rows:
                name_label, count_label = QLabel(), QLabel()
                count_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
                self.services_grid.addWidget(name_label, row, 0)
                self.services_grid.addWidget(count_label, row, 1)
                self.service_rows[service.id] = (name_label, count_label)
            name_label, count_label = self.service_rows[service.id]
            name_label.setText(f"{service.prefix}  {service.name}")
            if service.open_now or service.waiting:  # after closing, those in line still wait
                count_label.setText(self.tr("%1 waiting").replace("%1", str(service.waiting)))
            else:
                count_label.setText(self.tr("Closed"))

    # --- speaking ----------------------------------------------------------------------------

    def on_announcing(self, announcement: Announcement) -> None:
        self._show_hero((announcement.code, announcement.window_number))
        self.subtitle.setText(subtitle(announcement.code, announcement.window_number,
                                       self.template))
        self.subtitle.show()
        self.flash_left = FLASHES * 2
        self._flash_step()
        self.flash_timer.start()

    def _flash_step(self) -> None:
        on = self.flash_left % 2 == 0 and self.flash_left > 0
        self.hero.setProperty("flash", "true" if on else "false")
        self.hero.style().unpolish(self.hero)
        self.hero.style().polish(self.hero)
        for label in self.hero.findChildren(QLabel):
            label.style().unpolish(label)
            label.style().polish(label)
        if self.flash_left <= 0:
            self.flash_timer.stop()
            return
        self.flash_left -= 1


class DisplayWindow(QWidget):
    """The hall display once signed in as its device (``ui/device_start.py``): the display
    and its hall's change notices, through the server. No database here.

    When the notices say the session ended (12 hours passed, or the same credential signed
    in elsewhere) the display signs in again with its credential (``sign_in_again``); the
    notices then follow the new session by themselves. A device revoked meanwhile is taken
    back to its enrolment screen by the device start-up.
    """

    def __init__(self, runner: OperationRunner, actor: Actor, *,
                 template: str = DEFAULT_TEMPLATE, speaker: Speaker | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HallDisplayWindow")
        self.setWindowTitle(self.tr("HallDesk hall display"))
        self.runner = runner
        self.actor = actor
        client = runner.client
        if client is None:
            raise RuntimeError("the hall display needs a client signed in as the display")
        self.notices = LiveNotices(client, actor.hall_id, self, topics=[events.QUEUE])
        self.notices.session_ended.connect(self.on_session_ended)
        self.display = HallDisplay(runner, actor, speaker or make_speaker(self),
                                   notices=self.notices, template=template)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.display)
        self.notices.start()
        self.display.start()

    def on_session_ended(self, key: str) -> None:
        """A new session with the credential; the screen keeps its last state meanwhile."""
        from ui.device_start import sign_in_again

        log.info("hall display: the session ended (%s); signing in again", key)
        self.runner.run_api(sign_in_again(), on_done=self.on_signed_in_again,
                            on_error=self.on_sign_in_failed)

    def on_signed_in_again(self, _signed: SignedIn) -> None:
        self.display.reloader.request()

    def on_sign_in_failed(self, error: BaseException) -> None:
        log.warning("hall display: not signed in again: %s", error)
        self.display.show_offline()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.display.stop()
        self.notices.stop()
        super().closeEvent(event)


def display_window(settings: Settings) -> Callable[[OperationRunner, Actor], QWidget]:
    """What the device start-up makes once the display is signed in."""
    return lambda runner, actor: DisplayWindow(runner, actor, template=settings.announcement)


def run_display(settings: Settings) -> int:
    """The display PC: its server, its enrolment and sign-in (``ui/device_start.py``), then
    the hall display full screen."""
    from ui.device_start import start_device

    return start_device(settings, "display", display_window(settings))
