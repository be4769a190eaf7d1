"""Field checks beyond structure, shared by members and case studies.

Each check reports into ``problems`` at the position of the offending value and
returns the converted value (or None when it is not usable).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kooplab.load.document import Document, dotted
from kooplab.load.vocab import Vocabularies, Vocabulary
from kooplab.problems import Problems
from kooplab.records import Period, SdgTag
from kooplab.settings import Settings, months_before
from kooplab.urls import RESERVED_SLUGS

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Checking:
    """What every record check needs besides the record: the project folder, its settings and vocabularies."""

    root: Path
    settings: Settings
    vocab: Vocabularies


def slugify(text: str) -> str:
    """'Hansa-Flex AG' -> 'hansa-flex-ag'; German umlauts are transliterated."""
    text = unicodedata.normalize("NFC", text).lower()  # macOS writes "ü" as "u" + a combining diaeresis
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def check_slug(slug: str, rel: str, problems: Problems) -> bool:
    if slug in RESERVED_SLUGS:
        problems.error(rel, (1, 1), "", f"file name '{slug}' is reserved for a page of the site",
                       "choose a more specific name, e.g. the organisation's name")
        return False
    if SLUG_RE.match(slug):
        return True
    problems.error(rel, (1, 1), "", f"file name '{slug}' is not a valid slug",
                   f"use lowercase letters, digits and single hyphens, e.g. '{slugify(slug) or 'name'}'")
    return False


def check_term(doc: Document, path: tuple, value: str, vocab: Vocabulary, problems: Problems) -> bool:
    if value in vocab:
        return True
    if not vocab.complete or path in doc.reported:  # an error of its own was reported: that is the one to fix
        return False
    problems.error(doc.rel, doc.pos(path), dotted(path), f"'{value}' is not {vocab.what}", vocab.suggest(value))
    return False


def _known_goal(doc: Document, path: tuple, goal: int, vocab: Vocabularies, problems: Problems) -> bool:
    if goal in vocab.sdgs:
        return True
    if vocab.sdgs.complete:  # else the vocabulary's own error is the one to fix
        problems.error(doc.rel, doc.pos(path), dotted(path), f"there is no SDG {goal}", "the goals are numbered 1 to 17")
    return False


def check_sdgs(doc: Document, path: tuple, tags: list, vocab: Vocabularies, problems: Problems) -> tuple[SdgTag, ...]:
    out: list[SdgTag] = []
    seen: set[int] = set()
    for i, tag in enumerate(tags):
        goal, evidence = tag["goal"], tag["evidence"].strip()
        here = path + (i, "goal")
        if not _known_goal(doc, here, goal, vocab, problems):
            continue
        if goal in seen:
            problems.error(doc.rel, doc.pos(here), dotted(here), f"SDG {goal} is listed twice",
                           "give one entry per goal and put all evidence there")
            continue
        if not evidence:
            ev = path + (i, "evidence")
            if not any(p.file == doc.rel and p.field == dotted(ev) for p in problems.items):  # not "too short" too
                problems.error(doc.rel, doc.pos(ev), dotted(ev), "evidence is empty",
                               "say in a sentence what the organisation does for this goal")
            continue
        seen.add(goal)
        out.append(SdgTag(goal=goal, evidence=evidence))
    return tuple(out)


def check_goals(doc: Document, path: tuple, goals: list, vocab: Vocabularies, problems: Problems) -> tuple[int, ...]:
    """A plain list of goal numbers (e.g. ``sdgs: [4, 12]`` of an offer): the goals that exist."""
    out: list[int] = []
    for i, goal in enumerate(goals):
        if not isinstance(goal, int) or isinstance(goal, bool):
            continue  # the schema reports it
        if not _known_goal(doc, path + (i,), goal, vocab, problems):
            continue
        out.append(goal)
    return tuple(out)


def to_date(value: object) -> dt.date:
    """Dates were checked by the schema; YAML may already have made them date objects."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def check_period(doc: Document, path: tuple, value: object, problems: Problems) -> Period | None:
    if isinstance(value, int):
        return Period(value)
    year, _, month = str(value).partition("-")
    if not 1 <= int(month) <= 12:
        problems.error(doc.rel, doc.pos(path), dotted(path), f"'{value}' has no month {int(month)}",
                       "write year and month as YYYY-MM, the month from 01 to 12")
        return None
    return Period(int(year), int(month))


def check_future(doc: Document, path: tuple, value: dt.date, today: dt.date, problems: Problems) -> None:
    if value > today:
        problems.warning(doc.rel, doc.pos(path), dotted(path), f"{value.isoformat()} lies in the future",
                         "use the date on which it happened")


def check_reviewed(doc: Document, value: object, ctx: Checking, today: dt.date, problems: Problems) -> None:
    """``reviewed``: not in the future, and not older than the review period."""
    if ("reviewed",) in doc.reported:
        return
    try:
        reviewed = to_date(value)
    except ValueError:
        return  # the schema reports dates that are not dates
    check_future(doc, ("reviewed",), reviewed, today, problems)
    months = ctx.settings.review_months
    if reviewed < months_before(today, months):
        problems.warning(doc.rel, doc.pos(("reviewed",)), "reviewed",
                         f"last reviewed on {reviewed.isoformat()}, more than {months} months ago",
                         "check the record with the organisation and update 'reviewed'")


