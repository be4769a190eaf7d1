"""`make serve` notices a saved file at once (kooplab_mkdocs.watching): the operating system's notifications
instead of MkDocs' polling, passing on only changes (every build opens and reads hundreds of watched files),
and MkDocs' polling again with KOOPLAB_WATCH=poll."""

from __future__ import annotations

import queue
import shutil
import threading
import time

import pytest
from watchdog.events import FileSystemEventHandler

from kooplab.commands.bench_browser import mkdocs_serve
from kooplab_mkdocs.watching import ChangesObserver


class _Seen(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: queue.Queue = queue.Queue()

    def on_any_event(self, event) -> None:
        self.events.put(event)


def test_the_observer_passes_on_a_saved_file_and_not_a_read_one(tmp_path):
    watched = tmp_path / "data"
    watched.mkdir()
    record = watched / "mitglied.yml"
    record.write_text("name: Alt\n", "utf-8")
    seen = _Seen()
    observer = ChangesObserver()
    observer.schedule(seen, str(watched), recursive=True)
    observer.start()
    try:
        time.sleep(0.3)
        assert record.read_text("utf-8") == "name: Alt\n"  # a build reads it
        with pytest.raises(queue.Empty):
            seen.events.get(timeout=1.0)
        record.write_text("name: Neu\n", "utf-8")  # an editor saves it
        event = seen.events.get(timeout=10)
        assert event.src_path == str(record) and event.event_type in ("modified", "closed")
    finally:
        observer.stop()
        observer.join()


def _lines(proc) -> queue.Queue:
    out: queue.Queue = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            out.put(line)
    threading.Thread(target=read, daemon=True).start()
    return out


def _until(lines: queue.Queue, text: str, seconds: float) -> list[str]:
    """The server's lines until one containing ``text`` (or ``seconds`` without it)."""
    got, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            got.append(lines.get(timeout=max(0.01, deadline - time.monotonic())))
        except queue.Empty:
            break
        if text in got[-1]:
            break
    return got


@pytest.mark.parametrize("watch", ["", "poll"])
def test_serve_rebuilds_once_for_each_save_and_never_by_itself(synthetic60, tmp_path, watch):
    """`make serve` (mkdocs serve --dirty): after its first build it stays quiet (its own reading of the data
    does not count as a change); a saved member file gives one rebuild with the change; so it does with
    KOOPLAB_WATCH=poll."""
    net, catalog, _ = synthetic60
    project = tmp_path / "p"
    shutil.copytree(net.root, project, ignore=shutil.ignore_patterns("site"))
    member = next(iter(catalog.members.values()))
    with mkdocs_serve(project, 300, "--dirty", port_offset=11 + bool(watch),
                      env={"KOOPLAB_WATCH": watch}) as serving:
        assert serving is not None, "mkdocs serve --dirty did not start"
        proc, _, _ = serving
        lines = _lines(proc)
        quiet = _until(lines, "Detected file changes", 3.0)
        assert not any("Detected file changes" in line for line in quiet), quiet
        path = project / member.source.path
        path.write_text(path.read_text("utf-8").replace("summary: ", "summary: Neu im Netz. ", 1), "utf-8")
        rebuild = _until(lines, "preview: search index updated", 120)
        assert any("Detected file changes" in line for line in rebuild), rebuild
        assert sum("Building documentation" in line for line in rebuild) == 1, rebuild
        assert any("preview: rendering" in line and "changed pages" in line for line in rebuild), rebuild
        after = _until(lines, "Detected file changes", 3.0)
        assert not any("Detected file changes" in line for line in after), after
