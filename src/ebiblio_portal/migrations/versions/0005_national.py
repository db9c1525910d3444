"""national: fee rates by year; the audit log made append-only by triggers; sealed TOTP secrets of staff

Revision ID: 0005_national
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from ebiblio_portal.models.fees import DecimalText

revision = "0005_national"
down_revision = "0004"
branch_labels = None
depends_on = None

MESSAGE = "audit_log is append-only"


def upgrade():
    rates = op.create_table(
        "fee_rates",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rate", DecimalText(), nullable=False),
        sa.Column("billable_months", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_fee_rates")),
    )
    # 0.70 EUR per resident a year; the service opened on 23.4.2024, so 2024 is billed as eight months.
    op.bulk_insert(
        rates,
        [
            {"year": 2024, "rate": "0.70", "billable_months": 8},
            {"year": 2025, "rate": "0.70", "billable_months": None},
            {"year": 2026, "rate": "0.70", "billable_months": None},
        ],
    )
    with op.batch_alter_table("staff_users") as batch:
        batch.alter_column("totp_secret", type_=sa.String(length=255), existing_type=sa.String(length=64))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("totp_last_step")
        batch.alter_column("totp_secret", type_=sa.String(length=64), existing_type=sa.String(length=255))
    op.drop_table("fee_rates")
