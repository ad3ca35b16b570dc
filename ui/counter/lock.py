"""The counter locks itself when idle; the workspace underneath keeps everything as it was."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import AuthenticationFailed
from app.services.context import Actor
from ui.messages import error_text, role_name
from ui.operations import OperationRunner
from ui.ops import session as session_ops

ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard, mouse or touch input (0 = never)."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.enabled = minutes > 0
        self.timer.setInterval(int(minutes * 60000))
        self.restart()

    def restart(self) -> None:
        if self.enabled:
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()


class LockOverlay(QWidget):
    """An opaque cover over the whole window: customer data is hidden, nothing is destroyed."""

    unlocked = Signal()
    sign_out = Signal()

    def __init__(self, runner: OperationRunner, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("LockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.host = parent
        self.runner = runner
        self.actor = actor
        self.title = QLabel()
        self.title.setObjectName("LockTitle")
        self.who = QLabel()
        self.who.setObjectName("LockWho")
        self.password = QLineEdit()
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(280)
        self.message = QLabel()
        self.message.setObjectName("ErrorMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("PrimaryButton")
        self.switch_button = QPushButton()

        panel = QFrame()
        panel.setObjectName("LockPanel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(36, 28, 36, 28)
        inner.setSpacing(12)
        for widget in (self.title, self.who, self.password, self.message):
            inner.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.unlock_button.clicked.connect(self.on_unlock)
        self.password.returnPressed.connect(self.on_unlock)
        self.switch_button.clicked.connect(self.sign_out)
        parent.installEventFilter(self)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Screen locked"))
        self.who.setText(self.tr("%1 (%2): enter your password to continue")
                         .replace("%1", self.actor.display_name)
                         .replace("%2", role_name(self.actor.role)))
        self.unlock_button.setText(self.tr("Unlock (Enter)"))
        self.switch_button.setText(self.tr("Sign out"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
        return False

    def lock(self) -> None:
        # The server refuses this session's requests until the password is given again, so
        # a screen left unattended is locked where it matters, not only on the glass.
        self.runner.run_api(session_ops.lock(), on_error=lambda _e: None)
        self.setGeometry(self.host.rect())
        self.password.clear()
        self.message.hide()
        self.show()
        self.raise_()
        self.password.setFocus()

    @property
    def locked(self) -> bool:
        return self.isVisible()

    def on_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        password = self.password.text()
        self.runner.run_api(session_ops.unlock(password), on_done=self.on_unlocked,
                            on_error=self.on_failed, busy=[self.unlock_button, self.password])

    def on_unlocked(self, _: object) -> None:
        self.hide()
        self.password.clear()
        self.unlocked.emit()

    def on_failed(self, error: BaseException) -> None:
        if isinstance(error, AuthenticationFailed):
            # There is no user name to get wrong here: say what is wrong and what is left.
            text = self.tr("Wrong password. %1 more wrong attempt(s) lock the account.").replace(
                "%1", str(error.params.get("remaining", "")))
        else:
            text = error_text(error)
        self.message.setText(text)
        self.message.show()
        self.password.selectAll()
        self.password.setFocus()
        # Locked out (AccountLocked): the message says until when; Unlock stays available,
        # since a hall manager may lift the lock earlier and the screen behind must survive.
