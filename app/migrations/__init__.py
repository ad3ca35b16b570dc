"""Alembic migrations: the only way HallDesk's schema is created or changed."""
