"""The network's sources: ``data/references.bib``, read and formatted with pybtex.

Loading turns the BibTeX file into :class:`Reference` entries that remember the line
they start on, and reports every problem (syntax, duplicate keys, bad keys and
addresses, missing fields) as a validation problem with that line. Formatting uses
pybtex's own machinery - a formatting style, its label and sorting styles, and the
HTML backend - with German wording: 'Hrsg.', 'S.', 'o. J.', names as 'Nachname,
Vorname' and 'u. a.' after the third author. Titles keep their capitals as written
(German nouns, ``{SDG}``); all text is HTML-escaped by the backend.

Styles (``bibliography_style`` in ``extra.kooplab``):

- ``plain``: numbered [1], [2] … in alphabetical order of authors, as BibTeX's plain
- ``unsrt``: numbered in the order of first citation on the page
- ``alpha``: labels from authors and year, e.g. [UPJeV19]
- ``author-year``: citations as (UPJ e.V. 2019), entries start with author and year
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

import yaml
from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import LowLevelParser, Parser, UndefinedMacro
from pybtex.database.output.bibtex import Writer
from pybtex.exceptions import PybtexError
from pybtex.richtext import Symbol, Text
from pybtex.scanner import PrematureEOF
from pybtex.style.formatting import BaseStyle, toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.names import BaseNameStyle, name_part
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import (FieldIsMissing, field as bib_field, first_of, href, join, node, optional,
                                   optional_field, sentence, tag)

from kooplab import urls
from kooplab.load.citations import KEY_RE, Citation, find_citations, replace_citations
from kooplab.problems import Problems
from kooplab.settings import BIBLIOGRAPHY_STYLES
from kooplab.load.source import read_front_matter, read_yaml

FILE = "references.bib"  # in the data folder
UNDATED = "o. J."  # ohne Jahr

_MONTHS = {"jan": "Januar", "feb": "Februar", "mar": "März", "apr": "April", "may": "Mai", "jun": "Juni",
           "jul": "Juli", "aug": "August", "sep": "September", "oct": "Oktober", "nov": "November",
           "dec": "Dezember"}

# The literature page groups entries of these BibTeX types under one heading, in this order.
TYPE_GROUPS = (
    ("berichte", "Berichte und Arbeitspapiere", ("techreport",)),
    ("leitfaeden", "Leitfäden und Handbücher", ("manual",)),
    ("broschueren", "Broschüren und Kurzinfos", ("booklet",)),
    ("artikel", "Artikel", ("article",)),
    ("buecher", "Bücher", ("book", "proceedings")),
    ("beitraege", "Beiträge in Sammelwerken", ("inbook", "incollection", "inproceedings")),
    ("abschlussarbeiten", "Abschlussarbeiten", ("mastersthesis", "phdthesis")),
    ("weitere", "Websites und weitere Quellen", ()),  # everything else
)


# --- German formatting ---------------------------------------------------------------

class GermanNames(BaseNameStyle):
    """'Goethe, Johann Wolfgang von' - last names first, as German bibliographies list them."""

    def format(self, person, abbr=False):
        given = person.rich_first_names + person.rich_middle_names
        parts = [name_part[person.rich_last_names]]
        if given:
            parts.append(name_part(before=", ", abbr=abbr)[given])
        if person.rich_prelast_names:
            parts.append(name_part(before=" " if given else ", ")[person.rich_prelast_names])
        parts.append(name_part(before=", ")[person.rich_lineage_names])
        return join[parts]


def _is_others(person) -> bool:
    return str(person) == "others"


@node
def persons(children, context, role, max_names=3):
    """Names joined by ';', and 'u. a.' for 'and others' or after the first of more than three."""
    if children:
        raise ValueError(children)
    entry = context["entry"]
    people = list(entry.persons.get(role, ()))
    if not people:
        raise FieldIsMissing(role, entry)
    others = _is_others(people[-1])
    people = [p for p in people if not _is_others(p)]
    if len(people) > max_names:
        people, others = people[:1], True
    style = context["style"]
    text = join(sep="; ")[[style.format_name(p, style.abbreviate_names) for p in people]].format_data(context)
    return Text(text, " u.", Symbol("nbsp"), "a.") if others else text


def _fold(text: str) -> str:
    """A sort key in German order (DIN 5007-1: ä as a, ß as ss), without braces and accents."""
    text = text.replace("{", "").replace("}", "").replace("ß", "ss").casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _plain(latex: str) -> str:
    return str(Text.from_latex(latex)) if latex else ""


def _year(entry: Entry) -> int | None:
    year = entry.fields.get("year", "").strip()
    return int(year) if year.isdigit() and len(year) == 4 else None


def _names_key(entry: Entry) -> str:
    for role in ("author", "editor"):
        people = [p for p in entry.persons.get(role, ()) if not _is_others(p)]
        if people:
            return "   ".join(_fold(_plain(" ".join(p.last_names))) + "  " +
                              _fold(_plain(" ".join(p.first_names + p.middle_names))) for p in people)
    return ""


def sort_key(entry: Entry) -> tuple:
    """Authors (or editors), then year (undated last), then title; entries without names by title."""
    names = _names_key(entry)
    title = _fold(_plain(entry.fields.get("title", "")))
    year = _year(entry)
    return (names or title, year is None, year or 0, title, entry.key.casefold())


class GermanSorting(BaseSortingStyle):
    def sorting_key(self, entry):
        return sort_key(entry)


class CitationOrder(BaseSortingStyle):
    """unsrt: the order in which entries are given (first citation on the page)."""

    def sort(self, entries):
        return list(entries)


def short_names(entry: Entry) -> str:
    """Who an author-year citation names: 'Meier', 'Meier und Schulz', 'Meier u. a.', or the title."""
    for role in ("author", "editor"):
        people = list(entry.persons.get(role, ()))
        if people:
            others = _is_others(people[-1])
            last = [_plain(" ".join(p.prelast_names + p.last_names)) for p in people if not _is_others(p)]
            if others or len(last) > 2:
                return f"{last[0]} u.\u00a0a."
            return " und ".join(last)
    return _plain(entry.fields.get("title", entry.key))


def author_year_label(entry: Entry) -> str:
    return f"{short_names(entry)} {_year(entry) or UNDATED}"


class AuthorYearLabels(BaseLabelStyle):
    """'UPJ e.V. o. J.', 'Meier 2019a', 'Meier 2019b': unique across the entries given."""

    def format_labels(self, sorted_entries):
        labels = [author_year_label(e) for e in sorted_entries]
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        seen: dict[str, int] = {}
        for label in labels:
            if counts[label] == 1:
                yield label
            else:
                seen[label] = seen.get(label, 0) + 1
                yield f"{label}{chr(ord('a') + seen[label] - 1)}"


def _date():
    return first_of[optional[join(sep=" ")[optional_field("month"), bib_field("year")]], UNDATED]


def _year_only():
    return first_of[optional[bib_field("year")], UNDATED]


def _pages():
    return optional[join["S.", Symbol("nbsp"), bib_field("pages", apply_func=_dash)]]


def _dash(text):
    return Text(Symbol("ndash")).join(text.split(re.compile(r"-+")))


def _place_publisher():
    """'Berlin: Verlag', 'Verlag' or 'Berlin'."""
    return first_of[
        optional[join(sep=": ")[bib_field("address"), bib_field("publisher")]],
        optional_field("publisher"),
        optional_field("address"),
    ]


class GermanStyle(BaseStyle):
    """Entries in German, in the manner of DIN ISO 690, with pybtex's templates."""

    default_label_style = "number"
    author_year = False

    def __init__(self, label_style=None, sorting_style=None, author_year=False, **kwargs):
        super().__init__(label_style=label_style, **kwargs)
        self.name_style = GermanNames()
        self.format_name = self.name_style.format
        self.sorting_style = sorting_style or GermanSorting()
        self.sort = self.sorting_style.sort
        self.author_year = author_year

    def format_entry(self, label, entry, bib_data=None):
        kind = entry.type if hasattr(self, f"get_{entry.type}_template") else "misc"  # unknown types as misc
        suffix = label[len(author_year_label(entry)):] if self.author_year and label else ""
        if kind != entry.type or suffix:
            fields = dict(entry.fields)
            if suffix:  # 'UPJ e.V. (o. J.a)' in the list when the citation says 'UPJ e.V. o. J.a'
                fields["year"] = f"{fields.get('year', UNDATED)}{suffix}"
            copy = Entry(kind, fields=fields, persons=entry.persons)
            copy.key = entry.key
            entry = copy
        return super().format_entry(label, entry, bib_data)

    # --- parts
    def _head(self, e, title, editors=True):
        """'Meier, Anna: Titel.' or, author-year, 'Meier, Anna (2019): Titel.'

        Without authors, the editors of a whole work stand in for them; without either, the title."""
        if "author" in e.persons:
            who = persons("author")
        elif editors and "editor" in e.persons:
            who = join[persons("editor"), " (Hrsg.)"]
        elif self.author_year:
            return join[sentence(add_period=False)[title], " (", _year_only(), ")."]
        else:
            return sentence[title]
        if self.author_year:
            return join[who, " (", _year_only(), "): ", sentence[title]]
        return join[who, ": ", sentence[title]]

    def _tail(self, *parts):
        """Publication details, the date (unless it already follows the author), note and addresses."""
        details = [*parts] if self.author_year else [*parts, _date()]
        return [
            sentence[details],
            sentence[optional_field("note")],
            optional[sentence[join["ISBN ", bib_field("isbn")]]],
            sentence[
                optional[join["URL: ", href(bib_field("url", raw=True))[bib_field("url", raw=True)]]],
                optional[join["abgerufen am ", bib_field("urldate")]],
            ],
            optional[sentence[join["DOI: ", href(join["https://doi.org/", bib_field("doi", raw=True)])[
                bib_field("doi", raw=True)]]]],
        ]

    @staticmethod
    def _work_title():
        return tag("em")[bib_field("title")]

    @staticmethod
    def _edition():
        return optional[join[bib_field("edition"), ". Aufl."]]

    @staticmethod
    def _series():
        return optional[join["(", bib_field("series"), optional[join[", Bd.", Symbol("nbsp"), bib_field("volume")]],
                             ")"]]

    def _in(self, booktitle="booktitle"):
        editors = optional[join[persons("editor"), " (Hrsg.): "]]
        return join["In: ", editors, tag("em")[bib_field(booktitle)]]

    # --- entry types
    def get_article_template(self, e):
        volume = optional[join[bib_field("volume"), optional[join[" (", bib_field("number"), ")"]]]]
        return toplevel[self._head(e, bib_field("title"), editors=False),
                        *self._tail(join["In: ", tag("em")[bib_field("journal")]], volume, _pages())]

    def get_book_template(self, e):
        return toplevel[self._head(e, self._work_title()),
                        *self._tail(self._edition(), _place_publisher(), self._series())]

    def get_proceedings_template(self, e):
        return self.get_book_template(e)

    def get_booklet_template(self, e):
        return toplevel[self._head(e, self._work_title()),
                        *self._tail(optional_field("howpublished"), optional_field("address"))]

    def get_inbook_template(self, e):
        chapter = optional[join["Kap.", Symbol("nbsp"), bib_field("chapter")]]
        return toplevel[self._head(e, bib_field("title"), editors=False),
                        *self._tail(self._in("booktitle") if "booktitle" in e.fields else self._in("title"),
                                    self._edition(), _place_publisher(), chapter, _pages())]

    def get_incollection_template(self, e):
        return toplevel[self._head(e, bib_field("title"), editors=False),
                        *self._tail(self._in(), self._edition(), _place_publisher(), _pages())]

    def get_inproceedings_template(self, e):
        return toplevel[self._head(e, bib_field("title"), editors=False),
                        *self._tail(self._in(), optional_field("organization"), _place_publisher(), _pages())]

    def get_manual_template(self, e):
        return toplevel[self._head(e, self._work_title()),
                        *self._tail(self._edition(), optional_field("organization"), optional_field("address"))]

    def get_techreport_template(self, e):
        kind = join(sep=" ")[first_of[optional_field("type"), "Bericht"], optional[join["Nr.", Symbol("nbsp"),
                                                                                       bib_field("number")]]]
        return toplevel[self._head(e, self._work_title()),
                        *self._tail(kind, optional_field("institution"), optional_field("address"))]

    def _thesis(self, e, kind):
        return toplevel[self._head(e, self._work_title()),
                        *self._tail(first_of[optional_field("type"), kind], optional_field("school"),
                                    optional_field("address"))]

    def get_mastersthesis_template(self, e):
        return self._thesis(e, "Masterarbeit")

    def get_phdthesis_template(self, e):
        return self._thesis(e, "Dissertation")

    def get_misc_template(self, e):
        return toplevel[self._head(e, bib_field("title")),
                        *self._tail(optional_field("howpublished"), optional_field("organization"))]

    def get_online_template(self, e):
        return self.get_misc_template(e)

    def get_unpublished_template(self, e):
        return toplevel[self._head(e, bib_field("title")), *self._tail(optional_field("howpublished"))]


