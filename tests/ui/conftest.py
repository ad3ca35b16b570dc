"""Fixtures for the Qt tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from app.db import Database
from tests.tcp_proxy import TcpProxy


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
