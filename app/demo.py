"""Demo data: two halls, their staff and a city's customers, to try HallDesk and benchmark it.

Halls and staff are created through the real services, so they are validated and audited like
an administrator's work. Customers and accounts are bulk-loaded (COPY on PostgreSQL, batched
Core inserts on SQLite) because a benchmark needs a million of them in well under two minutes.

Everything happens in ONE transaction: the services run in savepoints of it, so a failure
half-way (a clash with an existing user name, a full disk) leaves no half-loaded demo that
``demo_present`` would then mistake for a finished one.

The data is fictitious but shaped like the real thing (surnames weighted as in the census,
valid mobile prefixes, ID numbers with a correct check digit, a fixed northern city with
district heating) and fully determined by ``seed``; only ``created_at`` is the loading time.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.orm import Session

from app.addresses import address_key
from app.billing.pricing import GasTariff, HeatingTariff, gas_charge, heating_charge
from app.db import Database
from app.errors import Conflict, ValidationError
from app.models import (
    Account,
    AccountKind,
    AccountStatus,
    Bill,
    BillingRun,
    BillLine,
    Customer,
    DeploymentSetting,
    GasTariffRow,
    GasTariffTier,
    Hall,
    HeatingTariffRow,
    LateFeePolicyRow,
    MeterReading,
    TariffClass,
)
from app.models.base import utcnow
from app.permissions import Role
from app.services import audit, queueing
from app.services import staff as staff_service
from app.services.billing_runs import bill_number
from app.services.context import Actor

if TYPE_CHECKING:
    import psycopg

# --- what the README prints -------------------------------------------------------------------

DEMO_PASSWORD = "demo1234"  # every demo user's password; meets check_password_policy
DEMO_SEED = 20261124
DEMO_ACTOR = "demo"
DEMO_CITY = "石家庄市"
# opened_on lies in the 15 years before this fixed day, so that a seed gives the same data on
# any day it is loaded.
OPENED_UNTIL = date(2026, 11, 24)
OPENED_YEARS = 15
MAX_ACCOUNTS = 5_000_000  # account numbers have 7 serial digits per district and kind
BATCH = 5_000


@dataclass(frozen=True)
class DemoHall:
    code: str
    name: str
    windows: int
    address: str
    timezone: str = "Asia/Shanghai"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str
    role: str
    hall_code: str  # "" for the administrator


DEMO_HALLS: tuple[DemoHall, ...] = (
    DemoHall("H01", "第一营业厅", 6, "石家庄市长安区中山东路318号"),
    DemoHall("H02", "第二营业厅", 4, "石家庄市裕华区槐安东路156号"),
)
DEMO_HALL_CODES: tuple[str, ...] = tuple(h.code for h in DEMO_HALLS)


@dataclass(frozen=True)
class DemoService:
    prefix: str
    name: str
    windows_by_hall_size: dict[int, tuple[int, ...]]  # hall's window count -> windows, in order
    opens_at: time
    closes_at: time
    daily_cap: int


# Fees and business run around the clock in the demo, so that a trial at any hour can take and
# call numbers; repairs and complaints keep office hours, to show a closed service on the kiosk.
# open the whole day, its last minute included (shown as 00:00–23:59)
_ALL_DAY = (time(0, 0), time.max)
DEMO_SERVICES: tuple[DemoService, ...] = (
    DemoService("A", "缴费", {6: (1, 2, 3), 4: (1, 2)}, *_ALL_DAY, 300),
    DemoService("B", "业务办理", {6: (4, 5, 3), 4: (3, 2)}, *_ALL_DAY, 200),
    DemoService("C", "报修投诉", {6: (6, 4), 4: (4,)}, time(8, 30), time(17, 0), 100),
)

DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("zhangjg", "张建国", Role.HALL_MANAGER, "H01"),
    DemoStaff("wangxm", "王晓梅", Role.CLERK, "H01"),
    DemoStaff("liuyang", "刘洋", Role.CLERK, "H01"),
    DemoStaff("chenjing", "陈静", Role.CLERK, "H01"),
    DemoStaff("lina", "李娜", Role.CASHIER, "H01"),
    DemoStaff("zhaolei", "赵磊", Role.CASHIER, "H01"),
    DemoStaff("sunlh", "孙丽华", Role.HALL_MANAGER, "H02"),
    DemoStaff("yangfan", "杨帆", Role.CLERK, "H02"),
    DemoStaff("huangli", "黄丽", Role.CLERK, "H02"),
    DemoStaff("zhouqiang", "周强", Role.CASHIER, "H02"),
    DemoStaff("admin", "吴志刚", Role.ADMIN, ""),
)
DEMO_USERNAMES: tuple[str, ...] = tuple(s.username for s in DEMO_STAFF)


@dataclass(frozen=True)
class DemoSummary:
    """What was loaded, and how to log in (the CLI prints it)."""

    halls: int
    windows: int
    staff: int
    customers: int
    accounts: int
    gas_accounts: int
    heating_accounts: int
    passwords: Mapping[str, str] = field(default_factory=dict)  # username -> password
    bills: int = 0  # unpaid demo bills (gas and heating) of the first BILLED_ACCOUNTS
    staff_roles: Mapping[str, str] = field(default_factory=dict)  # username -> role


# --- the shape of the population --------------------------------------------------------------

# Surname -> share in percent (2020 census order and rough shares; a few compound surnames).
_SURNAMES: dict[str, float] = {
    "王": 7.12, "李": 7.00, "张": 6.74, "刘": 5.10, "陈": 4.61, "杨": 3.22, "黄": 2.45,
    "赵": 2.19, "吴": 2.00, "周": 1.95, "徐": 1.45, "孙": 1.38, "马": 1.29, "朱": 1.28,
    "胡": 1.16, "郭": 1.15, "何": 1.06, "林": 1.03, "高": 1.00, "罗": 0.95, "郑": 0.89,
    "梁": 0.85, "谢": 0.76, "宋": 0.70, "唐": 0.69, "许": 0.67, "韩": 0.66, "冯": 0.65,
    "邓": 0.64, "曹": 0.63, "彭": 0.60, "曾": 0.58, "肖": 0.56, "田": 0.54, "董": 0.53,
    "潘": 0.51, "袁": 0.50, "蔡": 0.49, "蒋": 0.48, "余": 0.47, "于": 0.46, "杜": 0.45,
    "叶": 0.44, "程": 0.43, "魏": 0.42, "苏": 0.41, "吕": 0.40, "丁": 0.39, "任": 0.38,
    "卢": 0.37, "姚": 0.36, "沈": 0.35, "钟": 0.34, "姜": 0.33, "崔": 0.32, "谭": 0.31,
    "陆": 0.30, "范": 0.29, "汪": 0.28, "廖": 0.27, "石": 0.26, "金": 0.25, "韦": 0.24,
    "贾": 0.23, "夏": 0.22, "付": 0.21, "方": 0.20, "邹": 0.19, "熊": 0.18, "白": 0.18,
    "孟": 0.17, "秦": 0.17, "邱": 0.16, "侯": 0.16, "江": 0.15, "尹": 0.15, "薛": 0.14,
    "闫": 0.14, "段": 0.13, "雷": 0.13, "龙": 0.12, "黎": 0.12, "史": 0.12, "陶": 0.11,
    "贺": 0.11, "毛": 0.11, "郝": 0.10, "顾": 0.10, "龚": 0.10, "邵": 0.10, "万": 0.09,
    "武": 0.09, "钱": 0.09, "戴": 0.08, "严": 0.08, "孔": 0.08, "常": 0.07, "汤": 0.07,
    "康": 0.07, "乔": 0.07, "欧阳": 0.03, "司马": 0.01, "上官": 0.01, "诸葛": 0.01,
}
_MALE_CHARS = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林"
    "建国志文海东峰毅新立成德亮晨博阳轩然宏永庆荣松学春金福生彬振兵光昊"
)
_FEMALE_CHARS = (
    "芳娜敏静丽艳娟霞秀英玲桂兰婷雪琳洁燕红梅莉倩颖慧佳"
    "欣怡萍晶琴云月秋璐婉雅思涵萱诗梦悦淑凤丹妍蕾薇琪"
)

# Mainland mobile prefixes in use (China Mobile, China Unicom, China Telecom); 14x are mostly
# data-only cards and left out.
MOBILE_PREFIXES: tuple[str, ...] = (
    "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
    "172", "178", "182", "183", "184", "187", "188", "195", "197", "198",
    "130", "131", "132", "155", "156", "166", "175", "176", "185", "186", "196",
    "133", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199",
)

# District, GB/T 2260 code (ID numbers), share of households, streets.
_DISTRICTS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("长安区", "130102", 20, ("中山东路", "建设北大街", "胜利北大街", "谈固东街", "跃进路",
                            "青园街", "丰收路", "光华路")),
    ("桥西区", "130104", 20, ("中山西路", "新石中路", "维明南大街", "红旗大街", "友谊南大街",
                            "自强路", "槐中路", "西里街")),
    ("新华区", "130105", 18, ("和平西路", "民族路", "联盟路", "合作路", "友谊北大街",
                            "石清路", "北二环西路", "泰华街")),
    ("裕华区", "130108", 22, ("槐安东路", "裕华东路", "体育南大街", "翟营南大街",
                            "建华南大街", "塔南路", "东岗路", "富强大街")),
    ("鹿泉区", "130110", 7, ("向阳大街", "鹿岛大街", "海山大街", "石铜路")),
    ("栾城区", "130111", 6, ("裕翔街", "栾武路", "宋营街", "天山大街")),
    ("藁城区", "130109", 7, ("廉州路", "藁城大街", "石家庄路", "团结路")),
)
_COMMUNITY_PREFIXES = (
    "建华", "怡园", "裕园", "紫薇", "翠竹", "红星", "金桥", "和平", "富强", "东方", "阳光",
    "明珠", "康乐", "幸福", "瑞城", "锦绣", "泰和", "春江", "丽都", "盛世", "朝阳", "滨河",
    "长青", "博雅", "御景", "润德", "新城", "青年", "工人", "铁路", "电力", "燃气", "育才",
    "华安", "兴华", "安居", "福泽", "馨园", "君悦", "翠屏",
)
_COMMUNITY_SUFFIXES = ("小区", "家园", "花园", "新村", "苑", "嘉园", "公寓", "宿舍")
_FLOORS = (6, 6, 7, 11, 18, 26, 33)  # walk-ups of the 1990s, newer towers

# Customer holds: 60 % gas only, 15 % heating only, 25 % both.
_GAS_ONLY, _HEATING_ONLY, _BOTH = 0, 1, 2
_HOLDINGS_CUM = (0.60, 0.75, 1.0)
_TARIFFS = (TariffClass.RESIDENTIAL.value, TariffClass.LOW_INCOME.value,
            TariffClass.NON_RESIDENTIAL.value)
_TARIFF_CUM = tuple(accumulate((94.0, 4.0, 2.0)))
_HOUSEHOLD_CUM = tuple(accumulate((8.0, 25.0, 32.0, 22.0, 8.0, 5.0)))  # 1..6 persons
SUSPENDED_HEATING_SHARE = 0.06  # 报停
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

CUSTOMER_COLUMNS = ("id", "name", "phone", "id_number", "contact_address", "note", "created_at")
ACCOUNT_COLUMNS = ("id", "account_no", "customer_id", "kind", "address", "meter_no",
                   "heated_area", "tariff_class", "household_size", "status", "opened_on",
                   "created_at", "address_key")

CustomerRow = tuple[int, str, str, str, str, str, datetime]
AccountRow = tuple[int, str, int, str, str, str | None, Decimal | None, str, int, str, date,
                   datetime, str]


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2, as on every resident identity card."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


# --- generation -------------------------------------------------------------------------------


@dataclass
class _Community:
    """A residential compound; dwellings are handed out in a scrambled but unique order."""

    district: int
    label: str  # 石家庄市裕华区槐安东路128号怡园小区
    buildings: int
    units: int
    floors: int
    rooms: int
    offset: int = 0
    stride: int = 1
    used: int = 0
    label_key: str = ""  # address_key(label), computed once per compound

    @property
    def capacity(self) -> int:
        return self.buildings * self.units * self.floors * self.rooms

    def next_address(self) -> tuple[str, str]:
        """The next flat's address and its search key (app/addresses.py), the key built from
        the compound's: the same as address_key(address), at the cost of one format."""
        index = (self.offset + self.used * self.stride) % self.capacity
        self.used += 1
        index, room = divmod(index, self.rooms)
        index, floor = divmod(index, self.floors)
        building, unit = divmod(index, self.units)
        flat = f"{building + 1}栋{unit + 1}单元{(floor + 1) * 100 + room + 1}"
        return f"{self.label} {flat}室", f"{self.label_key}{flat}"


