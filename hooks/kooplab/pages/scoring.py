"""Partner suggestions, the rule: the score of a pair of members and its reasons.

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

:mod:`kooplab.pages.suggestions` applies the rule to every pair.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Iterable

from kooplab.records import Exchange, Member
from kooplab.settings import SuggestionWeights

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180  # along a meridian


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
class Profile:
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


class Scorer:
    """The score and the eligibility rule of one catalog, for profiles of its members."""

    def __init__(self, catalog, today: dt.date) -> None:
        self.w: SuggestionWeights = catalog.settings.suggestions
        self.vocab = catalog.vocab
        self.today = today
        self.categories = tuple(catalog.vocab.exchange.ids())
        categories: dict = {c: i for i, c in enumerate(self.categories)}
        networks: dict = {}
        kinds = catalog.vocab.kinds
        self.profiles: list[Profile] = []
        for pos, m in enumerate(catalog.members.values()):
            loc = m.location
            kind = kinds.get(m.kind)
            offers, needs = m.current_offers(today), m.current_needs(today)
            self.profiles.append(Profile(
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
        # two points more than radius_km apart in latitude alone are more than radius_km apart
        self.lat_span = self.w.radius_km / KM_PER_DEGREE

    def km(self, a: Profile, b: Profile) -> float | None:
        if a.lat is None or b.lat is None:
            return None
        return _haversine(a.lat_r, a.lon_r, a.cos_lat, b.lat_r, b.lon_r, b.cos_lat)

    def proximity(self, a: Profile, b: Profile) -> tuple[str, float, float | None]:
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

    def score(self, a: Profile, b: Profile) -> float | None:
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
        if a.lat is not None and b.lat is not None and abs(a.lat - b.lat) <= self.lat_span \
                and (w.distance > proximity or not (near or networks)):
            km = _haversine(a.lat_r, a.lon_r, a.cos_lat, b.lat_r, b.lon_r, b.cos_lat)
            if km <= w.radius_km:
                near = True
                proximity = max(proximity, w.distance * (1 - km / w.radius_km))
        if not (near or networks):
            return None
        kinds = w.complementary if a.group != b.group else 0.0
        return round(exchange * w.exchange + proximity + goals * w.sdg + networks * w.network + kinds, 6)

    def reasons(self, a: Profile, b: Profile) -> tuple[Reason, ...]:
        """Why ``b`` is suggested to ``a``, in the order the page lists them."""
        w = self.w
        am, bm = a.member, b.member
        out: list[Reason] = []
        # "offers": the other offers what a needs; "needs": the other needs what a offers
        for kind, match, mine, theirs in (("offers", a.needs & b.offers, a.current_needs, b.current_offers),
                                          ("needs", a.offers & b.needs, a.current_offers, b.current_needs)):
            if not match:
                continue
            wanted = {e.category for e in mine}
            for category in self.categories:
                if category in wanted:
                    titles = tuple(e.title for e in theirs if e.category == category)
                    if titles:
                        out.append(Reason(kind, (category, *titles), w.exchange))
        kind, points, km = self.proximity(a, b)
        if kind == "city":
            out.append(Reason("city", (bm.location.city,), points))
        elif kind == "region":
            out.append(Reason("region", (bm.location.region,), points))
        elif kind == "distance":
            out.append(Reason("distance", (max(1, round(km)),), points))
        shared = a.goals & b.goals
        goals = tuple(g for g in range(shared.bit_length()) if shared >> g & 1)
        if goals:
            out.append(Reason("sdgs", goals, w.sdg * len(goals)))
        networks = tuple(n for n in bm.networks if n in am.networks)
        if networks:
            out.append(Reason("networks", networks, w.network * len(networks)))
        if a.group != b.group:
            out.append(Reason("kinds", (bm.kind, am.kind), w.complementary))
        return tuple(r for r in out if r.points > 0)

    def suggestion(self, a: Profile, b: Profile, score: float) -> Suggestion:
        return Suggestion(member=b.member, score=score, reasons=self.reasons(a, b))
