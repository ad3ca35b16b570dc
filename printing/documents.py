"""Printer-independent layouts of the documents HallDesk prints.

A document holds exactly what goes on paper, already decided (masked, formatted, worded), so
the ESC/POS and PDF renderers only place it and a reprint shows the same thing as the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.services.queueing import TicketInfo

DEFAULT_TICKET_NOTICE = "请留意叫号，过号请到服务台重新排队"
ACCOUNT_VISIBLE_DIGITS = 4


def mask_account(account_no: str) -> str:
    """Only the last four characters: enough for the customer to recognise the account.

    A number of four characters or fewer is masked completely, since "the last four" would
    be all of it.
    """
    account = account_no.strip()
    if not account:
        return ""
    if len(account) <= ACCOUNT_VISIBLE_DIGITS:
        return "*" * ACCOUNT_VISIBLE_DIGITS
    return "*" * ACCOUNT_VISIBLE_DIGITS + account[-ACCOUNT_VISIBLE_DIGITS:]


def ticket_qr_payload(ticket: TicketInfo, *, issued_local: datetime) -> str:
    """Text the customer can photograph to keep the number: no personal data in it."""
    return f"HALLDESK|{ticket.hall_name}|{ticket.code}|{issued_local:%Y-%m-%d}"


@dataclass(frozen=True)
class QueueTicketDocument:
    """The kiosk's queue ticket. It never carries a customer's name or phone number."""

    hall_name: str
    code: str
    service_name: str
    waiting_ahead: int
    issued_local: datetime  # in the hall's time zone
    notice: str
    qr_payload: str | None
    account_masked: str  # "" when the ticket was taken without an account
    priority: bool
    reprint: bool

    @property
    def waiting_text(self) -> str:
        if self.waiting_ahead <= 0:
            return "前面无人等候"
        return f"前面还有 {self.waiting_ahead} 人等候"

    @property
    def issued_text(self) -> str:
        return f"取号时间：{self.issued_local:%Y-%m-%d %H:%M}"

    @property
    def account_text(self) -> str:
        return f"户号：{self.account_masked}" if self.account_masked else ""

    @property
    def priority_text(self) -> str:
        return "优先" if self.priority else ""

    @property
    def reprint_text(self) -> str:
        return "重打 COPY" if self.reprint else ""


def queue_ticket_document(ticket: TicketInfo, *, issued_local: datetime,
                          notice: str = DEFAULT_TICKET_NOTICE, qr_payload: str | None = None,
                          reprint: bool = False) -> QueueTicketDocument:
    """Lay out ``ticket``; ``issued_local`` is its issue time in the hall's time zone.

    Refuses free text that would print the full account number: the masking would be moot.
    """
    account = ticket.account_no.strip()
    if len(account) > ACCOUNT_VISIBLE_DIGITS:
        for label, value in (("notice", notice), ("qr_payload", qr_payload or "")):
            if account in value:
                raise ValueError(f"the ticket's {label} contains the full account number")
    return QueueTicketDocument(
        hall_name=ticket.hall_name,
        code=ticket.code,
        service_name=ticket.service_name,
        waiting_ahead=max(ticket.waiting_ahead, 0),
        issued_local=issued_local,
        notice=notice,
        qr_payload=qr_payload or None,
        account_masked=mask_account(account),
        priority=ticket.priority,
        reprint=reprint,
    )
