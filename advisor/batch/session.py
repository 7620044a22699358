"""One batch from start to end: profiles in, reports, manifest and summaries out.

Core code: returns a `BatchOutcome` and raises AdvisorError subclasses; never prints. Progress is
reported through a callback so the CLI decides whether and how to show it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.assessment_io import utc_now_iso
from advisor.batch.inputs import Profile, load_profiles
from advisor.batch.lock import remove_stale_parts
from advisor.batch.machines import Machine
from advisor.batch.manifest import ManifestWriter, load_manifest, resumed_results
from advisor.batch.results import BatchSettings, ProfileResult
from advisor.batch.runner import run_batch
from advisor.batch.summary import build_summary, write_summary
from advisor.errors import Interrupted
from advisor.exit_status import ExitStatus
from advisor.fileio import atomic_write_bytes, prepare_output_dir
from advisor.i18n import SOURCE_LANGUAGE, Language
from advisor.outputs import OutputFormat
from advisor.questionnaire import Questionnaire
from advisor.report.paper import Paper

if TYPE_CHECKING:
    from advisor.batch.workers import Workers

#: Called with the number of profiles done (including resumed ones) and the total.
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class BatchRequest:
    """What the user asked for."""

    input_path: Path
    questionnaire: Questionnaire
    machines: tuple[Machine, ...]
    formats: tuple[OutputFormat, ...]
    output_dir: Path
    jobs: int = 1
    resume: bool = False
    fail_on_close_call: bool = False
    created_at: str | None = None
    paper: Paper = "a4"
    lang: Language = SOURCE_LANGUAGE


@dataclass(frozen=True)
class BatchOutcome:
    """What the batch did: every row, the summary document and the files it wrote."""

    profiles: list[Profile]
    results: list[ProfileResult]
    summary: dict[str, Any]
    summary_files: list[Path]
    resumed: int
    exit_status: ExitStatus
    close_calls: list[ProfileResult] = field(default_factory=list)
    #: Summary or manifest files that could not be written (a full disk), with the OS's reason.
    write_errors: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[ProfileResult]:
        """Rows that failed, in batch order."""
        return [r for r in self.results if not r.ok]


def model_digest(questionnaire: Questionnaire) -> str:
    """A digest of the questionnaire and the decision model the batch scores with.

    Loading the decision model here also makes a broken model an error of the whole batch
    (exit 2) rather than the same failure repeated for every profile.
    """
    from advisor.scoring import load_decision_model

    decision_model = load_decision_model()
    text = questionnaire.model_dump_json() + decision_model.sha256
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_batch_profiles(request: BatchRequest) -> list[Profile]:
    """The profiles of the request's INPUT (exit-2 errors for the batch as a whole)."""
    return load_profiles(request.input_path, request.questionnaire, request.output_dir)


def execute_batch(request: BatchRequest, profiles: Sequence[Profile],
                  progress: ProgressCallback | None = None) -> BatchOutcome:
    """Run the batch and write everything; raise Interrupted (after saving progress) on Ctrl-C."""
    settings = BatchSettings(
        machines=request.machines,
        formats=request.formats,
        output_dir=request.output_dir,
        created_at=request.created_at or utc_now_iso(),
        questionnaire_id=request.questionnaire.id,
        model_digest=model_digest(request.questionnaire),
        paper=request.paper,
        lang=request.lang,
    )
    prepare_output_dir(request.output_dir)
    manifest = ManifestWriter(request.output_dir)
    earlier = {}
    if request.resume:
        remove_stale_parts(request.output_dir)  # left by a killed run (the caller holds the lock)
        earlier = load_manifest(request.output_dir)
    done: list[ProfileResult] = []
    to_run: list[Profile] = []
    for profile in profiles:
        saved = resumed_results(profile, settings, earlier) if earlier else None
        if saved is None:
            to_run.append(profile)
        else:
            done.extend(saved)
    resumed = len(profiles) - len(to_run)
    manifest.record(done)
    counter = [resumed]
    if progress is not None:
        progress(resumed, len(profiles))

    def on_result(batch: list[ProfileResult]) -> None:
        manifest.record(batch)
        counter[0] += 1
        if progress is not None:
            progress(counter[0], len(profiles))

    with _workers(settings, request.jobs, len(to_run)) as workers:
        try:
            ran = run_batch(to_run, settings, on_result=on_result, workers=workers)
        except Interrupted:
            manifest.flush()
            raise
        results = sorted([*done, *ran], key=lambda r: (r.index, r.machine_index))
        document = build_summary(results, settings, input_path=str(request.input_path),
                                 profile_count=len(profiles))
        pages, page_error = _summary_page(document, results, request, workers)
    document["page_error"] = page_error
    # Even when the disk filled up during the batch, try to write what was done: each file on
    # its own, so a summary.csv may still fit where summary.json did not.
    write_errors: list[str] = []
    written = write_summary(document, results, request.output_dir, errors=write_errors)
    for name, data in pages.items():
        try:
            written.append(atomic_write_bytes(request.output_dir / name, data))
        except OSError as exc:
            write_errors.append(f"{request.output_dir / name} not written: {exc.strerror or exc}")
    manifest.flush()
    if manifest.error:
        write_errors.append(f"{manifest.error} (--resume will redo the profiles it misses)")
    close_calls = [r for r in results if r.close_call]
    status = ExitStatus.OK
    if (any(not r.ok for r in results) or (request.fail_on_close_call and close_calls)
            or page_error or write_errors):
        status = ExitStatus.PARTIAL
    return BatchOutcome(profiles=list(profiles), results=results, summary=document,
                        summary_files=written, resumed=resumed, exit_status=status,
                        close_calls=close_calls, write_errors=write_errors)


def _workers(settings: BatchSettings, jobs: int, profiles: int) -> AbstractContextManager[Any]:
    """Worker processes for the batch (closed at its end), or nothing when it runs in here."""
    if jobs <= 1 or profiles <= 1:
        return nullcontext(None)
    from advisor.batch.workers import Workers

    return Workers(settings, min(jobs, profiles))


def _summary_page(document: dict[str, Any], results: Sequence[ProfileResult],
                  request: BatchRequest, workers: Workers | None
                  ) -> tuple[dict[str, bytes], str | None]:
    """The rendered summary page(s), and why one could not be rendered (the batch goes on).

    The batch's workers render it when there are some: warm, and the HTML beside the PDF.
    """
    wanted = {f.value for f in request.formats}
    if not wanted & {"html", "pdf"}:
        return {}, None
    from advisor.batch.page import render_summary_page

    submit = workers.submit if workers is not None and workers.started else None
    pages, errors = render_summary_page(document, results, html="html" in wanted,
                                        pdf="pdf" in wanted, paper=request.paper,
                                        lang=request.lang, submit=submit)
    return pages, "; ".join(errors) or None
