"""PDF paper sizes: the one list of them, and reading `--paper` (`ADVISOR_PAPER`)."""

from __future__ import annotations

from typing import Literal, get_args

from advisor.errors import InputError

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = get_args(Paper)
#: The CSS `@page size` name of each paper.
PAPER_SIZES: dict[Paper, str] = {"a4": "A4", "letter": "letter"}


def parse_paper(value: str, *, source: str = "--paper") -> Paper:
    """`value` as a paper size (case and surrounding spaces ignored); InputError otherwise."""
    name = value.strip().lower()
    for paper in PAPERS:
        if name == paper:
            return paper
    raise InputError(f"unknown paper size {value!r}", file=source, allowed=", ".join(PAPERS))
