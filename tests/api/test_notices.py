"""Live notices through the server (``/api/v1/notices``): a real uvicorn with its lifespan (so
the server's one listener follows the test database) and real WebSocket clients."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import text, update
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from app import events
from app.api import create_app, notice_codes, notices
from app.db import Database
from app.models import Staff, StaffSession
from app.services import staff
from app.services.context import Actor
from tests.api.conftest import Client, Server
from tests.api.test_devices import device_session, ok, register
from tests.conftest import Hall

RECHECK = 0.5  # the tests' session check; the server's default is notices.RECHECK_SECONDS


class NoticeServer:
    """uvicorn in a thread on 127.0.0.1 port 0, lifespan on: the hub starts and stops with it."""

    def __init__(self, db: Database, *, send_buffer: int | None = None,
                 **hub_settings: Any) -> None:
        self.hub = notices.Hub(db, recheck_seconds=RECHECK, **hub_settings)
        config = uvicorn.Config(create_app(db, hub=self.hub), host="127.0.0.1", port=0,
                                log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if send_buffer is not None:  # accepted connections inherit it (Linux)
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
        listening.bind(("127.0.0.1", 0))
        self.listening = listening
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [listening]},
                                       name="halldesk-api", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}{notice_codes.PATH}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.listening.close()


@pytest.fixture
def live(db: Database) -> Iterator[NoticeServer]:
    running = NoticeServer(db)
    yield running
    running.stop()


class Sockets(list[ClientConnection]):
    """The test's sockets, each opened as websockets wants it (a context) and closed after."""

    def __init__(self, stack: contextlib.ExitStack) -> None:
        super().__init__()
        self.stack = stack

    def open(self, url: str, **options: Any) -> ClientConnection:
        ws = self.stack.enter_context(connect(url, open_timeout=10, **options))
        self.append(ws)
        return ws


@pytest.fixture
def sockets() -> Iterator[Sockets]:
    with contextlib.ExitStack() as stack:
        yield Sockets(stack)


@pytest.fixture
def clients(live: NoticeServer) -> Iterator[list[Client]]:
    made: list[Client] = []
    yield made
    for c in made:
        c.close()


def signed_in(live: NoticeServer, clients: list[Client], username: str, hall_code: str = "H01",
              window_number: int | None = 1) -> Client:
    c = Client(live.url)
    clients.append(c)
    assert c.sign_in(username, hall_code=hall_code, window_number=window_number
                     ).status_code == 200
    return c


def follow(live: NoticeServer, sockets: Sockets, token: str | None,
           subscribe: list[str] | None = None, *, reload: bool = True,
           **options: Any) -> ClientConnection:
    """A socket signed in with ``token``; by default waits for the reload every socket gets
    first, so that the subscription is in effect when it returns."""
    ws = sockets.open(live.ws_url, **options)
    hello: dict[str, Any] = {"token": token}
    if subscribe is not None:
        hello["subscribe"] = subscribe
    ws.send(json.dumps(hello))
    if reload:
        assert receive(ws) == {"topic": "*"}
    return ws


