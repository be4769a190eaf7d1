"""Page models: which pages the site generates from the catalog, and what each shows.

Each :class:`PageModel` names its virtual Markdown file, the template in
``overrides/`` that renders it, the Markdown body MkDocs renders into
``page.content`` (a member's description, a case's narrative; empty for index
pages), the data file behind its edit button, and a typed view the template
reads. No HTML is produced here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from kooplab import urls
from kooplab.pages.references import SiteReferences
from kooplab.load.catalog import Catalog
from kooplab.load.events import Organiser, organisers, split
from kooplab.pages.facets import Filters, directory_filters, event_filters, lab_filters
from kooplab.collation import initial, sort_key
from kooplab.pages.geo import Boundaries, MapView, make_map
from kooplab.pages.boerse import BoardEntry, board, boerse_filters, member_entries
from kooplab.pages.suggestions import Suggestion, Suggestions, suggest_all
from kooplab.records import Case, Event, Goal, Member, Network, Region, SdgTag, Term
from kooplab.settings import build_date


@dataclass(frozen=True)
class GoalTag:
    """An SDG as tagged on a record: the goal and the record's evidence."""

    goal: Goal
    evidence: str


@dataclass
class MemberView:
    member: Member
    kind: Term
    region: Region
    sector: Term | None
    networks: list[Network]
    goals: list[GoalTag]
    cases: list[Case]
    events: list[Event] = field(default_factory=list)  # upcoming events it organises
    offers: list[BoardEntry] = field(default_factory=list)  # current offers (Kooperationsbörse)
    needs: list[BoardEntry] = field(default_factory=list)  # current needs
    suggestions: list[Suggestion] = field(default_factory=list)  # "Mögliche Partner" (kooplab.pages.suggestions)


@dataclass
class CaseView:
    case: Case
    region: Region
    formats: list[Term]
    goals: list[GoalTag]
    members: dict[str, Member]  # member partners by slug


@dataclass
class Count:
    """A vocabulary entry with how many members and case studies carry it."""

    term: object
    members: int = 0
    cases: int = 0


@dataclass
class Group:
    """A labelled part of a list, e.g. the members filed under one letter of the A–Z directory."""

    label: str
    members: list[Member]


@dataclass(frozen=True)
class PagerLink:
    """One page of a split list: its number, what it spans ('A–Bi'), its address."""

    number: int
    label: str
    url: str  # site path
    current: bool = False


@dataclass(frozen=True)
class LetterLink:
    """A letter of the A–Z jump list: on this page (an anchor) or on another page of the directory."""

    label: str
    anchor: str  # 'buchstabe-a'
    url: str | None = None  # site path of the page that holds the letter; None: this page


@dataclass
class ListView:
    """An index page: members and/or case studies, optionally about one term."""

    members: list[Member] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    term: object = None  # the Network, Region, Goal or format Term the page is about
    counts: list[Count] = field(default_factory=list)  # sub-pages with their counts
    featured: list[Case] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)  # the directory's A–Z letters
    filters: Filters | None = None  # the filter form of the directory, the lab and the map (kooplab.pages.facets)
    map: MapView | None = None  # the map page and region pages (kooplab.pages.geo)
    events: list[Event] = field(default_factory=list)  # upcoming events of a network or in a region
    pager: list[PagerLink] = field(default_factory=list)  # the pages of a split list (else empty)
    letters: list[LetterLink] = field(default_factory=list)  # the A–Z jump list of the directory
    # a term page split into pages (split_list_page): this page's share; None lists all
    page_members: list[Member] | None = None
    page_cases: list[Case] | None = None

    @property
    def listed_members(self) -> list[Member]:
        """The members this page lists: all of them, or its share of a split page (the counts stay whole)."""
        return self.members if self.page_members is None else self.page_members

    @property
    def listed_cases(self) -> list[Case]:
        return self.cases if self.page_cases is None else self.page_cases

    @property
    def first_page(self) -> bool:
        """Not a later page of a split list (those show only their share of the lists)."""
        return not self.pager or self.pager[0].current


@dataclass
class CategoryCount:
    """A category of the Kooperationsbörse with its current offers and needs."""

    term: Term
    offers: int = 0
    needs: int = 0


