"""kooplab import: a network office's spreadsheet becomes record files, or nothing is written and every problem
names its cell. Run through the real command line, checked with kooplab validate and real builds."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from kooplab.imports import values
from kooplab.imports.sheets import column_letter, read_sheet
from kooplab.load.catalog import load_catalog
from kooplab.outputs.search_index import varies_between_builds
from tests.conftest import REPO

SITE_URL = "https://kooplab.example.org/"
PERSON = {"role": "Presse", "name": "Mara Mustermann", "email": "mara.mustermann@example.org",
          "phone": "+49 421 1234567", "consent": dt.date(2026, 1, 5)}


def kooplab(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=root)


def empty_project(root: Path, include_contacts: bool = False) -> Path:
    """A copy of the sample project without members, case studies and events."""
    for folder in ("content", "overrides", "hooks"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("members", "cases", "events"))
    for kind in ("members", "cases", "events"):
        (root / "data" / kind).mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("    include_contacts: false\n", f"    include_contacts: {str(include_contacts).lower()}\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def build(project: Path, out: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "PYTHONHASHSEED": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(out)], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def errors(root: Path) -> list[str]:
    _, problems = load_catalog(root)
    return [p.text() for p in problems.errors]


# --- the round trip: the open data of a site, imported into an empty project, builds the same site -----------

@pytest.fixture(scope="module")
def original(tmp_path_factory) -> tuple[Path, Path]:
    """The sample with contacts in the downloads (a named person with consent, a role with a phone)."""
    project = empty_project(tmp_path_factory.mktemp("original"), include_contacts=True)
    for kind in ("members", "cases", "events"):
        shutil.copytree(REPO / "data" / kind, project / "data" / kind, dirs_exist_ok=True)
    path = project / "data/members/hansa-flex.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["contacts"] = [PERSON, {"role": "Zentrale", "email": "zentrale@example.org", "phone": "+49 421 7654321"}]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project, build(project, tmp_path_factory.mktemp("site"))


def same_site(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    differ = [f for f in files_a if not varies_between_builds(f) and f in files_b
              and (a / f).read_bytes() != (b / f).read_bytes()]
    return differ + sorted(f for f in set(files_a) ^ set(files_b) if not varies_between_builds(f))


def import_all(project: Path, folder: Path, suffix: str) -> None:
    for kind in ("members", "cases", "events"):  # members first: cases and events name them
        result = kooplab(project, "import", kind, str(folder / f"{kind}{suffix}"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 geändert" in result.stderr


def test_the_csv_downloads_import_into_an_empty_project_and_build_the_same_site(original, tmp_path):
    project, site = original
    assert "Mara Mustermann" in (site / "daten/members.csv").read_text(encoding="utf-8")
    target = empty_project(tmp_path / "project", include_contacts=True)
    import_all(target, site / "daten", ".csv")
    assert sorted(p.name for p in (target / "data/members").iterdir()) == \
        sorted(p.name for p in (project / "data/members").iterdir())
    assert errors(target) == []
    assert same_site(site, build(target, tmp_path / "site")) == []


def test_an_xlsx_made_from_the_csv_imports_the_same(original, tmp_path):
    _, site = original
    books = tmp_path / "books"
    books.mkdir()
    for kind in ("members", "cases", "events"):
        book = openpyxl.Workbook()
        with (site / f"daten/{kind}.csv").open(newline="", encoding="utf-8") as f:
            for row in csv.reader(f):
                book.active.append(row)
        book.save(books / f"{kind}.xlsx")
    target = empty_project(tmp_path / "project", include_contacts=True)
    import_all(target, books, ".xlsx")
    assert same_site(site, build(target, tmp_path / "site")) == []


def test_the_comparison_notices_a_changed_record(original, tmp_path):
    """The round trip's check can fail: one changed postcode is one page, its API file and the downloads."""
    project, site = original
    target = empty_project(tmp_path / "project", include_contacts=True)
    import_all(target, site / "daten", ".csv")
    path = target / "data/members/hansa-flex.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('postcode: "28307"', 'postcode: "28309"'), "utf-8")
    differ = same_site(site, build(target, tmp_path / "site"))
    assert "verzeichnis/hansa-flex/index.html" in differ and "daten/members.csv" in differ


