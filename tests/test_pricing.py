"""Fee rules: tariffs by date, gas tiers, heating, late fees, allocation, prepaid credit.

Worked examples pin each rule; the property tests at the end check that no fen is ever made
or lost, and keep a tiny pure ledger whose balance must equal
bills + late fees charged - waivers - payments + voided payments. The database version of
the cashier must keep the same identity.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.billing.money import ZERO, from_fen, round_fen, to_fen
from app.billing.pricing import (
    Allocation,
    GasTariff,
    HeatingTariff,
    LateFeePolicy,
    OpenBill,
    allocate,
    amount_due,
    apply_allocation,
    apply_prepaid_credit,
    assess_late_fees,
    charge_late_fee,
    gas_charge,
    heating_charge,
    late_fee,
    metered_volume,
    quote_payment,
    reverse_allocation,
    tariff_in_force,
    waive_late_fee,
)
from app.errors import NotFound, ValidationError

D = Decimal
RES, NONRES, LOW = "residential", "non_residential", "low_income"

# Three tiers priced 1 : 1.2 : 1.5 as the national guidance suggests; from the 5th person
# on, each person adds 50 m³ to both ceilings.
GAS = GasTariff(RES, date(2024, 1, 1), prices=(D("2.61"), D("3.13"), D("3.92")),
                ceilings=(D(350), D(500)), household_base_size=4,
                extra_person_allowance=(D(50), D(50)))
GAS_BUSINESS = GasTariff(NONRES, date(2024, 1, 1), prices=(D("3.45"),))

HEAT = HeatingTariff(RES, date(2023, 11, 1), unit_price=D("24.00"), suspended_share=D("0.30"))
HEAT_LOW = HeatingTariff(LOW, date(2023, 11, 1), unit_price=D("24.00"),
                         suspended_share=D("0.30"), relief_share=D("0.50"))

POLICY = LateFeePolicy(RES, date(2020, 1, 1), daily_rate=D("0.001"), cap_share=D(1))
# The ledger's cap is low so that random runs reach it (50 days at 1‰).
LEDGER_POLICY = replace(POLICY, cap_share=D("0.05"))


def bill(ref: str, due: date, principal: str, *, paid: str = "0", fee_due: str = "0",
         fee_charged: str | None = None, through: date | None = None) -> OpenBill:
    amount = D(principal)
    return OpenBill(ref=ref, due_on=due, principal=amount, principal_due=amount - D(paid),
                    late_fee_due=D(fee_due),
                    late_fee_charged=D(fee_charged if fee_charged is not None else fee_due),
                    late_fee_through=through)


# --- tariffs by date -----------------------------------------------------------------------

def test_tariff_in_force_is_the_latest_started_of_the_class() -> None:
    old = replace(GAS, effective_from=date(2023, 1, 1), prices=(D("2.50"), D(3), D("3.75")))
    new = replace(GAS, effective_from=date(2024, 7, 1))
    tariffs = [new, GAS_BUSINESS, old, GAS]
    assert tariff_in_force(tariffs, RES, date(2023, 12, 31)) is old
    assert tariff_in_force(tariffs, RES, date(2024, 1, 1)) is GAS  # in force on its first day
    assert tariff_in_force(tariffs, RES, date(2024, 6, 30)) is GAS
    assert tariff_in_force(tariffs, RES, date(2030, 1, 1)) is new
    assert tariff_in_force(tariffs, NONRES, date(2030, 1, 1)) is GAS_BUSINESS


def test_no_tariff_in_force_is_refused() -> None:
    with pytest.raises(NotFound):
        tariff_in_force([GAS], RES, date(2023, 12, 31))
    with pytest.raises(NotFound):
        tariff_in_force([GAS], LOW, date(2024, 5, 1))


def test_two_tariffs_starting_the_same_day_are_a_configuration_error() -> None:
    twin = replace(GAS, prices=(D(1), D(2), D(3)))
    with pytest.raises(ValidationError) as caught:
        tariff_in_force([GAS, twin], RES, date(2024, 5, 1))
    assert caught.value.params["rule"] == "duplicate"


@pytest.mark.parametrize(("changes", "field"), [
    ({"prices": (D(1), D(2))}, "prices"),  # two prices for three tiers
    ({"prices": (D(1), D(-2), D(3))}, "prices"),
    ({"ceilings": (D(500), D(350))}, "ceilings"),
    ({"extra_person_allowance": (D(50),)}, "extra_person_allowance"),
    ({"extra_person_allowance": (D(60), D(50))}, "extra_person_allowance"),
])
def test_gas_tariff_refuses_inconsistent_tiers(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        replace(GAS, **changes)
    assert caught.value.field == field


def test_heating_tariff_shares_are_between_0_and_1() -> None:
    with pytest.raises(ValidationError) as caught:
        replace(HEAT, suspended_share=D("1.2"))
    assert caught.value.field == "suspended_share"
    with pytest.raises(ValidationError):
        replace(HEAT, relief_share=D("-0.1"))


# --- gas ---------------------------------------------------------------------------------

def test_gas_within_the_first_tier() -> None:
    charge = gas_charge(D(50), used_before=D(100), tariff=GAS)
    assert [(line.tier, line.volume, line.amount) for line in charge.lines] == [
        (1, D(50), D("130.50"))]
    assert charge.total == D("130.50")


def test_gas_reading_across_a_tier_ceiling_is_split() -> None:
    charge = gas_charge(D(100), used_before=D(300), tariff=GAS)
    assert [(line.tier, line.start, line.end, line.amount) for line in charge.lines] == [
        (1, D(300), D(350), D("130.50")),  # 50 m³ × 2.61
        (2, D(350), D(400), D("156.50")),  # 50 m³ × 3.13
    ]
    assert charge.total == D("287.00")


def test_gas_reading_across_both_ceilings() -> None:
    charge = gas_charge(D(200), used_before=D(340), tariff=GAS)
    assert [(line.tier, line.volume, line.price, line.amount) for line in charge.lines] == [
        (1, D(10), D("2.61"), D("26.10")),
        (2, D(150), D("3.13"), D("469.50")),
        (3, D(40), D("3.92"), D("156.80")),
    ]
    assert charge.total == D("652.40")


def test_gas_up_to_a_ceiling_stays_in_the_lower_tier() -> None:
    assert [line.tier for line in gas_charge(D(350), used_before=ZERO, tariff=GAS).lines] == [1]
    assert [line.tier for line in gas_charge(D(1), used_before=D(350), tariff=GAS).lines] == [2]
    assert [line.tier for line in gas_charge(D(1), used_before=D(500), tariff=GAS).lines] == [3]


def test_gas_tiers_widen_for_larger_households() -> None:
    assert GAS.ceilings_for(3) == (D(350), D(500))
    assert GAS.ceilings_for(4) == (D(350), D(500))
    assert GAS.ceilings_for(6) == (D(450), D(600))
    charge = gas_charge(D(100), used_before=D(300), tariff=GAS, household_size=6)
    assert [line.tier for line in charge.lines] == [1]
    assert charge.total == D("261.00")


def test_gas_rounds_each_tier_line_half_up() -> None:
    charge = gas_charge(D("0.5"), used_before=ZERO, tariff=GAS)  # 1.305
    assert charge.total == D("1.31")


def test_gas_nothing_used_costs_nothing() -> None:
    charge = gas_charge(ZERO, used_before=D(420), tariff=GAS)
    assert charge.lines == ()
    assert charge.total == ZERO


def test_non_residential_gas_has_one_price() -> None:
    charge = gas_charge(D(1000), used_before=D(5000), tariff=GAS_BUSINESS)
    assert [(line.tier, line.amount) for line in charge.lines] == [(1, D("3450.00"))]


def test_gas_refuses_a_negative_volume() -> None:
    with pytest.raises(ValidationError):
        gas_charge(D(-1), used_before=ZERO, tariff=GAS)


def test_metered_volume() -> None:
    assert metered_volume(D(1200), D(1290)) == D(90)
    assert metered_volume(D(99990), D(15), rollover=D(100000)) == D(25)
    with pytest.raises(ValidationError) as caught:
        metered_volume(D(1200), D(1190))
    assert (caught.value.field, caught.value.params["rule"]) == ("reading", "below_previous")


@given(used=st.integers(0, 800), first=st.integers(0, 400), second=st.integers(0, 400),
       household=st.integers(1, 9))
def test_gas_charge_does_not_depend_on_how_readings_are_split(
        used: int, first: int, second: int, household: int) -> None:
    """Two readings cost what one reading of both volumes costs: tiers are annual."""
    one = gas_charge(D(first + second), used_before=D(used), tariff=GAS,
                     household_size=household)
    a = gas_charge(D(first), used_before=D(used), tariff=GAS, household_size=household)
    b = gas_charge(D(second), used_before=D(used + first), tariff=GAS,
                   household_size=household)
    assert a.total + b.total == one.total
    assert sum((line.volume for line in one.lines), ZERO) == first + second


# --- heating -----------------------------------------------------------------------------

def test_heating_is_area_times_unit_price() -> None:
    charge = heating_charge(D("85.50"), HEAT)
    assert [(line.item, line.amount) for line in charge.lines] == [("heating", D("2052.00"))]
    assert charge.total == D("2052.00")


def test_heating_rounds_half_up() -> None:
    assert heating_charge(D("33.33"), replace(HEAT, unit_price=D("22.50"))).total == D(
        "749.93")  # 749.925


def test_suspended_heating_pays_the_base_share() -> None:
    charge = heating_charge(D("85.50"), HEAT, suspended=True)
    assert [(line.item, line.rate, line.amount) for line in charge.lines] == [
        ("heating", D("24.00"), D("2052.00")),
        ("suspended", D("0.30"), D("-1436.40")),
    ]
    assert charge.total == D("615.60")


def test_low_income_relief() -> None:
    charge = heating_charge(D("85.50"), HEAT_LOW)
    assert [(line.item, line.basis, line.amount) for line in charge.lines] == [
        ("heating", D("85.50"), D("2052.00")),
        ("relief", D("2052.00"), D("-1026.00")),
    ]
    assert charge.total == D("1026.00")


def test_relief_applies_to_the_suspended_base_fee_too() -> None:
    charge = heating_charge(D("85.50"), HEAT_LOW, suspended=True)
    assert [line.item for line in charge.lines] == ["heating", "suspended", "relief"]
    assert charge.lines[-1].basis == D("615.60")
    assert charge.total == D("307.80")


# --- late fees ---------------------------------------------------------------------------

DUE = date(2024, 3, 31)


@pytest.mark.parametrize(("paid_on", "days", "fee"), [
    (date(2024, 3, 1), 0, "0.00"),
    (DUE, 0, "0.00"),  # on the due date: no fee
    (date(2024, 4, 1), 1, "1.00"),  # from the day after
    (date(2024, 4, 30), 30, "30.00"),
])
def test_late_fee_runs_from_the_day_after_the_due_date(
        paid_on: date, days: int, fee: str) -> None:
    line = late_fee(bill("B1", DUE, "1000.00"), paid_on, POLICY)
    assert (line.days, line.charged, line.payable) == (days, D(fee), D(fee))
    assert line.first_day == (date(2024, 4, 1) if days else None)
    assert line.last_day == paid_on


def test_late_fee_is_on_the_unpaid_principal_only() -> None:
    line = late_fee(bill("B1", DUE, "1000.00", paid="600.00", fee_due="5.00"),
                    date(2024, 4, 10), POLICY)
    assert line.charged == D("4.00")  # 400 × 1‰ × 10, nothing on the 5.00 fee
    assert line.payable == D("9.00")


def test_late_fee_rounds_half_up_once_per_line() -> None:
    line = late_fee(bill("B1", DUE, "12.50"), date(2024, 4, 2), POLICY)
    assert line.accrued == D("0.03")  # 0.025


def test_late_fee_stops_at_the_cap() -> None:
    policy = replace(POLICY, cap_share=D("0.02"))
    line = late_fee(bill("B1", DUE, "1000.00"), date(2024, 4, 30), policy)
    assert (line.accrued, line.cap_left, line.charged, line.capped) == (
        D("30.00"), D("20.00"), D("20.00"), True)


def test_late_fee_cap_holds_over_the_bills_life() -> None:
    policy = replace(POLICY, cap_share=D("0.015"))  # 15.00 on 1000.00
    first = late_fee(bill("B1", DUE, "1000.00"), date(2024, 4, 10), policy)
    assert first.charged == D("10.00")
    after = charge_late_fee(bill("B1", DUE, "1000.00", paid="500.00"), first)
    after = replace(after, late_fee_due=ZERO)  # the payment also paid the fee
    second = late_fee(after, date(2024, 4, 30), policy)
    assert (second.first_day, second.days, second.accrued) == (date(2024, 4, 11), 20, D("10.00"))
    assert (second.cap_left, second.charged) == (D("5.00"), D("5.00"))
    assert late_fee(charge_late_fee(after, second), date(2024, 6, 30), policy).charged == ZERO


def test_a_waiver_does_not_make_room_under_the_cap() -> None:
    policy = replace(POLICY, cap_share=D("0.01"))
    line = waive_late_fee(late_fee(bill("B1", DUE, "1000.00"), date(2024, 4, 30), policy),
                          D("10.00"), "hospital stay")
    booked = charge_late_fee(bill("B1", DUE, "1000.00"), line)
    assert (booked.late_fee_charged, booked.late_fee_due) == (D("10.00"), ZERO)
    assert late_fee(booked, date(2024, 5, 30), policy).charged == ZERO


def test_manager_waives_with_a_reason() -> None:
    line = late_fee(bill("B1", DUE, "1000.00", fee_due="4.00"), date(2024, 4, 30), POLICY)
    assert line.payable == D("34.00")  # 4.00 from before + 30 days now
    waived = waive_late_fee(line, D("34.00"), "  heating failure in March ")
    assert (waived.waived, waived.payable, waived.waiver_reason) == (
        D("34.00"), ZERO, "heating failure in March")
    booked = charge_late_fee(bill("B1", DUE, "1000.00", fee_due="4.00"), waived)
    assert (booked.late_fee_due, booked.late_fee_charged) == (ZERO, D("34.00"))


def test_waiver_needs_a_reason_and_at_most_what_is_owed() -> None:
    line = late_fee(bill("B1", DUE, "1000.00"), date(2024, 4, 30), POLICY)
    with pytest.raises(ValidationError) as caught:
        waive_late_fee(line, D("5.00"), "  ")
    assert (caught.value.field, caught.value.params["rule"]) == ("reason", "required")
    with pytest.raises(ValidationError) as caught:
        waive_late_fee(line, D("30.01"), "goodwill")
    assert (caught.value.field, caught.value.params["rule"]) == ("waiver", "range")
    with pytest.raises(ValidationError):
        waive_late_fee(line, D("-1.00"), "goodwill")
    assert waive_late_fee(line, ZERO, "").waived == ZERO


def test_each_bill_keeps_the_late_fee_policy_of_its_due_date() -> None:
    dearer = LateFeePolicy(RES, date(2024, 4, 15), daily_rate=D("0.003"), cap_share=D(1))
    lines = assess_late_fees([bill("B1", DUE, "100.00"), bill("B2", date(2024, 4, 30), "100.00")],
                             date(2024, 5, 10), [POLICY, dearer], RES)
    assert [(line.ref, line.days, line.daily_rate, line.charged) for line in lines] == [
        ("B1", 40, D("0.001"), D("4.00")),
        ("B2", 10, D("0.003"), D("3.00")),
    ]


def test_quote_shows_each_late_fee_and_the_pay_all_total() -> None:
    bills = [bill("B1", DUE, "1000.00"), bill("B2", date(2024, 4, 30), "500.00"),
             bill("B3", date(2024, 5, 31), "200.00")]
    quote = quote_payment(bills, date(2024, 5, 10), [POLICY], RES,
                          waivers={"B2": (D("5.00"), "first arrears")})
    assert [(line.ref, line.days, line.charged, line.waived) for line in quote.late_fees] == [
        ("B1", 40, D("40.00"), ZERO),
        ("B2", 10, D("5.00"), D("5.00")),
        ("B3", 0, ZERO, ZERO),
    ]
    assert [b.late_fee_due for b in quote.bills] == [D("40.00"), ZERO, ZERO]
    assert quote.total_due == D("1740.00")


# --- allocation ----------------------------------------------------------------------------

def three_bills() -> list[OpenBill]:
    return [bill("B1", date(2024, 1, 31), "100.00", fee_due="3.00"),
            bill("B2", date(2024, 2, 29), "200.00", fee_due="2.00"),
            bill("B3", date(2024, 3, 31), "300.00")]


def test_partial_payment_goes_oldest_first_late_fee_before_principal() -> None:
    allocation = allocate(D("150.00"), three_bills())
    assert [(a.ref, a.late_fee_paid, a.principal_paid, a.settled)
            for a in allocation.lines] == [
        ("B1", D("3.00"), D("100.00"), True),
        ("B2", D("2.00"), D("45.00"), False),
    ]
    assert allocation.lines[1].principal_left == D("155.00")
    assert allocation.prepaid_credit == ZERO


def test_a_payment_smaller_than_the_oldest_late_fee_pays_only_fee() -> None:
    allocation = allocate(D("2.00"), three_bills())
    assert [(a.ref, a.late_fee_paid, a.principal_paid, a.late_fee_left)
            for a in allocation.lines] == [("B1", D("2.00"), ZERO, D("1.00"))]


def test_bills_are_paid_by_due_date_whatever_order_they_come_in() -> None:
    allocation = allocate(D("103.00"), list(reversed(three_bills())))
    assert [(a.ref, a.paid) for a in allocation.lines] == [("B1", D("103.00"))]


def test_pay_all_leaves_nothing_and_no_credit() -> None:
    bills = three_bills()
    allocation = allocate(amount_due(bills), bills)
    assert amount_due(bills) == D("605.00")
    assert all(a.settled for a in allocation.lines) and len(allocation.lines) == 3
    assert allocation.prepaid_credit == ZERO
    assert amount_due(apply_allocation(bills, allocation)) == ZERO


def test_overpayment_is_kept_as_prepaid_credit() -> None:
    allocation = allocate(D("700.00"), three_bills())
    assert allocation.applied == D("605.00")
    assert allocation.prepaid_credit == D("95.00")


def test_paying_selected_bills_leaves_the_others() -> None:
    bills = three_bills()
    selected = [b for b in bills if b.ref in {"B2", "B3"}]
    allocation = allocate(D("505.00"), selected)
    after = apply_allocation(bills, allocation)
    assert [b.outstanding for b in after] == [D("103.00"), ZERO, ZERO]


def test_prepaid_credit_pays_the_next_bill() -> None:
    new = bill("B4", date(2024, 4, 30), "120.00")
    partly = apply_prepaid_credit(D("50.00"), [new])
    assert (partly.lines[0].principal_left, partly.prepaid_credit) == (D("70.00"), ZERO)
    fully = apply_prepaid_credit(D("200.00"), [new])
    assert (fully.lines[0].settled, fully.prepaid_credit) == (True, D("80.00"))
    assert apply_prepaid_credit(ZERO, [new]).lines == ()


def test_voiding_a_payment_makes_its_bills_owed_again() -> None:
    bills = three_bills()
    allocation = allocate(D("150.00"), bills)
    assert reverse_allocation(apply_allocation(bills, allocation), allocation) == tuple(bills)


def test_allocation_refuses_bad_amounts() -> None:
    with pytest.raises(ValidationError) as caught:
        allocate(D("-1.00"), three_bills())
    assert caught.value.params["rule"] == "negative"
    with pytest.raises(ValidationError) as caught:
        allocate(D("1.005"), three_bills())
    assert caught.value.params["rule"] == "fen"


def test_a_bill_cannot_owe_more_than_it_was() -> None:
    with pytest.raises(ValidationError):
        OpenBill("B1", DUE, principal=D("10.00"), principal_due=D("10.01"))
    with pytest.raises(ValidationError):
        OpenBill("B1", DUE, principal=D("10.00"), principal_due=D("10.00"),
                 late_fee_due=D("1.00"), late_fee_charged=ZERO)
    with pytest.raises(ValidationError):
        OpenBill("B1", DUE, principal=D("10.001"), principal_due=D("10.00"))


# --- properties ----------------------------------------------------------------------------

fen_amounts = st.integers(min_value=0, max_value=500_000).map(from_fen)


@st.composite
def open_bills(draw: st.DrawFn) -> list[OpenBill]:
    bills = []
    for i in range(draw(st.integers(0, 6))):
        principal = draw(st.integers(1, 300_000))
        due = draw(st.integers(0, 400))
        charged = draw(st.integers(0, 50_000))
        bills.append(OpenBill(
            ref=f"B{i}", due_on=date(2024, 1, 1) + timedelta(days=due),
            principal=from_fen(principal), principal_due=from_fen(draw(st.integers(0, principal))),
            late_fee_due=from_fen(draw(st.integers(0, charged))),
            late_fee_charged=from_fen(charged)))
    return bills


@given(amount=fen_amounts, bills=open_bills())
def test_allocation_conserves_every_fen(amount: Decimal, bills: list[OpenBill]) -> None:
    allocation = allocate(amount, bills)
    assert allocation.applied + allocation.prepaid_credit == amount
    assert allocation.prepaid_credit >= 0
    after = apply_allocation(bills, allocation)
    assert amount_due(bills) - amount_due(after) == allocation.applied
    # credit only once everything is paid
    assert allocation.prepaid_credit == 0 or amount_due(after) == 0
    # oldest first: a bill got money only when every bill due earlier is settled
    order = sorted(after, key=lambda b: b.due_on)
    paid_refs = {line.ref for line in allocation.lines}
    for i, b in enumerate(order):
        if b.ref in paid_refs:
            assert all(earlier.outstanding == 0 for earlier in order[:i]
                       if earlier.due_on < b.due_on)
    # on each bill the late fee goes first
    for line in allocation.lines:
        assert line.principal_paid == 0 or line.late_fee_left == 0


@given(bills=open_bills(), paid_on_day=st.integers(0, 800),
       rate=st.sampled_from([D("0.0005"), D("0.001"), D("0.003")]),
       cap=st.sampled_from([D("0.1"), D("0.3"), D(1)]))
def test_late_fee_never_passes_the_cap(bills: list[OpenBill], paid_on_day: int, rate: Decimal,
                                       cap: Decimal) -> None:
    policy = LateFeePolicy(RES, date(2020, 1, 1), daily_rate=rate, cap_share=cap)
    paid_on = date(2024, 1, 1) + timedelta(days=paid_on_day)
    for b in bills:
        line = late_fee(b, paid_on, policy)
        booked = charge_late_fee(b, line)
        assert 0 <= line.charged <= line.accrued
        cap_amount = round_fen(b.principal * cap)  # half-up, as pricing rounds
        assert booked.late_fee_charged <= max(cap_amount, b.late_fee_charged)


class Ledger:
    """The smallest account book on the pure core, as the cashier service will keep it."""

    def __init__(self) -> None:
        self.today = date(2024, 1, 1)
        self.bills: list[OpenBill] = []
        self.credit = ZERO
        self.payments: list[tuple[Allocation, bool]] = []  # (allocation, voided)
        self.billed = self.late_fees = self.waived = self.paid = self.voided = ZERO

    def _book(self, bills: list[OpenBill], waive: dict[str, Decimal]) -> None:
        """Book late fees up to today; ``waive`` lets a share of a bill's late fee off, as a
        manager does after seeing the quote."""
        quote = quote_payment(bills, self.today, [LEDGER_POLICY], RES)
        if waive:
            waivers = {line.ref: ((line.payable * waive[line.ref]).quantize(D("0.01")),
                                  "manager: customer was in hospital")
                       for line in quote.late_fees if line.ref in waive}
            quote = quote_payment(bills, self.today, [LEDGER_POLICY], RES, waivers)
        self.late_fees += sum((line.charged for line in quote.late_fees), ZERO)
        self.waived += sum((line.waived for line in quote.late_fees), ZERO)
        booked = {b.ref: b for b in quote.bills}
        self.bills = [booked.get(b.ref, b) for b in self.bills]

    def open_bills(self) -> list[OpenBill]:
        return [b for b in self.bills if b.outstanding]

    def issue(self, amount: Decimal, due_in: int) -> None:
        self.bills.append(OpenBill(ref=f"B{len(self.bills) + 1:04d}",
                                   due_on=self.today + timedelta(days=due_in),
                                   principal=amount, principal_due=amount))
        self.billed += amount
        if self.credit:  # prepaid credit pays the new bill (and any left open)
            self._book(self.open_bills(), {})
            used = apply_prepaid_credit(self.credit, self.open_bills())
            self.bills = list(apply_allocation(self.bills, used))
            self.credit = used.prepaid_credit

    def pay(self, amount: Decimal | None, refs: set[str] | None,
            waive: dict[str, Decimal] | None = None) -> None:
        """Pay ``amount`` (None: all that is due) on the bills ``refs`` (None: all open)."""
        targets = [b for b in self.open_bills() if refs is None or b.ref in refs]
        self._book(targets, {ref: share for ref, share in (waive or {}).items()
                             if ref in {b.ref for b in targets}})
        targets = [b for b in self.bills if b.ref in {t.ref for t in targets}]
        allocation = allocate(amount_due(targets) if amount is None else amount, targets)
        self.bills = list(apply_allocation(self.bills, allocation))
        self.credit += allocation.prepaid_credit
        self.paid += allocation.amount
        self.payments.append((allocation, False))

    def waive(self, ref: str, share: Decimal) -> None:
        """A waiver on its own, between payments: the late fee as of today."""
        self._book([b for b in self.bills if b.ref == ref], {ref: share})

    def void(self, index: int) -> bool:
        allocation, voided = self.payments[index]
        if voided or self.credit < allocation.prepaid_credit:
            return False  # its credit has been used since: refused
        self.bills = list(reverse_allocation(self.bills, allocation))
        self.credit -= allocation.prepaid_credit
        self.voided += allocation.amount
        self.payments[index] = (allocation, True)
        return True

    @property
    def balance(self) -> Decimal:
        """What the account owes (negative: in credit), from the bills as they stand."""
        return amount_due(self.bills) - self.credit


class LedgerMachine(RuleBasedStateMachine):
    """Random days of bills, payments (all, selected, partial, over), waivers and voids."""

    @initialize()
    def open_account(self) -> None:
        self.ledger = Ledger()

    @rule(days=st.integers(0, 60))
    def time_passes(self, days: int) -> None:
        self.ledger.today += timedelta(days=days)

    @rule(fen=st.integers(1, 200_000), due_in=st.integers(0, 40))
    def issue_bill(self, fen: int, due_in: int) -> None:
        self.ledger.issue(from_fen(fen), due_in)

    @rule(data=st.data(), select=st.booleans(),
          waive=st.sampled_from([ZERO, D("0.5"), D(1)]))
    def pay(self, data: st.DataObject, select: bool, waive: Decimal) -> None:
        open_refs = sorted(b.ref for b in self.ledger.open_bills())
        refs = set(data.draw(st.lists(st.sampled_from(open_refs), unique=True))) if (
            select and open_refs) else None
        waived = {ref: waive for ref in sorted(refs or open_refs)[:1]} if waive else {}
        amount = data.draw(st.one_of(
            st.none(),  # pay all
            st.integers(0, 400_000).map(from_fen)))  # short or over
        self.ledger.pay(amount, refs, waived)

    @precondition(lambda self: any(b.late_fee_due or b.principal_due
                                   for b in self.ledger.bills))
    @rule(data=st.data(), share=st.sampled_from([D("0.5"), D(1)]))
    def waive_late_fee(self, data: st.DataObject, share: Decimal) -> None:
        ref = data.draw(st.sampled_from([b.ref for b in self.ledger.open_bills()]))
        self.ledger.waive(ref, share)

    @precondition(lambda self: bool(self.ledger.payments))
    @rule(data=st.data())
    def void_payment(self, data: st.DataObject) -> None:
        self.ledger.void(data.draw(st.integers(0, len(self.ledger.payments) - 1)))

    @invariant()
    def balance_is_bills_plus_late_fees_less_waivers_and_payments(self) -> None:
        ledger = self.ledger
        expected = (ledger.billed + ledger.late_fees - ledger.waived - ledger.paid
                    + ledger.voided)
        assert to_fen(ledger.balance) == to_fen(expected)

    @invariant()
    def credit_and_debts_are_never_negative(self) -> None:
        assert self.ledger.credit >= 0
        for b in self.ledger.bills:
            assert b.principal_due >= 0 and b.late_fee_due >= 0


LedgerMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=40,
                                           deadline=None)
test_ledger_balance_identity = LedgerMachine.TestCase


def test_ledger_example_partial_over_payment_waiver_and_void() -> None:
    """The same identity, walked through by hand."""
    ledger = Ledger()
    ledger.issue(D("1000.00"), due_in=30)  # due 2024-01-31
    ledger.today = date(2024, 2, 10)  # 10 days late: 10.00 late fee
    ledger.pay(D("400.00"), None)
    assert ledger.bills[0].late_fee_due == ZERO and ledger.bills[0].principal_due == D("610.00")
    ledger.today = date(2024, 2, 20)  # 10 more days on 610.00: 6.10
    ledger.waive("B0001", D(1))
    assert ledger.waived == D("6.10")
    ledger.pay(D("700.00"), None)  # 610.00 owed: 90.00 becomes credit
    assert ledger.credit == D("90.00")
    ledger.issue(D("50.00"), due_in=30)  # paid from credit at once
    assert ledger.credit == D("40.00") and ledger.bills[1].outstanding == ZERO
    assert not ledger.void(1)  # its credit has been spent
    assert ledger.void(0)
    assert (ledger.bills[0].principal_due, ledger.bills[0].late_fee_due) == (
        D("390.00"), D("10.00"))
    assert ledger.balance == D("360.00")  # 400.00 owed again less the 40.00 credit
    assert ledger.balance == (ledger.billed + ledger.late_fees - ledger.waived - ledger.paid
                              + ledger.voided)
