"""date-effective content: publish_at, expire_at, replaced_by and an editor's note on content items

Revision ID: content_1
Revises: h1_case_rules
Create Date: 2026-11-25 15:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "content_1"
down_revision = "h1_case_rules"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("content_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("publish_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("expire_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("replaced_by", sa.String(length=80), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("editor_note", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("content_items", schema=None) as batch_op:
        batch_op.drop_column("editor_note")
        batch_op.drop_column("replaced_by")
        batch_op.drop_column("expire_at")
        batch_op.drop_column("publish_at")
