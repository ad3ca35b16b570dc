"""Live notices through the server: from a committed call to a display-like WebSocket client.

    .venv/bin/python bench/notice_latency.py [--db-url postgresql://postgres@127.0.0.1/postgres]
        [--samples 200] [--only postgresql|sqlite]

Prints JSON. Targets (issue 10): p95 ≤ 100 ms on PostgreSQL, ≤ 600 ms on SQLite.

A HallDesk server runs in its own process (uvicorn on 127.0.0.1, a free port, the lifespan on:
its one ``events.Listener`` follows the database, LISTEN/NOTIFY on PostgreSQL, a poll of the
change counters on SQLite). A client signed in as the hall's manager holds one WebSocket to
``/api/v1/notices`` subscribed to ``queue``, read by a thread that notes when each notice of
its hall arrives. A window in this process calls ``call_next`` and notes the time its commit
returned; ``notice_ms`` is the difference (both ``time.time()`` on one machine; on
PostgreSQL a notice can arrive a hair before the commit call returns, hence values near zero).
``pressed_ms`` counts from the start of ``call_next``. Calls are spaced by a random pause so
that they fall anywhere within SQLite's poll. The server's settings are recorded with the
figures. PostgreSQL runs in a scratch database created and dropped on the server of
``--db-url`` (or HALLDESK_BENCH_PG_URL); SQLite in a temporary file.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HALLDESK_ARGON2_MEMORY_KIB", "8192")  # signing in is set-up only
os.environ.setdefault("HALLDESK_ARGON2_TIME_COST", "1")
os.environ.setdefault("HALLDESK_ARGON2_ALLOW_WEAK", "1")  # below OWASP's floor: set-up only

from queue_stress import (  # noqa: E402
    NOW,
    PASSWORD,
    latency_main,
    latency_summary,
    percentile,
    prepare,
    warm_up,
)
from sqlalchemy.engine import URL  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from app import events  # noqa: E402
from app.api import notice_codes, notices, sessions  # noqa: E402
from app.db import Database  # noqa: E402
from app.services import auth, queueing  # noqa: E402
from app.services.context import Actor  # noqa: E402

ENV = "HALLDESK_BENCH_PG_URL"
TARGET_P95_MS = {"postgresql": 100.0, "sqlite": 600.0}


def serve(url: str, ports: Any, stop: Any) -> None:
    """The server process: uvicorn with its lifespan (the embedded server's, with a server's
    pool), until ``stop``."""
    from app.api.embedded import EmbeddedServer

    server = EmbeddedServer(Database(url, application_name="bench server", server=True),
                            owns_database=True)
    server.start()
    ports.put(int(server.url.rsplit(":", 1)[1]))
    stop.wait()
    server.stop()


def server_settings(db: Database) -> dict[str, Any]:
    hub = notices.Hub(db)
    poll = hub.poll_seconds or (events.PG_POLL_SECONDS if db.dialect == "postgresql"
                                else events.SQLITE_POLL_SECONDS)
    return {"processes": 1, "uvicorn_ws": "websockets", "host": "127.0.0.1",
            "listener": "LISTEN/NOTIFY + counter poll" if db.dialect == "postgresql"
            else "change-counter poll",
            "listener_poll_seconds": poll, "session_recheck_seconds": hub.recheck_seconds,
            "send_timeout_seconds": hub.send_seconds, "queue_limit": hub.queue_limit,
            "pool_size": db.engine.pool.size() if hasattr(db.engine.pool, "size") else None}


def calls(db: Database, window: Actor, heard: queue.Queue[float], samples: int, spread: float
          ) -> tuple[list[float], list[float], int]:
    """``samples`` calls, each waited for at the socket: (commit → notice, press → notice,
    calls whose notice never came within 5 s)."""
    notice_ms: list[float] = []
    pressed_ms: list[float] = []
    missed = 0
    for _ in range(samples):
        time.sleep(random.uniform(0.01, 0.01 + spread))
        while True:  # forget a repeated notice of an earlier call
            try:
                heard.get_nowait()
            except queue.Empty:
                break
        pressed = time.time()
        with db.scope() as s:
            ticket = queueing.call_next(s, window, now=NOW)
        committed = time.time()
        assert ticket is not None
        try:
            noticed = heard.get(timeout=5)
        except queue.Empty:
            missed += 1
            continue
        notice_ms.append((noticed - committed) * 1000)
        pressed_ms.append((noticed - pressed) * 1000)
    return notice_ms, pressed_ms, missed


def measure(url: URL, dialect: str, samples: int) -> dict[str, Any]:
    actors = prepare(url, 1, samples + 5)
    window = actors[0]
    hall_id = window.hall_id
    db = Database(url, application_name="bench window")
    with db.scope() as s:  # the display-like client's session, as sign-in makes it
        manager = auth.authenticate(s, "boss", PASSWORD, hall_code="B01")
    with db.scope() as s:
        token, _ = sessions.start(s, manager, sessions.server_now(s))
    settings = server_settings(db)
    warm_up(db, window)
    ctx = mp.get_context("spawn")
    ports, stop = ctx.Queue(), ctx.Event()
    proc = ctx.Process(target=serve, args=(url.render_as_string(hide_password=False), ports,
                                           stop))
    proc.start()
    heard: queue.Queue[float] = queue.Queue()
    ready = threading.Event()
    notice_ms: list[float] = []
    pressed_ms: list[float] = []
    missed = 0
    try:
        port = ports.get(timeout=60)
        with connect(f"ws://127.0.0.1:{port}{notice_codes.PATH}", open_timeout=10) as ws:
            ws.send(json.dumps({"token": token, "subscribe": [events.QUEUE]}))

            def read() -> None:
                for raw in ws:
                    message = json.loads(raw)
                    if message.get("topic") == events.RELOAD_ALL:
                        ready.set()
                    elif message == {"topic": events.QUEUE, "hall_id": hall_id}:
                        heard.put(time.time())

            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            if not ready.wait(30):
                raise RuntimeError("the socket never got its first reload")
            spread = 0.02 if dialect == "postgresql" else settings["listener_poll_seconds"]
            notice_ms, pressed_ms, missed = calls(db, window, heard, samples, spread)
    finally:
        stop.set()
        proc.join(30)
        db.dispose()
    notice_ms.sort()
    pressed_ms.sort()
    p95 = percentile(notice_ms, 0.95)
    return {
        "database": dialect,
        "server": settings,
        "samples": len(notice_ms),
        "missed": missed,
        "notice_ms": latency_summary(notice_ms),
        "pressed_ms": latency_summary(pressed_ms),
        "target_p95_ms": TARGET_P95_MS[dialect],
        "met": missed == 0 and p95 <= TARGET_P95_MS[dialect],
    }


def main() -> None:
    latency_main("notice_latency", __doc__, ENV, measure)


if __name__ == "__main__":
    main()
