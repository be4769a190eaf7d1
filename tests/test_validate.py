"""Validation of records: every problem with its message, file, line and column."""

from __future__ import annotations

import pytest

from conftest import CASE, MEMBER


def with_members(project, **extra):
    project.write("data/members/hansa-flex.yml", MEMBER)
    project.write("data/members/deutsche-see.yml", MEMBER.replace("Hansa-Flex AG", "Deutsche See GmbH"))
    for name, text in extra.items():
        project.write(name, text)


def test_good_records_load_and_link(project):
    with_members(project, **{"data/cases/arbeitskreis-umwelt.md": CASE})
    catalog, problems = project.load()
    assert list(problems) == []
    assert list(catalog.members) == ["deutsche-see", "hansa-flex"]  # A–Z by name
    case = catalog.cases["arbeitskreis-umwelt"]
    assert [p.slug for p in case.partners] == ["hansa-flex", "deutsche-see"]
    assert catalog.members["hansa-flex"].cases == [case]
    assert str(case.started) == "2017-06"


@pytest.mark.parametrize("change, expected", [
    (("region: DE-HB", "region: DE-XX"),
     "data/members/x.yml:6:11: error: location.region: 'DE-XX' is not a German state"),
    (("kind: unternehmen", "kind: firma"),
     "data/members/x.yml:2:7: error: kind: 'firma' is not a kind of organisation"),
    (("networks: [puu-bremen]", "networks: [puu-bremn]"),
     "data/members/x.yml:9:12: error: networks[0]: 'puu-bremn' is not a network"),
    (("  - goal: 13", "  - goal: 18"),
     "data/members/x.yml:11:11: error: sdgs[0].goal: there is no SDG 18"),
    (("  - goal: 13", "  - goal: 0"),
     "data/members/x.yml:11:11: error: sdgs[0].goal: there is no SDG 0"),
    (("reviewed: 2026-10-01", "reviewed: 2026-13-01"),
     "data/members/x.yml:13:11: error: reviewed: '2026-13-01' is not a real date"),
    (("reviewed: 2026-10-01", "reviewed: letzte Woche"),
     "data/members/x.yml:13:11: error: reviewed: the text 'letzte Woche' is not a date"),
    (("name: Hansa-Flex AG", "name: 42"),
     "data/members/x.yml:1:7: error: name: expected text, found the number 42"),
    (("name: Hansa-Flex AG\n", ""),
     "data/members/x.yml:1:1: error: missing required field 'name'"),
    (("networks: [puu-bremen]", "netwroks: [puu-bremen]"),
     "data/members/x.yml:9:1: error: netwroks: unknown field 'netwroks'"),
    (("  lon: 8.80\n", ""),
     "data/members/x.yml:7:3: error: location.lat: 'lat' needs 'lon' too"),
    (("    evidence: Arbeitet seit 2017 im Klima-Arbeitskreis mit.\n", ""),
     "data/members/x.yml:11:5: error: sdgs[0]: missing required field 'evidence'"),
])
def test_member_problems(project, change, expected):
    old, new = change
    assert old in MEMBER
    project.write("data/members/x.yml", MEMBER.replace(old, new))
    assert project.messages() == [expected]


def test_unknown_field_suggests_the_close_one(project):
    project.write("data/members/x.yml", MEMBER.replace("networks:", "netwroks:"))
    _, problems = project.load()
    (problem,) = problems
    assert problem.hint == "did you mean 'networks'?"


def test_vocabulary_hint_lists_or_suggests(project):
    project.write("data/members/x.yml", MEMBER.replace("region: DE-HB", "region: DE-HBB"))
    (problem,) = project.load()[1]
    assert problem.hint == "did you mean 'DE-HB'? (see data/vocab/regions.yml)"


