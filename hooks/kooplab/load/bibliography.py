"""The network's sources: ``data/references.bib``, read with pybtex.

Loading turns the BibTeX file into :class:`Reference` entries that remember the line they start on,
and reports every problem (syntax, duplicate keys, bad keys and addresses, missing fields) as a
validation problem with that line. :mod:`kooplab.load.bibtex_style` formats them; citations are
found and checked by :mod:`kooplab.load.citations`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import LowLevelParser, Parser, UndefinedMacro
from pybtex.database.output.bibtex import Writer
from pybtex.exceptions import PybtexError
from pybtex.scanner import PrematureEOF
from pybtex.style.template import FieldIsMissing

from kooplab.load.attachments import Attachment, check_attachments
from kooplab.load.bibtex_style import (
    HTML,
    TEXT,
    GermanStyle,
    make_style,
    plain_text,
    year_of,
)
from kooplab.load.citations import KEY_RE
from kooplab.problems import Problems

FILE = "references.bib"  # in the data folder

_MONTHS = {"jan": "Januar", "feb": "Februar", "mar": "März", "apr": "April", "may": "Mai", "jun": "Juni",
           "jul": "Juli", "aug": "August", "sep": "September", "oct": "Oktober", "nov": "November",
           "dec": "Dezember"}


@dataclass(frozen=True)
class Reference:
    """One entry of data/references.bib."""

    key: str
    type: str  # BibTeX type, lower case: techreport, manual, misc, …
    line: int  # where '@type{key,' stands
    title: str  # plain text
    year: int | None
    url: str
    doi: str
    entry: Entry = field(repr=False, compare=False)
    files: tuple[Attachment, ...] = ()  # working papers, short infos, guides: file = {downloads/x.pdf}
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # first line of each field

    @property
    def link(self) -> str:
        """Where a reader can follow the source: its address, else its DOI."""
        if self.url:
            return self.url
        return f"https://doi.org/{quote(self.doi, safe='/:;()._-')}" if self.doi else ""

    @property
    def bibtex(self) -> str:
        """The entry as a BibTeX file of its own, written by pybtex (without ``file``: a path in this repository
        means nothing to a reader's reference manager; the literature page links the file)."""
        entry = self.entry
        if "file" in entry.fields:
            entry = Entry(entry.type, fields=[(k, v) for k, v in entry.fields.items() if k.lower() != "file"],
                          persons=entry.persons)
        return Writer().to_string(BibliographyData(entries={self.key: entry}))


@dataclass
class Bibliography:
    path: str  # relative to the project root, e.g. data/references.bib
    style_name: str = "plain"
    references: dict[str, Reference] = field(default_factory=dict)  # in file order
    broken: set[str] = field(default_factory=set)  # keys of entries with errors (reported already)

    def __post_init__(self) -> None:
        self.style = make_style(self.style_name)
        self._html: dict[tuple[str, str], str] = {}  # (key, label) -> the formatted entry
        self._text: dict[tuple[str, str], str] = {}

    def knows(self, key: str) -> bool:
        return key in self.references or key in self.broken

    def close_key(self, key: str) -> str:
        for known in self.references:
            if known.casefold() == key.casefold():
                return known
        close = difflib.get_close_matches(key, list(self.references), n=1, cutoff=0.6)
        return close[0] if close else ""

    def format(self, keys: list[str], labels: dict[str, str] | None = None) -> list[tuple[Reference, str, str]]:
        """(reference, label, html) for the given keys, sorted and labelled by the style.

        ``labels`` replaces the style's labels (the site keeps alpha and author-year labels
        the same on every page)."""
        entries = self.style.sort([self.references[k].entry for k in keys])
        given = [labels[e.key] for e in entries] if labels else list(self.style.format_labels(entries))
        out = []
        for label, entry in zip(given, entries):
            # formatting an entry is slow (pybtex); a site cites the same entries on many pages
            cached = self._html.get((entry.key, label))
            if cached is None:
                cached = self._html[entry.key, label] = self.style.format_entry(label, entry).text.render(HTML)
            out.append((self.references[entry.key], label, cached))
        return out

    def text(self, key: str, labels: dict[str, str] | None = None) -> str:
        """An entry as plain text, e.g. for a link's tooltip."""
        label = labels.get(key, "") if labels else ""
        cached = self._text.get((key, label))
        if cached is None:
            entry = self.references[key].entry
            cached = self._text[key, label] = str(self.style.format_entry(label, entry).text.render(TEXT))
        return cached


class _Parser(Parser):
    """pybtex's BibTeX parser, reporting problems with the line of each entry instead of raising."""

    def __init__(self, rel: str, problems: Problems) -> None:
        super().__init__(encoding="utf-8", macros=_MONTHS)
        self.rel, self.problems = rel, problems
        self.errors: list[tuple[PybtexError, int]] = []  # (error, offset of the '@' of its entry)
        self.lines: dict[str, int] = {}  # key -> line
        self.field_lines: dict[str, dict[str, int]] = {}  # key -> field name -> line
        self.broken: set[str] = set()
        self._low: LowLevelParser | None = None

    def handle_error(self, error):
        self.errors.append((error, self._low.command_start if self._low else 0))

    def parse_string(self, text):
        self.unnamed_entry_counter = 1
        self._low = low = LowLevelParser(text, handle_error=self.handle_error, macros=self.macros,
                                         filename=self.rel)
        for command in low:
            start = low.command_start
            line = _line(text, start)
            mine = [e for e, at in self.errors if at == start]
            self._report([(e, at) for e, at in self.errors if at != start], text)  # entries pybtex gave up on
            self.errors.clear()
            kind, rest = command
            if kind.lower() in ("string", "preamble"):  # macros are expanded; a LaTeX preamble means nothing here
                self._report([(e, start) for e in mine], text)
                continue
            key = rest[0]
            if mine:
                self._report([(e, start) for e in mine], text)
                if key:
                    self.broken.add(key)
                    self.lines.setdefault(key, line)
                continue
            self._entry(kind, key, rest[1], line, text, start, low.pos)
        self._report(self.errors, text)
        self.errors.clear()

    def _report(self, errors: list[tuple[PybtexError, int]], text: str) -> None:
        for error, at in errors:
            entry_line = _line(text, at)
            where = getattr(error, "lineno", None) or entry_line
            detail = str(error.args[0]) if error.args else str(error)
            hint = "each field is 'name = {value},'; check this line and the end of the entry before it"
            if isinstance(error, PrematureEOF):  # reported where the unfinished entry starts
                where, message = entry_line, "the entry is not closed: the file ends inside it"
                hint = "a '}' is missing: every '{' needs its '}'"
            elif isinstance(error, UndefinedMacro):
                message = f"BibTeX syntax: '{detail}' is neither text in braces nor a defined abbreviation"
                hint = "write the value in braces: {…}"
            elif detail == "'(' or '{' expected":
                where, message = entry_line, "BibTeX syntax: an '@' starts an entry, but no '{' follows"
                hint = "outside entries, write no '@' (BibTeX takes it for the start of an entry)"
            else:
                message = f"BibTeX syntax: {detail}"
            self.problems.error(self.rel, (where, 1), "", message, hint)

    def _entry(self, kind: str, key: str, fields, line: int, text: str, start: int, end: int) -> None:
        if not KEY_RE.match(key):
            self.problems.error(self.rel, (line, 1), "", f"the key '{key}' can't be cited",
                                "use only letters a–z, digits, '-', '_' and '.' in keys")
            return
        for known, known_line in self.lines.items():
            if known.casefold() == key.casefold():
                same = "" if known == key else f" (as '{known}')"
                self.problems.error(self.rel, (line, 1), "", f"the key '{key}' is already used in line "
                                    f"{known_line}{same}", "give each entry a key of its own")
                return
        seen: set[str] = set()
        for name, _ in fields:
            if name.lower() in seen:
                self.problems.error(self.rel, (_field_line(text, start, end, name, line), 1), name.lower(),
                                    f"the entry '{key}' has this field twice", "keep one of the two")
                self.broken.add(key)
                self.lines[key] = line
                return
            seen.add(name.lower())
        self.lines[key] = line
        self.field_lines[key] = {m.group(1).lower(): _line(text, start + m.start(1)) for m in reversed(list(
            re.finditer(r"(?m)(?:^|[,{(])\s*([A-Za-z][\w-]*)\s*=", text[start:end])))}
        try:
            self.process_entry(kind, key, fields)
        except PybtexError as exc:  # e.g. a name list pybtex can't read
            self.problems.error(self.rel, (line, 1), "", f"the entry '{key}': {exc}",
                                "check the author and editor fields: names are separated by 'and'")
            self.broken.add(key)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _field_line(text: str, start: int, end: int, name: str, default: int) -> int:
    """The line of the second 'name =' in an entry (for a field given twice)."""
    found = [m.start() for m in re.finditer(rf"(?im)^\s*{re.escape(name)}\s*=", text[start:end])]
    return text.count("\n", 0, start + found[1]) + 1 if len(found) > 1 else default


def load_bibliography(root: Path, data_dir: str, style: str, problems: Problems,
                      download_max_kb: int = 10_000) -> Bibliography | None:
    """Read data/references.bib; None when the project has none."""
    rel = f"{data_dir}/{FILE}"
    path = root / rel
    if not path.is_file():
        return None
    bib = Bibliography(rel, style)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        problems.error(rel, (line, 1), "", "the file is not UTF-8 text", "save it as UTF-8")
        return bib
    parser = _Parser(rel, problems)
    parser.parse_string(text)
    bib.broken = parser.broken
    for key, entry in parser.data.entries.items():
        line = parser.lines[key]
        ref = _reference(key, entry, line)
        ref.field_lines.update(parser.field_lines.get(key, {}))
        files = ref.entry.fields.get("file")
        if files is not None:
            found = check_attachments(files, root / data_dir, data_dir, rel, ref.field_lines.get("file", line),
                                      download_max_kb, problems)
            if found is None:
                bib.broken.add(key)
                continue
            ref = replace(ref, files=found)
        if _check(ref, rel, bib.style, problems):
            bib.references[key] = ref
        else:
            bib.broken.add(key)
    return bib


def _reference(key: str, entry: Entry, line: int) -> Reference:
    f = entry.fields
    return Reference(key=key, type=entry.type.lower(), line=line, title=plain_text(f.get("title", "")),
                     year=year_of(entry), url=f.get("url", "").strip(), doi=f.get("doi", "").strip(), entry=entry)


# the entry types whose sources always carry a year; @online is followed by its address
_DATED = frozenset({"article", "book", "inbook", "incollection", "inproceedings", "proceedings", "techreport",
                    "phdthesis", "mastersthesis", "report", "thesis"})


def _check_completeness(ref: Reference, rel: str, problems: Problems) -> None:
    """What an entry of its type needs to be found again: warnings, the entry is listed anyway."""
    title = ref.entry.fields.get("title", "").strip()
    if ref.type in _DATED and ref.year is None and "year" not in ref.entry.fields:
        problems.warning(rel, (ref.line, 1), "year", f"@{ref.type} '{ref.key}' has no year",
                         "add 'year = {2019},'; a source without a date fits @misc or @booklet")
    if ref.type == "online" and not ref.url:
        problems.warning(rel, (ref.line, 1), "url", f"@online '{ref.key}' has no address",
                         "add 'url = {https://…},' so that readers can follow it")
    if title.startswith("{[") or title.startswith("["):
        problems.warning(rel, (ref.field_lines.get("title", ref.line), 1), "title",
                         f"the title of '{ref.key}' is in brackets", "write it without brackets: the list shows the "
                         "title as it is written")


def _check(ref: Reference, rel: str, style: GermanStyle, problems: Problems) -> bool:
    ok = True
    year = ref.entry.fields.get("year")
    if year is not None and ref.year is None:
        problems.error(rel, (ref.field_lines.get("year", ref.line), 1), "year", f"'{year}' is not a year", "write four digits, e.g. 2019, "
                       "or leave the field out when the source has no date")
        ok = False
    if ref.url and not re.match(r"https?://[^\s\"<>]+\Z", ref.url):
        problems.error(rel, (ref.field_lines.get("url", ref.line), 1), "url", f"'{ref.url}' is not an http(s) address",
                       "write the full address, starting with https://")
        ok = False
    if ref.doi and not re.match(r"10\.\d{4,9}/\S+\Z", ref.doi):
        problems.error(rel, (ref.field_lines.get("doi", ref.line), 1), "doi", f"'{ref.doi}' is not a DOI",
                       "write the DOI alone, e.g. 10.1000/xyz123, without https://doi.org/")
        ok = False
    if "title" not in ref.entry.fields:
        problems.error(rel, (ref.line, 1), "", f"the entry '{ref.key}' has no title", "add 'title = {…},'")
        return False
    _check_completeness(ref, rel, problems)
    try:
        style.format_entry("", ref.entry)
    except FieldIsMissing as exc:
        problems.error(rel, (ref.line, 1), "", f"@{ref.type} '{ref.key}' needs the field '{exc.field_name}'",
                       "add it, or use a type that fits the source (e.g. @misc)")
        ok = False
    return ok
