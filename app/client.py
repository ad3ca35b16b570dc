"""The HallDesk server's client (no Qt, no database): what every counter, kiosk and display
uses to reach the server.

``ServerClient.call(function, **kwargs)`` names a use case by its service function (the one
the server's registry lists, ``app/api/registry.py``); the client posts its parameters as
JSON (amounts as strings, never floats) with the session's token, and turns the answer back
into the function's own return type: dataclasses, ``Decimal``, aware datetimes, enums. A
refusal comes back as the same typed ``HallDeskError`` (same ``key``, ``field`` and
``params``) the service raised, so the UI's sentences stay as they are; a server that cannot
be reached is a ``ServerUnavailable``.

httpx's client is thread-safe: the UI's worker threads share one, and its pool of
keep-alive connections to the one server.
"""

from __future__ import annotations

import dataclasses
import enum
import ssl
import threading
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar

import httpx

from app.api.wire import to_wire
from app.errors import DatabaseUnavailable, HallDeskError
from app.services.context import Actor
from app.services.queueing import Takeover
from app.services.staff import HallInfo

T = TypeVar("T")
API = "/api/v1"
TIMEOUT = httpx.Timeout(30.0, connect=5.0)  # a payment may wait out a busy lock (5 s) and more


class ServerUnavailable(DatabaseUnavailable):
    """No answer from the HallDesk server (down, unreachable, or its certificate refused)."""

    key = "server_unavailable"
    default = "The HallDesk server cannot be reached: {detail}"


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    expires_at: datetime
    took_over: Takeover | None = None  # "3号窗口此前由 赵磊 使用，已接管"


# --- results back into their types -------------------------------------------------------


def from_wire(kind: Any, value: Any) -> Any:
    """``value`` (plain JSON) as ``kind`` (a type hint): the inverse of ``wire.to_wire``."""
    if kind is Any or kind is object or value is None:
        return value
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        return _union(kind, value)
    if origin is typing.Literal:
        return value
    if origin is not None or kind in (list, tuple, set, frozenset, dict):
        return _container(kind, origin, value)
    if isinstance(kind, type):
        return _scalar(kind, value)
    return value


def _union(kind: Any, value: Any) -> Any:
    options = [a for a in typing.get_args(kind) if a is not type(None)]
    if len(options) == 1:
        return from_wire(options[0], value)
    for option in options:  # the first that takes the value as it is
        try:
            return from_wire(option, value)
        except (TypeError, ValueError, KeyError):
            continue
    return value


def _container(kind: Any, origin: Any, value: Any) -> Any:
    args = typing.get_args(kind)
    target = origin or kind
    if target in (dict, Mapping):
        key, item = args or (Any, Any)
        return {from_wire(key, k): from_wire(item, v) for k, v in value.items()}
    if target is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        return tuple(from_wire(a, v) for a, v in zip(args, value, strict=True))
    items = [from_wire(args[0] if args else Any, v) for v in value]
    return items if target is list else target(items)


def _scalar(kind: type, value: Any) -> Any:
    if issubclass(kind, enum.Enum):
        return kind(value)
    if issubclass(kind, bool | int | str):
        return value
    if issubclass(kind, Decimal):
        return Decimal(str(value))
    if issubclass(kind, datetime):
        return datetime.fromisoformat(value)
    if issubclass(kind, date):
        return date.fromisoformat(value)
    if issubclass(kind, time):
        return time.fromisoformat(value)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: from_wire(hints.get(f.name, Any), value[f.name])
                       for f in dataclasses.fields(kind) if f.init and f.name in value})
    return value


_HINTS: dict[Any, dict[str, Any]] = {}
_HINTS_LOCK = threading.Lock()


def _hints(owner: Any) -> dict[str, Any]:
    with _HINTS_LOCK:
        found = _HINTS.get(owner)
        if found is None:
            found = typing.get_type_hints(owner)
            _HINTS[owner] = found
        return found


def _error_from(status: int, body: Any) -> HallDeskError:
    """The typed refusal the server sent, as the service raised it."""
    if not isinstance(body, dict) or "key" not in body:
        if status in (502, 503, 504):  # a proxy or gateway before the server answered
            return ServerUnavailable(detail=f"the gateway answered {status}")
        return HallDeskError(f"The server answered {status}.", status=status)
    key = str(body.get("key"))
    kind = _ERRORS().get(key, HallDeskError)
    params = {str(k): _param(v) for k, v in dict(body.get("params") or {}).items()}
    error = kind.__new__(kind)
    HallDeskError.__init__(error, str(body.get("message") or kind.default),
                           field=body.get("field"), **params)
    if kind is HallDeskError:
        error.key = key  # a refusal this client does not know by class keeps its key
    return error


def _param(value: Any) -> Any:
    """Times in a refusal's parameters (a lockout's ``until``) as aware datetimes again."""
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and "T" in value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return parsed if parsed.tzinfo is not None else value
    return value


def _all_subclasses(kind: type[HallDeskError]) -> list[type[HallDeskError]]:
    found = []
    for sub in kind.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def _ERRORS() -> dict[str, type[HallDeskError]]:  # noqa: N802 (a lazily built constant)
    import app.api.errors  # noqa: F401  (the server's own refusals: sessions)

    return {sub.key: sub for sub in _all_subclasses(HallDeskError)}


# --- the client ----------------------------------------------------------------------------


def use_case_path(function: Callable[..., Any]) -> str:
    """``/api/v1/<area>/<name>`` of a registered use case, or a TypeError for any other."""
    from app.api.registry import by_function

    return by_function(function).path


