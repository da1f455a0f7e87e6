"""Organisations that offer activities: the city, parishes, associations, companies …"""

import uuid
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tarjotin.extensions import db
from tarjotin.models.text import TranslatedMixin
from tarjotin.timeutil import utcnow

ORGANIZATION_KINDS = ("city", "parish", "association", "company", "school", "public", "other")


class Organization(TranslatedMixin, db.Model):
    """An organiser (HSDS organization)."""

    __tablename__ = "organization"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable public id, kept across export and import (HSDS ids are UUIDs).
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    name_fi: Mapped[str] = mapped_column(String(200))
    name_sv: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="other", server_default="other")
    description_fi: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_sv: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    activities: Mapped[list["Activity"]] = relationship(  # noqa: F821
        back_populates="organization"
    )

    def __repr__(self):
        return f"<Organization {self.name_fi}>"
