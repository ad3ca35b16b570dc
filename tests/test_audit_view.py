"""The audit trail as a hall manager searches it, on both databases: by receipt or account
number, person, kind of entry and the hall's local days (midnight in the hall, not in UTC),
with real names, held to the reader's hall and saying when there is more than it shows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.db import Database
from app.errors import ValidationError
from app.models import Account
from app.services import audit, audit_view, cashier
from app.services.audit_view import AuditQuery
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import Desk, cash


def _search(db: Database, actor: Actor, **kw: object) -> audit_view.AuditPage:
    with db.scope(readonly=True) as s:
        return audit_view.search(s, actor, AuditQuery(**kw))  # type: ignore[arg-type]


@pytest.fixture
def desk(db: Database, hall: Hall, system: Actor) -> Desk:
    d = Desk(db, hall, system)
    d.season("2024-2025")
    d.open_shift()
    return d


def _voided_receipt(desk: Desk) -> tuple[cashier.PaymentResult, cashier.PaymentResult, int]:
    """Two payments of one account; the first voided with the hall manager's approval."""
    account = desk.account()
    first = desk.pay(account, cash("10.00"))
    second = desk.pay(account, cash("5.00"))
    desk.run(cashier.void_payment, desk.cashier, first.payment_id, reason="金额输错",
             approver_username=desk.hall.users["hall_manager"], approver_password=PASSWORD)
    desk.run(cashier.reprint_receipt, desk.cashier, second.payment_id, reason="客户要求")
    return first, second, account


def test_a_receipt_number_finds_who_voided_it_with_real_names(desk: Desk) -> None:
    first, second, _ = _voided_receipt(desk)
    assert first.receipt_no == "H01-2026-000001"
    # typed as a cashier reads it off the paper: short, lower case, full-width digits
    page = _search(desk.db, desk.manager, text="h01-２０２６-1")
    assert [i.action for i in page.items] == ["payment.voided", "payment.taken"]
    void = page.items[0]
    assert void.actor_name == "李娜" and void.actor_username == desk.hall.users["cashier"]
    assert void.subject == "H01-2026-000001" and void.reason == "金额输错"
    assert void.names[void.details["approved_by"]] == "张建国"  # the approver by name
    assert void.hall_name == "第一营业厅" and void.window_number == 1
    assert void.local_at.utcoffset() is not None and void.local_at.utcoffset().total_seconds() \
        == 8 * 3600  # the hall's clock (Asia/Shanghai), not UTC
    assert not page.more
    # the other receipt: its payment and its reprint, nothing of the void
    page = _search(desk.db, desk.manager, text=second.receipt_no)
    assert [i.action for i in page.items] == ["payment.reprinted", "payment.taken"]


def test_an_account_number_finds_its_payments_and_what_was_done_to_them(desk: Desk) -> None:
    _, _, account = _voided_receipt(desk)
    other = desk.account(name="李四", phone="13900001111")
    desk.pay(other, cash("1.00"))
    with desk.db.scope() as s:
        account_no = s.get(Account, account).account_no  # type: ignore[union-attr]
    # the account number, the customer's phone, the customer's full name
    for text in (f" {account_no} ", "138 1234 5678", "张三明"):
        page = _search(desk.db, desk.manager, text=text)
        assert sorted(i.action for i in page.items) == [
            "payment.reprinted", "payment.taken", "payment.taken", "payment.voided"], text
    assert [i.details["amount"] for i in _search(desk.db, desk.manager, text="李四").items] \
        == ["1.00"]
    assert _search(desk.db, desk.manager, text="9999999999").items == ()


def test_person_kind_and_words_narrow_the_search(desk: Desk) -> None:
    _voided_receipt(desk)
    cashier_id = desk.cashier.staff_id
    by_cashier = _search(desk.db, desk.manager, person_id=cashier_id)
    assert by_cashier.items and {i.actor_id for i in by_cashier.items} == {cashier_id}
    assert "cashier.shift_opened" in {i.action for i in by_cashier.items}
    voids = _search(desk.db, desk.manager, kinds=("payment.voided",))
    assert [i.action for i in voids.items] == ["payment.voided"]
    shifts = _search(desk.db, desk.manager, kinds=audit_view.KIND_GROUPS["shifts"],
                     person_id=cashier_id)
    assert [i.action for i in shifts.items] == ["cashier.shift_opened"]
    assert _search(desk.db, desk.manager, kinds=("payment.voided",),
                   person_id=desk.manager.staff_id).items == ()
    reasons = _search(desk.db, desk.manager, text="客户要求")
    assert [i.action for i in reasons.items] == ["payment.reprinted"]


@pytest.mark.parametrize("text", ["\x00", "王\x00", "H01-2026-\x001", "张三\x1b",
                                  "客户要求\ud800"])
def test_a_control_character_is_refused_the_same_on_both_databases(
        desk: Desk, text: str) -> None:
    """PostgreSQL refused a NUL with psycopg's DataError (the generic failure, logged as an
    error) and SQLite ended the text there, so "\x00" listed every entry: bad input now."""
    _voided_receipt(desk)
    with pytest.raises(ValidationError) as exc:
        _search(desk.db, desk.manager, text=text)
    assert exc.value.field == "text" and exc.value.params["rule"] == "control_character"


