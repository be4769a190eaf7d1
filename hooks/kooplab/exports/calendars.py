"""Calendar files (iCalendar, RFC 5545) of the events, made with the ``icalendar`` library.

- ``termine/<slug>.ics``: one event, for "In den Kalender";
- ``termine/termine.ics``: all events, to subscribe to;
- ``netzwerke/<id>/termine.ics``: the events a network organises.

Timed events carry ``TZID=Europe/Berlin`` and the matching ``VTIMEZONE`` (made by
icalendar from the zoneinfo database for the years the calendar spans, with one onset
per observance: see :func:`single_onsets`); all-day
events are ``DATE`` values with the exclusive ``DTEND`` the standard asks for (the
day after the last day). ``UID`` is ``<slug>@<site host>`` and never changes while
the file name stays; ``DTSTAMP`` is the build date, so the same data on the same
day gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable
from urllib.parse import urlsplit

import icalendar

from kooplab import urls
from kooplab.load.catalog import Catalog
from kooplab.load.events import organisers
from kooplab.records import Event

PRODID = "-//Kooplab//Termine//DE"
REFRESH = dt.timedelta(days=1)  # subscribers fetch the feeds daily, as often as the site is rebuilt


def host(site_url: str) -> str:
    """The part of the UIDs after '@': the site's host name, or 'kooplab' without a site_url."""
    return (urlsplit(site_url).hostname or "kooplab") if site_url else "kooplab"


def uid(event: Event | str, site_url: str) -> str:
    return f"{event if isinstance(event, str) else event.slug}@{host(site_url)}"


def exclusive_end(event: Event) -> dt.date | dt.datetime | None:
    """DTEND as RFC 5545 wants it: for all-day events the day after the last day."""
    if event.all_day:
        return event.last_day + dt.timedelta(days=1)
    return event.end


def place_text(event: Event, region_label: str = "") -> str:
    """'Venue, Street, 30159 Hannover' (and 'und online'), or 'Online'."""
    loc = event.location
    if not loc.on_site:
        return "Online"
    town = f"{loc.postcode} {loc.city}" if loc.postcode else loc.city
    parts = [p for p in (loc.venue, loc.street, town) if p]
    if region_label and region_label != loc.city:
        parts.append(region_label)
    return ", ".join(parts) + (" und online" if loc.online else "")


def single_onsets(cal: icalendar.Calendar) -> None:
    """Split each STANDARD and DAYLIGHT observance that lists further onsets in ``RDATE`` into one observance
    per onset (``DTSTART`` only). icalendar writes ``DTSTART`` plus ``RDATE``s; Mozilla's ical.js (Thunderbird,
    Nextcloud) skips ``DTSTART`` when there are ``RDATE``s and reads one date per ``RDATE`` line, so it read
    the first summer of every calendar as winter time: its events one hour early."""
    for zone in cal.walk("VTIMEZONE"):
        observances = []
        for observance in zone.subcomponents:
            rdates = observance.get("RDATE")
            if rdates is None:
                observances.append(observance)
                continue
            onsets = [observance.DTSTART] + [p.dt for r in (rdates if isinstance(rdates, list) else [rdates])
                                             for p in r.dts]
            for onset in sorted(set(onsets)):
                single = type(observance)()
                for key, value in observance.items():
                    if key not in ("DTSTART", "RDATE"):
                        single[key] = value
                single.add("DTSTART", onset)
                observances.append(single)
        zone.subcomponents = sorted(observances, key=lambda o: o.DTSTART)


class Calendars:
    """The calendar files of one build."""

    def __init__(self, catalog: Catalog, site_url: str, site_name: str, today: dt.date) -> None:
        self.catalog = catalog
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.site_name = site_name or "Kooplab"
        self.stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc)

    def _url(self, path: str) -> str | None:
        return f"{self.site_url}{path}" if self.site_url else None

    def vevent(self, event: Event) -> icalendar.Event:
        v = self.catalog.vocab
        region = v.regions.get(event.location.region)
        names = [o.name for o in organisers(event, self.catalog.members, v.networks)]
        lines = [event.summary, "", f"Veranstaltet von: {', '.join(names)}"]
        if event.registration:
            lines.append(f"Anmeldung: {event.registration}")
        page = self._url(urls.event(event))
        if page:
            lines.append(f"Mehr: {page}")
        component = icalendar.Event.new(
            uid=uid(event, self.site_url), stamp=self.stamp, summary=event.title,
            start=event.start, end=exclusive_end(event),
            location=place_text(event, region.label if region else ""),
            description="\n".join(lines), categories=[v.event_kinds[event.kind].label], url=page)
        return component

    def calendar(self, events: Iterable[Event], path: str, name: str = "", description: str = "") -> bytes:
        """A calendar of ``events``, published at ``path``; with a ``name`` it is a feed to subscribe to."""
        events = sorted(events, key=lambda e: e.sort_key)
        cal_uid = uid(path.removesuffix(".ics").replace("/", "-"), self.site_url)
        if name:
            cal = icalendar.Calendar.new(prodid=PRODID, uid=cal_uid, method="PUBLISH", name=name,
                                         description=description, url=self._url(path))
            cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
            cal.add("X-PUBLISHED-TTL", "P1D")  # the same for Outlook
        else:
            cal = icalendar.Calendar.new(prodid=PRODID, uid=cal_uid, method="PUBLISH")
        for event in events:
            cal.add_component(self.vevent(event))
        if events:
            first = min(e.first_day for e in events)
            last = max(e.last_day for e in events)
            # VTIMEZONE rules from the zoneinfo database, for the years the calendar spans
            cal.add_missing_timezones(first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 1, 12, 31))
            single_onsets(cal)
        return cal.to_ical()

    def all_events(self) -> bytes:
        """termine/termine.ics: every event, past and upcoming."""
        return self.calendar(self.catalog.events.values(), urls.EVENTS_CALENDAR, f"{self.site_name}: Termine",
                             "Alle Termine des Netzwerks.")

    def files(self) -> list[tuple[str, bytes]]:
        """(site path, bytes) of every calendar file."""
        events = list(self.catalog.events.values())
        out = [(urls.event_calendar(e), self.calendar([e], urls.event_calendar(e))) for e in events]
        out.append((urls.EVENTS_CALENDAR, self.all_events()))
        for network in self.catalog.vocab.networks:
            mine = [e for e in events if network.id in e.organisers]
            out.append((urls.network_calendar(network),
                        self.calendar(mine, urls.network_calendar(network), f"{network.label}: Termine",
                                      f"Termine von {network.label}.")))
        return out
