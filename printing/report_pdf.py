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

Chinese by default, English for a client in English (``PDF_LABELS``: printing has no Qt to
translate). Same font and conventions as the receipt (``printing.pdf``): STSong-Light, not
embedded, text extractable, ``invariant`` output.
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
# The printed words, by language (printing has no Qt to translate): Chinese, the default, and
# English for a client in English. Methods, fee kinds and the service's anchor labels too.
PDF_LABELS: Mapping[str, Mapping[str, str]] = {
    "zh_CN": {
        **METHOD_LABELS, **FEE_KIND_LABELS,
        "title": REPORT_TITLE, "hall_day": "{hall}    营业日：{day}",
        "closed": "已日结（{}）", "open": "未日结：数字可能还会变化",
        "open_as_of": "未日结，截至 {}：数字可能还会变化",
        "check": "注意：本日报合计不符，请核查。{}",
        "mismatch": "{section}合计 {sum} 与实收合计 {total} 不符",
        "payments": "收款笔数", "refunds": "退款笔数", "voids": "作废笔数", "total": "实收合计",
        "section": "{}、{}", "by_method": "按支付方式", "by_cashier": "按收款员",
        "by_fee_kind": "按收费项目", "voids_refunds": "作废与退款",
        "shifts": "班次与长短款（长款：实点多于应有；短款：少于应有）",
        "anchors": "审计校验值（系统管理员核对审计记录时得到同样的值，即自打印以来记录未被改动）",
        "method": "支付方式", "count": "笔数", "amount": "金额", "sum": "合计",
        "cashier": "收款员", "fee_kind": "收费项目", "item": "项目",
        "voided": "作废（不计入实收）", "refunded": "退款（已从实收中减去）",
        "shift": "班次", "window": "窗口", "float": "备用金", "expected": "应有现金",
        "counted": "实点现金", "difference": "长短款", "window_no": "{}号",
        "still_open": "未交班", "over": "长款 {}", "short": "短款 {}",
        "not_known": "未定：{n} 个班次未交班",
        "anchor": "校验点", "chain": "审计链", "seq": "序号", "hash": "校验值（SHA-256）",
        "signed": "{}：", "prepared": "制表", "checked": "复核", "manager": "营业厅主任",
        "printed_at": "打印时间：{}", "printed_by": "打印人：{}", "page": "第 {} 页",
    },
    "en": {
        "cash": "Cash", "card": "Bank card", "wechat": "WeChat Pay", "alipay": "Alipay",
        "gas": "Gas", "heating": "Heating", "late_fee": "Late fees",
        "prepaid": "Prepaid credit (net)",
        "日结记录": "Day close", "打印时链头": "Chain head when printed",
        "title": "Collection report", "hall_day": "{hall}    Business day: {day}",
        "closed": "Closed ({})", "open": "Not closed: the figures may still change",
        "open_as_of": "Not closed, as of {}: the figures may still change",
        "check": "Note: the sums of this report disagree, check them. {}",
        "mismatch": "{section}: total {sum} differs from the collected total {total}",
        "payments": "Payments", "refunds": "Refunds", "voids": "Voided",
        "total": "Collected in total", "section": "{}. {}", "by_method": "By way of paying",
        "by_cashier": "By cashier", "by_fee_kind": "By fee kind",
        "voids_refunds": "Voids and refunds",
        "shifts": "Shifts (over: more cash counted than expected; short: less)",
        "anchors": "Audit check values (the administrator's audit check finds the same values "
                   "while the trail is unchanged since printing)",
        "method": "Way of paying", "count": "Count", "amount": "Amount", "sum": "Total",
        "cashier": "Cashier", "fee_kind": "Fee kind", "item": "Item",
        "voided": "Voided (not collected)", "refunded": "Refunded (taken off the total)",
        "shift": "Shift", "window": "Window", "float": "Float", "expected": "Expected cash",
        "counted": "Counted cash", "difference": "Difference", "window_no": "{}",
        "still_open": "Still open", "over": "Over {}", "short": "Short {}",
        "not_known": "Not known: {n} still open",
        "anchor": "Check point", "chain": "Audit chain", "seq": "No.",
        "hash": "Check value (SHA-256)", "signed": "{}:", "prepared": "Prepared by",
        "checked": "Checked by", "manager": "Hall manager", "printed_at": "Printed {}",
        "printed_by": "Printed by {}", "page": "Page {}",
    },
}


def pdf_labels(language: str) -> Mapping[str, str]:
    """The printed words: English for "en" (and "en_…"), Chinese otherwise."""
    return PDF_LABELS["en"] if language.lower().startswith("en") else PDF_LABELS["zh_CN"]
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


def method_label(method: str, language: str = "zh_CN") -> str:
    return pdf_labels(language).get(method, method)


def fee_kind_label(kind: str, language: str = "zh_CN") -> str:
    return pdf_labels(language).get(kind, kind)


def _signed(amount: Decimal | None, w: Mapping[str, str]) -> str:
    if amount is None:
        return "—"
    if amount > 0:
        return w["over"].format(_money(amount))
    if amount < 0:
        return w["short"].format(_money(-amount))
    return _money(ZERO)


