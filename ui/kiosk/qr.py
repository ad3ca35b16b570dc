"""A QR code drawn by Qt: the kiosk shows it when a ticket could not be printed, so that the
customer can photograph the number.

The matrix comes from the ``qrcode`` package, which python-escpos already depends on for the
tickets' printed QR codes.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as scanners expect


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules (True: dark), quiet zone included; error correction level M."""
    import qrcode  # type: ignore[import-untyped]
    from qrcode.constants import ERROR_CORRECT_M  # type: ignore[import-untyped]

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return [[bool(module) for module in row] for row in code.get_matrix()]


class QrCodeView(QWidget):
    """Square, as large as it is given, on a white background; whole pixels per module."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QrCode")
        self.payload = ""
        self.matrix: list[list[bool]] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_payload(self, payload: str) -> None:
        self.payload = payload
        self.matrix = qr_matrix(payload) if payload else []
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.matrix:
            return
        painter = QPainter(self)
        count = len(self.matrix)
        side = min(self.width(), self.height())
        module = max(1, side // count)
        size = module * count
        left = (self.width() - size) // 2
        top = (self.height() - size) // 2
        painter.fillRect(QRect(left, top, size, size), QColor("#ffffff"))
        dark = QColor("#000000")
        for y, row in enumerate(self.matrix):
            for x, on in enumerate(row):
                if on:
                    painter.fillRect(left + x * module, top + y * module, module, module, dark)
