"""The HallDesk server: the service layer's use cases over HTTP (issue 10, in progress).

No Qt here. ``create_app(db)`` builds the FastAPI application; ``python main.py server`` runs
it under uvicorn (``app/api/server.py``).
"""

from app.api.app import create_app

__all__ = ["create_app"]
