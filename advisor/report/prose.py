"""The project as answered, in prose and as an answers table, labelled from the questionnaire."""

from __future__ import annotations

import re
from typing import Any

from advisor.errors import AdvisorError
from advisor.i18n import N_, _, join_sentences
from advisor.models import Assessment
from advisor.questionnaire import Question, Questionnaire, load_default_questionnaire
from advisor.report import model_texts
from advisor.report.filters import truncate_middle

#: Longest answer quoted in the prose; the appendix table has the (also shortened) full list.
_MAX_IN_PROSE = 200

#: One sentence per well-known question; `{}` is the answer's label(s). Others use the prompt.
_SENTENCES: dict[str, str] = {
    "stage": N_("The project is at the {} stage."),
    "domains": N_("It covers {}."),
    "deployment_targets": N_("The trained models will run on {}."),
    "mobile_platforms": N_("Mobile platforms: {}."),
    "hardware": N_("Training and serving hardware: {}."),
    "scale": N_("Training scale: {}."),
    "team_pytorch_experience": N_("The team's PyTorch experience: {}."),
    "team_tensorflow_experience": N_("The team's TensorFlow experience: {}."),
    "existing_assets": N_("Existing models and pipelines: {}."),
    "cloud_platform": N_("Cloud platform: {}."),
    "model_customization": N_("Customisation of model internals: {}."),
    "mlops": N_("MLOps set-up: {}."),
}
#: A long multiple answer, shortened: "Cloud servers, Mobile apps and 3 more".
MORE_ANSWERS = N_("{answers} and {count} more")
_SOURCE_LABELS = {"default": N_("default"), "file": N_("answered"), "cli": N_("answered (--set)"),
                  "prompt": N_("answered"), "set": N_("answered (--set)")}
# Where the answers resolver records priorities: one source per criterion, keyed
# "priorities.<criterion>", because a file may set some and --set or a default the rest.
_PRIORITIES = "priorities"


def source_label(source: str) -> str:
    """How a reader is told where an answer came from."""
    label = _SOURCE_LABELS.get(source)
    return _(label) if label else source


def priority_source(sources: dict[str, str], criterion: str) -> str:
    """Where one criterion's priority came from (older assessments keep one for all)."""
    return sources.get(f"{_PRIORITIES}.{criterion}", sources.get(_PRIORITIES, "unknown"))


def _answer_source(key: str, value: Any, sources: dict[str, str]) -> str:
    if key in sources:
        return source_label(sources[key])
    if key != _PRIORITIES or not isinstance(value, dict):
        return _("unknown")
    by_label: dict[str, list[str]] = {}
    for criterion in value:
        by_label.setdefault(source_label(priority_source(sources, criterion)), []).append(criterion)
    if len(by_label) == 1:
        return next(iter(by_label))
    return "; ".join(
        f"{label}: {', '.join(c.replace('_', ' ') for c in criteria)}"
        for label, criteria in by_label.items()
    )


def _choice_label(question: Question | None, value: Any) -> str:
    if question is not None:
        for choice in question.choices:
            if choice.value == value:
                return model_texts.choice_label(question.id, choice.value) or choice.label
    return str(value)


def _prompt(question: Question) -> str:
    return model_texts.question_prompt(question.id) or question.prompt


def _join(labels: list[str]) -> str:
    if not labels:
        return _("none")
    if len(labels) == 1:
        return labels[0]
    return _("{first} and {last}").format(first=_(", ").join(labels[:-1]), last=labels[-1])


def answer_label(question: Question | None, value: Any) -> str:
    """An answer as a reader reads it: choice labels, lists joined, priorities listed."""
    if isinstance(value, dict):
        names = ({c.id: model_texts.choice_label(question.id, c.id) or c.label
                  for c in question.criteria} if question is not None else {})
        return ", ".join(f"{names.get(str(k), str(k))} {v}" for k, v in value.items())
    if isinstance(value, list):
        return _join([_choice_label(question, v) for v in value])
    if value is None:
        return _("not answered")
    return _choice_label(question, value)


def _lower_first(label: str) -> str:
    """"Several GPUs in one machine" reads "several GPUs in one machine" mid-sentence.

    Only the first letter changes, and not in an acronym ("MLOps", "TPU pods").
    """
    if not label or label[:2].isupper() or not label[0].isascii():
        return label
    return label[0].lower() + label[1:]


def _defaults_used(sources: dict[str, str]) -> list[str]:
    """The answers left at their defaults; priorities grouped as "priorities (a, b)"."""
    plain = [key for key, source in sources.items()
             if source == "default" and not key.startswith(f"{_PRIORITIES}.")]
    criteria = [key.split(".", 1)[1].replace("_", " ") for key, source in sources.items()
                if source == "default" and key.startswith(f"{_PRIORITIES}.")]
    if criteria:
        plain.append(f"{_PRIORITIES} ({', '.join(criteria)})")
    return plain


