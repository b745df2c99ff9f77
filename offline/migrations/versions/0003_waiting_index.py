"""The sender walks waiting items in seq order through a partial index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_submission_due", "submission")
    op.create_index(
        "ix_submission_waiting", "submission", ["seq"],
        sqlite_where=sa.text("state IN ('queued', 'retrying')"),
    )


def downgrade() -> None:
    op.drop_index("ix_submission_waiting", "submission")
    op.create_index("ix_submission_due", "submission", ["state", "next_attempt_utc", "seq"])
