"""The static JSON API under /api/: one file per member, case study, event and SDG, each with links to the
files and pages it refers to (``href``, ``url``), and an index."""

from __future__ import annotations

from typing import Any

from kooplab import urls
from kooplab.exports import bulk
from kooplab.exports.fields import SCHEMA_VERSION, optional, record_json, when_json
from kooplab.exports.publication import Publication
from kooplab.exports.schemas import schema_files
from kooplab.load.events import organisers
from kooplab.pages.stats import network_figures
from kooplab.pages.suggestions import Suggestion
from kooplab.records import Event
from kooplab.settings import build_date

API_DIR = urls.API_DIR


def _link(pub: Publication, kind: str, id_: str | int, **extra: Any) -> dict:
    """A link to another API file (``href``) and its page (``url``)."""
    page = {"members": urls.member, "cases": urls.case, "events": urls.event,
            "sdgs": lambda n: urls.goal(pub.catalog.vocab.sdgs[n])}[kind]
    return {"id": id_, **extra, "href": pub.url(f"{API_DIR}{kind}/{id_}.json"), "url": pub.url(page(id_))}


def _suggestion(pub: Publication, s: Suggestion) -> dict:
    """A partner suggestion with its score and reasons as data (kooplab.pages.scoring.Reason)."""
    return _link(pub, "members", s.member.slug, name=s.member.name, score=round(s.score, 2),
                 reasons=[{"kind": r.kind, "detail": list(r.detail), "points": round(r.points, 2)}
                          for r in s.reasons])


def api_files(pub: Publication) -> dict[str, dict]:
    """Every API document by its path in the site."""
    v = pub.catalog.vocab
    api: dict[str, dict] = {}
    index = pub.url(f"{API_DIR}index.json")
    for m in pub.members:
        cases = sorted(m.cases, key=lambda c: c.slug)
        api[f"{API_DIR}members/{m.slug}.json"] = {
            "schema_version": SCHEMA_VERSION, "type": "member", "id": m.slug,
            "record": record_json(m, pub.ctx),
            "cases": [_link(pub, "cases", c.slug, title=c.title) for c in cases],
            "sdgs": [_link(pub, "sdgs", t.goal, label=v.sdgs[t.goal].label) for t in m.sdgs],
            "suggestions": [_suggestion(pub, s) for s in pub.suggestions[m.slug]],
            "links": {"self": pub.url(f"{API_DIR}members/{m.slug}.json"), "index": index,
                      "logo": pub.url(m.logo) if m.logo else None},
        }
    for c in pub.cases:
        partners = []
        for p in c.partners:
            member = pub.catalog.members.get(p.slug) if p.is_member else None
            if member is not None:
                partners.append(_link(pub, "members", member.slug, name=member.name,
                                      website=optional(member.website)))
            else:
                partners.append({"id": None, "name": p.name, "website": optional(p.website)})
        api[f"{API_DIR}cases/{c.slug}.json"] = {
            "schema_version": SCHEMA_VERSION, "type": "case", "id": c.slug,
            "record": record_json(c, pub.ctx),
            "partners": partners,
            "sdgs": [_link(pub, "sdgs", t.goal, label=v.sdgs[t.goal].label) for t in c.sdgs],
            "links": {"self": pub.url(f"{API_DIR}cases/{c.slug}.json"), "index": index},
        }
    for e in pub.events:
        api[f"{API_DIR}events/{e.slug}.json"] = _event(pub, e, index)
    for g in v.sdgs:
        members = [(m, t) for m in pub.members for t in m.sdgs if t.goal == g.number]
        cases = [(c, t) for c in pub.cases for t in c.sdgs if t.goal == g.number]
        api[f"{API_DIR}sdgs/{g.number}.json"] = {
            "schema_version": SCHEMA_VERSION, "type": "sdg", "id": g.number,
            "goal": {"number": g.number, "label": g.label, "label_en": optional(g.label_en), "color": g.color,
                     "url": pub.url(urls.goal(g))},
            "members": [_link(pub, "members", m.slug, name=m.name, evidence=t.evidence) for m, t in members],
            "cases": [_link(pub, "cases", c.slug, title=c.title, evidence=t.evidence) for c, t in cases],
            "links": {"self": pub.url(f"{API_DIR}sdgs/{g.number}.json"), "index": index},
        }
    today = build_date()
    api[f"{API_DIR}stats.json"] = {
        "schema_version": SCHEMA_VERSION, "type": "stats", "date": today.isoformat(),
        **_absolute(network_figures(pub.catalog, today).as_json(), pub),
        "links": {"self": pub.url(f"{API_DIR}stats.json"), "index": index, "page": pub.url(urls.STATS)},
    }
    members_of, cases_of = pub.catalog.by_goal()
    api[f"{API_DIR}index.json"] = {
        "schema_version": SCHEMA_VERSION, "type": "index", "title": pub.site_name,
        "license": pub.license.as_json(),
        "counts": {"members": len(pub.members), "cases": len(pub.cases), "sdgs": len(v.sdgs),
                   "events": len(pub.events)},
        "members": [_link(pub, "members", m.slug, name=m.name) for m in pub.members],
        "cases": [_link(pub, "cases", c.slug, title=c.title) for c in pub.cases],
        "events": [_link(pub, "events", e.slug, title=e.title, start=when_json(e.start)) for e in pub.events],
        "sdgs": [_link(pub, "sdgs", g.number, label=g.label, members=len(members_of.get(g.number, [])),
                       cases=len(cases_of.get(g.number, []))) for g in v.sdgs],
        "links": {
            "self": index,
            "data": pub.url(urls.DATA_DIR),
            "downloads": {name: pub.url(f"{urls.DATA_DIR}{name}") for name in bulk.FILES},
            "schema": {p.name: pub.url(f"{urls.SCHEMA_DIR}{p.name}") for _, p in schema_files(pub.root, pub.settings)},
            "stats": pub.url(f"{API_DIR}stats.json"),
            "feed": pub.url(urls.LAB_FEED),
            "calendar": pub.url(urls.EVENTS_CALENDAR),
        },
    }
    return api


