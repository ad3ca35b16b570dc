"""A refund's receipt from the real services to paper: a payment is taken, its shift closed,
the payment refunded with a hall manager's approval, and the refund's receipt printed as a
refund voucher (退款凭证) on the thermal printer (ESC/POS through python-escpos' Dummy,
GB18030), as a PDF and in the counter's preview. Receipts where prepaid credit paid part, or
that only add credit, and their refunds add up on paper.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from escpos.printer import Dummy
from pypdf import PdfReader

from app.db import Database
from app.services import cashier
from app.services.context import Actor
from printing.escpos import PrinterSettings
from printing.pdf import receipt_pdf
from printing.receipt import ReceiptDocument, receipt_bytes, render_receipt
from printing.service_receipt import receipt_for
from tests.conftest import PASSWORD, Hall
from tests.test_cashier import MORNING, RECENT, Desk, cash, key
from ui.cashier.receipts import receipt_html

D = Decimal
GB18030 = PrinterSettings(kind="dummy", encoding="GB18030", paper_width_mm=80)


@pytest.fixture
def desk(db: Database, hall: Hall, system: Actor) -> Desk:
    return Desk(db, hall, system)


def escpos_text(doc: ReceiptDocument) -> str:
    """The receipt as a GB18030 thermal printer receives it, decoded back."""
    printer = Dummy(profile=GB18030.profile)
    render_receipt(printer, doc, GB18030)
    data = bytes(printer.output)
    assert data == receipt_bytes(doc, GB18030)
    return data.decode("gb18030", errors="replace")


def pdf_text(doc: ReceiptDocument) -> str:
    reader = PdfReader(io.BytesIO(receipt_pdf(doc)))
    return "\n".join(page.extract_text() for page in reader.pages)


def refund(desk: Desk, payment_id: int) -> cashier.PaymentResult:
    return desk.run(cashier.refund_payment, desk.cashier, payment_id, reason="重复缴费",
                    idempotency_key=key(), approver_username=desk.hall.users["hall_manager"],
                    approver_password=PASSWORD, now=MORNING)


def receipt(desk: Desk, payment_id: int, copy_number: int = 0) -> ReceiptDocument:
    return receipt_for(desk.run(cashier.receipt_data, desk.cashier, payment_id), copy_number)


def test_a_refund_prints_a_refund_voucher_naming_the_original_receipt(desk: Desk) -> None:
    account = desk.account()
    desk.season(RECENT)  # 100.00 + 2.00 late fee
    desk.open_shift()
    paid = desk.pay(account, cash("102.00", tendered="110.00"))
    desk.close({"100": 3, "2": 1})
    desk.open_shift()
    refunded = refund(desk, paid.payment_id)
    assert refunded.receipt is not None and refunded.receipt.refund_of == paid.receipt_no

    doc = receipt(desk, refunded.payment_id)
    assert receipt_for(refunded.receipt) == doc  # as printed at once and as read again
    assert (doc.title, doc.receipt_no, doc.refund_of) == ("退款凭证", refunded.receipt_no,
                                                          paid.receipt_no)
    assert (doc.total, doc.total_capital, doc.change) == (D("102.00"), "壹佰零贰元整", 0)
    assert [(i.amount, i.late_fee) for i in doc.items] == [(D("100.00"), D("2.00"))]
    assert [(t.method_label, t.amount) for t in doc.tenders] == [("退还现金", D("102.00"))]
    expected = ("退款凭证", refunded.receipt_no, f"原收据号：{paid.receipt_no}", "退款金额",
                "￥102.00", "壹佰零贰元整", "退回方式", "退还现金", "经办人：李娜", "客户签字")
    text = escpos_text(doc)
    for part in expected:
        assert part in text, part
    assert "收费收据" not in text and "找零" not in text and "重打" not in text
    text = pdf_text(doc)
    for part in expected:
        assert part in text, part
    assert "收费收据" not in text and "找零" not in text
    preview = receipt_html(doc)
    for part in ("退款凭证", refunded.receipt_no, "原收据号", paid.receipt_no, "退款金额",
                 "¥102.00", "壹佰零贰元整", "退还现金", "客户签字"):
        assert part in preview, part
    assert "找零" not in preview
    # the original stays a receipt as it was: change given, no refund wording
    original = receipt(desk, paid.payment_id)
    assert not original.is_refund and original.change == D("8.00")
    assert "退款" not in escpos_text(original)


def test_a_reprinted_refund_voucher_says_so(desk: Desk) -> None:
    account = desk.account()
    desk.season(RECENT)
    desk.open_shift()
    paid = desk.pay(account, cash("102.00"))
    desk.close({"100": 3, "2": 1})
    desk.open_shift()
    refunded = refund(desk, paid.payment_id)
    job = desk.run(cashier.reprint_receipt, desk.cashier, refunded.payment_id,
                   reason="客户遗失")
    assert (job.copy_no, job.receipt_no) == (1, refunded.receipt_no)
    doc = receipt(desk, refunded.payment_id, job.copy_no)
    assert doc.is_refund and doc.copy_text == "重打 第1次"
    for text in (escpos_text(doc), pdf_text(doc), receipt_html(doc)):
        assert "重打 第1次" in text and "退款凭证" in text and paid.receipt_no in text


def test_credit_used_and_credit_only_receipts_and_their_refunds_add_up(desk: Desk) -> None:
    account = desk.account()
    desk.season(RECENT)
    desk.open_shift()
    first = desk.pay(account, cash("102.00"))
    prepaid = desk.pay(account, cash("50.00"))  # nothing owed: all of it is credit
    assert prepaid.items == () and prepaid.credit_change == D("50.00")
    desk.void(first.payment_id)  # the bill is owed again, the credit stays
    part = desk.pay(account, cash("52.00"))  # the credit pays the rest
    assert part.credit_change == D("-50.00")

    credit_only = receipt(desk, prepaid.payment_id)
    assert (credit_only.items, credit_only.prepaid_credit_added) == ((), D("50.00"))
    assert (credit_only.total, credit_only.tendered, credit_only.change) == (
        D("50.00"), D("50.00"), 0)
    assert "转入预存" in escpos_text(credit_only) and "伍拾元整" in pdf_text(credit_only)

    credit_used = receipt(desk, part.payment_id)
    assert [(t.method_label, t.amount) for t in credit_used.tenders] == [
        ("现金", D("52.00")), ("预存抵扣", D("50.00"))]
    assert (credit_used.total, credit_used.tendered, credit_used.change) == (
        D("102.00"), D("102.00"), 0)
    assert sum((i.subtotal for i in credit_used.items), D(0)) == credit_used.total
    assert "预存抵扣" in escpos_text(credit_used) and "壹佰零贰元整" in pdf_text(credit_used)

    desk.close({"100": 3, "2": 1})
    desk.open_shift()
    back = receipt(desk, refund(desk, part.payment_id).payment_id)
    assert [(t.method_label, t.amount) for t in back.tenders] == [
        ("退还现金", D("52.00")), ("退回预存余额", D("50.00"))]
    assert (back.total, back.tendered, back.change) == (D("102.00"), D("102.00"), 0)
    assert "退回预存余额" in escpos_text(back) and "退回预存余额" in pdf_text(back)

    back = receipt(desk, refund(desk, prepaid.payment_id).payment_id)
    assert (back.items, back.prepaid_credit_added, back.total) == ((), D("50.00"), D("50.00"))
    assert [(t.method_label, t.amount) for t in back.tenders] == [("退还现金", D("50.00"))]
    text = escpos_text(back)
    assert "退还预存" in text and "伍拾元整" in text and prepaid.receipt_no in text
    assert desk.balance(account) == D("102.00")  # owed again, no credit left
