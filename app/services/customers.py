"""Finding a customer at the counter and the customer card every workspace shows.

Personal data is shown as the role needs it: result lists mask names and phones for everyone
(the customer and the queue behind them can see the screen); the card shows the full name
only to counter roles, and the phone and contact address only to roles that must contact the
customer (the others see them masked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, selectinload

from app.addresses import search_keys
from app.errors import NotFound, ValidationError
from app.models import Account, Customer
from app.models.base import utcnow
from app.permissions import Permission, Role
from app.services.billing_runs import amount_owed
from app.services.context import Actor, require
from app.text import MAX_SEARCH_LENGTH, search_text

MAX_RESULTS = 50
MAX_QUERY_LENGTH = MAX_SEARCH_LENGTH  # the longest address
MIN_ADDRESS_FRAGMENT = 3  # pg_trgm finds no trigram in fewer characters
DEFAULT_TIMEZONE = "Asia/Shanghai"  # where the actor's hall is not known (admin tools)
# Who reads what on the card: every counter role reads the name back to the customer; only
# those who must call the customer back see the whole phone number, and the contact address
# (where letters go, often not the supplied address) is theirs alike.
FULL_NAME_ROLES = {Role.CLERK, Role.CASHIER, Role.HALL_MANAGER}
FULL_PHONE_ROLES = {Role.CLERK, Role.HALL_MANAGER}
FULL_CONTACT_ADDRESS_ROLES = FULL_PHONE_ROLES


def mask_name(name: str) -> str:
    """张三明 -> 张*明, 李娜 -> 李*, 欧阳小明 -> 欧**明."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str) -> str:
    """The street kept, the house hidden: everything from the first digit on is masked
    (南京市鼓楼区幸福路12号3单元502室 -> 南京市鼓楼区幸福路****, 12号楼 -> ****); an address
    without digits keeps its first half. Empty stays empty."""
    text = address.strip()
    if not text:
        return ""
    cut = next((i for i, ch in enumerate(text) if ch.isdigit()), len(text) // 2)
    return text[:cut] + "****"


@dataclass(frozen=True)
class AccountSummary:
    account_no: str
    kind: str
    address: str
    meter_no: str
    status: str
    tariff_class: str = "residential"
    heated_area: Decimal | None = None
    opened_on: date | None = None


@dataclass(frozen=True)
class CustomerHit:
    customer_id: int
    masked_name: str
    masked_phone: str
    accounts: tuple[AccountSummary, ...]
    matched_on: str  # account_no | phone | meter_no | number_fragment | address | name_or_address


@dataclass(frozen=True)
class SearchResult:
    hits: list[CustomerHit]
    more: bool  # more customers match than the limit: the counter says to narrow the search


@dataclass(frozen=True)
class CustomerCard:
    customer_id: int
    name: str
    phone: str
    contact_address: str
    accounts: tuple[AccountSummary, ...]
    since: date | None
    full_detail: bool
    # account number -> what it owes today (open bills, late fees to date, less credit)
    arrears: tuple[tuple[str, Decimal], ...] = ()

    @property
    def total_arrears(self) -> Decimal:
        return sum((owed for _no, owed in self.arrears), Decimal("0.00"))


def _summary(a: Account) -> AccountSummary:
    return AccountSummary(a.account_no, a.kind, a.address, a.meter_no or "", a.status,
                          a.tariff_class, a.heated_area, a.opened_on)


def classify_query(query: str) -> str:
    q = query.strip()
    if re.fullmatch(r"\d{10}", q):
        return "account_no"
    if re.fullmatch(r"1\d{10}", q.replace(" ", "").replace("-", "")):
        return "phone"
    if re.fullmatch(r"[A-Za-z]{1,4}\d{4,}", q):
        return "meter_no"
    if re.fullmatch(r"\d{4,9}", q):
        return "number_fragment"
    if re.search(r"\d", q) or len(q) > 4:
        return "address"
    return "name_or_address"  # 张三 is a name, 南京路 a street: look for both


def find_customers(session: Session, actor: Actor, query: str,
                   *, limit: int = MAX_RESULTS) -> list[CustomerHit]:
    """Search by account number, phone, meter number, name (prefix) or address fragment."""
    return search_customers(session, actor, query, limit=limit).hits


def search_customers(session: Session, actor: Actor, query: str,
                     *, limit: int = MAX_RESULTS) -> SearchResult:
    """The first ``limit`` customers found by ``query``, and whether there are more (one
    more is fetched to know). Full-width digits and letters are read as ASCII; addresses
    are compared in their normal form (app/addresses.py), so spaces and 栋/幢 do not matter."""
    require(session, actor, Permission.SEARCH_CUSTOMERS)
    q = search_text(query, field="query", max_length=MAX_QUERY_LENGTH)  # no NUL, not too long
    if len(q) < 2:
        raise ValidationError("Type at least two characters.", field="query", rule="too_short")
    kind = classify_query(q)
    fetch = limit + 1
    stmt = select(Customer).options(selectinload(Customer.accounts)).limit(fetch)
    if kind == "account_no":
        stmt = stmt.join(Account).where(Account.account_no == q)
    elif kind == "phone":
        stmt = stmt.where(Customer.phone == re.sub(r"\D", "", q))
    elif kind == "meter_no":
        stmt = stmt.join(Account).where(Account.meter_no == q.upper())
    elif kind == "number_fragment":
        stmt = stmt.join(Account).where(
            or_(Account.account_no.startswith(q, autoescape=True),
                Customer.phone.endswith(q, autoescape=True))).distinct()
    elif kind == "address":
        keys = search_keys(q, MIN_ADDRESS_FRAGMENT)
        if not keys[0]:
            return _hits(session, [], kind, limit)
        # Ordered by ``id + 0``, an order no index gives: PostgreSQL guesses LIKE '%…%' from
        # its histogram (1 % of a million accounts when a bound happens to contain the text)
        # and would otherwise walk every customer in id order until 50 match, instead of
        # reading the few matches from the trigram index (bench/cashier_bench.py).
        stmt = stmt.join(Account).where(_address_matches(keys)) \
            .group_by(Customer.id).order_by(Customer.id + 0)
    else:
        customers = _names_or_addresses(session, q, fetch)
        return _hits(session, customers, kind, limit)
    if kind != "address":
        stmt = stmt.order_by(Customer.id)
    return _hits(session, list(session.scalars(stmt).unique()), kind, limit)


def _names_or_addresses(session: Session, q: str, limit: int) -> list[Customer]:
    """张三 is a name, 南京路 a street: two statements, each served by its own index (one OR
    over an outer join is served by none), merged by customer. Addresses only from three
    characters: a trigram index finds nothing shorter and would read every address."""
    found = {c.id: c for c in session.scalars(
        select(Customer).options(selectinload(Customer.accounts))
        .where(Customer.name.startswith(q, autoescape=True))
        .order_by(Customer.id).limit(limit))}
    keys = search_keys(q, MIN_ADDRESS_FRAGMENT)
    if len(keys[0]) >= MIN_ADDRESS_FRAGMENT:
        # EXISTS, not a DISTINCT join: a street matching thousands of flats is found by
        # walking customers in id order (no sort of every column of every match), a rare text
        # through the trigram index; the planner picks.
        lives_there = select(Account.id).where(
            Account.customer_id == Customer.id, _address_matches(keys)).exists()
        for c in session.scalars(
                select(Customer).options(selectinload(Customer.accounts)).where(lives_there)
                .order_by(Customer.id).limit(limit)):
            found.setdefault(c.id, c)
    return [found[i] for i in sorted(found)[:limit]]


def _address_matches(keys: list[str]) -> ColumnElement[bool]:
    """The address key holds one of the typed text's readings (app/addresses.search_keys:
    幸福路12号 is also 幸福路12栋, as in 幸福路12号楼…): an OR of LIKEs, which PostgreSQL
    reads as a BitmapOr over the trigram index, one scan per reading."""
    return or_(*(Account.address_key.contains(key, autoescape=True) for key in keys))


def _hits(session: Session, found: list[Customer], kind: str, limit: int) -> SearchResult:
    hits = [
        CustomerHit(c.id, mask_name(c.name), mask_phone(c.phone),
                    tuple(_summary(a) for a in c.accounts), kind)
        for c in found[:limit]
    ]
    return SearchResult(hits, more=len(found) > limit)


def _today(actor: Actor, now: datetime | None) -> date:
    """The business day at the actor's hall (its local date)."""
    moment = now or utcnow()
    return moment.astimezone(ZoneInfo(actor.hall_timezone or DEFAULT_TIMEZONE)).date()


def customer_card(session: Session, actor: Actor, customer_id: int, *,
                  now: datetime | None = None) -> CustomerCard:
    """The customer, their accounts and what each owes today: every counter sees arrears the
    moment the customer is found."""
    staff = require(session, actor, Permission.SEARCH_CUSTOMERS)
    customer = session.get(Customer, customer_id, options=[selectinload(Customer.accounts)])
    if customer is None:
        raise NotFound(what="customer")
    role = Role(staff.role) if staff is not None else None
    full_name = role is None or role in FULL_NAME_ROLES
    full = role is None or role in FULL_PHONE_ROLES
    full_address = role is None or role in FULL_CONTACT_ADDRESS_ROLES
    card = CustomerCard(
        customer_id=customer.id,
        name=customer.name if full_name else mask_name(customer.name),
        phone=customer.phone if full else mask_phone(customer.phone),
        contact_address=(customer.contact_address if full_address
                         else mask_address(customer.contact_address)),
        accounts=tuple(_summary(a) for a in customer.accounts),
        since=min((a.opened_on for a in customer.accounts), default=None),
        full_detail=full,
        arrears=tuple((a.account_no, amount_owed(session, a, _today(actor, now)))
                      for a in customer.accounts),
    )
    return card
