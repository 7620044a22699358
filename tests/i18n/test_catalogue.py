"""The report languages: choosing one, and a Japanese catalogue that covers every report string."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from advisor.errors import InputError
from advisor.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    catalogue_path,
    extract_messages,
    format_day,
    gettext_for,
    parse_language,
)


@pytest.mark.parametrize(("given", "expected"), [
    (None, "en"), ("", "en"), ("en", "en"), ("ja", "ja"), ("JA", "ja"), ("ja_JP", "ja"),
    ("ja-JP.UTF-8", "ja"), (" en_US ", "en"),
])
def test_language_names_accepted(given: str | None, expected: str) -> None:
    assert parse_language(given) == expected


def test_unknown_language_names_the_option_and_what_is_allowed() -> None:
    with pytest.raises(InputError) as caught:
        parse_language("fr", source="ADVISOR_LANG")
    assert str(caught.value) == "ADVISOR_LANG: unknown language 'fr' (allowed: en, ja)"


def _catalogue(language: str):  # type: ignore[no-untyped-def]
    with catalogue_path(language).open("rb") as handle:  # type: ignore[arg-type]
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
def test_every_report_string_has_a_translation(language: str) -> None:
    """A template or report string added without its translation fails here: run
    `python -m advisor.i18n` and translate the new entries."""
    extracted = {message.id for message in extract_messages() if message.id}
    catalogue = _catalogue(language)
    translated = {message.id: message.string for message in catalogue if message.id}
    missing = sorted(str(m) for m in extracted - translated.keys())
    assert not missing, f"not in the {language} catalogue (run python -m advisor.i18n): {missing}"
    empty = sorted(str(m) for m in extracted if not translated[m])
    assert not empty, f"untranslated in {language}: {empty}"
    stale = sorted(str(m) for m in translated.keys() - extracted)
    assert not stale, f"no longer used, remove with python -m advisor.i18n: {stale}"
    errors = [(message.id, [str(e) for e in problems])
              for message, problems in catalogue.check() if problems]
    assert not errors, f"placeholders differ from the English: {errors}"


def test_japanese_strings_translate_and_english_is_the_source() -> None:
    assert gettext_for("ja")("Batch summary") == "一括評価のまとめ"
    assert gettext_for("en")("Batch summary") == "Batch summary"
    # A string outside the catalogue stays English rather than disappearing.
    assert gettext_for("ja")("no such message") == "no such message"


def test_days_are_written_as_each_language_writes_them() -> None:
    assert format_day("2026-01-09T09:30:00+00:00", "en") == "2026-01-09"
    assert format_day("2026-01-09T09:30:00+00:00", "ja") == "2026年1月9日"