def make_style(name: str) -> GermanStyle:
    """The formatting style ``name`` (one of :data:`BIBLIOGRAPHY_STYLES`), with pybtex's label styles."""
    if name == "plain":
        return GermanStyle(label_style="number")
    if name == "unsrt":
        return GermanStyle(label_style="number", sorting_style=CitationOrder())
    if name == "alpha":
        return GermanStyle(label_style="alpha")
    if name == "author-year":
        style = GermanStyle(label_style="number", author_year=True)
        style.label_style = AuthorYearLabels()
        style.format_labels = style.label_style.format_labels
        return style
    raise ValueError(f"unknown bibliography style '{name}' (known: {', '.join(BIBLIOGRAPHY_STYLES)})")


class _Html(HtmlBackend):
    """pybtex's HTML backend, with the link address escaped too."""

    def format_href(self, url, text, external=False):
        return f'<a href="{escape(url, quote=True)}">{text}</a>' if text else ""


_HTML = _Html()
_TEXT = TextBackend()


# --- loading -----------------------------------------------------------------------

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
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # first line of each field

    @property
    def link(self) -> str:
        """Where a reader can follow the source: its address, else its DOI."""
        if self.url:
            return self.url
        return f"https://doi.org/{quote(self.doi, safe='/:;()._-')}" if self.doi else ""

    @property
    def bibtex(self) -> str:
        """The entry as a BibTeX file of its own, written by pybtex."""
        return Writer().to_string(BibliographyData(entries={self.key: self.entry}))


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
                cached = self._html[entry.key, label] = self.style.format_entry(label, entry).text.render(_HTML)
            out.append((self.references[entry.key], label, cached))
        return out

    def text(self, key: str, labels: dict[str, str] | None = None) -> str:
        """An entry as plain text, e.g. for a link's tooltip."""
        label = labels.get(key, "") if labels else ""
        cached = self._text.get((key, label))
        if cached is None:
            entry = self.references[key].entry
            cached = self._text[key, label] = str(self.style.format_entry(label, entry).text.render(_TEXT))
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


