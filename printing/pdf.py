"""Documents as PDF through reportlab, in its built-in Chinese font.

``STSong-Light`` is one of the Adobe CID fonts every PDF viewer and printer driver has (or
substitutes): nothing is embedded, so a receipt is a few kilobytes and the font's licence is
not a question. Text is written as Unicode (UniGB-UCS2-H), so it can be searched and
extracted.

PDFs are made ``invariant`` (fixed creation date and document id): the same document gives
the same bytes, so a stored print job and a reprint of it compare equal.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import escape

from app.billing.money import format_money
from printing.receipt import SIGNATURE_LABEL, VOID_MARK, ReceiptDocument

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

CJK_FONT = "STSong-Light"
PageName = Literal["A4", "A5"]
_MARGIN_MM: dict[str, float] = {"A4": 20, "A5": 12}
_SCALE: dict[str, float] = {"A4": 1.2, "A5": 1.0}  # type sizes on A4 relative to A5
_RED = "#c00000"
_GRID = "#999999"
_SHADE = "#eeeeee"
_FRAME_PADDING = 6  # points: platypus' Frame default, inside the page margins
YUAN = "￥"  # the full-width sign: the CJK font's own glyph, spaced like the digits around it


@functools.cache
def cjk_font() -> str:
    """Register the CJK font once per process; its name for ``setFont`` and styles."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _page_size(page: str) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, A5

    sizes: dict[str, tuple[float, float]] = {"A4": A4, "A5": A5}
    if page not in sizes:
        raise ValueError(f"page must be A4 or A5, not {page!r}")
    return sizes[page]


def _styles(scale: float) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    font = cjk_font()

    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size * scale,
                              leading=size * scale * 1.3, wordWrap="CJK", **kw)

    return {
        "company": style("company", 12, alignment=TA_CENTER),
        "title": style("title", 20, alignment=TA_CENTER, spaceBefore=2, spaceAfter=2),
        "hall": style("hall", 7.5, alignment=TA_CENTER, textColor=colors.HexColor("#444444")),
        "cell": style("cell", 8.5),
        "head": style("head", 8.5, textColor=colors.HexColor("#333333")),
        "head_right": style("head_right", 8.5, textColor=colors.HexColor("#333333"),
                            alignment=TA_RIGHT),
        "amount": style("amount", 8.5, alignment=TA_RIGHT),
        "total": style("total", 11, alignment=TA_RIGHT),
        "total_label": style("total_label", 11),
        "mark": style("mark", 11, alignment=TA_RIGHT, textColor=colors.HexColor(_RED)),
        "small": style("small", 7.5),
    }


def _p(text: str, style: Any) -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def receipt_pdf(doc: ReceiptDocument, *, page: PageName = "A5") -> bytes:
    """The receipt on an A5 (default) or A4 page: header, customer, a table of the bills
    paid, totals with the amount in capitals, how it was paid, cashier and window, a barcode
    of the receipt number; "重打 第n次" on a reprint, a large 作废 across a voided one.
    A refund is a 退款凭证: the original's number, what is given back and how, and a line
    for the customer's signature.
    """
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    page_size = _page_size(page)
    scale = _SCALE[page]
    margin = _MARGIN_MM[page] * mm
    layout = _Layout(width=page_size[0] - 2 * margin - 2 * _FRAME_PADDING, scale=scale,
                     styles=_styles(scale))
    gap = Spacer(1, 2 * mm)
    story: list[Flowable] = [
        *_header(doc, layout), gap, _customer_table(doc, layout), gap,
        _items_table(doc, layout), gap, _payment_table(doc, layout), Spacer(1, 4 * mm),
        _signature(doc, layout),
    ]
    if doc.voided:
        reason = f"作废原因：{doc.void_reason}" if doc.void_reason else doc.void_default_text
        story += [gap, _p(reason, layout.styles["mark"])]
    if doc.notice:
        story += [gap, _p(doc.notice, layout.styles["small"])]

    def on_page(canvas: Canvas, _template: Any) -> None:
        if doc.voided:
            _void_watermark(canvas, page_size, cjk_font())

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=page_size, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=f"{doc.title} {doc.receipt_no}", author=doc.company,
        subject=doc.hall_name, creator="HallDesk", invariant=1)
    template.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