def _holdings(rng: random.Random, accounts: int) -> bytearray:
    """Which accounts each customer holds, drawn first so the customer count is known."""
    plan = bytearray()
    left = accounts
    rnd = rng.random
    while left > 0:
        holding = bisect(_HOLDINGS_CUM, rnd())
        if holding == _BOTH and left == 1:
            holding = _GAS_ONLY
        plan.append(holding)
        left -= 2 if holding == _BOTH else 1
    return plan


def _communities(rng: random.Random, households: int) -> list[_Community]:
    """Enough compounds, with room to spare, that every household gets its own flat."""
    combos = [(d, p, s) for d in range(len(_DISTRICTS)) for p in _COMMUNITY_PREFIXES
              for s in _COMMUNITY_SUFFIXES]
    rng.shuffle(combos)
    result: list[_Community] = []
    room = 0
    for d, prefix, suffix in combos:
        if room >= households * 1.3 and len(result) >= 12:
            break
        name, _code, _share, streets = _DISTRICTS[d]
        label = f"{DEMO_CITY}{name}{rng.choice(streets)}{rng.randint(1, 399)}号{prefix}{suffix}"
        c = _Community(d, label, buildings=rng.randint(4, 40), units=rng.randint(2, 6),
                       floors=rng.choice(_FLOORS), rooms=rng.randint(2, 4),
                       label_key=address_key(label))
        c.offset = rng.randrange(c.capacity)
        c.stride = rng.randrange(1, c.capacity)
        while math.gcd(c.stride, c.capacity) != 1:  # a stride coprime to the size visits all
            c.stride -= 1
        result.append(c)
        room += c.capacity
    if room < households:
        raise ValidationError("Too many accounts for the demo city.", field="accounts",
                              rule="range")
    return result


