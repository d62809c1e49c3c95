"""The Dutch catalogue (locale/nl): complete, no fuzzy guesses, placeholders intact, compiled."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
# What a translation must carry over unchanged: %-style and {}-style placeholders, HTML tags.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdr]|%[sdr]|\{[^}]*\}|<[^>]+>")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def translation_pairs(entry):
    """(source, translation) per form: singular, or each plural form against its msgid."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in sorted(entry.msgstr_plural.items())]


def test_every_string_is_translated_when_the_dutch_catalogue_is_read(catalogue):
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert len(catalogue) > 0
    assert untranslated == []


def test_no_translation_is_fuzzy_when_the_dutch_catalogue_is_read(catalogue):
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy


def test_every_translation_keeps_its_placeholders_when_the_dutch_catalogue_is_read(catalogue):
    broken = [
        (source, text)
        for entry in catalogue
        for source, text in translation_pairs(entry)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert broken == []


def test_plural_forms_follow_dutch_grammar_when_the_catalogue_declares_them(catalogue):
    assert catalogue.metadata["Language"] == "nl"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert all(len(entry.msgstr_plural) == 2 for entry in catalogue if entry.msgid_plural)


def test_compiled_catalogue_holds_the_same_translations_when_compared_with_the_po(catalogue):
    """The committed .mo serves machines without GNU gettext, so it must not lag behind."""
    compiled = {(entry.msgid, entry.msgid_plural): entry for entry in polib.mofile(str(COMPILED)) if entry.msgid}
    stale = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if (entry.msgid, entry.msgid_plural) not in compiled
        or translation_pairs(compiled[(entry.msgid, entry.msgid_plural)]) != translation_pairs(entry)
    ]
    assert stale == []


def test_the_work_list_has_one_dutch_name_when_the_catalogue_speaks_of_it(catalogue):
    """The menu calls it "Werkvoorraad"; a help text that says "werklijst" sends people looking for
    a page that does not exist."""
    named = [entry.msgstr for entry in catalogue if "work list" in entry.msgid.lower() and entry.msgstr]
    assert named and all("werklijst" not in text.lower() for text in named)
