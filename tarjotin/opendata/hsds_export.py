"""Export the published tray as HSDS 3.0: tabular JSON, full services, or the CSV package.

What is exported: every activity public on ``today`` (published, not ended), the
organisations and locations they use, and every vocabulary in full so that an import
into an empty database rebuilds the tray. Finnish goes to the standard fields, Swedish
and English to ``x-translations``; docs/hsds.md has the whole mapping. The same
database on the same day gives the same bytes.
"""

from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from tarjotin.catalogue.visibility import public_clause
from tarjotin.models import (
    Activity,
    Cancellation,
    Location,
    Organization,
    Session,
    WeeklySlot,
    activity_language,
    activity_target_group,
    activity_theme,
)
from tarjotin.models.activity import COST_FEE, COST_FREE, UNKNOWN
from tarjotin.opendata import formats, hsds
from tarjotin.opendata.profile import (
    COUNTRY,
    CURRENCY,
    DATASET_LANGUAGE,
    NAMESPACE,
    OTHER_LANGUAGES,
    TIMEZONE,
    VOCABULARIES,
    VOCABULARY,
    WEEKDAYS,
    X_CANCELLATIONS,
    X_CAPACITY,
    X_REGISTRATION,
    X_STEP_FREE,
    X_STEP_NUMBER,
    X_SUMMARY,
    X_TAGLINE,
    X_TIMEZONE,
    X_TRANSLATIONS,
    X_VALID_FROM,
    X_VALID_UNTIL,
    derived_id,
    hsds_id,
)

# Weeks of a slot repeating every few weeks count from the Monday of valid_from, or from
# this Monday (tarjotin.catalogue.schedules): dtstart carries that rhythm.
_EPOCH_MONDAY = date(1970, 1, 5)


def export_tables(session, today):
    """Return the tray public on ``today`` as an HSDS tabular dataset (table -> rows)."""
    dataset = hsds.empty_tables()
    terms = _vocabularies(session)
    for vocabulary in VOCABULARIES:
        vocabulary_rows(vocabulary, terms[vocabulary.key], dataset)
    activities = _public_activities(session, today, terms)
    organizations = {activity.organization.id: activity.organization for activity in activities}
    for organization in sorted(organizations.values(), key=lambda o: o.uid):
        organization_rows(organization, dataset)
    locations = {a.location.id: a.location for a in activities if a.location is not None}
    for location in sorted(locations.values(), key=lambda loc: loc.uid):
        location_rows(location, dataset)
    for activity in activities:
        service_rows(activity, dataset)
    dataset["meta_table_description"].append(
        {
            "id": str(NAMESPACE),
            "name": "tarjotin",
            "language": DATASET_LANGUAGE,
            "character_set": "UTF-8",
        }
    )
    return dataset


def export_json(session, today):
    """Return the tabular JSON export as bytes."""
    return formats.to_json(export_tables(session, today))


def export_services(session, today):
    """Return the tray as one HSDS API page of full services (each with what it links to)."""
    return formats.services_page(formats.nest_services(export_tables(session, today)))


def export_csv(session, today):
    """Return the CSV package (a zip of one CSV per table and datapackage.json) as bytes."""
    return formats.to_csv_package(export_tables(session, today), today)


def _vocabularies(session):
    """Return every vocabulary's terms in their order, by vocabulary key."""
    return {
        v.key: session.scalars(select(v.model).order_by(v.model.position, v.model.code)).all()
        for v in VOCABULARIES
    }


