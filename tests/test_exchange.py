"""The Kooperationsbörse: offers and needs, partner suggestions ("Mögliche Partner"), /boerse/ and the exports.

Validation is checked message by message with file, line and column; scoring and ranking on
small networks written by hand, with the exact order and reasons; the scaling by counting the
candidate pairs of a synthetic 2,000-member network (not by timing); the pages and the open
data on the sample network, built once with ``mkdocs build --strict``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from conftest import MEMBER
from kooplab import urls
from kooplab.load.catalog import Catalog, load_catalog
from kooplab.exports.fields import MEMBER_FIELDS
from kooplab.exports.opendata import OpenData
from kooplab.exports.roundtrip import records_from_json
from kooplab.pages.formatting import FILTERS
from kooplab.pages import suggestions as suggestions_module
from kooplab.pages.boerse import BOERSE_KEYS, board, boerse_filters
from kooplab.pages.scoring import Reason, haversine_km
from kooplab.pages.suggestions import suggest_all, suggest_pairwise
from kooplab.pages.build import build_pages, stats
from kooplab.pages.views import BoerseView
from kooplab.problems import Problems
from kooplab.records import Case, Exchange, Location, Member, Partner, Period, SdgTag, SourceRef
from kooplab.load.schema import Schemas
from kooplab.settings import Settings, SuggestionWeights, build_date, settings_from_mkdocs
from kooplab.outputs.site import TemplateGlobals, make_site
from kooplab.load.vocab import load_vocabularies

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 21)  # SOURCE_DATE_EPOCH of the suite (conftest)
SITE_URL = "https://kooplab.example.org/netzwerk/"  # the sample is built under a sub-path

OFFER = textwrap.dedent("""
    offers:
      - category: know-how
        title: Energieberatung für Vereine
        sdgs: [7, 13]
        until: 2027-06-30
