"""The entry form (/mitmachen/eintragen/) in Chromium, used as an editor would: fill in a new member, case study
and event, or change an existing member; the file it makes is written into a copy of the sample project, where
kooplab validate finds no problem and the build shows the entry. Bad entries get messages beside their fields;
the GitHub link carries the path and the text; axe finds no violation, on a phone too."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.pages.entry_form import form_spec
from kooplab.settings import settings_from_mkdocs

from browsing import axe

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def page(browser, server):
    page = browser.new_page()
    page.kl_errors = []
    page.on("pageerror", lambda exc: page.kl_errors.append(str(exc)))
    page.on("console", lambda m: page.kl_errors.append(m.text) if m.type == "error" else None)

    def open_form(query: str = "") -> None:
        page.goto(server + urls.ENTRY_FORM + query)
        page.wait_for_selector("[data-kl-form] input, [data-kl-form] select")
    page.kl_open = open_form
    yield page
    assert page.kl_errors == []
    page.close()


def produced(page) -> tuple[str, str]:
    """The file name and text the form shows, once its checks have run."""
    page.wait_for_timeout(400)
    return page.locator("[data-kl-filename]").text_content(), page.locator("[data-kl-text]").input_value()


def project_with(tmp_path: Path, path: str, text: str) -> Path:
    project = tmp_path / "project"
    for folder in ("content", "overrides", "hooks", "data"):
        shutil.copytree(REPO / folder, project / folder, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / path).write_text(text, encoding="utf-8")
    return project


def validate(project: Path) -> list[str]:
    catalog, problems = load_catalog(project, settings_from_mkdocs(project / "mkdocs.yml"))
    return [p.text() for p in problems]


def fill_member(page) -> None:
    page.get_by_label("Name der Organisation (Pflicht)").fill("Bäckerei Sonnenkorn GmbH")
    page.get_by_label("Art der Organisation (Pflicht)").select_option(label="Unternehmen")
    page.get_by_label("Kurzbeschreibung (Pflicht)").fill("Backt mit Ökostrom und gibt Brot vom Vortag an die Tafel.")
    page.get_by_label("Website").fill("https://www.sonnenkorn.example")
    page.get_by_label("Stadt oder Gemeinde (Pflicht)").fill("Hannover")
    page.get_by_label("Bundesland (Pflicht)").select_option(label="Niedersachsen")
    page.get_by_label("Postleitzahl").fill("30451")
    page.get_by_label("ÖKOPROFIT-Klub Hannover").check()
    page.get_by_role("button", name="Ziel hinzufügen").click()
    page.get_by_label("Ziel (Pflicht)").select_option("12")
    page.get_by_label("Begründung (Pflicht)").fill("Gibt Brot vom Vortag an die Tafel weiter.")
    page.get_by_role("button", name="Ansprechstelle hinzufügen").click()
    page.get_by_label("Funktion (Pflicht)").fill("Geschäftsführung")
    page.get_by_label("E-Mail-Adresse").fill("info@sonnenkorn.example")


def test_a_new_member_becomes_a_valid_record_that_builds(page, tmp_path):
    page.kl_open()
    fill_member(page)
    name, text = produced(page)
    assert name == "data/members/baeckerei-sonnenkorn-gmbh.yml"  # ä -> ae, as kooplab new names files
    assert text.startswith("# yaml-language-server: $schema=../schema/editor/member.schema.json")
    assert "# Pflicht: Name der Organisation" in text and 'postcode: "30451"' in text
    assert page.locator("[data-kl-entry]").get_attribute("data-kl-problems") == "0"
    project = project_with(tmp_path, name, text)
    assert validate(project) == []
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(out)], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    built = (out / "verzeichnis/baeckerei-sonnenkorn-gmbh/index.html").read_text(encoding="utf-8")
    assert "Bäckerei Sonnenkorn GmbH" in built and "Gibt Brot vom Vortag an die Tafel weiter." in built


def test_the_github_link_carries_the_path_and_the_text(page):
    page.kl_open()
    fill_member(page)
    name, text = produced(page)
    link = urlsplit(page.locator("[data-kl-github]").get_attribute("href"))
    assert f"{link.scheme}://{link.netloc}{link.path}" == "https://github.com/kooplab/kooplab/new/main"
    query = parse_qs(link.query)
    assert query["filename"] == [name] and query["value"] == [text]
    mail = urlsplit(page.locator("[data-kl-mail]").get_attribute("href"))
    assert mail.scheme == "mailto" and mail.path == "kontakt@example.org" and parse_qs(mail.query)["body"] == [text]


def test_bad_entries_get_messages_beside_their_fields(page, server):
    page.kl_open()
    page.get_by_label("Name der Organisation (Pflicht)").fill("Firma ohne Art")
    page.get_by_label("Kurzbeschreibung (Pflicht)").fill("Zu lang. " * 40)
    page.get_by_label("Postleitzahl").fill("3045")
    page.get_by_label("Website").fill("www.ohne-schema.example")
    page.get_by_role("button", name="Ansprechstelle hinzufügen").click()
    page.get_by_label("Funktion (Pflicht)").fill("Presse")
    page.get_by_label("Name einer Person").fill("Mara Mustermann")
    page.get_by_role("link", name="Auf GitHub vorschlagen").click()  # asks for the file: every problem shows
    page.wait_for_timeout(300)
    assert page.url.startswith(server + urls.ENTRY_FORM)  # the link did not go to GitHub with a broken file
    errors = {e.get_attribute("id"): e.text_content() for e in page.locator(".kl-entry__error:not([hidden])").all()}
    # kooplab validate's German words (tests/test_entry_form.py compares them on a corpus), as sentences
    assert errors["kl-f-kind-error"] == "Das Pflichtfeld „kind“ fehlt. Hinweis: Art der Organisation."
    assert errors["kl-f-summary-error"] == ("Ist 359 Zeichen lang; erlaubt sind höchstens 300. "
                                            "Hinweis: Kürzen Sie den Text.")
    assert errors["kl-f-location-postcode-error"].startswith(
        "Eine deutsche Postleitzahl hat fünf Ziffern, gefunden: der Text „3045“.")
    assert errors["kl-f-website-error"] == ("„www.ohne-schema.example“ ist keine Web-Adresse. "
                                            "Hinweis: Schreiben Sie die vollständige Adresse, beginnend mit https://.")
    assert "Einwilligung" in errors["kl-f-contacts-0-name-error"]
    assert errors["kl-f-location-city-error"].startswith("Das Pflichtfeld „city“ fehlt.")
    summary = page.locator("[data-kl-summary]")
    assert summary.is_visible() and summary.evaluate("el => el === document.activeElement")
    assert page.get_by_label("Kurzbeschreibung (Pflicht)").get_attribute("aria-invalid") == "true"
    described = page.get_by_label("Kurzbeschreibung (Pflicht)").get_attribute("aria-describedby")
    assert "kl-f-summary-error" in described.split()


def test_a_name_that_is_taken_is_reported(page):
    page.kl_open()
    page.get_by_label("Name der Organisation (Pflicht)").fill("UPJ")
    page.get_by_label("Name der Organisation (Pflicht)").blur()
    page.wait_for_timeout(400)
    assert "gibt es schon" in page.locator("#kl-f-name-error").text_content()


def test_an_existing_member_opens_for_changes_and_stays_valid(page, tmp_path):
    page.kl_open("?bearbeiten=member/upj")
    page.wait_for_function("document.querySelector('[name=name]').value !== ''")
    assert page.get_by_label("Name der Organisation (Pflicht)").input_value() == "UPJ e.V."
    page.get_by_label("Postleitzahl").fill("10117")
    name, text = produced(page)
    assert name == "data/members/upj.yml" and 'postcode: "10117"' in text
    link = page.locator("[data-kl-github]").get_attribute("href")
    assert link == "https://github.com/kooplab/kooplab/edit/main/data/members/upj.yml"
    project = project_with(tmp_path, name, text)
    assert validate(project) == []
    catalog, _ = load_catalog(project, settings_from_mkdocs(project / "mkdocs.yml"))
    before, _ = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    after_upj, before_upj = catalog.members["upj"], before.members["upj"]
    assert after_upj.location.postcode == "10117"
    assert (after_upj.name, after_upj.sdgs, after_upj.offers, after_upj.networks, after_upj.description) == \
        (before_upj.name, before_upj.sdgs, before_upj.offers, before_upj.networks, before_upj.description)
    # contacts come from the open data, which carry role and e-mail only: the form says so before anything is sent
    assert [(c.role, c.email) for c in after_upj.contacts] == [(c.role, c.email) for c in before_upj.contacts]
    assert any(c.phone for c in before_upj.contacts)
    assert "Telefonnummern" in page.locator("[data-kl-contacts-note]").text_content()


def test_a_case_study_and_an_event(page, tmp_path):
    page.kl_open()
    page.get_by_label("Fallbeispiel").check()
    page.get_by_label("Titel des Fallbeispiels (Pflicht)").fill("Azubis reparieren für die Tafel")
    page.get_by_label("Kurzbeschreibung (Pflicht)").fill("Auszubildende reparieren Geräte für Gäste der Tafel.")
    page.get_by_label("Kürzel eines Mitglieds").nth(0).fill("hansa-flex")
    page.get_by_label("Name (andere Beteiligte)").nth(1).fill("Bremer Tafel e. V.")
    page.get_by_label("Bildungskooperation").check()
    page.get_by_label("Bundesland (Pflicht)").select_option(label="Bremen")
    page.get_by_label("Beginn (Pflicht)").fill("2025-03")
    page.get_by_label("Stand (Pflicht)").select_option("laufend")
    page.get_by_label("Text des Fallbeispiels").fill("Seit dem Frühjahr 2025 reparieren Auszubildende …\n\n- einmal im Monat")
    case_name, case_text = produced(page)
    assert case_name == "data/cases/azubis-reparieren-fuer-die-tafel.md" and case_text.startswith("---\n")
    page.get_by_label("Termin").check()
    page.get_by_label("Titel der Veranstaltung (Pflicht)").fill("Klubtreffen im Januar 2027")
    page.get_by_label("Art des Termins (Pflicht)").select_option(label="Klubtreffen")
    page.get_by_label("Beginn (Pflicht)").fill("2027-01-20 17:00")
    form = page.locator("[data-kl-form]")
    form.get_by_label("Stadt oder Gemeinde").fill("Bremen")
    form.get_by_label("Bundesland").select_option(label="Bremen")
    page.get_by_label("Wer lädt ein? (Pflicht)").fill("hansa-flex\npuu-bremen")
    page.get_by_label("Kurzbeschreibung (Pflicht)").fill("Die Betriebe stellen ihre Vorhaben für das neue Jahr vor.")
    event_name, event_text = produced(page)
    assert event_name == "data/events/klubtreffen-im-januar-2027.yml" and "start: 2027-01-20 17:00" in event_text
    project = project_with(tmp_path, case_name, case_text)
    (project / event_name).write_text(event_text, encoding="utf-8")
    assert validate(project) == []


def test_the_form_passes_axe_on_a_phone(browser, server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server + urls.ENTRY_FORM)
    page.wait_for_selector("[data-kl-form] input")
    page.get_by_role("button", name="Ziel hinzufügen").click()
    page.get_by_role("link", name="Auf GitHub vorschlagen").click()  # with every message showing
    page.wait_for_timeout(300)
    assert axe(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    page.close()


def test_the_form_follows_the_schemas_vocabularies_and_labels():
    """A network's own vocabulary and labels change the form without code."""
    catalog, _ = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    spec = form_spec(catalog, catalog.templates)
    member = {f["name"]: f for f in spec["kinds"]["member"]["fields"]}
    assert [c[0] for c in member["kind"]["choices"]] == catalog.vocab.kinds.ids()
    assert member["name"]["label"] == "Name der Organisation" and member["name"]["required"]
    assert member["summary"]["maxLength"] == 300
    location = {f["name"]: f for f in member["location"]["fields"]}
    assert location["region"]["widget"] == "choice"
    # a postcode is written as in its country; five digits in Germany (the schema's if/then, checked as it types)
    assert location["postcode"]["pattern"] == "^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$"
    assert member["location"]["when"] == {"field": "region", "pattern": "^DE-", "then": {"postcode": {
        "pattern": "^[0-9]{5}$", "message": "a German postcode has five digits",
        "hint": 'write it in quotes, e.g. postcode: "01067"'}}}
    # an 'if' of another shape (a network's own schema) is left to kooplab validate, and the form still builds
    catalog.schemas["member.schema.json"]["properties"]["location"]["if"] = {"required": ["lat"]}
    location = {f["name"]: f for f in form_spec(catalog, catalog.templates)["kinds"]["member"]["fields"]}["location"]
    assert "when" not in location and location["fields"]
    catalog.vocab.kinds.entries.pop("verein")
    catalog.form_labels["member"]["fields"]["name"]["label"] = "Name des Betriebs"
    changed = {f["name"]: f for f in form_spec(catalog, catalog.templates)["kinds"]["member"]["fields"]}
    assert "verein" not in [c[0] for c in changed["kind"]["choices"]]
    assert changed["name"]["label"] == "Name des Betriebs"


