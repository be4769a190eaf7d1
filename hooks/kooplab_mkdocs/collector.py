"""Python's cyclic garbage collector during a build.

A build keeps nearly everything it makes (records, page models, pages) until it ends, so the collector would
only scan those objects again and again (about 5 s of CPU for 10,000 members; BENCHMARKS.md) and once more
when the interpreter exits (2.4 s). A build ('mkdocs build', and 'mkdocs serve --clean', which MkDocs
announces as a build) runs with the collector off from on_config to on_post_build, at the cost of
uncollected cycles (in one process at 10,000 members 824 instead of 680 MB at the peak, far below the 1.5 GB
target). Then it freezes what it made, so that neither the next collection nor the interpreter's exit scans
it, and turns the collector on again. A further build in the same process (serve --clean) first collects
what the previous one left. Plain 'mkdocs serve' keeps the collector on: turning it off per rebuild was
measured and saved nothing there. The preview ('make serve', i.e. 'mkdocs serve --dirty') keeps it off for
good and collects once after each build, beside the server, when the browser has reloaded
(kooplab_mkdocs.preview): its short rebuilds spent a third of their time in collections of a large heap.
"""

from __future__ import annotations

import gc


class Collector:
    """One per process: ``command`` is MkDocs' (build, serve, gh-deploy)."""

    def __init__(self, command: str = "build", preview: bool = False) -> None:
        self.command = command
        self.preview = preview
        self.builds = 0

    def off(self) -> None:
        if self.command == "build":
            if self.builds:
                gc.unfreeze()
                gc.collect()
            gc.disable()
            self.builds += 1
        elif self.preview:
            gc.disable()  # and left off: Preview.after_build collects

    def back(self) -> None:
        if self.command == "build" and not gc.isenabled():
            gc.freeze()
            gc.enable()
