"""Views for other websites (/einbetten/): a page of another origin embeds the site's light views.

The host page is served from 127.0.0.2 (another origin than the site on 127.0.0.1), as a member's or a
funder's website would be. Its frames must show what the catalog holds for their filter, size themselves to
their content with the optional script, open an entry in a dialog on the host page (keyboard only), pass axe
inside the frame, set no cookie and request nothing from anywhere but the site.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from browsing import axe, serving
from conftest import REPO
from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.pages.boerse import BOERSE_KEYS, board
from kooplab.pages.embeds import embed_kinds
from kooplab.pages.facets import DIRECTORY_KEYS, LAB_KEYS
from kooplab.settings import build_date, settings_from_mkdocs


@pytest.fixture(scope="module")
def catalog():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


def test_each_view_filters_by_the_query_keys_of_its_list(catalog):
    kinds = {k.id: k for k in embed_kinds(catalog, build_date())}
    assert [f.key for f in kinds["mitglieder"].facets] == list(DIRECTORY_KEYS)
    assert [f.key for f in kinds["kooperationen"].facets] == list(LAB_KEYS)
    assert [f.key for f in kinds["boerse"].facets] == list(BOERSE_KEYS)
    assert [f.key for f in kinds["termine"].facets] == ["kind", "region", "network", "sdg"]
    members = json.loads(kinds["mitglieder"].data)
    assert [item[4] for item in members["items"]] == list(catalog.members)
    hansa = members["items"][list(catalog.members).index("hansa-flex")]
    assert hansa[:4] == ["Hansa-Flex AG", "Unternehmen · Bremen", "verzeichnis/hansa-flex/", "logos/hansa-flex.svg"]
    assert len(json.loads(kinds["boerse"].data)["items"]) == len(board(catalog, build_date()))


def test_a_share_holds_the_entries_of_its_network_or_state(catalog):
    kinds = {k.id: k for k in embed_kinds(catalog, build_date())}
    members = kinds["mitglieder"]
    share = json.loads(members.shares["network-puu-bremen.json"])
    assert [item[4] for item in share["items"]] == [m.slug for m in catalog.members.values() if "puu-bremen" in m.networks]
    assert share["facets"] == json.loads(members.data)["facets"]  # the same option indexes
    assert len(share["values"][0]) == len(share["items"])
    assert set(members.shares) == {f"network-{n}.json" for n in catalog.vocab.networks.ids()} | \
        {f"region-{r}.json" for r in catalog.vocab.regions.ids()}  # every state, with or without members
    assert json.loads(members.shares["region-DE-SL.json"])["items"] == []
    events = json.loads(kinds["termine"].shares["region-online.json"])
    assert len(events["days"]) == len(events["items"]) == sum(e.location.online for e in catalog.events.values())


def test_the_views_are_light_pages_outside_the_search_and_the_sitemap(served):
    site, _ = served
    page = (site / "einbetten/mitglieder/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find(class_="md-header") is None and "data-pagefind-body" not in page
    assert [link["href"] for link in soup.find_all("link", rel="stylesheet")] == ["../../assets/kooplab-embed.css"]
    assert "einbetten/mitglieder/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "einbetten/" in (site / "sitemap.xml").read_text(encoding="utf-8")  # the page to choose one is listed


HOST = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Verein Nordend</title>
<link rel="icon" href="data:,"></head><body><h1>Unser Netzwerk</h1>
<iframe id="members" src="{site}einbetten/mitglieder/?region=DE-HB&ansicht=karten" title="Mitglieder in Bremen"
  width="100%" height="300" style="border:0"></iframe>
<iframe id="cases" src="{site}einbetten/kooperationen/?sdg=12&anzahl=2" title="Kooperationen zu SDG 12"
  width="100%" height="300" style="border:0"></iframe>
<iframe id="events" src="{site}einbetten/termine/?network=oekoprofit-hannover&farbe=dunkel" title="Termine"
  width="100%" height="300" style="border:0"></iframe>
<iframe id="none" src="{site}einbetten/mitglieder/?region=DE-SL" title="Mitglieder im Saarland"
  width="100%" height="300" style="border:0"></iframe>
{script}
</body></html>"""


@pytest.fixture(scope="module")
def host(tmp_path_factory, server):
    """Two pages of another website: with the optional script and without it."""
    folder = tmp_path_factory.mktemp("host")
    script = f'<script src="{server}assets/kooplab-embed-host.js" defer></script>'
    (folder / "index.html").write_text(HOST.format(site=server, script=script), encoding="utf-8")
    (folder / "plain.html").write_text(HOST.format(site=server, script=""), encoding="utf-8")
    with serving(folder, host="127.0.0.2") as base:
        assert base.startswith("http://127.0.0.2:")
        yield base


