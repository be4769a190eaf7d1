"""The network in numbers (/zahlen/ and api/stats.json): figures computed from the catalog at build time.

Each figure counts records and links to the list that shows them (the directory, the lab or the Börse
with the same filter in the address, e.g. ``verzeichnis/?region=DE-NI``), so a reader can check every
number. The same figures are published as ``api/stats.json`` for reports and the press.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kooplab import urls
from kooplab.load.catalog import Catalog
from kooplab.pages.boerse import SIDES, board
from kooplab.pages.facets import STATUS_LABELS, case_networks


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str = ""  # site path of the list it counts ('verzeichnis/?region=DE-NI'); '' for none


@dataclass(frozen=True)
class Chart:
    id: str  # anchor on /zahlen/ and key in api/stats.json
    title: str
    rows: str  # what a row is: 'Bundesland', 'Jahr' (the head of the table's first column)
    unit: str  # what is counted, in the plural: 'Mitglieder'
    bars: tuple[Bar, ...]
    note: str = ""  # how the figures are meant
    unknown: int = 0  # records the chart cannot place (no sector, no year given)

    @property
    def largest(self) -> int:
        return max((b.value for b in self.bars), default=0)

    def share(self, bar: Bar) -> float:
        """The bar's length, 0–100 (of the largest)."""
        return round(100 * bar.value / self.largest, 1) if self.largest else 0.0


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: int
    href: str


@dataclass
class Figures:
    key: list[KeyFigure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"key_figures": [{"label": k.label, "value": k.value, "href": k.href} for k in self.key],
                "charts": [{"id": c.id, "title": c.title, "rows": c.rows, "unit": c.unit, "note": c.note,
                            "unknown": c.unknown,
                            "bars": [{"label": b.label, "value": b.value, "href": b.href} for b in c.bars]}
                           for c in self.charts]}


def _counted(counts: Counter, terms, href) -> tuple[Bar, ...]:
    """Bars for the terms of a vocabulary (in its order) that count at least one record."""
    return tuple(Bar(f"{t.number} – {t.label}" if hasattr(t, "number") else t.label, counts[key], href(key))
                 for t in terms if counts[(key := _key(t))])


def _key(term) -> str | int:
    """A term's id as the records hold it: the number of a goal, the id of any other term."""
    return getattr(term, "number", None) or term.id


def _by_size(bars: tuple[Bar, ...]) -> tuple[Bar, ...]:
    return tuple(sorted(bars, key=lambda b: -b.value))  # stable: equal counts keep the vocabulary's order


def _growth(years: list[int]) -> tuple[Bar, ...]:
    """How many there were at the end of each year, from the first to the last year given."""
    if not years:
        return ()
    per_year = Counter(years)
    total, bars = 0, []
    for year in range(min(years), max(years) + 1):
        total += per_year[year]
        bars.append(Bar(str(year), total))
    return tuple(bars)


@dataclass(frozen=True)
class Scope:
    """What a set of figures counts: the whole network, or the share of one network or one state.

    ``key`` is the query key that every list shares (``network``, ``region``), so a figure of a network's page
    links to the list filtered by both: ``verzeichnis/?network=upj&kind=unternehmen``."""

    key: str = ""  # '' for the whole network
    id: str = ""

    def href(self, list_path: str, *params: tuple[str, object]) -> str:
        """The list filtered by the scope and by ``params`` ((key, value) pairs)."""
        pairs = [(self.key, self.id), *params] if self.key else list(params)
        return list_path + ("?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else "")


def network_figures(catalog: Catalog, today: dt.date) -> Figures:
    """The figures of /zahlen/ and api/stats.json: the whole network."""
    return figures_of(catalog, today, Scope())


def network_share(catalog: Catalog, network_id: str, today: dt.date, entries: list | None = None,
                  shares: dict[tuple[str, str], Share] | None = None) -> Figures:
    """A network page's own figures: its members, their case studies, offers and needs, and its events.
    ``entries``: the Börse (board()), ``shares``: shares_of(), when the caller has them already."""
    return figures_of(catalog, today, Scope("network", network_id), entries, shares)


def region_share(catalog: Catalog, region_id: str, today: dt.date, entries: list | None = None,
                 shares: dict[tuple[str, str], Share] | None = None) -> Figures:
    """A state's (or a region's abroad) own figures: what is there."""
    return figures_of(catalog, today, Scope("region", region_id), entries, shares)


@dataclass
class Share:
    """What a network or a state counts: its members, case studies, Börse entries and upcoming events, in the
    order of the catalog (as their lists filter them)."""

    members: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)


def shares_of(catalog: Catalog, today: dt.date, entries: list | None = None) -> dict[tuple[str, str], Share]:
    """The share of every network and state, by ("network", id) and ("region", id), in one pass over the catalog."""
    shares: defaultdict[tuple[str, str], Share] = defaultdict(Share)

    def share(key: str, id_: str) -> Share:
        return shares[key, id_]
    for m in catalog.members.values():
        share("region", m.location.region).members.append(m)
        for n in dict.fromkeys(m.networks):
            share("network", n).members.append(m)
    for c in catalog.cases.values():
        share("region", c.region).cases.append(c)
        for n in case_networks(c, catalog.members):
            share("network", n).cases.append(c)
    for e in board(catalog, today) if entries is None else entries:
        share("region", e.member.location.region).entries.append(e)
        for n in dict.fromkeys(e.member.networks):
            share("network", n).entries.append(e)
    for e in catalog.events.values():
        if e.upcoming(today):
            share("region", e.location.region).upcoming.append(e)
            for n in dict.fromkeys(e.organisers):
                share("network", n).upcoming.append(e)
    return dict(shares)


