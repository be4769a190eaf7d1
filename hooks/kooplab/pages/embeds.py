"""Views of the directory for other websites (/einbetten/): light pages to show in an ``<iframe>``.

A member organisation, a network or a funder shows a part of the catalog on its own site ("unsere
Mitglieder in Sachsen-Anhalt", "Kooperationen zu SDG 12", "Termine des ÖKOPROFIT-Klubs"). Each kind of
record has one light page, ``einbetten/<kind>/``, without the site's header and navigation, and one data
file beside it, ``einbetten/<kind>/daten.json``. The page's script (``assets/kooplab-embed.js``) reads the
filter from its own address, with the query keys of the lists (``?region=DE-ST&kind=unternehmen``), and
draws the matching entries; ``ansicht``, ``anzahl`` and ``farbe`` choose layout, page size and colours.

The facets are those of the lists' filters (:mod:`kooplab.pages.facets`, :mod:`kooplab.pages.boerse`), so an
embed filters exactly as its list does. Data file format (version 1), by columns like the filter indexes::

    {"v": 1, "kind": "mitglieder", "list": "verzeichnis/",
     "facets": [{"key": "region", "label": "Bundesland", "options": [["DE-HB", "Bremen"], …]}, …],
     "values": [[0, 2, …], …],            # per facet: per entry an option index, or a list of them
     "items": [["Hansa-Flex AG", "Unternehmen · Bremen", "verzeichnis/hansa-flex/", "logos/hansa-flex.svg",
                "hansa-flex", "api/members/hansa-flex.json"], …],   # title, line, page, logo, id, API file
     "days": [["2027-03-01", "2027-03-02"], …]}   # events only: first and last day, for the reader's today

Paths are relative to the site's root. Beside ``daten.json`` lie its shares by network and by state
(``network-upj.json``, ``region-DE-ST.json``: the same format, only the entries with that value), which a view
filtered by one network or one state loads instead: that is what most embeds show.

``/einbetten/`` (``overrides/embed-builder.html``, ``assets/kooplab-embed-builder.js``) composes the address and
a copy-ready snippet; ``assets/kooplab-embed-host.js`` is the optional script for the embedding page (height,
detail dialog).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from kooplab import urls
from kooplab.load.catalog import Catalog
from kooplab.pages.boerse import BoardEntry, board, boerse_filters
from kooplab.pages.facets import ONLINE, Facet, Filters, directory_filters, event_filters, lab_filters, place
from kooplab.pages.formatting import when_de

PAGE_SIZES = (5, 10, 20, 50)  # the choices of /einbetten/; an address may ask for 1–50
LAYOUTS = {"liste": "Liste", "karten": "Karten", "logos": "Logos"}
COLOURS = {"auto": "wie das Gerät", "hell": "hell", "dunkel": "dunkel"}
SHARED_BY = ("network", "region")  # a view filtered by one of these loads only that share of the data


@dataclass(frozen=True)
class EmbedKind:
    """One kind of record that can be embedded."""

    id: str  # the folder: 'mitglieder'
    label: str  # 'Mitglieder'
    one: str  # one entry: 'Mitglied'
    list: str  # site path of the full list: 'verzeichnis/'
    list_name: str  # 'im Verzeichnis'
    facets: tuple[Facet, ...]
    layouts: tuple[str, ...]
    data: str  # the data file (JSON)
    count: int
    shares: dict = field(default_factory=dict)  # file name in the view's folder -> the share of one network or state

    @property
    def page(self) -> str:
        return f"{urls.EMBED}{self.id}/"

    @property
    def data_path(self) -> str:
        return f"{self.page}daten.json"


@dataclass
class EmbedView:
    """A light page to embed: the kind it shows (its entries come from the data file, by the script)."""

    kind: EmbedKind
    shared_by: tuple[str, ...] = SHARED_BY  # the query keys whose values have a share of the data


@dataclass
class EmbedBuilderView:
    """/einbetten/: choose what to show and copy the snippet."""

    kinds: list[EmbedKind]
    page_sizes: tuple[int, ...] = PAGE_SIZES
    layouts: dict = field(default_factory=lambda: dict(LAYOUTS))
    colours: dict = field(default_factory=lambda: dict(COLOURS))


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _data(kind: str, filters: Filters, items: list[list[str]], list_path: str, sharing: dict[str, list[str]],
          days: list[list[str]] | None = None) -> tuple[str, dict[str, str]]:
    """The data file of a view, and its shares by network and by state (file name -> JSON): a view filtered by
    one network or one state loads only its share, so it stays light when the network grows. ``sharing``: per
    key, every id of its vocabulary (a share with no entry is a small file too, never a missing one)."""
    index = filters.index_data  # the facets and values exactly as the list's filter has them
    data = {"v": 1, "kind": kind, "list": list_path, "facets": index["facets"], "values": index["values"],
            "items": items, **({"days": days} if days is not None else {})}
    shares: dict[str, str] = {}
    for f, facet in enumerate(data["facets"]):
        if facet["key"] not in SHARED_BY:
            continue
        position = {value: o for o, (value, _) in enumerate(facet["options"])}
        rows_of: dict[int, list[int]] = {}  # option -> the rows that have it, in order (one pass over the column)
        for i, cell in enumerate(data["values"][f]):
            for o in (cell if isinstance(cell, list) else (cell,)):
                rows = rows_of.setdefault(o, [])
                if not rows or rows[-1] != i:
                    rows.append(i)
        for value in sharing[facet["key"]]:
            o = position.get(value)
            rows = rows_of.get(o, []) if o is not None else []
            share = {**data, "values": [[column[i] for i in rows] for column in data["values"]],
                     "items": [items[i] for i in rows]}
            if days is not None:
                share["days"] = [days[i] for i in rows]
            shares[f"{facet['key']}-{value}.json"] = _json(share)
    return _json(data), shares


def _kind(id_, label, one, list_path, list_name, filters: Filters, layouts, items, sharing, days=None) -> EmbedKind:
    assert [r[0] for r in filters.records] == [item[4] for item in items], "embed items out of the filter's order"
    data, shares = _data(id_, filters, items, list_path, sharing, days)
    return EmbedKind(id_, label, one, list_path, list_name, filters.facets, layouts, data, len(items), shares)


@dataclass
class ListFilters:
    """The filters of the four lists, which their pages and the embeds share: made once per build."""

    directory: Filters
    lab: Filters
    events: Filters
    boerse: Filters
    entries: list[BoardEntry]  # the Börse (board())

    @classmethod
    def of(cls, catalog: Catalog, today: dt.date) -> "ListFilters":
        entries = board(catalog, today)
        return cls(directory_filters(catalog), lab_filters(catalog), event_filters(catalog),
                   boerse_filters(catalog, entries), entries)


def embed_kinds(catalog: Catalog, today: dt.date, lists: ListFilters | None = None) -> list[EmbedKind]:
    """The four kinds of embeds, each with its facets and data file. ``lists``: the lists' filters, when the
    caller has them already."""
    lists = ListFilters.of(catalog, today) if lists is None else lists
    v = catalog.vocab
    api = urls.API_DIR
    sharing = {"network": v.networks.ids(), "region": v.regions.ids()}

    members = [[m.name, f"{v.kinds[m.kind].label} · {place(catalog, m.location.city, m.location.region)}",
                urls.member(m), m.logo or "", m.slug, f"{api}members/{m.slug}.json"] for m in catalog.members.values()]
    # case studies and Börse entries: the line of their cards in the lab and the Börse (Filters.display)
    lab = lists.lab
    cases = [[c.title, line, urls.case(c), "", c.slug, f"{api}cases/{c.slug}.json"]
             for c, (_, line, _) in zip(catalog.cases.values(), lab.display)]
    events = list(catalog.events.values())
    event_items = [[e.title, " · ".join(filter(None, [when_de(e), place(catalog, e.location.city, e.location.region)
                                                      if e.location.region else "",
                                                      "online" if e.location.online else ""])),
                    urls.event(e), "", e.slug, f"{api}events/{e.slug}.json"] for e in events]
    days = [[e.first_day.isoformat(), e.last_day.isoformat()] for e in events]
    entries, exchange = lists.entries, lists.boerse
    offers_needs = [[title, line, f"{urls.member(e.member)}#{e.anchor}", e.member.logo or "", e.id,
                     f"{api}members/{e.member.slug}.json"] for e, (title, line, _) in zip(entries, exchange.display)]

    return [
        _kind("mitglieder", "Mitglieder", "Mitglied", urls.DIRECTORY, "im Verzeichnis",
              lists.directory, ("liste", "karten", "logos"), members, sharing),
        _kind("kooperationen", "Fallbeispiele", "Fallbeispiel", urls.LAB, "im Kooperations-Lab",
              lab, ("liste", "karten"), cases, sharing),
        _kind("termine", "Termine", "Termin", urls.EVENTS, "im Terminkalender",
              lists.events, ("liste", "karten"), event_items,
              {**sharing, "region": [*v.regions.ids(), ONLINE[0]]}, days),
        _kind("boerse", "Angebote und Gesuche", "Eintrag", urls.BOERSE, "in der Kooperationsbörse",
              exchange, ("liste", "karten"), offers_needs, sharing),
    ]


def embed_files(views) -> list[tuple[str, str]]:
    """(site path, JSON) of the data files of every embed page: all entries, and the shares."""
    out = []
    for view in views:
        if isinstance(view, EmbedView):
            out.append((view.kind.data_path, view.kind.data))
            out += [(f"{view.kind.page}{name}", share) for name, share in view.kind.shares.items()]
    return out
