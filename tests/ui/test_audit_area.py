"""The hall manager's audit area (审计日志) in the real workspace, in Chinese, on both databases:
times on the hall's clock (not UTC), one sentence per entry with amounts, notes and coins and
names, and the filter that answers "who voided this receipt" in one search."""

from __future__ import annotations

import ast
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import Database
from app.errors import DatabaseUnavailable, ValidationError
from app.models import AuditEntry
from app.services import audit, audit_view, cashier
from app.services.audit_view import AuditChoices, AuditItem, AuditPage
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import Desk, cash
from ui import i18n
from ui.connection import ConnectionMonitor
from ui.counter.audit_area import TODAY, AuditArea
from ui.counter.audit_text import actor_text, kind_name, sentence
from ui.counter.main_window import MainWindow
from ui.messages import error_text
from ui.operations import OperationRunner

WAIT = 15000
ZONE = ZoneInfo("Asia/Shanghai")  # the test hall's clock (the default)


@pytest.fixture
def utc_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The counter PC's own clock set to UTC, as on the servers the issue was seen on: the
    area must show the hall's time, not the machine's."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def trail(db: Database, hall: Hall, system: Actor) -> tuple[Desk, str, str]:
    """A payment voided with the hall manager's approval, another reprinted, and the shift
    closed with notes and coins counted."""
    desk = Desk(db, hall, system)
    desk.season("2024-2025")
    desk.open_shift()
    account = desk.account()
    voided = desk.pay(account, cash("10.00"))
    kept = desk.pay(account, cash("5.00"))
    desk.run(cashier.void_payment, desk.cashier, voided.payment_id, reason="金额输错",
             approver_username=hall.users["hall_manager"], approver_password=PASSWORD)
    desk.run(cashier.reprint_receipt, desk.cashier, kept.payment_id, reason="客户要求")
    desk.run(cashier.close_shift, desk.cashier, {"100": 2, "2": 2, "0.5": 1, "0.02": 1})
    return desk, voided.receipt_no, kept.receipt_no


@pytest.fixture
def workspace(qtbot: QtBot, tmp_path: Path,
              signed_runner: Callable[..., tuple[OperationRunner, Actor]]
              ) -> Iterator[Callable[[Database, Actor], MainWindow]]:
    """The workspace of ``actor``'s person, signed in at the test's server at the same hall
    and window: the audit area asks the server, as the server's actor."""
    made: list[tuple[MainWindow, OperationRunner, ConnectionMonitor]] = []
    i18n.install("zh_CN")  # the shipped default

    def make(db: Database, actor: Actor) -> MainWindow:
        runner, actor = signed_runner(actor.username, hall=actor.hall_code,
                                      window=actor.window_number)
        monitor = ConnectionMonitor(runner)
        ui_state = QSettings(str(tmp_path / f"ui-{len(made)}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(runner, monitor, actor, ui_state=ui_state, idle_lock_minutes=0)
        made.append((window, runner, monitor))
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window, runner, monitor in made:
        window.idle.remove()
        window.close()
        monitor.stop()
        runner.wait(10000)
    qtbot.wait(20)
    for window, _runner, monitor in made:
        shiboken6.delete(window)
        shiboken6.delete(monitor)


def open_audit(qtbot: QtBot, window: MainWindow) -> AuditArea:
    area = window.areas["audit"]
    assert isinstance(area, AuditArea)
    window.tabs.setCurrentWidget(area)
    qtbot.waitUntil(lambda: area.page is not None, timeout=WAIT)
    return area


def cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else ""
             for c in range(table.columnCount())] for r in range(table.rowCount())]


def search(qtbot: QtBot, area: AuditArea, text: str) -> list[list[str]]:
    area.text_box.setFocus()
    area.text_box.setText(text)
    before = area.page
    qtbot.keyClick(area.text_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: area.page is not before, timeout=WAIT)
    return cells(area.table)


