"""Finding customers and masking what a role need not see."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.db import Database
from app.errors import ValidationError
from app.models import Account, Customer
from app.services import customers
from app.services.context import Actor
from tests.conftest import Hall


@pytest.fixture
def zhang(db: Database) -> int:
    with db.scope() as s:
        c = Customer(name="张三明", phone="13812345678", contact_address="和平区南京路1号")
        c.accounts = [
            Account(
                account_no="1000000001",
                kind="gas",
                address="和平区南京路1号 2栋3单元401室",
                meter_no="GM20001",
                opened_on=date(2015, 3, 1),
            ),
            Account(
                account_no="2000000001",
                kind="heating",
                address="和平区南京路1号 2栋3单元401室",
                heated_area=Decimal("88.50"),
                opened_on=date(2016, 10, 15),
            ),
        ]
        s.add(c)
        s.commit()
        return c.id


@pytest.mark.parametrize(
    "query",
    [
        "1000000001",
        "13812345678",
        "138 1234 5678",
        "GM20001",
        "张三",
        "南京路1号",
        "5678",
        "100000000",
    ],
)
def test_each_way_of_searching_finds_the_customer(
    db: Database, hall: Hall, zhang: int, query: str
) -> None:
    clerk = hall.login(db, "clerk")
    with db.scope(readonly=True) as s:
        hits = customers.find_customers(s, clerk, query)
    assert [h.customer_id for h in hits] == [zhang]
    assert hits[0].masked_name == "张*明" and hits[0].masked_phone == "138****5678"
    assert {a.account_no for a in hits[0].accounts} == {"1000000001", "2000000001"}


@pytest.mark.parametrize("query", ["南京路", "张三明", "平区南"])
def test_three_characters_are_looked_for_in_names_and_addresses(
    db: Database, hall: Hall, zhang: int, query: str
) -> None:
    with db.scope() as s:
        other = Customer(name="南京路", phone="13900000000", contact_address="")
        other.accounts = [Account(account_no="1000000002", kind="gas", address="河西区友谊路",
                                 opened_on=date(2020, 1, 1))]
        s.add(other)
        s.commit()
        other_id = other.id
    with db.scope(readonly=True) as s:
        hits = customers.find_customers(s, hall.login(db, "clerk"), query)
    # a customer named like the street comes with those living in it, in one list by id
    expected = [zhang, other_id] if query == "南京路" else [zhang]
    assert [h.customer_id for h in hits] == expected


def test_two_characters_of_text_are_a_name_not_an_address(
    db: Database, hall: Hall, zhang: int
) -> None:
    """No index finds two characters inside an address: the counter is told to type three."""
    with db.scope(readonly=True) as s:
        assert customers.find_customers(s, hall.login(db, "clerk"), "南京") == []
        assert [h.customer_id for h in customers.find_customers(
            s, hall.login(db, "clerk"), "张三")] == [zhang]


@pytest.mark.parametrize("query", ["%%", "__", "%_%"])
def test_wildcards_are_text_not_patterns(db: Database, hall: Hall, zhang: int,
                                         query: str) -> None:
    with db.scope(readonly=True) as s:
        assert customers.find_customers(s, hall.login(db, "clerk"), query) == []


def test_one_character_is_refused_with_a_reason(db: Database, hall: Hall) -> None:
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        customers.find_customers(s, hall.login(db, "clerk"), "张")
    assert exc.value.field == "query"


def test_card_masks_the_phone_for_cashier_but_not_for_clerk(db: Database, hall: Hall,
                                                            zhang: int) -> None:
    with db.scope() as s:
        clerk_card = customers.customer_card(s, hall.login(db, "clerk"), zhang)
    with db.scope() as s:
        cashier_card = customers.customer_card(s, hall.login(db, "cashier"), zhang)
    assert clerk_card.name == "张三明" and clerk_card.phone == "13812345678"
    # The cashier reads the name back to the payer, but has no need of the whole number.
    assert cashier_card.name == "张三明" and cashier_card.phone == "138****5678"
    heating = next(a for a in clerk_card.accounts if a.kind == "heating")
    assert heating.heated_area == Decimal("88.50") and heating.opened_on == date(2016, 10, 15)
    assert clerk_card.since == date(2015, 3, 1)


def test_a_disabled_account_can_no_longer_search(db: Database, hall: Hall, system: Actor) -> None:
    from app.services import staff

    with db.scope() as s:
        staff.create_user(s, system, "disabled1", "停用", "clerk", "abcd1234", hall_code="H01")
    with db.scope() as s:
        from app.services import auth

        actor = auth.authenticate(s, "disabled1", "abcd1234", hall_code="H01")
    with db.scope() as s:
        staff.set_active(s, system, "disabled1", False, reason="left")
    from app.errors import AccountDisabled

    with pytest.raises(AccountDisabled), db.scope() as s:
        customers.find_customers(s, actor, "张三")


@pytest.mark.parametrize(
    ("name", "masked"), [("李娜", "李*"), ("张三明", "张*明"), ("欧阳小明", "欧**明"), ("王", "王")]
)
def test_mask_name(name: str, masked: str) -> None:
    assert customers.mask_name(name) == masked
