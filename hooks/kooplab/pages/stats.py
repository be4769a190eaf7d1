"""The network in numbers (/zahlen/ and api/stats.json): figures computed from the catalog at build time.

Each figure counts records and links to the list that shows them (the directory, the lab or the Börse
with the same filter in the address, e.g. ``verzeichnis/?region=DE-NI``), so a reader can check every
number. The same figures are published as ``api/stats.json`` for reports and the press.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from kooplab import urls
from kooplab.load.catalog import Catalog
from kooplab.pages.boerse import SIDES, board
from kooplab.pages.facets import STATUS_LABELS


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


def network_figures(catalog: Catalog, today: dt.date) -> Figures:
    v = catalog.vocab
    members, cases = list(catalog.members.values()), list(catalog.cases.values())
    directory, lab = urls.DIRECTORY, urls.LAB
    entries = board(catalog, today)
    upcoming = [e for e in catalog.events.values() if e.upcoming(today)]
    figures = Figures(key=[
        KeyFigure("Mitglieder", len(members), directory),
        KeyFigure("Fallbeispiele", len(cases), lab),
        KeyFigure("Netzwerke", len(v.networks), urls.NETWORKS),
        KeyFigure("Angebote und Gesuche in der Börse", len(entries), urls.BOERSE),
        KeyFigure("Termine demnächst", len(upcoming), urls.EVENTS),
    ])
    charts = figures.charts

    def members_by(counts: Counter, terms, key: str) -> tuple[Bar, ...]:
        return _counted(counts, terms, lambda id_: f"{directory}?{key}={id_}")

    charts.append(Chart("mitglieder-art", "Mitglieder nach Art der Organisation", "Art", "Mitglieder",
                        members_by(Counter(m.kind for m in members), v.kinds, "kind")))
    charts.append(Chart("mitglieder-bundesland", f"Mitglieder nach {v.region_word}", v.region_word, "Mitglieder",
                        _by_size(members_by(Counter(m.location.region for m in members), v.regions, "region"))))
    charts.append(Chart("mitglieder-netzwerk", "Mitglieder nach Netzwerk", "Netzwerk", "Mitglieder",
                        _by_size(members_by(Counter(n for m in members for n in m.networks), v.networks, "network")),
                        note="Ein Mitglied kann in mehreren Netzwerken sein."))
    without_sector = sum(1 for m in members if not m.sector)
    charts.append(Chart("mitglieder-branche", "Mitglieder nach Branche", "Branche", "Mitglieder",
                        _by_size(members_by(Counter(m.sector for m in members if m.sector), v.sectors, "sector")),
                        unknown=without_sector))
    charts.append(Chart("mitglieder-sdg", "Nachhaltigkeitsziele (SDGs) der Mitglieder", "Ziel", "Mitglieder",
                        members_by(Counter(g for m in members for g in m.goals), v.sdgs, "sdg"),
                        note="Gezählt sind Mitglieder, die zu einem Ziel beitragen und das begründen."))
    charts.append(Chart("fallbeispiele-sdg", "Nachhaltigkeitsziele (SDGs) der Fallbeispiele", "Ziel", "Fallbeispiele",
                        _counted(Counter(g for c in cases for g in c.goals), v.sdgs, lambda n: f"{lab}?sdg={n}")))
    charts.append(Chart("fallbeispiele-format", "Fallbeispiele nach Format", "Format", "Fallbeispiele",
                        _by_size(tuple(Bar(f.label, n, urls.format_(f)) for f in v.formats
                                       if (n := sum(1 for c in cases if f.id in c.formats)))),
                        note="Ein Fallbeispiel kann mehrere Formate verbinden."))
    status = Counter(c.status for c in cases)
    charts.append(Chart("fallbeispiele-stand", "Fallbeispiele nach Stand", "Stand", "Fallbeispiele",
                        tuple(Bar(label, status[key], f"{lab}?status={key}") for key, label in STATUS_LABELS.items()
                              if status[key])))
    started = Counter(c.started.year for c in cases)
    charts.append(Chart("fallbeispiele-beginn", "Fallbeispiele nach Jahr des Beginns", "Jahr", "Fallbeispiele",
                        tuple(Bar(str(year), started[year]) for year in sorted(started))))
    known = [m.member_since for m in members if m.member_since]
    charts.append(Chart("wachstum-mitglieder", "Wachstum: Mitglieder am Ende jedes Jahres", "Jahr", "Mitglieder",
                        _growth(known), note="Nach dem Jahr des Beitritts.", unknown=len(members) - len(known)))
    charts.append(Chart("wachstum-fallbeispiele", "Wachstum: Fallbeispiele im Kooperations-Lab am Ende jedes Jahres",
                        "Jahr", "Fallbeispiele", _growth([c.published.year for c in cases]),
                        note="Nach dem Jahr der Veröffentlichung im Kooperations-Lab."))
    for side, plural in zip(SIDES, ("Angebote", "Gesuche")):
        counts = Counter(e.entry.category for e in entries if e.side == side)
        charts.append(Chart(f"boerse-{side}", f"{plural} in der Kooperationsbörse nach Art", "Art", plural,
                            _counted(counts, v.exchange, lambda id_, s=side: f"{urls.BOERSE}?type={s}&category={id_}")))
    return figures
