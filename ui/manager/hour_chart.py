"""Today's shape at a glance: tickets issued per hour (bars) and their average wait (line),
with the hall's waiting limit drawn across, so a bad hour stands out."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QFrame, QWidget

# The hours a service hall is normally busy; the axis widens when tickets fall outside them.
DAY_START, DAY_END = 8, 17
BAR_COLOUR = "#1d5fbf"
WAIT_COLOUR = "#b34700"
LIMIT_COLOUR = "#a30d0d"
TEXT_COLOUR = "#1b1f24"
HOUR_LABEL_WIDTH = 46  # px an hour's "10:00" needs under its bar
NARROW_WIDTH = 440  # px below which the chart's type is smaller
HOUR_NUMBER_WIDTH = 20  # px a "10" needs
LOW_HEIGHT = 220  # px below which the value axes have three ticks


def _font(px: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def hour_range(hours: tuple[tuple[int, int, int], ...]) -> list[int]:
    seen = [hour for hour, _issued, _wait in hours]
    return list(range(min([DAY_START, *seen]), max([DAY_END, *seen]) + 1))


class HourChart(QChartView):
    """Bars on the left axis (tickets), the average wait in minutes on the right axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setObjectName("HourChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(160)  # beside the windows and totals at 1366×768
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        chart = self.chart_
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # reloads every 5 s
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.legend().setFont(_font(14))
        chart.legend().setLabelColor(QColor(TEXT_COLOUR))

        self.issued_set = QBarSet("")
        self.issued_set.setColor(QColor(BAR_COLOUR))
        self.issued_set.setBorderColor(QColor(BAR_COLOUR))
        self.bars = QBarSeries()
        self.bars.append(self.issued_set)
        self.bars.setLabelsVisible(True)
        self.bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
        self.issued_set.setLabelColor(QColor("#ffffff"))
        self.issued_set.setLabelFont(_font(14, bold=True))
        self.wait_line = QLineSeries()
        pen = QPen(QColor(WAIT_COLOUR))
        pen.setWidth(3)
        self.wait_line.setPen(pen)
        self.wait_line.setPointsVisible(True)
        self.wait_line.setMarkerSize(9)
        self.limit_line = QLineSeries()
        limit_pen = QPen(QColor(LIMIT_COLOUR))
        limit_pen.setWidth(2)
        limit_pen.setStyle(Qt.PenStyle.DashLine)
        self.limit_line.setPen(limit_pen)
        for series in (self.bars, self.wait_line, self.limit_line):
            chart.addSeries(series)

        self.hour_axis = QBarCategoryAxis()
        self.count_axis = QValueAxis()
        self.count_axis.setLabelFormat("%d")
        self.minutes_axis = QValueAxis()
        self.minutes_axis.setLabelFormat("%d")
        for axis in (self.hour_axis, self.count_axis, self.minutes_axis):
            axis.setLabelsFont(_font(14))
            axis.setLabelsBrush(QBrush(QColor(TEXT_COLOUR)))
            axis.setTitleFont(_font(14))
            axis.setTitleBrush(QBrush(QColor(TEXT_COLOUR)))
        self.minutes_axis.setLabelsBrush(QBrush(QColor(WAIT_COLOUR)))
        chart.addAxis(self.hour_axis, Qt.AlignmentFlag.AlignBottom)
        self.hour_ticks = QCategoryAxis()  # every few hours, where each bar is too narrow
        self.hour_ticks.setLabelsPosition(
            QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.hour_ticks.setGridLineVisible(False)
        self.hour_ticks.setLineVisible(False)
        self.hour_ticks.setLabelsBrush(QBrush(QColor(TEXT_COLOUR)))
        self.hour_ticks.setVisible(False)
        chart.addAxis(self.hour_ticks, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.count_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.minutes_axis, Qt.AlignmentFlag.AlignRight)
        self.bars.attachAxis(self.hour_axis)
        self.bars.attachAxis(self.count_axis)
        for line in (self.wait_line, self.limit_line):
            line.attachAxis(self.hour_axis)
            line.attachAxis(self.minutes_axis)

        self.hours: tuple[tuple[int, int, int], ...] | None = None
        self.limit_minutes = 0
        self.retranslate()
        self.set_hours((), 20)

    def retranslate(self) -> None:
        self.issued_set.setLabel(self.tr("Tickets issued"))
        self.wait_line.setName(self.tr("Average wait (min)"))
        self.limit_line.setName(self.tr("Waiting limit"))
        self.count_axis.setTitleText(self.tr("Tickets"))
        self.minutes_axis.setTitleText(self.tr("Minutes"))
        if self.hours is not None:
            self._draw(self.hours, self.limit_minutes)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _hour_labels(self, span: list[int]) -> list[str]:
        """"9:00" under each bar; only "9" where the chart is narrow (beside the windows and
        totals at 1366×768)."""
        if self.width() - 160 >= HOUR_LABEL_WIDTH * len(span):
            return [self.tr("%1:00").replace("%1", str(hour)) for hour in span]
        return [str(hour) for hour in span]

    def _show_ticks(self, span: list[int]) -> None:
        """Where even "9" does not fit under each bar, every second (third…) hour is named on
        an axis of its own, which needs no room per bar."""
        room = (self.width() - 160) / max(len(span), 1)
        step = 1
        while room * step < HOUR_NUMBER_WIDTH and step < len(span):
            step += 1
        for label in self.hour_ticks.categoriesLabels():
            self.hour_ticks.remove(label)
        self.hour_ticks.setRange(-0.5, len(span) - 0.5)
        if step > 1:
            for index in range(0, len(span), step):
                self.hour_ticks.append(str(span[index]), index)
        self.hour_axis.setLabelsVisible(step == 1)
        self.hour_ticks.setVisible(step > 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Narrow (English captions beside it at 1366×768): smaller type, so the legend and
        # the hours are read, not "…".
        px = 14 if self.width() >= NARROW_WIDTH else 12
        if self.chart_.legend().font().pixelSize() != px:
            self.chart_.legend().setFont(_font(px))
            for axis in (self.hour_axis, self.hour_ticks, self.count_axis, self.minutes_axis):
                axis.setLabelsFont(_font(px))
                axis.setTitleFont(_font(px))
        self._fit_value_ticks()
        if self.hours is not None and self.hour_axis.count():
            self._show_ticks(hour_range(self.hours))
            wanted = self._hour_labels(hour_range(self.hours))
            if wanted != self.hour_axis.categories():
                self._draw(self.hours, self.limit_minutes)

    def set_hours(self, hours: tuple[tuple[int, int, int], ...], limit_minutes: int) -> None:
        """``hours``: (local hour, tickets issued, average wait in seconds of those called)."""
        if hours == self.hours and limit_minutes == self.limit_minutes:
            return  # most reloads change nothing here: no redraw
        self._draw(hours, limit_minutes)

    def _draw(self, hours: tuple[tuple[int, int, int], ...], limit_minutes: int) -> None:
        self.hours = hours
        self.limit_minutes = limit_minutes
        span = hour_range(hours)
        by_hour = {hour: (issued, wait) for hour, issued, wait in hours}
        self.hour_axis.clear()
        self.hour_axis.append(self._hour_labels(span))
        self._show_ticks(span)
        if self.issued_set.count():
            self.issued_set.remove(0, self.issued_set.count())
        self.issued_set.append([float(by_hour.get(hour, (0, 0))[0]) for hour in span])
        # An hour whose tickets nobody has called yet has no average wait: no point, not 0.
        self.wait_line.replace([QPointF(index, by_hour[hour][1] / 60)
                                for index, hour in enumerate(span)
                                if hour in by_hour and by_hour[hour][1] > 0])
        self.limit_line.replace([QPointF(-0.5, limit_minutes),
                                 QPointF(len(span) - 0.5, limit_minutes)])
        most = max([issued for issued, _wait in by_hour.values()] or [0])
        self.count_axis.setRange(0, max(5, most + max(1, most // 5)))
        self.count_axis.applyNiceNumbers()
        longest = max([wait / 60 for _issued, wait in by_hour.values()] or [0.0])
        self.minutes_axis.setRange(0, max(limit_minutes * 1.25, longest * 1.15, 5))
        self.minutes_axis.applyNiceNumbers()
        self._fit_value_ticks()

    def _fit_value_ticks(self) -> None:
        """Three numbers up the side where the chart is low (1366×768), not five cut to "…"."""
        ticks = 3 if self.height() < LOW_HEIGHT else 5
        for axis in (self.count_axis, self.minutes_axis):
            if axis.tickCount() != ticks:
                axis.setTickCount(ticks)
