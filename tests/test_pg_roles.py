"""Least privilege on PostgreSQL: what the app role (every counter's credentials) may not do.

Each deployment here is a fresh database with its own owner and app roles. Roles are global to
the cluster, so their names carry a random suffix and they are dropped after the database.
pg_hba.conf on the test server trusts local TCP, so these tests check privileges, not
passwords; the stored SCRAM verifiers are checked against the passwords instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy import Column, Integer, String, Table, create_engine, event, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError

from app import schema
from app.db import Database
from app.errors import AuthenticationFailed, ValidationError
from app.models import Base, Staff
from app.models.base import append_only_tables, no_delete_tables
from app.pgroles import PgRolesError, apply_grants, check_role_name, grant_plan, setup_roles
from app.services import audit, auth
from app.services import staff as staff_service
from app.services.context import Actor
from tests.conftest import (
    NO_PG,
    PASSWORD,
    create_pg_database,
    drop_pg_database,
    pg_base_url,
    unique_name,
)

# Quotes, a dollar quote, a bind-parameter look-alike and a percent: must all arrive verbatim.
OWNER_PASSWORD = "o'wn\"er; DROP ROLE postgres; -- $$ :name %s"
APP_PASSWORD = "app-密码-1234'"
FULL = {"SELECT", "INSERT", "UPDATE", "DELETE"}
NEVER = ("TRUNCATE", "REFERENCES", "TRIGGER")


@dataclass
class Deployment:
    database: str
    admin: URL
    owner: str
    app: str

    def url(self, role: str) -> URL:
        return self.admin.set(username=role, password=None)

    def engine(self, role: str) -> Engine:
        return create_engine(self.url(role))


def _base() -> URL:
    base = pg_base_url()
    if base is None:
        pytest.skip(NO_PG)
    return base


def _superuser(database: str) -> Engine:
    return create_engine(_base().set(database=database), isolation_level="AUTOCOMMIT")


def _drop_roles(*roles: str) -> None:
    """After the database is gone; DROP OWNED clears what is left in the base database."""
    eng = _superuser(_base().database or "postgres")
    with eng.connect() as conn:
        for role in roles:
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}):
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
    eng.dispose()


@contextmanager
def deployment(*, premigrated: bool = False, set_up: bool = True) -> Iterator[Deployment]:
    """A fresh database with unique roles; ``premigrated``: tables made by the superuser first."""
    _base()
    suffix = uuid.uuid4().hex[:8]
    dep = Deployment(unique_name("roles"), URL.create("postgresql"), f"hd_test_owner_{suffix}",
                     f"hd_test_app_{suffix}")
    dep.admin = create_pg_database(dep.database)
    try:
        if premigrated:
            db = Database(dep.admin)
            schema.upgrade(db.engine)
            db.dispose()
        if set_up:
            setup_roles(dep.admin, owner_role=dep.owner, owner_password=OWNER_PASSWORD,
                        app_role=dep.app, app_password=APP_PASSWORD)
        yield dep
    finally:
        drop_pg_database(dep.database)
        _drop_roles(dep.owner, dep.app, f"hd_test_app2_{suffix}", f"hd_test_admin_{suffix}",
                    f"hd_test_other_{suffix}")


@pytest.fixture(scope="module")
def dep() -> Iterator[Deployment]:
    """setup-roles, then ``migrate`` as the owner (upgrade + apply_grants), then a hall."""
    with deployment() as d:
        owner = Database(d.url(d.owner))
        schema.upgrade(owner.engine)
        with owner.engine.begin() as conn:
            apply_grants(conn)
        system = Actor.system("cli:test")
        with owner.scope() as s:
            staff_service.create_hall(s, system, "H01", "第一营业厅", windows=2)
        for username, role, hall in (("clerk_h01", "clerk", "H01"), ("admin", "admin", "")):
            with owner.scope() as s:
                staff_service.create_user(s, system, username, "王晓梅", role, PASSWORD,
                                          hall_code=hall)
        owner.dispose()
        yield d


@pytest.fixture
def app_db(dep: Deployment) -> Iterator[Database]:
    db = Database(dep.url(dep.app))
    yield db
    db.dispose()


def _refusal(engine: Engine, statement: str) -> str:
    """Run one statement in its own transaction; return the permission error it must raise."""
    with pytest.raises(DBAPIError) as exc, engine.begin() as conn:
        conn.execute(text(statement))
    assert isinstance(exc.value.orig, psycopg.errors.InsufficientPrivilege), exc.value
    return str(exc.value.orig)


def _table_privileges(dep: Deployment, role: str) -> dict[str, set[str]]:
    privileges = ("SELECT", "INSERT", "UPDATE", "DELETE", *NEVER)
    eng = _superuser(dep.database)
    with eng.connect() as conn:
        rows = conn.execute(text(
            "SELECT c.relname, p FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "CROSS JOIN unnest(CAST(:privs AS text[])) AS p "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' "
            "AND has_table_privilege(CAST(:role AS name), c.oid, p)"),
            {"privs": list(privileges), "role": role}).all()
        tables = conn.scalars(text(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'")).all()
    eng.dispose()
    result: dict[str, set[str]] = {t: set() for t in tables}
    for table, privilege in rows:
        result[table].add(privilege)
    return result


def _expected_privileges() -> dict[str, set[str]]:
    expected = {name: set(FULL) for name in Base.metadata.tables}
    for name in append_only_tables():
        expected[name] = {"SELECT", "INSERT"}
    for name in no_delete_tables():
        expected[name] = {"SELECT", "INSERT", "UPDATE"}
    expected["deployment_settings"] = {"SELECT"}
    expected["alembic_version"] = {"SELECT"}
    return expected


def _scram_matches(verifier: str, password: str) -> bool:
    """RFC 5802/7677: recompute StoredKey and ServerKey from the password (ASCII-safe SASLprep)."""
    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key, server_key = keys.split(":")
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt),
                                 int(iterations))
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    return (method == "SCRAM-SHA-256"
            and hashlib.sha256(client_key).digest() == base64.b64decode(stored_key)
            and hmac.digest(salted, b"Server Key", "sha256") == base64.b64decode(server_key))


# --- without a database ------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    'x"; DROP TABLE staff; --', "Halldesk_App", "1app", "pg_app", "public", "none",
    "current_user", "", "a" * 64, "app role", "app-role", "应用", "app\x00",
])
def test_invalid_role_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        check_role_name(name)
    with pytest.raises(ValidationError):  # before any connection is made
        setup_roles("postgresql://nobody@127.0.0.1:1/halldesk", owner_role="halldesk_owner",
                    owner_password=None, app_role=name, app_password=None)
    assert check_role_name("halldesk_app") == "halldesk_app"
    assert check_role_name("a" * 63) == "a" * 63


@pytest.mark.parametrize("url, owner, app", [
    ("postgresql://u@127.0.0.1:1/halldesk", "same", "same"),
    ("postgresql://u@127.0.0.1:1/postgres", "halldesk_owner", "halldesk_app"),
    ("postgresql://u@127.0.0.1:1", "halldesk_owner", "halldesk_app"),
    ("sqlite:///halldesk.sqlite3", "halldesk_owner", "halldesk_app"),
])
def test_setup_roles_refuses_bad_requests_before_connecting(url: str, owner: str,
                                                              app: str) -> None:
    with pytest.raises(ValidationError):
        setup_roles(url, owner_role=owner, owner_password=None, app_role=app, app_password=None)
    with pytest.raises(ValidationError):
        setup_roles("postgresql://u@127.0.0.1:1/halldesk", owner_role="halldesk_owner",
                    owner_password="", app_role="halldesk_app", app_password=None)


@pytest.mark.parametrize("dialect", ["sqlite"])
def test_apply_grants_is_a_noop_on_sqlite(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO deployment_settings (key, value) VALUES "
                          "('app_role', 'halldesk_app')"))
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    with db.engine.begin() as conn:
        assert apply_grants(conn) == {}
    assert [s for s in statements if not s.startswith("BEGIN")] == []


@pytest.fixture
def later_tables() -> Iterator[tuple[Table, Table]]:
    """Two tables a later migration might add: payments-like (append-only) and a plain one."""
    suffix = uuid.uuid4().hex[:8]
    payments = Table(f"zz_payments_{suffix}", Base.metadata,
                     Column("id", Integer, primary_key=True), Column("note", String(20)),
                     info={"append_only": True})
    plain = Table(f"zz_plain_{suffix}", Base.metadata,
                  Column("id", Integer, primary_key=True), Column("note", String(20)))
    try:
        yield payments, plain
    finally:
        Base.metadata.remove(payments)
        Base.metadata.remove(plain)


def test_grant_plan_follows_the_append_only_marker(later_tables: tuple[Table, Table]) -> None:
    payments, plain = later_tables
    assert payments.name in append_only_tables()
    plan = grant_plan({payments.name, plain.name, "audit_entries", "staff", "alembic_version",
                       "deployment_settings", "not_a_model"})
    assert plan == {
        payments.name: ("SELECT", "INSERT"),
        plain.name: ("SELECT", "INSERT", "UPDATE", "DELETE"),
        "audit_entries": ("SELECT", "INSERT"),
        "staff": ("SELECT", "INSERT", "UPDATE", "DELETE"),
        "alembic_version": ("SELECT",),
        "deployment_settings": ("SELECT",),
    }


# --- on PostgreSQL -----------------------------------------------------------------------


@pytest.mark.pg_only
def test_roles_are_least_privilege_logins(dep: Deployment) -> None:
    eng = _superuser(dep.database)
    with eng.connect() as conn:
        roles = {r.rolname: r for r in conn.execute(text(
            "SELECT rolname, rolcanlogin, rolinherit, rolsuper, rolcreatedb, rolcreaterole, "
            "rolreplication, rolbypassrls, rolpassword FROM pg_authid "
            "WHERE rolname IN (:o, :a)"), {"o": dep.owner, "a": dep.app})}
        owned_by_app = conn.scalar(text(
            "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) "
            "+ (SELECT count(*) FROM pg_proc WHERE proowner = r.oid) "
            "+ (SELECT count(*) FROM pg_type WHERE typowner = r.oid) "
            "+ (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) "
            "+ (SELECT count(*) FROM pg_database WHERE datdba = r.oid) "
            "FROM pg_roles r WHERE rolname = :a"), {"a": dep.app})
        not_owner_owned = conn.scalars(text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> :o "
            "UNION ALL SELECT proname FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
            "AND pg_get_userbyid(p.proowner) <> :o"), {"o": dep.owner}).all()
        db_owner, schema_owner = conn.execute(text(
            "SELECT pg_get_userbyid(datdba), (SELECT pg_get_userbyid(nspowner) "
            "FROM pg_namespace WHERE nspname = 'public') FROM pg_database "
            "WHERE datname = current_database()")).one()
        memberships = conn.scalar(text(
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "WHERE r.rolname IN (:o, :a)"), {"o": dep.owner, "a": dep.app})
        public_may = conn.execute(text(
            "SELECT has_database_privilege('public', current_database(), 'CONNECT'), "
            "has_database_privilege('public', current_database(), 'TEMPORARY'), "
            "has_schema_privilege('public', 'public', 'CREATE'), "
            "has_schema_privilege(CAST(:a AS name), 'public', 'CREATE'), "
            "has_database_privilege(CAST(:a AS name), current_database(), 'CONNECT')"),
            {"a": dep.app}).one()
        rows = conn.execute(text("SELECT key, value FROM deployment_settings"))
        settings = {str(key): str(value) for key, value in rows}
    eng.dispose()
    for name in (dep.owner, dep.app):
        r = roles[name]
        assert r.rolcanlogin and not r.rolinherit
        assert not (r.rolsuper or r.rolcreatedb or r.rolcreaterole or r.rolreplication
                    or r.rolbypassrls)
    assert _scram_matches(roles[dep.owner].rolpassword, OWNER_PASSWORD)
    assert _scram_matches(roles[dep.app].rolpassword, APP_PASSWORD)
    assert owned_by_app == 0
    assert not_owner_owned == []
    assert (db_owner, schema_owner) == (dep.owner, dep.owner)
    assert memberships == 0
    assert tuple(public_may) == (False, False, False, False, True)
    assert settings["app_role"] == dep.app


@pytest.mark.pg_only
def test_app_role_holds_exactly_what_the_models_allow(dep: Deployment) -> None:
    assert "audit_entries" in append_only_tables()
    assert _table_privileges(dep, dep.app) == _expected_privileges()
    eng = _superuser(dep.database)
    with eng.connect() as conn:
        sequences = conn.execute(text(
            "SELECT c.relname, has_sequence_privilege(CAST(:a AS name), c.oid, 'USAGE'), "
            "has_sequence_privilege(CAST(:a AS name), c.oid, 'SELECT'), "
            "has_sequence_privilege(CAST(:a AS name), c.oid, 'UPDATE') FROM pg_class c "
            "WHERE c.relkind = 'S'"), {"a": dep.app}).all()
    eng.dispose()
    assert {s[0] for s in sequences} >= {"audit_entries_id_seq", "staff_id_seq"}
    assert all(s[1:] == (True, True, False) for s in sequences)


@pytest.mark.pg_only
def test_login_flow_works_as_the_app_role(dep: Deployment, app_db: Database) -> None:
    schema.check_schema(app_db.engine)  # the start-up check reads alembic_version
    with app_db.scope() as s:
        before = audit.count(s)
    with pytest.raises(AuthenticationFailed), app_db.scope() as s:
        auth.authenticate(s, "clerk_h01", "wrong-password1", hall_code="H01")
    with app_db.scope() as s:
        actor = auth.authenticate(s, "clerk_h01", PASSWORD, hall_code="H01", window_number=1)
    assert actor.username == "clerk_h01" and actor.window_number == 1
    with app_db.scope() as s:
        auth.logout(s, actor)
    with app_db.scope() as s:
        assert audit.count(s) == before + 3  # login.failed, login, logout
        clerk = s.query(Staff).filter_by(username="clerk_h01").one()
        assert clerk.failed_logins == 0 and clerk.last_login_at is not None
    with app_db.scope() as s:
        admin = auth.authenticate(s, "admin", PASSWORD)
    with app_db.scope() as s:
        assert audit.verify(s, admin).ok


@pytest.mark.pg_only
def test_app_role_appends_audit_rows_but_cannot_rewrite_them(dep: Deployment,
                                                              app_db: Database) -> None:
    with app_db.scope() as s:
        entry = audit.record(s, Actor.system("cli:test"), "test.inserted", "test", 1)
        s.commit()
        assert entry.id is not None
    for statement in (
        "UPDATE audit_entries SET reason = 'rewritten'",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
        "SELECT * FROM audit_entries FOR UPDATE",
    ):
        message = _refusal(app_db.engine, statement)
        assert "permission denied for table audit_entries" in message  # privileges, not trigger


@pytest.mark.pg_only
@pytest.mark.parametrize("statement", [
    "CREATE TABLE public.evil (id int)",
    "CREATE TABLE evil (id int)",
    "CREATE TEMP TABLE evil (id int)",
    "CREATE SCHEMA evil",
    "CREATE FUNCTION public.evil() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    "DROP TABLE audit_entries",
    "DROP TABLE customers",
    "ALTER TABLE customers ADD COLUMN evil int",
    "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only",
    "DROP TRIGGER audit_entries_append_only ON audit_entries",
    "CREATE INDEX evil ON customers (note)",
    "TRUNCATE customers",
    "UPDATE deployment_settings SET value = 'someone_else'",
    "INSERT INTO deployment_settings (key, value) VALUES ('evil', 'x')",
    "UPDATE alembic_version SET version_num = 'x'",
    "SELECT setval('audit_entries_id_seq', 1)",
    "SET session_replication_role = replica",
])
def test_app_role_cannot_change_the_schema_or_its_guards(dep: Deployment, app_db: Database,
                                                          statement: str) -> None:
    _refusal(app_db.engine, statement)


@pytest.mark.pg_only
def test_app_role_cannot_become_the_owner_nor_grant(dep: Deployment, app_db: Database) -> None:
    _refusal(app_db.engine, f'SET ROLE "{dep.owner}"')
    with app_db.engine.begin() as conn:  # only a warning: "no privileges were granted"
        conn.execute(text("GRANT ALL ON staff, audit_entries TO PUBLIC"))
    assert _table_privileges(dep, "public") == {t: set() for t in _expected_privileges()}


@pytest.mark.pg_only
def test_app_role_cannot_delete_a_chain_head(dep: Deployment, app_db: Database) -> None:
    """A deleted head would restart its chain at 1 and break every audited write of a hall."""
    assert "audit_chain_heads" in no_delete_tables()
    _refusal(app_db.engine, "DELETE FROM audit_chain_heads")


@pytest.mark.pg_only
def test_admin_commands_refuse_the_counters_role(dep: Deployment, app_db: Database) -> None:
    """A counter PC's credentials alone must not create an administrator."""
    from app.errors import PermissionDenied
    from app.services import staff as staff_service
    from app.services.context import Actor

    with pytest.raises(PermissionDenied) as exc, app_db.scope() as s:
        staff_service.create_user(s, Actor.system("cli:eve"), "eve", "伊娃", "admin", "abcd1234")
    assert exc.value.params["role"] == dep.app


