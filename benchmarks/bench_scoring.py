"""Score generated profiles and print profiles per second (target: over 200 per second).

Each profile is a random but valid answers set drawn from the default questionnaire's choices
(fixed seed); scoring includes the sensitivity analysis with the decision model's sample count
(weights, ratings and warned requirements perturbed) and what would change the decision (the
candidate changes screened, each reported one re-scored). Run from the repository root:

    python benchmarks/bench_scoring.py [--profiles 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.assessment_io import new_assessment
from advisor.questionnaire import (
    Questionnaire,
    load_default_questionnaire,
    resolve_answers,
)
from advisor.scoring import load_decision_model, score_assessment


def generate_profile(
    questionnaire: Questionnaire, rng: random.Random, index: int
) -> dict[str, Any]:
    """One random, valid answers mapping."""
    answers: dict[str, Any] = {"project_name": f"Profile {index}"}
    for question in questionnaire.questions:
        values = [c.value for c in question.offered_choices]
        if question.kind == "choice":
            answers[question.id] = rng.choice(values)
        elif question.kind == "multi_choice":
            answers[question.id] = sorted(rng.sample(values, rng.randint(1, min(3, len(values)))))
        elif question.kind == "priorities":
            answers[question.id] = {c.id: rng.randint(1, 5) for c in question.criteria}
    return answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    questionnaire = load_default_questionnaire()
    decision_model = load_decision_model()
    rng = random.Random(args.seed)
    assessments = []
    for index in range(args.profiles):
        answers = resolve_answers(
            questionnaire, file_answers=generate_profile(questionnaire, rng, index)
        )
        assessments.append(
            new_assessment(answers, None, created_at="2025-01-01T00:00:00+00:00")
        )

    # The first profile pays one-time imports (numpy, and scipy through pymcdm when the optional
    # cross-check is installed); it is timed on its own and not counted in the rate.
    start = time.perf_counter()
    score_assessment(assessments[0], decision_model)
    first = time.perf_counter() - start

    start, cpu_start = time.perf_counter(), time.process_time()
    scored = [score_assessment(a, decision_model) for a in assessments]
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    outcomes = Counter(s.recommendation.framework for s in scored if s.recommendation)
    close = sum(1 for s in scored if s.recommendation and s.recommendation.close_call)
    samples = decision_model.model.sensitivity.samples
    rate = len(scored) / elapsed
    print(f"first profile (one-time imports): {first * 1000:.0f} ms")
    print(f"scored {len(scored)} profiles in {elapsed:.2f} s ({samples} sensitivity samples each)")
    changes = sum(len(s.recommendation.what_would_change_it) for s in scored if s.recommendation)
    print(f"what would change it: {changes / len(scored):.1f} verified changes a profile")
    print(f"outcomes: {dict(sorted(outcomes.items()))}; close calls: {close}")
    print(f"profiles per second: {rate:.0f} (target > 200)")
    # On a machine shared with other work the wall-clock rate mostly measures the others; the
    # CPU time of this process says what scoring itself costs.
    print(f"profiles per CPU-second: {len(scored) / cpu:.0f} (CPU time {cpu:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