@dataclass(frozen=True)
class _Home:
    """One household: the customer and the flat their gas and heating accounts supply."""

    customer_id: int
    address: str
    address_key: str
    district: int
    tariff: str
    household: int
    now: datetime


class _Generator:
    """Customers and their accounts in batches, ids assigned from the reserved ranges."""

    def __init__(self, seed: int, accounts: int) -> None:
        self.rng = random.Random(seed)
        self.plan = _holdings(self.rng, accounts)
        self.communities = _communities(self.rng, len(self.plan))
        shares = [_DISTRICTS[c.district][2] * c.capacity for c in self.communities]
        self.community_cum = list(accumulate(shares))  # sampling weights, not money
        self.surnames = list(_SURNAMES)
        self.surname_cum = list(accumulate(_SURNAMES.values()))
        # serial per (kind digit, district)
        self.serials: dict[tuple[int, int], int] = {}
        self.gas_count = 0
        self.heating_count = 0
        self.opened_first = (OPENED_UNTIL - timedelta(days=365 * OPENED_YEARS + 4)).toordinal()
        self.opened_span = OPENED_UNTIL.toordinal() - self.opened_first + 1

    @property
    def customers(self) -> int:
        return len(self.plan)

    def batches(self, customer_start: int, account_start: int, now: datetime,
                size: int = BATCH) -> Iterator[tuple[list[CustomerRow], list[AccountRow]]]:
        customer_id, account_id = customer_start, account_start
        customers: list[CustomerRow] = []
        accounts: list[AccountRow] = []
        rnd = self.rng.random
        for holding in self.plan:
            community = self._community()
            address, key = community.next_address()
            home = _Home(
                customer_id=customer_id,
                address=address,
                address_key=key,
                district=community.district,
                tariff=_TARIFFS[bisect(_TARIFF_CUM, rnd() * _TARIFF_CUM[-1])],
                household=1 + bisect(_HOUSEHOLD_CUM, rnd() * _HOUSEHOLD_CUM[-1]),
                now=now,
            )
            customers.append(self._customer(home))
            if holding != _HEATING_ONLY:
                accounts.append(self._gas(account_id, home))
                account_id += 1
            if holding != _GAS_ONLY:
                accounts.append(self._heating(account_id, home))
                account_id += 1
            customer_id += 1
            if len(accounts) >= size:
                yield customers, accounts
                customers, accounts = [], []
        if customers:
            yield customers, accounts

    def _community(self) -> _Community:
        rnd = self.rng.random
        total = self.community_cum[-1]
        for _ in range(50):
            c = self.communities[bisect(self.community_cum, rnd() * total)]
            if c.used < c.capacity:
                return c
        return next(c for c in self.communities if c.used < c.capacity)

    def _customer(self, home: _Home) -> CustomerRow:
        rnd = self.rng.random
        male = rnd() < 0.5
        chars = _MALE_CHARS if male else _FEMALE_CHARS
        surname = self.surnames[bisect(self.surname_cum, rnd() * self.surname_cum[-1])]
        given = chars[int(rnd() * len(chars))]
        if rnd() < 0.65:
            given += chars[int(rnd() * len(chars))]
        phone = MOBILE_PREFIXES[int(rnd() * len(MOBILE_PREFIXES))] + f"{int(rnd() * 1e8):08d}"
        id_number = ""
        if rnd() < 0.9:
            district = home.district if rnd() < 0.85 else int(rnd() * len(_DISTRICTS))
            born = date.fromordinal(OPENED_UNTIL.toordinal() - int((22 + rnd() * 63) * 365.25))
            serial = int(rnd() * 500) * 2 + (1 if male else 0)  # odd for men, even for women
            first17 = (f"{_DISTRICTS[district][1]}{born.year:04d}{born.month:02d}"
                       f"{born.day:02d}{serial:03d}")
            id_number = first17 + id_check_digit(first17)
        return (home.customer_id, surname + given, phone, id_number, home.address, "", home.now)

    def _account_no(self, kind_digit: int, district: int) -> str:
        serial = self.serials.get((kind_digit, district), 0) + 1
        self.serials[(kind_digit, district)] = serial
        return f"{kind_digit}{district + 1:02d}{serial:07d}"

    def _opened(self) -> date:
        return date.fromordinal(self.opened_first + int(self.rng.random() * self.opened_span))

    def _gas(self, account_id: int, home: _Home) -> AccountRow:
        self.gas_count += 1
        opened = self._opened()
        # a bijection on 8 digits: unique, but not visibly sequential
        serial = (self.gas_count * 7_654_321 + 1_234_567) % 10**8
        return (account_id, self._account_no(1, home.district), home.customer_id,
                AccountKind.GAS.value, home.address, f"GM{opened.year % 100:02d}{serial:08d}",
                None, home.tariff, home.household, AccountStatus.ACTIVE.value, opened, home.now,
                home.address_key)

    def _heating(self, account_id: int, home: _Home) -> AccountRow:
        self.heating_count += 1
        area = Decimal(int(self.rng.triangular(4500, 16000, 8800))).scaleb(-2)
        status = (AccountStatus.SUSPENDED if self.rng.random() < SUSPENDED_HEATING_SHARE
                  else AccountStatus.ACTIVE).value
        return (account_id, self._account_no(2, home.district), home.customer_id,
                AccountKind.HEATING.value, home.address, None, area, home.tariff,
                home.household, status, self._opened(), home.now, home.address_key)


