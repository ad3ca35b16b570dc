"""Typed refusals raised by services.

Each error carries a stable message ``key`` and parameters. The UI turns the key into a
translated sentence (ui/messages.py); scripts and logs use ``str(error)``, which is English.
"""

from __future__ import annotations

import contextlib
from typing import Any


class HallDeskError(Exception):
    """Base of every refusal a user may see."""

    key = "error"
    default = "The operation was refused."

    def __init__(self, message: str | None = None, *, field: str | None = None, **params: Any):
        self.params = params
        self.field = field
        text = message or self.default
        with contextlib.suppress(KeyError, IndexError, ValueError):
            text = text.format(**params)
        super().__init__(text)


class PermissionDenied(HallDeskError):
    key = "permission_denied"
    default = "Your role ({role}) may not {permission}."


class ValidationError(HallDeskError):
    """Bad input: ``field`` names the input that is wrong so the UI can mark it."""

    key = "validation"
    default = "Invalid input."


class NotFound(HallDeskError):
    key = "not_found"
    default = "{what} not found."


class Conflict(HallDeskError):
    key = "conflict"
    default = "{what} already exists."


class AuthenticationFailed(HallDeskError):
    key = "auth_failed"
    default = "Wrong user name or password ({remaining} attempts left before the account locks)."


class AccountLocked(HallDeskError):
    key = "account_locked"
    default = "The account is locked until {until} (too many wrong passwords)."


class WrongHall(HallDeskError):
    key = "wrong_hall"
    default = "{username} belongs to another hall and may not sign in at {hall}."


class QueueRefused(HallDeskError):
    """A queue action that the queue's state does not allow; ``rule`` says which."""

    key = "queue_refused"
    default = "The queue refused this: {rule}."


class AccountDisabled(HallDeskError):
    key = "account_disabled"
    default = "The account is disabled."


class DatabaseUnavailable(HallDeskError):
    key = "db_unavailable"
    default = "The database cannot be reached: {detail}"


class DatabaseAuthFailed(HallDeskError):
    key = "db_auth_failed"
    default = (
        "The database refused the password for user {user}. Set the right password with "
        "'halldesk db-password set' or ask the administrator."
    )


class SchemaOutdated(HallDeskError):
    key = "schema_outdated"
    default = (
        "The database schema is at version {current}, this program needs {expected}. "
        "An administrator must run 'halldesk migrate'."
    )


class ConfigError(HallDeskError):
    key = "config"
    default = "Configuration error: {detail}"


class CashierRefused(HallDeskError):
    """A fee collection action the state of the shift, day or payment does not allow; ``rule``
    says which (e.g. ``stale_shift``, ``already_voided``, ``credit_used``, ``open_shifts``)."""

    key = "cashier_refused"
    default = "The cashier's desk refused this: {rule}."


class ShiftNotOpen(CashierRefused):
    """No open shift of this cashier (never opened, or closed): payments need one."""

    key = "shift_not_open"
    default = "Open a shift first: no payment is taken outside a cashier's open shift."


class DayClosed(CashierRefused):
    """The hall's business day is closed: nothing more is dated in it."""

    key = "day_closed"
    default = "The business day {day} is closed at this hall."


class ApprovalRequired(HallDeskError):
    """A manager must authorise this with their own user name and password."""

    key = "approval_required"
    default = "A manager must approve this ({action})."


class IdempotencyConflict(Conflict):
    """A submission key seen before, with a different request: never charged twice, and
    never silently taken for the other payment either."""

    key = "idempotency_conflict"
    default = "This payment key was already used for a different payment (receipt {receipt_no})."


class SelfApproval(PermissionDenied):
    """Four eyes: what a manager does themself is approved by another manager."""

    key = "self_approval"
    default = "Another manager must approve what you do yourself ({permission})."


class DatabaseBusy(HallDeskError):
    """A row this needs is held by another counter's unfinished work (e.g. a payment whose
    link died): nothing was saved; trying again in a few seconds works once it is released."""

    key = "db_busy"
    default = "The database is busy with another counter's unfinished work: try again."


class DeviceRefused(AuthenticationFailed):
    """A kiosk or display was not let in: its enrolment code was wrong (``remaining`` tries
    left), expired, already used or void after five wrong tries, or its credential is unknown
    or revoked (``rule``). The server answers 401; the device asks for a new code."""

    key = "device_refused"
    default = "The device was refused: {rule}."
