"""Finding customers and masking what a role need not see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- addresses in their normal form, "more", over-long searches (issue 9) ------------------


@pytest.fixture
def kangle(db: Database) -> list[int]:
    """Flats of 康乐苑 as the demo writes them (a space before the building), and others."""
    with db.scope() as s:
        rows = [("姜艳梦", "石家庄市裕华区槐安东路128号康乐苑 27栋5单元301室"),
                ("王建", "石家庄市裕华区槐安东路128号康乐苑 27栋5单元602室"),
                ("刘芳", "石家庄市裕华区槐安东路128号康乐苑 27栋6单元301室"),
                ("赵强", "石家庄市裕华区槐安东路128号康乐苑 2栋7单元101室"),
                ("孙丽", "石家庄市长安区中山路9号幸福家园 27栋5单元301室")]
        ids = []
        for n, (name, address) in enumerate(rows):
            c = Customer(name=name, phone=f"1390000000{n}")
            c.accounts = [Account(account_no=f"10400000{n:02d}", kind="gas", address=address,
                                  opened_on=date(2020, 1, 1))]
            s.add(c)
            s.flush()
            ids.append(c.id)
        s.commit()
        return ids


@pytest.mark.parametrize("query", ["康乐苑27栋5单元", "康乐苑 27栋5单元", "康乐苑２７栋５单元",
                                   "康乐苑27幢5单元", "康乐苑27号楼5单元", "康乐苑 27 栋 5 单元",
                                   "康乐苑27棟5單元", "康乐苑27#楼5单"])
def test_an_address_is_found_however_spaces_width_and_building_words_are_typed(
        db: Database, hall: Hall, kangle: list[int], query: str) -> None:
    with db.scope(readonly=True) as s:
        hits = customers.find_customers(s, hall.login(db, "clerk"), query)
    assert [h.customer_id for h in hits] == kangle[:2]


@pytest.mark.parametrize("query", ["27栋5单元301室", "27栋5单元301", "27幢5单元301号",
                                   "２７栋５单元３０１室", "27号楼5单301"])
def test_a_flat_is_found_with_or_without_its_room_word(
        db: Database, hall: Hall, kangle: list[int], query: str) -> None:
    with db.scope(readonly=True) as s:
        hits = customers.find_customers(s, hall.login(db, "clerk"), query)
    assert [h.customer_id for h in hits] == [kangle[0], kangle[4]]


@pytest.mark.parametrize(("address", "query"), [
    ("幸福路12号楼3单元201号", "幸福路12号"),  # the end cuts 号楼 after its 号
    ("幸福路12号楼3单元201号", "福路12号楼3单"),
    ("幸福路12号楼3单元201号", "楼3单元201"),  # the start cuts 号楼
    ("幸福路12号楼3单元201号", "号楼3单元"),  # the start follows the building's number
    ("幸福路12号楼3单元201号", "3单元201号"),
    ("长江路8号院 3#楼2单元1101室", "长江路8号院 3#"),
    ("长江路8号院 3#楼2单元1101室", "#楼2单元"),
    ("中山路12号 3栋2单元5号", "元5号"),  # the start cuts 单元 before a room's 号
    ("中山路12号 3栋2单元5号", "中山路12号 3"),
])
def test_a_piece_of_an_address_cut_where_a_rule_looks_finds_it(
        db: Database, hall: Hall, address: str, query: str) -> None:
    """The key of the piece alone differs from the piece of the whole's key (幸福路12号 alone,
    幸福路12栋 in 幸福路12号楼3单元): the search looks for each reading of the typed text."""
    with db.scope() as s:
        c = Customer(name="姜艳梦", phone="13900000000")
        c.accounts = [Account(account_no="1040000001", kind="gas", address=address,
                              opened_on=date(2020, 1, 1))]
        other = Customer(name="王建", phone="13900000001")
        other.accounts = [Account(account_no="1040000002", kind="gas", address="幸福路120号院",
                                  opened_on=date(2020, 1, 1))]
        s.add_all([c, other])
        s.commit()
        wanted = c.id
    with db.scope(readonly=True) as s:
        hits = customers.find_customers(s, hall.login(db, "clerk"), query)
    assert [h.customer_id for h in hits] == [wanted]


_DIGITS_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def _typed_addresses(draw: st.DrawFn) -> tuple[str, str, list[int]]:
    """One flat in the demo's shape (compound label, building, unit, room) written twice, as
    stored and as a clerk types it, each with its own words for building, unit and room,
    spaces and digit widths; and where the typed text's pieces may start: anywhere in the
    compound's label, or at the building's, unit's or room's number."""
    street = draw(st.sampled_from(["槐安东路", "学府路", "中山路", "幸福路", "红旗大街"]))
    compound = draw(st.sampled_from(["康乐苑", "怡园小区", "幸福家园", "8号院", "金色家园"]))
    label = f"{draw(st.sampled_from(['', '石家庄市裕华区']))}{street}" \
            f"{draw(st.integers(1, 399))}号{compound}"
    numbers = (draw(st.integers(1, 40)), draw(st.integers(1, 6)),
               draw(st.integers(1, 33)) * 100 + draw(st.integers(1, 4)))

    def render() -> tuple[str, list[int]]:
        words = (draw(st.sampled_from(["栋", "幢", "棟", "号楼", "#楼", "#"])),
                 draw(st.sampled_from(["单元", "单", "單元"])),
                 draw(st.sampled_from(["室", "号", "户", ""])))
        text, starts = label, list(range(len(label)))
        for number, word in zip(numbers, words, strict=True):
            text += draw(st.sampled_from(["", " "]))
            starts.append(len(text))
            digits = str(number)
            text += (digits.translate(_DIGITS_WIDE) if draw(st.booleans()) else digits) + word
        return text, starts

    stored, _ = render()
    typed, starts = render()
    return stored, typed, starts


@settings(max_examples=300, deadline=None)
@given(_typed_addresses())
def test_every_piece_a_clerk_types_finds_the_address(flat: tuple[str, str, list[int]]) -> None:
    """From any point of the compound's label, or from the building's, unit's or room's
    number, to any later point: a piece with a key of three characters or more has a reading
    inside the stored address's key."""
    from app.addresses import address_key, search_keys

    stored, typed, starts = flat
    key = address_key(stored)
    for i in starts:
        for j in range(i + 1, len(typed) + 1):
            piece = typed[i:j]
            if len(address_key(piece)) >= customers.MIN_ADDRESS_FRAGMENT:
                readings = search_keys(piece, customers.MIN_ADDRESS_FRAGMENT)
                assert any(r in key for r in readings), (piece, readings, key)


