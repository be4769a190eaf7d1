"""Readers' journeys through the lab: how did others do it, and what else is like it. Case pages show their
networks, the cases they were modelled on and that followed them (modelled_on), and related cases; lab cards
carry a summary line; filtering the lab never shows a card twice and hides counts it cannot keep current."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.pages.related import WEIGHTS, Related
from kooplab.settings import settings_from_mkdocs


REPO = Path(__file__).resolve().parent.parent
SEED = "arbeitskreis-umweltallianz-sachsen-anhalt"  # "nach Bremer Vorbild": the format carried to Saxony-Anhalt
MODEL = "arbeitskreis-umwelt-bremen"


@pytest.fixture(scope="module")
def catalog():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


def related_cases(case, catalog, shown=3):
    """The rule of kooplab.pages.related.Related, pair by pair: a shared partner counts 3, a format 2, an SDG
    1; cases linked by modelled_on are left out; ties: the catalog's order."""
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


def test_related_cases_are_those_the_rule_ranks_first(catalog, synthetic60):
    """The build's related case studies (numpy over all of them at once) are the rule's, pair by pair, on the
    sample and on a synthetic network, whose 12 case studies share formats and SDGs in many ways."""
    for cat in (catalog, synthetic60[1]):
        related = Related(cat)
        for case in cat.cases.values():
            assert related.of(case) == related_cases(case, cat), case.slug
        assert any(related.of(case) for case in cat.cases.values())


def facts(site: Path, slug: str) -> dict[str, list[str]]:
    page = BeautifulSoup((site / urls.case(slug) / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {d.dt.get_text(strip=True): [a["href"] for a in d.dd.select("a")] for d in page.select(".kl-facts > div")}


def test_the_seed_story_links_to_its_model_and_back(served, catalog):
    site, _ = served
    assert catalog.cases[SEED].modelled_on == (MODEL,)
    seed, model = facts(site, SEED), facts(site, MODEL)
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in seed["Nach dem Vorbild von"]] == [MODEL]
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in model["Vorbild für"]] == [SEED]
    networks = [h.rstrip("/").rsplit("/", 1)[-1] for h in seed["Netzwerke"]]
    assert "umweltallianz-sachsen-anhalt" in networks


