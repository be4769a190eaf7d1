"""Sources: data/references.bib, citations in case studies and pages, Quellen lists, /literatur/.

Problems are pinned with file, line and column like every other validation problem; the
rendering is read from the built sample site with a real HTML parser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from conftest import CASE, MEMBER, REPO
from kooplab.load.bibliography import load_bibliography
from kooplab.load.citing import CitingPage
from kooplab.pages.references import SiteReferences
from kooplab.load.catalog import load_catalog
from kooplab.load.citations import find_citations
from kooplab.problems import Problems
from kooplab.settings import Settings, settings_from_mkdocs

BIB = """
@techreport{upj-arbeitspapier,
  author = {{UPJ e.V.}},
  title = {Arbeitspapier zur regionalen Entwicklung},
  type = {Arbeitspapier},
  year = 2019,
}

@manual{upj-leitfaden,
  author = {{UPJ e.V.}},
  title = {Lokaler Aktionstag für Unternehmen und Gemeinnützige},
}

@online{un-sdg,
  author = {{Vereinte Nationen}},
  title = {Leitlinien zu den {SDG}-Icons & <Farben>},
  url = {https://www.un.org/sustainabledevelopment/news/communications-material/},
  year = 2020,
}
"""

# line numbers of the entries above, once written (the text starts with its first '@')
LINE = {"upj-arbeitspapier": 1, "upj-leitfaden": 8, "un-sdg": 13}


def case(body: str, front: str = "") -> str:
    """The conftest case with another body (from file line 14, later by the lines of ``front``)."""
    head, _ = CASE.split("## Ausgangslage")
    return head.replace("published:", f"{front}published:") + body


def with_members(project):
    project.write("data/members/hansa-flex.yml", MEMBER)
    project.write("data/members/deutsche-see.yml", MEMBER.replace("Hansa-Flex AG", "Deutsche See GmbH"))


@pytest.fixture
def cited(project):
    """A project whose bibliography is used in full: one case cites, one page cites."""
    with_members(project)
    project.write("data/references.bib", BIB)
    project.write("data/cases/arbeitskreis-umwelt.md",
                  case("Text [@upj-arbeitspapier].\n", "references: [upj-leitfaden]\n"))
    project.write("content/ueber.md", "---\ntitle: Über uns\n---\n\nDie Farben [@un-sdg].\n")
    return project


# --- problems ---------------------------------------------------------------------

def test_a_fully_cited_bibliography_has_no_problems(cited):
    catalog, problems = cited.load()
    assert list(problems) == []
    assert list(catalog.bibliography.references) == ["upj-arbeitspapier", "upj-leitfaden", "un-sdg"]
    assert [ref.line for ref in catalog.bibliography.references.values()] == list(LINE.values())


def test_unknown_key_in_a_case_body_at_its_line_and_column(cited):
    cited.write("data/cases/arbeitskreis-umwelt.md",
                case("Erste Zeile.\n\nZweite [@upj-arbeitspapier] und [@upj-arbeitspapir, S. 3].\n",
                     "references: [upj-leitfaden]\n"))
    assert cited.messages() == [
        "data/cases/arbeitskreis-umwelt.md:17:34: error: unknown citation key 'upj-arbeitspapir'"]
    (problem,) = cited.load()[1]
    assert problem.hint == "did you mean 'upj-arbeitspapier'?"


def test_unknown_key_in_a_group_of_citations(cited):
    cited.write("data/cases/arbeitskreis-umwelt.md",
                case("Text [@upj-arbeitspapier; @nirgends].\n", "references: [upj-leitfaden]\n"))
    assert cited.messages() == ["data/cases/arbeitskreis-umwelt.md:15:27: error: unknown citation key 'nirgends'"]
    (problem,) = cited.load()[1]
    assert problem.hint == "add an entry with this key to data/references.bib"


def test_unknown_key_in_references(cited):
    cited.write("data/cases/arbeitskreis-umwelt.md",
                case("Text [@upj-arbeitspapier].\n", "references:\n  - upj-leitfaden\n  - UPJ-Leitfaden\n"))
    assert cited.messages() == [
        "data/cases/arbeitskreis-umwelt.md:12:5: error: references[1]: unknown citation key 'UPJ-Leitfaden'"]
    (problem,) = cited.load()[1]
    assert problem.hint == "did you mean 'upj-leitfaden'?"


def test_unknown_key_in_a_content_page(cited):
    cited.write("content/ueber.md", "---\ntitle: Über uns\n---\n\nDie Farben [@un-sdg].\n\nMehr [@un].\n")
    assert cited.messages() == ["content/ueber.md:7:7: error: unknown citation key 'un'"]


def test_member_descriptions_cite_with_positions_in_the_yaml_file(cited):
    """A member's description (a YAML block scalar) cites like a case study; an unknown key is reported
    where its @key stands in the file."""
    cited.write("data/members/hansa-flex.yml", MEMBER + "description: |\n  Erste Zeile.\n\n"
                "  Zweite [@upj-arbeitspapier] und [@upj-arbeitspapir, S. 3].\n")
    catalog, problems = cited.load()
    line = MEMBER.count("\n") + 4
    assert [p.text().split("\n")[0] for p in problems] == [
        f"data/members/hansa-flex.yml:{line}:36: error: description: unknown citation key 'upj-arbeitspapir'"]
    (page,) = [p for p in catalog.citing if p.url == "verzeichnis/hansa-flex/"]
    assert page.keys == ["upj-arbeitspapier"] and page.title == "Hansa-Flex AG"


def test_network_descriptions_cite_even_when_folded(cited):
    """Network descriptions in data/vocab/networks.yml are folded scalars (>-): the position is still
    the line and column of the @key in the file."""
    text = (REPO / "data/vocab/networks.yml").read_text("utf-8")
    start = text.index("  description: >-\n", text.index("- id: puu-bremen"))
    first = start + len("  description: >-\n")
    text = text[:first] + "    Siehe [@un-sdg] und\n    [@un-sdgs].\n" + text[first:]
    cited.write("data/vocab/networks.yml", text)
    line = text[:first].count("\n") + 2
    assert cited.messages() == [f"data/vocab/networks.yml:{line}:6: error: description: unknown citation key 'un-sdgs'"]
    catalog, _ = cited.load()
    (page,) = [p for p in catalog.citing if p.url == "netzwerke/puu-bremen/"]
    assert page.keys == ["un-sdg"]


def test_pages_outside_the_docs_folder_are_not_read(cited):
    cited.write("notes/x.md", "[@nirgends]\n")
    cited.write("content/.entwurf.md", "[@nirgends]\n")
    assert cited.messages() == []


def test_citing_without_a_bibliography_is_an_error(project):
    with_members(project)
    project.write("data/cases/arbeitskreis-umwelt.md", case("Text [@upj-leitfaden].\n"))
    assert project.messages() == [
        "data/cases/arbeitskreis-umwelt.md:14:7: error: unknown citation key 'upj-leitfaden'"]
    (problem,) = project.load()[1]
    assert problem.hint == "there is no bibliography yet: add the entry to a file references.bib in the data folder"


def test_no_bibliography_and_no_citations_is_fine(project):
    with_members(project)
    project.write("data/cases/arbeitskreis-umwelt.md", CASE)
    catalog, problems = project.load()
    assert list(problems) == [] and catalog.bibliography is None


def test_an_unused_entry_is_a_warning_at_its_line(cited):
    cited.write("data/cases/arbeitskreis-umwelt.md", case("Text [@upj-arbeitspapier].\n"))
    assert cited.messages() == [
        f"data/references.bib:{LINE['upj-leitfaden']}:1: warning: the entry 'upj-leitfaden' is not cited anywhere"]
    _, problems = cited.load()
    assert not problems.errors


def test_a_duplicate_key_is_an_error_at_the_second_entry(cited):
    cited.write("data/references.bib", BIB + "\n@misc{UPJ-Leitfaden,\n  title = {Noch einmal},\n}\n")
    assert cited.messages() == [
        "data/references.bib:20:1: error: the key 'UPJ-Leitfaden' is already used in line 8 (as 'upj-leitfaden')"]


@pytest.mark.parametrize("broken, expected", [
    ("  title = {Regionale Entwicklung},\n  year 2019,\n",
     "data/references.bib:3:1: error: BibTeX syntax: '=' expected"),
    ("  title = {Regionale Entwicklung,\n  year = 2019,\n",
     "data/references.bib:1:1: error: the entry is not closed: the file ends inside it"),
    ("  title = {Regionale Entwicklung},\n  year = zwanzig,\n",
     "data/references.bib:3:1: error: BibTeX syntax: 'zwanzig' is neither text in braces nor a defined abbreviation"),
    ("  title = {Regionale Entwicklung},\n  title = {Noch ein Titel},\n",
     "data/references.bib:3:1: error: title: the entry 'x' has this field twice"),
    ("  title = {Regionale Entwicklung},\n  year = {2019/20},\n",
     "data/references.bib:3:1: error: year: '2019/20' is not a year"),
    ("  title = {Regionale Entwicklung},\n  url = {javascript:alert(1)},\n",
     "data/references.bib:3:1: error: url: 'javascript:alert(1)' is not an http(s) address"),
    ("  author = {Meier, Anna},\n",
     "data/references.bib:1:1: error: the entry 'x' has no title"),
])
def test_a_malformed_bib_file_is_an_error_with_its_line(project, broken, expected):
    # the last entry of the file, so that an unclosed brace runs to the end
    project.write("data/references.bib", f"@misc{{x,\n{broken}}}\n" if "Entwicklung," not in broken
                  else f"@misc{{x,\n{broken}")
    assert project.messages() == [expected]


def test_an_entry_needs_the_fields_of_its_type(project):
    project.write("data/references.bib", "@article{x,\n  title = {Engagement vor Ort},\n  year = 2021,\n}\n")
    assert project.messages() == ["data/references.bib:1:1: error: @article 'x' needs the field 'journal'"]


def test_a_key_that_cannot_be_cited(project):
    project.write("data/references.bib", "@misc{upj/2019,\n  title = {X},\n}\n")
    assert project.messages() == ["data/references.bib:1:1: error: the key 'upj/2019' can't be cited"]


def test_an_at_sign_outside_entries_is_reported(project):
    project.write("data/references.bib", "Fragen an redaktion@example.org\n\n@misc{x, title = {X}}\n")
    assert project.messages() == [
        "data/references.bib:1:1: error: BibTeX syntax: an '@' starts an entry, but no '{' follows",
        "data/references.bib:3:1: warning: the entry 'x' is not cited anywhere"]


def test_citing_a_broken_entry_reports_only_the_entry(cited):
    cited.write("data/references.bib", BIB.replace("  type = {Arbeitspapier},\n", "  type = Arbeitspapier,\n"))
    assert cited.messages() == [
        "data/references.bib:4:1: error: BibTeX syntax: 'Arbeitspapier' is neither text in braces nor a defined "
        "abbreviation"]


def build_tiny(project, out: Path, strict: bool = True) -> subprocess.CompletedProcess:
    """Build a test project with the real theme, hooks and settings (no nav: MkDocs lists the pages)."""
    root = project.root
    for name in ("overrides", "hooks", "data/templates", "content/assets"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"),
                        dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config[:config.index("\nnav:")] + "\n", encoding="utf-8")
    if not (root / "content/index.md").exists():
        project.write("content/index.md", "# Start\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []),
                           "-d", str(out)], cwd=root, capture_output=True, text=True, env=env)


def test_validate_and_the_build_report_the_same_problems(cited, tmp_path):
    """Both go through load_catalog: an unknown key stops the MkDocs build."""
    cited.write("data/cases/arbeitskreis-umwelt.md", case("Text [@nirgends].\n", "references: [upj-leitfaden]\n"))
    expected = "data/cases/arbeitskreis-umwelt.md:15:7: Fehler: unbekannter Quellenschlüssel „nirgends“"
    build = build_tiny(cited, tmp_path / "site")
    assert build.returncode != 0
    assert expected in build.stderr
    validate = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "validate"], cwd=cited.root, capture_output=True,
                              text=True)
    assert validate.returncode == 1
    assert validate.stdout.splitlines()[0] == expected


# --- what is (not) a citation ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Schreiben Sie an info@example.org.",
    "Mail: [redaktion@example.org]",
    "Folgen Sie @kooplab und @upj@social.example.",
    "[@kooplab](https://social.example/@kooplab)",
    "![@bild](logo.png)",
    "\\[@nicht-zitiert]",
    "`[@im-code]` und ``[@auch]``",
    "```\n[@im-block]\n```",
    "~~~~\n[@im-block]\n~~~~",
    "<!-- [@im-kommentar] -->",
    "[@mit leerzeichen im key]",
    "[@]",
    "[@ref]: https://example.org/",
])
def test_an_at_that_is_not_a_citation_is_left_alone(text):
    assert find_citations(text) == []
    refs = SiteReferences(None, [])
    assert refs.cite("x.md", text) == text


@pytest.mark.parametrize("text, expected", [
    ("[@a]", [("a", "")]),
    ("[@a, S. 12]", [("a", "S. 12")]),
    ("[@a; @b]", [("a", ""), ("b", "")]),
    ("[@a, S. 12–14; @b.c_2, Kap. 3]", [("a", "S. 12–14"), ("b.c_2", "Kap. 3")]),
    ("[ @a ]", [("a", "")]),
])
def test_citation_forms(text, expected):
    (citation,) = find_citations(f"Vorher {text} nachher.")
    assert [(i.key, i.locator) for i in citation.items] == expected
    assert citation.items[0].col == 8 + text.index("@")


# --- formatting ---------------------------------------------------------------------

def references(project, style="plain", pages=None):
    project.write("data/references.bib", BIB)
    bib = load_bibliography(project.root, "data", style, Problems())
    pages = pages or [CitingPage("x.md", "x/", "X", inline=["un-sdg", "upj-arbeitspapier"], listed=["upj-leitfaden"])]
    return SiteReferences(bib, pages)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_entries_are_escaped_and_keep_protected_capitals(project):
    refs = references(project)
    un = next(s for s in refs.sources("x.md") if s.key == "un-sdg")
    assert "&amp; &lt;Farben&gt;" in un.html and "<Farben>" not in un.html
    assert " ".join(soup(un.html).get_text().split()) == (
        "Vereinte Nationen: Leitlinien zu den SDG-Icons & <Farben>. 2020. "
        "URL: https://www.un.org/sustainabledevelopment/news/communications-material/.")
    assert soup(un.html).select_one("span.bibtex-protected").get_text() == "Vereinte Nationen"


def test_german_names_and_u_a(project):
    project.write("data/references.bib", """
        @book{b,
          author = {Johann Wolfgang von Goethe and Meier, Anna and Schulz, Bernd and Vogel, Carla},
          title = {Ein Buch}, publisher = {Verlag}, address = {Berlin}, year = 2019, edition = 2,
        }
        @misc{m, author = {Meier, Anna and Schulz, Bernd and others}, title = {Ein Text}}
        @incollection{c, author = {Meier, Anna and Schulz, Bernd}, title = {Ein Beitrag}, booktitle = {Ein Band},
          editor = {Vogel, Carla}, pages = {12--20}, year = 2021}
    """)
    bib = load_bibliography(project.root, "data", "plain", Problems())
    text = {ref.key: soup(html).get_text().replace("\xa0", " ").replace("\n", " ")
            for ref, _, html in bib.format(["b", "m", "c"])}
    assert text == {
        "b": "Goethe, Johann Wolfgang von u. a.: Ein Buch. 2. Aufl., Berlin: Verlag, 2019.",
        "m": "Meier, Anna; Schulz, Bernd u. a.: Ein Text. o. J.",
        "c": "Meier, Anna; Schulz, Bernd: Ein Beitrag. In: Vogel, Carla (Hrsg.): Ein Band, S. 12–20, 2021.",
    }


@pytest.mark.parametrize("style, labels, marker", [
    ("plain", ["1", "2", "3"], "[1; 3]"),  # A–Z: UPJ (2019), UPJ (o. J.), Vereinte Nationen
    ("unsrt", ["2", "3", "1"], "[1; 2]"),  # order of citation: un-sdg, upj-arbeitspapier, then the listed one
    # pybtex's alpha labels, as BibTeX's alpha.bst makes them: a braced name counts as one letter
    ("alpha", ["UPJeV19", "UPJeV", "VereinteNationen20"], "[VereinteNationen20; UPJeV19]"),
    ("author-year", ["UPJ e.V. 2019", "UPJ e.V. o. J.", "Vereinte Nationen 2020"],
     "(Vereinte Nationen 2020; UPJ e.V. 2019)"),
])
def test_each_style_labels_and_marks_citations(project, style, labels, marker):
    refs = references(project, style)
    sources = refs.sources("x.md")
    by_key = {s.key: s.label for s in sources}
    assert [by_key[k] for k in ("upj-arbeitspapier", "upj-leitfaden", "un-sdg")] == labels
    html = refs.cite("x.md", "Siehe [@un-sdg; @upj-arbeitspapier].")
    assert soup(html).get_text() == f"Siehe {marker}."


def test_unsrt_lists_in_citation_order_and_plain_alphabetically(project):
    assert [s.key for s in references(project, "unsrt").sources("x.md")] == [
        "un-sdg", "upj-arbeitspapier", "upj-leitfaden"]
    assert [s.key for s in references(project, "plain").sources("x.md")] == [
        "upj-arbeitspapier", "upj-leitfaden", "un-sdg"]


def test_author_year_entries_start_with_author_and_year(project):
    refs = references(project, "author-year")
    text = {s.key: " ".join(soup(s.html).get_text().split()) for s in refs.sources("x.md")}
    assert text["upj-arbeitspapier"].startswith("UPJ e.V. (2019): Arbeitspapier zur regionalen Entwicklung.")
    assert text["upj-leitfaden"].startswith("UPJ e.V. (o. J.): Lokaler Aktionstag")


def test_a_citation_marker_links_each_key_with_its_locator(project):
    refs = references(project)
    html = soup(refs.cite("x.md", "Text [@upj-arbeitspapier, S. 12] und [@un-sdg]."))
    first, second = html.select("span.kl-cite")
    link = first.select_one("a")
    assert link["href"] == "#quelle-upj-arbeitspapier" and link.get_text() == "1, S. 12"
    assert link["title"].startswith("UPJ e.V.: Arbeitspapier zur regionalen Entwicklung.")
    assert second.get_text() == "[3]"


def test_a_locator_cannot_inject_markup(project):
    refs = references(project)
    html = refs.cite("x.md", "[@un-sdg, S. <b>1</b> *2*]")
    assert "<b>" not in html and "&lt;b&gt;1&lt;/b&gt; &#42;2&#42;" in html


def test_backlinks_and_groups(project):
    pages = [CitingPage("kooperationen/b.md", "kooperationen/b/", "Beta", inline=["upj-arbeitspapier"]),
             CitingPage("ueber.md", "ueber/", "Über uns", inline=["un-sdg"], listed=[]),
             CitingPage("kooperationen/a.md", "kooperationen/a/", "Alpha", listed=["upj-arbeitspapier"])]
    project.write("data/references.bib", BIB)
    bib = load_bibliography(project.root, "data", "plain", Problems())
    by_year = SiteReferences(bib, pages, "year").literature()
    assert [(g.id, g.label, [s.key for s in g.sources]) for g in by_year.groups] == [
        ("jahr-2020", "2020", ["un-sdg"]),
        ("jahr-2019", "2019", ["upj-arbeitspapier"]),
        ("ohne-jahr", "Ohne Jahr", ["upj-leitfaden"]),
    ]
    cited = {s.key: [p.title for p in s.cited_by] for g in by_year.groups for s in g.sources}
    assert cited == {"un-sdg": ["Über uns"], "upj-arbeitspapier": ["Alpha", "Beta"], "upj-leitfaden": []}
    by_type = SiteReferences(bib, pages, "type").literature()
    assert [(g.label, [s.key for s in g.sources]) for g in by_type.groups] == [
        ("Berichte und Arbeitspapiere", ["upj-arbeitspapier"]),
        ("Leitfäden und Handbücher", ["upj-leitfaden"]),
        ("Websites und weitere Quellen", ["un-sdg"]),
    ]


def test_settings_name_the_style_and_grouping():
    assert Settings.from_mapping({"bibliography_style": "alpha", "bibliography_group": "type"}).bibliography_style \
        == "alpha"
    with pytest.raises(ValueError, match="bibliography_style: 'apa' is not one of plain, unsrt, alpha, author-year"):
        Settings.from_mapping({"bibliography_style": "apa"})
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.from_mapping({"docs_dir": "docs"})  # that one comes from mkdocs.yml itself
    assert settings_from_mkdocs(REPO / "mkdocs.yml").docs_dir == "content"


# --- the built sample site -------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bib-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
                             "-d", str(out)], cwd=REPO, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def sample():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


def page(site: Path, address: str) -> BeautifulSoup:
    return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_sample_bibliography_is_complete_and_used(sample):
    assert len(sample.bibliography.references) >= 8
    _, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert list(problems) == []
    cases = [p for p in sample.citing if p.src_uri.startswith("kooperationen/")]
    assert 4 <= len([p for p in cases if p.inline]) <= 8
    assert any(p.listed and not p.inline for p in cases)  # a references: list alone
    assert any(p.src_uri == "ueber.md" for p in sample.citing)


def test_case_page_citations_link_to_its_quellen_list(site, sample):
    for cited in (p for p in sample.citing if p.src_uri.startswith("kooperationen/")):
        html = page(site, cited.url)
        article = html.select_one("article")
        ids = {el["id"] for el in article.select("[id]")}
        for link in article.select(".kl-cite a"):
            assert link["href"].startswith("#quelle-") and link["href"][1:] in ids
        listed = [el["id"][len("quelle-"):] for el in article.select(".kl-sources [id^=quelle-]")]
        assert sorted(listed) == sorted(cited.keys), cited.url
        assert article.select_one("#quellen").get_text() == "Quellen"


def test_member_and_network_pages_link_their_citations_to_their_quellen_lists(cited, tmp_path):
    cited.write("data/members/hansa-flex.yml", MEMBER + "description: |\n  Seit 2017 [@upj-arbeitspapier, S. 4].\n")
    text = (REPO / "data/vocab/networks.yml").read_text("utf-8")
    first = text.index("  description: >-\n", text.index("- id: puu-bremen")) + len("  description: >-\n")
    cited.write("data/vocab/networks.yml", text[:first] + "    Mit den Farben [@un-sdg].\n" + text[first:])
    build = build_tiny(cited, tmp_path / "site")
    assert build.returncode == 0, build.stderr[-3000:]
    for address, key, text in (("verzeichnis/hansa-flex/", "upj-arbeitspapier", "S. 4"),
                               ("netzwerke/puu-bremen/", "un-sdg", "")):
        article = soup((tmp_path / "site" / address / "index.html").read_text("utf-8")).select_one("article")
        (link,) = article.select(".kl-cite a")
        assert link["href"] == f"#quelle-{key}" and article.find(id=f"quelle-{key}") is not None, address
        assert text in link.get_text()
        assert "[@" not in article.get_text()


def test_each_citation_form_in_the_sample(site):
    aktionstag = page(site, "kooperationen/aktionstag-hannover-linden/").select_one("article")
    (marker,) = aktionstag.select(".kl-cite")
    assert marker.get_text() == f"[{_label(aktionstag, 'upj-leitfaden-lokaler-aktionstag')}, Checklisten]"
    # listed under references: only - in the Quellen list, never in the text
    assert aktionstag.select_one("#quelle-upj-kurzinfo-lokale-aktionstage")
    assert not aktionstag.select('.kl-cite a[href="#quelle-upj-kurzinfo-lokale-aktionstage"]')
    frankfurt = page(site, "kooperationen/engagement-marktplatz-frankfurt-2025/").select_one("article")
    (group,) = frankfurt.select(".kl-cite")
    assert [a["href"] for a in group.select("a")] == ["#quelle-upj-arbeitspapier-regionale-entwicklung",
                                                      "#quelle-upj-regionale-entwicklung"]
    assert "[@" not in aktionstag.get_text() and "[@" not in frankfurt.get_text()


def _label(article, key: str) -> str:
    return article.select_one(f"#quelle-{key} dt").get_text().strip("[]")


def test_a_content_page_gets_its_quellen_list(site):
    article = page(site, "ueber/").select_one("article")
    markers = article.select(".kl-cite a")
    assert {a["href"] for a in markers} == {f"#{el['id']}" for el in article.select(".kl-sources [id^=quelle-]")}
    un = article.select_one("#quelle-un-sdg-icons")
    assert un.select_one("span.bibtex-protected").get_text() == "Vereinte Nationen"
    assert "SDG-Icons" in un.get_text()  # {SDG} keeps its capitals
    assert un.select_one('a[href="https://www.un.org/sustainabledevelopment/news/communications-material/"]')
    more = un.select_one("a.kl-sources__more")["href"]
    assert more == "../literatur/#quelle-un-sdg-icons"


def test_the_literature_page(site, sample):
    html = page(site, "literatur/")
    article = html.select_one("article")
    assert article.select_one("h1").get_text() == "Literatur"
    entries = article.select("li[id^=quelle-]")
    assert sorted(el["id"] for el in entries) == sorted(f"quelle-{k}" for k in sample.bibliography.references)
    groups = [h.get_text() for h in article.select("section.kl-literature > h2")]
    assert any(ref.link for ref in sample.bibliography.references.values())
    # (the working paper has no date: @misc, among the further sources)
    assert groups == ["Leitfäden und Handbücher", "Broschüren und Kurzinfos", "Websites und weitere Quellen"]
    # backlinks: every page that cites an entry, and nothing else
    cited_by = {k: set() for k in sample.bibliography.references}
    for p in sample.citing:
        for k in p.keys:
            cited_by[k].add(p.url)
    for el in entries:
        key = el["id"][len("quelle-"):]
        backlinks = {a["href"][len("../"):] for a in el.select("a.kl-literature__cited")}
        assert backlinks == cited_by[key], key
        assert el.select_one("a[download]")["href"] == f"{key}.bib"
        link = sample.bibliography.references[key].link
        if link:  # the entry's address (or DOI) is a link
            assert el.select_one(f'.kl-literature__entry a[href="{link}"]'), key
    nav = [a.get_text(strip=True) for a in html.select(".md-tabs a, nav.md-nav--primary a")]
    assert "Literatur" in nav


def test_bib_downloads_parse_back(site, sample):
    for key, ref in sample.bibliography.references.items():
        data = parse_string((site / "literatur" / f"{key}.bib").read_text(encoding="utf-8"), "bibtex")
        (entry,) = data.entries.values()
        assert entry.key == key and entry.type == ref.entry.type
        assert entry.fields["title"] == ref.entry.fields["title"]
        assert [str(p) for p in entry.persons.get("author", [])] == [str(p) for p in ref.entry.persons.get("author", [])]


def test_email_addresses_and_handles_stay_text_in_the_built_site(cited, tmp_path):
    """A case with an address, a handle and a citation, built with the real theme and hooks."""
    cited.write("data/cases/arbeitskreis-umwelt.md", case(
        "Fragen an umwelt@example.org oder @kooplab; Quelle [@upj-arbeitspapier].\n\n`[@upj-leitfaden]`\n",
        "references: [upj-leitfaden]\n"))
    build = build_tiny(cited, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    article = page(tmp_path / "site", "kooperationen/arbeitskreis-umwelt").select_one("article")
    body = article.select_one(".kl-body")
    assert "Fragen an umwelt@example.org oder @kooplab; Quelle [1]." in body.get_text()
    assert body.select_one("code").get_text() == "[@upj-leitfaden]"
    assert [a["href"] for a in body.select(".kl-cite a")] == ["#quelle-upj-arbeitspapier"]
    assert [el["id"] for el in article.select(".kl-sources [id^=quelle-]")] == ["quelle-upj-arbeitspapier",
                                                                      "quelle-upj-leitfaden"]


def test_the_literature_page_offers_attached_files_and_every_entry_its_link(site, sample):
    """The working paper, the short infos and the guide that the UPJ text offers: each entry names its file's kind
    and size and links the very file from data/downloads/; websites link their address; no title in brackets."""
    html = page(site, "literatur/")
    attached = [ref for ref in sample.bibliography.references.values() if ref.files]
    assert {ref.key for ref in attached} >= {"upj-arbeitspapier-regionale-entwicklung", "upj-leitfaden-lokaler-aktionstag",
                                             "upj-kurzinfo-lokale-aktionstage", "upj-kurzinfo-engagement-marktplaetze"}
    for ref in attached:
        item = html.find(id=f"quelle-{ref.key}")
        (link,) = item.select(".kl-literature__file a")
        (attachment,) = ref.files
        assert link.get_text() == "PDF herunterladen" and link["type"] == "application/pdf"
        assert f"{attachment.size} Byte" in item.select_one(".kl-literature__file").get_text()
        published = site / "literatur" / link["href"]
        assert published.read_bytes() == (REPO / "data" / attachment.path).read_bytes()
        # the BibTeX download leaves the repository's path out
        bibtex = (site / "literatur" / f"{ref.key}.bib").read_text(encoding="utf-8")
        assert "file" not in bibtex and ref.title in bibtex
    for ref in sample.bibliography.references.values():
        item = html.find(id=f"quelle-{ref.key}")
        assert "[" not in item.select_one(".kl-literature__entry").get_text(), ref.key
        if ref.type == "online":
            assert item.select_one(f".kl-literature__entry a[href='{ref.url}']") is not None, ref.key
