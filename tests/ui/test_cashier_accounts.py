"""The cashier's desk with a customer of several accounts, offscreen on both databases (issue
9, point 1): the desk opens the account that owes, never the first one listed; it says which
accounts it collects and reconciles with the card; one F9 pays several accounts, a receipt
each; an amount never silently becomes credit of an account that owes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.api.embedded import EmbeddedServer
from app.billing.money import format_money
from app.db import Database
from app.errors import CashierRefused, ValidationError
from app.models import Account, Payment
from app.services import billing_runs
from app.services.cashier import PaymentResult
from app.services.context import Actor
from tests.conftest import Hall
from tests.tcp_proxy import TcpProxy
from tests.ui.test_cashier_screen import WAIT, Bills, Desk, open_desk, today
from ui import i18n
from ui.app import RESOURCES, STYLES
from ui.cashier.receipt_panel import ReceiptPanel
from ui.messages import error_text

D = Decimal
PHONE = "13812345678"


class Family(Bills):
    """张三明 of tests/ui/test_cashier_screen.py (heating 2000000001, 5 m², owing 212.00) with
    a gas account listed first (1000000001, nothing owed: no gas bills) and a 10 m² flat
    (2000000002) owing the same two seasons: 220.00 + 204.00."""

    def __init__(self, db: Database, hall: Hall, system: Actor) -> None:
        super().__init__(db, hall, system)
        with db.scope() as s:
            first = s.get(Account, self.account_id)
            assert first is not None
            for number, kind, area in (("1000000001", "gas", None),
                                       ("2000000002", "heating", D("10"))):
                s.add(Account(account_no=number, customer_id=first.customer_id, kind=kind,
                              address=f"石家庄市长安区中山东路1号 1栋1单元{number[-1]}02室",
                              heated_area=area, tariff_class="residential",
                              household_size=3, status="active", opened_on=first.opened_on))
            s.commit()
        recent_due = today() - timedelta(days=4)
        for period, due in (("2023-2024", recent_due.replace(year=2024, month=1, day=31)),
                            ("2025-2026", recent_due)):  # the new flat's bills
            self.run(billing_runs.run_billing, self.manager, "heating", period, due_on=due,
                     issued_on=due - timedelta(days=30))
        with db.scope(readonly=True) as s:
            self.ids = {a.account_no: a.id for a in s.scalars(select(Account))}


@pytest.fixture
def family(db: Database, hall: Hall, system: Actor) -> Family:
    return Family(db, hall, system)


@pytest.fixture
def desk(qtbot: QtBot, db: Database, family: Family, tmp_path: Path) -> Iterator[Desk]:
    yield from open_desk(qtbot, db, family, tmp_path)


def find(desk: Desk, opened: str) -> None:
    """F5, the customer's phone, Enter: wait for the desk to open that account."""
    area = desk.area
    desk.window.search.search_for(PHONE)
    desk.qtbot.waitUntil(lambda: area.bills.due is not None
                         and area.bills.due.account_no == opened
                         and len(area.bills.dues) == 3, timeout=WAIT)


