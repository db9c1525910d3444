"""themes: a municipality's draft and published theme; a patron's choice of the national look

Revision ID: 0005_themes
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from ebiblio_portal.models.meta import UTCDateTime

revision = "0005_themes"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "municipality_themes",
        sa.Column("municipality_code", sa.String(length=3), nullable=False),
        sa.Column("draft", sa.JSON(), nullable=True),
        sa.Column("published", sa.JSON(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("draft_saved_at", UTCDateTime(), nullable=True),
        sa.Column("draft_saved_by", sa.String(length=100), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("published_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_municipality_themes_municipality_code_municipalities"),
        ),
        sa.PrimaryKeyConstraint("municipality_code", name=op.f("pk_municipality_themes")),
    )
    with op.batch_alter_table("patrons") as batch:
        batch.add_column(sa.Column("national_theme", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("patrons") as batch:
        batch.drop_column("national_theme")
    op.drop_table("municipality_themes")
