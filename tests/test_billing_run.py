"""The billing run on both databases: gas tiers across boundaries through the year, heating
by area with 报停 and relief, tariffs by date, and a rerun that creates nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app import demo
from app.db import Database
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.models import Bill, BillLine
from app.services import auth, billing_runs, cashier
from app.services.context import Actor
from tests.test_cashier import MORNING, Desk, desk

D = Decimal
__all__ = ["desk"]  # the fixture, shared with the cashier tests


def gas_run(d: Desk, period: str, due_on: date) -> billing_runs.BillingRunResult:
    return d.run(billing_runs.run_billing, d.manager, "gas", period, due_on=due_on,
                 issued_on=date(due_on.year, due_on.month, 1), now=MORNING)


def reading(d: Desk, account: int, value: str, day: date, **kw: object
            ) -> billing_runs.ReadingInfo:
    return d.run(billing_runs.record_reading, d.clerk, account, D(value), read_on=day, **kw)


def lines(d: Desk, account: int, period: str) -> list[tuple[str, int | None, Decimal, Decimal,
                                                             Decimal]]:
    with d.db.scope(readonly=True) as s:
        bill = s.scalars(select(Bill).where(Bill.account_id == account,
                                            Bill.period == period)).one()
        return [(line.item, line.tier, line.basis, line.rate, line.amount)
                for line in s.scalars(select(BillLine).where(BillLine.bill_id == bill.id)
                                      .order_by(BillLine.line_no))]


def bill_of(d: Desk, account: int, period: str) -> Bill:
    with d.db.scope(readonly=True) as s:
        return s.scalars(select(Bill).where(Bill.account_id == account,
                                            Bill.period == period)).one()


def test_gas_bills_split_tiers_as_the_year_adds_up(desk: Desk) -> None:
    account = desk.account("gas", area=None, meter_no="GM2600000001")
    reading(desk, account, "300", date(2026, 1, 28), previous=D(0))
    reading(desk, account, "420", date(2026, 2, 27))
    reading(desk, account, "620", date(2026, 3, 28))
    for month, due in (("2026-01", date(2026, 2, 20)), ("2026-02", date(2026, 3, 20)),
                       ("2026-03", date(2026, 4, 20))):
        assert gas_run(desk, month, due).created == 1
    assert lines(desk, account, "2026-01") == [("gas_tier", 1, D("300"), D("2.61"),
                                                D("783.00"))]
    # 300 used: 50 m³ to the 350 ceiling at 2.61, the other 70 at 3.13
    assert lines(desk, account, "2026-02") == [
        ("gas_tier", 1, D("50"), D("2.61"), D("130.50")),
        ("gas_tier", 2, D("70"), D("3.13"), D("219.10"))]
    assert lines(desk, account, "2026-03") == [
        ("gas_tier", 2, D("80"), D("3.13"), D("250.40")),
        ("gas_tier", 3, D("120"), D("3.92"), D("470.40"))]
    march = bill_of(desk, account, "2026-03")
    assert (march.principal, march.volume, march.used_before) == (D("720.80"), D("200"),
                                                                   D("420"))
    # a new year starts again in the first tier
    reading(desk, account, "720", date(2027, 1, 28))
    gas_run(desk, "2027-01", date(2027, 2, 20))
    assert lines(desk, account, "2027-01") == [("gas_tier", 1, D("100"), D("2.61"),
                                                D("261.00"))]


def test_a_rerun_creates_nothing_and_says_how_many_existed(desk: Desk) -> None:
    first = desk.account("gas", area=None)
    second = desk.account("gas", area=None, name="李四")
    desk.account("gas", area=None, name="王五")  # no reading this month
    reading(desk, first, "10", date(2026, 10, 30), previous=D(0))
    reading(desk, second, "0", date(2026, 10, 30))  # no consumption
    run = gas_run(desk, "2026-10", date(2026, 11, 20))
    assert (run.created, run.existed, run.skipped) == (1, 0, 2)
    assert dict(run.skipped_reasons) == {"no_reading": 1, "no_consumption": 1}
    assert run.amount == D("26.10")
    again = gas_run(desk, "2026-10", date(2026, 11, 20))
    assert (again.created, again.existed, again.amount) == (0, 1, 0)
    with desk.db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Bill)) == 1


def test_heating_by_area_with_relief_and_the_suspended_share(desk: Desk) -> None:
    ordinary = desk.account(area="85.50")
    low_income = desk.account(area="60", tariff_class="low_income", name="低保户")
    suspended = desk.account(area="100", status="suspended", name="报停户")
    suspended_low = desk.account(area="100", status="suspended", tariff_class="low_income",
                                 name="报停低保户")
    desk.account(area="70", status="closed", name="销户")
    desk.account(area=None, name="无面积")
    run = desk.season("2026-2027")
    assert (run.created, run.skipped, dict(run.skipped_reasons)) == (4, 1, {"no_area": 1})
    assert bill_of(desk, ordinary, "2026-2027").principal == D("1710.00")
    assert lines(desk, low_income, "2026-2027") == [
        ("heating", None, D("60"), D("20"), D("1200.00")),
        ("relief", None, D("1200.00"), D("0.5"), D("-600.00"))]
    assert lines(desk, suspended, "2026-2027") == [
        ("heating", None, D("100"), D("20"), D("2000.00")),
        ("suspended", None, D("2000.00"), D("0.3"), D("-1400.00"))]
    # relief is taken off what the suspended home still pays
    assert bill_of(desk, suspended_low, "2026-2027").principal == D("300.00")
    assert run.amount == D("1710.00") + D("600.00") + D("600.00") + D("300.00")


def test_the_tariff_in_force_on_the_reading_date_prices_it(desk: Desk) -> None:
    desk.run(billing_runs.set_gas_tariff, desk.system, "residential", date(2026, 7, 1),
             prices=[D("2.80"), D("3.36"), D("4.20")], ceilings=[D(350), D(500)])
    account = desk.account("gas", area=None)
    reading(desk, account, "10", date(2026, 6, 30), previous=D(0))
    reading(desk, account, "20", date(2026, 7, 1))
    gas_run(desk, "2026-06", date(2026, 7, 20))
    gas_run(desk, "2026-07", date(2026, 8, 20))
    assert bill_of(desk, account, "2026-06").principal == D("26.10")
    assert bill_of(desk, account, "2026-07").principal == D("28.00")


def test_billing_needs_its_permission_valid_periods_and_tariffs(desk: Desk) -> None:
    with pytest.raises(PermissionDenied):
        desk.run(billing_runs.run_billing, desk.cashier, "heating", "2026-2027",
                 due_on=date(2026, 12, 31), now=MORNING)
    for kind, period in (("gas", "2026-13"), ("heating", "2026-2028"), ("water", "2026-01")):
        with pytest.raises(ValidationError):
            desk.run(billing_runs.run_billing, desk.manager, kind, period,
                     due_on=date(2026, 12, 31), now=MORNING)
    with pytest.raises(ValidationError):  # due before issued
        desk.run(billing_runs.run_billing, desk.manager, "heating", "2026-2027",
                 due_on=date(2026, 1, 1), issued_on=date(2026, 11, 1), now=MORNING)
    desk.account(tariff_class="non_residential", name="某公司")  # no heating tariff for it
    with pytest.raises(NotFound):
        desk.season("2026-2027")
    with pytest.raises(Conflict):
        desk.run(billing_runs.set_heating_tariff, desk.system, "residential",
                 date(2020, 1, 1), unit_price=D("21"), suspended_share=D("0.3"))
    with pytest.raises(PermissionDenied):
        desk.run(billing_runs.set_heating_tariff, desk.manager, "residential",
                 date(2027, 1, 1), unit_price=D("21"), suspended_share=D("0.3"))
    with pytest.raises(ValidationError):  # the pricing core checks the tariff itself
        desk.run(billing_runs.set_gas_tariff, desk.system, "residential", date(2027, 1, 1),
                 prices=[D("2.61")], ceilings=[D(350)])


def test_readings_go_forward(desk: Desk) -> None:
    account = desk.account("gas", area=None)
    reading(desk, account, "99990", date(2026, 1, 28), previous=D("99000"))
    rolled = reading(desk, account, "15", date(2026, 2, 27), rollover=D(100000))
    assert rolled.volume == D("25")
    with pytest.raises(ValidationError):
        reading(desk, account, "10", date(2026, 3, 27))  # below, no rollover given
    with pytest.raises(ValidationError):
        reading(desk, account, "20", date(2026, 1, 1))  # before the last reading
    with pytest.raises(ValidationError):
        reading(desk, desk.account(), "1", date(2026, 1, 1))  # heating has no meter


def test_demo_bills_are_the_ones_a_billing_run_makes_and_can_be_paid(db: Database) -> None:
    loaded = demo.load_demo(db, accounts=60)
    assert loaded.bills > 0
    system = Actor.system("cli:test")
    with db.scope() as s:
        season = billing_runs.run_billing(s, system, "heating", "2026-2027",
                                          due_on=date(2026, 12, 15),
                                          issued_on=date(2026, 11, 1), now=MORNING)
    with db.scope() as s:
        october = billing_runs.run_billing(s, system, "gas", "2026-10",
                                           due_on=date(2026, 11, 20),
                                           issued_on=date(2026, 11, 1), now=MORNING)
    assert (season.created, season.existed) == (0, loaded.heating_accounts)
    assert (october.created, october.existed) == (0, loaded.gas_accounts)
    with db.scope() as s:
        cashier_at_1 = auth.authenticate(s, "lina", demo.DEMO_PASSWORD, hall_code="H01",
                                         window_number=1)
    with db.scope(readonly=True) as s:
        owing = s.scalars(select(Bill.account_id).where(Bill.period == "2025-2026")
                          .order_by(Bill.id).limit(1)).one()
    with db.scope() as s:
        due = cashier.open_bills(s, cashier_at_1, owing, on=MORNING.date())
    assert [b.period for b in due.bills] == ["2025-2026", "2026-2027"]
    assert due.late_fees[0].charged > 0  # last season's bill is overdue
    with db.scope() as s:
        cashier.open_shift(s, cashier_at_1, D("500.00"), now=MORNING)
    with db.scope() as s:
        paid = cashier.take_payment(s, cashier_at_1, owing, idempotency_key="demo-1",
                                    tenders=[cashier.Tender("wechat", due.total_due,
                                                            reference="420000001")],
                                    now=MORNING)
    with db.scope() as s:
        receipt = cashier.receipt_data(s, cashier_at_1, paid.payment_id)
    assert receipt.company == demo.DEMO_COMPANY and receipt.total == due.total_due
    assert len(receipt.items) == 2


def test_past_runs_are_listed_newest_first_with_who_ran_them_and_the_amount(
        desk: Desk) -> None:
    assert desk.run(billing_runs.list_runs, desk.manager) == []
    desk.account(area="85.50")
    desk.account(area="60", tariff_class="low_income", name="低保户")
    first = desk.season("2026-2027")
    again = desk.season("2026-2027")  # a rerun is a run too: it created nothing
    account = desk.account("gas", area=None)
    reading(desk, account, "10", date(2026, 10, 30), previous=D(0))
    by_admin = desk.run(billing_runs.run_billing, desk.system, "gas", "2026-10",
                        due_on=date(2026, 11, 20), issued_on=date(2026, 11, 1), now=MORNING)
    runs = desk.run(billing_runs.list_runs, desk.manager)
    # same run_at: the newest id first
    assert [r.run_id for r in runs] == [by_admin.run_id, again.run_id, first.run_id]
    gas, rerun, season = runs
    assert (season.kind, season.period, season.created, season.existed, season.skipped) == (
        "heating", "2026-2027", 2, 0, 0)
    assert season.amount == first.amount == D("1710.00") + D("600.00")
    assert season.credit_applied == D("0.00")
    assert (season.issued_on, season.due_on) == (date(2026, 11, 1), date(2026, 12, 31))
    assert season.run_at == MORNING
    assert (season.run_by, season.run_by_name) == (desk.manager.username, "张建国")
    assert (rerun.created, rerun.existed, rerun.amount) == (0, 2, D("0.00"))
    assert (gas.kind, gas.created, gas.amount, gas.run_by) == ("gas", 1, D("26.10"), "")
    assert [r.run_id for r in desk.run(billing_runs.list_runs, desk.manager,
                                       kind="heating")] == [again.run_id, first.run_id]
    assert [r.run_id for r in desk.run(billing_runs.list_runs, desk.manager,
                                       limit=1)] == [by_admin.run_id]
    assert len(desk.run(billing_runs.list_runs, desk.system)) == 3


def test_only_who_may_run_billing_sees_the_runs(desk: Desk) -> None:
    for actor in (desk.cashier, desk.clerk):
        with pytest.raises(PermissionDenied):
            desk.run(billing_runs.list_runs, actor)
    with pytest.raises(ValidationError):
        desk.run(billing_runs.list_runs, desk.manager, kind="water")


def test_runs_the_demo_wrote_without_the_service_show_their_bills_sum(db: Database) -> None:
    demo.load_demo(db, accounts=40)
    with db.scope(readonly=True) as s:
        sums = dict(s.execute(select(Bill.billing_run_id, func.sum(Bill.principal))
                              .group_by(Bill.billing_run_id)).tuples().all())
    with db.scope() as s:
        runs = billing_runs.list_runs(s, Actor.system("cli:test"))
    assert runs and all(run.run_by == "" for run in runs)
    assert {run.run_id: run.amount for run in runs} == {
        run_id: D(total).quantize(D("0.01")) for run_id, total in sums.items()}


def test_a_run_larger_than_a_chunk_bills_every_account_once_with_its_lines_and_credit(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """A city's run goes a chunk of accounts at a time (a run of 320,000 heating accounts
    once failed: one statement named them all); here a chunk is 3 accounts."""
    monkeypatch.setattr(billing_runs, "BILLING_CHUNK", 3)
    accounts = [desk.account(area=str(50 + n), name=f"住户{n}") for n in range(7)]
    desk.account(area=None, name="无面积")
    desk.account(area="70", status="closed", name="销户")
    desk.open_shift()
    prepaid = accounts[4]  # a customer who paid ahead: the new bill is paid from the credit
    desk.pay(prepaid, cashier.Tender("cash", D("5000.00")))
    run = desk.season("2026-2027")
    assert (run.created, run.existed, run.skipped) == (7, 0, 1)
    principals = [bill_of(desk, a, "2026-2027").principal for a in accounts]
    assert principals == [D(50 + n) * 20 for n in range(7)]
    assert run.amount == sum(principals, D(0))
    assert all(len(lines(desk, a, "2026-2027")) == 1 for a in accounts)
    assert run.credit_applied == principals[4]
    assert desk.due(prepaid).total_due == 0 and desk.balance(prepaid) == -(
        D("5000.00") - principals[4])
    again = desk.season("2026-2027")
    assert (again.created, again.existed) == (0, 7)


def test_an_account_opened_while_a_run_is_billing_waits_for_the_next_run(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run reads one snapshot: a clerk registering a heating account between its passes
    neither breaks it nor gets billed by it (SQLite's single writer waits instead)."""
    for n in range(5):
        desk.account(area=str(50 + n), name=f"住户{n}")
    real = billing_runs._unbilled
    passes: list[int] = []
    opened: list[int] = []

    def unbilled(session: object, kind: str, period: str) -> object:
        passes.append(1)
        if len(passes) == 2 and desk.db.dialect == "postgresql":
            opened.append(desk.account(area="60", name="新户"))  # committed meanwhile
        return real(session, kind, period)  # type: ignore[arg-type]

    monkeypatch.setattr(billing_runs, "_unbilled", unbilled)
    run = desk.season("2026-2027")
    assert (run.created, run.existed) == (5, 0)
    if opened:
        monkeypatch.setattr(billing_runs, "_unbilled", real)
        later = desk.season("2026-2027")
        assert (later.created, later.existed) == (1, 5)
        assert bill_of(desk, opened[0], "2026-2027").principal == D("1200.00")
