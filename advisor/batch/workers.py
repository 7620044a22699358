"""Worker processes of a batch: one job per profile, crashes contained, Ctrl-C handled.

Workers start with the ``forkserver`` method (``spawn`` where there is none): no state of this
process leaks into them. The batch settings reach each worker once, through the initializer;
profiles go one job at a time. Workers ignore SIGINT: on Ctrl-C the parent cancels pending jobs,
lets running ones finish their (atomic) writes and re-raises.

A worker that dies (killed, out of memory, a crash in a native library) breaks the whole pool.
The profiles it took down are run again in a fresh pool, and those that break a pool a second
time are run alone, one pool each: only a profile that kills its own worker is marked failed.

The pool outlives the profiles: the summary page is rendered by its warm workers (their
WeasyPrint and matplotlib already loaded, the HTML and the PDF at the same time) instead of
cold, alone, in this process at the end of the batch.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, TypeVar

from advisor.batch.inputs import Profile
from advisor.batch.results import BatchSettings, ProfileResult
from advisor.batch.runner import failed_results, run_profile

Collect = Callable[[list[ProfileResult]], None]
Job = Callable[[Profile], list[ProfileResult]]
T = TypeVar("T")

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


#: Imported once by the fork server, before it forks the workers: each worker starts with them
#: loaded instead of importing them itself (about a second of CPU per worker, most of it
#: WeasyPrint, matplotlib and pymcdm's pandas). A module that is not installed (pymcdm is an
#: optional extra) is skipped by the server.
PRELOAD = ["__main__", "advisor.batch.runner", "advisor.batch.chart", "advisor.batch.page",
           "advisor.report.charts", "advisor.report.pdf", "weasyprint", "pymcdm.methods"]


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # read when the server starts (once per process)
    return context


class Workers:
    """Up to `jobs` worker processes for one batch; use as a context manager.

    The processes start with the first profiles and stay until the batch is closed, so later
    work (`submit`) finds them warm. A pool broken by a crash is replaced.
    """

    def __init__(self, settings: BatchSettings, jobs: int) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self._executor: ProcessPoolExecutor | None = None
        self.started = False  # whether any worker process has run (so `submit` finds it warm)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Wait for running jobs (their writes are atomic), cancel pending ones, stop workers."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _pool(self, size: int | None = None) -> ProcessPoolExecutor:
        if size is not None:  # a throwaway pool of its own (isolating a crashing profile)
            return self._new(size)
        if self._executor is None:
            self._executor = self._new(self.jobs)
        return self._executor

    def _new(self, size: int) -> ProcessPoolExecutor:
        self.started = True
        return ProcessPoolExecutor(max_workers=size, mp_context=_context(),
                                   initializer=_init_worker, initargs=(self.settings,))

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        executor.shutdown(wait=True, cancel_futures=True)
        if executor is self._executor:
            self._executor = None

    def submit(self, call: Callable[..., T], *args: Any) -> Future[T]:
        """Run `call(*args)` in a worker (started now if none has been)."""
        return self._pool().submit(call, *args)

    def run(self, profiles: Sequence[Profile], collect: Collect, job: Job = worker_job) -> None:
        """Run every profile; `collect` sees each profile's results, in completion order."""
        crashed = self._run_pool(profiles, collect, job)
        if crashed:
            crashed = self._run_pool(crashed, collect, job)
        for profile in crashed:  # isolate: only the profile that kills its own worker fails
            if self._run_pool([profile], collect, job, alone=True):
                collect(failed_results(profile, self.settings, CRASHED))

    def _run_pool(self, profiles: Sequence[Profile], collect: Collect, job: Job,
                  *, alone: bool = False) -> list[Profile]:
        """One pool over `profiles`; returns the profiles lost to a broken pool, in order."""
        executor = self._pool(1 if alone else None)
        submitted: dict[Future[list[ProfileResult]], Profile] = {}
        crashed: list[Profile] = []

        def harvest(future: Future[list[ProfileResult]]) -> None:
            profile = submitted[future]
            try:
                collect(future.result())
            except BrokenProcessPool:
                crashed.append(profile)
            except Exception as exc:  # e.g. a result that cannot be sent back: this one failed
                reason = f"worker process failed: {type(exc).__name__}: {exc}"
                collect(failed_results(profile, self.settings, reason))

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
            self._discard(executor)
            raise
        if alone or crashed:
            self._discard(executor)
        return sorted(crashed, key=lambda p: p.index)
