"""Words for the numbers: reasons, summary, what would settle a close call, flips and bridges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.models import ProbeReport
from advisor.scoring.arithmetic import Flip
from advisor.scoring.matrix import OPTION_NAMES, Row, fmt
from advisor.scoring.model import DecisionModel


def name(option: str) -> str:
    """Display name of an option."""
    return OPTION_NAMES.get(option, option)


def flip_text(
    row: Row,
    flip: Flip,
    winner: str,
    runner: str,
    model: DecisionModel,
    rating_now: float,
) -> str:
    """One sentence: at which weight (or rating) this criterion would flip the decision."""
    label = row.criterion.label
    low, high = model.weight_range
    parts: list[str] = []
    if flip.weight is None:
        head = (
            f"never: no weight of {label} from {fmt(low)} to {fmt(high)} makes {name(runner)}"
            f" beat {name(winner)}"
        )
    else:
        direction = "dropped below" if flip.weight < row.weight else "rose above"
        head = (
            f"{name(runner)} would win if the weight of {label} {direction}"
            f" {fmt(flip.weight)} (now {fmt(row.weight)})"
        )
    parts.append(head)
    if flip.rating_option is not None and flip.rating is not None:
        parts.append(
            f"a rating of {fmt(flip.rating)} for {name(flip.rating_option)} on {label} (now"
            f" {fmt(rating_now)}) would tie"
        )
    return "; ".join(parts)


def reasons(
    rows: Sequence[Row],
    contributions: Sequence[float],
    winner: str,
    runner: str,
    ratings: Mapping[str, Sequence[float]],
    sides: Mapping[str, Mapping[str, float]] | None,
    limit: int = 3,
) -> list[str]:
    """The strongest reasons for the winner over the runner-up, most important first."""
    out: list[str] = []
    if winner == "hybrid" and sides is not None:
        res, dep = sides["research"], sides["deployment"]
        res_lead = max(res, key=lambda o: res[o])
        dep_lead = max(dep, key=lambda o: dep[o])
        out.append(
            f"The research side favours {name(res_lead)} ({fmt(res['pytorch'])} vs"
            f" {fmt(res['tensorflow'])} for PyTorch vs TensorFlow) and the deployment side"
            f" favours {name(dep_lead)} ({fmt(dep['pytorch'])} vs {fmt(dep['tensorflow'])})"
        )
    order = sorted(range(len(rows)), key=lambda i: (-contributions[i], rows[i].id))
    for i in order:
        if len(out) >= limit or contributions[i] <= 0:
            break
        row = rows[i]
        out.append(
            f"{row.criterion.label} (weight {fmt(row.weight)}): {name(winner)}"
            f" {fmt(ratings[winner][i])} vs {name(runner)} {fmt(ratings[runner][i])},"
            f" worth {fmt(contributions[i])} points of the margin"
        )
    if not out:
        out.append(
            f"No criterion separates {name(winner)} from {name(runner)}: the scores tie and"
            f" {name(winner)} is listed first"
        )
    return out


def summary(
    winner: str,
    runner: str,
    scores: Mapping[str, float],
    confidence: float,
    samples: int,
    close_call: bool,
    excluded: Sequence[str],
) -> str:
    """One sentence a reviewer reads first."""
    text = (
        f"{name(winner)} scores {fmt(scores[winner])} of 5 against {fmt(scores[runner])} for"
        f" {name(runner)} (margin {fmt(scores[winner] - scores[runner])}) and stays ahead under"
        f" {confidence:.0%} of {samples} perturbed weightings"
    )
    if excluded:
        text += f"; excluded by hard constraints: {', '.join(name(o) for o in excluded)}"
    if close_call:
        text = "Close call: " + text
    return text + "."


def settle(
    rows: Sequence[Row],
    flips: Sequence[Flip],
    winner: str,
    runner: str,
    probes: ProbeReport | None,
    answers: Mapping[str, Any],
) -> list[str]:
    """What would settle a close call, most useful first."""
    out: list[str] = []
    perf = next((r for r in rows if r.id == "performance"), None)
    if probes is None or not probes.benchmarks:
        weight = f" (weight {fmt(perf.weight)})" if perf is not None else ""
        out.append(
            "Measure both frameworks on the target hardware (advisor assess without --no-probes):"
            f" measured speed moves Performance{weight}."
        )
    # Only weights a reviewer could plausibly argue for: within half the current weight (or
    # 1.5 points for small weights) of where they are.
    nearest = sorted(
        (
            (abs(f.weight - r.weight), r, f)
            for r, f in zip(rows, flips, strict=True)
            if f.weight is not None and abs(f.weight - r.weight) <= max(0.5 * r.weight, 1.5)
        ),
        key=lambda item: (item[0], item[1].id),
    )
    for _, row, flip in nearest[:2]:
        assert flip.weight is not None
        out.append(
            f"Agree how much {row.criterion.label} matters: at weight {fmt(flip.weight)} (now"
            f" {fmt(row.weight)}) the recommendation becomes {name(runner)}."
        )
    if "hybrid" in (winner, runner):
        out.append(
            "Prototype the conversion path early: export one model to the deployment runtime"
            " and compare its accuracy and latency with the original."
        )
    if answers.get("existing_assets") in (None, "none") and winner != "hybrid":
        out.append(
            f"Build a small proof of concept in {name(winner)} and in {name(runner)} with the"
            " team and compare the effort."
        )
    return out


def bridge_text(
    model: DecisionModel, research: str, deployment: str, answers: Mapping[str, Any]
) -> str | None:
    """The named bridges from the research framework to each answered deployment target."""
    if model.hybrid is None:
        return None
    targets = answers.get("deployment_targets") or []
    texts = [
        f"{b.target}: {b.text} [{model.source_text(b.source)}]"
        for b in model.hybrid.bridges
        if b.research == research and b.deployment == deployment and b.target in targets
    ]
    if not texts:
        return (
            f"Research in {name(research)}, deployment in {name(deployment)}: export through"
            " ONNX (ONNX Runtime runs on servers, phones and in browsers)."
        )
    return " ".join(texts)


def hybrid_note(
    sides: Mapping[str, Mapping[str, float]],
    eligible: bool,
    winner: str,
    min_side_margin: float,
) -> str | None:
    """Why a hybrid that was evaluated is not the recommendation (None when it is)."""
    if winner == "hybrid":
        return None
    res, dep = sides["research"], sides["deployment"]
    res_lead = "pytorch" if res["pytorch"] >= res["tensorflow"] else "tensorflow"
    dep_lead = "pytorch" if dep["pytorch"] >= dep["tensorflow"] else "tensorflow"
    if res_lead == dep_lead:
        return (
            "A hybrid was considered, but both the research and the deployment side favour"
            f" {name(res_lead)}."
        )
    if not eligible:
        return (
            "A hybrid was considered, but one side leads by less than"
            f" {fmt(min_side_margin)} points, too little to justify two frameworks."
        )
    return f"A hybrid was considered, but its bridge cost leaves {name(winner)} ahead."
