"""join the guidance and cases branches

Revision ID: d1_merge
Revises: b1_guidance, c1_cases
"""

revision = "d1_merge"
down_revision = ("b1_guidance", "c1_cases")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
