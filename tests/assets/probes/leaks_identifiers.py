"""Misbehaving probe: lets the planted identifiers of tests/probing/test_identifiers.py through,
in its document (a framework entry) and on stderr; with --fail it exits 3 after a traceback."""
import json
import sys

HOME = "/home/planteduser"
LEAKS = [
    f"loaded {HOME}/venv/lib/python3.12/site-packages/libfoo.so on planted-host-4711",
    "CUDA_VISIBLE_DEVICES=GPU-5eed0a11-7e57-4a55-b00b-c0ffee000001",
    "board 8f6b2c1e-3d4a-4b5c-9e7f-0a1b2c3d4e5f, NIC 52:54:00:ab:cd:ef",
    "cache in /srv/planteduser/cache, mail planteduser@planted-host-4711.example.org",
]
print(f'  File "{HOME}/venv/lib/python3.12/site-packages/foo.py", line 1', file=sys.stderr)
print("\n".join(LEAKS), file=sys.stderr)
if "--fail" in sys.argv:
    sys.exit(3)
print(json.dumps({"installed": True, "version": "1.0", "warnings": LEAKS,
                  "build": {"prefix": f"{HOME}/venv"}}))
