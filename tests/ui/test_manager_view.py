"""The hall manager's live queue view, offscreen on both databases: tiles from real tickets,
the waiting alert and its acknowledgement, the hall display's notice, staleness while the
database is away, and who gets the area at all. The widgets reach the data only through a
real HallDesk server on loopback, signed in as the hall's manager."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.api.embedded import EmbeddedServer
from app.client import ServerClient
from app.db import Database
from app.errors import ValidationError
from app.models import Hall as HallRow
from app.models.base import utcnow
from app.permissions import Role
from app.services import queueing
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.tcp_proxy import TcpProxy
from ui import i18n
from ui.connection import ConnectionMonitor
from ui.counter.main_window import MainWindow, areas_for
from ui.live import LiveNotices
from ui.manager.hall_view import HallView, wait_text
from ui.messages import error_text
from ui.operations import OperationRunner

ALL_DAY = {"opens_at": time(0, 0), "closes_at": time(23, 59, 59)}
NEVER_NOW = {"opens_at": time(0, 0), "closes_at": time(0, 0, 1)}  # closed all but 1 s
SignedRunner = Callable[..., tuple[OperationRunner, Actor]]


class Setup:
    def __init__(self, db: Database, hall: Hall) -> None:
        i18n.install("zh_CN")
        self.db = db
        self.hall = hall
        self.manager = hall.login(db, "hall_manager", window=None)
        with db.scope() as s:
            self.a = queueing.create_service(s, self.manager, "A", "缴费", windows=(1,),
                                             **ALL_DAY)
        with db.scope() as s:
            self.b = queueing.create_service(s, self.manager, "B", "业务办理", windows=(2,),
                                             **ALL_DAY)
        with db.scope() as s:
            self.c = queueing.create_service(s, self.manager, "C", "报修投诉", windows=(3,),
                                             **NEVER_NOW)
        self.kiosk = Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")

    def issue(self, service: queueing.ServiceInfo, ago: timedelta = timedelta(0)
              ) -> queueing.TicketInfo:
        with self.db.scope() as s:
            return queueing.issue_ticket(s, self.kiosk, service.id, now=utcnow() - ago)


@pytest.fixture
def setup(db: Database, hall: Hall) -> Setup:
    return Setup(db, hall)


@pytest.fixture
def make_view(qtbot: QtBot, setup: Setup, signed_runner: SignedRunner
              ) -> Iterator:  # type: ignore[type-arg]
    """``make_view(live=False, signed=None)``: the view of the hall's manager signed in at
    the test server (or of ``signed``, a runner and actor of another server), with no
    database in its runner."""
    made: list[tuple[HallView, OperationRunner, LiveNotices | None]] = []

    def make(*, live: bool = False,
             signed: tuple[OperationRunner, Actor] | None = None) -> HallView:
        runner, actor = signed or signed_runner(setup.hall.users["hall_manager"], window=None)
        assert runner.client is not None
        notices = LiveNotices(runner.client, actor.hall_id) if live else None
        view = HallView(runner, actor, notices)
        view.resize(1366, 900)
        made.append((view, runner, notices))
        if notices is not None:
            notices.start()
        view.show()
        return view

    yield make
    for view, _runner, notices in made:
        view.stop()
        view.hide()
        if notices is not None:
            notices.stop()
    _delete_when_idle(qtbot, made)


def _delete_when_idle(qtbot: QtBot, made: list[tuple[Any, OperationRunner, Any]]) -> None:
    """Delete the Qt objects here, on the GUI thread, once their work is over: left to the
    garbage collector, they could be deleted on a worker thread in a later test. The runners
    are ``signed_runner``'s (it waits for them and closes their clients)."""
    for _widget, runner, _other in made:
        runner.wait(10000)
    qtbot.wait(20)  # deliver the last results while their receivers exist
    for widget, _runner, other in made:
        shiboken6.delete(widget)
        if other is not None:
            shiboken6.delete(other)


