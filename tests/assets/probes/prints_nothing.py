"""Misbehaving probe: exits 0 without a document."""
