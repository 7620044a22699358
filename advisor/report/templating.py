"""The Jinja environments of the report: HTML (autoescaped) and Markdown (values sanitised).

Templates are loaded only from the advisor's templates/ folder; both environments are strict
about undefined names so that a typo in a template fails the tests instead of printing nothing.
There is one environment per language: the i18n extension's `{% trans %}` and `_()` read that
language's catalogue (advisor.i18n).
"""

from __future__ import annotations

from functools import cache

import jinja2

from advisor.i18n import SOURCE_LANGUAGE, Language, translations
from advisor.paths import templates_dir
from advisor.report.filters import FILTERS


def _localised(env: jinja2.Environment, language: Language) -> jinja2.Environment:
    env.filters.update(FILTERS)
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return env


@cache
def html_environment(language: Language = SOURCE_LANGUAGE) -> jinja2.Environment:
    """Environment for HTML: autoescape always on (every value is escaped unless marked safe)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    return _localised(env, language)


@cache
def markdown_environment(language: Language = SOURCE_LANGUAGE) -> jinja2.Environment:
    """Environment for Markdown: no HTML autoescape; templates pass every value through `md`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    return _localised(env, language)


def read_asset(name: str) -> str:
    """The text of one of our own template assets (CSS), read from templates/ only."""
    path = (templates_dir() / name).resolve()
    if templates_dir().resolve() not in path.parents:
        raise ValueError(f"{name!r} is not a template asset")
    return path.read_text(encoding="utf-8")
