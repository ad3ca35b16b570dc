"""收费: the cashier's area of the counter workspace.

  [shift banner: 已开班 08:30 · 备用金 ¥200.00                                     [交班…]]
  [户号 ▾]                                         预存 ¥0.00 │ 缴费 ○全部 ○所选 ○金额 [___]
  ☑ 期间  类别  到期日  金额  滞纳金  小计                    │ 应收            ¥312.00
  ☑ …                                                        │ [现金 F6][银行卡 F7][微信 F8][支付宝]
  late fee of the current bill: days × rate, the cap         │ 收款 [___]  实收 [___]
  所选 2/3 ¥212.00 · 全部 ¥312.00                             │ 找零             ¥88.00
                                                             │ [收款 F9]

After a payment the receipt takes the desk (preview, change, print status, 重打, 作废); [交班]
turns the whole area into the blind count; [收据查询 F12] into the receipt history (any receipt
printed again, voided in its shift, refunded after it). A late fee waived on the bills
(滞纳金减免) goes with the payment, approved at F9 by a hall manager when the cashier may not
waive. Everything the desk reads or writes is a named operation of the HallDesk server
(``ui.ops.cashier``) run by the runner; the printer is this PC's, used on a worker after the
payment has committed, and its outcome is recorded on the server.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import events
from app.billing.money import ZERO, format_money, parse_money
from app.errors import HallDeskError, ValidationError
from app.services import cashier
from app.services.cashier import (
    AccountDue,
    AccountOwing,
    AccountPart,
    AmountSplit,
    CustomerDue,
    CustomerPaymentResult,
    PaymentResult,
    PrintJobInfo,
    ReceiptData,
    ReceiptHistory,
    ReceiptSummary,
    ShiftCloseResult,
    ShiftInfo,
    ShiftReport,
    Tender,
    VoidResult,
    Waiver,
)
from app.services.context import Actor
from printing.receipt import ReceiptDocument
from ui.cashier.approval import ApprovalDialog
from ui.cashier.bills import BillsView
from ui.cashier.history import ReceiptHistoryPanel
from ui.cashier.payment import MODE_ALL, MODE_AMOUNT, MODE_SELECTED, PaymentPanel, show_field_error
from ui.cashier.receipt_panel import ReceiptPanel
from ui.cashier.receipts import (
    PrintOutcome,
    PrintTarget,
    load_print_target,
    print_receipt,
    receipt_for,
)
from ui.cashier.shift import ShiftBar, ShiftClosePanel
from ui.live import LiveNotices
from ui.messages import error_text
from ui.operations import OperationRunner
from ui.ops import Work
from ui.ops import cashier as cashier_ops
from ui.widgets import set_problem

PAYMENT_PAGE, RECEIPT_PAGE = 0, 1
DESK_PAGE, SHIFT_PAGE, HISTORY_PAGE = 0, 1, 2
TicketSource = Callable[[], "int | None"]
PrintJobKey = tuple[int, int, int]  # payment, job, copy number
Paid = PaymentResult | CustomerPaymentResult  # one account's receipt, or one per account


class PrintView(Protocol):
    """Where a print's progress shows: the desk's receipt panel or the receipt history."""

    retry_button: QPushButton
    reprint_button: QPushButton

    def show_printing(self) -> None: ...
    def show_document(self, document: ReceiptDocument) -> None: ...
    def show_printed(self, pdf_path: Path | None) -> None: ...
    def show_print_failed(self, reason: str) -> None: ...


class CashierArea(QWidget):
    """The 收费 tab. ``current_ticket`` tells which queue ticket is being served (linked to
    the payment); ``print_target`` where receipts go (read on a worker when printing)."""

    def __init__(self, runner: OperationRunner, actor: Actor,
                 notices: LiveNotices | None = None, *,
                 current_ticket: TicketSource | None = None,
                 print_target: Callable[[], PrintTarget] = load_print_target,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CashierArea")
        self.runner = runner
        self.actor = actor
        self.current_ticket = current_ticket or (lambda: None)
        self.print_target = print_target
        self.zone = ZoneInfo(actor.hall_timezone) if actor.hall_timezone else None
        self.customer_id: int | None = None
        self.account_id: int | None = None  # the account opened (its bills on screen)
        # The payment form's submission key: made when the form opens for a customer, kept
        # through refusals and lost connections (a retry is the same submission, whichever
        # of the customer's accounts it pays), dropped once the payment is taken.
        self.key: str | None = None
        self.key_customer: int | None = None
        self.paying = False
        self.result: PaymentResult | None = None  # the receipt on the desk
        self.batch: CustomerPaymentResult | None = None  # several accounts paid at once
        self.print_queue: list[PaymentResult] = []  # the batch's receipts still to print
        # Receipts taken at this desk whose original has not printed yet (payment id ->
        # number): those left behind when the desk moves on are marked failed (Print again
        # in the receipts, F12) and named on the receipts button until they print.
        self.unprinted: dict[int, str] = {}
        # The payment sent last and not yet answered for sure (a lost connection): F9 sends
        # it again as it was, with its key, whatever is chosen on screen meanwhile.
        self.pending: tuple[Callable[[str, str], Work[Paid]], list[Waiver],
                            Decimal] | None = None
        self.printing: PrintJobKey | None = None  # the desk's receipt
        self.history_printing: PrintJobKey | None = None  # the receipt history's
        self.approval_dialog: ApprovalDialog | None = None
        self.last_outcome: PrintOutcome | None = None
        self.page_before_history = DESK_PAGE
        self.history_day_set = False
        self.history_seq = 0  # the newest search of the history: only its answer is shown
        self.history_select: int | None = None
        self.history_then: list[Callable[[], None]] = []
        # A search the cashier asked for whose answer a newer (live) reload replaced: that
        # reload repeats the same query, and its refusal is said as the cashier's own.
        self.history_asked_pending = False

        self.shift_bar = ShiftBar(self.zone, actor.window_number)
        self.shift_bar.open_requested.connect(self.on_open_shift)
        self.shift_bar.close_requested.connect(self.on_start_close)
        self.bills = BillsView()
        self.bills.account_chosen.connect(self.load_account)
        self.bills.checks_changed.connect(self.on_checks_changed)
        self.bills.waivers_changed.connect(self.refresh_due)
        self.payment = PaymentPanel()
        self.payment.pay_requested.connect(self.on_pay)
        self.payment.mode_changed.connect(self.on_mode_changed)
        self.receipt = ReceiptPanel()
        self.receipt.retry_requested.connect(self.on_print_again)
        self.receipt.reprint_requested.connect(self.on_reprint)
        self.receipt.void_requested.connect(self.on_void)
        self.receipt.next_requested.connect(self.on_new_payment)
        self.receipt.receipt_chosen.connect(self.on_receipt_chosen)
        self.close_panel = ShiftClosePanel()
        self.close_panel.submit_requested.connect(self.on_submit_count)
        self.close_panel.back_requested.connect(self.on_back_to_desk)
        self.history = ReceiptHistoryPanel()
        self.history.search_requested.connect(self.on_history_search)
        self.history.receipt_selected.connect(self.on_history_selected)
        self.history.print_again_requested.connect(self.on_history_print_again)
        self.history.reprint_requested.connect(self.on_history_reprint)
        self.history.void_requested.connect(self.on_history_void)
        self.history.refund_requested.connect(self.on_history_refund)
        self.history.back_requested.connect(self.on_leave_history)
        self.history_button = QPushButton()
        self.history_button.setObjectName("HistoryButton")
        self.history_button.clicked.connect(self.on_show_history)

        form = QWidget()
        form_layout = QHBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.setSpacing(8)
        form_layout.addWidget(self.bills, 3)
        form_layout.addWidget(self.payment, 2)
        # The payment form, or (once paid) the receipt across the whole desk.
        self.side = QStackedWidget()
        self.side.setObjectName("CashierDesk")
        self.side.addWidget(form)
        self.side.addWidget(self.receipt)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.side)
        self.pages.addWidget(self.close_panel)
        self.pages.addWidget(self.history)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.shift_bar, 1)
        top.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignVCenter)
        # Margins kept small: the desk, its F9 and the status bar fit a 1366×768 screen.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        # Function keys while the area is on screen (a hidden widget's shortcuts are off).
        self.shortcuts = [
            QShortcut(QKeySequence(Qt.Key.Key_F9), self, self.on_pay_key),
            QShortcut(QKeySequence(Qt.Key.Key_F6), self, lambda: self.on_method_key("cash")),
            QShortcut(QKeySequence(Qt.Key.Key_F7), self, lambda: self.on_method_key("card")),
            QShortcut(QKeySequence(Qt.Key.Key_F8), self, lambda: self.on_method_key("wechat")),
            QShortcut(QKeySequence("Shift+F8"), self, lambda: self.on_method_key("alipay")),
            QShortcut(QKeySequence(Qt.Key.Key_F12), self, self.on_history_key),
        ]
        if notices is not None:
            notices.changed.connect(self.on_notice)
        self.retranslate()
        self.refresh_due()

    def retranslate(self) -> None:
        self.show_unprinted()

    def show_unprinted(self) -> None:
        """The receipts button names the receipts left unprinted (not the ones the desk is
        printing now), until they are printed from the receipts."""
        active = {r.payment_id for r in self.print_queue}
        if self.printing is not None and self.side.currentIndex() == RECEIPT_PAGE:
            active.add(self.printing[0])
        left = [number for payment_id, number in self.unprinted.items()
                if payment_id not in active]
        button = self.history_button
        if left:
            button.setText(self.tr("Receipts (F12) · %1 not printed").replace(
                "%1", str(len(left))))
            button.setToolTip(self.tr("Not printed yet: %1. Find them here (F12) and press "
                                      "Print again.").replace("%1", "、".join(left)))
        else:
            button.setText(self.tr("Receipts (F12)"))
            button.setToolTip(self.tr("Find a receipt to print it again, void it or "
                                      "refund it"))
        set_problem(button, bool(left))

    # --- live --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """On showing the tab: the shift may have changed (closed at another PC)."""
        self.runner.run_api(cashier_ops.latest_shift(), on_done=self.on_shift,
                            on_error=lambda _e: None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def on_notice(self, topic: str) -> None:
        if topic not in (events.RELOAD_ALL, cashier.PAYMENTS) or not self.isVisible():
            return
        self.refresh()
        self.reload_customer()
        if self.pages.currentIndex() == HISTORY_PAGE:
            self.on_history_search(live=True)

    def stop(self) -> None:
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
        if self.approval_dialog is not None:
            self.approval_dialog.reject()

    def on_shift(self, shift: ShiftInfo | None) -> None:
        self.shift_bar.show_shift(shift)

    # --- the customer and the account ------------------------------------------------------

    def load_customer(self, customer_id: int) -> None:
        """Every account of the customer with what it owes; the one with the oldest debt
        opens, and every account that owes is collected unless the cashier unticks it."""
        self.customer_id = customer_id
        if self.pages.currentIndex() == HISTORY_PAGE:
            self.on_leave_history()  # a customer found is a customer to take money from

        def done(owed: CustomerDue) -> None:
            if customer_id != self.customer_id:
                return  # another customer was chosen meanwhile
            self.bills.set_customer(owed)
            self.account_id = self.bills.due.account_id if self.bills.due else None
            self.open_form(customer_id)
            self.on_checks_changed()

        self.runner.run_api(cashier_ops.customer_due(customer_id), on_done=done,
                            on_error=self.on_load_failed)

    def reload_customer(self) -> None:
        """What the customer's accounts owe now (after a payment, a notice): the account
        opened, the ticks and the page stay."""
        customer_id = self.customer_id
        if customer_id is None:
            return

        def done(owed: CustomerDue) -> None:
            if customer_id != self.customer_id:
                return
            self.bills.set_customer(owed, keep=True)
            self.account_id = self.bills.due.account_id if self.bills.due else None
            if self.side.currentIndex() == RECEIPT_PAGE:
                self.receipt.show_remaining(owed.total_due, len(owed.accounts))
            self.on_checks_changed()

        self.runner.run_api(cashier_ops.customer_due(customer_id), on_done=done,
                            on_error=self.on_load_failed)

    def clear_customer(self) -> None:
        """A new search: the last customer's bills and receipt leave the screen at once."""
        self.customer_id = None
        self.account_id = None
        self.bills.set_customer(None)
        self.show_side(PAYMENT_PAGE)
        self.payment.clear_errors()
        self.refresh_due()

    def load_account(self, account_id: int, *, keep: bool = False) -> None:
        """Another of the customer's accounts opened; ``keep``: reload what they owe."""
        if keep:
            self.reload_customer()
            return
        self.account_id = account_id
        self.on_checks_changed()

    def show_side(self, page: int) -> None:
        if page != RECEIPT_PAGE and self.side.currentIndex() == RECEIPT_PAGE:
            self.leave_receipts()
        self.side.setCurrentIndex(page)
        self.show_unprinted()

    def leave_receipts(self) -> None:
        """The desk moves on from a payment: its receipts still waiting to print (a batch's
        after a failed one) are not printed silently never: each is marked failed, so the
        receipts (F12) offer Print again, and the receipts button names them."""
        left = [r for r in self.print_queue if r.print_job_id is not None]
        self.print_queue = []
        for result in left:
            assert result.print_job_id is not None
            self.runner.run_api(cashier_ops.left_unprinted(result.print_job_id),
                                on_error=lambda _e: None)

    def on_load_failed(self, error: BaseException) -> None:
        self.payment.show_message(error_text(error), problem=True)

    def open_form(self, customer_id: int) -> None:
        """The payment form for a customer. Its key stays while the form is for the same
        customer and no payment has been taken with it."""
        if self.key is None or self.key_customer != customer_id:
            self.key = uuid.uuid4().hex
            self.key_customer = customer_id
            self.payment.reset()
            if self.bills.waivers:
                self.bills.clear_waivers()  # a new submission waives afresh
        self.show_side(PAYMENT_PAGE)

    # --- what is paid ----------------------------------------------------------------------

    def on_checks_changed(self) -> None:
        mode = self.payment.mode
        if mode == MODE_ALL and not self.bills.all_checked() and self.bills.due is not None:
            self.payment.set_mode(MODE_SELECTED)  # emits mode_changed -> refresh_due
            return
        if mode == MODE_SELECTED and self.bills.all_checked():
            self.payment.set_mode(MODE_ALL)
            return
        self.refresh_due()

    def on_mode_changed(self, mode: str) -> None:
        if mode == MODE_ALL and not self.bills.all_checked():
            self.bills.set_all_checked(True)
        self.refresh_due()

    def parts(self) -> list[tuple[AccountDue, list[int] | None, list[Waiver]]]:
        """What F9 pays now, account by account: (account, bills named or None for all of
        its open bills, waivers). The accounts collected (a bill ticked), the one opened
        first; an amount goes to them oldest debt first (``cashier.take_payments``), or,
        with none of them collected, to the account opened (its prepaid credit)."""
        bills = self.bills
        amount_mode = self.payment.mode == MODE_AMOUNT
        collected = bills.collected()
        if not collected:
            if not amount_mode or bills.due is None:
                return []
            collected = [bills.due]
        parts = []
        for due in collected:
            ids = None if amount_mode else bills.paid_bill_ids(due)
            parts.append((due, ids, bills.account_waivers(due, ids)))
        return parts

    @staticmethod
    def credit_account(parts: list[tuple[AccountDue, list[int] | None, list[Waiver]]]
                       ) -> AccountDue | None:
        """Where money left over goes, named in the request: the account opened when it is
        collected, else the first collected; never a closed account (None: all are)."""
        return next((due for due, _ids, _w in parts if due.status != "closed"), None)

    def owed_by_parts(self) -> Decimal:
        """What the accounts collected owe as ticked (an amount: all of their bills), their
        waivers and prepaid credit taken off."""
        amount_mode = self.payment.mode == MODE_AMOUNT
        total = ZERO
        for due, _ids, _waivers in self.parts():
            owed = (sum((self.bills.outstanding_of(b) for b in due.bills), ZERO)
                    if amount_mode else self.bills.ticked_total(due))
            total += max(ZERO, owed - due.prepaid_credit)
        return total

    def amount_split(self, due: Decimal | None) -> AmountSplit | None:
        """指定金额 over several accounts: where the amount goes, as ``take_payments`` will
        spread it (oldest debt first), by the service's own ``cashier.split_amount``, so
        that the desk cannot say one thing and the receipts another. None: no amount typed,
        or one account."""
        parts = self.parts()
        if self.payment.mode != MODE_AMOUNT or len(parts) < 2 or due is None:
            return None
        target = self.credit_account(parts)
        return cashier.split_amount(
            [AccountOwing(d.account_id, d.account_no,
                          min((b.due_on for b in d.bills), default=None),
                          sum((self.bills.outstanding_of(b) for b in d.bills), ZERO),
                          d.prepaid_credit, d.status == "closed") for d, _i, _w in parts],
            due, target.account_id if target is not None else None)

    def paid_bill_ids(self) -> list[int] | None:
        """The bills of the account opened that a payment names (``None``: all of them)."""
        due = self.bills.due
        if due is None or self.payment.mode == MODE_AMOUNT:
            return None
        return self.bills.paid_bill_ids(due)

    def due_now(self) -> Decimal | None:
        if self.bills.due is None:
            return None
        if self.payment.mode == MODE_AMOUNT:
            try:
                return self.payment.typed_amount()
            except HallDeskError:
                return None
        return self.owed_by_parts()

    def may_waive(self) -> bool:
        """Mirrors the service's rule, to ask for the manager before F9 rather than after:
        every waiver is approved by a manager other than the one at the desk (four eyes)."""
        return False

    def refresh_due(self) -> None:
        due = self.due_now()
        self.payment.show_due(due)
        waived = sum((w.amount for _d, _ids, waivers in self.parts() for w in waivers), ZERO)
        self.payment.show_waived(waived, needs_approval=not self.may_waive())
        self.show_summary(due)

    def show_summary(self, due: Decimal | None) -> None:
        """The line that reconciles the desk with the card: how many accounts the customer
        has and what they owe in all (the card's 欠费), which of them this payment collects
        and how much; and, in red, an account that owes but is not collected, or money
        that becomes an account's prepaid credit."""
        label, dues = self.bills.summary, self.bills.dues
        if not dues:
            label.clear()
            label.hide()
            return
        parts = self.parts()
        split = self.amount_split(due)
        collected_now = "、".join(d.account_no for d, _i, _w in parts) or self.tr("none")
        infos = []
        if split is not None:  # each account's part of the amount, before F9
            collected_now = "、".join(
                self.tr("%1 gets %2 (owes %3)").replace("%1", d.account_no).replace(
                    "%2", format_money(split.shares[d.account_id])).replace(
                    "%3", format_money(d.total_due))
                for d, _i, _w in parts if split.shares[d.account_id] > 0) or self.tr("none")
            infos += [self.tr("Account %1 gets nothing of this amount (it owes %2): the "
                              "amount pays the oldest debt first.").replace(
                "%1", d.account_no).replace("%2", format_money(d.total_due))
                for d, _i, _w in parts if split.shares[d.account_id] == 0 and d.total_due > 0]
        text = self.tr("Customer's accounts: %1 · owed in all %2 · collected now: %3, "
                       "%4").replace("%1", str(len(dues))).replace(
            "%2", format_money(sum((d.total_due for d in dues), ZERO))).replace(
            "%3", collected_now).replace(
            "%4", format_money(due) if due is not None else "—")
        notes = []
        collected = {d.account_id for d, _i, _w in parts}
        for other in dues:
            if other.total_due > 0 and other.account_id not in collected:
                notes.append(self.tr("Account %1 still owes %2 and is not collected now.")
                             .replace("%1", other.account_no)
                             .replace("%2", format_money(other.total_due)))
        if parts and due is not None and due > self.owed_by_parts():
            target = self.credit_account(parts)
            notes.append(self.tr("%1 more than owed becomes prepaid credit of account %2.")
                         .replace("%1", format_money(due - self.owed_by_parts()))
                         .replace("%2", target.account_no) if target is not None else
                         self.tr("Account %1 is closed and takes no prepaid credit: collect "
                                 "only what is owed.").replace("%1", parts[0][0].account_no))
        for other, ids, _w in parts:
            covered = (sum((self.bills.outstanding_of(b) for b in other.bills
                            if ids is None or b.bill_id in ids), ZERO))
            if other.prepaid_credit > 0 and covered > 0:
                infos.append(self.tr("Account %1: its prepaid credit %2 pays %3 of it first "
                                     "(预存抵扣 on its receipt).").replace(
                    "%1", other.account_no).replace(
                    "%2", format_money(other.prepaid_credit)).replace(
                    "%3", format_money(min(covered, other.prepaid_credit))))
        label.setText("\n".join([text, *notes, *infos]))
        set_problem(label, bool(notes))
        label.show()

    # --- taking the payment ----------------------------------------------------------------

    def on_pay_key(self) -> None:
        if self.pages.currentIndex() == DESK_PAGE and self.side.currentIndex() == PAYMENT_PAGE:
            self.payment.pay_button.click()  # a disabled (busy) button ignores it

    def on_method_key(self, method: str) -> None:
        if self.pages.currentIndex() == DESK_PAGE and self.side.currentIndex() == PAYMENT_PAGE:
            self.payment.set_method(method)

    def on_pay(self) -> None:
        if self.paying:
            return
        payment = self.payment
        payment.clear_errors()
        if self.pending is not None and self.key is not None:
            # The connection broke while this was being saved: the same request again,
            # under its key, so that a payment committed meanwhile is found, not doubled.
            self.send(*self.pending)
            return
        due = self.bills.due
        if due is None or self.customer_id is None or self.key is None:
            payment.show_message(self.tr("Find the customer first (F5)."), problem=True)
            return
        mode = payment.mode
        try:
            amount = payment.typed_amount() if mode == MODE_AMOUNT else self.due_now()
            if mode == MODE_AMOUNT and amount is not None and amount <= 0:
                raise ValidationError(field="amount", rule="positive")
        except HallDeskError as error:
            show_field_error(payment.amount_box, payment.amount_error, error)
            payment.amount_box.setFocus()
            return
        if amount is None or amount <= 0:
            text = (self.tr("Tick the bills to pay.") if mode == MODE_SELECTED
                    and not self.bills.collected()
                    else self.tr("Nothing to pay: the prepaid credit covers it. Choose “An "
                                 "amount” to add credit."))
            payment.show_message(text, problem=True)
            return
        tenders = payment.tenders(amount)
        if tenders is None:
            return
        parts = self.parts()
        waivers = [w for _d, _ids, part_waivers in parts for w in part_waivers]
        self.send(self.payment_submission(tenders, parts, amount), waivers, amount)

    def send(self, submit: Callable[[str, str], Work[Paid]],
             waivers: list[Waiver], amount: Decimal) -> None:
        """The payment to the service (kept as ``pending`` until it is answered)."""
        payment = self.payment
        self.pending = (submit, waivers, amount)
        self.paying = True
        if waivers and not self.may_waive():
            self.ask_waiver_approval(submit, waivers, amount)
            return

        def refused(error: BaseException) -> None:
            if (isinstance(error, HallDeskError) and error.key == "approval_required"
                    and waivers):
                self.ask_waiver_approval(submit, waivers, amount)
                return
            self.on_pay_refused(error)

        self.runner.run_api(submit("", ""), on_done=self.on_paid, on_error=refused,
                            busy=[payment.pay_button])

    def payment_submission(self, tenders: list[Tender],
                           parts: list[tuple[AccountDue, list[int] | None, list[Waiver]]],
                           amount: Decimal) -> Callable[[str, str], Work[Paid]]:
        """The payment as typed, with the form's key: (approver, password) -> the work. One
        account: ``take_payment``; several: ``take_payments``, one receipt each. The key goes
        to the server as it is: the same submission again is looked up there, not doubled."""
        key = self.key
        assert key is not None and parts
        ticket_id = self.current_ticket()
        credit_to = self.credit_account(parts)

        def with_approver(username: str, password: str) -> Work[Paid]:
            if len(parts) == 1:
                (due, bill_ids, waivers), = parts
                return cashier_ops.take_payment(
                    due.account_id, idempotency_key=key, tenders=tenders, bill_ids=bill_ids,
                    amount=amount, waivers=waivers, approver_username=username,
                    approver_password=password, ticket_id=ticket_id)
            return cashier_ops.take_payments(
                [AccountPart(due.account_id, None if ids is None else tuple(ids),
                             tuple(waivers)) for due, ids, waivers in parts],
                idempotency_key=key, tenders=tenders, amount=amount,
                approver_username=username, approver_password=password, ticket_id=ticket_id,
                credit_to=credit_to.account_id if credit_to is not None else None)

        return with_approver

    def ask_waiver_approval(self, submit: Callable[[str, str], Work[Paid]],
                            waivers: list[Waiver], amount: Decimal) -> None:
        """The cashier may not waive late fees: a hall manager approves at the counter, and
        the payment is taken with their approval (or not at all)."""
        bills = {b.bill_id: b for due in self.bills.dues for b in due.bills}
        lines = "\n".join(
            self.tr("%1: %2 waived (%3)").replace(
                "%1", bills[w.bill_id].period if w.bill_id in bills else str(w.bill_id))
            .replace("%2", format_money(w.amount)).replace("%3", w.reason) for w in waivers)

        def run(username: str, password: str, _reason: str,
                done: Callable[[object], None], failed: Callable[[BaseException], None]
                ) -> None:
            self.runner.run_api(submit(username, password), on_done=done, on_error=failed)

        dialog = ApprovalDialog(
            self.tr("Approve the late fee waiver"),
            self.tr("This payment of %1 waives late fees:").replace(
                "%1", format_money(amount)) + "\n" + lines + "\n" + self.tr(
                "A hall manager approves here with their own user name and password; the "
                "payment is taken then."), run, ask_reason=False, parent=self)

        def accepted() -> None:
            if isinstance(dialog.result_value, PaymentResult | CustomerPaymentResult):
                self.on_paid(dialog.result_value)

        def finished(_result: int) -> None:
            if not isinstance(dialog.result_value, PaymentResult | CustomerPaymentResult):
                self.paying = False
                self.pending = None
                self.payment.show_message(self.tr(
                    "Not paid: the late fee waiver needs a hall manager's approval. Take the "
                    "waiver off, or ask the manager."), problem=True)
            self._forget_dialog(dialog)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(finished)
        self.approval_dialog = dialog
        dialog.open()

    def on_paid(self, paid: Paid) -> None:
        """The receipt (or the receipts, one per account paid) on the desk; each prints in
        turn, the next once the one before has printed."""
        self.paying = False
        self.pending = None
        self.key = None  # taken: the next payment is a new submission
        self.key_customer = None
        self.bills.clear_waivers()  # booked with the payment
        receipts = list(paid.receipts) if isinstance(paid, CustomerPaymentResult) else [paid]
        if self.side.currentIndex() == RECEIPT_PAGE:
            self.leave_receipts()  # the last payment's, if any still waited
        self.unprinted.update((r.payment_id, r.receipt_no) for r in receipts
                              if r.print_job_id is not None and not r.replayed)
        self.batch = paid if isinstance(paid, CustomerPaymentResult) else None
        result = receipts[0]
        self.result = result
        self.receipt.show_payment(result, self.batch)
        self.show_side(RECEIPT_PAGE)
        self.receipt.next_button.setFocus()
        self.print_queue = [r for r in receipts[1:] if r.print_job_id is not None]
        if result.print_job_id is not None:
            self.print_job(result.payment_id, result.print_job_id, 0, result.receipt)
        self.show_unprinted()
        self.reload_customer()

    def print_next(self) -> bool:
        """The batch's next receipt to print, chosen on the desk; False when none is left."""
        if not self.print_queue:
            return False
        result = self.print_queue.pop(0)
        self.result = result
        self.receipt.choose(result.payment_id)
        assert result.print_job_id is not None
        self.print_job(result.payment_id, result.print_job_id, 0, result.receipt)
        return True

    def on_receipt_chosen(self, payment_id: int) -> None:
        """Another receipt of the batch chosen on the desk: its preview, 重打 and 作废."""
        batch = self.batch
        chosen = next((r for r in batch.receipts if r.payment_id == payment_id),
                      None) if batch is not None else None
        if chosen is None or (self.result is not None
                              and self.result.payment_id == payment_id):
            return
        self.result = chosen
        self.runner.run_api(cashier_ops.receipt_document(payment_id),
                            on_done=self.receipt.show_document, on_error=lambda _e: None)

    def on_pay_refused(self, error: BaseException) -> None:
        self.paying = False
        payment = self.payment
        # The link to the server (server_unavailable) or the server's to its database
        # (db_unavailable) broke: the payment may have been committed all the same.
        unsure = isinstance(error, HallDeskError) and error.key in ("db_unavailable",
                                                                    "server_unavailable")
        if not unsure:
            self.pending = None  # answered: the form as it is now is the next request
        if isinstance(error, HallDeskError) and error.key == "idempotency_conflict":
            # That submission was taken before with other amounts: this form is spent.
            payment.show_message(error_text(error), problem=True)
            self.key = uuid.uuid4().hex
            if self.account_id is not None:
                self.load_account(self.account_id, keep=True)
            return
        if isinstance(error, HallDeskError) and error.key == "server_unavailable":
            # No answer from the server: the form keeps its key, so the same F9 again finds
            # a payment it committed instead of charging a second time.
            payment.show_message(self.tr(
                "The connection to the HallDesk server broke while the payment was being "
                "saved, so it may have gone through. Take no other payment from this customer: "
                "press F9 again when the connection is back; the same payment is looked up, "
                "never charged twice."), problem=True)
            return
        if unsure:
            # The payment may have been committed before the link broke: the form keeps its
            # key, so the same F9 again finds it instead of charging a second time.
            payment.show_message(self.tr(
                "The connection to the database broke while the payment was being saved, so "
                "it may have gone through. Take no other payment from this customer: press F9 "
                "again when the connection is back; the same payment is looked up, never "
                "charged twice."), problem=True)
            return
        if isinstance(error, HallDeskError) and error.key in ("shift_not_open", "day_closed",
                                                              "cashier_refused"):
            self.refresh()
        if isinstance(error, HallDeskError) and error.key == "cashier_refused" and (
                error.params.get("rule") == "bill_paid") and self.account_id is not None:
            self.load_account(self.account_id, keep=True)
        payment.show_service_error(error)

    def on_new_payment(self) -> None:
        if self.customer_id is not None:
            self.open_form(self.customer_id)
            self.refresh_due()
        else:
            self.show_side(PAYMENT_PAGE)

    # --- printing --------------------------------------------------------------------------

    def _job(self, view: PrintView) -> PrintJobKey | None:
        return self.history_printing if view is self.history else self.printing

    def _set_job(self, view: PrintView, job: PrintJobKey) -> None:
        if view is self.history:
            self.history_printing = job
        else:
            self.printing = job

    def print_job(self, payment_id: int, job_id: int, copy_number: int,
                  known: ReceiptData | None = None, *, view: PrintView | None = None) -> None:
        """Receipt data (``known``: as the payment returned it) -> document (preview) ->
        printer or PDF -> the job's outcome, shown on ``view`` (default: the desk's receipt
        panel)."""
        target_view: PrintView = view if view is not None else self.receipt
        job = (payment_id, job_id, copy_number)
        self._set_job(target_view, job)
        target_view.show_printing()
        target = self.print_target

        def loaded(document: ReceiptDocument) -> None:
            if self._job(target_view) != job:
                return
            target_view.show_document(document)
            self.runner.run(lambda: print_receipt(document, job_id, target()),
                            on_done=lambda outcome: self.on_printed(outcome, target_view),
                            on_error=not_loaded,
                            busy=[target_view.retry_button, target_view.reprint_button])

        def not_loaded(error: BaseException) -> None:
            if self._job(target_view) == job:
                target_view.show_print_failed(error_text(error))

        if known is not None:
            loaded(receipt_for(known, copy_number))
            return
        self.runner.run_api(cashier_ops.receipt_document(payment_id, copy_number),
                            on_done=loaded, on_error=not_loaded)

    def on_printed(self, outcome: PrintOutcome, view: PrintView | None = None) -> None:
        target_view: PrintView = view if view is not None else self.receipt
        self.last_outcome = outcome
        job = self._job(target_view)
        if outcome.printed and job is not None and job[1] == outcome.job_id:
            self.unprinted.pop(job[0], None)
        if outcome.printed and target_view is self.receipt and self.print_next():
            pass  # the batch's next receipt is printing
        elif outcome.printed:
            target_view.show_printed(outcome.pdf_path)
        elif target_view is self.receipt:
            assert outcome.error is not None
            self.receipt.show_print_failed(error_text(outcome.error),
                                           [r.receipt_no for r in self.print_queue])
        else:
            assert outcome.error is not None
            target_view.show_print_failed(error_text(outcome.error))
        self.show_unprinted()

        def recorded(_job: PrintJobInfo) -> None:
            # The receipts page may have been opened before the outcome was recorded
            # (printing from the desk, then F12 at once): its print status follows.
            if self.pages.currentIndex() == HISTORY_PAGE:
                self.on_history_search(live=target_view is not self.history)

        self.runner.run_api(cashier_ops.record_print_result(
            outcome.job_id, printed=outcome.printed, error=outcome.error_detail),
            on_done=recorded, on_error=lambda _e: None)

    def on_print_again(self) -> None:
        if self.printing is not None:
            self.print_job(*self.printing)

    def on_reprint(self, reason: str) -> None:
        result = self.result
        if result is None:
            return

        def done(job: PrintJobInfo) -> None:
            self.receipt.reason_box.clear()
            self.print_job(job.payment_id, job.job_id, job.copy_no)

        self.runner.run_api(cashier_ops.reprint_receipt(result.payment_id, reason=reason),
                            on_done=done,
                            on_error=lambda e: self.receipt.show_reprint_refused(error_text(e)),
                            busy=[self.receipt.reprint_button])

    # --- void --------------------------------------------------------------------------------

    def on_void(self) -> None:
        result = self.result
        if result is not None:
            self.ask_void(result.payment_id, result.receipt_no, result.amount)

    def ask_void(self, payment_id: int, receipt_no: str, amount: Decimal) -> None:
        """作废 with a manager at the counter; the service says when it is too late. The
        manager's user name and password go to the server, which checks them."""

        def submit(username: str, password: str, reason: str,
                   done: Callable[[object], None], failed: Callable[[BaseException], None]
                   ) -> None:
            self.runner.run_api(cashier_ops.void_payment(
                payment_id, reason=reason, approver_username=username,
                approver_password=password), on_done=done, on_error=failed)

        dialog = ApprovalDialog(
            self.tr("Void receipt %1").replace("%1", receipt_no),
            self.tr("Voiding gives back %1 and marks receipt %2 作废; what it paid is owed "
                    "again. A hall manager approves here with their own user name and "
                    "password.").replace("%1", format_money(amount)).replace(
                "%2", receipt_no), submit, ask_reason=True, parent=self)
        dialog.accepted.connect(lambda: self.on_voided(dialog.result_value))
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        self.approval_dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: ApprovalDialog) -> None:
        if self.approval_dialog is dialog:
            self.approval_dialog = None
        dialog.deleteLater()

    def on_voided(self, value: object) -> None:
        if not isinstance(value, VoidResult):
            return
        text = self.tr(
            "Receipt %1 is void (approved by %2): give back %3 and take the customer's copy "
            "back.").replace("%1", value.receipt_no).replace(
            "%2", value.approver_name or value.approved_by).replace(
            "%3", format_money(value.amount))
        payment_id = value.payment_id
        if self.result is not None and self.result.payment_id == payment_id:
            self.receipt.show_voided(text)
            self.runner.run_api(cashier_ops.receipt_document(payment_id),
                                on_done=self.receipt.show_document, on_error=lambda _e: None)
        if self.pages.currentIndex() == HISTORY_PAGE:
            self.history.show_instruction(text)
            self.on_history_search()
            self.load_history_preview(payment_id)
        if self.account_id is not None:
            self.load_account(self.account_id, keep=True)

    # --- the receipt history -----------------------------------------------------------------

    def on_history_key(self) -> None:
        if self.pages.currentIndex() == HISTORY_PAGE:
            self.on_leave_history()
        else:
            self.on_show_history()

    def on_show_history(self) -> None:
        if self.pages.currentIndex() != HISTORY_PAGE:
            self.page_before_history = self.pages.currentIndex()
        if not self.history_day_set:  # today at the hall; later the cashier's choice
            self.history.set_day(datetime.now(self.zone).date())
            self.history_day_set = True
        self.pages.setCurrentIndex(HISTORY_PAGE)
        self.history_button.hide()
        self.history.focus_search()
        self.on_history_search()

    def on_leave_history(self) -> None:
        self.pages.setCurrentIndex(self.page_before_history)
        self.history_button.show()
        if self.page_before_history == DESK_PAGE:
            self.payment.lines[0].tendered_box.setFocus()

    def on_history_search(self, select: int | None = None,
                          then: Callable[[], None] | None = None, *, live: bool = False) -> None:
        """The history as asked for (query, or the day, mine or all). ``select`` is the
        receipt to choose once shown (else the one chosen stays); ``then`` runs once it is.
        Searches overlap (a live notice, a keystroke): only the newest one's answer is shown,
        and it carries what the older ones were asked to do. ``live``: a reload on a notice,
        which repeats the search last asked for and leaves the box (perhaps half-typed, or
        being filled by a scanner) alone."""
        panel = self.history
        if live:
            query = panel.asked
        else:
            query = panel.asked = panel.query()
            self.history_asked_pending = True
        day, mine = panel.day(), panel.mine()
        if select is not None:
            self.history_select = select
        if then is not None:
            self.history_then.append(then)
        self.history_seq += 1
        seq = self.history_seq

        def finish() -> None:
            self.history_asked_pending = False
            callbacks, self.history_then = self.history_then, []
            for callback in callbacks:
                callback()

        def done(history: ReceiptHistory) -> None:
            if seq != self.history_seq:
                return
            chosen = self.history_select if self.history_select is not None else (
                panel.selected_id())
            self.history_select = None
            panel.show_history(history, chosen)
            finish()

        def failed(error: BaseException) -> None:
            if seq != self.history_seq:
                return
            self.history_select = None
            if not live or self.history_asked_pending:
                panel.show_search_error(error)
            finish()

        self.runner.run_api(cashier_ops.find_receipts(query=query, day=day, mine=mine),
                            on_done=done, on_error=failed, busy=[panel.search_button])

    def on_history_selected(self, payment_id: int) -> None:
        self.load_history_preview(payment_id)

    def load_history_preview(self, payment_id: int) -> None:
        self.runner.run_api(cashier_ops.receipt_document(payment_id),
                            on_done=self.history.show_document,
                            on_error=lambda e: self.history.show_message(error_text(e),
                                                                         problem=True))

    def on_history_print_again(self) -> None:
        """The same job again after a printer failure: no copy is made."""
        receipt = self.history.selected()
        job = self.history_printing
        if receipt is None:
            return
        if job is not None and job[0] == receipt.payment_id:
            self.print_job(*job, view=self.history)
        elif receipt.print_job_id is not None:
            self.print_job(receipt.payment_id, receipt.print_job_id, receipt.copies,
                           view=self.history)

    def on_history_reprint(self, reason: str) -> None:
        receipt = self.history.selected()
        if receipt is None:
            return
        payment_id = receipt.payment_id

        def done(job: PrintJobInfo) -> None:
            self.history.reason_box.clear()
            self.print_job(job.payment_id, job.job_id, job.copy_no, view=self.history)

        self.runner.run_api(cashier_ops.reprint_receipt(payment_id, reason=reason),
                            on_done=done,
                            on_error=lambda e: self.history.show_reprint_refused(error_text(e)),
                            busy=[self.history.reprint_button])

    def on_history_void(self) -> None:
        receipt = self.history.selected()
        if receipt is not None:
            self.ask_void(receipt.payment_id, receipt.receipt_no, receipt.amount)

    def on_history_refund(self) -> None:
        """退款 with a manager at the counter. The dialog's submission key is made now: a
        retry in the same dialog (a lost connection, a mistyped password) refunds once."""
        receipt = self.history.selected()
        if receipt is None:
            return
        payment_id, key = receipt.payment_id, uuid.uuid4().hex

        def submit(username: str, password: str, reason: str,
                   done: Callable[[object], None], failed: Callable[[BaseException], None]
                   ) -> None:
            self.runner.run_api(cashier_ops.refund_payment(
                payment_id, reason=reason, idempotency_key=key,
                approver_username=username, approver_password=password),
                on_done=done, on_error=failed)

        dialog = ApprovalDialog(
            self.tr("Refund receipt %1").replace("%1", receipt.receipt_no),
            self.tr("A refund gives back all %1 of receipt %2 (paid by %3) the way it was "
                    "paid, with a refund receipt of its own from your open shift; what it "
                    "paid is owed again. A hall manager approves here with their own user "
                    "name and password.").replace("%1", format_money(receipt.amount)).replace(
                "%2", receipt.receipt_no).replace(
                "%3", " + ".join(self.history.method_name(m) for m in receipt.methods)),
            submit, ask_reason=True, parent=self)
        dialog.accepted.connect(lambda: self.on_refunded(dialog.result_value, receipt))
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        self.approval_dialog = dialog
        dialog.open()

    def on_refunded(self, value: object, original: ReceiptSummary) -> None:
        """Say how much goes back and how; list the refund and print its receipt."""
        if not isinstance(value, PaymentResult):
            return
        text = self.refund_text(value, original)

        def then() -> None:
            self.history.show_instruction(text)
            if value.print_job_id is not None:
                self.print_job(value.payment_id, value.print_job_id, 0, value.receipt,
                               view=self.history)

        self.on_history_search(select=value.payment_id, then=then)
        if self.account_id is not None:
            self.load_account(self.account_id, keep=True)

    def refund_text(self, refund: PaymentResult, original: ReceiptSummary) -> str:
        ways = []
        tenders = refund.receipt.tenders if refund.receipt is not None else ()
        for tender in tenders:
            amount = format_money(-tender.amount)
            if tender.method == "cash":
                ways.append(self.tr("%1 in cash from your drawer").replace("%1", amount))
            else:
                channel = {"card": self.tr("the bank card"), "wechat": self.tr("WeChat Pay"),
                           "alipay": self.tr("Alipay")}.get(tender.method, tender.method)
                ways.append(self.tr("%1 back to %2 (transaction %3)").replace(
                    "%1", amount).replace("%2", channel).replace("%3", tender.reference))
        text = self.tr("Refund receipt %1 for receipt %2: give back %3 — %4.").replace(
            "%1", refund.receipt_no).replace("%2", original.receipt_no).replace(
            "%3", format_money(-refund.amount)).replace("%4", "; ".join(ways))
        if refund.credit_change > 0:
            text += " " + self.tr("%1 goes back to the account's prepaid credit.").replace(
                "%1", format_money(refund.credit_change))
        return text + " " + self.tr("The customer signs the printed refund receipt.")

    # --- shifts ------------------------------------------------------------------------------

    def on_open_shift(self) -> None:
        bar = self.shift_bar
        show_field_error(bar.float_box, bar.float_error, None)
        try:
            amount = parse_money(bar.float_box.text(), field="float_amount")
        except HallDeskError as error:
            show_field_error(bar.float_box, bar.float_error, error)
            bar.float_box.setFocus()
            return

        def failed(error: BaseException) -> None:
            show_field_error(bar.float_box, bar.float_error, error)
            self.refresh()

        self.runner.run_api(cashier_ops.open_shift(amount), on_done=self.on_shift,
                            on_error=failed, busy=[bar.open_button])

    def on_start_close(self) -> None:
        self.close_panel.start()
        self.pages.setCurrentIndex(SHIFT_PAGE)
        self.shift_bar.close_button.setEnabled(False)
        self.close_panel.counts["100"].setFocus()

    def on_back_to_desk(self) -> None:
        self.pages.setCurrentIndex(DESK_PAGE)
        self.shift_bar.close_button.setEnabled(True)
        self.refresh()

    def on_submit_count(self) -> None:
        panel = self.close_panel
        counts = panel.counted_by_denomination()
        note = panel.note_box.text()
        panel.message.hide()

        def closed(result: ShiftCloseResult) -> None:
            self.runner.run_api(cashier_ops.shift_report(result.shift_id),
                                on_done=lambda report: self.on_closed(result, report),
                                on_error=lambda _e: self.on_closed(result, None))

        def refused(error: BaseException) -> None:
            if isinstance(error, HallDeskError) and error.key == "approval_required":
                self.ask_close_approval(counts, note, error, closed)
                return
            panel.show_message(error_text(error), problem=True)

        self.runner.run_api(cashier_ops.close_shift(counts, note=note), on_done=closed,
                            on_error=refused, busy=[panel.submit_button])

    def ask_close_approval(self, counts: dict[str, int], note: str, error: HallDeskError,
                           closed: Callable[[ShiftCloseResult], None]) -> None:
        """The count differs beyond the hall's limit: count again, or a manager signs off."""
        self.close_panel.show_message(error_text(error), problem=True)

        def submit(username: str, password: str, _reason: str,
                   done: Callable[[object], None], failed: Callable[[BaseException], None]
                   ) -> None:
            self.runner.run_api(cashier_ops.close_shift(
                counts, note=note, approver_username=username, approver_password=password),
                on_done=done, on_error=failed)

        dialog = ApprovalDialog(self.tr("Approve the shift's difference"),
                                error_text(error) + "\n" + self.tr(
                                    "Cancel to count again."), submit, ask_reason=False,
                                parent=self)

        def accepted() -> None:
            if isinstance(dialog.result_value, ShiftCloseResult):
                closed(dialog.result_value)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: self._forget_dialog(dialog))
        self.approval_dialog = dialog
        dialog.open()

    def on_closed(self, result: ShiftCloseResult, report: ShiftReport | None) -> None:
        self.close_panel.show_result(result, report)
        self.close_panel.done_button.setFocus()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh_due()
        super().changeEvent(event)