def receive(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    value = json.loads(ws.recv(timeout=timeout))
    assert isinstance(value, dict)
    return value


def receive_until(ws: ClientConnection, wanted: dict[str, Any], timeout: float = 10) -> None:
    """Read until ``wanted`` arrives (a notice may come with others: a sign-in's, say)."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            message = receive(ws, max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            break
        if message == wanted:
            return
        seen.append(message)
    raise AssertionError(f"{wanted} never came; got {seen}")


def nothing_more(ws: ClientConnection, topic: str, wait: float = 1.0) -> None:
    """No message of ``topic`` within ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = receive(ws, left)
        except TimeoutError:
            return
        assert message.get("topic") != topic, message


def closed_with(ws: ClientConnection, code: int, reason: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    with pytest.raises(ConnectionClosed) as caught:
        while time.monotonic() < deadline:
            ws.recv(timeout=max(0.01, deadline - time.monotonic()))
    assert caught.value.rcvd is not None, "closed without a close frame"
    assert (caught.value.rcvd.code, caught.value.rcvd.reason) == (code, reason)


def test_a_call_reaches_its_halls_sockets_and_an_admins_but_not_another_halls(
        db: Database, hall: Hall, system: Actor, admin: Actor, live: NoticeServer,
        clients: list[Client], sockets: Sockets) -> None:
    other = Hall(db, system, "H02", "第二营业厅")
    clerk = signed_in(live, clients, hall.users["clerk"])
    display = follow(live, sockets, signed_in(live, clients, hall.users["hall_manager"],
                                              window_number=None).token)
    elsewhere = follow(live, sockets, signed_in(live, clients, other.users["hall_manager"],
                                                hall_code="H02", window_number=None).token)
    everywhere = follow(live, sockets, signed_in(live, clients, "admin", hall_code="",
                                                 window_number=None).token)
    assert clerk.call("queueing/call_next").status_code == 200
    wanted = {"topic": "queue", "hall_id": hall.info.id}
    receive_until(display, wanted)
    receive_until(everywhere, wanted)
    nothing_more(elsewhere, "queue")


def test_an_enrolled_hall_display_follows_its_hall_until_it_is_revoked(
        db: Database, hall: Hall, system: Actor, admin: Actor, live: NoticeServer,
        clients: list[Client], sockets: Sockets) -> None:
    Hall(db, system, "H02", "第二营业厅")
    boss = signed_in(live, clients, "admin", hall_code="", window_number=None)
    given = register(boss, "大厅显示屏", role="display")
    screen = Client(live.url)
    clients.append(screen)
    device_session(boss, screen, given)
    display = follow(live, sockets, screen.token, [events.QUEUE])
    there = signed_in(live, clients, "clerk_h02", hall_code="H02")
    assert there.call("queueing/call_next").status_code == 200
    nothing_more(display, "queue")  # another hall's call
    clerk = signed_in(live, clients, hall.users["clerk"])
    assert clerk.call("queueing/call_next").status_code == 200
    receive_until(display, {"topic": "queue", "hall_id": hall.info.id})
    ok(boss.call("devices/revoke_device", {"device_id": given["device_id"], "reason": "被盗"}))
    closed_with(display, notice_codes.CLOSE_REFUSED, "session_ended")


def test_a_hall_less_notice_reaches_every_hall(
        db: Database, hall: Hall, system: Actor, live: NoticeServer, clients: list[Client],
        sockets: Sockets) -> None:
    other = Hall(db, system, "H02", "第二营业厅")
    here = follow(live, sockets, signed_in(live, clients, hall.users["clerk"]).token, ["news"])
    there = follow(live, sockets, signed_in(live, clients, other.users["clerk"],
                                            hall_code="H02").token, ["news"])
    with db.scope() as s:
        events.notify(s, "news", None)
        s.commit()
    receive_until(here, {"topic": "news", "hall_id": None})
    receive_until(there, {"topic": "news", "hall_id": None})


def test_a_socket_gets_only_the_topics_it_subscribed_to_and_may_change_them(
        hall: Hall, live: NoticeServer, clients: list[Client],
        sockets: Sockets) -> None:
    clerk = signed_in(live, clients, hall.users["clerk"])
    manager = signed_in(live, clients, hall.users["hall_manager"], window_number=None)
    queue = follow(live, sockets, manager.token, ["queue"])
    payments = follow(live, sockets, manager.token, ["payments"])
    assert clerk.call("queueing/call_next").status_code == 200
    wanted = {"topic": "queue", "hall_id": hall.info.id}
    receive_until(queue, wanted)
    nothing_more(payments, "queue")

    payments.send(json.dumps({"subscribe": ["payments", "queue"]}))
    assert receive(payments) == {"subscribed": ["payments", "queue"]}
    assert clerk.call("queueing/call_next").status_code == 200
    receive_until(payments, wanted)


def test_a_bad_subscription_closes_the_socket_as_invalid(
        hall: Hall, live: NoticeServer, clients: list[Client],
        sockets: Sockets) -> None:
    token = signed_in(live, clients, hall.users["clerk"]).token
    ws = follow(live, sockets, token)
    ws.send(json.dumps({"subscribe": ["queue:1"]}))
    closed_with(ws, notice_codes.CLOSE_BAD_MESSAGE, "validation")
    closed_with(follow(live, sockets, token, "queue", reload=False),  # type: ignore[arg-type]
                notice_codes.CLOSE_BAD_MESSAGE, "validation")
    ws = follow(live, sockets, token)
    ws.send(b"\x00binary")
    closed_with(ws, notice_codes.CLOSE_BAD_MESSAGE, "validation")


def test_every_socket_reloads_first_and_again_after_the_listener_reconnects(
        db: Database, dialect: str, hall: Hall, live: NoticeServer, clients: list[Client],
        sockets: Sockets) -> None:
    ws = follow(live, sockets, signed_in(live, clients, hall.users["clerk"]).token, [])
    assert live.hub.following
    if dialect == "postgresql":  # the database drops the listener's connection
        with db.scope() as s:
            s.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'HallDesk server notices' "
                "AND datname = current_database()"))
    else:  # the file is away for a moment (a restore, a share that dropped)
        path = Path(str(db.url.database))
        path.rename(path.with_suffix(".away"))
        deadline = time.monotonic() + 10
        while live.hub.following and time.monotonic() < deadline:
            time.sleep(0.05)
        path.with_suffix(".away").rename(path)
    assert receive(ws, timeout=15) == {"topic": "*"}


