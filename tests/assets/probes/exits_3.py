"""Misbehaving probe: reports an error and exits with status 3."""
import sys

for line in range(30):
    print(f"log line {line}", file=sys.stderr)
print("error: the framework refused to start", file=sys.stderr)
sys.exit(3)
