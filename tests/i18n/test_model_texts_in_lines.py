"""Decision-model texts are translated where scoring writes them inside a longer line."""

from __future__ import annotations

import yaml

from advisor.i18n import report_language
from advisor.report.model_texts import text_path
from advisor.report.scoring_text import scoring_sentence
from advisor.scoring.loading import default_decision_model_path, load_default_decision_model


def test_every_rating_table_note_is_translated_inside_its_base_line() -> None:
    # "base PyTorch 4.50 / TensorFlow 4.00: Vision: both rich; ... [source]" stayed English in
    # Appendix A: a note under 60 characters was taken for a label and only matched whole.
    model = load_default_decision_model().model
    japanese = yaml.safe_load(text_path(default_decision_model_path(), "ja").read_text("utf-8"))
    checked = 0
    with report_language("ja"):
        for table in model.rating_tables:
            for value, row in table.values.items():
                line = (f"base PyTorch 4.50 / TensorFlow 4.00: {row.note} [PyTorch vs TensorFlow"
                        " 2025 comparison (Japanese article) (2025-06)]")
                shown = scoring_sentence(line)
                assert row.note not in shown, (table.criterion, value)
                assert japanese["rating_tables"][table.criterion][value] in shown
                checked += 1
    assert checked >= 18  # two tables, nine domains each