@pytest.mark.parametrize(("how", "key"), [("signed_out", "session_ended"),
                                          ("disabled", "session_ended"),
                                          ("role_changed", "session_ended"),
                                          ("expired", "session_expired")])
def test_a_session_that_ends_closes_its_sockets_within_seconds(
        db: Database, hall: Hall, admin: Actor, live: NoticeServer, clients: list[Client],
        sockets: Sockets, how: str, key: str) -> None:
    clerk = signed_in(live, clients, hall.users["clerk"])
    ws = follow(live, sockets, clerk.token)
    started = time.monotonic()
    if how == "signed_out":
        assert clerk.post("/api/v1/session/sign-out").status_code == 200
    elif how == "disabled":
        with db.scope() as s:
            staff.set_active(s, admin, hall.users["clerk"], False, reason="离职")
    else:
        with db.scope() as s:
            if how == "role_changed":
                s.execute(update(Staff).where(Staff.username == hall.users["clerk"])
                          .values(role="cashier"))
            else:
                s.execute(update(StaffSession).values(
                    expires_at=datetime.now(UTC) - timedelta(minutes=1)))
            s.commit()
    closed_with(ws, notice_codes.CLOSE_REFUSED, key)
    assert time.monotonic() - started < RECHECK + 3


def test_a_socket_is_refused_without_a_live_session(
        hall: Hall, live: NoticeServer, clients: list[Client],
        sockets: Sockets) -> None:
    closed_with(follow(live, sockets, "forged-token", reload=False),
                notice_codes.CLOSE_REFUSED, "not_signed_in")
    closed_with(follow(live, sockets, None, reload=False), notice_codes.CLOSE_REFUSED,
                "not_signed_in")
    clerk = signed_in(live, clients, hall.users["clerk"])
    assert clerk.post("/api/v1/session/lock").status_code == 200
    closed_with(follow(live, sockets, clerk.token, reload=False), notice_codes.CLOSE_REFUSED,
                "session_locked")
    assert clerk.post("/api/v1/session/sign-out").status_code == 200
    closed_with(follow(live, sockets, clerk.token, reload=False), notice_codes.CLOSE_REFUSED,
                "session_ended")


def test_locking_closes_the_socket(hall: Hall, live: NoticeServer, clients: list[Client],
                                   sockets: Sockets) -> None:
    clerk = signed_in(live, clients, hall.users["clerk"])
    ws = follow(live, sockets, clerk.token)
    assert clerk.post("/api/v1/session/lock").status_code == 200
    closed_with(ws, notice_codes.CLOSE_REFUSED, "session_locked")


def test_a_client_that_reads_nothing_does_not_delay_anothers_notice(
        db: Database, hall: Hall, clients: list[Client], sockets: Sockets) -> None:
    # A small send buffer (loopback's grows to megabytes) and a queue long enough for the whole
    # flood, so that the stuck socket's buffers fill and its sender waits (with the default 64
    # the backlog would become a few reloads, as the fan-out test below shows).
    live = NoticeServer(db, send_buffer=4096, send_seconds=3.0, queue_limit=5000)
    stuck_socket = None
    try:
        manager = signed_in(live, clients, hall.users["hall_manager"], window_number=None)
        stuck_socket = stuck_follower(live, str(manager.token))  # never read
        fast = follow(live, sockets, manager.token, [events.QUEUE])
        deadline = time.monotonic() + 10
        while len(live.hub.subscribers) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        (stuck,) = [sub for sub in live.hub.subscribers if sub.topics is None]
        with db.scope() as s:  # distinct topics, nothing merges them: the stuck socket's
            for n in range(4000):  # buffers fill and its sender waits
                events.notify(s, f"flood{n}", hall.info.id)
            s.commit()
        clerk = signed_in(live, clients, hall.users["clerk"])
        started = time.monotonic()
        assert clerk.call("queueing/call_next").status_code == 200
        receive_until(fast, {"topic": "queue", "hall_id": hall.info.id})
        assert time.monotonic() - started < 2.0
        deadline = time.monotonic() + 15
        while stuck in live.hub.subscribers and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stuck.closing == (notice_codes.CLOSE_TOO_SLOW, "too_slow")
        assert stuck not in live.hub.subscribers
    finally:
        if stuck_socket is not None:
            stuck_socket.close()
        for ws in sockets:
            ws.close()
        live.stop()


