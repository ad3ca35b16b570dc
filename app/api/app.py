"""The FastAPI application: sign-in, sign-out, lock, unlock, health, and one endpoint per
registered use case (``app/api/registry.py``), none of them written out by hand."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import schema
from app.api import devices as device_api
from app.api import notices, sessions
from app.api.errors import body_of, status_of, validation_body
from app.api.registry import REGISTRY, UseCase
from app.api.wire import dumps, refuse_floats, refuse_out_of_range
from app.db import Database, busy_error, classify_db_error, is_connection_error
from app.errors import HallDeskError, PermissionDenied
from app.services import audit, auth, staff

log = logging.getLogger("halldesk.api")

bearer = HTTPBearer(auto_error=False, description="the token sign-in gave")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _json(value: Any, status: int = 200) -> Response:
    return Response(dumps(value), status_code=status, media_type="application/json")


def _token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials is not None else None


class _NoFloatRoute(APIRoute):
    """Refuses a body with a non-integer JSON number before the framework parses it: an
    amount travels as a string ("0.10"), since a float has already lost the fen."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            found = refuse_floats(await request.body())
            if found is not None:
                return _json(validation_body(
                    "Numbers with a fraction are sent as strings (\"0.10\"), never as floats.",
                    found or None, rule="float"), 422)
            unstorable = refuse_out_of_range(await request.body())
            if unstorable is not None:
                where, rule = unstorable
                return _json(validation_body(
                    "Whole numbers are at most 2147483647 either way; texts hold no NUL byte.",
                    where or None, rule=rule), 422)
            return await handler(request)

        return checked


class SignInRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str
    password: str
    hall_code: str = ""
    window_number: int | None = None


class SignOutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    closed: bool = False  # the program was closed, not signed out (the audit trail says so)


class PasswordRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str


def create_app(db: Database, *, hub: notices.Hub | None = None) -> FastAPI:
    """The server of ``db``; its live notices (``/api/v1/notices``) follow the database from
    the lifespan's start to its end, with ``hub``'s settings when given."""
    hub = hub if hub is not None else notices.Hub(db)
    api = FastAPI(title="HallDesk server", version="0.1.0", docs_url=None, redoc_url=None,
                  lifespan=hub.lifespan)
    api.state.db_url = db.url
    api.router.route_class = _NoFloatRoute
    _handlers(api)
    notices.install(api, hub)

    @api.get("/api/v1/health")
    def health() -> Response:
        db.ping()
        return _json({"status": "ok", "database": db.dialect})

    @api.post("/api/v1/session/sign-in")
    def sign_in(body: SignInRequest) -> Response:
        """Sign in at a hall and window; the token in the answer is never shown again."""
        with db.scope() as s:
            now = sessions.server_now(s)
            done = auth.sign_in(s, body.username, body.password, hall_code=body.hall_code,
                                window_number=body.window_number, now=now)
            token, row = sessions.start(s, done.actor, now)
            expires_at = row.expires_at
        return _json({"token": token, "expires_at": expires_at, "actor": done.actor,
                      "took_over": done.took_over})

    @api.post("/api/v1/session/halls")
    def halls() -> Response:
        """Halls and their windows, for the sign-in screen (asked before anyone signs in: no
        personal data, only what the counter's own hall sign shows)."""
        with db.scope(readonly=True) as s:
            schema.check_connection(s.connection())  # an outdated database says so here
            return _json({"result": staff.list_halls(s)})

    @api.post("/api/v1/session/sign-out")
    def sign_out(credentials: Credentials,
                 body: Annotated[SignOutRequest | None, Body()] = None) -> Response:
        """End the session; the window closes as at a counter's sign-out (``auth.logout``),
        unless the same person has signed in at that window again since: then this late
        sign-out of the old session ends only it (``sessions.superseded``)."""
        closed = body.closed if body is not None else False
        with sessions.unit(db, _token(credentials), allow_locked=True) as (s, signed):
            actor, now = signed.actor, signed.now
            if sessions.superseded(s, signed):  # the window is the newer session's
                audit.record(s, actor, "logout.closed" if closed else "logout", "staff",
                             actor.staff_id, details={"superseded": True})
            elif not actor.is_device:  # a device has no window to close
                auth.logout(s, actor, closed=closed, now=now)  # one unit of work
            sessions.end(s, signed.session_id, "closed" if closed else "signed_out", now)
        return _json({"ended": True})

    @api.post("/api/v1/session/lock")
    def lock(credentials: Credentials) -> Response:
        """The idle lock: every request but unlock and sign-out is refused until unlocked."""
        with sessions.unit(db, _token(credentials), allow_locked=True) as (s, signed):
            _person_only(signed)
            sessions.set_locked(s, signed.session_id, True)
        return _json({"locked": True})

    @api.post("/api/v1/session/unlock")
    def unlock(body: PasswordRequest, credentials: Credentials) -> Response:
        """The same person's password again; wrong ones count towards the lockout."""
        with sessions.unit(db, _token(credentials), allow_locked=True) as (s, signed):
            _person_only(signed)
            auth.verify_unlock(s, signed.actor, body.password, now=signed.now)
            sessions.set_locked(s, signed.session_id, False)
        return _json({"locked": False})

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = amounts_as_strings(get_openapi(
                title=api.title, version=api.version, routes=api.routes))
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]

    device_api.install(api, db)
    for case in REGISTRY:
        api.add_api_route(case.path, _endpoint(db, case), methods=["POST"],
                          name=case.operation, summary=case.operation.replace("_", " "),
                          description=inspect.getdoc(case.function) or "",
                          tags=[case.area])
    return api


