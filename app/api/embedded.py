"""A HallDesk server in a background thread of this process, on 127.0.0.1 and a free port.

The zero-setup default (``python3 dev.py run`` with the embedded SQLite file) starts one, so
the counter, kiosk and display take the same path as at a utility (a client talking to a
server) and the file is opened by the server alone. Tests and benchmarks start one the same
way on their own database. Plain HTTP, loopback only: nothing leaves the PC.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from app.config import Settings
from app.db import Database

if TYPE_CHECKING:
    from app.api.notices import Hub


class EmbeddedServer:
    """``start()`` returns once the server answers; ``url`` is where it listens."""

    def __init__(self, db: Database, *, hub: Hub | None = None, live: bool = True,
                 owns_database: bool = False, log_level: str = "warning",
                 access_log: bool = False) -> None:
        import uvicorn  # here, not at import: a counter's login window shows before FastAPI loads

        from app.api.app import create_app

        self.db = db
        self.owns_database = owns_database
        config = uvicorn.Config(create_app(db, hub=hub), host="127.0.0.1", port=0,
                                log_level=log_level, access_log=access_log,
                                lifespan="on" if live else "off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="halldesk-server",
                                       daemon=True)
        self.url = ""

    def start(self, timeout: float = 30.0) -> str:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the embedded HallDesk server stopped while starting")
            if time.monotonic() > deadline:
                raise RuntimeError("the embedded HallDesk server did not start in time")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    def stop(self, timeout: float = 20.0) -> None:
        self.server.should_exit = True
        if self.thread.is_alive():
            self.thread.join(timeout=timeout)
        if self.owns_database:
            self.db.dispose()

    @classmethod
    def for_settings(cls, settings: Settings, *, name: str) -> EmbeddedServer:
        """A server over the settings' database (its password as given, from the URL or the
        keyring), owning it: ``stop`` closes it. The clients' only way to a database."""
        database = Database(settings.url, application_name=f"HallDesk server (embedded {name})",
                            **settings.database_options())
        return cls(database, owns_database=True)


def needs_database_password(settings: Settings) -> bool:
    """A server database named without its password (to be found in the keyring, or asked)."""
    return not settings.is_sqlite and settings.url.password is None


def database_place(settings: Settings) -> tuple[str, str]:
    """Who and where, as a password prompt names them: ``("halldesk_app", "dbhost/halldesk")``."""
    url = settings.url
    return url.username or "", f"{url.host or 'localhost'}/{url.database or ''}"


def keyring_database_password(settings: Settings) -> tuple[bool, str | None]:
    """Whether a keyring exists here, and the database password it keeps (a system service
    may be asked: never on a GUI thread)."""
    from app import config

    return config.keyring_available(), config.keyring_password(settings.url)


def keep_database_password(settings: Settings, password: str) -> None:
    from app import config

    config.store_keyring_password(settings.url.set(password=None), password)
