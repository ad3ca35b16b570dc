"""The queue end to end, offscreen: a ticket taken, called from a window panel, shown and
spoken on the hall display — every screen a client of a real HallDesk server (the cashier
signed in at window 2, the display and the kiosk enrolled devices) and driven by the server's
change notices, on both databases. Tickets the test takes itself go straight to the database
(the test is the server's side)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import time

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app import events
from app.api.embedded import EmbeddedServer
from app.client import ServerClient
from app.db import Database
from app.permissions import Role
from app.services import queueing
from app.services.context import Actor
from tests.conftest import Hall
from tests.tcp_proxy import TcpProxy
from tests.ui.conftest import RecordingEngine
from tests.ui.test_live_notices import enrolled_device
from ui import i18n
from ui.counter.queue_panel import QueuePanel
from ui.display.window import HallDisplay
from ui.live import LiveNotices
from ui.operations import OperationRunner

ALL_DAY = {"opens_at": time(0, 0), "closes_at": time(23, 59, 59)}
SignedRunner = Callable[..., tuple[OperationRunner, Actor]]



class Screens:
    def __init__(self, qtbot: QtBot, db: Database, hall: Hall, url: str,
                 signed_runner: SignedRunner) -> None:
        i18n.install("zh_CN")
        self.db = db
        self.hall = hall
        self.url = url
        manager = hall.login(db, "hall_manager", window=None)
        with db.scope() as s:
            self.service = queueing.create_service(s, manager, "A", "缴费", windows=(2,),
                                                   **ALL_DAY)
        # Another kiosk's numbers, taken by the test on the database itself.
        self.kiosk = Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")
        self.runner, self.cashier = signed_runner(hall.users["cashier"], window=2)
        self.display_client, _, _ = enrolled_device(db, hall, url, "display")
        self.display_runner = OperationRunner(self.display_client)
        self.clients: list[ServerClient] = [self.display_client]
        assert self.runner.client is not None and self.display_client.actor is not None
        self.notices = [LiveNotices(self.runner.client, hall.info.id),
                        LiveNotices(self.display_client, hall.info.id, topics=[events.QUEUE])]
        self.panel = QueuePanel(self.runner, self.cashier, self.notices[0])
        self.engine = RecordingEngine()
        self.display = HallDisplay(self.display_runner, self.display_client.actor, self.engine,
                                   notices=self.notices[1])
        qtbot.addWidget(self.panel)
        qtbot.addWidget(self.display)
        self.display.resize(1280, 720)
        for notices in self.notices:
            notices.start()
        self.display.start()
        qtbot.waitUntil(lambda: self.display.status is not None, timeout=10000)

    def stop(self) -> None:
        self.panel.stop()
        self.display.stop()
        for notices in self.notices:
            notices.stop()
        self.runner.wait(10000)
        self.display_runner.wait(10000)
        for client in self.clients:
            client.close()

    def kiosk_runner(self) -> tuple[OperationRunner, Actor]:
        """A runner signed in as an enrolled kiosk of the hall."""
        client, _, _ = enrolled_device(self.db, self.hall, self.url, "kiosk", "大厅1号机")
        self.clients.append(client)
        assert client.actor is not None
        return OperationRunner(client), client.actor

    def texts(self) -> str:
        return " ".join(label.text() for label in self.display.findChildren(QLabel))


@pytest.fixture
def screens(qtbot: QtBot, db: Database, hall: Hall, ui_server: str,
            signed_runner: SignedRunner) -> Iterator[Screens]:
    screens = Screens(qtbot, db, hall, ui_server, signed_runner)
    yield screens
    screens.stop()


def test_kiosk_ticket_is_called_at_the_window_and_shown_and_spoken(
        qtbot: QtBot, screens: Screens) -> None:
    with screens.db.scope() as s:
        ticket = queueing.issue_ticket(s, screens.kiosk, screens.service.id,
                                       account_no="1002003004", phone="13812345678")
    # No timer re-reads the panel any more: only the notice can bring the count.
    qtbot.waitUntil(lambda: screens.panel.waiting_label.text() == "等候 1", timeout=5000)
    qtbot.waitUntil(lambda: "1 人等候" in screens.texts(), timeout=5000)
    screens.panel.call_button.click()
    qtbot.waitUntil(lambda: screens.engine.said == ["请A零零一号到2号窗口办理"], timeout=5000)
    assert screens.display.hero_call.text() == "请 A001 号\n到 2 号窗口"
    assert screens.display.subtitle.text() == "请A001号到2号窗口办理"
    qtbot.waitUntil(lambda: screens.display.window_rows[2][1].text() == ticket.code,
                    timeout=5000)
    assert screens.display.recent_labels[0].text() == "A001"
    assert screens.display.recent_windows[0].text() == "2号窗口"
    qtbot.waitUntil(screens.panel.recall_button.isEnabled, timeout=5000)
    screens.panel.recall_button.click()  # nobody came: the display says it again
    qtbot.waitUntil(lambda: len(screens.engine.said) == 2, timeout=5000)
    assert screens.engine.said[1] == screens.engine.said[0]
    qtbot.waitUntil(lambda: not screens.display.subtitle.isVisible(), timeout=5000)
    shown = screens.texts()
    assert "13812345678" not in shown and "1002003004" not in shown and "3004" not in shown


def test_the_display_clock_is_the_halls_not_the_pcs(screens: Screens) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    screens.display.tick()
    hall_now = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d  %H:%M")
    assert screens.display.clock_label.text().startswith(hall_now)


def test_calls_from_many_windows_are_each_spoken_once_in_order(
        qtbot: QtBot, screens: Screens, db: Database, hall: Hall) -> None:
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        other = queueing.create_service(s, manager, "B", "业务办理", windows=(3, 4), **ALL_DAY)
    for service_id in (screens.service.id, other.id, other.id):
        with db.scope() as s:
            queueing.issue_ticket(s, screens.kiosk, service_id)
    for actor in (screens.cashier, hall.login(db, "clerk", window=3),
                  hall.login(db, "hall_manager", window=4)):
        with db.scope() as s:
            queueing.call_next(s, actor)
    qtbot.waitUntil(lambda: len(screens.engine.said) == 3, timeout=5000)
    assert screens.engine.said == ["请A零零一号到2号窗口办理", "请B零零一号到3号窗口办理",
                                   "请B零零二号到4号窗口办理"]
    qtbot.wait(300)  # later reloads of the same state say nothing more
    assert len(screens.engine.said) == 3


def test_the_managers_notice_scrolls_on_the_display(qtbot: QtBot, screens: Screens,
                                                    db: Database, hall: Hall) -> None:
    with db.scope() as s:
        queueing.set_display_notice(s, hall.login(db, "hall_manager", window=None),
                                    "今日16:00后暂停办理过户业务")
    qtbot.waitUntil(lambda: screens.display.marquee.text == "今日16:00后暂停办理过户业务",
                    timeout=5000)
    assert not screens.display.marquee.isHidden()


def test_the_panel_issues_a_priority_ticket_for_a_walk_in(qtbot: QtBot,
                                                          screens: Screens) -> None:
    panel = screens.panel
    qtbot.waitUntil(lambda: panel.walk_in_box.count() == 1, timeout=5000)
    panel.priority_box.setCurrentIndex(1)  # 优先: 老年人
    panel.issue_button.click()
    qtbot.waitUntil(lambda: "A001" in panel.message.text(), timeout=5000)
    assert panel.priority_box.currentIndex() == 0  # the next walk-in starts as normal
    qtbot.waitUntil(lambda: panel.waiting_label.text() == "等候 1", timeout=5000)
    with screens.db.scope() as s:
        called = queueing.call_next(s, screens.cashier)
    assert called is not None and called.priority


def test_display_survives_the_servers_database_going_away(
        qtbot: QtBot, db: Database, hall: Hall, pg_behind_proxy: tuple[str, TcpProxy]) -> None:
    url, proxy = pg_behind_proxy
    far = Database(url)
    server = EmbeddedServer(far)  # the server reaches its database through the proxy
    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        service = queueing.create_service(s, manager, "A", "缴费", windows=(2,), **ALL_DAY)
    client, _, _ = enrolled_device(db, hall, server.start(), "display")
    assert client.actor is not None
    runner = OperationRunner(client)
    notices = LiveNotices(client, hall.info.id, topics=[events.QUEUE])
    engine = RecordingEngine()
    display = HallDisplay(runner, client.actor, engine, notices=notices)
    qtbot.addWidget(display)
    display.show()
    notices.start()
    display.start()
    try:
        qtbot.waitUntil(lambda: display.status is not None and notices.connected,
                        timeout=10000)
        proxy.stop()
        display.reloader.request()
        qtbot.waitUntil(display.offline_label.isVisible, timeout=15000)
        kiosk = Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")
        with db.scope() as s:  # while the server cannot reach its database
            queueing.issue_ticket(s, kiosk, service.id)
        with db.scope() as s:
            queueing.call_next(s, hall.login(db, "cashier", window=2))
        proxy.start()
        # Back: the server's listener reconnects, the server tells every socket "reload
        # everything", the call made meanwhile (less than a minute ago) is shown and spoken.
        qtbot.waitUntil(lambda: engine.said == ["请A零零一号到2号窗口办理"], timeout=30000)
        assert not display.offline_label.isVisible()
    finally:
        display.stop()
        notices.stop()
        runner.wait(10000)
        client.close()
        server.stop()
        far.dispose()


def test_a_no_show_after_the_recalls_is_said_and_can_be_requeued_by_its_number(
        qtbot: QtBot, screens: Screens) -> None:
    panel = screens.panel
    with screens.db.scope() as s:
        queueing.issue_ticket(s, screens.kiosk, screens.service.id)
    qtbot.waitUntil(lambda: panel.waiting_label.text() == "等候 1", timeout=5000)
    panel.call_button.click()
    for _ in range(3):  # the hall allows two recalls; the third makes it a no-show
        qtbot.waitUntil(panel.recall_button.isEnabled, timeout=5000)
        panel.recall_button.click()
        qtbot.waitUntil(lambda: not panel.recall_button.isEnabled()
                        or "已重呼" in panel.message.text(), timeout=5000)
        qtbot.waitUntil(lambda: panel.state is not None and (
            panel.state.current is None or panel.recall_button.isEnabled()), timeout=5000)
    qtbot.waitUntil(lambda: "已记为过号" in panel.message.text(), timeout=5000)
    panel.code_box.setText("a001")
    panel.requeue_button.click()
    qtbot.waitUntil(lambda: "已重新排队" in panel.message.text(), timeout=5000)
    qtbot.waitUntil(lambda: panel.waiting_label.text() == "等候 1", timeout=5000)


def test_a_touch_on_the_kiosk_is_called_at_the_panel_and_shown_on_the_display(
        qtbot: QtBot, screens: Screens, tmp_path: object) -> None:
    """Acceptance: kiosk issue -> window panel call -> display shows (and says) the number."""
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from printing.escpos import PrinterSettings
    from ui.kiosk.window import KioskScreen

    assert isinstance(tmp_path, Path)
    paper = tmp_path / "ticket.bin"
    kiosk_runner, kiosk_actor = screens.kiosk_runner()
    kiosk = KioskScreen(kiosk_runner, kiosk_actor, zone=ZoneInfo("Asia/Shanghai"),
                        printer=PrinterSettings(kind="file", file_path=str(paper)))
    qtbot.addWidget(kiosk)
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.status is not None, timeout=10000)
    try:
        kiosk.service_buttons[screens.service.id].click()
        qtbot.waitUntil(lambda: kiosk.result_code.text() == "A001", timeout=10000)
        qtbot.waitUntil(lambda: paper.exists() and b"A001" in paper.read_bytes(),
                        timeout=10000)
        qtbot.waitUntil(lambda: screens.panel.waiting_label.text() == "等候 1", timeout=5000)
        screens.panel.call_button.click()
        # About 1 run in 15 on PostgreSQL the display hears nothing of the call for more than
        # 10 s (seen before and after the unit-of-work change; not yet understood, issue 9's
        # closing note): its 30 s backup reload then finds the call, still fresh enough to be
        # spoken. What was said and what the display holds go into the failure's message.
        try:
            qtbot.waitUntil(lambda: bool(screens.engine.said), timeout=35000)
        finally:
            said = list(screens.engine.said)
            held = screens.display.status.recent_calls if screens.display.status else None
        assert said == ["请A零零一号到2号窗口办理"], (said, held)
        assert screens.display.hero_call.text() == "请 A001 号\n到 2 号窗口"
    finally:
        kiosk.stop()
        kiosk_runner.wait(10000)