@dataclass(frozen=True)
class _Layout:
    width: float  # points across the frame
    scale: float
    styles: dict[str, Any]


def _money(amount: Decimal) -> str:
    return format_money(amount, symbol=YUAN)


def _table(rows: list[list[Any]], widths: Sequence[float], layout: _Layout,
           commands: Sequence[tuple[Any, ...]] = (), *, head: bool = True,
           grid: bool = True) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=[layout.width * share for share in widths],
                  repeatRows=1 if head else 0)
    style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(_GRID)))
    if head:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_SHADE)))
    table.setStyle(TableStyle([*style, *commands]))
    return table


def _header(doc: ReceiptDocument, layout: _Layout) -> list[Flowable]:
    """Company, title, hall; the receipt number and time left, the marks and the barcode
    right."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    s = layout.styles
    marks = "  ".join(x for x in (doc.void_text, doc.copy_text) if x)
    right: list[Flowable] = [_p(marks, s["mark"])] if marks else []
    if doc.barcode_payload:
        right.append(_barcode(doc.barcode_payload, layout.scale))
    left = [_p(f"收据号：{doc.receipt_no}", s["cell"]),
            *([_p(f"原收据号：{doc.refund_of}", s["cell"])] if doc.is_refund else []),
            _p(f"{doc.issued_label}：{doc.issued_text}", s["cell"])]
    numbers = _table([[left, right]], (0.5, 0.5), layout, [
        ("ALIGN", (1, 0), (1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0)], head=False, grid=False)
    return [
        _p(doc.company, s["company"]),
        _p(doc.title, s["title"]),
        _p(" ".join(x for x in (doc.hall_name, doc.hall_contact_text) if x), s["hall"]),
        Spacer(1, 3 * mm),
        numbers,
    ]


def _customer_table(doc: ReceiptDocument, layout: _Layout) -> Flowable:
    from reportlab.lib import colors

    s = layout.styles
    shade = colors.HexColor(_SHADE)
    rows = [[_p("户号", s["head"]), _p(doc.account_no, s["cell"]),
             _p("户名", s["head"]), _p(doc.masked_name, s["cell"])],
            [_p("地址", s["head"]), _p(doc.address, s["cell"]), "", ""]]
    return _table(rows, (0.12, 0.43, 0.12, 0.33), layout, [
        ("SPAN", (1, 1), (3, 1)), ("BACKGROUND", (0, 0), (0, -1), shade),
        ("BACKGROUND", (2, 0), (2, 0), shade)], head=False)


def _items_table(doc: ReceiptDocument, layout: _Layout) -> Flowable:
    """The bills paid (or given back), then prepaid credit, the waiver, the total and the
    capitals."""
    from reportlab.lib import colors

    s = layout.styles
    rows: list[list[Any]] = [[_p("期间", s["head"]), _p("项目", s["head"])]
                             + [_p(h, s["head_right"]) for h in ("金额", "滞纳金", "小计")]]
    for item in doc.items:
        rows.append([_p(item.period, s["cell"]), _p(item.kind_label, s["cell"]),
                     _p(_money(item.amount), s["amount"]), _p(_money(item.late_fee), s["amount"]),
                     _p(_money(item.subtotal), s["amount"])])
    first_sum = len(rows)
    for label, amount in ((doc.prepaid_label, doc.prepaid_credit_added),
                          ("已减免滞纳金", doc.waived)):
        if amount:
            rows.append([_p(label, s["cell"]), "", "", "", _p(_money(amount), s["amount"])])
    rows.append([_p(doc.total_label, s["total_label"]), "", "", "",
                 _p(_money(doc.total), s["total"])])
    rows.append([_p("大写", s["head"]), _p(doc.total_capital, s["total_label"]), "", "", ""])
    commands: list[tuple[Any, ...]] = [
        ("LINEABOVE", (0, first_sum), (-1, first_sum), 1, colors.black),
        ("SPAN", (1, -1), (-1, -1)),
        *(("SPAN", (0, row), (3, row)) for row in range(first_sum, len(rows) - 1)),
    ]
    return _table(rows, (0.2, 0.2, 0.2, 0.18, 0.22), layout, commands)


def _payment_table(doc: ReceiptDocument, layout: _Layout) -> Flowable:
    """The tenders with 实收 and 找零; on a refund the ways the money goes back, which add
    up to the total (no change)."""
    s = layout.styles
    rows: list[list[Any]] = [[_p(doc.tenders_label, s["head"]), _p("金额", s["head_right"]),
                              _p(doc.reference_label, s["head"])]]
    for tender in doc.tenders:
        rows.append([_p(tender.method_label, s["cell"]), _p(_money(tender.amount), s["amount"]),
                     _p(tender.reference, s["small"])])
    if not doc.is_refund:
        rows.append([_p("实收", s["cell"]), _p(_money(doc.tendered), s["amount"]), ""])
        rows.append([_p("找零", s["cell"]), _p(_money(doc.change), s["amount"]), ""])
    return _table(rows, (0.3, 0.3, 0.4), layout)


def _signature(doc: ReceiptDocument, layout: _Layout) -> Flowable:
    """Cashier, window and the stamp; a refund voucher adds the customer's signature line
    (they sign for the money received back)."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    s = layout.styles
    window = f"窗口：{doc.window_text}" if doc.window_text else ""
    unit = "退款单位（盖章）" if doc.is_refund else "收款单位（盖章）"
    rows: list[list[Any]] = [[_p(f"{doc.cashier_label}：{doc.cashier_name}", s["cell"]),
                              _p(window, s["cell"]), _p(unit, s["cell"])]]
    commands: list[tuple[Any, ...]] = [("LEFTPADDING", (0, 0), (-1, -1), 0)]
    if doc.is_refund:
        rows.append([_p(SIGNATURE_LABEL, s["cell"]), "", ""])
        commands += [("SPAN", (0, 1), (1, 1)),
                     ("TOPPADDING", (0, 1), (-1, 1), 8 * mm * layout.scale),
                     ("LINEBELOW", (0, 1), (1, 1), 0.5, colors.black)]
    return _table(rows, (0.35, 0.25, 0.4), layout, commands, head=False, grid=False)


