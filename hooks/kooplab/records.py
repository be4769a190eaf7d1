"""Typed records: what the rest of the pipeline (pages, exports) reads.

Records are built only from files that passed validation, so their fields hold
checked values: vocabulary ids exist, dates are dates, URLs are http(s).
Each record remembers the file it came from (``source``) for edit links and
messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
    id: str  # ISO 3166-2, e.g. DE-HB
    label: str
    slug: str
    label_en: str = ""


@dataclass(frozen=True)
class Network:
    id: str
    label: str
    description: str
    label_en: str = ""
    website: str = ""
    region: str = ""


@dataclass(frozen=True)
class Goal:
    """One UN Sustainable Development Goal."""

    number: int
    label: str
    color: str
    slug: str
    label_en: str = ""

    @property
    def text_color(self) -> str:
        """Black or white, whichever has the higher WCAG contrast on the goal colour."""
        return "#000000" if contrast(self.color, "#000000") >= contrast(self.color, "#FFFFFF") else "#FFFFFF"


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
    # filled in by the catalog once all records are loaded
    cases: list["Case"] = field(default_factory=list, repr=False)

    @property
    def goals(self) -> tuple[int, ...]:
        return tuple(tag.goal for tag in self.sdgs)

    @property
    def published_contacts(self) -> tuple[Contact, ...]:
        """Contacts that may be shown: role contacts, and named persons with consent."""
        return tuple(c for c in self.contacts if not c.name or c.consent)


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

    @property
    def goals(self) -> tuple[int, ...]:
        return tuple(tag.goal for tag in self.sdgs)

    @property
    def member_slugs(self) -> tuple[str, ...]:
        return tuple(p.slug for p in self.partners if p.is_member)
