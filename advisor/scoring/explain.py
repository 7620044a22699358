"""Words for the numbers: reasons, summary, what would settle a close call, flips and bridges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.models import ProbeReport
from advisor.numerals import percent, priority, score, weight
from advisor.options import label as name  # an option's display name
from advisor.scoring.arithmetic import Flip
from advisor.scoring.matrix import Row
from advisor.scoring.model import PRIORITY_SCALE, DecisionModel


def flip_text(
    row: Row,
    flip: Flip,
    winner: str,
    runner: str,
    model: DecisionModel,
    rating_now: float,
    by_priority: Mapping[int, str] | None,
    drivers: Sequence[str],
) -> str:
    """One sentence a user can act on: the priority (1-5) at which this criterion flips the
    decision, or, for a derived criterion, what drives its weight and the weight that would."""
    label = row.criterion.label
    if by_priority is not None:
        head = priority_flip_text(label, by_priority, winner, round(row.importance))
    else:
        head = derived_flip_text(row, flip, winner, runner, model, drivers)
    parts = [head]
    if flip.rating_option is not None and flip.rating is not None:
        parts.append(
            f"a rating of {score(flip.rating)} for {name(flip.rating_option)} on {label} (now"
            f" {score(rating_now)}) would tie"
        )
    return "; ".join(parts)


def priority_flip_text(
    label: str, by_priority: Mapping[int, str], winner: str, now: int
) -> str:
    """"With Performance at priority 2 or lower (now 5), PyTorch would be recommended", or
    "never within 1-5"."""
    low, high = min(PRIORITY_SCALE), max(PRIORITY_SCALE)
    changed: dict[str, list[int]] = {}
    for value in sorted(by_priority):
        if by_priority[value] != winner:
            changed.setdefault(by_priority[value], []).append(value)
    if not changed:
        return (
            f"never within {low}-{high}: at any priority of {label} from {low} to {high} (now"
            f" {now}) {name(winner)} stays the recommendation"
        )
    return "; ".join(
        f"with {label} at priority {_priority_range(values)} (now {now}), {name(option)}"
        " would be recommended"
        for option, values in changed.items()
    )


def _priority_range(values: Sequence[int]) -> str:
    low, high = min(PRIORITY_SCALE), max(PRIORITY_SCALE)
    contiguous = list(values) == list(range(values[0], values[-1] + 1))
    if len(values) == 1:
        return str(values[0])
    if contiguous and values[0] == low:
        return f"{values[-1]} or lower"
    if contiguous and values[-1] == high:
        return f"{values[0]} or higher"
    if contiguous:
        return f"{values[0]} to {values[-1]}"
    return ", ".join(str(v) for v in values[:-1]) + f" or {values[-1]}"


def derived_flip_text(
    row: Row, flip: Flip, winner: str, runner: str, model: DecisionModel, drivers: Sequence[str]
) -> str:
    """What drives a derived criterion's weight, then the weight (clearly labelled) that flips."""
    label = row.criterion.label
    low, high = model.weight_range
    detail = f"now {weight(row.weight)}: base {weight(row.importance)}"
    if row.weight_rules:
        detail += f" plus rule{'s' if len(row.weight_rules) > 1 else ''}"
        detail += f" {', '.join(row.weight_rules)}"
    detail += (f"; set by the answers {', '.join(drivers)}" if drivers
               else "; no answer moves it")
    detail += ", not by a priority"
    scale = f"on the decision model's {weight(low)}-{weight(high)} scale"
    if flip.weight is None:
        return (
            f"never: no derived weight of {label} {scale} makes {name(runner)} beat"
            f" {name(winner)} ({detail})"
        )
    direction = "dropped below" if flip.weight < row.weight else "rose above"
    return (
        f"{name(runner)} would win if the derived weight of {label} {direction}"
        f" {weight(flip.weight)} {scale} ({detail})"
    )


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
            f"The research side favours {name(res_lead)} ({score(res['pytorch'])} vs"
            f" {score(res['tensorflow'])} for PyTorch vs TensorFlow) and the deployment side"
            f" favours {name(dep_lead)} ({score(dep['pytorch'])} vs {score(dep['tensorflow'])})"
        )
    order = sorted(range(len(rows)), key=lambda i: (-contributions[i], rows[i].id))
    for i in order:
        if len(out) >= limit or contributions[i] <= 0:
            break
        row = rows[i]
        out.append(
            f"{row.criterion.label} (weight {weight(row.weight)}): {name(winner)}"
            f" {score(ratings[winner][i])} vs {name(runner)} {score(ratings[runner][i])},"
            f" worth {score(contributions[i])} points of the margin"
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
    *,
    margin: float | None = None,
    forced: bool = False,
    tie: bool = False,
    conflict: str | None = None,
    warnings: int = 0,
    win_share: Mapping[str, float] | None = None,
) -> str:
    """One sentence a reviewer reads first. `margin` is the decision's own (the one
    `recommendation.margin` holds); `forced`: the hard constraints left only the winner, so
    `runner` is the best excluded option and no margin is claimed over it."""
    if tie:
        return (
            f"Tie: {name(winner)} and {name(runner)} both score {score(scores[winner])} of 5;"
            " the answers do not separate them, so no option is recommended over the other"
            f" ({name(winner)} is listed first only by order)."
        )
    if margin is None:
        margin = scores[winner] - scores[runner]
    if forced:
        text = (
            f"{name(winner)} is the only option that meets every hard constraint (it scores"
            f" {score(scores[winner])} of 5; {name(runner)}, excluded, {score(scores[runner])})"
            f" and stays ahead under {percent(confidence)} of {samples} perturbed weightings"
        )
    else:
        text = (
            f"{name(winner)} scores {score(scores[winner])} of 5 against {score(scores[runner])}"
            f" for {name(runner)} (margin {score(margin)}) and stays ahead under"
            f" {percent(confidence)} of {samples} perturbed weightings"
        )
    # An option that wins more of the perturbed variations than the winner is said, never hidden
    # behind the runner-up (the runner-up stays the second best at the user's own weights).
    shares = {o: v for o, v in (win_share or {}).items() if o != winner and o not in excluded}
    leader = max(shares, key=lambda o: shares[o], default=None)
    if leader is not None and shares[leader] > confidence:
        text += f", while {name(leader)} comes first under {percent(shares[leader])}"
    if excluded:
        text += f"; excluded by hard constraints: {', '.join(name(o) for o in excluded)}"
    if warnings:
        text += f"; {warnings} requirement warning{'s' if warnings > 1 else ''} (see the risks)"
    if conflict:
        text += ". Conflicting answers: see what pulls which way"
    if close_call:
        text = "Close call: " + text
    return text + "."


