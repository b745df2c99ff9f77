"""Practice use counted apart: a nullable ``practice`` flag on each statistics event.

A staff practice session (``kiosk.flow.Flow.start_practice``) records its events with
``practice = 1``; the resident figures leave them out and show them separately. Rows
written before this revision have NULL (not practice). A column added, nothing rebuilt.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stats_event", sa.Column("practice", sa.Boolean, nullable=True))


def downgrade() -> None:
    op.drop_column("stats_event", "practice")
