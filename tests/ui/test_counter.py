"""The counter client driven offscreen: login, workspace by role, lockout, idle lock,
language, customer search, and surviving a lost database connection (behind the embedded
server) or a lost HallDesk server (one the counter names)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.db import Database
from app.models import Account, Customer
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.tcp_proxy import TcpProxy
from ui import i18n
from ui.counter.controller import CounterController
from ui.counter.login import LoginDialog
from ui.counter.main_window import MainWindow


def make_settings(url: str, tmp_path: Path, **kw: object) -> Settings:
    values: dict[str, object] = {"hall": "H01", "window": 2, "language": "zh_CN",
                                 "idle_lock_minutes": 0}
    values.update(kw)
    return Settings(db_url=url, config_dir=tmp_path / "cfg", data_dir=tmp_path / "data",
                    **values)  # type: ignore[arg-type]


def db_url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture
def start_counter(qtbot: QtBot, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    controllers: list[CounterController] = []

    def start(url: str, **kw: object) -> CounterController:
        i18n.install(str(kw.get("language", "zh_CN")))
        retry_ms = int(kw.pop("retry_ms", 3000))  # type: ignore[call-overload]
        controller = CounterController(make_settings(url, tmp_path, **kw), retry_ms=retry_ms)
        controllers.append(controller)
        controller.start()
        login = controller.login  # the controller owns and deletes it
        assert login is not None
        qtbot.waitUntil(lambda: login.schema_ok and login.hall_box.count() > 1, timeout=10000)
        return controller

    yield start
    for controller in controllers:
        controller.monitor.stop()
        if controller.window is not None:
            controller.window.idle.remove()
            controller.window.close()
        controller.shutdown()
    i18n.install("zh_CN")


def sign_in(qtbot: QtBot, controller: CounterController, username: str,
            password: str = PASSWORD) -> None:
    login = controller.login
    assert login is not None
    login.username.setText(username)
    login.password.setText(password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)


def wait_for_window(qtbot: QtBot, controller: CounterController) -> MainWindow:
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10000)
    window = controller.window  # the controller owns and deletes it
    assert window is not None
    return window


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def serving(controller: CounterController, password: str) -> bool:
    """The counter's embedded server runs on its database with ``password``, and the counter
    talks to that server."""
    server = controller.server
    return (server is not None and server.db.url.password == password and bool(server.url)
            and controller.client.base_url == server.url)


def test_login_opens_the_workspace_of_the_role(qtbot: QtBot, db: Database, hall: Hall,
                                                start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    login = controller.login
    assert login.hall_box.currentData() == "H01"
    assert login.window_box.currentData() == 2
    assert login.windowTitle() == "HallDesk — 登录"
    sign_in(qtbot, controller, hall.users["cashier"])
    window = wait_for_window(qtbot, controller)
    assert tab_titles(window) == ["收费", "催缴"]
    assert "李娜（收费员）" in window.user_label.text()
    assert window.place_label.text() == "第一营业厅 · 2号窗口"
    qtbot.waitUntil(lambda: window.db_label.text() == "数据库已连接", timeout=5000)
    assert window.windowTitle() == "HallDesk — 第一营业厅"


def test_manager_workspace_has_every_counter_area(qtbot: QtBot, db: Database, hall: Hall,
                                                   start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["hall_manager"])
    window = wait_for_window(qtbot, controller)
    assert tab_titles(window) == ["受理", "收费", "投诉", "催缴", "大厅管理", "收费管理", "人员",
                                 "审计"]
    window.search.box.setFocus()
    qtbot.keyClick(window.search.box, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 7
    qtbot.keyClick(window.search.box, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    intake = window.areas["intake"]
    assert "尚未开放" in intake.note.text()  # type: ignore[attr-defined]


def test_wrong_password_keeps_the_user_name_and_says_why(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    login: LoginDialog = controller.login
    sign_in(qtbot, controller, hall.users["clerk"], "wrong-pass1")
    qtbot.waitUntil(login.message.isVisible, timeout=10000)
    assert login.message.text() == "用户名或密码错误。"
    assert login.username.text() == hall.users["clerk"]
    assert login.password.selectedText() == "wrong-pass1"  # ready to be typed over
    assert controller.window is None


def test_lockout_after_five_wrong_passwords(qtbot: QtBot, db: Database, hall: Hall,
                                            start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    login: LoginDialog = controller.login
    texts = []
    for _ in range(5):
        login.message.hide()
        sign_in(qtbot, controller, hall.users["clerk"], "wrong-pass1")
        qtbot.waitUntil(lambda: login.message.isVisible() and login.login_button.isEnabled(),
                        timeout=10000)
        texts.append(login.message.text())
    assert "再错 2 次" in texts[2] and "再错 1 次" in texts[3]
    assert texts[4].startswith("密码错误次数过多：账号已锁定至")
    # The right password is refused too while the lock lasts.
    login.message.hide()
    sign_in(qtbot, controller, hall.users["clerk"])
    qtbot.waitUntil(lambda: login.message.isVisible() and login.login_button.isEnabled(),
                    timeout=10000)
    assert "已锁定" in login.message.text()
    assert controller.window is None


def test_idle_lock_hides_the_screen_and_unlocks_without_losing_input(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db), idle_lock_minutes=0.002)  # 120 ms
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    window.search.box.setText("南京路12号")
    qtbot.waitUntil(lambda: window.lock_overlay.locked, timeout=5000)
    assert window.lock_overlay.geometry() == window.rect()
    # Nothing underneath takes keys while locked: F5 must not reach the search box.
    qtbot.keyClick(window.lock_overlay.password, Qt.Key.Key_F5)
    assert not window.search.box.hasFocus() and not window.centralWidget().isEnabled()
    qtbot.keyClicks(window.lock_overlay.password, "x")
    assert window.search.box.text() == "南京路12号"
    window.lock_overlay.password.clear()
    overlay = window.lock_overlay
    overlay.password.setText("not-mine-1")
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(overlay.message.isVisible, timeout=10000)
    assert overlay.locked and overlay.message.text().startswith("密码错误。再错 4 次")
    window.idle.set_minutes(0)  # keep it from locking again while the test types
    overlay.password.setText(PASSWORD)
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not overlay.locked, timeout=10000)
    assert window.search.box.text() == "南京路12号"
    assert window.centralWidget().isEnabled()


def test_lock_screen_shortcut_and_sign_out(qtbot: QtBot, db: Database, hall: Hall,
                                           start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    controller.login.window_box.setCurrentIndex(controller.login.window_box.findData(3))
    sign_in(qtbot, controller, hall.users["cashier"])
    window = wait_for_window(qtbot, controller)
    window.lock_action.trigger()
    assert window.lock_overlay.locked
    window.lock_overlay.switch_button.click()
    qtbot.waitUntil(lambda: controller.login is not None and controller.window is None,
                    timeout=5000)
    # The next person at this PC starts at the window just used (3), not the one at start (2).
    login = controller.login
    qtbot.waitUntil(lambda: login.schema_ok, timeout=10000)
    assert (login.hall_box.currentData(), login.window_box.currentData()) == ("H01", 3)


def test_language_switches_live_to_english_and_back(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    login: LoginDialog = controller.login
    login.language_box.setCurrentIndex(login.language_box.findData("en"))
    qtbot.waitUntil(lambda: login.windowTitle() == "HallDesk — sign in", timeout=5000)
    assert login.login_button.text() == "Sign in (Enter)"
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    assert tab_titles(window) == ["Intake", "Complaints", "Arrears"]
    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: tab_titles(window) == ["受理", "投诉", "催缴"], timeout=5000)
    controller.runner.wait(5000)
    saved = (controller.settings.config_dir / "halldesk.ini").read_text(encoding="utf-8")
    assert "language = zh_CN" in saved and "hall = H01" in saved


def test_customer_search_fills_the_card(qtbot: QtBot, db: Database, hall: Hall,
                                        start_counter) -> None:  # type: ignore[no-untyped-def]
    with db.scope() as s:
        c = Customer(name="张三明", phone="13812345678")
        c.accounts = [Account(account_no="1000000001", kind="gas", address="和平区南京路12号",
                              meter_no="GM20001", opened_on=date(2015, 3, 1))]
        s.add(c)
        s.commit()
    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.search.box.hasFocus() or QApplication.focusWidget() is window.search.box
    window.search.box.insert("南京路12")  # Chinese arrives from the IME as committed text
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search.results.count() == 1, timeout=10000)
    assert window.search.results.item(0).text().startswith("张*明  ·  138****5678")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Down)  # into the results, from the keyboard
    assert window.search.results.hasFocus() or QApplication.focusWidget() is window.search.results
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=10000)
    assert window.card.name.text().startswith("张三明")
    assert "户号 1000000001 · 燃气 · 正常 · 居民 · 表号 GM20001 · 开户 2015-03-01" in (
        window.card.details.text())
    # A search with no hit says so next to the box and keeps the text.
    window.search.box.setText("不存在的路")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search.message.isVisible, timeout=10000)
    assert "不存在的路" in window.search.message.text()
    assert window.search.box.text() == "不存在的路"
    assert "三个字" not in window.search.message.text()
    # Two characters are a name: the counter is told how to look for an address.
    window.search.box.setText("南京")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "南京" in window.search.message.text(), timeout=10000)
    assert "至少输入三个字" in window.search.message.text()


def test_manager_unlocks_a_locked_out_clerk_from_the_staff_area(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    from app.errors import AccountLocked, AuthenticationFailed
    from app.services import auth

    for _ in range(5):
        with pytest.raises((AuthenticationFailed, AccountLocked)), db.scope() as s:
            auth.authenticate(s, hall.users["clerk"], "wrong-pass1", hall_code="H01")
    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["hall_manager"])
    window = wait_for_window(qtbot, controller)
    window.tabs.setCurrentIndex(tab_titles(window).index("人员"))
    area = window.areas["staff"]
    qtbot.waitUntil(lambda: len(area.rows) == 3, timeout=10000)  # type: ignore[attr-defined]
    row = [r.username for r in area.rows].index(hall.users["clerk"])  # type: ignore[attr-defined]
    assert area.table.item(row, 5).text().startswith("锁定至 ")  # type: ignore[attr-defined]
    area.table.selectRow(row)  # type: ignore[attr-defined]
    area.unlock_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: area.message.text() != "", timeout=10000)  # type: ignore[attr-defined]
    assert area.message.text() == "请填写原因。"  # type: ignore[attr-defined]
    area.reason.setText("本人来电确认")  # type: ignore[attr-defined]
    area.unlock_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "已解锁" in area.message.text(), timeout=10000)  # type: ignore[attr-defined]
    with db.scope() as s:
        auth.authenticate(s, hall.users["clerk"], PASSWORD, hall_code="H01")


def test_clerk_sees_no_staff_or_audit_area(qtbot: QtBot, db: Database, hall: Hall,
                                           start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    assert "staff" not in window.areas and "audit" not in window.areas


def test_lost_database_shows_banner_keeps_input_and_recovers(
        qtbot: QtBot, hall: Hall, start_counter,  # type: ignore[no-untyped-def]
        pg_behind_proxy: tuple[str, TcpProxy]) -> None:
    url, proxy = pg_behind_proxy
    controller = start_counter(url, retry_ms=300)
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    qtbot.waitUntil(lambda: window.db_label.text() == "数据库已连接", timeout=5000)
    window.search.box.setText("13812345678")
    proxy.stop()
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.banner.isVisible, timeout=15000)
    assert window.banner.text().startswith("数据库连接中断，正在自动重试")
    assert window.db_label.text() == "数据库无法连接，正在重试"
    assert window.search.box.text() == "13812345678"
    proxy.start()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=20000)
    assert window.db_label.text() == "数据库已连接"
    assert window.search.box.text() == "13812345678"
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search.message.isVisible, timeout=10000)
    assert "没有找到" in window.search.message.text()


def test_unmigrated_database_refuses_login_with_a_plain_message(
        qtbot: QtBot, tmp_path: Path) -> None:
    i18n.install("zh_CN")
    controller = CounterController(make_settings(f"sqlite:///{tmp_path}/empty.sqlite3",
                                                 tmp_path))
    controller.start()
    login = controller.login
    assert login is not None
    qtbot.waitUntil(lambda: "halldesk migrate" in login.status.text(), timeout=10000)
    assert not login.login_button.isEnabled()
    controller.shutdown()
    assert QApplication.instance() is not None


def test_window_geometry_is_remembered_across_sign_ins(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    window.resize(760, 540)  # the offscreen screen is 800x600; restoring keeps it on screen
    window.splitter.setSizes([300, 440])
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: controller.login is not None and controller.login.schema_ok,
                    timeout=10000)
    sign_in(qtbot, controller, hall.users["clerk"])
    again = wait_for_window(qtbot, controller)
    assert again is not window
    assert (again.width(), again.height()) == (760, 540)
    assert again.splitter.sizes()[0] == 300
    state = controller.settings.ui_state_file
    assert state.exists() and "geometry" in state.read_text(encoding="utf-8")


def test_database_password_is_taken_from_the_keyring(qtbot: QtBot, db: Database,
                                                      tmp_path: Path) -> None:
    """The embedded default over a PostgreSQL URL without a password: the counter finds it in
    the OS keyring, off the GUI thread, and starts its server on the database with it."""
    if db.dialect != "postgresql":
        pytest.skip("the embedded SQLite database has no password")
    import keyring

    from app import config
    from tests.test_config import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        plain = db.url.set(password=None)
        config.store_keyring_password(plain, "from-the-keyring")
        i18n.install("zh_CN")
        controller = CounterController(make_settings(plain.render_as_string(False), tmp_path))
        try:
            controller.start()
            qtbot.waitUntil(lambda: serving(controller, "from-the-keyring"), timeout=10000)
            login = controller.login
            assert login is not None
            qtbot.waitUntil(lambda: login.schema_ok, timeout=10000)  # trust auth: it connects
            written = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.ini")]
            assert all("from-the-keyring" not in text for text in written)
        finally:
            controller.shutdown()
    finally:
        keyring.set_keyring(previous)


def test_a_new_search_never_leaves_the_previous_customer_on_the_card(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    """The card must show nobody rather than someone not in the current results."""
    with db.scope() as s:
        for i, name in enumerate(["张三明", "李四海"]):
            c = Customer(name=name, phone=f"1381234567{i}")
            c.accounts = [Account(account_no=f"100000000{i}", kind="gas",
                                  address=f"和平区南京路{i + 1}号", opened_on=date(2015, 3, 1))]
            s.add(c)
        s.commit()
    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    window.search.box.setText("南京路")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search.results.count() == 2, timeout=10000)
    window.search.results.setCurrentRow(1)
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=10000)
    assert window.card.card.name == "李四海"  # type: ignore[union-attr]
    window.search.box.setText("9999999999")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    assert window.card.card is None  # at once, before the search even answers
    qtbot.waitUntil(window.search.message.isVisible, timeout=10000)
    controller.runner.wait(5000)
    qtbot.wait(50)
    assert window.search.results.count() == 0
    assert window.card.card is None and window.card.name.text() == "未选择客户"


def test_closing_the_program_records_the_sign_out(qtbot: QtBot, db: Database, hall: Hall,
                                                  start_counter) -> None:  # type: ignore[no-untyped-def]
    from app.services import audit

    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["cashier"])
    window = wait_for_window(qtbot, controller)
    window.close()
    controller.runner.wait(10000)
    with db.scope() as s:
        rows = audit.recent(s, hall.login(db, "hall_manager"), limit=20)
    closed = [r for r in rows if r.actor_name == hall.users["cashier"]
              and r.action.startswith("logout")]
    assert [r.action for r in closed] == ["logout.closed"]


def test_a_silently_dead_link_shows_the_banner_and_recovers(
        qtbot: QtBot, hall: Hall, start_counter,  # type: ignore[no-untyped-def]
        pg_behind_proxy: tuple[str, TcpProxy]) -> None:
    """Packets vanish without a reset (cable, VPN): the ping hangs, the user is told anyway."""
    url, proxy = pg_behind_proxy
    controller = start_counter(url, retry_ms=300)
    controller.monitor.deadline.setInterval(1000)
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    qtbot.waitUntil(lambda: window.db_label.text() == "数据库已连接", timeout=5000)
    window.search.box.setText("13812345678")
    proxy.blackhole()
    controller.monitor.ping()
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)  # long before any TCP timeout
    assert window.search.box.text() == "13812345678"
    proxy.resume()
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=20000)
    assert window.db_label.text() == "数据库已连接"


def test_results_for_a_destroyed_widget_are_dropped(qtbot: QtBot, ui_server: str) -> None:
    """Signing out while a search runs must not touch the deleted workspace."""
    import shiboken6
    from PySide6.QtWidgets import QLabel

    from app.client import ServerClient
    from ui.operations import OperationRunner

    client = ServerClient(ui_server)
    runner = OperationRunner(client)
    label = QLabel()
    started = []

    def slow(server: ServerClient) -> str:
        started.append(True)
        import time

        time.sleep(0.3)
        return str(server.health()["status"])  # the answer arrives after the label is gone

    try:
        runner.run_api(slow, on_done=label.setText, busy=[label])
        qtbot.waitUntil(lambda: bool(started), timeout=5000)
        shiboken6.delete(label)
        assert runner.wait(5000)
        qtbot.wait(50)  # the queued delivery happens here; it must not raise
    finally:
        client.close()


def test_without_a_keyring_the_password_is_asked_and_kept_in_memory_only(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    """The embedded default, no keyring backend: the counter asks, restarts its server on the
    database with the answer, and stores it nowhere."""
    if db.dialect != "postgresql":
        pytest.skip("the embedded SQLite database has no password")
    import keyring
    from keyring.backends import fail
    from PySide6.QtCore import QTimer

    from app.errors import DatabaseAuthFailed
    from ui.counter.login import DatabasePasswordDialog

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    stops: list[Callable[[], None]] = []
    try:
        plain = db.url.set(password=None)
        i18n.install("zh_CN")
        controller = CounterController(make_settings(plain.render_as_string(False), tmp_path))
        stops.append(controller.shutdown)
        controller.start()
        qtbot.waitUntil(lambda: controller.login is not None and controller.login.schema_ok,
                        timeout=10000)
        first = controller.server
        assert first is not None and first.db.url.password is None
        seen: dict[str, object] = {}

        def answer() -> None:
            dialog = next(w for w in QApplication.topLevelWidgets()
                          if isinstance(w, DatabasePasswordDialog) and w.isVisible())
            seen["remember_enabled"] = dialog.remember.isEnabled()
            dialog.password.setText("typed-at-the-counter")
            dialog.accept()

        QTimer.singleShot(200, answer)
        controller.on_db_password_needed(DatabaseAuthFailed(user=plain.username or ""))
        assert seen == {"remember_enabled": False}  # nowhere to keep it
        # The embedded server starts again, on the database with the typed password.
        qtbot.waitUntil(lambda: serving(controller, "typed-at-the-counter"), timeout=10000)
        assert controller.server is not first and not first.thread.is_alive()
        login = controller.login
        assert login is not None
        qtbot.waitUntil(lambda: login.schema_ok, timeout=10000)
        assert controller.client.halls() == []  # the new server answers, from the database
        controller.runner.wait(5000)
        written = [p.read_text(encoding="utf-8", errors="replace")
                   for p in tmp_path.rglob("*") if p.is_file()]
        assert all("typed-at-the-counter" not in text for text in written)
    finally:
        for stop in stops:
            stop()
        keyring.set_keyring(previous)


def test_window_panel_calls_recalls_and_finishes_with_function_keys(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    """A kiosk ticket is called from the window panel with F1, finished with F4."""
    from datetime import time

    from app.permissions import Role
    from app.services import queueing
    from app.services.context import Actor

    manager = hall.login(db, "hall_manager", window=None)
    with db.scope() as s:
        service = queueing.create_service(s, manager, "A", "缴费", windows=(2,),
                                          opens_at=time(0, 0), closes_at=time(23, 59, 59))
    with db.scope() as s:
        c = Customer(name="张三明", phone="13812345678")
        c.accounts = [Account(account_no="1000000001", kind="gas", address="和平区南京路12号",
                              opened_on=date(2015, 3, 1))]
        s.add(c)
        s.commit()
    kiosk = Actor.device(Role.KIOSK, hall.info.id, hall.code, "kiosk-1")
    with db.scope() as s:  # the customer keyed in the account at the kiosk
        ticket = queueing.issue_ticket(s, kiosk, service.id, account_no="1000000001")
    controller = start_counter(db_url(db))  # window 2
    sign_in(qtbot, controller, hall.users["cashier"])
    window = wait_for_window(qtbot, controller)
    panel = window.queue_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.waiting_label.text() == "等候 1", timeout=10000)
    assert panel.call_button.text() == "叫号 F1" and not panel.finish_button.isEnabled()
    qtbot.keyClick(window.search.box, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: panel.current_label.text() == f"当前 {ticket.code}", timeout=10000)
    assert panel.waiting_label.text() == "等候 0" and panel.recall_button.isEnabled()
    # Before the customer reaches the counter, their card is on screen.
    qtbot.waitUntil(lambda: window.card.card is not None, timeout=10000)
    assert window.search.box.text() == "1000000001"
    qtbot.keyClick(window.search.box, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.current is not None
                    and panel.state.current.call_count == 2, timeout=10000)
    qtbot.keyClick(window.search.box, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.current_label.text() == "当前 —", timeout=10000)
    panel.pause_button.click()
    qtbot.waitUntil(lambda: panel.pause_button.text() == "恢复", timeout=10000)
    assert not panel.call_button.isEnabled()  # F1 does nothing while paused
    with db.scope() as s:
        status = queueing.queue_status(s, manager)
    assert status.served == 1
    assert next(w for w in status.windows if w.number == 2).state == "paused"


def test_signing_in_at_a_window_someone_holds_says_it_was_taken_over(
        qtbot: QtBot, db: Database, hall: Hall, start_counter) -> None:  # type: ignore[no-untyped-def]
    from app.services import audit

    hall.login(db, "clerk", window=2)  # 王晓梅 is still signed in at window 2
    controller = start_counter(db_url(db))  # window 2
    sign_in(qtbot, controller, hall.users["cashier"])
    window = wait_for_window(qtbot, controller)
    assert window.statusBar().currentMessage() == "2号窗口此前由 王晓梅 使用，已接管。"
    with db.scope() as s:
        rows = audit.recent(s, hall.login(db, "hall_manager", window=None))
    assert [r.actor_name for r in rows if r.action == "queue.window_taken_over"] == [
        hall.users["cashier"]]


def test_a_counter_that_names_a_server_never_asks_for_a_database_password(
        qtbot: QtBot, hall: Hall, ui_server: str, start_counter) -> None:  # type: ignore[no-untyped-def]
    """``[server] url``: the counter holds no database (its settings' database URL, here one
    that leads nowhere and has no password, is never used); a database refusal never opens
    the password dialog, and the status bar says it is the server that is connected."""
    from PySide6.QtCore import QTimer

    from app.errors import DatabaseAuthFailed
    from ui.counter.login import DatabasePasswordDialog

    controller = start_counter("postgresql+psycopg://halldesk@127.0.0.1:9/nowhere",
                               server_url=ui_server)
    assert controller.server is None and not controller.embedded
    assert controller.client.base_url == ui_server
    asked: list[str] = []

    def close_any_password_dialog() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, DatabasePasswordDialog) and widget.isVisible():
                asked.append(widget.windowTitle())
                widget.reject()

    QTimer.singleShot(300, close_any_password_dialog)  # a dialog would wait here until then
    login = controller.login
    assert login is not None
    login.db_password_needed.emit(DatabaseAuthFailed(user="halldesk"))
    qtbot.wait(400)
    assert asked == [] and not controller.asking_password and controller.server is None
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    qtbot.waitUntil(lambda: window.db_label.text() == "服务器已连接", timeout=5000)


def test_a_lost_server_is_said_plainly_keeps_input_and_recovers(
        qtbot: QtBot, hall: Hall, ui_server: str, start_counter) -> None:  # type: ignore[no-untyped-def]
    """The link between the counter and the server it names is cut: the counter says the
    server cannot be reached, keeps what was typed, and carries on when it is back."""
    address = urlsplit(ui_server)
    proxy = TcpProxy(address.hostname or "127.0.0.1", address.port or 80)
    proxy.start()
    try:
        controller = start_counter("sqlite:///nowhere.sqlite3",
                                   server_url=f"http://127.0.0.1:{proxy.port}", retry_ms=300)
        sign_in(qtbot, controller, hall.users["clerk"])
        window = wait_for_window(qtbot, controller)
        qtbot.waitUntil(lambda: window.db_label.text() == "服务器已连接", timeout=5000)
        window.search.box.setText("13812345678")
        proxy.stop()
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
        qtbot.waitUntil(window.banner.isVisible, timeout=15000)
        assert window.banner.text().startswith("HallDesk 服务器连接中断，正在自动重试")
        assert window.db_label.text() == "服务器无法连接，正在重试"
        qtbot.waitUntil(window.search.message.isVisible, timeout=10000)
        assert window.search.message.text() == ("无法连接 HallDesk 服务器。正在自动重试；"
                                                "已输入的内容都会保留。")
        assert window.search.box.text() == "13812345678"
        proxy.start()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=20000)
        assert window.db_label.text() == "服务器已连接"
        assert window.search.box.text() == "13812345678"
        qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "没有找到" in window.search.message.text(), timeout=10000)
    finally:
        proxy.stop()


def test_a_clerk_disabled_while_signed_in_is_back_at_the_sign_in_told_why(
        qtbot: QtBot, db: Database, hall: Hall, admin: Actor,
        start_counter) -> None:  # type: ignore[no-untyped-def]
    """The server ends the session of a person an administrator disables; the counter hears
    it (its live notices, or its next request) and returns to the sign-in saying so, instead
    of a workspace whose every click is refused."""
    from app.services import staff

    controller = start_counter(db_url(db))
    sign_in(qtbot, controller, hall.users["clerk"])
    window = wait_for_window(qtbot, controller)
    qtbot.waitUntil(lambda: window.notices is not None and window.notices.connected,
                    timeout=10000)
    with db.scope() as s:
        staff.set_active(s, admin, hall.users["clerk"], False, reason="离职")
    qtbot.waitUntil(lambda: controller.window is None and controller.login is not None
                    and controller.login.message.isVisible(), timeout=15000)
    login = controller.login
    assert login is not None
    assert login.message.text() == "您的登录已结束（已退出，或管理员更改了您的账号）：请重新登录。"
    assert controller.client.token is None
