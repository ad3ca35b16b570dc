"""Demo data: realistic, deterministic, can log in, audited, safe to build on (both databases)."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app import demo
from app.db import Database
from app.errors import AuthenticationFailed, Conflict, ValidationError, WrongHall
from app.models import Account, AuditEntry, Customer, Hall, Staff, Window
from app.services import audit, auth
from app.services import staff as staff_service
from app.services.context import Actor

SMALL = 300

# Written out independently of app/demo.py, so that a wrong list there is caught.
MOBILE_RE = re.compile(r"1(3\d|5[0-35-9]|6[67]|7[235-8]|8\d|9[0-35-9])\d{8}")
CHINESE_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")
ADDRESS_RE = re.compile(
    r"石家庄市[\u4e00-\u9fff]{2,3}区[\u4e00-\u9fff]{2,5}\d{1,3}号[\u4e00-\u9fff]{2,5}"
    r" \d{1,2}栋\d单元\d{3,4}室")
ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def valid_id_number(value: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return value[17] == "10X98765432"[total % 11]


def customers_of(db: Database) -> list[Customer]:
    with db.scope(readonly=True) as s:
        return list(s.scalars(select(Customer).order_by(Customer.id)))


def accounts_of(db: Database) -> list[Account]:
    with db.scope(readonly=True) as s:
        return list(s.scalars(select(Account).order_by(Account.id)))


def count(db: Database, model: Any) -> int:
    with db.scope(readonly=True) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def loaded(db: Database) -> demo.DemoSummary:
    return demo.load_demo(db, accounts=SMALL)


def test_id_check_digit_matches_a_published_example() -> None:
    # the sample number of GB 11643-1999
    assert demo.id_check_digit("11010519491231002") == "X"
    assert valid_id_number("11010519491231002X")
    assert not valid_id_number("110105194912310021")


def test_counts_in_summary_match_the_database(db: Database, loaded: demo.DemoSummary) -> None:
    assert (loaded.halls, loaded.windows, loaded.staff) == (2, 10, len(demo.DEMO_STAFF))
    assert loaded.accounts == SMALL == count(db, Account)
    assert loaded.gas_accounts + loaded.heating_accounts == SMALL
    assert loaded.customers == count(db, Customer)
    assert SMALL / 1.6 < loaded.customers < SMALL
    assert count(db, Hall) == 2 and count(db, Window) == 10
    assert count(db, Staff) == len(demo.DEMO_STAFF)
    with db.scope(readonly=True) as s:
        windows = dict(s.execute(select(Hall.code, func.count(Window.id)).join(Window)
                                 .group_by(Hall.code)).tuples().all())
        gas = s.scalar(select(func.count()).where(Account.kind == "gas"))
    assert windows == {"H01": 6, "H02": 4}
    assert gas == loaded.gas_accounts
    assert dict(loaded.passwords) == dict.fromkeys(demo.DEMO_USERNAMES, demo.DEMO_PASSWORD)
    assert loaded.staff_roles["admin"] == "admin" and loaded.staff_roles["wangxm"] == "clerk"


def test_every_customer_holds_gas_heating_or_both(db: Database, loaded: demo.DemoSummary) -> None:
    by_customer: dict[int, list[Account]] = defaultdict(list)
    for a in accounts_of(db):
        by_customer[a.customer_id].append(a)
    assert set(by_customer) == {c.id for c in customers_of(db)}
    holdings = Counter(tuple(sorted(a.kind for a in accs)) for accs in by_customer.values())
    assert set(holdings) <= {("gas",), ("heating",), ("gas", "heating")}
    n = loaded.customers
    assert 0.45 < holdings[("gas",)] / n < 0.75
    assert 0.05 < holdings[("heating",)] / n < 0.25
    assert 0.15 < holdings[("gas", "heating")] / n < 0.35
    for accs in by_customer.values():
        assert len({a.address for a in accs}) == 1  # gas and heating of the same flat


def test_account_numbers_meters_and_areas(db: Database, loaded: demo.DemoSummary) -> None:
    accounts = accounts_of(db)
    numbers = [a.account_no for a in accounts]
    assert len(set(numbers)) == len(numbers) == SMALL
    for a in accounts:
        assert re.fullmatch(r"\d{10}", a.account_no)
        if a.kind == "gas":
            assert a.account_no[0] == "1"
            assert a.meter_no is not None and re.fullmatch(r"GM\d{10}", a.meter_no)
            assert a.heated_area is None
            assert a.status == "active"
        else:
            assert a.kind == "heating" and a.account_no[0] == "2"
            assert a.meter_no is None
            assert isinstance(a.heated_area, Decimal)
            assert Decimal("45.00") <= a.heated_area <= Decimal("160.00")
            assert a.heated_area.as_tuple().exponent == -2
            assert a.status in {"active", "suspended"}
    meters = [a.meter_no for a in accounts if a.meter_no]
    assert len(set(meters)) == len(meters)
    assert any(a.status == "suspended" for a in accounts)
    assert any(a.heated_area % 1 for a in accounts if a.heated_area is not None)  # not whole m²
    assert len({a.address for a in accounts}) == loaded.customers  # one flat per household


def test_tariffs_households_and_dates_look_real(db: Database, loaded: demo.DemoSummary) -> None:
    accounts = accounts_of(db)
    tariffs = Counter(a.tariff_class for a in accounts)
    assert set(tariffs) <= {"residential", "low_income", "non_residential"}
    assert tariffs["residential"] / SMALL > 0.85 and tariffs["residential"] < SMALL
    sizes = [a.household_size for a in accounts]
    assert min(sizes) >= 1 and max(sizes) <= 6
    assert 2.5 < sum(sizes) / len(sizes) < 3.8
    first = demo.OPENED_UNTIL - timedelta(days=365 * 15 + 4)
    assert all(first <= a.opened_on <= demo.OPENED_UNTIL for a in accounts)
    assert len({a.opened_on.year for a in accounts}) >= 12
    for a in accounts:
        assert ADDRESS_RE.fullmatch(a.address), a.address


def test_customers_have_chinese_names_mobiles_and_valid_ids(
    db: Database, loaded: demo.DemoSummary
) -> None:
    customers = customers_of(db)
    for c in customers:
        assert CHINESE_NAME_RE.fullmatch(c.name), c.name
        assert MOBILE_RE.fullmatch(c.phone), c.phone
        assert c.id_number == "" or valid_id_number(c.id_number), c.id_number
        assert ADDRESS_RE.fullmatch(c.contact_address), c.contact_address
    assert len({c.phone[:3] for c in customers}) >= 15
    with_id = [c for c in customers if c.id_number]
    assert 0.8 < len(with_id) / len(customers) < 1
    surnames = Counter(c.name[0] for c in customers)
    top5 = sum(surnames[s] for s in "王李张刘陈")
    assert 0.2 < top5 / len(customers) < 0.45
    assert len(surnames) >= 25


def test_demo_staff_log_in_at_their_hall(db: Database, loaded: demo.DemoSummary) -> None:
    roles_per_hall: dict[str, set[str]] = defaultdict(set)
    for member in demo.DEMO_STAFF:
        with db.scope() as s:
            actor = auth.authenticate(s, member.username, demo.DEMO_PASSWORD,
                                      hall_code=member.hall_code,
                                      window_number=1 if member.hall_code else None)
        assert actor.role == member.role and actor.hall_code == member.hall_code
        assert CHINESE_NAME_RE.fullmatch(actor.full_name)
        roles_per_hall[member.hall_code].add(member.role)
    assert roles_per_hall == {"H01": {"clerk", "cashier", "hall_manager"},
                              "H02": {"clerk", "cashier", "hall_manager"}, "": {"admin"}}
    with pytest.raises(AuthenticationFailed), db.scope() as s:
        auth.authenticate(s, "wangxm", "wrong1234", hall_code="H01")
    with pytest.raises(WrongHall), db.scope() as s:
        auth.authenticate(s, "wangxm", demo.DEMO_PASSWORD, hall_code="H02")


def test_every_demo_window_calls_numbers_its_own_service_first(
    db: Database, loaded: demo.DemoSummary
) -> None:
    from app.permissions import Role
    from app.services import queueing

    cashier = next(m for m in demo.DEMO_STAFF if m.role == "cashier" and m.hall_code == "H01")
    with db.scope() as s:
        window3 = auth.authenticate(s, cashier.username, demo.DEMO_PASSWORD, hall_code="H01",
                                    window_number=3)
    kiosk = Actor.device(Role.KIOSK, window3.hall_id or 0, "H01", "kiosk")
    with db.scope() as s:
        services = {x.prefix: x for x in queueing.list_services(s, kiosk)}
    assert set(services) == {"A", "B", "C"}
    # the all-day services take numbers in the day's last minute too (23:59:30 in Shanghai)
    late = datetime(2026, 11, 24, 15, 59, 30, tzinfo=UTC)
    with db.scope() as s:
        queueing.issue_ticket(s, kiosk, services["B"].id, now=late)
    with db.scope() as s:
        queueing.issue_ticket(s, kiosk, services["A"].id, now=late)
    with db.scope() as s:
        called = queueing.call_next(s, window3, now=late)
    assert called is not None and called.code == "A001"  # window 3 serves A, then helps B


def test_second_load_is_detected_and_refused(db: Database) -> None:
    assert not demo.demo_present(db)
    demo.load_demo(db, accounts=20)
    assert demo.demo_present(db)
    with pytest.raises(Conflict):
        demo.load_demo(db, accounts=20)
    assert count(db, Account) == 20 and count(db, Hall) == 2


def test_a_failed_load_leaves_nothing_behind(db: Database, system: Actor) -> None:
    with db.scope() as s:
        staff_service.create_user(s, system, "lina", "李娜", "admin", "pass1234")
    with pytest.raises(Conflict):
        demo.load_demo(db, accounts=50)
    assert not demo.demo_present(db)
    assert count(db, Customer) == 0 and count(db, Account) == 0 and count(db, Staff) == 1
    with db.scope(readonly=True) as s:
        assert audit.verify(s, system).ok


def test_the_orm_can_add_customers_after_the_bulk_load(
    db: Database, loaded: demo.DemoSummary
) -> None:
    top_customer = max(c.id for c in customers_of(db))
    top_account = max(a.id for a in accounts_of(db))
    with db.scope() as s:
        c = Customer(name="测试用户", phone="13800000000")
        c.accounts = [Account(account_no="9000000001", kind="gas", address="测试地址",
                              meter_no="GM0000000001", opened_on=demo.OPENED_UNTIL)]
        s.add(c)
        s.commit()
        assert c.id > top_customer and c.accounts[0].id > top_account
    assert count(db, Customer) == loaded.customers + 1


def test_the_load_is_audited_and_the_chain_verifies(
    db: Database, loaded: demo.DemoSummary, system: Actor
) -> None:
    with db.scope(readonly=True) as s:
        report = audit.verify(s, system)
        actions = Counter(s.scalars(select(AuditEntry.action).where(
            AuditEntry.actor_name == demo.DEMO_ACTOR)))
    assert report.ok, report.problems
    assert actions == {"hall.created": 2, "staff.created": len(demo.DEMO_STAFF),
                       "queue.service_created": 2 * len(demo.DEMO_SERVICES), "demo.loaded": 1}
    with db.scope(readonly=True) as s:
        (row,) = audit.recent(s, system, entity=("demo", "customers"))
    assert row.action == "demo.loaded"
    assert row.details["customers"] == loaded.customers
    assert row.details["accounts"] == SMALL
    assert row.details["heating_accounts"] == loaded.heating_accounts


def test_progress_is_reported_up_to_the_total(db: Database) -> None:
    calls: list[tuple[int, int]] = []
    demo.load_demo(db, accounts=12_345, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 12_345) and calls[-1] == (12_345, 12_345)
    assert len(calls) >= 3
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_loads(db: Database, n: int) -> None:
    summary = demo.load_demo(db, accounts=n)
    assert summary.accounts == count(db, Account) == n
    assert summary.customers == count(db, Customer) == n
    assert demo.demo_present(db)


def test_a_negative_size_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError):
        demo.load_demo(db, accounts=-1)
    assert not demo.demo_present(db)


def _content(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    customers = customers_of(db)
    accounts = accounts_of(db)
    c0, a0 = customers[0].id, accounts[0].id
    return (
        [(c.id - c0, c.name, c.phone, c.id_number, c.contact_address) for c in customers],
        [(a.id - a0, a.customer_id - c0, a.account_no, a.kind, a.address, a.meter_no,
          a.heated_area, a.tariff_class, a.household_size, a.status, a.opened_on)
         for a in accounts],
    )


def test_same_seed_same_data_on_either_database(
    db: Database, sqlite_template: Path, tmp_path: Path
) -> None:
    demo.load_demo(db, accounts=SMALL, seed=7)
    path = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, path)
    other = Database(f"sqlite:///{path}")
    try:
        demo.load_demo(other, accounts=SMALL, seed=7)
        assert _content(db) == _content(other)
        shutil.copy(sqlite_template, tmp_path / "third.sqlite3")
        third = Database(f"sqlite:///{tmp_path / 'third.sqlite3'}")
        try:
            demo.load_demo(third, accounts=SMALL, seed=8)
            assert _content(third)[0] != _content(db)[0]
        finally:
            third.dispose()
    finally:
        other.dispose()