def test_tiles_windows_and_totals_show_the_issued_tickets(
        qtbot: QtBot, setup: Setup, make_view) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        setup.issue(setup.a)
    setup.issue(setup.b)
    window_1 = setup.hall.login(setup.db, "cashier", window=1)
    with setup.db.scope() as s:
        called = queueing.call_next(s, window_1)
    assert called is not None
    view: HallView = make_view(live=True)
    qtbot.waitUntil(lambda: view.status is not None and len(view.tiles) == 3, timeout=10000)
    a, b, c = (view.tiles[s.id] for s in (setup.a, setup.b, setup.c))
    assert a.count.text() == "2" and b.count.text() == "1" and c.count.text() == "0"
    assert a.name.text() == "A  缴费"
    assert not a.marker.isVisibleTo(view) and not a.property("alert")
    assert c.property("closed") and c.closed_note.isVisibleTo(view)
    assert "00:00" in c.closed_note.text() and not c.marker.isVisibleTo(view)
    assert view.totals["issued"][1].text() == "4"
    assert view.totals["waiting"][1].text() == "3"
    assert view.totals["served"][1].text() == "0"
    assert sorted(view.window_rows) == [1, 2, 3, 4]
    number, state, ticket = view.window_rows[1]
    assert number.text() == "1" and ticket.text() == called.code == "A001"
    assert state.property("state") == "open"
    assert view.window_rows[2][2].text() == "—"
    assert view.window_rows[2][1].property("state") == "closed"
    assert view.chart.issued_set.sum() == 4  # every ticket is in the day's chart
    # A ticket taken at the kiosk reaches the screen by change notice.
    setup.issue(setup.b)
    qtbot.waitUntil(lambda: b.count.text() == "2", timeout=10000)
    assert view.totals["issued"][1].text() == "5"
    assert not view.alert_banner.isVisible() and not view.stale_label.isVisible()
    view._loaded_clock -= 60  # a reload hanging on a silently dead link for a minute
    view.check_age()
    assert view.stale_label.isVisible() and b.count.text() == "2"


def test_alert_past_the_threshold_until_acknowledged(
        qtbot: QtBot, setup: Setup, make_view) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(ZoneInfo(setup.hall.info.timezone))
    if now - now.replace(hour=0, minute=0, second=0, microsecond=0) < timedelta(minutes=10):
        pytest.skip("tickets of ten minutes ago would belong to yesterday's business day")
    with setup.db.scope() as s:
        s.execute(update(HallRow).values(wait_alert_minutes=2))
        s.commit()
    setup.issue(setup.b, ago=timedelta(minutes=5))
    setup.issue(setup.a)
    view: HallView = make_view()
    qtbot.waitUntil(view.alert_banner.isVisible, timeout=10000)
    tile_a, tile_b = view.tiles[setup.a.id], view.tiles[setup.b.id]
    # Red and a text marker: colour is never the only signal.
    assert tile_b.property("alert") and tile_b.marker.isVisibleTo(view)
    assert tile_b.marker.text() == tile_b.tr("Over limit")
    assert not tile_a.property("alert") and not tile_a.marker.isVisibleTo(view)
    assert "B 业务办理" in view.alert_text.text() and "A 缴费" not in view.alert_text.text()
    assert "2" in view.alert_text.text()
    assert tile_b.wait.text().startswith(("5:", "6:"))
    view.acknowledge_button.click()
    assert not view.alert_banner.isVisible()
    loads = view.reloader.loads
    view.reload()
    qtbot.waitUntil(lambda: view.reloader.loads > loads and not view.reloader.running,
                    timeout=10000)
    assert not view.alert_banner.isVisible()  # the same service still over: stays hidden
    assert tile_b.property("alert")  # the tile itself stays red
    # Another service going over brings the banner back.
    setup.issue(setup.a, ago=timedelta(minutes=4))
    view.reload()
    qtbot.waitUntil(view.alert_banner.isVisible, timeout=10000)
    assert "A 缴费" in view.alert_text.text()


def test_notice_editor_saves_and_refuses_a_too_long_notice_keeping_the_text(
        qtbot: QtBot, setup: Setup, make_view) -> None:  # type: ignore[no-untyped-def]
    view: HallView = make_view()
    qtbot.waitUntil(lambda: view.status is not None, timeout=10000)
    view.notice_box.insert("本周六  暖气费窗口照常营业")  # as typed (emits textEdited)
    view.save_button.click()
    qtbot.waitUntil(view.notice_message.isVisible, timeout=10000)
    assert not view.notice_message.property("problem")
    assert view.notice_box.text() == "本周六 暖气费窗口照常营业"  # as the display shows it
    with setup.db.scope() as s:
        assert queueing.queue_status(s, setup.manager).notice == "本周六 暖气费窗口照常营业"

    too_long = "停" * (queueing.MAX_NOTICE_LENGTH + 1)
    view.notice_box.selectAll()
    view.notice_box.insert(too_long)
    assert view.notice_count.property("problem")
    view.notice_message.hide()
    view.save_button.click()
    qtbot.waitUntil(lambda: view.notice_message.isVisible()
                    and bool(view.notice_message.property("problem")), timeout=10000)
    expected = error_text(ValidationError("x", field="notice", rule="too_long",
                                          n=queueing.MAX_NOTICE_LENGTH))
    assert view.notice_message.text() == expected
    assert str(queueing.MAX_NOTICE_LENGTH) in expected
    assert view.notice_box.text() == too_long  # nothing typed is lost
    assert view.notice_box.property("problem")
    view.reload()  # a reload does not overwrite what the manager is editing
    loads = view.reloader.loads
    qtbot.waitUntil(lambda: view.reloader.loads >= loads and not view.reloader.running,
                    timeout=10000)
    assert view.notice_box.text() == too_long
    with setup.db.scope() as s:
        assert queueing.queue_status(s, setup.manager).notice == "本周六 暖气费窗口照常营业"


