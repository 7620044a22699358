"""Misbehaving probe: a library prints on stdout before the JSON document."""
import json

print("Loading CUDA libraries... done")
print(json.dumps({"ok": True}))
