"""Login, lockout, idle unlock and permission checks, on both databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from argon2 import PasswordHasher, extract_parameters
from sqlalchemy import select, update

from app import config
from app.db import Database
from app.errors import (
    AccountDisabled,
    AccountLocked,
    AuthenticationFailed,
    ConfigError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from app.models import Staff
from app.models.base import utcnow
from app.services import audit, auth, staff
from app.services.context import Actor
from tests.conftest import PASSWORD, Hall


def _fail(db: Database, username: str, hall: Hall, **kw: object) -> Exception:
    with pytest.raises((AuthenticationFailed, AccountLocked)) as exc, db.scope() as s:
        auth.authenticate(s, username, "wrong-password1", hall_code=hall.code, **kw)  # type: ignore[arg-type]
    return exc.value


def test_login_returns_actor_at_counter(db: Database, hall: Hall) -> None:
    actor = hall.login(db, "cashier", window=3)
    assert actor.role == "cashier"
    assert actor.hall_code == "H01" and actor.window_number == 3
    assert actor.window_id is not None
    with db.scope() as s:
        rows = audit.recent(s, hall.login(db, "hall_manager"), limit=10)
    assert any(r.action == "login" and r.actor_name == hall.users["cashier"] for r in rows)


def test_username_is_case_insensitive(db: Database, hall: Hall) -> None:
    with db.scope() as s:
        actor = auth.authenticate(s, hall.users["clerk"].upper(), PASSWORD, hall_code="H01")
    assert actor.username == hall.users["clerk"]


def test_five_wrong_passwords_lock_the_account_for_15_minutes(db: Database, hall: Hall) -> None:
    user = hall.users["clerk"]
    errors = [_fail(db, user, hall) for _ in range(5)]
    assert [type(e) for e in errors] == [AuthenticationFailed] * 4 + [AccountLocked]
    assert [e.params.get("remaining") for e in errors[:4]] == [4, 3, 2, 1]
    until = errors[-1].params["until"]
    assert timedelta(minutes=14) < until - utcnow() <= timedelta(minutes=15)
    # Even the right password is refused while locked, and does not reset the lock.
    with pytest.raises(AccountLocked), db.scope() as s:
        auth.authenticate(s, user, PASSWORD, hall_code="H01")
    # After the 15 minutes the right password works again.
    with db.scope() as s:
        actor = auth.authenticate(s, user, PASSWORD, hall_code="H01",
                                  now=utcnow() + timedelta(minutes=15, seconds=1))
    assert actor.username == user
    with db.scope() as s:
        row = s.scalars(select(Staff).where(Staff.username == user)).one()
        assert row.failed_logins == 0 and row.locked_until is None


def test_a_success_resets_the_failure_count(db: Database, hall: Hall) -> None:
    user = hall.users["cashier"]
    for _ in range(4):
        _fail(db, user, hall)
    hall.login(db, "cashier")
    errors = [_fail(db, user, hall) for _ in range(4)]
    assert all(isinstance(e, AuthenticationFailed) for e in errors)


def test_unknown_user_gets_the_same_refusal_without_counting(db: Database, hall: Hall) -> None:
    err = _fail(db, "nobody", hall)
    assert isinstance(err, AuthenticationFailed)
    assert err.params["warn"] is False


def test_an_unknown_user_name_is_answered_as_a_known_one_and_locks_alike(
        db: Database, hall: Hall) -> None:
    def answers(username: str) -> list[tuple[str, dict[str, object]]]:
        return [(type(e).__name__, {k: v for k, v in e.params.items() if k != "until"})
                for e in (_fail(db, username, hall) for _ in range(6))]

    known, unknown = answers(hall.users["cashier"]), answers("nobody")
    assert known == unknown
    assert [kind for kind, _ in unknown] == ["AuthenticationFailed"] * 4 + ["AccountLocked"] * 2
    assert [p["remaining"] for _, p in unknown[:4]] == [4, 3, 2, 1]
    with db.scope() as s:  # the lock runs out as a known account's does
        later = utcnow() + auth.LOCKOUT + timedelta(minutes=1)
        with pytest.raises(AuthenticationFailed) as exc:
            auth.authenticate(s, "nobody", "wrong-password1", hall_code=hall.code, now=later)
    assert exc.value.params["remaining"] == 4


def test_empty_fields_are_named(db: Database, hall: Hall) -> None:
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        auth.authenticate(s, "", PASSWORD)
    assert exc.value.field == "username"
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        auth.authenticate(s, "lina", "")
    assert exc.value.field == "password"


def test_failed_sign_in_is_audited_at_the_counter_where_it_happened(db: Database,
                                                                     hall: Hall) -> None:
    _fail(db, hall.users["cashier"], hall, window_number=3)
    _fail(db, "nobody", hall, window_number=3)
    with db.scope() as s:
        rows = audit.recent(s, hall.login(db, "hall_manager"), limit=20)
    failed = next(r for r in rows if r.action == "login.failed")
    unknown = next(r for r in rows if r.action == "login.unknown_user")
    window_3 = hall.info.windows[2].id
    assert failed.window_id == window_3 and unknown.window_id == window_3
    assert unknown.actor_name == "unknown:nobody"


def test_counter_staff_must_choose_a_hall(db: Database, hall: Hall) -> None:
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        auth.authenticate(s, hall.users["hall_manager"], PASSWORD)
    assert exc.value.field == "hall"


def test_unknown_window_is_refused(db: Database, hall: Hall) -> None:
    with pytest.raises(NotFound), db.scope() as s:
        auth.authenticate(s, hall.users["clerk"], PASSWORD, hall_code="H01", window_number=99)


def test_staff_of_another_hall_may_not_log_in_here(db: Database, hall: Hall,
                                                   system: Actor) -> None:
    from app.errors import WrongHall

    Hall(db, system, code="H02", name="第二营业厅")
    with pytest.raises(WrongHall) as exc, db.scope() as s:
        auth.authenticate(s, "clerk_h02", PASSWORD, hall_code="H01")
    assert exc.value.params == {"username": "clerk_h02", "hall": "第一营业厅"}


def test_disabled_account_is_refused(db: Database, hall: Hall, admin: Actor) -> None:
    with db.scope() as s:
        staff.set_active(s, admin, hall.users["clerk"], False, reason="left the company")
    with pytest.raises(AccountDisabled), db.scope() as s:
        auth.authenticate(s, hall.users["clerk"], PASSWORD, hall_code="H01")


def test_idle_unlock_needs_the_same_password_and_counts_failures(db: Database,
                                                                 hall: Hall) -> None:
    actor = hall.login(db, "clerk")
    with db.scope() as s:
        auth.verify_unlock(s, actor, PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed), db.scope() as s:
            auth.verify_unlock(s, actor, "not-it-123")
    with pytest.raises(AccountLocked), db.scope() as s:
        auth.verify_unlock(s, actor, "not-it-123")
    with pytest.raises(AccountLocked), db.scope() as s:
        auth.verify_unlock(s, actor, PASSWORD)


def test_clerk_calling_a_manager_only_service_is_refused(db: Database, hall: Hall) -> None:
    for _ in range(5):
        _fail(db, hall.users["cashier"], hall)
    clerk = hall.login(db, "clerk")
    with pytest.raises(PermissionDenied) as exc, db.scope() as s:
        auth.unlock_staff(s, clerk, hall.users["cashier"], reason="forgot password")
    assert exc.value.params["role"] == "clerk"
    with pytest.raises(PermissionDenied), db.scope() as s:
        staff.list_staff(s, clerk)
    with pytest.raises(PermissionDenied), db.scope() as s:
        audit.recent(s, clerk)
    # The hall manager may, and the unlock is audited with its reason.
    manager = hall.login(db, "hall_manager")
    with db.scope() as s:
        auth.unlock_staff(s, manager, hall.users["cashier"], reason="forgot password")
    hall.login(db, "cashier")
    with db.scope() as s:
        rows = audit.recent(s, manager, limit=20)
    unlocked = [r for r in rows if r.action == "staff.unlocked"]
    assert unlocked and unlocked[0].reason == "forgot password"


def test_unlocking_needs_a_real_reason_and_a_locked_account(db: Database, hall: Hall) -> None:
    manager = hall.login(db, "hall_manager")
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        auth.unlock_staff(s, manager, hall.users["cashier"], reason="x")
    assert exc.value.field == "reason"
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        auth.unlock_staff(s, manager, hall.users["cashier"], reason="本人来电")
    assert exc.value.params["rule"] == "not_locked"


def test_manager_may_not_unlock_staff_of_another_hall(db: Database, hall: Hall,
                                                      system: Actor) -> None:
    Hall(db, system, code="H02", name="第二营业厅")
    manager = hall.login(db, "hall_manager")
    with pytest.raises(PermissionDenied), db.scope() as s:
        auth.unlock_staff(s, manager, "clerk_h02", reason="asked by phone")


def test_permission_is_read_from_the_database_not_the_actor(db: Database, hall: Hall) -> None:
    clerk = hall.login(db, "clerk")
    forged = Actor(clerk.staff_id, clerk.username, clerk.full_name, "hall_manager",
                   hall_id=clerk.hall_id)
    with pytest.raises(PermissionDenied), db.scope() as s:
        auth.unlock_staff(s, forged, hall.users["cashier"], reason="x")


def test_only_admins_create_users(db: Database, hall: Hall, admin: Actor) -> None:
    manager = hall.login(db, "hall_manager")
    with pytest.raises(PermissionDenied), db.scope() as s:
        staff.create_user(s, manager, "newclerk", "赵敏", "clerk", "abcd1234", hall_code="H01")
    with db.scope() as s:
        info = staff.create_user(s, admin, "newclerk", "赵敏", "clerk", "abcd1234",
                                 hall_code="H01")
    assert info.role == "clerk"


@pytest.mark.parametrize(
    ("password", "rule"), [("short1", "too_short"), ("abcdefgh", "letters_digits"),
                           ("12345678", "letters_digits")]
)
def test_password_policy(db: Database, admin: Actor, hall: Hall, password: str,
                         rule: str) -> None:
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        staff.create_user(s, admin, "weak", "弱密码", "clerk", password, hall_code="H01")
    assert exc.value.field == "password" and exc.value.params["rule"] == rule


def test_create_user_refuses_duplicates_and_bad_names(db: Database, admin: Actor,
                                                      hall: Hall) -> None:
    from app.errors import Conflict

    with pytest.raises(Conflict), db.scope() as s:
        staff.create_user(s, admin, hall.users["clerk"].upper(), "重名", "clerk", "abcd1234",
                          hall_code="H01")
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        staff.create_user(s, admin, "9bad name", "坏名", "clerk", "abcd1234", hall_code="H01")
    assert exc.value.field == "username"
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        staff.create_user(s, admin, "nohall", "无厅", "clerk", "abcd1234")
    assert exc.value.field == "hall"


def test_change_password(db: Database, hall: Hall) -> None:
    actor = hall.login(db, "clerk")
    with pytest.raises(ValidationError) as exc, db.scope() as s:
        auth.change_password(s, actor, "wrong-old1", "newpass99")
    assert exc.value.field == "old_password"
    with db.scope() as s:
        auth.change_password(s, actor, PASSWORD, "newpass99")
    with db.scope() as s:
        auth.authenticate(s, hall.users["clerk"], "newpass99", hall_code="H01")


# --- Argon2: OWASP's floor, and never re-hashed weaker (issue 10) ------------------------


def test_argon2_floor_is_owasps_unless_weak_is_allowed_for_tests() -> None:
    def params(memory: int, passes: int, **extra: str) -> tuple[int, int]:
        return config.argon2_parameters({"HALLDESK_ARGON2_MEMORY_KIB": str(memory),
                                         "HALLDESK_ARGON2_TIME_COST": str(passes), **extra})

    assert config.argon2_parameters({}) == (65536, 3)
    assert params(19456, 2) == (19456, 2)
    for memory, passes in ((8192, 1), (19455, 2), (19456, 1), (65536, 1)):
        with pytest.raises(ConfigError):
            params(memory, passes)
    assert params(8192, 1, HALLDESK_ARGON2_ALLOW_WEAK="1") == (8192, 1)
    with pytest.raises(ConfigError):
        params(8192, 1, HALLDESK_ARGON2_ALLOW_WEAK="yes")  # only the documented "1"
    with pytest.raises(ConfigError):
        params(4096, 1, HALLDESK_ARGON2_ALLOW_WEAK="1")


@pytest.fixture
def argon2(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int, int], None]]:
    """Set this PC's argon2 parameters (the hasher is cached: rebuilt each time)."""
    def use(memory: int, passes: int) -> None:
        monkeypatch.setenv("HALLDESK_ARGON2_MEMORY_KIB", str(memory))
        monkeypatch.setenv("HALLDESK_ARGON2_TIME_COST", str(passes))
        auth._hasher.cache_clear()

    yield use
    auth._hasher.cache_clear()
    monkeypatch.undo()
    auth._hasher.cache_clear()


