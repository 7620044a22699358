"""The HTML report in real headless Chromium: it shows the verdict and makes no network request.

Chromium's net log records every request; those the page started carry an initiator (its origin,
"null" for file://), those of the browser itself (updates, time) carry "not an origin". A control
page with external images proves the check can fail.
"""

from __future__ import annotations

import json
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
    assert real_context["outcome"]["headline"] in result.stdout
    assert result.stdout.count("<svg ") == 4
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


def test_screenshot_of_page_one(real_context: dict[str, Any], tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(real_context), encoding="utf-8")
    shot = tmp_path / "shot.png"
    result = run_chromium(page, tmp_path, "--window-size=1000,1400", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
