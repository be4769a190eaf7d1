"""One file the build adds to the site. The core lists them all (:meth:`kooplab.outputs.site.Site.outputs`);
an engine adapter hands the list over by one route."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kooplab.pages.views import PageModel


@dataclass(frozen=True)
class Output:
    """Exactly one of ``content``, ``source``, ``writer`` and ``index`` says where the bytes come from."""

    path: str  # relative to the site root; a page's virtual Markdown file (verzeichnis/x.md)
    content: str | bytes | None = None  # the file's text, or a page's Markdown
    source: Path | None = None  # a file to publish as it is (a logo, a schema)
    writer: Callable[[Path], None] | None = None  # writes files into the built site once the pages are rendered
    index: Callable[[Path], None] | None = None  # reads the finished site and writes beside it (the search index)
    page: PageModel | None = None  # a page the engine renders, with ``page.template``

    def __post_init__(self) -> None:
        given = [x is not None for x in (self.content, self.source, self.writer, self.index)]
        if sum(given) != 1:
            raise ValueError(f"{self.path}: an output needs exactly one of content, source, writer, index")
