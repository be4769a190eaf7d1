"""Typed records: what the rest of the pipeline (pages, exports) reads.

Records are built only from files that passed validation, so their fields hold
checked values: vocabulary ids exist, dates are dates, URLs are http(s).
Each record remembers the file it came from (``source``) for edit links and
messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

# The years a date in a record may have: earlier or later ones are typos (0001, 9999), and a
# calendar cannot reach the day after 9999-12-31.
YEARS = range(1900, 2200)


# --- vocabularies -----------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """An entry of a plain vocabulary: kinds, sectors, formats."""

    id: str
    label: str
    label_en: str = ""
    description: str = ""
    group: str = ""


@dataclass(frozen=True)
class Region:
    id: str  # ISO 3166-2, e.g. DE-HB; abroad also a region (NL-GE) or a whole country (AT)
    label: str
    slug: str
    label_en: str = ""
    contacts: tuple["Contact", ...] = ()  # the network's contacts in this state

    @property
    def country(self) -> str:
        """ISO 3166-1 code of the country: DE for the German states."""
        return self.id[:2]

    @property
    def abroad(self) -> bool:
        return self.country != "DE"

    @property
    def published_contacts(self) -> tuple["Contact", ...]:
        return published(self.contacts)


@dataclass(frozen=True)
class Network:
    id: str
    label: str
    description: str
    label_en: str = ""
    website: str = ""
    region: str = ""
    contacts: tuple["Contact", ...] = ()

    @property
    def published_contacts(self) -> tuple["Contact", ...]:
        return published(self.contacts)


@dataclass(frozen=True)
class Goal:
    """One UN Sustainable Development Goal."""

    number: int
    label: str
    color: str
    slug: str
    label_en: str = ""
    description: str = ""  # the goal's wording in the 2030 Agenda
    in_practice: str = ""  # what it can mean for cooperations on the ground

    @property
    def text_color(self) -> str:
        """Black or white, whichever has the higher WCAG contrast on the goal colour."""
        return _text_color(self.color)


@lru_cache(maxsize=None)  # every SDG badge asks: 650,000 times for 10,000 members
def _text_color(color: str) -> str:
    return "#000000" if contrast(color, "#000000") >= contrast(color, "#FFFFFF") else "#FFFFFF"


def _luminance(hex_color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- parts of records -------------------------------------------------------

@dataclass(frozen=True)
class SdgTag:
    goal: int
    evidence: str


@dataclass(frozen=True)
class Location:
    city: str
    region: str
    postcode: str = ""
    street: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Contact:
    role: str
    name: str = ""
    email: str = ""
    phone: str = ""
    consent: dt.date | None = None


def published(contacts: tuple[Contact, ...]) -> tuple[Contact, ...]:
    """Contacts that may be shown: role contacts, and named persons with consent."""
    return tuple(c for c in contacts if not c.name or c.consent)


@dataclass(frozen=True)
class Picture:
    """The picture of a case study (kooplab.load.pictures): a file in data/images/ with its pixel size."""

    src: str  # relative to the data folder: images/aktionstag.jpg
    alt: str  # what it shows, for readers who cannot see it
    credit: str = ""  # photographer or rights holder
    width: int = 0
    height: int = 0

    @property
    def name(self) -> str:
        return self.src.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Partner:
    """A partner of a case study: a member (``slug``) or an outside organisation."""

    name: str
    slug: str = ""
    website: str = ""

    @property
    def is_member(self) -> bool:
        return bool(self.slug)


@dataclass(frozen=True)
class Outcome:
    label: str
    value: float | int
    unit: str = ""


@dataclass(frozen=True)
class Period:
    """A year or a year and month, as editors write ``started`` and ``ended``."""

    year: int
    month: int | None = None

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.month or 0)


@dataclass(frozen=True)
class SourceRef:
    """Where a record came from, relative to the project root."""

    path: str  # e.g. data/members/hansa-flex.yml
    body_line: int = 0


@dataclass(frozen=True)
class Exchange:
    """One offer or need of a member (Kooperationsbörse): helping hands, know-how, material, contacts."""

    category: str  # id from data/vocab/exchange.yml
    title: str
    description: str = ""
    sdgs: tuple[int, ...] = ()  # goal numbers the entry serves
    until: dt.date | None = None  # last day it is shown

    def current(self, today: dt.date) -> bool:
        """Shown on the site (and used for suggestions) until and including ``until``."""
        return self.until is None or self.until >= today


# --- records -----------------------------------------------------------------

@dataclass
class Member:
    slug: str
    name: str
    kind: str
    summary: str
    location: Location
    reviewed: dt.date
    source: SourceRef
    description: str = ""
    website: str = ""
    sector: str = ""
    networks: tuple[str, ...] = ()
    member_since: int | None = None
    sdgs: tuple[SdgTag, ...] = ()
    contacts: tuple[Contact, ...] = ()
    logo: str = ""
    aliases: tuple[str, ...] = ()
    offers: tuple[Exchange, ...] = ()  # Kooperationsbörse; expired entries included (see Exchange.current)
    needs: tuple[Exchange, ...] = ()
    # filled in by the catalog once all records are loaded
    cases: list["Case"] = field(default_factory=list, repr=False)

    @cached_property  # read for every card and badge; sdgs is a tuple and never changes
    def goals(self) -> tuple[int, ...]:
        return tuple(tag.goal for tag in self.sdgs)

    def current_offers(self, today: dt.date) -> tuple[Exchange, ...]:
        return tuple(e for e in self.offers if e.current(today))

    def current_needs(self, today: dt.date) -> tuple[Exchange, ...]:
        return tuple(e for e in self.needs if e.current(today))

    @property
    def published_contacts(self) -> tuple[Contact, ...]:
        return published(self.contacts)


@dataclass
class Case:
    slug: str
    title: str
    summary: str
    partners: tuple[Partner, ...]
    formats: tuple[str, ...]
    region: str
    started: Period
    status: str
    published: dt.date
    reviewed: dt.date
    source: SourceRef
    body: str = ""
    city: str = ""
    ended: Period | None = None
    sdgs: tuple[SdgTag, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    references: tuple[str, ...] = ()
    featured: bool = False
    aliases: tuple[str, ...] = ()
    modelled_on: tuple[str, ...] = ()  # slugs of case studies this one followed (checked by the catalog)
    image: Picture | None = None

    @cached_property  # read for every card and badge; sdgs is a tuple and never changes
    def goals(self) -> tuple[int, ...]:
        return tuple(tag.goal for tag in self.sdgs)

    @property
    def member_slugs(self) -> tuple[str, ...]:
        return tuple(p.slug for p in self.partners if p.is_member)


# --- events (Termine) -----------------------------------------------------------

TIMEZONE = "Europe/Berlin"  # editors write local times; the calendar files and JSON carry this zone


@dataclass(frozen=True)
class EventPlace:
    """Where an event takes place: a place (city and state), online, or both (hybrid)."""

    city: str = ""
    region: str = ""  # ISO 3166-2, e.g. DE-NI; empty for an online-only event
    venue: str = ""
    street: str = ""
    postcode: str = ""
    online: bool = False

    @property
    def on_site(self) -> bool:
        return bool(self.city)

    @property
    def attendance(self) -> str:
        """'offline', 'online' or 'mixed' (the schema.org EventAttendanceMode without its suffix)."""
        return "mixed" if self.online and self.on_site else "online" if self.online else "offline"


@dataclass
class Event:
    """A network event. Timed events have aware datetimes in :data:`TIMEZONE`; all-day events have
    dates, ``end`` then being the last day (inclusive), as editors write it."""

    slug: str
    title: str
    kind: str
    start: dt.date | dt.datetime
    location: EventPlace
    organisers: tuple[str, ...]  # member slugs and/or network ids, as written
    summary: str
    reviewed: dt.date
    source: SourceRef
    end: dt.date | dt.datetime | None = None
    description: str = ""
    registration: str = ""
    sdgs: tuple[SdgTag, ...] = ()

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def first_day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        """The local date on which the event ends (its start date when no end is given)."""
        end = self.end if self.end is not None else self.start
        return end.date() if isinstance(end, dt.datetime) else end

    @property
    def multi_day(self) -> bool:
        return self.last_day > self.first_day

    def upcoming(self, today: dt.date) -> bool:
        """Not over yet on ``today``: an event counts as upcoming up to and including its last day."""
        return self.last_day >= today

    @property
    def sort_key(self) -> tuple:
        """Chronological: by day, all-day events before timed ones, then by time and title."""
        time = self.start.time().isoformat() if isinstance(self.start, dt.datetime) else ""
        return (self.first_day, time, self.title, self.slug)

    @cached_property  # read for every card and badge; sdgs is a tuple and never changes
    def goals(self) -> tuple[int, ...]:
        return tuple(tag.goal for tag in self.sdgs)
