"""The hall display's scrolling notice, set by the hall manager.

Revision ID: 0004_display_notice
Revises: 0003_change_counters
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_display_notice"
down_revision: str | None = "0003_change_counters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("halls") as batch:
        batch.add_column(sa.Column("display_notice", sa.String(200), nullable=False,
                                   server_default=sa.text("''")))


def downgrade() -> None:
    with op.batch_alter_table("halls") as batch:
        batch.drop_column("display_notice")