def stuck_follower(live: NoticeServer, token: str) -> socket.socket:
    """A WebSocket client by hand that signs in and then never reads, with a small receive
    window: what the server writes to it soon fills every buffer on the way."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)  # before connect: the window
    sock.connect(("127.0.0.1", int(live.url.rsplit(":", 1)[1])))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {notice_codes.PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(1)
    assert answer.startswith(b"HTTP/1.1 101"), answer
    payload = json.dumps({"token": token}).encode()
    assert len(payload) < 126
    mask = os.urandom(4)
    sock.sendall(bytes([0x81, 0x80 | len(payload)]) + mask
                 + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    return sock


def test_a_socket_without_the_lifespan_is_told_notices_are_unavailable(
        hall: Hall, server: Server, client: Client) -> None:
    client.sign_in(hall.users["clerk"])
    with (connect(server.url.replace("http", "ws") + notice_codes.PATH) as ws,
          pytest.raises(ConnectionClosed) as caught):
        ws.recv(timeout=10)
    assert caught.value.rcvd is not None
    assert caught.value.rcvd.code == notice_codes.CLOSE_UNAVAILABLE


def test_the_listener_starts_and_stops_with_the_server(db: Database) -> None:
    running = NoticeServer(db)
    assert running.hub.running
    deadline = time.monotonic() + 10
    while not running.hub.following and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.hub.following
    running.stop()
    assert not running.hub.running
    assert not any(t.name == "halldesk-notices" and t.is_alive()
                   for t in threading.enumerate() if t is not threading.current_thread())


# --- the fan-out itself, with sockets that never take anything ---------------------------------


class FakeSocket:
    """Enough of starlette's WebSocket for ``_serve``: ``stuck`` never finishes a send."""

    def __init__(self, stuck: bool) -> None:
        self.stuck = stuck
        self.sent: list[dict[str, Any]] = []
        self.closed: tuple[int, str] | None = None
        self._never = asyncio.Event()

    async def send_text(self, data: str) -> None:
        if self.stuck:
            await self._never.wait()
        self.sent.append(json.loads(data))

    async def receive_text(self) -> str:
        await self._never.wait()
        return ""

    async def close(self, code: int = 1000, reason: str = "") -> None:
        self.closed = (code, reason)


def test_a_stuck_socket_neither_blocks_the_fan_out_nor_grows_without_bound() -> None:
    async def scenario() -> None:
        hub = notices.Hub(None, send_seconds=0.5, queue_limit=8)  # type: ignore[arg-type]
        stuck_ws, quick_ws = FakeSocket(stuck=True), FakeSocket(stuck=False)
        stuck = notices.Subscriber(1, hall_id=7, all_halls=False, limit=8)
        quick = notices.Subscriber(2, hall_id=7, all_halls=False, limit=8)
        hub.subscribers |= {stuck, quick}
        tasks = [asyncio.create_task(notices._serve(ws, hub, sub))  # type: ignore[arg-type]
                 for ws, sub in ((stuck_ws, stuck), (quick_ws, quick))]
        await asyncio.sleep(0)
        started = time.monotonic()
        for n in range(1000):
            hub.publish(f"t{n}", 7)
            assert len(stuck.pending) <= 8
        assert time.monotonic() - started < 0.5  # publishing never waited for a socket
        await asyncio.sleep(0.1)  # the loop runs the senders between two notices
        hub.publish("queue", 7)
        deadline = time.monotonic() + 2
        while {"topic": "queue", "hall_id": 7} not in quick_ws.sent:
            assert time.monotonic() < deadline, "the quick socket was held up"
            await asyncio.sleep(0.01)
        assert stuck.overflows > 0  # its backlog became one reload
        assert len(stuck.pending) <= 8
        await asyncio.wait_for(tasks[0], 5)  # the stuck one is closed as too slow
        assert stuck_ws.closed == (notice_codes.CLOSE_TOO_SLOW, "too_slow")
        tasks[1].cancel()

    asyncio.run(scenario())


def test_pending_notices_merge_and_a_reload_covers_them() -> None:
    sub = notices.Subscriber(1, hall_id=3, all_halls=False, limit=4)
    for _ in range(3):
        sub.push(("queue", 3), "q")
    sub.push(("payments", 3), "p")
    assert sub.take() == ["q", "p"]
    sub.push(("queue", 3), "q")
    sub.push(("*", None), "r")
    sub.push(("payments", 3), "p")
    assert sub.take() == ["r"]
    assert sub.wants("queue", 3) and sub.wants("queue", None) and not sub.wants("queue", 4)
    sub.topics = frozenset({"payments"})
    assert not sub.wants("queue", 3) and sub.wants("*", None)
