"""Links and pictures in editors' Markdown, checked as the build will treat them.

The page of a record renders its Markdown with the site's Markdown extensions, and the
strict build stops at a link it cannot resolve: a relative address (``satzung.pdf``, an
address broken by ``&#9;``) points at a file the site does not have, and an anchor
(``#ziele``) must name a heading or id of the same text. Those are errors here, at the
line of the data file, so that what validates also builds. What the page drops for the
reader's safety (a picture from another website, a ``javascript:`` link) is a warning:
the editor learns that it will not be shown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from kooplab.load.document import Document, dotted
from kooplab.load.web import LINK_SCHEMES, loads_from_elsewhere
from kooplab.problems import Problems

# The site's Markdown extensions (mkdocs.yml, markdown_extensions; tests/test_links.py keeps them equal).
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences"]
# A link needs "](" or a reference definition "]:"; md_in_html blocks need markdown="…"
_MAY_LINK = re.compile(r"\]\s*[(:]|markdown\s*=|<")
# The fast path: where every destination of an inline link or reference definition is a whole web, mail or
# phone address and there is no picture and no Markdown in HTML, the text needs no rendering.
_DESTINATION = re.compile(r"\]\(\s*<?([^)\s>]*)|^ {0,3}\[[^\]]+\]:\s*<?(\S*)", re.M)
_PLAINLY_FINE = re.compile(r"(https?://[^/\s\[\]]|mailto:|tel:)", re.I)
_IGNORED_IN_ADDRESS = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class Link:
    tag: str  # 'a' or 'img'
    address: str


class _Collect(Treeprocessor):
    """The links and pictures of the Markdown itself (raw HTML is left to the sanitiser, as the build does)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[Link] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("a", "img"):
                self.found.append(Link(element.tag, element.get("href" if element.tag == "a" else "src") or ""))


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


class MarkdownLinks:
    """One Markdown instance for all texts of a build (reset between texts)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=EXTENSIONS)
        self.collect = _Collect(self.md)
        self.md.treeprocessors.register(self.collect, "kooplab_links", 0)

    def links(self, text: str) -> tuple[list[Link], set[str]]:
        """The links and pictures of ``text`` and the ids its rendering has."""
        self.md.reset()
        self.collect.found = []
        html = self.md.convert(text)
        ids = _Ids()
        ids.feed(html)
        return self.collect.found, ids.ids

    def check(self, text: str, rel: str, first_line: int, field: str, problems: Problems) -> bool:
        """Report the links of ``text`` (written from line ``first_line`` of ``rel`` on); True when none is an error."""
        if not text or _MAY_LINK.search(text) is None:
            return True
        if "![" not in text and "markdown" not in text and all(
                _PLAINLY_FINE.match(a or b) for a, b in _DESTINATION.findall(text)):
            return True
        ok = True
        found, ids = self.links(text)
        for link in found:
            verdict = _verdict(link, ids)
            if verdict is None:
                continue
            severity, message, hint = verdict
            where = (first_line + _line_of(text, link.address), 1)
            if severity == "error":
                ok = False
                problems.error(rel, where, field, message, hint)
            else:
                problems.warning(rel, where, field, message, hint)
        return ok


def _verdict(link: Link, ids: set[str]) -> tuple[str, str, str] | None:
    """None for a link the page shows as written; else (severity, message, hint)."""
    address = link.address
    shown = address[:80]
    try:
        parts = urlsplit(address)
    except ValueError:
        return "error", f"'{shown}' is not a web address", "write the whole address, starting with https://"
    plain = _IGNORED_IN_ADDRESS.sub("", address).strip().lower()
    scheme = plain.split(":", 1)[0] if re.match(r"^[a-z][a-z0-9+.-]*:", plain) else ""
    if link.tag == "img":
        if loads_from_elsewhere(address):  # the sanitiser's own rule: the page will not show it
            return "warning", f"the picture '{shown}' comes from another website and is not shown", \
                "the site loads nothing from other websites; link to it instead: [Bild](https://…)"
    elif scheme and scheme not in LINK_SCHEMES:
        return "warning", f"the link '{shown}' is removed ('{scheme}:' is not allowed)", \
            "link to a web address starting with https://"
    if parts.scheme or parts.netloc:
        return None
    if address.startswith(("/", "\\")):
        return "warning", f"the link '{shown}' starts with '/' and may not work where the site is published", \
            "write the whole address, starting with https://"
    if not parts.path:
        anchor = parts.fragment
        if anchor and anchor not in ids:
            return "error", f"the link '{shown}' names no heading of this text", \
                "link to a heading of this text (its anchor), or write the whole address"
        return None
    what = "picture" if link.tag == "img" else "link"
    return "error", f"the {what} '{shown}' is not a whole web address", \
        "write the whole address, starting with https:// (a file of your own: put it on a website and link that)"


def _line_of(text: str, address: str) -> int:
    """The line (0 = the first of ``text``) where ``address`` is written, as far as it can be found."""
    for candidate in (f"]({address}", f"]: {address}", f"<{address}>", address, address.split("#")[-1]):
        at = text.find(candidate) if candidate else -1
        if at >= 0:
            return text.count("\n", 0, at)
    return 0


_links: MarkdownLinks | None = None  # one Markdown instance per process, made when a text may link


def check_markdown(doc: Document, path: tuple, text: str, problems: Problems, first_line: int | None = None) -> bool:
    """Links and pictures of a Markdown text as its page will treat them (see the module)."""
    global _links
    if first_line is None:  # a block scalar ('description: |') starts on the line below its key
        first_line = doc.pos(path)[0] + (1 if "\n" in text.rstrip("\n") else 0)
    if _links is None:
        _links = MarkdownLinks()
    return _links.check(text, doc.rel, first_line, dotted(path), problems)
