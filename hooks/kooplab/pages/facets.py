"""Filters for the directory and the Kooperations-Lab: facets, options, and the JSON index.

The build writes one compact index per list (``verzeichnis/filter.json``,
``kooperationen/filter.json``); ``content/assets/kooplab-filter.js`` reads it, counts
options and shows or hides the cards that are already in the HTML (each card carries
``data-kl-id="<slug>"``). The filter form itself is rendered by
``overrides/partials/kl-filters.html`` from the :class:`Filters` below, so it is complete
and labelled before any script runs.

Index format (version 1), by columns because that compresses best::

    {"v": 1,
     "facets": [{"key": "region", "label": "Bundesland", "options": [["DE-HB", "Bremen"], …]}, …],
     "stop": ["aber", "alle", …],
     "text": ["hansa-flex ag bremen hydraulik spezialist …", …],
     "values": [[0, 0, 2, …], [1, 4, …], [[2, 5], 3, [], …], …]}

``text[i]`` is record i's search text; its first word is the record's slug (the ``data-kl-id``
of its card); ``values[f][i]`` names record i's
values of facet f as indexes into that facet's options: a number for one value, a list for none
or several. The search text is the slug, the other words of the name, the city and the first
few words of the summary that can find something (lower case, without diacritics: ``fold``;
without stop words, short words and repeats). That keeps the index at about 40 bytes gzip per
record: ≤ 400 KB for 10,000 members (tests/test_facets.py estimates it).

Query string (shared URLs): one key per facet, values comma-joined or as repeated keys,
``?sdg=12,13&region=DE-NI&suche=reparatur`` (not ``q``: Material opens its search for that). Within a
facet values are OR-ed, facets are AND-ed, and ``suche`` must match every one of its words (as a part
of a word).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from kooplab import urls
from kooplab.load.catalog import Catalog

# Query keys (the URL contract; kooplab-filter.js reads them from the form's inputs).
DIRECTORY_KEYS = ("kind", "region", "network", "sector", "sdg")
LAB_KEYS = ("format", "sdg", "region", "network", "status")
STATUS_LABELS = {"laufend": "laufend", "geplant": "geplant", "abgeschlossen": "abgeschlossen"}

SUMMARY_WORDS = 6  # summary words in the search text: the index size grows with them
# Words that do not help to find anything. They are left out of the search text and, as the index
# lists them, out of the reader's query too.
STOP_WORDS = frozenset("""
    aber alle allen aller als also am an auch auf aus bei beim bis das dass dem den der des die dies diese
    diesem diesen dieser durch ein eine einem einen einer eines er es fur gegen hat haben ihr ihre ihren im
    in ist jahr jahre jahren kann mehr mit nach nicht noch nur oder ohne seit sich sie sind so sowie uber um
    und uns unter vom von vor war waren was weitere werden wie wir wird zu zum zur zwei drei vier
    gemeinsam gemeinsame rund unternehmen organisation organisationen
""".split())


def fold(text: str) -> str:
    """Lower case without diacritics ('Börde Straße' -> 'borde strasse'); kooplab-filter.js folds
    the reader's query the same way."""
    lowered = text.lower()
    if lowered.isascii():  # nothing to decompose (most names, places and slugs)
        return lowered
    decomposed = unicodedata.normalize("NFD", lowered).replace("ß", "ss")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# the preview's rebuilds ask again for the words of every record whose texts did not change
@functools.lru_cache(maxsize=1 << 16)
def search_text(*parts: str) -> str:
    """The words a text filter can find a record by: every word of the leading parts (slug, name,
    city), then up to ``SUMMARY_WORDS`` words of the last part (the summary or description), in
    order; without stop words, repeats and, from the last part, words shorter than four letters.

    ``search_text(name, city, summary)`` and ``search_text(slug, title, city, summary)`` both work;
    the index puts each record's slug in front anyway (:meth:`Filters.to_json`)."""
    words: list[str] = []
    seen: set[str] = set()
    budget = SUMMARY_WORDS
    for n, part in enumerate(parts):
        whole = n < len(parts) - 1 or len(parts) == 1
        for word in re.findall(r"\w+", fold(part or "")):
            if word in seen or word in STOP_WORDS or (not whole and len(word) < 4 and not word.isdigit()):
                continue
            if not whole:
                if budget == 0:
                    break
                budget -= 1
            seen.add(word)
            words.append(word)
    return " ".join(words)


def _with_slug(slug: str, text: str) -> str:
    """The slug, then the words of ``text`` that the slug does not already hold."""
    own = set(re.findall(r"\w+", slug))
    return " ".join([slug, *[w for w in text.split() if w not in own]])


@dataclass(frozen=True)
class Option:
    id: str  # the value in the URL: 'DE-NI', '12', 'unternehmen'
    label: str
    count: int  # records of the whole list with this value


