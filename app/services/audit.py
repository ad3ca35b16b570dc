"""Audit trail: append-only, hash-chained, written in the caller's transaction.

Each hall has its own chain (``hall:<id>``; ``global`` for work outside a hall). A row's hash
covers its content and the previous row's hash; the chain head keeps the newest link so that
rows removed from the end are noticed too. Writers of one chain are serialised by a row lock on
the head (PostgreSQL) or by SQLite's single writer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.errors import PermissionDenied
from app.models import AuditChainHead, AuditEntry, Staff
from app.models.base import utcnow
from app.permissions import Permission
from app.services.context import Actor, require

GENESIS = "0" * 64
GLOBAL_CHAIN = "global"


def chain_for(hall_id: int | None) -> str:
    return f"hall:{hall_id}" if hall_id is not None else GLOBAL_CHAIN


def canonical_details(details: dict[str, Any] | None) -> str:
    return json.dumps(
        details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


def entry_hash(entry: AuditEntry) -> str:
    payload = [
        entry.chain,
        entry.seq,
        entry.at.isoformat(timespec="microseconds"),
        entry.actor_id,
        entry.actor_name,
        entry.hall_id,
        entry.window_id,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.reason,
        entry.details,
        entry.prev_hash,
    ]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _locked_head(session: Session, chain: str, now: datetime) -> AuditChainHead:
    stmt = select(AuditChainHead).where(AuditChainHead.chain == chain).with_for_update()
    head = session.scalars(stmt).one_or_none()
    if head is not None:
        return head
    values = {"chain": chain, "last_seq": 0, "last_hash": GENESIS, "updated_at": now}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(pg_insert(AuditChainHead).values(values).on_conflict_do_nothing())
    else:
        session.execute(sqlite_insert(AuditChainHead).values(values).on_conflict_do_nothing())
    return session.scalars(stmt.execution_options(populate_existing=True)).one()


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: object,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
    hall_id: int | None = None,
) -> AuditEntry:
    """Append one audit row in the current transaction (the caller commits)."""
    now = utcnow()
    hall = hall_id if hall_id is not None else actor.hall_id
    chain = chain_for(hall)
    head = _locked_head(session, chain, now)
    entry = AuditEntry(
        chain=chain,
        seq=head.last_seq + 1,
        at=now,
        actor_id=actor.staff_id,
        actor_name=actor.display_name if actor.staff_id is None else actor.username,
        hall_id=hall,
        window_id=actor.window_id if hall == actor.hall_id else None,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        reason=reason,
        details=canonical_details(details),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    head.last_seq = entry.seq
    head.last_hash = entry.hash
    head.updated_at = now
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditProblem:
    chain: str
    seq: int
    entry_id: int | None
    kind: str  # altered | broken_link | missing | truncated | head_mismatch
    message: str


@dataclass
class AuditReport:
    chains: int = 0
    rows: int = 0
    problems: list[AuditProblem] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, actor: Actor) -> AuditReport:
    """Walk every chain and report each altered, removed or re-linked row.

    Counters keep writing while this runs: the heads and the rows must come from one snapshot
    (PostgreSQL's READ COMMITTED gives each statement a new one), and rows appended after the
    heads were read are not part of what is checked. So it starts a transaction of its own,
    dropping what the session held: the one use case that must run in a scope of its own
    (``main.py verify-audit``), never composed with others.
    """
    if session.in_transaction():
        session.rollback()  # read-only: start afresh so the whole walk is one snapshot
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    require(session, actor, Permission.VERIFY_AUDIT)
    report = AuditReport()
    heads = {h.chain: h for h in session.scalars(select(AuditChainHead))}
    chains = set(heads) | set(session.scalars(select(AuditEntry.chain).distinct()))
    for chain in sorted(chains):
        report.chains += 1
        _verify_chain(session, chain, heads.get(chain), report)
    return report


def _entries(session: Session, chain: str, up_to: int | None) -> Iterator[AuditEntry]:
    stmt = select(AuditEntry).where(AuditEntry.chain == chain)
    if up_to is not None:
        stmt = stmt.where(AuditEntry.seq <= up_to)
    stmt = (
        stmt
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=2000)
    )
    yield from session.scalars(stmt)


def _verify_chain(
    session: Session, chain: str, head: AuditChainHead | None, report: AuditReport
) -> None:
    expected_seq = 1
    prev_hash = GENESIS
    for entry in _entries(session, chain, head.last_seq if head else None):
        report.rows += 1
        if entry.seq != expected_seq:
            report.problems.append(
                AuditProblem(
                    chain,
                    expected_seq,
                    None,
                    "missing",
                    f"rows {expected_seq}..{entry.seq - 1} of chain {chain} are missing",
                )
            )
        elif entry.prev_hash != prev_hash:
            report.problems.append(
                AuditProblem(
                    chain,
                    entry.seq,
                    entry.id,
                    "broken_link",
                    f"row {entry.id} (seq {entry.seq}) does not link to the row before it",
                )
            )
        if entry_hash(entry) != entry.hash:
            report.problems.append(
                AuditProblem(
                    chain,
                    entry.seq,
                    entry.id,
                    "altered",
                    f"row {entry.id} (seq {entry.seq}, {entry.action}) was altered after "
                    "it was written",
                )
            )
        expected_seq = entry.seq + 1
        prev_hash = entry.hash
        session.expunge(entry)
    last_seq = expected_seq - 1
    if head is None:
        report.problems.append(
            AuditProblem(
                chain, last_seq, None, "head_mismatch", f"chain {chain} has no head record"
            )
        )
        return
    report.heads[chain] = head.last_hash
    if head.last_seq > last_seq:
        report.problems.append(
            AuditProblem(
                chain,
                last_seq + 1,
                None,
                "truncated",
                f"rows {last_seq + 1}..{head.last_seq} at the end of chain {chain} were removed",
            )
        )
    elif head.last_seq != last_seq or head.last_hash != prev_hash:
        report.problems.append(
            AuditProblem(
                chain,
                last_seq,
                None,
                "head_mismatch",
                f"the head of chain {chain} does not match its newest row",
            )
        )


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor_name: str
    hall_id: int | None
    window_id: int | None
    action: str
    entity_type: str
    entity_id: str
    reason: str
    details: dict[str, Any]
    entity_label: str = ""  # e.g. the user name of a staff row, for people to read


def recent(
    session: Session, actor: Actor, *, limit: int = 200, entity: tuple[str, str] | None = None
) -> list[AuditRow]:
    """Newest audit rows: a hall manager sees their own hall, an admin all."""
    staff = require(session, actor, Permission.VIEW_AUDIT)
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if staff is not None and staff.role != "admin":
        if staff.hall_id is None:
            raise PermissionDenied(role=staff.role, permission=Permission.VIEW_AUDIT.value)
        stmt = stmt.where(AuditEntry.hall_id == staff.hall_id)
    if entity is not None:
        stmt = stmt.where(AuditEntry.entity_type == entity[0], AuditEntry.entity_id == entity[1])
    entries = list(session.scalars(stmt))
    staff_ids = {int(e.entity_id) for e in entries
                 if e.entity_type == "staff" and e.entity_id.isdigit()}
    usernames: dict[int, str] = dict(session.execute(
        select(Staff.id, Staff.username).where(Staff.id.in_(staff_ids))).tuples().all()
    ) if staff_ids else {}

    def label(e: AuditEntry) -> str:
        if e.entity_type == "staff" and e.entity_id.isdigit():
            return usernames.get(int(e.entity_id), e.entity_id)
        return e.entity_id

    rows = [
        AuditRow(e.id, e.at, e.actor_name, e.hall_id, e.window_id, e.action, e.entity_type,
                 e.entity_id, e.reason, json.loads(e.details), label(e))
        for e in entries
    ]
    return rows


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
