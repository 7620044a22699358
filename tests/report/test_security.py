"""Hostile answers and probe data render escaped and inert; the PDF renderer reads nothing of
its own accord outside templates/ and never touches the network."""

from __future__ import annotations

import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from advisor.paths import templates_dir
from advisor.report.context import build_report_context
from advisor.report.markdown import render_markdown
from advisor.report.pdf import make_url_fetcher, render_pdf
from tests.report.conftest import fixture_assessment, render_html_of


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html_of(fixture_assessment("hostile"))


def test_hostile_html_is_escaped(hostile_html: str) -> None:
    assert "<script>alert" not in hostile_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert "<img src=file" not in hostile_html and "&lt;img src=file:///etc/passwd" in hostile_html
    assert "<svg onload" not in hostile_html
    assert "<style>body{background" not in hostile_html
    assert "{{ 7*7 }}" in hostile_html  # template syntax in data stays text, never evaluated
    assert "A" * 200 not in hostile_html  # very long values are shortened, start and end kept
    assert "characters left out" in hostile_html


def test_hostile_markdown_is_inert() -> None:
    text = render_markdown(build_report_context(fixture_assessment("hostile"), charts=False))
    # Code spans show their content literally; everywhere else every < must be escaped.
    prose = re.sub(r"(`+).*?\1", "", text)
    assert not re.search(r"(?<!\\)<", prose)
    assert not re.search(r"(?<!\\)\]\(", prose)  # no link or image syntax
    assert "http://evil" not in text  # no bare autolink either
    assert "A" * 500 not in text
    for line in text.splitlines():
        assert not line.startswith("<")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    _Recorder.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.slow
def test_pdf_fetcher_refuses_network_and_files_outside_templates(
    local_server: str, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = (
        f'<html><head><link rel="stylesheet" href="{local_server}/x.css">'
        f'<link rel="stylesheet" href="{secret.as_uri()}"></head><body>'
        f'<img src="{local_server}/img.png"><img src="file:///etc/passwd">'
        f'<p style="background: url({local_server}/bg.png)">text</p>'
        '<img src="data:image/svg+xml;base64,'
        'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=">'
        "</body></html>"
    )
    fetcher = make_url_fetcher()
    pdf = render_pdf({}, html=html, url_fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert _Recorder.requests == []  # not one request reached the server
    refused = "\n".join(fetcher.refused)
    assert f"{local_server}/x.css" in refused and f"{local_server}/img.png" in refused
    assert "file:///etc/passwd" in refused and secret.as_uri() in refused
    assert not any(url.startswith("data:") for url in fetcher.refused)


def test_fetcher_allows_only_data_and_template_assets(local_server: str) -> None:
    fetcher = make_url_fetcher()
    asset = (templates_dir() / "report.css").resolve()
    response = fetcher.fetch(asset.as_uri())
    assert b"font-family" in response.read()
    response.close()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (f"{local_server}/a", "https://example.com/a", "file:///etc/passwd",
                asset.as_uri().replace("report.css", "../advisor/__init__.py"),
                "ftp://example.com/a"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert _Recorder.requests == []


@pytest.mark.slow
def test_hostile_pdf_renders_and_fetches_nothing() -> None:
    fetcher = make_url_fetcher()
    pdf = render_pdf(build_report_context(fixture_assessment("hostile")), url_fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert fetcher.refused == []  # escaped text never became a reference
    # The page streams are compressed: look at the text a reader sees, not at the raw bytes.
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "<script>alert('x')</script>" in text  # hostile markup is shown as text
    assert "file:///etc/passwd" in text
    assert "root:x:0" not in text and "/bin/bash" not in text  # nothing of the file itself
    assert "{{ 7*7 }}" in text  # template syntax in data stays text, never evaluated
    assert not [a for page in reader.pages for a in page.get("/Annots") or []
                if "javascript" in str(a.get_object().get("/A", {})).lower()]
