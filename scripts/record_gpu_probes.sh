#!/usr/bin/env bash
# Record the probes' documents on a real GPU machine, to replace the illustrative ones of the
# fake CUDA probe environment (tests/assets/probes/cuda_a100/recorded) and check the GPU paths.
#
# Usage: scripts/record_gpu_probes.sh [OUTPUT_DIR] (default: $OUT, else ./gpu-probes)
# Runs from the working tree with the interpreter in $PYTHON (default python3): the hardware
# probe, each installed framework's environment probe and benchmark probe (--device cuda
# --budget quick), each under a time limit; about 2-4 minutes. No identifiers are recorded
# (no --include-identifiers): host, user, GPU UUIDs and serial numbers stay out.
set -u
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-${OUT:-gpu-probes}}"
python="${PYTHON:-python3}"
mkdir -p "$out"
run() {  # NAME LIMIT_S ARGS...
    local name="$1" limit="$2"; shift 2
    echo "== $name" >&2
    timeout "$limit" "$python" "$here/probes/$name.py" "$@" >"$out/$name.json" 2>"$out/$name.stderr"
    echo "   exit $? ($(wc -c <"$out/$name.json") bytes)" >&2
}
nvidia-smi >"$out/nvidia-smi.txt" 2>&1 || true
run hardware 60
run framework_torch 180
run bench_torch 240 --device cuda --budget quick
if "$python" -c "import tensorflow" 2>/dev/null; then
    run framework_tensorflow 180
    run bench_tensorflow 240 --device cuda --budget quick
fi
