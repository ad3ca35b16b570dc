"""The collection report (收费日报) for Excel: a CSV (UTF-8 with a BOM, so that Excel on a
Chinese Windows reads it right) and an .xlsx workbook with typed cells.

Both hold the same table, in the reader's language (Chinese unless English is asked for) and
with people by their names: a title row with the hall, the business day and who saved it, the
day's counts and total, then per way of paying, per cashier and per fee kind (each with its
合计), the voids and refunds, and every shift with its float, expected and counted cash and
its difference (长款 positive, 短款 negative). In the workbook amounts are numbers with a
¥ #,##0.00 format (written from the report's Decimals, never through float arithmetic),
counts are integers and the business day is a date.

What is shown is what ``app.services.cashier.day_report_for_print`` returned, nothing
recomputed besides the sums of a section. Qt-free: the caller names the language.

Names come from people (a hall, a cashier, whoever saved the file), so no text is ever read
as a formula: in the CSV a text that starts with = + - @, a tab or a carriage return gets a
leading ' (OWASP's rule for CSV injection); in the workbook every text is a string cell, such
a text with Excel's quote prefix (so editing it does not make it a formula either). Amounts,
counts and dates stay typed: a shortfall of −5.00 is the number -5.00 in both.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from app.billing.money import ZERO
from app.services.cashier import DailyReport
from printing.report_pdf import DayReportExtras, person_name

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlsxCell

MONEY_FORMAT = '"¥"#,##0.00;-"¥"#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
COLUMNS = 7  # the widest section: the shifts

LABELS: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        "title": "收费日报", "hall": "营业厅", "company": "单位", "business_day": "营业日",
        "state": "状态", "closed": "已日结（{when}，{who}）", "closed_at": "已日结（{when}）",
        "open": "未日结：数字可能还会变化", "saved_by": "导出人", "saved_at": "导出时间",
        "summary": "汇总", "payments": "收款笔数", "refunds": "退款笔数",
        "voids": "作废笔数", "total": "实收合计", "count": "笔数", "amount": "金额",
        "sum": "合计", "by_method": "按支付方式", "method": "支付方式",
        "by_cashier": "按收款员", "cashier": "收款员", "by_fee_kind": "按收费项目",
        "fee_kind": "收费项目", "voids_refunds": "作废与退款", "item": "项目",
        "voided": "作废（不计入实收）", "refunded": "退款（已从实收中减去）",
        "shifts": "班次与长短款", "shift": "班次", "window": "窗口号", "float": "备用金",
        "expected": "应有现金", "counted": "实点现金",
        "difference": "长短款（正数为长款，负数为短款）", "still_open": "未交班",
        "not_known": "未定：{n} 个班次未交班，交班清点后才有长短款",
        "cash": "现金", "card": "银行卡", "wechat": "微信支付", "alipay": "支付宝",
        "gas": "燃气费", "heating": "采暖费", "late_fee": "滞纳金", "prepaid": "预存（净额）",
        "no_shift": "当日没有开班",
    },
    "en": {
        "title": "Collection report", "hall": "Hall", "company": "Company",
        "business_day": "Business day", "state": "State",
        "closed": "Closed ({when}, {who})", "closed_at": "Closed ({when})",
        "open": "Not closed: the figures may still change", "saved_by": "Saved by",
        "saved_at": "Saved at", "summary": "Summary", "payments": "Payments",
        "refunds": "Refunds", "voids": "Voided", "total": "Collected in total",
        "count": "Count", "amount": "Amount", "sum": "Total",
        "by_method": "By way of paying", "method": "Way of paying",
        "by_cashier": "By cashier", "cashier": "Cashier", "by_fee_kind": "By fee kind",
        "fee_kind": "Fee kind", "voids_refunds": "Voids and refunds", "item": "Item",
        "voided": "Voided (not collected)", "refunded": "Refunded (taken off the total)",
        "shifts": "Shifts", "shift": "Shift", "window": "Window", "float": "Float",
        "expected": "Expected cash", "counted": "Counted cash",
        "difference": "Difference (+ over, − short)", "still_open": "Still open",
        "not_known": "Not known: {n} shift(s) still open, counted at their close",
        "cash": "Cash", "card": "Bank card", "wechat": "WeChat Pay", "alipay": "Alipay",
        "gas": "Gas", "heating": "Heating", "late_fee": "Late fees",
        "prepaid": "Prepaid credit (net)", "no_shift": "No shift was opened this day.",
    },
}


def labels(language: str) -> Mapping[str, str]:
    """The words of the table: English for "en" (and "en_…"), Chinese otherwise."""
    return LABELS["en"] if language.lower().startswith("en") else LABELS["zh_CN"]


class Kind(Enum):
    """What a cell holds, for its format in the workbook and its text in the CSV."""

    TITLE = "title"
    HEAD = "head"
    TEXT = "text"
    COUNT = "count"
    MONEY = "money"
    DATE = "date"
    TIME = "time"
    SUM_LABEL = "sum_label"
    SUM_COUNT = "sum_count"
    SUM_MONEY = "sum_money"


NUMBERS = frozenset({Kind.COUNT, Kind.MONEY, Kind.SUM_COUNT, Kind.SUM_MONEY})
Value = str | int | Decimal | date | datetime | None


@dataclass(frozen=True)
class Cell:
    value: Value
    kind: Kind = Kind.TEXT


Row = list[Cell]


def _text(value: str) -> Cell:
    return Cell(value)


def _head(*texts: str) -> Row:
    return [Cell(t, Kind.HEAD) for t in texts]


def _local(moment: datetime, timezone: str) -> datetime:
    """In the hall's time, without a zone (Excel has none): what the hall's clock said."""
    zone = ZoneInfo(timezone) if timezone else UTC
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)


def day_report_rows(report: DailyReport, extras: DayReportExtras | None = None,
                    language: str = "zh_CN") -> list[Row]:
    """The table both files hold; an empty row between sections."""
    extras = extras or DayReportExtras()
    words = labels(language)
    rows: list[Row] = [[Cell(words["title"], Kind.TITLE), _text(report.hall_name)]]
    if extras.company:
        rows.append([_text(words["company"]), _text(extras.company)])
    rows.append([_text(words["business_day"]), Cell(report.business_day, Kind.DATE)])
    if report.closed_at is not None:
        when = f"{_local(report.closed_at, extras.timezone):%Y-%m-%d %H:%M}"
        state = (words["closed"].format(when=when, who=report.closed_by) if report.closed_by
                 else words["closed_at"].format(when=when))
    else:
        state = words["open"]
    rows.append([_text(words["state"]), _text(state)])
    if extras.printed_by:
        rows.append([_text(words["saved_by"]), _text(extras.printed_by)])
    if extras.printed_at is not None:
        rows.append([_text(words["saved_at"]),
                     Cell(_local(extras.printed_at, extras.timezone), Kind.TIME)])

    rows += [[], [Cell(words["summary"], Kind.TITLE)],
             _head(words["payments"], words["refunds"], words["voids"], words["total"]),
             [Cell(report.payments, Kind.COUNT), Cell(report.refunds, Kind.COUNT),
              Cell(report.voids, Kind.COUNT), Cell(report.total, Kind.SUM_MONEY)]]

    rows += [[], [Cell(words["by_method"], Kind.TITLE)],
             _head(words["method"], words["count"], words["amount"])]
    rows += [[_text(words.get(m.method, m.method)), Cell(m.count, Kind.COUNT),
              Cell(m.amount, Kind.MONEY)] for m in report.by_method]
    rows.append([Cell(words["sum"], Kind.SUM_LABEL),
                 Cell(sum(m.count for m in report.by_method), Kind.SUM_COUNT),
                 Cell(sum((m.amount for m in report.by_method), ZERO), Kind.SUM_MONEY)])

    rows += [[], [Cell(words["by_cashier"], Kind.TITLE)],
             _head(words["cashier"], words["count"], words["amount"])]
    rows += [[_text(c.full_name or c.username), Cell(c.count, Kind.COUNT),
              Cell(c.amount, Kind.MONEY)] for c in report.by_cashier]
    rows.append([Cell(words["sum"], Kind.SUM_LABEL),
                 Cell(sum(c.count for c in report.by_cashier), Kind.SUM_COUNT),
                 Cell(sum((c.amount for c in report.by_cashier), ZERO), Kind.SUM_MONEY)])

    rows += [[], [Cell(words["by_fee_kind"], Kind.TITLE)],
             _head(words["fee_kind"], words["amount"])]
    rows += [[_text(words.get(kind, kind)), Cell(amount, Kind.MONEY)]
             for kind, amount in report.by_fee_kind]
    rows.append([Cell(words["sum"], Kind.SUM_LABEL),
                 Cell(sum((a for _k, a in report.by_fee_kind), ZERO), Kind.SUM_MONEY)])

    rows += [[], [Cell(words["voids_refunds"], Kind.TITLE)],
             _head(words["item"], words["count"], words["amount"]),
             [_text(words["voided"]), Cell(report.voids, Kind.COUNT),
              Cell(extras.voided_amount, Kind.MONEY)],
             [_text(words["refunded"]), Cell(report.refunds, Kind.COUNT),
              Cell(extras.refunded_amount, Kind.MONEY)]]

    rows += [[], [Cell(words["shifts"], Kind.TITLE)],
             _head(words["shift"], words["cashier"], words["window"], words["float"],
                   words["expected"], words["counted"], words["difference"])]
    for shift in report.shifts:
        if shift.counted is None:  # nothing counted, nothing expected yet: said in words
            rows.append([Cell(shift.shift_id, Kind.COUNT),
                         _text(person_name(shift.cashier, report, extras)),
                         Cell(shift.window_number, Kind.COUNT),
                         Cell(shift.float_amount, Kind.MONEY), _text("—"), _text("—"),
                         _text(words["still_open"])])
            continue
        rows.append([Cell(shift.shift_id, Kind.COUNT),
                     _text(person_name(shift.cashier, report, extras)),
                     Cell(shift.window_number, Kind.COUNT),
                     Cell(shift.float_amount, Kind.MONEY), Cell(shift.expected, Kind.MONEY),
                     Cell(shift.counted, Kind.MONEY), Cell(shift.difference, Kind.MONEY)])
    if report.shifts:
        rows.append([Cell(words["sum"], Kind.SUM_LABEL), *([Cell(None)] * 5),
                     difference_total(report, words)])
    else:
        rows.append([_text(words["no_shift"])])
    return rows


def open_shift_count(report: DailyReport) -> int:
    return sum(1 for shift in report.shifts if shift.counted is None)


def difference_total(report: DailyReport, words: Mapping[str, str]) -> Cell:
    """The shifts' 长短款 in all; while one is open it is not known, and is said so in words
    rather than summed to a 0.00 that reads as a balanced day."""
    still_open = open_shift_count(report)
    if still_open:
        return _text(words["not_known"].format(n=still_open))
    return Cell(sum((s.difference for s in report.shifts if s.difference is not None), ZERO),
                Kind.SUM_MONEY)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_field(cell: Cell) -> str:
    """A cell as CSV text; a text Excel would take for a formula gets a leading '."""
    text = _csv_text(cell)
    if isinstance(cell.value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_text(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def day_report_csv(report: DailyReport, extras: DayReportExtras | None = None,
                   language: str = "zh_CN") -> bytes:
    """The table as CSV: UTF-8 with a BOM, amounts as plain numbers with two decimals."""
    out = io.StringIO()
    writer = csv.writer(out)  # "\r\n" between rows, as Excel writes them
    for row in day_report_rows(report, extras, language):
        writer.writerow([_csv_field(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def _width(value: Value) -> int:
    """How many character widths a value takes in a cell (a Chinese character takes two)."""
    text = _csv_text(Cell(value))
    if isinstance(value, Decimal):
        text = f"¥{value:,.2f}"
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def day_report_xlsx(report: DailyReport, extras: DayReportExtras | None = None,
                    language: str = "zh_CN") -> bytes:
    """The table as an Excel workbook of one sheet, typed cells, widths set to fit."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    extras = extras or DayReportExtras()
    words = labels(language)
    rows = day_report_rows(report, extras, language)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = words["title"]
    book.properties.title = (f"{words['title']} {report.hall_name} "
                             f"{report.business_day.isoformat()}")
    book.properties.creator = extras.printed_by or "HallDesk"
    widths = [0] * COLUMNS
    for r, row in enumerate(rows, start=1):
        below = rows[r] if r < len(rows) else []
        for c, cell in enumerate(row, start=1):
            target = sheet.cell(row=r, column=c, value=cell.value)
            if isinstance(cell.value, str):  # a text, never a formula ("=1+1" as typed)
                target.data_type = "s"
                target.quotePrefix = cell.value.startswith(FORMULA_STARTS)
            _style(target, cell, first_row=r == 1,
                   over_figures=c <= len(below) and below[c - 1].kind in NUMBERS)
            if cell.kind is not Kind.TITLE and c <= COLUMNS:  # titles run over the cells
                widths[c - 1] = max(widths[c - 1], _width(cell.value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 44)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _style(target: XlsxCell, cell: Cell, *, first_row: bool, over_figures: bool) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    kind = cell.kind
    if kind is Kind.TITLE:
        target.font = Font(bold=True, size=14 if first_row else 12)
    elif kind is Kind.HEAD:
        target.font = Font(bold=True)
        target.fill = PatternFill("solid", fgColor="E8EDF5")
        target.border = Border(bottom=thin)
        if over_figures:
            target.alignment = Alignment(horizontal="right")
    elif kind in (Kind.SUM_LABEL, Kind.SUM_COUNT, Kind.SUM_MONEY):
        target.font = Font(bold=True)
        target.border = Border(top=thin)
    if kind in (Kind.MONEY, Kind.SUM_MONEY):
        target.number_format = MONEY_FORMAT
    elif kind in (Kind.COUNT, Kind.SUM_COUNT):
        target.number_format = "0"
    elif kind in (Kind.DATE, Kind.TIME):
        target.number_format = DATE_FORMAT if kind is Kind.DATE else TIME_FORMAT
        target.alignment = Alignment(horizontal="left")
