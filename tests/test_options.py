"""The options registry is the one list of frameworks: probes, labels and scoring follow it."""

from __future__ import annotations

from advisor import options
from advisor.models import Assessment
from advisor.probing.specs import DEFAULT_PROBES
from advisor.scoring.loading import load_decision_model
from tests.conftest import REPO


def test_every_option_has_a_label_and_the_hybrid_comes_last() -> None:
    assert set(options.LABELS) == set(options.OPTIONS)
    assert (*options.FRAMEWORKS, options.HYBRID) == options.OPTIONS
    assert options.label("jax") == "jax"


def test_each_framework_has_its_probe_scripts_and_specs() -> None:
    assert set(options.PROBES) == set(options.FRAMEWORKS)
    by_name = {spec.name: spec for spec in DEFAULT_PROBES}
    for framework, probes in options.PROBES.items():
        for name, group in ((probes.environment, "frameworks"), (probes.benchmark, "benchmarks")):
            assert (REPO / "probes" / f"{name}.py").is_file()
            assert (by_name[name].group, by_name[name].key) == (group, framework)
    framework_specs = [s for s in DEFAULT_PROBES if s.group in ("frameworks", "benchmarks")]
    assert len(framework_specs) == 2 * len(options.FRAMEWORKS)


def test_rivals_pair_the_frameworks() -> None:
    for framework in options.FRAMEWORKS:
        rival = options.other_framework(framework)
        assert rival != framework and options.other_framework(rival) == framework


def test_the_decision_model_rates_exactly_the_registered_frameworks() -> None:
    model = load_decision_model().model
    assert tuple(model.options) == options.FRAMEWORKS
    for criterion in model.criteria:
        if criterion.ratings:
            assert set(criterion.ratings) == set(options.FRAMEWORKS)


def test_the_assessment_schema_accepts_every_option_and_nothing_else() -> None:
    schema = Assessment.model_json_schema()
    recommendation = schema["$defs"]["Recommendation"]["properties"]["framework"]
    assert tuple(recommendation["enum"]) == options.OPTIONS
