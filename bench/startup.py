"""Counter client start-up: from launching the process to the login window on screen.

    .venv/bin/python bench/startup.py [--runs 7]

Prints JSON. Targets (issue 2): ≤ 1.5 s and ≤ 200 MB resident on a 2-core machine. Each run
is a fresh process against an embedded SQLite database with demo halls; the clock starts
before the process is spawned, so interpreter start and imports are counted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5
TARGET_MB = 200


def prepare(env: dict[str, str]) -> None:
    for args in (["migrate"], ["create-hall", "H01", "第一营业厅", "--windows", "6"]):
        subprocess.run([sys.executable, str(ROOT / "main.py"), *args], env=env, check=True,
                       capture_output=True)


def one_run(env: dict[str, str]) -> tuple[float, float | None]:
    env = {**env, "HALLDESK_BENCH_STARTUP": repr(time.time())}
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "counter"], env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("HALLDESK_LOGIN_SHOWN"))
    _, seconds, peak_kib = line.split()
    return float(seconds), None if peak_kib == "-" else int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="halldesk-bench-") as tmp:
        env = {**os.environ, "HALLDESK_CONFIG_DIR": f"{tmp}/cfg", "HALLDESK_DATA_DIR":
               f"{tmp}/data", "HALLDESK_LOG_DIR": f"{tmp}/log"}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        prepare(env)
        one_run(env)  # warm the file cache, as on a counter PC that has run before
        runs = [one_run(env) for _ in range(args.runs)]
    seconds = sorted(r[0] for r in runs)
    memory = sorted(r[1] for r in runs if r[1] is not None)
    result = {
        "benchmark": "startup_to_login_window",
        "platform": env["QT_QPA_PLATFORM"],
        "runs": args.runs,
        "seconds": {"median": round(statistics.median(seconds), 3),
                    "max": round(seconds[-1], 3), "min": round(seconds[0], 3)},
        "peak_rss_mb": ({"median": round(statistics.median(memory), 1),
                         "max": round(memory[-1], 1)} if memory else None),  # None: Windows
        "target": {"seconds": TARGET_SECONDS, "rss_mb": TARGET_MB},
        "meets_target": (seconds[-1] <= TARGET_SECONDS and bool(memory)
                         and memory[-1] <= TARGET_MB),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
