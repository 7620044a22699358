#!/usr/bin/env bash
# Set up a fresh machine for advisor: a virtual environment in .venv with advisor, its
# dependencies and CPU builds of PyTorch and TensorFlow (the probes' subjects).
#   bash scripts/setup.sh          what `advisor assess` needs
#   bash scripts/setup.sh --dev    plus the test tools and the system packages the tests drive
#                                  (Chromium, poppler-utils, tmux)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1
PYTHON=${PYTHON:-python3}

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
# WeasyPrint renders the PDF through Pango; fonts make the text readable.
ldconfig -p 2>/dev/null | grep libpango-1.0 >/dev/null || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# Japanese reports (--lang ja) need a CJK font; the PDF embeds it.
# (grep reads all of fc-list's output: with -q it would stop early, and pipefail would count
# fc-list's broken pipe as "not installed".)
fc-list 2>/dev/null | grep "Noto Sans CJK JP" >/dev/null || need_apt+=(fonts-noto-cjk)
if [ "$dev" = 1 ]; then
  have chromium || need_apt+=(chromium)
  have pdftoppm || need_apt+=(poppler-utils)
  have tmux || need_apt+=(tmux)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  if have apt-get && [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${need_apt[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install these system packages: ${need_apt[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
extras="frameworks"
# The tests also exercise the pymcdm cross-check and fleet probing on a local Ray cluster.
[ "$dev" = 1 ] && extras="frameworks,dev,mcdm,fleet"
stamp=".venv/.advisor-installed-$extras-$(cat pyproject.toml | cksum | cut -d' ' -f1)"
if [ ! -e "$stamp" ]; then
  echo "setup: installing advisor[$extras] into .venv (torch and tensorflow CPU builds, pinned)" >&2
  # On Linux, PyPI's torch wheels depend on several GB of CUDA packages: the CPU builds come
  # from PyTorch's own index (torch==2.13.0 matches its 2.13.0+cpu, which pip then prefers).
  # Where that index cannot be reached (offline or mirrored machines) pip's own settings apply,
  # e.g. a find-links folder holding a CPU wheel. ADVISOR_TORCH_INDEX= (empty) skips it.
  torch_index=${ADVISOR_TORCH_INDEX-https://download.pytorch.org/whl/cpu}
  index_args=()
  if [ -n "$torch_index" ] && [ "$(uname -s)" = Linux ]; then
    if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + '/torch/', timeout=10)" "$torch_index" 2>/dev/null; then
      index_args=(--extra-index-url "$torch_index")
    else
      echo "setup: $torch_index is not reachable; torch comes from pip's own configuration" >&2
    fi
  fi
  # pip's warnings about unreachable extra indexes on these machines are noise; errors still show.
  .venv/bin/python -m pip install -q --disable-pip-version-check "${index_args[@]}" \
    -e ".[$extras]" 2>&1 | grep -v "^WARNING: Location" >&2 || true
  if ! .venv/bin/python -m pip show -q torch >/dev/null 2>&1; then
    echo "setup: torch was not installed" >&2; exit 1
  fi
  .venv/bin/python -c "import advisor" # fail here, clearly, if the install did not work
  touch "$stamp"
fi