def test_tabs_are_spaces_and_a_text_longer_than_the_box_is_refused(desk: Desk) -> None:
    _voided_receipt(desk)
    everything = _search(desk.db, desk.manager)
    assert [i.id for i in _search(desk.db, desk.manager, text="\t").items] == \
        [i.id for i in everything.items]  # a tab alone is blank, as spaces are
    pasted = _search(desk.db, desk.manager, text="\t客户要求\r\n")
    assert [i.action for i in pasted.items] == ["payment.reprinted"]
    for text in ("x" * 10_000, "客" * (audit_view.MAX_TEXT + 1)):
        with pytest.raises(ValidationError) as exc:
            _search(desk.db, desk.manager, text=text)
        assert exc.value.field == "text"
        assert exc.value.params == {"rule": "too_long", "n": audit_view.MAX_TEXT}
    assert _search(desk.db, desk.manager, text="客" * audit_view.MAX_TEXT).items == ()


def test_today_is_asked_of_the_clock_each_time(hall: Hall, db: Database) -> None:
    """An area left open overnight: today moves on with the hall's clock (or the clock of
    the hall an administrator chose), not the day the choices were read."""
    manager = hall.login(db, "hall_manager")
    evening = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 23:00 in the hall (UTC+8)
    with db.scope(readonly=True) as s:
        read = audit_view.choices(s, manager, now=evening)
    assert read.today == date(2026, 11, 23) and read.zone == "Asia/Shanghai"
    after_midnight = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    assert read.today_at(evening) == date(2026, 11, 23)
    assert read.today_at(after_midnight) == date(2026, 11, 24)
    west = audit_view.HallChoice(7, "H07", "乌鲁木齐营业厅", "Asia/Urumqi")  # UTC+6
    admin_view = audit_view.AuditChoices((), (west,), None, read.today)
    assert admin_view.today_at(after_midnight, 7) == date(2026, 11, 23)
    assert admin_view.today_at(after_midnight) == date(2026, 11, 24)


def test_days_are_the_halls_local_days(db: Database, hall: Hall,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = hall.login(db, "clerk")
    manager = hall.login(db, "hall_manager")
    # 23:59:59 on the 23rd and 00:00:00 on the 24th in the hall (UTC+8)
    for moment, what in ((datetime(2026, 11, 23, 15, 59, 59, tzinfo=UTC), "late"),
                         (datetime(2026, 11, 24, 16, 0, 0, tzinfo=UTC), "next"),
                         (datetime(2026, 11, 23, 16, 0, 0, tzinfo=UTC), "early")):
        monkeypatch.setattr(audit, "utcnow", lambda m=moment: m)
        with db.scope() as s:
            audit.record(s, clerk, "test.moment", "thing", what)
            s.commit()
    monkeypatch.undo()

    def on(first: date, last: date) -> list[str]:
        page = _search(db, manager, kinds=("test.moment",), first_day=first, last_day=last)
        return [i.entity_id for i in page.items]

    assert on(date(2026, 11, 24), date(2026, 11, 24)) == ["early"]
    assert on(date(2026, 11, 23), date(2026, 11, 23)) == ["late"]
    assert on(date(2026, 11, 23), date(2026, 11, 25)) == ["next", "early", "late"]
    assert [i.entity_id for i in _search(db, manager, kinds=("test.moment",),
                                         first_day=date(2026, 11, 25)).items] == ["next"]
    assert [i.entity_id for i in _search(db, manager, kinds=("test.moment",),
                                         last_day=date(2026, 11, 23)).items] == ["late"]
    early = _search(db, manager, kinds=("test.moment",), first_day=date(2026, 11, 24),
                    last_day=date(2026, 11, 24)).items[0]
    assert early.local_at.strftime("%Y-%m-%d %H:%M:%S") == "2026-11-24 00:00:00"


def test_a_manager_sees_their_hall_an_admin_every_hall_and_more_is_said(
        db: Database, hall: Hall, system: Actor, admin: Actor) -> None:
    other = Hall(db, system, code="H02", name="第二营业厅")
    other.login(db, "clerk")
    hall.login(db, "clerk")
    manager = hall.login(db, "hall_manager")
    mine = _search(db, manager)
    assert mine.items and {i.hall_id for i in mine.items} == {hall.info.id}
    # another hall's person finds nothing here
    with db.scope() as s:
        people = audit_view.choices(s, manager).people
    assert hall.users["clerk"] in {p.username for p in people}
    assert other.users["clerk"] not in {p.username for p in people}
    everything = _search(db, admin)
    assert {hall.info.id, other.info.id} <= {i.hall_id for i in everything.items}
    second = _search(db, admin, hall_id=other.info.id)
    assert {i.hall_name for i in second.items} == {"第二营业厅"}
    capped = _search(db, manager, limit=2)
    assert len(capped.items) == 2 and capped.more
