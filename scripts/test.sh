#!/usr/bin/env bash
# The whole test suite: lint (ruff), types (mypy) and pytest, slow tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check advisor probes tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