# --- the form's checks and kooplab validate agree ----------------------------------------------------------------

def _plain(value):
    """A record as JSON for the browser: dates as text."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _corpus() -> list[tuple[str, str, str, dict]]:
    """(kind, slug, what, record): the sample's records as they are, and broken in the ways editors break them."""
    import copy

    import yaml

    def load(rel: str) -> dict:
        text = (REPO / rel).read_text(encoding="utf-8")
        return yaml.safe_load(text.split("---\n")[1] if rel.endswith(".md") else text) | (
            {"body": text.split("---\n", 2)[2]} if rel.endswith(".md") else {})

    member, case, event = (load("data/members/hansa-flex.yml"), load("data/cases/runder-tisch-brandenburg.md"),
                           load("data/events/oekoprofit-klubtreffen-2027-01.yml"))
    member.pop("aliases", None)

    def broken(base: dict, change) -> dict:
        record = copy.deepcopy(base)
        change(record)
        return record

    out = [("member", "hansa-flex", "as it is", member), ("case", "runder-tisch-brandenburg", "as it is", case),
           ("event", "oekoprofit-klubtreffen-2027-01", "as it is", event)]
    member_changes = {
        "summary too long": lambda r: r.update(summary=("Zu lang. " * 40).strip()),
        "name too short": lambda r: r.update(name="X"),
        "postcode with four digits": lambda r: r["location"].update(postcode="2830"),
        "website without scheme": lambda r: r.update(website="www.hansa-flex.example"),
        "kind not in the vocabulary": lambda r: r.update(kind="firma"),
        "latitude without longitude": lambda r: r["location"].pop("lon"),
        "a named person without consent": lambda r: r.update(contacts=[{"role": "Presse", "name": "Mara Muster"}]),
        "an SDG twice": lambda r: r.update(sdgs=r["sdgs"] + copy.deepcopy(r["sdgs"][:1])),
        "evidence too short": lambda r: r.update(sdgs=[{"goal": 12, "evidence": "kurz"}]),
        "member_since before 1950": lambda r: r.update(member_since=1900),
        "no region": lambda r: r["location"].pop("region"),
        "an e-mail address without @": lambda r: r.update(contacts=[{"role": "Presse", "email": "presse.example"}]),
        "consent in the future": lambda r: r.update(contacts=[{"role": "Presse", "name": "Mara Muster",
                                                               "consent": "2199-01-01"}]),
        "consent on a day that does not exist": lambda r: r.update(contacts=[{"role": "Presse", "name": "Mara Muster",
                                                                              "consent": "2024-02-30"}]),
        "member_since as text": lambda r: r.update(member_since="seit 2010"),
        "member_since with a thousands dot": lambda r: r.update(member_since="2.010"),
        "a javascript: website": lambda r: r.update(website="javascript:alert(1)"),
        "a phone number with letters": lambda r: r.update(contacts=[{"role": "Presse", "phone": "0511 KOOP"}]),
        "an SDG that does not exist": lambda r: r.update(sdgs=[{"goal": 18, "evidence": "Ein Ziel, das es nicht gibt."}]),
        "a network that does not exist": lambda r: r.update(networks=["netzwerk-x"]),
        "a Dutch postcode in Germany": lambda r: r["location"].update(postcode="6811 AA"),
        "abroad with its own postcode": lambda r: r["location"].update(region="NL-GE", city="Arnheim", postcode="6811 AA",
                                                                       lat=51.98, lon=5.90),
    }
    case_changes = {
        "started in month 13": lambda r: r.update(started="2025-13"),
        "one partner": lambda r: r.update(partners=r["partners"][:1]),
        "no format": lambda r: r.pop("formats"),
        "a status not in the list": lambda r: r.update(status="läuft"),
        "a partner's website without scheme": lambda r: r.update(partners=[r["partners"][0],
                                                                          {"name": "Tafel", "website": "tafel"}]),
        "started before 1950": lambda r: r.update(started=1900),
        "started as 'März 2024'": lambda r: r.update(started="März 2024"),
        "ended before it started": lambda r: r.update(started="2024-05", ended="2023-11", status="abgeschlossen"),
        "a summary too long": lambda r: r.update(summary=("Sehr lang. " * 40).strip()),
    }
    event_changes = {
        "a day that does not exist": lambda r: r.update(start="2027-02-30 10:00"),
        "neither a place nor online": lambda r: r.update(location={"city": "Hannover"}),
        "no location at all": lambda r: r.pop("location"),
        "no kind": lambda r: r.pop("kind"),
        "registration without scheme": lambda r: r.update(registration="anmeldung.example"),
        "a summary of five letters": lambda r: r.update(summary="Kurz."),
        "ends before it starts": lambda r: r.update(start="2027-01-20 17:00", end="2027-01-20 16:00"),
        "a time that does not exist": lambda r: r.update(start="2027-01-20 25:00"),
        "a start in German form": lambda r: r.update(start="20.01.2027 17:00"),
        "all day with a time": lambda r: r.update(all_day=True),
        "end without a time": lambda r: r.update(start="2027-01-20 17:00", end="2027-01-21"),
        "the same start and end": lambda r: r.update(start="2027-01-20 17:00", end="2027-01-20 17:00"),
        "a year far ahead": lambda r: r.update(start="2301-01-20 17:00", end="2301-01-20 18:00"),
    }
    out += [("member", "hansa-flex", what, broken(member, change)) for what, change in member_changes.items()]
    out += [("case", "runder-tisch-brandenburg", what, broken(case, change)) for what, change in case_changes.items()]
    out += [("event", "oekoprofit-klubtreffen-2027-01", what, broken(event, change))
            for what, change in event_changes.items()]
    return out


