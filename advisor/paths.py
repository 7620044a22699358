"""Where the advisor's data folders are, in a checkout and in an installed wheel.

The checkout keeps questionnaires/, probes/ and templates/ at the top level (fixed layout); the
wheel carries them under advisor/_data/ (see pyproject.toml). Both give the same behaviour.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder `name` (questionnaires, probes or templates) wherever it is installed."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"advisor data folder {name!r} is missing from this installation")


def questionnaires_dir() -> Path:
    """Folder of the default questionnaire and the decision model."""
    return data_dir("questionnaires")


def probes_dir() -> Path:
    """Folder of the standalone probe scripts."""
    return data_dir("probes")


def templates_dir() -> Path:
    """Folder of the report templates and their CSS."""
    return data_dir("templates")


def default_questionnaire_path() -> Path:
    """The questionnaire used when no --questionnaire is given."""
    return questionnaires_dir() / "default.yaml"