@dataclass
class BoerseView:
    """The Kooperationsbörse: all current offers and needs, with the filter over them."""

    offers: list[BoardEntry]
    needs: list[BoardEntry]
    counts: list[CategoryCount]
    filters: object = None  # facets.Filters of /boerse/
    # a Börse split into pages (boerse_pages): this page's share; None lists all
    page_offers: list[BoardEntry] | None = None
    page_needs: list[BoardEntry] | None = None
    pager: list[PagerLink] = field(default_factory=list)

    @property
    def listed_offers(self) -> list[BoardEntry]:
        return self.offers if self.page_offers is None else self.page_offers

    @property
    def listed_needs(self) -> list[BoardEntry]:
        return self.needs if self.page_needs is None else self.page_needs


@dataclass
class PageModel:
    src_uri: str
    title: str
    template: str
    edit_path: str
    view: object
    markdown: str = ""
    description: str = ""
    in_nav: bool = False  # index pages are in the navigation; record pages never
    searchable: bool = True  # redirect pages stay out of the search index
    # record pages: out of Material's full-text index, with this one short text instead (kooplab.pages.search)
    search_summary: str | None = None

    @property
    def url(self) -> str:
        return urls.page_url(self.src_uri)


@dataclass
class RedirectView:
    """A former address of a renamed record: it points readers to the current page."""

    target: str  # site-root-relative address of the current page
    title: str


@dataclass
class SiteStats:
    """Live counts for the start page."""

    members: int
    cases: int
    networks: int
    regions: int
    goals: int


def search_summary(*parts: str) -> str:
    """The text of a record's one search entry: what and where, then the first words of its summary."""
    from kooplab.pages.search import shorten

    return " · ".join(shorten(p) for p in parts if p)


def goal_tags(tags: tuple[SdgTag, ...], catalog: Catalog) -> list[GoalTag]:
    return [GoalTag(catalog.vocab.sdgs[t.goal], t.evidence) for t in sorted(tags, key=lambda t: t.goal)]


def by_initial(members: list[Member]) -> list[Group]:
    """Members under their initial letter, letters A–Z, members A–Z in German order within each letter."""
    letters: dict[str, list[Member]] = {}
    for m in sorted(members, key=lambda m: (sort_key(m.name), m.slug)):
        letters.setdefault(initial(m.name), []).append(m)
    return [Group(letter, letters[letter]) for letter in sorted(letters)]


def stats(catalog: Catalog) -> SiteStats:
    regions = {m.location.region for m in catalog.members.values()} | {c.region for c in catalog.cases.values()}
    networks = {n for m in catalog.members.values() for n in m.networks}
    goals = {g for r in [*catalog.members.values(), *catalog.cases.values()] for g in r.goals}
    return SiteStats(members=len(catalog.members), cases=len(catalog.cases), networks=len(networks),
                     regions=len(regions), goals=len(goals))