def test_wait_text_reads_minutes_and_seconds() -> None:
    assert wait_text(0) == "0:00"
    assert wait_text(65) == "1:05"
    assert wait_text(59 * 60 + 59) == "59:59"
    assert wait_text(3600 + 125) == "1:02:05"


@pytest.fixture
def main_windows(qtbot: QtBot, tmp_path: Path, signed_runner: SignedRunner
                 ) -> Iterator:  # type: ignore[type-arg]
    """``main_windows(username, window)``: the workspace of that person signed in at the
    test server."""
    made: list[tuple[MainWindow, OperationRunner, ConnectionMonitor]] = []

    def make(username: str, window_number: int | None) -> MainWindow:
        runner, actor = signed_runner(username, window=window_number)
        monitor = ConnectionMonitor(runner)
        ui_state = QSettings(str(tmp_path / f"ui-{len(made)}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(runner, monitor, actor, ui_state=ui_state, idle_lock_minutes=0)
        made.append((window, runner, monitor))
        return window

    yield make
    for window, _runner, monitor in made:
        window.idle.remove()
        window.close()  # stops its notices and records the sign-out
        monitor.stop()
    _delete_when_idle(qtbot, made)


def test_only_the_hall_manager_gets_the_hall_view(
        qtbot: QtBot, setup: Setup, main_windows) -> None:  # type: ignore[no-untyped-def]
    assert "manager" not in areas_for("clerk") and "manager" not in areas_for("cashier")
    clerk: MainWindow = main_windows(setup.hall.users["clerk"], 2)
    assert "manager" not in clerk.areas
    assert not clerk.findChildren(HallView)
    manager: MainWindow = main_windows(setup.hall.users["hall_manager"], None)
    view = manager.areas["manager"]
    assert isinstance(view, HallView)
    manager.show()
    manager.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.status is not None and len(view.tiles) == 3, timeout=10000)
    assert view.reloader.backup.isActive()  # the 5 s reload runs while on screen…
    manager.tabs.setCurrentIndex(0)
    assert not view.reloader.backup.isActive()  # …and not behind another tab


def test_unreachable_database_keeps_the_last_state_marked_out_of_date(
        qtbot: QtBot, setup: Setup, make_view,  # type: ignore[no-untyped-def]
        pg_behind_proxy: tuple[str, TcpProxy]) -> None:
    """The server's database away behind a cut link: the server answers db_unavailable."""
    url, proxy = pg_behind_proxy
    setup.issue(setup.a)
    far = Database(url)
    server = EmbeddedServer(far, live=False)
    client = ServerClient(server.start())
    runner = OperationRunner(client)
    try:
        signed = client.sign_in(setup.hall.users["hall_manager"], PASSWORD,
                                hall_code=setup.hall.code, window_number=None)
        view: HallView = make_view(signed=(runner, signed.actor))
        runner.setParent(view)  # deleted with the view, on the GUI thread
        qtbot.waitUntil(lambda: view.status is not None, timeout=10000)
        tile = view.tiles[setup.a.id]
        assert tile.count.text() == "1"
        proxy.stop()
        far.engine.dispose()
        view.reload()
        qtbot.waitUntil(view.stale_label.isVisible, timeout=20000)
        assert view.loaded_at is not None
        assert view.loaded_at.strftime("%H:%M:%S") in view.stale_label.text()
        assert view.updated_label.property("problem")
        assert tile.count.text() == "1"  # the last state stays on screen
        proxy.start()
        qtbot.waitUntil(lambda: not view.stale_label.isVisible(), timeout=20000)
        assert not view.updated_label.property("problem")
    finally:
        runner.wait(10000)
        client.close()
        server.stop()
        far.dispose()
