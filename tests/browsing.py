"""What the tests that serve a built site or open it in a browser share.

- ``serving(folder)``: a quiet threaded ``http.server`` on 127.0.0.1 (a free port), started at once;
  the folder may be filled (built) after the address is known, so a build can use it as ``site_url``.
- ``build_site(project, out, site_url)``: the real ``mkdocs build --strict`` of a project;
  ``built_and_served(project, out)`` both (the site's address is the server's).
- ``axe(page)``: axe-core's WCAG 2.1 A/AA violations of an open page (axe-core from tests/tools).
- ``chromium()``: Debian's chromium driven by Playwright (Playwright's own browser download does not
  work here). Where chromium or Playwright is missing the test is skipped with the reason; with
  ``CI=true`` that is a failure instead, so CI can never pass without running the browser tests.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = os.environ.get("KOOPLAB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Without the background-networking flags chromium calls Google's hosts on start (refused here).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def missing(reason: str) -> None:
    """Skip (fail under CI=true) because a browser-test prerequisite is missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}", allow_module_level=True)


def require_browser() -> None:
    """Call at module level (or in a fixture) before using :func:`chromium`."""
    if CHROMIUM is None:
        missing("no chromium found (apt-get install chromium; .ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - the test extra installs it
        missing("Playwright is not installed (pip install -c requirements.lock -e '.[test]')")


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Compressed(_Quiet):
    """As GitHub Pages serves: text gzip-compressed for a client that accepts it."""

    TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or not kind.startswith(self.TEXT) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what Pages sends
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serving(folder: Path, compressed: bool = False, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``folder`` on ``host`` (``compressed``: gzip, as GitHub Pages); yields the base address ending in '/'.
    Another loopback address (127.0.0.2) is another origin: a website that embeds the site's views."""
    handler = _Compressed if compressed else _Quiet
    httpd = http.server.ThreadingHTTPServer((host, 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def build_site(project: Path, out: Path, site_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(out)], cwd=project, capture_output=True, text=True, env=env)


@contextlib.contextmanager
def built_and_served(project: Path, out: Path, compressed: bool = False) -> Iterator[str]:
    """``project`` built into ``out`` with ``site_url`` = the server's own address, and served; yields the
    address. A failed build fails the test with MkDocs' messages."""
    with serving(out, compressed) as base:
        result = build_site(project, out, base)
        if result.returncode != 0:
            pytest.fail(f"{project} did not build:\n{result.stderr[-4000:]}")
        yield base


AXE = Path(__file__).resolve().parent / "tools/node_modules/axe-core/axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations as 'rule: selector' lines (injected from tests/tools, no CDN)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [f"{v['id']}: {' '.join(map(str, n['target']))} – {n.get('failureSummary', '').splitlines()[-1:]}"
            for v in result["violations"] for n in v["nodes"]]