def test_the_desk_opens_the_account_that_owes_after_one_is_paid(desk: Desk) -> None:
    """The issue's repro: pay one account in full, find the customer again: the desk opens
    the account that still owes, and its 应收 is what the card says."""
    area, card = desk.area, desk.window.card
    desk.open_shift()
    find(desk, "2000000001")  # not the gas account listed first, which owes nothing
    bills = area.bills
    assert not bills.accounts.isHidden() and bills.accounts.rowCount() == 3
    owed = [bills.accounts.item(r, 4).text() for r in range(3)]
    assert owed == ["Nothing owed", "¥212.00", "¥424.00"]
    desk.qtbot.waitUntil(lambda: card.arrears.text() == "Owes ¥636.00", timeout=WAIT)
    assert area.payment.due_label.text() == "¥636.00"  # both accounts that owe
    summary = bills.summary.text()
    assert "Customer's accounts: 3 · owed in all ¥636.00" in summary
    assert "2000000001、2000000002, ¥636.00" in summary
    assert "Bills of account 2000000001 · Heating" in bills.account_label.text()
    # Collect only the opened account: untick the other one in the list.
    other = bills.accounts.item(2, 0)
    other.setCheckState(Qt.CheckState.Unchecked)
    assert area.payment.due_label.text() == "¥212.00" and area.payment.mode == "selected"
    assert "Account 2000000002 still owes ¥424.00 and is not collected now." in (
        bills.summary.text())
    assert bills.summary.property("problem") is True
    area.payment.lines[0].tendered_box.setText("212")
    desk.pay()
    assert area.result is not None and area.result.account_id == desk.bills.ids["2000000001"]
    # Found again: the account that still owes opens, its 应收 the card's 欠费.
    find(desk, "2000000002")
    desk.qtbot.waitUntil(lambda: card.arrears.text() == "Owes ¥424.00", timeout=WAIT)
    desk.qtbot.waitUntil(lambda: area.side.currentIndex() == 0, timeout=WAIT)
    assert area.payment.due_label.text() == "¥424.00"
    assert "owed in all ¥424.00" in bills.summary.text()
    assert [bills.table.item(r, 1).text() for r in range(2)] == ["2023-2024", "2025-2026"]


def test_one_f9_pays_two_accounts_with_a_receipt_each(desk: Desk) -> None:
    area, card = desk.area, desk.window.card
    desk.open_shift()
    find(desk, "2000000001")
    desk.qtbot.keyClicks(area.payment.lines[0].tendered_box, "700")
    assert area.payment.change_label.text() == "¥64.00"
    desk.pay()
    batch = area.batch
    assert batch is not None and batch.amount == D("636.00") and batch.change == D("64.00")
    year = today().year
    assert [r.receipt_no for r in batch.receipts] == [f"H01-{year}-000001",
                                                      f"H01-{year}-000002"]
    receipt = area.receipt
    assert receipt.change_label.text() == "¥64.00"
    assert "2 receipts" in receipt.title.text()
    assert "Received ¥636.00 for 2 accounts" in receipt.paid.text()
    assert receipt.receipt_box.isVisibleTo(receipt) and receipt.receipt_box.count() == 2
    assert "2000000002" in receipt.receipt_box.itemText(1)
    # Both receipts print, one after the other.
    desk.qtbot.waitUntil(lambda: desk.bills.jobs() == [(0, "printed", ""), (0, "printed", "")],
                         timeout=WAIT)
    desk.wait_printed()
    assert receipt.receipt_box.currentIndex() == 1
    with desk.bills.db.scope(readonly=True) as s:
        paid = [(p.account_id, p.amount) for p in s.scalars(select(Payment).order_by(
            Payment.id))]
    ids = desk.bills.ids
    assert paid == [(ids["2000000001"], D("212.00")), (ids["2000000002"], D("424.00"))]
    desk.qtbot.waitUntil(lambda: card.arrears.text() == "Nothing owed", timeout=WAIT)
    # The first receipt chosen again: its preview, and 重打 / 作废 act on it.
    receipt.receipt_box.setCurrentIndex(0)
    receipt.receipt_box.activated.emit(0)
    assert area.result is not None and area.result.receipt_no == batch.receipts[0].receipt_no
    desk.qtbot.waitUntil(lambda: "2000000001" in receipt.preview.toPlainText(), timeout=WAIT)


def test_an_amount_says_where_the_credit_goes(desk: Desk) -> None:
    area = desk.area
    desk.open_shift()
    find(desk, "2000000001")
    bills = area.bills
    area.payment.mode_amount.click()
    desk.qtbot.keyClicks(area.payment.amount_box, "1000")
    assert ("¥364.00 more than owed becomes prepaid credit of account 2000000001."
            in bills.summary.text())
    # Nothing ticked at all: the amount goes to the account opened, and the desk says the
    # other accounts still owe.
    bills.accounts.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    bills.accounts.item(2, 0).setCheckState(Qt.CheckState.Unchecked)
    bills.accounts.setCurrentCell(0, 1)  # open the gas account
    assert bills.due is not None and bills.due.account_no == "1000000001"
    text = bills.summary.text()
    assert "collected now: 1000000001" in text
    assert "Account 2000000001 still owes ¥212.00" in text
    assert "Account 2000000002 still owes ¥424.00" in text
    assert "¥1,000.00 more than owed becomes prepaid credit of account 1000000001." in text
    # The list's ticks were kept while another account was open.
    bills.accounts.setCurrentCell(1, 1)
    assert bills.due is not None and bills.due.account_no == "2000000001"
    assert bills.checked_ids() == []


