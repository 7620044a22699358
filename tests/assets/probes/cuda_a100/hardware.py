"""The real hardware probe, reading the recorded GCE a2-highgpu-1g VM (one A100, gVNIC, NVMe,
no TPU): tests/assets/sysroots/gce_a100 and its recorded nvidia-smi output."""
import os
import sys

ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ASSETS, "..", "..", "probes"))
from hardware import main  # noqa: E402

extra = [a for a in sys.argv[1:] if a == "--include-identifiers"]
sys.exit(main(["--root", os.path.join(ASSETS, "sysroots", "gce_a100"),
               "--env-file", os.path.join(ASSETS, "env", "empty.json"),
               "--replay-commands", os.path.join(ASSETS, "commands", "gce_a100"), *extra]))
