"""Record pages rendered by a second process.

MkDocs reads and renders pages one after the other. `mkdocs build` of a large network (PARALLEL_PAGES record
pages or more, where a core is idle: kooplab.parallel) forks once the navigation is known (on_nav): the child
reads (Markdown) and renders two thirds of the record pages exactly as MkDocs would
(mkdocs.commands.build._populate_page and _build_page, with the same plugins, templates and context; it reads
the other pages too, which are few, so that titles and the navigation are the same) and writes them. Here
those pages are read without converting their Markdown and get a template with empty output, which MkDocs
skips, while this process does everything else. on_post_build waits for the child; if it failed or logged a
warning, this process reads and renders its pages itself, so a build never depends on it. `mkdocs serve`
forks for its first build only: its rebuilds run beside its server threads. A dirty build (--dirty) stays in
one process.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import InclusionLevel

from kooplab.parallel import workers_for
from kooplab_mkdocs.record_page import RecordPage

log = logging.getLogger("mkdocs.hooks.kooplab")

PARALLEL_PAGES = 2000
ELSEWHERE_TEMPLATE = "kl-elsewhere.html"  # renders nothing: the page is written by the child


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


class SecondProcess:
    """The child of one build, if it has one."""

    in_child = False  # set in the child (a class attribute: the child is a copy of this process)

    def __init__(self) -> None:
        self.pid: int | None = None
        self.share: list[RecordPage] = []
        self.doc_files: list = []

    def start(self, config, files, nav, dirty: bool) -> None:
        self.doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = [f.page for f in self.doc_files if isinstance(f.page, RecordPage)]
        # forking copies only this thread: with other threads running (mkdocs serve's server and watcher,
        # from its second build on) a lock they hold could stay locked in the child, so never then
        if SecondProcess.in_child or threading.active_count() > 1 or dirty or not hasattr(os, "fork") \
                or workers_for(len(pages), PARALLEL_PAGES) < 2:
            return
        share = [page for i, page in enumerate(pages) if i % 3]  # two thirds: this process has the list pages
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: read and render the share, exit without running anything of the parent's
            self._render_and_exit(config, files, nav, share)
        for page in share:
            page.elsewhere = True
        self.pid, self.share = pid, share

    def _render_and_exit(self, config, files, nav, share: list[RecordPage]) -> None:
        code = 1
        try:
            SecondProcess.in_child = True
            warnings = _Warnings()
            logging.getLogger("mkdocs").addHandler(warnings)
            others = [f.page for f in self.doc_files if not isinstance(f.page, RecordPage)]
            for page in others + share:
                mkdocs_build._populate_page(page, config, files)
            env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
            for page in share:
                mkdocs_build._build_page(page, config, self.doc_files, nav, env)
            for page in share:
                page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            code = 2 if warnings.count else 0
        except BaseException:  # noqa: BLE001 - the parent reads and renders the pages again
            code = 1
        finally:
            os._exit(code)

    def finish(self, config, files, nav, env) -> None:
        """Wait for the child; read and render its pages here if it did not complete them cleanly."""
        if self.pid is None:
            return
        pid, share = self.pid, self.share
        self.pid, self.share = None, []
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        for page in share:
            page.elsewhere = False
        if code != 0:
            log.info(f"the second process ended with {code}: rendering its {len(share)} pages here")
            for page in share:
                mkdocs_build._populate_page(page, config, files)
                mkdocs_build._build_page(page, config, self.doc_files, nav, env)
            for page in share:
                page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)

    def stop(self) -> None:
        """A failed build does not leave its child behind."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except OSError:
            pass