def test_an_amount_over_two_accounts_says_each_ones_part_before_f9(desk: Desk) -> None:
    """指定金额 with two accounts that owe: the desk shows where the money goes, account by
    account, before F9, by the service's own split (oldest debt first; on equal due dates
    the lower number), and the receipts are what it said."""
    area = desk.area
    desk.open_shift()
    find(desk, "2000000001")
    bills = area.bills
    area.payment.mode_amount.click()
    desk.qtbot.keyClicks(area.payment.amount_box, "150")
    text = bills.summary.text()
    assert "collected now: 2000000001 gets ¥150.00 (owes ¥212.00), ¥150.00" in text
    assert ("Account 2000000002 gets nothing of this amount (it owes ¥424.00): the amount "
            "pays the oldest debt first.") in text
    area.payment.amount_box.clear()
    desk.qtbot.keyClicks(area.payment.amount_box, "300")
    text = bills.summary.text()
    said = re.findall(r"(\d{10}) gets (¥[\d,.]+)", text)
    assert said == [("2000000001", "¥212.00"), ("2000000002", "¥88.00")]
    assert "gets nothing" not in text
    desk.pay()
    batch = area.batch
    assert batch is not None
    ids = {v: k for k, v in desk.bills.ids.items()}
    assert [(ids[r.account_id], format_money(r.amount)) for r in batch.receipts] == said


def test_the_receipt_panel_shows_the_whole_print_status_after_a_partial_payment(
        qtbot: QtBot) -> None:
    """Issue 9, point 7: with the line of what is still owed above it, the print status
    (here the PDF's path) lost its last line; every wrapped line now gets its height."""
    i18n.install("zh_CN")
    panel = ReceiptPanel()
    qtbot.addWidget(panel)
    panel.setStyleSheet((STYLES / "counter.qss").read_text(encoding="utf-8").replace(
        "@RESOURCES@", RESOURCES.as_posix()))
    panel.show_payment(PaymentResult(1, "H01-2026-000001", 1, D("100.00"), D("0.00"), (), (),
                                     D("0.00"), 1))
    panel.show_remaining(D("536.00"), 3)
    panel.show_printed(Path("/home/counter/.local/share/halldesk/receipts/2026/"
                            "H01-2026-000001.pdf"))
    for width in (1080, 1000, 900):
        panel.resize(width, 480)
        panel.show()
        qtbot.waitExposed(panel)
        for label in (panel.paid, panel.remaining, panel.print_status):
            assert label.isVisible()
            assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_take_payments_refusals_read_as_sentences(qtbot: QtBot) -> None:
    """The refusals only take_payments makes, in the counter's language."""
    i18n.install("zh_CN")
    assert error_text(CashierRefused("x", rule="other_customer")) == (
        "一笔收款只能收取同一客户的户号：其他客户请另行收款。")
    assert error_text(ValidationError("x", field="accounts", rule="required")) == (
        "请勾选本次收取的户号。")
    assert error_text(ValidationError("x", field="accounts", rule="duplicate")) == (
        "同一笔收款中户号重复。")


