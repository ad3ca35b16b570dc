"""Settings: a file in the platform's config folder, environment overrides, secrets in the keyring.

The database password is never written to a file or a log. It comes from, in order: the URL
given in ``HALLDESK_DB_URL`` (for CI and scripts), the OS keyring, or — where no keyring
backend exists — the person at the counter, who is asked at start and whose answer stays in
memory only.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict

from sqlalchemy.engine import URL, make_url

from app.announce import DEFAULT_TEMPLATE
from app.errors import ConfigError

APP_NAME = "HallDesk"
KEYRING_SERVICE = "HallDesk database"
CONFIG_FILE = "halldesk.ini"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LOCK_TIMEOUT_S = 5.0
DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_S = 30.0
# Connection parameters libpq reads as secrets: hidden like the URL's own password.
SECRET_QUERY_KEYS = ("password", "sslpassword")

# setting name -> (ini section, ini key, environment variable)
_KEYS: dict[str, tuple[str, str, str]] = {
    # A counter, kiosk or display PC names the HallDesk server, never the database:
    "server_url": ("server", "url", "HALLDESK_SERVER_URL"),
    "server_ca_file": ("server", "ca_file", "HALLDESK_SERVER_CA_FILE"),
    # Only the server (and the single PC of the embedded default) names the database:
    "db_url": ("database", "url", "HALLDESK_DB_URL"),
    # PostgreSQL: how long a statement waits for a row another connection holds before it is
    # refused as busy (DatabaseBusy), and how long a connection may sit idle inside an open
    # transaction before the server ends it (a counter whose link died mid-payment).
    "db_lock_timeout_s": ("database", "lock_timeout_s", "HALLDESK_DB_LOCK_TIMEOUT_S"),
    "db_idle_in_transaction_timeout_s": ("database", "idle_in_transaction_timeout_s",
                                         "HALLDESK_DB_IDLE_IN_TRANSACTION_TIMEOUT_S"),
    "hall": ("counter", "hall", "HALLDESK_HALL"),
    "window": ("counter", "window", "HALLDESK_WINDOW"),
    "language": ("ui", "language", "HALLDESK_LANG"),
    "idle_lock_minutes": ("ui", "idle_lock_minutes", "HALLDESK_IDLE_LOCK_MINUTES"),
    # The hall display's spoken sentence, with {ticket} and {window} (app.announce)
    "announcement": ("display", "announcement", "HALLDESK_ANNOUNCEMENT"),
    # This workstation's receipt/ticket printer ([printer] section, HALLDESK_PRINTER_*):
    # the raw text is kept here and turned into printing.escpos.PrinterSettings by
    # printing.printer_config when a printer is used (app/ does not import printing).
    "printer_kind": ("printer", "kind", "HALLDESK_PRINTER_KIND"),
    "printer_host": ("printer", "host", "HALLDESK_PRINTER_HOST"),
    "printer_port": ("printer", "port", "HALLDESK_PRINTER_PORT"),
    "printer_usb_vendor_id": ("printer", "usb_vendor_id", "HALLDESK_PRINTER_USB_VENDOR_ID"),
    "printer_usb_product_id": ("printer", "usb_product_id", "HALLDESK_PRINTER_USB_PRODUCT_ID"),
    "printer_serial_device": ("printer", "serial_device", "HALLDESK_PRINTER_SERIAL_DEVICE"),
    "printer_baudrate": ("printer", "baudrate", "HALLDESK_PRINTER_BAUDRATE"),
    "printer_file_path": ("printer", "file_path", "HALLDESK_PRINTER_FILE_PATH"),
    "printer_profile": ("printer", "profile", "HALLDESK_PRINTER_PROFILE"),
    "printer_encoding": ("printer", "encoding", "HALLDESK_PRINTER_ENCODING"),
    "printer_paper_width_mm": ("printer", "paper_width_mm", "HALLDESK_PRINTER_PAPER_WIDTH_MM"),
    "printer_columns": ("printer", "columns", "HALLDESK_PRINTER_COLUMNS"),
    "printer_qr_mode": ("printer", "qr_mode", "HALLDESK_PRINTER_QR_MODE"),
    "printer_select_charset": ("printer", "select_charset", "HALLDESK_PRINTER_SELECT_CHARSET"),
    "printer_timeout_s": ("printer", "timeout_s", "HALLDESK_PRINTER_TIMEOUT_S"),
}
PRINTER_PREFIX = "printer_"
# "none" (or no kind at all): this workstation has no printer.
PRINTER_KINDS = ("none", "network", "usb", "serial", "file", "dummy")


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("HALLDESK_CONFIG_DIR"):
        return Path(env["HALLDESK_CONFIG_DIR"])
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_NAME))


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("HALLDESK_DATA_DIR"):
        return Path(env["HALLDESK_DATA_DIR"])
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))


class DatabaseOptions(TypedDict):
    """The connection settings of ``app.db.Database`` (milliseconds)."""

    lock_timeout_ms: int
    idle_in_transaction_timeout_ms: int


@dataclass(frozen=True)
class Settings:
    db_url: str
    hall: str = ""
    window: int | None = None
    language: str = "zh_CN"
    idle_lock_minutes: int = 5
    announcement: str = DEFAULT_TEMPLATE
    config_dir: Path = field(default_factory=Path)
    data_dir: Path = field(default_factory=Path)
    # The [printer] options as given, e.g. (("host", "10.0.0.9"), ("kind", "network")).
    printer: tuple[tuple[str, str], ...] = ()
    db_lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    db_idle_in_transaction_timeout_s: float = DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_S
    # The HallDesk server this PC talks to; "" starts an embedded one on 127.0.0.1 over
    # ``db_url`` (the zero-setup default). https between PCs, checked against ``server_ca_file``
    # (the company's own CA) when given, else the system's trusted CAs.
    server_url: str = ""
    server_ca_file: str = ""

    @property
    def embedded_server(self) -> bool:
        return not self.server_url

    @property
    def config_file(self) -> Path:
        return self.config_dir / CONFIG_FILE

    @property
    def ui_state_file(self) -> Path:
        return self.config_dir / "ui-state.ini"

    @property
    def url(self) -> URL:
        return make_url(self.db_url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def safe_url(self) -> str:
        """The URL as it may appear on screen or in a log: password hidden, also one given
        in the query string (``?password=``)."""
        return safe_url(self.url)

    def database_options(self) -> DatabaseOptions:
        """The keyword arguments of ``app.db.Database`` these settings give (milliseconds)."""
        return {"lock_timeout_ms": round(self.db_lock_timeout_s * 1000),
                "idle_in_transaction_timeout_ms":
                    round(self.db_idle_in_transaction_timeout_s * 1000)}

    @property
    def printer_options(self) -> dict[str, str]:
        return dict(self.printer)

    @property
    def has_printer(self) -> bool:
        return self.printer_options.get("kind", "none") != "none"

    def with_password(self, password: str | None) -> Settings:
        if password is None:
            return self
        return replace(self, db_url=self.url.set(password=password).render_as_string(False))


# OWASP's least for argon2id (Password Storage Cheat Sheet): 19 MiB and 2 passes.
ARGON2_MIN_MEMORY_KIB = 19456
ARGON2_MIN_TIME_COST = 2
# Below it only with HALLDESK_ARGON2_ALLOW_WEAK=1, which the test suite sets (tests hash
# thousands of passwords); never in production.
ARGON2_WEAK_MIN_MEMORY_KIB = 8192
ARGON2_WEAK_MIN_TIME_COST = 1


def safe_url(url: str | URL) -> str:
    """``url`` as it may be shown or logged: its password and any password in its query
    string (``?password=``, ``?sslpassword=``) as ***."""
    url = make_url(url)
    secrets = {key: "***" for key in SECRET_QUERY_KEYS if key in url.query}
    if secrets:
        url = url.update_query_dict(secrets)
    return url.render_as_string(hide_password=True)


def query_password(url: URL) -> str | None:
    """A password given in the URL's query string (``?password=…``), which libpq reads."""
    value = url.query.get("password")
    if isinstance(value, tuple):
        return value[-1] if value else None
    return value


