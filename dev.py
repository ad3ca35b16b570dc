"""The two commands of the README's quick start, for a fresh machine.

    python3 dev.py run    set up .venv, migrate the embedded SQLite database, load demo data
                          (first time only) and open the counter client
    python3 dev.py test   set up .venv and run ruff, mypy and the whole test suite

Only the standard library is used here: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".halldesk-installed"


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def ensure_venv() -> None:
    """Create .venv and install the project with its dev extra when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file may be run by an older python3
        sys.exit(f"HallDesk needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PY.exists():
        say("creating .venv")
        venv.create(VENV, with_pip=True)
    say("installing HallDesk and its dependencies into .venv (first time: a few minutes)")
    run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade",
         "pip"])
    run([str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e",
         f"{ROOT}[dev]"])
    STAMP.write_text(wanted)


def run(cmd: list[str], **kw: object) -> None:
    result = subprocess.run(cmd, cwd=ROOT, check=False, **kw)  # type: ignore[call-overload]
    if result.returncode != 0:
        sys.exit(result.returncode)


def halldesk(*args: str) -> None:
    run([str(PY), "main.py", *args])


def cmd_run(extra: list[str]) -> None:
    ensure_venv()
    halldesk("migrate")
    halldesk("demo-data", "--if-empty")
    os.execv(str(PY), [str(PY), str(ROOT / "main.py"), "counter", *extra])


def cmd_test(extra: list[str]) -> None:
    ensure_venv()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if not env.get("HALLDESK_TEST_PG_URL"):
        say("HALLDESK_TEST_PG_URL is not set: the PostgreSQL variants will be skipped "
            "(.ci/run sets it)")
    say("ruff")
    run([str(BIN / "ruff"), "check", "."])
    say("mypy")
    run([str(BIN / "mypy")])
    say("pytest")
    run([str(PY), "-m", "pytest", *extra], env=env)


def main() -> None:
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
