"""The sources the decision rests on, each once, with its date and a link where one is known.

Scoring cites a source in its evidence and rating lines as "Title (date)"; here those citations
are matched against the decision model's source list, so the report can print each source once
as a link instead of repeating its title in every row.
"""

from __future__ import annotations

from typing import Any

from advisor.errors import AdvisorError
from advisor.i18n import _
from advisor.models import Assessment
from advisor.report import messages, model_texts
from advisor.report.decision import criterion_label


def _model_sources(assessment: Assessment) -> dict[str, Any]:
    from advisor.scoring.loading import BUNDLED_NAME, load_default_decision_model

    used = assessment.decision_model or {}
    if used.get("path") not in (None, BUNDLED_NAME):
        return {}  # a custom model is not at hand: its citations stay as written
    try:
        return dict(load_default_decision_model().model.sources)
    except (AdvisorError, OSError):
        return {}


def sources_context(assessment: Assessment) -> list[dict[str, Any]]:
    """[{title, date, url, used_for}] for every source the assessment cites, undated last."""
    texts: list[tuple[str, str]] = []
    for c in assessment.criteria or []:
        label = criterion_label(c)
        texts.extend((label, t) for t in [*c.evidence, *c.rating_sources, *c.weight_reasons])
        # A rule that moves only a weight cites its source in its reference, not in its line.
        texts.extend((label, ref.citation) for ref in c.rule_refs or [])
    rec = assessment.recommendation
    if rec is not None and rec.bridge:
        texts.append((_("bridge"), rec.bridge))
    found: list[dict[str, Any]] = []
    for source_id, source in _model_sources(assessment).items():
        cited = f"{source.title} ({source.date})"
        used_for = list(dict.fromkeys(label for label, text in texts if cited in text))
        if used_for:
            url = source.url if (source.url or "").startswith(("https://", "http://")) else None
            title = source.title
            for written, readable in messages.SOURCE_TITLES.items():
                title = title.replace(written, _(readable))
            found.append({"title": model_texts.source_title(source_id) or title,
                          "date": source.date, "url": url,
                          "cited": f"{title} ({source.date})",
                          "used_for": used_for, "used_for_text": _(", ").join(used_for)})
    found.sort(key=lambda s: (s["date"] == "undated", s["date"]), reverse=False)
    for number, source in enumerate(found, start=1):
        source["id"] = f"S{number}"
    return found


def cite(text: str, sources: list[dict[str, Any]]) -> str:
    """`text` with each listed source's "Title (date)" replaced by its id ("source S9"), so the
    appendix names each source once, in the source list, instead of in every row."""
    for source in sources:
        text = text.replace(source["cited"], _("source {id}").format(id=source["id"]))
    return text
