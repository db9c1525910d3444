"""stats speed: covering indexes for the most borrowed titles (monthly leaders, the candidates' sums)

Revision ID: 0006_stats_speed
Revises: 0005_stats
"""

from alembic import op

revision = "0006_stats_speed"
down_revision = "0005_stats"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_stats_title_loans_month_count", table_name="stats_title_loans")
    op.create_index(
        "ix_stats_title_loans_leaders", "stats_title_loans", ["municipality_code", "month", "count", "publication_id"]
    )
    op.create_index(
        "ix_stats_title_loans_title", "stats_title_loans", ["municipality_code", "publication_id", "month", "count"]
    )


def downgrade():
    op.drop_index("ix_stats_title_loans_title", table_name="stats_title_loans")
    op.drop_index("ix_stats_title_loans_leaders", table_name="stats_title_loans")
    op.create_index("ix_stats_title_loans_month_count", "stats_title_loans", ["municipality_code", "month", "count"])