def load_bibliography(root: Path, data_dir: str, style: str, problems: Problems) -> Bibliography | None:
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
        if _check(ref, rel, bib.style, problems):
            bib.references[key] = ref
        else:
            bib.broken.add(key)
    return bib


def _reference(key: str, entry: Entry, line: int) -> Reference:
    f = entry.fields
    return Reference(key=key, type=entry.type.lower(), line=line, title=_plain(f.get("title", "")),
                     year=_year(entry), url=f.get("url", "").strip(), doi=f.get("doi", "").strip(), entry=entry)


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
    try:
        style.format_entry("", ref.entry)
    except FieldIsMissing as exc:
        problems.error(rel, (ref.line, 1), "", f"@{ref.type} '{ref.key}' needs the field '{exc.field_name}'",
                       f"add it, or use a type that fits the source (e.g. @misc)")
        ok = False
    return ok


# --- what pages cite ---------------------------------------------------------------

@dataclass
class CitingPage:
    """A page that cites entries: a case study or a Markdown page in the docs folder."""

    src_uri: str  # e.g. kooperationen/x.md or ueber.md
    url: str  # address relative to the site root, e.g. kooperationen/x/
    title: str
    inline: list[str] = field(default_factory=list)  # keys in order of first citation
    listed: list[str] = field(default_factory=list)  # keys from 'references:' not cited inline

    @property
    def keys(self) -> list[str]:
        return [*self.inline, *(k for k in self.listed if k not in self.inline)]


