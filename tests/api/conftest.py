"""A real HallDesk server (uvicorn in a thread, 127.0.0.1, a free port) on the test database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from app.api import create_app
from app.db import Database
from tests.conftest import PASSWORD, Hall


class Server:
    def __init__(self, db: Database) -> None:
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning",
                                lifespan="off", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="halldesk-api", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


class Client:
    """httpx against the server, with the token of a sign-in once there is one."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        self.token: str | None = None

    def post(self, path: str, body: Any = None, *, token: str | None = None,
             content: bytes | None = None) -> httpx.Response:
        token = token or self.token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if content is not None:
            headers["Content-Type"] = "application/json"
            return self.http.post(path, content=content, headers=headers)
        return self.http.post(path, json=body, headers=headers)

    def sign_in(self, username: str, password: str = PASSWORD, hall_code: str = "H01",
                window_number: int | None = 1) -> httpx.Response:
        answer = self.post("/api/v1/session/sign-in", {
            "username": username, "password": password, "hall_code": hall_code,
            "window_number": window_number})
        if answer.status_code == 200:
            self.token = answer.json()["token"]
        return answer

    def call(self, path: str, body: Any = None) -> httpx.Response:
        return self.post(f"/api/v1/{path}", body)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def server(db: Database) -> Iterator[Server]:
    running = Server(db)
    yield running
    running.stop()


@pytest.fixture
def client(server: Server) -> Iterator[Client]:
    made: list[Client] = []
    yield _client(server, made)
    for c in made:
        c.close()


@pytest.fixture
def another(server: Server) -> Iterator[Client]:
    made: list[Client] = []
    yield _client(server, made)
    for c in made:
        c.close()


def _client(server: Server, made: list[Client]) -> Client:
    c = Client(server.url)
    made.append(c)
    return c


__all__ = ["Client", "Hall", "Server"]
