"""An Atom 1.0 feed (RFC 4287) of newly published activities, in one language."""

import uuid
from xml.etree import ElementTree

from tarjotin.models import localized
from tarjotin.opendata.calendar import as_utc

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENTRIES = 50
# Ids are name-based UUIDs under this namespace: the same on every host and every run.
NAMESPACE = uuid.UUID("5d0c7c4e-3b1f-4c52-9a55-7f2f3c1d2e8a")


def stable_id(*parts):
    """Return an Atom id (a urn:uuid IRI) that ``parts`` always give."""
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)).urn


def published(activity):
    """Return when ``activity`` was published, or created when that is not known (UTC)."""
    return activity.published_at or activity.created_at


def newest(activities, limit=ENTRIES):
    """Return the ``limit`` activities published last, newest first."""
    ordered = sorted(activities, key=lambda activity: (published(activity), activity.id))
    return ordered[::-1][:limit]


def feed_of(activities, *, locale, key, title, author, self_url, alternate_url, page_url, now):
    """Return the Atom feed of ``activities`` (in the order given) as UTF-8 XML.

    ``key`` tells this feed from the others in ``locale`` (the list's filters, say) and
    makes its id; ``page_url(activity)`` gives the address of an activity's page. Texts are
    in ``locale``; one that falls back to Finnish is marked so with xml:lang.
    """
    # Tags without a namespace under a plain xmlns: ElementTree's default_namespace option
    # refuses the unqualified attributes (rel, href) Atom has.
    feed = ElementTree.Element("feed", {"xmlns": ATOM, XML_LANG: locale})
    _add(feed, "id", stable_id("feed", locale, key))
    _add(feed, "title", title)
    updated = max((_updated(activity) for activity in activities), default=now)
    _add(feed, "updated", _timestamp(updated))
    _link(feed, "self", "application/atom+xml", self_url)
    _link(feed, "alternate", "text/html", alternate_url)
    _add(_add(feed, "author"), "name", author)
    for activity in activities:
        _entry(feed, activity, locale, page_url(activity))
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed, activity, locale, url):
    entry = _add(feed, "entry")
    _add(entry, "id", stable_id("activity", activity.uid, locale))
    _add_text(entry, "title", localized(activity, "name", locale), locale)
    _add(entry, "published", _timestamp(published(activity)))
    _add(entry, "updated", _timestamp(_updated(activity)))
    _add_text(
        _add(entry, "author"), "name", localized(activity.organization, "name", locale), locale
    )
    _link(entry, "alternate", "text/html", url)
    summary = localized(activity, "summary", locale)
    if summary:
        _add_text(entry, "summary", summary, locale)
    if activity.step is not None:
        _add(
            entry,
            "category",
            term=f"step-{activity.step.number}",
            label=str(localized(activity.step, "name", locale)),
        )


def _updated(activity):
    """An entry changes when it is published and whenever it is edited afterwards."""
    return max(published(activity), activity.updated_at or published(activity))


def _add(parent, tag, text=None, **attributes):
    element = ElementTree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _add_text(parent, tag, text, locale):
    """Add a text element; a Finnish fallback says its language."""
    element = _add(parent, tag, str(text))
    if text.lang != locale:
        element.set(XML_LANG, text.lang)
    return element


def _link(parent, rel, media_type, href):
    return _add(parent, "link", rel=rel, type=media_type, href=href)


def _timestamp(moment):
    """Return ``moment`` (naive means UTC, as the database keeps it) in RFC 3339."""
    return as_utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")
