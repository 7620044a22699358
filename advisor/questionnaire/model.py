"""Typed model of a questionnaire file (questionnaires/*.yaml)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

QuestionKind = Literal["text", "choice", "multi_choice", "priorities"]
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(_Frozen):
    """One allowed value of a choice question."""

    value: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    description: str = ""
    #: An old value kept so that old answers files still load: it is read as these values
    #: (with a note saying so) and no longer offered.
    replaced_by: tuple[str, ...] = ()


class Criterion(_Frozen):
    """One criterion whose importance a `priorities` question asks for (1-5)."""

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    description: str = ""
    default: int = Field(ge=1, le=5)


class Condition(_Frozen):
    """Ask a question only when an earlier answer equals or includes a value."""

    question: str
    equals: str | None = None
    includes: str | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        if (self.equals is None) == (self.includes is None):
            raise ValueError("a `when` condition needs exactly one of `equals` or `includes`")
        return self

    def holds(self, answers: dict[str, Any]) -> bool:
        """True when the condition is met by `answers` (an unanswered question never meets it)."""
        value = answers.get(self.question)
        if self.equals is not None:
            return value == self.equals
        return isinstance(value, list) and self.includes in value

    def describe(self) -> str:
        """Human wording, e.g. "deployment_targets includes mobile"."""
        if self.equals is not None:
            return f"{self.question} is {self.equals}"
        return f"{self.question} includes {self.includes}"


class Question(_Frozen):
    """One question; `kind` decides which of the other fields apply."""

    id: str = Field(pattern=ID_PATTERN)
    kind: QuestionKind
    prompt: str = Field(min_length=1)
    help: str = ""
    required: bool = False
    default: Any = None
    choices: tuple[Choice, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    min_length: int = Field(default=1, ge=0)
    max_length: int = Field(default=200, ge=1)
    min_selected: int = Field(default=0, ge=0)
    when: Condition | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        values = [c.value for c in self.choices]
        if self.kind in ("choice", "multi_choice"):
            if not self.choices:
                raise ValueError(f"a {self.kind} question needs `choices`")
            dupes = sorted({v for v in values if values.count(v) > 1})
            if dupes:
                raise ValueError(f"duplicate choice values: {', '.join(dupes)}")
        elif self.choices:
            raise ValueError(f"a {self.kind} question takes no `choices`")
        if self.kind == "priorities":
            if not self.criteria:
                raise ValueError("a priorities question needs `criteria`")
            ids = [c.id for c in self.criteria]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate criteria: {', '.join(dupes)}")
        elif self.criteria:
            raise ValueError(f"a {self.kind} question takes no `criteria`")
        self._check_default(values)
        return self

    def _check_default(self, values: list[str]) -> None:
        default = self.default
        if default is None:
            return
        allowed = ", ".join(values)
        if self.kind == "choice" and default not in values:
            raise ValueError(f"default {default!r} is not among the choices ({allowed})")
        if self.kind == "multi_choice":
            if not isinstance(default, list):
                raise ValueError("the default of a multi_choice question must be a list")
            bad = [d for d in default if d not in values]
            if bad:
                raise ValueError(f"default {bad!r} is not among the choices ({allowed})")
        if self.kind == "text" and not isinstance(default, str):
            raise ValueError("the default of a text question must be text")
        if self.kind == "priorities":
            raise ValueError("a priorities question takes its defaults from its criteria")

    @property
    def choice_values(self) -> list[str]:
        """The allowed values of a choice question, in order."""
        return [c.value for c in self.choices]

    @property
    def offered_choices(self) -> tuple[Choice, ...]:
        """The choices offered to a user (old, replaced values are accepted, not offered)."""
        return tuple(c for c in self.choices if not c.replaced_by)

    def default_value(self) -> Any:
        """The value used when this question is not answered (None when there is none)."""
        if self.kind == "priorities":
            return {c.id: c.default for c in self.criteria}
        if isinstance(self.default, list):
            return list(self.default)
        return self.default

    @property
    def has_default(self) -> bool:
        """Whether an unanswered question can be filled in without asking."""
        return self.kind == "priorities" or self.default is not None


class Questionnaire(_Frozen):
    """An ordered list of questions with unique ids and conditions on earlier answers."""

    schema_version: str = "1"
    id: str = Field(default="default", pattern=ID_PATTERN)
    title: str = "Project questionnaire"
    description: str = ""
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        seen: dict[str, Question] = {}
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"duplicate question id {question.id!r}")
            if question.when is not None:
                target = seen.get(question.when.question)
                if target is None:
                    raise ValueError(
                        f"question {question.id!r}: `when` refers to {question.when.question!r},"
                        " which is not an earlier question"
                    )
                wanted = question.when.equals or question.when.includes
                if target.choices and wanted not in target.choice_values:
                    raise ValueError(
                        f"question {question.id!r}: `when` value {wanted!r} is not a choice of"
                        f" {target.id!r}"
                    )
            seen[question.id] = question
        return self

    def get(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def ids(self) -> list[str]:
        """All question ids, in order."""
        return [q.id for q in self.questions]

    def active_questions(self, answers: dict[str, Any]) -> list[Question]:
        """Questions that apply given `answers` (conditions evaluated in order)."""
        return [q for q in self.questions if q.when is None or q.when.holds(answers)]
