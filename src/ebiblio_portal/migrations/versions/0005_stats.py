"""stats: anonymous patron events, monthly counts and their high-water marks; patrons' active month; sync requests

Revision ID: 0005_stats
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from ebiblio_portal.models.meta import UTCDateTime

revision = "0005_stats"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "patron_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("municipality_code", sa.String(length=3), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patron_events")),
    )
    op.create_table(
        "stats_monthly",
        sa.Column("municipality_code", sa.String(length=3), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("vendor_name", sa.String(length=50), nullable=False),
        sa.Column("medium", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "municipality_code", "month", "kind", "vendor_name", "medium", "language", name=op.f("pk_stats_monthly")
        ),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_stats_monthly_rollup",
        "stats_monthly",
        ["vendor_name", "language", "medium", "month", "municipality_code", "kind", "count"],
    )
    op.create_table(
        "stats_title_loans",
        sa.Column("municipality_code", sa.String(length=3), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_code", "month", "publication_id", name=op.f("pk_stats_title_loans")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_stats_title_loans_month_count", "stats_title_loans", ["municipality_code", "month", "count"])
    op.create_table(
        "stats_marks",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_stats_marks")),
    )
    with op.batch_alter_table("patrons") as batch:
        batch.add_column(sa.Column("active_month", sa.String(length=7), nullable=True))
    with op.batch_alter_table("vendors") as batch:
        batch.add_column(sa.Column("sync_requested_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("sync_requested_by", sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table("vendors") as batch:
        batch.drop_column("sync_requested_by")
        batch.drop_column("sync_requested_at")
    with op.batch_alter_table("patrons") as batch:
        batch.drop_column("active_month")
    op.drop_table("stats_marks")
    op.drop_index("ix_stats_title_loans_month_count", table_name="stats_title_loans")
    op.drop_table("stats_title_loans")
    op.drop_index("ix_stats_monthly_rollup", table_name="stats_monthly")
    op.drop_table("stats_monthly")
    op.drop_table("patron_events")
