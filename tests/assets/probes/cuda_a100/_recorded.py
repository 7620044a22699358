"""A fake CUDA machine for the probe runner (a GCE a2-highgpu-1g VM, one A100-SXM4-40GB).

hardware.py runs the real hardware probe on the recorded sysfs tree. The other scripts print the
documents in recorded/, shaped as the framework and benchmark probes print them on such a
machine; their timings are illustrative, not measured (no GPU was lent to record them). The
framework probes list the GPU; the benchmark probes take turns like the real ones and print
their GPU run only when the advisor asks for it with --device cuda, else a skip.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "probes"))
from turn_taking import Turns  # noqa: E402


def main(name: str) -> None:
    argv = sys.argv[1:]
    with open(os.path.join(HERE, "recorded", f"{name}.json"), encoding="utf-8") as handle:
        document = json.load(handle)
    if name.startswith("bench_"):
        turns = Turns(argv[argv.index("--turns") + 1] if "--turns" in argv else None)
        turns.wait()
        device = argv[argv.index("--device") + 1] if "--device" in argv else "cpu"
        if device != "cuda":
            document = {"skipped": f"recorded GPU run; the advisor asked for --device {device}"}
        else:
            document["ledger"]["arguments"] = [a for a in argv if a != "--turns"
                                               and "," not in a]
    print(json.dumps(document))