def _public_activities(session, today, terms):
    """Return the public activities as plain records with what they link to, by uid.

    Read with Core rather than the ORM: a 10k tray's objects and relationships would
    cost seconds an export has no use for. The records answer the same attribute names.
    """
    public = select(Activity.id).where(public_clause(today))
    by_id = {key: {term.id: term for term in found} for key, found in terms.items()}

    def grouped(table, key="activity_id", order=()):
        groups = {}
        for row in session.execute(select(table).where(table.c[key].in_(public)).order_by(*order)):
            groups.setdefault(getattr(row, key), []).append(row)
        return groups

    slots = grouped(WeeklySlot.__table__, order=(WeeklySlot.weekday, WeeklySlot.start_time))
    sessions = grouped(Session.__table__, order=(Session.date, Session.start_time))
    cancellations = grouped(Cancellation.__table__, order=(Cancellation.date,))
    tags = {}
    for name, table, key in (
        ("themes", activity_theme, "theme"),
        ("target_groups", activity_target_group, "target_group"),
        ("languages", activity_language, "language"),
    ):
        for activity_id, rows in grouped(table).items():
            found = sorted((by_id[key][getattr(r, f"{key}_id")] for r in rows), key=_order)
            tags[(name, activity_id)] = found
    organizations = _records(
        session,
        Organization,
        Organization.id.in_(select(Activity.organization_id).where(public_clause(today))),
    )
    locations = _records(
        session, Location, Location.id.in_(select(Activity.location_id).where(public_clause(today)))
    )
    for location in locations.values():
        location.area = by_id["area"][location.area_id]
    query = select(Activity.__table__).where(public_clause(today)).order_by(Activity.uid)
    activities = []
    for row in session.execute(query):
        activity = SimpleNamespace(**row._asdict())
        activity.organization = organizations[row.organization_id]
        activity.location = locations.get(row.location_id)
        activity.step = by_id["step"].get(row.step_id)
        activity.weekly_slots = slots.get(row.id, [])
        activity.sessions = sessions.get(row.id, [])
        activity.cancellations = cancellations.get(row.id, [])
        for name in ("themes", "target_groups", "languages"):
            setattr(activity, name, tags.get((name, row.id), []))
        activities.append(activity)
    return activities


def _order(term):
    return (term.position, term.code)


def _records(session, model, condition):
    rows = session.execute(select(model.__table__).where(condition))
    return {row.id: SimpleNamespace(**row._asdict()) for row in rows}


# --- Rows ----------------------------------------------------------------------------------


def _clean(row):
    """Drop the fields without a value: HSDS has no nulls, a missing field says it."""
    return {key: value for key, value in row.items() if value is not None}


def translations(obj, fields, names=None):
    """Return ``{"sv": {…}, "en": {…}}`` of ``obj``'s texts, under their HSDS names."""
    names = names or {}
    result = {}
    for lang in OTHER_LANGUAGES:
        texts = {
            names.get(field, field): getattr(obj, f"{field}_{lang}")
            for field in fields
            if getattr(obj, f"{field}_{lang}", None)
        }
        if texts:
            result[lang] = texts
    return result


def vocabulary_rows(vocabulary, terms, dataset):
    """Add a vocabulary as a taxonomy with all its ``terms``."""
    dataset["taxonomy"].append(
        {
            "id": vocabulary.taxonomy_id,
            "name": vocabulary.name["fi"],
            "description": vocabulary.description["fi"],
            X_TRANSLATIONS: {
                lang: {"name": vocabulary.name[lang], "description": vocabulary.description[lang]}
                for lang in OTHER_LANGUAGES
            },
        }
    )
    for term in terms:
        dataset["taxonomy_term"].append(_term_row(vocabulary, term))


def _term_row(vocabulary, term):
    description = getattr(term, "description_fi", None) or term.name_fi
    row = {
        "id": vocabulary.term_id(term.code),
        "code": term.code,
        "name": term.name_fi,
        "description": description,
        "taxonomy": vocabulary.name["fi"],
        "language": DATASET_LANGUAGE,
        "taxonomy_id": vocabulary.taxonomy_id,
    }
    if vocabulary.key == "area" and term.parent is not None:
        row["parent_id"] = vocabulary.term_id(term.parent.code)
    fields = ["name"]
    if vocabulary.key == "step":
        row[X_STEP_NUMBER] = term.number
        row[X_TAGLINE] = term.tagline_fi
        fields += ["tagline", "description"]
    row[X_TRANSLATIONS] = translations(term, fields, {"tagline": X_TAGLINE})
    return _clean(row)


