"""The ticket kiosk (取号机): a full-screen touch screen by the hall's entrance.

Start screen: one big button per service with how many wait; a priority button that asks
why (老年人 / 残疾人 / 军人 / 孕妇); an optional account or phone number on a large number pad.
Touching a service takes a number; the number is shown very large for ten seconds while the
ticket prints, then the kiosk goes back to the start screen by itself (or at a touch).

When the printer fails (or the PC has none), the number stays on screen with a QR code to
photograph, and the ticket is recorded as not printed; the customer reads nothing alarming.
Waiting counts follow the hall's change notices. Without the server (or its database) the
buttons are off and a calm banner sends people to the service desk; the kiosk recovers by
itself.

The kiosk is an enrolled device of its hall: ``ui/device_start.py`` starts it (enrolment, the
credential in the keyring, the device's sign-in) and hands ``KioskWindow`` a runner signed in
as the kiosk. Every use of the queue goes through the server (``ui/ops/kiosk.py``); the ticket
is printed here.

Privacy: nothing personal is ever read back. The digits being typed are shown on the pad
(the customer checks them); afterwards only the account's last four digits appear, and a
phone number not at all. Abandoned input is cleared after ``idle_ms``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import events
from app.config import Settings
from app.errors import HallDeskError, ValidationError
from app.services.context import Actor
from app.services.queueing import QueueStatus, ServiceQueue, TicketInfo
from printing.documents import mask_account
from printing.escpos import PrinterSettings, PrinterUnavailable
from ui.counter.queue_panel import PRIORITY_REASONS
from ui.kiosk.keypad import NumberPad
from ui.kiosk.qr import QrCodeView
from ui.kiosk.ticket_printer import PrintOutcome, issued_local, print_ticket, qr_payload
from ui.live import LiveNotices, Reloader
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import kiosk as kiosk_ops

log = logging.getLogger(__name__)

RETURN_MS = 10_000  # the number stays on screen this long, then the start screen is back
IDLE_MS = 45_000  # a half-finished entry (priority, digits) is cleared after this long
OFFLINE_RETRY_MS = 3_000  # while the server or its database is away, try again this often
OFFLINE_KEYS = ("server_unavailable", "db_unavailable", "db_auth_failed")
DEFAULT_ZONE = "Asia/Shanghai"
NUMBER_FIELDS = ("account_no", "phone")
MAX_DIGITS = {"account_no": 20, "phone": 12}

BACKGROUND = "#08162b"


def _style(h: int, code_px: int | None = None) -> str:
    """The kiosk's look, sized from ``h`` (the height of a landscape screen; see
    ``KioskScreen.sizes``): touch targets and type grow with the screen. ``code_px`` is the
    ticket number's size, at least 15 % of the real screen's height."""

    def px(share: float) -> int:
        return max(14, int(h * share))

    return f"""
QWidget#KioskScreen, QWidget#KioskWindow {{ background: {BACKGROUND}; }}
QLabel {{ color: #ffffff; font-size: {px(0.03)}px; }}
QLabel#KioskHall {{ font-size: {px(0.045)}px; font-weight: bold; }}
QLabel#KioskClock {{ font-size: {px(0.045)}px; color: #ffd34d; }}
QLabel#KioskHeading {{ font-size: {px(0.045)}px; font-weight: bold; }}
QLabel#KioskBanner {{ background: #ffd34d; color: {BACKGROUND}; font-size: {px(0.05)}px;
                      font-weight: bold; border-radius: 16px; padding: {px(0.02)}px; }}
QLabel#KioskMessage {{ background: #fff1c2; color: #5c4200; font-size: {px(0.035)}px;
                       font-weight: bold; border-radius: 12px; padding: {px(0.012)}px; }}
QPushButton#ServiceButton {{ background: #123a6b; border: 3px solid #4f7fc4;
                             border-radius: 22px; }}
QPushButton#ServiceButton:pressed {{ background: #1d5fbf; }}
QPushButton#ServiceButton:disabled {{ background: #0f1d30; border: 3px dashed #42526a; }}
QLabel#ServicePrefix {{ background: #ffd34d; color: {BACKGROUND}; font-size: {px(0.09)}px;
                        font-weight: bold; border-radius: 16px;
                        padding: 0 {px(0.025)}px; }}
QLabel#ServicePrefix:disabled {{ background: #42526a; color: #c9d1dc; }}
QLabel#ServiceName {{ font-size: {px(0.065)}px; font-weight: bold; }}
QLabel#ServiceDetail {{ font-size: {px(0.042)}px; color: #ffd34d; }}
QLabel#ServiceName:disabled {{ color: #9aa7b8; }}
QLabel#ServiceDetail:disabled {{ color: #c9d1dc; }}
QPushButton#OptionButton {{ background: #0f2747; color: #ffffff; border: 3px solid #8fb3e8;
                            border-radius: 18px; font-size: {px(0.034)}px;
                            padding: {px(0.012)}px {px(0.02)}px; min-height: {px(0.1)}px; }}
