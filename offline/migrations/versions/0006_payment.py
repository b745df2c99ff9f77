"""The payment table: what a booking costs and whether it is paid (GOV.UK Pay, the counter).

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment",
        sa.Column("submission_id", sa.String(36), sa.ForeignKey("submission.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("way", sa.String(8), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("amount_pence", sa.Integer, nullable=False),
        sa.Column("holds_booking", sa.Boolean, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("description", sa.String(255), nullable=False),
        sa.Column("idempotency_key", sa.String(36)),
        sa.Column("pay_id", sa.String(64)),
        sa.Column("next_url", sa.Text),
        sa.Column("old_pay_ids", sa.Text, nullable=False),
        sa.Column("failure_code", sa.String(16)),
        sa.Column("till_receipt", sa.String(64)),
        sa.Column("created_utc", sa.String(32), nullable=False),
        sa.Column("updated_utc", sa.String(32), nullable=False),
        sa.CheckConstraint(
            "state IN ('due','creating','created','link_sent','paid','failed','expired','cancelled')",
            name="ck_payment_state"),
        sa.CheckConstraint("way IN ('phone','text','counter')", name="ck_payment_way"),
    )
    op.create_index("ix_payment_state", "payment", ["state"])


def downgrade() -> None:
    op.drop_index("ix_payment_state", "payment")
    op.drop_table("payment")