def organization_rows(organization, dataset):
    """Add an organisation (kind as ``legal_status``) and its phone."""
    organization_id = hsds_id(organization.uid)
    dataset["organization"].append(
        _clean(
            {
                "id": organization_id,
                "name": organization.name_fi,
                "description": organization.description_fi or "",
                "email": organization.email or None,
                "website": organization.website or None,
                "legal_status": organization.kind,
                X_TRANSLATIONS: translations(organization, ("name", "description")),
            }
        )
    )
    if organization.phone:
        dataset["phone"].append(
            {
                "id": derived_id(organization_id, "phone"),
                "organization_id": organization_id,
                "number": organization.phone,
            }
        )


def location_rows(location, dataset):
    """Add a location with its address, accessibility and area (district and municipality)."""
    location_id = hsds_id(location.uid)
    area = location.area
    municipality = area.municipality
    dataset["location"].append(
        _clean(
            {
                "id": location_id,
                "location_type": "physical",
                "name": location.name,
                "latitude": location.latitude,
                "longitude": location.longitude,
            }
        )
    )
    dataset["address"].append(
        {
            "id": derived_id(location_id, "address"),
            "location_id": location_id,
            "address_1": location.street_address or "",
            "city": location.post_office or "",
            # Finland has no states: the municipality is the division that fills the field.
            "state_province": municipality.name_fi,
            "postal_code": location.postal_code or "",
            "country": COUNTRY,
            "address_type": "physical",
        }
    )
    texts = translations(location, ("accessibility",), {"accessibility": "description"})
    if location.accessibility_fi or texts or location.step_free != UNKNOWN:
        dataset["accessibility"].append(
            _clean(
                {
                    "id": derived_id(location_id, "accessibility"),
                    "location_id": location_id,
                    "description": location.accessibility_fi or None,
                    X_STEP_FREE: location.step_free,
                    X_TRANSLATIONS: texts,
                }
            )
        )
    # The municipality of a district too, so a consumer can filter by either.
    for term in dict.fromkeys((municipality, area)):
        _attribute(dataset, location_id, "location", "area", term.code)


def _attribute(dataset, link_id, link_entity, key, code):
    term_id = VOCABULARY[key].term_id(code)
    dataset["attribute"].append(
        {
            "id": derived_id(link_id, "attribute", term_id),
            "link_id": link_id,
            "taxonomy_term_id": term_id,
            "link_type": key,
            "link_entity": link_entity,
        }
    )


def service_rows(activity, dataset):
    """Add an activity as a service with everything that hangs on it."""
    service_id = hsds_id(activity.uid)
    dataset["service"].append(
        _clean(
            {
                "id": service_id,
                "organization_id": hsds_id(activity.organization.uid),
                "name": activity.name_fi,
                "description": activity.description_fi or "",
                "url": activity.website or None,
                "email": activity.contact_email or None,
                "status": "active",
                "application_process": activity.registration_description_fi or None,
                "fees_description": activity.cost_description_fi or None,
                "minimum_age": activity.min_age,
                "maximum_age": activity.max_age,
                "assured_date": formats.iso(activity.last_verified),
                "last_modified": activity.updated_at.isoformat(timespec="milliseconds") + "Z",
                X_SUMMARY: activity.summary_fi or "",
                X_REGISTRATION: activity.registration,
                X_CAPACITY: activity.capacity,
                X_VALID_FROM: formats.iso(activity.valid_from),
                X_VALID_UNTIL: formats.iso(activity.valid_until),
                X_CANCELLATIONS: [
                    _clean({"date": c.date.isoformat(), "note": c.note or None})
                    for c in activity.cancellations
                ],
                X_TRANSLATIONS: translations(
                    activity,
                    (
                        "name",
                        "summary",
                        "description",
                        "cost_description",
                        "registration_description",
                    ),
                    {
                        "summary": X_SUMMARY,
                        "cost_description": "fees_description",
                        "registration_description": "application_process",
                    },
                ),
            }
        )
    )
    if activity.location is not None:
        dataset["service_at_location"].append(
            {
                "id": derived_id(service_id, "service_at_location"),
                "service_id": service_id,
                "location_id": hsds_id(activity.location.uid),
            }
        )
    _schedule_rows(activity, service_id, dataset)
    _contact_rows(activity, service_id, dataset)
    _cost_rows(activity, service_id, dataset)
    for language in activity.languages:
        dataset["language"].append(
            {
                "id": derived_id(service_id, "language", language.code),
                "service_id": service_id,
                "name": language.name_fi,
                "code": language.code,
            }
        )
    if activity.step is not None:
        _attribute(dataset, service_id, "service", "step", activity.step.code)
    for key, terms in (("theme", activity.themes), ("target_group", activity.target_groups)):
        for term in terms:
            _attribute(dataset, service_id, "service", key, term.code)


