"""Misbehaving probe: prints a valid document, then fails at exit with status 3."""
import json
import sys

print(json.dumps({"installed": True, "version": "1.0"}), flush=True)
print("error during shutdown", file=sys.stderr)
sys.exit(3)
