"""What a decision-model rule does to one criterion, as data (`RuleRef`) and as the line of text
scoring has always written for it: both are built here, from the rule, so they cannot disagree.

The lines ("+2.0: <reason> [rule <id>: <condition>]" under a weight, "PyTorch +0.50, TensorFlow
+1.50: <reason> [rule <id>; <Title (date)>]" under the ratings) stay as pipelines read them; the
report reads the references, and parses the lines only in assessments saved before them.
"""

from __future__ import annotations

from collections.abc import Mapping

from advisor import numerals, options
from advisor.models import RuleRef
from advisor.scoring.model import DecisionModel, Rule


def cited(text: str, citation: str) -> str:
    """A reason with its source in brackets, as a hard constraint's `reason` ends."""
    return f"{text} [{citation}]"


def weight_ref(model: DecisionModel, rule: Rule, delta: float) -> RuleRef:
    """The rule's move of one criterion's weight."""
    condition = rule.when.describe()
    return RuleRef(
        rule=rule.id, kind="weight", delta=delta, reason=rule.reason, condition=condition,
        source=rule.source, citation=model.source_text(rule.source),
        line=f"{numerals.signed_weight(delta)}: {rule.reason} [rule {rule.id}: {condition}]",
    )


def rating_ref(model: DecisionModel, rule: Rule, deltas: Mapping[str, float]) -> RuleRef:
    """The rule's move of one criterion's ratings (option -> delta, in the model's order)."""
    citation = model.source_text(rule.source)
    moves = ", ".join(f"{options.label(o)} {numerals.signed_score(d)}" for o, d in deltas.items())
    return RuleRef(
        rule=rule.id, kind="rating", moves=dict(deltas), reason=rule.reason,
        condition=rule.when.describe(), source=rule.source, citation=citation,
        line=f"{moves}: {rule.reason} [rule {rule.id}; {citation}]",
    )
