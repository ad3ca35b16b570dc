"""``python main.py server``: the HallDesk server under uvicorn."""

from __future__ import annotations

import ipaddress

from app.errors import ConfigError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip()).is_loopback
    except ValueError:
        return False  # a name other than localhost may resolve anywhere


def check_listen_address(host: str) -> None:
    """Plain HTTP only on loopback: tokens and passwords would cross the hall's network in
    clear. The server has no TLS settings yet, so every other address is refused."""
    if not is_loopback(host):
        raise ConfigError(detail=(
            f"the server listens only on a loopback address (127.0.0.1, ::1, localhost), not "
            f"{host!r}: TLS between PCs is not built yet, and without it sign-in passwords "
            "and session tokens would cross the network in clear"))