def test_related_cases_share_partners_formats_or_goals(served, catalog):
    site, _ = served
    for case in catalog.cases.values():
        related = related_cases(case, catalog)
        assert case not in related and len(related) <= 3
        for other in related:
            shared = ({p.slug or p.name for p in case.partners} & {p.slug or p.name for p in other.partners}
                      or set(case.formats) & set(other.formats) or set(case.goals) & set(other.goals))
            assert shared, (case.slug, other.slug)
    assert MODEL not in [c.slug for c in related_cases(catalog.cases[SEED], catalog)]  # shown as the model instead
    page = BeautifulSoup((site / urls.case(SEED) / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = [a.get_text(strip=True) for a in page.select("section[aria-labelledby=aehnliche] .kl-card__title a")]
    assert shown == [c.title for c in related_cases(catalog.cases[SEED], catalog)]


def test_modelled_on_must_name_a_case_study(project):
    from tests.conftest import CASE, MEMBER

    project.write("data/members/hansa-flex.yml", MEMBER)
    project.write("data/cases/a.md", CASE.replace("formats:", "modelled_on: [arbeitskreis-umwelt-bremn, a]\nformats:", 1))
    messages = project.messages()
    assert any("modelled_on[0]: there is no case study 'arbeitskreis-umwelt-bremn'" in m for m in messages), messages
    assert any("modelled_on[1]: a case study cannot be its own model" in m for m in messages), messages


def test_lab_cards_carry_a_summary_line(served, catalog):
    site, _ = served
    page = BeautifulSoup((site / urls.LAB / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = page.select("section[aria-labelledby=alle] .kl-case-card")
    assert len(cards) == len(catalog.cases)
    for card in cards:
        slug = card["data-kl-id"]
        assert card.select_one(".kl-card__summary").get_text(strip=True) == catalog.cases[slug].summary


def test_filtering_the_lab_never_shows_a_card_twice(browser, served, catalog):
    _, base = served
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + urls.LAB + "?format=erfahrungsaustausch")
    page.wait_for_selector("form.kl-filter[data-kl-ready]")
    page.wait_for_timeout(300)
    visible = page.eval_on_selector_all(".kl-case-card", "cards => cards.filter(c => c.offsetParent !== null)"
                                        ".map(c => c.getAttribute('data-kl-id'))")
    expected = sorted(c.slug for c in catalog.cases.values() if "erfahrungsaustausch" in c.formats)
    assert sorted(visible) == expected and len(visible) == len(set(visible))
    assert not page.locator("section[aria-labelledby=ausgewaehlt]").is_visible()
    assert not page.locator("section[aria-labelledby=formate]").is_visible()  # its counts are for all cases
    page.goto(base + urls.LAB)
    page.wait_for_selector("form.kl-filter[data-kl-ready]")
    assert page.locator("section[aria-labelledby=formate]").is_visible()
    page.close()


# --- the start page on a phone, and getting in touch through the Börse -------------------------------------------

def test_the_start_page_shows_search_and_the_ways_in_on_a_phones_first_screen(browser, served):
    _, base = served
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base)
    search = page.get_by_label("Suchen nach Organisation, Ort oder Thema")
    ways = page.locator("nav[aria-label=Einstiege] a")
    assert [w.split("\n")[0] for w in ways.all_inner_texts()] == ["Verzeichnis", "Karte", "Kooperations-Lab", "Börse",
                                                                 "Termine", "Mitmachen"]
    for element in [search, *ways.all()]:
        box = element.bounding_box()
        assert box and box["y"] + box["height"] <= 844, element  # in the first screen, without scrolling
    search.fill("Reparaturen")
    search.press("Enter")  # the site search opens with the words and searches at once
    page.wait_for_selector("#kl-search[open] [data-kl-search-results] li")
    assert page.locator("#kl-search [data-kl-search-input]").input_value() == "Reparaturen"
    page.close()


def test_the_start_page_lists_the_next_events(served, catalog):
    site, _ = served
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = page.find(id="termine-demnaechst").find_parent("section")
    shown = [li["data-kl-id"] for li in section.select("[data-kl-id]")]
    from kooplab.load.events import upcoming_and_past
    from kooplab.settings import build_date

    upcoming, _ = upcoming_and_past(catalog.events.values(), build_date())
    assert shown == [e.slug for e in upcoming[:3]] and shown


def test_every_boerse_entry_offers_a_contact_the_member_published(served, catalog):
    from urllib.parse import parse_qs, urlsplit

    from kooplab.pages.boerse import board

    site, _ = served
    page = BeautifulSoup((site / urls.BOERSE / "index.html").read_text(encoding="utf-8"), "html.parser")
    entries = {e.id: e for e in board(catalog)}
    with_contact = 0
    for card in page.select(".kl-board-card"):
        entry = entries[card["data-kl-id"]]
        link = card.select_one(".kl-board-card__contact a")
        published = [c for c in entry.member.published_contacts if c.email]
        if not published:
            assert link is None
            continue
        with_contact += 1
        target = urlsplit(link["href"])
        assert target.scheme == "mailto" and target.path == published[0].email
        assert parse_qs(target.query)["subject"] == [f"Kooperationsbörse: {entry.entry.title}"]
        assert all(not c.name or c.consent for c in entry.member.contacts if c.email == target.path)
    assert with_contact > 20


# --- the map by keyboard and by touch ----------------------------------------------------------------------------

def test_find_a_member_near_a_place_on_the_map_by_keyboard(browser, served, catalog):
    _, base = served
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + urls.MAP)
    points = page.locator(".kl-map__points:not(.kl-map__points--places) a.kl-map__point")
    cities = [catalog.members[p.get_attribute("data-kl-id")].location.city for p in points.all()]
    assert cities == sorted(cities)  # Tab goes from one town to the next
    skip = page.locator(".kl-map__skip")
    skip.focus()
    assert skip.is_visible() and "Karte überspringen" in skip.inner_text()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kl-map-end"  # past all the points at once
    skip.focus()
    page.keyboard.press("Tab")  # the zoom (zooming out and back is off at the whole map)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Karte vergrößern"
    page.keyboard.press("Tab")  # the first point: its card names it
    first = points.first
    card = page.locator("[data-kl-map-card]")
    assert card.is_visible()
    member = catalog.members[first.get_attribute("data-kl-id")]
    assert card.locator("a").inner_text() == member.name and member.location.city in card.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + urls.member(member))
    page.close()


