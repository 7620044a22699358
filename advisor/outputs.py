"""Output formats and writing one assessment's files into the output folder.

Every file is written atomically and named `<slug>.<ext>`, the slug coming from the project name,
so nothing is ever written outside the output folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import assert_never

import yaml

from advisor.assessment_io import save_assessment
from advisor.errors import InputError
from advisor.fileio import atomic_write_text
from advisor.models import Assessment


class OutputFormat(StrEnum):
    """A report format `--format` accepts."""

    JSON = "json"

    @property
    def extension(self) -> str:
        """File name extension of this format."""
        return self.value


DEFAULT_FORMATS: tuple[OutputFormat, ...] = (OutputFormat.JSON,)


def parse_formats(values: Iterable[str], *, source: str = "--format") -> list[OutputFormat]:
    """Parse repeated and comma-separated format names, keeping order and dropping repeats."""
    allowed = ", ".join(f.value for f in OutputFormat)
    formats: list[OutputFormat] = []
    for value in values:
        for name in filter(None, (part.strip().lower() for part in value.split(","))):
            try:
                fmt = OutputFormat(name)
            except ValueError:
                raise InputError(f"unknown format {name!r}", file=source, allowed=allowed) from None
            if fmt not in formats:
                formats.append(fmt)
    return formats


def answers_path(output_dir: Path, slug: str) -> Path:
    """Where the resolved answers of a run are saved (replay with `--answers`)."""
    return output_dir / f"{slug}.answers.yaml"


def write_resolved_answers(assessment: Assessment, output_dir: Path, slug: str) -> Path:
    """Save the answers used, defaults filled in, so that `--answers` replays the run exactly."""
    target = answers_path(output_dir, slug)
    header = (
        "# Answers used by advisor, defaults filled in. Replay the run with:\n"
        f"#   advisor assess --answers {target}\n"
    )
    body = yaml.safe_dump(assessment.answers, sort_keys=False, allow_unicode=True)
    return atomic_write_text(target, header + body)


def write_outputs(
    assessment: Assessment, formats: Iterable[OutputFormat], output_dir: Path, slug: str
) -> list[Path]:
    """Write the assessment in each format, plus its resolved answers; return the paths."""
    written: list[Path] = []
    for fmt in formats:
        target = output_dir / f"{slug}.{fmt.extension}"
        if fmt is OutputFormat.JSON:
            written.append(save_assessment(assessment, target))
        else:
            assert_never(fmt)
    written.append(write_resolved_answers(assessment, output_dir, slug))
    return written
