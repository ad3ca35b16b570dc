"""Tariffs, charges, late fees and payment allocation: the rules of fee collection.

What the manuals fix (002 = 供热窗口管理制度):

- 002 §4(4)1 "收费人员按照公司规定的收费标准和时间…收取供热费用": every charge comes from a
  published tariff in force on a date (``tariff_in_force``), never from a number typed at
  the counter; 002 §1(3)3 "各项供热政策、收费标准…应向用户公开".
- 002 §4(4)3 "向用户说明收费依据和计算方法": every charge is returned as lines (tiers,
  报停 share, relief, late fee days × rate) that the receipt and the counter screen show.
- 002 §2(2)1 "确保收费准确无误": Decimal to the fen, ROUND_HALF_UP, each line rounded once
  and totals the sum of the printed lines, so a customer adding up the receipt gets the total.

Everything else (tier sizes, 报停 share, relief, late fee rate and cap, payment order) the
manuals leave to the company: the values are configuration, and where a rule had to be
chosen the docstring says what a Chinese utility does and why.

Tariff classes are the strings of ``app.models.customers.TariffClass`` ("residential",
"non_residential", "low_income"); this module does not import the models, so it stays
loadable without SQLAlchemy's mappers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol, TypeVar

from app.billing.money import ZERO, ensure_fen, round_fen
from app.errors import NotFound, ValidationError

ONE = Decimal(1)


def _rate(value: Decimal, field: str, *, share: bool = False) -> None:
    """A price or share in a tariff: a finite, non-negative Decimal (a share at most 1)."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ValidationError("{field} must be a non-negative decimal number.", field=field,
                              rule="rate")
    if share and value > ONE:
        raise ValidationError("{field} is a share between 0 and 1.", field=field, rule="share")