# --- writing ----------------------------------------------------------------------------------


def _reserve_ids(conn: Connection, table: str, count: int) -> int:
    """First of ``count`` ids nobody else will use.

    On PostgreSQL the range is taken from the id sequence BEFORE writing (setval is not
    transactional), so counters inserting customers meanwhile draw ids above it and later ORM
    inserts never collide. SQLite holds the write lock already (BEGIN IMMEDIATE).
    """
    if conn.dialect.name != "postgresql":
        return int(conn.execute(text(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"))
                   .scalar_one())
    seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar_one()
    if seq is None:
        raise RuntimeError(f"{table}.id has no sequence")
    start = int(conn.execute(
        text(f"SELECT GREATEST(nextval(CAST(:s AS regclass)), "
             f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}))"), {"s": seq}).scalar_one())
    if count > 0:
        conn.execute(text("SELECT setval(CAST(:s AS regclass), :last)"),
                     {"s": seq, "last": start + count - 1})
    return start


def _copy_rows(cursor: psycopg.Cursor[Any], table: str, columns: Sequence[str],
               rows: Sequence[Sequence[Any]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _write_all(conn: Connection, generator: _Generator, customer_start: int,
               account_start: int, progress: Callable[[int, int], None] | None) -> None:
    total = sum(2 if h == _BOTH else 1 for h in generator.plan)
    if progress:
        progress(0, total)
    done = 0
    batches = generator.batches(customer_start, account_start, utcnow())
    if conn.dialect.name == "postgresql":
        raw = cast("psycopg.Connection[Any]", conn.connection.driver_connection)
        with raw.cursor() as cursor:
            for customers, accounts in batches:
                _copy_rows(cursor, "customers", CUSTOMER_COLUMNS, customers)
                _copy_rows(cursor, "accounts", ACCOUNT_COLUMNS, accounts)
                done += len(accounts)
                if progress:
                    progress(done, total)
        return
    customer_insert = insert(Customer)
    account_insert = insert(Account)
    for customers, accounts in batches:
        conn.execute(customer_insert, [dict(zip(CUSTOMER_COLUMNS, r, strict=True))
                                       for r in customers])
        conn.execute(account_insert, [dict(zip(ACCOUNT_COLUMNS, r, strict=True))
                                      for r in accounts])
        done += len(accounts)
        if progress:
            progress(done, total)


# --- tariffs and bills ------------------------------------------------------------------------

DEMO_COMPANY = "石家庄市民生燃气热力有限公司"  # fictitious
TARIFFS_FROM = date(2020, 1, 1)
# Bills are written for the first accounts only: enough to try the cashier's desk, and the
# million-account benchmark load stays as fast as before.
BILLED_ACCOUNTS = 3000
_RES, _LOW, _NON = (TariffClass.RESIDENTIAL.value, TariffClass.LOW_INCOME.value,
                    TariffClass.NON_RESIDENTIAL.value)
# Gas: 3 tiers for homes (350 / 500 m³ a year, +50 m³ each from the 5th person), one price for
# businesses. Heating per m² and season, 报停 homes pay 30 %, low-income homes half.
_HOME_GAS = ((Decimal("2.61"), Decimal("3.13"), Decimal("3.92")), (Decimal(350), Decimal(500)),
             4, (Decimal(50), Decimal(50)))
DEMO_GAS_TARIFFS: tuple[GasTariff, ...] = (
    GasTariff(_RES, TARIFFS_FROM, *_HOME_GAS),
    GasTariff(_LOW, TARIFFS_FROM, *_HOME_GAS),
    GasTariff(_NON, TARIFFS_FROM, (Decimal("3.48"),)),
)
DEMO_HEATING_TARIFFS: tuple[HeatingTariff, ...] = (
    HeatingTariff(_RES, TARIFFS_FROM, Decimal("22.00"), Decimal("0.30")),
    HeatingTariff(_LOW, TARIFFS_FROM, Decimal("22.00"), Decimal("0.30"), Decimal("0.50")),
    HeatingTariff(_NON, TARIFFS_FROM, Decimal("31.00"), Decimal("0.30")),
)
DEMO_LATE_FEE = (Decimal("0.001"), Decimal("1"))  # 1‰ a day, at most the bill itself
# (kind, period, issued, due): two gas months, last season's heating (every third home still
# owes it) and this season's.
DEMO_PERIODS = (
    ("gas", "2026-09", date(2026, 10, 1), date(2026, 10, 20)),
    ("gas", "2026-10", date(2026, 11, 1), date(2026, 11, 20)),
    ("heating", "2025-2026", date(2025, 11, 1), date(2025, 12, 31)),
    ("heating", "2026-2027", date(2026, 11, 1), date(2026, 12, 15)),
)
_READ_ON = {"2026-09": date(2026, 9, 28), "2026-10": date(2026, 10, 28)}


def _write_tariffs(session: Session) -> int:
    for gas in DEMO_GAS_TARIFFS:
        row = GasTariffRow(tariff_class=gas.tariff_class, effective_from=gas.effective_from,
                           household_base_size=gas.household_base_size)
        session.add(row)
        session.flush()
        for tier, price in enumerate(gas.prices, start=1):
            last = tier > len(gas.ceilings)
            session.add(GasTariffTier(
                tariff_id=row.id, tier=tier, price=price,
                ceiling=None if last else gas.ceilings[tier - 1],
                extra_person_allowance=None if last or not gas.extra_person_allowance
                else gas.extra_person_allowance[tier - 1]))
    for heating in DEMO_HEATING_TARIFFS:
        session.add(HeatingTariffRow(
            tariff_class=heating.tariff_class, effective_from=heating.effective_from,
            unit_price=heating.unit_price, suspended_share=heating.suspended_share,
            relief_share=heating.relief_share))
    for kind in (AccountKind.GAS.value, AccountKind.HEATING.value):
        for tariff_class in _TARIFFS:
            session.add(LateFeePolicyRow(kind=kind, tariff_class=tariff_class,
                                         effective_from=TARIFFS_FROM,
                                         daily_rate=DEMO_LATE_FEE[0],
                                         cap_share=DEMO_LATE_FEE[1]))
    if session.get(DeploymentSetting, "company_name") is None:
        session.add(DeploymentSetting(key="company_name", value=DEMO_COMPANY))
    session.flush()
    return len(DEMO_GAS_TARIFFS) + len(DEMO_HEATING_TARIFFS) + 2 * len(_TARIFFS)


def _demo_bills(conn: Connection, seed: int, account_start: int, accounts: int, now: datetime
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Readings, bills and bill lines of the first BILLED_ACCOUNTS accounts, priced by the
    pricing core exactly as a billing run would, unpaid."""
    rng = random.Random(seed + 1)
    gas = {t.tariff_class: t for t in DEMO_GAS_TARIFFS}
    heating = {t.tariff_class: t for t in DEMO_HEATING_TARIFFS}
    readings: list[dict[str, Any]] = []
    bills: list[dict[str, Any]] = []
    rows = conn.execute(select(Account.id, Account.kind, Account.tariff_class,
                               Account.heated_area, Account.status, Account.household_size)
                        .where(Account.id >= account_start,
                               Account.id < account_start + min(accounts, BILLED_ACCOUNTS))
                        .order_by(Account.id)).tuples().all()
    for account_id, kind, tariff_class, area, status, household in rows:
        charges: list[tuple[str, Decimal, list[dict[str, Any]], Decimal | None,
                            Decimal | None]] = []
        if kind == AccountKind.GAS.value:
            meter = Decimal(rng.randint(500, 9000))
            used = Decimal(0)
            for period in ("2026-09", "2026-10"):
                heavy = rng.random() < 0.1  # a big household or a shop: crosses a tier
                volume = Decimal(rng.randint(200, 260) if heavy else rng.randint(15, 120))
                readings.append({"account_id": account_id, "read_on": _READ_ON[period],
                                 "previous": meter, "reading": meter + volume,
                                 "volume": volume, "recorded_at": now})
                meter += volume
                charge = gas_charge(volume, used_before=used, tariff=gas[tariff_class],
                                    household_size=household)
                charges.append((period, charge.total, [
                    {"line_no": n, "item": "gas_tier", "tier": line.tier,
                     "basis": line.volume, "rate": line.price, "range_start": line.start,
                     "range_end": line.end, "amount": line.amount}
                    for n, line in enumerate(charge.lines, start=1)], volume, used))
                used += volume
        elif area is not None:
            for period in ("2025-2026", "2026-2027"):
                if period == "2025-2026" and account_id % 3:
                    continue
                result = heating_charge(area, heating[tariff_class],
                                        suspended=status == AccountStatus.SUSPENDED.value)
                charges.append((period, result.total, [
                    {"line_no": n, "item": line.item, "tier": None, "basis": line.basis,
                     "rate": line.rate, "range_start": None, "range_end": None,
                     "amount": line.amount}
                    for n, line in enumerate(result.lines, start=1)], None, None))
        for period, total, bill_lines, billed_volume, used_before in charges:
            _kind, _period, issued, due = next(p for p in DEMO_PERIODS if p[1] == period)
            bills.append({"bill_no": bill_number(kind, period, account_id),
                          "account_id": account_id, "kind": kind, "period": period,
                          "tariff_class": tariff_class, "issued_on": issued, "due_on": due,
                          "principal": total, "volume": billed_volume,
                          "used_before": used_before,
                          "area": area if kind == AccountKind.HEATING.value else None,
                          "created_at": now, "lines": bill_lines})
    return readings, bills


def _write_bills(conn: Connection, seed: int, account_start: int, accounts: int) -> int:
    now = utcnow()
    readings, bills = _demo_bills(conn, seed, account_start, accounts, now)
    if readings:
        conn.execute(insert(MeterReading), readings)
    runs = {}
    for kind, period, issued, due in DEMO_PERIODS:
        created = sum(1 for b in bills if b["period"] == period)
        runs[period] = conn.execute(insert(BillingRun).values(
            kind=kind, period=period, issued_on=issued, due_on=due, run_at=now, run_by=None,
            created=created, existed=0, skipped=0).returning(BillingRun.id)).scalar_one()
    start = _reserve_ids(conn, "bills", len(bills))
    lines: list[dict[str, Any]] = []
    for offset, bill in enumerate(bills):
        bill["id"] = start + offset
        bill["billing_run_id"] = runs[bill["period"]]
        lines.extend({**line, "bill_id": bill["id"]} for line in bill.pop("lines"))
    if bills:
        conn.execute(insert(Bill), bills)
        conn.execute(insert(BillLine), lines)
    return len(bills)


# --- public API -------------------------------------------------------------------------------


def demo_present(db: Database) -> bool:
    """True if any demo hall exists: loading again would clash (``--if-empty`` skips)."""
    with db.scope(readonly=True) as s:
        found = s.scalars(select(Hall.code).where(Hall.code.in_(DEMO_HALL_CODES))).first()
        s.rollback()
    return found is not None


def load_demo(db: Database, *, accounts: int = 2000, seed: int = DEMO_SEED,
              progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Load demo halls, staff, and ``accounts`` accounts with their customers, atomically.

    Raises Conflict if the demo halls exist already (or a demo user name is taken).
    """
    if not 0 <= accounts <= MAX_ACCOUNTS:
        raise ValidationError("The demo has 0 to {n} accounts.", field="accounts", rule="range",
                              n=MAX_ACCOUNTS)
    if demo_present(db):
        raise Conflict("Demo data is already loaded (halls {codes} exist).", what="demo data",
                       codes="/".join(DEMO_HALL_CODES))
    generator = _Generator(seed, accounts)
    actor = Actor.system(DEMO_ACTOR)
    with db.engine.connect() as conn, conn.begin():
        session = Session(bind=conn, join_transaction_mode="create_savepoint",
                          expire_on_commit=False)
        try:
            for h in DEMO_HALLS:
                hall = staff_service.create_hall(session, actor, h.code, h.name,
                                                 windows=h.windows, timezone=h.timezone,
                                                 address=h.address)
                for service in DEMO_SERVICES:
                    queueing.create_service(
                        session, actor, service.prefix, service.name, hall_id=hall.id,
                        opens_at=service.opens_at, closes_at=service.closes_at,
                        daily_cap=service.daily_cap,
                        windows=service.windows_by_hall_size[h.windows])
            for u in DEMO_STAFF:
                staff_service.create_user(session, actor, u.username, u.full_name, u.role,
                                          DEMO_PASSWORD, hall_code=u.hall_code)
            customer_start = _reserve_ids(conn, "customers", generator.customers)
            account_start = _reserve_ids(conn, "accounts", accounts)
            _write_all(conn, generator, customer_start, account_start, progress)
            tariffs = _write_tariffs(session)
            bills = _write_bills(conn, seed, account_start, accounts)
            summary = DemoSummary(
                halls=len(DEMO_HALLS),
                windows=sum(h.windows for h in DEMO_HALLS),
                staff=len(DEMO_STAFF),
                customers=generator.customers,
                accounts=generator.gas_count + generator.heating_count,
                gas_accounts=generator.gas_count,
                heating_accounts=generator.heating_count,
                bills=bills,
                passwords=MappingProxyType({u.username: DEMO_PASSWORD for u in DEMO_STAFF}),
                staff_roles=MappingProxyType({u.username: str(u.role) for u in DEMO_STAFF}),
            )
            audit.record(session, actor, "demo.loaded", "demo", "customers", details={
                "seed": seed, "halls": summary.halls, "staff": summary.staff,
                "customers": summary.customers, "accounts": summary.accounts,
                "gas_accounts": summary.gas_accounts,
                "heating_accounts": summary.heating_accounts,
                "tariffs": tariffs, "bills": bills,
                # which rows are demo rows, should someone want to remove them again
                "customer_ids": [customer_start, customer_start + summary.customers - 1]
                if summary.customers else [],
                "account_ids": [account_start, account_start + summary.accounts - 1]
                if summary.accounts else [],
            })
            session.commit()
        finally:
            session.close()
    if db.dialect == "postgresql" and accounts:
        # Fresh statistics now, not when autovacuum gets round to it: right after a big COPY
        # the planner guesses and searches at the counter are slow until then.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE customers"))
            conn.execute(text("ANALYZE accounts"))
    return summary
