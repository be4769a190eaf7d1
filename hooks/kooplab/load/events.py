"""Events (Termine): data/events/<slug>.yml -> checked :class:`Event` records.

Editors write dates and local times (Europe/Berlin): ``start: 2026-11-25 09:30``,
``start: 2026-12-03`` for an all-day event, ``end`` the same way (for an all-day
event its last day). That organisers are members or networks is checked by the
catalog, once all members are loaded. Which events are upcoming is decided from
the build date (:func:`upcoming_and_past`), never stored in the record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from zoneinfo import ZoneInfo

from kooplab.load.checks import (
    Checking,
    check_future,
    check_reviewed,
    check_sdgs,
    check_slug,
    check_term,
    to_date,
)
from kooplab.load.document import Document
from kooplab.load.links import check_markdown
from kooplab.load.schema import Schemas
from kooplab.load.source import read_yaml
from kooplab.load.web import check_url
from kooplab.problems import Problems
from kooplab.records import (
    TIMEZONE,
    YEARS,
    Event,
    EventPlace,
    Member,
    Network,
    SdgTag,
    SourceRef,
)

ZONE = ZoneInfo(TIMEZONE)
# file names that would collide with the files under /termine/ (termine.ics, the index page)
RESERVED = frozenset({"termine"})

_WHEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def load_event(path: Path, rel: str, ctx: Checking, schemas: Schemas, problems: Problems,
               today: dt.date) -> Event | None:
    slug = path.stem
    slug_ok = check_slug(slug, rel, problems)
    if slug_ok and slug in RESERVED:
        problems.error(rel, (1, 1), "", f"file name '{slug}' is reserved for a page of the site",
                       "choose a more specific name, e.g. the event's title and year")
        slug_ok = False
    doc = read_yaml(path, rel, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.error(rel, (1, 1), "", "an event file holds 'field: value' lines, not a list or a single value",
                       "start from the template in data/templates/termin.yml")
        return None
    structure_ok = schemas.check(doc, "event.schema.json", problems)
    times = _check_values(doc, ctx, problems, today)  # value problems of the other fields too
    # doc.reported: a duplicate key or an unusable value was reported while reading
    if not structure_ok or times is None or not slug_ok or doc.reported:
        return None
    return _build(slug, doc, *times)


# --- dates and times ------------------------------------------------------------------

def parse_when(text: str) -> dt.date | dt.datetime | str:
    """'2026-11-25' -> date, '2026-11-25 09:30' -> aware datetime in Europe/Berlin; else the reason
    it is not a point in time ('date', 'time' or 'gap' for a local time skipped by the clock change)."""
    match = _WHEN.match(text.strip())
    if match is None:
        return "form"
    year, month, day, hour, minute, second = match.groups()
    try:
        day_ = dt.date(int(year), int(month), int(day))
    except ValueError:
        return "date"
    if day_.year not in YEARS:
        return "year"
    if hour is None:
        return day_
    try:
        local = dt.datetime.combine(day_, dt.time(int(hour), int(minute), int(second or 0)), tzinfo=ZONE)
    except ValueError:
        return "time"
    # 02:30 on the last Sunday of March does not exist: the round trip through UTC moves it
    if local.astimezone(dt.timezone.utc).astimezone(ZONE).replace(tzinfo=None) != local.replace(tzinfo=None):
        return "gap"
    return local


def _when_text(value: object) -> str | None:
    """The text of a start/end value as written, if it is one the schema accepts."""
    if isinstance(value, str) and _WHEN.match(value.strip()):
        return value.strip()
    return None


def _check_when(doc: Document, name: str, problems: Problems) -> dt.date | dt.datetime | None:
    if (name,) in doc.reported:
        return None
    text = _when_text(doc.data.get(name))
    if text is None:
        return None  # missing or malformed: the schema reports it
    value = parse_when(text)
    where = doc.pos((name,))
    if value == "date":
        problems.error(doc.rel, where, name, f"'{text}' is not a real date", "use a date that exists, as YYYY-MM-DD")
    elif value == "year":
        problems.error(doc.rel, where, name, f"'{text}' lies outside the years {YEARS[0]} to {YEARS[-1]}",
                       "check the year")
    elif value == "time":
        problems.error(doc.rel, where, name, f"'{text}' is not a real time",
                       "write the time as HH:MM, from 00:00 to 23:59")
    elif value == "gap":
        problems.error(doc.rel, where, name, f"'{text}' does not exist in {TIMEZONE}: the clocks go forward "
                       "that night", "choose a time before 02:00 or from 03:00")
    else:
        return value
    return None


def _text(value: dt.date | dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def _check_times(doc: Document, problems: Problems):
    """start, end and all_day agree; returns (start, end) or None."""
    d = doc.data
    start = _check_when(doc, "start", problems)
    end = _check_when(doc, "end", problems) if "end" in d else None
    all_day = d.get("all_day")
    if start is None or ("end" in d and end is None):
        return None
    timed = isinstance(start, dt.datetime)
    if all_day is True and timed:
        problems.error(doc.rel, doc.pos(("start",)), "start", "an all-day event has no time of day",
                       "write the date alone (start: 2026-12-03), or remove 'all_day: true'")
        return None
    if all_day is False and not timed:
        problems.error(doc.rel, doc.pos(("start",)), "start", "the time of day is missing",
                       "write date and time (start: 2026-12-03 09:30), or set 'all_day: true'")
        return None
    if end is not None and isinstance(end, dt.datetime) != timed:
        problems.error(doc.rel, doc.pos(("end",)), "end",
                       "end has a time of day and start has none" if not timed
                       else "end has no time of day and start has one",
                       "give both with a time, or both as dates for an all-day event")
        return None
    if end is not None and end < start:
        problems.error(doc.rel, doc.pos(("end",)), "end", f"end ({_text(end)}) lies before start ({_text(start)})",
                       "check both dates and times")
        return None
    if end is not None and timed and end == start:
        problems.error(doc.rel, doc.pos(("end",)), "end", "end is the same as start",
                       "give the time the event ends, or leave out 'end'")
        return None
    return start, end


# --- the other values -----------------------------------------------------------------

def _check_values(doc: Document, ctx: Checking, problems: Problems, today: dt.date):
    """Value checks; returns (start, end) when all pass, else None."""
    d, v, n = doc.data, ctx.vocab, problems.error_count
    if isinstance(d.get("kind"), str):
        check_term(doc, ("kind",), d["kind"], v.event_kinds, problems)
    location = d.get("location")
    if isinstance(location, dict):
        if isinstance(location.get("region"), str):
            check_term(doc, ("location", "region"), location["region"], v.regions, problems)
        online = location.get("online") is True
        if not location.get("city") and not online:
            problems.error(doc.rel, doc.pos(("location",), key=True), "location",
                           "the event has no place: neither city and region nor 'online: true'",
                           "give city and region (e.g. city: Hannover, region: DE-NI), or 'online: true'")
        elif online and not location.get("city"):
            for name in ("venue", "street", "postcode"):
                if name in location:
                    problems.error(doc.rel, doc.pos(("location", name), key=True), f"location.{name}",
                                   f"an online event has no {name}",
                                   "remove it, or add city and region for an event on site and online")
                    break
    if isinstance(d.get("registration"), str):
        check_url(doc, ("registration",), d["registration"], problems)
    if isinstance(d.get("description"), str):
        check_markdown(doc, ("description",), d["description"], problems)
    sdgs = d.get("sdgs")
    if isinstance(sdgs, list) and all(isinstance(t, dict) and isinstance(t.get("goal"), int)
                                      and isinstance(t.get("evidence"), str) for t in sdgs):
        check_sdgs(doc, ("sdgs",), sdgs, v, problems)
    times = _check_times(doc, problems)
    if (isinstance(d.get("reviewed"), str) or hasattr(d.get("reviewed"), "isoformat")) \
            and ("reviewed",) not in doc.reported:
        # a past event is not reviewed again: only the upcoming ones get the review reminder
        over = times is not None and _last_day(*times) < today
        if not over:
            check_reviewed(doc, d["reviewed"], ctx, today, problems)
        else:
            try:
                check_future(doc, ("reviewed",), to_date(d["reviewed"]), today, problems)
            except ValueError:
                pass  # the schema reports dates that are not dates
    if problems.error_count != n:
        return None
    return times


def _last_day(start, end) -> dt.date:
    last = end if end is not None else start
    return last.date() if isinstance(last, dt.datetime) else last


def _build(slug: str, doc: Document, start, end) -> Event:
    d = doc.data
    loc = d["location"]
    return Event(
        slug=slug,
        title=d["title"].strip(),
        kind=d["kind"],
        start=start,
        end=end,
        location=EventPlace(city=loc.get("city", ""), region=loc.get("region", ""), venue=loc.get("venue", ""),
                            street=loc.get("street", ""), postcode=loc.get("postcode", ""),
                            online=bool(loc.get("online", False))),
        organisers=tuple(d["organisers"]),
        summary=d["summary"].strip(),
        reviewed=to_date(d["reviewed"]),
        source=SourceRef(doc.rel),
        description=d.get("description", "") or "",
        registration=d.get("registration", ""),
        sdgs=tuple(SdgTag(goal=t["goal"], evidence=t["evidence"].strip()) for t in d.get("sdgs") or []),
    )


# --- upcoming and past ----------------------------------------------------------------

def upcoming_and_past(events: Iterable[Event], today: dt.date) -> tuple[list[Event], list[Event]]:
    """(upcoming soonest first, past most recent first), judged on ``today`` (the build date)."""
    ordered = sorted(events, key=lambda e: e.sort_key)
    upcoming = [e for e in ordered if e.upcoming(today)]
    past = [e for e in reversed(ordered) if not e.upcoming(today)]
    return upcoming, past


# --- organisers -------------------------------------------------------------------------

@dataclass(frozen=True)
class Organiser:
    """An organiser as written in ``organisers``: a member, a network, or both (an id such as
    'upj' can name a member and the network it runs)."""

    id: str
    member: Member | None = None
    network: Network | None = None

    @property
    def name(self) -> str:
        return self.member.name if self.member else self.network.label if self.network else self.id


def organisers(event: Event, members, networks) -> list[Organiser]:
    """The organisers of ``event`` looked up in ``members`` (by slug) and ``networks`` (by id)."""
    return [Organiser(o, members.get(o), networks.get(o)) for o in event.organisers
            if o in members or o in networks]
