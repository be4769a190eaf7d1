"""What the templates read: one typed view per kind of page, and the page model that names its file,
template and edit path. No HTML is produced here; ``overrides/`` renders these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kooplab import urls
from kooplab.load.events import Organiser
from kooplab.pages.boerse import BoardEntry
from kooplab.pages.facets import Filters
from kooplab.pages.geo import MapView
from kooplab.pages.stats import Figures
from kooplab.pages.suggestions import Suggestion
from kooplab.records import Case, Event, Goal, Member, Network, Region, Term


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
    networks: list = field(default_factory=list)  # the networks its member partners work in
    models: list = field(default_factory=list)  # case studies it was modelled on (modelled_on)
    followers: list = field(default_factory=list)  # case studies modelled on it
    related: list = field(default_factory=list)  # other case studies with shared partners, formats or SDGs


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

    members: list[Member] = field(default_factory=list)  # the members it lists (a split list: this page's)
    cases: list[Case] = field(default_factory=list)  # the case studies it lists (a split list: this page's)
    term: object = None  # the Network, Region, Goal or format Term the page is about
    counts: list[Count] = field(default_factory=list)  # sub-pages with their counts
    featured: list[Case] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)  # the directory's A–Z letters
    filters: Filters | None = None  # the filter form of the directory, the lab and the map (kooplab.pages.facets)
    map: MapView | None = None  # the map page and region pages (kooplab.pages.geo)
    events: list[Event] = field(default_factory=list)  # upcoming events of a network or in a region
    figures: Figures | None = None  # a network's or a state's own figures (kooplab.pages.stats)
    pager: list[PagerLink] = field(default_factory=list)  # the pages of a split list (else empty)
    letters: list[LetterLink] = field(default_factory=list)  # the A–Z jump list of the directory
    # a list split into pages (split_list_page, directory_pages): `members` and `cases` are this page's share, and
    # these how many all its pages list (None: as many as this page lists). A page holds only its share, so that a
    # change of a record renders only the page that lists it again (kooplab.outputs.changes).
    member_total: int | None = None
    case_total: int | None = None

    @property
    def member_count(self) -> int:
        return len(self.members) if self.member_total is None else self.member_total

    @property
    def case_count(self) -> int:
        return len(self.cases) if self.case_total is None else self.case_total

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
    """The Kooperationsbörse: the current offers and needs it lists (a Börse split into pages: this page's share),
    how many there are on all its pages, and the filter over all of them. A page holds only its share, so that a
    change of an entry renders only the page that lists it again (kooplab.outputs.changes)."""

    offers: list[BoardEntry]
    needs: list[BoardEntry]
    counts: list[CategoryCount]
    total: int  # the current offers and needs of all pages
    filters: object = None  # facets.Filters of /boerse/
    pager: list[PagerLink] = field(default_factory=list)


@dataclass(frozen=True)
class SearchFacets:
    """How the site search (Pagefind) files a page: its kind (member, case, event, network, region, sdg,
    format, literature, list, page; the template words it) and the values readers narrow the hits by."""

    kind: str = "list"
    regions: tuple[str, ...] = ()  # state labels
    goals: tuple[int, ...] = ()
    networks: tuple[str, ...] = ()  # network labels


# the pages that use the page's whole width: the lists of cards (directory, lab, Börse) and /einbetten/
WIDE_TEMPLATES = frozenset({"directory.html", "lab.html", "boerse.html", "embed-builder.html"})


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
    searchable: bool = True  # redirects and the later pages of a split list stay out of the search index
    record: bool = False  # a record's page (member, case study, event): many, outside the navigation
    search: SearchFacets = field(default_factory=SearchFacets)

    @property
    def url(self) -> str:
        return urls.page_url(self.src_uri)

    @property
    def wide(self) -> bool:
        """A list of cards that uses the page's whole width (no table of contents beside it)."""
        return self.template in WIDE_TEMPLATES

    @property
    def record_page(self) -> bool:
        """A record's page or a redirect: outside the navigation, one of many (the engine renders them with
        its record-page machinery)."""
        return self.record or not self.searchable

    @property
    def search_facets(self) -> SearchFacets | None:
        """What the search index files this page under; None keeps the page out of it."""
        return self.search if self.searchable else None


@dataclass
class EntryFormView:
    """The entry form: its fields and templates as data for kooplab-entry.js (kooplab.pages.entry_form)."""

    spec: dict


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
    upcoming: list = field(default_factory=list)  # the next events on the build date, soonest first
    exchange: int = 0  # current offers and needs in the Börse


@dataclass
class StatsView:
    """/zahlen/: the network in numbers on the build date."""

    figures: Figures
    today: dt.date


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