def _person_only(signed: sessions.Signed) -> None:
    """A kiosk or display has no idle lock: no password could unlock it."""
    if signed.actor.is_device:
        raise PermissionDenied(role=signed.actor.role, permission="lock the screen")


def amounts_as_strings(schema: Any) -> Any:
    """The published schema as the server reads requests: a ``Decimal`` (pydantic's "number
    or string") is a string only, since a JSON number with a fraction is refused."""
    if isinstance(schema, list):
        return [amounts_as_strings(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: amounts_as_strings(value) for key, value in schema.items()}
    options = out.get("anyOf")
    if isinstance(options, list) and {"type": "number"} in options and any(
            isinstance(o, dict) and o.get("type") == "string" for o in options):
        kept = [o for o in options if o != {"type": "number"}]
        out.pop("anyOf")
        out.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
    return out


def _endpoint(db: Database, case: UseCase) -> Callable[..., Response]:
    """One typed endpoint: the request model from the function's hints, the actor from the
    session, ``now`` from the server's clock, checked and used in one unit of work."""
    model = case.request_model()
    required = any(f.is_required() for f in model.model_fields.values())

    def endpoint(body: BaseModel | None = None,
                 credentials: HTTPAuthorizationCredentials | None = None) -> Response:
        request = body if body is not None else model()
        kwargs = {name: getattr(request, name) for name in type(request).model_fields}
        with sessions.unit(db, _token(credentials), readonly=case.readonly) as (s, signed):
            if case.takes_now:
                kwargs["now"] = signed.now
            result = case.function(s, signed.actor, **kwargs)
            # The answer is made before the commit: one that cannot be written (a bug) rolls
            # the work back, so a 500 never hides a committed payment.
            answer = _json({"result": result})
        return answer

    keyword = inspect.Parameter.KEYWORD_ONLY
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("body", keyword, annotation=model,
                           default=Body(...) if required else Body(None)),
         inspect.Parameter("credentials", keyword,
                           annotation=HTTPAuthorizationCredentials | None,
                           default=Depends(bearer))],
        return_annotation=Response)
    endpoint.__name__ = case.operation
    return endpoint


def _handlers(api: FastAPI) -> None:
    @api.exception_handler(HallDeskError)
    async def refused(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HallDeskError)
        return _json(body_of(exc), status_of(exc))

    @api.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = list(exc.errors())
        first = errors[0] if errors else {}
        loc = [str(part) for part in first.get("loc", ()) if part != "body"]
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
                     "type": str(e.get("type", "")), "message": str(e.get("msg", ""))}
                    for e in errors]  # never the input: it may be a password
        return _json(validation_body(str(first.get("msg", "Invalid request.")),
                                     ".".join(loc) or None, rule=str(first.get("type", "")),
                                     problems=problems), 422)

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        key = "not_found" if exc.status_code == 404 else "http"
        return _json({"key": key, "message": str(exc.detail), "field": None, "params": {}},
                     exc.status_code)

    @api.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        if isinstance(exc, DBAPIError) and is_connection_error(exc):
            error = classify_db_error(exc, api.state.db_url)
            return _json(body_of(error), status_of(error))
        busy = busy_error(exc)
        if busy is not None:  # a lock held by another counter's unfinished work: try again
            return _json(body_of(busy), status_of(busy))
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _json({"key": "internal", "message": "The server failed; the log says why.",
                      "field": None, "params": {}}, 500)
