"""Roles and what each may do. Services check these; widgets only mirror them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    CASHIER = "cashier"
    HALL_MANAGER = "hall_manager"
    ADMIN = "admin"
    KIOSK = "kiosk"  # a ticket machine: a device, not a person
    DISPLAY = "display"  # the hall display: reads the queue, nothing else


class Permission(StrEnum):
    SEARCH_CUSTOMERS = "search customers"
    EDIT_CUSTOMERS = "register or edit customers"
    HANDLE_REQUESTS = "log and handle service requests"
    TAKE_PAYMENTS = "take payments"
    REMIND_ARREARS = "remind customers of arrears"
    SERVE_QUEUE = "call queue tickets"
    ISSUE_TICKETS = "issue queue tickets"
    VIEW_QUEUE = "see the queue"
    SETUP_QUEUE = "set up queue services"
    APPROVE = "approve as a manager"
    UNLOCK_STAFF = "unlock staff accounts"
    VIEW_HALL = "watch the whole hall"
    VIEW_AUDIT = "read the audit trail"
    VERIFY_AUDIT = "verify the audit trail"
    MANAGE_STAFF = "manage staff accounts"
    MANAGE_HALLS = "manage halls and windows"
    WAIVE_LATE_FEES = "waive late fees"
    RUN_BILLING = "run the billing for a period"
    MANAGE_TARIFFS = "set tariffs and late fee terms"
    RECORD_READINGS = "record meter readings"
    CLOSE_DAY = "close the business day"
    MANAGE_DEVICES = "enrol and revoke kiosks and displays"


_COUNTER = {
    Permission.SEARCH_CUSTOMERS,
    Permission.REMIND_ARREARS,
    Permission.SERVE_QUEUE,
    Permission.ISSUE_TICKETS,
    Permission.VIEW_QUEUE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_COUNTER | {Permission.EDIT_CUSTOMERS, Permission.HANDLE_REQUESTS,
                                      Permission.RECORD_READINGS}),
    Role.CASHIER: frozenset(_COUNTER | {Permission.TAKE_PAYMENTS}),
    Role.HALL_MANAGER: frozenset(
        _COUNTER
        | {
            Permission.EDIT_CUSTOMERS,
            Permission.HANDLE_REQUESTS,
            Permission.TAKE_PAYMENTS,
            Permission.APPROVE,
            Permission.UNLOCK_STAFF,
            Permission.VIEW_HALL,
            Permission.VIEW_AUDIT,
            Permission.SETUP_QUEUE,
            Permission.WAIVE_LATE_FEES,
            Permission.RUN_BILLING,
            Permission.RECORD_READINGS,
            Permission.CLOSE_DAY,
            Permission.MANAGE_DEVICES,  # their own hall's, where the code is typed
        }
    ),
    Role.ADMIN: frozenset(
        {
            Permission.SEARCH_CUSTOMERS,
            Permission.UNLOCK_STAFF,
            Permission.VIEW_AUDIT,
            Permission.VERIFY_AUDIT,
            Permission.MANAGE_STAFF,
            Permission.MANAGE_HALLS,
            Permission.SETUP_QUEUE,
            Permission.VIEW_QUEUE,
            Permission.RUN_BILLING,
            Permission.MANAGE_TARIFFS,
            Permission.RECORD_READINGS,
            Permission.MANAGE_DEVICES,
        }
    ),
    Role.KIOSK: frozenset({Permission.ISSUE_TICKETS, Permission.VIEW_QUEUE}),
    Role.DISPLAY: frozenset({Permission.VIEW_QUEUE}),
}
DEVICE_ROLES = frozenset({Role.KIOSK, Role.DISPLAY})


def has_permission(role: Role | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(Role(role), frozenset())
