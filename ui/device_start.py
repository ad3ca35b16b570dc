"""How a kiosk or hall display starts: its server, its enrolment, its sign-in.

``start_device(settings, role, make_window)`` runs a device PC (``main.py kiosk`` /
``main.py display``). The device talks to the HallDesk server of ``[server] url``, or, by
default, to one it embeds on 127.0.0.1 over its database (as the counter does). Then:

- The first time, the full-screen **enrolment screen** asks for the device's number and the
  8-digit one-time code an administrator or the hall manager got when registering it
  (``main.py device add H01 kiosk 大厅1号机``). The code is exchanged once for the device's
  credential, which is kept in the OS keyring (``app/device_credential.py``) and signs the
  device in.
- Every later start signs in with the kept credential, silently.
- A credential the server refuses (the device was revoked, or the server never knew it) is
  forgotten and the enrolment screen comes back, saying why in a plain sentence. A PC without
  a usable keyring says that it cannot keep the credential (and enrols again at each start).

The API a device's screen uses (the kiosk's ``ui/kiosk/window.py``, the display's):

- ``start_device(settings, role, make_window)`` runs the PC until it is closed: the
  application, the full-screen shell (Esc leaves full screen, F11 goes back), the exit code.
- ``make_window(runner, actor) -> QWidget`` builds the device's screen once it is signed in;
  the shell puts it in its place, full screen, and closes it (``close()``: its
  ``closeEvent`` stops its timers and notices) at the end or when the device is refused. It
  starts its own work (reloads, ``LiveNotices(runner.client, actor.hall_id, ...)``) when made.
  ``runner.client`` is signed in as the device; ``actor`` is the device as enrolled (role and
  hall decided by the server); ``runner.run_api`` runs its named operations.
- The client signs in again by itself with the credential when a request finds its session
  ended or expired (12 hours) and sends the request again. A screen whose live notices say
  the session ended runs ``sign_in_again()`` (a named operation). A credential refused for
  good (revoked) closes the screen and brings back the enrolment screen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Literal

import httpx
from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import config, device_credential
from app.api.embedded import EmbeddedServer
from app.client import ServerClient, SignedIn
from app.config import Settings
from app.errors import HallDeskError
from app.services.context import Actor
from app.services.devices import CODE_DIGITS, DeviceCredential
from ui.kiosk.keypad import NumberPad
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import Work
from ui.ops import kiosk as kiosk_ops

log = logging.getLogger(__name__)

DeviceRole = Literal["kiosk", "display"]
MakeWindow = Callable[[OperationRunner, Actor], QWidget]
RETRY_MS = 5_000  # a server that does not answer is asked again this often
ENDED_KEYS = ("session_ended", "session_expired", "not_signed_in")
FORGET_RULES = ("revoked", "unknown")  # a credential refused for good
MAX_DEVICE_ID = 2**31 - 1
BACKGROUND = "#08162b"


class DeviceClient(ServerClient):
    """A device's client: when its session has ended (expired after 12 hours, or replaced)
    it signs in again with its credential and sends the request once more — the server
    refused it before running it. A credential refused for good is reported to
    ``on_refused`` (from a worker thread) and the refusal is raised."""

    def __init__(self, base_url: str, *, ca_file: str | None = None,
                 on_refused: Callable[[HallDeskError], None] | None = None) -> None:
        super().__init__(base_url, ca_file=ca_file)
        self.credential: str | None = None
        self.signed: SignedIn | None = None  # the latest sign-in
        self.on_refused = on_refused
        self._renewing = threading.Lock()

    def device_sign_in(self, credential: str) -> SignedIn:
        signed = super().device_sign_in(credential)
        self.signed = signed
        return signed

    def _post(self, path: str, body: Any, *, token: str | bool | None = True
              ) -> dict[str, Any]:
        if token is not True:
            return super()._post(path, body, token=token)
        used = self.token
        try:
            return super()._post(path, body)
        except HallDeskError as error:
            if error.key not in ENDED_KEYS or not self.renew(used):
                raise
        return super()._post(path, body)

    def renew(self, stale: str | None) -> bool:
        """Sign in again with the credential, unless another thread did so since the
        session of ``stale`` ended. False when there is no credential to do it with."""
        with self._renewing:
            if self.token is not None and self.token != stale:
                return True
            credential = self.credential
            if credential is None:
                return False
            try:
                self.device_sign_in(credential)
            except HallDeskError as error:
                if error.key == "device_refused" and error.params.get("rule") in FORGET_RULES:
                    self.credential = None
                    self.forget()
                    if self.on_refused is not None:
                        self.on_refused(error)
                raise
            log.info("device: signed in again with its credential")
        return True


def sign_in_again() -> Work[SignedIn]:
    """A named operation for a device's screen whose live notices said its session ended
    (``LiveNotices.session_ended``): a new session with the kept credential. When the
    credential is refused for good (revoked), the shell closes the screen and shows the
    enrolment screen; the operation then fails with that refusal."""

    def work(client: ServerClient) -> SignedIn:
        if not isinstance(client, DeviceClient):
            raise TypeError("sign_in_again needs the device's own client (start_device)")
        if not client.renew(client.token) or client.signed is None:
            raise HallDeskError("The device has no credential to sign in with.")
        return client.signed

    return work


class _Relay(QObject):
    refused = Signal(object)  # from a worker thread, delivered on the GUI thread


def _style(unit: int, portrait: bool = False) -> str:
    """The shell's look, sized from ``unit`` (the height of a landscape screen). On a
    portrait screen the pad's keys are given their height (under the form they are not
    stretched to the screen's)."""

    def px(share: float) -> int:
        return max(14, int(unit * share))

    key_height = px(0.15 if portrait else 0.075)

    return f"""
QWidget#DeviceShell {{ background: {BACKGROUND}; }}
QLabel#DeviceNote {{ color: #ffffff; font-size: {px(0.055)}px; font-weight: bold; }}
QLabel#DeviceDetail {{ color: #8fb3e8; font-size: {px(0.028)}px; }}
QLabel#EnrolHeading {{ color: #ffffff; font-size: {px(0.045)}px; font-weight: bold; }}
QLabel#EnrolIntro {{ color: #c9d6ea; font-size: {px(0.026)}px; }}
QLabel#EnrolReason {{ background: #fff1c2; color: #5c4200; font-size: {px(0.026)}px;
                      font-weight: bold; border-radius: 12px; padding: {px(0.01)}px; }}
QLabel#EnrolCaption {{ color: #ffffff; font-size: {px(0.028)}px; font-weight: bold; }}
QLineEdit#EnrolField {{ background: #ffffff; color: {BACKGROUND}; font-size: {px(0.05)}px;
                        font-weight: bold; border: 4px solid #8fb3e8; border-radius: 12px;
                        padding: 0 {px(0.015)}px; min-height: {px(0.07)}px; }}
QLineEdit#EnrolField:focus {{ border-color: #ffd34d; }}
QLineEdit#EnrolField[problem="true"] {{ border: 6px solid #ff5a4f; }}
QLabel#EnrolError {{ background: #ffe2e0; color: #7a0d0d; font-size: {px(0.026)}px;
                     font-weight: bold; border-radius: 12px; padding: {px(0.008)}px; }}
QPushButton#EnrolButton {{ background: #2e9e4f; color: #ffffff; border: none;
                           border-radius: 16px; font-size: {px(0.04)}px; font-weight: bold;
                           min-height: {px(0.075)}px; }}
QPushButton#EnrolButton:disabled {{ background: #42526a; color: #c9d1dc; }}
QWidget#EnrolmentPage QPushButton#DigitKey, QWidget#EnrolmentPage QPushButton#EditKey {{
    background: #ffffff; color: {BACKGROUND}; border: none; border-radius: 14px;
    font-size: {px(0.05)}px; font-weight: bold; min-height: {key_height}px; }}
QWidget#EnrolmentPage QPushButton#EditKey {{ background: #c9d6ea; font-size: {px(0.035)}px; }}
QWidget#EnrolmentPage QPushButton#DigitKey:pressed,
QWidget#EnrolmentPage QPushButton#EditKey:pressed {{ background: #ffd34d; }}
"""


