"""Which pages cite which sources: the citations of case studies, of member and network descriptions and
of the Markdown pages in the docs folder, each key checked against the bibliography where it stands."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kooplab import urls
from kooplab.load.bibliography import FILE, Bibliography
from kooplab.load.citations import find_citations
from kooplab.load.source import front_matter_end, read_front_matter, read_yaml
from kooplab.problems import Problems


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
            # the file is read again only to place an unknown key (the list's positions are not kept)
            known = all(_known(key, bib) for key in case.references)
            doc = None if known else read_front_matter(root / rel, rel, Problems())
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
        page = CitingPage(rel_in_docs, urls.page_url(rel_in_docs), meta_title or _heading(body) or path.stem)
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


def _known(key: str, bib: Bibliography | None) -> bool:
    """Whether the bibliography has an entry of this key (usable, or broken and reported at the entry)."""
    return bib is not None and (key in bib.references or key in bib.broken)


def _check_key(key: str, rel: str, pos: tuple[int, int], field_name: str, bib: Bibliography | None,
               problems: Problems) -> bool:
    """True if the key names a usable entry; unknown keys are reported."""
    if _known(key, bib):
        return key in bib.references  # a broken entry's problem is reported at the entry
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
    """(body, file line of its first line, title from the front matter) of a Markdown page in the docs
    folder. Unlike a case study's, its front matter is MkDocs' business: here it only gives the title."""
    lines = text.split("\n")
    end = front_matter_end(lines)
    if end is None:
        return text, 1, ""
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError:
        meta = {}
    title = meta.get("title") if isinstance(meta, dict) else None
    return "\n".join(lines[end + 1:]), end + 2, str(title).strip() if title else ""


def _heading(markdown: str) -> str:
    m = re.search(r"(?m)^#\s+(.+?)\s*#*\s*$", markdown)
    return m.group(1) if m else ""