QPushButton#OptionButton[active="true"] {{ background: #ffd34d; color: {BACKGROUND};
                                           border-color: #ffd34d; font-weight: bold; }}
QPushButton#OptionButton:disabled {{ color: #9aa7b8; border-color: #42526a; }}
QPushButton#ReasonButton {{ background: #123a6b; color: #ffffff; border: 3px solid #4f7fc4;
                            border-radius: 22px; font-size: {px(0.06)}px;
                            font-weight: bold; }}
QPushButton#ReasonButton:pressed {{ background: #ffd34d; color: {BACKGROUND}; }}
QPushButton#FieldTab {{ background: #0f2747; color: #ffffff; border: 3px solid #8fb3e8;
                        border-radius: 14px; font-size: {px(0.04)}px;
                        min-height: {px(0.085)}px; padding: 0 {px(0.02)}px; }}
QPushButton#FieldTab:checked {{ background: #ffffff; color: {BACKGROUND};
                                font-weight: bold; border-color: #ffffff; }}
QLabel#NumberField {{ background: #ffffff; color: {BACKGROUND}; font-size: {px(0.07)}px;
                      font-weight: bold; border: 4px solid #8fb3e8; border-radius: 14px;
                      padding: 0 {px(0.02)}px; min-height: {px(0.11)}px; }}
QLabel#NumberField[problem="true"] {{ border: 6px solid #ff5a4f; }}
QLabel#FieldError {{ background: #ffe2e0; color: #7a0d0d; font-size: {px(0.034)}px;
                     font-weight: bold; border-radius: 12px; padding: {px(0.012)}px; }}
QLabel#KioskHint {{ color: #c9d6ea; font-size: {px(0.03)}px; }}
QPushButton#DigitKey, QPushButton#EditKey {{ background: #ffffff; color: {BACKGROUND};
                             border: none; border-radius: 16px; font-size: {px(0.065)}px;
                             font-weight: bold; min-height: {px(0.1)}px; }}
QPushButton#EditKey {{ background: #c9d6ea; font-size: {px(0.045)}px; }}
QPushButton#DigitKey:pressed, QPushButton#EditKey:pressed {{ background: #ffd34d; }}
QPushButton#ConfirmButton {{ background: #2e9e4f; color: #ffffff; border: none;
                             border-radius: 18px; font-size: {px(0.045)}px;
                             font-weight: bold; min-height: {px(0.1)}px; }}
QPushButton#ConfirmButton:disabled {{ background: #42526a; color: #c9d1dc; }}
QPushButton#BackButton {{ background: transparent; color: #ffffff; border: 3px solid #8fb3e8;
                          border-radius: 18px; font-size: {px(0.035)}px;
                          min-height: {px(0.1)}px; min-width: {px(0.25)}px;
                          padding: 0 {px(0.025)}px; }}
QPushButton#BackButton:disabled {{ color: #9aa7b8; border-color: #42526a; }}
QLabel#ResultCaption {{ font-size: {px(0.045)}px; color: #c9d6ea; }}
QLabel#ResultCode {{ font-size: {code_px or px(0.26)}px; font-weight: bold; color: #ffd34d; }}
QLabel#ResultService {{ font-size: {px(0.065)}px; font-weight: bold; }}
QLabel#ResultPriority {{ background: #ffd34d; color: {BACKGROUND}; font-size: {px(0.045)}px;
                         font-weight: bold; border-radius: 10px; padding: 0 {px(0.015)}px; }}
