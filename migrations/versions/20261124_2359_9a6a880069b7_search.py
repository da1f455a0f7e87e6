"""Add the search change log and the count of searches that found nothing.

Revision ID: 9a6a880069b7
Revises: 26df38916d6c
Create Date: 2026-11-24 23:59:05.070968

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9a6a880069b7"
down_revision = "26df38916d6c"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_change",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_change")),
    )
    op.create_table(
        "zero_result_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zero_result_search")),
        sa.UniqueConstraint("query", "language", "day", name=op.f("uq_zero_result_search_query")),
    )
    with op.batch_alter_table("zero_result_search", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_zero_result_search_day"), ["day"], unique=False)


def downgrade():
    with op.batch_alter_table("zero_result_search", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_zero_result_search_day"))

    op.drop_table("zero_result_search")
    op.drop_table("search_change")
