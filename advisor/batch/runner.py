"""Run the profiles of a batch: one job per profile, each assessed against every machine.

Output layout (never two profiles in one folder): with one machine (or --no-probes) a profile's
reports go to ``DIR/<profile-key>/``; with several machines to ``DIR/<machine>/<profile-key>/``.
The profile key is the answers file's name (``retail-vision``) or the CSV row (``row-0002``), so
two profiles with the same project name never overwrite each other; inside the folder files are
named after the project (``<project-slug>.json``...).

Jobs run in this process or in worker processes (advisor.batch.workers); either way each job
runs `run_profile` on the same inputs with the same `created_at`, and results are
ordered by profile and machine, so the outputs are identical.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.batch.digests import digest_files
from advisor.batch.inputs import Profile
from advisor.batch.machines import Machine
from advisor.batch.results import (
    FAILED,
    OK,
    BatchSettings,
    ProfileResult,
    ProfileRunner,
    ResultCallback,
)
from advisor.errors import AdvisorError, Interrupted
from advisor.outputs import ReportsIncomplete


def profile_dir(settings: BatchSettings, machine: Machine, profile: Profile) -> Path:
    """Where one profile's reports on one machine go (see the module docstring)."""
    if len(settings.machines) > 1:
        return settings.output_dir / machine.label / profile.key
    return settings.output_dir / profile.key


def fingerprint(settings: BatchSettings, machine: Machine, profile: Profile) -> str:
    """A digest of everything that decides a profile's outputs on a machine (for --resume)."""
    document: dict[str, Any] = {
        "advisor": __version__,
        "answers": profile.answers.values if profile.answers else None,
        "sources": profile.answers.sources if profile.answers else None,
        "notes": list(profile.answers.notes) if profile.answers else None,
        "model": settings.model_digest,
        "error": profile.error,
        "questionnaire": settings.questionnaire_id,
        "formats": [f.value for f in settings.formats],
        "paper": settings.paper,
        "lang": settings.lang,
        "machine": [machine.label, machine.fingerprint, len(settings.machines) > 1],
        "key": profile.key,
    }
    if machine.cost_per_hour is not None:  # the reports' cost line (absent without --cost)
        document["cost_per_hour"] = machine.cost_per_hour
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def reproduce_command(machine: Machine, answers_file: Path) -> list[str]:
    """The `advisor assess` command that gives the same assessment for one profile.

    Paths are as the batch was given them (relative to where it ran), like `advisor assess`.
    """
    probes = ["--probe-results", machine.path] if machine.path else ["--no-probes"]
    return ["advisor", "assess", "--answers", answers_file.as_posix(), *probes]


def run_profile(profile: Profile, settings: BatchSettings) -> list[ProfileResult]:
    """Assess one profile against every machine and write its reports; never raises AdvisorError."""
    return [_run_one(profile, settings, i, m) for i, m in enumerate(settings.machines)]


def _run_one(profile: Profile, settings: BatchSettings, machine_index: int,
             machine: Machine) -> ProfileResult:
    from advisor.fileio import refuse_symlinks
    from advisor.outputs import answers_path
    from advisor.pipeline import assess, write_assessment
    from advisor.slug import project_slug

    base: dict[str, Any] = {
        "index": profile.index, "machine_index": machine_index, "key": profile.key,
        "source": profile.source, "row": profile.row, "project": profile.project,
        "machine": machine.label, "fingerprint": fingerprint(settings, machine, profile),
    }
    if profile.answers is None:
        return ProfileResult(**base, status=FAILED, error=profile.error or "invalid profile")
    folder = profile_dir(settings, machine, profile)
    try:
        refuse_symlinks(settings.output_dir, folder)
        replay = answers_path(folder, project_slug(profile.project, source=profile.label))
        assessment = assess(
            profile.answers,
            machine.report,
            questionnaire_id=settings.questionnaire_id,
            command=reproduce_command(machine, replay),
            created_at=settings.created_at,
        )
        if machine.cost_per_hour is not None:  # the reports' cost line, saved with the JSON
            assessment = assessment.model_copy(update={"cost_per_hour": machine.cost_per_hour})
        written = write_assessment(assessment, settings.formats, folder, paper=settings.paper,
                                   lang=settings.lang)
    except ReportsIncomplete as exc:  # the other formats were written: list them
        return ProfileResult(**base, status=FAILED, error=exc.message,
                             reports=_relative(exc.written, settings))
    except AdvisorError as exc:
        return ProfileResult(**base, status=FAILED, error=exc.message)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        return ProfileResult(**base, status=FAILED,
                             error=f"cannot write{where}: {exc.strerror or exc}")
    except Exception as exc:  # a bug must cost one profile, not the batch
        return ProfileResult(**base, status=FAILED,
                             error=f"internal error: {type(exc).__name__}: {exc}")
    rec = assessment.recommendation
    reports = _relative(written, settings)
    return ProfileResult(
        **base,
        status=OK,
        recommendation=rec.framework if rec else None,
        confidence=rec.confidence if rec else None,
        margin=rec.margin if rec else None,
        close_call=bool(rec and rec.close_call),
        scores=dict(assessment.scores or {}),
        reports=reports,
        files=digest_files(settings.output_dir, reports),
    )


def _relative(paths: Sequence[Path], settings: BatchSettings) -> tuple[str, ...]:
    return tuple(p.relative_to(settings.output_dir).as_posix() for p in paths)


def run_batch(profiles: Sequence[Profile], settings: BatchSettings, *,
              on_result: ResultCallback | None = None,
              workers: ProfileRunner | None = None) -> list[ProfileResult]:
    """Run every profile; results sorted by profile then machine, wherever they ran.

    With `workers` (worker processes, left open for the caller) the profiles run there;
    without, one after another in this process.

    `on_result` is called in this process after each profile (for progress and the manifest).
    On Ctrl-C, pending profiles are cancelled and `Interrupted` is raised after the running ones
    finished writing; `on_result` has seen every profile that completed.
    """
    results: list[ProfileResult] = []

    def collect(batch: list[ProfileResult]) -> None:
        results.extend(batch)
        if on_result is not None:
            on_result(batch)

    try:
        if workers is None:
            for profile in profiles:
                collect(run_profile(profile, settings))
        else:
            workers.run(profiles, collect)
    except KeyboardInterrupt:
        raise Interrupted(
            f"interrupted after {len({r.index for r in results})} of {len(profiles)} profiles;"
            " files written so far are complete (run again with --resume to finish)"
        ) from None
    results.sort(key=lambda r: (r.index, r.machine_index))
    return results


def failed_results(profile: Profile, settings: BatchSettings, error: str) -> list[ProfileResult]:
    """One failed row per machine for a profile that could not be run at all."""
    return [
        ProfileResult(
            index=profile.index, machine_index=i, key=profile.key, source=profile.source,
            row=profile.row, project=profile.project, machine=machine.label, status=FAILED,
            error=error, fingerprint=fingerprint(settings, machine, profile),
        )
        for i, machine in enumerate(settings.machines)
    ]