def project_paragraphs(
    answers: dict[str, Any], sources: dict[str, str], questionnaire: Questionnaire | None
) -> list[str]:
    """The project in a few sentences, then which answers were left at their defaults."""
    sentences: list[str] = []
    for key, value in answers.items():
        if key in ("project_name", "priorities"):
            continue
        question = questionnaire.get(key) if questionnaire is not None else None
        label = truncate_middle(answer_label(question, value), _MAX_IN_PROSE)
        if key in ("stage", "scale", "team_pytorch_experience", "team_tensorflow_experience",
                   "model_customization", "mlops"):
            label = _lower_first(label)
        template = _SENTENCES.get(key)
        if template is None:
            prompt = _prompt(question).rstrip("?？") if question is not None else key
            sentences.append(_("{prompt}: {answer}.").format(prompt=prompt, answer=label))
        else:
            sentences.append(_(template).format(label))
    paragraphs = [join_sentences(sentences)] if sentences else []
    defaults = _defaults_used(sources)
    if defaults:
        paragraphs.append(_("Not answered, so the questionnaire's default was used: {answers}.")
                          .format(answers=_(", ").join(defaults)))
    else:
        paragraphs.append(_("Every question was answered; no default was used."))
    return paragraphs


def answer_rows(
    answers: dict[str, Any], sources: dict[str, str], questionnaire: Questionnaire | None
) -> list[dict[str, str]]:
    """One row per answer: id, question, answer label, raw value and where it came from."""
    rows = []
    for key, value in answers.items():
        question = questionnaire.get(key) if questionnaire is not None else None
        rows.append({
            "id": key,
            "question": _prompt(question) if question is not None else key,
            "answer": answer_label(question, value),
            "source": _answer_source(key, value, sources),
        })
    return rows


_CONDITION = re.compile(
    r"^(?P<question>[a-z_]+) (?:is(?: one of)?|includes(?: any of)?) (?P<values>.+)$")
#: How scoring joins the parts of an "all" condition (advisor.scoring.model.Condition.describe).
_AND = " and "


def condition_words(condition: str, questionnaire: Questionnaire | None) -> str | None:
    """A rule's condition as the team answered it: "model_customization is high" reads
    "How much will you customise model internals? High", and plain conditions joined by "and"
    each so; None when it is not made of plain answer conditions (the caller keeps scoring's
    own wording)."""
    if _AND in condition and "(" not in condition:
        parts = [_answer_words(part, questionnaire) for part in condition.split(_AND)]
        if not all(parts):
            return None
        return _("{first} and {last}").format(first=_(", ").join(map(str, parts[:-1])),
                                              last=parts[-1])
    return _answer_words(condition, questionnaire)


def _answer_words(condition: str, questionnaire: Questionnaire | None) -> str | None:
    match = _CONDITION.match(condition.strip())
    question = questionnaire.get(match["question"]) if match and questionnaire else None
    if match is None or question is None or not question.choices:
        return None
    values = [v.strip() for v in match["values"].split(",")]
    known = {c.value for c in question.choices}
    if not all(v in known for v in values):
        return None
    labels = [_choice_label(question, v) for v in values]
    answer = labels[0] if len(labels) == 1 else _("{first} or {last}").format(
        first=_(", ").join(labels[:-1]), last=labels[-1])
    return _("{question} {answer}").format(question=_prompt(question), answer=answer)


def answered_words(
    question_id: str, value: Any, questionnaire: Questionnaire | None, most: int = 4
) -> str:
    """A question and its answer as the team saw them: "Which problem domains does the project
    cover? Speech and audio, Computer vision" (the raw id and values for a question not at hand).
    A multiple answer is listed with commas (its labels have their own "and"s), at most `most`
    of them and how many more."""
    question = questionnaire.get(question_id) if questionnaire is not None else None
    prompt = _prompt(question) if question is not None else question_id
    if isinstance(value, list) and value:
        answer = _(", ").join(_choice_label(question, v) for v in value[:most])
        if len(value) > most:
            answer = _(MORE_ANSWERS).format(answers=answer, count=len(value) - most)
    else:
        answer = answer_label(question, value)
    return _("{question} {answer}").format(question=prompt, answer=answer)


def default_questionnaire(assessment: Assessment) -> Questionnaire | None:
    """The questionnaire an assessment was answered with, where it is the bundled one."""
    if assessment.questionnaire != "default":
        return None  # a custom questionnaire is not at hand: show raw ids
    try:
        return load_default_questionnaire()
    except (AdvisorError, FileNotFoundError):
        return None