def _in_scope(catalog: Catalog, scope: Scope, today: dt.date, entries: list | None,
              shares: dict[tuple[str, str], Share] | None = None):
    """The members, case studies, Börse entries and upcoming events a scope counts (as its lists filter them)."""
    if scope.key:
        shares = shares_of(catalog, today, entries) if shares is None else shares
        found = shares.get((scope.key, scope.id)) or Share()
        return found.members, found.cases, found.entries, found.upcoming
    entries = board(catalog, today) if entries is None else entries
    return (list(catalog.members.values()), list(catalog.cases.values()), entries,
            [e for e in catalog.events.values() if e.upcoming(today)])


def figures_of(catalog: Catalog, today: dt.date, scope: Scope, entries: list | None = None,
               shares: dict[tuple[str, str], Share] | None = None) -> Figures:
    """The figures of a scope; a chart by the scope's own key (members by state, on a state's page) is left out."""
    v = catalog.vocab
    members, cases, entries, upcoming = _in_scope(catalog, scope, today, entries, shares)
    directory, lab = urls.DIRECTORY, urls.LAB
    key = [KeyFigure("Mitglieder", len(members), scope.href(directory)),
           KeyFigure("Fallbeispiele", len(cases), scope.href(lab))]
    if not scope.key:
        key.append(KeyFigure("Netzwerke", len(v.networks), urls.NETWORKS))
    key += [KeyFigure("Angebote und Gesuche in der Börse", len(entries), scope.href(urls.BOERSE)),
            KeyFigure("Termine demnächst", len(upcoming), scope.href(urls.EVENTS))]
    figures = Figures(key=key)

    def add(chart: Chart, by: str = "") -> None:
        if not by or by != scope.key:
            figures.charts.append(chart)

    def members_by(counts: Counter, terms, key: str) -> tuple[Bar, ...]:
        return _counted(counts, terms, lambda id_: scope.href(directory, (key, id_)))

    add(Chart("mitglieder-art", "Mitglieder nach Art der Organisation", "Art", "Mitglieder",
              members_by(Counter(m.kind for m in members), v.kinds, "kind")))
    add(Chart("mitglieder-bundesland", f"Mitglieder nach {v.region_word}", v.region_word, "Mitglieder",
              _by_size(members_by(Counter(m.location.region for m in members), v.regions, "region"))), "region")
    add(Chart("mitglieder-netzwerk", "Mitglieder nach Netzwerk", "Netzwerk", "Mitglieder",
              _by_size(members_by(Counter(n for m in members for n in m.networks), v.networks, "network")),
              note="Ein Mitglied kann in mehreren Netzwerken sein."), "network")
    without_sector = sum(1 for m in members if not m.sector)
    add(Chart("mitglieder-branche", "Mitglieder nach Branche", "Branche", "Mitglieder",
              _by_size(members_by(Counter(m.sector for m in members if m.sector), v.sectors, "sector")),
              unknown=without_sector))
    add(Chart("mitglieder-sdg", "Nachhaltigkeitsziele (SDGs) der Mitglieder", "Ziel", "Mitglieder",
              members_by(Counter(g for m in members for g in m.goals), v.sdgs, "sdg"),
              note="Gezählt sind Mitglieder, die zu einem Ziel beitragen und das begründen."))
    add(Chart("fallbeispiele-sdg", "Nachhaltigkeitsziele (SDGs) der Fallbeispiele", "Ziel", "Fallbeispiele",
              _counted(Counter(g for c in cases for g in c.goals), v.sdgs, lambda n: scope.href(lab, ("sdg", n)))))
    add(Chart("fallbeispiele-format", "Fallbeispiele nach Format", "Format", "Fallbeispiele",
              _by_size(tuple(Bar(f.label, n, scope.href(lab, ("format", f.id)) if scope.key else urls.format_(f))
                             for f in v.formats if (n := sum(1 for c in cases if f.id in c.formats)))),
              note="Ein Fallbeispiel kann mehrere Formate verbinden."))
    status = Counter(c.status for c in cases)
    add(Chart("fallbeispiele-stand", "Fallbeispiele nach Stand", "Stand", "Fallbeispiele",
              tuple(Bar(label, status[key], scope.href(lab, ("status", key))) for key, label in STATUS_LABELS.items()
                    if status[key])))
    started = Counter(c.started.year for c in cases)
    add(Chart("fallbeispiele-beginn", "Fallbeispiele nach Jahr des Beginns", "Jahr", "Fallbeispiele",
              tuple(Bar(str(year), started[year]) for year in sorted(started))))
    known = [m.member_since for m in members if m.member_since]
    add(Chart("wachstum-mitglieder", "Wachstum: Mitglieder am Ende jedes Jahres", "Jahr", "Mitglieder",
              _growth(known), note="Nach dem Jahr des Beitritts.", unknown=len(members) - len(known)))
    add(Chart("wachstum-fallbeispiele", "Wachstum: Fallbeispiele im Kooperations-Lab am Ende jedes Jahres",
              "Jahr", "Fallbeispiele", _growth([c.published.year for c in cases]),
              note="Nach dem Jahr der Veröffentlichung im Kooperations-Lab."))
    for side, plural in zip(SIDES, ("Angebote", "Gesuche")):
        counts = Counter(e.entry.category for e in entries if e.side == side)
        add(Chart(f"boerse-{side}", f"{plural} in der Kooperationsbörse nach Art", "Art", plural,
                  _counted(counts, v.exchange, lambda id_, s=side: scope.href(urls.BOERSE, ("type", s), ("category", id_)))))
    return figures