def test_the_trail_reads_in_chinese_on_the_halls_clock_with_names(
        qtbot: QtBot, utc_machine: None, trail: tuple[Desk, str, str],
        workspace: Callable[[Database, Actor], MainWindow]) -> None:
    desk, voided, _ = trail
    window = workspace(desk.db, desk.manager)
    area = open_audit(qtbot, window)
    rows = cells(area.table)
    text = "\n".join("\t".join(r) for r in rows)
    # no machine keys, no dictionaries
    for raw in ("payment.taken", "payment.voided", "cashier.shift", "{", "'0.02'",
                "approved_by", "营业厅 1"):
        assert raw not in text
    assert area.table.horizontalHeaderItem(0).text() == "时间（营业厅当地时间）"
    # the void: the hall's time, the cashier by name, the approver by name, the amount in ¥
    with desk.db.scope(readonly=True) as s:
        at = s.scalars(select(AuditEntry.at).where(AuditEntry.action == "payment.voided")).one()
    void = next(r for r in rows if r[2].startswith("作废收据"))
    assert void[0] == at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M:%S")
    assert void[0] != at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert void[1] == f"李娜（{desk.hall.users['cashier']}）"
    assert void[2] == (f"作废收据 {voided}（¥10.00）；审批人：张建国（"
                       f"{desk.hall.users['hall_manager']}）")
    assert void[3] == "金额输错" and void[4] == "1号窗口"
    taken = next(r for r in rows if r[2].startswith("收款 ¥5.00"))
    assert "现金" in taken[2] and "户号" in taken[2]
    closed = next(r for r in rows if r[2].startswith("交班"))
    assert "100元×2、2元×2、5角×1、2分×1" in closed[2]
    assert "¥204.52" in closed[2]
    # the selected row is told whole below the list
    area.table.selectRow(rows.index(void))
    assert "张建国" in area.detail.text() and "金额输错" in area.detail.text()
    # at the counter screen's size the filter and the list are on screen
    for widget in (area.text_box, area.search_button, area.person_box, area.kind_box,
                   area.days_box, area.table):
        assert widget.isVisible() and widget.visibleRegion().boundingRect().width() > 20


def test_who_voided_this_receipt_in_one_search(
        qtbot: QtBot, trail: tuple[Desk, str, str],
        workspace: Callable[[Database, Actor], MainWindow]) -> None:
    desk, voided, kept = trail
    window = workspace(desk.db, desk.manager)
    area = open_audit(qtbot, window)
    short = voided.replace("-00000", "-")  # H01-2026-1, as read off the paper
    rows = search(qtbot, area, short.lower())
    assert [r[2].split(" ")[0] for r in rows] == ["作废收据", "收款"]
    assert rows[0][1] == f"李娜（{desk.hall.users['cashier']}）"
    assert "张建国" in rows[0][2]
    assert area.message.text() == "共 2 条记录。"
    # the kind filter: only the voids of the hall
    search(qtbot, area, "")
    area.kind_box.setCurrentIndex(area.kind_box.findData("kind:payment.voided"))
    qtbot.waitUntil(lambda: area.table.rowCount() == 1, timeout=WAIT)
    assert cells(area.table)[0][2].startswith(f"作废收据 {voided}")
    # the person filter: the manager voided nothing
    area.person_box.setCurrentIndex(area.person_box.findData(desk.manager.staff_id))
    qtbot.waitUntil(lambda: area.table.rowCount() == 0, timeout=WAIT)
    assert "没有" in area.message.text()
    area.clear_button.click()
    qtbot.waitUntil(lambda: area.table.rowCount() > 5, timeout=WAIT)
    assert area.kind_box.currentIndex() == 0 and area.person_box.currentIndex() == 0
    # the other receipt: taken and printed again, nothing else
    rows = search(qtbot, area, kept)
    assert [r[2].split(" ")[0] for r in rows] == ["重打收据", "收款"]


def test_a_list_that_stops_says_there_is_more(
        qtbot: QtBot, db: Database, hall: Hall,
        workspace: Callable[[Database, Actor], MainWindow]) -> None:
    clerk = hall.login(db, "clerk")
    with db.scope() as s:
        for _ in range(audit_view.DEFAULT_LIMIT):
            audit.record(s, clerk, "screen.unlocked", "staff", clerk.staff_id)
        s.commit()
    area = open_audit(qtbot, workspace(db, hall.login(db, "hall_manager", window=None)))
    assert area.table.rowCount() == audit_view.DEFAULT_LIMIT
    assert area.message.text() == "仅显示最新的 200 条，还有更多，请缩小范围。"
    area.kind_box.setCurrentIndex(area.kind_box.findData("group:administration"))
    qtbot.waitUntil(lambda: area.message.text() == "共 4 条记录。", timeout=WAIT)


@pytest.fixture
def english(qapp: object) -> Iterator[None]:
    i18n.install("en")  # the source texts
    yield
    i18n.install("zh_CN")


