"""The two commands of the README's quick start, for a fresh machine.

    python3 dev.py run    set up .venv, migrate the embedded SQLite database, load demo data
                          (first time only) and open the counter client
    python3 dev.py test   set up .venv and run ruff, mypy and the whole test suite (in parallel)

Only the standard library is used here: this file runs before anything is installed. On
Linux both commands first check that the system has the libraries Qt needs (and, for the
window, a Chinese font) and, when it lacks some, say which and the apt-get line that installs
them, before anything is downloaded.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import re
import struct
import subprocess
import sys
import venv
from collections.abc import Callable, Iterable, Mapping
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


# What PySide6's Qt needs from a Linux system, by soname, with the Debian / Ubuntu package
# that ships it: the NEEDED entries (objdump -p / ldd) of Qt's libraries HallDesk loads
# (QtCore, QtGui, QtWidgets, QtDBus, QtCharts, QtTextToSpeech), less glibc, libstdc++, zlib
# and zstd, which every Debian has. Qt's offscreen platform (the tests) needs these too.
QT_LIBRARIES: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
}
# What the xcb platform plugin (the window on X11, and Qt's fallback on Wayland) adds:
# plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6.
XCB_LIBRARIES: dict[str, str] = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
# What the wayland platform plugin adds (plugins/platforms/libqwayland.so and
# lib/libQt6WaylandClient.so.6, both in PySide6's wheel). In a Wayland session Qt tries it
# first and falls back to xcb (and some setups never use it), so both sets are checked there.
WAYLAND_LIBRARIES: dict[str, str] = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
}
# Set to 1, dev.py does not look for system libraries and fonts (a system where the lookup
# is wrong: no ldconfig and libraries outside the usual folders, another distribution).
SKIP_CHECK_ENV = "HALLDESK_SKIP_SYSTEM_CHECK"
# Without a Chinese font every screen shows boxes for 中文.
CJK_FONT_PACKAGE = "fonts-noto-cjk"
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
_CJK_FONT_FILE = re.compile(r"cjk|wqy|wenquanyi|droidsansfallback|sourcehan|uming|ukai|"
                            r"simsun|simhei|msyh|notosanssc|notoserifsc", re.IGNORECASE)


def all_packages() -> list[str]:
    """Every package the counter client needs on Debian / Ubuntu (the README's apt line)."""
    return sorted({*QT_LIBRARIES.values(), *XCB_LIBRARIES.values(), CJK_FONT_PACKAGE})


def qt_platform(env: Mapping[str, str]) -> str:
    """The Qt platform plugin that will be tried first: QT_QPA_PLATFORM, else wayland in a
    Wayland session (as Qt chooses), else xcb."""
    first = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if first:
        return first
    return "wayland" if env.get("XDG_SESSION_TYPE") == "wayland" else "xcb"


def missing_for_qt(platform: str, system: str,
                   has_library: Callable[[str], bool],
                   has_cjk_font: Callable[[], bool]) -> tuple[list[str], bool]:
    """The sonames Qt would fail to load on ``platform``, and whether a Chinese font is
    missing. Nothing is checked off Linux; the offscreen platform needs no window libraries
    and no font."""
    if not system.startswith("linux"):
        return [], False
    wanted = dict(QT_LIBRARIES)
    if platform in ("xcb", "wayland"):
        wanted.update(XCB_LIBRARIES)
    if platform == "wayland":
        wanted.update(WAYLAND_LIBRARIES)
    libraries = [name for name in wanted if not has_library(name)]
    font = platform not in HEADLESS_PLATFORMS and not has_cjk_font()
    return libraries, font


def missing_report(libraries: list[str], font: bool, command: str, root: bool) -> str:
    """What is missing, and the one apt-get line that installs it."""
    wanted = {**QT_LIBRARIES, **XCB_LIBRARIES, **WAYLAND_LIBRARIES}
    packages = sorted({wanted[name] for name in libraries}
                      | ({CJK_FONT_PACKAGE} if font else set()))
    lines = ["[dev] this PC lacks what Qt needs; stopping before anything is installed."]
    if libraries:
        lines.append(f"[dev] missing libraries: {', '.join(libraries)}")
    if font:
        lines.append("[dev] missing a Chinese (CJK) font: 中文 would show as boxes")
    lines += [f"[dev] install them (Debian / Ubuntu), then run 'python3 dev.py {command}' again:",
              "",
              f"    {'' if root else 'sudo '}apt-get install {' '.join(packages)}",
              "",
              "[dev] (other distributions: install the packages that ship these files;",
              f"[dev] if they are there and this check is wrong, set {SKIP_CHECK_ENV}=1)"]
    return "\n".join(lines)


def _ldconfig_sonames() -> set[str] | None:
    """The shared libraries the dynamic loader knows (ldconfig -p) for this Python's ABI, as
    ctypes.util reads them; None without ldconfig."""
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
           "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(
        os.uname().machine + bits, "libc6")
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True,
                                 env={"LC_ALL": "C", "LANG": "C"}).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        return {m.group(1) for m in re.finditer(r"^\s+(\S+)\s+\(([^)]*)\)", out, re.MULTILINE)
                if m.group(2).startswith(abi)}
    return None


