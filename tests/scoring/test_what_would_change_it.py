"""`recommendation.what_would_change_it` (docs/contract.md section 6) is true when re-run:
every entry, passed to `advisor assess --set` with the same answers, gives the option it names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLE_ANSWERS, run_main
from tests.scoring.conftest import scored
from tests.scoring.test_profiles import CONTRADICTORY, NEUTRAL, RESEARCH_TO_PHONES

#: The example and three more profiles of our own (issue 17's check): a tie, a conflict and a
#: close hybrid.
PROFILES: dict[str, dict[str, Any] | None] = {
    "example": None,
    "neutral": NEUTRAL,
    "contradictory": CONTRADICTORY,
    "research-to-phones": RESEARCH_TO_PHONES,
}


def _assess(answers_file: Path, out: Path, sets: list[str]) -> dict[str, Any]:
    argv = ["assess", "-a", str(answers_file), "--no-probes", "-f", "json", "-o", str(out)]
    for item in sets:
        argv += ["--set", item]
    assert run_main(argv) == 0
    (written,) = out.glob("*.json")
    data: dict[str, Any] = json.loads(written.read_text())
    return data


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_entry_re_runs_to_the_option_it_names(name: str, tmp_path: Path) -> None:
    answers = PROFILES[name]
    if answers is None:
        answers_file = EXAMPLE_ANSWERS
    else:
        answers_file = tmp_path / f"{name}.yaml"
        answers_file.write_text(yaml.safe_dump({"project_name": name, **answers}))
    first = _assess(answers_file, tmp_path / "first", [])
    rec = first["recommendation"]
    changes = rec["what_would_change_it"]
    assert changes, f"{name}: some change of one or two answers changes the decision"
    sizes = [len(c["set"]) for c in changes]
    assert sizes == sorted(sizes) and max(sizes) <= 2  # smallest first
    for index, change in enumerate(changes):
        assert change["recommendation"] != rec["framework"]
        assert change["text"].endswith(" would be recommended.")
        again = _assess(answers_file, tmp_path / f"again{index}", change["set"])
        assert again["recommendation"]["framework"] == change["recommendation"], change


def test_the_example_names_changes_a_team_can_act_on() -> None:
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    rec = scored(answers).recommendation
    assert rec is not None
    texts = " ".join(c.text for c in rec.what_would_change_it)
    assert "rating of" not in texts and "weight" not in texts  # not in the model's units
    assert all(c.text[:1].isupper() for c in rec.what_would_change_it)
    # The rating thresholds stay in the JSON for auditors.
    assert any(c.flip and c.flip.text for c in scored(answers).criteria or [])


def test_a_priority_change_is_written_as_set_takes_it() -> None:
    rec = scored(NEUTRAL).recommendation
    assert rec is not None
    every = [s for c in rec.what_would_change_it for s in c.set]
    assert all("=" in s and " " not in s.split("=")[0] for s in every)
