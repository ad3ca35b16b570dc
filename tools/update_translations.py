"""Refresh the translation sources from the code, then compile them.

    python tools/update_translations.py

New strings appear in resources/translations/halldesk_zh_CN.ts as unfinished: translate them
in Qt Linguist (pyside6-linguist) or by hand, then run this again to rebuild the .qm.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "halldesk_zh_CN.ts"
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def lupdate(target: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lupdate"), "-tr-function-alias", "translate+=_t",
                    "-no-obsolete", *sources(), "-ts", str(target)], cwd=ROOT, check=True,
                   capture_output=True)


def lrelease(source: Path, target: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lrelease"), str(source), "-qm", str(target)],
                   cwd=ROOT, check=True, capture_output=True)


if __name__ == "__main__":
    lupdate(TS)
    lrelease(TS, TS.with_suffix(".qm"))
    print(f"updated {TS.relative_to(ROOT)} and its .qm")
