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

from app.services import cashier, customers, devices, queueing

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
    UseCase("customers", customers.search_customers, readonly=True, server_side=("limit",)),
    UseCase("customers", customers.customer_card, readonly=True),
    UseCase("queueing", queueing.queue_status, readonly=True),
    UseCase("queueing", queueing.call_next, readonly=False),
    UseCase("queueing", queueing.finish, readonly=False),
    UseCase("queueing", queueing.mark_no_show, readonly=False),
    UseCase("queueing", queueing.issue_ticket, readonly=False),  # a walk-in at the counter
    UseCase("cashier", cashier.open_bills, readonly=True, server_side=("on",)),
    UseCase("cashier", cashier.customer_due, readonly=True, server_side=("on",)),
    UseCase("cashier", cashier.open_shift, readonly=False),
    UseCase("cashier", cashier.take_payment, readonly=False),
    UseCase("cashier", cashier.shift_report, readonly=True),
    # kiosks and displays: registered (the one-time code in the answer), listed, revoked
    UseCase("devices", devices.register_device, readonly=False),
    UseCase("devices", devices.list_devices, readonly=True),
    UseCase("devices", devices.revoke_device, readonly=False),
)