""").lstrip("\n")


def test_the_suite_runs_on_its_fixed_build_date():
    assert build_date() == TODAY


# --- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize("change, expected, hint", [
    (("category: know-how", "category: knowhow"),
     "data/members/x.yml:15:15: error: offers[0].category: 'knowhow' is not a category of the Kooperationsbörse",
     "did you mean 'know-how'? (see data/vocab/exchange.yml)"),
    (("sdgs: [7, 13]", "sdgs: [7, 18]"),
     "data/members/x.yml:17:15: error: offers[0].sdgs[1]: there is no SDG 18", "the goals are numbered 1 to 17"),
    (("sdgs: [7, 13]", "sdgs: [7, 7]"),
     "data/members/x.yml:17:11: error: offers[0].sdgs: lists the same entry twice", "remove the repeated entry"),
    (("until: 2027-06-30", "until: bald"),
     "data/members/x.yml:18:12: error: offers[0].until: the text 'bald' is not a date",
     "write a real date as YYYY-MM-DD"),
    (("    title: Energieberatung für Vereine\n", ""),
     "data/members/x.yml:15:5: error: offers[0]: missing required field 'title'",
     "A short title, e.g. Räume für Workshops."),
    (("    sdgs: [7, 13]", "    sgds: [7, 13]"),
     "data/members/x.yml:17:5: error: offers[0].sgds: unknown field 'sgds'", "did you mean 'sdgs'?"),
    (("title: Energieberatung für Vereine", "title: X"),
     "data/members/x.yml:16:12: error: offers[0].title: is too short: at least 3 characters", ""),
    (("offers:\n", "needs:\n"), None, None),
])
def test_exchange_problems(project, change, expected, hint):
    old, new = change
    assert old in OFFER
    project.write("data/members/x.yml", MEMBER + OFFER.replace(old, new))
    catalog, problems = project.load()
    if expected is None:
        assert list(problems) == [] and catalog.members["x"].needs[0].title == "Energieberatung für Vereine"
        return
    (problem,) = problems
    assert problem.text().split("\n")[0] == expected
    assert problem.hint == hint
    assert "x" not in catalog.members  # an error keeps the record out


def test_exchange_entries_become_records(project):
    project.write("data/members/x.yml", MEMBER + OFFER + textwrap.dedent("""
        needs:
          - category: sachmittel
            title: "  Räume für Workshops "
            description: Ein Raum für 20 Personen.
    """))
    catalog, problems = project.load()
    assert list(problems) == []
    member = catalog.members["x"]
    assert member.offers == (Exchange("know-how", "Energieberatung für Vereine", sdgs=(7, 13),
                                      until=dt.date(2027, 6, 30)),)
    assert member.needs == (Exchange("sachmittel", "Räume für Workshops", "Ein Raum für 20 Personen."),)


@pytest.mark.parametrize("until, shown", [("2026-11-20", False), ("2026-11-21", True), ("2026-11-22", True)])
def test_expiry_against_the_build_date(project, until, shown):
    """``until`` is the last day an entry is shown; afterwards validation warns and the site leaves it out."""
    project.write("data/members/x.yml", MEMBER + OFFER.replace("until: 2027-06-30", f"until: {until}"))
    project.write("data/members/y.yml", MEMBER.replace("Hansa-Flex AG", "Bremer Umwelt e.V.")
                  .replace("kind: unternehmen", "kind: verein")
                  + "needs:\n  - category: know-how\n    title: Beratung zum Energiesparen\n")
    catalog, problems = project.load()
    messages = [p.text().split("\n")[0] for p in problems]
    if shown:
        assert messages == []
    else:
        assert messages == [f"data/members/x.yml:18:12: warning: offers[0].until: "
                            f"the offer ended on {until} and is no longer shown"]
        assert problems.errors == [] if isinstance(problems.errors, list) else not problems.errors
    x = catalog.members["x"]
    assert len(x.offers) == 1  # the record keeps it (the exports are lossless) ...
    assert bool(x.current_offers(TODAY)) is shown  # ... the site shows it only while current
    assert [e.id for e in board(catalog)] == (["x-angebot-1"] if shown else []) + ["y-gesuch-1"]
    page = next(p for p in build_pages(catalog) if p.template == "member.html" and p.view.member.slug == "x")
    assert [e.entry.title for e in page.view.offers] == (["Energieberatung für Vereine"] if shown else [])
    # an expired offer no longer makes a suggestion
    offers = [r for s in suggest_all(catalog)["y"] for r in s.reasons if r.kind == "offers"]
    assert bool(offers) is shown


def test_needs_warn_with_their_own_word(project):
    project.write("data/members/x.yml", MEMBER + OFFER.replace("offers:", "needs:")
                  .replace("until: 2027-06-30", "until: 2026-01-31"))
    assert project.messages() == [
        "data/members/x.yml:18:12: warning: needs[0].until: the need ended on 2026-01-31 and is no longer shown"]


# --- scoring and ranking on networks written by hand ---------------------------------------------

def member_yaml(name: str, kind: str, city: str, region: str, lat: float | None = None, lon: float | None = None,
                goals: tuple = (), networks: tuple = (), offers: tuple = (), needs: tuple = ()) -> str:
    lines = [f"name: {name}", f"kind: {kind}", "summary: Ein Mitglied des Beispielnetzwerks.", "location:",
             f"  city: {city}", f"  region: {region}"]
    if lat is not None:
        lines += [f"  lat: {lat}", f"  lon: {lon}"]
    if networks:
        lines.append(f"networks: [{', '.join(networks)}]")
    if goals:
        lines.append("sdgs:")
        lines += [f"  - goal: {g}\n    evidence: Arbeitet nachweislich an diesem Ziel." for g in goals]
    for side, entries in (("offers", offers), ("needs", needs)):
        if entries:
            lines.append(f"{side}:")
            lines += [f"  - category: {c}\n    title: {t}" for c, t in entries]
    lines.append("reviewed: 2026-10-01")
    return "\n".join(lines) + "\n"


BREMEN = (53.07, 8.80)

NETWORK = {
    # needs know-how, offers rooms
    "anna": member_yaml("Anna Hydraulik GmbH", "unternehmen", "Bremen", "DE-HB", *BREMEN, goals=(12,),
                        networks=("puu-bremen",), offers=(("sachmittel", "Räume für Workshops"),),
                        needs=(("know-how", "Energieberatung für die Werkhalle"),)),
    # offers know-how: same city, goal and network, and a non-profit
    "berta": member_yaml("Berta Umwelt e.V.", "verein", "Bremen", "DE-HB", 53.08, 8.81, goals=(12, 13),
                         networks=("puu-bremen",), offers=(("know-how", "Energieberatung durch Ehrenamtliche"),)),
    # the same, but a company
    "carl": member_yaml("Carl Technik GmbH", "unternehmen", "Bremen", "DE-HB", 53.06, 8.79, goals=(12,),
                        networks=("puu-bremen",), offers=(("know-how", "Energiemonitoring"),)),
    # offers know-how too, but in Hannover: another state, no shared network, 100 km away
    "dora": member_yaml("Dora-Stiftung", "stiftung", "Hannover", "DE-NI", 52.37, 9.74, goals=(12,),
                        offers=(("know-how", "Klimaberatung"),)),
    # only a shared goal, in the same state: exactly the minimum score
    "emil": member_yaml("Emil Nachbarschaft e.V.", "verein", "Bremerhaven", "DE-HB", 53.54, 8.58, goals=(12,)),
    # only a shared goal, in another state but 0.1° of latitude (11 km) away
    "fritz": member_yaml("Fritz Tafel e.V.", "verein", "Weyhe", "DE-NI", 52.97, 8.80, goals=(12,)),
    # would be the second best for anna, but they already have a case study together
    "gerda": member_yaml("Gerda Jugendhaus e.V.", "verein", "Bremen", "DE-HB", *BREMEN, goals=(12,),
                         needs=(("sachmittel", "Räume für die Hausaufgabenhilfe"),)),
    # nothing to do together with anna
    "hugo": member_yaml("Hugo Handel GmbH", "unternehmen", "Bremen", "DE-HB", *BREMEN, goals=(3,)),
}

CASE_TOGETHER = textwrap.dedent("""
    ---
    title: Hausaufgabenhilfe in der Werkhalle
    summary: Ein Unternehmen öffnet seine Räume für die Hausaufgabenhilfe eines Jugendhauses.
    partners: [anna, gerda]
    formats: [sachspende]
    region: DE-HB
    city: Bremen
    started: 2025-03
    status: laufend
    published: 2026-09-01
    reviewed: 2026-10-01
    ---

    Text.
