"""What validation accepts builds, and what it refuses does not: ``validate OK ⇔ build OK``.

Hypothesis writes a small project (the two partner members of tests/bad/_base, the real vocabularies,
site and bibliography) and adds generated data in the shapes editors write it: a member, a case study
and an event with arbitrary Unicode in their names, texts, Markdown and file names; a network added to
the vocabulary; a BibTeX entry. Then ``kooplab validate``'s catalog load must not raise, and the real
strict MkDocs build must succeed exactly when validation found no error (and stop cleanly, with the
same errors, when it found some).

A build takes a few seconds, so the examples are few, derandomized (the same on every run) and chosen
to reach the places where validation and build have disagreed before: links, anchors, first lines,
'#', angle brackets, numbers, dates at the edges, file names.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kooplab.load.catalog import load_catalog
from kooplab.settings import settings_from_mkdocs
from test_bad_inputs import ENV, add_site, make_project

# no shrinking: a failing example is shown as found (shrinking one would take many builds of minutes)
SETTINGS = settings(max_examples=3, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# pieces of text editors write: the legal ones make up a valid project, the others are mutations
LEGAL = ["Stand: März 2025", "Ziel: ", "---", "\n# ", "\n## Ziele {#ziele}\n\nSiehe [oben](#ziele).\n", "<b>fett</b>",
         "[Web](https://example.org/a)", "<Projektleitung Umwelt>", "<script>alert(1)</script>", "1.000", "1:30",
         "[@upj-leitfaden-lokaler-aktionstag]", "Fußnote[^1]\n\n[^1]: Text\n", "{{ 7*7 }}", "{% raw %}", "&#13;",
         "ä", "ß", "\n", "\n\n", "\n- ", "*", "_", "`code`", "\n| a |\n| - |\n| b |\n", "\n> Zitat\n",
         "![Bild](https://example.org/a.png)", "[x](javascript:alert(1))", "mailto:a@example.org", " ", "Wort"]
WILD = ["[Satzung](satzung.pdf)", "[x](#fehlt)", "![Bild](bild.jpg)", "[link]: ../x/", "[l](ht&#9;tps://x.org)",
        "[x](http://[::1)", "\u202e", "\u200b", "\u0308", "\t", "\x1b", "\u2028", " #Klima"]
legal_texts = st.lists(st.sampled_from(LEGAL), max_size=8).map("".join)
# a text with at least one piece that validation must judge (or arbitrary Unicode)
wild_texts = st.tuples(legal_texts, st.one_of(st.sampled_from(WILD), st.text(min_size=1, max_size=12)), legal_texts) \
    .map("".join)
plain = st.lists(st.sampled_from(["Grüne", "Wäscherei", "Müller", "&", "Söhne", "Repair-Treff", "Bremen", "e.V.",
                                  "<Name>", "#1", "Ä", "GmbH", "Klub", "für", "Zukunft"]), min_size=3, max_size=6) \
    .map(" ".join).map(lambda t: t + " – ein Beispiel")
slugs = st.from_regex(r"\A[a-z][a-z0-9]{2,12}(-[a-z0-9]{1,8}){0,2}\Z")
WILD_FILE_NAMES = st.one_of(st.sampled_from(["Müller GmbH", "Mu\u0308ller", "a,b", "index", "x" * 80, "neu/x", "ä",
                                             "-", "hansa-flex"]), st.text(min_size=1, max_size=20))
WILD_VALUES = {
    "member.name": st.one_of(wild_texts, st.text(min_size=1, max_size=40)),
    "member.summary": wild_texts,
    "member.description": wild_texts,
    "member.member_since": st.sampled_from([2017.0, "2017", 1949, 2101]),
    "member.sdgs.0.goal": st.sampled_from([0, 18, 13.0, "13"]),
    "member.aliases": st.lists(WILD_FILE_NAMES, min_size=1, max_size=2),
    "member.reviewed": st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-29", "2026-13-01"]),
    "case.published": st.one_of(st.dates().map(str), st.just("1899-12-31")),
    "case.outcomes.0.value": st.one_of(st.integers(), st.floats(), st.sampled_from(["1.000", "12,5"])),
    "case_body": wild_texts,
    "event.start": st.one_of(st.dates().map(str), st.sampled_from(["2026-03-29 02:30", "9999-12-31", "0001-01-01"])),
    "event.description": wild_texts,
    "network.description": wild_texts,
    "network.website": st.sampled_from(["javascript:alert(1)", "www.x.de", "https://exa mple.org"]),
    "member_file": WILD_FILE_NAMES,
    "case_file": WILD_FILE_NAMES,
    "event_file": WILD_FILE_NAMES,
    "bib": st.sampled_from(["@misc{neu, title = {Ein {Titel} mit \\\"u}, year = {20x5}}",
                            "@misc{neu, title = {Offen, year = {2025}}", "@misc{neu, title = {{\u202e}}, year = 2025}"]),
}


@st.composite
def projects(draw, mutation: str | None = None):
    """A valid project; with ``mutation``, that field has a value an editor might write instead."""
    member = {"name": draw(plain), "kind": draw(st.sampled_from(["unternehmen", "verein"])),
              "summary": draw(plain) + " " + draw(legal_texts).replace("\n", " "), "description": draw(legal_texts),
              "location": {"city": draw(plain), "region": draw(st.sampled_from(["DE-HB", "DE-NI"]))},
              "networks": draw(st.lists(st.sampled_from(["puu-bremen", "neues-netz"]), max_size=2, unique=True)),
              "member_since": draw(st.integers(1950, 2026)),
              "sdgs": [{"goal": draw(st.integers(1, 17)), "evidence": draw(plain)}],
              "aliases": [], "reviewed": "2026-10-01"}
    case_front = {"title": draw(plain), "summary": draw(plain), "partners": ["hansa-flex", "deutsche-see"],
                  "formats": ["erfahrungsaustausch"], "region": "DE-HB", "started": draw(st.integers(1950, 2026)),
                  "status": "laufend", "published": "2026-01-15", "reviewed": "2026-10-01",
                  "outcomes": [{"label": draw(plain), "value": draw(st.integers(0, 10**6))}]}
    all_day = draw(st.booleans())
    event = {"title": draw(plain), "kind": "klubtreffen", "start": "2027-03-04" if all_day else "2027-03-04 10:00",
             "all_day": all_day, "location": {"city": "Bremen", "region": "DE-HB"}, "organisers": ["hansa-flex"],
             "summary": draw(plain), "description": draw(legal_texts), "reviewed": "2026-10-01"}
    network = {"id": "neues-netz", "label": draw(plain), "description": draw(legal_texts) or "Ein Netz.",
               "website": "https://example.org/netz"}
    p = {"member_file": "m-" + draw(slugs), "member": member, "case_file": "c-" + draw(slugs), "case": case_front,
         "case_body": draw(legal_texts), "event_file": "e-" + draw(slugs), "event": event, "network": network,
         "bib": "@misc{neu, title = {Ein {Titel}}, year = {2025}}"}
    if mutation is not None:
        _put(p, mutation, draw(WILD_VALUES[mutation]))
    return p


def _put(p: dict, dotted: str, value) -> None:
    *head, last = dotted.split(".")
    node = p
    for part in head:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def write(root: Path, p: dict) -> None:
    def put(rel: str, text: str) -> None:
        path = root / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except (OSError, ValueError):  # a name the file system refuses ('', '/', NUL) is not an editor's file
            pass

    put(f"data/members/{p['member_file']}.yml", _dump(p["member"]))
    put(f"data/cases/{p['case_file']}.md", f"---\n{_dump(p['case'])}---\n{p['case_body']}\n")
    put(f"data/events/{p['event_file']}.yml", _dump(p["event"]))
    with (root / "data/vocab/networks.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + _dump([p["network"]]))
    with (root / "data/references.bib").open("a", encoding="utf-8") as f:
        f.write("\n" + p["bib"] + "\n")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return tmp_path_factory.mktemp("base")


@pytest.mark.parametrize("mutation", [None, *WILD_VALUES])
def test_what_validates_builds_and_what_does_not_validate_does_not_build(mutation, base):
    @SETTINGS
    @given(p=projects(mutation))
    def check(p):
        _validate_and_build(p, base)
    check()


def _validate_and_build(p: dict, base: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    with tempfile.TemporaryDirectory(dir=base) as tmp:
        root = make_project(Path(tmp), None)  # the base alone
        add_site(root)
        write(root, p)
        _, problems = load_catalog(root, settings_from_mkdocs(root / "mkdocs.yml"))  # must not raise
        errors = [q.text().split("\n")[0] for q in problems if q.severity == "error"]
        os.environ.setdefault("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
        config = load_config(str(root / "mkdocs.yml"))
        if errors:
            with pytest.raises(Abort):
                build(config)
            assert not (root / "site").exists()
        else:
            try:
                build(config)
            except Abort as exc:
                pytest.fail(f"validation found no error, the build stopped: {exc}")
            assert (root / "site/index.html").is_file()
