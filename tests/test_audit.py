"""The audit trail is append-only and any tampering is detected, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.services import audit
from app.services.context import Actor
from tests.conftest import Hall


def _write(db: Database, actor: Actor, n: int) -> None:
    with db.scope() as s:
        for i in range(n):
            audit.record(s, actor, "test.event", "thing", i, reason=f"原因 {i}",
                         details={"amount": "12.30", "名字": "张三"})
        s.commit()


def _verify(db: Database, system: Actor) -> audit.AuditReport:
    with db.scope(readonly=True) as s:
        return audit.verify(s, system)


def test_chain_of_untouched_rows_verifies(db: Database, hall: Hall, system: Actor) -> None:
    _write(db, hall.login(db, "clerk"), 5)
    report = _verify(db, system)
    assert report.ok, report.problems
    assert report.rows >= 5 and "hall:1" in report.heads


def test_each_hall_has_its_own_chain(db: Database, hall: Hall, system: Actor) -> None:
    Hall(db, system, code="H02", name="第二营业厅")
    report = _verify(db, system)
    assert {"hall:1", "hall:2"} <= set(report.heads)
    assert report.ok


def test_audit_row_records_who_where_what_why(db: Database, hall: Hall) -> None:
    actor = hall.login(db, "cashier", window=2)
    _write(db, actor, 1)
    with db.scope() as s:
        row = next(r for r in audit.recent(s, hall.login(db, "hall_manager"))
                   if r.action == "test.event")
    assert row.actor_name == hall.users["cashier"]
    assert row.hall_id == actor.hall_id and row.window_id == actor.window_id
    assert row.reason == "原因 0" and row.details == {"amount": "12.30", "名字": "张三"}
    with db.scope() as s:
        created = next(r for r in audit.recent(s, hall.login(db, "hall_manager"), limit=50)
                       if r.action == "staff.created" and r.details["role"] == "cashier")
    assert created.entity_label == hall.users["cashier"]  # people read names, not ids


def _tamper(db: Database, sql: str) -> None:
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            # Someone with the database file can drop the guard triggers; the chain remains.
            conn.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_delete"))
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(sql))


def test_update_and_delete_are_refused_by_the_database(db: Database, hall: Hall) -> None:
    _write(db, hall.login(db, "clerk"), 2)
    for sql in ("UPDATE audit_entries SET reason = 'x'", "DELETE FROM audit_entries"):
        with pytest.raises(DBAPIError) as exc, db.engine.begin() as conn:
            conn.execute(text(sql))
        assert "append-only" in str(exc.value)


def test_truncate_is_refused_on_postgresql(db: Database, hall: Hall) -> None:
    if db.dialect != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_entries CASCADE"))


def test_verify_reports_an_altered_row(db: Database, hall: Hall, system: Actor) -> None:
    _write(db, hall.login(db, "clerk"), 4)
    _tamper(db, "UPDATE audit_entries SET reason = '改过了' WHERE action = 'test.event' "
                "AND entity_id = '2'")
    report = _verify(db, system)
    kinds = {(p.kind, p.chain) for p in report.problems}
    assert ("altered", "hall:1") in kinds
    assert len(report.problems) == 1


def test_verify_reports_a_removed_row(db: Database, hall: Hall, system: Actor) -> None:
    _write(db, hall.login(db, "clerk"), 4)
    _tamper(db, "DELETE FROM audit_entries WHERE action = 'test.event' AND entity_id = '1'")
    report = _verify(db, system)
    assert [p.kind for p in report.problems] == ["missing"]


def test_verify_reports_rows_removed_from_the_end(db: Database, hall: Hall,
                                                  system: Actor) -> None:
    _write(db, hall.login(db, "clerk"), 3)
    _tamper(db, "DELETE FROM audit_entries WHERE action = 'test.event' AND entity_id = '2'")
    report = _verify(db, system)
    assert [p.kind for p in report.problems] == ["truncated"]


def test_verify_reports_a_forged_relink(db: Database, hall: Hall, system: Actor) -> None:
    """Re-hashing an altered row on its own breaks the link of the row after it."""
    _write(db, hall.login(db, "clerk"), 3)
    with db.scope() as s:
        entries = [e for e in s.scalars(
            text("SELECT id FROM audit_entries WHERE entity_id = '0' AND action='test.event'")
        )]
    target = entries[0]
    with db.scope() as s:
        from app.models import AuditEntry

        entry = s.get(AuditEntry, target)
        assert entry is not None
        entry.reason = "伪造"
        forged_hash = audit.entry_hash(entry)
        s.expunge(entry)
    _tamper(db, f"UPDATE audit_entries SET reason = '伪造', hash = '{forged_hash}' "
                f"WHERE id = {target}")
    report = _verify(db, system)
    assert "broken_link" in {p.kind for p in report.problems}


def test_only_admins_verify(db: Database, hall: Hall) -> None:
    from app.errors import PermissionDenied

    manager = hall.login(db, "hall_manager")
    with pytest.raises(PermissionDenied), db.scope() as s:
        audit.verify(s, manager)


def test_concurrent_writers_keep_one_unbroken_chain(db: Database, hall: Hall,
                                                    system: Actor) -> None:
    """Writers on many connections at once: no fork, no duplicate sequence number."""
    from concurrent.futures import ThreadPoolExecutor

    actor = hall.login(db, "clerk")

    def write(i: int) -> None:
        with db.scope() as s:
            audit.record(s, actor, "test.concurrent", "thing", i)
            s.commit()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(40)))
    report = _verify(db, system)
    assert report.ok, report.problems


def test_verify_while_counters_keep_writing_finds_nothing_wrong(db: Database, hall: Hall,
                                                               system: Actor) -> None:
    """A live hall never stops writing; the check must not cry wolf."""
    import threading

    actor = hall.login(db, "clerk")
    stop = threading.Event()
    written = []

    def keep_writing() -> None:
        while not stop.is_set():
            with db.scope() as s:
                audit.record(s, actor, "test.busy", "thing", len(written))
                s.commit()
            written.append(1)

    import time

    writer = threading.Thread(target=keep_writing)
    writer.start()
    reports = []
    deadline = time.monotonic() + 30
    try:  # interleave: at least 10 checks while at least 40 rows were being written
        while (len(reports) < 10 or len(written) < 40) and time.monotonic() < deadline:
            reports.append(_verify(db, system))
    finally:
        stop.set()
        writer.join()
    assert len(reports) >= 10 and len(written) >= 40
    assert all(r.ok for r in reports), [p for r in reports for p in r.problems]
    assert _verify(db, system).ok
