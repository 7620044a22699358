"""Safe file-name slugs from project names: outputs never leave the output folder."""

from __future__ import annotations

import re
import unicodedata

from advisor.errors import AnswersError

_MAX_SLUG = 64


def slugify(text: str) -> str:
    """Lower-case ASCII letters, digits and single dashes, at most 64 characters; may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_MAX_SLUG].rstrip("-")


def project_slug(project_name: str, *, source: str = "answers") -> str:
    """The slug of a project name, or an AnswersError when nothing usable is left of it."""
    slug = slugify(project_name)
    if not slug:
        raise AnswersError(
            f"{project_name!r} has no letters or digits to name the output files after",
            file=source,
            field="project_name",
            allowed="a name with at least one letter or digit",
        )
    return slug