def tie_reasons(
    winner: str, runner: str, rows: Sequence[Row], ratings: Mapping[str, Any]
) -> list[str]:
    """For a tie: no "because", only where the two differ and that it evens out."""
    differ = [
        row.criterion.label for i, row in enumerate(rows)
        if row.weight > 0 and float(ratings[winner][i]) != float(ratings[runner][i])
    ]
    text = (
        f"{name(winner)} and {name(runner)} score the same: what favours one"
        f" ({', '.join(differ[:4])}{'...' if len(differ) > 4 else ''}) is evened out by what"
        " favours the other" if differ else
        f"No criterion separates {name(winner)} from {name(runner)}"
    )
    return [text + "; settle it with the team's priorities or a proof of concept in both."]


def weight_note(row: Row) -> str | None:
    """Answered vs effective weight of a published criterion, and why they differ."""
    if row.answered is None or abs(row.weight - row.answered) < 1e-9:
        return None
    rules = ", ".join(row.weight_rules) or "the weight range"
    return (
        f"answered {priority(row.answered)}, weighted {weight(row.weight)}: moved by {rules}"
        " (see the weight reasons); set the priority again to weigh it differently"
    )


def settle(
    rows: Sequence[Row],
    flips: Sequence[Flip],
    winner: str,
    runner: str,
    probes: ProbeReport | None,
    answers: Mapping[str, Any],
    by_priority: Sequence[Mapping[int, str] | None],
) -> list[str]:
    """What would settle a close call, most useful first."""
    out: list[str] = []
    perf = next((r for r in rows if r.id == "performance"), None)
    if probes is None or not probes.benchmarks:
        perf_weight = f" (weight {weight(perf.weight)})" if perf is not None else ""
        out.append(
            "Measure both frameworks on the target hardware (advisor assess without --no-probes):"
            f" measured speed moves Performance{perf_weight}."
        )
    # Priorities a user can set (the nearest one that changes the recommendation), and derived
    # weights a reviewer could plausibly argue for: within half the current weight (or 1.5
    # points for small weights) of where they are.
    nearest: list[tuple[float, str, str]] = []
    for row, flip, outcomes in zip(rows, flips, by_priority, strict=True):
        label = row.criterion.label
        if outcomes is not None:
            now = round(row.importance)
            changed = [p for p in sorted(outcomes) if outcomes[p] != winner]
            if changed:
                p = min(changed, key=lambda v: (abs(v - now), v))
                nearest.append((abs(p - now), row.id, (
                    f"Agree how much {label} matters: at priority {p} (now {now}) the"
                    f" recommendation becomes {name(outcomes[p])}."
                )))
        elif flip.weight is not None and abs(flip.weight - row.weight) <= max(
            0.5 * row.weight, 1.5
        ):
            nearest.append((abs(flip.weight - row.weight), row.id, (
                f"Check the answers behind {label} (a derived weight): at weight"
                f" {weight(flip.weight)} (now {weight(row.weight)}) the recommendation becomes"
                f" {name(runner)}."
            )))
    nearest.sort(key=lambda item: (item[0], item[1]))
    out.extend(text for _, _, text in nearest[:2])
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
        texts = [
            f"Research in {name(research)}, deployment in {name(deployment)}: export through"
            " ONNX (ONNX Runtime runs on servers, phones and in browsers)."
        ]
    from advisor.scoring.core import bridge_costs

    cost = bridge_costs(model, answers)[0 if research == "pytorch" else 1]
    return " ".join(texts) + (
        f" Cost: {model.hybrid.cost_text} (rated {score(cost)} points lower on the"
        " deployment criteria)."
    )


def hybrid_note(
    sides: Mapping[str, Mapping[str, float]],
    eligible: bool,
    winner: str,
    min_side_margin: float,
    excluded: Sequence[str] = (),
) -> str | None:
    """Why a hybrid that was evaluated is not the recommendation (None when it is)."""
    if winner == "hybrid":
        return None
    if excluded:  # checked first: a hybrid needs both frameworks, whatever it scores
        return (
            "A hybrid was considered, but it needs both frameworks and a hard constraint"
            f" excludes {', '.join(name(o) for o in excluded)}."
        )
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
            f" {score(min_side_margin)} points, too little to justify two frameworks."
        )
    return f"A hybrid was considered, but its bridge cost leaves {name(winner)} ahead."
