#!/usr/bin/env bash
# Set up everything and run the main job on the bundled example answers file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
status=0
.venv/bin/advisor assess --answers examples/answers.yaml --output reports "$@" || status=$?
echo
echo "Reports are in $(pwd)/reports/ (exit status $status)."
exit "$status"
