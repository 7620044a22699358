"""Hostile YAML and JSON given to every reader: refused with exit 2, quickly, in little memory.

Issue 18: an alias bomb of a few hundred bytes took 35 s and 4 GB before exit 70; a FIFO hung;
/dev/zero read without end; JSON nested 100,000 deep or holding NaN ended in exit 70.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.fileio import load_structured_file
from tests.conftest import ASSETS, EXAMPLE_ANSWERS, REPO, cli_env, run_main

MEBIBYTE = 2**20


def alias_bomb(levels: int = 9, width: int = 9, head: str = 'schema_version: "1"\n') -> str:
    """A billion-laughs document: each level lists `width` aliases of the level below."""
    lines = [head.rstrip("\n"), "l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 9) -> str:
    """The same with merge keys, which PyYAML expands while constructing."""
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}"]
    for level in range(1, levels + 1):
        keys = ", ".join(f"k{i}: *m{level - 1}" for i in range(8))
        lines.append(f"m{level}: &m{level} {{<<: *m{level - 1}, {keys}}}")
    return "\n".join(lines) + "\n"


#: Every reader of a YAML file, as the CLI calls it: (name, python call on PATH).
READERS = {
    "answers": "from advisor.questionnaire import load_default_questionnaire\n"
               "from advisor.questionnaire.answers import load_answers_file\n"
               "load_answers_file(PATH, load_default_questionnaire())",
    "questionnaire": "from advisor.questionnaire import load_questionnaire\n"
                     "load_questionnaire(PATH)",
    "decision model": "from advisor.scoring import load_decision_model\n"
                      "load_decision_model(PATH)",
    "probe report": "from advisor.assessment_io import load_probe_report\n"
                    "load_probe_report(PATH)",
    "assessment": "from advisor.assessment_io import load_assessment\nload_assessment(PATH)",
    "batch folder": "from advisor.batch.inputs import load_profiles\n"
                    "from advisor.questionnaire import load_default_questionnaire\n"
                    "[profile] = load_profiles(PATH.parent, load_default_questionnaire())\n"
                    "assert profile.error and 'alias' in profile.error, profile\n"
                    "raise InputError(profile.error)",
}

#: Runs in a child: caps the address space at what it uses now + 200 MB, reads the file,
#: and prints the time and the growth of its peak memory.
_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from advisor.errors import InputError
import advisor.fileio, advisor.questionnaire, advisor.scoring, advisor.assessment_io
import advisor.batch.inputs
PATH = Path(sys.argv[1])
size = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status")
            if line.startswith("VmSize:"))
resource.setrlimit(resource.RLIMIT_AS, (size + 200 * 2**20, resource.RLIM_INFINITY))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
{call}
    outcome = "accepted"
except InputError as exc:
    outcome = "refused: " + str(exc)
except MemoryError:
    outcome = "MemoryError"
seconds = time.perf_counter() - start
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps({{"outcome": outcome, "seconds": seconds, "grown": grown}}))
"""


