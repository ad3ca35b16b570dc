"""What a client of ``/api/v1/notices`` needs to know of the socket (no FastAPI here: a
counter imports this at its start, before the server's code is loaded)."""

from __future__ import annotations

PATH = "/api/v1/notices"
CLOSE_REFUSED = 4401  # the session rules refused the socket; the reason is the refusal's key
CLOSE_BAD_MESSAGE = 4400
CLOSE_TOO_SLOW = 4408
CLOSE_UNAVAILABLE = 1013  # "try again later" (RFC 6455's registry)
CLOSE_GOING_AWAY = 1001
