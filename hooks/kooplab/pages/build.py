"""Page models: which pages the site generates from the catalog, and what each shows.

Each :class:`PageModel` names its virtual Markdown file, the template in
``overrides/`` that renders it, the Markdown body MkDocs renders into
``page.content`` (a member's description, a case's narrative; empty for index
pages), the data file behind its edit button, and a typed view the template
reads. No HTML is produced here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from kooplab import urls
from kooplab.load.catalog import Catalog
from kooplab.load.events import organisers, upcoming_and_past
from kooplab.pages.boerse import board, member_entries
from kooplab.pages.embeds import EmbedBuilderView, EmbedView, ListFilters, embed_kinds
from kooplab.pages.entry_form import form_spec
from kooplab.pages.facets import Filters, event_filters
from kooplab.pages.geo import Boundaries, make_map
from kooplab.pages.lists import boerse_pages, directory_pages, split_list_page
from kooplab.pages.references import SiteReferences
from kooplab.pages.related import Related, case_followers
from kooplab.pages.stats import Share, network_figures, network_share, region_share, shares_of
from kooplab.pages.suggestions import Suggestions, suggest_all
from kooplab.pages.views import (
    CaseView,
    Count,
    EntryFormView,
    EventListView,
    EventView,
    GoalTag,
    ListView,
    MemberView,
    PageModel,
    RedirectView,
    SearchFacets,
    SiteStats,
    StatsView,
)
from kooplab.records import Case, Event, Member, Network, Region, SdgTag
from kooplab.settings import build_date


def goal_tags(tags: tuple[SdgTag, ...], catalog: Catalog) -> list[GoalTag]:
    return [GoalTag(catalog.vocab.sdgs[t.goal], t.evidence) for t in sorted(tags, key=lambda t: t.goal)]


HOME_EVENTS = 3  # upcoming events on the start page


def stats(catalog: Catalog) -> SiteStats:
    regions = {m.location.region for m in catalog.members.values()} | {c.region for c in catalog.cases.values()}
    networks = {n for m in catalog.members.values() for n in m.networks}
    goals = {g for r in [*catalog.members.values(), *catalog.cases.values()] for g in r.goals}
    upcoming, _ = upcoming_and_past(catalog.events.values(), build_date())
    return SiteStats(members=len(catalog.members), cases=len(catalog.cases), networks=len(networks),
                     regions=len(regions), goals=len(goals), upcoming=upcoming[:HOME_EVENTS],
                     exchange=len(board(catalog)))


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
    lists = ListFilters.of(catalog, exchange_day)  # the lists' filters, for their pages and the embeds
    entries = lists.entries  # the Börse, also for the figures of network and region pages

    boundaries = boundaries or Boundaries({})
    state_labels = {r.id: r.label for r in v.regions}

    # --- Verzeichnis --------------------------------------------------------
    pages: list[PageModel] = directory_pages(catalog, members, lists.directory)
    pages += [_member_page(m, catalog, exchange_day, suggestions) for m in members]
    # --- Kooperations-Lab ---------------------------------------------------
    format_counts = Counter(f for c in cases for f in c.formats)
    pages += split_list_page(PageModel(
        urls.src_uri(urls.LAB), "Kooperations-Lab", "lab.html", f"{data}/cases/",
        ListView(cases=cases, featured=[c for c in cases if c.featured],
                 counts=[Count(f, cases=format_counts[f.id]) for f in v.formats if format_counts[f.id]],
                 filters=lists.lab),
        in_nav=True, description="Beispiele für Kooperationen zwischen Unternehmen und gemeinnützigen Organisationen."),
        size)
    followers = case_followers(catalog)
    related = Related(catalog)
    pages += [_case_page(c, catalog, followers, related) for c in cases]
    for f in v.formats:
        if format_counts[f.id]:
            pages += split_list_page(PageModel(
                urls.src_uri(urls.format_(f)), f"Format: {f.label}", "format.html", f"{data}/vocab/formats.yml",
                ListView(cases=[c for c in cases if f.id in c.formats], term=f), description=f.description,
                search=SearchFacets("format")), size)
    # --- Kooperationsbörse -------------------------------------------------
    pages += boerse_pages(catalog, exchange_day, entries, lists.boerse)
    # --- SDGs, Regionen, Netzwerke ------------------------------------------------
    pages += _sdg_pages(catalog) + _area_pages(catalog, exchange_day, entries, boundaries, state_labels)

    # --- Literatur ----------------------------------------------------------
    if catalog.bibliography is not None:
        pages.append(PageModel(urls.src_uri(urls.LITERATURE), "Literatur", "literature.html", catalog.bibliography.path,
                               SiteReferences.of(catalog).literature(), in_nav=True,
                               description="Arbeitspapiere, Leitfäden und weitere Quellen, auf die sich "
                                           "die Fallbeispiele und Seiten stützen.", search=SearchFacets("literature")))
    # --- Termine: their pages, and the upcoming ones on member, network and region pages ----
    today = build_date()
    pages.extend(event_pages(catalog, today, lists.events))
    show_upcoming(pages, catalog, today)
    # --- Karte -------------------------------------------------------------------
    pages.append(PageModel(urls.src_uri(urls.MAP), "Karte", "map.html", f"{data}/members/",
                           ListView(members=members, filters=lists.directory,
                                    map=make_map(members, boundaries, state_labels,
                                                 label="Karte der Mitglieder in Deutschland",
                                                 aggregate_above=catalog.settings.directory_page_size)),
                           in_nav=True, description="Die Mitglieder auf einer Karte von Deutschland, "
                                                    "daneben als Liste nach Bundesland."))
    # --- Zahlen: the network in numbers ------------------------------------------------
    pages.append(PageModel(urls.src_uri(urls.STATS), "Das Netzwerk in Zahlen", "stats.html", f"{data}/",
                           StatsView(network_figures(catalog, today), today), in_nav=True,
                           description="Mitglieder nach Art, Bundesland und Netzwerk, SDGs, Formate der Kooperationen "
                                       "und das Wachstum des Netzwerks – jede Zahl mit der Liste, die sie zählt.",
                           search=SearchFacets("page")))
    # --- Mitmachen: the entry form --------------------------------------------------
    pages.append(PageModel(urls.src_uri(urls.ENTRY_FORM), "Eintrag vorschlagen", "entry-form.html",
                           f"{data}/schema/labels.de.yml", EntryFormView(form_spec(catalog, catalog.templates)),
                           description="Ein Formular für eine Organisation, ein Fallbeispiel oder einen Termin: "
                                       "es prüft die Angaben und macht daraus einen Vorschlag für die Redaktion.",
                           search=SearchFacets("page")))
    pages.extend(embed_pages(catalog, today, lists))
    pages.extend(redirect_pages(catalog))
    return pages


def _member_page(m: Member, catalog: Catalog, exchange_day: dt.date, suggestions: Suggestions) -> PageModel:
    v = catalog.vocab
    view = MemberView(
        member=m, kind=v.kinds[m.kind], region=v.regions[m.location.region],
        sector=v.sectors.get(m.sector), networks=[v.networks[n] for n in m.networks],
        goals=goal_tags(m.sdgs, catalog),
        cases=sorted(m.cases, key=lambda c: (-c.published.toordinal(), c.title)))
    view.offers, view.needs = map(list, member_entries(m, exchange_day))
    view.suggestions = suggestions[m.slug]
    return PageModel(urls.src_uri(urls.member(m)), m.name, "member.html", m.source.path, view,
                     markdown=m.description, description=m.summary, record=True,
                     search=SearchFacets("member", (view.region.label,), m.goals, tuple(n.label for n in view.networks)))


def _case_page(c: Case, catalog: Catalog, followers: dict[str, list[Case]], related: Related) -> PageModel:
    v = catalog.vocab
    in_case = {s: catalog.members[s] for s in c.member_slugs if s in catalog.members}
    view = CaseView(case=c, region=v.regions[c.region], formats=[v.formats[f] for f in c.formats],
                    goals=goal_tags(c.sdgs, catalog), members=in_case,
                    networks=[v.networks[n] for n in dict.fromkeys(n for m in in_case.values() for n in m.networks)],
                    models=[catalog.cases[s] for s in c.modelled_on if s in catalog.cases],
                    followers=followers.get(c.slug, []), related=related.of(c))
    return PageModel(urls.src_uri(urls.case(c)), c.title, "case.html", c.source.path, view,
                     markdown=c.body, description=c.summary, record=True,
                     search=SearchFacets("case", (view.region.label,), c.goals, tuple(sorted(
                         {v.networks[n].label for m in view.members.values() for n in m.networks}))))


def _sdg_pages(catalog: Catalog) -> list[PageModel]:
    """/sdg/ and one (split) list per goal."""
    v, data, size = catalog.vocab, catalog.settings.data_dir, catalog.settings.directory_page_size
    members_of, cases_of = catalog.by_goal()
    goal_counts = [Count(g, members=len(members_of.get(g.number, [])), cases=len(cases_of.get(g.number, [])))
                   for g in v.sdgs]
    pages = [PageModel(urls.src_uri(urls.SDGS), "Nachhaltigkeitsziele (SDGs)", "sdgs.html",
                       f"{data}/vocab/sdgs.yml", ListView(counts=goal_counts), in_nav=True,
                       description="Die 17 Ziele für nachhaltige Entwicklung und wer im Netzwerk dazu beiträgt.")]
    for g in v.sdgs:
        pages += split_list_page(PageModel(
            urls.src_uri(urls.goal(g)), f"SDG {g.number}: {g.label}", "sdg.html", f"{data}/vocab/sdgs.yml",
            ListView(members=members_of.get(g.number, []), cases=cases_of.get(g.number, []), term=g),
            description=f"Mitglieder und Kooperationen zum Ziel {g.number}: {g.label}.",
            search=SearchFacets("sdg", goals=(g.number,))), size)
    return pages


def _area_pages(catalog: Catalog, exchange_day: dt.date, entries: list, boundaries: Boundaries,
                state_labels: dict[str, str]) -> list[PageModel]:
    """/regionen/ and /netzwerke/, and one (split) list per state and per network, with its figures."""
    v, data, size = catalog.vocab, catalog.settings.data_dir, catalog.settings.directory_page_size
    shares = shares_of(catalog, exchange_day, entries)  # each state's and network's members, cases, entries, events
    region_counts = [Count(r, members=len(shares.get(("region", r.id), Share()).members),
                           cases=len(shares.get(("region", r.id), Share()).cases)) for r in v.regions]
    pages = [PageModel(urls.src_uri(urls.REGIONS), "Regionen", "regions.html", f"{data}/vocab/regions.yml",
                       ListView(counts=region_counts), in_nav=True,
                       description="Mitglieder und Kooperationen nach Bundesland.")]
    for count in region_counts:
        r = count.term
        share = shares.get(("region", r.id), Share())
        in_region = share.members
        region_map = make_map(in_region, boundaries, state_labels, region=r, label=f"Karte der Mitglieder in {r.label}",
                              aggregate_above=size) if any(m.location.has_coordinates for m in in_region) else None
        pages += split_list_page(PageModel(
            urls.src_uri(urls.region(r)), r.label, "region.html", f"{data}/vocab/regions.yml",
            ListView(members=in_region, cases=share.cases, term=r, map=region_map,
                     figures=region_share(catalog, r.id, exchange_day, entries, shares)),
            description=f"Mitglieder und Kooperationen in {r.label}.", search=SearchFacets("region", (r.label,))),
            size)
    network_counts = [Count(n, members=len(shares.get(("network", n.id), Share()).members)) for n in v.networks]
    pages.append(PageModel(urls.src_uri(urls.NETWORKS), "Netzwerke", "networks.html", f"{data}/vocab/networks.yml",
                           ListView(counts=network_counts), in_nav=True,
                           description="Die Netzwerke, in denen die Mitglieder zusammenarbeiten."))
    for n in v.networks:
        share = shares.get(("network", n.id), Share())
        pages += split_list_page(PageModel(
            urls.src_uri(urls.network(n)), n.label, "network.html", f"{data}/vocab/networks.yml",
            ListView(members=share.members, cases=share.cases, term=n,
                     figures=network_share(catalog, n.id, exchange_day, entries, shares)),
            markdown=n.description, description=n.description.split(". ")[0],
            search=SearchFacets("network", networks=(n.label,))), size)
    return pages


def embed_pages(catalog: Catalog, today: dt.date, lists: ListFilters | None = None) -> list[PageModel]:
    """/einbetten/ (choose a view for another website) and the light pages it embeds (kooplab.pages.embeds)."""
    kinds = embed_kinds(catalog, today, lists)
    data = catalog.settings.data_dir
    out = [PageModel(urls.src_uri(urls.EMBED), "Auf der eigenen Website zeigen", "embed-builder.html", f"{data}/",
                     EmbedBuilderView(kinds), description="Mitglieder, Fallbeispiele, Termine oder Angebote der "
                     "Börse auf der eigenen Website zeigen: Auswahl, Vorschau und Code zum Kopieren.",
                     search=SearchFacets("page"))]
    out += [PageModel(urls.src_uri(k.page), k.label, "kl-embed.html", f"{data}/", EmbedView(k), searchable=False)
            for k in kinds]
    return out


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

def event_view(event: Event, catalog: Catalog, today: dt.date) -> EventView:
    v = catalog.vocab
    found = organisers(event, catalog.members, v.networks)
    return EventView(event=event, kind=v.event_kinds[event.kind], region=v.regions.get(event.location.region),
                     organisers=found, networks=[o.network for o in found if o.network],
                     goals=goal_tags(event.sdgs, catalog), upcoming=event.upcoming(today),
                     calendar=urls.event_calendar(event))


def event_pages(catalog: Catalog, today: dt.date, filters: Filters | None = None) -> list[PageModel]:
    """/termine/ and one page per event. ``filters``: event_filters(), when the caller has it."""
    data = catalog.settings.data_dir
    upcoming, past = upcoming_and_past(catalog.events.values(), today)
    out = [PageModel(urls.src_uri(urls.EVENTS), "Termine", "events.html", f"{data}/events/",
                     EventListView(upcoming=upcoming, past=past, today=today, calendar=urls.EVENTS_CALENDAR,
                                   filters=event_filters(catalog) if filters is None else filters),
                     in_nav=True, description="Workshops, Arbeitskreise, Aktionstage und Marktplätze der Netzwerke: "
                                              "die nächsten Termine und was schon stattgefunden hat.")]
    for e in catalog.events.values():
        view = event_view(e, catalog, today)
        out.append(PageModel(urls.src_uri(urls.event(e)), e.title, "event.html", e.source.path,
                             view, markdown=e.description, description=e.summary, record=True,
                             search=SearchFacets("event", (view.region.label,) if view.region else (), e.goals,
                                                 tuple(n.label for n in view.networks))))
    return out




def show_upcoming(pages: list[PageModel], catalog: Catalog, today: dt.date) -> None:
    """Give member, network and region pages the upcoming events they organise or that take place there."""
    upcoming, _ = upcoming_and_past(catalog.events.values(), today)
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
