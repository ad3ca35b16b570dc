"""Tariffs, meter readings and the billing run; and the ledger every amount owed is read from.

A billing run makes the bills of one kind and period: gas per month from the readings of that
month (tiers by the calendar year's cumulative volume), heating per season from the heated
area. It is idempotent: a bill is unique per (account, kind, period), so a rerun creates only
what is missing and says how many existed. Prepaid credit (预存) pays the new bills at once.

The ledger (``bill_states``, ``account_credit``) reads append-only rows only: a bill's
principal less its allocations, its late fee charges less waivers and paid late fee, the
account's credit entries. ``book`` writes what the pure pricing core decided (late fee lines,
an allocation) as those rows, for payments and for credit used at billing alike.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.billing.money import ZERO, ensure_fen
from app.billing.pricing import (
    Allocation as PricedAllocation,
)
from app.billing.pricing import (
    GasTariff,
    HeatingTariff,
    LateFeeLine,
    LateFeePolicy,
    OpenBill,
    allocate,
    gas_charge,
    heating_charge,
    metered_volume,
    quote_payment,
    tariff_in_force,
)
from app.errors import Conflict, NotFound, ValidationError
from app.models import (
    Account,
    AccountKind,
    AccountStatus,
    Allocation,
    AuditEntry,
    Bill,
    BillingRun,
    BillLine,
    CreditEntry,
    GasTariffRow,
    GasTariffTier,
    Hall,
    HeatingTariffRow,
    LateFeeCharge,
    LateFeePolicyRow,
    LateFeeWaiver,
    MeterReading,
    Staff,
    TariffClass,
)
from app.models.base import utcnow
from app.permissions import Permission
from app.services import audit
from app.services.context import Actor, require

GAS_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
HEATING_PERIOD = re.compile(r"(\d{4})-(\d{4})")
# Northern China's statutory heating season starts on 15 November: a season's heating tariff
# is the one in force that day unless the run names another pricing day.
SEASON_START = (11, 15)
KIND_DIGIT = {AccountKind.GAS.value: "1", AccountKind.HEATING.value: "2"}
BILL_NO = re.compile(r"[12]\d{15}")  # kind, year, month (00: a season), account id


# --- value objects ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TariffInfo:
    id: int
    kind: str  # gas | heating | late_fee:gas | late_fee:heating
    tariff_class: str
    effective_from: date


@dataclass(frozen=True)
class ReadingInfo:
    id: int
    account_id: int
    read_on: date
    previous: Decimal
    reading: Decimal
    volume: Decimal


@dataclass(frozen=True)
class BillingRunResult:
    run_id: int
    kind: str
    period: str
    created: int
    existed: int
    skipped: int
    amount: Decimal  # total of the bills created
    credit_applied: Decimal  # prepaid credit used on them at once
    skipped_reasons: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BillingRunInfo:
    """A billing run as recorded: who ran it, when, and what it found."""

    run_id: int
    kind: str
    period: str
    issued_on: date
    due_on: date
    run_at: datetime
    run_by: str  # the staff member's user name; "" for an admin command (the system actor)
    run_by_name: str
    created: int
    existed: int
    skipped: int
    amount: Decimal | None  # total of the bills it created (None: not known)
    credit_applied: Decimal | None


@dataclass(frozen=True)
class BillState:
    """A bill as the ledger has it now; ``open`` is the pricing core's view (ref = bill_no)."""

    bill_id: int
    bill_no: str
    account_id: int
    kind: str
    period: str
    due_on: date
    open: OpenBill


# --- helpers ---------------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in KIND_DIGIT:
        raise ValidationError("Not an account kind: {kind}.", field="kind", rule="kind",
                              kind=kind)
    return kind


def _tariff_class(tariff_class: str) -> str:
    if tariff_class not in {c.value for c in TariffClass}:
        raise ValidationError("Not a tariff class: {tariff_class}.", field="tariff_class",
                              rule="tariff_class", tariff_class=tariff_class)
    return tariff_class