def test_the_address_key_is_kept_with_the_address(db: Database, kangle: list[int]) -> None:
    from sqlalchemy import insert, select

    from app.addresses import address_key

    with db.scope() as s:
        account = s.scalars(select(Account).where(Account.customer_id == kangle[0])).one()
        assert account.address_key == "石家庄市裕华区槐安东路128号康乐苑27栋5单元301"
        account.address = "和平区南京路1号 Ａ座 1201室"
        s.commit()
    with db.scope() as s:
        s.execute(insert(Account), [{"account_no": "2040000001", "customer_id": kangle[1],
                                     "kind": "heating", "address": "康乐苑 3幢2单元",
                                     "opened_on": date(2021, 1, 1)}])
        s.commit()
    with db.scope(readonly=True) as s:
        keys = dict(s.execute(select(Account.address, Account.address_key)).tuples().all())
    assert keys["和平区南京路1号 Ａ座 1201室"] == "和平区南京路1号a座1201"
    assert keys["康乐苑 3幢2单元"] == "康乐苑3栋2单元"
    assert all(key == address_key(address) for address, key in keys.items())


def test_full_width_digits_find_an_account_number(db: Database, hall: Hall, zhang: int) -> None:
    with db.scope(readonly=True) as s:
        hits = customers.find_customers(s, hall.login(db, "clerk"), "１０００００００01")
    assert [h.customer_id for h in hits] == [zhang]


@pytest.mark.parametrize("query", ["友谊路", "河西区友谊", "河西区 友谊路"])
@pytest.mark.parametrize("matches", [50, 51])
def test_a_search_says_when_more_customers_match_than_it_shows(
        db: Database, hall: Hall, query: str, matches: int) -> None:
    with db.scope() as s:
        for n in range(matches):
            c = Customer(name=f"客户{n}", phone="")
            c.accounts = [Account(account_no=f"1{n:09d}", kind="gas",
                                  address=f"河西区友谊路 {n + 1}栋1单元101室",
                                  opened_on=date(2020, 1, 1))]
            s.add(c)
        s.commit()
    with db.scope(readonly=True) as s:
        result = customers.search_customers(s, hall.login(db, "clerk"), query)
    assert len(result.hits) == customers.MAX_RESULTS
    assert result.more is (matches > customers.MAX_RESULTS)


