"""several users per firm (invitations, the applicant role), verified mobile numbers, codes mailed to a
new address, firm name corrections confirmed by staff, notification channels per user and kind, the
action named in a notification, SMS to named reporters

Revision ID: firmusers_1
Revises: content2_1
Create Date: 2026-11-25 18:25:57.686682

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "firmusers_1"
down_revision = "content3_1"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('firm','reviewer','supervisor','editor','admin','expert')"
ROLES_AFTER = "role IN ('firm','firm_applicant','reviewer','supervisor','editor','admin','expert')"


def upgrade():
    op.create_table(
        "email_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_email_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_codes")),
    )
    with op.batch_alter_table("email_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_codes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "firm_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("old_name", sa.String(length=200), nullable=False),
        sa.Column("new_name", sa.String(length=200), nullable=False),
        sa.Column("licence_stored_name", sa.String(length=64), nullable=False),
        sa.Column("licence_original_name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_note", sa.String(length=500), nullable=True),
        sa.CheckConstraint("status IN ('pending','confirmed','refused')", name=op.f("ck_firm_corrections_status")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_firm_corrections_decided_by_id_users")),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_firm_corrections_firm_id_firms")),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_firm_corrections_requested_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firm_corrections")),
    )
    with op.batch_alter_table("firm_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_firm_corrections_firm_id"), ["firm_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_firm_corrections_status"), ["status"], unique=False)

    op.create_table(
        "firm_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_user_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('firm','firm_applicant')", name=op.f("ck_firm_invitations_role")),
        sa.ForeignKeyConstraint(
            ["accepted_user_id"], ["users.id"], name=op.f("fk_firm_invitations_accepted_user_id_users")
        ),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_firm_invitations_firm_id_firms")),
        sa.ForeignKeyConstraint(["invited_by_id"], ["users.id"], name=op.f("fk_firm_invitations_invited_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firm_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_firm_invitations_token_hash")),
    )
    with op.batch_alter_table("firm_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_firm_invitations_firm_id"), ["firm_id"], unique=False)

    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("in_app", sa.Boolean(), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("sms", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notification_preferences_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_kind"),
    )
    with op.batch_alter_table("notification_preferences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_preferences_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("detail", sa.Text(), nullable=True))

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notify_sms", sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mobile_verified_at", sa.DateTime(), nullable=True))
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", ROLES_AFTER)


def downgrade():
    op.execute("UPDATE users SET role = 'firm' WHERE role = 'firm_applicant'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.create_check_constraint("role", ROLES_BEFORE)
        batch_op.drop_column("mobile_verified_at")

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("notify_sms")

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("detail")

    with op.batch_alter_table("notification_preferences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_preferences_user_id"))

    op.drop_table("notification_preferences")
    with op.batch_alter_table("firm_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_firm_invitations_firm_id"))

    op.drop_table("firm_invitations")
    with op.batch_alter_table("firm_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_firm_corrections_status"))
        batch_op.drop_index(batch_op.f("ix_firm_corrections_firm_id"))

    op.drop_table("firm_corrections")
    with op.batch_alter_table("email_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_codes_user_id"))

    op.drop_table("email_codes")
