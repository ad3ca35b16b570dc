"""Hall display latency: from a committed call to the Qt display hearing of it through the
HallDesk server, and to its reloaded state.

    .venv/bin/python bench/display_latency.py [--db-url postgresql://postgres@127.0.0.1/postgres]
        [--samples 200] [--only postgresql|sqlite]

Prints JSON. Targets (issue 3, kept by issue 10): p95 ≤ 100 ms on PostgreSQL, ≤ 600 ms on
SQLite, commit → ``LiveNotices.changed``.

Three processes, as in a hall: a HallDesk server (uvicorn on 127.0.0.1, a free port, the
lifespan on: its one ``events.Listener`` follows the database, LISTEN/NOTIFY on PostgreSQL, a
poll of the change counters on SQLite), a display process with no database (a Qt event loop,
a client signed in as an enrolled display device, ``ui.live.LiveNotices`` on the server's
WebSocket subscribed to ``queue``, and the display's ``Reloader`` running
``display_ops.queue_status`` through an ``OperationRunner`` worker, as ``HallDisplay`` does),
and a window here that calls ``call_next`` and notes when its commit returned.
``notice_ms``: commit → the ``changed`` signal on the display's GUI thread; ``reloaded_ms``:
commit → the reloaded state back on the GUI thread (the queue status over HTTP);
``pressed_to_reloaded_ms`` counts from the start of ``call_next`` instead. Both clocks are
``time.time()`` on one machine; on PostgreSQL a notice can arrive a hair before the commit
call returns, hence values near zero. Calls are spaced by a random pause so that they fall
anywhere within SQLite's poll. PostgreSQL runs in a scratch database created and dropped on
the server of ``--db-url`` (or HALLDESK_BENCH_PG_URL); SQLite in a temporary file. The
server's and the display's settings are recorded with the figures.
(``bench/notice_latency.py`` measures the server's half alone: commit → a raw socket.)
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

from notice_latency import serve, server_settings  # noqa: E402
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

from app.client import ServerClient  # noqa: E402
from app.db import Database  # noqa: E402
from app.services import auth, devices, queueing  # noqa: E402
from app.services.context import Actor  # noqa: E402

ENV = "HALLDESK_BENCH_PG_URL"
TARGET_P95_MS = {"postgresql": 100.0, "sqlite": 600.0}
RECENT_LOADED = 20  # as ui.display.window.RECENT_LOADED


def display(server_url: str, credential: str, ready: Any, out: Any, stop: Any) -> None:
    """The hall display's process: no database; the server's notices and its reloads."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from app import events
    from app.services.queueing import QueueStatus
    from ui.live import LiveNotices, Reloader
    from ui.operations import OperationRunner
    from ui.ops import display as display_ops

    app = QCoreApplication([])
    client = ServerClient(server_url)
    signed = client.device_sign_in(credential)
    display_ops.queue_status(RECENT_LOADED)(client)  # warm: connected, the server's too
    runner = OperationRunner(client)
    notices = LiveNotices(client, signed.actor.hall_id, topics=[events.QUEUE])
    noticed: list[float] = []

    def loaded(_status: QueueStatus) -> None:
        if noticed:
            out.put((noticed.pop(0), time.time()))

    def failed(error: BaseException) -> None:
        print(f"display: reload failed: {error}", file=sys.stderr)

    reloader: Reloader[QueueStatus] = Reloader(
        runner, display_ops.queue_status(RECENT_LOADED), loaded, failed, backup_ms=0)

    def on_changed(topic: str) -> None:
        if topic == events.RELOAD_ALL:
            ready.set()
        elif topic == events.QUEUE:
            noticed[:] = [time.time()]  # one call at a time: the latest notice counts
            reloader.request()

    notices.changed.connect(on_changed)
    watch = QTimer()
    watch.timeout.connect(lambda: app.quit() if stop.is_set() else None)
    watch.start(50)
    notices.start()
    app.exec()
    notices.stop()
    runner.wait(5000)
    client.close()


def enrolled_display(db: Database, server_url: str) -> str:
    """A display of the bench hall, registered by its manager and enrolled: its credential."""
    with db.scope() as s:
        boss = auth.authenticate(s, "boss", PASSWORD, hall_code="B01")
    with db.scope() as s:
        given = devices.register_device(s, boss, "B01", "display", "bench display")
    client = ServerClient(server_url)
    try:
        return str(client.enrol_device(given.device_id, given.code).credential)
    finally:
        client.close()


def calls(db: Database, window: Actor, out: Any, samples: int, spread: float
          ) -> tuple[list[float], list[float], list[float], int]:
    """``samples`` calls, each waited for at the display: commit → notice, commit →
    reloaded, press → reloaded, and the calls it never heard of within 5 s."""
    notice_ms: list[float] = []
    reloaded_ms: list[float] = []
    pressed_ms: list[float] = []
    missed = 0
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
    return notice_ms, reloaded_ms, pressed_ms, missed


def measure(url: URL, dialect: str, samples: int) -> dict[str, Any]:
    from websockets.version import version as websockets_version

    from ui import live

    actors = prepare(url, 1, samples + 5)
    window = actors[0]
    db = Database(url, application_name="bench window")
    settings = server_settings(db)
    warm_up(db, window)
    ctx = mp.get_context("spawn")
    url_text = url.render_as_string(hide_password=False)
    ports, stop_server = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=serve, args=(url_text, ports, stop_server))
    server.start()
    ready, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    screen = None
    spread = 0.02 if dialect == "postgresql" else float(settings["listener_poll_seconds"])
    notice_ms: list[float] = []
    reloaded_ms: list[float] = []
    pressed_ms: list[float] = []
    missed = 0
    try:
        server_url = f"http://127.0.0.1:{ports.get(timeout=60)}"
        screen = ctx.Process(target=display, args=(server_url, enrolled_display(db, server_url),
                                                   ready, out, stop))
        screen.start()
        if not ready.wait(60):
            raise RuntimeError("the display never heard its first reload")
        notice_ms, reloaded_ms, pressed_ms, missed = calls(db, window, out, samples, spread)
    finally:
        stop.set()
        if screen is not None:
            screen.join(20)
        stop_server.set()
        server.join(30)
        db.dispose()
    notice_ms.sort()
    reloaded_ms.sort()
    pressed_ms.sort()
    p95 = percentile(notice_ms, 0.95)
    return {
        "database": dialect,
        "server": settings,
        "display": {"process": "Qt (QCoreApplication, offscreen), no database",
                    "notices": "ui.live.LiveNotices, websockets sync client "
                               f"{websockets_version}, subscribed to queue",
                    "reload": "Reloader → display_ops.queue_status(recent="
                              f"{RECENT_LOADED}) on an OperationRunner worker, httpx",
                    "retry_seconds": list(live.RETRY_SECONDS)},
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