def _password_into_url(url: URL) -> URL:
    """``?password=`` moved to the URL's own password, so it is hidden, kept out of the
    settings file and looked up like any other (the URL's own wins when both are given)."""
    password = query_password(url)
    if password is None:
        return url
    url = url.difference_update_query(["password"])
    return url if url.password else url.set(password=password)


def argon2_parameters(env: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(memory in KiB, passes) for argon2id; HALLDESK_ARGON2_MEMORY_KIB / _TIME_COST override,
    never below OWASP's 19 MiB / 2 passes unless HALLDESK_ARGON2_ALLOW_WEAK=1 (tests only)."""
    env = os.environ if env is None else env
    try:
        memory = int(env.get("HALLDESK_ARGON2_MEMORY_KIB", "65536"))
        passes = int(env.get("HALLDESK_ARGON2_TIME_COST", "3"))
    except ValueError as exc:
        raise ConfigError(detail=f"argon2 parameters must be whole numbers: {exc}") from exc
    weak = env.get("HALLDESK_ARGON2_ALLOW_WEAK", "") == "1"
    least_memory = ARGON2_WEAK_MIN_MEMORY_KIB if weak else ARGON2_MIN_MEMORY_KIB
    least_passes = ARGON2_WEAK_MIN_TIME_COST if weak else ARGON2_MIN_TIME_COST
    if memory < least_memory or passes < least_passes:
        raise ConfigError(detail=f"argon2 needs at least {least_memory} KiB of memory and "
                                 f"{least_passes} passes")
    return memory, passes


def default_db_url(env: Mapping[str, str] | None = None) -> str:
    path = data_dir(env) / "halldesk.sqlite3"
    return f"sqlite:///{path.as_posix()}"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    cdir = config_dir(env)
    parser = configparser.ConfigParser()
    path = cdir / CONFIG_FILE
    _read_file(parser, path)
    raw: dict[str, str] = {}
    for name, (section, key, var) in _KEYS.items():
        if env.get(var):
            raw[name] = env[var]
        elif parser.has_option(section, key):
            raw[name] = parser.get(section, key)
    return _build(raw, cdir, data_dir(env), env)


def _read_file(parser: configparser.ConfigParser, path: Path) -> None:
    """Read the settings file into ``parser``; a file that is not UTF-8 text (saved as GBK by
    an editor) or not an ini file is a ConfigError naming the file, not a crash."""
    if not path.exists():
        return
    try:
        parser.read(path, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(detail=f"{path} is not UTF-8 text (byte {exc.object[exc.start]:#04x} "
                                 f"at position {exc.start}): save it as UTF-8") from None
    except configparser.Error as exc:
        raise ConfigError(detail=f"{path}: {exc}") from exc


def _seconds(raw: Mapping[str, str], name: str, default: float) -> float:
    try:
        value = float(raw.get(name, "") or default)
    except ValueError:
        raise ConfigError(detail=f"{name.removeprefix('db_')} must be a number of seconds"
                          ) from None
    if not 0 < value <= 86400:
        raise ConfigError(detail=f"{name.removeprefix('db_')} must be more than 0 seconds")
    return value


def _build(raw: dict[str, str], cdir: Path, ddir: Path, env: Mapping[str, str]) -> Settings:
    db_url = raw.get("db_url") or default_db_url(env)
    try:
        url = make_url(db_url)
    except Exception as exc:
        raise ConfigError(detail=f"database url is not valid: {exc}") from exc
    if query_password(url) is not None:
        db_url = _password_into_url(url).render_as_string(hide_password=False)
    language = raw.get("language", "zh_CN")
    if language not in LANGUAGES:
        raise ConfigError(detail=f"language must be one of {', '.join(LANGUAGES)}")
    try:
        window = int(raw["window"]) if raw.get("window") else None
        idle = int(raw.get("idle_lock_minutes", "5"))
    except ValueError as exc:
        raise ConfigError(
            detail=f"window and idle_lock_minutes must be whole numbers: {exc}"
        ) from exc
    if idle < 0:
        raise ConfigError(detail="idle_lock_minutes must be 0 (never) or more")
    server_url = check_server_url(raw.get("server_url", ""))
    ca_file = raw.get("server_ca_file", "").strip()
    if ca_file and not Path(ca_file).is_file():
        raise ConfigError(detail=f"the server's CA file {ca_file} does not exist")
    announcement = raw.get("announcement") or DEFAULT_TEMPLATE
    if "{ticket}" not in announcement or "{window}" not in announcement:
        raise ConfigError(detail="the announcement must contain {ticket} and {window}")
    return Settings(
        db_url=db_url,
        hall=raw.get("hall", ""),
        window=window,
        language=language,
        idle_lock_minutes=idle,
        announcement=announcement,
        config_dir=cdir,
        data_dir=ddir,
        printer=_printer_options(raw),
        db_lock_timeout_s=_seconds(raw, "db_lock_timeout_s", DEFAULT_LOCK_TIMEOUT_S),
        db_idle_in_transaction_timeout_s=_seconds(raw, "db_idle_in_transaction_timeout_s",
                                                  DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_S),
        server_url=server_url,
        server_ca_file=ca_file,
    )


def check_server_url(value: str) -> str:
    """The server's address as a client may use it: https, or plain http to this PC only (a
    password or a session token never crosses the hall's network in clear)."""
    import ipaddress
    from urllib.parse import urlsplit

    value = value.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(detail=f"the server url must be https://host:port, not {value!r}")
    if parts.username or parts.password or parts.query:
        raise ConfigError(detail="the server url holds no user name, password or query")
    if parts.scheme == "http":
        host = parts.hostname
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ConfigError(detail=f"plain http is for this PC only (127.0.0.1): use https "
                                     f"to reach {host}")
    return value


def _printer_options(raw: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The printer's options, checked only as far as a typo would otherwise go unnoticed
    until the first print (the full check is PrinterSettings', when the printer is used)."""
    options = tuple(sorted((name.removeprefix(PRINTER_PREFIX), value.strip())
                           for name, value in raw.items()
                           if name.startswith(PRINTER_PREFIX) and value.strip()))
    values = dict(options)
    kind = values.get("kind", "none").lower()
    if kind not in PRINTER_KINDS:
        raise ConfigError(detail=f"printer kind must be one of {', '.join(PRINTER_KINDS)}")
    for key in ("port", "baudrate", "paper_width_mm", "columns", "usb_vendor_id",
                "usb_product_id"):
        if key in values:
            try:
                int(values[key], 0)  # USB ids are usually written in hex: 0x0416
            except ValueError as exc:
                raise ConfigError(detail=f"printer {key} must be a whole number") from exc
    if "timeout_s" in values:
        try:
            float(values["timeout_s"])
        except ValueError as exc:
            raise ConfigError(detail="printer timeout_s must be a number of seconds") from exc
    return tuple((key, value.lower() if key == "kind" else value) for key, value in options)


def save_setting(
    name: str, value: str, env: Mapping[str, str] | None = None, *, directory: Path | None = None
) -> Path:
    """Write one setting to the config file, refusing to store a password there; an empty
    value removes the setting (a counter moved to a server forgets its database URL with
    ``config set db_url ""``)."""
    if name not in _KEYS:
        raise ConfigError(detail=f"unknown setting {name!r}; known: {', '.join(_KEYS)}")
    if name == "db_url" and value.strip():
        try:
            url = make_url(value)
        except Exception as exc:
            raise ConfigError(detail=f"database url is not valid: {exc}") from exc
        if url.password or query_password(url):
            raise ConfigError(
                detail="the database password is never stored in the settings file; "
                "give the URL without it and use 'halldesk db-password set'"
            )
    section, key, _ = _KEYS[name]
    cdir = directory or config_dir(env)
    path = cdir / CONFIG_FILE
    parser = configparser.ConfigParser()
    _read_file(parser, path)
    if not value.strip():
        if parser.has_option(section, key):
            parser.remove_option(section, key)
            if not parser.options(section):
                parser.remove_section(section)
    else:
        if not parser.has_section(section):
            parser.add_section(section)
        parser.set(section, key, value)
    # Validate before writing: a bad value must not break the next start.
    trial = {n: parser.get(s, k) for n, (s, k, _v) in _KEYS.items() if parser.has_option(s, k)}
    _build(trial, cdir, data_dir(env), env or os.environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        parser.write(fh)
    return path


# --- keyring -------------------------------------------------------------------------------


def keyring_account(url: URL) -> str:
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def keyring_available() -> bool:
    """True when a real OS keyring backend exists (not keyring's 'fail' or 'null' backends)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    try:
        from keyring.backends import null

        if isinstance(backend, null.Keyring):
            return False
    except ImportError:
        pass
    return float(getattr(backend, "priority", 1)) > 0


def keyring_password(url: URL) -> str | None:
    if not keyring_available():
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_account(url))
    except KeyringError:
        return None


def store_keyring_password(url: URL, password: str) -> None:
    if not keyring_available():
        raise ConfigError(detail="no OS keyring is available on this computer")
    import keyring

    keyring.set_password(KEYRING_SERVICE, keyring_account(url), password)


def delete_keyring_password(url: URL) -> bool:
    if not keyring_available():
        return False
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_account(url))
    except PasswordDeleteError:
        return False
    return True


def resolve_password(settings: Settings) -> Settings:
    """Fill the DB password from the keyring when the URL has none (server databases only)."""
    url = settings.url
    if settings.is_sqlite or url.password:
        return settings
    return settings.with_password(keyring_password(url))