def test_a_tap_on_a_point_names_it_and_a_tap_on_the_name_opens_the_page(browser, served, catalog):
    _, base = served
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base + urls.MAP)
    point = page.locator(".kl-map__points:not(.kl-map__points--places) a.kl-map__point").nth(3)
    slug = point.get_attribute("data-kl-id")
    point.tap()
    card = page.locator("[data-kl-map-card]")
    assert card.is_visible() and page.url.endswith(urls.MAP)  # the first tap stays on the map
    assert card.locator("a").inner_text() == catalog.members[slug].name
    card.locator("a").tap()
    page.wait_for_url("**" + urls.member(slug))
    context.close()


def test_the_map_explains_its_fanned_out_dots(served):
    site, _ = served
    page = BeautifulSoup((site / urls.MAP / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select(".kl-map__leaders line")  # the sample has places with several members
    assert "aufgefächert" in page.select_one(".kl-map__legend").get_text()


@pytest.mark.parametrize("address", [urls.DIRECTORY, urls.LAB, urls.BOERSE, urls.EVENTS, urls.MAP])
def test_the_lists_do_not_shift_when_their_filters_start(browser, served, address):
    """The filter form is on the page from the first paint: no layout shift when the script starts."""
    _, base = served
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.add_init_script("""window.klShift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.klShift += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(base + address)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert page.locator("form.kl-filter").is_visible()
    assert page.evaluate("window.klShift") <= 0.02, address
    page.close()


def test_every_goal_page_says_what_the_goal_means_in_german(served, catalog):
    """An SDG page explains its goal: the wording of the 2030 Agenda and what it can mean on the ground, in
    German (no English subtitle)."""
    site, _ = served
    for goal in catalog.vocab.sdgs:
        page = BeautifulSoup((site / urls.goal(goal) / "index.html").read_text(encoding="utf-8"), "html.parser")
        about = page.select_one(".kl-goal-about")
        assert about is not None and goal.description and goal.in_practice, goal.number
        text = about.get_text(" ", strip=True)
        assert goal.description in text and goal.in_practice in text
        assert page.select("article [lang=en]") == [] and goal.label_en not in page.select_one("article").get_text()


def _view(page) -> list[float]:
    return [float(v) for v in page.locator(".kl-map__svg").get_attribute("viewBox").split()]


def _dot_size(page, slug: str) -> float:
    return page.locator(f'.kl-map__point[data-kl-id="{slug}"] .kl-map__dot').bounding_box()["width"]


def test_the_map_zooms_and_pans_with_buttons_keys_wheel_and_mouse(browser, served, catalog):
    _, base = served
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + urls.MAP)
    svg = page.locator(".kl-map__svg")
    svg.scroll_into_view_if_needed()
    whole = _view(page)
    slug = page.locator(".kl-map__points a.kl-map__point").first.get_attribute("data-kl-id")
    size = _dot_size(page, slug)
    assert page.get_by_role("button", name="Karte verkleinern").is_disabled()
    page.get_by_role("button", name="Karte vergrößern").click()
    view = _view(page)
    assert view[2] == pytest.approx(whole[2] / 2) and view[3] == pytest.approx(whole[3] / 2)
    assert _dot_size(page, slug) == pytest.approx(size, abs=1)  # the dots keep their size on the screen
    assert page.locator("[data-kl-map-said]").text_content() == "Karte 2-fach vergrößert"
    # the arrows move the zoomed map while it has the focus; 0 shows it whole again
    page.keyboard.press("ArrowRight")
    assert _view(page)[0] > view[0]
    page.keyboard.press("+")
    assert _view(page)[2] == pytest.approx(whole[2] / 4)
    page.keyboard.press("0")
    assert _view(page) == pytest.approx(whole, abs=0.01)
    # the wheel alone scrolls the page; with Ctrl (a touchpad's pinch) it zooms where the pointer is
    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4)
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(200)
    assert _view(page) == pytest.approx(whole, abs=0.01)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_timeout(200)
    zoomed = _view(page)
    assert zoomed[2] < whole[2] / 2
    # zoomed in, the mouse drags the map, and the drag opens no member page
    box = svg.bounding_box()
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] - 120, start[1] - 40, steps=6)
    page.mouse.up()
    page.wait_for_timeout(200)
    dragged = _view(page)
    assert dragged[0] > zoomed[0] and dragged[1] > zoomed[1] and page.url.endswith(urls.MAP)
    page.close()


def test_the_tab_key_brings_a_point_outside_the_zoomed_map_into_view(browser, served):
    _, base = served
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + urls.MAP)
    zoom_in = page.get_by_role("button", name="Karte vergrößern")
    for _ in range(3):
        zoom_in.click()
    points = page.locator(".kl-map__points a.kl-map__point")
    zoom_in.focus()
    page.keyboard.press("Tab")  # zooming out
    page.keyboard.press("Tab")  # the whole map
    for i in range(points.count()):
        page.keyboard.press("Tab")
        svg_box = page.locator(".kl-map__svg").bounding_box()  # the page scrolls to the focus
        dot = points.nth(i).locator(".kl-map__dot").bounding_box()
        centre = (dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
        assert svg_box["x"] <= centre[0] <= svg_box["x"] + svg_box["width"], i
        assert svg_box["y"] <= centre[1] <= svg_box["y"] + svg_box["height"], i
    page.close()


def test_two_fingers_zoom_the_map_on_a_phone_and_one_finger_moves_it_then(browser, served):
    _, base = served
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base + urls.MAP)
    svg = page.locator(".kl-map__svg")
    svg.scroll_into_view_if_needed()
    whole = _view(page)
    box = svg.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    touch = context.new_cdp_session(page)

    def fingers(kind: str, *points) -> None:
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
            {"x": px, "y": py, "id": i} for i, (px, py) in enumerate(points)]})

    fingers("touchStart", (x - 20, y), (x + 20, y))
    for d in range(30, 100, 10):
        fingers("touchMove", (x - d, y), (x + d, y))
    fingers("touchEnd")
    page.wait_for_timeout(200)
    pinched = _view(page)
    assert pinched[2] < whole[2] / 3  # spread from 40 to 180 px: about 4.5 times as large
    fingers("touchStart", (x, y))
    for d in range(0, 100, 10):
        fingers("touchMove", (x + d, y))
    fingers("touchEnd")
    page.wait_for_timeout(200)
    assert _view(page)[0] < pinched[0] and page.url.endswith(urls.MAP)  # the map followed the finger
    context.close()


def test_network_and_region_pages_show_their_contacts(served, catalog):
    """The network's own contacts on its page; a state's page lists the state's contacts and those of the networks
    at home there ("alle lokalen Ansprechpartner"). A named person appears only with recorded consent."""
    site, _ = served

    def contacts(address: str) -> list[str]:
        page = BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")
        return [li.get_text(" ", strip=True) for li in page.select("article .kl-contacts > li")]

    upj = catalog.vocab.networks["upj"]
    named = [c for c in upj.contacts if c.name]
    assert named and all(c.consent for c in named)
    shown = contacts(urls.network(upj))
    assert len(shown) == len(upj.published_contacts) == 2
    assert any(c.name in text and c.phone in text and c.email in text for c in named for text in shown)
    bremen = catalog.vocab.regions["DE-HB"]
    shown = contacts(urls.region(bremen))
    puu = catalog.vocab.networks["puu-bremen"]
    everyone = bremen.contacts + puu.contacts  # the state's own first, then its networks'
    assert len(shown) == len(everyone) and all(t.startswith(c.role) for t, c in zip(shown, everyone))
    assert any(puu.label in text for text in shown)  # whose contact it is
    page = BeautifulSoup((site / urls.region(bremen) / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("article a[href='tel:04215550188']") is not None


def test_a_case_picture_on_its_page_its_card_and_in_link_previews(served, catalog):
    """The picture of a case study: described on its page (alt, credit), beside the title on its lab card (where it
    adds nothing to the title: empty alt), with its pixel size so that nothing shifts, and in link previews."""
    site, base = served
    case = catalog.cases["aktionstag-hannover-linden"]
    assert case.image is not None and case.image.width == 960 and case.image.height == 540
    page = BeautifulSoup((site / urls.case(case) / "index.html").read_text(encoding="utf-8"), "html.parser")
    img = page.select_one("article figure.kl-case-picture img")
    assert img["alt"] == case.image.alt and (img["width"], img["height"]) == ("960", "540")
    assert page.select_one("article figure.kl-case-picture figcaption").get_text() == case.image.credit
    published = site / urls.LAB / img["src"].split("/", 1)[1] if img["src"].startswith("bilder/") else \
        (site / urls.case(case) / img["src"]).resolve()
    assert published.read_bytes() == (REPO / "data" / case.image.src).read_bytes()
    assert page.select_one('meta[property="og:image"]')["content"] == base + urls.picture(case.image.name)
    lab = BeautifulSoup((site / urls.LAB / "index.html").read_text(encoding="utf-8"), "html.parser")
    card = lab.select_one(f'.kl-case-card[data-kl-id="{case.slug}"] img.kl-card__picture')
    assert card["alt"] == "" and card["loading"] == "lazy" and (card["width"], card["height"]) == ("960", "540")
    without = next(c for c in catalog.cases.values() if c.image is None)
    assert lab.select_one(f'.kl-case-card[data-kl-id="{without.slug}"] img') is None


def test_a_member_abroad_is_on_the_map_in_the_lists_and_on_a_page_of_its_region(served, catalog):
    """Networks name round tables in Arnheim: a member outside Germany has a region of its own (NL-GE), its page,
    its point on the map of Germany (the frame widens), its place in the lists and filters, and its country in the
    structured data; its postcode is written as in its country."""
    site, _ = served
    member = catalog.members["ronde-tafel-arnhem"]
    region = catalog.vocab.regions[member.location.region]
    assert region.abroad and region.country == "NL" and member.location.postcode == "6811 AA"

    def soup(address: str) -> BeautifulSoup:
        return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")

    page = soup(urls.region(region))
    assert page.select_one(f'article [data-kl-id="{member.slug}"]') is not None
    assert "bundesweit" not in page.select_one("article").get_text()  # Germany's nationwide networks: not there
    overview = soup(urls.REGIONS)
    assert overview.select_one("#ausland") is not None
    abroad = overview.select("article table")[1]
    assert [a.get_text() for a in abroad.select("tbody th a")] == [region.label]
    karte = soup(urls.MAP)
    x, y, w, h = (float(v) for v in karte.select_one(".kl-map__svg")["viewbox"].split())
    dot = karte.select_one(f'.kl-map__point[data-kl-id="{member.slug}"] .kl-map__dot')
    assert x <= float(dot["cx"]) <= x + w and y <= float(dot["cy"]) <= y + h
    listed = karte.select_one(f"#land-{region.slug}").find_parent("section")
    assert listed.select_one(f'[data-kl-id="{member.slug}"]') is not None
    directory = soup(urls.DIRECTORY)
    assert "Land oder Region" in [s.get_text(strip=True) for s in directory.select("form.kl-filter summary")]
    import json
    ld = [json.loads(s.string) for s in soup(urls.member(member)).select('script[type="application/ld+json"]')]
    addresses = [n["address"] for d in ld for n in (d.get("@graph") or [d]) if isinstance(n, dict) and "address" in n]
    assert addresses and addresses[0]["addressCountry"] == "NL"


def test_the_directory_uses_the_width_it_has(browser, served, catalog):
    """On a desktop the directory's cards flow in columns letter by letter (no half-empty rows, no empty table of
    contents beside them); on a phone they stand in one column."""
    _, base = served
    heights = {}
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(base + urls.DIRECTORY)
        lefts = {round(box["x"]) for box in (c.bounding_box() for c in page.locator(".kl-directory .kl-card").all())}
        heights[width] = page.evaluate("document.documentElement.scrollHeight")
        assert len(lefts) == (3 if width == 1280 else 1), (width, lefts)
        if width == 1280:
            assert page.locator(".md-sidebar--secondary").count() == 0 or \
                not page.locator(".md-sidebar--secondary").is_visible()
        page.close()
    # a card is a few hundred pixels high: three columns need about a third of the height of one
    assert heights[1280] < heights[390] / 2
