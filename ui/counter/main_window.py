"""The counter workspace: one window per counter, areas by role, status always visible."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.client import ServerUnavailable
from app.errors import HallDeskError
from app.permissions import Permission, has_permission
from app.services.context import Actor
from app.services.queueing import TicketInfo
from ui.cashier.area import CashierArea
from ui.connection import ConnectionMonitor, ConnectionState
from ui.counter.areas import AuditArea, PlannedArea, StaffArea
from ui.counter.customer_panel import CustomerCardView, CustomerSearch
from ui.counter.lock import IdleWatcher, LockOverlay
from ui.counter.queue_panel import QueuePanel
from ui.live import LiveNotices
from ui.manager.collection import CollectionArea
from ui.manager.hall_view import HallView
from ui.messages import error_text, role_name
from ui.operations import OperationRunner
from ui.ops import session as session_ops
from ui.widgets import ElidedLabel, show_status

# A counter monitor of 1366×768 leaves about 1366×700 inside the window (taskbar, title bar):
# every workspace and area fits that; tests/ui/test_fits_1366.py pins it.
FIT_SIZE = (1366, 700)
SEARCH_MIN_WIDTH = 260
COMPACT_CARD_AREAS = ("cashier", "manager", "collection", "staff", "audit")
SEARCH_WIDTH = 300


def areas_for(role: str) -> list[str]:
    """Which areas a role's workspace has, in tab order."""
    areas: list[str] = []
    if has_permission(role, Permission.HANDLE_REQUESTS):
        areas.append("intake")
    if has_permission(role, Permission.TAKE_PAYMENTS):
        areas.append("cashier")
    if has_permission(role, Permission.HANDLE_REQUESTS):
        areas.append("complaints")
    if has_permission(role, Permission.REMIND_ARREARS):
        areas.append("arrears")
    if has_permission(role, Permission.VIEW_HALL):
        areas.append("manager")
    if has_permission(role, Permission.CLOSE_DAY):
        areas.append("collection")
    if has_permission(role, Permission.UNLOCK_STAFF):
        areas.append("staff")
    if has_permission(role, Permission.VIEW_AUDIT):
        areas.append("audit")
    return areas