@pytest.mark.pg_only
def test_owner_is_refused_by_the_append_only_trigger(dep: Deployment) -> None:
    eng = dep.engine(dep.owner)
    try:
        for statement in ("UPDATE audit_entries SET reason = 'rewritten'",
                          "DELETE FROM audit_entries", "TRUNCATE audit_entries"):
            assert "append-only" in _refusal(eng, statement)
    finally:
        eng.dispose()


@pytest.mark.pg_only
def test_a_table_marked_append_only_later_is_covered(
    dep: Deployment, app_db: Database, later_tables: tuple[Table, Table],
) -> None:
    payments, plain = later_tables
    owner = dep.engine(dep.owner)
    try:
        with owner.begin() as conn:  # what a later migration and ``migrate`` would do
            payments.create(conn)
            plain.create(conn)
            plan = apply_grants(conn)
        assert plan[payments.name] == ("SELECT", "INSERT")
        assert plan[plain.name] == ("SELECT", "INSERT", "UPDATE", "DELETE")
        with app_db.engine.begin() as conn:  # INSERT uses the serial sequences
            conn.execute(payments.insert().values(note="paid"))
            conn.execute(plain.insert().values(note="x"))
            conn.execute(plain.update().values(note="y"))
            conn.execute(plain.delete())
        for verb in (f"UPDATE {payments.name} SET note = 'x'", f"DELETE FROM {payments.name}",
                     f"TRUNCATE {payments.name}"):
            assert "permission denied" in _refusal(app_db.engine, verb)
    finally:
        with owner.begin() as conn:
            plain.drop(conn)
            payments.drop(conn)
        owner.dispose()


