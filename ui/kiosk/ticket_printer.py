"""Printing a kiosk ticket: runs on a worker thread (python-escpos blocks on the printer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from app.services.queueing import TicketInfo
from printing.documents import queue_ticket_document, ticket_qr_payload
from printing.escpos import PrinterSettings, send_bytes, ticket_bytes


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one ticket's print; ``error`` is None when the printer took it."""

    ticket: TicketInfo
    error: BaseException | None


def issued_local(ticket: TicketInfo, zone: ZoneInfo) -> datetime:
    return ticket.issued_at.astimezone(zone)


def qr_payload(ticket: TicketInfo, zone: ZoneInfo) -> str:
    return ticket_qr_payload(ticket, issued_local=issued_local(ticket, zone))


def print_ticket(ticket: TicketInfo, zone: ZoneInfo, printer: PrinterSettings) -> PrintOutcome:
    """Render and send the ticket in one write; any failure comes back as the outcome, so
    that the kiosk always learns whether the customer has a paper ticket."""
    try:
        local = issued_local(ticket, zone)
        doc = queue_ticket_document(ticket, issued_local=local,
                                    qr_payload=ticket_qr_payload(ticket, issued_local=local))
        send_bytes(printer, ticket_bytes(doc, printer))
    except Exception as error:  # a printer fails in many ways; all of them mean "no paper"
        return PrintOutcome(ticket, error)
    return PrintOutcome(ticket, None)
