"""The HTML report in real headless Chromium: it shows the verdict and makes no network request.

Chromium's net log records every request; those the page started carry an initiator (its origin,
"null" for file://), those of the browser itself (updates, time) carry "not an origin". A control
page with external images proves the check can fail.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from advisor.report.html import render_html
from tests.conftest import require_tool

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _chromium_installed() -> None:
    require_tool(Path(CHROMIUM).exists(), "chromium")


def run_chromium(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )


def page_requests(netlog: Path) -> list[str]:
    """URLs of requests started by the page (not by the browser's own services)."""
    log = json.loads(netlog.read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params: dict[str, Any] = event.get("params") or {}
        if event["type"] == start and "url" in params and (
                params.get("initiator") != "not an origin"):
            urls.append(params["url"])
    return urls


def test_report_shows_the_verdict_and_requests_nothing(
    real_context: dict[str, Any], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(real_context), encoding="utf-8")
    netlog = tmp_path / "netlog.json"
    result = run_chromium(page, tmp_path, f"--log-net-log={netlog}",
                          "--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert real_context["summary"]["headline"] in result.stdout
    assert result.stdout.count("<svg ") == 2
    assert page_requests(netlog) == []


def test_the_check_sees_requests_of_a_page_that_makes_them(tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text('<img src="http://127.0.0.1:9/x.png"><link rel=stylesheet'
                    ' href="https://example.invalid/a.css">', encoding="utf-8")
    netlog = tmp_path / "netlog.json"
    run_chromium(page, tmp_path, f"--log-net-log={netlog}",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom")
    assert set(page_requests(netlog)) == {"http://127.0.0.1:9/x.png",
                                          "https://example.invalid/a.css"}


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshot_at_phone_and_desktop_width(
    real_context: dict[str, Any], tmp_path: Path, width: int
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(real_context), encoding="utf-8")
    shot = tmp_path / "shot.png"
    result = run_chromium(page, tmp_path, "--hide-scrollbars", f"--window-size={width},1400",
                          f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


#: Measures, inside the page, how wide the document is and which element reaches furthest
#: right outside a scrolling box; the result goes to the outer page's title.
_MEASURE = (
    "<script>var far=0,who='';document.querySelectorAll('body *').forEach(function(e){"
    "if(e.closest('.scroll, figure.chart'))return;var r=e.getBoundingClientRect();"
    "if(r.right>far){far=r.right;who=e.tagName+'.'+e.className}});"
    "parent.document.title='W'+document.documentElement.scrollWidth+' V'+window.innerWidth"
    "+' C'+document.documentElement.clientWidth+' '+who;</script>"
)


def width_at(page_html: str, width: int, tmp_path: Path) -> tuple[int, int, str]:
    """(document width, viewport width, the widest element) of a page shown `width` px wide.

    Headless Chromium keeps windows at least 500 px wide, so the page is shown in an iframe
    of the wanted width (srcdoc: same origin, so the page can report to its parent). The
    report's CSP (no script) is left out of this copy only.
    """
    measured = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page_html)
    measured = measured.replace("</body>", _MEASURE + "</body>")
    outer = tmp_path / "outer.html"
    outer.write_text(
        f'<!DOCTYPE html><title>none</title><body style="margin:0"><iframe style="width:{width}px;'
        f'height:900px;border:0" srcdoc="{html.escape(measured, quote=True)}"></iframe>',
        encoding="utf-8")
    result = run_chromium(outer, tmp_path, "--window-size=1000,1000",
                          "--virtual-time-budget=5000", "--dump-dom")
    found = re.search(r"<title>W(\d+) V(\d+) C(\d+) ([^<]*)</title>", result.stdout)
    assert found, result.stdout[:500] + result.stderr[-1000:]
    return int(found[1]), int(found[3]), found[4]


def test_at_390_px_the_report_is_no_wider_than_the_phone(
    real_context: dict[str, Any], tmp_path: Path
) -> None:
    document, viewport, widest = width_at(render_html(real_context), 390, tmp_path)
    assert viewport <= 390 and document <= viewport, widest


def test_the_width_check_sees_a_page_wider_than_the_phone(tmp_path: Path) -> None:
    cells = "".join(f"<td>column{n}</td>" for n in range(30))
    document, viewport, _ = width_at(
        f"<!DOCTYPE html><html><body><table><tr>{cells}</tr></table></body></html>", 390, tmp_path)
    assert document > viewport
