"""Termine: event records, their checks, the upcoming/past split, the calendar files, the pages and the data.

Validation runs on tiny projects (the ``project`` fixture); everything else on the sample network,
built once for this module with ``mkdocs build --strict`` under a sub-path site_url and the fixed
build date of conftest.py (SOURCE_DATE_EPOCH = 2026-11-21). Expected values come from the catalog
loaded from the same data, not from numbers written down here.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from conftest import MEMBER, REPO
from kooplab import urls
from kooplab.exports.calendars import Calendars
from kooplab.load.catalog import load_catalog
from kooplab.load.events import parse_when, upcoming_and_past
from kooplab.exports.fields import EVENT_FIELDS, LIST_SEPARATOR, SDG_SEPARATOR
from kooplab.exports.roundtrip import records_from_json
from kooplab.pages.formatting import iso_when, when_de
from kooplab.pages.build import build_pages
from kooplab.pages.views import EventListView, ListView, MemberView
from kooplab.records import Event, Network, Region, SourceRef
from kooplab.settings import settings_from_mkdocs

from browsing import chromium, serving

SITE_URL = "https://kooplab.example.org/netzwerk/"  # a sub-path, as on project pages
HOST = "kooplab.example.org"
BERLIN = ZoneInfo("Europe/Berlin")
BUILD_DAY = dt.date(2026, 11, 21)  # conftest.py's SOURCE_DATE_EPOCH
EPOCH = {dt.date(2026, 11, 21): "1795219200", dt.date(2026, 11, 22): "1795305600",
         dt.date(2026, 11, 26): "1795651200"}


# --- validation ---------------------------------------------------------------------------

EVENT = """\
title: Arbeitskreis Umwelt – Herbsttreffen
kind: arbeitskreis
start: 2026-11-25 14:00
end: 2026-11-25 17:00
location:
  venue: Besucherzentrum
  city: Bremen
  region: DE-HB
organisers: [puu-bremen, hansa-flex]
registration: https://www.example.org/anmeldung
summary: Die Unternehmen des Arbeitskreises tauschen sich über Energieeffizienz aus.
sdgs:
  - goal: 13
    evidence: Die Unternehmen arbeiten an Maßnahmen zum Klimaschutz.
