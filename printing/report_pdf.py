"""The collection report (收费日报) of a hall's business day as an A4 PDF.

It prints what ``app.services.cashier.daily_report`` (or ``close_day``) returned, nothing
recomputed: the day's counts and total, then the totals per way of paying, per cashier and
per fee kind, each table with its own sum, the voids and refunds, every shift with its float,
expected and counted cash and its difference (长款 over, 短款 short), and the hash-chain
anchors of the audit trail when given (审计校验值), so that a printed and signed report pins
the audit trail as it stood (the administrator's audit check prints the same hashes). People
are printed by their names (李娜), never by their user names.

Three sums must equal the day's total (per method, per cashier, per fee kind); should one
not, the report says so in red instead of hiding it.

Same font and conventions as the receipt (``printing.pdf``): STSong-Light, not embedded,
text extractable, ``invariant`` output.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.billing.money import ZERO
from app.services.cashier import AuditAnchor, DailyReport, DayReportAppendix
from printing.pdf import _Layout, _money, _p, _styles, _table, cjk_font
from printing.service_receipt import KIND_LABELS, METHOD_LABELS

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

REPORT_TITLE = "收费日报"
FEE_KIND_LABELS: dict[str, str] = {**KIND_LABELS, "late_fee": "滞纳金",
                                   "prepaid": "预存（净额）"}
HASH_FONT = "Courier"  # a PDF standard font: hex digits line up and extract as typed
_MARGIN_MM = 18


@dataclass(frozen=True)
class DayReportExtras:
    """What the report shows besides ``DailyReport``, when the caller knows it."""

    company: str = ""
    voided_amount: Decimal | None = None  # the day's voided payments, their sum
    refunded_amount: Decimal | None = None  # the day's refunds, as a positive sum
    anchors: Sequence[AuditAnchor] = ()
    printed_at: datetime | None = None
    timezone: str = ""  # the hall's: times are printed in it (UTC when not given)
    printed_by: str = ""  # the name of who printed (or saved) it
    names: Mapping[str, str] = field(default_factory=dict)  # user name -> full name

    @classmethod
    def of(cls, appendix: DayReportAppendix, *, printed_at: datetime, timezone: str,
           printed_by: str = "", names: Mapping[str, str] | None = None) -> DayReportExtras:
        """From the cashier service's ``day_report_for_print``."""
        return cls(appendix.company, appendix.voided_amount, appendix.refunded_amount,
                   appendix.anchors, printed_at, timezone, printed_by, dict(names or {}))


def person_name(username: str, report: DailyReport, extras: DayReportExtras) -> str:
    """The full name of a user of the report: from the names given, else from the cashiers'
    totals; the user name only when neither knows it."""
    if extras.names.get(username):
        return extras.names[username]
    known = {c.username: c.full_name for c in report.by_cashier if c.full_name}
    return known.get(username, username)


def method_label(method: str) -> str:
    return METHOD_LABELS.get(method, method)


def fee_kind_label(kind: str) -> str:
    return FEE_KIND_LABELS.get(kind, kind)


