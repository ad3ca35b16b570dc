"""The fee collection admin commands, run in-process through ``main.main`` against the test's
database (SQLite, and PostgreSQL when HALLDESK_TEST_PG_URL is set): tariffs from a file,
billing runs, the day report."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

import main
from app.db import Database
from app.models import Account, AuditEntry, Bill, Customer, GasTariffRow, HeatingTariffRow
from app.services import billing_runs
from app.services.context import Actor
from tests.conftest import Hall

D = Decimal
Cli = Callable[..., tuple[int, str, str]]

TARIFFS = """\
[[gas]]
tariff_class = "residential"
effective_from = 2020-01-01
prices = [2.61, 3.13, 3.92]
ceilings = [350, 500]
household_base_size = 4
extra_person_allowance = [50, 50]

[[heating]]
tariff_class = "residential"
effective_from = 2020-01-01
unit_price = 22.00
suspended_share = 0.30

[[late_fee]]
kind = "heating"
tariff_class = "residential"
effective_from = "2020-01-01"
daily_rate = 0.001
cap_share = 1
"""


def run_main(*args: str) -> int:
    """main.main in this process; the log handler it adds is removed again."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        return main.main(list(args))
    except SystemExit as exc:  # argparse, and refusals of bad dates
        return exc.code if isinstance(exc.code, int) else 2
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


