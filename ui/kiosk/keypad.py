"""The kiosk's on-screen number pad: big keys for a finger, no system keyboard needed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget


class NumberPad(QWidget):
    """Digits 1–9 and 0, "clear" and "delete"; it only reports the keys pressed."""

    digit = Signal(str)
    backspace = Signal()
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NumberPad")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.keys: dict[str, QPushButton] = {}
        for index, label in enumerate("123456789"):
            self.keys[label] = self._key(label, "DigitKey")
            layout.addWidget(self.keys[label], index // 3, index % 3)
        self.clear_key = self._key("", "EditKey")
        self.keys["0"] = self._key("0", "DigitKey")
        self.delete_key = self._key("⌫", "EditKey")
        layout.addWidget(self.clear_key, 3, 0)
        layout.addWidget(self.keys["0"], 3, 1)
        layout.addWidget(self.delete_key, 3, 2)
        for number, key in self.keys.items():
            key.clicked.connect(lambda _=False, n=number: self.digit.emit(n))
        self.clear_key.clicked.connect(self.cleared.emit)
        self.delete_key.clicked.connect(self.backspace.emit)
        self.retranslate()

    def _key(self, text: str, name: str) -> QPushButton:
        key = QPushButton(text, self)
        key.setObjectName(name)
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return key

    def retranslate(self) -> None:
        self.clear_key.setText(self.tr("Clear"))
        self.delete_key.setAccessibleName(self.tr("Delete"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