def build_pages(catalog: Catalog, suggestions: Suggestions | None = None,
                boundaries: Boundaries | None = None) -> list[PageModel]:
    """All generated pages, in a fixed order. ``suggestions``: made once per build (site.make_site);
    ``boundaries``: the state outlines of the maps (geo.load_boundaries; without them, points only)."""
    suggestions = suggestions if suggestions is not None else suggest_all(catalog)
    exchange_day = build_date()  # offers and needs are shown until their 'until' date
    v = catalog.vocab
    data = catalog.settings.data_dir
    members = list(catalog.members.values())  # A–Z
    cases = list(catalog.cases.values())  # newest first
    size = catalog.settings.directory_page_size  # longer lists are split into pages of this many entries
    pages: list[PageModel] = []

    # --- Verzeichnis --------------------------------------------------------
    directory = directory_pages(catalog, members)
    pages.extend(directory)
    for m in members:
        view = MemberView(
            member=m, kind=v.kinds[m.kind], region=v.regions[m.location.region],
            sector=v.sectors.get(m.sector), networks=[v.networks[n] for n in m.networks],
            goals=goal_tags(m.sdgs, catalog),
            cases=sorted(m.cases, key=lambda c: (-c.published.toordinal(), c.title)))
        view.offers, view.needs = map(list, member_entries(m, exchange_day))
        view.suggestions = suggestions[m.slug]
        pages.append(PageModel(urls.src_uri(urls.member(m)), m.name, "member.html", m.source.path, view,
                               markdown=m.description, description=m.summary,
                               search_summary=search_summary(f"{view.kind.label}, {m.location.city}", m.summary)))

    # --- Kooperations-Lab ---------------------------------------------------
    format_counts = Counter(f for c in cases for f in c.formats)
    pages.extend(split_list_page(PageModel(
        urls.src_uri(urls.LAB), "Kooperations-Lab", "lab.html", f"{data}/cases/",
        ListView(cases=cases, featured=[c for c in cases if c.featured],
                 counts=[Count(f, cases=format_counts[f.id]) for f in v.formats if format_counts[f.id]],
                 filters=lab_filters(catalog)),
        in_nav=True, description="Beispiele für Kooperationen zwischen Unternehmen und gemeinnützigen Organisationen."),
        size))
    for c in cases:
        view = CaseView(case=c, region=v.regions[c.region], formats=[v.formats[f] for f in c.formats],
                        goals=goal_tags(c.sdgs, catalog),
                        members={s: catalog.members[s] for s in c.member_slugs if s in catalog.members})
        pages.append(PageModel(urls.src_uri(urls.case(c)), c.title, "case.html", c.source.path, view,
                               markdown=c.body, description=c.summary,
                               search_summary=search_summary(f"Fallbeispiel, {c.city or view.region.label}",
                                                             c.summary)))
    for f in v.formats:
        if format_counts[f.id]:
            pages.extend(split_list_page(PageModel(
                urls.src_uri(urls.format_(f)), f"Format: {f.label}", "format.html", f"{data}/vocab/formats.yml",
                ListView(cases=[c for c in cases if f.id in c.formats], term=f), description=f.description), size))

    # --- Kooperationsbörse -------------------------------------------------
    pages.extend(boerse_pages(catalog, exchange_day))

    # --- SDGs ---------------------------------------------------------------
    goal_counts = [Count(g, members=len(catalog.members_with_goal(g.number)),
                         cases=len(catalog.cases_with_goal(g.number))) for g in v.sdgs]
    pages.append(PageModel(urls.src_uri(urls.SDGS), "Nachhaltigkeitsziele (SDGs)", "sdgs.html",
                           f"{data}/vocab/sdgs.yml", ListView(counts=goal_counts), in_nav=True,
                           description="Die 17 Ziele für nachhaltige Entwicklung und wer im Netzwerk dazu beiträgt."))
    for g in v.sdgs:
        pages.extend(split_list_page(PageModel(
            urls.src_uri(urls.goal(g)), f"SDG {g.number}: {g.label}", "sdg.html", f"{data}/vocab/sdgs.yml",
            ListView(members=catalog.members_with_goal(g.number), cases=catalog.cases_with_goal(g.number), term=g),
            description=f"Mitglieder und Kooperationen zum Ziel {g.number}: {g.label}."), size))

    # --- Regionen -----------------------------------------------------------
    region_counts = [Count(r, members=sum(1 for m in members if m.location.region == r.id),
                           cases=sum(1 for c in cases if c.region == r.id)) for r in v.regions]
    pages.append(PageModel(urls.src_uri(urls.REGIONS), "Regionen", "regions.html", f"{data}/vocab/regions.yml",
                           ListView(counts=region_counts), in_nav=True,
                           description="Mitglieder und Kooperationen nach Bundesland."))
    boundaries = boundaries or Boundaries({})
    state_labels = {r.id: r.label for r in v.regions}
    for count in region_counts:
        r = count.term
        in_region = [m for m in members if m.location.region == r.id]
        region_map = make_map(in_region, boundaries, state_labels, region=r, label=f"Karte der Mitglieder in {r.label}",
                              aggregate_above=catalog.settings.directory_page_size) \
            if any(m.location.has_coordinates for m in in_region) else None
        pages.extend(split_list_page(PageModel(
            urls.src_uri(urls.region(r)), r.label, "region.html", f"{data}/vocab/regions.yml",
            ListView(members=in_region, cases=[c for c in cases if c.region == r.id], term=r, map=region_map),
            description=f"Mitglieder und Kooperationen in {r.label}."), size))

    # --- Netzwerke ----------------------------------------------------------
    network_counts = [Count(n, members=sum(1 for m in members if n.id in m.networks)) for n in v.networks]
    pages.append(PageModel(urls.src_uri(urls.NETWORKS), "Netzwerke", "networks.html", f"{data}/vocab/networks.yml",
                           ListView(counts=network_counts), in_nav=True,
                           description="Die Netzwerke, in denen die Mitglieder zusammenarbeiten."))
    for n in v.networks:
        in_network = [m for m in members if n.id in m.networks]
        slugs = {m.slug for m in in_network}
        pages.extend(split_list_page(PageModel(
            urls.src_uri(urls.network(n)), n.label, "network.html", f"{data}/vocab/networks.yml",
            ListView(members=in_network, cases=[c for c in cases if slugs.intersection(c.member_slugs)], term=n),
            markdown=n.description, description=n.description.split(". ")[0]), size))

    # --- Literatur ----------------------------------------------------------
    if catalog.bibliography is not None:
        pages.append(PageModel(urls.src_uri(urls.LITERATURE), "Literatur", "literature.html", catalog.bibliography.path,
                               SiteReferences.of(catalog).literature(), in_nav=True,
                               description="Arbeitspapiere, Leitfäden und weitere Quellen, auf die sich "
                                           "die Fallbeispiele und Seiten stützen."))
    # --- Termine: their pages, and the upcoming ones on member, network and region pages ----
    today = build_date()
    pages.extend(event_pages(catalog, today))
    show_upcoming(pages, catalog, today)
    # --- Karte -------------------------------------------------------------------
    pages.append(PageModel(urls.src_uri(urls.MAP), "Karte", "map.html", f"{data}/members/",
                           ListView(members=members, filters=directory[0].view.filters,
                                    map=make_map(members, boundaries, state_labels,
                                                 label="Karte der Mitglieder in Deutschland",
                                                 aggregate_above=catalog.settings.directory_page_size)),
                           in_nav=True, description="Die Mitglieder auf einer Karte von Deutschland, "
                                                    "daneben als Liste nach Bundesland."))
    pages.extend(redirect_pages(catalog))
    return pages