""").lstrip("\n")

FRITZ_KM = haversine_km(*BREMEN, 52.97, 8.80)


@pytest.fixture
def network(project):
    for slug, text in NETWORK.items():
        project.write(f"data/members/{slug}.yml", text)
    project.write("data/cases/hausaufgabenhilfe.md", CASE_TOGETHER)
    return project


def load(project, **weights) -> Catalog:
    catalog, problems = load_catalog(project.root, Settings.from_mapping({"suggestions": weights}))
    assert list(problems) == []
    return catalog


def ranking(suggestions, slug: str) -> list[tuple[str, float]]:
    return [(s.member.slug, s.score) for s in suggestions[slug]]


def test_ranking_with_the_default_weights(network):
    suggestions = suggest_all(load(network))
    assert ranking(suggestions, "anna") == [
        ("berta", 9.0),  # know-how 4 + same city 2 + SDG 0.5 + network 1 + complementary 1.5
        ("carl", 7.5),  # the same without the complementary kinds
        ("fritz", round(1.5 * (1 - FRITZ_KM / 50) + 0.5 + 1.5, 6)),  # 11 km + SDG + complementary
        ("emil", 3.0),  # same state 1 + SDG 0.5 + complementary 1.5: just the minimum score
    ]  # dora: too far away; gerda: a case study together; hugo: nothing to do together
    assert 11 < FRITZ_KM < 11.2


def test_reasons_are_data_from_the_point_of_view_of_the_page(network):
    suggestions = suggest_all(load(network))
    berta, carl, fritz, emil = suggestions["anna"]
    assert berta.reasons == (
        Reason("offers", ("know-how", "Energieberatung durch Ehrenamtliche"), 4.0),
        Reason("city", ("Bremen",), 2.0),
        Reason("sdgs", (12,), 0.5),
        Reason("networks", ("puu-bremen",), 1.0),
        Reason("kinds", ("verein", "unternehmen"), 1.5),
    )
    assert carl.reasons == (Reason("offers", ("know-how", "Energiemonitoring"), 4.0),
                            Reason("city", ("Bremen",), 2.0), Reason("sdgs", (12,), 0.5),
                            Reason("networks", ("puu-bremen",), 1.0))
    (distance, goals, kinds) = fritz.reasons
    assert (distance.kind, distance.detail, goals, kinds) == \
        ("distance", (11,), Reason("sdgs", (12,), 0.5), Reason("kinds", ("verein", "unternehmen"), 1.5))
    assert distance.points == pytest.approx(1.5 * (1 - FRITZ_KM / 50))
    assert emil.reasons == (Reason("region", ("DE-HB",), 1.0), Reason("sdgs", (12,), 0.5),
                            Reason("kinds", ("verein", "unternehmen"), 1.5))
    # berta's page sees the same pair from the other side: anna needs what berta offers
    (anna, *_) = suggestions["berta"]
    assert anna.member.slug == "anna" and anna.score == 9.0
    assert anna.reasons[0] == Reason("needs", ("know-how", "Energieberatung für die Werkhalle"), 4.0)
    assert anna.reasons[-1] == Reason("kinds", ("unternehmen", "verein"), 1.5)
    for suggestion in [s for slug in suggestions.by_member for s in suggestions[slug]]:
        assert sum(r.points for r in suggestion.reasons) == pytest.approx(suggestion.score)


def test_no_suggestion_for_partners_of_a_case_study(network):
    catalog = load(network)
    assert "gerda" not in [s.member.slug for s in suggest_all(catalog)["anna"]]
    assert "anna" not in [s.member.slug for s in suggest_all(catalog)["gerda"]]
    (network.root / "data/cases/hausaufgabenhilfe.md").unlink()
    suggestions = suggest_all(load(network))
    # without the case study: anna offers the rooms gerda needs, in the same city
    assert ranking(suggestions, "anna")[:3] == [("berta", 9.0), ("gerda", 8.0), ("carl", 7.5)]
    assert suggestions["anna"][1].reasons[0] == \
        Reason("needs", ("sachmittel", "Räume für die Hausaufgabenhilfe"), 4.0)
    assert len(suggestions["anna"]) == 5


def test_weights_come_from_the_settings(network):
    # two companies now count as much as a company and a non-profit: berta and carl tie and go A–Z;
    # fritz and emil fall below the new minimum
    suggestions = suggest_all(load(network, complementary=0, min_score=2))
    assert ranking(suggestions, "anna") == [("berta", 7.5), ("carl", 7.5)]
    suggestions = suggest_all(load(network, limit=1))
    assert ranking(suggestions, "anna") == [("berta", 9.0)]
    # a wider radius brings Hannover's offer into reach (about 102 km away)
    suggestions = suggest_all(load(network, radius_km=150))
    dora = next(s for s in suggestions["anna"] if s.member.slug == "dora")
    assert [r.kind for r in dora.reasons] == ["offers", "distance", "sdgs", "kinds"]


def test_weights_are_read_from_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nextra:\n  kooplab:\n    suggestions:\n      exchange: 6\n      limit: 3\n",
                      encoding="utf-8")
    weights = settings_from_mkdocs(config).suggestions
    assert (weights.exchange, weights.limit, weights.sdg) == (6, 3, SuggestionWeights().sdg)
    config.write_text("site_name: X\nextra:\n  kooplab:\n    suggestions:\n      exchnage: 6\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown weight.*exchnage"):
        settings_from_mkdocs(config)
    with pytest.raises(ValueError, match="suggestions.sdg: expected a number"):
        Settings.from_mapping({"suggestions": {"sdg": "viel"}})
    # the sample's mkdocs.yml states the defaults, so README, /boerse/ and code agree
    assert settings_from_mkdocs(REPO / "mkdocs.yml").suggestions == SuggestionWeights()


def test_the_sample_keeps_members_with_case_studies_apart():
    catalog, _ = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    suggestions = suggest_all(catalog)
    for slug, member in catalog.members.items():
        partners = {s for c in member.cases for s in c.member_slugs}
        assert not partners & {s.member.slug for s in suggestions[slug]}, slug
        assert len(suggestions[slug]) <= 5
    # the sample's bakery offers the food the youth centre needs, but they cooperate already
    assert "lindener-backstube" not in [s.member.slug for s in suggestions["kinder-und-jugendhaus-linden"]]
    assert sum(1 for s in suggestions.by_member.values() if s) >= 10


# --- the words on the page -------------------------------------------------------------------------

def render(template: str, catalog: Catalog, **context) -> BeautifulSoup:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "overrides"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS, url=lambda path: f"/{path}")
    html = env.get_template(template).render(kl=TemplateGlobals(catalog=catalog, stats=stats(catalog)), **context)
    return BeautifulSoup(html, "html.parser")


def test_each_suggestion_says_why_in_plain_german(network):
    (network.root / "data/cases/hausaufgabenhilfe.md").unlink()
    catalog = load(network)
    pages = {p.view.member.slug: p.view for p in build_pages(catalog) if p.template == "member.html"}
    soup = render("partials/kl-suggestions.html", catalog, m=catalog.members["anna"], view=pages["anna"])
    items = soup.select("li.kl-suggestion")
    assert [li.select_one(".kl-suggestion__name a").get_text() for li in items] == [
        "Berta Umwelt e.V.", "Gerda Jugendhaus e.V.", "Carl Technik GmbH", "Fritz Tafel e.V.",
        "Emil Nachbarschaft e.V."]
    assert [li.select_one(".kl-suggestion__why").get_text() for li in items] == [
        "bietet Know-how, das Sie suchen · beide in Bremen · beide SDG 12 · "
        "beide im Netzwerk Partnerschaft Umwelt Unternehmen · Verein und Unternehmen ergänzen sich",
        "sucht Sachmittel, die Sie anbieten · beide in Bremen · beide SDG 12 · "
        "Verein und Unternehmen ergänzen sich",
        "bietet Know-how, das Sie suchen · beide in Bremen · beide SDG 12 · "
        "beide im Netzwerk Partnerschaft Umwelt Unternehmen",
        "rund 11 km entfernt · beide SDG 12 · Verein und Unternehmen ergänzen sich",
        "beide in Bremen · beide SDG 12 · Verein und Unternehmen ergänzen sich",
    ]
    assert items[0].select_one("a")["href"] == "/verzeichnis/berta/"
    assert [li.get_text() for li in items[0].select(".kl-suggestion__entries li")] == \
        ["Angebot: Energieberatung durch Ehrenamtliche"]
    # several goals and networks
    berta = render("partials/kl-suggestions.html", catalog, m=catalog.members["berta"], view=pages["berta"])
    assert berta.select_one(".kl-suggestion__why").get_text().startswith("sucht Know-how, das Sie anbieten")
    # the state's name (emil's Bremerhaven is not anna's Bremen)
    assert "beide in Bremen" in items[4].get_text() and items[4].select_one(".kl-reason--region")


def test_a_member_without_suggestions_is_told_why(network):
    catalog = load(network)
    pages = {p.view.member.slug: p.view for p in build_pages(catalog) if p.template == "member.html"}
    assert pages["hugo"].suggestions == []
    soup = render("partials/kl-suggestions.html", catalog, m=catalog.members["hugo"], view=pages["hugo"])
    assert soup.select("li.kl-suggestion") == []
    assert "Zurzeit schlagen wir keine weiteren Partner vor" in soup.get_text()


def test_suggestions_are_made_once_per_build(network, monkeypatch):
    from kooplab.pages import build as pages_module
    from kooplab.outputs import site as site_module

    calls = []
    real = site_module.suggest_all
    monkeypatch.setattr(site_module, "suggest_all", lambda catalog: calls.append(1) or real(catalog))
    monkeypatch.setattr(pages_module, "suggest_all", lambda catalog: pytest.fail("made again for the pages"))
    catalog = load(network)
    site = make_site(network.root, catalog)
    assert calls == [1]
    views = [p.view for p in site.pages if p.template == "member.html"]
    assert all(v.suggestions is site.suggestions[v.member.slug] for v in views)
    data = OpenData(catalog, network.root, suggestions=site.suggestions)
    assert data.suggestions is site.suggestions


# --- scaling ---------------------------------------------------------------------------------------

def synthetic(n: int, seed: int = 7, *, network_count: int = 40, **weights) -> Catalog:
    """A network of ``n`` members spread over Germany: random kinds, states, places, goals, networks,
    offers and needs, and some case studies. Reused by the bench: ``suggest_all(synthetic(10_000))``."""
    vocab = load_vocabularies(REPO, "data", Schemas(REPO / "data/schema"), Problems())
    rnd = random.Random(seed)
    regions, kinds, categories = vocab.regions.ids(), vocab.kinds.ids(), vocab.exchange.ids()
    networks = [f"netz-{i}" for i in range(network_count)]

    def entries() -> tuple[Exchange, ...]:
        until = lambda: rnd.choice((None, None, TODAY - dt.timedelta(days=1), TODAY))  # noqa: E731
        return tuple(Exchange(rnd.choice(categories), f"Eintrag {rnd.randrange(99)}", until=until())
                     for _ in range(rnd.choice((0, 0, 1, 1, 2))))

    members = {}
    for i in range(n):
        located = rnd.random() < 0.8
        location = Location(city=f"Ort {rnd.randrange(400)}", region=rnd.choice(regions),
                            lat=round(rnd.uniform(47.3, 55.0), 4) if located else None,
                            lon=round(rnd.uniform(5.9, 15.0), 4) if located else None)
        slug = f"m{i:05d}"
        members[slug] = Member(
            slug=slug, name=f"Mitglied {i:05d}", kind=rnd.choice(kinds), summary="Ein Mitglied.", location=location,
            reviewed=TODAY, source=SourceRef(f"data/members/{slug}.yml"),
            networks=tuple(rnd.sample(networks, rnd.choice((0, 1, 1, 2)))),
            sdgs=tuple(SdgTag(g, "Beitrag.") for g in sorted(rnd.sample(range(1, 18), rnd.choice((0, 1, 2, 3))))),
            offers=entries(), needs=entries())
    cases = {}
    for i in range(n // 10):
        together = rnd.sample(sorted(members), rnd.choice((2, 3)))
        cases[f"c{i}"] = Case(slug=f"c{i}", title="Fall", summary="Ein Fall.",
                              partners=tuple(Partner(s, slug=s) for s in together), formats=("pro-bono",),
                              region="DE-HB", started=Period(2024), status="laufend", published=TODAY,
                              reviewed=TODAY, source=SourceRef(f"data/cases/c{i}.md"))
    return Catalog(settings=Settings.from_mapping({"suggestions": weights}), vocab=vocab, members=members,
                   cases=cases)


def test_two_thousand_members_are_matched_from_shortlists_not_all_pairs():
    catalog = synthetic(2000)
    suggestions = suggest_all(catalog, TODAY)
    assert suggestions.all_pairs == 2000 * 1999 // 2
    # a pairwise loop scores every one of the 1,999,000 pairs in Python; the shortlists are a few dozen a member
    assert suggestions.candidate_pairs < suggestions.all_pairs / 10
    assert suggest_pairwise(synthetic(200), TODAY).candidate_pairs == 200 * 199 // 2
    counts = [len(s) for s in suggestions.by_member.values()]
    assert max(counts) == 5 and sum(counts) > 4 * len(counts)  # most members get their five


@pytest.mark.parametrize("seed, weights", [
    (1, {}), (2, {"radius_km": 120, "min_score": 1}),
    (3, {"complementary": 0, "same_city": 0.5, "distance": 3}),
    (4, {"min_score": 0, "limit": 12, "network_count": 150}),  # networks beyond one 64-bit word; long lists
    (5, {"limit": 1, "sdg": 0.1, "network": 0.3, "distance": 0.7, "radius_km": 30}),  # odd decimals
])
def test_the_shortlist_finds_what_comparing_every_pair_finds(seed, weights):
    catalog = synthetic(400, seed, **weights)
    fast, pairwise = suggest_all(catalog, TODAY), suggest_pairwise(catalog, TODAY)
    assert fast.candidate_pairs < pairwise.candidate_pairs / 4  # only the shortlists are scored exactly
    assert fast.by_member == pairwise.by_member
    shown = [s for ss in fast.by_member.values() for s in ss]
    assert len(shown) > 250  # most members get suggestions (one each with limit 1)
    for s in shown:
        assert sum(r.points for r in s.reasons) == pytest.approx(s.score)


def test_a_shortlist_that_turns_out_too_short_is_completed(monkeypatch):
    """suggest_all checks each shortlist against the exact scores: where the approximation promised more
    than the exact rule gives (possible only for a distance right at the radius), the member's pairs are
    all scored exactly. Simulated here by shortlists cut to one pair with an unreachable threshold."""
    catalog = synthetic(300, 9)
    real = suggestions_module.shortlist

    def too_short(scorer, limit):
        return [(others[:1], 100.0) for others, _ in real(scorer, limit)]

    monkeypatch.setattr(suggestions_module, "shortlist", too_short)
    assert suggest_all(catalog, TODAY).by_member == suggest_pairwise(catalog, TODAY).by_member


# --- the sample network, built ------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                             "-d", str(out)], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def soup_of(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_sample_has_offers_and_needs_for_most_members(sample):
    with_entries = [m for m in sample.members.values() if m.offers or m.needs]
    assert len(with_entries) >= len(sample.members) / 2 and len(with_entries) >= 14
    categories = {e.category for m in with_entries for e in (*m.offers, *m.needs)}
    assert categories == set(sample.vocab.exchange.ids())


def test_boerse_page_lists_every_current_entry_linked_to_its_member(built, sample):
    soup = soup_of(built, "boerse")
    article = soup.select_one("article")
    assert article.find("h1").get_text(strip=True).rstrip("¶") == "Kooperationsbörse"
    entries = board(sample)
    cards = article.select("li.kl-board-card")
    assert [c["data-kl-id"] for c in cards] == [e.id for e in entries]
    assert len(set(c["data-kl-id"] for c in cards)) == len(cards)
    for card, entry in zip(cards, entries):
        assert card.select_one(".kl-card__title").get_text(strip=True) == entry.entry.title
        link = card.select_one(".kl-board-card__member a")
        assert link.get_text() == entry.member.name
        assert link["href"] == f"../{urls.member(entry.member)}#{entry.anchor}"
        # the anchor exists on the member page
        assert soup_of(built, urls.member(entry.member).rstrip("/")).find(id=entry.anchor) is not None
    offers = article.find("h2", id="angebote").find_parent("section").select("li.kl-board-card")
    assert {c["data-kl-id"] for c in offers} == {e.id for e in entries if e.side == "angebot"}
    assert article.find("h2", id="so-entstehen-die-vorschlaege") is not None
    # the Börse is a page of the Kooperations-Lab section of the navigation
    section = next(li for li in soup.select("nav.md-nav--primary > ul > li")
                   if li.find(["a", "label"], string=lambda t: t and t.strip() == "Kooperations-Lab")
                   or "Kooperations-Lab" in li.get_text(" ", strip=True)[:40])
    assert "Börse" in [a.get_text(" ", strip=True) for a in section.select("a")]


def test_boerse_filter_facets_and_index(sample):
    filters = boerse_filters(sample)
    assert tuple(f.key for f in filters.facets) == BOERSE_KEYS
    assert filters.index == "boerse/filter.json"
    assert [r[0] for r in filters.records] == [e.id for e in board(sample)]
    options = {f.key: [o.id for o in f.options] for f in filters.facets}
    assert options["type"] == ["angebot", "gesuch"]
    assert options["category"] == sample.vocab.exchange.ids()
    slug, text, values = next(r for r in filters.records if r[0] == "kinder-und-jugendhaus-linden-gesuch-2")
    assert dict(zip(BOERSE_KEYS, values)) == {"type": ("gesuch",), "category": ("sachmittel",), "region": ("DE-NI",),
                                             "network": (), "kind": ("verein",),
                                             "sdg": ("2",)}  # the entry's own goal
    # an entry is filed under its member's networks
    offer = next(r for r in filters.records if r[0] == "hansa-flex-angebot-1")
    assert dict(zip(BOERSE_KEYS, offer[2]))["network"] == ("puu-bremen", "umweltallianz-sachsen-anhalt")
    assert {"mittagstisch", "linden", "hannover"} <= set(text.split())
    json.loads(filters.to_json())  # the index the script reads


def test_member_pages_show_offers_needs_and_partners(built, sample):
    suggestions = suggest_all(sample)
    for slug, member in sample.members.items():
        soup = soup_of(built, urls.member(member).rstrip("/"))
        exchange = soup.select_one("section.kl-exchange")
        current = member.current_offers(TODAY) + member.current_needs(TODAY)
        assert (exchange is not None) is bool(current), slug
        if exchange is not None:
            titles = [p.get_text() for p in exchange.select(".kl-exchange__title")]
            assert titles == [e.title for e in current]
        section = soup.select_one("section.kl-suggestions")
        assert section.find("h2").get_text(strip=True).rstrip("¶") == "Mögliche Partner"
        names = [a.get_text() for a in section.select(".kl-suggestion__name a")]
        assert names == [s.member.name for s in suggestions[slug]], slug
    youth = soup_of(built, "verzeichnis/kinder-und-jugendhaus-linden").select_one("section.kl-suggestions")
    assert youth.select_one(".kl-suggestion__why").get_text() == \
        "bietet Sachmittel, die Sie suchen · beide in Hannover · Unternehmen und Verein ergänzen sich"


# --- open data -------------------------------------------------------------------------------------

REGISTRY = Registry().with_resources(
    (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
    for p in sorted((REPO / "data/schema").glob("*.schema.json")))


def valid(doc: dict) -> list[str]:
    check = Draft202012Validator({"$ref": "export.schema.json"}, registry=REGISTRY, format_checker=FormatChecker())
    return [e.message for e in check.iter_errors(doc)]


def test_member_api_carries_offers_needs_and_suggestions(built, sample):
    suggestions = suggest_all(sample)
    for slug, member in sample.members.items():
        doc = json.loads((built / f"api/members/{slug}.json").read_text(encoding="utf-8"))
        assert valid(doc) == [], slug
        assert [e["title"] for e in doc["record"]["offers"]] == [e.title for e in member.offers]
        assert [e["category"] for e in doc["record"]["needs"]] == [e.category for e in member.needs]
        assert [s["id"] for s in doc["suggestions"]] == [s.member.slug for s in suggestions[slug]]
        for exported, s in zip(doc["suggestions"], suggestions[slug]):
            assert exported["score"] == round(s.score, 2)
            assert exported["reasons"] == [{"kind": r.kind, "detail": list(r.detail), "points": round(r.points, 2)}
                                           for r in s.reasons]
            href = f"api/members/{s.member.slug}.json"
            assert exported["href"] == SITE_URL + href and (built / href).is_file()
    youth = json.loads((built / "api/members/kinder-und-jugendhaus-linden.json").read_text(encoding="utf-8"))
    assert youth["record"]["needs"][0] == {"category": "helfende-haende", "title": "Helfende Hände beim Aktionstag",
                                           "description": "Der Werkraum soll neu gestrichen und die Fahrradwerkstatt "
                                                          "aufgeräumt werden.", "until": "2027-06-30"}
    assert youth["suggestions"][0]["reasons"][0] == {
        "kind": "offers", "detail": ["sachmittel", "Transporter mit Fahrer für Sachspenden"], "points": 4.0}


def test_boerse_json_and_csv_columns(built, sample):
    doc = json.loads((built / "daten/boerse.json").read_text(encoding="utf-8"))
    assert valid(doc) == []
    assert doc["count"] == len(doc["entries"]) == len(board(sample))
    first = doc["entries"][0]
    entry = board(sample)[0]
    assert (first["id"], first["type"], first["title"], first["member"]["id"]) == \
        (entry.id, entry.side, entry.entry.title, entry.member.slug)
    assert first["url"] == f"{SITE_URL}{urls.member(entry.member)}#{entry.anchor}"
    assert first["member"]["url"] == f"{SITE_URL}{urls.member(entry.member)}"
    index = json.loads((built / "api/index.json").read_text(encoding="utf-8"))
    assert index["links"]["downloads"]["boerse.json"] == f"{SITE_URL}daten/boerse.json"
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO((built / "daten/members.csv").read_text(encoding="utf-8"),
                                                            newline=""))}
    assert rows["kinder-und-jugendhaus-linden"]["needs"].splitlines() == [
        "helfende-haende: Helfende Hände beim Aktionstag | bis 2027-06-30 | Der Werkraum soll neu gestrichen und "
        "die Fahrradwerkstatt aufgeräumt werden.",
        "sachmittel: Lebensmittel für den Mittagstisch | SDG 2",
        "know-how: Bewerbungstrainings für Jugendliche | SDG 4, 8"]
    assert rows["thyssenkrupp-bremen"]["offers"] == ""
    assert [f.name for f in MEMBER_FIELDS].index("offers") < [f.name for f in MEMBER_FIELDS].index("needs")


def test_expired_entries_stay_in_the_lossless_json_but_leave_the_boerse(network, tmp_path):
    network.write("data/members/anna.yml", NETWORK["anna"].replace(
        "    title: Räume für Workshops\n", "    title: Räume für Workshops\n    until: 2026-01-31\n"))
    catalog, problems = load_catalog(network.root)
    assert [p.severity for p in problems] == ["warning"]
    data = OpenData(catalog, network.root)
    members = json.loads(data.files["daten/members.json"])
    (anna,) = [m for m in members["members"] if m["slug"] == "anna"]
    assert anna["offers"] == [{"category": "sachmittel", "title": "Räume für Workshops", "until": "2026-01-31"}]
    assert [dataclasses.replace(m, cases=[]) for m in records_from_json(members)] == \
        [dataclasses.replace(m, cases=[]) for m in sorted(catalog.members.values(), key=lambda m: m.slug)]
    boerse = json.loads(data.files["daten/boerse.json"])
    assert "anna-angebot-1" not in [e["id"] for e in boerse["entries"]]
    assert "anna-gesuch-1" in [e["id"] for e in boerse["entries"]]
    assert valid(boerse) == [] and valid(json.loads(data.files["api/members/anna.json"])) == []


def test_boerse_page_model(sample):
    (page,) = [p for p in build_pages(sample) if p.template == "boerse.html"]
    assert page.url == "boerse/" and page.in_nav and isinstance(page.view, BoerseView)
    assert [e.id for e in page.view.offers + page.view.needs] == [e.id for e in board(sample)]
    assert sum(c.offers + c.needs for c in page.view.counts) == len(board(sample))
