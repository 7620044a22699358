"""The report's languages: which ones exist, and their message catalogues.

English is the source language: templates and Python hold English text, wrapped in gettext calls
(`{% trans %}`, `_()`). Each other language has one catalogue, `templates/locale/<lang>/LC_MESSAGES/
advisor.po`, edited as text and read directly (no compiled `.mo` to keep in step). A message without
a translation falls back to English; a test keeps the Japanese catalogue complete.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, get_args

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from advisor.errors import InputError
from advisor.paths import templates_dir

Language = Literal["en", "ja"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
SOURCE_LANGUAGE: Language = "en"
DOMAIN = "advisor"
#: The environment variable `--lang` reads when it is not given.
LANG_ENV = "ADVISOR_LANG"


def parse_language(value: str | None, *, source: str = "--lang") -> Language:
    """The language named by `value` (`en`, `ja`; case and a region such as `ja_JP` ignored)."""
    if value is None or not value.strip():
        return SOURCE_LANGUAGE
    code = value.strip().replace("-", "_").split("_")[0].lower()
    for language in LANGUAGES:
        if code == language:
            return language
    raise InputError(f"unknown language {value!r}", file=source, allowed=", ".join(LANGUAGES))


def language_from_environment() -> Language:
    """The language `ADVISOR_LANG` asks for (English when unset)."""
    return parse_language(os.environ.get(LANG_ENV), source=LANG_ENV)


def catalogue_path(language: Language) -> Path:
    """Where the catalogue of `language` lives (the source language has none)."""
    return templates_dir() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: Language) -> NullTranslations:
    """The gettext translations of `language`; English (the source) translates nothing."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    path = catalogue_path(language)
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext_for(language: Language) -> Callable[[str], str]:
    """The `_()` of `language`, for report text built in Python."""
    return translations(language).gettext


#: The language report text is being written in (see `report_language`).
_REPORT_LANGUAGE: ContextVar[Language] = ContextVar("report_language", default=SOURCE_LANGUAGE)


@contextmanager
def report_language(language: Language) -> Iterator[None]:
    """Write the report's Python-built text in `language` inside the block.

    The report's sentences are made by many small functions (summary, reasons, risks, ledger,
    charts); the language is set once around building and rendering a report instead of being
    passed through every one of them. A context variable, so threads and batches stay apart.
    """
    token = _REPORT_LANGUAGE.set(language)
    try:
        yield
    finally:
        _REPORT_LANGUAGE.reset(token)


def current_language() -> Language:
    """The language report text is being written in (English outside `report_language`)."""
    return _REPORT_LANGUAGE.get()


def _(message: str) -> str:
    """`message` in the current report language (English, the source, when untranslated)."""
    return translations(_REPORT_LANGUAGE.get()).gettext(message)


#: How each language joins sentences into a paragraph: English with a space, Japanese (whose
#: full stop 。 already separates them) with none.
_SENTENCE_GAP: dict[Language, str] = {"en": " ", "ja": ""}


def join_sentences(sentences: list[str]) -> str:
    """`sentences` as one paragraph in the current report language."""
    return _SENTENCE_GAP[_REPORT_LANGUAGE.get()].join(sentences)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it here (it is translated where
    shown, in the reader's language)."""
    return message


def format_day(iso_timestamp: str, language: Language) -> str:
    """The day of an ISO timestamp as the language writes it (2026-12-06, 2026年12月6日)."""
    if language == SOURCE_LANGUAGE:
        return iso_timestamp[:10]  # ISO dates are what English-language decision records use
    try:
        day = date.fromisoformat(iso_timestamp[:10])
    except ValueError:  # a hand-edited file: shown as written rather than refused
        return iso_timestamp[:10]
    return format_date(day, format="long", locale=language)


def format_moment(iso_timestamp: str, language: Language) -> str:
    """A timestamp as a reader writes it: the day as `format_day` gives it, then the minute and
    the offset (2026-12-06 23:44 UTC, 2026年12月6日 23:44 UTC+09:00); a text that is not an ISO
    timestamp (a hand-edited file) is shown as written."""
    day = format_day(iso_timestamp, language)
    if len(iso_timestamp) < 16 or iso_timestamp[10] not in "T " or not _is_day(iso_timestamp):
        return iso_timestamp
    offset = iso_timestamp[19:].lstrip(".0123456789") or ""
    zone = " UTC" + (offset if offset not in ("", "Z", "+00:00") else "") if offset else ""
    return f"{day} {iso_timestamp[11:16]}{zone}"


def _is_day(iso_timestamp: str) -> bool:
    try:
        date.fromisoformat(iso_timestamp[:10])
    except ValueError:
        return False
    return True


#: Where report text lives: the templates, and the Python that builds report sentences.
#: `_` and `N_` (mark only) are the gettext keywords in Python; templates use `{% trans %}`/`_()`.
_EXTRACT_METHODS = [
    ("**.j2", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
_EXTRACT_OPTIONS = {"**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                              "lstrip_blocks": "true"}}
_PYTHON_SOURCES = ("report", "batch")
#: Single modules with report text outside those folders (the options' display labels).
_PYTHON_FILES = ("options.py",)


_HEADER_COMMENT = (
    "# advisor's report text in '{language}'. English (the msgid) is the source.\n"
    "# After changing report text run `python -m advisor.i18n`, then translate the new\n"
    "# entries (msgstr \"\"); tests/i18n/test_catalogue.py keeps this catalogue complete."
)


def extract_messages() -> Catalog:
    """Every translatable message of the reports, as a catalogue (the source of the `.po` files)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file

    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    catalogue = Catalog(domain=DOMAIN, project="advisor", fuzzy=False)
    folders = [templates_dir()] + [Path(__file__).resolve().parent / name
                                   for name in _PYTHON_SOURCES]
    for folder in folders:
        for filename, lineno, message, comments, _context in extract_from_dir(
            folder, method_map=_EXTRACT_METHODS, options_map=_EXTRACT_OPTIONS,
            keywords=keywords, strip_comment_tags=True,
        ):
            location = (f"{folder.name}/{filename}", lineno)
            catalogue.add(message, locations=[location], auto_comments=comments)
    package = Path(__file__).resolve().parent
    for name in _PYTHON_FILES:
        for lineno, message, comments, _context in extract_from_file(
            "python", package / name, keywords=keywords, strip_comment_tags=True,
        ):
            catalogue.add(message, locations=[(f"{package.name}/{name}", lineno)],
                          auto_comments=comments)
    return catalogue


def update_catalogues() -> list[Path]:
    """Merge the extracted messages into each language's `.po` (new ones untranslated)."""
    from babel.messages.pofile import write_po

    template = extract_messages()
    written = []
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = catalogue_path(language)
        if path.exists():
            with path.open("rb") as handle:
                catalogue = read_po(handle, locale=language, domain=DOMAIN)
            catalogue.update(template, no_fuzzy_matching=True)
        else:
            catalogue = Catalog(locale=language, domain=DOMAIN, project="advisor")
            catalogue.update(template, no_fuzzy_matching=True)
        catalogue.fuzzy = False
        catalogue.header_comment = _HEADER_COMMENT.format(language=language)
        catalogue.last_translator = catalogue.language_team = "advisor maintainers"
        catalogue.copyright_holder = "the advisor authors"
        catalogue.version = "1"
        catalogue.msgid_bugs_address = ""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=100, sort_output=True, omit_header=False,
                     ignore_obsolete=True)
        written.append(path)
    return written


if __name__ == "__main__":  # after changing report text: python -m advisor.i18n
    for written_path in update_catalogues():
        print(f"updated {written_path}")
