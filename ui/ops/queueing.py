"""The window panel's queue: this window's state, the hall's services, and calling numbers.

Everything runs on the server as the session's actor: the hall and the window are the
session's, never sent."""

from __future__ import annotations

from dataclasses import dataclass

from app.services import queueing
from app.services.queueing import MyWindow, ServiceInfo, TicketInfo
from ui.ops import ServerClient, Work


@dataclass(frozen=True)
class WindowServices:
    """What the panel's service boxes offer."""

    services: list[ServiceInfo]  # the hall's active services, in their order
    window_services: list[int]  # the ones this window calls, its own first
    open_now: set[int]  # the ones taking numbers now


def my_window() -> Work[MyWindow]:
    """This window's state: its current number, how many wait for it, open or paused."""
    return lambda client: client.call(queueing.my_window)


def window_services() -> Work[WindowServices]:
    """The hall's services, this window's own, and which take numbers now."""

    def load(client: ServerClient) -> WindowServices:
        services = client.call(queueing.list_services)
        own = client.call(queueing.window_service_ids)
        status = client.call(queueing.queue_status)
        return WindowServices(services, own, {q.id for q in status.services if q.open_now})

    return load


def call_next() -> Work[TicketInfo | None]:
    """The next ticket for this window; None when nobody waits for its services."""
    return lambda client: client.call(queueing.call_next)


def call_ticket(code: str, reason: str) -> Work[TicketInfo]:
    """One waiting number out of order (audited with the reason)."""
    return lambda client: client.call(queueing.call_ticket, code=code, reason=reason)


def recall(ticket_id: int) -> Work[TicketInfo]:
    return lambda client: client.call(queueing.recall, ticket_id=ticket_id)


def mark_no_show(ticket_id: int) -> Work[TicketInfo]:
    return lambda client: client.call(queueing.mark_no_show, ticket_id=ticket_id)


def requeue_code(code: str) -> Work[TicketInfo]:
    """A no-show back in line by the number on their slip."""
    return lambda client: client.call(queueing.requeue_code, code=code)


def finish(ticket_id: int) -> Work[TicketInfo]:
    return lambda client: client.call(queueing.finish, ticket_id=ticket_id)


def transfer(ticket_id: int, service_id: int) -> Work[TicketInfo]:
    """The called number to another service; it keeps its place in time."""
    return lambda client: client.call(queueing.transfer, ticket_id=ticket_id,
                                      service_id=service_id)


def pause_window() -> Work[None]:
    return lambda client: client.call(queueing.pause_window)


def resume_window() -> Work[None]:
    return lambda client: client.call(queueing.resume_window)


def issue_ticket(service_id: int, *, priority_reason: str = "") -> Work[TicketInfo]:
    """A walk-in's number taken at the counter; a reason makes it a priority ticket."""
    return lambda client: client.call(queueing.issue_ticket, service_id=service_id,
                                      priority=bool(priority_reason),
                                      priority_reason=priority_reason)