def _event(pub: Publication, e: Event, index: str) -> dict:
    """/api/events/<slug>.json: the record, its organisers (members with their API file, networks
    with their page; an id that names both appears as both) and its SDGs."""
    v = pub.catalog.vocab
    found = []
    for o in organisers(e, pub.catalog.members, v.networks):
        if o.member:
            found.append(_link(pub, "members", o.id, type="member", name=o.member.name))
        if o.network:
            found.append({"id": o.id, "type": "network", "name": o.network.label,
                          "url": pub.url(urls.network(o.network))})
    return {
        "schema_version": SCHEMA_VERSION, "type": "event", "id": e.slug,
        "record": record_json(e, pub.ctx),
        "organisers": found,
        "sdgs": [_link(pub, "sdgs", t.goal, label=v.sdgs[t.goal].label) for t in e.sdgs],
        "links": {"self": pub.url(f"{API_DIR}events/{e.slug}.json"), "index": index,
                  "calendar": pub.url(urls.event_calendar(e))},
    }


def _absolute(figures: dict, pub: Publication) -> dict:
    """The figures with each link as a whole address (where the site has its address; else as a site path)."""
    for item in [*figures["key_figures"], *(b for c in figures["charts"] for b in c["bars"])]:
        item["href"] = pub.url(item["href"]) if item["href"] else None
    return figures


def api_examples(pub: Publication) -> list[tuple[str, str]]:
    """Example API addresses for the /daten/ page: (path, what it gives)."""
    rows = [(f"{API_DIR}index.json", "Anzahlen und Links zu allen Einträgen")]
    if pub.members:
        rows.append((f"{API_DIR}members/{pub.members[0].slug}.json", "ein Mitglied mit seinen Fallbeispielen"))
    if pub.cases:
        rows.append((f"{API_DIR}cases/{pub.cases[0].slug}.json", "ein Fallbeispiel mit seinen Beteiligten"))
    if pub.events:
        rows.append((f"{API_DIR}events/{pub.events[0].slug}.json", "ein Termin mit seinen Veranstaltern"))
    rows.append((f"{API_DIR}sdgs/13.json", "alle Mitglieder und Fallbeispiele zu einem SDG (1 bis 17)"))
    return rows
