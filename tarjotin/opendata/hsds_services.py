"""Map one HSDS service, with what hangs on it, to the values of a tarjotin activity.

Part of the import (``hsds_import``): schedules become weekly slots and dated sessions in
the region's time, the contact, costs, languages and tags are read, the location is
looked up, and the status decided, with the reasons an activity must wait for review.
"""

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tarjotin.catalogue.lifecycle import ARCHIVED, PUBLISHED, SUBMITTED
from tarjotin.models import Activity, Cancellation
from tarjotin.models.activity import (
    COST_FEE,
    COST_FREE,
    REGISTRATION_NONE,
    REGISTRATION_REQUIRED,
    UNKNOWN,
)
from tarjotin.opendata.hsds_values import (
    KEEP,
    extension,
    iso_date,
    set_translated,
    text,
    too_long,
    whole,
)
from tarjotin.opendata.profile import (
    TIMEZONE,
    WEEKDAYS,
    X_CANCELLATIONS,
    X_CAPACITY,
    X_REGISTRATION,
    X_SUMMARY,
    X_TIMEZONE,
    X_VALID_FROM,
    X_VALID_UNTIL,
)
from tarjotin.timeutil import region_today

REGION_TZ = ZoneInfo(TIMEZONE)
SERVICE_STATUSES = {
    "active": PUBLISHED,
    "temporarily closed": SUBMITTED,
    "inactive": ARCHIVED,
    "defunct": ARCHIVED,
}
_SERVICE_TEXTS = {
    "name": "name",
    X_SUMMARY: "summary",
    "description": "description",
    "fees_description": "cost_description",
    "application_process": "registration_description",
}
_UNSUPPORTED_RULE_PARTS = ("byweekno", "bymonthday", "byyearday")
_NOTE_LENGTH = Cancellation.__table__.c.note.type.length
_EPOCH_MONDAY = date(1970, 1, 5)


