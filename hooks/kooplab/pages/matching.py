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
    Every pair is looked at, but not one by one in Python: :func:`_shortlist` scores all pairs with
    numpy arrays, a block of rows at a time (about 50 million pairs for 10,000 members, in a few
    seconds), and keeps for each member the pairs that may be among its best ``limit``. Only those
    are scored exactly, by :meth:`_Scorer.score` (typically a few dozen per member), so the result is
    exactly that of :func:`suggest_pairwise`, the same rule applied to every pair in Python, which
    the tests compare it with.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from kooplab.records import Exchange, Member
from kooplab.settings import SuggestionWeights, build_date

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
        self.categories = tuple(catalog.vocab.exchange.ids())
        categories: dict = {c: i for i, c in enumerate(self.categories)}
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
        # two points more than radius_km apart in latitude alone are more than radius_km apart
        self.lat_span = self.w.radius_km / KM_PER_DEGREE

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

    def reasons(self, a: _Profile, b: _Profile) -> tuple[Reason, ...]:
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

    def suggestion(self, a: _Profile, b: _Profile, score: float) -> Suggestion:
        return Suggestion(member=b.member, score=score, reasons=self.reasons(a, b))

# --- every pair, with arrays ---------------------------------------------------------------

_SLACK = 1e-6  # how far an approximate score may be from the exact one (which is rounded to 6 decimals)
_BLOCK = 1_000_000  # pairs per step of the array pass (small arrays stay in the processor's cache)