def check_logo(doc: Document, path: tuple, value: str, ctx: Checking, problems: Problems) -> bool:
    """A logo is an SVG or PNG file under data/logos/, no larger than the limit."""
    data = (ctx.root / ctx.settings.data_dir).resolve()
    logos = data / "logos"
    where, field = doc.pos(path), dotted(path)
    if "\\" in value or value.startswith("/") or ":" in value:
        problems.error(doc.rel, where, field, f"'{value}' is not a path under {ctx.settings.data_dir}/logos/",
                       "write it as logos/<file>.svg")
        return False
    target = (data / value).resolve()
    if not target.is_relative_to(logos):
        problems.error(doc.rel, where, field, f"'{value}' lies outside {ctx.settings.data_dir}/logos/",
                       "put the file into data/logos/ and write logos/<file>.svg")
        return False
    if target.suffix.lower() not in (".svg", ".png"):
        problems.error(doc.rel, where, field, f"'{value}' is not an SVG or PNG file",
                       "convert the logo to SVG (preferred) or PNG")
        return False
    if not target.is_file():
        problems.error(doc.rel, where, field, f"logo file '{value}' does not exist",
                       f"add the file to {ctx.settings.data_dir}/logos/ or remove the field")
        return False
    size = target.stat().st_size
    limit = ctx.settings.logo_max_kb * 1024
    if size > limit:
        problems.error(doc.rel, where, field, f"logo is {size // 1024} KB; the limit is {ctx.settings.logo_max_kb} KB",
                       "simplify the SVG or reduce the PNG to at most 400 pixels wide")
        return False
    head = target.read_bytes()
    if target.suffix.lower() == ".png" and not head.startswith(b"\x89PNG\r\n\x1a\n"):
        problems.error(doc.rel, where, field, f"'{value}' is not a PNG image", "export the logo again as PNG")
        return False
    if target.suffix.lower() == ".svg":
        text = head.decode("utf-8", "replace").lower()
        if "<svg" not in text:
            problems.error(doc.rel, where, field, f"'{value}' is not an SVG image", "export the logo again as SVG")
            return False
        if re.search(r"<script|\son[a-z]+\s*=|javascript:|<foreignobject|xlink:href\s*=\s*[\"']?https?:|href\s*=\s*[\"']?https?:", text):
            problems.error(doc.rel, where, field, f"'{value}' contains scripts or external references",
                           "export a plain SVG without scripts, event handlers or linked files")
            return False
        verdict = svg_verdict(head)
        if verdict == "broken":
            problems.error(doc.rel, where, field, f"'{value}' is not an SVG image", "export the logo again as SVG")
            return False
        if verdict == "active":
            problems.error(doc.rel, where, field, f"'{value}' contains scripts or external references",
                           "export a plain SVG without scripts, event handlers or linked files")
            return False
    return True


# An SVG opened on its own (/logos/x.svg) is a document of the site: a script in it would run there.
# The text check above misses what the XML parser makes of it (character and entity references,
# elements of other namespaces such as XHTML's script, animated links), so the parsed tree is checked too.
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "html", "body"}
_SVG_ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform", "animatecolor"}
_XHTML = "http://www.w3.org/1999/xhtml"
_OWN_HREF = re.compile(r"#|data:image/(png|jpe?g|gif|webp);")  # a part of the same file, an embedded raster image
# anything but url(#gradient) loads or runs something; image-set("…") loads its strings without url()
_URL_IN_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)|image-set\(")
# CSS escapes spell any character: "u\72l(" is "url(", "@\69mport" is "@import"
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|(.))", re.I | re.S)


def _css(text: str) -> str:
    """CSS text as the browser reads it: escapes decoded, comments removed, in lower case."""
    def char(m: re.Match) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return m.group(2)
    return re.sub(r"/\*.*?(\*/|$)", "", _CSS_ESCAPE.sub(char, text), flags=re.S).lower()


def _local(name: str) -> tuple[str, str]:
    """('{ns}tag') -> (ns, tag in lower case)."""
    ns, _, local = name[1:].partition("}") if name.startswith("{") else ("", "", name)
    return ns, local.lower()


def svg_verdict(data: bytes) -> str:
    """'ok', 'broken' (not well-formed XML: browsers show no image) or 'active' (scripts, handlers,
    javascript: links, references to other files)."""
    try:
        root = ET.fromstring(data)  # expat expands character and internal entity references
    except (ET.ParseError, ValueError):
        return "broken"
    for el in root.iter():
        ns, tag = _local(el.tag)
        if tag in _SVG_ACTIVE or ns == _XHTML:
            return "active"
        if tag == "style" and _URL_IN_CSS.search(_css(el.text or "")):
            return "active"
        for name, value in el.attrib.items():
            attr = _local(name)[1]
            plain = re.sub(r"[\x00-\x20]", "", value).lower()
            if attr.startswith("on") or re.search(r"(java|vb|live)script:", plain):
                return "active"
            if attr == "href" and plain and not _OWN_HREF.match(plain):
                return "active"
            if attr == "style" and _URL_IN_CSS.search(_css(value)):
                return "active"
            if tag in _SVG_ANIMATIONS and attr == "attributename" and (plain.endswith("href") or plain.startswith("on")):
                return "active"
    return "ok"
