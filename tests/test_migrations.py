"""The schema is made only by migrations, identically on both databases."""

from __future__ import annotations

from collections.abc import Callable

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app import schema
from app.db import Database
from app.models import Base


def _drift(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "compare_server_default": True})
        return list(compare_metadata(ctx, Base.metadata))


def _tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_empty_to_head_to_base_to_head(empty_database: Callable[[], Database]) -> None:
    db = empty_database()
    assert schema.current_revision(db.engine) is None
    schema.upgrade(db.engine)
    assert schema.current_revision(db.engine) == schema.head_revision()
    assert _tables(db) == set(Base.metadata.tables)
    schema.downgrade(db.engine, "base")
    assert schema.current_revision(db.engine) is None
    assert _tables(db) == set()
    schema.upgrade(db.engine)
    assert _tables(db) == set(Base.metadata.tables)
    schema.check_schema(db.engine)


def test_models_and_migrated_schema_do_not_drift(db: Database) -> None:
    assert _drift(db) == []


def test_check_schema_refuses_an_unmigrated_database(
    empty_database: Callable[[], Database],
) -> None:
    import pytest

    from app.errors import SchemaOutdated

    db = empty_database()
    with pytest.raises(SchemaOutdated) as exc:
        schema.check_schema(db.engine)
    assert exc.value.params["current"] == "empty"


def test_downgrade_and_upgrade_keep_existing_rows(empty_database: Callable[[], Database]) -> None:
    """Real databases have rows: SQLite rebuilds a table to alter it, foreign keys and all."""
    from sqlalchemy import func, select

    from app.models import Staff, Window
    from app.services import audit, staff
    from app.services.context import Actor

    db = empty_database()
    schema.upgrade(db.engine)
    system = Actor.system("cli:test")
    with db.scope() as s:
        staff.create_hall(s, system, "H01", "第一营业厅", windows=3)
    with db.scope() as s:
        staff.create_user(s, system, "lina", "李娜", "cashier", "abcd1234", hall_code="H01")
    previous = schema.ScriptDirectory.from_config(schema.alembic_config()).get_revision(
        schema.head_revision()).down_revision
    assert isinstance(previous, str)
    schema.downgrade(db.engine, previous)
    schema.upgrade(db.engine)
    with db.scope(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Window)) == 3
        assert s.scalar(select(Staff.username)) == "lina"
        assert audit.verify(s, system).ok
