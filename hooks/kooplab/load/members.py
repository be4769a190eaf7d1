"""Members: data/members/<slug>.yml -> checked :class:`Member` records."""

from __future__ import annotations

from pathlib import Path

from kooplab.load.checks import (
    Checking,
    check_goals,
    check_logo,
    check_reviewed,
    check_sdgs,
    check_slug,
    check_term,
    to_date,
)
from kooplab.load.contacts import check_contacts, contacts_of
from kooplab.load.document import Document, dotted
from kooplab.load.links import check_markdown
from kooplab.load.schema import Schemas
from kooplab.load.source import read_yaml
from kooplab.load.web import check_url
from kooplab.problems import Problems
from kooplab.records import Exchange, Location, Member, SdgTag, SourceRef

# a generous box around Germany: points outside are most likely typos or swapped lat/lon
_LAT = (47.0, 55.2)
_LON = (5.5, 15.5)


def load_member(path: Path, rel: str, ctx: Checking, schemas: Schemas, problems: Problems,
                today) -> Member | None:
    slug = path.stem
    slug_ok = check_slug(slug, rel, problems)
    doc = read_yaml(path, rel, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.error(rel, (1, 1), "", "a member file holds 'field: value' lines, not a list or a single value",
                       "start from the template in data/templates/mitglied.yml")
        return None
    if not schemas.check(doc, "member.schema.json", problems):
        _check_values(doc, ctx, problems, today)  # report value problems of the other fields too
        return None
    # doc.reported: a duplicate key or an unusable value was reported while reading
    if not _check_values(doc, ctx, problems, today) or not slug_ok or doc.reported:
        return None
    return _build(slug, doc)


def _check_values(doc: Document, ctx: Checking, problems: Problems, today) -> bool:
    """Checks of values against vocabularies, files and each other; True when all pass."""
    d, v, n = doc.data, ctx.vocab, problems.error_count

    def has(*path) -> bool:  # present and of the right type (the schema reports the rest)
        node = d
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return isinstance(node, str)

    if has("kind"):
        check_term(doc, ("kind",), d["kind"], v.kinds, problems)
    if has("sector"):
        check_term(doc, ("sector",), d["sector"], v.sectors, problems)
    if has("location", "region"):
        check_term(doc, ("location", "region"), d["location"]["region"], v.regions, problems)
    if has("website"):
        check_url(doc, ("website",), d["website"], problems)
    if has("description"):
        check_markdown(doc, ("description",), d["description"], problems)
    if has("logo"):
        check_logo(doc, ("logo",), d["logo"], ctx, problems)
    networks = d.get("networks")
    for i, network in enumerate(networks if isinstance(networks, list) else []):
        if isinstance(network, str):
            check_term(doc, ("networks", i), network, v.networks, problems)
    location = d.get("location")
    abroad = isinstance(location, dict) and location.get("region") in v.regions \
        and v.regions[location["region"]].abroad  # the box is Germany's
    if isinstance(location, dict) and isinstance(location.get("lat"), (int, float)) \
            and isinstance(location.get("lon"), (int, float)) and not abroad:
        lat, lon = location["lat"], location["lon"]
        if not (_LAT[0] <= lat <= _LAT[1] and _LON[0] <= lon <= _LON[1]):
            hint = "lat and lon look swapped" if (_LAT[0] <= lon <= _LAT[1] and _LON[0] <= lat <= _LON[1]) \
                else "check the coordinates (lat about 47 to 55, lon about 6 to 15 in Germany)"
            problems.warning(doc.rel, doc.pos(("location", "lat")), "location.lat",
                             f"({lat}, {lon}) lies outside Germany", hint)
    check_contacts(doc, ("contacts",), d.get("contacts"), today, problems)
    if has("reviewed") or hasattr(d.get("reviewed"), "isoformat"):
        check_reviewed(doc, d["reviewed"], ctx, today, problems)
    if isinstance(d.get("sdgs"), list) and all(isinstance(t, dict) and isinstance(t.get("goal"), int)
                                               and isinstance(t.get("evidence"), str) for t in d["sdgs"]):
        check_sdgs(doc, ("sdgs",), d["sdgs"], v, problems)
    for side in ("offers", "needs"):
        _check_exchange(doc, side, ctx, problems, today)
    return problems.error_count == n


_ENTRY = {"offers": "offer", "needs": "need"}


def _check_exchange(doc: Document, side: str, ctx: Checking, problems: Problems, today) -> None:
    """``offers``/``needs`` of the Kooperationsbörse: category, goals, and a warning once ``until`` has passed."""
    entries = doc.data.get(side)
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue  # the schema reports it
        if isinstance(entry.get("category"), str):
            check_term(doc, (side, i, "category"), entry["category"], ctx.vocab.exchange, problems)
        if isinstance(entry.get("sdgs"), list):
            check_goals(doc, (side, i, "sdgs"), entry["sdgs"], ctx.vocab, problems)
        until = (side, i, "until")
        if "until" not in entry or until in doc.reported:
            continue
        try:
            day = to_date(entry["until"])
        except (TypeError, ValueError):
            continue  # the schema reports dates that are not dates
        if day < today:
            problems.warning(doc.rel, doc.pos(until), dotted(until),
                             f"the {_ENTRY[side]} ended on {day.isoformat()} and is no longer shown",
                             "remove the entry, or set a later date if it still holds")


def _exchange(entries) -> tuple[Exchange, ...]:
    return tuple(Exchange(category=e["category"], title=e["title"].strip(),
                          description=(e.get("description") or "").strip(), sdgs=tuple(e.get("sdgs") or ()),
                          until=to_date(e["until"]) if e.get("until") else None)
                 for e in entries or [])


def _build(slug: str, doc: Document) -> Member:
    d = doc.data
    loc = d["location"]
    return Member(
        slug=slug,
        name=d["name"].strip(),
        kind=d["kind"],
        summary=d["summary"].strip(),
        location=Location(city=loc["city"], region=loc["region"], postcode=loc.get("postcode", ""),
                          street=loc.get("street", ""), lat=loc.get("lat"), lon=loc.get("lon")),
        reviewed=to_date(d["reviewed"]),
        source=SourceRef(doc.rel),
        description=d.get("description", "") or "",
        website=d.get("website", ""),
        sector=d.get("sector", ""),
        networks=tuple(d.get("networks") or ()),
        member_since=d.get("member_since"),
        sdgs=tuple(SdgTag(goal=t["goal"], evidence=t["evidence"].strip()) for t in d.get("sdgs") or []),
        contacts=contacts_of(d.get("contacts")),
        logo=d.get("logo", ""),
        aliases=tuple(d.get("aliases") or ()),
        offers=_exchange(d.get("offers")),
        needs=_exchange(d.get("needs")),
    )