def _top(path: str) -> str:
    return path.replace("[", ".").split(".")[0]


def _field_of(problem) -> str:
    """The top-level field a problem of kooplab validate is about (a missing field is reported at its parent)."""
    missing = re.match(r"missing required field '([a-z_]+)'", problem.message)
    if missing and not problem.field:
        return missing.group(1)
    return _top(problem.field) or "(file)"


def test_the_forms_checks_and_kooplab_validate_say_the_same(page, tmp_path):
    """On every record of the corpus, the form and kooplab validate flag the same fields, and what the form says
    at a field is what kooplab validate says there, in German: the message and, when the form gives one, the hint."""
    import yaml

    page.kl_open()
    folders = {"member": ("members", ".yml"), "case": ("cases", ".md"), "event": ("events", ".yml")}
    disagreements = []
    compared = 0
    for kind, slug, what, record in _corpus():
        said = page.evaluate("([k, s, r]) => window.kooplabEntry.check(k, s, r)", [kind, slug, _plain(record)])
        in_form = {_top(p["path"]) for p in said}
        project = tmp_path / f"{kind}-{abs(hash(what))}"
        shutil.copytree(REPO / "data", project / "data")
        folder, suffix = folders[kind]
        body = record.pop("body", None)
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (project / f"data/{folder}/{slug}{suffix}").write_text(f"---\n{text}---\n{body or ''}" if suffix == ".md"
                                                                else text, encoding="utf-8")
        _, problems = load_catalog(project)
        rel = f"data/{folder}/{slug}{suffix}"
        mine = [p for p in problems.errors if p.file == rel]
        by_validate = {_field_of(p) for p in mine}
        others = [p.text() for p in problems.errors if p.file != rel]
        if in_form != by_validate or others:
            disagreements.append((kind, what, sorted(in_form), sorted(by_validate), others[:2]))
        if what == "as it is":
            assert in_form == set() and by_validate == set(), (kind, in_form, by_validate)
        for p in said:
            german = [(q.as_dict("de")["message"], q.hint_in("de")) for q in mine if _field_of(q) == _top(p["path"])]
            compared += 1
            if not any(p["message"] == m and (not p["hint"] or p["hint"] == h) for m, h in german):
                disagreements.append((kind, what, p["path"], p["message"], p["hint"], german))
    assert disagreements == [], "\n".join(map(str, disagreements))
    assert compared >= len(_corpus()) - 3  # every broken record was compared by its texts


