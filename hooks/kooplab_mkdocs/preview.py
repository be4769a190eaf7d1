"""The preview's rebuilds (``make serve``, i.e. ``mkdocs serve --dirty``) made exact.

MkDocs' dirty build skips every page whose file says it is not modified; on its own it judges by file times,
which is wrong for generated pages (a member's change reaches the lists it is on and other members'
suggestions) and for the navigation. Here a rebuild of ``mkdocs serve --dirty`` renders:

- every page, into a cleaned folder, on the first build, and when anything but record files changed (the
  configuration, templates, hand-written pages, vocabularies, bibliography: ``frame``), when the navigation
  changed, when something every page reads changed, or when a page is gone;
- else the generated pages whose fingerprint (kooplab.outputs.changes) changed, and the hand-written pages
  (few; they show the network's figures and the open data's sizes).

Everything else of the build (data files, calendars, the search index) is made anew every time, so the
preview equals a full build. A rebuild's data files, the page of their download table (its sizes need them)
and its search index are made beside the server, after the build: the browser reloads the changed pages at
once, and the data files and the search follow (a second at 400 members). The next build waits for them.
MkDocs warns about every dirty build ("inaccurate navigation"); with the preview in charge that warning is
not true, and it is dropped (it would stop a strict build).

``tests/test_preview.py`` compares the preview with a full build, file by file, after a series of edits.
"""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from mkdocs import utils
from mkdocs.structure.nav import Link, Section

from kooplab.load.remembered import digest, listing
from kooplab.outputs.changes import Fingerprints
from kooplab.record_files import RECORD_FILES

log = logging.getLogger("mkdocs.hooks.kooplab")


class _DirtyWarning(logging.Filter):
    """MkDocs' warning about dirty builds, and its note on a page left for later (an empty output)."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not (text.startswith("A 'dirty' build is being performed") or text.endswith("Generated empty output."))


def frame(root: Path, data_dir: str, docs_dir: str) -> bytes:
    """A digest of every file of the project but the records: names, sizes and times of change."""
    records = {(root / data_dir / kind.folder).resolve() for kind in RECORD_FILES.values()}
    data = [p for p in sorted((root / data_dir).iterdir()) if p.resolve() not in records]
    return digest(listing([root / "mkdocs.yml", root / "overrides", root / docs_dir, *data]))


def _nav_digest(items, titles: dict[str, str]) -> list:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.append(("section", item.title, _nav_digest(item.children, titles)))
        elif isinstance(item, Link):
            out.append(("link", item.title, item.url))
        else:
            out.append(("page", item.file.src_uri, titles.get(item.file.src_uri)))
    return out


class Preview:
    """What the last build of this ``mkdocs serve`` rendered from, kept between its rebuilds."""

    def __init__(self) -> None:
        self.frame: bytes | None = None
        self.nav: list | None = None
        self.fingerprints: Fingerprints | None = None
        self.indexing: threading.Thread | None = None
        self.settled = threading.Event()
        self.settled.set()

    def after_build(self, data=None, index=None) -> None:
        """Beside the server, once the build is done: ``data()`` (a rebuild's data files and the page of their
        table), ``index()`` (its search index), then a collection of the builds' garbage
        (kooplab_mkdocs.collector). A failure is logged, and the next build renders every page."""
        self.wait()
        self.settled.clear()

        def run() -> None:
            try:
                for step, done in ((data, "data files"), (index, "search index")):
                    if step is not None:
                        step()
                        log.info(f"preview: {done} updated")
                    self.settled.set()  # the next build may start: it waits here, not for the index
            except Exception as exc:  # noqa: BLE001 - shown in the console of `mkdocs serve`
                log.error(f"preview: the rebuild did not finish: {exc}")
                self.forget()
            finally:
                self.settled.set()
                gc.collect()
        self.indexing = threading.Thread(target=run, name="kooplab-after-build", daemon=True)
        self.indexing.start()

    def settle(self) -> None:
        """Until the last rebuild's data files are written (before a build replaces the hooks' state)."""
        self.settled.wait()

    def forget(self) -> None:
        """After a failed build: the next one renders every page."""
        self.fingerprints = None

    def wait(self) -> None:
        """Until the search index of the last rebuild is written."""
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    @staticmethod
    def take_charge() -> None:
        """Drop MkDocs' warning about dirty builds, which the preview makes exact."""
        for name in ("mkdocs.commands.build", "properdocs.commands.build"):
            logger = logging.getLogger(name)
            if not any(isinstance(f, _DirtyWarning) for f in logger.filters):
                logger.addFilter(_DirtyWarning())

    def plan(self, frame_digest: bytes, fingerprints: Fingerprints, nav, titles: dict[str, str],
             site_dir: str) -> set[str] | None:
        """The generated pages this rebuild renders; None: all pages, into a cleaned folder. ``titles``: the
        generated pages' titles (the hand-written pages' are in the frame)."""
        self.wait()  # the indexer reads the pages that this build writes
        nav_digest = _nav_digest(nav.items, titles)
        changed = None
        if self.fingerprints is not None and frame_digest == self.frame and nav_digest == self.nav:
            changed = fingerprints.changed_pages(self.fingerprints)
        self.frame, self.nav, self.fingerprints = frame_digest, nav_digest, fingerprints
        if changed is None:
            utils.clean_directory(site_dir)
            log.info("preview: rendering every page")
        else:
            log.info(f"preview: rendering {len(changed)} changed pages and the hand-written ones")
        return changed

