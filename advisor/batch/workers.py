"""Worker processes of a batch: one job per profile, crashes contained, Ctrl-C handled.

Workers start with the ``forkserver`` method (``spawn`` where there is none): no state of this
process leaks into them. The batch settings reach each worker once, through the initializer;
profiles go one job at a time. Workers ignore SIGINT: on Ctrl-C the parent cancels pending jobs,
lets running ones finish their (atomic) writes and re-raises.

A worker that dies (killed, out of memory, a crash in a native library) breaks the whole pool.
The profiles it took down are run again in a fresh pool, and those that break a pool a second
time are run alone, one pool each: only a profile that kills its own worker is marked failed.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from advisor.batch.inputs import Profile
from advisor.batch.runner import BatchSettings, ProfileResult, failed_results, run_profile

Collect = Callable[[list[ProfileResult]], None]
Job = Callable[[Profile], list[ProfileResult]]

_WORKER_SETTINGS: BatchSettings | None = None
CRASHED = ("the worker process running this profile died (killed, out of memory or a crash);"
           " it was run alone and died again")


def _init_worker(settings: BatchSettings) -> None:
    global _WORKER_SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    _WORKER_SETTINGS = settings


def worker_job(profile: Profile) -> list[ProfileResult]:
    """Run one profile in a worker with the settings its initializer received."""
    assert _WORKER_SETTINGS is not None, "worker not initialised"
    return run_profile(profile, _WORKER_SETTINGS)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run_in_workers(profiles: Sequence[Profile], settings: BatchSettings, jobs: int,
                   collect: Collect, job: Job = worker_job) -> None:
    """Run every profile in `jobs` worker processes; `collect` sees each profile's results."""
    crashed = _run_pool(profiles, settings, jobs, collect, job)
    if crashed:
        crashed = _run_pool(crashed, settings, jobs, collect, job)
    for profile in crashed:  # isolate: only the profile that kills its own worker fails
        if _run_pool([profile], settings, 1, collect, job):
            collect(failed_results(profile, settings, CRASHED))


def _run_pool(profiles: Sequence[Profile], settings: BatchSettings, jobs: int,
              collect: Collect, job: Job) -> list[Profile]:
    """One pool over `profiles`; returns the profiles lost to a broken pool, in batch order."""
    executor = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(profiles))),
                                   mp_context=_context(), initializer=_init_worker,
                                   initargs=(settings,))
    submitted: dict[Future[list[ProfileResult]], Profile] = {}
    crashed: list[Profile] = []

    def harvest(future: Future[list[ProfileResult]]) -> None:
        profile = submitted[future]
        try:
            collect(future.result())
        except BrokenProcessPool:
            crashed.append(profile)
        except Exception as exc:  # e.g. a result that cannot be sent back: this profile failed
            reason = f"worker process failed: {type(exc).__name__}: {exc}"
            collect(failed_results(profile, settings, reason))

    pending: set[Future[list[ProfileResult]]] = set()
    try:
        for profile in profiles:
            submitted[executor.submit(job, profile)] = profile
        pending = set(submitted)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: submitted[f].index):
                harvest(future)
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        # Running jobs finish their atomic writes; their results still count for --resume.
        for future in sorted(pending, key=lambda f: submitted[f].index):
            if not future.cancelled():
                harvest(future)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return sorted(crashed, key=lambda p: p.index)
