"""Read the profiles of a batch: a folder of answers files, or a CSV with one profile a row.

A folder holds answers files (``*.yaml``, ``*.yml``, ``*.json``; the same format as
``advisor assess --answers``), taken in file-name order; hidden files and other files are ignored.

A CSV (UTF-8, comma-separated, header row first) holds one profile a row:

* each column is a question id of the questionnaire (``project_name``, ``stage``, ``domains``...);
* a list answer puts its values in one cell separated by ``;`` (``vision;nlp_llm``);
* priorities are one column per criterion, ``priority.<criterion>`` (``priority.performance``,
  1-5); ``priorities.<criterion>`` is accepted too, as is one ``priorities`` column written
  ``performance=5;ecosystem=2``;
* an empty cell means "not answered": the question takes its default, as in an answers file;
* rows whose cells are all empty are skipped; spreadsheet row numbers (the header is row 1) name
  the rows in messages and in output folder names;
* every row has as many cells as the header has columns: a truncated row, one with too many cells
  or one that is not well-formed CSV (a quote never closed) is a failed profile naming the file
  and the row, and the rows after it are still read.

Each profile is validated on its own: a bad file or row becomes a `Profile` carrying its error,
so the rest of the batch still runs. Only problems with the batch as a whole (INPUT missing, no
profiles, a CSV without a header or with an unknown column) raise an InputError (exit 2).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError, AnswersError, InputError, MissingAnswersError
from advisor.fileio import load_structured_file, read_regular_file
from advisor.questionnaire import Questionnaire, ResolvedAnswers, resolve_answers
from advisor.questionnaire.answers import validate_answer_mapping
from advisor.questionnaire.validation import parse_importance, parse_text_answer
from advisor.slug import project_slug, slugify

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
CSV_SUFFIXES = (".csv",)
#: A CSV is read whole; a batch of profiles this large is a wrong file, not a batch.
MAX_CSV_BYTES = 64 * 1024 * 1024
PRIORITY_PREFIXES = ("priority.", "priorities.")


@dataclass(frozen=True)
class Profile:
    """One profile of the batch: its validated answers, or why it cannot be assessed."""

    #: Position in the batch (0-based); results are ordered by it.
    index: int
    #: Folder name of its outputs, unique within the batch (`row-0002`, `retail-vision`).
    key: str
    #: The file it comes from, as given on the command line.
    source: str
    #: Spreadsheet row number in a CSV (the header is row 1); None for answers files.
    row: int | None
    answers: ResolvedAnswers | None = None
    error: str | None = None

    @property
    def project(self) -> str:
        """The project name, or an empty string when the profile has none."""
        if self.answers is None:
            return ""
        return str(self.answers.values.get("project_name", ""))

    @property
    def label(self) -> str:
        """How messages name this profile: `file` or `file row N`."""
        return self.source if self.row is None else f"{self.source} row {self.row}"


#: Files a batch writes at the top of its output folder: never profiles, should the output folder
#: be the input folder too.
BATCH_OUTPUT_NAMES = frozenset({"summary.json", "this-machine.probe-results.json"})


def load_profiles(input_path: Path, questionnaire: Questionnaire,
                  output_dir: Path | None = None) -> list[Profile]:
    """All profiles of INPUT (a folder or a CSV), each validated on its own."""
    if not input_path.exists():
        raise InputError("not found", file=input_path, allowed="a folder of answers files or a CSV")
    if input_path.is_dir():
        same = output_dir is not None and output_dir.resolve() == input_path.resolve()
        profiles = _folder_profiles(input_path, questionnaire,
                                    skip=BATCH_OUTPUT_NAMES if same else frozenset())
        if not profiles:
            raise InputError(
                "the folder holds no answers files",
                file=input_path,
                allowed="files ending in " + ", ".join(ANSWERS_SUFFIXES),
            )
        return profiles
    if input_path.suffix.lower() in CSV_SUFFIXES:
        return _csv_profiles(input_path, questionnaire)
    raise InputError(
        "is neither a folder nor a CSV file",
        file=input_path,
        allowed="a folder of answers files (.yaml, .yml, .json) or a .csv file",
    )


def _folder_profiles(folder: Path, questionnaire: Questionnaire,
                     skip: frozenset[str]) -> list[Profile]:
    files = sorted(
        (p for p in folder.iterdir()
         if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ANSWERS_SUFFIXES
         and p.name not in skip),
        key=lambda p: p.name,
    )
    keys = _unique_keys([(slugify(p.stem), slugify(p.name)) for p in files])
    profiles = []
    for index, (path, key) in enumerate(zip(files, keys, strict=True)):
        source = str(path)
        try:
            data = load_structured_file(path, error=AnswersError)
            answers = validate_answer_mapping(data, questionnaire, source=source)
            resolved = _resolve(answers, questionnaire, source=source)
        except AdvisorError as exc:
            profiles.append(Profile(index, key, source, None, error=exc.message))
        except RecursionError:  # the loader refuses deep nesting; this is a second guard
            profiles.append(Profile(index, key, source, None,
                                    error=f"{source}: nested too deeply"))
        else:
            profiles.append(Profile(index, key, source, None, answers=resolved))
    return profiles


def _unique_keys(candidates: list[tuple[str, str]]) -> list[str]:
    """Stem slugs, falling back to the full file name's slug, then a numbered suffix."""
    stems = [stem for stem, _ in candidates]
    keys: list[str] = []
    for stem, full in candidates:
        key = stem if stem and stems.count(stem) == 1 else (full or "profile")
        base, number = key, 2
        while key in keys:
            key, number = f"{base}-{number}", number + 1
        keys.append(key)
    return keys