# Where the loader looks by default, for a system without ldconfig.
_LIBRARY_DIRS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")


def system_library_finder() -> Callable[[str], bool]:
    """Whether the loader finds a soname: ldconfig's cache or LD_LIBRARY_PATH; without
    ldconfig, ctypes.util.find_library or a file of that name in the usual folders (and
    their multiarch folder, x86_64-linux-gnu)."""
    known = _ldconfig_sonames()
    extra = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if d]
    if known is None:
        multiarch = getattr(sys.implementation, "_multiarch", "")
        extra += [*_LIBRARY_DIRS, *(f"{d}/{multiarch}" for d in _LIBRARY_DIRS if multiarch)]

    def has_library(soname: str) -> bool:
        if any(Path(d, soname).exists() for d in extra):
            return True
        if known is not None:
            return soname in known
        return ctypes.util.find_library(soname[3:].split(".so", maxsplit=1)[0]) == soname

    return has_library


def system_has_cjk_font() -> bool:
    """A Chinese font as fontconfig (which Qt uses) sees it; without fc-list, a font file
    of a known Chinese family in the usual folders."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return any(_CJK_FONT_FILE.search(name) for name in _font_files())
    return bool(out.strip())


def _font_files() -> Iterable[str]:
    home = Path.home()
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                   home / ".local/share/fonts", home / ".fonts"):
        for _dirpath, _dirs, files in os.walk(folder):
            yield from files


def check_system(command: str, platform: str) -> None:
    """Stop before anything is installed when Qt could not start here, saying what to
    install (the libraries are looked up, not loaded)."""
    if not sys.platform.startswith("linux"):
        return
    if os.environ.get(SKIP_CHECK_ENV) == "1":
        say(f"{SKIP_CHECK_ENV}=1: not checking for Qt's system libraries and a Chinese font")
        return
    libraries, font = missing_for_qt(platform, sys.platform, system_library_finder(),
                                     system_has_cjk_font)
    if libraries or font:
        print(missing_report(libraries, font, command, os.geteuid() == 0), file=sys.stderr)
        sys.exit(1)


def halldesk(*args: str) -> None:
    run([str(PY), "main.py", *args])


def cmd_run(extra: list[str]) -> None:
    check_system("run", qt_platform(os.environ))
    ensure_venv()
    halldesk("migrate")
    halldesk("demo-data", "--if-empty")
    os.execv(str(PY), [str(PY), str(ROOT / "main.py"), "counter", *extra])


def cmd_test(extra: list[str]) -> None:
    check_system("test", "offscreen")
    ensure_venv()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if not env.get("HALLDESK_TEST_PG_URL"):
        say("HALLDESK_TEST_PG_URL is not set: the PostgreSQL variants will be skipped "
            "(.ci/run sets it)")
    say("ruff")
    run([str(BIN / "ruff"), "check", "."])
    say("mypy")
    run([str(BIN / "mypy")])
    # In parallel, one worker per core (pytest-xdist); each worker has its own databases.
    # Arguments given here go to pytest as they are (``-n 0`` runs in one process).
    parallel = [] if any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in extra) \
        else ["-n", "auto"]
    say("pytest")
    run([str(PY), "-m", "pytest", *parallel, *extra], env=env)


def main() -> None:
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