def _records_equal(a, b) -> None:
    """Two records the same in every field an editor wrote (the source position aside)."""
    import dataclasses

    skip = {"source", "line", "positions"}
    left = {f.name: getattr(a, f.name) for f in dataclasses.fields(a) if f.name not in skip}
    right = {f.name: getattr(b, f.name) for f in dataclasses.fields(b) if f.name not in skip}
    assert left == right


@pytest.mark.parametrize("kind, slug", [("member", "upj"), ("member", "nordend-nachbarschaftshilfe"),
                                        ("member", "hansa-flex"), ("case", "arbeitskreis-umwelt-bremen"),
                                        ("event", "oekoprofit-klubtreffen-2027-01")])
def test_the_files_text_taken_over_loses_nothing(page, tmp_path, kind, slug):
    """Editing a record whose file holds what the site does not publish (phone numbers, named persons with their
    consent, former addresses, the lab's choice of featured cases): the file's text pasted into the form and
    taken over gives the same record."""
    folder, suffix, records = {"member": ("members", ".yml", "members"), "case": ("cases", ".md", "cases"),
                               "event": ("events", ".yml", "events")}[kind]
    page.kl_open(f"?bearbeiten={kind}/{slug}")
    page.wait_for_function("document.querySelector('[data-kl-text]').value.length > 100")
    if slug == "upj":
        note = page.locator("[data-kl-contacts-note]")
        assert note.get_by_role("link", name="Datei auf GitHub öffnen").get_attribute("href") == \
            "https://github.com/kooplab/kooplab/blob/main/data/members/upj.yml"
    original = (REPO / f"data/{folder}/{slug}{suffix}").read_text(encoding="utf-8")
    page.locator("[data-kl-text]").fill(original)
    page.get_by_role("button", name="Text ins Formular übernehmen").click()
    assert "übernommen" in page.locator("[data-kl-load-status]").text_content()
    name, text = produced(page)
    assert name == f"data/{folder}/{slug}{suffix}" and page.locator("[data-kl-summary]").is_hidden()
    project = project_with(tmp_path, name, text)
    assert validate(project) == []
    after, _ = load_catalog(project, settings_from_mkdocs(project / "mkdocs.yml"))
    before, _ = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    _records_equal(getattr(after, records)[slug], getattr(before, records)[slug])


