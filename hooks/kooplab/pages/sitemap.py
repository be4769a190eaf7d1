"""What ``sitemap.xml`` lists and how ``robots.txt`` names it.

Search engines read ``lastmod`` as "this page changed": a record's page carries the day its data file
last changed (git), or its review date where there is no history; lists and hand-written pages without a
known date carry none, rather than the build date, which would mark every page changed every day. The
redirect pages of renamed records and the light pages for other websites (``noindex``) are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kooplab.load.catalog import Catalog
from kooplab.pages.embeds import EmbedView
from kooplab.pages.views import PageModel, RedirectView


@dataclass(frozen=True)
class Sitemap:
    hidden: frozenset[str] = frozenset()  # src_uri of pages that are not listed
    lastmod: dict[str, str] = field(default_factory=dict)  # src_uri -> 'YYYY-MM-DD'

    def listed(self, src_uri: str) -> bool:
        return src_uri not in self.hidden


def sitemap(pages: list[PageModel], catalog: Catalog, changed: dict[str, dt.date],
            content_changed: dict[str, dt.date], docs_dir: str) -> Sitemap:
    """``changed``: data file -> last commit; ``content_changed``: file of the docs_dir -> last commit."""
    reviewed = {r.source.path: r.reviewed for records in (catalog.members, catalog.cases, catalog.events)
                for r in records.values()}
    hidden = frozenset(p.src_uri for p in pages if isinstance(p.view, (RedirectView, EmbedView)))
    lastmod: dict[str, str] = {}
    for page in pages:
        if page.record and page.src_uri not in hidden:
            day = changed.get(page.edit_path) or reviewed.get(page.edit_path)
            if day:
                lastmod[page.src_uri] = day.isoformat()
    prefix = docs_dir.rstrip("/") + "/"
    for path, day in content_changed.items():
        if path.startswith(prefix) and path.endswith(".md"):
            lastmod[path[len(prefix):]] = day.isoformat()
    return Sitemap(hidden, lastmod)


def robots_txt(site_url: str) -> str:
    """Every page may be crawled; the sitemap is named by its absolute address (robots.txt needs one). On a
    project site (user.github.io/name/) crawlers read robots.txt only at the host's root: the file is there
    for a custom domain, the sitemap address is right in both cases."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url.startswith(("https://", "http://")):
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
