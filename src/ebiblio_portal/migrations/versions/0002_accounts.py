"""accounts: login sessions, passkeys, rate limits, pending challenges

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import ebiblio_portal.models.meta

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC = ebiblio_portal.models.meta.UTCDateTime


def upgrade():
    op.create_table(
        "auth_challenges",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_challenges")),
    )
    op.create_index(op.f("ix_auth_challenges_created_at"), "auth_challenges", ["created_at"], unique=False)
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", UTC(timezone=True), nullable=False),
        sa.Column("locked_until", UTC(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limits")),
    )
    op.create_index(op.f("ix_rate_limits_locked_until"), "rate_limits", ["locked_until"], unique=False)
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("last_seen_at", UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_login_sessions_patron_id_patrons"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_users.id"], name=op.f("fk_login_sessions_staff_id_staff_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
    )
    op.create_index(op.f("ix_login_sessions_last_seen_at"), "login_sessions", ["last_seen_at"], unique=False)
    op.create_index(op.f("ix_login_sessions_patron_id"), "login_sessions", ["patron_id"], unique=False)
    op.create_index(op.f("ix_login_sessions_staff_id"), "login_sessions", ["staff_id"], unique=False)
    op.create_table(
        "passkeys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.String(length=1400), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("last_used_at", UTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_passkeys_patron_id_patrons"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passkeys")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_passkeys_credential_id")),
    )
    op.create_index(op.f("ix_passkeys_patron_id"), "passkeys", ["patron_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_passkeys_patron_id"), table_name="passkeys")
    op.drop_table("passkeys")
    op.drop_index(op.f("ix_login_sessions_staff_id"), table_name="login_sessions")
    op.drop_index(op.f("ix_login_sessions_patron_id"), table_name="login_sessions")
    op.drop_index(op.f("ix_login_sessions_last_seen_at"), table_name="login_sessions")
    op.drop_table("login_sessions")
    op.drop_index(op.f("ix_rate_limits_locked_until"), table_name="rate_limits")
    op.drop_table("rate_limits")
    op.drop_index(op.f("ix_auth_challenges_created_at"), table_name="auth_challenges")
    op.drop_table("auth_challenges")
