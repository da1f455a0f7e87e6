"""What the API shows of each model: explicit field lists, one plain function per shape.

Nothing is shown because a column exists: who submitted an activity, its review status and
internal notes stay out. Texts kept per language are ``{"fi": …, "sv": …, "en": …}`` with
null where a translation is missing (no Finnish fallback: a client decides how to fall
back). Times of day are local to the region ("10:00"), timestamps are UTC ("…Z").
"""

from flask import url_for

from tarjotin.catalogue.browse import WEEKDAYS
from tarjotin.catalogue.schedules import DAYTIMES, finnish_public_holidays
from tarjotin.models import LANGUAGES
from tarjotin.models.organisation import ORGANIZATION_KINDS
from tarjotin.timeutil import REGION_TZ

TIMEZONE = str(REGION_TZ)


def texts(obj, field):
    """Return ``obj.<field>_<lang>`` for every language; null where missing or blank."""
    return {lang: getattr(obj, f"{field}_{lang}") or None for lang in LANGUAGES}


def term(obj):
    """A theme, target group or language: its code (the filter value) and name."""
    return {"code": obj.code, "name": texts(obj, "name")}


def step_reference(step):
    return {"number": step.number, "code": step.code, "name": texts(step, "name")}


def step(step):
    return {
        **step_reference(step),
        "tagline": texts(step, "tagline"),
        "description": texts(step, "description"),
    }


def area_reference(area):
    return {"code": area.code, "kind": area.kind, "name": texts(area, "name")}


def area_tree(areas):
    """Municipalities with their districts, from ``areas`` in display order."""
    children = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    known = {area.id for area in areas}
    return [
        {
            **area_reference(area),
            "districts": [area_reference(d) for d in children.get(area.id, [])],
        }
        for area in areas
        if area.parent_id is None or area.parent_id not in known
    ]


def _timestamp(moment):
    """A naive UTC datetime as RFC 3339 ("2026-12-01T07:00:00Z"), or None."""
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def _date(day):
    return day.isoformat() if day else None


def _clock(moment):
    return moment.strftime("%H:%M")


def _links(endpoint, **values):
    """Where a thing is in the API, and its page on the site in each language.

    ``endpoint`` names both views: ``api.<endpoint>`` and ``public.<endpoint>``.
    """
    return {
        "self": url_for(f"api.{endpoint}", **values, _external=True),
        "pages": {
            lang: url_for(f"public.{endpoint}", lang_code=lang, **values, _external=True)
            for lang in LANGUAGES
        },
    }


def organisation_reference(organisation):
    return {"id": organisation.id, "uid": organisation.uid, "name": texts(organisation, "name")}


def organisation(organisation, activity_count):
    """An organiser; ``activity_count`` is how many of its activities are public."""
    return {
        **organisation_reference(organisation),
        # A kind the code no longer knows (old data) is shown as "other", as on the site.
        "kind": organisation.kind if organisation.kind in ORGANIZATION_KINDS else "other",
        "description": texts(organisation, "description"),
        "website": organisation.website or None,
        "email": organisation.email or None,
        "phone": organisation.phone or None,
        "activity_count": activity_count,
        "updated_at": _timestamp(organisation.updated_at),
        "links": _links("organisation", organisation_id=organisation.id),
    }


def organisation_detail(found, activities):
    """An organiser with the public activities it offers."""
    return {
        **organisation(found, len(activities)),
        "activities": [activity_summary(activity) for activity in activities],
    }


def location_summary(location):
    if location is None:
        return None
    return {
        "uid": location.uid,
        "name": location.name,
        "area": area_reference(location.area),
        "municipality": area_reference(location.area.municipality),
        "step_free": location.step_free,
    }


def location(location):
    if location is None:
        return None
    return {
        **location_summary(location),
        "street_address": location.street_address or None,
        "postal_code": location.postal_code or None,
        "post_office": location.post_office or None,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "accessibility": texts(location, "accessibility"),
    }


def _codes_in(mask, codes):
    return [code for bit, code in enumerate(codes) if mask & (1 << bit)]


def activity_summary(activity):
    """What a list shows of an activity: enough to choose, filter and link to it."""
    return {
        "id": activity.id,
        "uid": activity.uid,
        "name": texts(activity, "name"),
        "summary": texts(activity, "summary"),
        "step": step_reference(activity.step) if activity.step else None,
        "organisation": organisation_reference(activity.organization),
        "location": location_summary(activity.location),
        "themes": [term(theme) for theme in activity.themes],
        "target_groups": [term(group) for group in activity.target_groups],
        "languages": [term(language) for language in activity.languages],
        "cost": activity.cost,
        "registration": activity.registration,
        "weekdays": _codes_in(activity.weekday_mask, WEEKDAYS),
        "daytimes": _codes_in(activity.daytime_mask, DAYTIMES),
        "valid_from": _date(activity.valid_from),
        "valid_until": _date(activity.valid_until),
        "updated_at": _timestamp(activity.updated_at),
        "links": _links("activity", activity_id=activity.id),
    }


def activity(activity, occurrences):
    """Everything a resident may read about an activity; ``occurrences`` are its next times."""
    return {
        **activity_summary(activity),
        "description": texts(activity, "description"),
        "cost_description": texts(activity, "cost_description"),
        "registration_description": texts(activity, "registration_description"),
        "location": location(activity.location),
        "contact": {
            "name": activity.contact_name or None,
            "email": activity.contact_email or None,
            "phone": activity.contact_phone or None,
        },
        "website": activity.website or None,
        "capacity": activity.capacity,
        "min_age": activity.min_age,
        "max_age": activity.max_age,
        "last_verified": _date(activity.last_verified),
        "published_at": _timestamp(activity.published_at),
        "schedule": schedule(activity, occurrences),
    }


def schedule(activity, occurrences):
    """The weekly slots, dated sessions and cancellations as stored, and the next times."""
    return {
        "timezone": TIMEZONE,
        "weekly": [
            {
                "weekday": WEEKDAYS[slot.weekday],
                "start": _clock(slot.start_time),
                "end": _clock(slot.end_time),
                "interval_weeks": slot.interval or 1,
            }
            for slot in activity.weekly_slots
        ],
        "sessions": [
            {"date": _date(s.date), "start": _clock(s.start_time), "end": _clock(s.end_time)}
            for s in activity.sessions
        ],
        "cancellations": [
            {
                "date": _date(c.date),
                "note": c.note or None,
                "holiday": finnish_public_holidays(c.date.year).get(c.date),
            }
            for c in activity.cancellations
        ],
        "next": [
            {"date": _date(o.date), "start": _clock(o.start), "end": _clock(o.end)}
            for o in occurrences
        ],
    }


def facets(facets):
    """Per filter, how many activities choosing each value would give (as on the list page)."""

    def value(facet_value):
        return {
            "code": facet_value.code,
            "count": facet_value.count,
            "selected": facet_value.selected,
            "children": [value(child) for child in facet_value.children],  # an area's districts
        }

    return {facet.name: [value(v) for v in facet.values] for facet in facets}


def search(result):
    """How the search words were matched: "did you mean", some words only, or no index."""
    return {
        "suggestion": result.suggestion,
        "any_word": result.any_word,
        "degraded": result.search_degraded,
    }
