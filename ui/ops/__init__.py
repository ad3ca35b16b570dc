"""Named operations, one module per area (the shape of Anki's CollectionOp / QueryOp).

Each operation is a small function that returns the work to run against the HallDesk server
(a function of ``app.client.ServerClient``); a widget imports its area's module
(``from ui.ops import cashier as cashier_ops``) and hands the work to its runner::

    self.runner.run_api(cashier_ops.take_payment(account_id, idempotency_key=key,
                                                 tenders=tenders),
                        on_done=self.on_paid, on_error=self.on_refused, busy=[pay_button])

The work runs on a worker thread; what it returns is the use case's own value objects,
decoded by the client from the server's JSON. No operation opens a database: the server runs
the use case as the session's actor, at the server's time. ``ui/`` never imports SQLAlchemy
(a ruff rule, ``ui/ruff.toml``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from app.client import ServerClient

T = TypeVar("T")
Work = Callable[[ServerClient], T]

__all__ = ["ServerClient", "Work"]