class ServerClient:
    """One server, one session at a time (``token``); safe to share between threads."""

    def __init__(self, base_url: str, *, ca_file: str | None = None,
                 transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        verify: ssl.SSLContext | bool = True
        if ca_file:  # the company's own CA signs the server's certificate
            verify = ssl.create_default_context(cafile=ca_file)
        # trust_env=False: no proxy from the environment (or Windows' system proxy, whose
        # bypass list httpx ignores) ever sees a password or a token, nor the loopback traffic
        # of the embedded server.
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout, verify=verify,
                                 transport=transport, trust_env=False)
        self._ca_context = verify if isinstance(verify, ssl.SSLContext) else None
        self.token: str | None = None
        self.actor: Actor | None = None

    def websocket_url(self, path: str) -> str:
        """``path`` on this server as a WebSocket address: ws:// for http, wss:// for https
        (the live notices, ``/api/v1/notices``)."""
        scheme, sep, rest = self.base_url.partition("://")
        ws_scheme = {"http": "ws", "https": "wss"}.get(scheme.lower())
        if not sep or ws_scheme is None:
            raise ValueError(f"not an http(s) address: {self.base_url!r}")
        return f"{ws_scheme}://{rest}{path}"

    def websocket_ssl(self) -> ssl.SSLContext | None:
        """The same TLS verification as this client's requests, for its WebSocket: the
        company CA's context when one is set, else httpx's default (certifi, or
        SSL_CERT_FILE); None for plain http."""
        if not self.base_url.lower().startswith("https://"):
            return None
        return self._ca_context or httpx.create_ssl_context()

    # the session

    def sign_in(self, username: str, password: str, *, hall_code: str = "",
                window_number: int | None = None) -> SignedIn:
        answer = self._post(f"{API}/session/sign-in", {
            "username": username, "password": password, "hall_code": hall_code,
            "window_number": window_number}, token=None)
        return self._signed(answer)

    def device_sign_in(self, credential: str) -> SignedIn:
        answer = self._post(f"{API}/device/sign-in", {"credential": credential}, token=None)
        return self._signed(answer)

    def enrol_device(self, device_id: int, code: str) -> Any:
        from app.services.devices import enrol_device

        answer = self._post(f"{API}/device/enrol", {"device_id": device_id, "code": code},
                            token=None)
        kind = _hints(enrol_device).get("return", Any)
        return from_wire(kind, answer["result"])

    def _signed(self, answer: dict[str, Any]) -> SignedIn:
        actor = from_wire(Actor, answer["actor"])
        took = answer.get("took_over")
        signed = SignedIn(actor=actor, expires_at=datetime.fromisoformat(answer["expires_at"]),
                          took_over=from_wire(Takeover, took) if took else None)
        self.token, self.actor = str(answer["token"]), actor
        return signed

    def sign_out(self, *, closed: bool = False, token: str | None = None) -> None:
        """Ends the session (``token``: this one, taken when the person signed out, so that a
        quick sign-in after it is never what ends) and closes the window, as a counter's
        sign-out does; ``closed``: the program was closed (the audit trail says which)."""
        token = token or self.token
        if token is None:
            return
        try:
            self._post(f"{API}/session/sign-out", {"closed": closed}, token=token)
        finally:
            if self.token == token:  # not a sign-in that came after it
                self.token, self.actor = None, None

    def forget(self) -> None:
        """Drops the token without asking the server (the session ended there already)."""
        self.token, self.actor = None, None

    def lock(self) -> None:
        self._post(f"{API}/session/lock", None)

    def unlock(self, password: str) -> None:
        self._post(f"{API}/session/unlock", {"password": password})

    def halls(self) -> list[HallInfo]:
        """The halls and windows the sign-in screen offers; asked before anyone signs in."""
        answer = self._post(f"{API}/session/halls", None, token=None)
        return typing.cast(list[HallInfo], from_wire(list[HallInfo], answer["result"]))

    def health(self) -> dict[str, Any]:
        try:
            response = self.http.get(f"{API}/health")
        except httpx.HTTPError as exc:
            raise unavailable(exc) from None
        return self._answer(response)

    # the use cases

    def call(self, function: Callable[..., T], /, **kwargs: Any) -> T:
        """Runs a registered use case on the server as this session's actor; the result is
        what ``function`` itself returns. ``session``, ``actor`` and ``now`` are the server's."""
        answer = self._post(use_case_path(function), to_wire(kwargs) if kwargs else None)
        kind = _hints(function).get("return", Any)
        return typing.cast(T, from_wire(kind, answer["result"]))

    def close(self) -> None:
        self.http.close()

    # the wire

    def _post(self, path: str, body: Any, *, token: str | bool | None = True
              ) -> dict[str, Any]:
        bearer = self.token if token is True else token
        headers = {"Authorization": f"Bearer {bearer}"} if isinstance(bearer, str) else {}
        try:
            response = self.http.post(path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise unavailable(exc) from None
        try:
            return self._answer(response)
        except HallDeskError as error:
            # Which session a refusal answered (a screen ends only for its own session, not
            # for a late answer to one signed out of before); never shown or logged.
            error.session_token = bearer if isinstance(bearer, str) else None  # type: ignore[attr-defined]
            raise

    @staticmethod
    def _answer(response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400:
            raise _error_from(response.status_code, body)
        if not isinstance(body, dict):
            raise HallDeskError("The server's answer was not understood.")
        return body


def unavailable(exc: httpx.HTTPError) -> ServerUnavailable:
    """A transport failure as the sentence the connection line shows."""
    if isinstance(exc, httpx.TimeoutException):
        detail = "no answer in time"
    elif isinstance(exc, httpx.ConnectError) and "CERTIFICATE" in str(exc).upper():
        detail = "its certificate is not trusted"
    elif isinstance(exc, httpx.ConnectError):
        detail = "connection refused or no route"
    else:
        detail = type(exc).__name__
    return ServerUnavailable(detail=detail)
