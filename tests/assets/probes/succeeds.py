"""Well-behaved probe: one JSON document on stdout, chatter on stderr."""
import json
import sys

print("loading...", file=sys.stderr)
print(json.dumps({"answer": 42, "argv": sys.argv[1:]}))
