"""What `kooplab bench` measures in a real browser (Chromium through Playwright): the bytes of a reader's first
searches, and the time from saving a record file to the preview showing it (`mkdocs serve`)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _browser():
    """(chromium executable, sync_playwright), or (None, None) where either is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, None
    return (chromium, sync_playwright) if chromium else (None, None)


def search_transfer(site: Path, queries: tuple[str, str], compressed: tuple[str, ...]) -> tuple[int, int] | None:
    """Bytes a reader's browser fetches for the first query in the site search (opening the dialog loads
    Pagefind) and then for a second one, measured in Chromium; text files counted gzip-compressed, as a
    web server such as GitHub Pages sends them, Pagefind's own files as written (already compressed).
    None where Chromium or Playwright is missing."""
    chromium, sync_playwright = _browser()
    if chromium is None:
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    fetched: list[tuple[str, int]] = []

    def count(response) -> None:
        if "/pagefind/" not in response.url:
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a response without a body counts nothing
            return
        name = response.url.split("?")[0]
        fetched.append((name, len(body) if name.endswith(compressed) else len(gzip.compress(body, compresslevel=6, mtime=0))))

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            page.on("response", count)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/", wait_until="load")
            totals = []
            for query in queries:
                before = len(fetched)
                if not page.locator("#kl-search").evaluate("d => d.open"):
                    page.locator("body").press("/")
                page.evaluate("document.querySelector('[data-kl-search-status]').textContent = ''")
                page.locator("[data-kl-search-input]").fill(query)
                page.wait_for_function("() => /Treffer/.test(document.querySelector('[data-kl-search-status]').textContent)",
                                       timeout=120_000)
                page.wait_for_load_state("networkidle")
                totals.append(sum(size for _, size in fetched[before:]))
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return totals[0], totals[1]


@contextlib.contextmanager
def mkdocs_serve(project: Path, timeout: float, *args: str, port_offset: int = 0,
                 env: dict[str, str] | None = None) -> Iterator[tuple | None]:
    """``mkdocs serve`` of ``project`` (with ``args``, and ``env`` beside this process's environment): yields
    (process, port, deadline) once it serves, or None when it did not within ``timeout`` seconds; stops it
    afterwards."""
    port = 8100 + os.getpid() % 500 + port_offset
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *args],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + timeout
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Serving on" in line:
                yield proc, port, deadline
                return
            if time.monotonic() > deadline:
                break
        yield None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class EditPreview:
    preview: float | None  # seconds until the browser shows the change
    search: float | None = None  # seconds until the search index has it too (make serve: logged by the preview)


def edit_preview_seconds(project: Path, *args: str, timeout: float = 900, port_offset: int = 0) -> EditPreview | None:
    """Edit → preview: ``mkdocs serve`` (with ``args``; ``--dirty`` as ``make serve`` runs it) shows a member's
    page in Chromium; one member file is saved with a changed summary; the time until the browser has reloaded
    the page and shows the new text, and until the server has logged a new search index. None where Chromium,
    Playwright or the server is missing."""
    chromium, sync_playwright = _browser()
    if chromium is None:
        return None
    with mkdocs_serve(project, timeout, *args, port_offset=port_offset) as serving:
        if serving is None:
            return None
        proc, port, deadline = serving
        indexed: list[float] = []  # when the server logged a rebuilt search index

        def drain() -> None:  # keeps the pipe empty
            for line in proc.stdout:
                if "search index updated" in line:
                    indexed.append(time.perf_counter())
        threading.Thread(target=drain, daemon=True).start()
        member = sorted((project / "data" / "members").glob("*.yml"))[0]
        mark = f"Geändert {uuid.uuid4().hex[:8]}."
        result = EditPreview(None)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/verzeichnis/{member.stem}/", wait_until="load")
            time.sleep(1.0)  # the live-reload script is connected
            start = time.perf_counter()
            member.write_text(member.read_text("utf-8").replace("summary: ", f"summary: {mark} ", 1), "utf-8")
            while time.monotonic() < deadline:  # polled from here: the reload replaces the page's context
                try:
                    if page.evaluate(f"document.body && document.body.innerText.includes({mark!r})"):
                        result.preview = time.perf_counter() - start
                        break
                except Exception:  # noqa: BLE001 - the page is being reloaded
                    pass
                time.sleep(0.05)
            browser.close()
        while "--dirty" in args and not indexed and time.monotonic() < deadline:
            time.sleep(0.05)
        if indexed:
            result.search = indexed[0] - start
        return result
