"""Login at a counter: hall and window, user name, password; nothing typed is ever lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DatabaseAuthFailed, HallDeskError, SchemaOutdated
from app.services.staff import HallInfo
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import session as session_ops
from ui.widgets import show_status

if TYPE_CHECKING:
    from app.client import SignedIn
    from app.services.queueing import Takeover


class LoginDialog(QDialog):
    """Emits ``logged_in`` with the Actor (``took_over`` then says whether the window was taken
    over from someone); asks for a DB password via ``db_password_needed``."""

    logged_in = Signal(object)
    db_password_needed = Signal(object)  # the DatabaseAuthFailed
    language_changed = Signal(str)

    def __init__(self, runner: OperationRunner, *, hall_code: str = "",
                 window_number: int | None = None, language: str = "zh_CN",
                 named_server: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginDialog")
        self.named_server = named_server  # [server] url: the server is what it connects to
        self.runner = runner
        self.wanted_hall = hall_code
        self.wanted_window = window_number
        self.halls: list[HallInfo] = []
        self.schema_ok = False
        self.took_over: Takeover | None = None

        self.title = QLabel()
        self.title.setObjectName("LoginTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("LoginSubtitle")
        self.hall_box = QComboBox()
        self.window_box = QComboBox()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(40)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("ErrorMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.status = QLabel()
        self.status.setObjectName("ConnectionStatus")
        self.login_button = QPushButton()
        self.login_button.setObjectName("PrimaryButton")
        self.login_button.setDefault(True)
        self.language_box = QComboBox()
        self.language_box.addItem("中文", "zh_CN")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setVerticalSpacing(12)
        self.labels = [QLabel() for _ in range(4)]
        for label, field in zip(self.labels, (self.hall_box, self.window_box, self.username,
                                              self.password), strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)

        panel = QFrame()
        panel.setObjectName("LoginPanel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(32, 28, 32, 24)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addLayout(self.form)
        inner.addWidget(self.message)
        inner.addWidget(self.login_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.language_box)
        inner.addLayout(bottom)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(panel)
        # Always exactly as tall as its content: a message that comes and goes leaves no gap.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

        self.login_button.clicked.connect(self.on_login)
        self.password.returnPressed.connect(self.on_login)
        self.username.returnPressed.connect(self.password.setFocus)
        self.hall_box.currentIndexChanged.connect(self.on_hall_changed)
        self.language_box.currentIndexChanged.connect(self.on_language_selected)
        self.username.textEdited.connect(self.clear_message)
        self.password.textEdited.connect(self.clear_message)
        self._connection: BaseException | str = "connecting"
        panel.setFixedWidth(500)  # messages wrap instead of widening the dialog
        self.retranslate()
        self.username.setFocus()

    # --- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("HallDesk — sign in"))
        self.title.setText(self.tr("HallDesk service hall counter"))
        self.subtitle.setText(self.tr("Gas and heating customer service"))
        for label, text in zip(self.labels, (self.tr("&Hall"), self.tr("&Window"),
                                             self.tr("&User name"), self.tr("&Password")),
                               strict=True):
            label.setText(text)
        self.username.setPlaceholderText(self.tr("e.g. lina"))
        self.login_button.setText(self.tr("Sign in (Enter)"))
        self.login_button.setShortcut(QKeySequence(Qt.Key.Key_Return))
        if self.hall_box.count():
            self.hall_box.setItemText(0, self.tr("(none: administrators)"))
        self._fill_windows()
        self._show_connection()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def on_language_selected(self) -> None:
        self.language_changed.emit(str(self.language_box.currentData()))

    # --- loading halls -----------------------------------------------------------------------

    def load(self) -> None:
        """Fetch halls and windows from the server in the background (it checks its
        database's schema on the way)."""
        self.runner.run_api(session_ops.halls(), on_done=self.on_halls,
                            on_error=self.on_load_error)

    def on_halls(self, halls: list[HallInfo]) -> None:
        self.schema_ok = True
        self.halls = halls
        self._connection = "connected"
        self._show_connection()
        current = self.hall_box.currentData() or self.wanted_hall
        if not current and halls:
            current = halls[0].code
        self.hall_box.blockSignals(True)
        self.hall_box.clear()
        self.hall_box.addItem(self.tr("(none: administrators)"), "")
        for hall in halls:
            self.hall_box.addItem(f"{hall.name} ({hall.code})", hall.code)
        index = self.hall_box.findData(current)
        self.hall_box.setCurrentIndex(max(index, 0))
        self.hall_box.blockSignals(False)
        self._fill_windows()
        if not halls:
            self.show_message(self.tr("No hall is set up yet. An administrator must create one "
                                      "(main.py create-hall) or load the demo data."))

    def on_load_error(self, error: BaseException) -> None:
        if isinstance(error, DatabaseAuthFailed):
            self.db_password_needed.emit(error)
        if isinstance(error, SchemaOutdated):
            self.login_button.setEnabled(False)
        self._connection = error
        self._show_connection()

    def _show_connection(self) -> None:
        """The status line, in the current language (it is re-rendered on a language switch)."""
        if isinstance(self._connection, BaseException):
            self.set_connection_text(error_text(self._connection), problem=True)
        elif self._connection == "connected":
            self.set_connection_text(self.tr("Server connected") if self.named_server
                                     else self.tr("Database connected"))
        else:
            self.set_connection_text(self.tr("Connecting to the server…") if self.named_server
                                     else self.tr("Connecting to the database…"))

    def on_hall_changed(self) -> None:
        self._fill_windows()

    def _fill_windows(self) -> None:
        code = self.hall_box.currentData()
        hall = next((h for h in self.halls if h.code == code), None)
        current = self.window_box.currentData() or self.wanted_window
        self.window_box.clear()
        self.window_box.addItem(self.tr("(none: back office)"), None)
        for window in hall.windows if hall else ():
            if window.active:
                self.window_box.addItem(self.tr("Window %1").replace("%1", str(window.number)),
                                        window.number)
        index = self.window_box.findData(current)
        self.window_box.setCurrentIndex(index if index >= 0 else 0)
        self.window_box.setEnabled(hall is not None)

    # --- signing in --------------------------------------------------------------------------

    def on_login(self) -> None:
        if not self.login_button.isEnabled():
            return
        username = self.username.text()
        password = self.password.text()
        hall_code = str(self.hall_box.currentData() or "")
        window = self.window_box.currentData()
        window_number = int(window) if window is not None else None
        self.clear_message()
        self.login_button.setText(self.tr("Signing in…"))
        self.runner.run_api(session_ops.sign_in(username, password, hall_code, window_number),
                            on_done=self.on_logged_in, on_error=self.on_login_failed,
                            busy=[self.login_button, self.username, self.password,
                                  self.hall_box, self.window_box])

    def on_logged_in(self, result: SignedIn) -> None:
        self.retranslate()
        self.password.clear()
        self.took_over = result.took_over  # read by whoever opens the workspace
        self.logged_in.emit(result.actor)
        self.accept()

    def on_login_failed(self, error: BaseException) -> None:
        self.retranslate()
        self.show_message(error_text(error))
        if isinstance(error, DatabaseAuthFailed):
            self.db_password_needed.emit(error)
        field = error.field if isinstance(error, HallDeskError) else None
        if field == "username":
            self.username.setFocus()
        else:
            self.password.setFocus()
            self.password.selectAll()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def clear_message(self) -> None:
        self.message.hide()

    def set_connection_text(self, text: str, *, problem: bool = False) -> None:
        show_status(self.status, text, problem=problem)


class DatabasePasswordDialog(QDialog):
    """Asked only when the database needs a password that no keyring holds."""

    def __init__(self, user: str, server: str, *, keyring_available: bool,
                 message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database password"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The database %1 needs the password of user %2.")
                       .replace("%1", server).replace("%2", user))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if message:
            error = QLabel(message)
            error.setObjectName("ErrorMessage")
            error.setWordWrap(True)
            layout.addWidget(error)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        from PySide6.QtWidgets import QCheckBox, QDialogButtonBox

        self.remember = QCheckBox(self.tr("Keep it in the system keyring"))
        self.remember.setEnabled(keyring_available)
        self.remember.setChecked(keyring_available)
        if not keyring_available:
            self.remember.setToolTip(self.tr("No system keyring on this computer: the password "
                                             "is kept in memory until the program closes."))
            note = QLabel(self.remember.toolTip())
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()
