"""Load a YAML or JSON document given by the user, with errors that name the file and the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import InputError

#: Answers files, questionnaires and probe reports are small; anything bigger is a mistake
#: (a wrong file) and is refused before it is parsed.
MAX_INPUT_BYTES = 2 * 1024 * 1024


def load_structured_file(
    path: Path,
    *,
    error: type[InputError] = InputError,
    max_bytes: int = MAX_INPUT_BYTES,
    expect_mapping: bool = True,
) -> Any:
    """Read `path` as JSON (suffix .json) or YAML; raise `error` naming the file on a problem."""
    if not path.exists():
        raise error("file not found", file=path)
    if path.is_dir():
        raise error("is a directory, expected a YAML or JSON file", file=path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise error(
                f"file is too large ({size:,} bytes)",
                file=path,
                allowed=f"at most {max_bytes:,} bytes",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror or exc}", file=path) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"is not UTF-8 text (byte {exc.start})", file=path) from exc
    as_json = path.suffix.lower() == ".json"
    return parse_structured_text(
        text, source=str(path), as_json=as_json, error=error, expect_mapping=expect_mapping
    )


def parse_structured_text(
    text: str,
    *,
    source: str,
    as_json: bool = False,
    error: type[InputError] = InputError,
    expect_mapping: bool = True,
) -> Any:
    """Parse JSON or YAML text; `source` names it in errors."""
    if not text.strip():
        raise error("file is empty", file=source, allowed="a mapping of ids to values")
    if as_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise error(f"invalid JSON: {exc.msg}", file=source, line=exc.lineno) from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = exc.problem or exc.context or "cannot be parsed"
            raise error(f"invalid YAML: {problem}", file=source, line=line) from exc
        except yaml.YAMLError as exc:
            raise error(f"invalid YAML: {exc}", file=source) from exc
        except RecursionError as exc:
            raise error("invalid YAML: nested too deeply", file=source) from exc
    if expect_mapping and not isinstance(data, dict):
        kind = "nothing" if data is None else type(data).__name__
        if isinstance(data, list):
            kind = "a list"
        raise error(
            f"top level is {kind}, expected a mapping",
            file=source,
            allowed="a mapping such as `stage: research`",
        )
    return data