@pytest.fixture
def cli(db: Database, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("HALLDESK_DB_URL", raising=False)
    url = db.url.render_as_string(hide_password=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = run_main("--db-url", url, *args)
        out = capsys.readouterr()
        return code, out.out, out.err

    yield run


def write(tmp_path: Path, text: str, name: str = "tariffs.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def count(db: Database, what: object) -> int:
    with db.scope(readonly=True) as s:
        return s.scalar(select(func.count()).select_from(what)) or 0  # type: ignore[arg-type]


def add_account(db: Database, kind: str, area: str | None = None) -> int:
    with db.scope() as s:
        customer = Customer(name="王建华", phone="13911112222")
        s.add(customer)
        s.flush()
        account = Account(account_no=f"{2 if kind == 'heating' else 1}{customer.id:09d}",
                          customer_id=customer.id, kind=kind, address="石家庄市中山东路1号",
                          heated_area=D(area) if area else None, opened_on=date(2015, 1, 1))
        s.add(account)
        s.commit()
        return account.id


# --- tariffs ---------------------------------------------------------------------------------


def test_tariffs_from_file_dry_run_then_publish_then_rerun_unchanged(
        cli: Cli, db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, TARIFFS)
    code, out, _err = cli("tariffs-from-file", path, "--dry-run")
    assert code == 0 and "3 published, 0 unchanged (dry run: nothing saved)" in out
    assert count(db, GasTariffRow) == 0 and count(db, AuditEntry) == 0

    code, out, _err = cli("tariffs-from-file", path)
    assert code == 0
    assert "gas residential from 2020-01-01: published" in out
    assert "late fee heating residential from 2020-01-01: published" in out
    assert "3 published, 0 unchanged" in out
    with db.scope(readonly=True) as s:
        (gas,) = billing_runs.gas_tariffs(s)
        (heating,) = billing_runs.heating_tariffs(s)
        (late,) = billing_runs.late_fee_policies(s, "heating")
        actions = sorted(s.scalars(select(AuditEntry.action)))
    assert (gas.prices, gas.ceilings) == ((D("2.61"), D("3.13"), D("3.92")), (D(350), D(500)))
    assert (gas.household_base_size, gas.extra_person_allowance) == (4, (D(50), D(50)))
    assert (heating.unit_price, heating.suspended_share) == (D("22.00"), D("0.30"))
    assert (late.daily_rate, late.cap_share) == (D("0.001"), D(1))
    assert actions == ["billing.gas_tariff_set", "billing.heating_tariff_set",
                       "billing.late_fee_policy_set"]

    code, out, _err = cli("tariffs-from-file", path)  # the same file again: harmless
    assert code == 0 and "0 published, 3 unchanged" in out
    assert count(db, AuditEntry) == 3


def test_a_changed_tariff_or_a_bad_entry_publishes_nothing_of_the_file(
        cli: Cli, db: Database, tmp_path: Path) -> None:
    assert cli("tariffs-from-file", write(tmp_path, TARIFFS))[0] == 0
    low_income = ('[[gas]]\ntariff_class = "low_income"\neffective_from = 2021-01-01\n'
                  "prices = [2.00]\n")
    changed = write(tmp_path, low_income + TARIFFS.replace("22.00", "23.00"), "changed.toml")
    code, _out, err = cli("tariffs-from-file", changed)
    assert code == 2
    assert "heating residential from 2020-01-01 differs from the one published before" in err
    assert "nothing was published" in err
    assert count(db, GasTariffRow) == 1  # the low-income gas tariff before it: rolled back

    refused = write(tmp_path, low_income + TARIFFS.replace(
        "effective_from = 2020-01-01\nunit_price", "effective_from = 2021-06-01\nunit_price")
        .replace("0.30", "1.30"), "refused.toml")
    code, _out, err = cli("tariffs-from-file", refused)
    assert code == 2 and err.startswith("halldesk: heating residential from 2021-06-01:")
    assert count(db, GasTariffRow) == 1 and count(db, HeatingTariffRow) == 1

    for text, message in (
            (TARIFFS.replace("unit_price", "unit_prise"),
             "[[heating]] number 1: missing unit_price"),
            (TARIFFS.replace("cap_share = 1", "cap_share = 1\ncap = 2"),
             "[[late_fee]] number 1: unknown key(s) cap"),
            (TARIFFS.replace('"2020-01-01"', '"1.1.2020"'),
             "[[late_fee]] number 1: effective_from must be a date like 2027-01-01"),
            (TARIFFS.replace("[2.61, 3.13, 3.92]", '["2,61"]'),
             "[[gas]] number 1: prices must be a number"),
            ("[gas]\nprices = 1\n", "write each gas tariff as [[gas]]"),
            ("[[water]]\nprice = 1\n", "unknown section(s) water"),
            (TARIFFS + TARIFFS.partition("[[heating]]")[0],
             "[[gas]] number 2: gas residential from 2020-01-01 is in the file twice"),
            ("# nothing\n", "has no tariffs; an example:"),
            ("[[gas]\n", "is not valid TOML")):
        code, _out, err = cli("tariffs-from-file", write(tmp_path, text, "bad.toml"))
        assert code == 2 and message in err, (message, err)
    code, _out, err = cli("tariffs-from-file", str(tmp_path / "missing.toml"))
    assert code == 2 and "cannot read" in err


def test_the_example_tariff_file_is_one_that_publishes(cli: Cli, db: Database,
                                                       tmp_path: Path) -> None:
    code, example, _err = cli("tariffs-from-file", "--example")
    assert code == 0 and "[[gas]]" in example
    code, out, _err = cli("tariffs-from-file", write(tmp_path, example), "--dry-run")
    assert code == 0 and "3 published, 0 unchanged (dry run: nothing saved)" in out
    code, _out, err = cli("tariffs-from-file")
    assert code == 2 and "--example" in err


# --- billing runs ----------------------------------------------------------------------------


def test_billing_run_dry_run_then_bills_once_and_a_rerun_finds_them(
        cli: Cli, db: Database, tmp_path: Path) -> None:
    assert cli("tariffs-from-file", write(tmp_path, TARIFFS))[0] == 0
    add_account(db, "heating", "80")
    add_account(db, "heating", "100.5")
    add_account(db, "heating", None)  # no heated area: skipped
    args = ("billing-run", "heating", "2026-2027", "--due", "2026-12-15",
            "--issued", "2026-11-01")
    code, out, _err = cli(*args, "--dry-run")
    assert code == 0
    assert ("dry run of billing run heating 2026-2027: created 2, existed 0, skipped 1 "
            "(no area: 1)") in out
    assert "(dry run: nothing saved)" in out and count(db, Bill) == 0

    code, out, _err = cli(*args)
    assert code == 0
    assert "billing run heating 2026-2027: created 2, existed 0, skipped 1 (no area: 1)" in out
    assert "amount billed 3971.00" in out  # (80 + 100.5) m² × 22.00
    with db.scope(readonly=True) as s:
        assert sorted(s.scalars(select(Bill.principal))) == [D("1760.00"), D("2211.00")]
        assert set(s.scalars(select(Bill.due_on))) == {date(2026, 12, 15)}

    code, out, _err = cli(*args)
    assert code == 0 and "created 0, existed 2, skipped 1" in out
    assert count(db, Bill) == 2

    code, out, _err = cli("billing-run", "gas", "2026-11", "--due", "2026-12-20",
                          "--issued", "2026-12-01")
    assert code == 0 and "created 0, existed 0, skipped 0" in out  # no gas accounts yet
    add_account(db, "gas")
    code, out, _err = cli("billing-run", "gas", "2026-11", "--due", "2026-12-20",
                          "--issued", "2026-12-01")
    assert code == 0 and "skipped 1 (no reading: 1)" in out


def test_billing_run_refusals_are_one_line(cli: Cli, db: Database) -> None:
    for args, message in (
            (("heating", "2026-11", "--due", "2026-12-15"), "A heating period is a season"),
            (("gas", "2026-13", "--due", "2026-12-15"), "A gas period is a month"),
            (("gas", "2026-11", "--due", "15.12.2026"),
             "--due is a date like 2026-12-15, not '15.12.2026'"),
            (("gas", "2026-11", "--due", "2026-11-01", "--issued", "2026-12-01"),
             "The due date comes after the issue date."),
            (("gas", "2026-11", "--due", "2026-12-15", "--priced-on", "2026-11-15"),
             "--priced-on is for heating")):
        code, _out, err = cli("billing-run", *args)
        assert code == 2 and err.startswith("halldesk: ") and message in err, (args, err)
        assert "Traceback" not in err
    assert count(db, Bill) == 0


# --- the day report --------------------------------------------------------------------------


def test_day_report_of_an_empty_day_and_of_an_unknown_hall(
        cli: Cli, hall: Hall, tmp_path: Path, system: Actor) -> None:
    code, out, _err = cli("day-report", "H01", "2026-11-24", "--pdf", str(tmp_path / "r.pdf"),
                          "--csv", str(tmp_path / "r.csv"))
    assert code == 0
    assert "第一营业厅 2026-11-24 (not closed yet): 0 payments, 0 refunds, 0 voids, " \
           "total 0.00" in out
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    text = (tmp_path / "r.csv").read_bytes().decode("utf-8-sig")
    assert text.startswith("收费日报,第一营业厅\r\n")  # the reader's words, not machine keys
    assert "收款笔数,退款笔数,作废笔数,实收合计\r\n0,0,0,0.00\r\n" in text
    assert text.endswith("当日没有开班\r\n") and "total" not in text
    code, _out, err = cli("day-report", "H09", "2026-11-24")
    assert code == 2 and err.strip() == "halldesk: hall H09 does not exist"
    code, _out, err = cli("day-report", "H01", "yesterday")
    assert code == 2 and "the day is a date like 2026-12-15" in err


def test_help_lists_the_fee_collection_commands(cli: Cli) -> None:
    code, out, _err = cli("--help")
    assert code == 0
    for word in ("tariffs-from-file", "billing-run", "day-report"):
        assert word in out
