"""Settings file, environment overrides and the DB password's only homes: keyring or memory."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app import config
from app.errors import ConfigError


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in this process (stands in for the OS one)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HALLDESK_CONFIG_DIR": str(tmp_path / "cfg"),
            "HALLDESK_DATA_DIR": str(tmp_path / "data")}


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_default_is_embedded_sqlite_in_the_data_dir(env: dict[str, str]) -> None:
    settings = config.load_settings(env)
    assert settings.is_sqlite
    assert settings.url.database == str(Path(env["HALLDESK_DATA_DIR"]) / "halldesk.sqlite3")
    assert settings.language == "zh_CN" and settings.idle_lock_minutes == 5


def test_file_then_environment_override(env: dict[str, str]) -> None:
    config.save_setting("hall", "H02", env)
    config.save_setting("window", "4", env)
    assert config.load_settings(env).hall == "H02"
    settings = config.load_settings({**env, "HALLDESK_HALL": "H07"})
    assert settings.hall == "H07" and settings.window == 4


def test_password_is_never_written_to_the_settings_file(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        config.save_setting("db_url", "postgresql://app:s3cret@db/halldesk", env)
    path = config.save_setting("db_url", "postgresql://app@db/halldesk", env)
    assert "s3cret" not in path.read_text(encoding="utf-8")


def test_bad_values_are_refused_before_writing(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        config.save_setting("window", "three", env)
    with pytest.raises(ConfigError):
        config.save_setting("language", "fr", env)
    assert not (Path(env["HALLDESK_CONFIG_DIR"]) / config.CONFIG_FILE).exists()


def test_a_broken_file_gives_a_config_error(env: dict[str, str]) -> None:
    path = Path(env["HALLDESK_CONFIG_DIR"]) / config.CONFIG_FILE
    path.parent.mkdir(parents=True)
    path.write_text("[ui]\nidle_lock_minutes = soon\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        config.load_settings(env)


def test_password_comes_from_the_keyring(env: dict[str, str],
                                         memory_keyring: MemoryKeyring) -> None:
    url = "postgresql://halldesk_app@db.example:5432/halldesk"
    settings = config.load_settings({**env, "HALLDESK_DB_URL": url})
    assert config.resolve_password(settings).url.password is None
    config.store_keyring_password(settings.url, "s3cret")
    resolved = config.resolve_password(settings)
    assert resolved.url.password == "s3cret"
    assert "s3cret" not in resolved.safe_url()
    assert config.delete_keyring_password(settings.url)
    assert config.resolve_password(settings).url.password is None


def test_without_a_keyring_backend_nothing_is_stored(env: dict[str, str],
                                                     no_keyring: None) -> None:
    url = "postgresql://halldesk_app@db.example/halldesk"
    settings = config.load_settings({**env, "HALLDESK_DB_URL": url})
    assert not config.keyring_available()
    assert config.resolve_password(settings).url.password is None
    with pytest.raises(ConfigError):
        config.store_keyring_password(settings.url, "s3cret")
    # Settings are still saved, and nothing anywhere holds the password in plain text.
    config.save_setting("db_url", url, env)
    config.save_setting("hall", "H01", env)
    files = [f for f in Path(env["HALLDESK_CONFIG_DIR"]).rglob("*") if f.is_file()]
    assert files and all("s3cret" not in f.read_text(encoding="utf-8") for f in files)


def test_connection_failures_are_classified_without_the_password() -> None:
    """Unreachable server and refused password are told apart, and the password never shows
    (a real refused password is checked against PostgreSQL in test_cli.py)."""
    from app.db import Database
    from app.errors import DatabaseAuthFailed, DatabaseUnavailable

    db = Database("postgresql://nobody:wrong@127.0.0.1:1/halldesk")
    with pytest.raises(DatabaseUnavailable) as exc:
        db.ping()
    assert "wrong" not in str(exc.value)
    from sqlalchemy.engine import make_url

    from app.db import classify_db_error

    err = classify_db_error(
        Exception('FATAL:  password authentication failed for user "halldesk_app"'),
        make_url("postgresql://halldesk_app:pw@db/x"))
    assert isinstance(err, DatabaseAuthFailed) and err.params["user"] == "halldesk_app"


# --- not UTF-8, and a password in the URL's query string (issue 10) -------------------------


def _cli(tmp_path: Path, *args: str, db_url: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    """main.py as an administrator runs it, with this test's folders."""

    env = {k: v for k, v in os.environ.items() if not k.startswith("HALLDESK_")}
    env.update({"HALLDESK_CONFIG_DIR": str(tmp_path / "cfg"),
                "HALLDESK_DATA_DIR": str(tmp_path / "data"),
                "HALLDESK_LOG_DIR": str(tmp_path / "log"),
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    if db_url:
        env["HALLDESK_DB_URL"] = db_url
    main = Path(__file__).resolve().parent.parent / "main.py"
    return subprocess.run([sys.executable, str(main), *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_a_settings_file_that_is_not_utf8_is_named_not_a_crash(tmp_path: Path) -> None:
    ini = tmp_path / "cfg" / config.CONFIG_FILE
    ini.parent.mkdir(parents=True)
    ini.write_bytes("[counter]\nhall = H01\n[display]\n"
                    "announcement = 请{ticket}号到{window}号窗口\n".encode("gbk"))
    env = {"HALLDESK_CONFIG_DIR": str(ini.parent), "HALLDESK_DATA_DIR": str(tmp_path / "d")}
    with pytest.raises(ConfigError) as exc:
        config.load_settings(env)
    assert str(ini) in str(exc.value) and "UTF-8" in str(exc.value)
    with pytest.raises(ConfigError):
        config.save_setting("hall", "H02", env)
    shown = _cli(tmp_path, "config", "show")
    assert shown.returncode == 2 and str(ini) in shown.stderr and "UTF-8" in shown.stderr
    assert "Traceback" not in shown.stderr
    path = _cli(tmp_path, "config", "path")  # where to fix it still works
    assert path.returncode == 0 and path.stdout.strip() == str(ini)


def test_a_password_in_the_query_string_is_kept_out_of_the_file_and_the_log(
        tmp_path: Path) -> None:
    url = "postgresql://halldesk_app@127.0.0.1:1/halldesk?password=qs-s3cret&connect_timeout=1"
    env = {"HALLDESK_CONFIG_DIR": str(tmp_path / "cfg"), "HALLDESK_DATA_DIR": str(tmp_path)}
    with pytest.raises(ConfigError):
        config.save_setting("db_url", url, env)
    settings = config.load_settings({**env, "HALLDESK_DB_URL": url})
    assert settings.url.password == "qs-s3cret"  # used as the URL's own password
    assert "qs-s3cret" not in settings.safe_url()
    assert "qs-s3cret" not in config.safe_url(url)
    result = _cli(tmp_path, "config", "set", "db_url", url)
    assert result.returncode == 2 and "never stored" in result.stderr
    ini = tmp_path / "cfg" / config.CONFIG_FILE
    assert not ini.exists() or "qs-s3cret" not in ini.read_text(encoding="utf-8")
    shown = _cli(tmp_path, "config", "show", db_url=url)
    assert shown.returncode == 0 and "qs-s3cret" not in shown.stdout
    migrate = _cli(tmp_path, "migrate", db_url=url)  # logs the URL, then cannot connect
    assert migrate.returncode == 2 and "qs-s3cret" not in migrate.stderr
    log = (tmp_path / "log" / "halldesk.log").read_text(encoding="utf-8")
    assert "127.0.0.1:1/halldesk" in log and "qs-s3cret" not in log


def test_a_query_string_password_is_not_echoed_in_connection_errors() -> None:
    from sqlalchemy.engine import make_url

    from app.db import classify_db_error

    err = classify_db_error(Exception('connection to server failed: options "qs-pw" refused'),
                            make_url("postgresql://app@db/x?password=qs-pw"))
    assert "qs-pw" not in str(err) and "***" in str(err)


def test_an_empty_value_removes_a_setting(tmp_path: Path) -> None:
    """A counter moved to a server forgets its database URL: ``config set db_url ""`` takes the
    line out (it raised SQLAlchemy's ArgumentError before)."""
    from app.config import load_settings, save_setting

    env = {"HALLDESK_CONFIG_DIR": str(tmp_path / "cfg"), "HALLDESK_DATA_DIR": str(tmp_path)}
    save_setting("db_url", "postgresql://halldesk_app@dbhost/halldesk", env)
    save_setting("server_url", "https://halldesk.example:8470", env)
    path = save_setting("db_url", "", env)
    text = path.read_text(encoding="utf-8")
    assert "dbhost" not in text and "[database]" not in text
    assert "https://halldesk.example:8470" in text
    settings = load_settings(env)
    assert settings.server_url == "https://halldesk.example:8470"
    assert settings.db_url.startswith("sqlite:///")  # the default, unused with a server
    with pytest.raises(ConfigError, match="not valid"):
        save_setting("db_url", "://", env)