# --- an office's spreadsheet with the usual mess ------------------------------------------------------------

HEADER = ["Firma", "Art", "Kurzbeschreibung", "Straße", "PLZ", "Ort", "Bundesland", "Webseite", "Branche",
          "Netzwerk", "Beitritt", "E-Mail", "Bemerkung"]
ROWS = [
    ["Bäckerei Sonnenkorn GmbH", "Unternehmen", "Backt mit Ökostrom und gibt Brot vom Vortag an die Tafel.",
     "Limmerstraße 5", 30451, "Hannover", "Niedersachsen", "www.sonnenkorn.example", "Lebensmittel und Ernährung",
     "ÖKOPROFIT-Klub Hannover", dt.datetime(2019, 3, 1), "info@sonnenkorn.example", "Ansprechpartner: Herr K."],
    ["Pumpenwerk Leine AG", "unternehmen", "Baut Pumpen und teilt Erfahrungen mit Wärmerückgewinnung.",
     "", "30453", "Hannover", "NDS", "https://leine-pumpen.example", "maschinenbau", "oekoprofit-hannover", 2021,
     "", ""],
    ["Stadtwerke Elbtal", "Kommune", "Versorgt Dresden mit Strom und Wärme und berät Betriebe zur Effizienz.",
     "", 1067, "Dresden", "SN", "", "Energie", "", "", "", "PLZ war als Zahl formatiert"],
    ["Verein Lindener Tafel e. V.", "Verein", "Verteilt gerettete Lebensmittel an Menschen mit wenig Geld.",
     "", "30449", "Hannover", "DE-NI", "", "", "ÖKOPROFIT-Klub Hannover; UPJ", "", "", ""],
    ["Druckerei Calenberg", "Unternehmen", "Druckt mit mineralölfreien Farben auf Recyclingpapier.",
     "", "30459", "Hannover", " niedersachsen ", "druckerei-calenberg.example", "", "", "2020", "", ""],
]


def messy_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Mitglieder 2025"
    sheet.append(["Mitgliederliste ÖKOPROFIT-Klub Hannover – Stand Dezember 2025"])
    sheet.merge_cells("A1:M1")
    sheet.append([])
    sheet.append(HEADER)
    for i, row in enumerate(ROWS):
        sheet.append(row)
        if i == 2:
            sheet.append([])  # an empty line in the middle
    sheet.append([])
    sheet.append(["Summe", None, None, None, None, None, None, None, None, None, None, None, 5])
    book.save(path)
    return path


def test_a_messy_member_list_becomes_valid_records(tmp_path):
    project = empty_project(tmp_path / "project")
    book = messy_workbook(tmp_path / "Mitgliederliste.xlsx")
    result = kooplab(project, "import", "members", str(book))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 neu, 0 geändert" in result.stderr
    assert "Mitgliederliste.xlsx:11: übersprungen (Summenzeile)" in result.stderr
    assert errors(project) == []
    catalog, _ = load_catalog(project)
    members = catalog.members
    assert sorted(members) == ["baeckerei-sonnenkorn-gmbh", "druckerei-calenberg", "pumpenwerk-leine-ag",
                               "stadtwerke-elbtal", "verein-lindener-tafel-e-v"]
    assert {m.location.region for m in members.values()} == {"DE-NI", "DE-SN"}
    assert members["stadtwerke-elbtal"].location.postcode == "01067"  # the leading zero a number format lost
    assert members["stadtwerke-elbtal"].kind == "kommune" and members["stadtwerke-elbtal"].sector == "energie"
    assert members["druckerei-calenberg"].website == "https://druckerei-calenberg.example"
    assert members["baeckerei-sonnenkorn-gmbh"].member_since == 2019  # an Excel date: its year
    assert members["verein-lindener-tafel-e-v"].networks == ("oekoprofit-hannover", "upj")
    assert members["baeckerei-sonnenkorn-gmbh"].contacts[0].email == "info@sonnenkorn.example"
    text = (project / "data/members/baeckerei-sonnenkorn-gmbh.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/editor/member.schema.json")
    assert "# Pflicht: Name der Organisation" in text and 'postcode: "30451"' in text
    assert "reviewed: 2026-11-21" in text  # the day of the import, as kooplab new writes it
    assert "description:" not in text  # fields the row leaves empty are left out, not filled with examples


