"""The headless admin commands, run as an administrator would: a separate process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def halldesk(tmp_path: Path, *args: str, stdin: str = "", db_url: str | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_PRINTER_")},
           "HALLDESK_CONFIG_DIR": str(tmp_path / "cfg"),
           "HALLDESK_DATA_DIR": str(tmp_path / "data"), "HALLDESK_LOG_DIR": str(tmp_path / "log"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **(env or {})}
    env.pop("HALLDESK_DB_URL", None)
    if db_url:
        env["HALLDESK_DB_URL"] = db_url
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    ok(halldesk(tmp_path, "migrate"))
    ok(halldesk(tmp_path, "create-hall", "H01", "第一营业厅", "--windows", "3"))
    out = ok(halldesk(tmp_path, "create-user", "lina", "--name", "李娜", "--role", "cashier",
                      "--hall", "H01", "--password-stdin", stdin="abcd1234\n"))
    assert "user lina (cashier) created" in out
    return tmp_path / "data" / "halldesk.sqlite3"


def test_help_documents_modes_and_admin_commands(tmp_path: Path) -> None:
    out = ok(halldesk(tmp_path, "--help"))
    for word in ("counter", "display", "kiosk", "migrate", "create-user", "demo-data",
                 "verify-audit", "setup-roles", "db-password", "HALLDESK_DB_URL"):
        assert word in out


def test_verify_audit_passes_then_reports_an_altered_row(migrated: Path,
                                                         tmp_path: Path) -> None:
    out = ok(halldesk(tmp_path, "verify-audit"))
    assert "audit trail intact: 2 rows in 1 chain(s)" in out
    with sqlite3.connect(migrated) as conn:  # someone edits the file behind the program's back
        conn.execute("DROP TRIGGER audit_entries_no_update")
        conn.execute("UPDATE audit_entries SET details = '{\"role\":\"admin\"}' "
                     "WHERE action = 'staff.created'")
    result = halldesk(tmp_path, "verify-audit")
    assert result.returncode == 1
    assert "PROBLEM [altered]" in result.stdout and "staff.created" in result.stdout
    assert "NOT intact" in result.stderr


def test_create_user_refusal_is_one_clear_line(migrated: Path, tmp_path: Path) -> None:
    result = halldesk(tmp_path, "create-user", "wang", "--name", "王", "--role", "clerk",
                      "--hall", "H01", "--password-stdin", stdin="short\n")
    assert result.returncode == 2
    assert result.stderr.strip() == "halldesk: The password must have at least 8 characters."


def test_config_show_and_set_never_store_a_password(tmp_path: Path) -> None:
    ok(halldesk(tmp_path, "config", "set", "hall", "H02"))
    assert "hall / window : H02 / -" in ok(halldesk(tmp_path, "config", "show"))
    result = halldesk(tmp_path, "config", "set", "db_url", "postgresql://app:secret@db/x")
    assert result.returncode == 2 and "never stored" in result.stderr
    assert "secret" not in (tmp_path / "cfg" / "halldesk.ini").read_text(encoding="utf-8")


def test_unreachable_server_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = halldesk(tmp_path, "migrate",
                      db_url="postgresql://halldesk_app:pw-never-shown@127.0.0.1:1/halldesk")
    assert result.returncode == 2
    assert result.stderr.startswith("halldesk: The database cannot be reached")
    assert "Traceback" not in result.stderr and "pw-never-shown" not in result.stderr
    log = (tmp_path / "log" / "halldesk.log").read_text(encoding="utf-8")
    assert "pw-never-shown" not in log


@pytest.mark.skipif(not os.environ.get("HALLDESK_TEST_PG_URL"),
                    reason="HALLDESK_TEST_PG_URL is not set: PostgreSQL variant not run")
def test_refused_login_says_what_to_do(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(os.environ["HALLDESK_TEST_PG_URL"]).set(username="hd_no_such_role",
                                                          password="pw-never-shown")
    result = halldesk(tmp_path, "verify-audit", db_url=url.render_as_string(False))
    assert result.returncode == 2
    assert "halldesk db-password set" in result.stderr
    assert "Traceback" not in result.stderr and "pw-never-shown" not in result.stderr


def test_db_password_without_a_keyring_says_so(tmp_path: Path) -> None:
    result = halldesk(tmp_path, "db-password", "set",
                      db_url="postgresql://halldesk_app@127.0.0.1/halldesk")
    assert result.returncode == 2
    assert "no OS keyring" in result.stderr and "HALLDESK_DB_URL" in result.stderr


def test_demo_data_if_empty_loads_once(tmp_path: Path) -> None:
    ok(halldesk(tmp_path, "migrate"))
    out = ok(halldesk(tmp_path, "demo-data", "--accounts", "50", "--if-empty"))
    assert "50 accounts" in out and "demo1234" in out
    assert "already loaded" in ok(halldesk(tmp_path, "demo-data", "--if-empty"))


def test_printer_test_prints_the_chinese_test_page_through_the_configured_printer(
        tmp_path: Path) -> None:
    out_file = tmp_path / "printer.bin"
    result = halldesk(tmp_path, "printer-test", env={"HALLDESK_PRINTER_KIND": "file",
                                                     "HALLDESK_PRINTER_FILE_PATH": str(out_file),
                                                     "HALLDESK_PRINTER_PAPER_WIDTH_MM": "58"})
    assert "test page sent to the file printer (GB18030, 58 mm" in ok(result)
    text = out_file.read_bytes().decode("gb18030", errors="replace")
    assert "中文打印测试" in text and "编码：GB18030" in text and "每行 32 列" in text
    assert "汉" * 16 in text


def test_printer_test_without_a_printer_says_how_to_set_one(tmp_path: Path) -> None:
    result = halldesk(tmp_path, "printer-test", env={"HALLDESK_PRINTER_KIND": "none"})
    assert result.returncode == 2
    assert "this workstation has no printer" in result.stderr
    assert "Traceback" not in result.stderr
