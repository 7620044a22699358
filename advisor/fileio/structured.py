"""Load a YAML or JSON document given by the user, with errors that name the file and the line.

Every YAML and JSON file the advisor reads comes through here, so the limits that keep a hostile
file from exhausting the machine live in one place: only regular files (a FIFO would hang, a
device never ends), a size cap checked while reading, YAML aliases that may not expand the
document past `MAX_ALIAS_NODES` (an alias bomb of a few hundred bytes otherwise becomes gigabytes
once validated), no recursive aliases, no key given twice in one mapping (which one would
count?), no JSON `NaN`/`Infinity`, and at most `MAX_DEPTH` levels
of nesting (deeper documents blow Python's recursion limit in the parsers, the validators and the
serialisers).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import InputError
from advisor.fileio.yaml_limits import LimitedSafeLoader

#: Answers files, questionnaires and probe reports are small; anything bigger is a mistake
#: (a wrong file) and is refused before it is parsed.
MAX_INPUT_BYTES = 2 * 1024 * 1024
#: No file of ours nests deeper than about ten levels.
MAX_DEPTH = 64


def read_regular_file(path: Path, *, error: type[InputError] = InputError,
                      max_bytes: int = MAX_INPUT_BYTES, what: str = "a YAML or JSON file"
                      ) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; raise `error` naming the file."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on the
        # open descriptor, so the file cannot be swapped between the check and the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise error("file not found", file=path) from None
    except IsADirectoryError:
        raise error(f"is a directory, expected {what}", file=path) from None
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror or exc}", file=path) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"is a directory, expected {what}", file=path)
        # A FIFO would wait for a writer, /dev/zero never ends.
        raise error("is not a regular file (a pipe, socket or device)", file=path,
                    allowed=what)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise error(f"file is too large ({info.st_size:,} bytes)", file=path,
                        allowed=f"at most {max_bytes:,} bytes")
        try:
            raw = handle.read(max_bytes + 1)  # the file may have grown since fstat
        except OSError as exc:
            raise error(f"cannot be read: {exc.strerror or exc}", file=path) from exc
    if len(raw) > max_bytes:
        raise error("file is too large (it grew while being read)", file=path,
                    allowed=f"at most {max_bytes:,} bytes")
    return raw


def load_structured_file(
    path: Path,
    *,
    error: type[InputError] = InputError,
    max_bytes: int = MAX_INPUT_BYTES,
    expect_mapping: bool = True,
) -> Any:
    """Read `path` as JSON (suffix .json) or YAML; raise `error` naming the file on a problem."""
    raw = read_regular_file(path, error=error, max_bytes=max_bytes)
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
    data = _parse_json(text, source, error) if as_json else _parse_yaml(text, source, error)
    check_depth(data, source=source, error=error)
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


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise ValueError(f"duplicate key {key!r}; give each key once")
        mapping[key] = value
    return mapping


def _parse_json(text: str, source: str, error: type[InputError]) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise error(f"invalid JSON: {exc.msg}", file=source, line=exc.lineno) from exc
    except ValueError as exc:  # NaN, Infinity; a duplicate key; an integer of 4300+ digits
        raise error(f"invalid JSON: {exc}", file=source) from exc
    except RecursionError as exc:
        raise error(f"invalid JSON: nested more than {MAX_DEPTH} levels deep", file=source,
                    allowed=f"at most {MAX_DEPTH} levels") from exc


def _parse_yaml(text: str, source: str, error: type[InputError]) -> Any:
    try:
        return yaml.load(text, Loader=LimitedSafeLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "cannot be parsed"
        raise error(f"invalid YAML: {problem}", file=source, line=line) from exc
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", file=source) from exc
    except RecursionError as exc:
        raise error(f"invalid YAML: nested more than {MAX_DEPTH} levels deep", file=source,
                    allowed=f"at most {MAX_DEPTH} levels") from exc
    except ValueError as exc:  # an integer of over 4300 digits
        raise error(f"invalid YAML: {exc}", file=source) from exc


def check_depth(data: Any, *, source: str, error: type[InputError] = InputError,
                limit: int = MAX_DEPTH) -> None:
    """Refuse data nested more than `limit` levels (level by level: no recursion, shared
    containers visited once per level)."""
    frontier = [data] if isinstance(data, dict | list) else []
    depth = 0
    while frontier:
        depth += 1
        if depth > limit:
            raise error(f"nested more than {limit} levels deep", file=source,
                        allowed=f"at most {limit} levels")
        seen: set[int] = set()
        following: list[Any] = []
        for item in frontier:
            for child in item.values() if isinstance(item, dict) else item:
                if isinstance(child, dict | list) and id(child) not in seen:
                    seen.add(id(child))
                    following.append(child)
        frontier = following
