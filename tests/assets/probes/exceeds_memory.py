"""Misbehaving probe: allocates 2 GiB (run with a smaller RLIMIT_AS -> MemoryError)."""
import json

block = bytearray(2 * 1024**3)
print(json.dumps({"allocated": len(block)}))
