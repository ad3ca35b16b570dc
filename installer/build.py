"""Build the HallDesk bundle with PyInstaller and check that it starts.

    .venv/bin/pip install -e ".[package]"
    .venv/bin/python installer/build.py

Output: dist/halldesk/ (halldesk or halldesk.exe with everything it needs). The check runs the
bundled program's admin commands against a throwaway SQLite database: migrate, create a hall,
verify the audit trail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                    str(ROOT / "installer" / "halldesk.spec")], check=True, cwd=ROOT)
    exe = ROOT / "dist" / "halldesk" / ("halldesk.exe" if os.name == "nt" else "halldesk")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HALLDESK_CONFIG_DIR": f"{tmp}/c", "HALLDESK_DATA_DIR": f"{tmp}/d",
               "HALLDESK_LOG_DIR": f"{tmp}/l"}
        for args in (["migrate"], ["create-hall", "H01", "第一营业厅"], ["verify-audit"]):
            out = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                                 check=True)
            print(out.stdout.strip())
    print(f"bundle ready: {exe.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
