"""https between PCs: the server serves TLS with a certificate of the company's CA, the client
trusts that CA alone, and a client that does not trust the certificate sends nothing — no
password leaves the PC before the server has proved who it is. A throwaway CA and
certificates are made at test time (``cryptography``); uvicorn runs with them on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from typing import Literal

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import func, select
from websockets.sync.client import connect

from app import events
from app.api import create_app, notice_codes
from app.api.server import check_listen_address, tls_options
from app.client import ServerClient, ServerUnavailable
from app.config import check_server_url
from app.db import Database
from app.errors import ConfigError
from app.models import AuditEntry, Staff, StaffSession
from app.services import queueing
from tests.conftest import PASSWORD, Hall

# --- a throwaway PKI ------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "HallDesk test utility"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca(common: str) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(cert, key)


def make_server_cert(ca: Issued, names: tuple[str, ...], ips: tuple[str, ...]) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    alt = [x509.DNSName(n) for n in names] + [x509.IPAddress(IPv4Address(i)) for i in ips]
    cert = (x509.CertificateBuilder().subject_name(_name((names or ips)[0]))
            .issuer_name(ca.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=True,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return Issued(cert, key)


def write(issued: Issued, folder: Path, stem: str, *, password: bytes | None = None
          ) -> tuple[str, str]:
    cert, key = folder / f"{stem}.pem", folder / f"{stem}-key.pem"
    cert.write_bytes(issued.cert.public_bytes(serialization.Encoding.PEM))
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password
        else serialization.NoEncryption())
    key.write_bytes(issued.key.private_bytes(serialization.Encoding.PEM,
                                             serialization.PrivateFormat.PKCS8, encryption))
    return str(cert), str(key)


@dataclass(frozen=True)
class Pki:
    ca_file: str  # the company's CA, as a counter PC holds it
    other_ca_file: str  # some other CA (an impostor's)
    certfile: str  # the server's certificate for 127.0.0.1 and localhost, of the company CA
    keyfile: str
    impostor_certfile: str  # 127.0.0.1 too, but of the other CA
    impostor_keyfile: str
    wrong_name_certfile: str  # of the company CA, but for another server's name
    wrong_name_keyfile: str
    encrypted_keyfile: str  # the server's key, encrypted


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    company, other = make_ca("HallDesk test company CA"), make_ca("Someone else's CA")
    ca_file, _ = write(company, folder, "company-ca")
    other_ca_file, _ = write(other, folder, "other-ca")
    server = make_server_cert(company, ("localhost",), ("127.0.0.1",))
    certfile, keyfile = write(server, folder, "server")
    impostor = write(make_server_cert(other, ("localhost",), ("127.0.0.1",)), folder, "impostor")
    wrong = write(make_server_cert(company, ("halldesk-other.example",), ("10.20.0.9",)),
                  folder, "wrong-name")
    _, encrypted = write(server, folder, "server-encrypted", password=b"secret-pass")
    return Pki(ca_file, other_ca_file, certfile, keyfile, *impostor, *wrong, encrypted)


# --- servers on loopback ---------------------------------------------------------------------


class Requests(logging.Handler):
    """What uvicorn's access log saw: one line per HTTP request that reached the server."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class TlsServer:
    """The HallDesk server under uvicorn with a certificate, as ``main.py server
    --certfile --keyfile`` runs it, on 127.0.0.1 and a free port."""

    def __init__(self, db: Database, certfile: str, keyfile: str, *,
                 lifespan: Literal["on", "off"] = "off") -> None:
        tls = tls_options(certfile, keyfile)
        assert tls is not None
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, lifespan=lifespan,
                                log_config=None, access_log=True,
                                ssl_certfile=tls.certfile, ssl_keyfile=tls.keyfile)
        self.requests = Requests()
        access = logging.getLogger("uvicorn.access")
        self._level = access.level
        access.setLevel(logging.INFO)
        access.addHandler(self.requests)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="halldesk-tls", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the https test server did not start")
            time.sleep(0.01)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]

    def url(self, host: str = "127.0.0.1") -> str:
        return f"https://{host}:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        access = logging.getLogger("uvicorn.access")
        access.removeHandler(self.requests)
        access.setLevel(self._level)