QLabel#ResultAhead {{ font-size: {px(0.055)}px; }}
QLabel#ResultDetail {{ font-size: {px(0.035)}px; color: #c9d6ea; }}
QLabel#ResultStatus {{ font-size: {px(0.045)}px; font-weight: bold; }}
QLabel#PhotoHint {{ font-size: {px(0.042)}px; font-weight: bold; color: #ffffff; }}
"""


def _set_flag(widget: QWidget, name: str, on: bool) -> None:
    """A style-sheet property ([active="true"], [problem="true"]) that changes at run time."""
    widget.setProperty(name, "true" if on else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def grouped(digits: str, field: str) -> str:
    """Digits in groups as people read them: 138 1234 5678 (phone), 1002 0030 04 (account)."""
    if field == "phone" and digits.startswith("1"):
        return " ".join(part for part in (digits[:3], digits[3:7], digits[7:]) if part)
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def service_columns(count: int, landscape: bool) -> int:
    if landscape:
        return count if count <= 3 else 2 if count == 4 else 3
    return 1 if count <= 4 else 2


class ServiceButton(QPushButton):
    """One service: its letter, its name, and how many wait (or why it issues no numbers)."""

    def __init__(self, service_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ServiceButton")
        self.service_id = service_id
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.prefix_label = QLabel()
        self.prefix_label.setObjectName("ServicePrefix")
        self.name_label = QLabel()
        self.name_label.setObjectName("ServiceName")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("ServiceDetail")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addStretch(1)
        for label in (self.prefix_label, self.name_label, self.detail_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(label is not self.prefix_label)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def show_service(self, service: ServiceQueue, detail: str, can_issue: bool) -> None:
        self.prefix_label.setText(service.prefix)
        self.name_label.setText(service.name)
        self.detail_label.setText(detail)
        self.setEnabled(can_issue)
        self.setAccessibleName(f"{service.prefix} {service.name} {detail}")


class ResultPage(QWidget):
    """The number just taken; a touch anywhere on it asks to go back."""

    touched = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.touched.emit()
        event.accept()


class KioskScreen(QWidget):
    """One hall's kiosk. ``printer`` None: no printer here, numbers are shown with a QR code."""

    def __init__(self, runner: OperationRunner, actor: Actor, *, zone: ZoneInfo,
                 printer: PrinterSettings | None, notices: LiveNotices | None = None,
                 return_ms: int = RETURN_MS, idle_ms: int = IDLE_MS,
                 retry_ms: int = OFFLINE_RETRY_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setWindowTitle(self.tr("HallDesk ticket kiosk"))
        self.runner = runner
        self.actor = actor
        self.zone = zone
        self.printer = printer
        self.status: QueueStatus | None = None
        self.offline = False
        self.issuing = False
        self.printing = False
        self.priority_reason = ""
        self.numbers = dict.fromkeys(NUMBER_FIELDS, "")
        self.field = "account_no"
        self.field_error: tuple[str, str] | None = None  # (field, message) until edited
        self.pending_service: int | None = None  # taken once the number pad is fixed
        self.ticket: TicketInfo | None = None
        self.printed: bool | None = None  # None while printing
        self.service_buttons: dict[int, ServiceButton] = {}
        self.columns = 0
        self.sized_for: tuple[int, int, bool] = (0, 0, False)

        # --- top band: hall and clock -----------------------------------------------------
        self.hall_label = QLabel(actor.hall_name or actor.hall_code)
        self.hall_label.setObjectName("KioskHall")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("KioskClock")
        top = QHBoxLayout()
        top.addWidget(self.hall_label)
        top.addStretch(1)
        top.addWidget(self.clock_label)

        self.pages = QStackedWidget()
        self.start_page = self._build_start_page()
        self.priority_page = self._build_priority_page()
        self.keypad_page = self._build_keypad_page()
        self.result_page = self._build_result_page()
        for page in (self.start_page, self.priority_page, self.keypad_page, self.result_page):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 28)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.clock = QTimer(self)
        self.clock.timeout.connect(self.tick)
        self.clock.start(1000)
        self.return_timer = QTimer(self)
        self.return_timer.setSingleShot(True)
        self.return_timer.setInterval(return_ms)
        self.return_timer.timeout.connect(self.reset_to_start)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self.on_idle)
        self.message_timer = QTimer(self)
        self.message_timer.setSingleShot(True)
        self.message_timer.setInterval(max(return_ms, 5000))
        self.message_timer.timeout.connect(self.message.hide)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(retry_ms)
        self.retry_timer.timeout.connect(self.reload)
        self.reloader: Reloader[QueueStatus] = Reloader(
            runner, kiosk_ops.queue_status(), self.on_status, self.on_failed, self)
        self.notices = notices
        if notices is not None:
            notices.changed.connect(self.on_notice)
        self.retranslate()
        self.tick()
        self._restyle()

    # --- building the pages -------------------------------------------------------------------

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: slot())  # not clicked's bool
        return button

    def _label(self, name: str, *, center: bool = False, wrap: bool = True) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(wrap)
        if center:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _build_start_page(self) -> QWidget:
        page = QWidget()
        self.banner = self._label("KioskBanner", center=True)
        self.banner.hide()
        self.heading = self._label("KioskHeading", center=True)
        self.services_box = QWidget()
        self.services_grid = QGridLayout(self.services_box)
        self.services_grid.setContentsMargins(0, 0, 0, 0)
        self.services_grid.setSpacing(24)
        self.message = self._label("KioskMessage", center=True)
        self.message.hide()
        self.priority_button = self._button("OptionButton", self.on_priority_button)
        self.number_button = self._button("OptionButton", self.on_number_button)
        for button in (self.priority_button, self.number_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        options = QHBoxLayout()
        options.setSpacing(24)
        options.addWidget(self.priority_button, 1)
        options.addWidget(self.number_button, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        layout.addWidget(self.banner)
        layout.addWidget(self.heading)
        layout.addWidget(self.services_box, 1)
        layout.addWidget(self.message)
        layout.addLayout(options)
        return page

    def _build_priority_page(self) -> QWidget:
        page = QWidget()
        self.priority_heading = self._label("KioskHeading", center=True)
        self.priority_note = self._label("KioskHint", center=True)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.reason_buttons: dict[str, QPushButton] = {}
        for index, reason in enumerate(PRIORITY_REASONS):
            button = self._button("ReasonButton", partial(self.on_reason, reason))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.reason_buttons[reason] = button
            grid.addWidget(button, index // 2, index % 2)
        self.priority_back = self._button("BackButton", self.on_priority_back)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        layout.addWidget(self.priority_heading)
        layout.addWidget(self.priority_note)
        layout.addLayout(grid, 1)
        layout.addWidget(self.priority_back, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _build_keypad_page(self) -> QWidget:
        page = QWidget()
        self.keypad_heading = self._label("KioskHeading", center=True)
        self.field_tabs: dict[str, QPushButton] = {}
        tabs = QHBoxLayout()
        tabs.setSpacing(16)
        for field in NUMBER_FIELDS:
            tab = self._button("FieldTab", partial(self.on_field_tab, field))
            tab.setCheckable(True)
            tab.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.field_tabs[field] = tab
            tabs.addWidget(tab, 1)
        self.number_field = self._label("NumberField", wrap=False)
        self.number_field.setAlignment(Qt.AlignmentFlag.AlignVCenter
                                       | Qt.AlignmentFlag.AlignLeft)
        self.error_label = self._label("FieldError")
        self.error_label.hide()
        self.keypad_hint = self._label("KioskHint")
        self.keypad_ok = self._button("ConfirmButton", self.on_keypad_ok)
        self.keypad_skip = self._button("BackButton", self.on_keypad_skip)
        actions = QHBoxLayout()
        actions.setSpacing(16)
        actions.addWidget(self.keypad_skip, 1)
        actions.addWidget(self.keypad_ok, 2)
        left = QVBoxLayout()
        left.setSpacing(18)
        left.addLayout(tabs)
        left.addWidget(self.number_field)
        left.addWidget(self.error_label)
        left.addWidget(self.keypad_hint)
        left.addStretch(1)
        left.addLayout(actions)
        self.keypad = NumberPad()
        self.keypad.digit.connect(self.on_digit)
        self.keypad.backspace.connect(self.on_backspace)
        self.keypad.cleared.connect(self.on_clear_digits)
        body = self.keypad_body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(40)
        body.addLayout(left, 3)
        body.addWidget(self.keypad, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        layout.addWidget(self.keypad_heading)
        layout.addLayout(body, 1)
        return page

    def _build_result_page(self) -> ResultPage:
        page = ResultPage()
        page.touched.connect(self.on_result_touched)
        self.result_caption = self._label("ResultCaption", center=True)
        self.result_code = self._label("ResultCode", center=True, wrap=False)
        self.result_service = self._label("ResultService", center=True)
        self.result_priority = self._label("ResultPriority", center=True, wrap=False)
        self.result_ahead = self._label("ResultAhead", center=True)
        self.result_detail = self._label("ResultDetail", center=True)
        self.result_status = self._label("ResultStatus", center=True)
        self.qr_view = QrCodeView()
        self.qr_view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.photo_hint = self._label("PhotoHint", center=True)
        self.qr_box = QWidget()
        qr_layout = QVBoxLayout(self.qr_box)
        qr_layout.setContentsMargins(0, 0, 0, 0)
        qr_layout.setSpacing(16)
        qr_layout.addStretch(1)
        qr_layout.addWidget(self.qr_view, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_layout.addWidget(self.photo_hint)
        qr_layout.addStretch(1)
        self.qr_box.hide()
        self.return_hint = self._label("KioskHint", center=True)
        service_row = QHBoxLayout()
        service_row.addStretch(1)
        service_row.setSpacing(24)
        service_row.addWidget(self.result_service)
        service_row.addWidget(self.result_priority)
        service_row.addStretch(1)
        ticket = QVBoxLayout()
        ticket.setSpacing(8)
        ticket.addStretch(1)
        ticket.addWidget(self.result_caption)
        ticket.addWidget(self.result_code)
        ticket.addLayout(service_row)
        ticket.addWidget(self.result_ahead)
        ticket.addWidget(self.result_detail)
        ticket.addSpacing(16)
        ticket.addWidget(self.result_status)
        ticket.addStretch(1)
        body = self.result_body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(40)
        body.addLayout(ticket, 3)
        body.addWidget(self.qr_box, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(body, 1)
        layout.addWidget(self.return_hint)
        for label in page.findChildren(QLabel):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        return page

    # --- texts and sizes ----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("HallDesk ticket kiosk"))
        self.banner.setText(self.tr("Ticket issuing is paused. Please go to the service desk."))
        self.heading.setText(self.tr("Please choose a service"))
        self.priority_heading.setText(self.tr("Priority service: please choose why"))
        self.priority_note.setText(self.tr("Staff may ask for proof at the window."))
        for reason, button in self.reason_buttons.items():
            button.setText(self.reason_label(reason))
        self.priority_back.setText(self.tr("Back"))
        self.keypad_heading.setText(self.tr("Account number or phone number (optional)"))
        self.field_tabs["account_no"].setText(self.tr("Account no."))
        self.field_tabs["phone"].setText(self.tr("Phone no."))
        self.keypad_ok.setText(self.tr("OK"))
        self.keypad_skip.setText(self.tr("Skip this number"))
        self.result_caption.setText(self.tr("Your number"))
        self.result_priority.setText(self.tr("Priority"))
        self.photo_hint.setText(self.tr("Please take a photo of your number with your phone."))
        self.return_hint.setText(self.tr("Touch the screen to go back"))
        self._show_options()
        self._show_keypad()
        if self.status is not None:
            self._show_services(self.status)
        if self.ticket is not None:
            self._show_ticket(self.ticket)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def sizes(self) -> tuple[int, int, bool]:
        """(unit, ticket number size, portrait) from the window, never more than the screen
        (fonts that grew the window would grow the fonts again).

        ``unit`` is the height of a landscape screen; a portrait or squarish screen counts as
        a landscape one as wide as it is, so that texts fit across. The number is a quarter of
        the unit, and at least 16 % of the real height on a tall screen.
        """
        width, height = self.width(), self.height()
        screen = self.screen()
        if screen is not None:
            width = min(width, screen.geometry().width())
            height = min(height, screen.geometry().height())
        unit = max(480, int(min(height, width * 0.75)))
        code = min(max(int(unit * 0.26), int(height * 0.16)), int(width * 0.3))
        return unit, code, height > width

    def _restyle(self) -> None:
        sizes = self.sizes()
        if sizes != self.sized_for:
            self.sized_for = sizes
            unit, code, portrait = sizes
            self.setStyleSheet(_style(unit, code))
            self.qr_view.setFixedSize(int(unit * 0.42), int(unit * 0.42))
            direction = (QBoxLayout.Direction.TopToBottom if portrait
                         else QBoxLayout.Direction.LeftToRight)
            self.keypad_body.setDirection(direction)
            self.result_body.setDirection(direction)
        if self.status is not None:
            self._layout_services(self.status.services)

    def tick(self) -> None:
        self.clock_label.setText(datetime.now(self.zone).strftime("%Y-%m-%d  %H:%M"))

    # --- live data ------------------------------------------------------------------------

    def start(self) -> None:
        self.reload()

    def stop(self) -> None:
        self.reloader.stop()
        for timer in (self.clock, self.return_timer, self.idle_timer, self.message_timer,
                      self.retry_timer):
            timer.stop()

    def reload(self) -> None:
        self.reloader.request()

    def on_notice(self, topic: str) -> None:
        if topic in (events.RELOAD_ALL, events.QUEUE):
            self.reload()

    def on_status(self, status: QueueStatus) -> None:
        self.status = status
        self.hall_label.setText(status.hall_name)
        self._show_services(status)
        self.set_offline(not status.services)
        if not status.services:
            log.warning("kiosk: hall %s has no active services", self.actor.hall_code)

    def on_failed(self, error: BaseException) -> None:
        log.warning("kiosk: queue state not loaded: %s", error)
        self.set_offline(True)

    def set_offline(self, offline: bool) -> None:
        """The banner and disabled buttons while the queue cannot be read; retry meanwhile."""
        if offline and not self.retry_timer.isActive():
            self.retry_timer.start()
        elif not offline:
            self.retry_timer.stop()
        self.offline = offline
        self.banner.setVisible(offline)
        self.services_box.setEnabled(not offline)
        for button in (self.priority_button, self.number_button):
            button.setEnabled(not offline)

    def _service_detail(self, service: ServiceQueue) -> tuple[str, bool]:
        if not service.open_now:
            return (self.tr("No numbers now\nopen %1–%2")
                    .replace("%1", service.opens_at.strftime("%H:%M"))
                    .replace("%2", service.closes_at.strftime("%H:%M")), False)
        if service.remaining <= 0:
            return self.tr("Today's numbers are all given out"), False
        return self.tr("%1 waiting").replace("%1", str(service.waiting)), True

    def _show_services(self, status: QueueStatus) -> None:
        ids = [service.id for service in status.services]
        if ids != list(self.service_buttons):
            for button in self.service_buttons.values():
                self.services_grid.removeWidget(button)
                button.deleteLater()
            self.service_buttons = {}
            for service_id in ids:
                button = ServiceButton(service_id, self.services_box)
                button.clicked.connect(lambda _=False, i=service_id: self.on_service(i))
                self.service_buttons[service_id] = button
            self.columns = 0
        for service in status.services:
            detail, can_issue = self._service_detail(service)
            self.service_buttons[service.id].show_service(service, detail, can_issue)
        self._layout_services(status.services)

    def _layout_services(self, services: Sequence[ServiceQueue]) -> None:
        columns = service_columns(len(services), self.width() >= self.height())
        if columns == self.columns:
            return
        self.columns = columns
        for button in self.service_buttons.values():
            self.services_grid.removeWidget(button)
        for index, service in enumerate(services):
            self.services_grid.addWidget(self.service_buttons[service.id],
                                         index // columns, index % columns)

    # --- start screen -------------------------------------------------------------------------

    def reason_label(self, reason: str) -> str:
        """The reason is stored as the counters know it (PRIORITY_REASONS); shown in the
        kiosk's language."""
        labels = {
            "老年人": self.tr("Senior citizen"),
            "残疾人": self.tr("Person with disability"),
            "军人": self.tr("Military / veteran"),
            "孕妇": self.tr("Pregnant"),
        }
        return labels.get(reason, reason)

    def _show_options(self) -> None:
        if self.priority_reason:
            self.priority_button.setText(self.tr("✓ Priority: %1\nTouch again to cancel")
                                         .replace("%1", self.reason_label(self.priority_reason)))
        else:
            self.priority_button.setText(self.tr(
                "Priority service\nseniors, disabled, military, pregnant"))
        _set_flag(self.priority_button, "active", bool(self.priority_reason))
        account, phone = self.numbers["account_no"], self.numbers["phone"]
        if account or phone:
            parts = []
            if account:
                parts.append(self.tr("Account no. %1").replace("%1", mask_account(account)))
            if phone:
                parts.append(self.tr("Phone no. entered"))
            self.number_button.setText(self.tr("✓ %1\nTouch to change").replace(
                "%1", " · ".join(parts)))
        else:
            self.number_button.setText(self.tr(
                "Account or phone number\noptional: the window finds you faster"))
        _set_flag(self.number_button, "active", bool(account or phone))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.message_timer.start()

    def on_service(self, service_id: int) -> None:
        self._touched()
        self.issue(service_id)

    def issue(self, service_id: int) -> None:
        if self.issuing:
            return
        if self.offline:
            self._go(self.start_page)  # the banner says why
            return
        self.issuing = True
        self.message.hide()
        work = kiosk_ops.issue_ticket(service_id, priority_reason=self.priority_reason,
                                      account_no=self.numbers["account_no"],
                                      phone=self.numbers["phone"])
        self.pending_service = service_id
        self.runner.run_api(work, on_done=self.on_issued, on_error=self.on_issue_failed,
                            busy=[self.services_box, self.keypad_ok, self.keypad_skip])

    def on_issue_failed(self, error: BaseException) -> None:
        self.issuing = False
        if isinstance(error, ValidationError) and error.field in NUMBER_FIELDS:
            # Back to the pad with the digits as typed and the message beside them; OK takes
            # the number for the service chosen.
            self.field = str(error.field)
            self.field_error = (self.field, error_text(error))
            self._show_keypad()
            self._go(self.keypad_page)
            return
        self.pending_service = None
        if isinstance(error, ValidationError) and error.field == "priority_reason":
            self._go(self.priority_page)
            return
        self._go(self.start_page)
        if isinstance(error, HallDeskError) and error.key == "queue_refused":
            self.show_message(error_text(error))  # closed or all given out meanwhile
        elif isinstance(error, HallDeskError) and error.key in OFFLINE_KEYS:
            log.warning("kiosk: no ticket, server or database unreachable: %s", error)
            self.set_offline(True)
        else:
            log.error("kiosk: ticket not issued: %r", error)
            self.show_message(error_text(error))
        self.reload()

    def on_issued(self, ticket: TicketInfo) -> None:
        self.issuing = False
        self.pending_service = None
        self.ticket = ticket
        self.printed = None
        self._clear_entry()
        self._show_ticket(ticket)
        self._go(self.result_page)
        self.print_ticket(ticket)

    # --- priority -----------------------------------------------------------------------------

    def on_priority_button(self) -> None:
        self._touched()
        if self.priority_reason:
            self.priority_reason = ""
            self._show_options()
            return
        self._go(self.priority_page)

    def on_reason(self, reason: str) -> None:
        self._touched()
        self.priority_reason = reason
        self._show_options()
        self._go(self.start_page)

    def on_priority_back(self) -> None:
        self._touched()
        self._go(self.start_page)

    # --- number pad ---------------------------------------------------------------------------

    def on_number_button(self) -> None:
        self._touched()
        self.pending_service = None
        self.field_error = None
        if not self.numbers["account_no"] and self.numbers["phone"]:
            self.field = "phone"
        self._show_keypad()
        self._go(self.keypad_page)

    def on_field_tab(self, field: str) -> None:
        self._touched()
        self.field = field
        self._show_keypad()

    def on_digit(self, digit: str) -> None:
        self._touched()
        if len(self.numbers[self.field]) < MAX_DIGITS[self.field]:
            self.numbers[self.field] += digit
        self._edited()

    def on_backspace(self) -> None:
        self._touched()
        self.numbers[self.field] = self.numbers[self.field][:-1]
        self._edited()

    def on_clear_digits(self) -> None:
        self._touched()
        self.numbers[self.field] = ""
        self._edited()

    def _edited(self) -> None:
        if self.field_error is not None and self.field_error[0] == self.field:
            self.field_error = None
        self._show_keypad()

    def on_keypad_ok(self) -> None:
        self._touched()
        self._show_options()
        if self.pending_service is not None:
            self.issue(self.pending_service)  # the service waits for the corrected number
        else:
            self._go(self.start_page)

    def on_keypad_skip(self) -> None:
        """Not this number after all: forget it; a chosen service is taken without it."""
        self._touched()
        self.numbers[self.field] = ""
        self.field_error = None
        self._show_options()
        self._show_keypad()
        if self.pending_service is not None:
            self.issue(self.pending_service)
        else:
            self._go(self.start_page)

    def _show_keypad(self) -> None:
        for field, tab in self.field_tabs.items():
            tab.setChecked(field == self.field)
            has = bool(self.numbers[field]) and field != self.field
            tab.setText((self.tr("Account no.") if field == "account_no"
                         else self.tr("Phone no.")) + (" ✓" if has else ""))
        digits = self.numbers[self.field]
        self.number_field.setText(grouped(digits, self.field) if digits else "")
        error = self.field_error if (self.field_error is not None
                                     and self.field_error[0] == self.field) else None
        self.error_label.setText(f"⚠ {error[1]}" if error else "")
        self.error_label.setVisible(error is not None)
        _set_flag(self.number_field, "problem", error is not None)
        if self.pending_service is not None:
            self.keypad_hint.setText(self.tr("Correct the number and touch OK to take your "
                                             "ticket, or skip it."))
        elif self.field == "account_no":
            self.keypad_hint.setText(self.tr("The account number is on your gas or heating "
                                             "bill."))
        else:
            self.keypad_hint.setText(self.tr("A mobile number, or a landline with its area "
                                             "code."))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A keyboard works on the pad too (a technician, or a kiosk with a keypad)."""
        if self.pages.currentWidget() is self.keypad_page:
            text = event.text()
            if text.isdigit() and len(text) == 1 and text.isascii():
                self.on_digit(text)
                return
            if event.key() == Qt.Key.Key_Backspace:
                self.on_backspace()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.on_keypad_ok()
                return
        super().keyPressEvent(event)

    # --- the number taken and its ticket ------------------------------------------------------

    def _show_ticket(self, ticket: TicketInfo) -> None:
        self.result_code.setText(ticket.code)
        self.result_service.setText(ticket.service_name)
        self.result_priority.setVisible(ticket.priority)
        if ticket.waiting_ahead > 0:
            self.result_ahead.setText(self.tr("People ahead of you: %1").replace(
                "%1", str(ticket.waiting_ahead)))
        else:
            self.result_ahead.setText(self.tr("Nobody is ahead of you"))
        detail = self.tr("Taken at %1").replace(
            "%1", issued_local(ticket, self.zone).strftime("%H:%M"))
        if ticket.account_no:
            detail += "  ·  " + self.tr("Account no. %1").replace(
                "%1", mask_account(ticket.account_no))
        self.result_detail.setText(detail)
        if self.printed is None:
            self.result_status.setText(self.tr("Printing your ticket…"))
        elif self.printed:
            self.result_status.setText(self.tr("Please take your ticket below."))
        else:
            self.result_status.setText(self.tr("Please wait to be called."))
        self.qr_box.setVisible(self.printed is False)
        self.return_hint.setVisible(self.printed is not None)

    def print_ticket(self, ticket: TicketInfo) -> None:
        """Print off the GUI thread; the screen goes back only once the printer answered."""
        printer = self.printer
        if printer is None:  # logged at start; each ticket is logged as not printed
            self.on_print_outcome(PrintOutcome(ticket, PrinterUnavailable(
                detail="no printer configured")))
            return
        self.printing = True
        zone = self.zone
        self.runner.run(lambda: print_ticket(ticket, zone, printer),
                        on_done=self.on_print_outcome)

    def on_print_outcome(self, outcome: PrintOutcome) -> None:
        self.printing = False
        ticket = outcome.ticket
        printed = outcome.error is None
        if isinstance(outcome.error, PrinterUnavailable):
            log.warning("kiosk: %s not printed: %s", ticket.code, outcome.error)
        elif outcome.error is not None:
            log.error("kiosk: %s not printed: %r", ticket.code, outcome.error)
        self.runner.run_api(kiosk_ops.mark_printed(ticket.id, printed),
                            on_error=self.on_mark_failed)
        if self.ticket is None or self.ticket.id != ticket.id:
            return
        self.printed = printed
        if not printed:
            self.qr_view.set_payload(qr_payload(ticket, self.zone))
        self._show_ticket(ticket)
        self.return_timer.start()

    def on_mark_failed(self, error: BaseException) -> None:
        log.warning("kiosk: print state of the ticket not recorded: %s", error)

    def on_result_touched(self) -> None:
        if not self.printing:
            self.reset_to_start()

    # --- going back ---------------------------------------------------------------------------

    def _go(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        if page is self.keypad_page:
            self.setFocus()
        self._touched()

    def _touched(self) -> None:
        """Any touch keeps a half-finished entry alive a while longer."""
        self.idle_timer.start()

    def on_idle(self) -> None:
        if self.pages.currentWidget() is self.result_page or self.issuing:
            return  # the return timer takes care of the result
        if (self.pages.currentWidget() is not self.start_page or self.priority_reason
                or any(self.numbers.values())):
            self.reset_to_start()

    def _clear_entry(self) -> None:
        self.priority_reason = ""
        self.numbers = dict.fromkeys(NUMBER_FIELDS, "")
        self.field = "account_no"
        self.field_error = None
        self.pending_service = None
        self._show_options()
        self._show_keypad()

    def reset_to_start(self) -> None:
        """The next customer's screen: nothing of the last one is left."""
        self.return_timer.stop()
        self.idle_timer.stop()
        if self.issuing:
            return
        self.ticket = None
        self.printed = None
        self.qr_view.set_payload("")
        self._clear_entry()
        self.pages.setCurrentWidget(self.start_page)


class KioskWindow(QWidget):
    """The kiosk once signed in as its device (``ui/device_start.py``): the kiosk screen and
    its hall's change notices, through the server."""

    def __init__(self, runner: OperationRunner, actor: Actor, *,
                 printer: PrinterSettings | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QWidget#KioskWindow {{ background: {BACKGROUND}; }}")
        self.setWindowTitle(self.tr("HallDesk ticket kiosk"))
        self.runner = runner
        self.actor = actor
        self.printer = printer
        client = runner.client
        if client is None:
            raise RuntimeError("the kiosk needs a client signed in as the kiosk")
        self.notices = LiveNotices(client, actor.hall_id, self)
        self.notices.session_ended.connect(self.on_session_ended)
        self.screen_ = KioskScreen(runner, actor, zone=hall_zone(actor), printer=printer,
                                   notices=self.notices)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.screen_)
        self.notices.start()
        self.screen_.start()

    def on_session_ended(self, key: str) -> None:
        """The server ended the kiosk's session (12 hours, or revoked): a new one with the
        credential, then the queue again; a revoked kiosk goes back to its enrolment."""
        from ui.device_start import sign_in_again

        log.info("kiosk: the session ended (%s); signing in again", key)
        self.runner.run_api(sign_in_again(), on_done=lambda _signed: self.screen_.reload(),
                            on_error=self.on_sign_in_failed)

    def on_sign_in_failed(self, error: BaseException) -> None:
        log.warning("kiosk: not signed in again: %s", error)
        self.screen_.set_offline(True)  # the banner; the retries sign in again

    def closeEvent(self, event: QCloseEvent) -> None:
        self.screen_.stop()
        self.notices.stop()
        super().closeEvent(event)


def hall_zone(actor: Actor) -> ZoneInfo:
    """The hall's time zone (its clock and the ticket's time), as the server says."""
    try:
        return ZoneInfo(actor.hall_timezone or DEFAULT_ZONE)
    except (ValueError, KeyError):
        log.warning("kiosk: unknown time zone %r; %s shown", actor.hall_timezone, DEFAULT_ZONE)
        return ZoneInfo(DEFAULT_ZONE)


def load_printer(settings: Settings) -> PrinterSettings | None:
    """This PC's ticket printer; a setting that cannot be used counts as no printer (the
    kiosk then shows numbers with a QR code) and is logged for the technician."""
    from printing.printer_config import printer_settings

    try:
        printer = printer_settings(settings.printer_options)
    except HallDeskError as error:
        log.error("kiosk: printer settings not usable, printing off: %s", error)
        return None
    if printer is None:
        log.warning("kiosk: no printer configured ([printer] kind); numbers shown on screen")
    return printer


def run_kiosk(settings: Settings) -> int:
    """The kiosk PC: its server, its enrolment and sign-in (``ui/device_start.py``), then the
    kiosk screen full screen; a ticket being printed is finished before the end."""
    from ui.device_start import start_device

    printer = load_printer(settings)
    return start_device(settings, "kiosk",
                        lambda runner, actor: KioskWindow(runner, actor, printer=printer))