def _actions_written() -> set[str]:
    """Every audit action app/ writes: the literal (or either branch) given to audit.record,
    and the kinds of wrong password given to auth's _count_failure."""
    found: set[str] = set()
    for path in (Path(__file__).resolve().parents[2] / "app").rglob("*.py"):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            f = call.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(
                f, ast.Name) else ""
            owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(
                f.value, ast.Name) else ""
            position = 2 if (owner, name) == ("audit", "record") else 3 if (
                name == "_count_failure") else None
            if position is None or len(call.args) <= position:
                continue
            found |= {n.value for n in ast.walk(call.args[position])
                      if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return found


def test_every_kind_the_code_writes_has_its_own_sentence(english: None) -> None:
    written = _actions_written()
    assert {"payment.taken", "login", "logout", "login.failed", "approval.failed",
            "staff.disabled"} <= written  # the scan sees them all
    assert written <= audit_view.KNOWN_KINDS, written - audit_view.KNOWN_KINDS
    for action in written:
        item = AuditItem(
            id=1, at=datetime(2026, 12, 3, 12, 36, tzinfo=UTC),
            local_at=datetime(2026, 12, 3, 20, 36, tzinfo=ZONE), zone="Asia/Shanghai",
            action=action, actor_id=1, actor_username="zhaolei", actor_name="赵磊",
            hall_id=1, hall_name="第一营业厅", window_number=3, entity_type="x", entity_id="1",
            subject="1", subject_name="", reason="",
            details={"approved_by": "zhangjg", "counts": {"0.02": 1}, "amount": "1.00"},
            names={"zhangjg": "张建国"})
        text = sentence(item)
        assert not text.startswith("Entry “"), action  # not the generic line
        assert action not in text and "{" not in text and "zhangjg" not in text.replace(
            "张建国 (zhangjg)", ""), text
        assert kind_name(action) != action


def test_a_kind_from_a_later_release_reads_as_a_line_not_a_dictionary(english: None) -> None:
    item = AuditItem(
        id=1, at=datetime(2026, 12, 3, 12, 36, tzinfo=UTC),
        local_at=datetime(2026, 12, 3, 20, 36, tzinfo=ZONE), zone="Asia/Shanghai",
        action="payment.split", actor_id=None, actor_username="cli:root", actor_name="",
        hall_id=None, hall_name="", window_number=None, entity_type="payment",
        entity_id="7", subject="H01-2026-000007", subject_name="", reason="",
        details={"amount": "12.5", "parts": {"gas": "10", "heating": "2.5"},
                 "approved_by": "zhangjg"}, names={"zhangjg": "张建国"})
    text = sentence(item)
    assert text == ("Entry “payment.split” about receipt H01-2026-000007: amount ¥12.50; "
                    "parts gas 10, heating 2.5; approved by 张建国 (zhangjg)")
    assert actor_text(item) == "Admin command (root)"


class _HeldRunner:
    """Keeps each search's callbacks, so that a test answers them in any order."""

    def __init__(self) -> None:
        self.asked: list[tuple[Callable[[Any], None], Callable[[BaseException], None]]] = []

    def run_api(self, work: object, *, on_done: Callable[[Any], None],
                on_error: Callable[[BaseException], None], **kw: object) -> None:
        self.asked.append((on_done, on_error))


def _held_area(qtbot: QtBot) -> tuple[AuditArea, _HeldRunner]:
    runner = _HeldRunner()
    actor = Actor(1, "zhangjg", "张建国", "hall_manager", hall_id=1, hall_timezone="Asia/Shanghai")
    area = AuditArea(runner, actor, can_verify=False)  # type: ignore[arg-type]
    qtbot.addWidget(area)
    area.on_choices(AuditChoices((), (), 1, date(2026, 11, 23)))
    return area, runner


def test_a_late_failure_of_an_older_search_does_not_hide_the_newer_answer(
        qtbot: QtBot, english: None) -> None:
    area, runner = _held_area(qtbot)
    area.text_box.setText("H01-2026-1")
    area.search()
    (_, older_failed), (newer_done, _) = runner.asked[-2], runner.asked[-1]
    newer_done(AuditPage((), False))
    assert area.message.text() == "Nothing found: try a wider search."
    older_failed(DatabaseUnavailable(detail="timeout"))  # the first search, failing late
    assert area.message.text() == "Nothing found: try a wider search."
    area.search()  # the newest search's own failure is said
    failure = ValidationError(field="text", rule="control_character")
    runner.asked[-1][1](failure)
    assert area.message.text() == error_text(failure) != "Nothing found: try a wider search."


def test_today_is_the_halls_today_when_the_search_is_made(qtbot: QtBot) -> None:
    area, _runner = _held_area(qtbot)
    area.clock = lambda: datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 23:00 in the hall
    area.days_box.setCurrentIndex(TODAY)
    assert (area.query().first_day, area.query().last_day) == (date(2026, 11, 23),) * 2
    area.clock = lambda: datetime(2026, 11, 23, 16, 30, tzinfo=UTC)  # left open overnight
    area.search()
    assert (area.query().first_day, area.query().last_day) == (date(2026, 11, 24),) * 2
    assert area.first_day.date().toPython() == date(2026, 11, 24)  # and the boxes say so


def test_a_nul_in_the_search_is_said_as_a_sentence_on_both_databases(
        qtbot: QtBot, trail: tuple[Desk, str, str],
        workspace: Callable[[Database, Actor], MainWindow]) -> None:
    desk, _, _ = trail
    area = open_audit(qtbot, workspace(desk.db, desk.manager))
    shown = area.table.rowCount()
    area.text_box.setText("王\x00")
    qtbot.keyClick(area.text_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "无法输入的字符" in area.message.text(), timeout=WAIT)
    assert area.table.rowCount() == shown  # not every row, not the generic failure
