"""Misbehaving probe: aborts (SIGABRT), as a failed C++ assertion would."""
import os
import sys

print("fatal: something went wrong in native code", file=sys.stderr, flush=True)
os.abort()