def _masks(sets: list, numbering: dict) -> np.ndarray:
    """One row of 64-bit words per member: bit i set for the value numbered i (values not yet in
    ``numbering`` get the next numbers)."""
    for values in sets:
        for v in values:
            numbering.setdefault(v, len(numbering))
    words = max(1, -(-len(numbering) // 64))
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for row, values in enumerate(sets):
        for v in values:
            i = numbering[v]
            out[row, i // 64] |= np.uint64(1 << (i % 64))
    return out


def _shortlist(scorer: _Scorer, limit: int) -> list[tuple[np.ndarray, float]]:
    """Per member the others that may be among its best ``limit``, and the score that decided it.

    All pairs are scored approximately, in blocks of rows, by the rule of :meth:`_Scorer.score` in
    arrays (numpy's sine may differ from the math module's in the last bit; the score is not rounded),
    so an approximate score is within ``_SLACK`` of the exact one, and a pair the exact rule accepts is
    accepted here (a distance gets a tiny margin at the radius). A member's threshold is the
    ``limit``-th best approximate score of its pairs; its shortlist is every pair within twice the
    slack of that or better. Only the shortlist is scored exactly (:func:`suggest_all`, which also
    checks that the shortlist was long enough)."""
    w, profiles = scorer.w, scorer.profiles
    n = len(profiles)
    regions: dict = {}
    cities: dict = {}
    groups: dict = {}
    region = np.array([regions.setdefault(p.region, len(regions)) for p in profiles], dtype=np.int32)
    city = np.array([cities.setdefault((p.region, p.city), len(cities)) for p in profiles], dtype=np.int32)
    group = np.array([groups.setdefault(p.group, len(groups)) for p in profiles], dtype=np.int32)
    located = np.array([p.lat is not None for p in profiles])
    lat = np.array([p.lat if p.lat is not None else 0.0 for p in profiles])
    lat_r = np.array([p.lat_r for p in profiles])
    lon_r = np.array([p.lon_r for p in profiles])
    cos_lat = np.array([p.cos_lat for p in profiles])
    goals = _masks([set(p.member.goals) for p in profiles], {})
    networks = _masks([set(p.member.networks) for p in profiles], {})
    offered = [{e.category for e in p.current_offers} for p in profiles]
    needed = [{e.category for e in p.current_needs} for p in profiles]
    categories = {c: i for i, c in enumerate(sorted({c for cs in offered + needed for c in cs}))}
    offers, needs = _masks(offered, categories), _masks(needed, categories)  # one numbering for both
    partners = np.array(sorted(min(p.pos, q) * n + max(p.pos, q) for p in profiles for q in p.partners),
                        dtype=np.int64)
    near_lat = scorer.lat_span * (1 + 1e-9)

    def any_shared(x: np.ndarray, y: np.ndarray, rows: slice, cols: slice) -> np.ndarray:
        out = (x[rows, 0, None] & y[None, cols, 0]) != 0
        for word in range(1, x.shape[1]):
            out |= (x[rows, word, None] & y[None, cols, word]) != 0
        return out

    def shared(x: np.ndarray, y: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.bitwise_count(x[a] & y[b]).sum(axis=1, dtype=np.int64)

    firsts, seconds, scores = [], [], []
    step = max(1, _BLOCK // n)
    for start in range(0, n - 1, step):
        rows, cols = slice(start, min(n - 1, start + step)), slice(start + 1, n)
        # something to do together, a way to meet (a generous "close": only the latitudes compared)
        keep = any_shared(goals, goals, rows, cols)
        keep |= any_shared(needs, offers, rows, cols)
        keep |= any_shared(offers, needs, rows, cols)
        meet = region[rows, None] == region[None, cols]
        meet |= any_shared(networks, networks, rows, cols)
        meet |= located[rows, None] & located[None, cols] & (np.abs(lat[rows, None] - lat[None, cols]) <= near_lat)
        keep &= meet
        keep &= np.arange(cols.start, cols.stop)[None, :] > np.arange(rows.start, rows.stop)[:, None]
        a, b = np.nonzero(keep)
        if not len(a):
            continue
        a, b = a + rows.start, b + cols.start
        # the pairs kept, one by one (in arrays)
        g = shared(goals, goals, a, b)
        exchange = shared(needs, offers, a, b) + shared(offers, needs, a, b)
        nets = shared(networks, networks, a, b)
        same_region = region[a] == region[b]
        same_city = same_region & (city[a] == city[b])
        proximity = np.where(same_region, np.where(same_city, max(w.same_region, w.same_city), w.same_region), 0.0)
        measure = located[a] & located[b] & (np.abs(lat[a] - lat[b]) <= near_lat) \
            & ((w.distance > proximity) | ~(same_region | (nets > 0)))
        km = np.full(len(a), np.inf)
        if measure.any():
            x, y = a[measure], b[measure]
            h = np.sin((lat_r[y] - lat_r[x]) / 2) ** 2 + cos_lat[x] * cos_lat[y] * np.sin((lon_r[y] - lon_r[x]) / 2) ** 2
            km[measure] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        within = km <= w.radius_km * (1 + 1e-9)
        proximity = np.where(within, np.maximum(proximity, w.distance * (1 - km / w.radius_km)), proximity)
        kinds = np.where(group[a] != group[b], w.complementary, 0.0)
        score = exchange * w.exchange + proximity + g * w.sdg + nets * w.network + kinds
        keep = (same_region | (nets > 0) | within) & (score >= w.min_score - _SLACK)
        if len(partners):
            keep &= ~np.isin(a.astype(np.int64) * n + b, partners)
        firsts.append(a[keep])
        seconds.append(b[keep])
        scores.append(score[keep])

    if not firsts:
        return [(np.empty(0, dtype=np.int64), -math.inf) for _ in profiles]
    a, b, score = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(scores)
    me, other, score = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([score, score])
    threshold = _kth_largest(me, score, n, limit)
    keep = score >= threshold[me] - 2 * _SLACK
    me, other = me[keep], other[keep]
    order = np.argsort(me, kind="stable")
    me, other = me[order], other[order]
    bounds = np.searchsorted(me, np.arange(n + 1))
    return [(other[bounds[k]:bounds[k + 1]], float(threshold[k])) for k in range(n)]


def _kth_largest(group: np.ndarray, value: np.ndarray, n: int, k: int) -> np.ndarray:
    """For each group 0…n−1 the k-th largest of its values (equal values counted each), −inf for a
    group with fewer than k. In at most k rounds: each takes every group's largest remaining value
    with all its copies, without sorting all values."""
    kth = np.full(n, -np.inf)
    wanted = np.full(n, k)
    for _ in range(k):
        if not len(group):
            break
        largest = np.full(n, -np.inf)
        np.maximum.at(largest, group, value)
        top = value == largest[group]
        copies = np.bincount(group[top], minlength=n)
        reached = (wanted > 0) & (copies >= wanted)
        kth[reached] = largest[reached]
        wanted = np.where(reached, 0, wanted - copies)
        rest = ~top & (wanted[group] > 0)
        group, value = group[rest], value[rest]
    return kth


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


def suggest_all(catalog, today: dt.date | None = None) -> Suggestions:
    """Partner suggestions for every member: every pair filtered with arrays, the few that can make a
    top list scored exactly (see the module's text)."""
    scorer = _Scorer(catalog, today or build_date())
    limit = int(scorer.w.limit)
    if not limit or len(scorer.profiles) < 2:
        return _suggestions(scorer, [[] for _ in scorer.profiles], 0)
    shortlist = _shortlist(scorer, limit)
    tops: list[list[tuple[float, int]]] = []
    exact: dict[tuple[int, int], float | None] = {}
    score_of, profiles, floor = scorer.score, scorer.profiles, scorer.w.min_score
    for a, (others, threshold) in zip(profiles, shortlist):
        ranked = []
        for b in others:
            key = (a.pos, b) if a.pos < b else (b, a.pos)
            if key not in exact:
                exact[key] = score_of(a, profiles[b])
            score = exact[key]
            if score is not None and score >= floor:
                ranked.append((score, -b))
        ranked.sort(reverse=True)
        if threshold > -math.inf and (len(ranked) < limit or ranked[limit - 1][0] < threshold - _SLACK):
            # the approximation counted pairs that the exact rule refuses (a distance at the radius):
            # the shortlist may be too short, so this member's pairs are all scored exactly
            ranked = [(score, -b.pos) for b in profiles
                      if (score := scorer.score(a, b)) is not None and score >= floor]
            ranked.sort(reverse=True)
        tops.append(ranked[:limit])
    return _suggestions(scorer, tops, len(exact))


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
    """The Börse's filter (kooplab.pages.facets): by offer or need, category, state, kind of organisation and SDG.

    Its index (``boerse/filter.json``) has one record per entry, keyed by :attr:`BoardEntry.id`; the search
    text is the entry's title, the member's name and city, and the words of the entry's description.
    """
    from kooplab.pages import facets
    from kooplab import urls  # noqa: PLC0415 (facets imports the catalog, which the records need first)

    entries = board(catalog) if entries is None else entries
    v = catalog.vocab
    specs = [
        ("type", "Angebot oder Gesuch", lambda e: [e.side], list(SIDE_LABELS.items())),
        ("category", "Art", lambda e: [e.entry.category], [(t.id, t.label) for t in v.exchange]),
        ("region", "Bundesland", lambda e: [e.member.location.region], [(r.id, r.label) for r in v.regions]),
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
