"""Partner suggestions at scale: every pair filtered with numpy arrays.

Scaling
    Every pair is looked at, but not one by one in Python: :func:`_shortlist` scores all pairs with
    numpy arrays, a block of rows at a time (about 50 million pairs for 10,000 members, in a few
    seconds), and keeps for each member the pairs that may be among its best ``limit``. Only those
    are scored exactly, by :meth:`_Scorer.score` (typically a few dozen per member), so the result is
    exactly that of :func:`suggest_pairwise`, the same rule applied to every pair in Python, which
    the tests compare it with.
"""

from __future__ import annotations

import math

import numpy as np

from kooplab.pages.scoring import EARTH_RADIUS_KM, Scorer

SLACK = 1e-6  # how far an approximate score may be from the exact one (which is rounded to 6 decimals)
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


def shortlist(scorer: Scorer, limit: int) -> list[tuple[np.ndarray, float]]:
    """Per member the others that may be among its best ``limit``, and the score that decided it.

    All pairs are scored approximately, in blocks of rows, by the rule of :meth:`Scorer.score` in
    arrays (numpy's sine may differ from the math module's in the last bit; the score is not rounded),
    so an approximate score is within ``SLACK`` of the exact one, and a pair the exact rule accepts is
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
        keep = (same_region | (nets > 0) | within) & (score >= w.min_score - SLACK)
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
    keep = score >= threshold[me] - 2 * SLACK
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
