"""Output formats and writing one assessment's files into the output folder.

Every file is written atomically and named `<slug>.<ext>`, the slug coming from the project name,
so nothing is ever written outside the output folder. The report context is built once and
shared by the HTML, PDF and Markdown renderers; a format that fails to render does not stop the
others (ReportsIncomplete lists what was written and what failed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, assert_never

import yaml

from advisor.assessment_io import save_assessment
from advisor.errors import InputError, ReportError
from advisor.fileio import atomic_write_bytes, atomic_write_text, prepare_output_dir
from advisor.gc_policy import fewer_collections
from advisor.i18n import SOURCE_LANGUAGE, Language
from advisor.models import Assessment
from advisor.report.paper import Paper


class OutputFormat(StrEnum):
    """A report format `--format` accepts."""

    HTML = "html"
    PDF = "pdf"
    JSON = "json"
    MD = "md"

    @property
    def extension(self) -> str:
        """File name extension of this format."""
        return self.value


DEFAULT_FORMATS: tuple[OutputFormat, ...] = (OutputFormat.HTML, OutputFormat.PDF, OutputFormat.JSON)


class ReportsIncomplete(ReportError):
    """Some formats failed to render; the others were written (exit 1)."""

    def __init__(self, written: list[Path], failures: dict[str, str]) -> None:
        self.written = written
        self.failures = failures
        detail = "; ".join(f"{fmt}: {reason}" for fmt, reason in failures.items())
        super().__init__(f"{len(failures)} report format(s) failed ({detail})")


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
    if not formats:
        raise InputError("no format given", file=source, allowed=allowed)
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


class _Renderer:
    """Renders one assessment to each format, building the report context (and HTML) once."""

    def __init__(
        self, assessment: Assessment, assessment_path: Path, paper: Paper, *, saved: bool,
        formats: Sequence[OutputFormat] = (), lang: Language = SOURCE_LANGUAGE,
    ) -> None:
        self.assessment = assessment
        self.formats = [f.value for f in formats]
        self.assessment_path = assessment_path
        self.saved = saved
        self.paper: Paper = paper
        self.lang: Language = lang
        self._context: dict[str, Any] | None = None

    def context(self, *, charts: bool) -> dict[str, Any]:
        if self._context is None or (charts and not self._context["charts"]):
            from advisor.report.context import build_report_context

            self._context = build_report_context(
                self.assessment, assessment_path=self.assessment_path,
                assessment_saved=self.saved, charts=charts, formats=self.formats,
                paper=self.paper, lang=self.lang)
        return self._context

    def write(self, fmt: OutputFormat, target: Path) -> Path:
        if fmt is OutputFormat.JSON:
            return save_assessment(self.assessment, target)
        if fmt is OutputFormat.HTML:
            from advisor.report.html import render_html

            return atomic_write_text(target, render_html(self.context(charts=True)))
        if fmt is OutputFormat.PDF:
            from advisor.report.pdf import render_pdf

            pdf = render_pdf(self.context(charts=True), paper=self.paper)
            return atomic_write_bytes(target, pdf)
        if fmt is OutputFormat.MD:
            from advisor.report.markdown import render_markdown

            return atomic_write_text(target, render_markdown(self.context(charts=False)))
        assert_never(fmt)


def write_outputs(
    assessment: Assessment,
    formats: Iterable[OutputFormat],
    output_dir: Path,
    slug: str,
    *,
    paper: Paper = "a4",
    lang: Language = SOURCE_LANGUAGE,
    write_answers: bool = True,
    assessment_path: Path | None = None,
) -> list[Path]:
    """Write the assessment in each format, plus its resolved answers; return the paths.

    Raises ReportsIncomplete (exit 1) after writing everything else when a format fails.
    """
    formats = list(formats)
    prepare_output_dir(output_dir)  # exit 2 before rendering: read-only, a file, no such parent
    source = assessment_path or output_dir / f"{slug}.{OutputFormat.JSON.extension}"
    saved = assessment_path is not None or OutputFormat.JSON in formats
    renderer = _Renderer(assessment, source, paper, saved=saved, formats=formats, lang=lang)
    written: list[Path] = []
    failures: dict[str, str] = {}
    with fewer_collections():
        for fmt in formats:
            try:
                written.append(renderer.write(fmt, output_dir / f"{slug}.{fmt.extension}"))
            except ReportError as exc:
                failures[fmt.value] = exc.message
            except OSError as exc:
                target = output_dir / f"{slug}.{fmt.extension}"
                failures[fmt.value] = f"cannot write {target}: {exc.strerror or exc}"
    if write_answers:
        try:
            written.append(write_resolved_answers(assessment, output_dir, slug))
        except OSError as exc:
            target = answers_path(output_dir, slug)
            failures["answers"] = f"cannot write {target}: {exc.strerror or exc}"
    if failures:
        raise ReportsIncomplete(written, failures)
    return written
