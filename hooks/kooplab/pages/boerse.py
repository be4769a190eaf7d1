"""The Kooperationsbörse: current offers and needs, and its filter.

Offers and needs
    Members list ``offers`` and ``needs`` (records.Exchange), each in a category of
    ``data/vocab/exchange.yml``. An entry is *current* until and including its ``until`` date
    (records.Exchange.current); only current entries appear on the site and count for
    suggestions. :func:`board` lists them for ``/boerse/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kooplab import urls
from kooplab.pages import facets
from kooplab.records import Exchange, Member
from kooplab.settings import build_date

SIDES = ("angebot", "gesuch")  # offers, needs: the value in the Börse's URL (?type=angebot) and in anchors


@dataclass(frozen=True)
class BoardEntry:
    """One current offer or need as the Börse lists it."""

    member: Member
    side: str  # 'angebot' or 'gesuch'
    number: int  # 1-based position in the member's offers or needs
    entry: Exchange

    @property
    def anchor(self) -> str:
        """The entry's id on the member page, e.g. 'angebot-2'."""
        return f"{self.side}-{self.number}"

    @property
    def id(self) -> str:
        """Unique across the Börse: the card's data-kl-id, e.g. 'hansa-flex-angebot-2'."""
        return f"{self.member.slug}-{self.anchor}"

    @property
    def goals(self) -> tuple[int, ...]:
        """The entry's own SDGs, else the member's."""
        return self.entry.sdgs or self.member.goals


def member_entries(member: Member, today: dt.date) -> tuple[list[BoardEntry], list[BoardEntry]]:
    """A member's current offers and needs, numbered as in its file (expired ones keep their number)."""
    return ([BoardEntry(member, "angebot", i, e) for i, e in enumerate(member.offers, 1) if e.current(today)],
            [BoardEntry(member, "gesuch", i, e) for i, e in enumerate(member.needs, 1) if e.current(today)])


def board(catalog, today: dt.date | None = None) -> list[BoardEntry]:
    """All current offers and needs: offers first, then needs; by category (vocabulary order), then A–Z."""
    today = today or build_date()
    order = {c: i for i, c in enumerate(catalog.vocab.exchange.ids())}
    entries = []
    for m in catalog.members.values():  # A–Z
        offers, needs = member_entries(m, today)
        entries.extend(offers + needs)
    # sorted() is stable: within a category the members stay A–Z, a member's entries in file order
    return sorted(entries, key=lambda e: (SIDES.index(e.side), order.get(e.entry.category, len(order))))


BOERSE_KEYS = ("type", "category", "region", "network", "kind", "sdg")  # the Börse's query keys: ?type=angebot&category=know-how
SIDE_LABELS = {"angebot": "Angebot", "gesuch": "Gesuch"}


def boerse_filters(catalog, entries: list[BoardEntry] | None = None):
    """The Börse's filter (kooplab.pages.facets): by offer or need, category, state, network, kind of organisation and SDG.

    Its index (``boerse/filter.json``) has one record per entry, keyed by :attr:`BoardEntry.id`; the search
    text is the entry's title, the member's name and city, and the words of the entry's description.
    """
    entries = board(catalog) if entries is None else entries
    v = catalog.vocab
    specs = [
        ("type", "Angebot oder Gesuch", lambda e: [e.side], list(SIDE_LABELS.items())),
        ("category", "Art", lambda e: [e.entry.category], [(t.id, t.label) for t in v.exchange]),
        ("region", v.region_word, lambda e: [e.member.location.region], [(r.id, r.label) for r in v.regions]),
        ("network", "Netzwerk", lambda e: e.member.networks, [(n.id, n.label) for n in v.networks]),
        ("kind", "Art der Organisation", lambda e: [e.member.kind], [(t.id, t.label) for t in v.kinds]),
        ("sdg", "Nachhaltigkeitsziel (SDG)", lambda e: e.goals, facets.goal_choices(catalog)),
    ]
    items = [(e.id, facets.search_text(f"{e.entry.title} {e.member.name}", e.member.location.city,
                                       e.entry.description), e) for e in entries]

    def display(e: BoardEntry) -> tuple[str, str, str]:  # a plain card, drawn by the script on a split Börse
        category = v.exchange[e.entry.category].label if e.entry.category in v.exchange else e.entry.category
        return (e.entry.title, f"{SIDE_LABELS[e.side]} · {category} · {e.member.name}, {e.member.location.city}",
                f"../{urls.member(e.member)}#{e.anchor}")

    return facets.build_filters("boerse", f"{urls.BOERSE}filter.json", specs, items, display=display,
                         card_meta={"card": "plain"})