@pytest.mark.parametrize("bomb", ["aliases", "merge keys"])
@pytest.mark.parametrize("reader", list(READERS))
def test_every_yaml_reader_refuses_an_alias_bomb_within_a_second_and_200_mb(
    tmp_path: Path, reader: str, bomb: str
) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb() if bomb == "aliases" else merge_bomb(), encoding="utf-8")
    assert path.stat().st_size < 1000
    call = textwrap.indent(READERS[reader], "    ")
    result = subprocess.run([sys.executable, "-c", _MEASURE.format(call=call), str(path)],
                            capture_output=True, text=True, env=cli_env(), cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert measured["outcome"].startswith("refused"), measured
    assert "alias" in measured["outcome"] and "bomb.yaml" in measured["outcome"], measured
    assert measured["seconds"] < 1.0, measured
    assert measured["grown"] < 200 * MEBIBYTE, measured


def test_aliases_within_the_limit_still_load(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text("base: &b [vision, nlp_llm]\nfirst: *b\nsecond: *b\n", encoding="utf-8")
    assert load_structured_file(path) == {"base": ["vision", "nlp_llm"],
                                          "first": ["vision", "nlp_llm"],
                                          "second": ["vision", "nlp_llm"]}


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(InputError, match="recursive"):
        load_structured_file(path)


@pytest.mark.parametrize(("command", "suffix"), [
    (["assess", "--no-input", "--no-probes", "--answers", "{}"], ".yaml"),
    (["assess", "--no-input", "--answers", str(EXAMPLE_ANSWERS), "--probe-results", "{}"],
     ".yaml"),
    (["assess", "--no-input", "--no-probes", "--decision-model", "{}"], ".yaml"),
    (["questions", "--validate", "{}"], ".yaml"),
    (["report", "{}"], ".yaml"),
])
def test_the_cli_answers_an_alias_bomb_with_exit_2_naming_the_file(
    tmp_path: Path, command: list[str], suffix: str
) -> None:
    path = tmp_path / f"bomb{suffix}"
    path.write_text(alias_bomb(), encoding="utf-8")
    argv = [part.replace("{}", str(path)) for part in command]
    if command[0] != "questions":
        argv += ["--output", str(tmp_path / "out")]
    # A subprocess with 2 GB of address space: an advisor that expands the bomb stops there
    # instead of taking the machine.
    result = subprocess.run([sys.executable, "-m", "advisor", *argv], capture_output=True,
                            text=True, env=cli_env(), cwd=tmp_path, timeout=120,
                            stdin=subprocess.DEVNULL, preexec_fn=_two_gigabytes)
    assert result.returncode == 2, result.stderr[-2000:]
    assert str(path) in result.stderr and "alias" in result.stderr
    assert "internal error" not in result.stderr


def _two_gigabytes() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, resource.RLIM_INFINITY))


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_fifo_or_a_device_as_answers_is_refused_at_once(
    tmp_path: Path, special: str
) -> None:
    if special == "fifo":
        path = tmp_path / "answers.yaml"
        os.mkfifo(path)
    else:
        path = Path(special)
    # A subprocess with a timeout: the old advisor hung on the FIFO and read /dev/zero forever.
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "assess", "--no-input", "--no-probes",
         "--answers", str(path), "--output", str(tmp_path / "out")],
        capture_output=True, text=True, env=cli_env(), cwd=tmp_path, timeout=60,
        stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    assert f"{path}: is not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_nested_100000_deep_is_an_input_error(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    assert run_main(["assess", "--no-input", "--no-probes", "--answers", str(path),
                     "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: invalid JSON: nested more than" in err


def test_a_saved_assessment_nested_300_deep_is_refused_before_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads((ASSETS / "assessments" / "scored_with_probes.json").read_text())
    deep: object = 1
    for _ in range(300):
        deep = {"a": deep}
    document["decision_model"] = deep  # an open mapping: the model takes any depth
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run_main(["report", str(path), "--format", "json", "--output",
                     str(tmp_path / "out")]) == 2
    assert "nested more than 64 levels deep" in capsys.readouterr().err


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}'])
def test_json_nan_and_infinity_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="is not a number JSON allows"):
        load_structured_file(path)


@pytest.mark.parametrize(("name", "text", "line"), [
    ("answers.yaml", "project_name: A\nstage: research\nstage: production\n", ":3"),
    ("answers.json", '{"project_name": "A", "stage": "research", "stage": "production"}', ""),
])
def test_a_key_given_twice_in_answers_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert run_main(["assess", "--no-input", "--no-probes", "--answers", str(path),
                     "--output", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{line}: invalid" in err and "duplicate key 'stage'" in err


def test_a_merge_key_may_still_be_overridden(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text("base: &b {stage: research}\nx:\n  <<: *b\n  stage: production\n",
                    encoding="utf-8")
    assert load_structured_file(path)["x"] == {"stage": "production"}
