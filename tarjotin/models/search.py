"""What search keeps in the database: the change log the indexes follow, and misses."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tarjotin.extensions import db
from tarjotin.timeutil import utcnow


class SearchChange(db.Model):
    """An activity whose index document may have changed, written in the changing transaction.

    Every server process's index applies the rows it has not applied yet. There is no
    foreign key: the activity may be gone, which is itself the change.
    """

    __tablename__ = "search_change"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    activity_id: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ZeroResultSearch(db.Model):
    """How many times on ``day`` a search in ``language`` found nothing. No personal data."""

    __tablename__ = "zero_result_search"
    __table_args__ = (UniqueConstraint("query", "language", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(8))
    day: Mapped[date] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(default=1, server_default="1")
