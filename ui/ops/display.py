"""The hall display: the hall's queue at a glance (its sign-in is the device start-up's,
``ui/device_start.py``)."""

from __future__ import annotations

from app.services import queueing
from app.services.queueing import QueueStatus
from ui.ops import Work


def queue_status(recent: int) -> Work[QueueStatus]:
    """Waiting per service, the windows' numbers and the last ``recent`` calls (no names or
    phone numbers); the display's own hall, from its session."""
    return lambda client: client.call(queueing.queue_status, recent=recent)

