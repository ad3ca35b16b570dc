"""A payment's receipt at the counter: its on-screen preview and the print itself (run on a
worker: a thermal printer blocks, a PDF takes a moment to build). The document comes from
``printing.service_receipt.receipt_for``, shared with the benchmark.

The printed receipt is Chinese whatever the screen's language (it is the customer's paper),
so the labels here are the printing module's, not translated UI strings.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.billing.money import format_money
from app.errors import HallDeskError
from printing.escpos import PrinterSettings
from printing.receipt import SIGNATURE_LABEL, VOID_MARK, ReceiptDocument
from printing.service_receipt import receipt_for

__all__ = ["PrintOutcome", "PrintTarget", "PrinterSettingsUnusable", "load_print_target",
           "print_receipt", "receipt_for", "receipt_html"]

log = logging.getLogger(__name__)

RECEIPTS_FOLDER = "receipts"


def _money(amount: Decimal) -> str:
    return html.escape(format_money(amount))


def receipt_html(doc: ReceiptDocument) -> str:
    """The receipt as the customer will read it, for the preview beside the counter; a
    refund as its 退款凭证, as printed."""
    parts = ['<div style="font-size:14px">', *_html_header(doc), *_html_items(doc),
             *_html_payment(doc)]
    if doc.voided:
        reason = (f"作废原因：{html.escape(doc.void_reason)}" if doc.void_reason
                  else doc.void_default_text)
        parts.append(f'<p style="color:#a30d0d;font-weight:bold">{reason}</p>')
    if doc.notice:
        parts.append(f'<p align="center" style="color:#3b4350">{html.escape(doc.notice)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _html_header(doc: ReceiptDocument) -> list[str]:
    e = html.escape
    parts = []
    if doc.voided:
        parts.append(f'<p align="center" style="color:#a30d0d;font-size:28px;font-weight:bold">'
                     f'{VOID_MARK}</p>')
    if doc.copy_text:
        parts.append(f'<p align="center" style="color:#8a5a00;font-size:20px;font-weight:bold">'
                     f'{e(doc.copy_text)}</p>')
    if doc.company:
        parts.append(f'<p align="center" style="font-size:16px">{e(doc.company)}</p>')
    parts.append(f'<p align="center" style="font-size:19px;font-weight:bold">{doc.title}</p>'
                 f'<p align="center">{e(doc.hall_name)}</p>')
    rows = [("收据号", f"<b>{e(doc.receipt_no)}</b>")]
    if doc.is_refund:
        rows.append(("原收据号", f"<b>{e(doc.refund_of)}</b>"))
    rows += [(doc.issued_label, e(doc.issued_text)), ("户号", e(doc.account_no)),
             ("户名", e(doc.masked_name))]
    if doc.address:
        rows.append(("地址", e(doc.address)))
    parts.append('<table width="100%" cellpadding="1">' + "".join(
        f'<tr><td width="22%" style="color:#3b4350">{label}</td><td>{value}</td></tr>'
        for label, value in rows) + "</table><hr>")
    return parts


def _html_items(doc: ReceiptDocument) -> list[str]:
    e = html.escape
    lines = [f'<tr style="color:#3b4350"><td>{doc.items_label}</td><td align="right">金额</td>'
             '<td align="right">滞纳金</td><td align="right">小计</td></tr>']
    for item in doc.items:
        lines.append(f"<tr><td>{e(item.period)} {e(item.kind_label)}</td>"
                     f'<td align="right">{_money(item.amount)}</td>'
                     f'<td align="right">{_money(item.late_fee)}</td>'
                     f'<td align="right">{_money(item.subtotal)}</td></tr>')
    for label, amount in ((doc.prepaid_label, doc.prepaid_credit_added),
                          ("已减免滞纳金", doc.waived)):
        if amount:
            lines.append(f'<tr><td colspan="3">{label}</td>'
                         f'<td align="right">{_money(amount)}</td></tr>')
    lines.append(f'<tr style="font-size:17px;font-weight:bold"><td colspan="3">'
                 f'{doc.total_label}</td><td align="right">{_money(doc.total)}</td></tr>')
    return ['<table width="100%" cellpadding="1">' + "".join(lines) + "</table>",
            f"<p>大写：{e(doc.total_capital)}</p><hr>"]


def _html_payment(doc: ReceiptDocument) -> list[str]:
    """Tenders, 实收 and 找零; on a refund the ways the money goes back and the line the
    customer signs."""
    e = html.escape
    pay = ([f'<tr style="color:#3b4350"><td>{doc.tenders_label}</td><td align="right">金额'
            "</td></tr>"] if doc.is_refund else [])
    for tender in doc.tenders:
        reference = (f"（{doc.reference_label} {e(tender.reference)}）" if tender.reference
                     else "")
        pay.append(f"<tr><td>{e(tender.method_label)}{reference}</td>"
                   f'<td align="right">{_money(tender.amount)}</td></tr>')
    if not doc.is_refund:
        pay.append(f'<tr><td>实收</td><td align="right">{_money(doc.tendered)}</td></tr>'
                   f'<tr><td><b>找零</b></td><td align="right"><b>{_money(doc.change)}</b>'
                   "</td></tr>")
    window = f"　窗口：{e(doc.window_text)}" if doc.window_text else ""
    parts = ['<table width="100%" cellpadding="1">' + "".join(pay) + "</table><hr>",
             f"<p>{doc.cashier_label}：{e(doc.cashier_name)}{window}</p>"]
    if doc.is_refund:
        parts.append(f"<p>{SIGNATURE_LABEL}{'＿' * 12}</p>")
    return parts


# --- printing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintTarget:
    """Where this PC's receipts go: its thermal printer, or (none) PDFs in ``pdf_folder``.
    ``problem`` is a printer setting that cannot be used: every print fails, saying so."""

    printer: PrinterSettings | None
    pdf_folder: Path
    problem: str = ""


@dataclass(frozen=True)
class PrintOutcome:
    job_id: int
    printed: bool
    pdf_path: Path | None = None
    error: BaseException | None = None

    @property
    def error_detail(self) -> str:
        return "" if self.error is None else (str(self.error).strip() or type(self.error).__name__)


def load_print_target() -> PrintTarget:
    """This PC's printer from its settings (``[printer]``, ``HALLDESK_PRINTER_*``), read when
    printing, so a technician's change counts from the next receipt on."""
    from app.config import load_settings
    from printing.printer_config import printer_settings

    settings = load_settings()
    folder = settings.data_dir / RECEIPTS_FOLDER
    try:
        return PrintTarget(printer_settings(settings.printer_options), folder)
    except HallDeskError as error:
        log.error("cashier: printer settings not usable: %s", error)
        return PrintTarget(None, folder, problem=str(error))