def _set_problem(widget: QWidget, on: bool) -> None:
    widget.setProperty("problem", "true" if on else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class EnrolmentPage(QWidget):
    """The device's number and one-time code, large, for a keyboard or a finger: Enter goes
    from the number to the code and enrols; the pad types into the field that has focus."""

    submitted = Signal(int, str)

    def __init__(self, role: DeviceRole, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EnrolmentPage")
        self.role = role
        self.heading = self._label("EnrolHeading")
        self.intro = self._label("EnrolIntro")
        self.reason = self._label("EnrolReason")
        self.reason.hide()
        self.number_caption = self._label("EnrolCaption")
        self.number = self._field(r"[0-9]{0,10}")
        self.number_error = self._label("EnrolError")
        self.code_caption = self._label("EnrolCaption")
        self.code = self._field(r"[0-9 \-]{0,12}")
        self.code_error = self._label("EnrolError")
        for error in (self.number_error, self.code_error):
            error.hide()
        self.number_caption.setBuddy(self.number)
        self.code_caption.setBuddy(self.code)
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("EnrolButton")
        self.enrol_button.setAutoDefault(False)
        self.enrol_button.clicked.connect(lambda _checked=False: self.submit())
        self.number.returnPressed.connect(self.on_number_entered)
        self.code.returnPressed.connect(self.submit)
        self.number.textEdited.connect(lambda _t: self.clear_error(self.number))
        self.code.textEdited.connect(lambda _t: self.clear_error(self.code))
        self.pad = NumberPad()
        self.pad.digit.connect(self.on_digit)
        self.pad.backspace.connect(lambda: self.focused_field().backspace())
        self.pad.cleared.connect(self.on_pad_clear)
        self.pad.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        form = QVBoxLayout()
        form.setSpacing(6)
        form.addWidget(self.number_caption)
        form.addWidget(self.number)
        form.addWidget(self.number_error)
        form.addSpacing(4)
        form.addWidget(self.code_caption)
        form.addWidget(self.code)
        form.addWidget(self.code_error)
        form.addSpacing(8)
        form.addWidget(self.enrol_button)
        form.addStretch(1)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(36)
        self.body.addLayout(form, 3)
        self.body.addWidget(self.pad, 2)
        self.body.addStretch(0)  # portrait: the room left over goes below the pad
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addStretch(0)  # portrait: the page in the middle of the tall screen
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.reason)
        layout.addLayout(self.body, 1)
        layout.addStretch(0)
        self.page_layout = layout
        self.retranslate()

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _field(self, pattern: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName("EnrolField")
        field.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), field))
        field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return field

    def retranslate(self) -> None:
        if self.role == "kiosk":
            self.heading.setText(self.tr("Enrol this ticket kiosk"))
        else:
            self.heading.setText(self.tr("Enrol this hall display"))
        self.intro.setText(self.tr(
            "An administrator or the hall manager registers this device on the HallDesk "
            "server and is given its number and a one-time code, valid for 15 minutes. Type "
            "both here; the device then signs in by itself at every start."))
        self.number_caption.setText(self.tr("Device number"))
        self.code_caption.setText(self.tr("One-time code (8 digits)"))
        self.enrol_button.setText(self.tr("Enrol"))
        self.pad.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_portrait(self, portrait: bool) -> None:
        """Side by side on a landscape screen; on a portrait one the pad under the form, each
        as tall as it needs, and the page in the middle of the screen (not a band at its top
        over an empty half)."""
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                               else QBoxLayout.Direction.LeftToRight)
        for index, stretch in enumerate((0, 0, 1) if portrait else (3, 2, 0)):
            self.body.setStretch(index, stretch)
        last = self.page_layout.count() - 1
        self.page_layout.setStretch(0, 1 if portrait else 0)
        self.page_layout.setStretch(last - 1, 0 if portrait else 1)  # the body
        self.page_layout.setStretch(last, 1 if portrait else 0)

    def show_reason(self, text: str) -> None:
        self.reason.setText(text)
        self.reason.setVisible(bool(text))

    def focused_field(self) -> QLineEdit:
        return self.code if self.code.hasFocus() else self.number

    def focus_first(self) -> None:
        (self.code if self.number.text() and not self.code.text() else self.number).setFocus()

    def on_digit(self, digit: str) -> None:
        field = self.focused_field()
        field.insert(digit)
        self.clear_error(field)
        field.setFocus()

    def on_pad_clear(self) -> None:
        field = self.focused_field()
        field.clear()
        self.clear_error(field)
        field.setFocus()

    def on_number_entered(self) -> None:
        if self.number.text():
            self.code.setFocus()

    def submit(self) -> None:
        """Checked here first (a number, eight digits), then sent."""
        number = self.number.text().strip()
        code = "".join(ch for ch in self.code.text() if ch.isdigit())
        if not number or not 0 < int(number) <= MAX_DEVICE_ID:
            self.show_error(self.number, self.tr("Type the device number you were given."))
            return
        if len(code) != CODE_DIGITS:
            self.show_error(self.code, self.tr("The one-time code has 8 digits."))
            return
        self.submitted.emit(int(number), code)

    def show_error(self, field: QLineEdit, text: str) -> None:
        """The sentence under the field at fault (one at a time); what was typed stays."""
        self.clear_error(self.code if field is self.number else self.number)
        label = self.number_error if field is self.number else self.code_error
        label.setText(f"⚠ {text}")
        label.show()
        _set_problem(field, True)
        field.setFocus()

    def clear_error(self, field: QLineEdit) -> None:
        label = self.number_error if field is self.number else self.code_error
        if label.isVisible():
            label.hide()
            _set_problem(field, False)

    def show_refusal(self, error: BaseException) -> None:
        """The server's answer to the number and code, under the field at fault."""
        if not isinstance(error, HallDeskError) or error.key != "device_refused":
            if isinstance(error, HallDeskError) and error.key == "validation":
                self.show_error(self.number, self.tr("Type the device number you were given."))
            else:
                self.show_error(self.code, error_text(error))
            return
        number = self.number.text().strip()
        match error.params.get("rule"):
            case "wrong_code":
                self.show_error(self.code, self.tr(
                    "The code is wrong: check it and type it again. %1 more wrong tries and "
                    "it stops working.").replace("%1", str(error.params.get("remaining"))))
            case "void":
                self.show_error(self.code, self.tr(
                    "This code no longer works after five wrong tries: ask for a new code "
                    "for device %1.").replace("%1", number))
            case "expired":
                self.show_error(self.code, self.tr(
                    "This code has expired (a code lasts 15 minutes): ask for a new code for "
                    "device %1.").replace("%1", number))
            case "used":
                self.show_error(self.number, self.tr(
                    "Device %1 is enrolled already. To enrol this PC as that device, it has to "
                    "be revoked and registered anew.").replace("%1", number))
            case "revoked":
                self.show_error(self.number, self.tr(
                    "Device %1 was revoked: it has to be registered anew.").replace(
                    "%1", number))
            case _:
                self.show_error(self.number, self.tr(
                    "There is no device %1 waiting to be enrolled: check the number.").replace(
                    "%1", number))

    def set_busy(self, busy: bool) -> None:
        for widget in (self.number, self.code, self.enrol_button, self.pad):
            widget.setEnabled(not busy)
        if not busy:
            self.focus_first()


