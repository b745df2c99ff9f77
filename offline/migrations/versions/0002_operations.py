"""Operations: help requests, statistics events, learner progress and the Open311 catalogue cache.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "help_request",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_utc", sa.String(32), nullable=False),
        sa.Column("updated_utc", sa.String(32), nullable=False),
        sa.Column("screen", sa.String(120), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
    )
    op.create_table(
        "stats_event",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("at_utc", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("journey_id", sa.String(120), nullable=True),
        sa.Column("page", sa.String(120), nullable=True),
        sa.Column("detail", sa.String(200), nullable=True),
        sa.Column("session_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_stats_day_kind", "stats_event", ["day", "kind"])
    op.create_table(
        "learner_progress",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("created_utc", sa.String(32), nullable=False),
        sa.Column("updated_utc", sa.String(32), nullable=False),
        sa.Column("progress_json", sa.Text, nullable=False),
    )
    op.create_table(
        "catalogue_entry",
        sa.Column("destination", sa.String(120), primary_key=True),
        sa.Column("service_code", sa.String(200), primary_key=True),
        sa.Column("service_json", sa.Text, nullable=False),
        sa.Column("definition_json", sa.Text, nullable=True),
        sa.Column("fetched_utc", sa.String(32), nullable=False),
        sa.Column("missed_refreshes", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("catalogue_entry")
    op.drop_table("learner_progress")
    op.drop_index("ix_stats_day_kind", "stats_event")
    op.drop_table("stats_event")
    op.drop_table("help_request")
