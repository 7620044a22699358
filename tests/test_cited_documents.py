"""Every document the code and the docs cite (docs/contract.md, ARCHITECTURE.md, ...) exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: A Markdown file named with its folder, or one of the top-level documents.
CITATION = re.compile(r"\b((?:[\w-]+/)*[\w-]+\.md)\b(?!\.)")
SOURCES = ("advisor", "probes", "questionnaires", "templates", "docs", "scripts", "benchmarks")


def _cited() -> dict[str, set[str]]:
    files = [REPO / "README.md", REPO / "ARCHITECTURE.md"]
    for folder in SOURCES:
        files += [p for p in (REPO / folder).rglob("*") if p.is_file() and p.suffix in
                  {".py", ".md", ".yaml", ".j2", ".json", ".sh"}]
    cited: dict[str, set[str]] = {}
    for path in files:
        for name in CITATION.findall(path.read_text(encoding="utf-8", errors="replace")):
            cited.setdefault(name, set()).add(str(path.relative_to(REPO)))
    return cited


def test_every_cited_document_is_in_the_repository() -> None:
    cited = _cited()
    assert "docs/contract.md" in cited and "ARCHITECTURE.md" in cited
    missing = {name: sorted(where) for name, where in cited.items()
               if not (REPO / name).is_file() and not any(
                   (REPO / where).parent.joinpath(name).is_file() for where in cited[name])}
    assert missing == {}