class PrinterSettingsUnusable(HallDeskError):
    key = "printer_unavailable"
    default = "The printer settings cannot be used: {detail}"


def print_receipt(doc: ReceiptDocument, job_id: int, target: PrintTarget) -> PrintOutcome:
    """Send the receipt to the printer in one write, or save it as a PDF when this PC has no
    printer. Every failure comes back as the outcome: the payment stands either way."""
    from printing.escpos import send_bytes
    from printing.pdf import receipt_pdf
    from printing.receipt import receipt_bytes

    try:
        if target.problem:
            raise PrinterSettingsUnusable(detail=target.problem)
        if target.printer is not None:
            send_bytes(target.printer, receipt_bytes(doc, target.printer))
            return PrintOutcome(job_id, True)
        target.pdf_folder.mkdir(parents=True, exist_ok=True)
        copy = f"-{doc.copy_number}" if doc.copy_number else ""
        path = target.pdf_folder / f"{doc.receipt_no}{copy}.pdf"
        path.write_bytes(receipt_pdf(doc))
        return PrintOutcome(job_id, True, pdf_path=path)
    except Exception as error:  # a printer fails in many ways; all of them mean "no paper"
        log.warning("cashier: receipt %s not printed: %s", doc.receipt_no, error)
        return PrintOutcome(job_id, False, error=error)