def _schedule_rows(activity, service_id, dataset):
    """Weekly slots as WEEKLY rules; a dated session as a rule with one occurrence."""
    anchor = _EPOCH_MONDAY
    if activity.valid_from is not None:
        anchor = activity.valid_from - timedelta(days=activity.valid_from.weekday())
    # A slot or session given twice adds no time (occurrences are unique): once is enough.
    slots = dict.fromkeys(
        (s.weekday, s.start_time, s.end_time, s.interval or 1) for s in activity.weekly_slots
    )
    sessions = dict.fromkeys((s.date, s.start_time, s.end_time) for s in activity.sessions)
    rules = [
        (
            f"weekly:{weekday}:{start}:{end}:{interval}",
            {"dtstart": (anchor + timedelta(days=weekday)).isoformat(), "wkst": "MO"},
            {"interval": interval, "byday": WEEKDAYS[weekday]},
            start,
            end,
        )
        for weekday, start, end, interval in slots
    ]
    rules += [
        (
            f"session:{day}:{start}:{end}",
            {"dtstart": day.isoformat(), "until": day.isoformat()},
            {"byday": WEEKDAYS[day.weekday()]},
            start,
            end,
        )
        for day, start, end in sessions
    ]
    for key, dates, repeat, start, end in rules:
        dataset["schedule"].append(
            _clean(
                {
                    "id": derived_id(service_id, "schedule", key),
                    "service_id": service_id,
                    "valid_from": formats.iso(activity.valid_from),
                    "valid_to": formats.iso(activity.valid_until),
                    **dates,
                    "freq": "WEEKLY",
                    **repeat,
                    "opens_at": start.strftime("%H:%M:%S"),
                    "closes_at": end.strftime("%H:%M:%S"),
                    X_TIMEZONE: TIMEZONE,
                }
            )
        )


def _contact_rows(activity, service_id, dataset):
    if not (activity.contact_name or activity.contact_email or activity.contact_phone):
        return
    contact_id = derived_id(service_id, "contact")
    dataset["contact"].append(
        _clean(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": activity.contact_name or None,
                "email": activity.contact_email or None,
            }
        )
    )
    if activity.contact_phone:
        dataset["phone"].append(
            {
                "id": derived_id(service_id, "phone"),
                "service_id": service_id,
                "contact_id": contact_id,
                "number": activity.contact_phone,
            }
        )


def _cost_rows(activity, service_id, dataset):
    """Free is a cost option of 0 €; a fee one without an amount (its text says it)."""
    if activity.cost not in (COST_FREE, COST_FEE):
        return
    row = {
        "id": derived_id(service_id, "cost_option"),
        "service_id": service_id,
        "currency": CURRENCY,
    }
    if activity.cost == COST_FREE:
        row["amount"] = 0
    elif activity.cost_description_fi:
        row["amount_description"] = activity.cost_description_fi
    dataset["cost_option"].append(row)
