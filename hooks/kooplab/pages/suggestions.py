"""Partner suggestions ("Mögliche Partner") for every member: the rule of :mod:`kooplab.pages.scoring`
applied to the pairs that :mod:`kooplab.pages.shortlist` keeps, or to every pair (the reference)."""

from __future__ import annotations

import datetime as dt
import heapq
import math
from typing import Iterable

from kooplab.load.remembered import digest, keep_made, recall_made, remembering
from kooplab.pages.scoring import Profile, Reason, Scorer, Suggestion, Suggestions
from kooplab.pages.shortlist import SLACK, shortlist
from kooplab.settings import build_date

__all__ = ["Reason", "Suggestion", "Suggestions", "suggest_all", "suggest_pairwise"]


def _rank(scorer: Scorer, pairs: Iterable[tuple[Profile, Iterable[Profile]]]) -> Suggestions:
    tops, scored = _tops(scorer, pairs)
    return _suggestions(scorer, tops, scored)


def _tops(scorer: Scorer, pairs: Iterable[tuple[Profile, Iterable[Profile]]]
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


def _suggestions(scorer: Scorer, tops: list[list[tuple[float, int]]], scored: int) -> Suggestions:
    by_member = {}
    for a in scorer.profiles:
        ranked = sorted(tops[a.pos], reverse=True)
        by_member[a.member.slug] = [scorer.suggestion(a, scorer.profiles[-neg], score) for score, neg in ranked]
    return Suggestions(by_member=by_member, candidate_pairs=scored)


def suggest_all(catalog, today: dt.date | None = None) -> Suggestions:
    """Partner suggestions for every member: every pair filtered with arrays, the few that can make a
    top list scored exactly (see the module's text). The preview of `make serve` keeps them from one build
    to the next while nothing they read changed (most edits: a description, a case study's text)."""
    today = today or build_date()
    if not remembering():
        return _suggest_all(catalog, today)
    inputs = _inputs(catalog, today)
    kept = recall_made("suggestions", inputs)
    if kept is None:
        made = _suggest_all(catalog, today)
        kept = ({slug: [(s.member.slug, s.score, s.reasons) for s in found] for slug, found in made.by_member.items()},
                made.candidate_pairs)
        keep_made("suggestions", inputs, kept)
    by_member, pairs = kept
    members = catalog.members
    return Suggestions({slug: [Suggestion(members[other], score, reasons) for other, score, reasons in found]
                        for slug, found in by_member.items()}, pairs)


def _inputs(catalog, today: dt.date) -> bytes:
    """A digest of everything the suggestions read: the rule's weights, the vocabularies, the day, and of each
    member (in the catalog's order) what the score and the reasons read, and its partners in case studies."""
    partners: dict[str, set[str]] = {}
    for case in catalog.cases.values():
        for slug in case.member_slugs:
            partners.setdefault(slug, set()).update(case.member_slugs)
    return digest((catalog.settings.suggestions, catalog.vocab.exchange.ids(), catalog.vocab.kinds, today, [
        (m.slug, m.kind, m.location.region, m.location.city, m.location.lat, m.location.lon,
         m.location.has_coordinates, m.goals, m.networks,
         [(e.category, e.title) for e in m.current_offers(today)],
         [(e.category, e.title) for e in m.current_needs(today)], sorted(partners.get(m.slug, ())))
        for m in catalog.members.values()]))


def _suggest_all(catalog, today: dt.date) -> Suggestions:
    scorer = Scorer(catalog, today)
    limit = int(scorer.w.limit)
    if not limit or len(scorer.profiles) < 2:
        return _suggestions(scorer, [[] for _ in scorer.profiles], 0)
    shortlists = shortlist(scorer, limit)
    tops: list[list[tuple[float, int]]] = []
    exact: dict[tuple[int, int], float | None] = {}
    score_of, profiles, floor = scorer.score, scorer.profiles, scorer.w.min_score
    for a, (others, threshold) in zip(profiles, shortlists):
        ranked = []
        for b in others:
            key = (a.pos, b) if a.pos < b else (b, a.pos)
            if key not in exact:
                exact[key] = score_of(a, profiles[b])
            score = exact[key]
            if score is not None and score >= floor:
                ranked.append((score, -b))
        ranked.sort(reverse=True)
        if threshold > -math.inf and (len(ranked) < limit or ranked[limit - 1][0] < threshold - SLACK):
            # the approximation counted pairs that the exact rule refuses (a distance at the radius):
            # the shortlist may be too short, so this member's pairs are all scored exactly
            ranked = [(score, -b.pos) for b in profiles
                      if (score := scorer.score(a, b)) is not None and score >= floor]
            ranked.sort(reverse=True)
        tops.append(ranked[:limit])
    return _suggestions(scorer, tops, len(exact))


def suggest_pairwise(catalog, today: dt.date | None = None) -> Suggestions:
    """The same suggestions by comparing every pair: the reference for tests and the bench."""
    scorer = Scorer(catalog, today or build_date())
    return _rank(scorer, ((a, scorer.profiles[a.pos + 1:]) for a in scorer.profiles))
