"""tarjotin's profile of HSDS 3.0: ids, the vocabularies as taxonomies, extension fields.

docs/hsds.md explains the mapping; this module holds what export and import must agree on.
"""

import re
import uuid
from dataclasses import dataclass
from functools import lru_cache

from tarjotin.models import Area, Language, Step, TargetGroup, Theme

# Fixed for good: every derived id (schedules, attributes, taxonomy terms …) hangs on it.
NAMESPACE = uuid.UUID("5d1d7c1e-2b0a-5f5e-8f3c-6a4e9b2d7c80")
TIMEZONE = "Europe/Helsinki"
COUNTRY = "FI"
CURRENCY = "EUR"
DATASET_LANGUAGE = "fi"
OTHER_LANGUAGES = ("sv", "en")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Extension fields (HSDS schemas allow more properties than they name).
X_TRANSLATIONS = "x-translations"  # {"sv": {field: text}, "en": {…}} of the record's texts
X_SUMMARY = "x-summary"  # service: the short summary (HSDS 3.1 adds service.summary)
X_REGISTRATION = "x-registration"  # service: none | required | unknown
X_CAPACITY = "x-capacity"  # service: how many can take part
X_VALID_FROM = "x-valid-from"  # service: the first day the activity runs (ISO date)
X_VALID_UNTIL = "x-valid-until"  # service: the last day
X_CANCELLATIONS = "x-cancellations"  # service: [{"date": ISO date, "note": text}]
X_TIMEZONE = "x-timezone"  # schedule: the IANA zone of opens_at/closes_at
X_STEP_FREE = "x-step-free"  # accessibility: yes | no | unknown
X_STEP_NUMBER = "x-step-number"  # taxonomy_term of a step: 1 …
X_TAGLINE = "x-tagline"  # taxonomy_term of a step: a few words on what it is for

_UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


def is_uuid(value):
    """Tell whether ``value`` is a UUID written the way HSDS ids are (8-4-4-4-12 hex)."""
    return isinstance(value, str) and bool(_UUID.match(value))


def hsds_id(uid):
    """Return the HSDS id of a record with ``uid``: the uid itself when it is a UUID.

    Only generated benchmark data has other uids; they get a UUID derived from them.
    """
    return uid if is_uuid(uid) else str(uuid.uuid5(NAMESPACE, f"uid:{uid}"))


def derived_id(owner_id, kind, key=""):
    """Return the stable id of a ``kind`` row (schedule, phone …) that belongs to ``owner_id``."""
    return str(uuid.uuid5(_uuid(owner_id), f"{kind}:{key}"))


@lru_cache(maxsize=4096)
def _uuid(value):
    return uuid.UUID(value)


@dataclass(frozen=True)
class Vocabulary:
    """A tarjotin vocabulary exported as an HSDS taxonomy."""

    key: str  # "step", also the attribute's link_type
    model: type
    link_entity: str  # the HSDS table its attributes tag: "service" or "location"
    name: dict  # the taxonomy's name per language
    description: dict

    @property
    def taxonomy_id(self):
        return str(uuid.uuid5(NAMESPACE, f"taxonomy:{self.key}"))

    def term_id(self, code):
        """Return the id of the term ``code``: the same in every tarjotin's export."""
        return _term_id(self.key, code)


@lru_cache(maxsize=1024)
def _term_id(key, code):
    return str(uuid.uuid5(NAMESPACE, f"taxonomy_term:{key}:{code}"))


# The names are data, exported in all three languages at once, not interface text.
VOCABULARIES = (
    Vocabulary(
        "step",
        Step,
        "service",
        {"fi": "Viisiportainen malli", "sv": "Femstegsmodellen", "en": "The five-step model"},
        {
            "fi": "Palvelutarjottimen portaat: jokainen julkaistu toiminta on yhdellä portaalla.",
            "sv": "Stegen i servicebrickan: varje publicerad verksamhet står på ett steg.",
            "en": "The steps of the service tray: every published activity sits on one step.",
        },
    ),
    Vocabulary(
        "theme",
        Theme,
        "service",
        {"fi": "Teemat", "sv": "Teman", "en": "Themes"},
        {
            "fi": "Mistä toiminnassa on kyse.",
            "sv": "Vad verksamheten handlar om.",
            "en": "What an activity is about.",
        },
    ),
    Vocabulary(
        "target_group",
        TargetGroup,
        "service",
        {"fi": "Kohderyhmät", "sv": "Målgrupper", "en": "Target groups"},
        {
            "fi": "Kenelle toiminta on tarkoitettu.",
            "sv": "Vem verksamheten är avsedd för.",
            "en": "Whom an activity is meant for.",
        },
    ),
    Vocabulary(
        "area",
        Area,
        "location",
        {"fi": "Alueet", "sv": "Områden", "en": "Areas"},
        {
            "fi": "Kunnat ja niiden kaupunginosat; kaupunginosan yläkäsite on sen kunta.",
            "sv": "Kommuner och deras stadsdelar; en stadsdels förälder är dess kommun.",
            "en": "Municipalities and their districts; a district's parent is its municipality.",
        },
    ),
    Vocabulary(
        "language",
        Language,
        "service",
        {"fi": "Kielet", "sv": "Språk", "en": "Languages"},
        {
            "fi": "Kielet, joilla toimintaa järjestetään (ISO 639-1).",
            "sv": "Språk som verksamheten ordnas på (ISO 639-1).",
            "en": "Languages activities are run in (ISO 639-1).",
        },
    ),
)
VOCABULARY = {vocabulary.key: vocabulary for vocabulary in VOCABULARIES}
# Languages are linked through HSDS language rows, not attributes.
ATTRIBUTE_VOCABULARIES = ("step", "theme", "target_group", "area")
