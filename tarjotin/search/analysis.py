"""Turning text into index terms, per language.

Finnish goes through Voikko when the library and its dictionary are installed: a word is
indexed under its base form and, for a compound, under its parts as well, so that
"ruokakurssille" finds "ruokakurssi" and "kurssi" finds "ensiapukurssi". A query word is
looked up by its base form only, so "ensiapukurssi" does not find every "kurssi". Where
Voikko is missing, Finnish falls back to Snowball stemming (inflection, no compounds), and
so do words Voikko does not know. Swedish and English use Snowball.

The filters live in this importable module because Whoosh pickles the schema, analyzers
included, into the index.
"""

import logging
import threading
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.finnish import FinnishStemmer

log = logging.getLogger(__name__)

# Words are runs of letters and digits: quotes, operators and punctuation are never syntax.
WORD_PATTERN = r"\w+"
FINNISH_CHOICES = ("auto", "voikko", "snowball")

_voikko_lock = threading.Lock()
_voikko_state = {}  # "handle": the Voikko object, or None once it is known to be missing


def _open_voikko():
    """Open Voikko's Finnish dictionary; raise when the library or dictionary is missing."""
    import libvoikko

    return libvoikko.Voikko("fi")


def _voikko():
    """Return this process's Voikko handle, or None when Voikko is missing (logged once)."""
    if "handle" not in _voikko_state:
        with _voikko_lock:
            if "handle" not in _voikko_state:
                try:
                    _voikko_state["handle"] = _open_voikko()
                except Exception as error:  # noqa: BLE001 - ImportError, OSError, VoikkoException
                    log.warning(
                        "Voikko is not available (%s); Finnish search uses Snowball stemming.",
                        type(error).__name__,
                    )
                    _voikko_state["handle"] = None
    return _voikko_state["handle"]


def voikko_available():
    """Tell whether Voikko and its Finnish dictionary can be used in this process."""
    return _voikko() is not None


def forget_voikko():
    """Forget whether Voikko was found, so that the next use looks again (for tests)."""
    with _voikko_lock:
        _voikko_state.clear()
        _analyse.cache_clear()


_snowball = FinnishStemmer()


@lru_cache(maxsize=200_000)
def _analyse(word):
    """Return (base forms, compound parts) of a lower-case Finnish word; stems if unknown.

    Voikko is not thread-safe, hence the lock; the cache makes repeats cost nothing
    (a build looks up the same few ten thousand words over and over).
    """
    voikko = _voikko()
    analyses = []
    if voikko is not None:
        with _voikko_lock:
            analyses = voikko.analyze(word)
    if not analyses:
        return (_snowball.stem(word),), ()
    bases, parts = {}, {}
    for analysis in analyses:
        base = (analysis.get("BASEFORM") or word).lower()
        bases[base] = None
        for part in _compound_parts(word, base, analysis):
            parts[part] = None
    return tuple(bases), tuple(part for part in parts if part not in bases)


def _compound_parts(word, base, analysis):
    """Return the parts of a compound: its words and their runs, as written and as base forms.

    Voikko's STRUCTURE marks where each part begins with "="; the other characters stand
    for the word's letters one by one. Only the last part is inflected, so the head comes
    from the end of the base form: "ensiapukurssille" gives ensi, apu, kurssi and the runs
    ensiapu, apukurssi, so that "ensiapu" finds it too.
    """
    structure = analysis.get("STRUCTURE", "")
    if structure.count("=") < 2 or len(structure) - structure.count("=") != len(word):
        return ()
    surface, index = [], 0
    for mark in structure:
        if mark == "=":
            surface.append("")
        else:
            surface[-1] += word[index]
            index += 1
    prefix = "".join(surface[:-1])
    if not base.startswith(prefix):
        return ()
    parts = [part.strip("-") for part in (*surface[:-1], base[len(prefix) :])]
    found = [
        "".join(parts[first:last])
        for first in range(len(parts))
        for last in range(first + 1, len(parts) + 1)
        if last - first < len(parts)
    ]
    # "+lasten(lapsi)+koti(koti)": a modifier's own base form, where Voikko gives one.
    modifiers = set(parts[:-1])
    for piece in analysis.get("WORDBASES", "").split("+"):
        written, _, own = piece.partition("(")
        own = own.rstrip(")").lower()
        if written.lower() in modifiers and own and "=" not in own:
            found.append(own)
    return [part for part in dict.fromkeys(found) if len(part) > 1]


class FinnishFilter(Filter):
    """Base forms and compound parts of Finnish words (Voikko), or Snowball stems.

    At index time every base form and compound part is a term at the word's position; at
    query time only the base forms are.
    """

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, tokens):
        for token in tokens:
            if token.stopped:
                yield token
                continue
            bases, parts = _analyse(token.text)
            terms = bases if token.mode == "query" else bases + parts
            for text in terms:
                token.text = text
                yield token


def finnish_analyzer(finnish="auto"):
    """Return the analyzer for Finnish text: ``auto``, ``voikko`` or ``snowball``.

    ``auto`` and ``voikko`` both fall back to Snowball word by word while Voikko is missing,
    so an index built with Voikko keeps working (with poorer recall) where it is not.
    """
    if finnish not in FINNISH_CHOICES:
        return finnish  # an analyzer given by the caller, for comparisons
    if finnish == "snowball" or (finnish == "auto" and not voikko_available()):
        return _words("fi") | StemFilter(lang="fi")
    return _words("fi") | FinnishFilter()


def language_analyzer(lang, finnish="auto"):
    """Return the analyzer for text in ``lang`` (fi, sv or en)."""
    if lang == "fi":
        return finnish_analyzer(finnish)
    return _words(lang) | StemFilter(lang=lang)


def _words(lang):
    # Whoosh's StopFilter(lang=…) adds English stop words to every language's own.
    stops = StopFilter(stoplist=stopwords_for_language(lang))
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | stops


_AS_WRITTEN = RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


def words_of(text):
    """Return the words of ``text`` as written, lower-cased, in order, without repeats."""
    return list(dict.fromkeys(token.text for token in _AS_WRITTEN(text or "")))
