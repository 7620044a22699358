"""Sentences scoring (and the benchmark analysis) wrote into an assessment, in the report's
language.

Scoring (advisor.scoring.explain) writes its sentences in English and a saved assessment keeps
them. Each sentence it can write is listed here as a template, marked for the catalogue: the
report matches a saved sentence against the templates and writes the translation with the same
values (criterion labels and option names translated too). A sentence no template matches stays
as written.
"""

from __future__ import annotations

import re
from functools import cache, partial

from advisor.i18n import N_, SOURCE_LANGUAGE, _, current_language
from advisor.report.model_texts import translate

#: Whole sentences (or "; "-separated parts) of advisor.scoring.explain, as str.format templates.
TEMPLATES: tuple[str, ...] = (
    # Why a hybrid was not recommended (hybrid_note).
    N_("A hybrid was considered, but its bridge cost leaves {option} ahead."),
    N_("A hybrid was considered, but both the research and the deployment side favour"
       " {option}."),
    N_("A hybrid was considered, but one side leads by less than {points} points, too little to"
       " justify two frameworks."),
    N_("A hybrid was considered, but it needs both frameworks and a hard constraint excludes"
       " {options}."),
    # What would settle a close call (settle).
    N_("Agree how much {criterion} matters: at priority {level} (now {now}) the recommendation"
       " becomes {option}."),
    N_("Check the answers behind {criterion} (a derived weight): at weight {level} (now {now})"
       " the recommendation becomes {option}."),
    N_("Prototype the conversion path early: export one model to the deployment runtime and"
       " compare its accuracy and latency with the original."),
    N_("Build a small proof of concept in {winner} and in {runner} with the team and compare the"
       " effort."),
    N_("Measure both frameworks on the target hardware (advisor assess without --no-probes):"
       " measured speed moves Performance (weight {weight})."),
    N_("Measure both frameworks on the target hardware (advisor assess without --no-probes):"
       " measured speed moves Performance."),
    # Parts of a flip sentence (flip_text).
    N_("a rating of {rating} for {option} on {criterion} (now {now}) would tie"),
    N_("with {criterion} at priority {levels} (now {now}), {option} would be recommended"),
    N_("never within {low}-{high}: at any priority of {criterion} from {low2} to {high2} (now"
       " {now}) {option} stays the recommendation"),
    # A derived criterion's flip; {detail} says what sets its weight (the appendix shows it).
    N_("never: no derived weight of {criterion} on the decision model's {low}-{high} scale makes"
       " {runner} beat {winner} ({detail})"),
    N_("{runner} would win if the derived weight of {criterion} dropped below {weight} on the"
       " decision model's {low}-{high} scale ({detail})"),
    N_("{runner} would win if the derived weight of {criterion} rose above {weight} on the"
       " decision model's {low}-{high} scale ({detail})"),
    # The cross-check with other decision methods (advisor.scoring.crosscheck).
    N_("TOPSIS and SPOTIS agree with the weighted sum"),
    N_("{methods} disagree with the weighted sum: weigh the margin with care"),
    N_("not run: pymcdm is not installed (pip install pymcdm)"),
    # The evidence lines of each criterion (advisor.scoring.matrix), shown in the appendix.
    N_("base PyTorch {pytorch} / TensorFlow {tensorflow}: {source}"),
    N_("base weight {weight} (decision model, derived criterion)"),
    N_("{deltas}: {reason} [rule {rule}: {condition}]"),
    N_("{deltas}: {reason} [rule {rule}; {source}]"),
    N_("{option} rating {rating} clamped to the scale: {clamped}"),
    # Why probe evidence was shown but not applied (advisor.scoring.evidence).
    N_("measured on {devices}, but the project targets {targets}; benchmark on the target"
       " hardware to apply it"),
    N_("{count} of {total} workloads were too noisy to compare ({noisy}); probe again on a quiet"
       " machine"),
    N_("what matters is whether a package exists and is maintained for the framework, which the"
       " domain table rates, not what this machine has installed"),
    # A note on an old answer (advisor.questionnaire.answers).
    N_("{question}: {old} is an old answer, now split into {new}; it was read as {read}. Answer"
       " the one that fits your devices (for example --set {question2}=...) for advice specific"
       " to them"),
    # The benchmark analysis (advisor.benchmarking) and the timing harness' notes.
    N_("the CPU"), N_("the GPU"), N_("the GPU {name}"),
    N_("a one-off start-up cost, not the speed of the work"),
    N_("IQR/median {share} is above the {target} target: the budget ran out"),
    # Glue of a hybrid's bridge (bridge_text), found inside the bridge's text.
    N_(" Cost: {cost} (rated {points} points lower on the deployment criteria)."),
)
#: The templates that are found inside a longer text (they start with their own words).
FRAGMENTS = TEMPLATES[-1:]
#: Priority ranges inside a flip sentence ("2 or lower").
RANGES: tuple[str, ...] = (N_("{level} or lower"), N_("{level} or higher"),
                           N_("{low} to {high}"))
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _pattern(template: str, whole: bool) -> re.Pattern[str]:
    parts = _FIELD.split(template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                    for i, part in enumerate(parts))
    return re.compile(f"^{regex}$" if whole else regex)


def _fill(template: str, match: re.Match[str]) -> str:
    values = {name: _level(translate(value)) for name, value in match.groupdict().items()}
    return _(template).format(**values)


def _level(value: str) -> str:
    for template in RANGES:
        found = _pattern(template, True).match(value)
        if found:
            return _(template).format(**found.groupdict())
    return value


def scoring_sentence(text: str) -> str:
    """A sentence scoring wrote, in the report's language ("; "-parts one by one)."""
    if current_language() == SOURCE_LANGUAGE or not text:
        return text
    for template in TEMPLATES:
        found = _pattern(template, True).match(text)
        if found:
            return _fill(template, found)
    parts = []
    for part in _parts(text):
        for template in TEMPLATES:
            found = _pattern(template, True).match(part)
            if found:
                parts.append(_fill(template, found))
                break
        else:
            parts.append(translate(part))
    return _("; ").join(parts)


def _parts(text: str) -> list[str]:
    """`text` split at "; " outside brackets (a flip's detail or a rule's source has its own)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if depth == 0 and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    return [*parts, text[start:]]


def scoring_fragments(text: str) -> str:
    """`text` with every template found inside it (not the whole text) translated."""
    if current_language() == SOURCE_LANGUAGE or not text:
        return text
    for template in FRAGMENTS:
        text = _pattern(template, False).sub(partial(_fill, template), text)
    return translate(text)
