"""Probing a fleet of machines: every alive node of a Ray cluster, one probe report each.

Ray is an optional extra (`pip install advisor[fleet]`): only `advisor probe --ray` imports
`advisor.fleet.cluster`, which imports Ray. This package itself imports nothing heavy.
"""
