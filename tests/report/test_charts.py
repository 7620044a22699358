"""Charts: deterministic SVG text, ids scoped per chart, a text equivalent with the numbers,
hostile labels inert, a palette that survives grey-scale."""

from __future__ import annotations

import re

from advisor.report.charts import BLUE, ORANGE, difference_chart, ratio_chart
from advisor.report.context import build_report_context
from tests.report.conftest import fixture_assessment


def test_charts_are_deterministic_and_carry_no_date() -> None:
    first = build_report_context(fixture_assessment("scored_with_probes"))["charts"]
    second = build_report_context(fixture_assessment("scored_with_probes"))["charts"]
    assert first == second
    assert set(first) == {"difference", "ratios"}
    for name, svg in first.items():
        assert svg is not None, name
        assert svg.startswith("<svg ") and "<?xml" not in svg and "<!DOCTYPE" not in svg
        assert "<dc:date>" not in svg and "<metadata>" not in svg
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert ids and all(i.startswith(f"{name}-") for i in ids), name
        assert "<script" not in svg and "http://" not in svg.replace(
            "http://www.w3.org/", "")


def test_every_chart_has_a_title_and_a_desc_with_its_numbers(real_context: dict) -> None:
    charts = real_context["charts"]
    difference = charts["difference"]
    assert difference is not None
    assert 'aria-describedby="difference-desc"' in difference
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", difference, re.S)
    assert desc and "Learning curve +0.19" in desc.group(1)
    assert "Production readiness -0.06" in desc.group(1)
    ratios = charts["ratios"]
    assert ratios is not None
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", ratios, re.S)
    assert desc and "mlp_inference eager 1.25x (1.06-1.49)" in desc.group(1)


def test_palette_is_dark_blue_and_light_orange() -> None:
    svg = difference_chart([("a", 0.2), ("b", -0.1)], "Hybrid", "PyTorch")
    assert svg is not None
    assert BLUE.lower() in svg.lower() and ORANGE.lower() in svg.lower()

    def grey(colour: str) -> float:  # relative luminance, as a grey-scale print shows it
        r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert grey(ORANGE) - grey(BLUE) > 0.25  # far apart in grey-scale too


def test_chart_text_is_drawn_at_8_pt() -> None:
    svg = difference_chart([("a", 0.2), ("b", -0.1)], "Hybrid", "PyTorch")
    assert svg is not None
    sizes = {float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)}
    # matplotlib writes sizes in px at 72 per inch: px here are points on paper at 160 mm.
    assert sizes and min(sizes) >= 8.0


def test_hostile_labels_are_escaped_text() -> None:
    label = "<script>alert(1)</script> $x^2$ & url(http://evil.example)"
    svg = difference_chart([(label, 0.3), ("b", -0.1)], "<b>x</b>", "y")
    assert svg is not None
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>x</b>" not in svg


def test_nothing_to_draw_gives_no_chart() -> None:
    assert difference_chart([], "a", "b") is None
    assert difference_chart([("a", 0.0)], "a", "b") is None
    assert ratio_chart([]) is None


def test_a_chart_drawn_again_for_the_same_data_is_reused_and_identical() -> None:
    import advisor.report.charts as charts

    rows = [("Speed", 0.2), ("Ecosystem", -0.1), ("Support", 0.05)]
    first = charts.difference_chart(rows, "Hybrid", "PyTorch")
    drawn = charts.difference_chart.__wrapped__(rows, "Hybrid", "PyTorch")  # type: ignore[attr-defined]
    assert first == drawn  # deterministic: the cached SVG is what a fresh drawing gives
    assert charts.difference_chart(list(rows), "Hybrid", "PyTorch") is first
    assert charts.difference_chart([*rows[:2], ("Support", 0.3)], "Hybrid", "PyTorch") != first