def test_more_when_names_and_addresses_together_pass_the_limit(
        db: Database, hall: Hall) -> None:
    """25 named 南京路… and 26 living there: 51 in all, of which 50 are shown."""
    with db.scope() as s:
        for n in range(51):
            named = n < 25
            c = Customer(name="南京路" + str(n) if named else f"客户{n}", phone="")
            c.accounts = [Account(account_no=f"1{n:09d}", kind="gas",
                                  address="河西区友谊路" if named else "和平区南京路 1栋",
                                  opened_on=date(2020, 1, 1))]
            s.add(c)
        s.commit()
    with db.scope(readonly=True) as s:
        result = customers.search_customers(s, hall.login(db, "clerk"), "南京路")
    assert len(result.hits) == 50 and result.more


def test_an_over_long_search_is_refused_without_echoing_it(db: Database, hall: Hall) -> None:
    query = "康乐苑" * 170
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        customers.find_customers(s, hall.login(db, "clerk"), query)
    assert exc.value.field == "query" and exc.value.params["rule"] == "too_long"
    assert query not in str(exc.value) and "康乐苑" not in str(exc.value)


@pytest.mark.parametrize("query", ["\x00", "王\x00", "\x00康乐苑", "13\x00800000000",
                                   "张三\x1b", "南京路\ud800"])
def test_a_control_character_is_refused_the_same_on_both_databases(
        db: Database, hall: Hall, zhang: int, query: str) -> None:
    """PostgreSQL refused a NUL with psycopg's DataError (the counter's generic failure), and
    neither database stores half of a surrogate pair: refused before any SQL, as bad input."""
    with pytest.raises(ValidationError) as exc, db.scope(readonly=True) as s:
        customers.search_customers(s, hall.login(db, "clerk"), query)
    assert exc.value.field == "query" and exc.value.params["rule"] == "control_character"


def test_tabs_and_line_breaks_are_spaces_and_a_long_text_is_too_long(
        db: Database, hall: Hall, zhang: int) -> None:
    clerk = hall.login(db, "clerk")
    with db.scope(readonly=True) as s:
        pasted = customers.find_customers(s, clerk, "\t138 1234 5678\r\n")  # a copied cell
        assert [h.customer_id for h in pasted] == [zhang]
        with pytest.raises(ValidationError) as short:
            customers.find_customers(s, clerk, "\t")
        assert short.value.params["rule"] == "too_short"
        with pytest.raises(ValidationError) as long:
            customers.find_customers(s, clerk, "x" * 10_000)
        assert long.value.params == {"rule": "too_long", "n": customers.MAX_QUERY_LENGTH}


@pytest.mark.parametrize("piece", ["building cut at 号", "flat", "unit and room cut at 元"])
def test_postgresql_chooses_the_trigram_index_of_the_address_key(
        db: Database, dialect: str, piece: str) -> None:
    """On demo data (20,000 accounts in compounds of hundreds of flats, ANALYZEd) the planner
    itself, seqscan allowed, reads each reading of a typed piece (an OR of LIKEs) through the
    trigram index rather than every account."""
    if dialect != "postgresql":
        pytest.skip("SQLite has no trigram index: LIKE '%…%' scans there")
    from sqlalchemy import event, select, text

    from app import demo
    from app.addresses import search_keys
    from app.services import auth

    demo.load_demo(db, accounts=20_000)
    # VACUUM merges GIN's pending list and counts its entries: the planner prices the index
    # as a day's work at the counter finds it, not as a bulk load just written.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE accounts"))
        conn.execute(text("VACUUM ANALYZE customers"))
    with db.scope(readonly=True) as s:
        address = s.scalars(select(Account.address).order_by(Account.id).limit(1)).one()
    label, flat = address.split(" ")  # 石家庄市…128号怡园小区 21栋6单元1902室
    building, rest = flat.split("栋")
    unit, room = rest.removesuffix("室").split("单元")
    query = {"building cut at 号": f"{label[-6:]}{building}号",
             "flat": f"{label[-4:]} {building}栋{unit}单元{room}",
             "unit and room cut at 元": f"元{room}号"}[piece]
    statements: list[tuple[str, object]] = []

    def record(_conn: object, _cursor: object, sql: str, params: object, *_a: object) -> None:
        if "accounts.address_key LIKE" in sql:
            statements.append((sql, params))

    with db.scope() as s:
        clerk = auth.authenticate(s, "wangxm", "demo1234", hall_code="H01")
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.scope(readonly=True) as s:
            hits = customers.find_customers(s, clerk, query)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert hits and len(statements) == 1
    sql, params = statements[0]
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        with raw.cursor() as cursor:  # type: ignore[union-attr]
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        conn.rollback()
    assert "Seq Scan on accounts" not in plan, plan
    readings = search_keys(query, customers.MIN_ADDRESS_FRAGMENT)
    assert (len(readings) > 1) is (piece != "flat") and len(readings) <= 3
    assert plan.count("Bitmap Index Scan on ix_accounts_address_key_trgm") == len(readings), plan