@pytest.mark.parametrize("url, ok", [
    ("https://www.example.org/", True),
    ("http://example.org/x?y=1", True),
    ("javascript:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False),
    ("www.example.org", False),
    ("https://exa mple.org", False),
])
def test_website_schemes(project, url, ok):
    project.write("data/members/x.yml", MEMBER + f"website: \"{url}\"\n")
    messages = project.messages()
    if ok:
        assert messages == []
    else:
        assert len(messages) == 1 and messages[0].startswith("data/members/x.yml:14:10: error: website: ")


def test_named_person_needs_consent(project):
    contacts = "contacts:\n  - role: Umwelt\n    email: umwelt@example.org\n  - role: Leitung\n    name: Erika Beispiel\n"
    project.write("data/members/x.yml", MEMBER + contacts)
    assert project.messages() == [
        "data/members/x.yml:18:5: error: contacts[1].name: a named person is published only with recorded consent"]
    project.write("data/members/x.yml", MEMBER + contacts + "    consent: 2026-03-01\n")
    catalog, problems = project.load()
    assert list(problems) == []
    assert [c.role for c in catalog.members["x"].published_contacts] == ["Umwelt", "Leitung"]


@pytest.mark.parametrize("logo, files, expected", [
    ("../../etc/passwd", {}, "'../../etc/passwd' lies outside data/logos/"),
    ("logos/nope.svg", {}, "logo file 'logos/nope.svg' does not exist"),
    ("logos/big.png", {"data/logos/big.png": b"\x89PNG\r\n\x1a\n" + b"0" * 300_000}, "logo is 292 KB; the limit is 200 KB"),
    ("logos/fake.png", {"data/logos/fake.png": b"GIF89a"}, "'logos/fake.png' is not a PNG image"),
    ("logos/x.gif", {"data/logos/x.gif": b"GIF89a"}, "'logos/x.gif' is not an SVG or PNG file"),
    ("logos/evil.svg", {"data/logos/evil.svg": b"<svg onload='alert(1)'></svg>"},
     "'logos/evil.svg' contains scripts or external references"),
    # what a browser makes of a logo opened on its own: references decoded, other namespaces, animations
    *[("logos/evil.svg", {"data/logos/evil.svg": svg}, "'logos/evil.svg' contains scripts or external references")
      for svg in (
          b'<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)'
          b'</h:script></svg>',
          b'<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)"><text>x</text></a></svg>',
          b'<!DOCTYPE svg [<!ENTITY j "jav&#x61;script:">]><svg xmlns="http://www.w3.org/2000/svg" '
          b'xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="&j;alert(1)"><text>x</text></a></svg>',
          b'<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" '
          b'values="&#106;avascript:alert(1)"/><text y="20">x</text></a></svg>',
          b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//evil.example/x.css);</style></svg>',
          b'<svg xmlns="http://www.w3.org/2000/svg"><image href="//evil.example/x.png"/></svg>',
          # CSS escapes spell "url(" and "@import"; image-set() loads a plain string
          b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: u\\72l(//evil.example/p.svg#x)"/></svg>',
          b'<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport "//evil.example/x.css";</style></svg>',
          b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:\\75 \\72 \\6c (//evil.example/p)}</style></svg>',
          b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="background:image-set(\'//evil.example/p.png\' 1x)"/></svg>',
      )],
    ("logos/broken.svg", {"data/logos/broken.svg": b"<svg><g></svg>"}, "'logos/broken.svg' is not an SVG image"),
])
def test_logo_checks(project, logo, files, expected):
    for rel, content in files.items():
        project.write(rel, content)
    project.write("data/members/x.yml", MEMBER + f"logo: {logo}\n")
    assert project.messages() == [f"data/members/x.yml:14:7: error: logo: {expected}"]


def test_good_logo(project):
    project.write("data/logos/x.svg", b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                  b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" '
                  b'viewBox="0 0 1 1" aria-label="Transcript: Logo"><defs><linearGradient id="g"/></defs>'
                  b'<rect fill="url(#g)" style="fill:url(#g)"/><use href="#g"/></svg>')
    project.write("data/members/x.yml", MEMBER + "logo: logos/x.svg\n")
    catalog, problems = project.load()
    assert list(problems) == [] and catalog.members["x"].logo == "logos/x.svg"


def test_bad_slugs(project):
    project.write("data/members/Hansa Flex.yml", MEMBER)
    project.write("data/members/index.yml", MEMBER)
    project.write("data/members/notes.txt", "x")
    assert project.messages() == [
        "data/members/Hansa Flex.yml:1:1: error: file name 'Hansa Flex' is not a valid slug",
        "data/members/index.yml:1:1: error: file name 'index' is reserved for a page of the site",
        "data/members/notes.txt:1:1: error: unexpected file: records in this folder end in '.yml'",
    ]


def test_list_instead_of_mapping(project):
    project.write("data/members/x.yml", "- name: A\n- kind: verein\n")
    assert project.messages() == [
        "data/members/x.yml:1:1: error: a member file holds 'field: value' lines, not a list or a single value"]


@pytest.mark.parametrize("change, expected", [
    (("partners: [hansa-flex, deutsche-see]", "partners: [hansa-flex, deutsche-sea]"),
     "data/cases/c.md:4:24: error: partners[1]: 'deutsche-sea' is not a member"),
    (("partners: [hansa-flex, deutsche-see]", "partners: [hansa-flex]"),
     "data/cases/c.md:4:11: error: partners: a cooperation needs at least two partners"),
    (("status: laufend", "status: abgeschlossen\nended: 2016"),
     "data/cases/c.md:10:8: error: ended: ended (2016) lies before started (2017-06)"),
    (("started: 2017-06", "started: 2017-13"),
     "data/cases/c.md:8:10: error: started: '2017-13' has no month 13"),
    (("started: 2017-06", "started: Juni 2017"),
     "data/cases/c.md:8:10: error: started: expected a year (2019) or a year and month (2019-05), found the text 'Juni 2017'"),
    (("formats: [erfahrungsaustausch]", "formats: [austausch]"),
     "data/cases/c.md:5:11: error: formats[0]: 'austausch' is not a format"),
    (("status: laufend", "status: fertig"),
     "data/cases/c.md:9:9: error: status: 'fertig' is not allowed"),
])
def test_case_problems(project, change, expected):
    old, new = change
    assert old in CASE
    with_members(project, **{"data/cases/c.md": CASE.replace(old, new)})
    assert project.messages() == [expected]


def test_partner_website_and_finished_without_end(project):
    case = CASE.replace("partners: [hansa-flex, deutsche-see]",
                        "partners:\n  - hansa-flex\n  - name: Tafel\n    website: javascript:alert(1)") \
        .replace("status: laufend", "status: abgeschlossen")
    with_members(project, **{"data/cases/c.md": case})
    assert project.messages() == [
        "data/cases/c.md:7:14: error: partners[1].website: 'javascript:alert(1)' is not a web address ('javascript:' is not allowed)",
        "data/cases/c.md:12:9: warning: status: a finished cooperation should say when it ended",
    ]


def test_duplicate_slug_across_members_and_cases(project):
    with_members(project, **{"data/cases/hansa-flex.md": CASE})
    assert project.messages() == [
        "data/cases/hansa-flex.md:1:1: error: slug 'hansa-flex' is already used by data/members/hansa-flex.yml"]


def test_all_problems_of_all_files_at_once_sorted(project):
    project.write("data/members/b.yml", MEMBER.replace("region: DE-HB", "region: DE-XX"))
    project.write("data/members/a.yml", "name: [unclosed\n")
    project.write("data/members/c.yml", MEMBER.replace("kind: unternehmen", "kind: firma").replace("name:", "name: X\nname:"))
    messages = project.messages()
    assert [m.split(": error")[0] for m in messages] == [
        "data/members/a.yml:2:1", "data/members/b.yml:6:11", "data/members/c.yml:2:1", "data/members/c.yml:3:7"]


def test_warning_for_coordinates_outside_germany(project):
    project.write("data/members/x.yml", MEMBER.replace("lat: 53.07", "lat: 8.80").replace("lon: 8.80", "lon: 53.07"))
    catalog, problems = project.load()
    (problem,) = problems
    assert problem.text().startswith("data/members/x.yml:7:8: warning: location.lat: (8.8, 53.07) lies outside Germany")
    assert problem.hint == "lat and lon look swapped"
    assert "x" in catalog.members  # a warning does not drop the record


def test_an_unexpected_exception_becomes_a_problem_of_its_file(project, monkeypatch):
    """The last resort: a bug in a check names the file, the other files are still checked, no traceback."""
    from kooplab.load import catalog as catalog_module

    real = catalog_module.load_member

    def broken(path, *args):
        if path.stem == "x":
            raise KeyError("kaputt")
        return real(path, *args)

    monkeypatch.setattr(catalog_module, "load_member", broken)
    project.write("data/members/x.yml", MEMBER)
    project.write("data/members/y.yml", MEMBER.replace("region: DE-HB", "region: DE-XX"))
    _, problems = project.load()
    texts = [p.text().split("\n")[0] for p in problems]
    assert "data/members/x.yml:1:1: error: internal error while reading this file, please report it" in texts
    assert any(t.startswith("data/members/y.yml:") and "'DE-XX' is not a German state" in t for t in texts)


def test_the_command_reports_an_internal_error_in_one_line(project, monkeypatch, capsys):
    from kooplab.commands import cli

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(cli, "load_catalog", broken)
    monkeypatch.delenv("KOOPLAB_DEBUG", raising=False)
    assert cli.main(["--root", str(project.root), "validate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kooplab: internal error (RuntimeError: kaputt), please report it")
    assert "Traceback" not in err