class MainWindow(QMainWindow):
    signed_out = Signal()
    language_requested = Signal(str)

    def __init__(self, runner: OperationRunner, monitor: ConnectionMonitor, actor: Actor, *,
                 ui_state: QSettings, idle_lock_minutes: float, language: str = "zh_CN",
                 named_server: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CounterWindow")
        # A counter that names a server ([server] url) says "server" in its connection line;
        # with the embedded default the database is what the person knows of.
        self.named_server = named_server
        self.runner = runner
        self.monitor = monitor
        self.actor = actor
        self.ui_state = ui_state
        self.language = language

        # "Database unreachable, retrying…": at the top, in the menu bar's empty right-hand
        # part, so it costs the workspace no line (the desk still fits 1366×768).
        self.banner = ElidedLabel()
        self.banner.setObjectName("ConnectionBanner")
        self.banner.hide()
        # One listener per workspace: every live part of it (window panel, manager view)
        # reloads on its notices.
        self.notices: LiveNotices | None = None
        if runner.client is not None and actor.hall_id is not None:
            self.notices = LiveNotices(runner.client, actor.hall_id, self)
        # The window panel where this counter may call numbers; otherwise a plain note.
        self.queue_panel: QueuePanel | None = None
        if has_permission(actor.role, Permission.SERVE_QUEUE) and actor.window_id is not None:
            self.queue_panel = QueuePanel(runner, actor, self.notices)
            self.queue_strip: QFrame = self.queue_panel
        else:
            self.queue_strip = QFrame()
            self.queue_strip.setObjectName("QueueStrip")
            self.queue_strip.setVisible(has_permission(actor.role, Permission.SERVE_QUEUE))
        self.queue_label = QLabel()
        if self.queue_panel is None:
            strip_layout = QHBoxLayout(self.queue_strip)
            strip_layout.setContentsMargins(12, 6, 12, 6)
            strip_layout.addWidget(self.queue_label)

        self.search = CustomerSearch(runner, actor)
        self.card = CustomerCardView(runner, actor)
        self.search.customer_chosen.connect(self.card.load)
        self.search.customer_cleared.connect(self.card.clear)
        if self.notices is not None:
            self.notices.changed.connect(self.card.on_notice)
        self.search.setVisible(has_permission(actor.role, Permission.SEARCH_CUSTOMERS))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("AreaTabs")
        self.area_keys = areas_for(actor.role)
        self.areas: dict[str, QWidget] = {}
        for key in self.area_keys:
            self.areas[key] = self._make_area(key)
            self.tabs.addTab(self.areas[key], "")
        self.tabs.currentChanged.connect(self.on_tab_changed)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(4)
        right_layout.addWidget(self.card)
        right_layout.addWidget(self.tabs, 1)
        # The search column stays usable (a whole address fits in the box) whatever the
        # splitter was dragged to; the areas are built to fit beside it at 1366×768.
        self.search.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([SEARCH_WIDTH, 1366 - SEARCH_WIDTH])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.queue_strip)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.place_label = QLabel()
        self.db_label = QLabel()
        self.db_label.setObjectName("DbState")
        for widget in (self.user_label, self.place_label, self.db_label):
            self.statusBar().addPermanentWidget(widget)

        self._build_menu()
        self.menuBar().setCornerWidget(self.banner, Qt.Corner.TopRightCorner)
        self.shortcuts = [QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.search.focus)]
        # Areas from anywhere in the window: Ctrl+Tab / Ctrl+Shift+Tab, or Ctrl+1…9 directly.
        self.shortcuts += [
            QShortcut(QKeySequence("Ctrl+Tab"), self, lambda: self.step_area(1)),
            QShortcut(QKeySequence("Ctrl+Shift+Tab"), self, lambda: self.step_area(-1)),
        ]
        if self.queue_panel is not None:
            self.queue_panel.ticket_called.connect(self.on_ticket_called)
            for fkey, button in self.queue_panel.function_keys().items():
                self.shortcuts.append(QShortcut(QKeySequence(fkey), self, button.click))
        for number in range(1, min(len(self.area_keys), 9) + 1):
            self.shortcuts.append(QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                                            lambda n=number: self.tabs.setCurrentIndex(n - 1)))

        self._focus_before_lock: QWidget | None = None
        self._signed_out = False
        # The session this window works in; a refusal saying the server ended it (signed out
        # at another PC, disabled, role or hall changed, expired) returns to the sign-in.
        self._follow_session()
        self.lock_overlay = LockOverlay(runner, actor, self)
        self.lock_overlay.unlocked.connect(self.on_unlocked)
        self.lock_overlay.sign_out.connect(self.sign_out)
        self.idle = IdleWatcher(idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)

        monitor.state_changed.connect(self.on_connection_state)
        self.retranslate()
        self.on_connection_state(monitor.state.value, monitor.error)
        self._restore_geometry()
        if self.area_keys:
            self.on_tab_changed(0)
        if self.notices is not None:
            self.notices.start()

    # --- building ----------------------------------------------------------------------------

    def _make_area(self, key: str) -> QWidget:
        if key == "staff":
            return StaffArea(self.runner, self.actor)
        if key == "audit":
            return AuditArea(self.runner, self.actor,
                             can_verify=has_permission(self.actor.role, Permission.VERIFY_AUDIT))
        if key == "manager":
            return HallView(self.runner, self.actor, self.notices)
        if key == "collection":
            return CollectionArea(self.runner, self.actor, self.notices)
        if key == "cashier":
            panel = self.queue_panel

            def serving() -> int | None:  # the payment is linked to the ticket being served
                state = panel.state if panel is not None else None
                return state.current.id if state is not None and state.current else None

            area = CashierArea(self.runner, self.actor, self.notices, current_ticket=serving)
            self.search.customer_chosen.connect(area.load_customer)
            self.search.customer_cleared.connect(area.clear_customer)
            return area
        return PlannedArea(key)

    def _build_menu(self) -> None:
        self.system_menu = self.menuBar().addMenu("")
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.language_menu = self.system_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _c=False, lang=code: self.language_requested.emit(lang))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.sign_out_action = QAction(self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action = QAction(self)  # no shortcut: too easy to hit by accident
        self.quit_action.triggered.connect(self.close)
        self.system_menu.addAction(self.lock_action)
        self.system_menu.addSeparator()
        self.system_menu.addAction(self.sign_out_action)
        self.system_menu.addAction(self.quit_action)

    def retranslate(self) -> None:
        a = self.actor
        self.setWindowTitle(self.tr("HallDesk — %1").replace(
            "%1", a.hall_name or self.tr("back office")))
        titles = {
            "intake": self.tr("Intake"), "cashier": self.tr("Cashier"),
            "complaints": self.tr("Complaints"), "arrears": self.tr("Arrears"),
            "manager": self.tr("Hall"), "collection": self.tr("Fee collection"),
            "staff": self.tr("Staff"), "audit": self.tr("Audit"),
        }
        for index, key in enumerate(self.area_keys):
            self.tabs.setTabText(index, titles[key])
        self.queue_label.setText(self.tr("Not signed in at a window: numbers are called from "
                                         "a window."))
        self.user_label.setText(self.tr("User %1 (%2)").replace("%1", a.display_name)
                                .replace("%2", role_name(a.role)))
        place = a.hall_name or self.tr("back office")
        if a.window_number is not None:
            place += " · " + self.tr("Window %1").replace("%1", str(a.window_number))
        self.place_label.setText(place)
        self.system_menu.setTitle(self.tr("&System"))
        self.lock_action.setText(self.tr("&Lock screen"))
        self.language_menu.setTitle(self.tr("Lan&guage"))
        self.sign_out_action.setText(self.tr("Sign &out"))
        self.quit_action.setText(self.tr("&Quit"))
        self.on_connection_state(self.monitor.state.value, self.monitor.error)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        self.language = language
        if language in self.language_actions:
            self.language_actions[language].setChecked(True)

    # --- behaviour ---------------------------------------------------------------------------

    def step_area(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        # Only the area on screen sets the window's minimum size: a hidden area's needs (the
        # cashier's desk under a compact card) must not push another area off the screen.
        for other in self.areas.values():
            wanted = QSizePolicy.Policy.Preferred if other is widget else \
                QSizePolicy.Policy.Ignored
            other.setSizePolicy(wanted, wanted)
        # The cashier's desk lists the customer's accounts with what each owes, and the
        # hall, collection, staff and audit areas are not about the customer: there the card
        # keeps to its name line, so the area fits a 1366×768 screen whole.
        key = next((k for k, area in self.areas.items() if area is widget), "")
        self.card.set_compact(key in COMPACT_CARD_AREAS)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh) and not getattr(widget, "rows", None):
            refresh()

    def on_ticket_called(self, ticket: TicketInfo) -> None:
        """The customer keyed in an account or phone at the kiosk: their card (arrears, open
        requests) is on screen before they reach the counter."""
        query = ticket.account_no or ticket.phone
        if query and self.search.isVisible():
            self.search.search_for(query)

    def on_connection_state(self, state: str, error: HallDeskError | None) -> None:
        named_server = self.named_server
        server_lost = isinstance(error, ServerUnavailable)
        if state == ConnectionState.CONNECTED.value:
            show_status(self.db_label, self.tr("Server connected") if named_server
                        else self.tr("Database connected"))
            self.banner.hide()
        elif state == ConnectionState.UNKNOWN.value:
            show_status(self.db_label, self.tr("Connecting…"))
        elif server_lost:
            show_status(self.db_label, self.tr("Server unreachable, retrying"), problem=True)
            self.banner.setText(self.tr("The HallDesk server cannot be reached, retrying… "
                                        "Everything you typed stays on screen; save again "
                                        "when the connection is back."))
            self.banner.show()
        else:
            show_status(self.db_label, self.tr("Database unreachable, retrying"), problem=True)
            text = self.tr("Database unreachable, retrying… Everything you typed stays on "
                           "screen; save again when the connection is back.")
            if error is not None and state == ConnectionState.AUTH_FAILED.value:
                text = error_text(error)
            self.banner.setText(text)
            self.banner.show()

    def lock(self) -> None:
        if not self.lock_overlay.locked:
            self.idle.timer.stop()
            self._set_workspace_enabled(False)
            self.lock_overlay.lock()

    def on_unlocked(self) -> None:
        self._set_workspace_enabled(True)
        self.idle.restart()

    def _set_workspace_enabled(self, enabled: bool) -> None:
        """While locked nothing underneath may take a key: no shortcut, menu or focus.

        Disabling keeps every widget's content; enabling restores it exactly as it was.
        """
        focused = self.focusWidget()
        if not enabled:
            self._focus_before_lock = focused
        self.centralWidget().setEnabled(enabled)
        self.menuBar().setEnabled(enabled)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(enabled)
        for action in (self.lock_action, self.quit_action, self.sign_out_action):
            action.setEnabled(enabled)
        if enabled and self._focus_before_lock is not None:
            self._focus_before_lock.setFocus()

    def sign_out(self) -> None:
        self._stop_timers()
        self._record_sign_out(closed=False)
        self._save_geometry()
        self.idle.remove()
        self.signed_out.emit()

    def _follow_session(self) -> None:
        self.session_token = self.runner.client.token if self.runner.client is not None else None
        self.ended_text = ""
        self.runner.session_ended.connect(self.on_session_refused)
        if self.notices is not None:
            self.notices.session_ended.connect(self.on_notices_ended)

    def on_session_refused(self, error: HallDeskError) -> None:
        if getattr(error, "session_token", None) == self.session_token:
            self.end_session(error_text(error))

    def on_notices_ended(self, key: str) -> None:
        client = self.runner.client
        if client is not None and client.token == self.session_token:
            ended = HallDeskError()
            ended.key = key
            self.end_session(error_text(ended))

    def end_session(self, text: str) -> None:
        """The server ended this session: back to the sign-in, saying why; nothing is sent
        (the session is gone), nothing typed is kept beyond it."""
        if self._signed_out:
            return
        self._signed_out = True
        self.ended_text = text
        if self.runner.client is not None and self.runner.client.token == self.session_token:
            self.runner.client.forget()
        self._stop_timers()
        self._save_geometry()
        self.idle.remove()
        self.signed_out.emit()

    def _record_sign_out(self, *, closed: bool) -> None:
        """Every session ends in the audit trail, whether signed out or closed."""
        if self._signed_out:
            return
        self._signed_out = True
        token = self.runner.client.token if self.runner.client is not None else None
        self.runner.run_api(session_ops.sign_out(token, closed=closed), on_error=lambda _e: None)

    # --- geometry ----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.ui_state.value("counter/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = self.ui_state.value("counter/splitter")
            if isinstance(state, QByteArray):
                self.splitter.restoreState(state)
        else:
            self.resize(*FIT_SIZE)

    def _save_geometry(self) -> None:
        self.ui_state.setValue("counter/geometry", self.saveGeometry())
        self.ui_state.setValue("counter/splitter", self.splitter.saveState())
        self.ui_state.sync()

    def _stop_timers(self) -> None:
        if self.queue_panel is not None:
            self.queue_panel.stop()
        hall_view = self.areas.get("manager")
        if isinstance(hall_view, HallView):
            hall_view.stop()
        cashier_area = self.areas.get("cashier")
        if isinstance(cashier_area, CashierArea):
            cashier_area.stop()
        collection = self.areas.get("collection")
        if isinstance(collection, CollectionArea):
            collection.stop()
        if self.notices is not None:
            self.notices.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_timers()
        self._record_sign_out(closed=True)  # run_counter waits for it before exiting
        self._save_geometry()
        self.idle.remove()
        super().closeEvent(event)
