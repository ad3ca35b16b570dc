"""The window panel as a clerk finds it right after signing in, offscreen on both databases:
the window is open before its first F1, a walk-in's number defaults to what this window
does, the service boxes show their whole text, and signing out takes the number off the hall
display."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest
import shiboken6
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.db import Database
from app.models import QueueService
from app.permissions import Role
from app.services import auth, queueing
from app.services.context import Actor, device_actor
from tests.conftest import Hall
from tests.ui.test_queue_flow import RecordingEngine
from ui import i18n
from ui.app import RESOURCES, STYLES, UI_FONTS
from ui.counter.queue_panel import QueuePanel
from ui.display.window import HallDisplay
from ui.live import LiveNotices
from ui.operations import OperationRunner

ALL_DAY = {"opens_at": time(0, 0), "closes_at": time(23, 59, 59)}
NOTICE_POLL = 0.05


class Counter:
    """Services as in the demo hall: A 缴费 at windows 1 and 2, B 业务办理 at 4, C 报修投诉 at
    3 and 4 (window 4 calls B, then C)."""

    def __init__(self, qtbot: QtBot, db: Database, hall: Hall) -> None:
        i18n.install("zh_CN")
        self.qtbot = qtbot
        self.db = db
        self.hall = hall
        manager = hall.login(db, "hall_manager", window=None)
        self.services = {}
        for prefix, name, windows in (("A", "缴费", (1, 2)), ("B", "业务办理", (4,)),
                                      ("C", "报修投诉", (3, 4))):
            with db.scope() as s:
                self.services[prefix] = queueing.create_service(
                    s, manager, prefix, name, windows=windows, **ALL_DAY)
        self.runner = OperationRunner(db)
        self.made: list[object] = []

    def panel(self, role: str, window: int, *, notices: LiveNotices | None = None
              ) -> QueuePanel:
        actor = self.hall.login(self.db, role, window=window)
        panel = QueuePanel(self.runner, actor, notices)
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
        self.runner.wait(10000)
        self.qtbot.wait(20)
        for widget in self.made:
            shiboken6.delete(widget)  # type: ignore[arg-type]
        shiboken6.delete(self.runner)


@pytest.fixture
def counter(qtbot: QtBot, db: Database, hall: Hall) -> Iterator[Counter]:
    counter = Counter(qtbot, db, hall)
    yield counter
    counter.stop()


def test_a_window_is_open_on_the_panel_as_soon_as_its_clerk_signs_in(counter: Counter) -> None:
    panel = counter.panel("clerk", 4)
    assert panel.state is not None and panel.state.state == "open"
    assert panel.window_state_label.text() == "空闲，可叫号"
    assert panel.call_button.isEnabled()


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
    with db.scope() as s:
        display_actor = device_actor(s, Role.DISPLAY, hall.code, "display")
    notices = LiveNotices(db, hall.info.id, poll_seconds=NOTICE_POLL)
    engine = RecordingEngine()
    display = HallDisplay(counter.runner, display_actor, engine, notices=notices)
    counter.made += [display, notices]
    display.resize(1280, 720)
    notices.start()
    display.start()
    qtbot.waitUntil(lambda: display.status is not None, timeout=10000)
    kiosk = Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")
    with db.scope() as s:
        queueing.issue_ticket(s, kiosk, counter.services["C"].id)
    cashier = hall.login(db, "cashier", window=3)
    with db.scope() as s:
        queueing.call_next(s, cashier)
    qtbot.waitUntil(lambda: engine.said == ["请C零零一号到3号窗口办理"], timeout=5000)
    qtbot.waitUntil(lambda: display.window_rows[3][1].text() == "C001", timeout=5000)
    assert display.hero_call.text() == "请 C001 号\n到 3 号窗口"
    with db.scope() as s:
        auth.logout(s, cashier)
    qtbot.waitUntil(lambda: display.window_rows[3][1].text() == "未开放", timeout=5000)
    assert display.hero_call.text() == ""  # nobody is at window 3 to go to
    assert len(engine.said) == 1


def test_the_managers_view_and_the_display_show_a_signed_in_window_open(
        qtbot: QtBot, counter: Counter, db: Database, hall: Hall) -> None:
    from ui.manager.hall_view import HallView

    hall.login(db, "clerk", window=4)  # signed in, nobody called yet
    view = HallView(counter.runner, hall.login(db, "hall_manager", window=None))
    with db.scope() as s:
        display_actor = device_actor(s, Role.DISPLAY, hall.code, "display")
    display = HallDisplay(counter.runner, display_actor, RecordingEngine())
    counter.made += [view, display]
    view.show()  # loads when on screen
    display.start()
    qtbot.waitUntil(lambda: view.status is not None and display.status is not None,
                    timeout=10000)
    assert view.window_rows[4][1].text() == "开放"
    assert view.window_rows[3][1].text() == "未开放"  # nobody signed in there
    assert display.window_rows[4][1].text() == "—"
    assert display.window_rows[3][1].text() == "未开放"
