"""The customer search panel: a list that stops at the limit says so; a long search is not
quoted back whole."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from app.db import Database
from app.models import Account, Customer
from app.services.context import Actor
from app.services.customers import MAX_RESULTS
from tests.conftest import Hall
from ui import i18n
from ui.counter.customer_panel import CustomerSearch
from ui.operations import OperationRunner


@pytest.fixture
def panel(qtbot: QtBot, db: Database, hall: Hall,
          signed_runner: Callable[..., tuple[OperationRunner, Actor]]
          ) -> Iterator[CustomerSearch]:
    i18n.install("zh_CN")
    with db.scope() as s:  # 51 flats on one street
        s.execute(insert(Customer), [{"id": n, "name": f"客户{n}", "phone": ""}
                                     for n in range(1, MAX_RESULTS + 2)])
        s.execute(insert(Account), [
            {"account_no": f"1{n:09d}", "customer_id": n, "kind": "gas",
             "address": f"裕华区槐安东路128号康乐苑 {n}栋1单元101室",
             "opened_on": date(2020, 1, 1)} for n in range(1, MAX_RESULTS + 2)])
        s.commit()
    runner, clerk = signed_runner(hall.users["clerk"])
    widget = CustomerSearch(runner, clerk)
    qtbot.addWidget(widget)
    widget.resize(320, 600)
    widget.show()
    yield widget
    runner.wait(5000)


def search(qtbot: QtBot, panel: CustomerSearch, text: str) -> None:
    panel.box.setText(text)
    qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.box.isEnabled() and (panel.results.count() > 0
                                                       or panel.message.isVisible()),
                    timeout=10000)


def test_a_list_stopped_at_the_limit_says_to_narrow_the_search(
        qtbot: QtBot, panel: CustomerSearch) -> None:
    search(qtbot, panel, "康乐苑")
    assert panel.results.count() == MAX_RESULTS
    assert panel.more.isVisible() and panel.more.text() == "还有更多结果，请缩小范围"
    search(qtbot, panel, "7栋 1单元")  # 7栋, 17栋 … 47栋: all shown
    assert panel.results.count() == 5
    assert not panel.more.isVisible()
    search(qtbot, panel, "康乐苑")
    assert panel.more.isVisible()
    search(qtbot, panel, "不存在的小区")  # nothing found: no "more" under an empty list
    assert not panel.more.isVisible()


def test_a_long_search_is_not_quoted_back_whole(qtbot: QtBot, panel: CustomerSearch) -> None:
    long_text = "幸福家园" * 125  # 500 characters pasted by mistake
    search(qtbot, panel, long_text)
    message = panel.message.text()
    assert "幸福家园" not in message and len(message) < 80
    assert "200" in message
    assert panel.box.text() == long_text  # the input is kept as typed
    # Nothing found for a text the service takes: its first 20 characters are quoted.
    search(qtbot, panel, "不存在的小区" * 10)
    message = panel.message.text()
    assert ("“" + ("不存在的小区" * 4)[:20] + "…”") in message
    assert ("不存在的小区" * 4) not in message