class DeviceShell(QWidget):
    """The device's full-screen window: a note while starting, the enrolment screen, or the
    device's own screen (``make_window``) once signed in."""

    def __init__(self, settings: Settings, role: DeviceRole, make_window: MakeWindow, *,
                 retry_ms: int = RETRY_MS) -> None:
        super().__init__()
        self.setObjectName("DeviceShell")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.settings = settings
        self.role = role
        self.make_window = make_window
        self.server_key = device_credential.server_of(settings)
        self.server: EmbeddedServer | None = None
        self.relay = _Relay(self)
        self.relay.refused.connect(self.on_refused_while_running)
        self.runner = OperationRunner(None, self)
        self.client: DeviceClient | None = None
        self.keyring_ok = True
        self.actor: Actor | None = None
        self.window_: QWidget | None = None
        self.sized_for: tuple[int, bool] = (0, False)
        self.closing = False

        self.note = QLabel()
        self.note.setObjectName("DeviceNote")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel()
        self.detail.setObjectName("DeviceDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note_page = QWidget()
        note_layout = QVBoxLayout(self.note_page)
        note_layout.addStretch(1)
        note_layout.addWidget(self.note)
        note_layout.addWidget(self.detail)
        note_layout.addStretch(1)
        self.enrolment = EnrolmentPage(role)
        self.enrolment.submitted.connect(self.on_enrol)
        self.enrolment_page = QWidget()
        enrol_layout = QHBoxLayout(self.enrolment_page)
        enrol_layout.setContentsMargins(40, 16, 40, 16)
        enrol_layout.addWidget(self.enrolment)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.note_page)
        self.pages.addWidget(self.enrolment_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(retry_ms)
        self.retry.timeout.connect(self.on_retry)
        self.setWindowTitle(self.tr("HallDesk ticket kiosk") if role == "kiosk"
                            else self.tr("HallDesk hall display"))
        self.show_note(self.tr("Starting…"))
        self._restyle()

    # --- texts and sizes ----------------------------------------------------------------------

    def paused_text(self) -> str:
        if self.role == "kiosk":
            return self.tr("Ticket issuing is paused. Please go to the service desk.")
        return self.tr("The hall display is waiting for the HallDesk server.")

    def show_note(self, text: str, detail: str = "") -> None:
        self.note.setText(text)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.pages.setCurrentWidget(self.note_page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def _restyle(self) -> None:
        width, height = self.width(), self.height()
        screen = self.screen()
        if screen is not None:
            width = min(width, screen.geometry().width())
            height = min(height, screen.geometry().height())
        unit = max(480, int(min(height, width * 0.75)))
        portrait = height > width
        if (unit, portrait) != self.sized_for:
            self.sized_for = (unit, portrait)
            self.setStyleSheet(_style(unit, portrait))
        self.enrolment.set_portrait(portrait)

    # --- the server ---------------------------------------------------------------------------

    def start(self) -> None:
        """The embedded server (or the named one), then the kept credential."""
        if self.settings.server_url:
            self._use_server(self.settings.server_url, self.settings.server_ca_file or None)
            return
        settings = self.settings

        def start_embedded() -> tuple[EmbeddedServer, str]:
            resolved = config.resolve_password(settings)  # a PostgreSQL password: keyring
            server = EmbeddedServer.for_settings(resolved, name=self.role)
            try:
                url = server.start()
            except BaseException:
                server.stop()
                raise
            return server, url

        def started(found: tuple[EmbeddedServer, str]) -> None:
            self.server, url = found
            self._use_server(url, None)

        self.runner.run(start_embedded, on_done=started, on_error=self.on_start_failed)

    def on_start_failed(self, error: BaseException) -> None:
        log.error("device: the embedded HallDesk server did not start: %s", error)
        self.show_note(self.paused_text(), error_text(error))
        self.retry.start()

    def on_retry(self) -> None:
        if self.client is None:
            self.start()
        else:
            self.sign_in()

    def _use_server(self, url: str, ca_file: str | None) -> None:
        self.client = DeviceClient(url, ca_file=ca_file, on_refused=self.relay.refused.emit)
        self.runner.client = self.client
        self.sign_in()

    # --- signing in ---------------------------------------------------------------------------

    def sign_in(self) -> None:
        """With the kept credential (read off the GUI thread: the keyring may be a system
        service), or the enrolment screen when there is none."""
        client = self.client
        if client is None or self.closing:
            return
        server, role = self.server_key, self.role

        def kept() -> tuple[bool, str | None]:
            if client.credential is not None:  # enrolled this run without a keyring
                return device_credential.available(), client.credential
            return device_credential.available(), device_credential.read(server, role)

        self.runner.run(kept, on_done=self.on_kept, on_error=self.on_keyring_failed)

    def on_keyring_failed(self, error: BaseException) -> None:
        log.error("device: the keyring could not be read: %r", error)
        self.keyring_ok = False
        self.show_enrolment("")

    def on_kept(self, found: tuple[bool, str | None]) -> None:
        self.keyring_ok, credential = found
        if credential is None:
            self.show_enrolment("")
            return
        self.runner.run_api(self._signing_in(credential), on_done=self.on_signed_in,
                            on_error=self.on_sign_in_failed)

    @staticmethod
    def _signing_in(credential: str) -> Callable[[ServerClient], SignedIn]:
        sign_in = kiosk_ops.device_sign_in(credential)

        def work(client: ServerClient) -> SignedIn:
            signed = sign_in(client)
            if isinstance(client, DeviceClient):
                client.credential = credential  # for signing in again after 12 hours
            return signed

        return work

    def on_sign_in_failed(self, error: BaseException) -> None:
        if isinstance(error, HallDeskError) and error.key == "device_refused" \
                and error.params.get("rule") in FORGET_RULES:
            log.warning("device: its credential was refused (%s); enrol again",
                        error.params.get("rule"))
            self.forget_credential()
            self.show_enrolment(self.refused_text(error))
            return
        log.warning("device: cannot sign in: %s", error)
        self.show_note(self.paused_text(), error_text(error))
        self.retry.start()

    def refused_text(self, error: HallDeskError) -> str:
        if error.params.get("rule") == "revoked":
            return self.tr("This device was revoked on the HallDesk server. It works again "
                           "once it is registered anew: enrol it with its new number and code.")
        return self.tr("The HallDesk server does not know this device's credential (it was "
                       "enrolled with another server, or removed). Enrol it again with a new "
                       "number and code.")

    def forget_credential(self) -> None:
        if self.client is not None:
            self.client.credential = None
            self.client.forget()
        server, role = self.server_key, self.role
        self.runner.run(lambda: device_credential.forget(server, role),
                        on_error=lambda e: log.error("device: credential not forgotten: %r", e))

    def on_signed_in(self, signed: SignedIn) -> None:
        if self.closing:
            return
        self.actor = signed.actor
        log.info("device: signed in as %s %s of hall %s", signed.actor.role,
                 signed.actor.username, signed.actor.hall_code)
        window = self.make_window(self.runner, signed.actor)
        self.window_ = window
        self.pages.addWidget(window)
        self.pages.setCurrentWidget(window)
        window.setFocus()

    # --- enrolment ----------------------------------------------------------------------------

    def show_enrolment(self, reason: str) -> None:
        texts = [reason] if reason else []
        if not self.keyring_ok:
            texts.append(self.tr(
                "This computer has no usable keyring, so the device cannot keep its "
                "credential: it works until it is closed and has to be enrolled again at its "
                "next start. Set up the system's keyring to avoid this."))
        self.enrolment.show_reason("\n\n".join(texts))
        self.enrolment.set_busy(False)
        self.pages.setCurrentWidget(self.enrolment_page)
        self.enrolment.focus_first()

    def on_enrol(self, device_id: int, code: str) -> None:
        server, role = self.server_key, self.role
        enrol = kiosk_ops.enrol_device(device_id, code)

        def work(client: ServerClient) -> tuple[DeviceCredential, bool]:
            got = enrol(client)
            try:
                device_credential.keep(server, role, got.credential)
            except device_credential.NoKeyring:
                log.warning("device %s enrolled; no keyring: its credential is kept in "
                            "memory only", got.device_id)
                return got, False
            return got, True

        self.enrolment.set_busy(True)
        self.runner.run_api(work, on_done=self.on_enrolled, on_error=self.on_enrol_failed)

    def on_enrolled(self, done: tuple[DeviceCredential, bool]) -> None:
        got, kept = done
        self.keyring_ok = kept
        log.info("device %s (%s, %s, hall %s) enrolled", got.device_id, got.name, got.role,
                 got.hall_code)
        if self.client is not None:
            self.client.credential = got.credential
        self.enrolment.number.clear()
        self.enrolment.code.clear()
        self.show_note(self.tr("Enrolled. Signing in…"))
        self.runner.run_api(self._signing_in(got.credential), on_done=self.on_signed_in,
                            on_error=self.on_sign_in_failed)

    def on_enrol_failed(self, error: BaseException) -> None:
        self.enrolment.set_busy(False)
        self.enrolment.show_refusal(error)

    # --- a credential refused while running ---------------------------------------------------

    def on_refused_while_running(self, error: object) -> None:
        """The device was revoked (or forgotten by the server) while its screen was up."""
        if self.closing or self.window_ is None or not isinstance(error, HallDeskError):
            return
        log.warning("device: refused while running (%s); back to enrolment",
                    error.params.get("rule"))
        self.close_window()
        self.forget_credential()
        self.show_enrolment(self.refused_text(error))

    def close_window(self) -> None:
        window, self.window_ = self.window_, None
        self.actor = None
        if window is not None:
            window.close()  # its closeEvent stops its timers and notices
            self.pages.removeWidget(window)
            window.deleteLater()

    # --- the end ------------------------------------------------------------------------------

    def shutdown(self, wait_ms: int = 15000) -> None:
        """At the program's end (and a test's): the device's screen, the work still running
        (a ticket being printed is finished), its session, the embedded server."""
        self.closing = True
        self.retry.stop()
        self.close_window()
        self.runner.wait(wait_ms)
        client = self.client
        if client is not None:
            if client.token is not None:
                try:
                    client.sign_out(closed=True)
                except (HallDeskError, httpx.HTTPError) as error:
                    log.info("device: session not ended at close: %s", error)
            client.close()
        if self.server is not None:
            self.server.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_window()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape leaves full screen (a technician at the device), F11 goes back."""
        if event.key() == Qt.Key.Key_Escape:
            self.showNormal()
        elif event.key() == Qt.Key.Key_F11:
            self.showFullScreen()
        else:
            super().keyPressEvent(event)


def start_device(settings: Settings, role: DeviceRole, make_window: MakeWindow) -> int:
    """Run a kiosk or hall display PC until it is closed; the exit code."""
    from ui.app import create_application

    app = create_application(settings.language)
    shell = DeviceShell(settings, role, make_window)
    shell.showFullScreen()
    screen = shell.screen()
    if screen is not None:  # without a window manager full screen is only a wish
        shell.setGeometry(screen.geometry())
    QTimer.singleShot(0, shell.start)
    code = app.exec()
    shell.shutdown()
    return int(code)
