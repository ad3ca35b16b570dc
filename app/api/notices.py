"""Live notices through the server: one WebSocket per client at ``/api/v1/notices``.

Each server process follows the database once (one ``events.Listener``, started and stopped
with the application's lifespan) and fans every notice out to the sockets connected to it,
so a client needs no database connection of its own to stay current.

The conversation, all JSON text frames:

- The client's first message signs the socket in: ``{"token": "<the sign-in token>",
  "subscribe": ["queue"]}`` (``subscribe`` left out or ``null``: every topic). The token
  travels in a message, not in the URL's query string, because URLs end up in access logs and
  proxies' logs, and not in a header, because browsers cannot set one on a WebSocket. The
  same session rules as every request apply (``sessions.resolve``): an unknown, ended,
  expired or locked session is refused with close code ``4401`` and the refusal's key
  (``not_signed_in``, ``session_ended``, ``session_expired``, ``session_locked``) as the
  close reason. No first message within ``HELLO_SECONDS``: ``4401 not_signed_in``.
- The server answers ``{"topic": "*"}``: reload everything (nobody followed the changes for
  this client until now). The same arrives whenever the server's listener reconnects to
  the database, since notices sent meanwhile are lost.
- Then one message per change: ``{"topic": "queue", "hall_id": 12}`` (``hall_id`` null for
  a change that is no hall's). A socket gets its own hall's notices and hall-less ones, an
  administrator's every hall's; and only the topics it subscribed to (``{"topic": "*"}``
  always). A notice means "reload this", never "one thing happened": repeats are merged.
- ``{"subscribe": [...]}`` (or ``null``) changes the topics at any time; the server answers
  ``{"subscribed": [...]}`` once it is in effect. A message that is not one of these closes
  the socket with ``4400 validation``.
- The server checks the connected sessions every ``RECHECK_SECONDS`` (one query for all of
  them): a session signed out, ended by a disabled account or a changed role, expired or
  locked closes its sockets with ``4401`` and the key, as at connect.

Slow and dead clients: the fan-out never waits for a socket. Each socket has a bounded queue
of pending notices (``QUEUE_LIMIT``); a notice already pending is merged; a queue that
overflows is replaced by one ``{"topic": "*"}`` (reload all: cheaper for the client than a
backlog, and nothing is silently lost). A client that does not take a message within
``SEND_SECONDS`` is closed with ``4408 too_slow``; it reconnects and reloads.
A server whose listener could not start (an in-memory SQLite database) or that runs without
its lifespan closes new sockets with ``1013 notices_unavailable``; a server that stops closes
them with uvicorn's ``1012`` (service restart). A client reconnects after any close but a
``4401`` (sign in again first) and reloads on the ``{"topic": "*"}`` it then gets.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from app import events
from app.api import sessions
from app.api.errors import NotSignedIn, SessionEnded, SessionExpired, SessionLocked
from app.api.notice_codes import (
    CLOSE_BAD_MESSAGE,
    CLOSE_GOING_AWAY,
    CLOSE_REFUSED,
    CLOSE_TOO_SLOW,
    CLOSE_UNAVAILABLE,
    PATH,
)
from app.db import Database
from app.errors import HallDeskError
from app.models import Staff, StaffSession
from app.permissions import Role

log = logging.getLogger("halldesk.api.notices")

HELLO_SECONDS = 10.0  # the first message (the token) must come within this
RECHECK_SECONDS = 2.0  # how often the connected sessions are checked against the database
SEND_SECONDS = 5.0  # a client that takes no message for this long is closed as too slow
QUEUE_LIMIT = 64  # pending notices per socket; beyond it they become one reload
MAX_TOPICS = 32


_Key = tuple[str, int | None]
_RELOAD: _Key = (events.RELOAD_ALL, None)
_ACK: _Key = ("+subscribed", None)  # not a topic: ':' and '+' never start one the hub sends


class BadMessage(ValueError):
    pass


def parse_topics(value: Any) -> frozenset[str] | None:
    """A subscription: None (every topic) or a list of topic names."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_TOPICS:
        raise BadMessage(f"subscribe is null or a list of at most {MAX_TOPICS} topics")
    for topic in value:
        if (not isinstance(topic, str) or not topic or ":" in topic
                or len(topic) > events.MAX_TOPIC_LENGTH):
            raise BadMessage(f"not a topic: {topic!r}")
    return frozenset(value)


