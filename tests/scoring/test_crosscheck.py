"""The optional pymcdm cross-check: reported when pymcdm is installed, says so when it is not."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.models import CrossCheck
from advisor.scoring import crosscheck
from tests.scoring.conftest import scored
from tests.scoring.test_profiles import LLM_RESEARCH, RESEARCH_TO_PHONES


def test_without_pymcdm_the_block_says_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crosscheck, "pymcdm_available", lambda: False)
    assessment = scored(LLM_RESEARCH)
    assert assessment.crosscheck == CrossCheck(
        available=False, text="not run: pymcdm is not installed (pip install pymcdm)")
    assert assessment.recommendation is not None
    assert assessment.recommendation.framework == "pytorch"


@pytest.mark.skipif(not crosscheck.pymcdm_available(), reason="pymcdm is not installed")
@pytest.mark.parametrize("answers", [LLM_RESEARCH, RESEARCH_TO_PHONES])
def test_topsis_and_spotis_agree_on_settled_profiles(answers: dict[str, object]) -> None:
    assessment = scored(answers)
    check = assessment.crosscheck
    assert check is not None and check.available is True
    assert assessment.recommendation is not None
    for method in ("topsis", "spotis"):
        assert check.methods[method].winner == assessment.recommendation.framework
    assert check.agree is True


@pytest.mark.skipif(not crosscheck.pymcdm_available(), reason="pymcdm is not installed")
def test_disagreement_is_reported() -> None:
    # Weighted sum would pick "b" here (told so); TOPSIS and SPOTIS pick "a".
    ratings = np.array([[5.0, 5.0], [1.0, 1.0]])
    result = crosscheck.cross_check(["a", "b"], ratings, np.array([1.0, 1.0]), (1, 5), "b")
    assert result["agree"] is False
    assert "disagree" in result["text"]