def _span(first: Member, last: Member) -> str:
    """What a page of the directory spans: 'A–C', or 'Ba–Bi' when it starts and ends with one letter."""
    a, b = initial(first.name), initial(last.name)
    if a == b and len(a) == 1:
        return f"{first.name[:2].title()}–{last.name[:2].title()}"
    return a if a == b else f"{a}–{b}"


def directory_pages(catalog: Catalog, members: list[Member]) -> list[PageModel]:
    """/verzeichnis/: every member A–Z. Above ``directory_page_size`` members the list is split into
    pages of that size (/verzeichnis/seite/2/, …) so that no page grows with the network; each page
    has the whole filter (kooplab-filter.js searches the index of all members and draws the cards of
    the hits itself) and links to every letter and every page."""
    v = catalog.vocab
    data = catalog.settings.data_dir
    size = catalog.settings.directory_page_size
    chunks = [members[i:i + size] for i in range(0, len(members), size)] if len(members) > size else [members]
    kind_counts = Counter(m.kind for m in members)
    counts = [Count(k, members=kind_counts[k.id]) for k in v.kinds if kind_counts[k.id]]
    filters = directory_filters(catalog)
    if len(chunks) > 1:  # the script draws the cards of hits on other pages from this file
        filters = _card_data(filters)
    groups = [by_initial(chunk) for chunk in chunks]
    home: dict[str, int] = {}  # letter -> the first page that lists it
    for n, page_groups in enumerate(groups, start=1):
        for g in page_groups:
            home.setdefault(g.label, n)
    out = []
    for n, (chunk, page_groups) in enumerate(zip(chunks, groups), start=1):
        pager = [PagerLink(i, _span(c[0], c[-1]), urls.directory_page(i), i == n)
                 for i, c in enumerate(chunks, start=1) if c] if len(chunks) > 1 else []
        own = {g.label for g in page_groups}
        letters = [LetterLink(label, f"buchstabe-{label.lower()}",
                              None if label in own else urls.directory_page(first))
                   for label, first in home.items()]
        view = ListView(members=members, groups=page_groups, counts=counts, filters=filters, pager=pager,
                        letters=letters)
        if n == 1:
            out.append(PageModel(urls.src_uri(urls.DIRECTORY), "Verzeichnis", "directory.html", f"{data}/members/",
                                 view, in_nav=True,
                                 description=f"Alle {len(members)} Mitglieder des Netzwerks von A bis Z."))
        else:
            out.append(PageModel(urls.src_uri(urls.directory_page(n)), f"Verzeichnis, Seite {n}: {pager[n - 1].label}",
                                 "directory.html", f"{data}/members/", view, searchable=False,
                                 description=f"Mitglieder von {pager[n - 1].label}, Seite {n} von {len(chunks)}."))
    return out