def month_of(day: dt.date) -> str:
    return ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."][day.month - 1]


def shown(frame) -> list[str]:
    return [a.inner_text().split("\n")[0] for a in frame.locator("a[data-kl-item]").all()]


def open_host(browser, host, page="", width=1000):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    tab.goto(host + page)
    for frame in ("members", "cases", "events"):
        tab.frame_locator(f"#{frame}").locator("a[data-kl-item]").first.wait_for()
    return context, tab, requested


def test_another_website_shows_three_views_of_the_catalog(browser, host, server, catalog):
    context, tab, requested = open_host(browser, host)
    members = tab.frame_locator("#members")
    in_bremen = [m.name for m in catalog.members.values() if m.location.region == "DE-HB"]
    assert shown(members) == in_bremen  # A–Z, as the directory
    assert members.locator("h1").inner_text() == "Mitglieder · Bremen"
    assert members.locator("[data-kl-items]").evaluate("ul => getComputedStyle(ul).display") == "grid"  # cards
    assert members.locator("[data-kl-status]").inner_text() == f"{len(in_bremen)} Mitglieder"
    assert members.locator("[data-kl-all]").get_attribute("href") == f"{server}verzeichnis/?region=DE-HB"

    cases = tab.frame_locator("#cases")
    with_12 = [c.title for c in catalog.cases.values() if 12 in c.goals]
    assert len(with_12) > 2
    assert shown(cases) == with_12[:2]  # two at a time (anzahl=2), in the lab's order
    assert cases.locator("[data-kl-items]").evaluate("ul => getComputedStyle(ul).display") == "block"  # a list
    more = cases.locator("[data-kl-more]")
    more.focus()
    tab.keyboard.press("Enter")
    assert shown(cases) == with_12[:4]
    assert cases.locator("a[data-kl-item]").nth(2).evaluate("a => a === document.activeElement")  # the first new one

    events = tab.frame_locator("#events")
    today = dt.date.today()
    coming = sorted((e for e in catalog.events.values() if "oekoprofit-hannover" in e.organisers and e.last_day >= today),
                    key=lambda e: e.first_day)
    assert coming and shown(events) == [e.title for e in coming]
    assert events.locator(".kl-embed-date").first.inner_text().split() == [str(coming[0].first_day.day),
                                                                          month_of(coming[0].first_day)]
    assert events.locator("html").get_attribute("data-farbe") == "dunkel"

    empty = tab.frame_locator("#none")
    assert "keine Mitglieder zu dieser Auswahl" in empty.locator(".kl-embed-empty").inner_text()

    # the script gives each frame its content's height (the snippet said 300 px)
    for frame in ("members", "cases", "events", "none"):
        inner = tab.frame_locator(f"#{frame}").locator("body").evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
        tab.wait_for_function(f"document.getElementById('{frame}').style.height === '{inner}px'")
    assert tab.eval_on_selector("#members", "f => f.getBoundingClientRect().height") > 300
    assert tab.eval_on_selector("#none", "f => f.getBoundingClientRect().height") < 300

    # a view of one state or network loads only that share of the data, even when it is empty
    loaded = {url.split(server)[1] for url in requested if url.endswith(".json") and url.startswith(server)}
    assert {"einbetten/mitglieder/region-DE-HB.json", "einbetten/mitglieder/region-DE-SL.json",
            "einbetten/termine/network-oekoprofit-hannover.json", "einbetten/kooperationen/daten.json"} == loaded
    # nothing from elsewhere, no cookie
    hosts = {re.match(r"https?://([^/]+)/", url).group(1) for url in requested if not url.startswith("data:")}
    assert hosts == {host.split("/")[2], server.split("/")[2]}
    assert context.cookies() == []
    context.close()


def test_an_entry_opens_in_a_dialog_on_the_host_page_with_the_keyboard(browser, host, catalog):
    context, tab, _ = open_host(browser, host, width=390)
    members = tab.frame_locator("#members")
    name = shown(members)[0]
    member = next(m for m in catalog.members.values() if m.name == name)
    tab.focus("#members")
    tab.keyboard.press("Tab")  # into the frame: its first link
    link = members.locator("a[data-kl-item]").first
    assert link.evaluate("a => a === document.activeElement")
    tab.keyboard.press("Enter")
    dialog = tab.locator("dialog[open]")
    dialog.wait_for()
    assert dialog.get_by_role("heading").inner_text() == name
    assert tab.evaluate("document.activeElement.textContent") == "Schließen"
    detail = tab.frame_locator("dialog iframe")
    expect(detail.locator("[data-kl-detail]")).to_contain_text(member.summary.split()[0])  # fetched from the API
    assert detail.locator("a", has_text="Ganzer Eintrag").get_attribute("href").endswith(urls.member(member))
    assert axe(tab) == []
    tab.keyboard.press("Escape")
    assert tab.locator("dialog").count() == 0
    tab.wait_for_function("document.activeElement && document.activeElement.id === 'members'")
    assert link.evaluate("a => a === document.activeElement")  # back where the reader was
    context.close()


