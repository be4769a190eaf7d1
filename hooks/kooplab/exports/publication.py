"""The site as the exports see it: its records in a stable order (members with only the contacts that may
be published), its name, address and data licence. Every export module reads this one object."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from kooplab.exports.fields import RecordValues
from kooplab.exports.licence import license_of
from kooplab.exports.privacy import public_member
from kooplab.load.catalog import Catalog
from kooplab.pages.suggestions import Suggestions, suggest_all


class Publication:
    """Made once per build; records sorted by slug, so every file is the same for the same data."""

    def __init__(self, catalog: Catalog, root: Path, site_url: str = "", site_name: str = "",
                 site_description: str = "", suggestions: Suggestions | None = None) -> None:
        self.catalog = catalog
        self._suggestions = suggestions  # the build's (site.Site.suggestions); made here when not given
        self.root = root
        self.settings = catalog.settings
        self.ctx = RecordValues(self.settings, site_url.rstrip("/") + "/" if site_url else "")
        self.site_name = site_name or "Kooplab"
        self.site_description = site_description
        self.license = license_of(self.settings)
        self.members = [public_member(m, self.settings) for m in sorted(catalog.members.values(), key=lambda m: m.slug)]
        self.cases = sorted(catalog.cases.values(), key=lambda c: c.slug)
        self.events = sorted(catalog.events.values(), key=lambda e: e.slug)

    def url(self, path: str) -> str:
        """Absolute address of a site path when site_url is set, else the path relative to the site root."""
        return self.ctx.url(path)

    @cached_property
    def suggestions(self) -> Suggestions:
        return self._suggestions if self._suggestions is not None else suggest_all(self.catalog)
