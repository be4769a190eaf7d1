"""The site of one build: its pages and everything else it publishes, as one list of outputs for the engine,
and what its templates read.

Made anew for every build; free of MkDocs imports so another engine could drive it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

from kooplab import urls
from kooplab.exports.calendars import Calendars
from kooplab.exports.opendata import OpenData
from kooplab.exports.schemas import published_schema, schema_files
from kooplab.load.catalog import Catalog
from kooplab.load.history import last_changed
from kooplab.outputs.output import Output
from kooplab.outputs.search_index import index_site
from kooplab.pages.build import build_pages, stats
from kooplab.pages.embeds import embed_files
from kooplab.pages.facets import filter_files
from kooplab.pages.geo import load_boundaries
from kooplab.pages.references import SiteReferences
from kooplab.pages.sitemap import Sitemap, robots_txt, sitemap
from kooplab.pages.suggestions import Suggestions, suggest_all
from kooplab.pages.views import PageModel, SearchFacets, SiteStats
from kooplab.settings import build_date
from kooplab.urls import TEMPLATES


@dataclass
class TemplateGlobals:
    """What every template may read as ``kl``."""

    catalog: Catalog
    stats: SiteStats
    url: object = urls
    changed: dict = field(default_factory=dict)  # data file -> date of its last commit
    sitemap: Sitemap = field(default_factory=Sitemap)  # what sitemap.xml lists, with which lastmod

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
        """Files the site publishes from the data folder: logos, the editors' templates, the case studies' pictures,
        files attached to sources."""
        data = self.root / self.catalog.settings.data_dir
        for logo in sorted({m.logo for m in self.catalog.members.values() if m.logo}):
            yield logo, data / logo
        for name, address in TEMPLATES.items():
            yield address, data / "templates" / name
        for picture in sorted({c.image.name: c.image for c in self.catalog.cases.values() if c.image}.values(),
                              key=lambda p: p.name):
            yield urls.picture(picture.name), data / picture.src
        bibliography = self.catalog.bibliography
        for ref in bibliography.references.values() if bibliography else ():
            for attached in ref.files:
                yield urls.attachment(attached.name), data / attached.path

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

    def search_facets(self, src_uri: str) -> SearchFacets | None:
        """How the search index files a page: a generated page as its model says (None: not indexed), a
        hand-written page of content/ as a page."""
        model = self.page(src_uri)
        return model.search_facets if model is not None else SearchFacets("page")

    def template_globals(self) -> TemplateGlobals:
        docs_dir = self.catalog.settings.docs_dir
        return TemplateGlobals(catalog=self.catalog, stats=stats(self.catalog), changed=self.changed,
                               sitemap=sitemap(self.pages, self.catalog, self.changed,
                                               last_changed(self.root, docs_dir), docs_dir))

    def outputs(self, site_url: str = "", site_name: str = "", site_description: str = "") -> list[Output]:
        """Every file the build adds to the site, in the order the engine receives them: the pages (a record's
        page, a list, a redirect), the published data files (logos, templates, .bib downloads, schemas,
        filter indexes, calendars), the open data written once the pages are rendered, and the search index
        made from the finished site."""
        out: list[Output] = [Output(m.src_uri, content=m.markdown, page=m) for m in self.pages]
        out += [Output(src_uri, source=path) for src_uri, path in self.assets()]
        out += [Output(src_uri, content=bibtex) for src_uri, bibtex in self.references.downloads()]
        out += [Output(src_uri, content=published_schema(path, site_url))
                for src_uri, path in schema_files(self.root, self.catalog.settings)]
        out += [Output(src_uri, content=index) for src_uri, index in filter_files(m.view for m in self.pages)]
        out += [Output(src_uri, content=data) for src_uri, data in embed_files(m.view for m in self.pages)]
        calendars = Calendars(self.catalog, site_url, site_name, build_date())
        out += [Output(src_uri, content=ics) for src_uri, ics in calendars.files()]
        data = self.open_data(site_url, site_name, site_description)
        out.append(Output("", writer=data.write))  # daten/, api/, the feed: their sizes are on /daten/
        out.append(Output(urls.ROBOTS, content=robots_txt(site_url)))
        out.append(Output(urls.SEARCH_DIR, index=index_site))  # the full-text search, from the finished pages
        return out


def make_site(root: Path, catalog: Catalog) -> Site:
    """Everything a build renders, from a loaded and checked catalog."""
    suggestions = suggest_all(catalog)  # once for all member pages and the API
    boundaries = load_boundaries(root, catalog.settings.data_dir)  # state outlines for the maps
    return Site(root=root, catalog=catalog, pages=build_pages(catalog, suggestions, boundaries),
                changed=last_changed(root, catalog.settings.data_dir), suggestions=suggestions)