def test_without_the_script_an_entry_opens_in_a_new_tab(browser, host, server):
    context, tab, _ = open_host(browser, host, "plain.html")
    assert tab.eval_on_selector("#members", "f => f.getBoundingClientRect().height") == 300  # the snippet's height
    link = tab.frame_locator("#members").locator("a[data-kl-item]").first
    with context.expect_page() as opened:
        link.click()
    assert opened.value.url.startswith(f"{server}verzeichnis/")
    assert tab.locator("dialog").count() == 0
    context.close()


@pytest.mark.parametrize("view", ["mitglieder/?ansicht=logos&farbe=dunkel", "kooperationen/?ansicht=karten",
                                  "termine/", "boerse/?type=angebot", "mitglieder/?region=DE-SL",
                                  "mitglieder/?eintrag=hansa-flex"])
def test_axe_finds_nothing_inside_a_view(browser, server, view):
    tab = browser.new_page(viewport={"width": 390, "height": 700})
    tab.goto(f"{server}einbetten/{view}")
    tab.wait_for_selector("[data-kl-status]:not(:empty), .kl-embed-empty, [data-kl-detail]:not([hidden]) a")
    assert axe(tab) == []
    tab.close()


def test_a_maintainer_composes_a_view_and_copies_its_snippet(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    tab = context.new_page()
    tab.goto(server + "einbetten/")
    tab.get_by_label("Fallbeispiele").check()
    filters = tab.get_by_role("group", name="Filter für Fallbeispiele")  # the only filters shown now
    assert filters.is_visible() and not tab.get_by_role("group", name="Filter für Mitglieder").is_visible()
    filters.get_by_label("Nachhaltigkeitsziel (SDG)").select_option("12")
    tab.get_by_label("Karten").check()
    assert tab.get_by_label("Logos").is_disabled()  # only members have logos
    code = tab.locator("[data-kl-code]")
    tab.wait_for_function("document.querySelector('[data-kl-code]').value.includes('sdg=12')")
    snippet = code.input_value()
    src = f"{server}einbetten/kooperationen/?sdg=12&ansicht=karten"
    assert f'<iframe src="{src.replace("&", "&amp;")}"' in snippet
    assert f'<script src="{server}assets/kooplab-embed-host.js" defer></script>' in snippet
    expect(tab.locator("[data-kl-preview] iframe")).to_have_attribute("src", src)
    preview = tab.frame_locator("[data-kl-preview] iframe")
    expect(preview.locator("h1")).to_have_text("Fallbeispiele · 12 – Nachhaltige/r Konsum und Produktion")
    tab.get_by_role("button", name="Code kopieren").click()
    expect(tab.locator("[data-kl-copied]")).to_have_text("Kopiert.")
    assert tab.evaluate("navigator.clipboard.readText()") == snippet
    tab.get_by_label("Skript einbinden", exact=False).uncheck()
    expect(code).not_to_have_value(re.compile("<script"))
    assert axe(tab) == []
    context.close()


def test_a_network_page_leads_to_a_view_of_its_members(browser, server):
    tab = browser.new_page(viewport={"width": 390, "height": 800})
    tab.goto(server + "netzwerke/puu-bremen/")
    tab.get_by_role("link", name="Diese Mitglieder auf der eigenen Website zeigen").click()
    expect(tab.get_by_role("group", name="Filter für Mitglieder").get_by_label("Netzwerk")).to_have_value("puu-bremen")
    tab.wait_for_function("document.querySelector('[data-kl-code]').value.includes('network=puu-bremen')")
    tab.close()


def test_logos_fit_their_tiles_in_the_logo_grid(browser, server):
    tab = browser.new_page(viewport={"width": 600, "height": 700})
    tab.goto(f"{server}einbetten/mitglieder/?ansicht=logos&anzahl=50")
    tab.wait_for_selector(".kl-embed-logo img")
    boxes = tab.eval_on_selector_all(".kl-embed-logo img", """imgs => imgs.map(img => {
        const a = img.getBoundingClientRect(), b = img.parentElement.getBoundingClientRect();
        return [a.top >= b.top - 0.5, a.bottom <= b.bottom + 0.5, a.left >= b.left - 0.5, a.right <= b.right + 0.5];
    })""")
    assert boxes and all(all(box) for box in boxes)
    tab.close()