def _signed(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    if amount > 0:
        return f"长款 {_money(amount)}"
    if amount < 0:
        return f"短款 {_money(-amount)}"
    return _money(ZERO)


def mismatches(report: DailyReport) -> list[str]:
    """The section sums that differ from the day's total (should be none)."""
    sums = {
        "按支付方式": sum((m.amount for m in report.by_method), ZERO),
        "按收款员": sum((c.amount for c in report.by_cashier), ZERO),
        "按收费项目": sum((a for _k, a in report.by_fee_kind), ZERO),
    }
    return [f"{name}合计 {_money(total)} 与实收合计 {_money(report.total)} 不符"
            for name, total in sums.items() if total != report.total]


def day_report_pdf(report: DailyReport, extras: DayReportExtras | None = None) -> bytes:
    """The report on A4 pages (tables continue on the next page with their header)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    extras = extras or DayReportExtras()
    margin = _MARGIN_MM * mm
    scale = 1.0
    layout = _Layout(width=A4[0] - 2 * margin - 12, scale=scale, styles=_styles(scale))
    s = layout.styles
    gap = Spacer(1, 3 * mm)
    problems = mismatches(report)
    story: list[Flowable] = [_p(f"注意：本日报合计不符，请核查。{p}", s["mark"])
                             for p in problems]
    if extras.company:
        story.append(_p(extras.company, s["company"]))
    story += [_p(REPORT_TITLE, s["title"]),
              _p(f"{report.hall_name}    营业日：{report.business_day.isoformat()}", s["company"]),
              _p(_status(report, extras), s["hall"]), gap]
    for section in (_summary(report, layout), _by_method(report, layout),
                    _by_cashier(report, layout), _by_fee_kind(report, layout),
                    _voids_and_refunds(report, extras, layout),
                    _shifts(report, extras, layout),
                    _anchors(extras, layout)):
        if section:
            story += [*section, gap]
    sign = [_p(f"{label}：", s["cell"]) for label in ("制表", "复核", "营业厅主任")]
    story += [Spacer(1, 4 * mm), _table([sign], (0.33, 0.33, 0.34), layout, head=False,
                                        grid=False)]
    printed = f"打印时间：{_local(extras.printed_at, extras)}" if extras.printed_at else ""
    if extras.printed_by:
        printed = f"打印人：{extras.printed_by}  {printed}"

    def on_page(canvas: Canvas, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(cjk_font(), 8)
        canvas.drawString(margin, margin / 2, f"{report.hall_name} {REPORT_TITLE} "
                          f"{report.business_day.isoformat()}  {printed}")
        canvas.drawRightString(A4[0] - margin, margin / 2, f"第 {template.page} 页")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=f"{REPORT_TITLE} {report.hall_name} "
        f"{report.business_day.isoformat()}", author=extras.company, subject=report.hall_name,
        creator="HallDesk", invariant=1)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _heading(text: str, layout: _Layout) -> Flowable:
    return _p(text, layout.styles["total_label"])


def _summary(report: DailyReport, layout: _Layout) -> list[Flowable]:
    s = layout.styles
    rows = [[_p(h, s["head"]) for h in ("收款笔数", "退款笔数", "作废笔数")]
            + [_p("实收合计", s["head_right"])],
            [_p(str(report.payments), s["cell"]), _p(str(report.refunds), s["cell"]),
             _p(str(report.voids), s["cell"]), _p(_money(report.total), s["total"])]]
    return [_table(rows, (0.2, 0.2, 0.2, 0.4), layout)]


def _by_method(report: DailyReport, layout: _Layout) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [[_p("支付方式", s["head"]), _p("笔数", s["head_right"]),
                              _p("金额", s["head_right"])]]
    rows += [[_p(method_label(m.method), s["cell"]), _p(str(m.count), s["amount"]),
              _p(_money(m.amount), s["amount"])] for m in report.by_method]
    rows.append(_sum_row(layout, [str(sum(m.count for m in report.by_method))],
                         sum((m.amount for m in report.by_method), ZERO)))
    return [_heading("一、按支付方式", layout),
            _table(rows, (0.4, 0.2, 0.4), layout, _sum_line(len(rows)))]


def _by_cashier(report: DailyReport, layout: _Layout) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [[_p("收款员", s["head"]), _p("笔数", s["head_right"]),
                              _p("金额", s["head_right"])]]
    rows += [[_p(c.full_name or c.username, s["cell"]), _p(str(c.count), s["amount"]),
              _p(_money(c.amount), s["amount"])] for c in report.by_cashier]
    rows.append(_sum_row(layout, [str(sum(c.count for c in report.by_cashier))],
                         sum((c.amount for c in report.by_cashier), ZERO)))
    return [_heading("二、按收款员", layout),
            _table(rows, (0.4, 0.2, 0.4), layout, _sum_line(len(rows)))]


def _by_fee_kind(report: DailyReport, layout: _Layout) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [[_p("收费项目", s["head"]), _p("金额", s["head_right"])]]
    rows += [[_p(fee_kind_label(kind), s["cell"]), _p(_money(amount), s["amount"])]
             for kind, amount in report.by_fee_kind]
    rows.append(_sum_row(layout, [], sum((a for _k, a in report.by_fee_kind), ZERO)))
    return [_heading("三、按收费项目", layout),
            _table(rows, (0.6, 0.4), layout, _sum_line(len(rows)))]


def _voids_and_refunds(report: DailyReport, extras: DayReportExtras,
                       layout: _Layout) -> list[Flowable]:
    s = layout.styles

    def amount(value: Decimal | None) -> Flowable:
        return _p("—" if value is None else _money(value), s["amount"])

    rows: list[list[Any]] = [
        [_p("项目", s["head"]), _p("笔数", s["head_right"]), _p("金额", s["head_right"])],
        [_p("作废（不计入实收）", s["cell"]), _p(str(report.voids), s["amount"]),
         amount(extras.voided_amount)],
        [_p("退款（已从实收中减去）", s["cell"]), _p(str(report.refunds), s["amount"]),
         amount(extras.refunded_amount)]]
    return [_heading("四、作废与退款", layout), _table(rows, (0.4, 0.2, 0.4), layout)]


def _shifts(report: DailyReport, extras: DayReportExtras, layout: _Layout) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [
        [_p(h, s["head"]) for h in ("班次", "收款员", "窗口")]
        + [_p(h, s["head_right"]) for h in ("备用金", "应有现金", "实点现金", "长短款")]]
    for shift in report.shifts:
        closed = shift.counted is not None
        rows.append([_p(str(shift.shift_id), s["cell"]),
                     _p(person_name(shift.cashier, report, extras), s["cell"]),
                     _p(f"{shift.window_number}号", s["cell"]),
                     _p(_money(shift.float_amount), s["amount"]),
                     _p(_money(shift.expected) if shift.expected is not None else "—",
                        s["amount"]),
                     _p(_money(shift.counted) if closed and shift.counted is not None
                        else "未交班", s["amount"]),
                     _p(_signed(shift.difference) if closed else "—", s["amount"])])
    total = sum((x.difference for x in report.shifts if x.difference is not None), ZERO)
    rows.append([_p("合计", s["total_label"]), "", "", "", "", "",
                 _p(_signed(total), s["amount"])])
    return [_heading("五、班次与长短款（长款：实点多于应有；短款：少于应有）", layout),
            _table(rows, (0.08, 0.2, 0.09, 0.14, 0.15, 0.15, 0.19), layout,
                   _sum_line(len(rows)))]


def _anchors(extras: DayReportExtras, layout: _Layout) -> list[Flowable]:
    if not extras.anchors:
        return []
    s = layout.styles
    hash_style = s["small"].clone("hash", fontName=HASH_FONT, fontSize=7, leading=9)
    rows: list[list[Any]] = [[_p(h, s["head"])
                              for h in ("校验点", "审计链", "序号", "校验值（SHA-256）")]]
    rows += [[_p(a.label, s["cell"]), _p(a.chain, s["cell"]), _p(str(a.seq), s["cell"]),
              _p(a.hash, hash_style)] for a in extras.anchors]
    return [_heading("六、审计校验值（系统管理员核对审计记录时得到同样的值，即自打印以来"
                     "记录未被改动）", layout),
            _table(rows, (0.12, 0.1, 0.08, 0.7), layout)]


def _local(moment: datetime, extras: DayReportExtras) -> str:
    if not extras.timezone:
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
    return f"{moment.astimezone(ZoneInfo(extras.timezone)):%Y-%m-%d %H:%M:%S}"


def _status(report: DailyReport, extras: DayReportExtras) -> str:
    if report.closed_at is not None:
        return f"已日结（{_local(report.closed_at, extras)}）"
    when = f"，截至 {_local(extras.printed_at, extras)}" if extras.printed_at else ""
    return f"未日结{when}：数字可能还会变化"


def _sum_row(layout: _Layout, middle: list[str], amount: Decimal) -> list[Any]:
    s = layout.styles
    return [_p("合计", s["total_label"]), *(_p(x, s["amount"]) for x in middle),
            _p(_money(amount), s["total"])]


def _sum_line(rows: int) -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    return [("LINEABOVE", (0, rows - 1), (-1, rows - 1), 1, colors.black)]
