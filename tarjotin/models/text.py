"""Texts kept per language (fi, sv, en) with Finnish as the fallback."""

from dataclasses import dataclass

LANGUAGES = ("fi", "sv", "en")
FALLBACK = "fi"


@dataclass(frozen=True)
class Localized:
    """A text in the language asked for, or in Finnish when that one is missing."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def localized(obj, field, locale):
    """Return ``obj.<field>_<locale>``, falling back to the Finnish text."""
    text = getattr(obj, f"{field}_{locale}", None)
    if text:
        return Localized(text, locale, False)
    text = getattr(obj, f"{field}_{FALLBACK}", None) or ""
    return Localized(text, FALLBACK, locale != FALLBACK and bool(text))


class TranslatedMixin:
    """Gives a model ``text(field, locale)`` for its per-language columns."""

    def text(self, field, locale):
        return localized(self, field, locale)
