"""A HallDesk server in a background thread of this process, on 127.0.0.1 and a free port.

The zero-setup default (``python3 dev.py run`` with the embedded SQLite file) starts one, so
the counter, kiosk and display take the same path as at a utility (a client talking to a
server) and the file is opened by the server alone. Tests and benchmarks start one the same
way on their own database. Plain HTTP, loopback only: nothing leaves the PC.
"""

from __future__ import annotations

import threading
import time

import uvicorn

from app.api.app import create_app
from app.api.notices import Hub
from app.db import Database


class EmbeddedServer:
    """``start()`` returns once the server answers; ``url`` is where it listens."""

    def __init__(self, db: Database, *, hub: Hub | None = None, live: bool = True) -> None:
        self.db = db
        config = uvicorn.Config(create_app(db, hub=hub), host="127.0.0.1", port=0,
                                log_level="warning", access_log=False,
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
