"""The cashier service's receipt (``app.services.cashier.ReceiptData``) as the printing module
takes it: the one adapter the counter, the benchmark and the tests share, so what they print
cannot drift apart.

The service tells a payment as it was booked: a refund is a payment with negative amounts
(negated tenders and allocations, the credit change negated too), naming the receipt it
refunds. Paper tells the customer what happened, always in positive amounts: a refund prints
as a refund voucher (退款凭证) of what is given back and the ways it goes back.

Labels are Chinese whatever the screen's language: the receipt is the customer's paper.
"""

from __future__ import annotations

from app.billing.money import ZERO, format_money
from app.services import cashier
from printing.receipt import (
    DEFAULT_RECEIPT_NOTICE,
    ReceiptData,
    ReceiptDocument,
    ReceiptItemData,
    TenderData,
    receipt_document,
)

KIND_LABELS = {"gas": "燃气费", "heating": "采暖费"}
METHOD_LABELS = {"cash": "现金", "card": "银行卡", "wechat": "微信支付", "alipay": "支付宝"}
# On a refund voucher: cash is handed back, the rest goes back the way it came (the
# original's transaction number is printed under it).
REFUND_METHOD_LABELS = {"cash": "退还现金", "card": "原路退回银行卡",
                        "wechat": "原路退回微信支付", "alipay": "原路退回支付宝"}
CREDIT_USED_LABEL = "预存抵扣"
CREDIT_RESTORED_LABEL = "退回预存余额"


def printable(data: cashier.ReceiptData, copy_number: int = 0) -> ReceiptData:
    """``data`` in the printing module's terms, amounts as the customer reads them.

    A payment: cash prints what was handed over (so 实收 and 找零 add up), credit used
    counts as a way of paying (预存抵扣), credit left is 转入预存. A refund: every amount
    negated back to positive; credit the payment had left is given back with it (退还预存),
    credit it had used goes back to the account (退回预存余额, a way of giving back).
    Raises ``ValueError`` when the signs do not match what the service books.
    """
    refund = bool(data.refund_of.strip())
    if refund != (data.total < 0):
        raise ValueError(f"receipt {data.receipt_no}: a refund and only a refund has a "
                         f"negative total ({data.total}, refund of {data.refund_of!r})")
    sign = -1 if refund else 1
    labels = REFUND_METHOD_LABELS if refund else METHOD_LABELS
    tenders = [TenderData(labels.get(t.method, t.method),
                          sign * (t.tendered if t.tendered is not None else t.amount),
                          t.reference)
               for t in data.tenders]
    credit = sign * data.credit_change  # + credit left (taken back), − used (given back)
    notice = None
    if data.together and not refund:
        # One payment of the customer, a receipt per account: each says what it was part
        # of, and which receipt carries the change (the cash's, wherever its last piece
        # went), so that the cash handed over and the change add up on paper.
        change = "".join(f"；找零 {format_money(amount)} 见收据 {number}"
                         for number, amount in data.change_on)
        notice = "同笔缴费共{}张收据：{}，合计 {}{}。{}".format(
            len(data.together), "、".join(f"{number} {format_money(amount)}"
                                         for number, amount in data.together),
            format_money(sum((amount for _n, amount in data.together), ZERO)), change,
            DEFAULT_RECEIPT_NOTICE)
    if credit < 0:
        tenders.append(TenderData(CREDIT_RESTORED_LABEL if refund else CREDIT_USED_LABEL,
                                  -credit))
    return ReceiptData(
        company=data.company, hall_name=data.hall_name, receipt_no=data.receipt_no,
        issued_local=data.paid_at, account_no=data.account_no,
        customer_name=data.customer_name, address=data.address,
        items=tuple(ReceiptItemData(item.period, KIND_LABELS.get(item.kind, item.kind),
                                    sign * item.principal, sign * item.late_fee)
                    for item in data.items),
        tenders=tuple(tenders), cashier_name=data.cashier, window_number=data.window_number,
        hall_address=data.hall_address, hall_phone=data.hall_phone,
        waived=sum((line.waived for line in data.late_fees), ZERO),
        prepaid_credit_added=max(credit, ZERO), copy_number=copy_number,
        voided=data.voided, void_reason=data.void_reason, refund_of=data.refund_of,
        notice=notice)


def receipt_for(data: cashier.ReceiptData, copy_number: int = 0) -> ReceiptDocument:
    """The printed document of the service's receipt; ``copy_number`` n for the n-th
    reprint (重打), 0 for the original."""
    return receipt_document(printable(data, copy_number))
