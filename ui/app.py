"""The QApplication every mode shares: fonts, style sheet, translations."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ui import i18n

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
STYLES = RESOURCES / "styles"
UI_FONTS = ["Noto Sans CJK SC", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
            "Source Han Sans SC", "WenQuanYi Micro Hei", "sans-serif"]


def create_application(language: str, *, style: str = "counter") -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("HallDesk")
    app.setOrganizationName("HallDesk")
    app.setStyle("Fusion")  # the same look on every counter PC, whatever its OS theme
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPixelSize(15)
    app.setFont(font)
    sheet = STYLES / f"{style}.qss"
    if sheet.exists():
        # Style sheets resolve url() against the working directory: make paths absolute.
        app.setStyleSheet(sheet.read_text(encoding="utf-8").replace(
            "@RESOURCES@", RESOURCES.as_posix()))
    i18n.install(language)
    return app
