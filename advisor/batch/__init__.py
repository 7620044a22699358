"""Batch mode: many profiles (a folder of answers files or a CSV) against one or more machines.

inputs (profiles) -> runner (one job per profile, in worker processes) -> manifest (--resume)
-> summary (summary.json / summary.csv) and page (summary.html / summary.pdf, with a chart);
session ties them together for the CLI (advisor.cli.batch).
"""
