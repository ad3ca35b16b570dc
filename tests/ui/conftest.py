"""Fixtures for the Qt tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import keyring
import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app.api.embedded import EmbeddedServer
from app.client import ServerClient
from app.db import Database
from app.services.context import Actor
from tests.conftest import PASSWORD
from tests.tcp_proxy import TcpProxy
from tests.test_config import MemoryKeyring
from ui.app import RESOURCES, STYLES, UI_FONTS
from ui.operations import OperationRunner


@pytest.fixture
def pg_behind_proxy(db: Database) -> Iterator[tuple[str, TcpProxy]]:
    """The test database reached through a TCP proxy the test can cut (PostgreSQL only)."""
    if db.dialect != "postgresql":
        pytest.skip("an embedded SQLite file has no network link to lose; PostgreSQL only")
    url = make_url(db.url.render_as_string(hide_password=False))
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.start()
    yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(False), proxy
    proxy.stop()


@pytest.fixture
def ui_server(db: Database) -> Iterator[str]:
    """A real HallDesk server on 127.0.0.1 (the one the counter embeds) over the test
    database; its URL. Widgets built by a test reach the database only through it."""
    server = EmbeddedServer(db)
    url = server.start()
    yield url
    server.stop()


@pytest.fixture
def signed_runner(qtbot: QtBot, db: Database, ui_server: str
                  ) -> Iterator[Callable[..., tuple[OperationRunner, Actor]]]:
    """``signed_runner(username, window=1, hall="H01")``: a runner whose client signed in at
    the test server as that person, with the actor the server gave."""
    made: list[tuple[OperationRunner, ServerClient]] = []

    def sign_in(username: str, password: str = PASSWORD, *, hall: str = "H01",
                window: int | None = 1) -> tuple[OperationRunner, Actor]:
        client = ServerClient(ui_server)
        signed = client.sign_in(username, password, hall_code=hall, window_number=window)
        runner = OperationRunner(client)
        made.append((runner, client))
        return runner, signed.actor

    yield sign_in
    for runner, client in made:
        runner.wait(10000)
        client.close()


@pytest.fixture
def counter_look(qapp: QApplication) -> Iterator[None]:
    """The application's font and style sheet, as create_application sets them (what a
    screen's fit depends on)."""
    font, sheet = qapp.font(), qapp.styleSheet()
    look = qapp.font()
    look.setFamilies(UI_FONTS)
    look.setPixelSize(15)
    qapp.setFont(look)
    qapp.setStyleSheet((STYLES / "counter.qss").read_text(encoding="utf-8").replace(
        "@RESOURCES@", RESOURCES.as_posix()))
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """keyring's backend replaced by one in memory, whose entries a test can read back."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


class RecordingEngine(QObject):
    """A speech engine for tests: records each sentence and 'speaks' for 20 ms."""

    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)
        QTimer.singleShot(20, self.finished.emit)
