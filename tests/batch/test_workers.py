"""Worker processes: a profile that kills its worker fails alone; the others are written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advisor.batch.inputs import Profile, load_profiles
from advisor.batch.machines import load_machines
from advisor.batch.results import BatchSettings, ProfileResult
from advisor.batch.workers import CRASHED, Workers, worker_job
from advisor.outputs import OutputFormat
from advisor.questionnaire import load_default_questionnaire
from tests.batch.conftest import write_profile_folder

KILLER = 2


def die_on_killer(profile: Profile) -> list[ProfileResult]:
    """Runs in a worker: profile KILLER takes the whole worker process down."""
    if profile.index == KILLER:
        os._exit(9)
    return worker_job(profile)


@pytest.mark.slow
def test_a_profile_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    questionnaire = load_default_questionnaire()
    profiles = load_profiles(write_profile_folder(tmp_path / "profiles", 5), questionnaire)
    settings = BatchSettings(machines=load_machines([], []), formats=(OutputFormat.JSON,),
                             output_dir=tmp_path / "out", created_at="2026-01-01T00:00:00+00:00")
    results: list[ProfileResult] = []
    with Workers(settings, 2) as workers:
        workers.run(profiles, results.extend, job=die_on_killer)
    by_index = {r.index: r for r in results}
    assert sorted(by_index) == [0, 1, 2, 3, 4] and len(results) == 5
    assert by_index[KILLER].status == "failed" and by_index[KILLER].error == CRASHED
    for index in (0, 1, 3, 4):
        assert by_index[index].status == "ok", by_index[index].error
        assert (tmp_path / "out" / f"profile-{index:03d}" / f"project-{index:03d}.json").is_file()


@pytest.mark.slow
def test_the_workers_stay_for_later_work_until_closed(tmp_path: Path) -> None:
    from advisor.batch.workers import Workers

    questionnaire = load_default_questionnaire()
    profiles = load_profiles(write_profile_folder(tmp_path / "profiles", 3), questionnaire)
    settings = BatchSettings(machines=load_machines([], []), formats=(OutputFormat.JSON,),
                             output_dir=tmp_path / "out", created_at="2026-01-01T00:00:00+00:00")
    results: list[ProfileResult] = []
    with Workers(settings, 2) as workers:
        assert not workers.started
        workers.run(profiles, results.extend)
        assert workers.started and sorted(r.index for r in results) == [0, 1, 2]
        ran_on = {workers.submit(os.getpid).result() for _ in range(4)}
        assert os.getpid() not in ran_on and 1 <= len(ran_on) <= 2
    assert workers._executor is None  # closed: no worker process is left behind