@dataclass(frozen=True)
class Source:
    """An entry as a page or the literature page shows it."""

    key: str
    label: str
    html: str  # formatted by pybtex, HTML-escaped
    reference: Reference
    cited_by: tuple[CitingPage, ...] = ()

    @property
    def anchor(self) -> str:
        return anchor(self.key)

    @property
    def download(self) -> str:
        return urls.bibtex(self.key)


def anchor(key: str) -> str:
    return f"quelle-{key}"


@dataclass
class SourceGroup:
    id: str
    label: str
    sources: list[Source]


@dataclass
class LiteratureView:
    groups: list[SourceGroup]
    count: int
    show_labels: bool  # alpha labels mean the same on every page; numbers don't; author-year entries start with them
    style: str
    edit_path: str


class SiteReferences:
    """Citations and source lists of one build: what each page cites, labelled and formatted."""

    def __init__(self, bibliography: Bibliography | None, pages: list[CitingPage], group_by: str = "year") -> None:
        self.bibliography = bibliography
        self.pages = {p.src_uri: p for p in pages}
        self.group_by = group_by
        self._lists: dict[str, list[Source]] = {}
        self._global_labels: dict[str, str] | None = None
        if bibliography is not None and bibliography.style_name in ("alpha", "author-year"):
            formatted = bibliography.format(list(bibliography.references))
            self._global_labels = {ref.key: label for ref, label, _ in formatted}

    @classmethod
    def of(cls, catalog) -> "SiteReferences":
        """The references of a loaded catalog."""
        return cls(catalog.bibliography, catalog.citing, catalog.settings.bibliography_group)

    def cited_by(self, key: str) -> tuple[CitingPage, ...]:
        return tuple(sorted((p for p in self.pages.values() if key in p.keys), key=lambda p: _fold(p.title)))

    def sources(self, src_uri: str) -> list[Source]:
        """The Quellen list of a page (empty for pages that cite nothing)."""
        page = self.pages.get(src_uri)
        if page is None or self.bibliography is None:
            return []
        if src_uri not in self._lists:
            keys = [k for k in page.keys if k in self.bibliography.references]
            self._lists[src_uri] = [Source(ref.key, label, html, ref)
                                    for ref, label, html in self.bibliography.format(keys, self._global_labels)]
        return self._lists[src_uri]

    def cite(self, src_uri: str, markdown: str) -> str:
        """The page's Markdown with each citation as a link to its entry in the page's Quellen list."""
        if src_uri not in self.pages or self.bibliography is None:
            return markdown
        labels = {s.key: s.label for s in self.sources(src_uri)}
        return replace_citations(markdown, lambda c: self._marker(c, labels))

    def _marker(self, citation: Citation, labels: dict[str, str]) -> str:
        author_year = self.bibliography.style_name == "author-year"
        items = list(citation.items)
        if self.bibliography.style_name in ("plain", "unsrt"):  # [1; 3], not [3; 1]
            order = list(labels)
            items.sort(key=lambda i: order.index(i.key) if i.key in order else len(order))
        parts = []
        for item in items:
            label = labels.get(item.key, item.key)
            text = f"{label}, {item.locator}" if item.locator else label
            title = self.bibliography.text(item.key, labels) if item.key in self.bibliography.references else ""
            parts.append(f'<a href="#{escape(anchor(item.key), quote=True)}" title="{escape(title, quote=True)}">'
                         f'{_md_safe(text)}</a>')
        opening, closing = ("(", ")") if author_year else ("&#91;", "&#93;")
        return f'<span class="kl-cite">{opening}{"; ".join(parts)}{closing}</span>'

    def literature(self) -> LiteratureView:
        bib = self.bibliography
        assert bib is not None
        refs = sorted(bib.references.values(), key=lambda r: sort_key(r.entry))
        labels = self._global_labels or {}
        html = {ref.key: text for ref, _, text in bib.format([r.key for r in refs], labels or None)}
        sources = [Source(r.key, labels.get(r.key, ""), html[r.key], r, self.cited_by(r.key)) for r in refs]
        return LiteratureView(groups=group_sources(sources, self.group_by), count=len(sources),
                              show_labels=bib.style_name == "alpha", style=bib.style_name, edit_path=bib.path)

    def downloads(self):
        """(address, BibTeX text) of each entry's download: literatur/<key>.bib."""
        if self.bibliography is None:
            return
        for key, ref in self.bibliography.references.items():
            yield urls.bibtex(key), ref.bibtex


