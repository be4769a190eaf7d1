"""Citations and source lists of one build: what each page cites, labelled and formatted by the
bibliography's style, the Quellen list of each page and the literature page (/literatur/)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kooplab import urls
from kooplab.load.bibliography import Bibliography, Reference
from kooplab.load.bibtex_style import fold, sort_key
from kooplab.load.citations import Citation, replace_citations
from kooplab.load.citing import CitingPage

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
        return tuple(sorted((p for p in self.pages.values() if key in p.keys), key=lambda p: fold(p.title)))

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
