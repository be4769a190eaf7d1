"""Case studies that belong together: the ones a case was modelled on and the ones that followed it
(``modelled_on``), and related ones a reader may want next (shared partners, then formats, then SDGs)."""

from __future__ import annotations

from kooplab.load.catalog import Catalog
from kooplab.records import Case

RELATED_SHOWN = 3  # on each case page
# what a shared trait counts for: working with the same partner says most, the same SDG least
WEIGHTS = {"partner": 3, "format": 2, "goal": 1}


def case_followers(catalog: Catalog) -> dict[str, list[Case]]:
    """slug -> the case studies that name it in ``modelled_on`` (newest first, as the catalog orders them)."""
    out: dict[str, list[Case]] = {}
    for case in catalog.cases.values():
        for slug in case.modelled_on:
            out.setdefault(slug, []).append(case)
    return out


def related_cases(case: Case, catalog: Catalog, shown: int = RELATED_SHOWN) -> list[Case]:
    """The other case studies most like ``case``; those linked by ``modelled_on`` are shown apart and left out.
    Ties: the newer first (the catalog's order)."""
    linked = set(case.modelled_on) | {c.slug for c in catalog.cases.values() if case.slug in c.modelled_on}
    partners = {p.slug or p.name for p in case.partners}
    scored = []
    for rank, other in enumerate(catalog.cases.values()):
        if other.slug == case.slug or other.slug in linked:
            continue
        score = (WEIGHTS["partner"] * len(partners & {p.slug or p.name for p in other.partners})
                 + WEIGHTS["format"] * len(set(case.formats) & set(other.formats))
                 + WEIGHTS["goal"] * len(set(case.goals) & set(other.goals)))
        if score:
            scored.append((-score, rank, other))
    return [other for _, _, other in sorted(scored, key=lambda t: (t[0], t[1]))[:shown]]