def _md_safe(text: str) -> str:
    """Label and locator as text inside raw HTML in Markdown: escaped, and no Markdown syntax."""
    out = escape(text, quote=False)
    for ch, entity in (("[", "&#91;"), ("]", "&#93;"), ("*", "&#42;"), ("_", "&#95;"), ("`", "&#96;")):
        out = out.replace(ch, entity)
    return out


def group_sources(sources: list[Source], by: str) -> list[SourceGroup]:
    """By year, newest first, undated last; or by type, in the order of :data:`TYPE_GROUPS`."""
    if by == "type":
        groups = []
        for gid, label, types in TYPE_GROUPS:
            found = [s for s in sources if s.reference.type in types or
                     (not types and not any(s.reference.type in t for _, _, t in TYPE_GROUPS))]
            if found:
                groups.append(SourceGroup(gid, label, found))
        return groups
    years = sorted({s.reference.year for s in sources if s.reference.year}, reverse=True)
    groups = [SourceGroup(f"jahr-{y}", str(y), [s for s in sources if s.reference.year == y]) for y in years]
    undated = [s for s in sources if s.reference.year is None]
    if undated:
        groups.append(SourceGroup("ohne-jahr", "Ohne Jahr", undated))
    return groups


# --- checking citations ------------------------------------------------------------

