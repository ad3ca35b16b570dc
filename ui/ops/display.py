"""The hall display: the hall's queue at a glance, and the display's own sign-in again."""

from __future__ import annotations

from app.client import SignedIn
from app.services import queueing
from app.services.queueing import QueueStatus
from ui.ops import Work


def queue_status(recent: int) -> Work[QueueStatus]:
    """Waiting per service, the windows' numbers and the last ``recent`` calls (no names or
    phone numbers); the display's own hall, from its session."""
    return lambda client: client.call(queueing.queue_status, recent=recent)


def device_sign_in(credential: str) -> Work[SignedIn]:
    """A new session for the display with the credential it got at its enrolment (its
    session ended: 12 hours passed, or the same credential signed in elsewhere)."""
    return lambda client: client.device_sign_in(credential)