@dataclass(eq=False)
class Subscriber:
    """One connected socket as the fan-out sees it: whose it is and what waits to be sent."""

    session_id: int
    hall_id: int | None
    all_halls: bool
    topics: frozenset[str] | None = None
    limit: int = QUEUE_LIMIT
    pending: dict[_Key, str] = field(default_factory=dict)  # insertion-ordered
    closing: tuple[int, str] | None = None
    overflows: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def wants(self, topic: str, hall_id: int | None) -> bool:
        if topic == events.RELOAD_ALL:
            return True
        if self.topics is not None and topic not in self.topics:
            return False
        return hall_id is None or self.all_halls or hall_id == self.hall_id

    def push(self, key: _Key, payload: str) -> None:
        """Queue a message without ever waiting (runs on the event loop, from the fan-out)."""
        if self.closing is not None:
            return
        if key != _ACK and _RELOAD in self.pending:
            return  # a pending reload already covers it
        if key == _RELOAD:
            ack = self.pending.get(_ACK)
            self.pending.clear()
            if ack is not None:
                self.pending[_ACK] = ack
        elif key not in self.pending and len(self.pending) >= self.limit:
            self.overflows += 1
            ack = self.pending.get(_ACK)
            self.pending.clear()
            if ack is not None:
                self.pending[_ACK] = ack
            key, payload = _RELOAD, _reload_payload()
        self.pending.pop(key, None)  # an ack replaced moves to the end
        self.pending[key] = payload
        self.wake.set()

    def take(self) -> list[str]:
        out = list(self.pending.values())
        self.pending.clear()
        self.wake.clear()
        return out

    def is_closing(self) -> bool:
        return self.closing is not None

    def close(self, code: int, reason: str) -> None:
        if self.closing is None:
            self.closing = (code, reason)
            self.pending.clear()
        self.wake.set()


def _reload_payload() -> str:
    return json.dumps({"topic": events.RELOAD_ALL})


def _notice_payload(topic: str, hall_id: int | None) -> str:
    if topic == events.RELOAD_ALL:
        return _reload_payload()
    return json.dumps({"topic": topic, "hall_id": hall_id})


