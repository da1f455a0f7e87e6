"""The controlled vocabularies: steps, areas, themes, target groups and languages.

They are data, seeded from seeds/ and editable by a coordinator, never hard-coded in views.
"""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tarjotin.extensions import db
from tarjotin.models.text import TranslatedMixin


class Term(TranslatedMixin):
    """Columns every vocabulary shares: a stable code, a name per language, an order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_fi: Mapped[str] = mapped_column(String(200))
    name_sv: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self):
        return f"<{type(self).__name__} {self.code}>"


class Step(Term, db.Model):
    """One of the five steps; every published activity sits on exactly one."""

    __tablename__ = "step"
    number: Mapped[int] = mapped_column(unique=True)
    # A few words that say what the step is for ("Tule mukaan").
    tagline_fi: Mapped[str] = mapped_column(String(200), default="", server_default="")
    tagline_sv: Mapped[str | None] = mapped_column(String(200))
    tagline_en: Mapped[str | None] = mapped_column(String(200))
    # A plain-language paragraph for residents.
    description_fi: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_sv: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)


class Area(Term, db.Model):
    """A municipality, or a district inside one."""

    __tablename__ = "area"
    kind: Mapped[str] = mapped_column(String(16))  # municipality | district
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    parent: Mapped["Area | None"] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list["Area"]] = relationship(back_populates="parent", order_by="Area.position")

    MUNICIPALITY = "municipality"
    DISTRICT = "district"

    @property
    def municipality(self):
        return self.parent if self.parent_id else self


class Theme(Term, db.Model):
    """What an activity is about: nature, movement, culture, guidance …"""

    __tablename__ = "theme"


class TargetGroup(Term, db.Model):
    """Whom an activity is meant for: young adults, women, immigrants …"""

    __tablename__ = "target_group"


class Language(Term, db.Model):
    """A language an activity is run in; ``code`` is ISO 639-1 where one exists."""

    __tablename__ = "language"
