"""Checks of saved assessments and probe reports beyond their types, made when they are read.

The models say which fields exist and of which type; these checks say which values can be
believed: every number finite and of a sane size, measurements (seconds, speed ratios) inside the
range a real run can produce, the answers of an assessment valid for the questionnaire, and the
open parts of a probe report that the scorer and the renderers read (`benchmark_summary`) of the
shape they expect. A file that fails names the file and the field (exit 2), instead of a report
that says "infx faster" or a chart that cannot scale NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from advisor.errors import AssessmentFileError

#: No measured number in our files comes near this (a throughput is at most about 1e9 a second);
#: integers (bytes, limits a kernel reports as "unlimited") may use all of 64 bits.
MAX_MAGNITUDE = 1e15
MAX_INTEGER = 2**64
#: Seconds of one measured call: under a picosecond or over a day is not a measurement.
SECONDS = (1e-12, 86_400.0)
#: A speed ratio (TensorFlow time / PyTorch time) or a speed-up.
RATIO = (1e-6, 1e6)


def check_numbers(data: Any, *, path: Path) -> None:
    """Every number finite and of a plausible size: floats up to MAX_MAGNITUDE, integers up to
    MAX_INTEGER (NaN, inf, 1e308 and a 300-digit integer are refused)."""
    for field, value in _numbers(data, ""):
        if isinstance(value, float) and not math.isfinite(value):
            raise AssessmentFileError(f"{value} is not a finite number", file=path,
                                      field=field, allowed="a finite number")
        limit = MAX_INTEGER if isinstance(value, int) else MAX_MAGNITUDE
        if abs(value) > limit:
            raise AssessmentFileError(f"{value:.3g} is not a plausible value", file=path,
                                      field=field, allowed=f"numbers up to {limit:.3g}")


def _numbers(data: Any, where: str) -> Iterator[tuple[str, int | float]]:
    stack: list[tuple[str, Any]] = [(where, data)]
    while stack:
        field, value = stack.pop()
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            yield field, value
        elif isinstance(value, Mapping):
            stack.extend((f"{field}.{key}" if field else str(key), item)
                         for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{field}.{index}", item) for index, item in enumerate(value))


def _measurement(value: Any, bounds: tuple[float, float], *, path: Path, field: str,
                 unit: str, zero: bool = False) -> None:
    if value is None or (zero and value == 0):
        return
    low, high = bounds
    if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
        raise AssessmentFileError(
            f"{value!r} is not a valid measurement", file=path, field=field,
            allowed=f"{unit} between {low:g} and {high:g}")


def check_probe_report_data(data: Mapping[str, Any], *, path: Path, prefix: str = "") -> None:
    """The measurements of a probe report (as read, before the model) within real bounds."""
    for index, row in _items(data.get("benchmarks")):
        where = f"{prefix}benchmarks.{index}"
        for key in ("median_s", "iqr_s", "compile_s"):
            _measurement(row.get(key), SECONDS, path=path, field=f"{where}.{key}",
                         unit="seconds", zero=key != "median_s")
        samples = row.get("samples")
        for number, sample in enumerate(samples if isinstance(samples, list) else []):
            _measurement(sample, SECONDS, path=path, field=f"{where}.samples.{number}",
                         unit="seconds")
    for index, verdict in _items(data.get("benchmark_verdicts")):
        where = f"{prefix}benchmark_verdicts.{index}"
        for key in ("pytorch_median_s", "tensorflow_median_s"):
            _measurement(verdict.get(key), SECONDS, path=path, field=f"{where}.{key}",
                         unit="seconds")
        for key in ("ratio", "ci_low", "ci_high", "speedup"):
            _measurement(verdict.get(key), RATIO, path=path, field=f"{where}.{key}",
                         unit="ratios")
    summary = data.get("benchmark_summary")
    if summary is None:
        return
    where = f"{prefix}benchmark_summary"
    if not isinstance(summary, Mapping):
        raise AssessmentFileError("expected a mapping", file=path, field=where,
                                  allowed="{geomean_ratio, ci_low, ci_high, workloads, ...}")
    parts = [(where, summary)]
    by_mode = summary.get("by_mode")
    if by_mode is not None:
        if not isinstance(by_mode, Mapping):
            raise AssessmentFileError("expected a mapping of mode to summary", file=path,
                                      field=f"{where}.by_mode", allowed="{eager: {...}, ...}")
        for mode, part in by_mode.items():
            if not isinstance(part, Mapping):
                raise AssessmentFileError("expected a mapping", file=path,
                                          field=f"{where}.by_mode.{mode}")
            parts.append((f"{where}.by_mode.{mode}", part))
    for field, part in parts:
        for key in ("geomean_ratio", "ci_low", "ci_high"):
            _measurement(part.get(key), RATIO, path=path, field=f"{field}.{key}", unit="ratios")
        included = part.get("included")
        if included is not None and not (
                isinstance(included, list) and all(isinstance(w, str) for w in included)):
            raise AssessmentFileError("expected a list of workload ids", file=path,
                                      field=f"{field}.included", allowed="[matmul, ...]")
        workloads = part.get("workloads")
        if workloads is not None and (isinstance(workloads, bool)
                                      or not isinstance(workloads, int | list)):
            raise AssessmentFileError("expected a number of workloads", file=path,
                                      field=f"{field}.workloads")


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_importances(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(key, str) and isinstance(level, int | float) and not isinstance(level, bool)
        and 1 <= level <= 5 for key, level in value.items())


#: What each kind of question's answer is, as the scorer and the renderers read it.
_ANSWER_SHAPES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "text": ("text", _is_text),
    "choice": ("one value (text)", _is_text),
    "multi_choice": ("a list of values", _is_text_list),
    "priorities": ("a mapping of criterion to importance 1-5", _is_importances),
}


def check_assessment_data(data: Mapping[str, Any], *, path: Path) -> None:
    """Answers of the shape their question gives, weights non-negative, probes real.

    Answer values are not checked against the choices: a saved assessment may come from a
    custom questionnaire, and the report shows an unknown value as it is (escaped).
    """
    from advisor.questionnaire import load_default_questionnaire

    answers = data.get("answers")
    if isinstance(answers, Mapping):
        questionnaire = load_default_questionnaire()
        for key, value in answers.items():
            question = questionnaire.get(key) if isinstance(key, str) else None
            if question is None or value is None:
                continue  # a custom questionnaire's own questions: carried, not read
            shape, fits = _ANSWER_SHAPES[question.kind]
            if not fits(value):
                raise AssessmentFileError(f"expected {shape}", file=path,
                                          field=f"answers.{key}", allowed=shape)
    for index, row in _items(data.get("criteria")):
        for key in ("weight", "importance"):
            value = row.get(key)
            if isinstance(value, int | float) and value < 0:
                raise AssessmentFileError(f"{value} is negative", file=path,
                                          field=f"criteria.{index}.{key}", allowed="0 or more")
    probes = data.get("probes")
    if isinstance(probes, Mapping):
        check_probe_report_data(probes, path=path, prefix="probes.")


def _items(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The mappings of a list (other shapes are left to the model's validation)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield index, item
