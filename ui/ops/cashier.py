"""The cashier's desk: the shift, what a customer owes, payments, receipts, void and refund.

Money goes to the server as it was typed (``Decimal``); a payment's idempotency key is made
on the counter (when its form opens) and passed through unchanged, so that F9 again after a
lost answer is the same submission. A manager's approval at the counter (void, refund, a
waiver, a shift's difference) sends the approver's user name and password in the request:
the server checks them, never the counter. Printing stays on the counter: the receipt's data
comes from the server (``receipt_data``), the bytes are made and sent to this PC's printer
here, and the outcome goes back (``record_print_result``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from app.services import cashier
from app.services.cashier import (
    AccountPart,
    CustomerDue,
    CustomerPaymentResult,
    PaymentResult,
    PrintJobInfo,
    ReceiptData,
    ReceiptHistory,
    ShiftCloseResult,
    ShiftInfo,
    ShiftReport,
    Tender,
    VoidResult,
    Waiver,
)
from printing.receipt import ReceiptDocument
from printing.service_receipt import receipt_for
from ui.ops import Work

# What a receipt left behind says: the desk moved on before it was printed.
LEFT_UNPRINTED = "not printed: the desk moved on after an earlier receipt failed"


# --- the shift -------------------------------------------------------------------------------


def latest_shift() -> Work[ShiftInfo | None]:
    """This cashier's latest shift at the hall (open or closed), or None."""
    return lambda client: client.call(cashier.latest_shift)


def open_shift(float_amount: Decimal) -> Work[ShiftInfo]:
    return lambda client: client.call(cashier.open_shift, float_amount=float_amount)


def shift_report(shift_id: int | None = None) -> Work[ShiftReport]:
    return lambda client: client.call(cashier.shift_report, shift_id=shift_id)


def close_shift(counted_by_denomination: Mapping[str, int], *, note: str = "",
                approver_username: str = "", approver_password: str = ""
                ) -> Work[ShiftCloseResult]:
    """The blind count; beyond the hall's limit only with a manager's approval."""
    counts = dict(counted_by_denomination)
    return lambda client: client.call(
        cashier.close_shift, counted_by_denomination=counts, note=note,
        approver_username=approver_username, approver_password=approver_password)


# --- what is owed and the payment --------------------------------------------------------------


def customer_due(customer_id: int) -> Work[CustomerDue]:
    """What each of the customer's accounts owes today at the hall."""
    return lambda client: client.call(cashier.customer_due, customer_id=customer_id)


def take_payment(account_id: int, *, idempotency_key: str, tenders: Sequence[Tender],
                 bill_ids: Sequence[int] | None = None, amount: Decimal | None = None,
                 waivers: Sequence[Waiver] = (), approver_username: str = "",
                 approver_password: str = "", ticket_id: int | None = None
                 ) -> Work[PaymentResult]:
    """One account's payment under the form's key."""
    return lambda client: client.call(
        cashier.take_payment, account_id=account_id, idempotency_key=idempotency_key,
        tenders=list(tenders), bill_ids=None if bill_ids is None else list(bill_ids),
        amount=amount, waivers=list(waivers), approver_username=approver_username,
        approver_password=approver_password, ticket_id=ticket_id)


def take_payments(parts: Sequence[AccountPart], *, idempotency_key: str,
                  tenders: Sequence[Tender], amount: Decimal | None = None,
                  approver_username: str = "", approver_password: str = "",
                  ticket_id: int | None = None, credit_to: int | None = None
                  ) -> Work[CustomerPaymentResult]:
    """Several accounts of one customer at once (a receipt each) under the form's key."""
    return lambda client: client.call(
        cashier.take_payments, parts=list(parts), idempotency_key=idempotency_key,
        tenders=list(tenders), amount=amount, approver_username=approver_username,
        approver_password=approver_password, ticket_id=ticket_id, credit_to=credit_to)


# --- receipts ---------------------------------------------------------------------------------


def receipt_data(payment_id: int) -> Work[ReceiptData]:
    return lambda client: client.call(cashier.receipt_data, payment_id=payment_id)


def receipt_document(payment_id: int, copy_number: int = 0) -> Work[ReceiptDocument]:
    """The receipt as this counter prints and previews it (``copy_number`` 0: the
    original), from the server's receipt data."""
    return lambda client: receipt_for(
        client.call(cashier.receipt_data, payment_id=payment_id), copy_number)


def record_print_result(job_id: int, *, printed: bool, error: str = "") -> Work[PrintJobInfo]:
    """What this PC's printer answered for a print job."""
    return lambda client: client.call(cashier.record_print_result, job_id=job_id,
                                      printed=printed, error=error)


def left_unprinted(job_id: int) -> Work[PrintJobInfo]:
    """A batch's receipt the desk moved on from before it printed: marked failed, so that
    the receipts (F12) offer Print again."""
    return record_print_result(job_id, printed=False, error=LEFT_UNPRINTED)


def reprint_receipt(payment_id: int, *, reason: str) -> Work[PrintJobInfo]:
    """A copy (重打) with its reason: the next copy number's print job."""
    return lambda client: client.call(cashier.reprint_receipt, payment_id=payment_id,
                                      reason=reason)


def find_receipts(*, query: str = "", day: date | None = None, mine: bool = False
                  ) -> Work[ReceiptHistory]:
    return lambda client: client.call(cashier.find_receipts, query=query, day=day, mine=mine)


# --- taking money back (a manager approves at the counter) ------------------------------------


def void_payment(payment_id: int, *, reason: str, approver_username: str,
                 approver_password: str) -> Work[VoidResult]:
    return lambda client: client.call(
        cashier.void_payment, payment_id=payment_id, reason=reason,
        approver_username=approver_username, approver_password=approver_password)


def refund_payment(payment_id: int, *, reason: str, idempotency_key: str,
                   approver_username: str, approver_password: str) -> Work[PaymentResult]:
    """The refund under the dialog's key: a retry in the same dialog refunds once."""
    return lambda client: client.call(
        cashier.refund_payment, payment_id=payment_id, reason=reason,
        idempotency_key=idempotency_key, approver_username=approver_username,
        approver_password=approver_password)