def test_demo_accounts_carry_the_key_of_their_address(db: Database, system: Actor) -> None:
    """The demo writes the key itself (COPY on PostgreSQL): the same as the service's, and a
    demo flat typed without its space is found."""
    from sqlalchemy import select

    from app import demo
    from app.addresses import address_key
    from app.services import auth

    demo.load_demo(db, accounts=60)
    with db.scope(readonly=True) as s:
        rows = s.execute(select(Account.customer_id, Account.address, Account.address_key)
                         .order_by(Account.id)).tuples().all()
    assert rows and all(key == address_key(address) for _c, address, key in rows)
    customer_id, address, _key = rows[0]
    assert " " in address
    with db.scope() as s:
        clerk = auth.authenticate(s, "wangxm", "demo1234", hall_code="H01")
    with db.scope(readonly=True) as s:
        hits = customers.find_customers(s, clerk, address.replace(" ", "")[-16:])
    assert customer_id in [h.customer_id for h in hits]


def test_the_migration_keys_the_addresses_already_there(
        empty_database: Callable[[], Database]) -> None:
    from sqlalchemy import select, text

    from app import schema

    db = empty_database()
    schema.upgrade(db.engine, "0007_ledger_payment_lookups")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO customers (id, name, phone, id_number, contact_address, "
                          "note, created_at) VALUES (1, '姜艳梦', '', '', '', '', "
                          "CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO accounts (account_no, customer_id, kind, address, tariff_class, "
            "household_size, status, opened_on, created_at) VALUES "
            "(:no, 1, :kind, :address, 'residential', 3, 'active', '2020-01-01', "
            "CURRENT_TIMESTAMP)"),
            [{"no": "1040000001", "kind": "gas", "address": "康乐苑 27栋5单元301室"},
             {"no": "2040000001", "kind": "heating", "address": "康乐苑 27栋5单元301室"},
             {"no": "1040000002", "kind": "gas", "address": "幸福家园 ３幢２单元"}])
    schema.upgrade(db.engine)
    with db.scope(readonly=True) as s:
        keys = s.execute(select(Account.account_no, Account.address_key)
                         .order_by(Account.account_no)).tuples().all()
    assert keys == [("1040000001", "康乐苑27栋5单元301"), ("1040000002", "幸福家园3栋2单元"),
                    ("2040000001", "康乐苑27栋5单元301")]


@pytest.mark.parametrize(("role", "shown"), [
    ("clerk", "和平区南京路1号"),
    ("hall_manager", "和平区南京路1号"),
    ("cashier", "和平区南京路****"),
    ("admin", "和平区南京路****"),
])
def test_the_contact_address_is_masked_as_the_role_requires(
        db: Database, hall: Hall, admin: Actor, zhang: int, role: str, shown: str) -> None:
    """Only those who contact the customer (as for the phone) see where letters go."""
    actor = admin if role == "admin" else hall.login(db, role, window=None)
    with db.scope() as s:
        card = customers.customer_card(s, actor, zhang)
    assert card.contact_address == shown


def test_mask_address() -> None:
    assert customers.mask_address("南京市鼓楼区幸福路12号3单元502室") == "南京市鼓楼区幸福路****"
    assert customers.mask_address("12号楼") == "****"  # no street before the number
    assert customers.mask_address("幸福小区") == "幸福****"
    assert customers.mask_address("") == ""
