"""Slugs name a project's output files: one safe file-name part, never a path, still readable.

The non-Latin cases follow CONTRACT section 6 (any project name with a letter or digit in any
script is accepted); what such a slug looks like is not fixed, only that it is safe and sensible.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import AnswersError
from advisor.slug import project_slug, slugify

LIMIT = 64


def base_letters(slug: str) -> str:
    """The slug without accents, whether the slug kept them or not."""
    decomposed = unicodedata.normalize("NFKD", slug)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def assert_safe(slug: str) -> None:
    """One file-name part: letters and digits of any script, single inner dashes, bounded."""
    assert slug, "empty slug"
    assert len(slug) <= LIMIT, (len(slug), slug)
    assert len(slug.encode("utf-8")) + len(".answers.yaml") <= 255  # a file name's byte limit
    assert not slug.startswith("-") and not slug.endswith("-"), slug
    assert "--" not in slug, slug
    # Letters (with their combining marks) and digits of any script; ASCII letters lower-case.
    assert all(c.isalnum() or c == "-" or unicodedata.category(c).startswith("M")
               for c in slug), slug
    assert not any("A" <= c <= "Z" for c in slug), slug


@pytest.mark.parametrize(("name", "slug"), [
    ("Retail shelf  recognition", "retail-shelf-recognition"),
    ("a -- b__c  d", "a-b-c-d"),
    ("a...b///c\\\\d", "a-b-c-d"),
    ("  --Fraud  detection--  ", "fraud-detection"),
    ("Model v2.1 (final)", "model-v2-1-final"),
    ("../../etc/passwd", "etc-passwd"),
    ("x\x00y\nz\tw", "x-y-z-w"),
    ("ALL CAPS 2026", "all-caps-2026"),
])
def test_separator_runs_collapse_to_one_dash_and_ends_are_trimmed(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert project_slug(name) == slug


@pytest.mark.parametrize(("name", "letters"), [
    ("Ünïcödé", "unicode"),
    ("Café Crème", "cafe-creme"),
    ("Ångström façade", "angstrom-facade"),
    ("naïve Bayes", "naive-bayes"),
])
def test_accented_letters_keep_their_letter(name: str, letters: str) -> None:
    # Accents may stay or go; the letters themselves must not be dropped ("Ünïcödé" -> "ncd").
    slug = project_slug(name)
    assert base_letters(slug) == letters
    assert_safe(slug)


def test_the_limit_is_64_characters_and_a_cut_never_ends_in_a_dash() -> None:
    assert slugify("a" * 200) == "a" * LIMIT
    # The 64th character would be a dash: it is dropped rather than kept dangling.
    assert slugify("b" * 63 + " tail") == "b" * 63
    assert slugify("c" * 64 + " tail") == "c" * 64
    words = slugify(" ".join(["word"] * 40))
    assert words == "-".join(["word"] * 13)  # exactly 64 characters
    assert slugify(" ".join(["word"] * 40) + "s") == words
    assert slugify("d" * 62 + "--e") == "d" * 62 + "-e"  # the run collapses before the cut


def test_nothing_usable_is_an_answers_error_naming_the_field() -> None:
    for name in ("", "   ", "---", "!!! ???", "\u200b"):
        with pytest.raises(AnswersError) as info:
            project_slug(name, source="team.yaml")
        assert info.value.field == "project_name" and info.value.file == "team.yaml"
        assert info.value.allowed == "a name with at least one letter or digit, in any script"
    with pytest.raises(AnswersError) as info:
        project_slug("???")
    assert info.value.file == "answers"  # the default source: answers given without a file


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200))
def test_ascii_names_give_exactly_the_documented_slug(name: str) -> None:
    expected = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:LIMIT].rstrip("-")
    assert slugify(name) == expected
    assert slugify(expected) == expected  # a slug is its own slug


@given(st.text(max_size=300))
def test_any_slug_is_a_safe_file_name_part(name: str) -> None:
    slug = slugify(name)
    if slug:
        assert_safe(slug)


# CONTRACT section 6: any script is accepted (issue 18).


@pytest.mark.parametrize("name", ["店舗棚画像認識", "Проект", "Ελληνικά 2", "مشروع", "프로젝트"])
def test_a_name_in_any_script_gives_a_safe_slug(name: str) -> None:
    slug = project_slug(name)
    assert_safe(slug)
    assert any(c.isalpha() for c in slug), slug  # the letters name the files, not only "2"


def test_non_latin_names_still_tell_projects_apart() -> None:
    slugs = {project_slug(n) for n in ("店舗棚画像認識", "在庫予測", "Проект", "Проект 2")}
    assert len(slugs) == 4


def test_a_long_non_latin_name_stays_within_the_limits() -> None:
    assert_safe(project_slug("店舗棚画像認識" * 30))
    assert_safe(project_slug("Проект " * 40))


def test_a_long_mixed_name_keeps_the_most_of_its_ascii_part() -> None:
    # ASCII part cut to leave room for "-" and the 8-digit digest: exactly 64 characters.
    slug = project_slug("a" * 80 + " 店")
    assert len(slug) == LIMIT and slug.startswith("a" * 55 + "-")
    assert_safe(slug)
    assert_safe(project_slug("word " * 20 + "店"))  # the cut lands on a dash: no "--"
