"""dev.py, the README's first command: on Linux it checks for what Qt needs before it creates
.venv or installs anything, and says which apt-get line installs what is missing. The system
lookups are injected (monkeypatched), so these run the same on any machine."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import dev

ROOT = Path(__file__).resolve().parent.parent
ICCCM_KEYSYMS = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="dev.py checks system libraries on Linux only")


def lacking(*sonames: str) -> Callable[[str], bool]:
    return lambda name: name not in sonames


class VenvStarted(Exception):
    """ensure_venv was reached: the check let the command go on."""


@pytest.fixture
def system(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A Linux PC whose libraries and fonts the test sets; ensure_venv records being called
    instead of installing."""
    state: dict[str, object] = {"missing": (), "font": True, "venv": False}

    def ensure_venv() -> None:
        state["venv"] = True
        raise VenvStarted

    monkeypatch.setattr(dev, "system_library_finder",
                        lambda: lacking(*state["missing"]))
    monkeypatch.setattr(dev, "system_has_cjk_font", lambda: state["font"])
    monkeypatch.setattr(dev, "ensure_venv", ensure_venv)
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.delenv(dev.SKIP_CHECK_ENV, raising=False)
    return state


def run_dev(monkeypatch: pytest.MonkeyPatch, *argv: str) -> None:
    monkeypatch.setattr(sys, "argv", ["dev.py", *argv])
    dev.main()