reviewed: 2026-11-02
"""

PLACE = "location:\n  venue: Besucherzentrum\n  city: Bremen\n  region: DE-HB\n"


def with_event(project, text: str = EVENT, name: str = "x"):
    project.write("data/members/hansa-flex.yml", MEMBER)
    project.write(f"data/events/{name}.yml", text)


def test_a_good_event_loads_with_berlin_times(project):
    with_event(project)
    catalog, problems = project.load()
    assert list(problems) == []
    event = catalog.events["x"]
    assert event.start == dt.datetime(2026, 11, 25, 14, 0, tzinfo=BERLIN)
    assert event.start.utcoffset() == dt.timedelta(hours=1)  # CET in November
    assert event.end == dt.datetime(2026, 11, 25, 17, 0, tzinfo=BERLIN)
    assert not event.all_day and event.organisers == ("puu-bremen", "hansa-flex")
    assert event.location.attendance == "offline"
    assert event.source == SourceRef("data/events/x.yml")


def test_projects_without_an_events_folder_are_fine(project):
    project.write("data/members/hansa-flex.yml", MEMBER)
    catalog, problems = project.load()
    assert list(problems) == [] and catalog.events == {}


@pytest.mark.parametrize("change, expected", [
    (("end: 2026-11-25 17:00", "end: 2026-11-25 13:00"),
     "data/events/x.yml:4:6: error: end: end (2026-11-25 13:00) lies before start (2026-11-25 14:00)"),
    (("start: 2026-11-25 14:00\nend: 2026-11-25 17:00", "start: 2026-11-25\nend: 2026-11-24"),
     "data/events/x.yml:4:6: error: end: end (2026-11-24) lies before start (2026-11-25)"),
    (("end: 2026-11-25 17:00", "end: 2026-11-25 14:00"),
     "data/events/x.yml:4:6: error: end: end is the same as start"),
    (("organisers: [puu-bremen, hansa-flex]", "organisers: [puu-bremen, hansa-flx]"),
     "data/events/x.yml:9:26: error: organisers[1]: 'hansa-flx' is neither a member nor a network"),
    (("organisers: [puu-bremen, hansa-flex]", "organisers: []"),
     "data/events/x.yml:9:13: error: organisers: needs at least 1 entries"),
    (("kind: arbeitskreis", "kind: seminar"),
     "data/events/x.yml:2:7: error: kind: 'seminar' is not a kind of event"),
    ((PLACE, ""),
     "data/events/x.yml:1:1: error: missing required field 'location'"),
    ((PLACE, "location:\n  venue: Besucherzentrum\n"),
     "data/events/x.yml:5:1: error: location: the event has no place: neither city and region nor 'online: true'"),
    ((PLACE, "location:\n  online: false\n"),
     "data/events/x.yml:5:1: error: location: the event has no place: neither city and region nor 'online: true'"),
    ((PLACE, "location:\n  online: true\n  venue: Videokonferenz\n"),
     "data/events/x.yml:7:3: error: location.venue: an online event has no venue"),
    ((PLACE, "location:\n  city: Bremen\n"),
     "data/events/x.yml:6:3: error: location.city: 'city' needs 'region' too"),
    (("region: DE-HB", "region: DE-XX"),
     "data/events/x.yml:8:11: error: location.region: 'DE-XX' is not a German state"),
    (("registration: https://www.example.org/anmeldung", "registration: www.example.org/anmeldung"),
     "data/events/x.yml:10:15: error: registration: 'www.example.org/anmeldung' is not a web address"),
    (("registration: https://www.example.org/anmeldung", "registration: javascript:alert(1)"),
     "data/events/x.yml:10:15: error: registration: 'javascript:alert(1)' is not a web address "
     "('javascript:' is not allowed)"),
    (("start: 2026-11-25 14:00", "start: 2026-02-30 14:00"),
     "data/events/x.yml:3:8: error: start: '2026-02-30 14:00' is not a real date"),
    (("start: 2026-11-25 14:00\nend: 2026-11-25 17:00", "start: 2026-02-30"),
     "data/events/x.yml:3:8: error: start: '2026-02-30' is not a real date"),
    (("start: 2026-11-25 14:00", "start: 2026-11-25 25:00"),
     "data/events/x.yml:3:8: error: start: '2026-11-25 25:00' is not a real time"),
    (("start: 2026-11-25 14:00\nend: 2026-11-25 17:00", "start: 2026-03-29 02:30\nend: 2026-03-29 04:00"),
     "data/events/x.yml:3:8: error: start: '2026-03-29 02:30' does not exist in Europe/Berlin: "
     "the clocks go forward that night"),
    (("start: 2026-11-25 14:00", "start: 25.11.2026 14:00"),
     "data/events/x.yml:3:8: error: start: expected a date (2026-11-25) or a date and time (2026-11-25 09:30), "
     "found the text '25.11.2026 14:00'"),
    (("start: 2026-11-25 14:00", "start: 2026"),
     "data/events/x.yml:3:8: error: start: expected a date (2026-11-25) or a date and time (2026-11-25 09:30), "
     "found the number 2026"),
    (("start: 2026-11-25 14:00\n", ""),
     "data/events/x.yml:1:1: error: missing required field 'start'"),
    (("end: 2026-11-25 17:00", "end: 2026-11-26"),
     "data/events/x.yml:4:6: error: end: end has no time of day and start has one"),
    (("end: 2026-11-25 17:00", "end: 2026-11-25 17:00\nall_day: true"),
     "data/events/x.yml:3:8: error: start: an all-day event has no time of day"),
    (("start: 2026-11-25 14:00\nend: 2026-11-25 17:00", "start: 2026-11-25\nall_day: false"),
     "data/events/x.yml:3:8: error: start: the time of day is missing"),
    (("  - goal: 13", "  - goal: 18"),
     "data/events/x.yml:13:11: error: sdgs[0].goal: there is no SDG 18"),
    (("registration:", "anmeldung:"),
     "data/events/x.yml:10:1: error: anmeldung: unknown field 'anmeldung'"),
])
def test_event_problems(project, change, expected):
    old, new = change
    assert old in EVENT
    with_event(project, EVENT.replace(old, new))
    assert project.messages() == [expected]


def test_hints_name_the_way_out(project):
    with_event(project, EVENT.replace("hansa-flex]", "hansa-flx]"), name="a")
    project.write("data/events/b.yml", EVENT.replace("kind: arbeitskreis", "kind: workshp"))
    project.write("data/events/c.yml", EVENT.replace("organisers: [puu-bremen, hansa-flex]", "organisers: [zzz]"))
    hints = {p.file: p.hint for p in project.load()[1]}
    assert hints == {"data/events/a.yml": "did you mean 'hansa-flex'?",
                     "data/events/b.yml": "did you mean 'workshop'? (see data/vocab/event-kinds.yml)",
                     "data/events/c.yml": "use the file name of a member in data/members/ (without .yml) "
                                          "or the id of a network in data/vocab/networks.yml"}


def test_an_organiser_whose_file_is_broken_is_not_reported_twice(project):
    with_event(project)
    project.write("data/members/hansa-flex.yml", MEMBER.replace("region: DE-HB", "region: DE-XX"))
    assert project.messages() == ["data/members/hansa-flex.yml:6:11: error: location.region: "
                                  "'DE-XX' is not a German state"]


def test_all_day_hybrid_and_online_events(project):
    with_event(project, EVENT.replace("start: 2026-11-25 14:00\nend: 2026-11-25 17:00",
                                      "start: 2026-11-30\nend: 2026-12-04\nall_day: true")
               .replace(PLACE, PLACE + "  online: true\n"), name="woche")
    project.write("data/events/online.yml", EVENT.replace(PLACE, "location:\n  online: true\n"))
    catalog, problems = project.load()
    assert list(problems) == []
    week, online = catalog.events["woche"], catalog.events["online"]
    assert week.all_day and week.start == dt.date(2026, 11, 30) and week.last_day == dt.date(2026, 12, 4)
    assert week.multi_day and week.location.attendance == "mixed"
    assert online.location.attendance == "online" and online.location.region == ""


def test_reserved_and_bad_file_names(project):
    with_event(project, name="termine")
    project.write("data/events/index.yml", EVENT)
    project.write("data/events/Herbst Treffen.yml", EVENT)
    project.write("data/events/notiz.md", "x")
    assert project.messages() == [
        "data/events/Herbst Treffen.yml:1:1: error: file name 'Herbst Treffen' is not a valid slug",
        "data/events/index.yml:1:1: error: file name 'index' is reserved for a page of the site",
        "data/events/notiz.md:1:1: error: unexpected file: records in this folder end in '.yml'",
        "data/events/termine.yml:1:1: error: file name 'termine' is reserved for a page of the site",
    ]


def test_review_reminders_only_for_events_still_to_come(project):
    old = EVENT.replace("reviewed: 2026-11-02", "reviewed: 2024-01-10")
    with_event(project, old, name="kommt-noch")
    project.write("data/events/war-schon.yml", old.replace("2026-11-25", "2024-02-01"))
    assert project.messages() == ["data/events/kommt-noch.yml:15:11: warning: reviewed: last reviewed on 2024-01-10, "
                                  "more than 18 months ago"]


@pytest.mark.parametrize("text, expected", [
    ("2026-11-25", dt.date(2026, 11, 25)),
    ("2026-11-25 9:30", dt.datetime(2026, 11, 25, 9, 30, tzinfo=BERLIN)),
    ("2026-07-01T09:30:15", dt.datetime(2026, 7, 1, 9, 30, 15, tzinfo=BERLIN)),
    ("2026-10-25 02:30", dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)),  # twice that night: the first
    ("2026-03-29 02:30", "gap"),
    ("2026-02-29", "date"),
    ("2026-11-25 24:00", "time"),
    ("25.11.2026", "form"),
])
def test_parse_when(text, expected):
    assert parse_when(text) == expected


# --- upcoming and past -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalog():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors, [p.text() for p in problems]
    return catalog


def test_the_sample_has_events_before_and_after_the_build_date(catalog):
    upcoming, past = upcoming_and_past(catalog.events.values(), BUILD_DAY)
    assert len(catalog.events) >= 8 and len(upcoming) >= 3 and len(past) >= 3
    events = list(catalog.events.values())
    assert any(e.all_day and not e.multi_day for e in events)
    assert any(e.multi_day for e in events)
    assert any(e.location.attendance == "online" for e in events)
    assert any(e.first_day < BUILD_DAY <= e.last_day for e in events)  # one is on while the site is built


def test_split_orders_upcoming_soonest_first_and_past_latest_first(catalog):
    upcoming, past = upcoming_and_past(catalog.events.values(), BUILD_DAY)
    assert [e.last_day >= BUILD_DAY for e in upcoming] == [True] * len(upcoming)
    assert [e.last_day < BUILD_DAY for e in past] == [True] * len(past)
    assert [e.sort_key for e in upcoming] == sorted(e.sort_key for e in upcoming)
    assert [e.sort_key for e in past] == sorted((e.sort_key for e in past), reverse=True)
    assert {e.slug for e in upcoming} | {e.slug for e in past} == set(catalog.events)


def test_an_event_counts_as_upcoming_up_to_its_last_day(catalog):
    running = next(e for e in catalog.events.values() if e.first_day < BUILD_DAY <= e.last_day)
    assert running.upcoming(running.last_day) and not running.upcoming(running.last_day + dt.timedelta(days=1))


def _events_page(monkeypatch, catalog, day: dt.date) -> EventListView:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH[day])
    (page,) = [p for p in build_pages(catalog) if p.src_uri == urls.src_uri(urls.EVENTS)]
    return page.view


def test_the_build_date_decides_what_is_upcoming(monkeypatch, catalog):
    first = _events_page(monkeypatch, catalog, BUILD_DAY)
    later = _events_page(monkeypatch, catalog, dt.date(2026, 11, 26))
    assert first.today == BUILD_DAY and later.today == dt.date(2026, 11, 26)
    over = [e for e in first.upcoming if e.last_day < dt.date(2026, 11, 26)]
    assert over, "the sample should have events between the two dates"
    assert later.upcoming == first.upcoming[len(over):]
    assert later.past == [*reversed(over), *first.past]


def test_member_network_and_region_pages_get_the_upcoming_events(monkeypatch, catalog):
    for day in (BUILD_DAY, dt.date(2026, 11, 22)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH[day])
        upcoming, _ = upcoming_and_past(catalog.events.values(), day)
        for page in build_pages(catalog):
            view = page.view
            if isinstance(view, MemberView):
                assert view.events == [e for e in upcoming if view.member.slug in e.organisers]
            elif isinstance(view, ListView) and isinstance(view.term, Network):
                assert view.events == [e for e in upcoming if view.term.id in e.organisers]
            elif isinstance(view, ListView) and isinstance(view.term, Region):
                assert view.events == [e for e in upcoming if e.location.region == view.term.id]


# --- the built site ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                             "-d", str(out)], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return out


def soup(site: Path, address: str) -> BeautifulSoup:
    path = site / address / "index.html" if address.endswith("/") or not address else site / address
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, address: str):
    return soup(site, address).select_one("article.md-content__inner")


def resolve(address: str, href: str) -> str:
    """The site path a link on page ``address`` points to."""
    target = urljoin(SITE_URL + address, href)
    assert target.startswith(SITE_URL), target
    return urlsplit(target).path[len(urlsplit(SITE_URL).path):]


def card_slugs(scope) -> list[str]:
    return [li["data-kl-id"] for li in scope.select("li.kl-event-card")]


def text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def test_events_page_is_in_the_navigation(site):
    nav = soup(site, "").select_one("nav.md-nav--primary")
    targets = {resolve("", a["href"]) for a in nav.select("a[href]") if a.get_text(strip=True) == "Termine"}
    assert targets == {urls.EVENTS}


def test_events_page_lists_upcoming_then_past(site, catalog):
    upcoming, past = upcoming_and_past(catalog.events.values(), BUILD_DAY)
    page = article(site, urls.EVENTS)
    first = page.find(id="anstehend").find_parent("section")
    second = page.find(id="vergangen").find_parent("section")
    assert card_slugs(first) == [e.slug for e in upcoming]
    assert card_slugs(second) == [e.slug for e in past]
    assert first.find_next("section") is second  # upcoming first
    for card in page.select("li.kl-event-card"):
        event = catalog.events[card["data-kl-id"]]
        assert card["data-end"] == event.last_day.isoformat()
        link = card.select_one(".kl-card__title a")
        assert resolve(urls.EVENTS, link["href"]) == urls.event(event) and text(link) == event.title
        assert card.select_one("time")["datetime"] == iso_when(event.start)
        assert text(card.select_one("time")) == when_de(event)
    download = page.select_one(".kl-subscribe a[download]")
    assert resolve(urls.EVENTS, download["href"]) == urls.EVENTS_CALENDAR
    assert (site / urls.EVENTS_CALENDAR).is_file()


def test_event_page_header_facts_and_calendar_link(site, catalog):
    v = catalog.vocab
    for event in catalog.events.values():
        address = urls.event(event)
        page = article(site, address)
        assert text(page.h1).rstrip("¶ ") == event.title
        assert text(page.select_one(".kl-eyebrow")) == f"Termine · {v.event_kinds[event.kind].label}"
        when = page.select_one(".kl-event-when time")
        assert when["datetime"] == iso_when(event.start) and text(when) == when_de(event)
        assert event.summary in text(page.select_one(".kl-lead"))
        facts = {text(d.dt): d.dd for d in page.select("dl.kl-facts > div")}
        place = text(facts["Ort"])
        if event.location.on_site:
            assert event.location.city in place and v.regions[event.location.region].label in place
        else:
            assert place.startswith("Online")
        names = [text(li) for li in facts["Veranstaltet von"].select("li")]
        assert len(names) == len(event.organisers)
        (button,) = [a for a in page.select("a.md-button") if text(a) == "In den Kalender"]
        target = resolve(address, button["href"])
        assert target == urls.event_calendar(event)
        (vevent,) = icalendar.Calendar.from_ical((site / target).read_bytes()).walk("VEVENT")
        assert str(vevent["UID"]) == f"{event.slug}@{HOST}"
        over = page.select_one("[data-kl-over]")
        assert over.has_attr("hidden") == event.upcoming(BUILD_DAY)
        assert over["data-end"] == event.last_day.isoformat()
        if event.registration:
            assert facts["Anmeldung"].a["href"] == event.registration
        edit = soup(site, address).select_one("a[rel=edit]")["href"]
        assert edit.endswith(event.source.path)


def test_member_network_and_region_pages_show_upcoming_events_only(site, catalog):
    upcoming, past = upcoming_and_past(catalog.events.values(), BUILD_DAY)
    past_slugs = {e.slug for e in past}
    pages = [(urls.member(m), [e for e in upcoming if m.slug in e.organisers]) for m in catalog.members.values()]
    pages += [(urls.network(n), [e for e in upcoming if n.id in e.organisers]) for n in catalog.vocab.networks]
    pages += [(urls.region(r), [e for e in upcoming if e.location.region == r.id]) for r in catalog.vocab.regions]
    shown_somewhere = set()
    for address, expected in pages:
        page = article(site, address)
        heading = page.find(id="termine")
        if not expected and heading is None:
            continue
        assert heading is not None, f"/{address} does not show its upcoming events"
        section = heading.find_parent("section")
        assert card_slugs(section) == [e.slug for e in expected], address
        assert not past_slugs & set(card_slugs(page)), address
        shown_somewhere.update(card_slugs(section))
        none = section.select_one("[data-kl-none]")
        assert none.has_attr("hidden") == bool(expected)
    assert shown_somewhere == {e.slug for e in upcoming}
    # every network page offers its calendar, and the calendar holds exactly the network's events
    for network in catalog.vocab.networks:
        section = article(site, urls.network(network)).find(id="termine").find_parent("section")
        links = [resolve(urls.network(network), a["href"]) for a in section.select("a[href]")
                 if not a["href"].startswith("webcal:")]  # the subscription: tests/test_crawlers.py
        assert urls.network_calendar(network) in links
        cal = icalendar.Calendar.from_ical((site / urls.network_calendar(network)).read_bytes())
        assert sorted(str(v["UID"]) for v in cal.walk("VEVENT")) == \
            sorted(f"{e.slug}@{HOST}" for e in catalog.events.values() if network.id in e.organisers)


# --- calendar files --------------------------------------------------------------------------------

def test_ics_round_trip_gives_the_events_back(site, catalog):
    cal = icalendar.Calendar.from_ical((site / urls.EVENTS_CALENDAR).read_bytes())
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]).startswith("-//Kooplab//")
    assert cal.get_missing_tzids() == set()
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    vevents = {str(v["UID"]): v for v in cal.walk("VEVENT")}
    assert set(vevents) == {f"{slug}@{HOST}" for slug in catalog.events}
    for event in catalog.events.values():
        v = vevents[f"{event.slug}@{HOST}"]
        assert str(v["SUMMARY"]) == event.title
        assert v["DTSTAMP"].dt == dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc)
        assert str(v["URL"]) == SITE_URL + urls.event(event)
        assert event.summary in str(v["DESCRIPTION"])
        if event.all_day:
            assert v["DTSTART"].params.get("VALUE") == "DATE" and type(v.start) is dt.date
            assert v.start == event.start and v.end == event.last_day + dt.timedelta(days=1)  # exclusive
        else:
            assert v["DTSTART"].params["TZID"] == "Europe/Berlin"
            assert v.start == event.start and v.start.utcoffset() == event.start.utcoffset()
            assert v.start.tzinfo.key == "Europe/Berlin"
            if event.end:
                assert v.end == event.end and v["DTEND"].params["TZID"] == "Europe/Berlin"
        place = str(v["LOCATION"])
        assert place == "Online" if not event.location.on_site else event.location.city in place


def test_each_event_has_its_own_calendar_file(site, catalog):
    for event in catalog.events.values():
        cal = icalendar.Calendar.from_ical((site / urls.event_calendar(event)).read_bytes())
        (v,) = cal.walk("VEVENT")
        assert str(v["UID"]) == f"{event.slug}@{HOST}" and v.start == event.start
        assert bool(cal.walk("VTIMEZONE")) == (not event.all_day)
        assert cal.get_missing_tzids() == set()
        assert (site / urls.event_calendar(event)).read_bytes().count(b"\r\n") > 5  # CRLF line ends


def test_calendar_files_are_deterministic_and_stamped_with_the_build_date(catalog):
    one = Calendars(catalog, SITE_URL, "Kooperations-Lab", BUILD_DAY).files()
    again = Calendars(catalog, SITE_URL, "Kooperations-Lab", BUILD_DAY).files()
    assert one == again
    later = dict(Calendars(catalog, SITE_URL, "Kooperations-Lab", dt.date(2026, 11, 26)).files())
    for path, data in one:
        assert data.replace(b"DTSTAMP:20261121T", b"DTSTAMP:20261126T") == later[path]
    local = dict(Calendars(catalog, "", "Kooperations-Lab", BUILD_DAY).files())
    uids = [str(v["UID"]) for v in icalendar.Calendar.from_ical(local[urls.EVENTS_CALENDAR]).walk("VEVENT")]
    assert uids and all(uid.endswith("@kooplab") for uid in uids)  # no site_url: a fixed host part


def test_calendars_of_edge_cases_parse_back(project):
    """An event across the change to summer time and a single all-day event with no end."""
    with_event(project, EVENT.replace("start: 2026-11-25 14:00\nend: 2026-11-25 17:00",
                                      "start: 2027-03-27 20:00\nend: 2027-03-28 10:00"), name="nacht")
    project.write("data/events/tag.yml", EVENT.replace("start: 2026-11-25 14:00\nend: 2026-11-25 17:00\n",
                                                       "start: 2027-05-08\n"))
    catalog, problems = project.load()
    assert list(problems) == []
    files = dict(Calendars(catalog, "", "Test", BUILD_DAY).files())
    (night,) = icalendar.Calendar.from_ical(files["termine/nacht.ics"]).walk("VEVENT")
    assert night.start.utcoffset() == dt.timedelta(hours=1) and night.end.utcoffset() == dt.timedelta(hours=2)
    utc = dt.timezone.utc
    assert night.end.astimezone(utc) - night.start.astimezone(utc) == dt.timedelta(hours=13)  # an hour less
    (day,) = icalendar.Calendar.from_ical(files["termine/tag.ics"]).walk("VEVENT")
    assert (day.start, day.end) == (dt.date(2027, 5, 8), dt.date(2027, 5, 9))


# --- JSON-LD, exports, API ---------------------------------------------------------------------------

EVENT_LD = {"@context", "@type", "@id", "name", "description", "url", "startDate", "endDate", "eventStatus",
            "eventAttendanceMode", "location", "organizer", "inLanguage", "about", "offers"}


def jsonld(site: Path, address: str) -> list[dict]:
    return [json.loads(s.string) for s in soup(site, address).find_all("script", type="application/ld+json")]


def test_event_pages_describe_a_schema_org_event(site, catalog):
    modes = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
             "mixed": "MixedEventAttendanceMode"}
    for event in catalog.events.values():
        (node,) = jsonld(site, urls.event(event))
        assert node["@type"] == "Event" and set(node) <= EVENT_LD, set(node) - EVENT_LD
        assert node["name"] == event.title and node["url"] == SITE_URL + urls.event(event)
        assert node["startDate"] == event.start.isoformat()
        if event.all_day:
            assert node["endDate"] == event.last_day.isoformat()
        else:
            assert node["startDate"].endswith(("+01:00", "+02:00"))
            assert node["endDate"] == event.end.isoformat()
        assert node["eventAttendanceMode"] == f"https://schema.org/{modes[event.location.attendance]}"
        places = node["location"] if isinstance(node["location"], list) else [node["location"]]
        types = [p["@type"] for p in places]
        assert types == {"offline": ["Place"], "online": ["VirtualLocation"],
                         "mixed": ["Place", "VirtualLocation"]}[event.location.attendance]
        for place in places:
            if place["@type"] == "Place":
                assert place["address"]["addressLocality"] == event.location.city
                assert place["address"]["@type"] == "PostalAddress"
        assert len(node["organizer"]) == len(event.organisers)
        assert all(o["@type"] == "Organization" for o in node["organizer"])
    assert jsonld(site, urls.EVENTS) == []


REGISTRY = Registry().with_resources(
    (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
    for p in sorted((REPO / "data/schema").glob("*.schema.json")))


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": name}, registry=REGISTRY, format_checker=FormatChecker())


def load(site: Path, rel: str):
    return json.loads((site / rel).read_text(encoding="utf-8"))


def test_events_json_validates_and_rebuilds_the_records(site, catalog):
    doc = load(site, "daten/events.json")
    assert not [e.message for e in validator("export.schema.json").iter_errors(doc)]
    assert doc["type"] == "events" and doc["count"] == len(doc["events"]) == len(catalog.events)
    records = doc["events"]
    assert [r["slug"] for r in records] == sorted(catalog.events)
    top = list(dict.fromkeys((f.path or (f.name,))[0] for f in EVENT_FIELDS))
    properties = set(json.loads((REPO / "data/schema/event.schema.json").read_text(encoding="utf-8"))["properties"])
    for record in records:
        assert list(record) == top and properties <= set(record)
        assert record["url"] == SITE_URL + urls.event(record["slug"])
        assert record["calendar"] == SITE_URL + urls.event_calendar(record["slug"])
    rebuilt = records_from_json(doc)
    assert rebuilt == [catalog.events[slug] for slug in sorted(catalog.events)]
    # every field of the record is exported (the JSON is lossless)
    declared = {(f.path or (f.name,))[0] for f in EVENT_FIELDS}
    assert {f.name for f in dataclasses.fields(Event)} <= declared


def test_events_csv_has_the_declared_columns(site, catalog):
    raw = (site / "daten/events.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert list(rows[0]) == [f.name for f in EVENT_FIELDS]
    assert [r["slug"] for r in rows] == sorted(catalog.events)
    for row in rows:
        event = catalog.events[row["slug"]]
        assert row["organisers"].split(LIST_SEPARATOR) == list(event.organisers)
        assert (row["sdgs"].split(SDG_SEPARATOR) if row["sdgs"] else []) == [str(g) for g in event.goals]
        assert row["all_day"] == ("true" if event.all_day else "false")
        assert row["start"] == event.start.isoformat() and row["region"] == event.location.region
    package = load(site, "daten/datapackage.json")
    (resource,) = [r for r in package["resources"] if r["name"] == "events"]
    assert [f["name"] for f in resource["schema"]["fields"]] == [f.name for f in EVENT_FIELDS]


def test_api_has_a_file_per_event_and_counts_them(site, catalog):
    check = validator("export.schema.json")
    index = load(site, "api/index.json")
    assert index["counts"]["events"] == len(catalog.events)
    assert [e["id"] for e in index["events"]] == sorted(catalog.events)
    assert index["links"]["calendar"] == SITE_URL + urls.EVENTS_CALENDAR
    bulk = {r["slug"]: r for r in load(site, "daten/events.json")["events"]}
    for slug, event in catalog.events.items():
        doc = load(site, f"api/events/{slug}.json")
        assert not [e.message for e in check.iter_errors(doc)], slug
        assert doc["type"] == "event" and doc["id"] == slug and doc["record"] == bulk[slug]
        assert {o["id"] for o in doc["organisers"]} == set(event.organisers)
        for link in [*doc["organisers"], *doc["sdgs"]]:
            for key in ("href", "url"):
                if key in link:
                    rel = link[key][len(SITE_URL):]
                    assert (site / (rel + "index.html" if rel.endswith("/") else rel)).is_file(), link[key]
        assert doc["links"]["calendar"] == SITE_URL + urls.event_calendar(event)
    page = soup(site, urls.event(next(iter(catalog.events))))
    (alternate,) = page.head.select('link[rel=alternate][type="application/json"]')
    assert resolve(urls.event(next(iter(catalog.events))), alternate["href"]).startswith("api/events/")


def test_data_page_offers_the_event_downloads(site):
    table = article(site, "daten/").find("h2", id="downloads").find_next("table")
    linked = {resolve("daten/", a["href"]) for a in table.select("a[href]")}
    assert {"daten/events.json", "daten/events.csv", urls.EVENTS_CALENDAR} <= linked
    for row in table.select("tbody tr"):
        target = resolve("daten/", row.a["href"])
        assert int(row.find("td", attrs={"data-bytes": True})["data-bytes"]) == (site / target).stat().st_size
    assert article(site, "daten/").find(id="felder-events") is not None


# --- in the browser: a page built last week hides yesterday's event ---------------------------------------

@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def server(site):
    """The built site over HTTP (the filter fetches its index); links are relative, so the root will do."""
    with serving(site) as base:
        yield base


def open_on(browser, server: str, address: str, when: dt.datetime):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.clock.set_fixed_time(when)
    page.goto(server + address)
    page.kl_errors = errors
    return page


def shown(page, selector: str) -> list[str]:
    """data-kl-id of the cards matching ``selector`` that are not hidden (nor inside something hidden)."""
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => !e.closest('[hidden]')).map(e => e.dataset.klId)")


def test_the_reader_s_date_moves_events_that_are_over(browser, server, catalog):
    reader_day = dt.date(2026, 11, 26)  # the page was built on 2026-11-21
    page = open_on(browser, server, urls.EVENTS, dt.datetime(2026, 11, 26, 23, 30, tzinfo=BERLIN))
    upcoming, past = upcoming_and_past(catalog.events.values(), reader_day)
    assert shown(page, "#kl-anstehend .kl-event-card") == [e.slug for e in upcoming]
    assert shown(page, "#kl-vergangen .kl-event-card") == [e.slug for e in past]
    assert page.kl_errors == []
    page.close()


def test_the_reader_s_date_hides_past_events_on_other_pages(browser, server, catalog):
    network = catalog.vocab.networks["puu-bremen"]
    soon = [e for e in catalog.events.values() if network.id in e.organisers and e.upcoming(BUILD_DAY)]
    assert soon
    after = dt.datetime.combine(max(e.last_day for e in soon) + dt.timedelta(days=1), dt.time(9), tzinfo=BERLIN)
    page = open_on(browser, server, urls.network(network), after)
    assert shown(page, ".kl-upcoming .kl-event-card") == []
    assert page.is_visible(".kl-upcoming [data-kl-none]")
    page.close()
    event = soon[0]
    page = open_on(browser, server, urls.event(event), after)
    assert page.is_visible("[data-kl-over]")
    page.close()
    page = open_on(browser, server, urls.event(event), dt.datetime(2026, 11, 21, 9, tzinfo=BERLIN))
    assert not page.is_visible("[data-kl-over]") and page.kl_errors == []
    page.close()


def test_the_filter_index_of_the_events_page(site, catalog):
    index = load(site, "termine/filter.json")
    assert [f["key"] for f in index["facets"]] == ["kind", "region", "network", "sdg"]
    form = article(site, urls.EVENTS).select_one("form.kl-filter")
    assert resolve(urls.EVENTS, form["data-kl-filter"]) == "termine/filter.json"
    regions = dict(next(f for f in index["facets"] if f["key"] == "region")["options"])
    assert regions["online"] == "Online"
    used = {e.location.region for e in catalog.events.values() if e.location.region}
    assert set(regions) == used | {"online"}


@pytest.mark.parametrize("query, keep", [
    ("?kind=workshop", lambda e: e.kind == "workshop"),
    ("?region=online", lambda e: e.location.online),
    ("?region=DE-NI,DE-HB", lambda e: e.location.region in ("DE-NI", "DE-HB")),
    ("?network=oekoprofit-hannover&sdg=12", lambda e: "oekoprofit-hannover" in e.organisers and 12 in e.goals),
])
def test_the_events_filter_works_with_the_reader_s_date(browser, server, catalog, query, keep):
    page = open_on(browser, server, urls.EVENTS + query, dt.datetime(2026, 11, 26, 12, tzinfo=BERLIN))
    page.wait_for_selector("form.kl-filter[data-kl-ready]")
    upcoming, past = upcoming_and_past(catalog.events.values(), dt.date(2026, 11, 26))
    assert shown(page, "#kl-anstehend .kl-event-card") == [e.slug for e in upcoming if keep(e)]
    assert shown(page, "#kl-vergangen .kl-event-card") == [e.slug for e in past if keep(e)]
    assert page.kl_errors == []
    page.close()
