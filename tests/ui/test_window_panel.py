"""The window panel as a clerk finds it right after signing in, offscreen on both databases:
the window is open before its first F1, a walk-in's number defaults to what this window
does, the service boxes show their whole text, and signing out takes the number off the hall
display. Every screen here is signed in at a real HallDesk server on 127.0.0.1 and reaches
the database through it alone (the display as an enrolled device)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import time

import pytest
import shiboken6
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.client import ServerClient
from app.db import Database
from app.models import QueueService
from app.permissions import Role
from app.services import devices, queueing
from app.services.context import Actor
from tests.conftest import Hall
from tests.ui.conftest import RecordingEngine
from ui import i18n
from ui.app import RESOURCES, STYLES, UI_FONTS
from ui.counter.queue_panel import QueuePanel
from ui.display.window import HallDisplay
from ui.live import LiveNotices
from ui.operations import OperationRunner

ALL_DAY = {"opens_at": time(0, 0), "closes_at": time(23, 59, 59)}
SignedRunner = Callable[..., tuple[OperationRunner, Actor]]


class Counter:
    """Services as in the demo hall: A 缴费 at windows 1 and 2, B 业务办理 at 4, C 报修投诉 at
    3 and 4 (window 4 calls B, then C)."""

    def __init__(self, qtbot: QtBot, db: Database, hall: Hall, server_url: str,
                 signed_runner: SignedRunner) -> None:
        i18n.install("zh_CN")
        self.qtbot = qtbot
        self.db = db
        self.hall = hall
        self.server_url = server_url
        self.signed_runner = signed_runner
        manager = hall.login(db, "hall_manager", window=None)
        self.services = {}
        for prefix, name, windows in (("A", "缴费", (1, 2)), ("B", "业务办理", (4,)),
                                      ("C", "报修投诉", (3, 4))):
            with db.scope() as s:
                self.services[prefix] = queueing.create_service(
                    s, manager, prefix, name, windows=windows, **ALL_DAY)
        self.runners: list[OperationRunner] = []
        self.clients: list[ServerClient] = []
        self.made: list[object] = []

    def signed_in(self, role: str, window: int | None) -> tuple[OperationRunner, Actor]:
        """A runner signed in at the server as the hall's person of ``role``; it holds no
        database (the screens reach it through the server alone)."""
        runner, actor = self.signed_runner(self.hall.users[role], window=window)
        self.runners.append(runner)
        return runner, actor

    def display(self) -> tuple[OperationRunner, Actor]:
        """The hall's display, registered by its manager, enrolled with its one-time code and
        signed in with its credential, as on site."""
        manager = self.hall.login(self.db, "hall_manager", window=None)
        with self.db.scope() as s:
            code = devices.register_device(s, manager, self.hall.code, "display",
                                           f"大厅屏{len(self.clients) + 1}")
        client = ServerClient(self.server_url)
        self.clients.append(client)
        credential = client.enrol_device(code.device_id, code.code).credential
        signed = client.device_sign_in(credential)
        assert signed.actor.role == Role.DISPLAY
        runner = OperationRunner(client)
        self.runners.append(runner)
        return runner, signed.actor

    def panel(self, role: str, window: int, *, notices: LiveNotices | None = None
              ) -> QueuePanel:
        runner, actor = self.signed_in(role, window)
        panel = QueuePanel(runner, actor, notices)
        # The counter's look: its font and style sheet (paddings, the drop-down's width).
        font = QFont()
        font.setFamilies(UI_FONTS)
        font.setPixelSize(15)
        panel.setFont(font)
        panel.setStyleSheet((STYLES / "counter.qss").read_text(encoding="utf-8").replace(
            "@RESOURCES@", RESOURCES.as_posix()))
        self.made.append(panel)
        # On screen before its services come from the database, as in the workspace.
        panel.resize(1366, panel.sizeHint().height())  # as wide as the counter's screen
        panel.show()
        self.qtbot.waitUntil(lambda: panel.state is not None and panel.walk_in_box.count() == 3,
                             timeout=10000)
        return panel

    def stop(self) -> None:
        for widget in self.made:
            if isinstance(widget, QWidget):
                widget.hide()
            stop = getattr(widget, "stop", None)
            if stop is not None:
                stop()
        for runner in self.runners:
            runner.wait(10000)
        self.qtbot.wait(20)
        for widget in self.made:
            shiboken6.delete(widget)  # type: ignore[arg-type]
        for client in self.clients:
            client.close()


@pytest.fixture
def counter(qtbot: QtBot, db: Database, hall: Hall, ui_server: str,
            signed_runner: SignedRunner) -> Iterator[Counter]:
    counter = Counter(qtbot, db, hall, ui_server, signed_runner)
    yield counter
    counter.stop()


def test_a_window_is_open_on_the_panel_as_soon_as_its_clerk_signs_in(counter: Counter) -> None:
    panel = counter.panel("clerk", 4)
    assert panel.state is not None and panel.state.state == "open"
    assert panel.window_state_label.text() == "空闲，可叫号"
    assert panel.call_button.isEnabled()


def test_a_panel_gone_before_its_answers_come_drops_them(qtbot: QtBot, counter: Counter
                                                         ) -> None:
    """Signed out at once: the window's state and its services (three questions to the
    server) arrive for a deleted panel and must not touch it."""
    runner, actor = counter.signed_in("clerk", 4)
    panel = QueuePanel(runner, actor)
    shiboken6.delete(panel)
    assert runner.wait(10000)
    qtbot.wait(50)  # the answers are delivered here; pytest-qt fails the test if one raises


def test_a_walk_in_gets_a_number_for_what_this_window_does(counter: Counter) -> None:
    assert counter.panel("clerk", 4).walk_in_box.currentText() == "B 业务办理"
    assert counter.panel("cashier", 3).walk_in_box.currentText() == "C 报修投诉"
    assert counter.panel("hall_manager", 1).walk_in_box.currentText() == "A 缴费"


def test_a_walk_in_defaults_to_a_service_of_this_window_that_is_open_now(
        counter: Counter) -> None:
    """After B 业务办理's hours, window 4 (B, then C) offers C, which still takes numbers,
    rather than B, which the service would refuse as 现在不办理; with none of its services
    open, its own."""
    with counter.db.scope() as s:
        service = s.get(QueueService, counter.services["B"].id)
        assert service is not None
        service.opens_at = service.closes_at = time(0, 0)  # closed all day
        s.commit()
    assert counter.panel("clerk", 4).walk_in_box.currentText() == "C 报修投诉"
    with counter.db.scope() as s:
        service = s.get(QueueService, counter.services["C"].id)
        assert service is not None
        service.opens_at = service.closes_at = time(0, 0)
        s.commit()
    assert counter.panel("clerk", 4).walk_in_box.currentText() == "B 业务办理"
    assert counter.panel("hall_manager", 1).walk_in_box.currentText() == "A 缴费"


def _edit_width(box: QComboBox) -> int:
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    return box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                      QStyle.SubControl.SC_ComboBoxEditField, box).width()


def _cut_short(box: QComboBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count())
            if box.fontMetrics().horizontalAdvance(box.itemText(i)) > _edit_width(box)]


def test_the_service_boxes_show_their_whole_text(qtbot: QtBot, counter: Counter) -> None:
    panel = counter.panel("cashier", 3)
    qtbot.waitExposed(panel)
    boxes = (panel.walk_in_box, panel.transfer_box)
    # The layout takes the boxes' new width on its next pass, as on screen; before the fix
    # it never did and they stayed as wide as when they were empty.
    qtbot.waitUntil(lambda: not any(_cut_short(box) for box in boxes), timeout=3000)
    assert panel.walk_in_box.currentText() == "C 报修投诉"
    assert panel.walk_in_box.fontMetrics().horizontalAdvance("C 报修投诉") <= _edit_width(
        panel.walk_in_box)


def test_signing_out_takes_the_number_off_the_hall_display(
        qtbot: QtBot, counter: Counter, db: Database, hall: Hall) -> None:
    display_runner, display_actor = counter.display()
    assert display_runner.client is not None
    notices = LiveNotices(display_runner.client, hall.info.id)
    engine = RecordingEngine()
    display = HallDisplay(display_runner, display_actor, engine, notices=notices)
    counter.made += [display, notices]
    display.resize(1280, 720)
    notices.start()
    display.start()
    qtbot.waitUntil(lambda: display.status is not None, timeout=10000)
    kiosk = Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")
    with db.scope() as s:
        queueing.issue_ticket(s, kiosk, counter.services["C"].id)
    cashier, _ = counter.signed_in("cashier", 3)  # at the counter: through the server
    assert cashier.client is not None
    called = cashier.client.call(queueing.call_next)
    assert called is not None and called.code == "C001"
    qtbot.waitUntil(lambda: engine.said == ["请C零零一号到3号窗口办理"], timeout=5000)
    qtbot.waitUntil(lambda: display.window_rows[3][1].text() == "C001", timeout=5000)
    assert display.hero_call.text() == "请 C001 号\n到 3 号窗口"
    cashier.client.sign_out()
    qtbot.waitUntil(lambda: display.window_rows[3][1].text() == "未开放", timeout=5000)
    assert display.hero_call.text() == ""  # nobody is at window 3 to go to
    assert len(engine.said) == 1


def test_the_managers_view_and_the_display_show_a_signed_in_window_open(
        qtbot: QtBot, counter: Counter, db: Database, hall: Hall) -> None:
    from ui.manager.hall_view import HallView

    counter.signed_in("clerk", 4)  # signed in, nobody called yet
    view = HallView(*counter.signed_in("hall_manager", None))
    display = HallDisplay(*counter.display(), RecordingEngine())
    counter.made += [view, display]
    view.show()  # loads when on screen
    display.start()
    qtbot.waitUntil(lambda: view.status is not None and display.status is not None,
                    timeout=10000)
    assert view.window_rows[4][1].text() == "开放"
    assert view.window_rows[3][1].text() == "未开放"  # nobody signed in there
    assert display.window_rows[4][1].text() == "—"
    assert display.window_rows[3][1].text() == "未开放"
