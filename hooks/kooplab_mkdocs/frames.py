"""The page frame (navigation, tabs, header, script configuration) rendered once per folder of record pages.

Pages whose addresses differ only in the last part ('verzeichnis/a/', 'verzeichnis/b/') get the same relative
links to every page of the navigation, so they share its rendered HTML: ``overrides/partials/nav.html`` and
others wrap Material's partials in ``{% call kl_cache("nav", kl_shared) %}…{% endcall %}``.
"""

from __future__ import annotations

import re

from markupsafe import Markup

TITLE = "\ue000kl-title\ue000"  # stands in for the page title in a shared header
_INDENT = re.compile(r"\n\s+")


def frame_key(url: str) -> str:
    """The folder of a page's address: 'verzeichnis/x/' -> 'verzeichnis/*/'."""
    return re.sub(r"[^/]+(/?)$", r"*\1", url)


class StandIn:
    """The page as the shared header sees it: its address (for relative links), a stand-in title."""

    def __init__(self, page) -> None:
        self.url = page.url
        self.title = TITLE
        self.meta = {"title": TITLE}


class FrameCache:
    """The rendered parts of the frame by (part, folder); made anew with each template environment."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str], Markup] = {}

    def __call__(self, name: str, key: str | None, title: str | None = None, *, caller) -> Markup:
        """``kl_cache``: the block's HTML, rendered once per key. Without a key (pages in the navigation,
        hand-written pages) it is rendered every time. With a ``title``, the block was rendered with
        ``kl_stand_in(page)`` and gets the page's title put in."""
        if not key:
            return Markup(caller())
        found = self.parts.get((name, key))
        if found is None:
            # stored once, written thousands of times: the template's indentation goes (the navigation, tabs
            # and header hold no <pre> or <textarea>, and a line break renders as the spaces it replaces)
            found = self.parts[name, key] = Markup(_INDENT.sub("\n", caller()))
        return Markup(str(found).replace(TITLE, str(title))) if title is not None else found