def test_show_mapping_names_every_column_and_writes_nothing(tmp_path):
    project = empty_project(tmp_path / "project")
    result = kooplab(project, "import", "members", str(messy_workbook(tmp_path / "liste.xlsx")), "--show-mapping")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Kopfzeile in Zeile 3" in out
    assert "Spalte A „Firma“ → name" in out and "Spalte E „PLZ“ → postcode" in out
    assert "Spalte G „Bundesland“ → region" in out and "Spalte H „Webseite“ → website" in out
    assert "Spalte M „Bemerkung“ → ignoriert: kein bekanntes Feld" in out
    assert "Zeile 11: übersprungen (Summenzeile)" in out
    assert not any((project / "data/members").iterdir())


@pytest.mark.parametrize("delimiter, encoding", [(";", "cp1252"), (",", "utf-8-sig"), ("\t", "utf-8")])
def test_csv_dialects_as_spreadsheets_write_them(tmp_path, delimiter, encoding):
    project = empty_project(tmp_path / "project")
    lines = [delimiter.join(["Name", "Art", "Kurzbeschreibung", "Ort", "Bundesland", "PLZ"]),
             delimiter.join(["Müller & Söhne Straßenbau", "Unternehmen", "Baut Radwege aus Recyclingasphalt.",
                             "Göttingen", "Niedersachsen", "37073"])]
    path = tmp_path / "liste.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    result = kooplab(project, "import", "members", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    catalog, _ = load_catalog(project)
    member = catalog.members["mueller-soehne-strassenbau"]
    assert (member.name, member.location.city) == ("Müller & Söhne Straßenbau", "Göttingen")


def test_every_problem_names_its_cell_and_nothing_is_written(tmp_path):
    project = empty_project(tmp_path / "project")
    shutil.copy(REPO / "data/members/upj.yml", project / "data/members/upj.yml")
    rows = [["Name", "Art", "Kurzbeschreibung", "Ort", "Bundesland", "PLZ", "Gründung"],
            ["Firma Eins", "Firma", "Stellt Dinge her.", "Bremen", "HB", "28195", ""],
            ["Firma Zwei", "Unternehmen", "Zu lang " * 60, "Bremen", "Bremen", "2819x", ""],
            ["Firma Eins", "Unternehmen", "Noch einmal dieselbe.", "Bremen", "Freistaat Bremen", "28195", ""],
            ["UPJ", "Verein", "Schon im Verzeichnis.", "Berlin", "BE", "10117", ""],
            ["Firma Drei", "", "Ohne Art.", "Bremen", "HB", "", ""]]
    path = tmp_path / "fehler.csv"
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    result = kooplab(project, "import", "members", str(path))
    assert result.returncode == 1
    out = result.stdout
    assert f"{path}:2:B: Fehler: „Art“: „Firma“ ist kein Eintrag für die Art der Organisation" in out
    assert "erlaubt: unternehmen (Unternehmen)" in out  # the hint lists the choices
    assert f"{path}:3:F: Fehler: „PLZ“: „2819x“ ist keine deutsche Postleitzahl" in out
    assert f"{path}:4:E: Fehler: „Bundesland“: „Freistaat Bremen“ ist kein Eintrag" in out
    assert f"{path}:6:B: Fehler: „Art“: Pflichtfeld Art der Organisation ist leer" in out
    assert f"{path}:5:A: Fehler: „Name“: data/members/upj.yml gibt es schon" in out
    assert "1 Fehler" not in result.stderr and "nichts geschrieben" in result.stderr
    assert sorted(p.name for p in (project / "data/members").iterdir()) == ["upj.yml"]


