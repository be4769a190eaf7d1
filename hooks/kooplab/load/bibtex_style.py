"""The German pybtex style of the network's sources.

Formatting uses pybtex's own machinery - a formatting style, its label and sorting styles, and the
HTML backend - with German wording: 'Hrsg.', 'S.', 'o. J.', names as 'Nachname, Vorname' and 'u. a.'
after the third author. Titles keep their capitals as written (German nouns, ``{SDG}``); all text is
HTML-escaped by the backend.

Styles (``bibliography_style`` in ``extra.kooplab``):

- ``plain``: numbered [1], [2] … in alphabetical order of authors, as BibTeX's plain
- ``unsrt``: numbered in the order of first citation on the page
- ``alpha``: labels from authors and year, e.g. [UPJeV19]
- ``author-year``: citations as (UPJ e.V. 2019), entries start with author and year
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.database import Entry
from pybtex.richtext import Symbol, Text
from pybtex.style.formatting import BaseStyle, toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.names import BaseNameStyle, name_part
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import (
    FieldIsMissing,
    first_of,
    href,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
)
from pybtex.style.template import field as bib_field

from kooplab.settings import BIBLIOGRAPHY_STYLES

UNDATED = "o. J."  # ohne Jahr


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


def fold(text: str) -> str:
    """A sort key in German order (DIN 5007-1: ä as a, ß as ss), without braces and accents."""
    text = text.replace("{", "").replace("}", "").replace("ß", "ss").casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def plain_text(latex: str) -> str:
    return str(Text.from_latex(latex)) if latex else ""


def year_of(entry: Entry) -> int | None:
    year = entry.fields.get("year", "").strip()
    return int(year) if year.isdigit() and len(year) == 4 else None


def _names_key(entry: Entry) -> str:
    for role in ("author", "editor"):
        people = [p for p in entry.persons.get(role, ()) if not _is_others(p)]
        if people:
            return "   ".join(fold(plain_text(" ".join(p.last_names))) + "  " +
                              fold(plain_text(" ".join(p.first_names + p.middle_names))) for p in people)
    return ""


def sort_key(entry: Entry) -> tuple:
    """Authors (or editors), then year (undated last), then title; entries without names by title."""
    names = _names_key(entry)
    title = fold(plain_text(entry.fields.get("title", "")))
    year = year_of(entry)
    return (names or title, year is None, year or 0, title, entry.key.casefold())


class GermanSorting(BaseSortingStyle):
    """By :func:`sort_key`, computed once per entry: a site sorts the Quellen list of every citing page."""

    def __init__(self) -> None:
        self._keys: dict[int, tuple[Entry, tuple]] = {}  # id(entry) -> (entry, its key)

    def sorting_key(self, entry):
        found = self._keys.get(id(entry))
        if found is None or found[0] is not entry:
            found = self._keys[id(entry)] = (entry, sort_key(entry))
        return found[1]


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
            last = [plain_text(" ".join(p.prelast_names + p.last_names)) for p in people if not _is_others(p)]
            if others or len(last) > 2:
                return f"{last[0]} u.\u00a0a."
            return " und ".join(last)
    return plain_text(entry.fields.get("title", entry.key))


def author_year_label(entry: Entry) -> str:
    return f"{short_names(entry)} {year_of(entry) or UNDATED}"


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


HTML = _Html()
TEXT = TextBackend()
