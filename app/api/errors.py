"""Refusals of the server's own (sessions) and the one JSON shape every refusal takes."""

from __future__ import annotations

from typing import Any

from app.api.wire import to_wire
from app.errors import (
    AuthenticationFailed,
    Conflict,
    DatabaseAuthFailed,
    DatabaseBusy,
    DatabaseUnavailable,
    HallDeskError,
    NotFound,
    PermissionDenied,
    ValidationError,
)


class NotSignedIn(HallDeskError):
    """No token, or one the server never gave (or gave and forgot: a copied hash is useless)."""

    key = "not_signed_in"
    default = "Sign in first."


class SessionEnded(HallDeskError):
    """Signed out, or ended by the server: the person was disabled or their role changed."""

    key = "session_ended"
    default = "The session has ended ({reason}); sign in again."


class SessionExpired(HallDeskError):
    key = "session_expired"
    default = "The session has expired; sign in again."


class SessionLocked(HallDeskError):
    """The counter locked itself while idle: only unlock (with the password) passes."""

    key = "session_locked"
    default = "The session is locked; unlock it with your password."


def status_of(error: HallDeskError) -> int:
    """The HTTP status of a refusal; the body's ``key`` says which refusal it is."""
    if isinstance(error, NotSignedIn | SessionEnded | SessionExpired | AuthenticationFailed):
        return 401
    if isinstance(error, SessionLocked):
        return 423
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, ValidationError):
        return 422
    if isinstance(error, DatabaseUnavailable | DatabaseAuthFailed | DatabaseBusy):
        return 503  # the request may be sent again as it is
    return 409  # Conflict, IdempotencyConflict and every other refusal of the rules


def body_of(error: HallDeskError) -> dict[str, Any]:
    try:
        params = to_wire(error.params)
    except TypeError:
        params = {k: str(v) for k, v in error.params.items()}
    return {"key": error.key, "message": str(error), "field": error.field, "params": params}


def validation_body(message: str, field: str | None, **params: Any) -> dict[str, Any]:
    return {"key": ValidationError.key, "message": message, "field": field, "params": params}


__all__ = ["Conflict", "NotSignedIn", "SessionEnded", "SessionExpired", "SessionLocked",
           "body_of", "status_of", "validation_body"]