@pytest.mark.pg_only
def test_apply_grants_revokes_stray_privileges(dep: Deployment) -> None:
    su = _superuser(dep.database)
    owner = dep.engine(dep.owner)
    try:
        with su.connect() as conn:
            conn.execute(text(f'GRANT ALL ON audit_entries, customers TO "{dep.app}"'))
            conn.execute(text("GRANT UPDATE, DELETE ON audit_entries TO PUBLIC"))
            conn.execute(text(f'GRANT UPDATE ON audit_entries_id_seq TO "{dep.app}"'))
            conn.execute(text("CREATE TABLE stray (id int)"))
        assert "UPDATE" in _table_privileges(dep, dep.app)["audit_entries"]
        with su.connect() as conn:  # made by the wrong role: refused until handed over
            with pytest.raises(PgRolesError, match="stray"), conn.begin():
                apply_grants(conn)
            conn.execute(text(f'ALTER TABLE stray OWNER TO "{dep.owner}"'))
        with owner.begin() as conn:
            apply_grants(conn)
        privileges = _table_privileges(dep, dep.app)
        assert privileges.pop("stray") == set()  # unknown to the models: denied by default
        assert privileges == _expected_privileges()
        with owner.begin() as conn:
            assert not conn.scalar(text(
                f"SELECT has_sequence_privilege('{dep.app}', 'audit_entries_id_seq', 'UPDATE')"))
    finally:
        with su.connect() as conn:
            conn.execute(text("DROP TABLE IF EXISTS stray"))
        su.dispose()
        owner.dispose()