@dataclass(frozen=True)
class Facet:
    key: str  # the query key
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Filters:
    """The filter of one list: what the form shows and what the index holds."""

    name: str  # 'directory', 'lab', … (the template's nouns for the count)
    index: str  # site path of the JSON index
    facets: tuple[Facet, ...]
    records: tuple[tuple, ...]  # (slug, text, (value ids per facet))
    # what the script needs to draw a record's card itself (the directory when it is split into pages):
    # per record (name, city, logo path or ""), and {"base": folder of the records' pages, "goals": …}
    display: tuple[tuple[str, str, str], ...] = ()
    card_meta: dict | None = None
    # site path of the card data (names, cities, logos) when a page needs it: a directory split into
    # pages (pages.directory_pages); loaded by the script only once a filter is used
    cards: str | None = None

    @property
    def total(self) -> int:
        return len(self.records)

    def form(self) -> tuple:
        """What a page shows of this filter (partials/kl-filters.html): its name, the paths of its index and card
        data, its facets with their counts and the number of records. The records and what the script draws cards
        from go into the files it loads (filter_files), so a page's fingerprint holds only this
        (kooplab.outputs.changes): an edited summary does not render every page of a split list again."""
        return self.name, self.index, self.cards, self.facets, self.total

    def to_json(self) -> str:
        return json.dumps(self.index_data, ensure_ascii=False, separators=(",", ":"))

    @functools.cached_property
    def index_data(self) -> dict:
        """The index as data (what :meth:`to_json` writes; the views for other websites take facets and values).
        Made once per filter (the filter's file and the views' data files both read it); do not change it."""
        position = [{o.id: i for i, o in enumerate(f.options)} for f in self.facets]

        def cell(f: int, values: tuple[str, ...]):
            found = sorted(position[f][v] for v in values)
            return found[0] if len(found) == 1 else found

        data = {
            "v": 1,
            "facets": [{"key": f.key, "label": f.label, "options": [[o.id, o.label] for o in f.options]}
                       for f in self.facets],
            "stop": sorted(STOP_WORDS),
            "text": [_with_slug(slug, text) for slug, text, _ in self.records],
            "values": [[cell(f, values[f]) for _, _, values in self.records] for f in range(len(self.facets))],
        }
        return data

    def cards_json(self) -> str:
        """The card data, in the order of the index: ``{"v": 1, "names": […], "cities": […],
        "logos": {"<i>": path}, "base": …, "goals": {"<n>": [path, colour, text colour, label]}}``;
        paths relative to the file itself. Plain cards (case studies, Börse entries: ``card_meta``
        ``{"card": "plain"}``, display (title, line, path)) are ``{"v": 1, "card": "plain", "names": …,
        "lines": …, "urls": …}``."""
        if (self.card_meta or {}).get("card") == "plain":
            data = {"v": 1, "card": "plain", "names": [title for title, _, _ in self.display],
                    "lines": [line for _, line, _ in self.display], "urls": [path for _, _, path in self.display]}
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        data = {"v": 1, "names": [name for name, _, _ in self.display],
                "cities": [city for _, city, _ in self.display],
                "logos": {str(i): logo for i, (_, _, logo) in enumerate(self.display) if logo},
                **(self.card_meta or {})}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _facet(key: str, label: str, records: list[tuple], i: int, choices: Iterable[tuple[str, str]]) -> Facet:
    counts = Counter(v for _, _, values in records for v in set(values[i]))
    return Facet(key, label, tuple(Option(id_, text, counts[id_]) for id_, text in choices if counts[id_]))


def build_filters(name: str, index: str, specs: list[tuple[str, str, Callable, Iterable]], items: list[tuple],
                  display: Callable | None = None, card_meta: dict | None = None) -> Filters:
    """The filter of one list (used by the directory, the lab, the Börse and the events).

    ``specs``: (key, label, values of a record, (id, label) choices in display order); ``items``: (slug,
    search text, record); ``display``: a record's card data when the list may be split into pages."""
    records = [(slug, text, tuple(tuple(str(v) for v in get(record)) for _, _, get, _ in specs))
               for slug, text, record in items]
    facets = tuple(_facet(key, label, records, i, choices) for i, (key, label, _, choices) in enumerate(specs))
    # values of a record that no option shows (cannot happen with checked records) are dropped
    known = [{o.id for o in f.options} for f in facets]
    records = [(slug, text, tuple(tuple(v for v in vals if v in known[i]) for i, vals in enumerate(values)))
               for slug, text, values in records]
    shown = tuple(display(record) for _, _, record in items) if display else ()
    return Filters(name, index, facets, tuple(records), shown, card_meta)


def goal_choices(catalog: Catalog) -> list[tuple[str, str]]:
    """The SDG facet's choices: ('13', '13 – Maßnahmen zum Klimaschutz'), …"""
    return [(str(g.number), f"{g.number} – {g.label}") for g in catalog.vocab.sdgs]


