"""The one list of use cases the server exposes: each becomes one typed endpoint.

An entry names the service function, its area (``/api/v1/<area>/<name>``) and whether it only
reads. The request model is derived from the function's keyword parameters and their type
hints; what the server supplies itself is never a field: the session and the actor (from
the sign-in session), ``now`` (the server's clock), and what an entry lists in
``server_side`` (a search's ``limit``, the day a bill is quoted at). A body naming any of
them, or anything else unknown, is refused (``extra="forbid"``).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from app.services import (
    audit,
    audit_view,
    auth,
    billing_runs,
    cashier,
    customers,
    deployment,
    devices,
    queueing,
    staff,
)

SUPPLIED = ("session", "actor", "now")  # never taken from a request


@dataclass(frozen=True)
class UseCase:
    area: str
    function: Callable[..., Any]
    readonly: bool
    server_side: tuple[str, ...] = ()  # parameters left at the service's default
    name: str = field(default="")

    @property
    def operation(self) -> str:
        return self.name or self.function.__name__

    @property
    def path(self) -> str:
        return f"/api/v1/{self.area}/{self.operation}"

    @property
    def takes_now(self) -> bool:
        return "now" in inspect.signature(self.function).parameters

    def request_model(self) -> type[BaseModel]:
        """A pydantic model of the parameters a client gives, from the function's hints."""
        hints = typing.get_type_hints(self.function)
        fields: dict[str, Any] = {}
        for name, parameter in inspect.signature(self.function).parameters.items():
            if name in SUPPLIED or name in self.server_side:
                continue
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                raise TypeError(f"{self.operation}: *args / **kwargs cannot be a request")
            default = ... if parameter.default is parameter.empty else parameter.default
            fields[name] = (hints[name], default)
        title = "".join(part.title() for part in self.operation.split("_")) + "Request"
        model: type[BaseModel] = create_model(
            title, __config__=ConfigDict(extra="forbid"), **fields)
        return model


REGISTRY: tuple[UseCase, ...] = (
    # customers: masked as the caller's role needs (customers.customer_card); no ID number
    UseCase("customers", customers.search_customers, readonly=True, server_side=("limit",)),
    UseCase("customers", customers.customer_card, readonly=True),
    # the queue: a window's own, in the session's hall
    UseCase("queueing", queueing.queue_status, readonly=True),
    UseCase("queueing", queueing.list_services, readonly=True),
    UseCase("queueing", queueing.window_service_ids, readonly=True),
    UseCase("queueing", queueing.my_window, readonly=True),
    UseCase("queueing", queueing.call_next, readonly=False),
    UseCase("queueing", queueing.call_ticket, readonly=False),
    UseCase("queueing", queueing.recall, readonly=False),
    UseCase("queueing", queueing.finish, readonly=False),
    UseCase("queueing", queueing.mark_no_show, readonly=False),
    UseCase("queueing", queueing.requeue_code, readonly=False),
    UseCase("queueing", queueing.transfer, readonly=False),
    UseCase("queueing", queueing.pause_window, readonly=False),
    UseCase("queueing", queueing.resume_window, readonly=False),
    UseCase("queueing", queueing.issue_ticket, readonly=False),  # a walk-in at the counter
    UseCase("queueing", queueing.mark_printed, readonly=False),
    UseCase("queueing", queueing.set_display_notice, readonly=False),
    # the cashier's desk: money is written only here
    UseCase("cashier", cashier.open_bills, readonly=True, server_side=("on",)),
    UseCase("cashier", cashier.customer_due, readonly=True, server_side=("on",)),
    UseCase("cashier", cashier.open_shift, readonly=False),
    UseCase("cashier", cashier.take_payment, readonly=False),
    UseCase("cashier", cashier.take_payments, readonly=False),
    UseCase("cashier", cashier.void_payment, readonly=False),
    UseCase("cashier", cashier.refund_payment, readonly=False),
    UseCase("cashier", cashier.reprint_receipt, readonly=False),
    UseCase("cashier", cashier.record_print_result, readonly=False),
    UseCase("cashier", cashier.receipt_data, readonly=True),
    UseCase("cashier", cashier.find_receipts, readonly=True, server_side=("limit",)),
    UseCase("cashier", cashier.shift_report, readonly=True),
    UseCase("cashier", cashier.latest_shift, readonly=True),  # the desk's shift line
    UseCase("cashier", cashier.close_shift, readonly=False),
    # the hall manager's day
    UseCase("cashier", cashier.daily_report, readonly=True),
    UseCase("cashier", cashier.day_report_for_print, readonly=True),
    UseCase("cashier", cashier.close_day, readonly=False),
    UseCase("billing", billing_runs.list_runs, readonly=True),
    UseCase("billing", billing_runs.run_billing, readonly=False),
    # staff: no use case changes a role; the answers carry no password hash
    UseCase("staff", staff.list_staff, readonly=True),
    UseCase("staff", staff.create_user, readonly=False),
    UseCase("staff", staff.set_active, readonly=False),
    UseCase("staff", auth.unlock_staff, readonly=False),
    UseCase("staff", auth.change_password, readonly=False),
    # the audit trail and the deployment's settings
    UseCase("audit", audit_view.search, readonly=True),
    UseCase("audit", audit_view.choices, readonly=True),
    UseCase("audit", audit.verify, readonly=True),
    UseCase("deployment", deployment.settings, readonly=True),
    UseCase("deployment", deployment.set_company_name, readonly=False),
    UseCase("deployment", deployment.set_difference_threshold, readonly=False),
    # kiosks and displays: registered (the one-time code in the answer), listed, revoked
    UseCase("devices", devices.register_device, readonly=False),
    UseCase("devices", devices.new_enrolment_code, readonly=False),
    UseCase("devices", devices.list_devices, readonly=True),
    UseCase("devices", devices.revoke_device, readonly=False),
)


def by_function(function: Callable[..., Any]) -> UseCase:
    """The registered use case of a service function (what a client names); a TypeError for
    a function the server does not expose."""
    for case in REGISTRY:
        if case.function is function:
            return case
    raise TypeError(f"{getattr(function, '__qualname__', function)!r} is not a use case the "
                    "server exposes (app/api/registry.py)")