@pytest.mark.pg_only
def test_apply_grants_fails_when_another_grantor_left_a_privilege(dep: Deployment) -> None:
    other = dep.owner.replace("hd_test_owner_", "hd_test_other_")
    su = _superuser(dep.database)
    owner = dep.engine(dep.owner)
    try:
        with su.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{other}"'))
            conn.execute(text(f'GRANT UPDATE ON audit_entries TO "{other}" WITH GRANT OPTION'))
            conn.execute(text(f'SET ROLE "{other}"'))
            conn.execute(text(f'GRANT UPDATE ON audit_entries TO "{dep.app}"'))
            conn.execute(text("RESET ROLE"))
        with pytest.raises(PgRolesError, match="UPDATE on audit_entries"), owner.begin() as c:
            apply_grants(c)
    finally:
        with su.connect() as conn:
            conn.execute(text(f'REVOKE ALL ON audit_entries FROM "{other}" CASCADE'))
            conn.execute(text(f'DROP ROLE "{other}"'))
        su.dispose()
        with owner.begin() as conn:
            apply_grants(conn)
        owner.dispose()
    assert _table_privileges(dep, dep.app) == _expected_privileges()


@pytest.mark.pg_only
def test_apply_grants_must_run_as_the_owner(dep: Deployment, app_db: Database) -> None:
    with pytest.raises(PgRolesError), app_db.engine.begin() as conn:
        apply_grants(conn)