class Impostor:
    """A TLS listener with a certificate the client must not trust, standing where the
    server should be: it records every byte a client sends it once the handshake is done."""

    def __init__(self, certfile: str, keyfile: str) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(certfile, keyfile)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received = bytearray()
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.connections += 1
            raw.settimeout(5)
            try:
                with self.context.wrap_socket(raw, server_side=True) as tls:
                    while data := tls.recv(65536):
                        self.received += data
            except (ssl.SSLError, OSError):
                raw.close()  # the client refused the certificate (or hung up)

    def close(self) -> None:
        self.listener.close()
        self.thread.join(timeout=5)


@pytest.fixture
def tls_server(db: Database, pki: Pki) -> Iterator[TlsServer]:
    running = TlsServer(db, pki.certfile, pki.keyfile)
    yield running
    running.stop()


def _traces(db: Database) -> tuple[int, int, int]:
    """Sessions, audit entries and the staff's counted failures: what a sign-in leaves."""
    with db.scope(readonly=True) as s:
        return (s.scalar(select(func.count()).select_from(StaffSession)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                s.scalar(select(func.sum(Staff.failed_logins))) or 0)


# --- the tests -----------------------------------------------------------------------------


def test_a_client_with_the_company_ca_signs_in_and_works_over_https(
        db: Database, hall: Hall, pki: Pki, tls_server: TlsServer) -> None:
    for host in ("127.0.0.1", "localhost"):  # both names the certificate carries
        client = ServerClient(tls_server.url(host), ca_file=pki.ca_file)
        try:
            assert client.health()
            signed = client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01",
                                    window_number=1)
            assert signed.actor.username == hall.users["clerk"]
            assert signed.actor.hall_code == "H01" and signed.actor.window_number == 1
            status = client.call(queueing.queue_status)
            assert isinstance(status, queueing.QueueStatus)
            client.sign_out()
        finally:
            client.close()
    assert any("/api/v1/session/sign-in" in line for line in tls_server.requests.lines)


@pytest.mark.parametrize("trusted", ["system CAs only", "another CA"])
def test_a_client_that_does_not_trust_the_certificate_sends_nothing(
        db: Database, hall: Hall, pki: Pki, tls_server: TlsServer, trusted: str) -> None:
    before = _traces(db)
    client = ServerClient(tls_server.url(),
                          ca_file=None if trusted == "system CAs only" else pki.other_ca_file)
    try:
        with pytest.raises(ServerUnavailable) as refused:
            client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=1)
    finally:
        client.close()
    assert refused.value.params["detail"] == "its certificate is not trusted"
    assert "certificate is not trusted" in str(refused.value)
    assert client.token is None
    assert tls_server.requests.lines == []  # no request reached the server
    assert _traces(db) == before  # no session, no sign-in, no failure counted


def test_an_impostor_with_another_cas_certificate_gets_no_password(pki: Pki) -> None:
    """What the CA check is for: someone on the hall's network answering in the server's
    place. The client refuses the handshake, so not one byte of the request is sent."""
    impostor = Impostor(pki.impostor_certfile, pki.impostor_keyfile)
    client = ServerClient(f"https://127.0.0.1:{impostor.port}", ca_file=pki.ca_file)
    try:
        with pytest.raises(ServerUnavailable) as refused:
            client.sign_in("clerk1", "the-password-1", hall_code="H01", window_number=1)
        assert refused.value.params["detail"] == "its certificate is not trusted"
    finally:
        client.close()
        impostor.close()
    assert impostor.connections >= 1  # it was reached...
    assert bytes(impostor.received) == b""  # ...and was sent nothing


def test_a_certificate_of_the_company_ca_for_another_name_is_refused(
        db: Database, pki: Pki) -> None:
    """The CA's signature alone is not enough: the certificate must name the address the
    client dialled (a stolen certificate of another company server does not pass)."""
    running = TlsServer(db, pki.wrong_name_certfile, pki.wrong_name_keyfile)
    client = ServerClient(running.url(), ca_file=pki.ca_file)
    try:
        with pytest.raises(ServerUnavailable) as refused:
            client.sign_in("clerk1", "the-password-1", hall_code="H01", window_number=1)
        assert refused.value.params["detail"] == "its certificate is not trusted"
        assert running.requests.lines == []
    finally:
        client.close()
        running.stop()


