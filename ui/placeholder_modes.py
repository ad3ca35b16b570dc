"""The hall display and kiosk modes: their screens arrive with the queue release.

Until then the mode opens a plain full-screen window that says so, with the hall and a clock,
so that a display PC can already be installed and pointed at its hall.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.config import Settings


class PlannedModeWindow(QWidget):
    def __init__(self, mode: str, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("PlannedMode")
        self.setStyleSheet("QWidget#PlannedMode { background: #0b1a2e; } "
                           "QLabel { color: #ffffff; }")
        names = {
            "display": self.tr("Hall display"),
            "kiosk": self.tr("Ticket kiosk"),
        }
        self.setWindowTitle(f"HallDesk — {names[mode]}")
        title = QLabel(names[mode])
        title.setStyleSheet("font-size: 48px; font-weight: bold;")
        hall = QLabel(self.tr("Hall %1").replace("%1", settings.hall or "-"))
        hall.setStyleSheet("font-size: 28px;")
        self.clock = QLabel()
        self.clock.setStyleSheet("font-size: 40px; color: #ffd34d;")
        note = QLabel(self.tr("Calling numbers arrives with the queue release."))
        note.setStyleSheet("font-size: 24px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 60)
        for widget in (title, hall, self.clock, note):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(1000)
        self.tick()

    def tick(self) -> None:
        self.clock.setText(QDateTime.currentDateTime().toString("yyyy-MM-dd HH:mm:ss"))


def run_placeholder_mode(mode: str, settings: Settings) -> int:
    from ui.app import create_application

    app = create_application(settings.language)
    window = PlannedModeWindow(mode, settings)
    window.showFullScreen()
    return int(app.exec())