@pytest.mark.pg_only
def test_existing_schema_is_handed_over_and_the_owner_can_migrate() -> None:
    """Tables first made by a superuser; then the app role is renamed; then a full rebuild."""
    with deployment(premigrated=True) as d:
        assert _table_privileges(d, d.app) == _expected_privileges()
        renamed = d.app.replace("hd_test_app_", "hd_test_app2_")
        setup_roles(d.admin, owner_role=d.owner, owner_password=None, app_role=renamed,
                    app_password=None)  # passwords kept
        assert _table_privileges(d, renamed) == _expected_privileges()
        assert set().union(*_table_privileges(d, d.app).values()) == set()
        eng = _superuser(d.database)
        with eng.connect() as conn:
            assert not conn.scalar(text(
                f"SELECT has_database_privilege('{d.app}', current_database(), 'CONNECT')"))
            password = conn.scalar(text(
                f"SELECT rolpassword FROM pg_authid WHERE rolname = '{d.owner}'"))
        eng.dispose()
        assert _scram_matches(password, OWNER_PASSWORD)

        owner = Database(d.url(d.owner))
        schema.downgrade(owner.engine, "base")
        schema.upgrade(owner.engine)
        with owner.engine.begin() as conn:
            # deployment_settings was dropped with everything else: the app role is forgotten
            assert apply_grants(conn) == {}
        owner.dispose()
        left = {t: p for t, p in _table_privileges(d, renamed).items() if p}
        assert left == {"alembic_version": {"SELECT"}}  # alembic keeps that table
        setup_roles(d.admin, owner_role=d.owner, owner_password=None, app_role=renamed,
                    app_password=None)
        assert _table_privileges(d, renamed) == _expected_privileges()