def _card_data(filters: Filters) -> Filters:
    """The filter of a list split into pages: it searches all pages and draws the cards of hits on the
    others itself, from card data beside its index (``verzeichnis/cards.json``, …; facets.Filters.cards)."""
    return dataclasses.replace(filters, cards=filters.index.rsplit("/", 1)[0] + "/cards.json")


def _split(first: PageModel, views: list, labels: list[str], what: str) -> list[PageModel]:
    """The pages of a split list: ``views`` (one per page, each with its share) get a pager to all pages;
    the first page keeps the address, the others are …/seite/2/, … out of the navigation and the search
    index, with their number in the title and without the first page's text."""
    count = len(views)
    addresses = [urls.list_page(first.url, n) for n in range(1, count + 1)]
    out = []
    for n, view in enumerate(views, start=1):
        view.pager = [PagerLink(i, labels[i - 1], addresses[i - 1], i == n) for i in range(1, count + 1)]
        out.append(dataclasses.replace(first, view=view) if n == 1 else dataclasses.replace(
            first, src_uri=urls.src_uri(addresses[n - 1]), title=f"{first.title}, Seite {n} von {count}",
            view=view, markdown="", in_nav=False, searchable=False,
            description=f"{first.title}: Seite {n} von {count} der {what}."))
    return out


def split_list_page(model: PageModel, size: int) -> list[PageModel]:
    """A page about one term (a region, network, SDG or format), or the lab, whose members or case studies
    number more than ``size``: split into pages of at most ``size`` of each (…/seite/2/, …; the members
    A–Z, the case studies newest first), so that no page grows with the network. The first page keeps the
    text, the map, the upcoming events and the featured case studies; every page has the whole counts and
    the filter (over all pages)."""
    view: ListView = model.view
    members = [view.members[i:i + size] for i in range(0, len(view.members), size)]
    cases = [view.cases[i:i + size] for i in range(0, len(view.cases), size)]
    count = max(len(members), len(cases))
    if count <= 1:
        return [model]
    filters = _card_data(view.filters) if view.filters is not None else None
    views, labels = [], []
    for n in range(count):
        page_view = dataclasses.replace(view, page_members=members[n] if n < len(members) else [],
                                        page_cases=cases[n] if n < len(cases) else [], filters=filters)
        if n:
            page_view.map, page_view.events, page_view.featured = None, [], []
        views.append(page_view)
        labels.append(f"Mitglieder {_span(members[n][0], members[n][-1])}" if n < len(members)
                      else f"Kooperationen {n * size + 1}–{n * size + len(cases[n])}")
    return _split(model, views, labels, "Mitglieder und Kooperationen")


def boerse_pages(catalog: Catalog, today: dt.date) -> list[PageModel]:
    """/boerse/: every current offer and need, filterable like the directory; above
    ``directory_page_size`` entries split into pages (/boerse/seite/2/, …) like the directory."""
    entries = board(catalog, today)
    offers = [e for e in entries if e.side == "angebot"]
    needs = [e for e in entries if e.side == "gesuch"]
    tally = Counter((e.side, e.entry.category) for e in entries)
    counts = [CategoryCount(t, offers=tally["angebot", t.id], needs=tally["gesuch", t.id])
              for t in catalog.vocab.exchange if tally["angebot", t.id] or tally["gesuch", t.id]]
    first = PageModel(urls.src_uri(urls.BOERSE), "Kooperationsbörse", "boerse.html",
                      f"{catalog.settings.data_dir}/members/",
                      BoerseView(offers=offers, needs=needs, counts=counts, filters=boerse_filters(catalog, entries)),
                      in_nav=True, description="Was die Mitglieder anbieten und suchen – helfende Hände, Know-how, "
                                               "Sachmittel, Kontakte – und wer gut zusammenpassen könnte.")
    size = catalog.settings.directory_page_size
    if len(entries) <= size:
        return [first]
    # more entries than a page holds: pages of `size` entries (offers first, then needs, as on one page)
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)]
    filters = _card_data(first.view.filters)
    views = [dataclasses.replace(first.view, filters=filters, page_offers=[e for e in c if e.side == "angebot"],
                                 page_needs=[e for e in c if e.side == "gesuch"]) for c in chunks]
    labels = [f"Einträge {n * size + 1}–{n * size + len(c)}" for n, c in enumerate(chunks)]
    return _split(first, views, labels, "Angebote und Gesuche")


