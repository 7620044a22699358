"""Time the report renderers: one PDF (target 3 s or less) and one HTML (0.5 s or less).

Run:  python benchmarks/bench_report.py [ASSESSMENT.json]
Default input: the example answers scored with the bundled test probe report (benchmarks
included), i.e. a full report with all four charts. "cold" includes the first-use cost in a
fresh process (imports, font discovery, matplotlib set-up); "warm" is the best of 3 more runs.
A user renders one report per process, so the targets are checked against the cold time. Wall-clock
time on a shared machine depends on its load, so CPU time is printed beside the warm one. The
whole `advisor report --format html|pdf` command (interpreter start, CLI, loading the JSON) is
timed too and printed for reference.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PDF_TARGET_S = 3.0
HTML_TARGET_S = 0.5


def _assessment(path: str | None):  # type: ignore[no-untyped-def]
    from advisor.assessment_io import load_assessment, load_probe_report
    from advisor.fileio import load_structured_file
    from advisor.pipeline import assess
    from advisor.questionnaire import load_default_questionnaire, resolve_answers

    if path:
        return load_assessment(Path(path))
    answers = load_structured_file(REPO / "examples" / "answers.yaml", error=ValueError)
    resolved = resolve_answers(load_default_questionnaire(), file_answers=dict(answers))
    probes = load_probe_report(REPO / "tests" / "assets" / "report" / "probe_report.json")
    return assess(resolved, probes)


def _time(fn) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - start, time.process_time() - cpu, result


def _time_cli(assessment) -> None:  # type: ignore[no-untyped-def]
    from advisor.assessment_io import save_assessment

    with tempfile.TemporaryDirectory() as tmp:
        source = save_assessment(assessment, Path(tmp) / "a.json")
        for fmt in ("html", "pdf"):
            start = time.perf_counter()
            command = [sys.executable, "-m", "advisor", "report", str(source), "--format", fmt]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            print(f"`advisor report --format {fmt}` end to end: "
                  f"{time.perf_counter() - start:.2f} s (for reference)")


def main() -> int:
    t0 = time.perf_counter()
    assessment = _assessment(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"assessment ready in {time.perf_counter() - t0:.2f} s")

    from advisor.report.context import build_report_context
    from advisor.report.html import render_html
    from advisor.report.pdf import render_pdf

    def html() -> str:
        return render_html(build_report_context(assessment))

    def pdf() -> bytes:
        return render_pdf(build_report_context(assessment))

    cold_html, _, page = _time(html)
    warm = [_time(html) for _ in range(3)]
    warm_html, cpu_html = min(w[0] for w in warm), min(w[1] for w in warm)
    cold_pdf, _, document = _time(pdf)
    warm = [_time(pdf) for _ in range(3)]
    warm_pdf, cpu_pdf = min(w[0] for w in warm), min(w[1] for w in warm)
    print(f"HTML: cold {cold_html:.2f} s, warm {warm_html:.3f} s wall / {cpu_html:.3f} s CPU"
          f" ({len(str(page)) // 1024} KiB; target <= {HTML_TARGET_S} s)")
    print(f"PDF:  cold {cold_pdf:.2f} s, warm {warm_pdf:.2f} s wall / {cpu_pdf:.2f} s CPU"
          f" ({len(bytes(document)) // 1024} KiB; target <= {PDF_TARGET_S} s)")
    try:
        load = " ".join(f"{x:.2f}" for x in __import__("os").getloadavg())
        print(f"load average: {load} on {__import__('os').cpu_count()} CPUs")
    except OSError:
        pass
    _time_cli(assessment)
    ok = cold_html <= HTML_TARGET_S and cold_pdf <= PDF_TARGET_S
    print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