def test_problems_found_by_validation_point_back_to_the_cell(tmp_path):
    """What only kooplab validate knows (the summary's length, a name listed twice) comes back at its cell."""
    project = empty_project(tmp_path / "project")
    rows = [["Name", "Art", "Kurzbeschreibung", "Ort", "Bundesland"],
            ["Firma Zwei", "Unternehmen", "Zu lang. " * 40, "Bremen", "Bremen"],
            ["Firma Drei", "Unternehmen", "Passt.", "Bremen", "Bremen"],
            ["Firma Drei", "Unternehmen", "Doppelt.", "Bremen", "Bremen"]]
    path = tmp_path / "liste.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    result = kooplab(project, "import", "members", str(path))
    assert result.returncode == 1
    assert f"{path}:4:A: Fehler: „Name“: derselbe Dateiname „firma-drei“ wie in Zeile 3" in result.stdout
    rows.pop()
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    result = kooplab(project, "import", "members", str(path))
    assert result.returncode == 1
    assert f"{path}:2:C: Fehler: „Kurzbeschreibung“:" in result.stdout  # too long: found by the schema
    assert not any((project / "data/members").iterdir())


def test_mapping_file_and_defaults_for_columns_with_other_names(tmp_path):
    project = empty_project(tmp_path / "project")
    path = tmp_path / "liste.csv"
    path.write_text("Betriebsname;Tätigkeit;Standort;Intern\nWerkstatt Nord;Repariert Fahrräder.;Kiel;x\n",
                    encoding="utf-8")
    (tmp_path / "map.yml").write_text("Betriebsname: name\nTätigkeit: summary\nStandort: city\nIntern: null\n",
                                      encoding="utf-8")
    result = kooplab(project, "import", "members", str(path), "--map", str(tmp_path / "map.yml"),
                     "--set", "kind=Unternehmen", "--set", "region=Schleswig-Holstein", "--show-mapping")
    assert "Spalte B „Tätigkeit“ → summary" in result.stdout
    assert "Spalte D „Intern“ → ignoriert: in der Zuordnungsdatei ausgelassen" in result.stdout
    result = kooplab(project, "import", "members", str(path), "--map", str(tmp_path / "map.yml"),
                     "--set", "kind=Unternehmen", "--set", "region=Schleswig-Holstein")
    assert result.returncode == 0, result.stdout + result.stderr
    member = load_catalog(project)[0].members["werkstatt-nord"]
    assert (member.kind, member.location.region) == ("unternehmen", "DE-SH")
    bad = kooplab(project, "import", "members", str(path), "--map", str(tmp_path / "map.yml"), "--set", "kind=Firma")
    assert bad.returncode == 2 and "--set kind=Firma" in bad.stderr


def test_dry_run_shows_the_files_and_writes_nothing(tmp_path):
    project = empty_project(tmp_path / "project")
    result = kooplab(project, "import", "members", str(messy_workbook(tmp_path / "liste.xlsx")), "--dry-run")
    assert result.returncode == 0
    assert "--- neu: data/members/stadtwerke-elbtal.yml (Zeile 6)" in result.stdout
    assert "würden geschrieben" in result.stderr
    assert not any((project / "data/members").iterdir())


