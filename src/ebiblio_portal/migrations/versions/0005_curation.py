"""curation: who changed picks and tips and when, page status, patrons' wishes

Revision ID: 0005_curation
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from ebiblio_portal.models.meta import UTCDateTime

revision = "0005_curation"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("curated_lists") as batch:
        batch.add_column(sa.Column("updated_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("updated_at", UTCDateTime(), nullable=True))
        batch.create_foreign_key(op.f("fk_curated_lists_updated_by_staff_users"), "staff_users", ["updated_by"], ["id"])
    with op.batch_alter_table("book_tips") as batch:
        batch.add_column(sa.Column("created_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("updated_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("content_pages") as batch:
        batch.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="draft"))
        batch.add_column(sa.Column("updated_at", UTCDateTime(), nullable=True))
    op.create_table(
        "patron_wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=3), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_patron_wishes_patron_id_patrons"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_patron_wishes_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["staff_users.id"], name=op.f("fk_patron_wishes_answered_by_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patron_wishes")),
    )
    op.create_index(
        "ix_patron_wishes_municipality_status_created",
        "patron_wishes",
        ["municipality_code", "status", "created_at"],
    )
    op.create_index("ix_patron_wishes_patron_created", "patron_wishes", ["patron_id", "created_at"])


def downgrade():
    op.drop_index("ix_patron_wishes_patron_created", table_name="patron_wishes")
    op.drop_index("ix_patron_wishes_municipality_status_created", table_name="patron_wishes")
    op.drop_table("patron_wishes")
    with op.batch_alter_table("content_pages") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("status")
    with op.batch_alter_table("book_tips") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("created_at")
    with op.batch_alter_table("curated_lists") as batch:
        batch.drop_constraint(op.f("fk_curated_lists_updated_by_staff_users"), type_="foreignkey")
        batch.drop_column("updated_at")
        batch.drop_column("updated_by")
