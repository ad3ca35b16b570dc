"""The one dialog of the cashier's desk: a hall manager authorises at this counter with their
own user name and password (a void, a shift difference), without signing the cashier out.

The dialog runs the action itself and stays open on a refusal, with everything typed kept and
the message beside the field that is wrong; it closes only when the action is done.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import HallDeskError
from ui.messages import error_text
from ui.widgets import set_problem

# (approver user name, password, reason, on_done, on_error): start the work, report back once.
Submit = Callable[[str, str, str, Callable[[object], None], Callable[[BaseException], None]],
                  None]


class ApprovalDialog(QDialog):
    """User name, password and (for a void) the reason; ``done_with`` carries the result."""

    def __init__(self, title: str, explanation: str, submit: Submit, *, ask_reason: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ApprovalDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.submit = submit
        self.result_value: object = None
        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("approval_reason")
        self.username = QLineEdit()
        self.username.setObjectName("approver_username")
        self.password = QLineEdit()
        self.password.setObjectName("approver_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("FieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        self.reason_label = QLabel(self.tr("&Reason"))
        self.reason_label.setBuddy(self.reason)
        if ask_reason:
            form.addRow(self.reason_label, self.reason)
        else:
            self.reason.hide()
            self.reason_label.hide()
        user_label = QLabel(self.tr("Manager's &user name"))
        user_label.setBuddy(self.username)
        password_label = QLabel(self.tr("Manager's &password"))
        password_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(password_label, self.password)
        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton(self.tr("Approve"))
        self.ok_button.setObjectName("PrimaryButton")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.on_approve)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        (self.reason if ask_reason else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def on_approve(self) -> None:
        self.message.hide()
        for field in (self.reason, self.username, self.password):
            set_problem(field, False)
        self.ok_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.submit(self.username.text().strip(), self.password.text(), self.reason.text(),
                    self.on_done, self.on_refused)

    def on_done(self, result: object) -> None:
        self.result_value = result
        self.password.clear()
        self.accept()

    def on_refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.message.setText(error_text(error))
        self.message.show()
        wrong = self.password
        if isinstance(error, HallDeskError):
            who = error.key in ("permission_denied", "account_disabled", "wrong_hall") or (
                error.key == "approval_required" and not self.username.text().strip())
            if error.field == "reason":
                wrong = self.reason
            elif who:
                wrong = self.username
        set_problem(wrong, True)
        wrong.setFocus()
        wrong.selectAll()