def collect_citations(root: Path, data_dir: str, docs_dir: str, cases, bib: Bibliography | None,
                      problems: Problems, members=(), networks=()) -> list[CitingPage]:
    """Find the citations of case studies, of member and network descriptions and of the Markdown pages
    in ``docs_dir``, and check their keys.

    Unknown keys are errors where they stand; entries that nothing cites are warnings."""
    docs_dir = Path(docs_dir).as_posix()  # 'content/' -> 'content'
    pages: list[CitingPage] = []
    # descriptions in YAML: a member's file, the networks' vocabulary (read again only where '@' occurs)
    for m in members:
        if "@" in m.description:
            page = CitingPage(urls.src_uri(urls.member(m)), urls.member(m), m.name)
            _scan_yaml(root, m.source.path, ("description",), m.description, page, bib, problems)
            if page.keys:
                pages.append(page)
    networks_file = f"{data_dir}/vocab/networks.yml"
    citing_networks = [n for n in networks if "@" in n.description]
    if citing_networks:
        doc = read_yaml(root / networks_file, networks_file, Problems())
        entries = doc.data if doc and isinstance(doc.data, list) else []
        index = {e.get("id"): i for i, e in enumerate(entries) if isinstance(e, dict)}
        for n in citing_networks:
            page = CitingPage(urls.src_uri(urls.network(n)), urls.network(n), n.label)
            _scan_yaml(root, networks_file, (index.get(n.id, 0), "description"), n.description, page, bib, problems)
            if page.keys:
                pages.append(page)
    for case in cases:
        page = CitingPage(urls.src_uri(urls.case(case)), urls.case(case), case.title)
        rel = case.source.path
        # the file is read again only to place citations (a body without '@' has none)
        first = _first_body_line(root / rel, case.source.body_line) if "@" in case.body else case.source.body_line
        _scan(case.body, first, rel, page, bib, problems)
        if case.references:
            doc = read_front_matter(root / rel, rel, Problems())
            for i, key in enumerate(case.references):
                pos = doc.pos(("references", i)) if doc else (1, 1)
                if _check_key(key, rel, pos, f"references[{i}]", bib, problems) and key not in page.listed:
                    page.listed.append(key)
        if page.keys:
            pages.append(page)
    docs = root / docs_dir
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
        rel_in_docs = path.relative_to(docs).as_posix()
        if any(part.startswith((".", "_")) for part in path.relative_to(docs).parts):
            continue
        rel = f"{docs_dir}/{rel_in_docs}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports files it can't read
        body, first, meta_title = _split_front_matter(text)
        page = CitingPage(rel_in_docs, _page_url(rel_in_docs), meta_title or _heading(body) or path.stem)
        _scan(body, first, rel, page, bib, problems)
        if page.keys:
            pages.append(page)
    if bib is not None:
        used = {k for p in pages for k in p.keys}
        for key, ref in bib.references.items():
            if key not in used:
                problems.warning(bib.path, (ref.line, 1), "", f"the entry '{key}' is not cited anywhere",
                                 f"cite it as [@{key}] in a case study, a member's or network's description or "
                                 f"a page in {docs_dir}/, list it under 'references:' of a case study, or remove it")
    return pages


