"""Formatting filters, and the Markdown sanitiser that makes any value inert."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from advisor.i18n import report_language
from advisor.report.filters import (
    md,
    md_code,
    md_inline,
    percent,
    seconds,
    size,
    truncate_middle,
    whole_sentences,
)


def test_numbers_have_units_and_missing_values_say_so() -> None:
    assert seconds(0.0021) == "2.1 ms"
    assert seconds(1.42) == "1.42 s"
    assert seconds(None) == "not measured"
    assert size(16 * 1024**3) == "16.0 GiB"
    assert percent(0.873) == "87%"
    assert percent(None) == "—"


def test_truncate_middle_keeps_start_and_end() -> None:
    text = "start" + "x" * 1000 + "end"
    short = truncate_middle(text, 100)
    assert short.startswith("start") and short.endswith("end") and len(short) < 140
    assert "characters left out" in short
    assert truncate_middle("short") == "short"


def test_markdown_escapes_html_links_tables_and_line_starts() -> None:
    assert md("<script>") == "\\<script\\>"
    assert md("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md("a | b") == "a \\| b"
    assert md("# title") == "\\# title"
    assert md("1. item") == "1\\. item"
    assert md("line\n# two") == "line # two"  # folded: no longer at a line start
    assert md("see http://evil.example") == "see http:\\/\\/evil.example"
    assert md("team_pytorch_experience") == "team_pytorch_experience"
    assert md_code("a`b") == "`` a`b ``"


@given(st.text(max_size=300))
def test_markdown_output_is_one_inert_line(text: str) -> None:
    out = md(text)
    assert "\n" not in out and "\r" not in out
    # Every <, >, [, ], |, ` and * is escaped by a backslash.
    for match in re.finditer(r"[<>\[\]|`*]", out):
        preceding = out[: match.start()]
        backslashes = len(preceding) - len(preceding.rstrip("\\"))
        assert backslashes % 2 == 1, (text, out)


def test_long_tokens_get_invisible_break_opportunities() -> None:
    text = truncate_middle("x" * 100)
    assert text.replace("\u200b", "") == "x" * 100
    assert max(len(part) for part in text.split("\u200b")) <= 24
    assert truncate_middle("a normal sentence with /short/paths") == (
        "a normal sentence with /short/paths")


def test_whole_sentences_leaves_out_middle_sentences_never_half_of_one() -> None:
    first = "Check the answers behind Domain fit (a derived weight): at weight 2.7 (now 3.0)" \
            " the recommendation becomes TensorFlow."
    middle = "Check the answers behind Hardware fit (a derived weight): at weight 1.5 (now" \
             " 2.0) the recommendation becomes TensorFlow."
    last = "Build a small proof of concept in PyTorch and in TensorFlow and compare the effort."
    text = " ".join([first, middle, last])
    assert whole_sentences(text, len(text)) == text
    assert whole_sentences(text, 250) == f"{first} {last}"
    assert "left out" not in whole_sentences(text, 250)
    # Too long even for its first and last sentence: shortened in the middle, as before.
    assert "characters left out" in whole_sentences(text, 120)


def test_whole_sentences_splits_japanese_sentences_too() -> None:
    middle = "ハードウェア適合性の回答を確認する。"
    text = "分野適合性の回答を確認する。" + middle * 3 + "概念実証を作る。"
    with report_language("ja"):
        assert whole_sentences(text, 40) == "分野適合性の回答を確認する。概念実証を作る。"
        assert whole_sentences(text, 60) == (
            "分野適合性の回答を確認する。ハードウェア適合性の回答を確認する。概念実証を作る。")


def test_markdown_never_gets_invisible_break_characters() -> None:
    # They are for HTML table cells; in a raw Markdown file they break ids and paths on copy.
    token = "tensorflow_decision_forests_" * 4
    assert "\u200b" in truncate_middle(token)
    assert "\u200b" not in md(token) and "\u200b" not in md_inline(token)
    assert md_inline(token).replace("\\", "") == token