def _resolve(answers: dict[str, Any], questionnaire: Questionnaire, *, source: str,
             line: int | None = None, row: int | None = None) -> ResolvedAnswers:
    """Defaults filled in; a missing required answer and an unusable project name are errors."""
    try:
        resolved = resolve_answers(questionnaire, file_answers=answers)
    except MissingAnswersError as exc:
        raise AnswersError(
            "required answers are missing: " + ", ".join(exc.missing),
            file=source, line=line, field=f"row {row}" if row else None,
        ) from None
    name = resolved.values.get("project_name")
    if isinstance(name, str):
        project_slug(name, source=source if line is None else f"{source}:{line}")
    return resolved


def _read_csv_text(path: Path) -> str:
    raw = read_regular_file(path, max_bytes=MAX_CSV_BYTES, what="a CSV file")  # no FIFO
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", file=path) from None


def csv_columns(questionnaire: Questionnaire) -> list[str]:
    """Every column name a batch CSV may have, in questionnaire order."""
    columns: list[str] = []
    for question in questionnaire.questions:
        columns.append(question.id)
        if question.kind == "priorities":
            columns.extend(f"priority.{c.id}" for c in question.criteria)
    return columns


def _column_target(name: str, questionnaire: Questionnaire) -> tuple[str, str | None] | None:
    """(question id, criterion or None) that a header names, or None when it names nothing."""
    question = questionnaire.get(name)
    if question is not None:
        return question.id, None
    for prefix in PRIORITY_PREFIXES:
        if name.startswith(prefix):
            criterion = name[len(prefix):]
            for q in questionnaire.questions:
                if q.kind == "priorities" and criterion in {c.id for c in q.criteria}:
                    return q.id, criterion
    return None


def _header(path: Path, header: list[str], questionnaire: Questionnaire
            ) -> list[tuple[str, str | None]]:
    allowed = ", ".join(csv_columns(questionnaire))
    targets: list[tuple[str, str | None]] = []
    seen: dict[tuple[str, str | None], str] = {}
    for number, raw in enumerate(header, start=1):
        name = raw.strip()
        if not name:
            raise InputError(f"column {number} of the header has no name", file=path, line=1,
                             allowed=allowed)
        target = _column_target(name, questionnaire)
        if target is None:
            raise InputError("unknown column", file=path, line=1, field=name, allowed=allowed)
        if target in seen:
            raise InputError(f"the same answer is also given by column {seen[target]!r}",
                             file=path, line=1, field=name)
        seen[target] = name
        targets.append(target)
    return targets