def _scan(text: str, first_line: int, rel: str, page: CitingPage, bib: Bibliography | None,
          problems: Problems) -> None:
    for citation in find_citations(text):
        for item in citation.items:
            pos = (first_line + item.line - 1, item.col)
            if _check_key(item.key, rel, pos, "", bib, problems) and item.key not in page.inline:
                page.inline.append(item.key)


def _scan_yaml(root: Path, rel: str, path: tuple, text: str, page: CitingPage, bib: Bibliography | None,
               problems: Problems) -> None:
    """The citations of a text that stands in a YAML file at ``path``. Each is reported where its
    ``@key`` stands in the file (searched from the value's line on, as block scalars fold and indent
    the text), else at the value."""
    doc = read_yaml(root / rel, rel, Problems())
    start = doc.pos(path) if doc else (1, 1)
    try:
        lines = (root / rel).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        lines = []
    cursor = (start[0], start[1] - 1)  # 1-based line, 0-based column: where to search next
    name = ".".join(p for p in path if isinstance(p, str))  # the field, e.g. 'description'
    for citation in find_citations(text):
        for item in citation.items:
            pos = start
            for n in range(cursor[0], len(lines) + 1):
                col = lines[n - 1].find("@" + item.key, cursor[1] if n == cursor[0] else 0)
                if col >= 0:
                    pos, cursor = (n, col + 1), (n, col + 1)
                    break
            if _check_key(item.key, rel, pos, name, bib, problems) and item.key not in page.inline:
                page.inline.append(item.key)


def _check_key(key: str, rel: str, pos: tuple[int, int], field_name: str, bib: Bibliography | None,
               problems: Problems) -> bool:
    """True if the key names a usable entry; unknown keys are reported."""
    if bib is not None and key in bib.references:
        return True
    if bib is not None and key in bib.broken:
        return False  # its problem is reported at the entry
    if bib is None:
        problems.error(rel, pos, field_name, f"unknown citation key '{key}'",
                       f"there is no bibliography yet: add the entry to a file {FILE} in the data folder")
        return False
    close = bib.close_key(key)
    hint = f"did you mean '{close}'?" if close else f"add an entry with this key to {bib.path}"
    problems.error(rel, pos, field_name, f"unknown citation key '{key}'", hint)
    return False


def _first_body_line(path: Path, body_line: int) -> int:
    """The file line of a case body's first line (the body is read without its leading blank lines)."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return body_line
    line = body_line
    while line - 1 < len(lines) and lines[line - 1] == "":
        line += 1
    return line


def _split_front_matter(text: str) -> tuple[str, int, str]:
    """(body, file line of its first line, title from the front matter) of a Markdown page."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for end, line in enumerate(lines[1:], start=1):
            if line.rstrip() in ("---", "..."):
                try:
                    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
                except yaml.YAMLError:
                    meta = {}
                title = meta.get("title") if isinstance(meta, dict) else None
                return "\n".join(lines[end + 1:]), end + 2, str(title).strip() if title else ""
    return text, 1, ""


def _heading(markdown: str) -> str:
    m = re.search(r"(?m)^#\s+(.+?)\s*#*\s*$", markdown)
    return m.group(1) if m else ""


def _page_url(src_uri: str) -> str:
    """The address MkDocs gives a Markdown file (with directory URLs)."""
    stem = src_uri[: -len(".md")]
    if stem in ("index", "README"):
        return ""
    if stem.endswith(("/index", "/README")):
        return stem.rsplit("/", 1)[0] + "/"
    return stem + "/"
