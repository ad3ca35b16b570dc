"""Kiosks and displays enrolled on the server (issue 10), on both databases: the one-time
code (once, 15 minutes, five wrong tries), only hashes stored, who may register and revoke,
and the audit trail."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import Conflict, DeviceRefused, PermissionDenied, ValidationError
from app.models import AuditEntry, Device
from app.services import audit, devices
from app.services.context import Actor
from tests.conftest import Hall

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def register(db: Database, actor: Actor, name: str = "1号取号机", role: str = "kiosk",
             hall_code: str = "H01", now: datetime = NOW) -> devices.EnrolmentCode:
    with db.scope() as s:
        return devices.register_device(s, actor, hall_code, role, name, now=now)  # type: ignore[arg-type]


def enrol(db: Database, device_id: int, code: str,
          now: datetime = NOW + timedelta(minutes=1)) -> devices.DeviceCredential:
    with db.scope() as s:
        return devices.enrol_device(s, device_id, code, now=now)


def refused(db: Database, device_id: int, code: str, rule: str,
            now: datetime = NOW + timedelta(minutes=1)) -> DeviceRefused:
    with pytest.raises(DeviceRefused) as exc:
        enrol(db, device_id, code, now)
    assert exc.value.params["rule"] == rule, exc.value.params
    return exc.value


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10 ** 8:08d}"


def test_a_code_is_exchanged_once_for_a_credential_and_only_hashes_are_kept(
        db: Database, hall: Hall, admin: Actor) -> None:
    given = register(db, admin)
    assert len(given.code) == 8 and given.code.isdigit()
    assert given.expires_at == NOW + timedelta(minutes=15)
    done = enrol(db, given.device_id, f"{given.code[:4]} {given.code[4:]}")  # as typed
    assert len(done.credential) >= 43
    assert (done.hall_code, done.role, done.name) == ("H01", "kiosk", "1号取号机")
    refused(db, given.device_id, given.code, "used")
    with db.scope(readonly=True) as s:
        row = s.get(Device, given.device_id)
        assert row is not None
        assert row.code_hash is None  # spent: nothing left to guess
        assert row.credential_hash == hashlib.sha256(done.credential.encode()).hexdigest()
        device, found_hall = devices.signed_device(s, done.credential)
        assert (device.id, found_hall.code) == (given.device_id, "H01")
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions[-2:] == ["device.registered", "device.enrolled"]
        assert audit.verify(s, admin).ok


def test_an_expired_code_is_refused(db: Database, hall: Hall, admin: Actor) -> None:
    given = register(db, admin)
    refused(db, given.device_id, given.code, "expired", NOW + timedelta(minutes=15))


def test_five_wrong_codes_void_it_even_for_the_right_one_after(
        db: Database, hall: Hall, admin: Actor) -> None:
    given = register(db, admin)
    for left in (4, 3, 2, 1):
        assert refused(db, given.device_id, wrong(given.code), "wrong_code"
                       ).params["remaining"] == left
    refused(db, given.device_id, wrong(given.code), "void")
    refused(db, given.device_id, given.code, "void")
    with db.scope(readonly=True) as s:
        assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) \
            == "device.code_voided"
        listed = devices.list_devices(s, admin, now=NOW)
    assert [d.state for d in listed] == ["void"]


def test_an_unknown_device_or_credential_is_refused(db: Database, hall: Hall) -> None:
    refused(db, 999, "12345678", "unknown")
    with db.scope(readonly=True) as s, pytest.raises(DeviceRefused):
        devices.signed_device(s, "not-a-credential")


def test_a_hall_manager_registers_and_revokes_in_their_own_hall_only(
        db: Database, hall: Hall, system: Actor) -> None:
    other = Hall(db, system, "H02", "第二营业厅")
    manager = hall.login(db, "hall_manager", window=None)
    with pytest.raises(PermissionDenied):
        register(db, manager, hall_code="H02")
    theirs = register(db, other.login(db, "hall_manager", window=None), "2号显示屏",
                      "display", "H02")
    with db.scope() as s, pytest.raises(PermissionDenied):
        devices.revoke_device(s, manager, theirs.device_id, "不是本厅的", now=NOW)
    mine = register(db, manager)
    with db.scope(readonly=True) as s:
        assert [d.id for d in devices.list_devices(s, manager, now=NOW)] == [mine.device_id]
        assert len(devices.list_devices(s, system, now=NOW)) == 2
    with db.scope() as s, pytest.raises(PermissionDenied):
        devices.register_device(s, hall.login(db, "clerk"), "H01", "kiosk", "x", now=NOW)


def test_names_roles_and_reasons_are_checked(db: Database, hall: Hall, admin: Actor) -> None:
    register(db, admin)
    with pytest.raises(Conflict):
        register(db, admin)  # the same name twice in a hall, while not revoked
    with pytest.raises(ValidationError):
        register(db, admin, "柜台", role="clerk")
    with pytest.raises(ValidationError):
        register(db, admin, "x" * 81)


def test_revoking_voids_the_credential_and_the_name_may_be_used_again(
        db: Database, hall: Hall, admin: Actor) -> None:
    given = register(db, admin)
    done = enrol(db, given.device_id, given.code)
    with db.scope() as s:
        info = devices.revoke_device(s, admin, given.device_id, "设备丢失", now=NOW)
    assert (info.state, info.revoked_by) == ("revoked", "admin")
    with db.scope(readonly=True) as s, pytest.raises(DeviceRefused) as exc:
        devices.signed_device(s, done.credential)
    assert exc.value.params["rule"] == "revoked"
    with db.scope() as s, pytest.raises(Conflict):
        devices.revoke_device(s, admin, given.device_id, "again", now=NOW)
    again = register(db, admin)  # the replacement may take the name
    assert again.device_id != given.device_id


def test_the_admin_command_adds_lists_and_revokes_a_device(tmp_path: Path) -> None:
    from tests.test_cli import halldesk, ok

    ok(halldesk(tmp_path, "migrate"))
    ok(halldesk(tmp_path, "create-hall", "H01", "第一营业厅", "--windows", "1"))
    added = ok(halldesk(tmp_path, "device", "add", "H01", "display", "大厅显示屏"))
    found = re.search(r"device (\d+) 大厅显示屏 \(display, H01\): enrolment code (\d{8})", added)
    assert found, added
    assert ok(halldesk(tmp_path, "device", "list")).split("\t")[-1].strip() == "waiting"
    refused = halldesk(tmp_path, "device", "add", "H01", "clerk", "x")
    assert refused.returncode == 2 and "kiosk|display" in refused.stderr
    ok(halldesk(tmp_path, "device", "revoke", found.group(1), "换新"))
    assert ok(halldesk(tmp_path, "device", "list")).split("\t")[-1].strip() == "revoked"


def test_a_device_that_missed_its_code_gets_a_new_one_and_the_old_one_dies(
        db: Database, hall: Hall, admin: Actor) -> None:
    given = register(db, admin)
    for _ in range(5):
        refused(db, given.device_id, wrong(given.code), "wrong_code" if _ < 4 else "void")
    later = NOW + timedelta(hours=1)
    with db.scope() as s:
        fresh = devices.new_enrolment_code(s, admin, given.device_id, now=later)
    assert fresh.expires_at == later + timedelta(minutes=15)
    refused(db, given.device_id, given.code, "wrong_code", later)  # tries start again at 5
    enrol(db, given.device_id, fresh.code, later)
    with db.scope() as s, pytest.raises(Conflict):  # enrolled: revoke and register instead
        devices.new_enrolment_code(s, admin, given.device_id, now=later)
