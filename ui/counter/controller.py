"""Wires the counter client: its HallDesk server, login, workspace, language.

A counter talks to the server named by its settings (``[server] url``) and holds no database
credentials. Where none is named (the zero-setup default, and the tests), the counter starts
an embedded server on 127.0.0.1 over ``[database] url`` in a background thread and talks to
it the same way; only then may it ask for the database's password (kept in the keyring)."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app import config
from app.api import embedded
from app.client import ServerClient
from app.config import Settings
from app.errors import DatabaseAuthFailed
from app.services.context import Actor
from ui import i18n
from ui.connection import RETRY_INTERVAL_MS, ConnectionMonitor, ConnectionState
from ui.counter.login import DatabasePasswordDialog, LoginDialog
from ui.counter.main_window import MainWindow
from ui.messages import error_text, takeover_text
from ui.operations import OperationRunner

BENCH_ENV = "HALLDESK_BENCH_STARTUP"
TAKEOVER_NOTICE_MS = 60_000  # long enough to be read when the workspace opens


class CounterController(QObject):
    def __init__(self, settings: Settings, parent: QObject | None = None, *,
                 retry_ms: int = RETRY_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language = settings.language
        # With no server named, one embedded in this process over [database] url (started
        # off the GUI thread): the counter itself never opens the database.
        self.server: embedded.EmbeddedServer | None = None
        self.server_settings = settings  # with the database password once known
        self.client = ServerClient(settings.server_url or "http://127.0.0.1:9",
                                   ca_file=settings.server_ca_file or None)
        self.runner = OperationRunner(self.client, self)
        self.monitor = ConnectionMonitor(self.runner, self, retry_ms=retry_ms)
        self.ui_state = QSettings(str(settings.ui_state_file), QSettings.Format.IniFormat)
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.asking_password = False
        self.keyring_ok = False  # learnt off the GUI thread at start (server databases only)
        self._unsaved_secret: str | None = None  # kept in the keyring once the server accepts it
        self.monitor.state_changed.connect(self.on_connection_state)

    def _app_name(self) -> str:
        s = self.settings
        return f"HallDesk counter {s.hall or '-'}/{s.window or '-'}"

    def start(self) -> None:
        self.show_login()
        if os.environ.get(BENCH_ENV):
            QTimer.singleShot(0, self._report_startup)
        # Database work starts once the window is painted: it must not delay the first sight.
        QTimer.singleShot(0, self._connect)

    @property
    def embedded(self) -> bool:
        return self.settings.embedded_server

    def _connect(self) -> None:
        if not self.embedded:
            self.begin()
        elif embedded.needs_database_password(self.server_settings):
            self._fill_password_from_keyring()
        else:
            self._start_server()

    def _start_server(self) -> None:
        """The embedded server, started off the GUI thread; then the login loads."""
        server = embedded.EmbeddedServer.for_settings(self.server_settings, name="counter")
        self.server = server

        def started(url: str) -> None:
            if self.server is not server:  # replaced meanwhile (a new database password)
                return
            self._use_client(url)
            self.begin()

        self.runner.run(server.start, on_done=started, on_error=self._server_failed)

    def _server_failed(self, error: BaseException) -> None:
        if self.login is not None:
            self.login.on_load_error(error)

    def _use_client(self, url: str) -> None:
        old = self.client
        self.client = ServerClient(url)
        self.runner.client = self.client
        self.runner.run(old.close, on_error=lambda _e: None)

    def begin(self) -> None:
        self.monitor.start()
        if self.login is not None:
            self.login.load()

    def _report_startup(self) -> None:
        """Benchmark hook: the login window is on screen; report and leave."""
        start = float(os.environ[BENCH_ENV])
        elapsed = time.time() - start
        try:
            import resource

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            peak_kib = str(peak // 1024 if sys.platform == "darwin" else peak)  # macOS: bytes
        except ImportError:  # Windows has no getrusage: memory is not measured there
            peak_kib = "-"
        print(f"HALLDESK_LOGIN_SHOWN {elapsed:.4f} {peak_kib}", flush=True)
        app = QApplication.instance()
        assert app is not None
        app.quit()

    def _fill_password_from_keyring(self) -> None:
        settings = self.server_settings

        def done(found: tuple[bool, str | None]) -> None:
            self.keyring_ok, password = found
            if password:
                self._use_database_password(password)
            else:
                self._start_server()

        # The keyring may talk to a system service (D-Bus): never on the GUI thread.
        self.runner.run(lambda: embedded.keyring_database_password(settings), on_done=done,
                        on_error=lambda _e: self._start_server())

    def _use_database_password(self, password: str) -> None:
        """The embedded server again, on the database with this password."""
        server = self.server
        self.server_settings = self.settings.with_password(password)
        self.server = None

        def retire() -> None:
            if server is not None:
                server.stop()

        self.runner.run(retire, on_done=lambda _r: self._start_server(),
                        on_error=lambda _e: self._start_server())

    def shutdown(self) -> None:
        """At the program's end (and a test's): the workers, the client, the embedded server."""
        self.monitor.stop()
        self.runner.wait(10000)
        self.client.close()
        if self.server is not None:
            self.server.stop()

    # --- login and workspace -----------------------------------------------------------------

    def show_login(self) -> None:
        login = LoginDialog(self.runner, hall_code=self.settings.hall,
                            window_number=self.settings.window, language=self.language,
                            named_server=not self.embedded)
        login.logged_in.connect(self.on_logged_in)
        login.db_password_needed.connect(self.on_db_password_needed)
        login.language_changed.connect(self.set_language)
        login.rejected.connect(self.on_login_closed)
        self.login = login
        login.show()

    def on_login_closed(self) -> None:
        if self.window is None:
            app = QApplication.instance()
            assert app is not None
            app.quit()

    def on_logged_in(self, actor: Actor) -> None:
        login = self.login
        self.login = None
        took_over = login.took_over if login is not None else None
        if login is not None:
            login.deleteLater()
        self._remember_counter(actor)
        if actor.hall_code:  # the next sign-in at this PC offers the same hall and window
            self.settings = replace(self.settings, hall=actor.hall_code,
                                    window=actor.window_number)
        window = MainWindow(self.runner, self.monitor, actor, ui_state=self.ui_state,
                            named_server=not self.embedded,
                            idle_lock_minutes=self.settings.idle_lock_minutes,
                            language=self.language)
        window.signed_out.connect(self.on_signed_out)
        window.language_requested.connect(self.set_language)
        self.window = window
        window.show()
        window.raise_()
        window.activateWindow()  # the keyboard goes to the workspace, not the closed dialog
        window.search.focus()
        if took_over is not None:  # "3号窗口此前由 赵磊 使用，已接管"
            window.statusBar().showMessage(takeover_text(
                took_over.window_number, took_over.previous_name, took_over.ended_code),
                TAKEOVER_NOTICE_MS)

    def _remember_counter(self, actor: Actor) -> None:
        """The next sign-in at this PC starts at the same hall and window."""
        if not actor.hall_code:
            return
        changes = [("hall", actor.hall_code)]
        if actor.window_number is not None:
            changes.append(("window", str(actor.window_number)))

        directory = self.settings.config_dir

        def save() -> None:
            for name, value in changes:
                config.save_setting(name, value, directory=directory)

        self.runner.run(save, on_error=lambda _e: None)

    def on_signed_out(self) -> None:
        window = self.window
        self.window = None
        self.show_login()
        ended = window.ended_text if window is not None else ""
        if window is not None:
            window.close()
            window.deleteLater()
        if self.login is not None:
            self.login.load()
            if ended:  # the server ended the session: say why on the sign-in screen
                self.login.show_message(ended)

    # --- language ----------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        self.language = language
        i18n.install(language)
        if self.window is not None:
            self.window.set_language(language)
        directory = self.settings.config_dir
        self.runner.run(lambda: config.save_setting("language", language, directory=directory),
                        on_error=lambda _e: None)

    # --- the database password ---------------------------------------------------------------

    def on_connection_state(self, state: str, error: object) -> None:
        if state != ConnectionState.CONNECTED.value:
            return
        if self._unsaved_secret is not None:  # the typed password works: now keep it
            password, settings = self._unsaved_secret, self.settings
            self._unsaved_secret = None
            self.runner.run(lambda: embedded.keep_database_password(settings, password),
                            on_error=lambda _e: None)
        if self.login is not None and not self.login.schema_ok:
            self.login.load()

    def on_db_password_needed(self, error: DatabaseAuthFailed) -> None:
        if self.asking_password or not self.embedded:
            return  # a counter that names a server never holds the database password
        self.asking_password = True
        had_password = not embedded.needs_database_password(self.server_settings)
        user, place = embedded.database_place(self.server_settings)
        dialog = DatabasePasswordDialog(
            user, place, keyring_available=self.keyring_ok,
            message=error_text(error) if had_password else "",
            parent=self.login)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.asking_password = False
        if not accepted or not dialog.password.text():
            return
        password = dialog.password.text()
        self._unsaved_secret = password if dialog.remember.isChecked() else None
        self._use_database_password(password)


def run_counter(settings: Settings) -> int:
    from ui.app import create_application

    app = create_application(settings.language)
    controller = CounterController(settings)
    controller.start()
    code = app.exec()
    controller.shutdown()
    sys.stdout.flush()
    return int(code)
