"""Case studies: data/cases/<slug>.md (front matter + Markdown) -> checked :class:`Case` records.

That member partners exist is checked by the catalog, once all members are loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from kooplab.load.checks import (
    Checking,
    check_future,
    check_period,
    check_reviewed,
    check_sdgs,
    check_slug,
    check_term,
    to_date,
)
from kooplab.load.document import Document, dotted
from kooplab.load.links import check_markdown
from kooplab.load.pictures import check_picture
from kooplab.load.schema import Schemas
from kooplab.load.source import read_front_matter
from kooplab.load.web import check_url
from kooplab.problems import Problems
from kooplab.records import Case, Outcome, Partner, Period, Picture, SdgTag, SourceRef


def load_case(path: Path, rel: str, ctx: Checking, schemas: Schemas, problems: Problems, today) -> Case | None:
    slug = path.stem
    slug_ok = check_slug(slug, rel, problems)
    doc = read_front_matter(path, rel, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.error(rel, (2, 1), "", "the front matter holds 'field: value' lines, not a list or a single value",
                       "start from the template in data/templates/fallbeispiel.md")
        return None
    structure_ok = schemas.check(doc, "case.schema.json", problems)
    periods = _check_values(doc, ctx, problems, today)
    # doc.reported: a duplicate key or an unusable value was reported while reading
    if not structure_ok or periods is None or not slug_ok or doc.reported:
        return None
    return _build(slug, doc, *periods)


# 1.000 or 12.500: a German thousands separator, which YAML reads as a decimal point
_GERMAN_THOUSANDS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")


def _check_values(doc: Document, ctx: Checking, problems: Problems, today):
    """Value checks; returns (started, ended, picture) when all pass, else None."""
    d, v, n = doc.data, ctx.vocab, problems.error_count
    if isinstance(d.get("region"), str):
        check_term(doc, ("region",), d["region"], v.regions, problems)
    formats = d.get("formats")
    for i, fmt in enumerate(formats if isinstance(formats, list) else []):
        if isinstance(fmt, str):
            check_term(doc, ("formats", i), fmt, v.formats, problems)
    partners = d.get("partners")
    seen: set[str] = set()
    for i, partner in enumerate(partners if isinstance(partners, list) else []):
        key = partner if isinstance(partner, str) else partner.get("name") if isinstance(partner, dict) else None
        if isinstance(key, str):
            if key in seen:
                problems.error(doc.rel, doc.pos(("partners", i)), dotted(("partners", i)),
                               f"partner '{key}' is listed twice", "remove the repeated entry")
            seen.add(key)
        if isinstance(partner, dict) and isinstance(partner.get("website"), str):
            check_url(doc, ("partners", i, "website"), partner["website"], problems)
    outcomes = d.get("outcomes")
    for i, outcome in enumerate(outcomes if isinstance(outcomes, list) else []):
        written = doc.texts.get(("outcomes", i, "value"), "")
        if isinstance(outcome, dict) and isinstance(outcome.get("value"), float) and _GERMAN_THOUSANDS.match(written):
            problems.error(doc.rel, doc.pos(("outcomes", i, "value")), dotted(("outcomes", i, "value")),
                           f"'{written}' is read as the number {outcome['value']:g}, not as {written.replace('.', '')}",
                           f"write {written.replace('.', '')} without a dot; a decimal number with a point: 2.5")
    started = ended = None
    if _is_period(d.get("started")):
        started = check_period(doc, ("started",), d["started"], problems)
    if _is_period(d.get("ended")):
        ended = check_period(doc, ("ended",), d["ended"], problems)
    if started and ended and ended.sort_key < started.sort_key:
        problems.error(doc.rel, doc.pos(("ended",)), "ended", f"ended ({ended}) lies before started ({started})",
                       "check both dates")
    status = d.get("status")
    if status == "abgeschlossen" and d.get("ended") is None:
        problems.warning(doc.rel, doc.pos(("status",)), "status", "a finished cooperation should say when it ended",
                         "add 'ended: YYYY-MM'")
    if status in ("laufend", "geplant") and ended is not None:
        problems.warning(doc.rel, doc.pos(("ended",)), "ended", f"status is '{status}' but an end is given",
                         "set status to abgeschlossen or remove 'ended'")
    if d.get("published") is not None and ("published",) not in doc.reported:
        try:
            check_future(doc, ("published",), to_date(d["published"]), today, problems)
        except ValueError:
            pass  # the schema reports dates that are not dates
    if isinstance(d.get("reviewed"), str) or hasattr(d.get("reviewed"), "isoformat"):
        check_reviewed(doc, d["reviewed"], ctx, today, problems)
    sdgs = d.get("sdgs")
    if isinstance(sdgs, list) and all(isinstance(t, dict) and isinstance(t.get("goal"), int)
                                      and isinstance(t.get("evidence"), str) for t in sdgs):
        check_sdgs(doc, ("sdgs",), sdgs, v, problems)
    if isinstance(d.get("image"), dict) and isinstance(d["image"].get("src"), str) \
            and isinstance(d["image"].get("alt"), str) and ("image",) not in doc.reported:
        picture = check_picture(doc, ("image",), d["image"], ctx.root / ctx.settings.data_dir, ctx.settings.data_dir,
                                ctx.settings.image_max_kb, problems)
    else:
        picture = None
    check_markdown(doc, (), doc.body, problems, first_line=doc.body_line or 1)
    if not doc.body.strip():
        problems.warning(doc.rel, (doc.body_line or 1, 1), "", "the case study has no text",
                         "describe Ausgangslage, Umsetzung, Ergebnisse and Erfahrungen below the front matter")
    if problems.error_count != n:
        return None
    return started, ended, picture


def _is_period(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or \
        (isinstance(value, str) and len(value) in (4, 7) and value[:4].isdigit()
         and (len(value) == 4 or value[4] == "-" and value[5:].isdigit()))


def _build(slug: str, doc: Document, started: Period, ended: Period | None, picture: Picture | None) -> Case:
    d = doc.data
    return Case(
        slug=slug,
        title=d["title"].strip(),
        summary=d["summary"].strip(),
        partners=tuple(Partner(name=p, slug=p) if isinstance(p, str)
                       else Partner(name=p["name"], website=p.get("website", "")) for p in d["partners"]),
        formats=tuple(d["formats"]),
        region=d["region"],
        started=started,
        status=d["status"],
        published=to_date(d["published"]),
        reviewed=to_date(d["reviewed"]),
        source=SourceRef(doc.rel, body_line=doc.body_line),
        body=doc.body,
        city=d.get("city", ""),
        ended=ended,
        sdgs=tuple(SdgTag(goal=t["goal"], evidence=t["evidence"].strip()) for t in d.get("sdgs") or []),
        outcomes=tuple(Outcome(label=o["label"], value=o["value"], unit=o.get("unit", ""))
                       for o in d.get("outcomes") or []),
        references=tuple(d.get("references") or ()),
        featured=bool(d.get("featured", False)),
        aliases=tuple(d.get("aliases") or ()),
        modelled_on=tuple(d.get("modelled_on") or ()),
        image=picture,
    )