def test_live_notices_follow_the_server_over_wss_with_the_company_ca(
        db: Database, hall: Hall, pki: Pki) -> None:
    running = TlsServer(db, pki.certfile, pki.keyfile, lifespan="on")  # its listener runs
    client = ServerClient(running.url(), ca_file=pki.ca_file)
    untrusting = ServerClient(running.url())
    try:
        client.sign_in(hall.users["clerk"], PASSWORD, hall_code="H01", window_number=2)
        address = client.websocket_url(notice_codes.PATH)
        assert address.startswith("wss://127.0.0.1:")
        with connect(address, ssl=client.websocket_ssl(), open_timeout=10) as socket_:
            socket_.send(json.dumps({"token": client.token, "subscribe": [events.QUEUE]}))
            assert json.loads(socket_.recv(timeout=10)) == {"topic": events.RELOAD_ALL}
        with pytest.raises(ssl.SSLCertVerificationError):  # ui/live.py retries, sends nothing
            connect(untrusting.websocket_url(notice_codes.PATH), ssl=untrusting.websocket_ssl(),
                    open_timeout=10)
    finally:
        client.close()
        untrusting.close()
        running.stop()


def test_plain_http_to_another_pc_is_refused_by_the_client_settings() -> None:
    for url in ("http://127.0.0.1:8470", "http://localhost:8470/", "http://[::1]:8470",
                "https://halldesk.example:8470", "https://10.20.0.5:8470"):
        assert check_server_url(url) == url.rstrip("/")
    for url in ("http://10.20.0.5:8470", "http://halldesk.example:8470", "http://0.0.0.0:8470",
                "ftp://halldesk.example", "https://user:pw@halldesk.example",
                "halldesk.example:8470"):
        with pytest.raises(ConfigError):
            check_server_url(url)


def test_the_server_listens_beyond_loopback_only_with_a_certificate(pki: Pki) -> None:
    for host in ("0.0.0.0", "10.20.0.5", "halldesk.example"):
        with pytest.raises(ConfigError) as refused:
            check_listen_address(host)
        assert "without a certificate" in str(refused.value)
        assert "--certfile" in str(refused.value)
        check_listen_address(host, tls=True)
    assert tls_options(None, None) is None
    tls = tls_options(pki.certfile, pki.keyfile)
    assert tls is not None and (tls.certfile, tls.keyfile) == (pki.certfile, pki.keyfile)


def test_a_certificate_and_key_that_cannot_serve_are_one_sentence_before_start(
        pki: Pki, tmp_path: Path) -> None:
    cases = (
        ("both --certfile", pki.certfile, None),
        ("both --certfile", None, pki.keyfile),
        ("does not exist", pki.certfile, str(tmp_path / "nothing.pem")),
        ("cannot be used together", pki.certfile, pki.impostor_keyfile),  # another's key
        ("not encrypted", pki.certfile, pki.encrypted_keyfile),  # refused, never prompted
    )
    for words, certfile, keyfile in cases:
        with pytest.raises(ConfigError) as refused:
            tls_options(certfile, keyfile)
        assert words in str(refused.value), (words, str(refused.value))


def test_main_server_with_a_certificate_checks_it_before_opening_the_database(
        pki: Pki, capsys: pytest.CaptureFixture[str]) -> None:
    import main

    assert main.main(["--db-url", "sqlite:////nonexistent/never.sqlite3", "server",
                      "--host", "0.0.0.0", "--certfile", pki.certfile,
                      "--keyfile", pki.impostor_keyfile]) == 2
    assert "cannot be used together" in capsys.readouterr().err
    assert main.main(["--db-url", "sqlite:////nonexistent/never.sqlite3", "server",
                      "--host", "0.0.0.0", "--certfile", pki.certfile]) == 2
    assert "--keyfile" in capsys.readouterr().err