def test_update_changes_only_what_the_sheet_carries_and_keeps_comments(tmp_path):
    project = empty_project(tmp_path / "project")
    for name in ("upj.yml", "hansa-flex.yml"):
        shutil.copy(REPO / "data/members" / name, project / "data/members" / name)
    before = (project / "data/members/upj.yml").read_text(encoding="utf-8")
    commented = before.replace("sector: beratung", "sector: beratung  # laut Satzung")
    (project / "data/members/upj.yml").write_text(commented, encoding="utf-8")
    path = tmp_path / "neu.csv"
    path.write_text("Kürzel;PLZ;Webseite\nupj;10117;www.upj.example\nhansa-flex;;\n", encoding="utf-8")
    result = kooplab(project, "import", "members", str(path))
    assert result.returncode == 1 and "nichts geschrieben" in result.stderr  # without --update: nothing overwritten
    assert (project / "data/members/upj.yml").read_text(encoding="utf-8") == commented
    result = kooplab(project, "import", "members", str(path), "--update")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 neu, 1 geändert, 1 unverändert" in result.stderr
    after = (project / "data/members/upj.yml").read_text(encoding="utf-8")
    expected = commented.replace('postcode: "10119"', 'postcode: "10117"').replace(
        "website: https://www.example.org/upj", "website: https://www.upj.example")
    assert after == expected  # the comment, the order, the quotes and every other field as they were
    assert (project / "data/members/hansa-flex.yml").read_bytes() == (REPO / "data/members/hansa-flex.yml").read_bytes()


def test_cases_and_events_from_an_office_table(tmp_path):
    project = empty_project(tmp_path / "project")
    for name in ("upj.yml", "hansa-flex.yml"):
        shutil.copy(REPO / "data/members" / name, project / "data/members" / name)
    cases = tmp_path / "kooperationen.csv"
    cases.write_text(
        "Titel;Kurzbeschreibung;Partner;Format;Bundesland;Ort;Beginn;Status;Ergebnisse;SDGs;SDG-Begründungen;Text\n"
        "Azubis reparieren für die Tafel;Auszubildende reparieren Geräte für Gäste der Tafel.;"
        "\"hansa-flex; Bremer Tafel e. V. (www.bremer-tafel.example)\";Bildungskooperation;HB;Bremen;März 2025;laufend;"
        "\"Geräte: 120; Teilnehmende: 14 Personen\";12;12: Geräte werden repariert statt weggeworfen.;"
        "\"Seit dem Frühjahr 2025 reparieren Auszubildende ...\n\n- einmal im Monat\n- in der Lehrwerkstatt\"\n",
        encoding="utf-8")
    result = kooplab(project, "import", "cases", str(cases))
    assert result.returncode == 0, result.stdout + result.stderr
    events = tmp_path / "termine.csv"
    events.write_text("Titel;Art;Kurzbeschreibung;Beginn;Ende;Ort;Bundesland;Veranstalter\n"
                      "Klubtreffen;Klubtreffen;Die Betriebe stellen ihre Vorhaben vor.;20.1.2027 17:00;"
                      "20.01.2027 19:30;Bremen;HB;hansa-flex\n", encoding="utf-8")
    result = kooplab(project, "import", "events", str(events))
    assert result.returncode == 0, result.stdout + result.stderr
    assert errors(project) == []
    catalog, _ = load_catalog(project)
    case = catalog.cases["azubis-reparieren-fuer-die-tafel"]
    assert str(case.started) == "2025-03" and case.formats == ("bildungskooperation",)
    assert case.partners[1].website == "https://www.bremer-tafel.example"
    assert [(o.label, o.value, o.unit) for o in case.outcomes] == [("Geräte", 120, ""), ("Teilnehmende", 14, "Personen")]
    assert "- in der Lehrwerkstatt" in case.body
    event = catalog.events["klubtreffen-2027-01"]  # the month makes a recurring title unique
    assert event.start == dt.datetime(2027, 1, 20, 17, 0, tzinfo=event.start.tzinfo)
    assert (event.end.hour, event.end.minute) == (19, 30)