def directory_filters(catalog: Catalog) -> Filters:
    v = catalog.vocab
    specs = [
        ("kind", "Art der Organisation", lambda m: [m.kind], [(t.id, t.label) for t in v.kinds]),
        ("region", v.region_word, lambda m: [m.location.region], [(r.id, r.label) for r in v.regions]),
        ("network", "Netzwerk", lambda m: m.networks, [(n.id, n.label) for n in v.networks]),
        ("sector", "Branche", lambda m: [m.sector] if m.sector else [], [(t.id, t.label) for t in v.sectors]),
        ("sdg", "Nachhaltigkeitsziel (SDG)", lambda m: m.goals, goal_choices(catalog)),
    ]
    items = [(m.slug, search_text(m.name, m.location.city, m.summary), m) for m in catalog.members.values()]
    # for the cards the script draws: paths relative to the index file (verzeichnis/filter.json)
    goals = {str(g.number): [f"../{urls.goal(g)}", g.color, g.text_color, g.label] for g in v.sdgs}
    return build_filters("directory", f"{urls.DIRECTORY}filter.json", specs, items,
                  display=lambda m: (m.name, m.location.city, f"../{m.logo}" if m.logo else ""),
                  card_meta={"base": "", "goals": goals})


def place(catalog: Catalog, city: str, region: str) -> str:
    """Where a record is, for a card's line: 'Bremerhaven, Bremen', or the state alone ('Bremen', a city-state)."""
    state = catalog.vocab.regions[region].label if region in catalog.vocab.regions else region
    return f"{city}, {state}" if city and city != state else state


def case_networks(case, members) -> list[str]:
    """The networks of a case study: those its member partners belong to (as on a network's page)."""
    return list(dict.fromkeys(n for slug in case.member_slugs if slug in members for n in members[slug].networks))


def lab_filters(catalog: Catalog) -> Filters:
    v = catalog.vocab
    specs = [
        ("format", "Format", lambda c: c.formats, [(t.id, t.label) for t in v.formats]),
        ("sdg", "Nachhaltigkeitsziel (SDG)", lambda c: c.goals, goal_choices(catalog)),
        ("region", v.region_word, lambda c: [c.region], [(r.id, r.label) for r in v.regions]),
        ("network", "Netzwerk", lambda c: case_networks(c, catalog.members), [(n.id, n.label) for n in v.networks]),
        ("status", "Status", lambda c: [c.status], list(STATUS_LABELS.items())),
    ]
    items = [(c.slug, search_text(c.title, c.city, c.summary), c) for c in catalog.cases.values()]

    def display(c) -> tuple[str, str, str]:  # a plain card, drawn by the script on a lab split into pages
        formats = ", ".join(v.formats[f].label for f in c.formats if f in v.formats)
        return c.title, f"{place(catalog, c.city, c.region)} · {formats}", f"{c.slug}/"

    return build_filters("lab", f"{urls.LAB}filter.json", specs, items, display=display, card_meta={"card": "plain"})


# --- the filter of /termine/ ------------------------------------------------------------------

ONLINE = ("online", "Online")  # an option of the Bundesland facet: events one can join from anywhere


def event_filters(catalog):
    """The facet filter of /termine/ (the same query keys as the directory):
    kind of event, state (with 'Online' for events one can join online), network (the organisers
    that are networks) and SDG. Its index is ``termine/filter.json``, one record per event."""
    v = catalog.vocab
    specs = [
        ("kind", "Art des Termins", lambda e: [e.kind], [(t.id, t.label) for t in v.event_kinds]),
        ("region", v.region_word, lambda e: [*([e.location.region] if e.location.region else []),
                                            *([ONLINE[0]] if e.location.online else [])],
         [*((r.id, r.label) for r in v.regions), ONLINE]),
        ("network", "Netzwerk", lambda e: [o for o in e.organisers if o in v.networks],
         [(n.id, n.label) for n in v.networks]),
        ("sdg", "Nachhaltigkeitsziel (SDG)", lambda e: e.goals, goal_choices(catalog)),
    ]
    items = [(e.slug, search_text(e.slug, e.title, e.location.city, e.summary), e)
             for e in catalog.events.values()]
    return build_filters("events", f"{urls.EVENTS}filter.json", specs, items)


def filter_files(views: Iterable[object]) -> list[tuple[str, str]]:
    """(site path, JSON) of the filter index of every view that has ``filters`` (one file per index)."""
    found: dict[str, Filters] = {}
    cards: dict[str, Filters] = {}
    for view in views:
        filters = getattr(view, "filters", None)
        if isinstance(filters, Filters):
            found.setdefault(filters.index, filters)
            if filters.cards and filters.display:
                cards.setdefault(filters.cards, filters)
    return [(index, f.to_json()) for index, f in found.items()] + \
        [(path, f.cards_json()) for path, f in cards.items()]
