"""Misbehaving probe: a framework's shared library cannot be mapped (ENOMEM under RLIMIT_AS)."""
import sys

print("ImportError: libtorch_cpu.so: failed to map segment from shared object", file=sys.stderr)
sys.exit(1)
