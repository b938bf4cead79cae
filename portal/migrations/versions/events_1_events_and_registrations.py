"""events, their registrations, and SMS verification codes

Revision ID: events_1
Revises: hardening_1
Create Date: 2026-11-25 16:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "events_1"
down_revision = "hardening_1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sms_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mobile", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_codes")),
    )
    with op.batch_alter_table("sms_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sms_codes_mobile"), ["mobile"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("online_url", sa.String(length=500), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("max_attendees", sa.Integer(), nullable=False),
        sa.Column("signup_opens_at", sa.DateTime(), nullable=False),
        sa.Column("signup_closes_at", sa.DateTime(), nullable=False),
        sa.Column("cancel_hours_before", sa.Integer(), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("gives_certificate", sa.Boolean(), nullable=False),
        sa.Column("training_hours", sa.Integer(), nullable=False),
        sa.Column("notice_slug", sa.String(length=80), nullable=True),
        sa.Column("seat_changes", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('publicity_day','training','seminar','school')", name=op.f("ck_events_kind")),
        sa.CheckConstraint("status IN ('draft','published','cancelled')", name=op.f("ck_events_status")),
        sa.CheckConstraint("audience IN ('firms','public')", name=op.f("ck_events_audience")),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_events_capacity")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_events_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_status_starts", ["status", "starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_notice_slug"), ["notice_slug"], unique=False)

    op.create_table(
        "event_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("attendee_names", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("firm_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("mobile", sa.String(length=20), nullable=False),
        sa.Column("walk_in", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("promoted_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(), nullable=True),
        sa.Column("checked_in_by_id", sa.Integer(), nullable=True),
        sa.Column("certificate_code", sa.String(length=16), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('confirmed','waiting','cancelled')", name=op.f("ck_event_registrations_status")),
        sa.CheckConstraint("seats >= 1", name=op.f("ck_event_registrations_seats")),
        sa.CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name=op.f("ck_event_registrations_rating")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_registrations_event_id_events")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_event_registrations_user_id_users")),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_event_registrations_firm_id_firms")),
        sa.ForeignKeyConstraint(
            ["checked_in_by_id"], ["users.id"], name=op.f("fk_event_registrations_checked_in_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_registrations")),
        sa.UniqueConstraint("code", name=op.f("uq_event_registrations_code")),
        sa.UniqueConstraint("certificate_code", name=op.f("uq_event_registrations_certificate_code")),
    )
    with op.batch_alter_table("event_registrations", schema=None) as batch_op:
        batch_op.create_index("ix_event_registrations_event_status", ["event_id", "status", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registrations_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registrations_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registrations_firm_id"), ["firm_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registrations_mobile"), ["mobile"], unique=False)


def downgrade():
    op.drop_table("event_registrations")
    op.drop_table("events")
    op.drop_table("sms_codes")
