"""``kooplab linkcheck``: every internal link of a built site leads somewhere.

Reads every HTML file of the output folder once (the standard library's HTML parser) and checks
each address a page refers to - links (``a``, ``area``, ``link``), scripts, images and ``srcset``
candidates, media, ``object``/``embed``/``iframe``, SVG ``use`` and ``<meta http-equiv="refresh">``:

- the file exists: ``x/`` is ``x/index.html``, and ``x`` without the slash is accepted when it is
  a folder with an ``index.html`` (web servers redirect there);
- a ``#fragment`` names an ``id`` (or an ``<a name>``) of the target page (``#`` and ``#top`` are
  always fine, as in browsers);
- a root-relative address (``/…``) lies under the base path the site is served at, e.g.
  ``/netzwerk/`` for a GitHub Pages project site.

Addresses with a host (``https://…``, ``//host/…``) and other schemes (``mailto:``, ``tel:``) are
not fetched: the check works offline and gives the same answer every time. Query strings are
ignored (``?q=…`` opens the same file).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# which attribute of which element holds an address
URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",), "img": ("src",),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "source": ("src",), "track": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "input": ("src",), "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
SRCSET = {"img", "source"}
# <link rel> values that name no resource to fetch or follow inside the site
_LINK_RELS_IGNORED = {"dns-prefetch", "preconnect"}


@dataclass(frozen=True, order=True)
class Broken:
    """One broken reference: the page (path in the site), the address as written, what is wrong."""

    page: str
    link: str
    problem: str

    def text(self) -> str:
        return f"{self.page}: {self.link}: {self.problem}"


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    refs: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.page.ids.add(a["name"])
        if tag == "link" and set(a.get("rel", "").lower().split()) & _LINK_RELS_IGNORED:
            return
        for name in URL_ATTRIBUTES.get(tag, ()):
            if a.get(name) is not None:
                self.page.refs.append(a[name])
        if tag in SRCSET and a.get("srcset") and "data:" not in a["srcset"]:  # data: URLs hold commas
            self.page.refs += [c.split()[0] for c in a["srcset"].split(",") if c.strip()]
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            content = a.get("content", "")
            _, sep, rest = content.partition(";")
            rest = rest.strip()
            if sep and rest[:4].lower() == "url=":
                self.page.refs.append(rest[4:].strip().strip("'\""))

    handle_startendtag = handle_starttag


def _read(path: Path) -> _Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader.close()
    return reader.page


def _normal_base(base_path: str) -> str:
    return "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"


@dataclass
class Report:
    pages: int  # HTML files read
    references: int  # addresses found in them
    broken: list[Broken]


def check_site(site_dir: str | os.PathLike, base_path: str = "/") -> Report:
    """Every broken internal reference of the site in ``site_dir``, sorted by page and address."""
    root = Path(site_dir)
    base = _normal_base(base_path)
    pages: dict[str, _Page] = {}  # path in the site ('verzeichnis/index.html') -> what it holds
    for path in sorted(root.rglob("*.html")):
        pages[path.relative_to(root).as_posix()] = _read(path)

    def target_file(site_path: str) -> str | None:
        """The file a path inside the site names ('' is the root), or None."""
        if site_path == "" or site_path.endswith("/"):
            candidate = site_path + "index.html"
            return candidate if (root / candidate).is_file() else None
        if (root / site_path).is_file():
            return site_path
        if (root / site_path / "index.html").is_file():
            return site_path + "/index.html"
        return None

    found: set[Broken] = set()
    for page_path, page in pages.items():
        here = base + page_path  # the address the page is served at
        for ref in page.refs:
            parts = urlsplit(ref.strip())
            if parts.scheme or parts.netloc:
                continue  # another host, or mailto:, tel:, data: …: not fetched
            if not parts.path:  # '#anchor' or '?query' alone: this page
                site_path: str | None = page_path
            else:
                joined = posixpath.join(posixpath.dirname(here), parts.path)
                folder = joined.endswith(("/", "/.", "/..")) or parts.path in (".", "..")
                absolute = posixpath.normpath(unquote(joined))
                absolute += "/" if folder and not absolute.endswith("/") else ""
                if not absolute.startswith(base) and absolute + "/" != base:
                    found.add(Broken(page_path, ref, f"outside the site's base path {base}"))
                    continue
                site_path = target_file(absolute[len(base):])
                if site_path is None:
                    found.add(Broken(page_path, ref, "not found"))
                    continue
            fragment = unquote(parts.fragment)
            if fragment and fragment.lower() != "top" and not fragment.startswith(":~:") \
                    and site_path in pages and fragment not in pages[site_path].ids:
                found.add(Broken(page_path, ref, f"no element with id '{fragment}' in {site_path}"))
    return Report(pages=len(pages), references=sum(len(p.refs) for p in pages.values()), broken=sorted(found))
