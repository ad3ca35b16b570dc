"""``python main.py server``: the HallDesk server under uvicorn."""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

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


def check_listen_address(host: str, *, tls: bool = False) -> None:
    """Plain HTTP only on loopback: tokens and passwords would cross the hall's network in
    clear. With a certificate (``tls``) any address is served, over https."""
    if not tls and not is_loopback(host):
        raise ConfigError(detail=(
            f"without a certificate the server listens only on a loopback address (127.0.0.1, "
            f"::1, localhost), not {host!r}: sign-in passwords and session tokens would cross "
            "the network in clear. Give --certfile and --keyfile (a certificate of the "
            "company's CA, docs/deployment.md) to serve https to other PCs"))


@dataclass(frozen=True)
class Tls:
    """uvicorn's ``ssl_certfile`` and ``ssl_keyfile``."""

    certfile: str
    keyfile: str


def tls_options(certfile: str | None, keyfile: str | None) -> Tls | None:
    """The certificate and key for https, checked before the server starts (both or
    neither; readable; the key belongs to the certificate), so a mistake is one sentence
    instead of a traceback from the event loop. None: plain HTTP."""
    if not certfile and not keyfile:
        return None
    if not certfile or not keyfile:
        raise ConfigError(detail="https needs both --certfile (the server's certificate, "
                                 "with any intermediate CA after it) and --keyfile (its key)")
    for what, path in (("certificate", certfile), ("key", keyfile)):
        if not Path(path).is_file():
            raise ConfigError(detail=f"the server's {what} file {path} does not exist")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certfile, keyfile, password=_no_password)
    except ssl.SSLError as exc:
        raise ConfigError(detail=(
            f"the certificate {certfile} and the key {keyfile} cannot be used together "
            f"({exc.reason or exc}): is the key the certificate's own, and not encrypted?"
        )) from None
    except OSError as exc:
        raise ConfigError(detail=f"cannot read {exc.filename or certfile}: {exc.strerror}"
                          ) from None
    return Tls(certfile, keyfile)


def _no_password() -> bytes:
    """An encrypted key is refused here, not asked for on a terminal a service has not."""
    return b""
