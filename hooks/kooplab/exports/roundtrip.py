"""Back from JSON: the records of a members.json, cases.json or events.json, as they were loaded (the
exports are lossless; the tests build, export and read back every record)."""

from __future__ import annotations

import datetime as dt

from kooplab.load.events import ZONE
from kooplab.records import (
    Case,
    Contact,
    Event,
    EventPlace,
    Exchange,
    Location,
    Member,
    Outcome,
    Partner,
    Period,
    Picture,
    SdgTag,
    SourceRef,
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _period(value: str | None) -> Period | None:
    if not value:
        return None
    year, _, month = value.partition("-")
    return Period(int(year), int(month) if month else None)


def member_from_json(d: dict) -> Member:
    loc = d["location"]
    return Member(
        slug=d["slug"], name=d["name"], kind=d["kind"], summary=d["summary"],
        location=Location(city=loc["city"], region=loc["region"], postcode=loc["postcode"] or "",
                          street=loc["street"] or "", lat=loc["lat"], lon=loc["lon"]),
        reviewed=_date(d["reviewed"]), source=SourceRef(d["source"]),
        description=d["description"] or "", website=d["website"] or "", sector=d["sector"] or "",
        networks=tuple(d["networks"]), member_since=d["member_since"],
        sdgs=tuple(SdgTag(t["goal"], t["evidence"]) for t in d["sdgs"]),
        contacts=tuple(Contact(role=c["role"], name=c.get("name", ""), email=c.get("email", ""),
                               phone=c.get("phone", ""), consent=_date(c.get("consent"))) for c in d["contacts"]),
        logo=d["logo"] or "", aliases=tuple(d["aliases"]),
        offers=tuple(_exchange_from_json(e) for e in d["offers"]),
        needs=tuple(_exchange_from_json(e) for e in d["needs"]),
    )


def _exchange_from_json(e: dict) -> Exchange:
    return Exchange(category=e["category"], title=e["title"], description=e.get("description", ""),
                    sdgs=tuple(e.get("sdgs", ())), until=_date(e.get("until")))


def case_from_json(d: dict) -> Case:
    return Case(
        slug=d["slug"], title=d["title"], summary=d["summary"],
        partners=tuple(Partner(name=p, slug=p) if isinstance(p, str)
                       else Partner(p["name"], website=p.get("website", "")) for p in d["partners"]),
        formats=tuple(d["formats"]), region=d["region"], started=_period(d["started"]), status=d["status"],
        published=_date(d["published"]), reviewed=_date(d["reviewed"]), source=SourceRef(d["source"]),
        body=d["body"] or "", city=d["city"] or "", ended=_period(d["ended"]),
        sdgs=tuple(SdgTag(t["goal"], t["evidence"]) for t in d["sdgs"]),
        outcomes=tuple(Outcome(o["label"], o["value"], o.get("unit", "")) for o in d["outcomes"]),
        references=tuple(d["references"]), featured=d["featured"], aliases=tuple(d["aliases"]),
        modelled_on=tuple(d.get("modelled_on") or ()),
        image=Picture(src=d["image"]["src"], alt=d["image"]["alt"], credit=d["image"]["credit"] or "",
                      width=d["image"]["width"], height=d["image"]["height"]) if d.get("image") else None,
    )


def _when_from_json(value: str | None) -> dt.date | dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(value).astimezone(ZONE) if "T" in value else dt.date.fromisoformat(value)


def event_from_json(d: dict) -> Event:
    loc = d["location"]
    return Event(
        slug=d["slug"], title=d["title"], kind=d["kind"], start=_when_from_json(d["start"]),
        location=EventPlace(city=loc["city"] or "", region=loc["region"] or "", venue=loc["venue"] or "",
                            street=loc["street"] or "", postcode=loc["postcode"] or "", online=loc["online"]),
        organisers=tuple(d["organisers"]), summary=d["summary"], reviewed=_date(d["reviewed"]),
        source=SourceRef(d["source"]), end=_when_from_json(d["end"]), description=d["description"] or "",
        registration=d["registration"] or "", sdgs=tuple(SdgTag(t["goal"], t["evidence"]) for t in d["sdgs"]),
    )


def records_from_json(doc: dict) -> list[Member] | list[Case] | list[Event]:
    """Rebuild the records of a members.json, cases.json or events.json (as loaded with ``json.load``).

    Derived fields (``url``) are not read; ``source`` keeps the file path only, and
    members come without their ``cases`` (the catalog links those).
    """
    if "members" in doc:
        return [member_from_json(d) for d in doc["members"]]
    if "cases" in doc:
        return [case_from_json(d) for d in doc["cases"]]
    if "events" in doc:
        return [event_from_json(d) for d in doc["events"]]
    raise ValueError("neither a members.json, cases.json nor events.json: expected a 'members', 'cases' or "
                     "'events' list")