def mismatches(report: DailyReport, language: str = "zh_CN") -> list[str]:
    """The section sums that differ from the day's total (should be none)."""
    w = pdf_labels(language)
    sums = {
        w["by_method"]: sum((m.amount for m in report.by_method), ZERO),
        w["by_cashier"]: sum((c.amount for c in report.by_cashier), ZERO),
        w["by_fee_kind"]: sum((a for _k, a in report.by_fee_kind), ZERO),
    }
    return [w["mismatch"].format(section=name, sum=_money(total), total=_money(report.total))
            for name, total in sums.items() if total != report.total]


def day_report_pdf(report: DailyReport, extras: DayReportExtras | None = None,
                   language: str = "zh_CN") -> bytes:
    """The report on A4 pages (tables continue on the next page with their header), in
    Chinese, or English for "en"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    extras = extras or DayReportExtras()
    w = pdf_labels(language)
    margin = _MARGIN_MM * mm
    scale = 1.0
    layout = _Layout(width=A4[0] - 2 * margin - 12, scale=scale, styles=_styles(scale))
    s = layout.styles
    gap = Spacer(1, 3 * mm)
    problems = mismatches(report, language)
    story: list[Flowable] = [_p(w["check"].format(p), s["mark"]) for p in problems]
    if extras.company:
        story.append(_p(extras.company, s["company"]))
    story += [_p(w["title"], s["title"]),
              _p(w["hall_day"].format(hall=report.hall_name,
                                      day=report.business_day.isoformat()), s["company"]),
              _p(_status(report, extras, w), s["hall"]), gap]
    for section in (_summary(report, layout, w), _by_method(report, layout, w),
                    _by_cashier(report, layout, w), _by_fee_kind(report, layout, w),
                    _voids_and_refunds(report, extras, layout, w),
                    _shifts(report, extras, layout, w),
                    _anchors(extras, layout, w)):
        if section:
            story += [*section, gap]
    sign = [_p(w["signed"].format(label), s["cell"])
            for label in (w["prepared"], w["checked"], w["manager"])]
    story += [Spacer(1, 4 * mm), _table([sign], (0.33, 0.33, 0.34), layout, head=False,
                                        grid=False)]
    printed = (w["printed_at"].format(_local(extras.printed_at, extras))
               if extras.printed_at else "")
    if extras.printed_by:
        printed = f"{w['printed_by'].format(extras.printed_by)}  {printed}"

    def on_page(canvas: Canvas, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(cjk_font(), 8)
        canvas.drawString(margin, margin / 2, f"{report.hall_name} {w['title']} "
                          f"{report.business_day.isoformat()}  {printed}")
        canvas.drawRightString(A4[0] - margin, margin / 2, w["page"].format(template.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=f"{w['title']} {report.hall_name} "
        f"{report.business_day.isoformat()}", author=extras.company, subject=report.hall_name,
        creator="HallDesk", invariant=1)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _heading(text: str, layout: _Layout) -> Flowable:
    return _p(text, layout.styles["total_label"])


def _summary(report: DailyReport, layout: _Layout, w: Mapping[str, str]) -> list[Flowable]:
    s = layout.styles
    rows = [[_p(w[h], s["head"]) for h in ("payments", "refunds", "voids")]
            + [_p(w["total"], s["head_right"])],
            [_p(str(report.payments), s["cell"]), _p(str(report.refunds), s["cell"]),
             _p(str(report.voids), s["cell"]), _p(_money(report.total), s["total"])]]
    return [_table(rows, (0.2, 0.2, 0.2, 0.4), layout)]


def _by_method(report: DailyReport, layout: _Layout, w: Mapping[str, str]) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [[_p(w["method"], s["head"]), _p(w["count"], s["head_right"]),
                              _p(w["amount"], s["head_right"])]]
    rows += [[_p(w.get(m.method, m.method), s["cell"]), _p(str(m.count), s["amount"]),
              _p(_money(m.amount), s["amount"])] for m in report.by_method]
    rows.append(_sum_row(layout, w, [str(sum(m.count for m in report.by_method))],
                         sum((m.amount for m in report.by_method), ZERO)))
    return [_heading(w["section"].format(1, w["by_method"]), layout),
            _table(rows, (0.4, 0.2, 0.4), layout, _sum_line(len(rows)))]


def _by_cashier(report: DailyReport, layout: _Layout, w: Mapping[str, str]) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [[_p(w["cashier"], s["head"]), _p(w["count"], s["head_right"]),
                              _p(w["amount"], s["head_right"])]]
    rows += [[_p(c.full_name or c.username, s["cell"]), _p(str(c.count), s["amount"]),
              _p(_money(c.amount), s["amount"])] for c in report.by_cashier]
    rows.append(_sum_row(layout, w, [str(sum(c.count for c in report.by_cashier))],
                         sum((c.amount for c in report.by_cashier), ZERO)))
    return [_heading(w["section"].format(2, w["by_cashier"]), layout),
            _table(rows, (0.4, 0.2, 0.4), layout, _sum_line(len(rows)))]


def _by_fee_kind(report: DailyReport, layout: _Layout, w: Mapping[str, str]) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [[_p(w["fee_kind"], s["head"]), _p(w["amount"], s["head_right"])]]
    rows += [[_p(w.get(kind, kind), s["cell"]), _p(_money(amount), s["amount"])]
             for kind, amount in report.by_fee_kind]
    rows.append(_sum_row(layout, w, [], sum((a for _k, a in report.by_fee_kind), ZERO)))
    return [_heading(w["section"].format(3, w["by_fee_kind"]), layout),
            _table(rows, (0.6, 0.4), layout, _sum_line(len(rows)))]


def _voids_and_refunds(report: DailyReport, extras: DayReportExtras,
                       layout: _Layout, w: Mapping[str, str]) -> list[Flowable]:
    s = layout.styles

    def amount(value: Decimal | None) -> Flowable:
        return _p("—" if value is None else _money(value), s["amount"])

    rows: list[list[Any]] = [
        [_p(w["item"], s["head"]), _p(w["count"], s["head_right"]),
         _p(w["amount"], s["head_right"])],
        [_p(w["voided"], s["cell"]), _p(str(report.voids), s["amount"]),
         amount(extras.voided_amount)],
        [_p(w["refunded"], s["cell"]), _p(str(report.refunds), s["amount"]),
         amount(extras.refunded_amount)]]
    return [_heading(w["section"].format(4, w["voids_refunds"]), layout),
            _table(rows, (0.4, 0.2, 0.4), layout)]


def _shifts(report: DailyReport, extras: DayReportExtras, layout: _Layout,
            w: Mapping[str, str]) -> list[Flowable]:
    s = layout.styles
    rows: list[list[Any]] = [
        [_p(w[h], s["head"]) for h in ("shift", "cashier", "window")]
        + [_p(w[h], s["head_right"]) for h in ("float", "expected", "counted", "difference")]]
    for shift in report.shifts:
        closed = shift.counted is not None and shift.difference is not None
        rows.append([_p(str(shift.shift_id), s["cell"]),
                     _p(person_name(shift.cashier, report, extras), s["cell"]),
                     _p(w["window_no"].format(shift.window_number), s["cell"]),
                     _p(_money(shift.float_amount), s["amount"]),
                     _p(_money(shift.expected) if closed and shift.expected is not None
                        else "—", s["amount"]),
                     _p(_money(shift.counted) if closed and shift.counted is not None
                        else "—", s["amount"]),
                     _p(_signed(shift.difference, w) if closed and shift.difference is not None
                        else w["still_open"], s["amount"])])
    # While a shift is open the day's difference is not known: said, never a balanced 0.00.
    still_open = sum(1 for x in report.shifts if x.counted is None)
    total = sum((x.difference for x in report.shifts if x.difference is not None), ZERO)
    rows.append([_p(w["sum"], s["total_label"]), "", "", "", "", "",
                 _p(w["not_known"].format(n=still_open) if still_open
                    else _signed(total, w), s["amount"])])
    return [_heading(w["section"].format(5, w["shifts"]), layout),
            _table(rows, (0.08, 0.2, 0.09, 0.14, 0.15, 0.15, 0.19), layout,
                   _sum_line(len(rows)))]


def _anchors(extras: DayReportExtras, layout: _Layout, w: Mapping[str, str]) -> list[Flowable]:
    if not extras.anchors:
        return []
    s = layout.styles
    hash_style = s["small"].clone("hash", fontName=HASH_FONT, fontSize=7, leading=9)
    rows: list[list[Any]] = [[_p(w[h], s["head"])
                              for h in ("anchor", "chain", "seq", "hash")]]
    rows += [[_p(w.get(a.label, a.label), s["cell"]), _p(a.chain, s["cell"]),
              _p(str(a.seq), s["cell"]), _p(a.hash, hash_style)] for a in extras.anchors]
    return [_heading(w["section"].format(6, w["anchors"]), layout),
            _table(rows, (0.12, 0.1, 0.08, 0.7), layout)]


def _local(moment: datetime, extras: DayReportExtras) -> str:
    if not extras.timezone:
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
    return f"{moment.astimezone(ZoneInfo(extras.timezone)):%Y-%m-%d %H:%M:%S}"


def _status(report: DailyReport, extras: DayReportExtras, w: Mapping[str, str]) -> str:
    if report.closed_at is not None:
        return w["closed"].format(_local(report.closed_at, extras))
    if extras.printed_at:
        return w["open_as_of"].format(_local(extras.printed_at, extras))
    return w["open"]


def _sum_row(layout: _Layout, w: Mapping[str, str], middle: list[str],
             amount: Decimal) -> list[Any]:
    s = layout.styles
    return [_p(w["sum"], s["total_label"]), *(_p(x, s["amount"]) for x in middle),
            _p(_money(amount), s["total"])]


def _sum_line(rows: int) -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    return [("LINEABOVE", (0, rows - 1), (-1, rows - 1), 1, colors.black)]
