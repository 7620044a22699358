"""Charts: deterministic SVG text, ids scoped per chart, hostile labels inert, palette fixed."""

from __future__ import annotations

import re

from advisor.report.charts import (
    COLOURS,
    benchmark_chart,
    contributions_chart,
    radar_chart,
    sensitivity_chart,
)
from advisor.report.context import build_report_context
from tests.report.conftest import fixture_assessment


def test_charts_are_deterministic_and_carry_no_date() -> None:
    first = build_report_context(fixture_assessment("scored_with_probes"))["charts"]
    second = build_report_context(fixture_assessment("scored_with_probes"))["charts"]
    assert first == second
    for name, svg in first.items():
        assert svg is not None, name
        assert svg.startswith("<svg ") and "<?xml" not in svg and "<!DOCTYPE" not in svg
        assert "<dc:date>" not in svg and "<metadata>" not in svg
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert ids and all(i.startswith(f"{name}-") for i in ids), name
        assert "<script" not in svg and "http://" not in svg.replace(
            "http://www.w3.org/", "")


def test_palette_is_okabe_ito_with_hatching() -> None:
    svg = contributions_chart([("a", {"pytorch": 1.0, "tensorflow": 2.0}),
                               ("b", {"pytorch": 1.0, "tensorflow": 0.5})],
                              ["pytorch", "tensorflow"])
    assert svg is not None
    assert "#e69f00" in svg.lower() and "#56b4e9" in svg.lower()
    assert "<pattern" in svg  # hatching: the series read apart in grayscale too
    assert COLOURS == {"pytorch": "#E69F00", "tensorflow": "#0072B2", "hybrid": "#009E73"}


def test_hostile_labels_are_escaped_text() -> None:
    label = "<script>alert(1)</script> $x^2$ & url(http://evil.example)"
    svg = radar_chart([(label, {"pytorch": 4, "tensorflow": 3})] * 3)
    assert svg is not None
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "evil.example" not in svg  # labels are shortened before drawing


def test_nothing_to_draw_gives_no_chart() -> None:
    assert radar_chart([]) is None
    assert contributions_chart([], ["pytorch"]) is None
    assert benchmark_chart([]) is None
    assert sensitivity_chart([], []) is None


def test_benchmark_chart_uses_log_scale_when_ranges_differ() -> None:
    context = build_report_context(fixture_assessment("scored_with_probes"), charts=False)
    svg = benchmark_chart(context["evidence"]["benchmarks"]["rows"])
    assert svg is not None and "(log scale)" in svg
    assert "1 s" in svg and "10 ms" in svg  # plain tick labels, not mathtext source


def test_a_chart_drawn_again_for_the_same_data_is_reused_and_identical() -> None:
    import advisor.report.charts as charts

    rows = [("Speed", {"pytorch": 4.0, "tensorflow": 3.0}),
            ("Ecosystem", {"pytorch": 3.5, "tensorflow": 4.5}),
            ("Support", {"pytorch": 2.0, "tensorflow": 4.0})]
    first = charts.radar_chart(rows)
    drawn = charts.radar_chart.__wrapped__(rows)  # type: ignore[attr-defined]
    assert first == drawn  # deterministic: the cached SVG is what a fresh drawing gives
    assert charts.radar_chart([(label, dict(r)) for label, r in rows]) is first
    changed = charts.radar_chart([*rows[:2], ("Support", {"pytorch": 2.0, "tensorflow": 5.0})])
    assert changed != first
