"""Open data: the records as JSON, CSV, GeoJSON, a Frictionless Data Package, a static JSON API, an Atom
feed and JSON-LD, made in memory once per build (:class:`OpenData`).

The fields are declared once (:mod:`kooplab.exports.fields`); the files come from :mod:`~kooplab.exports.bulk`,
:mod:`~kooplab.exports.package`, :mod:`~kooplab.exports.api` and :mod:`~kooplab.exports.feed`. Named contact
persons are left out unless ``extra.kooplab.include_contacts`` is true (and then only those with recorded
consent; :mod:`kooplab.exports.privacy`). Everything is made in memory, so the ``/daten/`` page can show
file sizes before the files are written, and the output is deterministic: records sorted by slug, no
timestamps.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from kooplab import urls
from kooplab.exports import api, bulk, feed, jsonld
from kooplab.exports.calendars import Calendars
from kooplab.exports.downloads import Download, download_rows
from kooplab.exports.fields import FIELDS, LIST_SEPARATOR, SCHEMA_VERSION, SDG_SEPARATOR
from kooplab.exports.formats import dump_json
from kooplab.exports.package import OTHER_FILES, datapackage
from kooplab.exports.publication import Publication
from kooplab.exports.schemas import published_schema, schema_files
from kooplab.exports.social import SocialImage, social_image
from kooplab.pages.views import CaseView, EventView, MemberView
from kooplab.settings import build_date

DATA_DIR = urls.DATA_DIR
# the template of the page with the download table, whose sizes need every file made (content/daten.md)
TABLE_TEMPLATE = "data.html"


class OpenData(Publication):
    """Everything the site publishes as data. ``files`` maps paths relative to the site root to their
    bytes; templates read the rest (the /daten/ tables, the feed link, JSON-LD and API links of a page)."""

    # constants for templates
    schema_version = SCHEMA_VERSION
    list_separator = LIST_SEPARATOR
    sdg_separator = SDG_SEPARATOR
    fields = FIELDS
    feed_path = urls.LAB_FEED

    @cached_property
    def files(self) -> dict[str, bytes]:
        """Every generated data file by its path in the site."""
        csvs = bulk.csvs(self)
        files = {
            f"{DATA_DIR}members.json": dump_json(bulk.bulk_json(self, "members", self.members)),
            f"{DATA_DIR}cases.json": dump_json(bulk.bulk_json(self, "cases", self.cases)),
            f"{DATA_DIR}members.csv": csvs["members"],
            f"{DATA_DIR}cases.csv": csvs["cases"],
            f"{DATA_DIR}events.json": dump_json(bulk.bulk_json(self, "events", self.events)),
            f"{DATA_DIR}events.csv": csvs["events"],
            f"{DATA_DIR}members.geojson": dump_json(bulk.geojson(self)),
            f"{DATA_DIR}boerse.json": dump_json(bulk.boerse_json(self)),
        }
        api_docs = api.api_files(self)
        # the network in numbers (/zahlen/) in the data package too: the same document as the API's
        files[f"{DATA_DIR}stats.json"] = dump_json(api_docs[f"{urls.API_DIR}stats.json"])
        others = {name: files[f"{DATA_DIR}{name}"] for name, *_ in OTHER_FILES}
        files[f"{DATA_DIR}datapackage.json"] = dump_json(datapackage(self, csvs, others))
        files.update((path, dump_json(doc)) for path, doc in api_docs.items())
        files[self.feed_path] = feed.atom(self)
        return files

    def schema_files(self) -> list[tuple[str, Path, bytes]]:
        """(site path, file, the bytes the site publishes) of each JSON Schema file."""
        return [(src, path, published_schema(path, self.ctx.site_url))
                for src, path in schema_files(self.root, self.settings)]

    @cached_property
    def calendar(self) -> bytes:
        """The calendar of all events (its size is on /daten/; the calendars are published with the others)."""
        return Calendars(self.catalog, self.ctx.site_url, self.site_name, build_date()).all_events()

    def downloads(self) -> list[Download]:
        """The rows of the download table on /daten/."""
        return download_rows(self.files, self.calendar, self.schema_files())

    def api_examples(self) -> list[tuple[str, str]]:
        return api.api_examples(self)

    def api_path(self, view: object) -> str | None:
        """The API file of a member or case page (for ``<link rel="alternate">``); None elsewhere."""
        if isinstance(view, MemberView):
            return f"{urls.API_DIR}members/{view.member.slug}.json"
        if isinstance(view, EventView):
            return f"{urls.API_DIR}events/{view.event.slug}.json"
        if isinstance(view, CaseView):
            return f"{urls.API_DIR}cases/{view.case.slug}.json"
        return None

    def jsonld(self, view: object) -> dict | None:
        """schema.org JSON-LD for a member or case page; None for other pages."""
        return jsonld.for_view(view, self)

    def social_image(self, view: object) -> SocialImage | None:
        """The picture of a page's link preview (partials/kl-social.html)."""
        return social_image(view, self)

    def write(self, site_dir: Path) -> None:
        """Write every data file into the built site."""
        for rel, data in self.files.items():
            path = site_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
