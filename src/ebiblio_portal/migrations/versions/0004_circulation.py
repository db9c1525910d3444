"""circulation: statistics events without patron identifiers; when a loan's end was reminded

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from ebiblio_portal.models.meta import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "circulation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=True),
        sa.Column("vendor_name", sa.String(length=50), nullable=False),
        sa.Column("medium", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("municipality_code", sa.String(length=3), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circulation_events")),
    )
    op.create_index("ix_circulation_events_kind_at", "circulation_events", ["kind", "at"])
    op.create_index(op.f("ix_circulation_events_publication_id"), "circulation_events", ["publication_id"])
    with op.batch_alter_table("loans") as batch:
        batch.add_column(sa.Column("reminded_at", UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("loans") as batch:
        batch.drop_column("reminded_at")
    op.drop_index(op.f("ix_circulation_events_publication_id"), table_name="circulation_events")
    op.drop_index("ix_circulation_events_kind_at", table_name="circulation_events")
    op.drop_table("circulation_events")
