"""The payment receipt (收费收据): its printer-independent document and its ESC/POS rendering.

The cashier service's receipt becomes a ``ReceiptData`` (plain values, the customer's full
name included; ``printing.service_receipt`` does that); ``receipt_document`` decides
everything that goes on paper once (masked name, totals, the amount in Chinese capitals, the
重打/作废 marks), so the thermal slip, the A4/A5 PDF (``printing.pdf.receipt_pdf``) and any
later reprint all show the same receipt.

A refund (money given back after its shift closed) prints as a refund voucher (退款凭证):
the same document with ``refund_of`` set, its amounts given positive (what goes back), the
original receipt's number, the ways the money goes back instead of 实收/找零, and a line for
the customer's signature.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from app.billing.money import ZERO, chinese_capital, ensure_fen, format_money
from app.services.customers import mask_name
from printing.escpos import (
    PrinterSettings,
    _begin,
    _check_profile,
    _clean,
    _end,
    _qr,
    _separator,
    _size,
    _write_lines,
    display_width,
    wrap_text,
)

if TYPE_CHECKING:
    from escpos.escpos import Escpos

RECEIPT_TITLE = "收费收据"
REFUND_TITLE = "退款凭证"
DEFAULT_RECEIPT_NOTICE = "本收据为缴费凭证，请妥善保管"
DEFAULT_REFUND_NOTICE = "请核对退款金额及退回方式后签字"
VOID_MARK = "作废"
SIGNATURE_LABEL = "客户签字："
# Code 128 (set B) takes printable ASCII; "{" would start a code-set switch in ESC/POS.
_BARCODE_PAYLOAD = re.compile(r"^[0-9A-Za-z\-./ _]{1,40}$")
_DOTS_PER_COLUMN = 12  # font A: 12 dots a column, so a line is columns * 12 dots wide
_BARCODE_HEIGHT_DOTS = 64
_CODE128_QUIET_MODULES = 10  # blank modules each side a scanner needs


# --- input from the cashier service ---------------------------------------------------------


@dataclass(frozen=True)
class ReceiptItemData:
    """One bill paid: ``amount`` of its principal and ``late_fee`` (what was paid of it,
    after any waiver)."""

    period: str  # "2024-04", "2023—2024 采暖季"
    kind_label: str  # "燃气费", "采暖费"
    amount: Decimal
    late_fee: Decimal = ZERO


@dataclass(frozen=True)
class TenderData:
    """One way the customer paid. ``reference`` is a transaction number, never a card
    number."""

    method_label: str  # "现金", "微信支付", "银行卡"
    amount: Decimal
    reference: str = ""


@dataclass(frozen=True)
class ReceiptData:
    """What the cashier service knows about a receipt, unformatted.

    ``customer_name`` is the full name: the receipt prints it masked (张*明).
    ``issued_local`` is the payment time in the hall's time zone. ``waived`` is late fee a
    manager let off (already left out of the items' ``late_fee``; printed for the customer's
    information). ``prepaid_credit_added`` is money kept as credit (预存), part of the total.
    ``copy_number`` is 0 for the original, n for the n-th reprint.

    ``refund_of`` (the refunded receipt's number) makes it a refund voucher: then the items,
    ``prepaid_credit_added`` (credit the payment had left, given back with it) and the
    tenders (the ways the money goes back) are what is given back, all positive, and the
    tenders add up to the total exactly. ``notice`` ``None`` is the standard line of the
    receipt or of the voucher.
    """

    company: str
    hall_name: str
    receipt_no: str
    issued_local: datetime
    account_no: str
    customer_name: str
    address: str
    items: Sequence[ReceiptItemData]
    tenders: Sequence[TenderData]
    cashier_name: str
    window_number: int | None = None
    hall_address: str = ""
    hall_phone: str = ""
    waived: Decimal = ZERO
    prepaid_credit_added: Decimal = ZERO
    copy_number: int = 0
    voided: bool = False
    void_reason: str = ""
    notice: str | None = None
    with_barcode: bool = True
    refund_of: str = ""


# --- the document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptItem:
    period: str
    kind_label: str
    amount: Decimal
    late_fee: Decimal
    subtotal: Decimal


@dataclass(frozen=True)
class ReceiptTender:
    method_label: str
    amount: Decimal
    reference: str


@dataclass(frozen=True)
class ReceiptDocument:
    """The receipt as printed. It carries the customer's name only masked."""

    company: str
    hall_name: str
    hall_address: str
    hall_phone: str
    receipt_no: str
    issued_local: datetime
    account_no: str
    masked_name: str
    address: str
    items: tuple[ReceiptItem, ...]
    waived: Decimal
    prepaid_credit_added: Decimal
    total: Decimal
    total_capital: str
    tenders: tuple[ReceiptTender, ...]
    tendered: Decimal
    change: Decimal
    cashier_name: str
    window_number: int | None
    copy_number: int
    voided: bool
    void_reason: str
    notice: str
    barcode_payload: str | None
    refund_of: str  # the refunded receipt's number on a refund voucher, else ""

    @property
    def is_refund(self) -> bool:
        return bool(self.refund_of)

    @property
    def title(self) -> str:
        return REFUND_TITLE if self.is_refund else RECEIPT_TITLE

    @property
    def issued_label(self) -> str:
        return "退款时间" if self.is_refund else "收费时间"

    @property
    def items_label(self) -> str:
        return "退费项目" if self.is_refund else "缴费项目"

    @property
    def prepaid_label(self) -> str:
        """Credit the payment left (预存) and, on a voucher, the refund gives back."""
        return "退还预存" if self.is_refund else "转入预存"

    @property
    def total_label(self) -> str:
        return "退款金额" if self.is_refund else "合计"

    @property
    def tenders_label(self) -> str:
        return "退回方式" if self.is_refund else "支付方式"

    @property
    def reference_label(self) -> str:
        """A refund goes back to the original transaction, whose number it carries."""
        return "原交易号" if self.is_refund else "交易号"

    @property
    def cashier_label(self) -> str:
        return "经办人" if self.is_refund else "收款员"

    @property
    def void_default_text(self) -> str:
        return "本凭证已作废" if self.is_refund else "本收据已作废"

    @property
    def issued_text(self) -> str:
        return f"{self.issued_local:%Y-%m-%d %H:%M:%S}"

    @property
    def copy_text(self) -> str:
        """"重打 第n次" on the n-th reprint, "" on the original."""
        return f"重打 第{self.copy_number}次" if self.copy_number > 0 else ""

    @property
    def void_text(self) -> str:
        return VOID_MARK if self.voided else ""

    @property
    def window_text(self) -> str:
        return f"{self.window_number}号" if self.window_number is not None else ""

    @property
    def hall_contact_text(self) -> str:
        parts = [self.hall_address, f"电话：{self.hall_phone}" if self.hall_phone else ""]
        return "  ".join(part for part in parts if part)


def receipt_document(data: ReceiptData) -> ReceiptDocument:
    """Lay out ``data``: totals summed here, the name masked, the capitals written.

    Raises ``ValueError`` for a receipt that cannot be right: nothing paid for, a negative
    amount, or less handed over than the total; for a refund voucher also ways of giving
    back that do not add up to the total exactly, a waiver (it belongs to the original), or
    the voucher naming itself as the original. Amounts not exact to the fen are
    ``ValidationError``.
    """
    items = tuple(_item(item) for item in data.items)
    prepaid = ensure_fen(data.prepaid_credit_added, "prepaid_credit_added")
    waived = ensure_fen(data.waived, "waived")
    tenders = tuple(ReceiptTender(method_label=t.method_label.strip(),
                                  amount=_non_negative(t.amount, "tender"),
                                  reference=t.reference.strip()) for t in data.tenders)
    if min(prepaid, waived) < 0:
        raise ValueError("prepaid credit and waiver cannot be negative")
    if data.copy_number < 0:
        raise ValueError("copy_number is 0 for the original, n for the n-th reprint")
    total = sum((item.subtotal for item in items), ZERO) + prepaid
    if not items and not prepaid:
        raise ValueError("a receipt needs a bill paid or prepaid credit added")
    tendered = sum((t.amount for t in tenders), ZERO)
    if tendered < total:
        raise ValueError(f"tendered {tendered} is less than the total {total}")
    receipt_no = data.receipt_no.strip()
    refund_of = data.refund_of.strip()
    if refund_of:
        if tendered != total:
            raise ValueError(f"a refund gives back its total {total} exactly, not {tendered}")
        if waived:
            raise ValueError("a refund carries no waiver: that is on the original receipt")
        if refund_of == receipt_no:
            raise ValueError("a refund voucher has its own number, not the original's")
    notice = data.notice if data.notice is not None else (
        DEFAULT_REFUND_NOTICE if refund_of else DEFAULT_RECEIPT_NOTICE)
    barcode = receipt_no if data.with_barcode and _BARCODE_PAYLOAD.match(receipt_no) else None
    return ReceiptDocument(
        company=data.company.strip(),
        hall_name=data.hall_name.strip(),
        hall_address=data.hall_address.strip(),
        hall_phone=data.hall_phone.strip(),
        receipt_no=receipt_no,
        issued_local=data.issued_local,
        account_no=data.account_no.strip(),
        masked_name=mask_name(data.customer_name.strip()),
        address=data.address.strip(),
        items=items,
        waived=waived,
        prepaid_credit_added=prepaid,
        total=total,
        total_capital=chinese_capital(total),
        tenders=tenders,
        tendered=tendered,
        change=tendered - total,
        cashier_name=data.cashier_name.strip(),
        window_number=data.window_number,
        copy_number=data.copy_number,
        voided=data.voided,
        void_reason=data.void_reason.strip() if data.voided else "",
        notice=notice.strip(),
        barcode_payload=barcode,
        refund_of=refund_of,
    )


def _non_negative(value: Decimal, field: str) -> Decimal:
    amount = ensure_fen(value, field)
    if amount < 0:
        raise ValueError(f"{field} cannot be negative: {amount}")
    return amount


def _item(item: ReceiptItemData) -> ReceiptItem:
    amount = _non_negative(item.amount, "amount")
    late_fee = _non_negative(item.late_fee, "late_fee")
    return ReceiptItem(period=item.period.strip(), kind_label=item.kind_label.strip(),
                       amount=amount, late_fee=late_fee, subtotal=amount + late_fee)


# --- text layout ----------------------------------------------------------------------------


def two_columns(left: str, right: str, columns: int) -> list[str]:
    """``left`` flush left and ``right`` flush right on one line when both fit with a space
    between; otherwise ``left`` wraps and ``right`` ends its last line, or a line of its own.
    """
    right_width = display_width(right)
    body = left.lstrip(" ")
    indent = " " * min(len(left) - len(body), columns // 4)  # an item's sub-line: kept
    lines = [indent + line for line in wrap_text(body, columns - len(indent))] if body else [""]
    last = lines[-1]
    gap = columns - display_width(last) - right_width
    if gap >= 1 or (not last and gap >= 0):
        lines[-1] = last + " " * gap + right
    else:
        lines.append(" " * max(columns - right_width, 0) + right)
    return lines


def labelled(label: str, value: str, columns: int) -> list[str]:
    """``label`` then ``value`` wrapped under itself (a hanging indent), so a long address
    or the amount in capitals reads as one block."""
    indent = display_width(label)
    if indent > columns // 2:
        return wrap_text(label + value, columns)
    body = wrap_text(value, columns - indent)
    return [label + body[0], *(" " * indent + line for line in body[1:])]


def money_text(amount: Decimal, settings: PrinterSettings) -> str:
    """¥ with thousands separators, in the sign the printer's font has: GB fonts only have
    the full-width ￥ (two columns), so lines are measured with the sign actually printed."""
    return format_money(amount, symbol="¥" if settings.encoding == "UTF-8" else "￥")


# --- ESC/POS --------------------------------------------------------------------------------


def render_receipt(printer: Escpos, doc: ReceiptDocument, settings: PrinterSettings) -> None:
    """Write the receipt to ``printer`` (any python-escpos printer), ending with a cut."""
    _begin(printer, settings)
    _escpos_header(printer, doc, settings)
    _escpos_customer(printer, doc, settings)
    _escpos_items(printer, doc, settings)
    _escpos_payment(printer, doc, settings)
    _escpos_footer(printer, doc, settings)
    _end(printer)


def _escpos_header(printer: Escpos, doc: ReceiptDocument, settings: PrinterSettings) -> None:
    """The marks first and largest (作废 at four times, 重打 at twice the size), where the
    eye lands; then who issued the receipt."""
    columns = settings.chars_per_line
    printer.set(align="center", bold=True)
    if doc.voided:
        _size(printer, 4, 4)
        _write_lines(printer, [VOID_MARK], settings)
    if doc.copy_text:
        _size(printer, 2, 2)
        _write_lines(printer, wrap_text(doc.copy_text, columns // 2), settings)
    _size(printer, 1, 2)
    _write_lines(printer, wrap_text(doc.company, columns), settings)
    _size(printer, 2, 2)
    _write_lines(printer, [doc.title], settings)
    _size(printer, 1, 1)
    printer.set(bold=False)
    _write_lines(printer, wrap_text(doc.hall_name, columns), settings)
    if doc.hall_contact_text:
        _write_lines(printer, wrap_text(doc.hall_contact_text, columns), settings)


def _escpos_customer(printer: Escpos, doc: ReceiptDocument, settings: PrinterSettings) -> None:
    columns = settings.chars_per_line
    printer.set(align="left")
    _separator(printer, settings)
    printer.set(bold=True)
    _write_lines(printer, labelled("收据号：", doc.receipt_no, columns), settings)
    if doc.is_refund:
        _write_lines(printer, labelled("原收据号：", doc.refund_of, columns), settings)
    printer.set(bold=False)
    _write_lines(printer, [
        *labelled(f"{doc.issued_label}：", doc.issued_text, columns),
        *labelled("户号：", doc.account_no, columns),
        *labelled("户名：", doc.masked_name, columns),
        *(labelled("地址：", doc.address, columns) if doc.address else []),
    ], settings)


def _escpos_items(printer: Escpos, doc: ReceiptDocument, settings: PrinterSettings) -> None:
    """One line a bill (its late fee and subtotal indented under it), then the total in
    bold double height and in capitals."""
    columns = settings.chars_per_line

    def line(label: str, amount: Decimal) -> list[str]:
        return two_columns(label, money_text(amount, settings), columns)

    _separator(printer, settings)
    lines = two_columns(doc.items_label, "金额", columns)
    for item in doc.items:
        lines += line(f"{item.period} {item.kind_label}".strip(), item.amount)
        if item.late_fee:
            lines += line("  滞纳金", item.late_fee) + line("  小计", item.subtotal)
    if doc.prepaid_credit_added:
        lines += line(doc.prepaid_label, doc.prepaid_credit_added)
    if doc.waived:
        lines += line("已减免滞纳金", doc.waived)
    _write_lines(printer, lines, settings)
    _separator(printer, settings)
    printer.set(bold=True)
    _size(printer, 1, 2)
    _write_lines(printer, line(doc.total_label, doc.total), settings)
    _size(printer, 1, 1)
    _write_lines(printer, labelled("大写：", doc.total_capital, columns), settings)
    printer.set(bold=False)


def _escpos_payment(printer: Escpos, doc: ReceiptDocument, settings: PrinterSettings) -> None:
    """How it was paid, 实收 and 找零; on a refund voucher the ways the money goes back
    (they add up to the total: no change) and a line for the customer to sign."""
    columns = settings.chars_per_line

    def line(label: str, amount: Decimal) -> list[str]:
        return two_columns(label, money_text(amount, settings), columns)

    _separator(printer, settings)
    lines = two_columns(doc.tenders_label, "金额", columns) if doc.is_refund else []
    for tender in doc.tenders:
        lines += line(tender.method_label, tender.amount)
        if tender.reference:
            lines += labelled(f"  {doc.reference_label}：", tender.reference, columns)
    if not doc.is_refund:
        lines += line("实收", doc.tendered) + line("找零", doc.change)
    _write_lines(printer, lines, settings)
    _separator(printer, settings)
    window = f"窗口：{doc.window_text}" if doc.window_text else ""
    _write_lines(printer, two_columns(f"{doc.cashier_label}：{doc.cashier_name}", window,
                                      columns), settings)
    if doc.is_refund:
        blank = columns - display_width(SIGNATURE_LABEL)
        _write_lines(printer, ["", SIGNATURE_LABEL + "_" * blank, ""], settings)


def _escpos_footer(printer: Escpos, doc: ReceiptDocument, settings: PrinterSettings) -> None:
    """作废 again at the foot (a torn-off half still shows it), the receipt number's code."""
    columns = settings.chars_per_line
    if doc.voided:
        printer.set(align="center", bold=True)
        _size(printer, 2, 2)
        _write_lines(printer, [f"** {VOID_MARK} **"], settings)
        _size(printer, 1, 1)
        printer.set(bold=False)
        reason = f"作废原因：{doc.void_reason}" if doc.void_reason else doc.void_default_text
        _write_lines(printer, wrap_text(reason, columns), settings)
    if doc.barcode_payload:
        _receipt_code(printer, doc.barcode_payload, settings)
    if doc.notice:
        printer.set(align="center")
        _write_lines(printer, wrap_text(doc.notice, columns), settings)


def _code128_modules(payload: str) -> int:
    """Modules of a Code 128 set B symbol: start, one symbol a character, check (11
    modules each) and stop (13), plus the quiet zones."""
    return 11 * (len(payload) + 2) + 13 + 2 * _CODE128_QUIET_MODULES


def _receipt_code(printer: Escpos, payload: str, settings: PrinterSettings) -> None:
    """A Code 128 barcode of the receipt number (what the counter's scanner reads for a
    reprint or void) when the printer draws barcodes and it fits the paper at 2 dots a
    module; otherwise a QR code, which any phone or 2D scanner reads.

    ``_hw_barcode`` is called rather than ``barcode()``: the latter prints its choice of
    renderer to stdout, from whatever thread prints.
    """
    dots = settings.chars_per_line * _DOTS_PER_COLUMN
    modules = _code128_modules(payload)
    if printer.profile.supports("barcodeB") and modules * 2 <= dots:
        width = 3 if modules * 3 <= dots else 2
        printer._hw_barcode("{B" + _clean(payload), "CODE128", height=_BARCODE_HEIGHT_DOTS,
                            width=width, pos="BELOW", font="A", align_ct=True,
                            function_type="B")
    else:
        _qr(printer, payload, settings)
    _write_lines(printer, [""], settings)


def receipt_bytes(doc: ReceiptDocument, settings: PrinterSettings) -> bytes:
    """The receipt as the ESC/POS bytes a printer would receive (kept with the print job, so
    a retry sends the same thing)."""
    from escpos.printer import Dummy

    _check_profile(settings.profile)
    printer = Dummy(profile=settings.profile)
    render_receipt(printer, doc, settings)
    return bytes(printer.output)
