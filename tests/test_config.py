"""Settings file, environment overrides and the DB password's only homes: keyring or memory."""

from __future__ import annotations

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
