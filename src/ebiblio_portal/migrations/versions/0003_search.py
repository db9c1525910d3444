"""search: documents, vocabulary, popularity, and the full-text part of each database

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Analysed tokens go in as they are: split on spaces only, no case or diacritic changes ('_' joins prefixes).
FTS5 = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "terms, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\", detail = none)"
)


def upgrade():
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("popularity", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "search_documents",
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("docid", sa.BigInteger(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("media", sa.Integer(), nullable=False),
        sa.Column("origins", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("popularity", sa.Integer(), nullable=False),
        sa.Column("sort_key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_search_documents_work_id_works"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("work_id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("docid", name=op.f("uq_search_documents_docid")),
    )
    op.create_table(
        "search_terms",
        sa.Column("term", sa.String(length=60), nullable=False),
        sa.Column("frequency", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_search_terms")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS5)
    else:
        op.execute("ALTER TABLE search_documents ADD COLUMN document tsvector")
        op.execute("CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_terms")
    op.drop_table("search_documents")
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("popularity")