@linux_only
def test_run_stops_before_installing_anything_and_names_the_apt_line(
        system: dict[str, object], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    system["missing"] = ICCCM_KEYSYMS
    with pytest.raises(SystemExit) as stopped:
        run_dev(monkeypatch, "run")
    assert stopped.value.code == 1
    assert system["venv"] is False
    assert capsys.readouterr().err == (
        "[dev] this PC lacks what Qt needs; stopping before anything is installed.\n"
        "[dev] missing libraries: libxcb-icccm.so.4, libxcb-keysyms.so.1\n"
        "[dev] install them (Debian / Ubuntu), then run 'python3 dev.py run' again:\n"
        "\n"
        "    sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n"
        "\n"
        "[dev] (other distributions: install the packages that ship these files;\n"
        "[dev] if they are there and this check is wrong, set HALLDESK_SKIP_SYSTEM_CHECK=1)\n")


@linux_only
def test_run_names_a_missing_chinese_font(
        system: dict[str, object], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    system["font"] = False
    system["missing"] = ("libxcb-cursor.so.0",)
    with pytest.raises(SystemExit):
        run_dev(monkeypatch, "run")
    err = capsys.readouterr().err
    assert "missing a Chinese (CJK) font" in err
    assert "    sudo apt-get install fonts-noto-cjk libxcb-cursor0\n" in err
    assert system["venv"] is False


@linux_only
def test_run_goes_on_when_everything_is_there(
        system: dict[str, object], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(VenvStarted):
        run_dev(monkeypatch, "run")
    assert capsys.readouterr().err == ""


@linux_only
def test_offscreen_needs_no_window_libraries_and_no_font(
        system: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    """dev.py test (and run under QT_QPA_PLATFORM=offscreen) does not ask for the xcb
    plugin's libraries or a font; it still needs what QtGui itself loads."""
    system["missing"] = (*dev.XCB_LIBRARIES, "libxcb-icccm.so.4")
    system["font"] = False
    with pytest.raises(VenvStarted):
        run_dev(monkeypatch, "test")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    system["venv"] = False
    with pytest.raises(VenvStarted):
        run_dev(monkeypatch, "run")
    system["missing"] = ("libEGL.so.1",)
    system["venv"] = False
    with pytest.raises(SystemExit):
        run_dev(monkeypatch, "test")
    assert system["venv"] is False


def test_the_check_asks_for_what_each_platform_loads() -> None:
    asked: list[str] = []

    def has(name: str) -> bool:
        asked.append(name)
        return True

    assert dev.missing_for_qt("xcb", "linux", has, lambda: True) == ([], False)
    assert set(asked) == {*dev.QT_LIBRARIES, *dev.XCB_LIBRARIES}
    asked.clear()
    assert dev.missing_for_qt("offscreen", "linux", has, lambda: False) == ([], False)
    assert set(asked) == set(dev.QT_LIBRARIES)
    asked.clear()
    assert dev.missing_for_qt("wayland", "linux", has, lambda: False) == ([], True)
    assert set(asked) == {*dev.QT_LIBRARIES, *dev.XCB_LIBRARIES, *dev.WAYLAND_LIBRARIES}

    def refuse(name: str) -> bool:
        raise AssertionError(f"{name} looked up off Linux")

    for system in ("win32", "darwin"):
        assert dev.missing_for_qt("xcb", system, refuse, lambda: False) == ([], False)


@linux_only
@pytest.mark.parametrize("missing", [ICCCM_KEYSYMS, ("libwayland-cursor.so.0",)])
def test_a_wayland_session_needs_xcb_too_and_the_wayland_plugins_libraries(
        system: dict[str, object], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], missing: tuple[str, ...]) -> None:
    """Qt falls back to xcb when Wayland fails (and some setups never use Wayland): a Wayland
    session lacking an xcb library, or one of the wayland plugin's, stops as on X11."""
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    system["missing"] = missing
    with pytest.raises(SystemExit):
        run_dev(monkeypatch, "run")
    assert system["venv"] is False
    err = capsys.readouterr().err
    assert f"[dev] missing libraries: {', '.join(missing)}\n" in err
    packages = " ".join(sorted({**dev.XCB_LIBRARIES, **dev.WAYLAND_LIBRARIES}[m]
                               for m in missing))
    assert f"    sudo apt-get install {packages}\n" in err


@linux_only
def test_the_check_can_be_skipped_where_it_cannot_look(
        system: dict[str, object], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    system["missing"] = ICCCM_KEYSYMS
    system["font"] = False
    monkeypatch.setenv("HALLDESK_SKIP_SYSTEM_CHECK", "1")
    with pytest.raises(VenvStarted):
        run_dev(monkeypatch, "run")
    assert "HALLDESK_SKIP_SYSTEM_CHECK=1" in capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "HALLDESK_SKIP_SYSTEM_CHECK=1" in readme


@linux_only
def test_without_ldconfig_the_lookup_asks_ctypes_and_the_usual_folders(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes.util

    monkeypatch.setattr(dev, "_ldconfig_sonames", lambda: None)
    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: "libhalldesk-found.so.3" if name == "halldesk-found" else None)
    has_library = dev.system_library_finder()
    assert has_library("libc.so.6")  # a file in /lib/x86_64-linux-gnu (or /lib64, /usr/lib)
    assert has_library("libhalldesk-found.so.3")
    assert not has_library("libhalldesk-no-such-library.so.7")


def test_qt_platform_is_xcb_unless_set() -> None:
    assert dev.qt_platform({}) == "xcb"
    assert dev.qt_platform({"QT_QPA_PLATFORM": ""}) == "xcb"
    assert dev.qt_platform({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert dev.qt_platform({"QT_QPA_PLATFORM": "wayland;xcb"}) == "wayland"
    assert dev.qt_platform({"XDG_SESSION_TYPE": "wayland"}) == "wayland"
    assert dev.qt_platform({"XDG_SESSION_TYPE": "x11"}) == "xcb"


def test_as_root_the_line_has_no_sudo() -> None:
    report = dev.missing_report(["libxcb-keysyms.so.1"], False, "run", root=True)
    assert "\n    apt-get install libxcb-keysyms1\n" in report


@linux_only
def test_the_default_lookup_finds_sonames_the_loader_knows() -> None:
    has_library = dev.system_library_finder()
    assert has_library("libc.so.6")
    assert not has_library("libhalldesk-no-such-library.so.7")


def test_readme_apt_line_is_dev_pys_package_list() -> None:
    """The README's line before the quick start installs exactly what dev.py checks for, so
    the two cannot drift apart."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.index("## Quick start")
    lines = re.findall(r"^sudo apt-get install (?:[^\n]*\\\n)*[^\n]*$", readme[:quick_start],
                       re.MULTILINE)
    assert len(lines) == 1
    packages = lines[0].replace("\\\n", " ").split()[3:]
    assert sorted(packages) == dev.all_packages()
    assert len(packages) == len(set(packages))
    assert {"libxcb-icccm4", "libxcb-keysyms1", "fonts-noto-cjk"} <= set(packages)


def test_screens_name_the_command_the_readme_names() -> None:
    """The sign-in's "no hall yet" says main.py, as the README does, not an installed
    `halldesk` command a clone lacks; a kiosk or display gets its hall from its enrolment
    (the README's `main.py device add`), no screen asks for a hall setting any more."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "main.py create-hall" in readme
    assert "main.py device add H01 kiosk" in readme
    assert "main.py create-hall" in (ROOT / "ui/counter/login.py").read_text(encoding="utf-8")
    for path in [*sorted((ROOT / "ui").rglob("*.py")),
                 ROOT / "resources/translations/halldesk_zh_CN.ts"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bhalldesk (config|create-hall|device)\b", text), path
        assert "config set hall" not in text, path