@pytest.mark.pg_only
def test_setup_by_a_createrole_database_owner() -> None:
    """Managed servers give no superuser: CREATEROLE + CREATEDB and owning the database."""
    with deployment(set_up=False) as d:
        admin = d.owner.replace("hd_test_owner_", "hd_test_admin_")
        su = _superuser(d.database)
        with su.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{admin}" LOGIN CREATEROLE CREATEDB'))
            conn.execute(text(f'ALTER DATABASE "{d.database}" OWNER TO "{admin}"'))
        setup_roles(d.url(admin), owner_role=d.owner, owner_password=None, app_role=d.app,
                    app_password=None)
        with su.connect() as conn:
            member = conn.scalar(text("SELECT pg_has_role(:admin, :owner, 'MEMBER')"),
                                 {"admin": admin, "owner": d.owner})
            can_connect = conn.scalar(text(
                "SELECT has_database_privilege(CAST(:admin AS name), current_database(), "
                "'CONNECT')"), {"admin": admin})
        su.dispose()
        assert not member  # the borrowed membership is given back
        assert can_connect  # and the administrator may come back to run it again
        assert _table_privileges(d, d.app) == _expected_privileges()
        setup_roles(d.url(admin), owner_role=d.owner, owner_password=None, app_role=d.app,
                    app_password="again-1234")


@pytest.mark.pg_only
def test_setup_refuses_privileged_or_member_roles() -> None:
    with deployment(set_up=False) as d:
        su = _superuser(d.database)
        with su.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{d.app}" LOGIN SUPERUSER'))
        with pytest.raises(PgRolesError, match="superuser"):
            setup_roles(d.admin, owner_role=d.owner, owner_password=None, app_role=d.app,
                        app_password=None)
        with su.connect() as conn:
            conn.execute(text(f'ALTER ROLE "{d.app}" NOSUPERUSER'))
            conn.execute(text(f'GRANT pg_write_all_data TO "{d.app}"'))
        with pytest.raises(PgRolesError, match="pg_write_all_data"):
            setup_roles(d.admin, owner_role=d.owner, owner_password=None, app_role=d.app,
                        app_password=None)
        with su.connect() as conn:  # nothing of the failed attempts stayed behind
            assert conn.scalar(text(
                "SELECT count(*) FROM pg_roles WHERE rolname = :o"), {"o": d.owner}) == 0
        su.dispose()