def test_a_file_opened_an_unknown_field_and_broken_text(page, tmp_path):
    page.kl_open()
    draft = tmp_path / "entwurf.yml"
    draft.write_text("name: Bäckerei Sonnenkorn GmbH\nkind: unternehmen\nsummary: Backt mit Ökostrom und gibt Brot an "
                     "die Tafel.\nlocation:\n  city: Hannover\n  region: DE-NI\nmitarbeiter: 12\n", encoding="utf-8")
    page.locator("[data-kl-open]").set_input_files(str(draft))
    page.wait_for_function("document.querySelector('[name=name]').value !== ''")
    assert page.get_by_label("Art der Organisation (Pflicht)").input_value() == "unternehmen"
    name, text = produced(page)
    assert name == "data/members/baeckerei-sonnenkorn-gmbh.yml"
    # a field the form has no place for is kept in the file and reported as kooplab validate reports it
    assert "mitarbeiter: 12" in text
    assert "Unbekanntes Feld „mitarbeiter“" in page.locator("[data-kl-summary]").text_content()
    # text that is no YAML: said with its line, and the form keeps what it had
    page.locator("[data-kl-text]").fill("name: Bäckerei\nkind: [unternehmen\n")
    page.get_by_role("button", name="Text ins Formular übernehmen").click()
    status = page.locator("[data-kl-load-status]").text_content()
    assert status.startswith("Der Text lässt sich nicht lesen (Zeile ") and "Spalte" in status
    assert page.get_by_label("Name der Organisation (Pflicht)").input_value() == "Bäckerei Sonnenkorn GmbH"


