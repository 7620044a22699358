"""Misbehaving probe: starts a child that also sleeps, then sleeps forever (-> timeout)."""
import subprocess
import sys
import time

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
print(child.pid, file=sys.stderr, flush=True)
print("about to hang", file=sys.stderr, flush=True)
time.sleep(3600)
