"""service guides: frequently asked questions as their own section; the hand-written conditions,
materials, procedure, time limit and enquiries texts go (the 办事指南 builds those from the case
kinds, the calls and the site's contacts)

Revision ID: content3_1
Revises: content2_1
Create Date: 2026-11-25 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "content3_1"
down_revision = "staffdesk_1"
branch_labels = None
depends_on = None

OLD_SECTIONS = ("conditions", "materials", "process", "time_limit", "contact")


def upgrade():
    with op.batch_alter_table("content_texts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("faq", sa.Text(), nullable=False, server_default=""))
        for name in OLD_SECTIONS:
            batch_op.drop_column(name)


def downgrade():
    with op.batch_alter_table("content_texts", schema=None) as batch_op:
        for name in OLD_SECTIONS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch_op.drop_column("faq")