def today(session: Session, actor: Actor, now: datetime) -> date:
    """The actor's hall's date (the business day), or China's for work outside a hall."""
    hall = session.get(Hall, actor.hall_id) if actor.hall_id is not None else None
    return now.astimezone(ZoneInfo(hall.timezone if hall else "Asia/Shanghai")).date()


def period_bounds(kind: str, period: str) -> tuple[date, date]:
    """First and last day of a gas month (2026-11) or a heating season (2026-2027)."""
    if kind == AccountKind.GAS.value:
        match = GAS_PERIOD.fullmatch(period)
        if match is None:
            raise ValidationError("A gas period is a month: 2026-11.", field="period",
                                  rule="period")
        year, month = int(match[1]), int(match[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    match = HEATING_PERIOD.fullmatch(period)
    if match is None or int(match[2]) != int(match[1]) + 1:
        raise ValidationError("A heating period is a season: 2026-2027.", field="period",
                              rule="period")
    return date(int(match[1]), 7, 1), date(int(match[2]), 6, 30)


def bill_number(kind: str, period: str, account_id: int) -> str:
    """16 digits, printed as the bill's barcode: kind, year, month (00 for a season), account."""
    year, _, rest = period.partition("-")
    month = rest if kind == AccountKind.GAS.value else "00"
    return f"{KIND_DIGIT[kind]}{year}{month}{account_id:09d}"


def _decimal(value: Decimal | int | str, field: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("rates and quantities must be Decimal, never float")
    try:
        return Decimal(value)
    except ArithmeticError:
        raise ValidationError("{field} is not a number.", field=field, rule="number") from None


# --- tariffs ---------------------------------------------------------------------------------


def _refuse_duplicate(session: Session, exists: bool, what: str, tariff_class: str,
                      effective_from: date) -> None:
    if exists:
        raise Conflict("A {what} tariff for {tariff_class} from {day} exists already.",
                       what=what, tariff_class=tariff_class, day=effective_from.isoformat())


def set_gas_tariff(session: Session, actor: Actor, tariff_class: str, effective_from: date, *,
                   prices: Sequence[Decimal], ceilings: Sequence[Decimal] = (),
                   household_base_size: int = 0,
                   extra_person_allowance: Sequence[Decimal] = ()) -> TariffInfo:
    """Publish a gas price list from ``effective_from`` on (checked by the pricing core)."""
    staff = require(session, actor, Permission.MANAGE_TARIFFS)
    tariff = GasTariff(_tariff_class(tariff_class), effective_from,
                       tuple(_decimal(p, "prices") for p in prices),
                       tuple(_decimal(c, "ceilings") for c in ceilings), household_base_size,
                       tuple(_decimal(a, "extra_person_allowance")
                             for a in extra_person_allowance))
    _refuse_duplicate(session, session.scalar(select(GasTariffRow.id).where(
        GasTariffRow.tariff_class == tariff_class,
        GasTariffRow.effective_from == effective_from)) is not None, "gas", tariff_class,
        effective_from)
    row = GasTariffRow(tariff_class=tariff_class, effective_from=effective_from,
                       household_base_size=household_base_size,
                       created_by=staff.id if staff else None)
    session.add(row)
    session.flush()
    for tier, price in enumerate(tariff.prices, start=1):
        last = tier > len(tariff.ceilings)
        session.add(GasTariffTier(
            tariff_id=row.id, tier=tier, price=price,
            ceiling=None if last else tariff.ceilings[tier - 1],
            extra_person_allowance=None if last or not tariff.extra_person_allowance
            else tariff.extra_person_allowance[tier - 1]))
    audit.record(session, actor, "billing.gas_tariff_set", "gas_tariff", row.id, details={
        "tariff_class": tariff_class, "effective_from": effective_from.isoformat(),
        "prices": [str(p) for p in tariff.prices],
        "ceilings": [str(c) for c in tariff.ceilings],
        "household_base_size": household_base_size,
        "extra_person_allowance": [str(a) for a in tariff.extra_person_allowance]})
    info = TariffInfo(row.id, AccountKind.GAS.value, tariff_class, effective_from)
    return info


def set_heating_tariff(session: Session, actor: Actor, tariff_class: str, effective_from: date,
                       *, unit_price: Decimal, suspended_share: Decimal,
                       relief_share: Decimal = ZERO) -> TariffInfo:
    staff = require(session, actor, Permission.MANAGE_TARIFFS)
    tariff = HeatingTariff(_tariff_class(tariff_class), effective_from,
                           _decimal(unit_price, "unit_price"),
                           _decimal(suspended_share, "suspended_share"),
                           _decimal(relief_share, "relief_share"))
    _refuse_duplicate(session, session.scalar(select(HeatingTariffRow.id).where(
        HeatingTariffRow.tariff_class == tariff_class,
        HeatingTariffRow.effective_from == effective_from)) is not None, "heating",
        tariff_class, effective_from)
    row = HeatingTariffRow(tariff_class=tariff_class, effective_from=effective_from,
                           unit_price=tariff.unit_price, suspended_share=tariff.suspended_share,
                           relief_share=tariff.relief_share,
                           created_by=staff.id if staff else None)
    session.add(row)
    session.flush()
    audit.record(session, actor, "billing.heating_tariff_set", "heating_tariff", row.id,
                 details={"tariff_class": tariff_class,
                          "effective_from": effective_from.isoformat(),
                          "unit_price": str(tariff.unit_price),
                          "suspended_share": str(tariff.suspended_share),
                          "relief_share": str(tariff.relief_share)})
    info = TariffInfo(row.id, AccountKind.HEATING.value, tariff_class, effective_from)
    return info


def set_late_fee_policy(session: Session, actor: Actor, kind: str, tariff_class: str,
                        effective_from: date, *, daily_rate: Decimal,
                        cap_share: Decimal) -> TariffInfo:
    """Late fee terms of a kind and class; a bill is held to the terms in force on its due
    date. A utility that charges none sets a rate of 0."""
    staff = require(session, actor, Permission.MANAGE_TARIFFS)
    policy = LateFeePolicy(_tariff_class(tariff_class), effective_from,
                           _decimal(daily_rate, "daily_rate"), _decimal(cap_share, "cap_share"))
    _kind(kind)
    _refuse_duplicate(session, session.scalar(select(LateFeePolicyRow.id).where(
        LateFeePolicyRow.kind == kind, LateFeePolicyRow.tariff_class == tariff_class,
        LateFeePolicyRow.effective_from == effective_from)) is not None, f"late fee ({kind})",
        tariff_class, effective_from)
    row = LateFeePolicyRow(kind=kind, tariff_class=tariff_class, effective_from=effective_from,
                           daily_rate=policy.daily_rate, cap_share=policy.cap_share,
                           created_by=staff.id if staff else None)
    session.add(row)
    session.flush()
    audit.record(session, actor, "billing.late_fee_policy_set", "late_fee_policy", row.id,
                 details={"kind": kind, "tariff_class": tariff_class,
                          "effective_from": effective_from.isoformat(),
                          "daily_rate": str(policy.daily_rate),
                          "cap_share": str(policy.cap_share)})
    info = TariffInfo(row.id, f"late_fee:{kind}", tariff_class, effective_from)
    return info


def gas_tariffs(session: Session) -> list[GasTariff]:
    tiers: dict[int, list[GasTariffTier]] = {}
    for tier in session.scalars(select(GasTariffTier).order_by(GasTariffTier.tariff_id,
                                                               GasTariffTier.tier)):
        tiers.setdefault(tier.tariff_id, []).append(tier)
    result = []
    for row in session.scalars(select(GasTariffRow)):
        rows = tiers.get(row.id, [])
        allowances = [t.extra_person_allowance for t in rows[:-1]]
        result.append(GasTariff(
            row.tariff_class, row.effective_from, tuple(t.price for t in rows),
            tuple(t.ceiling for t in rows[:-1] if t.ceiling is not None),
            row.household_base_size,
            tuple(a for a in allowances if a is not None)
            if all(a is not None for a in allowances) and allowances else ()))
    return result


def heating_tariffs(session: Session) -> list[HeatingTariff]:
    return [HeatingTariff(r.tariff_class, r.effective_from, r.unit_price, r.suspended_share,
                          r.relief_share) for r in session.scalars(select(HeatingTariffRow))]


def late_fee_policies(session: Session, kind: str) -> list[LateFeePolicy]:
    return [LateFeePolicy(r.tariff_class, r.effective_from, r.daily_rate, r.cap_share)
            for r in session.scalars(select(LateFeePolicyRow).where(
                LateFeePolicyRow.kind == kind))]


# --- readings --------------------------------------------------------------------------------


def record_reading(session: Session, actor: Actor, account_id: int, reading: Decimal, *,
                   read_on: date, previous: Decimal | None = None,
                   rollover: Decimal | None = None) -> ReadingInfo:
    """A gas meter reading; its volume is taken from the account's last reading (or from
    ``previous``, the meter's reading when it was fitted, for the first one)."""
    require(session, actor, Permission.RECORD_READINGS)
    account = lock_account(session, account_id)
    if account.kind != AccountKind.GAS.value:
        raise ValidationError("Only gas accounts have meter readings.", field="account",
                              rule="kind")
    reading = _decimal(reading, "reading")
    last = session.scalars(select(MeterReading).where(MeterReading.account_id == account.id)
                           .order_by(MeterReading.read_on.desc(), MeterReading.id.desc())
                           .limit(1)).first()
    if last is not None:
        if read_on < last.read_on:
            raise ValidationError("A reading before the last one ({day}).", field="read_on",
                                  rule="order", day=last.read_on.isoformat())
        start = last.reading
    else:
        start = _decimal(previous if previous is not None else ZERO, "previous_reading")
    volume = metered_volume(start, reading, rollover=rollover)
    row = MeterReading(account_id=account.id, read_on=read_on, previous=start, reading=reading,
                       volume=volume, recorded_by=actor.staff_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "billing.reading_recorded", "account", account.id,
                 details={"read_on": read_on.isoformat(), "reading": str(reading),
                          "volume": str(volume)})
    info = ReadingInfo(row.id, account.id, read_on, start, reading, volume)
    return info


# --- the ledger ------------------------------------------------------------------------------


def bill_states(session: Session, account_id: int,
                bill_ids: Iterable[int] | None = None) -> list[BillState]:
    """Every bill of the account (or those of ``bill_ids``), oldest due first, as owed now."""
    stmt = select(Bill).where(Bill.account_id == account_id)
    if bill_ids is not None:
        stmt = stmt.where(Bill.id.in_(list(bill_ids)))
    bills = list(session.scalars(stmt.order_by(Bill.due_on, Bill.bill_no)))
    ids = [b.id for b in bills]
    if not ids:
        return []
    paid = {bill_id: (fee or ZERO, principal or ZERO) for bill_id, fee, principal in
            session.execute(select(Allocation.bill_id, func.sum(Allocation.late_fee_amount),
                                   func.sum(Allocation.principal_amount))
                            .where(Allocation.bill_id.in_(ids)).group_by(Allocation.bill_id))}
    charged = {bill_id: (amount or ZERO, through) for bill_id, amount, through in
               session.execute(select(LateFeeCharge.bill_id, func.sum(LateFeeCharge.charged),
                                      func.max(LateFeeCharge.last_day))
                               .where(LateFeeCharge.bill_id.in_(ids))
                               .group_by(LateFeeCharge.bill_id))}
    waived: dict[int, Decimal] = {
        bill_id: amount or ZERO for bill_id, amount in session.execute(
            select(LateFeeWaiver.bill_id, func.sum(LateFeeWaiver.amount))
            .where(LateFeeWaiver.bill_id.in_(ids)).group_by(LateFeeWaiver.bill_id)).tuples()}
    states = []
    for bill in bills:
        fee_paid, principal_paid = paid.get(bill.id, (ZERO, ZERO))
        fee_charged, through = charged.get(bill.id, (ZERO, None))
        states.append(BillState(
            bill.id, bill.bill_no, bill.account_id, bill.kind, bill.period, bill.due_on,
            OpenBill(ref=bill.bill_no, due_on=bill.due_on, principal=bill.principal,
                     principal_due=bill.principal - principal_paid,
                     late_fee_due=fee_charged - waived.get(bill.id, ZERO) - fee_paid,
                     late_fee_charged=fee_charged, late_fee_through=through)))
    return states


def account_credit(session: Session, account_id: int) -> Decimal:
    """The account's prepaid credit (预存) now."""
    total = session.scalar(select(func.sum(CreditEntry.amount)).where(
        CreditEntry.account_id == account_id))
    return ensure_fen(total) if total is not None else ZERO


def amount_owed(session: Session, account: Account, on: date) -> Decimal:
    """What the account owes on ``on``: its open bills with the late fees a payment that day
    would charge, less its prepaid credit (never below zero). What every counter shows."""
    states = [s for s in bill_states(session, account.id) if s.open.outstanding]
    if not states:
        return ZERO
    quote = quote_payment([s.open for s in states], on,
                          late_fee_policies(session, account.kind), account.tariff_class)
    return max(ZERO, quote.total_due - account_credit(session, account.id))


def lock_account(session: Session, account_id: int) -> Account:
    """The account row, locked: serialises everything that changes what the account owes
    (the ledger rows themselves are append-only and cannot be locked). FOR NO KEY UPDATE,
    so that rows referencing the account can still be inserted meanwhile."""
    account = session.scalars(select(Account).where(Account.id == account_id)
                              .with_for_update(key_share=True)).one_or_none()
    if account is None:
        raise NotFound(what="account")
    return account


def book(session: Session, states: Sequence[BillState], lines: Sequence[LateFeeLine],
         allocation: PricedAllocation, *, now: datetime, payment_id: int | None = None,
         billing_run_id: int | None = None, approved_by: int | None = None) -> None:
    """Write the pricing core's decisions as ledger rows: a late fee line for every bill that
    had days to charge or late fee owed or waived, the waivers, and the allocation."""
    by_ref = {state.bill_no: state for state in states}
    for line in lines:
        bill = by_ref[line.ref]
        if line.days or line.previously_due or line.waived:
            session.add(LateFeeCharge(
                bill_id=bill.bill_id, payment_id=payment_id, billing_run_id=billing_run_id,
                at=now, principal_due=line.principal_due, previously_due=line.previously_due,
                first_day=line.first_day, last_day=line.last_day, days=line.days,
                daily_rate=line.daily_rate, accrued=line.accrued, cap_left=line.cap_left,
                charged=line.charged))
        if line.waived:
            if approved_by is None:
                raise ValueError("a waiver needs its approver")
            session.add(LateFeeWaiver(bill_id=bill.bill_id, payment_id=payment_id, at=now,
                                      amount=line.waived, reason=line.waiver_reason,
                                      approved_by=approved_by))
    for part in allocation.lines:
        if part.paid:
            session.add(Allocation(bill_id=by_ref[part.ref].bill_id, payment_id=payment_id,
                                   billing_run_id=billing_run_id,
                                   late_fee_amount=part.late_fee_paid,
                                   principal_amount=part.principal_paid))


# --- the billing run -------------------------------------------------------------------------


@dataclass
class _Planned:
    account: Account
    principal: Decimal
    lines: list[BillLine]
    volume: Decimal | None = None
    used_before: Decimal | None = None
    area: Decimal | None = None


def _plan_gas(session: Session, period: str, first: date, last: date,
              accounts: Sequence[Account], skipped: dict[str, int]) -> list[_Planned]:
    ids = [a.id for a in accounts]
    readings: dict[int, tuple[Decimal, date]] = {}
    for account_id, volume, read_on in session.execute(
            select(MeterReading.account_id, func.sum(MeterReading.volume),
                   func.max(MeterReading.read_on))
            .where(MeterReading.account_id.in_(ids),
                   MeterReading.read_on >= first, MeterReading.read_on <= last)
            .group_by(MeterReading.account_id)).tuples():
        readings[account_id] = (volume or ZERO, read_on)
    year = period[:4]
    used: dict[int, Decimal] = {
        account_id: volume or ZERO for account_id, volume in session.execute(
            select(Bill.account_id, func.sum(Bill.volume))
            .where(Bill.account_id.in_(ids), Bill.kind == AccountKind.GAS.value,
                   Bill.period.startswith(f"{year}-"), Bill.period < period)
            .group_by(Bill.account_id)).tuples()}
    tariffs = gas_tariffs(session)
    planned = []
    for account in accounts:
        if account.id not in readings:
            skipped["no_reading"] = skipped.get("no_reading", 0) + 1
            continue
        volume, read_on = readings[account.id]
        if not volume:
            skipped["no_consumption"] = skipped.get("no_consumption", 0) + 1
            continue
        before = used.get(account.id, ZERO)
        charge = gas_charge(volume, used_before=before,
                            tariff=tariff_in_force(tariffs, account.tariff_class, read_on),
                            household_size=account.household_size)
        lines = [BillLine(line_no=n, item="gas_tier", tier=line.tier, basis=line.volume,
                          rate=line.price, range_start=line.start, range_end=line.end,
                          amount=line.amount) for n, line in enumerate(charge.lines, start=1)]
        planned.append(_Planned(account, charge.total, lines, volume=volume,
                                used_before=before))
    return planned


def _plan_heating(session: Session, priced_on: date, accounts: Sequence[Account],
                  skipped: dict[str, int]) -> list[_Planned]:
    tariffs = heating_tariffs(session)
    planned = []
    for account in accounts:
        if account.heated_area is None or account.heated_area <= 0:
            skipped["no_area"] = skipped.get("no_area", 0) + 1
            continue
        charge = heating_charge(
            account.heated_area, tariff_in_force(tariffs, account.tariff_class, priced_on),
            suspended=account.status == AccountStatus.SUSPENDED.value)
        lines = [BillLine(line_no=n, item=line.item, tier=None, basis=line.basis,
                          rate=line.rate, amount=line.amount)
                 for n, line in enumerate(charge.lines, start=1)]
        planned.append(_Planned(account, charge.total, lines, area=account.heated_area))
    return planned


def run_billing(session: Session, actor: Actor, kind: str, period: str, *, due_on: date,
                issued_on: date | None = None, priced_on: date | None = None,
                now: datetime | None = None) -> BillingRunResult:
    """Create the bills of ``kind`` for ``period`` that do not exist yet, in one transaction.

    Gas: every gas account with readings dated in the month, priced at the tariff in force on
    its last reading date, tiers counted from the volume billed earlier that calendar year.
    Heating: every heating account that is not closed, by heated area, 报停 (suspended)
    accounts at the base fee share, priced at the tariff in force on ``priced_on`` (default
    15 November, the season's start). Accounts with no reading, no consumption or no area are
    skipped and counted. Prepaid credit of the accounts billed is used on their open bills
    (oldest first, late fees booked first) at once.

    On PostgreSQL the run reads one snapshot (REPEATABLE READ, when the session starts its
    transaction here): accounts opened or readings recorded while it runs wait for the next
    run instead of making its two passes disagree.
    """
    bind = session.get_bind()
    if (isinstance(bind, Engine) and bind.dialect.name == "postgresql"
            and not session.in_transaction()):  # (a caller's own connection keeps its level)
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    require(session, actor, Permission.RUN_BILLING)
    now = now or utcnow()
    _kind(kind)
    first, last = period_bounds(kind, period)
    issued_on = issued_on or today(session, actor, now)
    if due_on < issued_on:
        raise ValidationError("The due date comes after the issue date.", field="due_on",
                              rule="before_issue")
    if kind == AccountKind.HEATING.value:
        priced_on = priced_on or date(first.year, *SEASON_START)

    def plan(accounts: Sequence[Account], skipped: dict[str, int]) -> list[_Planned]:
        if kind == AccountKind.GAS.value:
            return _plan_gas(session, period, first, last, accounts, skipped)
        assert priced_on is not None
        return _plan_heating(session, priced_on, accounts, skipped)

    existed = session.scalar(select(func.count()).select_from(Bill).where(
        Bill.kind == kind, Bill.period == period)) or 0
    # The run's row is append-only, so it is written with its counts: a first pass plans
    # without keeping, a second writes the bills, a chunk of accounts at a time (a city's
    # million accounts never sit in memory at once).
    skipped: dict[str, int] = {}
    created = sum(len(plan(chunk, skipped)) for chunk in _unbilled(session, kind, period))
    run = BillingRun(kind=kind, period=period, issued_on=issued_on, due_on=due_on, run_at=now,
                     run_by=actor.staff_id, created=created, existed=existed,
                     skipped=sum(skipped.values()))
    session.add(run)
    session.flush()
    written, amount = 0, ZERO
    try:
        for chunk in _unbilled(session, kind, period):
            planned = plan(chunk, {})
            _write_bills(session, run, planned, now)
            written += len(planned)
            amount += sum((p.principal for p in planned), ZERO)
    except IntegrityError:
        raise Conflict("Another billing run for {period} ran at the same time: run it again "
                       "(it creates only what is missing).", what="billing run",
                       period=period) from None
    if written != created:  # accounts or readings changed between the passes
        raise Conflict("Accounts or readings changed while the billing of {period} ran: run "
                       "it again (it creates only what is missing).", what="billing run",
                       period=period)
    credit_used = _apply_credit(session, run.id, issued_on, now)
    audit.record(session, actor, "billing.run", "billing_run", run.id, details={
        "kind": kind, "period": period, "issued_on": issued_on.isoformat(),
        "due_on": due_on.isoformat(), "created": run.created, "existed": run.existed,
        "skipped": skipped, "amount": str(amount), "credit_applied": str(credit_used)})
    result = BillingRunResult(run.id, kind, period, run.created, run.existed, run.skipped,
                              amount, credit_used, MappingProxyType(dict(skipped)))
    return result


BILLING_CHUNK = 2000  # accounts planned and written at a time


def _unbilled(session: Session, kind: str, period: str) -> Iterator[list[Account]]:
    """The open accounts of ``kind`` without a bill for ``period``, in id order, a chunk at a
    time; each chunk leaves the session once the next is asked for."""
    billed = select(Bill.id).where(Bill.account_id == Account.id, Bill.kind == kind,
                                   Bill.period == period).exists()
    after = 0
    while True:
        chunk = list(session.scalars(
            select(Account).where(Account.kind == kind,
                                  Account.status != AccountStatus.CLOSED.value,
                                  Account.id > after, ~billed)
            .order_by(Account.id).limit(BILLING_CHUNK)))
        if not chunk:
            return
        yield chunk
        after = chunk[-1].id
        for account in chunk:
            session.expunge(account)


def _write_bills(session: Session, run: BillingRun, planned: Sequence[_Planned],
                 now: datetime) -> None:
    """The chunk's bills and their lines, each in one INSERT (no ORM objects kept)."""
    if not planned:
        return
    ids = session.scalars(insert(Bill).returning(Bill.id, sort_by_parameter_order=True), [
        {"bill_no": bill_number(run.kind, run.period, p.account.id),
         "account_id": p.account.id, "kind": run.kind, "period": run.period,
         "tariff_class": p.account.tariff_class, "issued_on": run.issued_on,
         "due_on": run.due_on, "principal": p.principal, "volume": p.volume,
         "used_before": p.used_before, "area": p.area, "billing_run_id": run.id,
         "created_at": now} for p in planned]).all()
    lines = [{"bill_id": bill_id, "line_no": line.line_no, "item": line.item,
              "tier": line.tier, "basis": line.basis, "rate": line.rate,
              "range_start": line.range_start, "range_end": line.range_end,
              "amount": line.amount}
             for bill_id, p in zip(ids, planned, strict=True) for line in p.lines]
    if lines:
        session.execute(insert(BillLine), lines)


def _apply_credit(session: Session, run_id: int, on: date, now: datetime) -> Decimal:
    """Prepaid credit pays the open bills of the accounts just billed, as a payment of it
    would (late fees up to ``on`` booked first)."""
    billed = select(Bill.account_id).where(Bill.billing_run_id == run_id)
    with_credit = [account_id for account_id, total in session.execute(
        select(CreditEntry.account_id, func.sum(CreditEntry.amount))
        .where(CreditEntry.account_id.in_(billed))
        .group_by(CreditEntry.account_id)).tuples() if total is not None and total > 0]
    used_total = ZERO
    for account_id in sorted(with_credit):
        account = lock_account(session, account_id)
        credit = account_credit(session, account_id)
        states = [s for s in bill_states(session, account_id) if s.open.outstanding]
        if not credit or not states:
            continue
        quote = quote_payment([s.open for s in states], on,
                              late_fee_policies(session, account.kind), account.tariff_class)
        allocation = allocate(credit, quote.bills)
        book(session, states, quote.late_fees, allocation, now=now, billing_run_id=run_id)
        used = allocation.applied
        if used:
            session.add(CreditEntry(account_id=account_id, amount=-used, at=now,
                                    billing_run_id=run_id))
            used_total += used
    return used_total


def list_runs(session: Session, actor: Actor, *, limit: int = 20,
              kind: str | None = None) -> list[BillingRunInfo]:
    """The newest billing runs (of ``kind``), reruns included, for whoever may run them.

    Runs bill every account of the company, so every hall's manager sees all of them. The
    amounts come from each run's audit row (written in the run's own transaction): the
    bills carry no index by run, and summing a run of a million bills is not a list's work.
    Only runs written without this service (the demo's) have their bills summed instead.
    """
    require(session, actor, Permission.RUN_BILLING)
    limit = max(1, min(int(limit), 500))
    stmt = (select(BillingRun, Staff.username, Staff.full_name)
            .outerjoin(Staff, Staff.id == BillingRun.run_by)
            .order_by(BillingRun.run_at.desc(), BillingRun.id.desc()).limit(limit))
    if kind is not None:
        stmt = stmt.where(BillingRun.kind == _kind(kind))
    rows = session.execute(stmt).tuples().all()
    amounts: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    if rows:
        for entity_id, details in session.execute(
                select(AuditEntry.entity_id, AuditEntry.details).where(
                    AuditEntry.entity_type == "billing_run", AuditEntry.action == "billing.run",
                    AuditEntry.entity_id.in_([str(run.id) for run, _u, _n in rows]))).tuples():
            recorded = json.loads(details)
            amounts[entity_id] = (_recorded_money(recorded.get("amount")),
                                  _recorded_money(recorded.get("credit_applied")))
    unrecorded = [run.id for run, _u, _n in rows if str(run.id) not in amounts]
    if unrecorded:  # runs written without the service (demo data): their bills' sum
        for run_id, total in session.execute(
                select(Bill.billing_run_id, func.sum(Bill.principal))
                .where(Bill.billing_run_id.in_(unrecorded))
                .group_by(Bill.billing_run_id)).tuples():
            if run_id is not None:
                amounts[str(run_id)] = (ensure_fen(Decimal(total or 0).quantize(
                    Decimal("0.01"))), None)
    result = [BillingRunInfo(run.id, run.kind, run.period, run.issued_on, run.due_on,
                             run.run_at, username or "", full_name or "", run.created,
                             run.existed, run.skipped,
                             *amounts.get(str(run.id), (None, None)))
              for run, username, full_name in rows]
    return result


def _recorded_money(value: object) -> Decimal | None:
    if not isinstance(value, str):
        return None
    try:
        return ensure_fen(Decimal(value))
    except (ArithmeticError, ValidationError):
        return None
