"""The HallDesk server: the service layer's use cases over HTTP (issue 10).

No Qt here. ``create_app(db)`` builds the FastAPI application; ``python main.py server`` runs
it under uvicorn (``app/api/server.py``). ``create_app`` is imported on first use: a client
importing ``app.api.wire`` or ``app.api.errors`` does not pay for FastAPI at its start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from app.api.app import create_app

        return create_app
    raise AttributeError(name)
