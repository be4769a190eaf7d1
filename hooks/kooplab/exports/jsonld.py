"""schema.org JSON-LD for record pages: an ``Organization`` per member, an ``Article`` per case study,
an ``Event`` per event.

Only real schema.org types and properties are used. The templates render the
dicts with Jinja's ``tojson`` in ``<script type="application/ld+json">``.
Contacts follow the same privacy rule as the downloads
(:func:`kooplab.exports.privacy.public_contacts`).
"""

from __future__ import annotations

from typing import Any

from kooplab import urls
from kooplab.exports.privacy import public_contacts
from kooplab.exports.publication import Publication
from kooplab.exports.social import social_image
from kooplab.pages.views import CaseView, EventView, MemberView
from kooplab.records import Case, Member, Network, Partner, Region

CONTEXT = "https://schema.org"


def _org_id(data: Publication, member: Member) -> str:
    """A stable node id for a member organisation, shared by its page and the case pages naming it."""
    return f"{data.url(urls.member(member))}#organisation"


def _network(network: Network) -> dict:
    node = {"@type": "Organization", "name": network.label}
    if network.website:
        node["url"] = network.website
    return node


def _address(city: str, region: Region, postcode: str = "", street: str = "") -> dict:
    node = {"@type": "PostalAddress", "addressLocality": city, "addressRegion": region.label,
            "addressCountry": region.country}
    if postcode:
        node["postalCode"] = postcode
    if street:
        node["streetAddress"] = street
    return node


def _member_ref(data: Publication, member: Member) -> dict:
    return {"@type": "Organization", "@id": _org_id(data, member), "name": member.name,
            "url": member.website or data.url(urls.member(member))}


def _partner(data: Publication, partner: Partner) -> dict:
    member = data.catalog.members.get(partner.slug) if partner.is_member else None
    if member is not None:
        return _member_ref(data, member)
    node = {"@type": "Organization", "name": partner.name}
    if partner.website:
        node["url"] = partner.website
    return node


def member(view: MemberView, data: Publication) -> dict:

    m = view.member
    page = data.url(urls.member(m))
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": _org_id(data, m),
        "name": m.name,
        "description": m.summary,
        "url": m.website or page,
        "mainEntityOfPage": page,
        "address": _address(m.location.city, view.region, m.location.postcode, m.location.street),
    }
    # the place with its coordinates: geo belongs to Place, not to Organization
    place: dict[str, Any] = {"@type": "Place", "name": m.location.city, "address": node["address"]}
    if m.location.has_coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": m.location.lat, "longitude": m.location.lon}
    node["location"] = place
    if m.logo:
        node["logo"] = data.url(m.logo)
    if view.networks:
        node["memberOf"] = [_network(n) for n in view.networks]
    contacts = [{"@type": "ContactPoint", "contactType": c.role, **({"email": c.email} if c.email else {}),
                 **({"telephone": c.phone} if c.phone else {}), **({"name": c.name} if c.name else {})}
                for c in public_contacts(m, data.settings)]
    if contacts:
        node["contactPoint"] = contacts
    if view.cases:
        node["subjectOf"] = [{"@type": "Article", "@id": data.url(urls.case(c)), "headline": c.title,
                              "url": data.url(urls.case(c))} for c in view.cases]
    return node


def _interval(case: Case) -> str:
    """ISO 8601 interval of the cooperation, open-ended ('2017/..') while it runs."""
    return f"{case.started}/{case.ended if case.ended else '..'}"


def case(view: CaseView, data: Publication) -> dict:
    c = view.case
    page = data.url(urls.case(c))
    about: list[dict] = [{"@type": "Thing", "name": f"SDG {g.goal.number}: {g.goal.label}",
                          "identifier": f"SDG {g.goal.number}", "url": data.url(urls.goal(g.goal)),
                          "sameAs": f"https://sdgs.un.org/goals/goal{g.goal.number}"} for g in view.goals]
    about += [_partner(data, p) for p in c.partners]
    place = {"@type": "Place", "name": c.city or view.region.label,
             "address": _address(c.city, view.region) if c.city else
             {"@type": "PostalAddress", "addressRegion": view.region.label, "addressCountry": view.region.country}}
    publisher: dict[str, Any] = {"@type": "Organization", "name": data.site_name}
    if data.ctx.site_url:
        publisher["url"] = data.ctx.site_url
    image = social_image(view, data)
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Article",
        "@id": page,
        "url": page,
        "mainEntityOfPage": page,
        "headline": c.title,
        "name": c.title,
        "description": c.summary,
        "inLanguage": "de",
        "datePublished": c.published.isoformat(),
        "dateModified": max(c.published, c.reviewed).isoformat(),
        "about": about,
        "keywords": [f.label for f in view.formats],
        "spatialCoverage": place,
        "temporalCoverage": _interval(c),
        "author": [_partner(data, p) for p in c.partners],  # the cooperation's partners tell its story
        "publisher": publisher,
    }
    if image is not None:
        node["image"] = image.url
    if data.license.url:
        node["license"] = data.license.url
    return node


ATTENDANCE = {"offline": "https://schema.org/OfflineEventAttendanceMode",
              "online": "https://schema.org/OnlineEventAttendanceMode",
              "mixed": "https://schema.org/MixedEventAttendanceMode"}


def event(view: EventView, data: Publication) -> dict:
    """An ``Event``: dates with their offset (all-day events as dates, the last day as endDate), the
    place and/or a ``VirtualLocation``, and the organisers (members as on their pages, networks)."""
    e = view.event
    loc = e.location
    page = data.url(urls.event(e))
    places: list[dict] = []
    if loc.on_site:
        places.append({"@type": "Place", "name": loc.venue or loc.city,
                       "address": _address(loc.city, view.region, loc.postcode, loc.street)})
    if loc.online:
        places.append({"@type": "VirtualLocation", "url": e.registration or page})
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": f"{page}#termin",
        "name": e.title,
        "description": e.summary,
        "url": page,
        "startDate": e.start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE[loc.attendance],
        "location": places[0] if len(places) == 1 else places,
        "organizer": [_member_ref(data, o.member) if o.member else _network(o.network) for o in view.organisers],
        "inLanguage": "de",
    }
    if e.end is not None or e.all_day:
        node["endDate"] = (e.end or e.start).isoformat()
    if view.goals:
        node["about"] = [{"@type": "Thing", "name": f"SDG {g.goal.number}: {g.goal.label}",
                          "identifier": f"SDG {g.goal.number}", "url": data.url(urls.goal(g.goal)),
                          "sameAs": f"https://sdgs.un.org/goals/goal{g.goal.number}"} for g in view.goals]
    if e.registration:
        node["offers"] = {"@type": "Offer", "url": e.registration}
    return node


def for_view(view: object, data: Publication) -> dict | None:
    """The JSON-LD of a page's view; None for pages that are not about one record."""
    if isinstance(view, MemberView):
        return member(view, data)
    if isinstance(view, CaseView):
        return case(view, data)
    if isinstance(view, EventView):
        return event(view, data)
    return None