@pytest.fixture
def desk_behind_proxy(qtbot: QtBot, db: Database, family: Family, tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Desk, TcpProxy]]:
    """The desk whose link to its (embedded, real) server goes through a TCP proxy the test
    can cut: the server gets a request whole and answers it, the counter never hears back."""
    proxies: list[TcpProxy] = []
    start = EmbeddedServer.start

    def start_behind_proxy(server: EmbeddedServer, timeout: float = 30.0) -> str:
        url = httpx.URL(start(server, timeout))
        proxy = TcpProxy(url.host, url.port or 80)
        proxy.start()
        proxies.append(proxy)
        return f"http://127.0.0.1:{proxy.port}"

    monkeypatch.setattr(EmbeddedServer, "start", start_behind_proxy)
    opened = open_desk(qtbot, db, family, tmp_path)
    desk = next(opened)
    assert len(proxies) == 1
    yield desk, proxies[0]
    next(opened, None)
    proxies[0].stop()


def test_a_retry_after_a_lost_connection_is_the_same_payment_whatever_row_is_open(
        desk_behind_proxy: tuple[Desk, TcpProxy]) -> None:
    """Review of issue 9: the request depended on the order of the accounts (the opened one
    first), so F9 again after a lost connection with another row chosen was refused as
    another request, and the desk made a new key: the committed receipts never showed.
    Issue 10: the answer lost is the server's; the key made at the desk reaches it again."""
    desk, proxy = desk_behind_proxy
    area = desk.area
    desk.open_shift()
    find(desk, "2000000001")
    desk.qtbot.keyClicks(area.payment.lines[0].tendered_box, "700")
    proxy.cut_after(b'"parts"')  # take_payments' request reaches the server, no answer back
    desk.press(Qt.Key.Key_F9)
    desk.qtbot.waitUntil(lambda: "connection to the HallDesk server broke" in (
        area.payment.message.text()), timeout=WAIT)
    assert "may have gone through" in area.payment.message.text()
    desk.qtbot.waitUntil(lambda: len(desk.bills.payments()) == 2, timeout=WAIT)  # committed
    key = area.key
    area.bills.accounts.setCurrentCell(2, 1)  # the other account opened meanwhile
    assert area.bills.due is not None and area.bills.due.account_no == "2000000002"
    desk.pay()
    batch = area.batch
    assert batch is not None and batch.replayed and len(batch.receipts) == 2
    paid = desk.bills.payments()
    assert len(paid) == 2 and area.key is None and key is not None
    assert {p.idempotency_key for p in paid} == {key, f"{key}#2"}
    assert "already taken" in area.receipt.paid.text()


def test_receipts_left_unprinted_stay_named_until_printed(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's receipts print in turn; when the first fails and the cashier moves on,
    the others were never printed and nothing said so."""
    monkeypatch.setenv("HALLDESK_PRINTER_KIND", "file")
    monkeypatch.setenv("HALLDESK_PRINTER_FILE_PATH", "/proc/halldesk-no-printer/lp0")
    area = desk.area
    desk.open_shift()
    find(desk, "2000000001")
    desk.qtbot.keyClicks(area.payment.lines[0].tendered_box, "700")
    desk.pay()
    receipt = area.receipt
    desk.qtbot.waitUntil(receipt.retry_button.isVisible, timeout=WAIT)
    year = today().year
    assert f"Not printed yet: H01-{year}-000002" in receipt.print_status.text()
    assert area.history_button.text() == "Receipts (F12)"  # the desk is still on them
    receipt.next_button.click()  # the next customer
    desk.qtbot.waitUntil(lambda: sorted(desk.bills.jobs()) == [(0, "failed", "")] * 2,
                         timeout=WAIT)
    assert area.history_button.text() == "Receipts (F12) · 2 not printed"
    assert area.history_button.property("problem") is True
    assert f"H01-{year}-000001、H01-{year}-000002" in area.history_button.toolTip()
    # Printed from the receipts (F12): the button lets go of it.
    monkeypatch.delenv("HALLDESK_PRINTER_KIND")
    area.print_job(area.batch.receipts[1].payment_id,  # type: ignore[union-attr]
                   area.batch.receipts[1].print_job_id, 0,  # type: ignore[union-attr, arg-type]
                   view=area.history)
    desk.qtbot.waitUntil(lambda: area.history_button.text() == "Receipts (F12) · 1 not "
                         "printed", timeout=WAIT)