class ServicePlanner:
    """Map one service (with its schedules, contact, costs, tags …) to an activity's values."""

    def __init__(self, planner, row, current, refused_locations):
        self.planner = planner
        self.row = row
        self.id = row["id"]
        self.current = current
        self.refused_locations = refused_locations
        self.profile = planner.profile
        self.review = []
        self.problem = ""  # why the service cannot be taken at all
        self.steps = []
        self.links = planner.kids("service_at_location", "service_id", self.id)

    def fail(self, message):
        self.planner.fail(f"service {self.id!r}: {message}")

    def gives(self, key):
        """Tell whether the file says what the service's ``key`` list holds (new: all)."""
        return self.current is None or self.planner.gives("service", self.id, key)

    def ignore(self, what):
        self.planner.ignored[what] += 1

    def children(self, table):
        """Rows of ``table`` that belong to the service, directly or through its locations."""
        rows = list(self.planner.kids(table, "service_id", self.id))
        for link in self.links:
            rows += [
                row
                for row in self.planner.kids(table, "service_at_location_id", link["id"])
                if not row.get("service_id")
            ]
        return rows

    def plan(self):
        row = self.row
        values = {
            "name_fi": text(row.get("name")),
            "description_fi": text(row.get("description")) or "",
            "website": text(row.get("url")),
            "cost_description_fi": text(row.get("fees_description")),
            "registration_description_fi": text(row.get("application_process")),
            "min_age": whole(row.get("minimum_age")),
            "max_age": whole(row.get("maximum_age")),
            "last_verified": iso_date(row.get("assured_date")),
        }
        if row.get("assured_date") and values["last_verified"] is None:
            self.ignore("service.assured_date that is no date, left out")
        summary = extension(row, X_SUMMARY, self.profile, "")
        if summary is not KEEP:
            values["summary_fi"] = text(summary) or ""
        set_translated(values, row, _SERVICE_TEXTS, self.profile)
        self._contact(values)
        self._cost(values)
        self._extensions(values)
        self._schedules(values)
        self._languages(values)
        self._tags(values)
        self._location(values)
        self._status(values)
        if not values["name_fi"]:
            return None, "", "it has no name"
        problem = too_long(Activity, values) or self.problem
        status = values.get("status", self.current and self.current.status)
        review = "; ".join(self.review) if status == SUBMITTED else ""
        return values, review, problem

    def _contact(self, values):
        if not (self.gives("contacts") or self.gives("phones")):
            return
        contacts = self.children("contact")
        contact = contacts[0] if contacts else {}
        if len(contacts) > 1:
            self.ignore("service: contacts after the first, left out")
        phones = self.children("phone")
        if contact:
            phones = self.planner.kids("phone", "contact_id", contact["id"]) + phones
        values["contact_name"] = text(contact.get("name"))
        values["contact_email"] = text(contact.get("email")) or text(self.row.get("email"))
        values["contact_phone"] = text(phones[0].get("number")) if phones else None

    def _cost(self, values):
        if not self.gives("cost_options"):
            return
        options = self.children("cost_option")
        if options and all(option.get("amount") == 0 for option in options):
            values["cost"] = COST_FREE
        elif options or (values["cost_description_fi"] and not self.profile):
            values["cost"] = COST_FEE
        else:
            values["cost"] = UNKNOWN

    def _extensions(self, values):
        row = self.row
        registration = extension(row, X_REGISTRATION, self.profile, UNKNOWN)
        if registration in (REGISTRATION_NONE, REGISTRATION_REQUIRED, UNKNOWN):
            values["registration"] = registration
        elif registration is not KEEP:
            self.fail(f"{X_REGISTRATION} must be none, required or unknown")
        elif self.current is None:
            values["registration"] = UNKNOWN
        capacity = extension(row, X_CAPACITY, self.profile, None)
        if capacity is None or (whole(capacity) or 0) >= 1:
            values["capacity"] = whole(capacity)
        elif capacity is not KEEP:
            self.fail(f"{X_CAPACITY} must be a whole number above 0")
        cancellations = extension(row, X_CANCELLATIONS, self.profile, [])
        if cancellations is not KEEP:
            values["cancellations"] = self._cancellations(cancellations)

    def _cancellations(self, items):
        found = {}
        for item in items if isinstance(items, list) else [None]:
            day = iso_date(item.get("date")) if isinstance(item, dict) else None
            note = item.get("note") if isinstance(item, dict) else None
            if day is None or not (note is None or isinstance(note, str)):
                self.fail(f"{X_CANCELLATIONS} must be a list of {{date, note}}")
                return ()
            if note and len(note) > _NOTE_LENGTH:
                self.problem = f"a cancellation note is longer than {_NOTE_LENGTH} characters"
            found.setdefault(day, text(note))
        return tuple(sorted(found.items()))

    # -- Schedules ------------------------------------------------------------------------

    def _schedules(self, values):
        rows = self.children("schedule")
        given = self.gives("schedules") or any(
            self.planner.gives("service_at_location", link["id"], "schedules")
            for link in self.links
        )
        for key, value in zip(("valid_from", "valid_until"), self._validity(rows, given)):
            if value is not KEEP:
                values[key] = value
        current = self.current
        valid_from = values.get("valid_from", current.valid_from if current else None)
        valid_until = values.get("valid_until", current.valid_until if current else None)
        if valid_from and valid_until and valid_from > valid_until:
            self.problem = "it ends before it begins"
        if not given:
            return
        slots, sessions = set(), set()
        for schedule in rows:
            slots_or_session = self._schedule(schedule, valid_from)
            if isinstance(slots_or_session, tuple):
                sessions.add(slots_or_session)
            else:
                slots |= slots_or_session
        values["slots"] = tuple(sorted(slots))
        values["sessions"] = tuple(sorted(sessions))

    def _validity(self, rows, given):
        """Return (valid_from, valid_until): tarjotin's extension, else what schedules say.

        In tarjotin's profile a missing extension is no date; from elsewhere the earliest
        start and the latest end of the schedules (KEEP when they are not given).
        """
        found = []
        for name, keys, pick in (
            (X_VALID_FROM, ("valid_from", "dtstart"), min),
            (X_VALID_UNTIL, ("valid_to", "until"), max),
        ):
            value = extension(self.row, name, self.profile, None)
            if value is KEEP:
                if given:
                    days = [iso_date(row.get(keys[0]) or row.get(keys[1])) for row in rows]
                    value = pick(days) if days and None not in days else None
            elif value is not None:
                value = iso_date(value) or self.fail(f"{name} must be an ISO date")
            found.append(value)
        return tuple(found)

    def _schedule(self, row, valid_from):
        """Return a session (date, start, end) or a set of slots (weekday, start, end, interval)."""
        day = iso_date(row.get("dtstart"))
        reference = day or iso_date(row.get("valid_from")) or region_today()
        start, end = (
            self._clock(row, "opens_at", reference),
            self._clock(row, "closes_at", reference),
        )
        if start is None or end is None or start >= end:
            return self._cannot_show(row, "without a clear opening and closing time")
        unsupported = [part for part in _UNSUPPORTED_RULE_PARTS if row.get(part)]
        freq = row.get("freq")
        if day is None and not row.get("byday"):
            return self._cannot_show(row, "without weekdays or a date")
        days = [part.strip().upper() for part in str(row.get("byday") or "").split(",")]
        # One occurrence: a count of one, or a rule that ends the day it starts on.
        once = day is not None and day == iso_date(row.get("until"))
        once = once and (not row.get("byday") or days == [WEEKDAYS[day.weekday()]])
        if day is not None and (row.get("count") == 1 or once or not (freq or row.get("byday"))):
            return (day, start, end)
        if freq not in (None, "WEEKLY") or not all(d in WEEKDAYS for d in days):
            return self._cannot_show(
                row, f"with a rule tarjotin cannot show ({freq} {row.get('byday')})"
            )
        interval = max(whole(row.get("interval")) or 1, 1)
        if unsupported or (row.get("count") or 1) > 1:
            parts = ", ".join(unsupported + (["count"] if (row.get("count") or 1) > 1 else []))
            self.ignore(f"schedule: {parts} left out of weekly rules")
            self.review.append(f"parts of its schedule were left out ({parts})")
        if interval > 1 and day is not None:
            anchor = (
                valid_from - timedelta(days=valid_from.weekday()) if valid_from else _EPOCH_MONDAY
            )
            if (day - timedelta(days=day.weekday()) - anchor).days // 7 % interval:
                self.review.append(f"its every-{interval}-weeks rhythm starts on another week")
        return {(WEEKDAYS.index(d), start, end, interval) for d in days}

    def _cannot_show(self, row, why):
        self.ignore(f"schedule {why}, left out")
        self.review.append(f"a schedule {why}")
        return set()

    def _clock(self, row, key, reference):
        """Return the time ``row[key]`` in the region's time zone, or None."""
        value = row.get(key)
        parsed = parse_clock(value) if isinstance(value, str) else None
        if parsed is None:
            return None
        clock, offset = parsed
        zone = row.get(X_TIMEZONE)
        if offset is None and zone and zone != TIMEZONE:
            try:
                zone = ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                self.fail(f"schedule {row['id']!r}: {X_TIMEZONE} {zone!r} is no time zone")
                return None
            offset = datetime.combine(reference, clock, zone).utcoffset()
        hours = row.get("timezone")
        if offset is None and not zone and isinstance(hours, int | float) and abs(hours) < 15:
            offset = timedelta(hours=hours)
        if offset is None:
            if not zone:
                self.ignore("schedule times without a time zone, read as the region's time")
            return clock
        moment = datetime.combine(reference, clock, timezone(offset)).astimezone(REGION_TZ)
        self.ignore("schedule times in another time zone, read in the region's time")
        return moment.time().replace(tzinfo=None)

    # -- Tags, languages, location, status --------------------------------------------------

    def _languages(self, values):
        if not self.gives("languages"):
            return
        codes = []
        for row in self.planner.kids("language", "service_id", self.id):
            code = self.planner.vocabulary.language(row.get("code"))
            if code is None:
                self.ignore(
                    f"language {row.get('code') or row.get('name')!r} is not the tray's, left out"
                )
            elif code not in codes:
                codes.append(code)
        values["languages"] = tuple(sorted(codes))

    def _tags(self, values):
        vocabulary = self.planner.vocabulary
        if not self.gives("attributes"):
            return
        for key, name in (("theme", "themes"), ("target_group", "target_groups"), ("step", "step")):
            if key not in vocabulary.carried:
                continue
            codes = vocabulary.links("service", self.id, key)
            if key != "step":
                values[name] = tuple(sorted(codes))
                continue
            values["step"] = codes[0] if len(codes) == 1 else None
            self.steps = codes

    def _location(self, values):
        if not self.gives("service_at_locations"):
            return
        links = self.links
        if len(links) > 1:
            self.ignore("service: locations after the first, left out")
        location = links[0]["location_id"] if links else None
        if location in self.refused_locations:
            self.review.append(f"its location was refused: {self.refused_locations[location]}")
            location = None
        values["location"] = location

    def _status(self, values):
        status = SERVICE_STATUSES[self.row["status"]]
        if self.row["status"] == "temporarily closed":
            self.review.append("the service is temporarily closed")
        if status != PUBLISHED:
            values["status"] = status
            return
        step = values.get("step", self.current and self.current.step_id)
        if step is None:
            steps = len(self.steps)
            self.review.append(
                f"it is on {steps} steps, not on one" if steps else "it is on no step"
            )
        if "step" not in values and self.current is not None:
            return  # the file cannot place it: where a coordinator placed it stands
        values["status"] = SUBMITTED if self.review else PUBLISHED


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$")


def parse_clock(text):
    """Return (time, UTC offset or None) of "10:00", "10:00:00", "09:00:00Z", "09:00-05:00"."""
    match = _CLOCK.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    clock = time(int(match[1]), int(match[2]))
    zone = match[4]
    if zone is None:
        return clock, None
    if zone == "Z":
        return clock, timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return clock, sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