def _stored_hash(db: Database, username: str) -> str:
    with db.scope(readonly=True) as s:
        value = s.scalar(select(Staff.password_hash).where(Staff.username == username))
    assert value is not None
    return value


def test_signing_in_on_a_weaker_pc_keeps_the_stronger_hash(db: Database, hall: Hall,
                                                            argon2: Callable[[int, int], None]
                                                            ) -> None:
    user = hall.users["clerk"]
    strong = PasswordHasher(memory_cost=16384, time_cost=2, parallelism=4).hash(PASSWORD)
    with db.scope() as s:
        s.execute(update(Staff).where(Staff.username == user).values(password_hash=strong))
        s.commit()
    argon2(8192, 1)  # a PC tuned down (the suite's own settings)
    hall.login(db, "clerk")
    assert _stored_hash(db, user) == strong  # before: re-hashed with m=8192, t=1
    argon2(16384, 3)  # a PC with more passes upgrades it
    hall.login(db, "clerk")
    upgraded = extract_parameters(_stored_hash(db, user))
    assert (upgraded.memory_cost, upgraded.time_cost) == (16384, 3)
    argon2(32768, 2)  # more memory but fewer passes is not stronger in both: kept
    hall.login(db, "clerk")
    kept = extract_parameters(_stored_hash(db, user))
    assert (kept.memory_cost, kept.time_cost) == (16384, 3)
