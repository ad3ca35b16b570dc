"""A kiosk's or hall display's credential, kept in the OS keyring and nowhere else.

A device enrols once (its number and one-time code, ``app/services/devices.py``) and gets a
credential that signs it in from then on. It is a password to the server: it lives in the OS
keyring (Windows Credential Manager, macOS Keychain, the Secret Service on Linux), never in
the settings file, the log or a file of our own. Where the PC has no usable keyring the
device says so and cannot keep it (``NoKeyring``): it enrols again at its next start.

One entry per server and role: the service name is ``HallDesk device <server>``, where the
server is its URL, or, for the embedded default, the database the embedded server opens (its
URL without a password: the embedded server's port changes at every start). The role
(``kiosk`` or ``display``) is the entry's user name, so one PC may be both.

Every function may talk to a system service (D-Bus): call them off the GUI thread.
"""

from __future__ import annotations

from app import config
from app.errors import ConfigError

SERVICE_PREFIX = "HallDesk device"


class NoKeyring(ConfigError):
    """The PC has no OS keyring to keep the device's credential in."""

    key = "no_keyring"
    default = "This computer has no usable keyring: the device cannot keep its credential."


def server_of(settings: config.Settings) -> str:
    """What the credential belongs to: the server's URL, or the embedded server's database."""
    if settings.server_url:
        return settings.server_url.rstrip("/")
    return f"embedded {config.safe_url(settings.url.set(password=None))}"


def service_name(server: str) -> str:
    return f"{SERVICE_PREFIX} {server}"


def available() -> bool:
    return config.keyring_available()


def read(server: str, role: str) -> str | None:
    """The kept credential, or None (none kept, or no keyring)."""
    if not available():
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(service_name(server), role) or None
    except KeyringError:
        return None


def keep(server: str, role: str, credential: str) -> None:
    """Keep the credential; ``NoKeyring`` where there is none (it is never written elsewhere)."""
    if not available():
        raise NoKeyring()
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(service_name(server), role, credential)
    except KeyringError as error:  # locked, refused by the user, or gone meanwhile
        raise NoKeyring() from error


def forget(server: str, role: str) -> bool:
    """Forget the credential (revoked or unknown to the server); True if one was kept."""
    if not available():
        return False
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(service_name(server), role)
    except (PasswordDeleteError, KeyringError):
        return False
    return True
