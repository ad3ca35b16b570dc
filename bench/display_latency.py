"""Hall display latency: from a committed call to a separate display process hearing of it.

    .venv/bin/python bench/display_latency.py [--db-url postgresql://postgres@127.0.0.1/postgres]
        [--samples 200] [--only postgresql|sqlite]

Prints JSON. Targets (issue 3): p95 ≤ 100 ms on PostgreSQL (LISTEN/NOTIFY), ≤ 600 ms on SQLite
(a poll of the change counters, every 0.25 s by default).

A window process calls ``call_next`` and notes the time its commit returned; a display process
runs ``app.events.Listener`` and notes when the notice arrived (``notice_ms``), then reloads
the hall's state as the display screen does (``reloaded_ms``: ``queueing.queue_status``);
``pressed_to_reloaded_ms`` counts from the start of ``call_next`` instead, call included.
On PostgreSQL the notice can arrive a hair before the window's commit call returns to it,
hence latencies near or just below zero.
Both clocks are ``time.time()`` on one machine. Calls are spaced by a random pause so that
they fall anywhere within SQLite's poll interval. PostgreSQL runs in a scratch database
created and dropped on the server of ``--db-url`` (or HALLDESK_BENCH_PG_URL); SQLite in a
temporary file. Without a PostgreSQL URL only SQLite is measured.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import random
import sys
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
    latency_main,
    latency_summary,
    percentile,
    prepare,
    warm_up,
)
from sqlalchemy.engine import URL  # noqa: E402

from app import events  # noqa: E402
from app.db import Database  # noqa: E402
from app.permissions import Role  # noqa: E402
from app.services import queueing  # noqa: E402
from app.services.context import Actor  # noqa: E402

ENV = "HALLDESK_BENCH_PG_URL"
TARGET_P95_MS = {"postgresql": 100.0, "sqlite": 600.0}


def display(url: str, hall_id: int, hall_code: str, ready: Any, out: Any, stop: Any) -> None:
    """The hall display: listens, and reloads the hall's state on every queue notice."""
    db = Database(url, application_name="bench display")
    actor = Actor.device(Role.DISPLAY, hall_id, hall_code, "display-1")
    heard: queue.Queue[float] = queue.Queue()

    def on_notice(topic: str, notice_hall: int | None) -> None:  # the listener's thread
        if topic == events.RELOAD_ALL:
            ready.set()
        elif topic == events.QUEUE and notice_hall == hall_id:
            heard.put(time.time())

    with db.scope(readonly=True) as s:  # warm: connected, statements compiled
        queueing.queue_status(s, actor, now=NOW)
    with events.Listener(db, on_notice):
        while not stop.is_set():
            try:
                noticed = heard.get(timeout=0.1)
            except queue.Empty:
                continue
            with db.scope(readonly=True) as s:  # what the screen then shows
                queueing.queue_status(s, actor, now=NOW)
            out.put((noticed, time.time()))
    db.dispose()


def measure(url: URL, dialect: str, samples: int) -> dict[str, Any]:
    actors = prepare(url, 1, samples + 5)
    window = actors[0]
    assert window.hall_id is not None
    ctx = mp.get_context("spawn")
    ready, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=display, args=(url.render_as_string(hide_password=False),
                                             window.hall_id, window.hall_code, ready, out, stop))
    proc.start()
    db = Database(url, application_name="bench window")
    warm_up(db, window)
    poll = events.PG_POLL_SECONDS if dialect == "postgresql" else events.SQLITE_POLL_SECONDS
    spread = 0.02 if dialect == "postgresql" else poll
    notice_ms: list[float] = []
    reloaded_ms: list[float] = []
    pressed_ms: list[float] = []
    missed = 0
    try:
        if not ready.wait(30):
            raise RuntimeError("the display never connected")
        for _ in range(samples):
            time.sleep(random.uniform(0.01, 0.01 + spread))
            while True:  # forget anything left over (a repeated notice of an earlier call)
                try:
                    out.get_nowait()
                except queue.Empty:
                    break
            pressed = time.time()
            with db.scope() as s:
                ticket = queueing.call_next(s, window, now=NOW)
            committed = time.time()
            assert ticket is not None
            try:
                noticed, reloaded = out.get(timeout=5)
            except queue.Empty:
                missed += 1
                continue
            notice_ms.append((noticed - committed) * 1000)
            reloaded_ms.append((reloaded - committed) * 1000)
            pressed_ms.append((reloaded - pressed) * 1000)
    finally:
        stop.set()
        proc.join(10)
        db.dispose()
    notice_ms.sort()
    reloaded_ms.sort()
    pressed_ms.sort()
    p95 = percentile(notice_ms, 0.95)
    return {
        "database": dialect,
        "listener": "LISTEN/NOTIFY" if dialect == "postgresql" else f"poll every {poll} s",
        "samples": len(notice_ms),
        "missed": missed,
        "notice_ms": latency_summary(notice_ms),
        "reloaded_ms": latency_summary(reloaded_ms),
        "pressed_to_reloaded_ms": latency_summary(pressed_ms),
        "target_p95_ms": TARGET_P95_MS[dialect],
        "met": missed == 0 and p95 <= TARGET_P95_MS[dialect],
    }


def main() -> None:
    latency_main("display_latency", __doc__, ENV, measure)


if __name__ == "__main__":
    main()
