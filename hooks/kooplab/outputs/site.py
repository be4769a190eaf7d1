"""The per-build state the MkDocs adapter hands to templates: catalog, pages, assets.

Made anew for every build; free of MkDocs imports so another engine could drive it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

import nh3

from kooplab import urls
from kooplab.pages.references import SiteReferences
from kooplab.load.catalog import Catalog
from kooplab.exports.opendata import OpenData
from kooplab.pages.geo import load_boundaries
from kooplab.load.history import last_changed
from kooplab.pages.suggestions import Suggestions, suggest_all
from kooplab.pages.build import build_pages, stats
from kooplab.pages.views import PageModel, SiteStats
from kooplab.urls import TEMPLATES

# Raw HTML in editors' Markdown: structure and emphasis are fine, anything active is not.
# Scripts, styles, iframes, forms, event handlers and javascript: links are removed (README.md,
# "HTML in Markdown"; tests/test_xss.py). Tags not listed are dropped, their text is kept.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan", "style"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "ol": {"start"},
}
_STYLES = {"text-align"}  # of a style attribute only this is kept: Markdown's table columns (| :---: |)
_URL_SCHEMES = {"http", "https", "mailto"}  # other links lose their href; relative addresses stay
# Material's scripts look up their elements by ids starting with "__" (__config, __search, __drawer, …).
# An element of an editor's text with such an id would come first in the page and take their place:
# a <div id="__config"> would hand Material another configuration, with a search worker of its own.
_RESERVED_ID = "__"
# Images come from the site itself: one from another host would be a request the reader did not ask for
# (the site makes none); browsers read "\\host/x" as "//host/x".
_OTHER_HOST = re.compile(r"^[\x00-\x20]*([a-z][a-z0-9+.-]*:|[/\\][\x00-\x20]*[/\\])", re.I)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.strip().startswith(_RESERVED_ID):
        return None
    if tag == "img" and attribute == "src" and _OTHER_HOST.match(value.replace("\t", "").replace("\n", "")):
        return None
    return value


@dataclass
class TemplateGlobals:
    """What every template may read as ``kl``."""

    catalog: Catalog
    stats: SiteStats
    url: object = urls
    changed: dict = field(default_factory=dict)  # data file -> date of its last commit

    @property
    def vocab(self):
        return self.catalog.vocab


@dataclass
class Site:
    root: Path
    catalog: Catalog
    pages: list[PageModel]
    changed: dict[str, dt.date] = field(default_factory=dict)  # data file -> date of its last commit
    suggestions: Suggestions | None = None  # partner suggestions of all members, made once per build
    _by_src: dict[str, PageModel] = field(default_factory=dict, init=False, repr=False)
    _open_data: OpenData | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_src = {p.src_uri: p for p in self.pages}

    def page(self, src_uri: str) -> PageModel | None:
        return self._by_src.get(src_uri)

    def assets(self) -> Iterator[tuple[str, Path]]:
        """Files the site publishes from the data folder: logos and the editors' templates."""
        data = self.root / self.catalog.settings.data_dir
        for logo in sorted({m.logo for m in self.catalog.members.values() if m.logo}):
            yield logo, data / logo
        for name, address in TEMPLATES.items():
            yield address, data / "templates" / name

    @cached_property
    def references(self) -> SiteReferences:
        """Citations, Quellen lists and .bib downloads (kooplab.load.bibliography)."""
        return SiteReferences.of(self.catalog)

    def open_data(self, site_url: str = "", site_name: str = "", site_description: str = "") -> OpenData:
        """The build's open data (kooplab.exports.opendata): the /daten/ table, JSON-LD and the feed link read it while
        pages render; the engine writes its files once the pages are built. Made on the first call."""
        if self._open_data is None:
            self._open_data = OpenData(self.catalog, self.root, site_url, site_name, site_description,
                                       suggestions=self.suggestions)
        return self._open_data

    def template_globals(self) -> TemplateGlobals:
        return TemplateGlobals(catalog=self.catalog, stats=stats(self.catalog), changed=self.changed)

    @staticmethod
    def sanitize(html: str) -> str:
        return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES, link_rel="noopener",
                         filter_style_properties=_STYLES, attribute_filter=_attribute_filter)


def make_site(root: Path, catalog: Catalog) -> Site:
    """Everything a build renders, from a loaded and checked catalog."""
    suggestions = suggest_all(catalog)  # once for all member pages and the API
    boundaries = load_boundaries(root, catalog.settings.data_dir)  # state outlines for the maps
    return Site(root=root, catalog=catalog, pages=build_pages(catalog, suggestions, boundaries),
                changed=last_changed(root, catalog.settings.data_dir), suggestions=suggestions)
