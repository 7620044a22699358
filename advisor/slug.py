"""Safe file-name slugs from project names: outputs never leave the output folder.

A slug is lower-case ASCII letters, digits and single dashes. Latin letters with accents keep
their base letter (`Café` -> `cafe`). A name with letters or digits that have no ASCII form
(Japanese, Cyrillic, Greek, `ß`...) is accepted too: its slug is the ASCII part of the name, or
`project` when there is none, then a dash and the first 8 hex digits of the SHA-256 of the name
(NFC), so `店舗棚画像認識` -> `project-4b04df72` and different names never share their files.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from advisor.errors import AnswersError

_MAX_SLUG = 64
_DIGEST_CHARS = 8


def _ascii_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _has_letter_or_digit(text: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def _loses_letters(text: str) -> bool:
    """Whether a letter or digit of `text` has no ASCII form (it would vanish from the slug)."""
    return any(
        unicodedata.category(char)[0] in "LN" and not _ascii_slug(char)
        for char in unicodedata.normalize("NFC", text)
    )


def slugify(text: str, *, empty: str = "project") -> str:
    """The slug of `text`, at most 64 characters; may be empty when `text` has no letter or
    digit. `empty` stands before the digest when nothing of the name is ASCII."""
    slug = _ascii_slug(text)
    if not _loses_letters(text):
        return slug[:_MAX_SLUG].rstrip("-")
    digest = hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()
    base = slug[: _MAX_SLUG - _DIGEST_CHARS - 1].rstrip("-") or empty
    return f"{base}-{digest[:_DIGEST_CHARS]}"


def project_slug(project_name: str, *, source: str = "answers") -> str:
    """The slug of a project name, or an AnswersError when it has no letter or digit at all."""
    slug = slugify(project_name)
    if not slug or not _has_letter_or_digit(project_name):
        raise AnswersError(
            f"{project_name!r} has no letters or digits to name the output files after",
            file=source,
            field="project_name",
            allowed="a name with at least one letter or digit, in any script",
        )
    return slug
