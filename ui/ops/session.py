"""Signing in and out, the idle lock, and what the sign-in screen asks before anyone signs in."""

from __future__ import annotations

from app.client import ServerClient, SignedIn
from app.services.staff import HallInfo
from ui.ops import Work


def halls() -> Work[list[HallInfo]]:
    """Halls and windows for the sign-in screen."""
    return lambda client: client.halls()


def sign_in(username: str, password: str, hall_code: str,
            window_number: int | None) -> Work[SignedIn]:
    return lambda client: client.sign_in(username, password, hall_code=hall_code,
                                         window_number=window_number)


def sign_out(token: str | None, *, closed: bool = False) -> Work[None]:
    """Ends the session of ``token`` (the one signed out of, taken at the click) on the
    server; the window closes as at a counter's sign-out."""
    return lambda client: client.sign_out(closed=closed, token=token)


def lock() -> Work[None]:
    return lambda client: client.lock()


def unlock(password: str) -> Work[None]:
    """The same person's password again; wrong ones count towards the lockout."""
    return lambda client: client.unlock(password)


def check() -> Work[dict[str, object]]:
    """The server and its database answer."""
    return ServerClient.health
