"""Activities (HSDS service), where they happen (location) and when (schedule)."""

import uuid
from datetime import date, datetime, time

from sqlalchemy import Column, Float, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tarjotin.extensions import db
from tarjotin.models.text import TranslatedMixin
from tarjotin.timeutil import utcnow

# Tri-state answers: the fields that drive filters must say "not known" out loud.
YES, NO, UNKNOWN = "yes", "no", "unknown"
COST_FREE, COST_FEE = "free", "fee"
REGISTRATION_NONE, REGISTRATION_REQUIRED = "none", "required"


def _link_table(name, target):
    return Table(
        name,
        db.metadata,
        Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{target}_id", ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True),
    )


activity_theme = _link_table("activity_theme", "theme")
activity_target_group = _link_table("activity_target_group", "target_group")
activity_language = _link_table("activity_language", "language")


class Location(TranslatedMixin, db.Model):
    """A place where activities happen (HSDS location with its address and accessibility)."""

    __tablename__ = "location"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    name: Mapped[str] = mapped_column(String(200))
    street_address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="", server_default="")
    post_office: Mapped[str] = mapped_column(String(100), default="", server_default="")
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    step_free: Mapped[str] = mapped_column(String(8), default=UNKNOWN, server_default=UNKNOWN)
    accessibility_fi: Mapped[str | None] = mapped_column(Text)
    accessibility_sv: Mapped[str | None] = mapped_column(Text)
    accessibility_en: Mapped[str | None] = mapped_column(Text)

    area: Mapped["Area"] = relationship()  # noqa: F821

    def __repr__(self):
        return f"<Location {self.name}>"


class Activity(TranslatedMixin, db.Model):
    """Something a resident can take part in (HSDS service)."""

    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("step.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)

    name_fi: Mapped[str] = mapped_column(String(200))
    name_sv: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    summary_fi: Mapped[str] = mapped_column(String(500), default="", server_default="")
    summary_sv: Mapped[str | None] = mapped_column(String(500))
    summary_en: Mapped[str | None] = mapped_column(String(500))
    description_fi: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_sv: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)

    cost: Mapped[str] = mapped_column(String(8), default=UNKNOWN, server_default=UNKNOWN)
    cost_description_fi: Mapped[str | None] = mapped_column(String(500))
    cost_description_sv: Mapped[str | None] = mapped_column(String(500))
    cost_description_en: Mapped[str | None] = mapped_column(String(500))
    registration: Mapped[str] = mapped_column(String(8), default=UNKNOWN, server_default=UNKNOWN)
    registration_description_fi: Mapped[str | None] = mapped_column(String(500))
    registration_description_sv: Mapped[str | None] = mapped_column(String(500))
    registration_description_en: Mapped[str | None] = mapped_column(String(500))

    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    website: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None]
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]

    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None] = mapped_column(index=True)
    last_verified: Mapped[date | None]
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Derived from the schedule by tarjotin.catalogue.schedules so that weekday and
    # time-of-day filters are plain column tests: bit 0 is Monday; morning, afternoon, evening.
    weekday_mask: Mapped[int] = mapped_column(default=0, server_default="0")
    daytime_mask: Mapped[int] = mapped_column(default=0, server_default="0")

    organization: Mapped["Organization"] = relationship(  # noqa: F821
        back_populates="activities"
    )
    location: Mapped[Location | None] = relationship()
    step: Mapped["Step | None"] = relationship()  # noqa: F821
    themes: Mapped[list["Theme"]] = relationship(  # noqa: F821
        secondary=activity_theme, order_by="Theme.position"
    )
    target_groups: Mapped[list["TargetGroup"]] = relationship(  # noqa: F821
        secondary=activity_target_group, order_by="TargetGroup.position"
    )
    languages: Mapped[list["Language"]] = relationship(  # noqa: F821
        secondary=activity_language, order_by="Language.position"
    )
    weekly_slots: Mapped[list["WeeklySlot"]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        order_by="(WeeklySlot.weekday, WeeklySlot.start_time)",
    )
    sessions: Mapped[list["Session"]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        order_by="(Session.date, Session.start_time)",
    )
    cancellations: Mapped[list["Cancellation"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="Cancellation.date"
    )

    def __repr__(self):
        return f"<Activity {self.id} {self.name_fi}>"


class WeeklySlot(db.Model):
    """A recurring time: every ``interval`` weeks on ``weekday`` (0 is Monday)."""

    __tablename__ = "weekly_slot"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    start_time: Mapped[time]
    end_time: Mapped[time]
    interval: Mapped[int] = mapped_column(default=1, server_default="1")

    activity: Mapped[Activity] = relationship(back_populates="weekly_slots")


class Session(db.Model):
    """A dated one-off session of an activity."""

    __tablename__ = "activity_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]

    activity: Mapped[Activity] = relationship(back_populates="sessions")


class Cancellation(db.Model):
    """A date on which the weekly slots do not run (a holiday, a break)."""

    __tablename__ = "cancellation"
    __table_args__ = (UniqueConstraint("activity_id", "date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[date]
    note: Mapped[str | None] = mapped_column(String(200))

    activity: Mapped[Activity] = relationship(back_populates="cancellations")
