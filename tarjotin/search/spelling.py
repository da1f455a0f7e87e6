"""Did you mean: the words of the tray per language, as written, to correct typos against.

Each index generation keeps, per language, every word of the activities' own texts in that
language with the number of activities using it (``words-fi.json``). A build writes them;
catching up adds the words of the activities it applies (a word an activity no longer uses
stays, as in any index, until the next build). A typo is corrected to the nearest word, the
most used one among equals, so the suggestion is always something the tray says.
"""

import json
import os
import uuid
from bisect import bisect_left
from collections import Counter
from pathlib import Path

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from tarjotin.models import LANGUAGES
from tarjotin.search.analysis import words_of

# Shorter words have too many neighbours to guess from.
MIN_LENGTH = 4


def count_words(documents):
    """Return per language a Counter of how many of ``documents`` use each word."""
    counts = {lang: Counter() for lang in LANGUAGES}
    for doc in documents:
        for lang, texts in doc["texts"].items():
            counts[lang].update(words_of("\n".join(texts)))
    return counts


def write(folder, counts):
    """Write the words of every language into the generation ``folder``."""
    for lang, counter in counts.items():
        path = Path(folder) / f"words-{lang}.json"
        temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
        temporary.write_text(json.dumps(counter, ensure_ascii=False, sort_keys=True))
        os.replace(temporary, path)


def read(folder):
    """Return per language the Counter of words in the generation ``folder``."""
    counts = {}
    for lang in LANGUAGES:
        path = Path(folder) / f"words-{lang}.json"
        counts[lang] = Counter(json.loads(path.read_text())) if path.exists() else Counter()
    return counts


def add(folder, documents):
    """Add the words of ``documents`` to those of the generation ``folder``."""
    counts = read(folder)
    for lang, counter in count_words(documents).items():
        counts[lang].update(counter)
    write(folder, counts)


class Speller:
    """The words of one language, sorted, for corrections."""

    def __init__(self, counts):
        self.counts = counts
        self.words = sorted(counts)

    @classmethod
    def load(cls, folder, lang):
        path = Path(folder) / f"words-{lang}.json"
        return cls(Counter(json.loads(path.read_text())) if path.exists() else Counter())

    def correct(self, word):
        """Return the word nearest to ``word`` (one edit, or two for a long word), or None."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.counts:
            return None
        maxdist = 1 if len(word) < 7 else 2
        found = [
            (distance, -self.counts[candidate], candidate)
            for distance, candidate in self._within(word, maxdist)
        ]
        return min(found)[2] if found else None

    def _within(self, word, maxdist):
        """Yield (distance, w) for the words at most ``maxdist`` edits from ``word``.

        The first letter is kept: it is rarely the mistyped one, and it makes this fast.
        """
        words = self.words

        def first_at_or_after(text):
            position = bisect_left(words, text)
            return words[position] if position < len(words) else None

        seen = set()
        for distance in range(1, maxdist + 1):
            automaton = levenshtein_automaton(word, distance, prefix=1).to_dfa()
            for found in find_all_matches(automaton, first_at_or_after):
                if found not in seen:
                    seen.add(found)
                    yield distance, found