def redirect_pages(catalog: Catalog) -> list[PageModel]:
    """Renamed records keep their old addresses: ``aliases: [old-slug]`` redirects to the record."""
    out = []
    for records, address in ((catalog.members.values(), urls.member), (catalog.cases.values(), urls.case)):
        for record in records:
            title = record.name if isinstance(record, Member) else record.title
            for alias in record.aliases:
                out.append(PageModel(urls.src_uri(address(alias)), title, "kl-redirect.html", record.source.path,
                                     RedirectView(target=address(record), title=title), searchable=False))
    return out


# --- Termine ------------------------------------------------------------------------------

@dataclass
class EventView:
    event: Event
    kind: Term
    region: Region | None  # None for an online-only event
    organisers: list[Organiser]
    networks: list[Network]  # the organisers that are networks
    goals: list[GoalTag]
    upcoming: bool  # on the build date; kooplab-events.js judges again by the reader's date
    calendar: str  # site path of the event's .ics file


@dataclass
class EventListView:
    """/termine/: upcoming events soonest first, then past events most recent first."""

    upcoming: list[Event]
    past: list[Event]
    today: dt.date  # the build date the split was made on
    calendar: str  # site path of the calendar of all events
    filters: object = None  # kooplab.facets.Filters of the list (events.event_filters)


def event_view(event: Event, catalog: Catalog, today: dt.date) -> EventView:
    v = catalog.vocab
    found = organisers(event, catalog.members, v.networks)
    return EventView(event=event, kind=v.event_kinds[event.kind], region=v.regions.get(event.location.region),
                     organisers=found, networks=[o.network for o in found if o.network],
                     goals=goal_tags(event.sdgs, catalog), upcoming=event.upcoming(today),
                     calendar=urls.event_calendar(event))


def event_pages(catalog: Catalog, today: dt.date) -> list[PageModel]:
    """/termine/ and one page per event."""
    data = catalog.settings.data_dir
    upcoming, past = split(catalog.events.values(), today)
    out = [PageModel(urls.src_uri(urls.EVENTS), "Termine", "events.html", f"{data}/events/",
                     EventListView(upcoming=upcoming, past=past, today=today, calendar=urls.EVENTS_CALENDAR,
                                   filters=event_filters(catalog)),
                     in_nav=True, description="Workshops, Arbeitskreise, Aktionstage und Marktplätze der Netzwerke: "
                                              "die nächsten Termine und was schon stattgefunden hat.")]
    for e in catalog.events.values():
        view = event_view(e, catalog, today)
        place = "online" if view.region is None else (e.location.city or view.region.label)
        out.append(PageModel(urls.src_uri(urls.event(e)), e.title, "event.html", e.source.path,
                             view, markdown=e.description, description=e.summary,
                             search_summary=search_summary(f"Termin, {place}", e.summary)))
    return out




def show_upcoming(pages: list[PageModel], catalog: Catalog, today: dt.date) -> None:
    """Give member, network and region pages the upcoming events they organise or that take place there."""
    upcoming, _ = split(catalog.events.values(), today)
    for page in pages:
        view = page.view
        if isinstance(view, MemberView):
            view.events = [e for e in upcoming if view.member.slug in e.organisers]
        elif isinstance(view, ListView) and not view.first_page:
            continue
        elif isinstance(view, ListView) and isinstance(view.term, Network):
            view.events = [e for e in upcoming if view.term.id in e.organisers]
        elif isinstance(view, ListView) and isinstance(view.term, Region):
            view.events = [e for e in upcoming if e.location.region == view.term.id]