@pytest.mark.parametrize("kind, slug", [("case", "runder-tisch-brandenburg"), ("event", "oekoprofit-klubtreffen-2027-01"),
                                        ("case", "arbeitskreis-umweltallianz-sachsen-anhalt"),
                                        ("case", "aktionstag-hannover-linden")])  # with a picture
def test_an_existing_case_or_event_opens_unchanged(page, tmp_path, kind, slug):
    """Opened for changes and sent back unchanged, a record loads as the same record."""
    page.kl_open(f"?bearbeiten={kind}/{slug}")
    page.wait_for_function("document.querySelector('[name=title]').value !== ''")
    name, text = produced(page)
    assert page.locator("[data-kl-entry]").get_attribute("data-kl-problems") == "0"
    project = project_with(tmp_path, name, text)
    assert validate(project) == []
    after, _ = load_catalog(project, settings_from_mkdocs(project / "mkdocs.yml"))
    before, _ = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    records = {"case": lambda c: c.cases, "event": lambda c: c.events}[kind]
    old, new = records(before)[slug], records(after)[slug]
    for field in ("title", "summary", "partners", "formats", "sdgs", "started", "ended", "status", "outcomes",
                  "references", "featured", "image", "start", "end", "location", "organisers", "registration"):
        assert getattr(new, field, None) == getattr(old, field, None), field
    assert getattr(new, "body", "").strip() == getattr(old, "body", "").strip()


def test_the_keyboard_alone_adds_and_removes_an_entry(page):
    page.kl_open()
    add = page.get_by_role("button", name="Ziel hinzufügen")
    add.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "sdgs.0.goal"  # the new entry's first field
    page.get_by_role("button", name="Ziel 1 entfernen").focus()
    page.keyboard.press("Enter")
    assert page.locator("[data-kl-item]").count() == 0
    assert page.evaluate("document.activeElement.textContent") == "Ziel hinzufügen"


def test_without_javascript_the_templates_and_the_mail_path(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + urls.ENTRY_FORM)
    assert not page.locator("[data-kl-entry]").is_visible()
    text = page.locator("article").inner_text()
    assert "Ohne JavaScript" in text and "kontakt@example.org" in text
    hrefs = [a.get_attribute("href") for a in page.locator("article noscript a, article a").all()]
    assert any(h and h.endswith("vorlagen/mitglied.yml") for h in hrefs)
    context.close()