def _quantity(value: Decimal, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ValidationError("{field} must be a non-negative number.", field=field,
                              rule="quantity")
    return value


# --- tariffs and their dates ---------------------------------------------------------------


class _Dated(Protocol):
    @property
    def tariff_class(self) -> str: ...

    @property
    def effective_from(self) -> date: ...


DatedT = TypeVar("DatedT", bound=_Dated)


def tariff_in_force(tariffs: Iterable[DatedT], tariff_class: str, on: date) -> DatedT:
    """The tariff of ``tariff_class`` in force on ``on``: the latest ``effective_from <= on``.

    A tariff runs until the next one of its class takes effect (price notices announce a new
    price "from date X", they do not end the old one). Two of one class starting the same
    day is a configuration error, refused rather than resolved by list order. Which date to
    ask for: a gas reading's date, a heating season's first day, a bill's due date for its
    late fee policy.
    """
    best: DatedT | None = None
    for tariff in tariffs:
        if tariff.tariff_class != tariff_class or tariff.effective_from > on:
            continue
        if best is not None and tariff.effective_from == best.effective_from:
            raise ValidationError(
                "Two {tariff_class} tariffs take effect on {day}.", field="effective_from",
                rule="duplicate", tariff_class=tariff_class,
                day=tariff.effective_from.isoformat())
        if best is None or tariff.effective_from > best.effective_from:
            best = tariff
    if best is None:
        raise NotFound(what=f"A {tariff_class} tariff in force on {on.isoformat()}")
    return best


# --- gas: annual cumulative tiers (阶梯气价) ------------------------------------------------


@dataclass(frozen=True)
class GasTariff:
    """A gas price list: one price per tier of the year's cumulative volume.

    ``prices`` are 元/m³, lowest tier first; ``ceilings`` are the cumulative annual volumes
    (m³) at which each tier but the last ends, so three tiers have two ceilings
    (e.g. 350 and 500 with prices 2.61, 3.13, 3.92). A non-residential tariff is one price
    and no ceilings.

    Larger households: the national tiered-gas guidance of 2014 (NDRC) lets cities raise the
    tier volumes of households with more people; cities write it as "from the Nth person
    on, each person adds X m³ to the tier". Here: every person beyond
    ``household_base_size`` raises ceiling i by ``extra_person_allowance[i]`` m³ (empty:
    no adjustment). Allowances must not decrease from tier to tier, so the adjusted ceilings
    still rise.
    """

    tariff_class: str
    effective_from: date
    prices: tuple[Decimal, ...]
    ceilings: tuple[Decimal, ...] = ()
    household_base_size: int = 0
    extra_person_allowance: tuple[Decimal, ...] = ()

    def __post_init__(self) -> None:
        if len(self.prices) != len(self.ceilings) + 1:
            raise ValidationError("A gas tariff needs one price more than tier ceilings.",
                                  field="prices", rule="tiers")
        for price in self.prices:
            _rate(price, "prices")
        previous = ZERO
        for ceiling in self.ceilings:
            _quantity(ceiling, "ceilings")
            if ceiling <= previous:
                raise ValidationError("Tier ceilings must rise.", field="ceilings",
                                      rule="rising")
            previous = ceiling
        if self.extra_person_allowance:
            if len(self.extra_person_allowance) != len(self.ceilings):
                raise ValidationError("One extra-person allowance per tier ceiling.",
                                      field="extra_person_allowance", rule="tiers")
            previous = ZERO
            for allowance in self.extra_person_allowance:
                _quantity(allowance, "extra_person_allowance")
                if allowance < previous:
                    raise ValidationError("Extra-person allowances must not decrease.",
                                          field="extra_person_allowance", rule="rising")
                previous = allowance
        if self.household_base_size < 0:
            raise ValidationError("The base household size cannot be negative.",
                                  field="household_base_size", rule="quantity")

    def ceilings_for(self, household_size: int) -> tuple[Decimal, ...]:
        """The tier ceilings of a household of ``household_size`` people."""
        if not self.extra_person_allowance:
            return self.ceilings
        extra = max(0, household_size - self.household_base_size)
        return tuple(c + extra * a
                     for c, a in zip(self.ceilings, self.extra_person_allowance, strict=True))


@dataclass(frozen=True)
class GasTierLine:
    """One tier's part of a reading: cumulative m³ ``start``..``end`` of the year at ``price``."""

    tier: int  # 1 = 第一档
    start: Decimal
    end: Decimal
    price: Decimal
    amount: Decimal

    @property
    def volume(self) -> Decimal:
        return self.end - self.start


@dataclass(frozen=True)
class GasCharge:
    volume: Decimal
    used_before: Decimal  # this year's volume before the reading period
    lines: tuple[GasTierLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def metered_volume(previous: Decimal, current: Decimal, *,
                   rollover: Decimal | None = None) -> Decimal:
    """m³ between two readings of one meter.

    A current reading below the previous is refused (a misread or a changed meter needs a
    person) unless the meter's ``rollover`` is given (a 5-drum meter rolls over at 100000):
    then the dial went round once.
    """
    _quantity(previous, "previous_reading")
    _quantity(current, "reading")
    if current >= previous:
        return current - previous
    if rollover is not None and previous < rollover:
        return rollover - previous + current
    raise ValidationError("The reading {current} is below the previous reading {previous}.",
                          field="reading", rule="below_previous", current=str(current),
                          previous=str(previous))


def gas_charge(volume: Decimal, *, used_before: Decimal, tariff: GasTariff,
               household_size: int = 0) -> GasCharge:
    """Charge for ``volume`` m³ when ``used_before`` m³ were already used this tier year.

    Tiers are by the year's cumulative volume (年度累计), so a reading that crosses a ceiling
    is split: the part below at the lower price, the rest at the next. Each line is rounded
    to the fen; the total is their sum. The year (calendar or the city's 阶梯年度) and which
    year a reading belongs to are the caller's: utilities count a reading in the year of its
    reading date, and price it at the tariff in force on that date (no day-weighting).
    """
    _quantity(volume, "volume")
    _quantity(used_before, "used_before")
    ceilings = tariff.ceilings_for(household_size)
    lows: tuple[Decimal, ...] = (ZERO, *ceilings)
    highs: tuple[Decimal | None, ...] = (*ceilings, None)
    start, end = used_before, used_before + volume
    lines: list[GasTierLine] = []
    for tier, (price, low, high) in enumerate(zip(tariff.prices, lows, highs, strict=True),
                                              start=1):
        part_start = max(start, low)
        part_end = end if high is None else min(end, high)
        if part_end > part_start:
            lines.append(GasTierLine(tier=tier, start=part_start, end=part_end, price=price,
                                     amount=round_fen((part_end - part_start) * price)))
    return GasCharge(volume=volume, used_before=used_before, lines=tuple(lines))


# --- heating: area × unit price per season ---------------------------------------------------


@dataclass(frozen=True)
class HeatingTariff:
    """A heating price for one class and season onwards.

    ``unit_price``: 元 per m² of heated area per season. ``suspended_share``: the share a
    suspended (报停) home still pays as base fee (基本热费) for the pipes that keep passing
    through and heating it; cities set it at 20-30 %. ``relief_share``: the share remitted
    for the class, set on the low-income (低保/特困) tariff, 0 elsewhere.
    """

    tariff_class: str
    effective_from: date
    unit_price: Decimal
    suspended_share: Decimal
    relief_share: Decimal = ZERO

    def __post_init__(self) -> None:
        _rate(self.unit_price, "unit_price")
        _rate(self.suspended_share, "suspended_share", share=True)
        _rate(self.relief_share, "relief_share", share=True)


@dataclass(frozen=True)
class ChargeLine:
    """One line of how a charge was reached, for the receipt and the counter screen.

    ``item`` is a stable key the UI translates: ``heating`` (basis = m², rate = 元/m²),
    ``suspended`` (basis = the full charge, rate = share still paid; amount is the negative
    part not charged), ``relief`` (basis = the charge so far, rate = share remitted; amount
    negative).
    """

    item: str
    basis: Decimal
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class HeatingCharge:
    lines: tuple[ChargeLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def heating_charge(area: Decimal, tariff: HeatingTariff, *,
                   suspended: bool = False) -> HeatingCharge:
    """A season's heating charge: area × unit price, then 报停 base share, then relief.

    The relief is taken off what the home actually pays, so a suspended low-income home gets
    the relief on its base fee too (relief is for the household, whatever it is charged).
    Part seasons (a home connected mid-season) are not prorated here: the manuals say
    nothing, companies differ, and the bill for a part season is made by hand.
    """
    _quantity(area, "heated_area")
    full = round_fen(area * tariff.unit_price)
    lines = [ChargeLine("heating", area, tariff.unit_price, full)]
    subtotal = full
    if suspended:
        kept = round_fen(full * tariff.suspended_share)
        lines.append(ChargeLine("suspended", full, tariff.suspended_share, kept - full))
        subtotal = kept
    if tariff.relief_share:
        lines.append(ChargeLine("relief", subtotal, tariff.relief_share,
                                -round_fen(subtotal * tariff.relief_share)))
    return HeatingCharge(lines=tuple(lines))


# --- bills and late fees -------------------------------------------------------------------


@dataclass(frozen=True)
class OpenBill:
    """A bill as it stands: what it was, what of it is still owed, its late fee so far.

    ``late_fee_charged`` is every late fee ever charged on the bill (waived or paid or not),
    which the cap is measured against; ``late_fee_due`` what of it is still owed;
    ``late_fee_through`` the last day already charged for.
    """

    ref: str
    due_on: date
    principal: Decimal
    principal_due: Decimal
    late_fee_due: Decimal = ZERO
    late_fee_charged: Decimal = ZERO
    late_fee_through: date | None = None

    def __post_init__(self) -> None:
        for name in ("principal", "principal_due", "late_fee_due", "late_fee_charged"):
            object.__setattr__(self, name, ensure_fen(getattr(self, name), name))
        if not ZERO <= self.principal_due <= self.principal:
            raise ValidationError("A bill owes between nothing and its amount.",
                                  field="principal_due", rule="range")
        if not ZERO <= self.late_fee_due <= self.late_fee_charged:
            raise ValidationError("A bill owes at most the late fee charged on it.",
                                  field="late_fee_due", rule="range")

    @property
    def outstanding(self) -> Decimal:
        return self.principal_due + self.late_fee_due


@dataclass(frozen=True)
class LateFeePolicy:
    """Late fee (滞纳金/违约金) terms for a class, from ``effective_from`` on.

    ``daily_rate`` per day on the unpaid principal (heating and gas contracts commonly say
    1‰ to 3‰ a day, ``Decimal("0.001")``); ``cap_share`` the most the late fee of one bill
    may reach, as a share of its principal (commonly 1: never more than the bill itself).
    """

    tariff_class: str
    effective_from: date
    daily_rate: Decimal
    cap_share: Decimal

    def __post_init__(self) -> None:
        _rate(self.daily_rate, "daily_rate", share=True)
        _rate(self.cap_share, "cap_share")


@dataclass(frozen=True)
class LateFeeLine:
    """One bill's late fee at a payment, as the counter shows and the receipt prints it.

    ``principal_due`` × ``daily_rate`` × ``days`` (from ``first_day`` to ``last_day``) gives
    ``accrued``; ``charged`` is that, held to what the cap leaves (``cap_left``);
    ``previously_due`` is late fee charged at an earlier payment and still owed; ``waived``
    what a manager let off (with ``waiver_reason``); ``payable`` what the customer owes.
    """

    ref: str
    principal_due: Decimal
    first_day: date | None
    last_day: date
    days: int
    daily_rate: Decimal
    accrued: Decimal
    cap_left: Decimal
    charged: Decimal
    previously_due: Decimal
    waived: Decimal = ZERO
    waiver_reason: str = ""

    @property
    def capped(self) -> bool:
        return self.accrued > self.charged

    @property
    def payable(self) -> Decimal:
        return self.previously_due + self.charged - self.waived


def late_fee(bill: OpenBill, paid_on: date, policy: LateFeePolicy) -> LateFeeLine:
    """The late fee a bill has earned by ``paid_on`` beyond what was charged before.

    Days run from the day after the due date (or after the last day already charged)
    through the payment day: paid on the due date, no fee; the next day, one day. The fee is
    simple, on the unpaid principal only (no fee on fees), rounded half up once per line.
    The cap holds over the bill's whole life: charges stop when all charged so far reaches
    ``cap_share`` × principal. Waivers do not make room under the cap (a waived fee was
    still charged). A due date on a holiday is moved by whoever sets it, not here.
    """
    after = bill.due_on
    if bill.late_fee_through is not None and bill.late_fee_through > after:
        after = bill.late_fee_through
    days = max(0, (paid_on - after).days)
    accrued = round_fen(bill.principal_due * policy.daily_rate * days)
    cap_left = max(ZERO, round_fen(bill.principal * policy.cap_share) - bill.late_fee_charged)
    first_day = after + timedelta(days=1) if days else None
    return LateFeeLine(
        ref=bill.ref, principal_due=bill.principal_due, first_day=first_day, last_day=paid_on,
        days=days, daily_rate=policy.daily_rate, accrued=accrued, cap_left=cap_left,
        charged=min(accrued, cap_left), previously_due=bill.late_fee_due)


def assess_late_fees(bills: Sequence[OpenBill], paid_on: date,
                     policies: Sequence[LateFeePolicy], tariff_class: str
                     ) -> tuple[LateFeeLine, ...]:
    """Late fee lines for ``bills`` paid on ``paid_on``.

    Each bill follows the policy in force on its own due date: the terms printed on the bill
    are the terms it is held to, even if the rate changes while it is unpaid.
    """
    return tuple(
        late_fee(bill, paid_on, tariff_in_force(policies, tariff_class, bill.due_on))
        for bill in bills)


def waive_late_fee(line: LateFeeLine, amount: Decimal, reason: str) -> LateFeeLine:
    """A manager lets ``amount`` of a bill's late fee off, for a stated reason.

    Up to all late fee the bill owes at this moment (earlier charges still owed plus this
    one); 0 clears a waiver. Who may waive is the service's check (manager permission);
    the reason is required here because a waiver without one cannot be audited.
    """
    amount = ensure_fen(amount, "waiver")
    reason = reason.strip()
    if amount < 0 or amount > line.previously_due + line.charged:
        raise ValidationError("At most the late fee owed can be waived.", field="waiver",
                              rule="range")
    if amount and not reason:
        raise ValidationError("Give a reason.", field="reason", rule="required")
    return replace(line, waived=amount, waiver_reason=reason if amount else "")


def charge_late_fee(bill: OpenBill, line: LateFeeLine) -> OpenBill:
    """The bill after its late fee line is booked: charged, less the waiver, up to the day."""
    if line.ref != bill.ref:
        raise ValueError(f"late fee line {line.ref} is not for bill {bill.ref}")
    through = bill.late_fee_through
    if through is None or line.last_day > through:
        through = line.last_day
    return replace(bill, late_fee_charged=bill.late_fee_charged + line.charged,
                   late_fee_due=bill.late_fee_due + line.charged - line.waived,
                   late_fee_through=through)


@dataclass(frozen=True)
class PaymentQuote:
    """What the counter shows before money changes hands: late fees line by line, the bills
    with those fees booked, and the pay-all total."""

    late_fees: tuple[LateFeeLine, ...]
    bills: tuple[OpenBill, ...]

    @property
    def total_due(self) -> Decimal:
        return amount_due(self.bills)


def quote_payment(bills: Sequence[OpenBill], paid_on: date,
                  policies: Sequence[LateFeePolicy], tariff_class: str,
                  waivers: Mapping[str, tuple[Decimal, str]] | None = None) -> PaymentQuote:
    """Late fees at ``paid_on`` (computed at payment time), ``waivers`` by bill ref as
    (amount, reason), booked on the bills ready for ``allocate``."""
    waivers = waivers or {}
    unknown = waivers.keys() - {bill.ref for bill in bills}
    if unknown:
        raise ValueError(f"waivers name bills not given: {sorted(unknown)}")
    lines = [waive_late_fee(line, *waivers[line.ref]) if line.ref in waivers else line
             for line in assess_late_fees(bills, paid_on, policies, tariff_class)]
    booked = tuple(charge_late_fee(bill, line) for bill, line in zip(bills, lines, strict=True))
    return PaymentQuote(late_fees=tuple(lines), bills=booked)


# --- paying: allocation oldest-first, prepaid credit -----------------------------------------


@dataclass(frozen=True)
class AllocationLine:
    """What one payment did to one bill."""

    ref: str
    late_fee_paid: Decimal
    principal_paid: Decimal
    late_fee_left: Decimal
    principal_left: Decimal

    @property
    def paid(self) -> Decimal:
        return self.late_fee_paid + self.principal_paid

    @property
    def settled(self) -> bool:
        return not (self.late_fee_left or self.principal_left)


@dataclass(frozen=True)
class Allocation:
    """How an amount was spread over bills; ``prepaid_credit`` is what was left (预存)."""

    amount: Decimal
    lines: tuple[AllocationLine, ...]
    prepaid_credit: Decimal

    @property
    def applied(self) -> Decimal:
        return sum((line.paid for line in self.lines), ZERO)


def amount_due(bills: Iterable[OpenBill]) -> Decimal:
    """What paying ``bills`` in full takes (late fees booked first with ``charge_late_fee``)."""
    return sum((bill.outstanding for bill in bills), ZERO)


def allocate(amount: Decimal, bills: Sequence[OpenBill]) -> Allocation:
    """Spread a payment over ``bills`` oldest-first; what is left becomes prepaid credit.

    The manuals set no order, so the Civil Code's default is used. Art. 560: the payer may
    name the debts paid ("pay selected bills": pass only those), else debts are paid in the
    order they fell due. Art. 561: a payment short of everything goes to charges and
    interest before the principal; the late fee is treated like interest. So: bills by due
    date, in each bill its late fee first, then its principal. Bills due the same day go in
    the order given (the caller lists them by bill number) rather than art. 560's pro rata,
    which would leave both partly unpaid for no one's benefit. "Pay all" is ``amount_due``;
    a partial payment leaves the rest of the last bill reached owing.

    Late fees must be booked on the bills (``charge_late_fee``) before allocating, so that
    they are owed when the money arrives.
    """
    amount = ensure_fen(amount, "amount")
    if amount < 0:
        raise ValidationError("The amount cannot be negative.", field="amount",
                              rule="negative")
    refs = [bill.ref for bill in bills]
    if len(set(refs)) != len(refs):
        raise ValueError("a bill is listed twice")
    left = amount
    lines: list[AllocationLine] = []
    for bill in sorted(bills, key=lambda b: b.due_on):
        if not left or not bill.outstanding:
            continue
        fee = min(left, bill.late_fee_due)
        principal = min(left - fee, bill.principal_due)
        left -= fee + principal
        lines.append(AllocationLine(
            ref=bill.ref, late_fee_paid=fee, principal_paid=principal,
            late_fee_left=bill.late_fee_due - fee, principal_left=bill.principal_due - principal))
    return Allocation(amount=amount, lines=tuple(lines), prepaid_credit=left)


def apply_prepaid_credit(credit: Decimal, bills: Sequence[OpenBill]) -> Allocation:
    """Use prepaid credit (预存) on bills, as a payment of it would be; the rest stays credit.

    Done when a new bill is issued on an account with credit, over every open bill of the
    account (oldest first, so a bill left unpaid by a "pay selected" is not skipped). Like a
    payment, overdue bills need their late fee booked first.
    """
    return allocate(credit, bills)


def apply_allocation(bills: Sequence[OpenBill], allocation: Allocation) -> tuple[OpenBill, ...]:
    """The bills after the allocation, in the given order."""
    return _shift(bills, allocation, -1)


def reverse_allocation(bills: Sequence[OpenBill],
                       allocation: Allocation) -> tuple[OpenBill, ...]:
    """The bills after a voided payment's allocation is undone: what it paid is owed again.

    The credit the payment left must be taken back by the caller; when that credit has
    already been used on a later bill the void has to be refused (or that use reversed
    first), since the money is no longer there.
    """
    return _shift(bills, allocation, 1)


def _shift(bills: Sequence[OpenBill], allocation: Allocation, sign: int) -> tuple[OpenBill, ...]:
    by_ref = {line.ref: line for line in allocation.lines}
    unknown = by_ref.keys() - {bill.ref for bill in bills}
    if unknown:
        raise ValueError(f"allocation names bills not given: {sorted(unknown)}")
    result = []
    for bill in bills:
        line = by_ref.get(bill.ref)
        result.append(bill if line is None else replace(
            bill, late_fee_due=bill.late_fee_due + sign * line.late_fee_paid,
            principal_due=bill.principal_due + sign * line.principal_paid))
    return tuple(result)
