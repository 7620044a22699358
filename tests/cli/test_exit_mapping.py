"""The one place where outcomes become exit codes (docs/contract.md section 4)."""

from __future__ import annotations

import pytest

from advisor.errors import Interrupted, ScoringError
from advisor.exit_status import ExitStatus
from tests.conftest import run_main


def _install_failing_command(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise exc

    monkeypatch.setattr("advisor.questionnaire.load_default_questionnaire", fail)


@pytest.mark.parametrize(
    ("exc", "code", "text"),
    [
        (ScoringError("the model is inconsistent"), 2, "advisor: error: the model is incon"),
        (Interrupted(), 130, "interrupted"),
        (KeyboardInterrupt(), 130, "interrupted"),  # typer turns it into Exit(130)
        (RuntimeError("boom secret=42"), ExitStatus.INTERNAL_ERROR, "internal error"),
    ],
)
def test_exceptions_map_to_exit_codes_without_tracebacks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    exc: BaseException, code: int, text: str,
) -> None:
    _install_failing_command(monkeypatch, exc)
    assert run_main(["questions"], internal_error_ok=True) == code
    err = capsys.readouterr().err
    assert text in err
    assert "Traceback" not in err
    assert "locals" not in err.lower()


def test_traceback_flag_shows_the_real_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _install_failing_command(monkeypatch, RuntimeError("boom"))
    with pytest.raises(RuntimeError, match="boom"):
        run_main(["--traceback", "questions"])
