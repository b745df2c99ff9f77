"""The ``unconfirmed`` state (a 2xx that named no record), the server's own reason, and when
an item became unconfirmed.

The state's CHECK constraint is widened in place, by SQLite's documented procedure for
changing a constraint that no stored row can break (sqlite.org/lang_altertable.html §7):
rebuilding the table instead would, with foreign keys on, cascade-delete the attempt log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OLD = "'rejected','withdrawn')"
_NEW = "'rejected','withdrawn','unconfirmed')"


def _edit_check(old: str, new: str) -> None:
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'submission'",
        (old, new),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version or 0) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")


def upgrade() -> None:
    op.add_column("submission", sa.Column("server_reason", sa.Text, nullable=True))
    op.add_column("submission", sa.Column("unconfirmed_utc", sa.String(32), nullable=True))
    _edit_check(_OLD, _NEW)


def downgrade() -> None:
    op.execute("UPDATE submission SET state = 'retrying' WHERE state = 'unconfirmed'")
    _edit_check(_NEW, _OLD)
    op.drop_column("submission", "unconfirmed_utc")
    op.drop_column("submission", "server_reason")
