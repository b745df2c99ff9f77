"""The outbox: submissions, delivery attempts and key-value facts.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("journey_id", sa.String(120), nullable=False),
        sa.Column("journey_version", sa.String(40), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("assisted", sa.Boolean, nullable=False),
        sa.Column("kiosk_id", sa.String(120), nullable=False),
        sa.Column("created_utc", sa.String(32), nullable=False),
        sa.Column("updated_utc", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("bad_request_count", sa.Integer, nullable=False),
        sa.Column("next_attempt_utc", sa.String(32), nullable=True),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_expires_utc", sa.String(32), nullable=True),
        sa.Column("last_error_class", sa.String(64), nullable=True),
        sa.Column("last_http_status", sa.Integer, nullable=True),
        sa.Column("staff_note", sa.Text, nullable=True),
        sa.Column("remote_id", sa.String(200), nullable=True),
        sa.Column("remote_token", sa.String(200), nullable=True),
        sa.Column("service_notice", sa.Text, nullable=True),
        sa.Column("destination", sa.String(120), nullable=True),
        sa.Column("delivered_utc", sa.String(32), nullable=True),
        sa.Column("payload", sa.LargeBinary, nullable=True),
        sa.Column("payload_sha256", sa.String(64), nullable=False),
        sa.CheckConstraint(
            "state IN ('queued','sending','delivered','retrying','rejected','withdrawn')",
            name="ck_submission_state",
        ),
    )
    op.create_index("ix_submission_due", "submission", ["state", "next_attempt_utc", "seq"])
    op.create_table(
        "attempt",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "submission_id",
            sa.String(36),
            sa.ForeignKey("submission.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at_utc", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("http_status", sa.Integer, nullable=True),
        sa.Column("error_class", sa.String(64), nullable=True),
        sa.Column("destination", sa.String(120), nullable=True),
    )
    op.create_index("ix_attempt_submission_id", "attempt", ["submission_id"])
    op.create_table(
        "kv",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_utc", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kv")
    op.drop_index("ix_attempt_submission_id", "attempt")
    op.drop_table("attempt")
    op.drop_index("ix_submission_due", "submission")
    op.drop_table("submission")
