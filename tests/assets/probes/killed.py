"""Misbehaving probe: killed by SIGKILL, as the kernel's out-of-memory killer would do."""
import os
import signal
import sys

print("allocating a lot...", file=sys.stderr, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
