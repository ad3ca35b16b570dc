"""Addresses searched in a normal form: ``accounts.address_key`` with its trigram index.

Stored addresses have a space clerks do not type (``康乐苑 27栋5单元``), and an input method
may type full-width digits or 幢 for 栋: a LIKE on the address as stored found none of these.
``address_key`` holds the address in the normal form of ``app/addresses.py`` (the service
and the demo write it with the address; here it is computed for the rows there are), and the
trigram index moves from ``address`` to it. pg_trgm is used where migration 0006 found or
created it, a plain index stands in otherwise (as there). SQLite rebuilds the table to make
the column NOT NULL; its index is an empty partial one, as before.

Revision ID: 0008_address_key
Revises: 0007_ledger_payment_lookups
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from app.addresses import address_key

revision: str = "0008_address_key"
down_revision: str | None = "0007_ledger_payment_lookups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def _trigram_index(name: str, column: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.create_index(name, "accounts", [column], sqlite_where=sa.text("0"))
        return
    found = bind.execute(sa.text(
        "SELECT n.nspname, has_schema_privilege(n.oid, 'USAGE') FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")).first()
    if found is not None and found[1]:
        opclass = f"{bind.dialect.identifier_preparer.quote(str(found[0]))}.gin_trgm_ops"
        op.create_index(name, "accounts", [column], postgresql_using="gin",
                        postgresql_ops={column: opclass})
    else:
        op.create_index(name, "accounts", [column])


def _fill_keys() -> None:
    """Each distinct address's key once (a flat's gas and heating accounts share one), then
    one UPDATE joining them: a million accounts in one pass of the table."""
    bind = op.get_bind()
    bind.execute(sa.text("CREATE TEMPORARY TABLE address_keys "
                         "(address VARCHAR(200) PRIMARY KEY, address_key TEXT NOT NULL)"))
    insert = sa.text("INSERT INTO address_keys (address, address_key) VALUES (:a, :k)")
    rows = bind.execute(sa.text("SELECT DISTINCT address FROM accounts"))
    while chunk := rows.fetchmany(BATCH):
        bind.execute(insert, [{"a": r[0], "k": address_key(r[0])} for r in chunk])
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("UPDATE accounts SET address_key = k.address_key "
                             "FROM address_keys k WHERE k.address = accounts.address"))
    else:
        bind.execute(sa.text("UPDATE accounts SET address_key = (SELECT k.address_key "
                             "FROM address_keys k WHERE k.address = accounts.address)"))
    bind.execute(sa.text("DROP TABLE address_keys"))


def upgrade() -> None:
    op.drop_index("ix_accounts_address_trgm", table_name="accounts")
    op.add_column("accounts", sa.Column("address_key", sa.Text(), nullable=True))
    _fill_keys()
    with op.batch_alter_table("accounts") as batch:
        batch.alter_column("address_key", existing_type=sa.Text(), nullable=False)
    _trigram_index("ix_accounts_address_key_trgm", "address_key")


def downgrade() -> None:
    op.drop_index("ix_accounts_address_key_trgm", table_name="accounts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("address_key")
    _trigram_index("ix_accounts_address_trgm", "address")