def test_an_ods_file_is_read(tmp_path):
    """A minimal OpenDocument spreadsheet as LibreOffice writes it (content.xml in a zip)."""
    cells = [["Name", "Art", "Kurzbeschreibung", "Ort", "Bundesland"],
             ["Reparatur-Café Süd", "Initiative", "Repariert einmal im Monat mit Nachbarn.", "Leipzig", "Sachsen"]]
    rows = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>' for c in r)
        + "</table:table-row>" for r in cells)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
               f'<office:body><office:spreadsheet><table:table table:name="Tabelle1">{rows}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    path = tmp_path / "liste.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    sheet = read_sheet(path)
    assert sheet.rows[1].cells[0] == "Reparatur-Café Süd"
    project = empty_project(tmp_path / "project")
    result = kooplab(project, "import", "members", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert load_catalog(project)[0].members["reparatur-cafe-sued"].location.region == "DE-SN"


def test_unreadable_files_get_a_sentence_not_a_traceback(tmp_path):
    project = empty_project(tmp_path / "project")
    (tmp_path / "alt.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "kaputt.xlsx").write_bytes(b"not a zip")
    for name, words in (("alt.xls", "als .xlsx speichern"), ("kaputt.xlsx", "keine lesbare Excel-Datei"),
                        ("fehlt.csv", "Datei nicht gefunden")):
        result = kooplab(project, "import", "members", str(tmp_path / name))
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr


# --- values: normalised where unambiguous, reported where not ----------------------------------------------

@pytest.fixture(scope="module")
def vocab():
    return load_catalog(REPO)[0].vocab


@pytest.mark.parametrize("cell, region", [("Niedersachsen", "DE-NI"), ("NI", "DE-NI"), ("de-ni", "DE-NI"),
                                          ("Nds.", "DE-NI"), ("NRW", "DE-NW"), ("Baden-Wuerttemberg", "DE-BW"),
                                          ("Sachsen Anhalt", "DE-ST"), ("Lower Saxony", "DE-NI")])
def test_states_in_every_spelling(vocab, cell, region):
    assert values.region(cell, vocab) == region


@pytest.mark.parametrize("parse, cell, expected", [
    (values.date, "1.3.2024", dt.date(2024, 3, 1)), (values.date, "2024-03-01", dt.date(2024, 3, 1)),
    (values.when, "1.3.2024", "2024-03-01"), (values.when, "01.03.2024 9:30 Uhr", "2024-03-01 09:30"),
    (values.when, "2026-11-25T14:00:00+01:00", "2026-11-25 14:00"),
    (values.period, "03/2024", "2024-03"), (values.period, "März 2024", "2024-03"), (values.period, "2024", 2024),
    (values.german_postcode, "1067", "01067"), (values.postcode, "D-28195", "28195"),
    (values.postcode, "6811 AA", "6811 AA"),  # abroad: as written there
    (values.url, "www.example.org/a", "https://www.example.org/a"), (values.url, "http://x.example", "http://x.example"),
    (values.goals, "SDG 12; Ziel 13, 4", [12, 13, 4]), (values.number, "52,52", 52.52),
    (values.text, "'=SUMME(A1)", "=SUMME(A1)"), (values.boolean, "x", True),
])
def test_values_normalised(vocab, parse, cell, expected):
    assert parse(cell, vocab) == expected


@pytest.mark.parametrize("parse, cell", [(values.date, "1.3.24"), (values.date, "31.2.2024"), (values.german_postcode, "123"),
                                         (values.postcode, "68/11"),
                                         (values.url, "mailto:a@b.example"), (values.goals, "18"),
                                         (values.period, "Frühjahr 2024"), (values.boolean, "vielleicht"),
                                         (values.region, "Bremen-Nord")])
def test_values_that_are_not_clear_are_reported(vocab, parse, cell):
    with pytest.raises(values.CellError):
        parse(cell, vocab)


def test_column_letters():
    assert [column_letter(i) for i in (0, 12, 25, 26, 27, 701, 702)] == ["A", "M", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_spreadsheet_with_a_merged_title_and_formula_results(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Titel über alles"])
    book.active.merge_cells("A1:C1")
    book.active.append(["Name", "Ort", "Anzahl"])
    book.active.append(["Eins", "Kiel", 2.0])
    book.save(tmp_path / "t.xlsx")
    sheet = read_sheet(tmp_path / "t.xlsx")
    assert [r.cells for r in sheet.rows] == [("Titel über alles", "", ""), ("Name", "Ort", "Anzahl"),
                                            ("Eins", "Kiel", "2")]
