"""The decision model's rules as the appendix's matrix shows them: each rule said once.

Scoring writes a rule's sentence into every line it moves: "+2.0: Mobile apps - LiteRT ...
[rule target_mobile: deployment_targets includes mobile]" under the weight and "PyTorch +0.50,
TensorFlow +1.50: Mobile apps - LiteRT ... [rule target_mobile; Title (date)]" under the rating,
and records the same move as data (`criteria[].rule_refs`, each naming the line it wrote). Here
those lines become the move and the rule's id ("+2.0 (rule target_mobile)"), and the sentence,
its condition and its source go to one list of rules under the matrix. The lines are read from
the references; only an assessment saved before them has its lines parsed (`_WEIGHT`, `_RATING`:
a source or sentence with brackets of its own can defeat them, so they are the fallback). Measured
evidence names its probe report on every line ("... [probe report of 2026-11-22T07:30:00]"),
and each framework's ecosystem line repeats the same "not applied" reason: the report is named
once, and lines with the same reason are joined, the reason once.
"""

from __future__ import annotations

import re
from typing import Any

from advisor import numerals, options
from advisor.i18n import _
from advisor.models import CriterionResult, RuleRef
from advisor.questionnaire import Questionnaire
from advisor.report.model_texts import translate
from advisor.report.prose import condition_words

#: A weight line: "+1.0: <sentence> [rule <id>: <condition>]".
_WEIGHT = re.compile(r"^(?P<moves>[+-][\d.]+): (?P<reason>.+) "
                     r"\[rule (?P<rule>[^:;\]\s]+): (?P<condition>[^\]]+)\]$", re.S)
#: A rating line: "PyTorch +0.50, TensorFlow +1.50: <sentence> [rule <id>; <source>]".
_RATING = re.compile(r"^(?P<moves>[^:]+?): (?P<reason>.+) "
                     r"\[rule (?P<rule>[^:;\]\s]+); (?P<source>[^\]]+)\]$", re.S)
#: Measured evidence (advisor.scoring.matrix.apply_moves): a paragraph of its own.
MEASURED = "measured: "
#: The probe report a measured line ends with (advisor.scoring.evidence.collect_evidence).
_PROBE_REPORT = re.compile(r"^(?P<text>.+) \[probe report of (?P<date>[^\]]+)\]$", re.S)
_NOT_APPLIED = "; not applied: "


class RuleBook:
    """The rules cited by one assessment's matrix, in the order the matrix first cites them."""

    def __init__(self, questionnaire: Questionnaire | None) -> None:
        self.rules: dict[str, dict[str, Any]] = {}
        self._questionnaire = questionnaire
        self.reports: set[str] = set()  # the probe reports the measured lines name

    def _note(self, rule: str, reason: str, condition: str | None = None,
              source: str | None = None) -> None:
        """The rule's sentence, and its condition (from a weight line) and source (from a
        rating line) as far as its lines name them."""
        entry = self.rules.setdefault(rule, {"id": rule, "reason": translate(reason.strip()),
                                             "condition": None, "source": None})
        if condition and entry["condition"] is None:  # as answered, where it is an answer
            entry["condition"] = (condition_words(condition, self._questionnaire)
                                  or translate(condition.strip()))
        entry["source"] = entry["source"] or source

    def cited(self, ref: RuleRef) -> str:
        """A rule's move as its move and rule id ("+2.0 (rule target_mobile)"), the rule noted
        with its sentence, condition and source."""
        self._note(ref.rule, ref.reason, condition=ref.condition, source=ref.citation)
        if ref.kind == "weight":
            moves = numerals.signed_weight(ref.delta or 0.0)
        else:
            moves = ", ".join(f"{_(options.label(o))} {numerals.signed_score(d)}"
                              for o, d in (ref.moves or {}).items())
        return _("{moves} (rule {rule})").format(moves=moves, rule=ref.rule)

    def weight(self, line: str, refs: dict[str, RuleRef] | None = None) -> str | None:
        """A weight line as its move and rule id; None when no rule wrote it. `refs` are the
        criterion's rule references by line (`lines_of`); None parses the line instead."""
        return self._line(line, refs, _WEIGHT, "condition")

    def rating(self, line: str, refs: dict[str, RuleRef] | None = None) -> str | None:
        """A rating line as its moves and rule id; None when no rule wrote it (`refs`: as for
        `weight`)."""
        return self._line(line, refs, _RATING, "source")

    def _line(self, line: str, refs: dict[str, RuleRef] | None, pattern: re.Pattern[str],
              named: str) -> str | None:
        """`weight` and `rating`: by the line's reference, else parsed with `pattern`, whose
        `named` group (a weight line's condition, a rating line's source) is noted too."""
        if refs is not None:
            ref = refs.get(line)
            return self.cited(ref) if ref is not None else None
        found = pattern.match(line)
        if found is None:
            return None
        self._note(found["rule"], found["reason"], **{named: found[named]})
        return _("{moves} (rule {rule})").format(moves=translate(found["moves"]),
                                                 rule=found["rule"])

    def measured(self, lines: list[str]) -> list[str]:
        """One criterion's measured lines without their probe report (`probe_report` names it)
        and with lines that end in the same "not applied" reason joined."""
        joined: list[str] = []
        where: dict[str, int] = {}  # reason -> the line that carries it
        for line in lines:
            found = _PROBE_REPORT.match(line)
            if found:
                self.reports.add(found["date"])
                line = found["text"]
            head, sep, reason = line.partition(_NOT_APPLIED)
            if sep and reason in where:
                first = joined[where[reason]].partition(_NOT_APPLIED)[0]
                joined[where[reason]] = (f"{first}; {head.removeprefix(MEASURED)}"
                                         f"{_NOT_APPLIED}{reason}")
                continue
            if sep:
                where[reason] = len(joined)
            joined.append(line)
        return joined

    @property
    def probe_report(self) -> str | None:
        """The date of the probe report the measured lines came from (an assessment has one)."""
        return next(iter(self.reports)) if len(self.reports) == 1 else None

    def listed(self, readable: Any) -> list[dict[str, Any]]:
        """The rules, their source made readable (and cited) by `readable`."""
        return [{**rule, "source": readable(rule["source"]) if rule["source"] else None}
                for rule in self.rules.values()]


def lines_of(criterion: CriterionResult) -> dict[str, RuleRef] | None:
    """The criterion's rule references by the line each wrote; None for an assessment saved
    before `rule_refs` existed (its lines are parsed)."""
    if criterion.rule_refs is None:
        return None
    return {ref.line: ref for ref in criterion.rule_refs}
