"""One exception hierarchy for the whole advisor.

Core code raises these; only the CLI turns them into messages and exit codes (advisor.cli.app).
A user error names the file, the field and what is allowed, so the message alone tells the user
what to fix.
"""

from __future__ import annotations

from pathlib import Path


class AdvisorError(Exception):
    """Base of every error the advisor raises on purpose."""

    #: Exit code the CLI uses for this error (docs/contract.md section 4).
    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(AdvisorError):
    """Bad input from the user: a file, a field or a value that is not allowed.

    Rendered as ``FILE: FIELD: PROBLEM (allowed: ...)``; every part but the problem is optional.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        field: str | None = None,
        line: int | None = None,
        allowed: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.field = field
        self.line = line
        self.allowed = allowed
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.file:
            where.append(f"{self.file}:{self.line}" if self.line else self.file)
        elif self.line:
            where.append(f"line {self.line}")
        if self.field:
            where.append(self.field)
        text = ": ".join([*where, self.problem])
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return text


class QuestionnaireError(InputError):
    """A questionnaire file is malformed or inconsistent."""


class AnswersError(InputError):
    """An answers file or a --set value is not valid for the questionnaire."""


class MissingAnswersError(AnswersError):
    """Required answers are missing and there is no terminal to ask for them."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "required answers are missing and no terminal is attached to ask for them: "
            + ", ".join(missing)
            + " (give them in --answers FILE or with --set id=value)"
        )


class AssessmentFileError(InputError):
    """A saved assessment or probe report cannot be read back."""


class ScoringError(AdvisorError):
    """The decision model or the inputs to scoring are inconsistent."""


class DecisionModelError(ScoringError, InputError):
    """The decision model file is malformed."""


class ReportError(AdvisorError):
    """A report could not be rendered or written."""

    exit_code = 1


class Interrupted(AdvisorError):
    """The user pressed Ctrl-C or cancelled an interactive prompt."""

    exit_code = 130

    def __init__(self, message: str = "interrupted") -> None:
        super().__init__(message)