_BARCODE_FONT = "Courier"
_BARCODE_TEXT_GAP_MM = 1.2  # between the bars' bottom and the top of the number under them


def _barcode(payload: str, scale: float) -> Flowable:
    """Code 128 of the receipt number, right-aligned, its number printed under it with a
    clear gap, all inside the flowable's height (reportlab's own human-readable line sits
    0.3 pt under the bars, touching them, and below the space the layout gives it)."""
    from reportlab.graphics.barcode.widgets import BarcodeCode128
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import getAscent, getDescent

    size = 7 * scale
    ascent = getAscent(_BARCODE_FONT, size)
    descent = -getDescent(_BARCODE_FONT, size)
    baseline = descent
    bars = BarcodeCode128(value=payload, barHeight=9 * mm * scale, barWidth=0.28 * mm * scale,
                          humanReadable=False, quiet=True)
    bars.y = baseline + ascent + _BARCODE_TEXT_GAP_MM * mm * scale
    width = float(bars.width)
    drawing = Drawing(width, bars.y + bars.barHeight)
    drawing.add(bars)
    drawing.add(String(width / 2, baseline, payload, fontName=_BARCODE_FONT, fontSize=size,
                       textAnchor="middle"))
    drawing.hAlign = "RIGHT"
    return drawing


def _void_watermark(canvas: Canvas, page_size: tuple[float, float], font: str) -> None:
    """作废 across the page, large and pale red; drawn as the page begins, so under the text."""
    from reportlab.lib import colors

    page_width, page_height = page_size
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(_RED), alpha=0.22)
    canvas.setFont(font, page_width * 0.28)
    canvas.translate(page_width / 2, page_height / 2)
    canvas.rotate(30)
    canvas.drawCentredString(0, -page_width * 0.1, VOID_MARK)
    canvas.restoreState()
