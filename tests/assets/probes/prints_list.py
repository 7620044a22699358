"""Misbehaving probe: valid JSON, but not an object."""
print("[1, 2, 3]")
