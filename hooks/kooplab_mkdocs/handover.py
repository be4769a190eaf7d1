"""The core's outputs handed to MkDocs by one route: pages and files become ``File.generated`` in on_files;
files that are made once the pages are rendered are written in on_post_build, and the search index is made
last, from the finished site (after the second process has written its pages)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel

from kooplab.outputs.output import Output
from kooplab_mkdocs.record_page import RecordPage


class Handover:
    def __init__(self) -> None:
        self.later: list[Output] = []

    def add(self, outputs: list[Output], files: Files, config, root: Path, dirty: bool) -> None:
        docs_dir = Path(config.docs_dir)
        for out in outputs:
            if out.page is not None:
                model = out.page
                # MkDocs reads a page's first lines as metadata when they look like "Stand: März 2025" or
                # start with "---": an editor's first paragraph would vanish. A blank first line ends that.
                file = File.generated(config, out.path, content="\n" + out.content,
                                      inclusion=InclusionLevel.INCLUDED if model.in_nav else InclusionLevel.NOT_IN_NAV)
                # the edit button opens the data file, not the (non-existent) Markdown file
                file.edit_uri = _relative(str(root / model.edit_path), str(docs_dir))
                files.append(file)
                if model.record_page:
                    RecordPage(None, file, config)  # MkDocs uses this page object (file.page)
                    if dirty:
                        file.is_modified = _newer_than_built(file, root / model.edit_path)
            elif out.content is not None:
                files.append(File.generated(config, out.path, content=out.content))
            elif out.source is not None:
                files.append(File.generated(config, out.path, abs_src_path=str(out.source)))
            else:
                self.later.append(out)

    def write_later(self, site_dir: Path) -> None:
        """The files made once the pages are rendered (the open data)."""
        for out in self.later:
            if out.writer is not None:
                out.writer(site_dir)

    def index(self, site_dir: Path) -> None:
        """What reads the finished site: the search index."""
        for out in self.later:
            if out.index is not None:
                out.index(site_dir)


def _relative(path: str, start: str) -> str:
    """``path`` relative to ``start``, with slashes; a file's folder made relative once per process (10,000
    record files lie in a few folders)."""
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return _relative_folder(path, start)
    within = _relative_folder(folder, start)
    return name if within == "." else f"{within}/{name}"


@functools.lru_cache(maxsize=256)
def _relative_folder(path: str, start: str) -> str:
    return Path(os.path.relpath(path, start)).as_posix()


def _newer_than_built(file: File, source: Path):
    """``--dirty``: a record page counts as modified, as a Markdown file does in MkDocs, only when its data
    file is newer than the page already built (generated pages would otherwise always be rebuilt). Like
    every dirty build this trades accuracy for speed: other pages that show the record (suggestions on
    other members' pages) keep what they showed until a full build."""
    def is_modified() -> bool:
        try:
            return os.path.getmtime(file.abs_dest_path) < os.path.getmtime(source)
        except OSError:
            return True
    return is_modified
