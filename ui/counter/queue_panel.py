"""叫号面板: the window's queue controls, on every counter workspace.

当前 A012 · 等候 7 · [叫号 F1] [重呼 F2] [过号 F3] [完成 F4] [暂停] [转移] [指定叫号]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.services.queueing import MyWindow, ServiceInfo, TicketInfo
from ui.live import LiveNotices, Reloader
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import Work
from ui.ops import queueing as queue_ops
from ui.widgets import ElidedLabel, show_status

PRIORITY_REASONS = ("老年人", "残疾人", "军人", "孕妇")  # what halls print on 优先 tickets
STATUS_BAR_MS = 20000  # a long message's whole sentence stays this long in the status bar


class QueuePanel(QFrame):
    """Calls numbers for this window; ``ticket_called`` tells the workspace who is coming."""

    ticket_called = Signal(object)  # TicketInfo: e.g. show the customer keyed in at the kiosk

    def __init__(self, runner: OperationRunner, actor: Actor,
                 notices: LiveNotices | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QueueStrip")
        self.runner = runner
        self.actor = actor
        self.state: MyWindow | None = None
        self.services: list[ServiceInfo] = []
        self.open_now: set[int] = set()  # the services taking numbers when last loaded
        self.current_label = QLabel()
        self.current_label.setObjectName("CurrentTicket")
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("WaitingCount")
        self.window_state_label = QLabel()  # 空闲，可叫号 / 暂停服务 / 未开放: not only a colour
        self.window_state_label.setObjectName("WindowState")
        self.call_button = QPushButton()
        self.call_button.setObjectName("PrimaryButton")
        self.recall_button = QPushButton()
        self.no_show_button = QPushButton()
        self.finish_button = QPushButton()
        self.pause_button = QPushButton()
        self.transfer_box = QComboBox()
        self.transfer_button = QPushButton()
        self.code_box = QLineEdit()
        self.code_box.setObjectName("ticket_code")
        self.code_box.setMaximumWidth(90)
        self.reason_box = QLineEdit()
        self.reason_box.setObjectName("call_reason")
        self.specific_button = QPushButton()
        self.requeue_button = QPushButton()
        self.walk_in_box = QComboBox()
        self.walk_in_box.setObjectName("walk_in_service")
        # Filled after the first show (the services load in the background): without this the
        # boxes keep the width of an empty box and cut "C 报修投诉" short.
        for box in (self.walk_in_box, self.transfer_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.window_services: list[int] = []  # this window's services, its own first
        self.priority_box = QComboBox()
        self.priority_box.setObjectName("walk_in_priority")
        self.issue_button = QPushButton()
        # What an action said, in the top row's free space: one line, elided with the whole
        # sentence in its tooltip, so that showing it never makes the panel (and the
        # workspace under it) jump; hidden, it keeps its place.
        self.message = ElidedLabel()
        self.message.setObjectName("AreaMessage")
        policy = self.message.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.message.setSizePolicy(policy)

        top = QHBoxLayout()
        top.addWidget(self.current_label)
        top.addWidget(self.waiting_label)
        top.addWidget(self.window_state_label)
        top.addWidget(self.message, 1)
        for button in (self.call_button, self.recall_button, self.no_show_button,
                       self.finish_button, self.pause_button, self.requeue_button):
            top.addWidget(button)
        self.walk_in_caption = QLabel()  # two service boxes side by side: say which is which
        second = QHBoxLayout()
        second.addWidget(self.transfer_box)
        second.addWidget(self.transfer_button)
        second.addSpacing(24)
        second.addWidget(self.code_box)
        second.addWidget(self.reason_box, 1)
        second.addWidget(self.specific_button)
        second.addSpacing(24)
        second.addWidget(self.walk_in_caption)
        second.addWidget(self.walk_in_box)
        second.addWidget(self.priority_box)
        second.addWidget(self.issue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)  # its height is the desk's (1366×768)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(second)
        self.message.hide()

        self.call_button.clicked.connect(self.on_call_next)
        self.recall_button.clicked.connect(self.on_recall)
        self.no_show_button.clicked.connect(self.on_no_show)
        self.finish_button.clicked.connect(self.on_finish)
        self.pause_button.clicked.connect(self.on_pause)
        self.transfer_button.clicked.connect(self.on_transfer)
        self.specific_button.clicked.connect(self.on_call_specific)
        self.issue_button.clicked.connect(self.on_issue)
        self.requeue_button.clicked.connect(self.on_requeue)
        # Live: a notice from any window of the hall (a ticket issued, called elsewhere)
        # reloads this window's state; the reloader's slow backup covers a missed notice.
        self.reloader: Reloader[MyWindow] = Reloader(
            runner, queue_ops.my_window(), self.show_state, lambda _e: None, self)
        if notices is not None:
            notices.changed.connect(self.reloader.request)
        self.retranslate()
        self.refresh()
        self._load_services()

    # --- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.call_button.setText(self.tr("Call next (F1)"))
        self.recall_button.setText(self.tr("Recall (F2)"))
        self.no_show_button.setText(self.tr("No-show (F3)"))
        self.finish_button.setText(self.tr("Done (F4)"))
        self.transfer_button.setText(self.tr("Transfer"))
        self.code_box.setPlaceholderText(self.tr("e.g. A012"))
        self.reason_box.setPlaceholderText(self.tr("Reason for calling out of order"))
        self.specific_button.setText(self.tr("Call this number"))
        self.requeue_button.setText(self.tr("Requeue"))
        self.requeue_button.setToolTip(self.tr(
            "A customer who missed their call and came back within the grace time: type the "
            "number on their slip, then Requeue"))
        self.issue_button.setText(self.tr("Issue ticket"))
        self.walk_in_caption.setText(self.tr("Walk-in"))
        self.issue_button.setToolTip(self.tr("Take a number for a customer at the counter"))
        chosen = self.priority_box.currentIndex()
        self.priority_box.clear()
        self.priority_box.addItem(self.tr("Normal"), "")
        for reason in PRIORITY_REASONS:
            self.priority_box.addItem(self.tr("Priority: %1").replace("%1", reason), reason)
        self.priority_box.setCurrentIndex(max(chosen, 0))
        self.show_state(self.state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.reloader.request()

    def stop(self) -> None:
        self.reloader.stop()

    def _load_services(self) -> None:
        self.runner.run_api(queue_ops.window_services(), on_done=self.on_services,
                            on_error=lambda _e: None)

    def on_services(self, loaded: queue_ops.WindowServices) -> None:
        services = loaded.services
        self.window_services, self.open_now = loaded.window_services, loaded.open_now
        self.services = services
        self.transfer_box.clear()
        self.walk_in_box.clear()
        for service in services:
            self.transfer_box.addItem(f"{service.prefix} {service.name}", service.id)
            self.walk_in_box.addItem(f"{service.prefix} {service.name}", service.id)
        self._default_walk_in()
        self.issue_button.setEnabled(bool(services))

    def _default_walk_in(self) -> None:
        """A walk-in here most likely wants what this window does: its own service (the
        first it calls), not the hall's first (A 缴费 at a window that calls B and C); and
        one that takes numbers now: the first of the window's services open now (after C
        报修投诉 closes, B at a window calling C and B), else the window's first."""
        ordered = ([i for i in self.window_services if i in self.open_now]
                   + self.window_services)
        for service_id in ordered:
            index = self.walk_in_box.findData(service_id)
            if index >= 0:
                self.walk_in_box.setCurrentIndex(index)
                return

    def show_state(self, state: MyWindow | None) -> None:
        self.state = state
        current = state.current if state else None
        self.current_label.setText(self.tr("Now: %1").replace(
            "%1", current.code if current else "—"))
        self.waiting_label.setText(self.tr("Waiting: %1").replace(
            "%1", str(state.waiting if state else 0)))
        paused = state is not None and state.state == "paused"
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.window_state_label.setText(self._window_state_text(state))
        if self.window_state_label.property("state") != (state.state if state else ""):
            self.window_state_label.setProperty("state", state.state if state else "")
            self.window_state_label.style().unpolish(self.window_state_label)
            self.window_state_label.style().polish(self.window_state_label)
        has_current = current is not None
        self.call_button.setEnabled(not paused)
        for button in (self.recall_button, self.no_show_button):
            button.setEnabled(has_current and current is not None
                              and current.status == "called")
        self.finish_button.setEnabled(has_current)
        self.transfer_button.setEnabled(has_current)

    def _window_state_text(self, state: MyWindow | None) -> str:
        if state is None:
            return ""
        if state.state == "paused":
            return self.tr("Paused")
        if state.state == "closed":
            return self.tr("Window closed")
        if state.current is not None:
            return self.tr("Serving")
        return self.tr("Idle, ready to call")

    def say(self, text: str, *, problem: bool = False) -> None:
        """In the panel's message line; a sentence too long for it also in the status bar,
        whole (and in the line's tooltip)."""
        show_status(self.message, text, problem=problem)
        self.message.show()
        window = self.window()
        if isinstance(window, QMainWindow) and self.message.is_elided():
            window.statusBar().showMessage(text, STATUS_BAR_MS)

    # --- actions ---------------------------------------------------------------------------

    def _act(self, work: Work[Any], *, busy: list[QWidget],
             success: Callable[[object], str] | None = None) -> None:
        def done(result: object) -> None:
            if not shiboken6.isValid(self):  # signed out meanwhile: the widget is gone
                return
            self.message.hide()
            if (isinstance(result, TicketInfo) and result.status == "called"
                    and result.call_count == 1):  # a recall must not reload the card
                self.ticket_called.emit(result)
            if success is not None:
                self.say(success(result))
            self.refresh()

        def failed(error: BaseException) -> None:
            if not shiboken6.isValid(self):  # signed out meanwhile: the widget is gone
                return
            self.say(error_text(error), problem=True)
            self.refresh()

        self.runner.run_api(work, on_done=done, on_error=failed, busy=busy)

    def on_call_next(self) -> None:
        def said(result: object) -> str:
            if result is None:
                return self.tr("Nobody is waiting for this window.")
            assert isinstance(result, TicketInfo)
            return self.tr("Called %1.").replace("%1", result.code)

        self._act(queue_ops.call_next(), busy=[self.call_button], success=said)

    def _current_id(self) -> int | None:
        return self.state.current.id if self.state and self.state.current else None

    def on_recall(self) -> None:
        ticket_id = self._current_id()

        def said(result: object) -> str:
            assert isinstance(result, TicketInfo)
            if result.status == "no_show":  # the hall's recalls were used up
                return self.tr("%1 did not come after %2 calls: marked as no-show. It can "
                               "be put back in line with Requeue.").replace(
                    "%1", result.code).replace("%2", str(result.call_count))
            return self.tr("Called %1 again.").replace("%1", result.code)

        if ticket_id is not None:
            self._act(queue_ops.recall(ticket_id), busy=[self.recall_button], success=said)

    def on_requeue(self) -> None:
        """A no-show who comes back within the grace time: back in line by the slip's number."""
        code = self.code_box.text()

        def said(result: object) -> str:
            assert isinstance(result, TicketInfo)
            self.code_box.clear()
            return self.tr("%1 is back in line: %2 waiting ahead.").replace(
                "%1", result.code).replace("%2", str(result.waiting_ahead))

        self._act(queue_ops.requeue_code(code), busy=[self.requeue_button], success=said)

    def on_no_show(self) -> None:
        ticket_id = self._current_id()
        if ticket_id is not None:
            self._act(queue_ops.mark_no_show(ticket_id), busy=[self.no_show_button])

    def on_finish(self) -> None:
        ticket_id = self._current_id()
        if ticket_id is not None:
            self._act(queue_ops.finish(ticket_id), busy=[self.finish_button])

    def on_pause(self) -> None:
        if self.state is not None and self.state.state == "paused":
            self._act(queue_ops.resume_window(), busy=[self.pause_button])
        else:
            self._act(queue_ops.pause_window(), busy=[self.pause_button])

    def on_transfer(self) -> None:
        ticket_id = self._current_id()
        service_id = self.transfer_box.currentData()
        if ticket_id is None or service_id is None:
            return
        self._act(queue_ops.transfer(ticket_id, int(service_id)), busy=[self.transfer_button])

    def on_call_specific(self) -> None:
        code, reason = self.code_box.text(), self.reason_box.text()

        def said(result: object) -> str:
            self.code_box.clear()
            self.reason_box.clear()
            assert isinstance(result, TicketInfo)
            return self.tr("Called %1.").replace("%1", result.code)

        self._act(queue_ops.call_ticket(code, reason), busy=[self.specific_button],
                  success=said)

    def on_issue(self) -> None:
        """A walk-in without a kiosk ticket (or one who cannot use the kiosk) gets a number."""
        service_id = self.walk_in_box.currentData()
        reason = str(self.priority_box.currentData() or "")
        if service_id is None:
            return

        def said(result: object) -> str:
            assert isinstance(result, TicketInfo)
            self.priority_box.setCurrentIndex(0)
            return self.tr("Issued %1: %2 waiting ahead.").replace("%1", result.code).replace(
                "%2", str(result.waiting_ahead))

        self._act(queue_ops.issue_ticket(int(service_id), priority_reason=reason),
                  busy=[self.issue_button], success=said)

    def function_keys(self) -> dict[Qt.Key, QPushButton]:
        """F1–F4 work anywhere in the workspace; a disabled button ignores its key too."""
        return {Qt.Key.Key_F1: self.call_button, Qt.Key.Key_F2: self.recall_button,
                Qt.Key.Key_F3: self.no_show_button, Qt.Key.Key_F4: self.finish_button}