def _csv_records(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """(first physical line, cells or why the record is not well-formed), one per CSV record.

    A malformed record costs that record only: parsing starts again after it. A quote that is
    never closed would swallow the rest of the file, so then parsing starts again on the line
    after the one where the record began.
    """
    lines = io.StringIO(text, newline="").readlines()
    position = 0  # index of the next line to parse
    while position < len(lines):
        reader = csv.reader(iter(lines[position:]), strict=True)
        consumed = 0
        try:
            for cells in reader:
                yield position + consumed + 1, cells
                consumed = reader.line_num
            return
        except csv.Error as exc:
            start = position + consumed  # index of the record's first line
            reason = str(exc)
            if position + reader.line_num >= len(lines):  # ran into the end of the file
                reason += " (a quoted cell is not closed: is the row truncated?)"
                resume = start + 1
            else:
                resume = position + reader.line_num
            yield start + 1, f"is not a well-formed CSV row: {reason}"
            position = max(resume, start + 1)


def _csv_profiles(path: Path, questionnaire: Questionnaire) -> list[Profile]:
    records = _csv_records(_read_csv_text(path))
    header = next(((line, cells) for line, cells in records
                   if isinstance(cells, str) or any(cell.strip() for cell in cells)), None)
    if header is None:
        raise InputError("the CSV is empty: it needs a header row of question ids",
                         file=path, allowed=", ".join(csv_columns(questionnaire)))
    header_line, names = header
    if isinstance(names, str):
        raise InputError(f"the header row {names}", file=path, line=header_line)
    targets = _header(path, names, questionnaire)
    profiles: list[Profile] = []
    record = 1  # spreadsheet row of the header
    for start_line, cells in records:
        record += 1
        if isinstance(cells, str):  # malformed: this row fails, the others go on
            problem = AnswersError(cells, file=str(path), line=start_line, field=f"row {record}")
            profiles.append(Profile(len(profiles), f"row-{record:04d}", str(path), record,
                                    error=problem.message))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        profiles.append(_csv_profile(path, questionnaire, targets, names, cells,
                                     index=len(profiles), row=record, line=start_line))
    if not profiles:
        raise InputError("the CSV has a header but no profile rows", file=path)
    return profiles


def _csv_profile(path: Path, questionnaire: Questionnaire, targets: list[tuple[str, str | None]],
                 header: list[str], cells: list[str], *, index: int, row: int,
                 line: int) -> Profile:
    source = str(path)
    key = f"row-{row:04d}"
    try:
        if len(cells) != len(targets):
            # Too few cells is a truncated row (an empty answer still has its comma); too many
            # means a value slipped its quotes: either way the cells cannot be matched to columns.
            kind = "too many" if len(cells) > len(targets) else "too few: is the row truncated?"
            raise AnswersError(f"has {len(cells)} cells but the header has {len(targets)} columns"
                               f" ({kind})", file=source, line=line, field=f"row {row}")
        raw: dict[str, Any] = {}
        for (question_id, criterion), name, cell in zip(targets, header, cells, strict=True):
            text = cell.strip()
            if not text:
                continue  # an empty cell means "not answered"
            question = questionnaire.get(question_id)
            assert question is not None
            if criterion is not None:
                raw.setdefault(question_id, {})[criterion] = parse_importance(text)
            else:
                value = parse_text_answer(question, text)
                if question.kind == "priorities":
                    raw.setdefault(question_id, {}).update(value)
                else:
                    raw[question_id] = value
            _check_cell(questionnaire, raw, question_id, name, source, line, row)
        answers = validate_answer_mapping(raw, questionnaire, source=source)
        resolved = _resolve(answers, questionnaire, source=source, line=line, row=row)
    except AdvisorError as exc:
        return Profile(index, key, source, row, error=exc.message)
    return Profile(index, key, source, row, answers=resolved)


def _check_cell(questionnaire: Questionnaire, raw: dict[str, Any], question_id: str,
                column: str, source: str, line: int, row: int) -> None:
    """Validate the answer a cell just gave, so the error names its row and column."""
    try:
        validate_answer_mapping({question_id: raw[question_id]}, questionnaire, source=source)
    except AnswersError as exc:
        raise AnswersError(exc.problem, file=source, line=line, field=f"row {row}, column {column}",
                           allowed=exc.allowed) from None
