"""circulation: notices that could not be sent, for the tick to try again

Revision ID: 0005_circulation_perf
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from ebiblio_portal.models.meta import UTCDateTime

revision = "0005_circulation_perf"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "unsent_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("subject_at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unsent_notices")),
    )
    op.create_index("ix_unsent_notices_status_next", "unsent_notices", ["status", "next_attempt_at"])


def downgrade():
    op.drop_index("ix_unsent_notices_status_next", table_name="unsent_notices")
    op.drop_table("unsent_notices")
