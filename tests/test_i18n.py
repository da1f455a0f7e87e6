"""The three catalogues are complete, and messages.pot matches the source."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fi", "sv", "en")


def read_catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(lang):
    catalogue = read_catalogue(lang)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            problems.append(f"untranslated: {message.id!r}")
    assert problems == [], f"{lang}: " + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_every_message_of_the_template(lang):
    with open(ROOT / "translations" / "messages.pot", "rb") as handle:
        template = read_po(handle)
    catalogue = read_catalogue(lang)
    missing = [m.id for m in template if m.id and m.id not in catalogue]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang):
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for message in read_catalogue(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(pattern.findall(ids[-1]))
        for string in strings:
            if string and set(pattern.findall(string)) - expected:
                wrong.append(message.id)
    assert wrong == []


def test_messages_pot_is_up_to_date(tmp_path):
    """Extraction from the source gives exactly the messages in translations/messages.pot."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract",
         "-F", "babel.cfg", "-o", str(fresh), "--no-location", "--sort-output",
         "-k", "_l", "-k", "lazy_ngettext:1,2", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with open(fresh, "rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    with open(ROOT / "translations" / "messages.pot", "rb") as handle:
        committed = {m.id for m in read_po(handle) if m.id}
    assert sorted(extracted - committed, key=str) == [], "run scripts/translations update"
    assert sorted(committed - extracted, key=str) == [], "run scripts/translations update"