class Hub:
    """The process's one follower of the database and its sockets."""

    def __init__(self, db: Database, *, poll_seconds: float | None = None,
                 recheck_seconds: float = RECHECK_SECONDS,
                 send_seconds: float = SEND_SECONDS, queue_limit: int = QUEUE_LIMIT) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self.recheck_seconds = recheck_seconds
        self.send_seconds = send_seconds
        self.queue_limit = queue_limit
        self.subscribers: set[Subscriber] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: events.Listener | None = None
        self._watcher: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._listener is not None

    @property
    def following(self) -> bool:
        """Whether the listener follows the database right now."""
        return self._listener is not None and self._listener.connected

    def settings(self) -> dict[str, Any]:
        """What a benchmark records with its figures."""
        listener = self._listener
        return {"listener_poll_seconds": listener.poll_seconds if listener else None,
                "recheck_seconds": self.recheck_seconds, "send_seconds": self.send_seconds,
                "queue_limit": self.queue_limit, "dialect": self.db.dialect}

    # --- lifespan -------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        try:
            listener = events.Listener(self.db, self._from_listener,
                                       poll_seconds=self.poll_seconds,
                                       application_name="HallDesk server notices")
        except ValueError as exc:  # an in-memory SQLite database has nothing to follow
            log.warning("live notices unavailable: %s", exc)
            return
        listener.start()
        self._listener = listener
        self._watcher = asyncio.create_task(self._watch(), name="halldesk-notice-sessions")

    async def stop(self) -> None:
        listener, self._listener = self._listener, None
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
        for sub in list(self.subscribers):
            sub.close(CLOSE_GOING_AWAY, "server_stopping")
        if listener is not None:
            await run_in_threadpool(listener.stop)

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    # --- fan-out ----------------------------------------------------------------------------

    def _from_listener(self, topic: str, hall_id: int | None) -> None:
        """The listener's thread: hand the notice to the event loop, never wait for it."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self.publish, topic, hall_id)

    def publish(self, topic: str, hall_id: int | None) -> None:
        """Queue a notice for every socket that wants it (on the event loop; never blocks)."""
        key = (topic, None if topic == events.RELOAD_ALL else hall_id)
        payload = _notice_payload(topic, hall_id)
        for sub in self.subscribers:
            if sub.wants(topic, hall_id):
                sub.push(key, payload)

    # --- sessions ---------------------------------------------------------------------------

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.recheck_seconds)
            ids = {sub.session_id for sub in self.subscribers if sub.closing is None}
            if not ids:
                continue
            try:
                refused = await run_in_threadpool(session_refusals, self.db, ids)
            except Exception as exc:  # the database is away: the listener says so too
                log.warning("live notices: could not check the sessions: %s", exc)
                continue
            for sub in list(self.subscribers):
                key = refused.get(sub.session_id)
                if key is not None:
                    sub.close(CLOSE_REFUSED, key)


def session_refusals(db: Database, session_ids: Iterable[int]) -> dict[int, str]:
    """The sessions among ``session_ids`` that may no longer follow notices, each with the key
    of the refusal a request of theirs would get now (the rules of ``sessions.resolve``, for
    people and devices alike), the sessions and their staff rows in one query per 500."""
    ids = sorted(set(session_ids))
    out: dict[int, str] = {}
    with db.scope(readonly=True) as s:
        now = sessions.server_now(s)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = s.execute(
                select(StaffSession, Staff)
                .join(Staff, Staff.id == StaffSession.staff_id, isouter=True)
                .where(StaffSession.id.in_(chunk))).all()
            found = set()
            for row, _staff in rows:  # the staff rows: loaded for _staff below
                found.add(row.id)
                if row.ended_at is not None:  # signed out, or ended by the server
                    out[row.id] = SessionEnded.key
                    continue
                reason, _ = (sessions._device(s, row, now) if row.device_id is not None
                             else sessions._staff(s, row, now))
                if reason == "expired":
                    out[row.id] = SessionExpired.key
                elif reason is not None:  # disabled, another role or hall, a revoked device
                    out[row.id] = SessionEnded.key
                elif row.locked:
                    out[row.id] = SessionLocked.key
            for missing in set(chunk) - found:
                out[missing] = NotSignedIn.key
    return out


# --- the endpoint -----------------------------------------------------------------------------


def install(api: FastAPI, hub: Hub) -> None:
    """Add ``/api/v1/notices`` to the application; ``hub`` runs with its lifespan."""
    api.state.notices = hub

    @api.websocket(PATH)
    async def notices(ws: WebSocket) -> None:
        await ws.accept()
        if not hub.running:
            await ws.close(CLOSE_UNAVAILABLE, "notices_unavailable")
            return
        sub = await _sign_in(ws, hub)
        if sub is None:
            return
        hub.subscribers.add(sub)
        sub.push(_RELOAD, _reload_payload())
        try:
            await _serve(ws, hub, sub)
        finally:
            hub.subscribers.discard(sub)


async def _sign_in(ws: WebSocket, hub: Hub) -> Subscriber | None:
    try:
        first = await asyncio.wait_for(ws.receive_text(), HELLO_SECONDS)
    except KeyError:  # a binary frame: messages are JSON text
        await _close(ws, CLOSE_BAD_MESSAGE, "validation", hub.send_seconds)
        return None
    except (TimeoutError, WebSocketDisconnect, RuntimeError):
        await _close(ws, CLOSE_REFUSED, NotSignedIn.key, hub.send_seconds)
        return None
    try:
        message = json.loads(first)
        if not isinstance(message, dict) or set(message) - {"token", "subscribe"}:
            raise BadMessage("the first message is {\"token\": ..., \"subscribe\": [...]}")
        token = message.get("token")
        topics = parse_topics(message.get("subscribe"))
    except (ValueError, BadMessage):
        await _close(ws, CLOSE_BAD_MESSAGE, "validation", hub.send_seconds)
        return None
    try:
        signed = await run_in_threadpool(
            sessions.resolve, hub.db, token if isinstance(token, str) else None)
    except HallDeskError as exc:
        await _close(ws, CLOSE_REFUSED, exc.key, hub.send_seconds)
        return None
    actor = signed.actor
    return Subscriber(session_id=signed.session_id, hall_id=actor.hall_id,
                      all_halls=actor.role == Role.ADMIN.value, topics=topics,
                      limit=hub.queue_limit)


async def _serve(ws: WebSocket, hub: Hub, sub: Subscriber) -> None:
    """Send what is queued and read subscription changes until either side ends."""
    reader = asyncio.create_task(_read(ws, sub))
    try:
        while True:
            waker = asyncio.create_task(sub.wake.wait())
            done, _ = await asyncio.wait({waker, reader}, return_when=asyncio.FIRST_COMPLETED)
            if waker not in done:
                waker.cancel()
            if reader in done and not sub.is_closing():
                return  # the client left
            if sub.is_closing():
                break
            for payload in sub.take():
                try:
                    await asyncio.wait_for(ws.send_text(payload), hub.send_seconds)
                except TimeoutError:
                    sub.close(CLOSE_TOO_SLOW, "too_slow")
                    break
                except (WebSocketDisconnect, RuntimeError, OSError):
                    return
            if sub.is_closing():
                break
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await reader
    if sub.is_closing():
        assert sub.closing is not None
        await _close(ws, *sub.closing, hub.send_seconds)


async def _read(ws: WebSocket, sub: Subscriber) -> None:
    while True:
        try:
            text = await ws.receive_text()
        except KeyError:  # a binary frame: messages are JSON text
            sub.close(CLOSE_BAD_MESSAGE, "validation")
            return
        except (WebSocketDisconnect, RuntimeError):
            return
        try:
            message = json.loads(text)
            if not isinstance(message, dict) or set(message) != {"subscribe"}:
                raise BadMessage("a message after the first is {\"subscribe\": [...]}")
            sub.topics = parse_topics(message["subscribe"])
        except (ValueError, BadMessage):
            sub.close(CLOSE_BAD_MESSAGE, "validation")
            return
        topics = None if sub.topics is None else sorted(sub.topics)
        sub.push(_ACK, json.dumps({"subscribed": topics}))


async def _close(ws: WebSocket, code: int, reason: str, timeout: float) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(ws.close(code, reason), timeout)
