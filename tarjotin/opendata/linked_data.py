"""schema.org linked data (JSON-LD) of an activity page.

An activity with times is an ``EventSeries``: each weekly slot a ``Schedule`` in its
``eventSchedule`` (with the cancelled dates as ``exceptDate``), each coming dated session an
``Event`` in ``subEvent``. An activity without any times is offered as a ``Service``.
Times of day are local to ``scheduleTimezone``; dated times carry their UTC offset.
"""

import re

from tarjotin.catalogue.schedules import schedule_of
from tarjotin.models import localized
from tarjotin.models.activity import COST_FEE, COST_FREE
from tarjotin.opendata.calendar import dated_sessions, local_times, weekly_series
from tarjotin.timeutil import REGION_TZ

SCHEMA = "https://schema.org"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
COUNTRY = "FI"
_WEB_ADDRESS = re.compile(r"https?://[^\s/]", re.IGNORECASE)


def linked_data_of(activity, *, locale, today, page_url):
    """Return the schema.org description of ``activity`` as a JSON-ready dict.

    Texts are in ``locale`` (Finnish where a translation is missing); times are those from
    ``today`` on; ``page_url`` is the address of the activity's page.
    """
    schedule = schedule_of(activity)
    text = _texts(locale)
    data = {
        "@context": SCHEMA,
        "@type": "EventSeries" if schedule.slots or schedule.sessions else "Service",
        "@id": f"{page_url}#activity",
        "url": page_url,
        "name": text(activity, "name"),
    }
    description = "\n\n".join(
        value for value in (text(activity, "summary"), text(activity, "description")) if value
    )
    _put(data, "description", description)
    _put(data, "sameAs", _web_address(activity.website))
    _put(data, "keywords", [text(theme, "name") for theme in activity.themes])
    _put(data, "audience", _audience(activity, text))
    _put(data, "offers", _offer(activity, text, page_url))
    organiser = _organisation(activity, text)
    place = _place(activity.location)
    languages = [language.code for language in activity.languages]
    if data["@type"] == "Service":
        data["provider"] = organiser
        channel = {"@type": "ServiceChannel", "serviceUrl": page_url}
        _put(channel, "serviceLocation", place)
        _put(channel, "availableLanguage", languages)
        data["availableChannel"] = channel
    else:
        data["organizer"] = organiser
        _put(data, "location", place)
        _put(data, "inLanguage", languages)
        _add_event_series(data, activity, schedule, place, today)
    return data


def _add_event_series(data, activity, schedule, place, today):
    """Add what an event series says beyond a service: its dates, times and who may come."""
    data["eventAttendanceMode"] = f"{SCHEMA}/OfflineEventAttendanceMode"
    data["eventStatus"] = f"{SCHEMA}/EventScheduled"
    _put(data, "startDate", _iso(schedule.valid_from))
    _put(data, "endDate", _iso(schedule.valid_until))
    if activity.cost in (COST_FREE, COST_FEE):
        data["isAccessibleForFree"] = activity.cost == COST_FREE
    _put(data, "maximumAttendeeCapacity", activity.capacity or None)
    _put(data, "eventSchedule", [_schedule(series) for series in weekly_series(activity, today)])
    sessions = dated_sessions(activity, today)
    _put(data, "subEvent", [_sub_event(dated.session, data["name"], place) for dated in sessions])


def _texts(locale):
    def text(obj, field):
        return str(localized(obj, field, locale))

    return text


def _put(data, key, value):
    """Set ``key`` unless ``value`` is empty: schema.org leaves unknown things out."""
    if value is not None and value != "" and value != [] and value != {}:
        data[key] = value


def _iso(value):
    return value.isoformat() if value is not None else None


def _web_address(url):
    url = (url or "").strip()
    return url if _WEB_ADDRESS.match(url) else None


def _organisation(activity, text):
    organisation = activity.organization
    data = {"@type": "Organization", "name": text(organisation, "name")}
    _put(data, "url", _web_address(organisation.website))
    _put(data, "email", organisation.email)
    _put(data, "telephone", organisation.phone)
    contact = {"@type": "ContactPoint"}
    _put(contact, "name", activity.contact_name)
    _put(contact, "email", activity.contact_email)
    _put(contact, "telephone", activity.contact_phone)
    if len(contact) > 1:
        data["contactPoint"] = contact
    return data


def _place(location):
    if location is None:
        return None
    address = {"@type": "PostalAddress", "addressCountry": COUNTRY}
    _put(address, "streetAddress", location.street_address)
    _put(address, "postalCode", location.postal_code)
    _put(address, "addressLocality", location.post_office)
    place = {"@type": "Place", "name": location.name, "address": address}
    if location.latitude is not None and location.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    return place


def _audience(activity, text):
    audiences = [
        {"@type": "Audience", "audienceType": text(group, "name")}
        for group in activity.target_groups
    ]
    ages = {"@type": "PeopleAudience"}
    _put(ages, "suggestedMinAge", activity.min_age)
    _put(ages, "suggestedMaxAge", activity.max_age)
    if len(ages) > 1:
        audiences.append(ages)
    return audiences


def _offer(activity, text, page_url):
    if activity.cost == COST_FREE:
        return {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "url": page_url}
    if activity.cost == COST_FEE:
        offer = {"@type": "Offer", "url": page_url}
        _put(offer, "description", text(activity, "cost_description"))
        return offer
    return None


def _schedule(series):
    slot = series.slot
    schedule = {
        "@type": "Schedule",
        "byDay": f"{SCHEMA}/{DAY_NAMES[slot.weekday]}",
        "startTime": slot.start.isoformat(),
        "endTime": slot.end.isoformat(),
        "repeatFrequency": f"P{slot.interval}W",
        "scheduleTimezone": REGION_TZ.key,
        "startDate": series.first.isoformat(),
    }
    _put(schedule, "endDate", _iso(series.until))
    _put(schedule, "exceptDate", [day.isoformat() for day in series.skipped])
    return schedule


def _sub_event(session, name, place):
    start, end = local_times(session.date, session.start, session.end)
    event = {
        "@type": "Event",
        "name": name,
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
    }
    _put(event, "location", place)
    return event
