"""The link to PostgreSQL drops while a payment's COMMIT is on its way: the counter cannot know
whether the customer was charged. The outcome is found by the submission's key, never guessed:
the same key sent again returns the receipt that was committed, and charges nothing more."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.db import Database, classify_db_error
from app.errors import DatabaseUnavailable
from app.models import Payment, ReceiptCounter
from app.services import cashier
from tests.tcp_proxy import TcpProxy
from tests.test_cashier import CURRENT, MORNING, Desk, cash, desk, key  # noqa: F401

pytestmark = pytest.mark.pg_only


def _committed_payment(desk: Desk) -> Payment:  # noqa: F811
    """The payment the server committed. The proxy hands the COMMIT on only after cutting
    the counter, from another thread: on a busy machine the counter's error can come back
    before the server has run it, so look again for a few seconds."""
    deadline = time.monotonic() + 10
    while True:
        with desk.db.scope(readonly=True) as s:
            found = s.scalars(select(Payment)).one_or_none()
        if found is not None or time.monotonic() > deadline:
            assert found is not None, "the payment was never committed"
            return found
        time.sleep(0.05)


def test_a_commit_whose_answer_is_lost_is_found_by_its_key(desk: Desk) -> None:  # noqa: F811
    if desk.db.dialect != "postgresql":
        pytest.skip("an embedded SQLite file has no network link to lose; PostgreSQL only")
    account = desk.account()
    desk.season(CURRENT)
    desk.open_shift()
    url = make_url(desk.db.url.render_as_string(hide_password=False))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.start()
    counter = Database(url.set(host="127.0.0.1", port=proxy.port))
    submission = key()
    try:
        counter.ping()
        proxy.cut_after(b"COMMIT")
        with pytest.raises(DBAPIError) as lost, counter.scope() as s:
            cashier.take_payment(s, desk.cashier, account, idempotency_key=submission,
                                 tenders=[cash("100.00")], now=MORNING)
        # what the counter's worker makes of it (ui/operations.py): the database is away
        assert isinstance(classify_db_error(lost.value, counter.url), DatabaseUnavailable)
        # The server did commit: the counter just never heard so.
        committed = _committed_payment(desk)
        assert committed.idempotency_key == submission
        # The counter sends the same submission again once the link is back.
        with counter.scope() as s:
            again = cashier.take_payment(s, desk.cashier, account, idempotency_key=submission,
                                         tenders=[cash("100.00")], now=MORNING)
    finally:
        counter.dispose()
        proxy.stop()
    assert again.replayed and again.payment_id == committed.id
    assert again.receipt_no == committed.receipt_no == "H01-2026-000001"
    assert again.receipt is not None and again.receipt.total == committed.amount
    with desk.db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1
        assert s.scalar(select(ReceiptCounter.last_number)) == 1
