"""Probe whose subject is absent: a framework that is not installed."""
import importlib.util
import json

if importlib.util.find_spec("no_such_framework_xyz") is None:
    print(json.dumps({"skipped": "no_such_framework_xyz is not installed", "framework": "x"}))
