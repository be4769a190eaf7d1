"""The Kooperationsbörse: current offers and needs, and partner suggestions ("Mögliche Partner").

Offers and needs
    Members list ``offers`` and ``needs`` (records.Exchange), each in a category of
    ``data/vocab/exchange.yml``. An entry is *current* until and including its ``until`` date
    (records.Exchange.current); only current entries appear on the site and count for
    suggestions. :func:`board` lists them for ``/boerse/``.

Partner suggestions
    For every member, up to ``limit`` other members, ranked by a score whose weights are
    ``extra.kooplab.suggestions`` in mkdocs.yml (settings.SuggestionWeights)::

        score = exchange      × categories in which a current need of one meets a current offer
                                of the other (each direction counts: both need and offer
                                Know-how → 2 × exchange)
              + proximity:      same_city (same city in the same state), else the larger of
                                same_region (same state) and distance × (1 − km / radius_km)
                                (both with coordinates, at most radius_km apart)
              + sdg           × shared SDGs (of the members' records)
              + network       × shared networks
              + complementary   when the kinds belong to different groups of data/vocab/kinds.yml
                                (a company and an association; two companies get nothing)

    A pair is only considered when the two have *something to do together* (a need met by an
    offer, or a shared SDG) and *a way to meet* (same state, a shared network, or at most
    ``radius_km`` apart), and when they have no case study together (they already cooperate).
    Suggestions score at least ``min_score``; ties go A–Z by name. Each suggestion carries its
    reasons as data (:class:`Reason`); ``overrides/partials/kl-suggestions.html`` words them.

Scaling
    Suggestions for all members are computed without comparing every pair: every member is
    filed in an inverted index under compound keys (way to meet × thing to do together):
    (state, SDG), (state, offered category), (network, needed category), (map cell, SDG), …,
    where the map cells are ``radius_km`` wide, so any two members within the radius lie in
    neighbouring cells. A member's candidates are the members under its keys; only they are
    scored. Each candidate pair is scored once (the score is symmetric) and offered to both
    members' top lists. :func:`suggest_pairwise` is the same rule applied to every pair, as a
    reference for tests and ``make bench``.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .parallel import split, workers_for
from .records import Exchange, Member
from .settings import SuggestionWeights, build_date

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180  # along a meridian
SIDES = ("angebot", "gesuch")  # offers, needs: the value in the Börse's URL (?type=angebot) and in anchors


# --- suggestions -------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    """Why a member is suggested, from the point of view of the member whose page shows it.

    ``kind`` and ``detail``:

    - ``offers``: the other offers what you need — (category id, titles of their offers in it …)
    - ``needs``: the other needs what you offer — (category id, titles of their needs in it …)
    - ``city``: both in one city — (city,)
    - ``region``: both in one state — (region id,)
    - ``distance``: kilometres apart, rounded — (km,)
    - ``sdgs``: shared goals — (goal numbers …)
    - ``networks``: shared networks — (network ids …)
    - ``kinds``: complementary kinds — (their kind id, your kind id)
    """

    kind: str
    detail: tuple
    points: float


@dataclass(frozen=True)
class Suggestion:
    member: Member  # the suggested partner
    score: float
    reasons: tuple[Reason, ...]

    def reason(self, kind: str) -> Reason | None:
        return next((r for r in self.reasons if r.kind == kind), None)


@dataclass
class Suggestions:
    """Suggestions of every member of a catalog, made once per build."""

    by_member: dict[str, list[Suggestion]]
    candidate_pairs: int = 0  # distinct pairs that were scored (all pairs: n·(n−1)/2)

    def __getitem__(self, slug: str) -> list[Suggestion]:
        return self.by_member.get(slug, [])

    @property
    def all_pairs(self) -> int:
        n = len(self.by_member)
        return n * (n - 1) // 2


@dataclass(slots=True)
class _Profile:
    """A member reduced to what the score reads, with sets as bit masks."""

    pos: int  # A–Z position in the catalog (ties)
    member: Member
    region: str
    city: str  # casefolded
    lat: float | None
    lon: float | None
    goals: int
    networks: int
    offers: int  # category bits of current offers
    needs: int
    group: str  # the kind's group in kinds.yml
    cell: tuple[int, int] | None = None
    partners: set[int] = field(default_factory=set)  # members with a case study together
    current_offers: tuple[Exchange, ...] = ()
    current_needs: tuple[Exchange, ...] = ()
    lat_r: float = 0.0  # radians and cosine of the latitude, for haversine_km
    lon_r: float = 0.0
    cos_lat: float = 0.0

    def __post_init__(self) -> None:
        if self.lat is not None:
            self.lat_r, self.lon_r = math.radians(self.lat), math.radians(self.lon)
            self.cos_lat = math.cos(self.lat_r)


def _bits(values: Iterable, index: dict) -> int:
    out = 0
    for v in values:
        out |= 1 << index.setdefault(v, len(index))
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    return _haversine(p1, math.radians(lon1), math.cos(p1), p2, math.radians(lon2), math.cos(p2))


def _haversine(lat1: float, lon1: float, cos1: float, lat2: float, lon2: float, cos2: float) -> float:
    """Great-circle distance in km of two points given in radians (with their latitudes' cosines)."""
    a = math.sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class _Scorer:
    """The score and the eligibility rule of one catalog, for profiles of its members."""

    def __init__(self, catalog, today: dt.date) -> None:
        self.w: SuggestionWeights = catalog.settings.suggestions
        self.vocab = catalog.vocab
        self.today = today
        categories: dict = {c: i for i, c in enumerate(catalog.vocab.exchange.ids())}
        networks: dict = {}
        kinds = catalog.vocab.kinds
        self.profiles: list[_Profile] = []
        for pos, m in enumerate(catalog.members.values()):
            loc = m.location
            kind = kinds.get(m.kind)
            offers, needs = m.current_offers(today), m.current_needs(today)
            self.profiles.append(_Profile(
                pos=pos, member=m, region=loc.region, city=loc.city.strip().casefold(),
                lat=loc.lat if loc.has_coordinates else None, lon=loc.lon if loc.has_coordinates else None,
                goals=sum(1 << g for g in set(m.goals)),
                networks=_bits(m.networks, networks),
                offers=_bits((e.category for e in offers), categories),
                needs=_bits((e.category for e in needs), categories),
                group=(kind.group or kind.id) if kind else m.kind, current_offers=offers, current_needs=needs))
        self.by_slug = {p.member.slug: p for p in self.profiles}
        for case in catalog.cases.values():
            together = [self.by_slug[s] for s in case.member_slugs if s in self.by_slug]
            for a in together:
                a.partners.update(b.pos for b in together if b is not a)
        self._cells()

    # the map cells: radius_km high, and at least radius_km wide at the highest latitude present
    def _cells(self) -> None:
        # two points more than radius_km apart in latitude alone are more than radius_km apart
        self.cell_lat = self.w.radius_km / KM_PER_DEGREE
        located = [p for p in self.profiles if p.lat is not None]
        if not located:
            return
        top = min(89.0, max(abs(p.lat) for p in located) + self.cell_lat)
        self.cell_lon = min(360.0, self.cell_lat / math.cos(math.radians(top)))
        for p in located:
            p.cell = (math.floor(p.lat / self.cell_lat), math.floor(p.lon / self.cell_lon))

    def km(self, a: _Profile, b: _Profile) -> float | None:
        if a.lat is None or b.lat is None:
            return None
        return _haversine(a.lat_r, a.lon_r, a.cos_lat, b.lat_r, b.lon_r, b.cos_lat)

    def proximity(self, a: _Profile, b: _Profile) -> tuple[str, float, float | None]:
        """(kind, points, km): the best of same city, same state and kilometres; ('', 0, km) when none."""
        w = self.w
        km = self.km(a, b)
        options = []
        if a.region == b.region and a.city == b.city:
            options.append(("city", w.same_city))
        if a.region == b.region:
            options.append(("region", w.same_region))
        if km is not None and km < w.radius_km:
            options.append(("distance", w.distance * (1 - km / w.radius_km)))
        best = max(options, key=lambda o: o[1], default=("", 0.0))  # first of equals: city, region, distance
        return best[0], best[1], km

    def score(self, a: _Profile, b: _Profile) -> float | None:
        """The score of a pair (symmetric; the sum of :meth:`reasons`' points), or None when the pair is
        not eligible: no case study together, something to do together and a way to meet.

        The same rule as :meth:`proximity` and :meth:`reasons`, written out for speed: it runs for every
        candidate pair, the others only for the suggestions shown.
        """
        if a is b or b.pos in a.partners:
            return None
        goals = (a.goals & b.goals).bit_count()
        exchange = (a.needs & b.offers).bit_count() + (a.offers & b.needs).bit_count()
        if not goals and not exchange:
            return None
        w = self.w
        networks = (a.networks & b.networks).bit_count()
        near = a.region == b.region
        proximity = 0.0
        if near:
            proximity = max(w.same_region, w.same_city if a.city == b.city else 0.0)
        if a.lat is not None and b.lat is not None and abs(a.lat - b.lat) <= self.cell_lat \
                and (w.distance > proximity or not (near or networks)):
            km = _haversine(a.lat_r, a.lon_r, a.cos_lat, b.lat_r, b.lon_r, b.cos_lat)
            if km <= w.radius_km:
                near = True
                proximity = max(proximity, w.distance * (1 - km / w.radius_km))
        if not (near or networks):
            return None
        kinds = w.complementary if a.group != b.group else 0.0
        return round(exchange * w.exchange + proximity + goals * w.sdg + networks * w.network + kinds, 6)

    def reasons(self, a: _Profile, b: _Profile) -> tuple[Reason, ...]:
        """Why ``b`` is suggested to ``a``, in the order the page lists them."""
        w = self.w
        am, bm = a.member, b.member
        out: list[Reason] = []
        a_needs = {e.category for e in a.current_needs}
        a_offers = {e.category for e in a.current_offers}
        for category in self.vocab.exchange.ids():
            if category in a_needs:
                titles = tuple(e.title for e in b.current_offers if e.category == category)
                if titles:
                    out.append(Reason("offers", (category, *titles), w.exchange))
        for category in self.vocab.exchange.ids():
            if category in a_offers:
                titles = tuple(e.title for e in b.current_needs if e.category == category)
                if titles:
                    out.append(Reason("needs", (category, *titles), w.exchange))
        kind, points, km = self.proximity(a, b)
        if kind == "city":
            out.append(Reason("city", (bm.location.city,), points))
        elif kind == "region":
            out.append(Reason("region", (bm.location.region,), points))
        elif kind == "distance":
            out.append(Reason("distance", (max(1, round(km)),), points))
        goals = tuple(g for g in sorted(set(am.goals) & set(bm.goals)))
        if goals:
            out.append(Reason("sdgs", goals, w.sdg * len(goals)))
        networks = tuple(n for n in bm.networks if n in am.networks)
        if networks:
            out.append(Reason("networks", networks, w.network * len(networks)))
        if a.group != b.group:
            out.append(Reason("kinds", (bm.kind, am.kind), w.complementary))
        return tuple(r for r in out if r.points > 0)

    def suggestion(self, a: _Profile, b: _Profile, score: float) -> Suggestion:
        return Suggestion(member=b.member, score=score, reasons=self.reasons(a, b))

    # --- the inverted index ---------------------------------------------------------

    def _reach(self, p: _Profile, query: bool) -> Iterator[tuple]:
        """Ways to meet: the keys ``p`` is filed under (query=False) or looks up (query=True)."""
        yield ("r", p.region)
        for n in p.member.networks:
            yield ("n", n)
        if p.cell is not None:
            if not query:
                yield ("c", p.cell)
            else:
                y, x = p.cell
                for dy in (-1, 0, 1):
                    for dx in (-1, 0, 1):
                        yield ("c", (y + dy, x + dx))

    @staticmethod
    def _links(p: _Profile, query: bool) -> Iterator[tuple]:
        """Things to do together: goals, and offered/needed categories (a query for a need asks for offers)."""
        offers, needs = p.offers, p.needs
        for g in set(p.member.goals):
            yield ("s", g)
        for bit in range(max(offers, needs).bit_length()):
            if offers >> bit & 1:
                yield ("w" if query else "o", bit)  # who needs what I offer / I offer
            if needs >> bit & 1:
                yield ("o" if query else "w", bit)

    def candidates(self, share: int = 0, shares: int = 1) -> Iterator[tuple[_Profile, list[_Profile]]]:
        """Each member (of every ``shares``-th, from the ``share``-th on) with its candidates after it."""
        index: dict[tuple, list[int]] = {}
        for p in self.profiles:
            links = list(self._links(p, query=False))
            for reach in self._reach(p, query=False):
                for link in links:
                    index.setdefault((reach, link), []).append(p.pos)
        for p in self.profiles[share::shares]:
            found: set[int] = set()
            links = list(self._links(p, query=True))
            for reach in self._reach(p, query=True):
                for link in links:
                    found.update(index.get((reach, link), ()))
            yield p, [self.profiles[j] for j in sorted(found) if j > p.pos]  # each pair once, in a fixed order


def _rank(scorer: _Scorer, pairs: Iterable[tuple[_Profile, Iterable[_Profile]]]) -> Suggestions:
    tops, scored = _tops(scorer, pairs)
    return _suggestions(scorer, tops, scored)


def _tops(scorer: _Scorer, pairs: Iterable[tuple[_Profile, Iterable[_Profile]]]
          ) -> tuple[list[list[tuple[float, int]]], int]:
    """Per member the best ``limit`` (score, −position) of the given pairs, and how many pairs were scored."""
    w = scorer.w
    limit = int(w.limit)
    # per member a heap of its best (score, -position): higher score first, then A–Z
    tops: list[list[tuple[float, int]]] = [[] for _ in scorer.profiles]
    floor = [w.min_score] * len(scorer.profiles)  # what a newcomer must reach: min_score, later the heap's worst
    score_of, push, replace = scorer.score, heapq.heappush, heapq.heapreplace
    scored = 0
    for a, others in pairs:
        for b in others:
            scored += 1
            score = score_of(a, b)
            if score is None or not limit:
                continue
            for me, other in ((a.pos, b.pos), (b.pos, a.pos)):
                if score < floor[me]:
                    continue
                top, item = tops[me], (score, -other)
                if len(top) < limit:
                    push(top, item)
                elif item > top[0]:
                    replace(top, item)
                else:
                    continue
                if len(top) == limit:
                    floor[me] = top[0][0]
    return tops, scored


def _suggestions(scorer: _Scorer, tops: list[list[tuple[float, int]]], scored: int) -> Suggestions:
    by_member = {}
    for a in scorer.profiles:
        ranked = sorted(tops[a.pos], reverse=True)
        by_member[a.member.slug] = [scorer.suggestion(a, scorer.profiles[-neg], score) for score, neg in ranked]
    return Suggestions(by_member=by_member, candidate_pairs=scored)


PARALLEL_FROM = 3000  # members: from here on two processes score the pairs (where there are two cores)


def suggest_all(catalog, today: dt.date | None = None, workers: int | None = None) -> Suggestions:
    """Partner suggestions for every member, from the inverted index (see the module's text).

    Scoring the candidate pairs is most of the work (about 4 million pairs, 10 s, for a dense network of
    10,000 members). From ``PARALLEL_FROM`` members on, and where the machine has more than one core,
    two processes score alternate members' pairs (kooplab.parallel) and the best of both are merged:
    each member's best ``limit`` of all pairs are the best of the two halves' best, so the result is the
    same (tests/test_bench.py compares). ``workers`` sets the number of processes (1: this one only)."""
    scorer = _Scorer(catalog, today or build_date())
    if workers is None:
        workers = workers_for(len(scorer.profiles), PARALLEL_FROM)
    if workers <= 1:
        return _rank(scorer, scorer.candidates())

    def share(n: int) -> tuple[list[list[tuple[float, int]]], int]:
        return _tops(scorer, scorer.candidates(n, workers))

    parts = split(share, workers)
    limit = int(scorer.w.limit)
    tops = [heapq.nlargest(limit, [item for part, _ in parts for item in part[i]]) for i in range(len(scorer.profiles))]
    return _suggestions(scorer, tops, sum(n for _, n in parts))


def suggest_pairwise(catalog, today: dt.date | None = None) -> Suggestions:
    """The same suggestions by comparing every pair: the reference for tests and the bench."""
    scorer = _Scorer(catalog, today or build_date())
    return _rank(scorer, ((a, scorer.profiles[a.pos + 1:]) for a in scorer.profiles))


# --- the Börse --------------------------------------------------------------------------

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


BOERSE_KEYS = ("type", "category", "region", "kind", "sdg")  # the Börse's query keys: ?type=angebot&category=know-how
SIDE_LABELS = {"angebot": "Angebot", "gesuch": "Gesuch"}


def boerse_filters(catalog, entries: list[BoardEntry] | None = None):
    """The Börse's filter (kooplab.facets): by offer or need, category, state, kind of organisation and SDG.

    Its index (``boerse/filter.json``) has one record per entry, keyed by :attr:`BoardEntry.id`; the search
    text is the entry's title, the member's name and city, and the words of the entry's description.
    """
    from . import facets, urls  # noqa: PLC0415 (facets imports the catalog, which the records need first)

    entries = board(catalog) if entries is None else entries
    v = catalog.vocab
    specs = [
        ("type", "Angebot oder Gesuch", lambda e: [e.side], list(SIDE_LABELS.items())),
        ("category", "Art", lambda e: [e.entry.category], [(t.id, t.label) for t in v.exchange]),
        ("region", "Bundesland", lambda e: [e.member.location.region], [(r.id, r.label) for r in v.regions]),
        ("kind", "Art der Organisation", lambda e: [e.member.kind], [(t.id, t.label) for t in v.kinds]),
        ("sdg", "Nachhaltigkeitsziel (SDG)", lambda e: e.goals, facets._goal_choices(catalog)),
    ]
    items = [(e.id, facets.search_text(f"{e.entry.title} {e.member.name}", e.member.location.city,
                                       e.entry.description), e) for e in entries]
    return facets._build("boerse", f"{urls.BOERSE}filter.json", specs, items)
