"""The ticket kiosk: the hall's queue at a glance, a number taken, whether it printed; and how
a kiosk or hall display enrols and signs in with its credential (``ui/device_start.py``).

The kiosk's session is the device's own (role kiosk, its hall as enrolled): the server
decides the hall, never the kiosk. The ticket itself is printed on the kiosk's own printer.
"""

from __future__ import annotations

from app.client import SignedIn
from app.services import queueing
from app.services.devices import DeviceCredential
from app.services.queueing import QueueStatus, TicketInfo
from ui.ops import Work


def queue_status() -> Work[QueueStatus]:
    """Each service with how many wait and whether it issues numbers now."""
    return lambda client: client.call(queueing.queue_status)


def issue_ticket(service_id: int, *, priority_reason: str = "", account_no: str = "",
                 phone: str = "") -> Work[TicketInfo]:
    """A number of ``service_id``; priority when a reason is given; the account or phone as
    typed (the server checks them: a refusal names the field)."""
    return lambda client: client.call(
        queueing.issue_ticket, service_id=service_id, priority=bool(priority_reason),
        priority_reason=priority_reason, account_no=account_no, phone=phone)


def mark_printed(ticket_id: int, printed: bool) -> Work[None]:
    """What the kiosk's printer answered: a ticket not printed stays visible as such."""
    return lambda client: client.call(queueing.mark_printed, ticket_id=ticket_id,
                                      printed=printed)


def enrol_device(device_id: int, code: str) -> Work[DeviceCredential]:
    """The one exchange of the device's one-time code for its credential."""
    return lambda client: client.enrol_device(device_id, code)


def device_sign_in(credential: str) -> Work[SignedIn]:
    return lambda client: client.device_sign_in(credential)
