"""Least privilege on PostgreSQL: an owner role runs migrations, the counters use an app role.

Every counter PC holds the app role's credentials, so the database itself must refuse what the
program must never do. The app role owns nothing, cannot create, alter or drop anything, and has
no UPDATE, DELETE or TRUNCATE on append-only tables (``append_only_tables()``). ``apply_grants``
runs after every migration and derives the grants from the models, so a table marked
``info={"append_only": True}`` later is covered without code changes. Only tables known to the
models are granted: anything else in the schema is denied by default.

DDL takes no bind parameters, so names are validated *and* quoted by psycopg, and passwords are
sent only as SCRAM verifiers computed on this side (never in clear text, never in a server log).
On SQLite none of this applies: whoever can write the file can do anything.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import psycopg
from alembic import command
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import URL, Connection, make_url

from app import schema
from app.db import make_engine
from app.errors import HallDeskError, ValidationError
from app.models import Base
from app.models.base import append_only_tables, no_delete_tables

APP_ROLE_KEY = "app_role"
SCHEMA = "public"
ROLE_NAME_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Valid identifiers that still mean something else to PostgreSQL or read as keywords.
RESERVED_ROLE_NAMES = frozenset(
    {"public", "none", "all", "user", "current_user", "current_role", "session_user"}
)
SYSTEM_DATABASES = frozenset({"postgres", "template0", "template1"})
# The counters read these but must not change them: the schema version, and the deployment
# settings (which name the role that apply_grants grants to).
READ_ONLY_TABLES = frozenset({"alembic_version", "deployment_settings"})
READ_ONLY = ("SELECT",)
APPEND_ONLY = ("SELECT", "INSERT")
NO_DELETE = ("SELECT", "INSERT", "UPDATE")
READ_WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE")
SEQUENCE_PRIVILEGES = ("USAGE", "SELECT")
# Every privilege checked afterwards; anything held but not planned is an error.
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
_TABLE_KINDS = ("r", "p")
_ALTER_KEYWORD = {
    "r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE",
    "S": "SEQUENCE",
}


class PgRolesError(HallDeskError):
    """The roles or the schema are in a state where granting would not be least privilege."""

    key = "pg_roles"
    default = "PostgreSQL roles: {detail}"


@dataclass(frozen=True)
class _Relation:
    name: str
    kind: str  # pg_class.relkind
    owner: str


def check_role_name(name: str, *, field: str = "role") -> str:
    """Refuse anything but a plain lower-case identifier (no quoting surprises in URLs or psql)."""
    if not ROLE_NAME_RE.fullmatch(name) or name in RESERVED_ROLE_NAMES or name.startswith("pg_"):
        raise ValidationError(
            "A role name is 1 to 63 lower-case letters, digits or '_', not starting with a "
            "digit or 'pg_' ({name!r} is not allowed).", field=field, name=name, rule="role_name",
        )
    return name


def grant_plan(tables: Collection[str]) -> dict[str, tuple[str, ...]]:
    """Privileges of the app role on each of these existing tables, from the models.

    Tables the models do not know get nothing (deny by default), so a stray or renamed table
    never becomes writable by accident.
    """
    known = set(Base.metadata.tables)
    append_only = set(append_only_tables())
    no_delete = set(no_delete_tables())
    plan: dict[str, tuple[str, ...]] = {}
    for name in sorted(tables):
        if name in READ_ONLY_TABLES:
            plan[name] = READ_ONLY
        elif name in append_only:
            plan[name] = APPEND_ONLY
        elif name in no_delete:
            plan[name] = NO_DELETE
        elif name in known:
            plan[name] = READ_WRITE
    return plan


def setup_roles(
    admin_url: str | URL,
    *,
    owner_role: str,
    owner_password: str | None,
    app_role: str,
    app_password: str | None,
) -> None:
    """Create the owner and app roles, hand the database to the owner, grant the app role.

    Connect as a superuser, or as a role with CREATEROLE and CREATEDB that owns the database.
    Idempotent: run it again to change a password or to repair ownership. All in one
    transaction. An empty database is migrated to head as the owner role, because the app
    role's name is kept in ``deployment_settings``.
    """
    owner = check_role_name(owner_role, field="owner_role")
    app = check_role_name(app_role, field="app_role")
    if owner == app:
        raise ValidationError("The owner and the app role must differ.", field="app_role",
                              rule="distinct")
    for password, field in ((owner_password, "owner_password"), (app_password, "app_password")):
        if password is not None and (not password or "\x00" in password):
            raise ValidationError("A password must not be empty.", field=field, rule="required")
    url = make_url(admin_url)
    if url.get_backend_name() != "postgresql":
        raise ValidationError("Roles exist only on PostgreSQL.", field="url", rule="postgresql")
    if not url.database or url.database in SYSTEM_DATABASES:
        raise ValidationError("Name HallDesk's own database in the URL, not {db!r}.",
                              field="url", db=url.database or "", rule="database")
    engine = make_engine(url, application_name="HallDesk setup-roles")
    try:
        with engine.begin() as conn:
            _setup(conn, owner, owner_password, app, app_password)
    finally:
        engine.dispose()


def apply_grants(connection: Connection) -> dict[str, tuple[str, ...]]:
    """Grant the app role exactly what the models allow; revoke everything else.

    Idempotent; run by ``migrate`` after every upgrade, in the caller's transaction. Returns
    the privileges per table (empty when there is nothing to do: SQLite, or no app role set up).
    """
    if connection.dialect.name != "postgresql":
        return {}
    if connection.scalar(text("SELECT to_regclass('public.deployment_settings')")) is None:
        return {}
    stored = connection.scalar(
        text("SELECT value FROM deployment_settings WHERE key = :key"), {"key": APP_ROLE_KEY}
    )
    if stored is None:
        return {}
    app = check_role_name(str(stored), field=APP_ROLE_KEY)
    db_owner = str(connection.scalar(text(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")))
    _check_app_role(connection, app, db_owner)
    _check_grantor(connection, db_owner)
    relations = _relations(connection)
    wrong = sorted(r.name for r in relations if r.owner != db_owner)
    if wrong:
        raise PgRolesError(detail=(
            f"{', '.join(wrong)} not owned by the database owner {db_owner} (migrated as another "
            "role?); run setup-roles again to hand them over"))
    role = sql.Identifier(app)
    for rel in relations:
        kind = "SEQUENCE" if rel.kind == "S" else "TABLE"
        _ddl(connection, sql.SQL("REVOKE ALL ON {} {} FROM PUBLIC, {}").format(
            sql.SQL(kind), sql.Identifier(SCHEMA, rel.name), role))
    plan = grant_plan({r.name for r in relations if r.kind in _TABLE_KINDS})
    for table, privileges in plan.items():
        _ddl(connection, sql.SQL("GRANT {} ON TABLE {} TO {}").format(
            sql.SQL(", ").join(sql.SQL(p) for p in privileges), sql.Identifier(SCHEMA, table),
            role))
    for sequence in _sequences_of(connection, [t for t, p in plan.items() if "INSERT" in p]):
        _ddl(connection, sql.SQL("GRANT {} ON SEQUENCE {} TO {}").format(
            sql.SQL(", ").join(sql.SQL(p) for p in SEQUENCE_PRIVILEGES),
            sql.Identifier(SCHEMA, sequence), role))
    _ddl(connection, sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC, {}").format(
        sql.Identifier(SCHEMA), role))
    _ddl(connection, sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
        sql.Identifier(SCHEMA), role))
    _verify(connection, app, plan)
    return plan


# --- setup ---------------------------------------------------------------------------------


def _setup(conn: Connection, owner: str, owner_password: str | None, app: str,
           app_password: str | None) -> None:
    me, is_super, database = conn.execute(text(
        "SELECT current_user, rolsuper, current_database() FROM pg_roles "
        "WHERE rolname = current_user")).one()
    if me in (owner, app):
        raise PgRolesError(detail=f"run setup-roles as an administrator, not as {me}")
    _ensure_role(conn, owner, owner_password)
    _ensure_role(conn, app, app_password)
    memberships = conn.scalars(text(
        "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
        "WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = :app) ORDER BY 1"),
        {"app": app}).all()
    if memberships:
        raise PgRolesError(detail=(
            f"{app} is a member of {', '.join(memberships)} and would gain its privileges; "
            "revoke that membership first"))
    # A non-superuser may hand objects only to a role it belongs to: join for this transaction.
    borrowed = not is_super and not conn.scalar(
        text("SELECT pg_has_role(current_user, :owner, 'MEMBER')"), {"owner": owner})
    if borrowed:
        _ddl(conn, sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(owner)))
    db, own, grantee = sql.Identifier(database), sql.Identifier(owner), sql.Identifier(app)
    public = sql.Identifier(SCHEMA)
    # Schema first: it may belong to pg_database_owner, i.e. to whoever owns the database now.
    _ddl(conn, sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(public, own))
    _ddl(conn, sql.SQL("ALTER DATABASE {} OWNER TO {}").format(db, own))
    _ddl(conn, sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(db))
    _ddl(conn, sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(db, grantee))
    _ddl(conn, sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, grantee))
    if not is_super:  # so that this administrator can come back to run setup-roles again
        _ddl(conn, sql.SQL("GRANT CONNECT ON DATABASE {} TO CURRENT_USER").format(db))
    _ddl(conn, sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC, {}").format(public, grantee))
    _ddl(conn, sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(public, grantee))
    _hand_over(conn, owner)
    if conn.scalar(text("SELECT to_regclass('public.deployment_settings')")) is None:
        _migrate_as(conn, owner)
    previous = conn.scalar(
        text("SELECT value FROM deployment_settings WHERE key = :key"), {"key": APP_ROLE_KEY})
    if previous is not None and previous != app and ROLE_NAME_RE.fullmatch(str(previous)):
        _revoke_everything(conn, str(previous), database)
    conn.execute(text(
        "INSERT INTO deployment_settings (key, value) VALUES (:key, :value) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"),
        {"key": APP_ROLE_KEY, "value": app})
    apply_grants(conn)
    if borrowed:
        _ddl(conn, sql.SQL("REVOKE {} FROM CURRENT_USER").format(sql.Identifier(owner)))


def _ensure_role(conn: Connection, role: str, password: str | None) -> None:
    """Create or tighten a LOGIN role; refuse one that could bypass privileges altogether."""
    row = conn.execute(text(
        "SELECT rolsuper, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = :role"),
        {"role": role}).one_or_none()
    name = sql.Identifier(role)
    if row is None:
        _ddl(conn, sql.SQL(
            "CREATE ROLE {} LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
            "NOBYPASSRLS").format(name))
    elif any(row):
        raise PgRolesError(detail=(
            f"{role} is a superuser, replication or BYPASSRLS role; use another name"))
    else:
        _ddl(conn, sql.SQL("ALTER ROLE {} LOGIN NOINHERIT NOCREATEDB NOCREATEROLE").format(name))
    if password is not None:
        driver = _driver(conn)
        verifier = driver.pgconn.encrypt_password(
            password.encode("utf-8"), role.encode("utf-8"), b"scram-sha-256")
        _ddl(conn, sql.SQL("ALTER ROLE {} PASSWORD {}").format(
            name, sql.Literal(verifier.decode("ascii"))))


def _hand_over(conn: Connection, owner: str) -> None:
    """Make the owner role own every HallDesk object, so migrations keep working as the owner."""
    own = sql.Identifier(owner)
    # Tables first: that moves the sequences they own, which refuse to be moved on their own.
    for kinds in (("r", "p", "v", "m", "f"), ("S",)):
        for rel in _relations(conn):
            if rel.kind in kinds and rel.owner != owner:
                _ddl(conn, sql.SQL("ALTER {} {} OWNER TO {}").format(
                    sql.SQL(_ALTER_KEYWORD[rel.kind]), sql.Identifier(SCHEMA, rel.name), own))
    routines = conn.scalars(text(
        "SELECT format('%I.%I(%s)', n.nspname, p.proname, "
        "pg_get_function_identity_arguments(p.oid)) "
        "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = :schema AND pg_get_userbyid(p.proowner) <> :owner "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
        "AND d.objid = p.oid AND d.deptype = 'e')"), {"schema": SCHEMA, "owner": owner}).all()
    for signature in routines:  # quoted by the server's format('%I')
        _ddl(conn, sql.SQL("ALTER ROUTINE {} OWNER TO {}").format(sql.SQL(signature), own))
    types = conn.scalars(text(
        "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "LEFT JOIN pg_class c ON c.oid = t.typrelid "
        "WHERE n.nspname = :schema AND pg_get_userbyid(t.typowner) <> :owner "
        "AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c')) "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass "
        "AND d.objid = t.oid AND d.deptype = 'e')"), {"schema": SCHEMA, "owner": owner}).all()
    for type_name in types:
        _ddl(conn, sql.SQL("ALTER TYPE {} OWNER TO {}").format(
            sql.Identifier(SCHEMA, type_name), own))


def _migrate_as(conn: Connection, owner: str) -> None:
    """Create the schema of an empty database as the owner role, in this transaction."""
    _ddl(conn, sql.SQL("SET ROLE {}").format(sql.Identifier(owner)))
    cfg = schema.alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    _ddl(conn, sql.SQL("RESET ROLE"))


def _revoke_everything(conn: Connection, old_app: str, database: str) -> None:
    """The app role was renamed in deployment_settings: the old one must not keep its grants."""
    if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": old_app}) is None:
        return
    role = sql.Identifier(old_app)
    for rel in _relations(conn):
        kind = "SEQUENCE" if rel.kind == "S" else "TABLE"
        _ddl(conn, sql.SQL("REVOKE ALL ON {} {} FROM {}").format(
            sql.SQL(kind), sql.Identifier(SCHEMA, rel.name), role))
    _ddl(conn, sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(sql.Identifier(SCHEMA), role))
    _ddl(conn, sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(
        sql.Identifier(database), role))


# --- grants --------------------------------------------------------------------------------


def _check_app_role(conn: Connection, app: str, db_owner: str) -> None:
    """Grants to the app role mean nothing if it owns the data or can bypass privileges."""
    row = conn.execute(text(
        "SELECT rolsuper OR rolreplication OR rolbypassrls, "
        "EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid) "
        "FROM pg_roles r WHERE rolname = :app"), {"app": app}).one_or_none()
    if row is None:
        raise PgRolesError(detail=f"the app role {app} does not exist; run setup-roles")
    if app in (db_owner, conn.scalar(text("SELECT current_user"))):
        raise PgRolesError(detail=f"the app role {app} owns the database or runs the migration")
    if row[0]:
        raise PgRolesError(detail=f"the app role {app} is a superuser, replication or "
                                  "BYPASSRLS role")
    if row[1]:
        raise PgRolesError(detail=f"the app role {app} is a member of another role")


def _check_grantor(conn: Connection, db_owner: str) -> None:
    """GRANT and REVOKE by anyone else only warn and change nothing: refuse up front."""
    allowed = conn.scalar(text(
        "SELECT rolsuper OR pg_has_role(current_user, :owner, 'USAGE') FROM pg_roles "
        "WHERE rolname = current_user"), {"owner": db_owner})
    if not allowed:
        raise PgRolesError(detail=f"grants must be applied as the owner role {db_owner}")


def _relations(conn: Connection) -> list[_Relation]:
    """Tables, views and sequences of the HallDesk schema (objects of extensions excluded)."""
    rows = conn.execute(text(
        "SELECT c.relname, c.relkind::text, pg_get_userbyid(c.relowner) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
        "AND d.objid = c.oid AND d.deptype = 'e') ORDER BY c.relname"), {"schema": SCHEMA})
    return [_Relation(str(name), str(kind), str(owner)) for name, kind, owner in rows]


def _sequences_of(conn: Connection, tables: list[str]) -> list[str]:
    """Sequences behind serial and identity columns of these tables (needed to INSERT)."""
    if not tables:
        return []
    return list(conn.scalars(text(
        "SELECT DISTINCT s.relname FROM pg_class s "
        "JOIN pg_namespace n ON n.oid = s.relnamespace "
        "JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid "
        "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "WHERE s.relkind = 'S' AND n.nspname = :schema AND t.relname = ANY(:tables) "
        "ORDER BY 1"), {"schema": SCHEMA, "tables": tables}))


def _verify(conn: Connection, app: str, plan: dict[str, tuple[str, ...]]) -> None:
    """Check the effective privileges (PUBLIC and other grantors included) against the plan."""
    rows = conn.execute(text(
        "SELECT c.relname, c.relkind::text, p.priv FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "CROSS JOIN unnest(CAST(:privs AS text[])) AS p(priv) "
        "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND CASE "
        "WHEN p.priv IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') "
        "THEN has_any_column_privilege(CAST(:app AS name), c.oid, p.priv) "
        "ELSE has_table_privilege(CAST(:app AS name), c.oid, p.priv) END "
        "UNION ALL SELECT c.relname, 'S', p.priv FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "CROSS JOIN unnest(ARRAY['UPDATE']) AS p(priv) "
        "WHERE n.nspname = :schema AND c.relkind = 'S' "
        "AND has_sequence_privilege(CAST(:app AS name), c.oid, p.priv)"),
        {"privs": list(TABLE_PRIVILEGES), "schema": SCHEMA, "app": app})
    excess = sorted(f"{priv} on {name}" for name, kind, priv in rows
                    if kind == "S" or priv not in plan.get(name, ()))
    if excess:
        raise PgRolesError(detail=(
            f"{app} still holds {', '.join(excess)} (granted to PUBLIC or by another role?)"))


def _driver(conn: Connection) -> psycopg.Connection[Any]:
    driver = conn.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        raise PgRolesError(detail="PostgreSQL roles need the psycopg driver")
    return driver


def _ddl(conn: Connection, statement: sql.Composed | sql.SQL) -> None:
    """Run one composed statement on the driver, inside the caller's transaction.

    DDL cannot take bind parameters and SQLAlchemy's ``text()`` would read ``:x`` in a SCRAM
    verifier as a parameter; psycopg's composition quotes every name and literal instead.
    """
    _driver(conn).execute(statement)
