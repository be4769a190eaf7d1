"""Open data as a data user meets it: the built files, read with the real consumers.

The sample network is built once with ``mkdocs build --strict`` under a sub-path
site_url; the files are read with ``json``/``jsonschema``, ``csv``,
``frictionless``, ``feedparser`` and BeautifulSoup and compared with the catalog
loaded from the same data. Two more builds of a copy with a named contact person
check the privacy switch in both positions.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import frictionless
import pytest
import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from kooplab import urls
from kooplab.load.catalog import load_catalog
from kooplab.exports.fields import (CASE_FIELDS, EVENT_FIELDS, LIST_SEPARATOR, MEMBER_FIELDS,
                                    SCHEMA_VERSION, SDG_SEPARATOR)
from kooplab.exports.privacy import public_member
from kooplab.exports.roundtrip import records_from_json
from kooplab.records import Case, Member, SourceRef
from kooplab.settings import settings_from_mkdocs

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://kooplab.example.org/netzwerk/"  # a sub-path, as on project pages
# Germany's extent (with a little margin): a point outside is a typo or swapped lat/lon
LON = (5.8, 15.1)
LAT = (47.2, 55.1)
PERSON = {"role": "Presse", "name": "Mara Mustermann", "email": "mara.mustermann@example.org",
          "phone": "+49 421 1234567", "consent": "2026-01-05"}
ROLE_PHONE = "+49 421 7654321"


def build(project: Path, out: Path, seed: str) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(out)], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return out


def variant(tmp_path_factory, include_contacts: bool) -> Path:
    """A copy of the sample whose Hansa-Flex has a named person (with consent) and a role contact with a phone."""
    project = tmp_path_factory.mktemp("project")
    for folder in ("data", "content", "overrides", "hooks"):
        shutil.copytree(REPO / folder, project / folder, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    include_contacts: false\n" in config and "    feed_entries: 20\n" in config
    config = config.replace("    include_contacts: false\n", f"    include_contacts: {str(include_contacts).lower()}\n")
    config = config.replace("    feed_entries: 20\n", "    feed_entries: 3\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    path = project / "data/members/hansa-flex.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["contacts"] = [PERSON, {"role": "Zentrale", "email": "zentrale@example.org", "phone": ROLE_PHONE}]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(project, tmp_path_factory.mktemp("site"), seed="2")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("site"), seed="1")


@pytest.fixture(scope="module")
def private_site(tmp_path_factory) -> Path:
    return variant(tmp_path_factory, include_contacts=False)


@pytest.fixture(scope="module")
def open_site(tmp_path_factory) -> Path:
    return variant(tmp_path_factory, include_contacts=True)


@pytest.fixture(scope="module")
def catalog():
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


def load(site: Path, rel: str):
    return json.loads((site / rel).read_text(encoding="utf-8"))


def local(url: str) -> str:
    """The file behind an absolute address of the built site."""
    assert url.startswith(SITE_URL), url
    rel = url[len(SITE_URL):]
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


REGISTRY = Registry().with_resources(
    (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
    for p in sorted((REPO / "data/schema").glob("*.schema.json")))


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": name}, registry=REGISTRY, format_checker=FormatChecker())


def source_shape(record: dict) -> dict:
    """An exported record as the data file would hold it: without the derived fields and null values."""
    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v is not None}
        return value
    shaped = clean({k: v for k, v in record.items() if k not in ("slug", "url", "source", "body")})
    if isinstance(shaped.get("image"), dict):  # a picture's pixel size is read from its file
        shaped["image"] = {k: v for k, v in shaped["image"].items() if k not in ("width", "height")}
    return shaped


def normalized(record):
    """Records compare without the catalog's links between them and the body's line number."""
    record = dataclasses.replace(record, source=SourceRef(record.source.path))
    return dataclasses.replace(record, cases=[]) if hasattr(record, "cases") else record


# --- the bulk JSON files -------------------------------------------------------------

@pytest.mark.parametrize("kind", ["members", "cases"])
def test_bulk_json_validates_and_holds_every_record_sorted_by_slug(site, catalog, kind):
    doc = load(site, f"daten/{kind}.json")
    errors = [e.message for e in validator("export.schema.json").iter_errors(doc)]
    assert not errors, errors[:5]
    records = getattr(catalog, kind)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["count"] == len(doc[kind]) == len(records) > 0
    assert [r["slug"] for r in doc[kind]] == sorted(records)
    assert doc["license"] == {"id": "CC-BY-4.0", "title": "Creative Commons Namensnennung 4.0 International",
                              "url": "https://creativecommons.org/licenses/by/4.0/"}


@pytest.mark.parametrize("kind, schema, fields", [("members", "member.schema.json", MEMBER_FIELDS),
                                                  ("cases", "case.schema.json", CASE_FIELDS)])
def test_json_records_have_every_field_of_the_data_files(site, kind, schema, fields):
    properties = set(json.loads((REPO / "data/schema" / schema).read_text(encoding="utf-8"))["properties"])
    check = validator(schema)
    for record in load(site, f"daten/{kind}.json")[kind]:
        top = list(dict.fromkeys((f.path or (f.name,))[0] for f in fields))
        assert list(record) == top  # the declared order
        assert properties <= set(record), properties - set(record)
        errors = [e.message for e in check.iter_errors(source_shape(record))]
        assert not errors, (record["slug"], errors[:3])


def test_every_record_field_is_declared_for_export():
    """A field added to Member or Case must get an export field, or the JSON would no longer be lossless."""
    for record_type, fields in ((Member, MEMBER_FIELDS), (Case, CASE_FIELDS)):
        declared = {(f.path or (f.name,))[0] for f in fields}
        linked = {"cases"}  # a member's case studies: the catalog's link, in the API as links
        assert {f.name for f in dataclasses.fields(record_type)} - linked <= declared


def test_case_bodies_are_the_markdown_of_the_files(site, catalog):
    for record in load(site, "daten/cases.json")["cases"]:
        text = (REPO / record["source"]).read_text(encoding="utf-8")
        assert record["body"].strip() and text.rstrip().endswith(record["body"].rstrip())
        assert record["url"] == SITE_URL + urls.case(record["slug"])
        assert (site / local(record["url"])).is_file()


def test_round_trip_from_json_gives_the_records(site, catalog):
    members = records_from_json(load(site, "daten/members.json"))
    cases = records_from_json(load(site, "daten/cases.json"))
    expected_members = [normalized(public_member(m, catalog.settings)) for _, m in sorted(catalog.members.items())]
    expected_cases = [normalized(c) for _, c in sorted(catalog.cases.items())]
    assert [normalized(m) for m in members] == expected_members
    assert [normalized(c) for c in cases] == expected_cases
    # the sample's contacts are all role contacts, so here nothing was left out but a phone number
    assert sum(len(m.contacts) for m in members) == sum(len(m.contacts) for m in catalog.members.values())


def test_round_trip_keeps_everything_when_contacts_are_published(open_site):
    members = {m.slug: m for m in records_from_json(load(open_site, "daten/members.json"))}
    person, role = members["hansa-flex"].contacts
    assert (person.name, person.email, person.phone, person.consent.isoformat()) == \
        (PERSON["name"], PERSON["email"], PERSON["phone"], PERSON["consent"])
    assert role.phone == ROLE_PHONE


# --- CSV and the Data Package -------------------------------------------------------------

@pytest.mark.parametrize("kind, fields", [("members", MEMBER_FIELDS), ("cases", CASE_FIELDS)])
def test_csv_has_declared_header_and_one_row_per_record(site, kind, fields):
    raw = (site / f"daten/{kind}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    assert raw.split(b"\n", 1)[0].endswith(b"\r")  # CRLF (RFC 4180)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    header = next(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert header == [f.name for f in fields]
    records = load(site, f"daten/{kind}.json")[kind]
    assert [r["slug"] for r in rows] == [r["slug"] for r in records]
    for row, record in zip(rows, records):
        goals = [t["goal"] for t in record["sdgs"]]
        assert ([int(g) for g in row["sdgs"].split(SDG_SEPARATOR)] if row["sdgs"] else []) == goals
        assert row["url"] == record["url"]
        evidence = [line.split(": ", 1) for line in row["sdg_evidence"].splitlines()]
        assert [(int(g), text) for g, text in evidence] == [(t["goal"], t["evidence"]) for t in record["sdgs"]]
        lists = ("networks", "aliases") if kind == "members" else ("formats", "references", "aliases")
        for name in lists:
            assert (row[name].split(LIST_SEPARATOR) if row[name] else []) == record[name], (record["slug"], name)
        if kind == "cases":
            names = [p if isinstance(p, str) else f"{p['name']} ({p['website']})" if p.get("website") else p["name"]
                     for p in record["partners"]]
            assert row["partners"].split(LIST_SEPARATOR) == names
            assert row["body"] == record["body"]  # multi-line Markdown survives in one cell
            assert (len(row["outcomes"].split(LIST_SEPARATOR)) if row["outcomes"] else 0) == len(record["outcomes"])
        else:
            lat = record["location"]["lat"]
            assert (float(row["lat"]) if row["lat"] else None) == lat
            assert row["postcode"] == (record["location"]["postcode"] or "")  # leading zeros kept


def test_datapackage_is_valid_for_frictionless(site):
    report = frictionless.validate(str(site / "daten/datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:10]
    package = load(site, "daten/datapackage.json")
    assert package["schema_version"] == SCHEMA_VERSION
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["homepage"] == SITE_URL + "daten/"
    by_name = {r["name"]: r for r in package["resources"]}
    # every published data file of /daten/ is described: the tables and the JSON and GeoJSON files
    published = {p.name for p in (site / "daten").iterdir() if p.suffix in (".csv", ".json", ".geojson")}
    assert {r["path"] for r in package["resources"]} == published - {"datapackage.json"}
    assert set(by_name) == {"members", "cases", "events", "members-json", "cases-json", "events-json",
                            "members-geojson", "boerse-json", "stats-json"}
    # the network in numbers: the same figures as /zahlen/ and the API
    assert load(site, "daten/stats.json") == load(site, "api/stats.json")
    for resource in package["resources"]:
        data = (site / "daten" / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data) and resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
    for kind, fields in (("members", MEMBER_FIELDS), ("cases", CASE_FIELDS), ("events", EVENT_FIELDS)):
        schema = by_name[kind]["schema"]
        assert [f["name"] for f in schema["fields"]] == [f.name for f in fields]
        assert schema["primaryKey"] == ["slug"]
        sdgs = next(f for f in schema["fields"] if f["name"] == "sdgs")
        assert (sdgs["type"], sdgs["constraints"]["pattern"]) == ("string", "[0-9]{1,2}(\\|[0-9]{1,2})*")
        assert SDG_SEPARATOR in sdgs["description"]
        # several values in a cell: strings (Table Schema v1 has no list type), their separator described
        assert {f["type"] for f in schema["fields"]} <= {"string", "integer", "number", "date", "boolean"}


V1_PYTHON = REPO / "tests/tools/v1/bin/python"


def datapackage_v1(path: Path) -> dict:
    """What datapackage-py (Data Package v1) makes of a package: its errors and, per resource, the rows it read."""
    if not V1_PYTHON.is_file():
        pytest.skip("the Data Package v1 tools are missing: make tests/tools/v1/.installed")
    script = ("import datapackage, json, sys\n"
              "p = datapackage.Package(sys.argv[1])\n"
              "out = {'errors': [str(e)[:300] for e in p.errors], 'rows': {}}\n"
              "for r in p.resources if p.valid else []:\n"
              "    out['rows'][r.name] = len(r.read()) if r.tabular else len(r.raw_read())\n"
              "print(json.dumps(out))\n")
    result = subprocess.run([str(V1_PYTHON), "-c", script, str(path)], capture_output=True, text=True)
    if result.returncode != 0:  # a table the v1 tools could not read: its error
        return {"errors": [result.stderr.strip().splitlines()[-1]], "rows": {}}
    return json.loads(result.stdout)


def test_datapackage_is_read_by_v1_tools(site, catalog):
    found = datapackage_v1(site / "daten/datapackage.json")
    assert found["errors"] == []
    assert found["rows"]["members"] == len(catalog.members) and found["rows"]["events"] == len(catalog.events)
    assert found["rows"]["members-geojson"] == (site / "daten/members.geojson").stat().st_size


def test_v1_tools_notice_a_type_they_do_not_know(site, tmp_path):
    """The check above can fail: the list type of Table Schema v2 is what v1 tools rejected."""
    package = load(site, "daten/datapackage.json")
    package["resources"][0]["schema"]["fields"][13].update(type="list", delimiter="; ")
    shutil.copytree(site / "daten", tmp_path / "daten")
    (tmp_path / "daten/datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert datapackage_v1(tmp_path / "daten/datapackage.json")["errors"]


def test_frictionless_notices_a_broken_table(site, tmp_path):
    """The check above can fail: a CSV cell that is no SDG number makes the package invalid."""
    shutil.copytree(site / "daten", tmp_path / "daten")
    path = tmp_path / "daten/members.csv"
    text = path.read_text(encoding="utf-8")
    assert f"13{SDG_SEPARATOR}" in text
    path.write_text(text.replace(f"13{SDG_SEPARATOR}", f"XIII{SDG_SEPARATOR}", 1), encoding="utf-8", newline="")
    assert not frictionless.validate(str(tmp_path / "daten/datapackage.json")).valid


# --- GeoJSON --------------------------------------------------------------------------

def test_geojson_points_are_lon_lat_inside_germany(site, catalog):
    doc = load(site, "daten/members.geojson")
    assert doc["type"] == "FeatureCollection" and doc["schema_version"] == SCHEMA_VERSION
    with_coordinates = {s: m for s, m in catalog.members.items() if m.location.has_coordinates}
    assert [f["id"] for f in doc["features"]] == sorted(with_coordinates)
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        member = with_coordinates[feature["id"]]
        assert (lon, lat) == (member.location.lon, member.location.lat)
        assert LON[0] <= lon <= LON[1] and LAT[0] <= lat <= LAT[1], feature["id"]
        props = feature["properties"]
        assert props["name"] == member.name and props["city"] == member.location.city
        assert props["sdgs"] == list(member.goals) and props["url"] == SITE_URL + urls.member(member)


# --- the JSON API ---------------------------------------------------------------------

def test_api_has_a_file_per_record_and_goal_with_working_links(site, catalog):
    check = validator("export.schema.json")
    index = load(site, "api/index.json")
    assert index["counts"] == {"members": len(catalog.members), "cases": len(catalog.cases),
                               "sdgs": len(catalog.vocab.sdgs), "events": len(catalog.events)}
    assert [m["id"] for m in index["members"]] == sorted(catalog.members)
    assert [c["id"] for c in index["cases"]] == sorted(catalog.cases)
    assert [g["id"] for g in index["sdgs"]] == list(range(1, 18))
    files = sorted((site / "api").rglob("*.json"))
    assert len(files) == 2 + len(catalog.members) + len(catalog.cases) + len(catalog.events) + 17  # index, stats
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["schema_version"] == SCHEMA_VERSION, path
        errors = [e.message for e in check.iter_errors(doc)]
        assert not errors, (path.name, errors[:3])
        for link in [*doc.get("members", []), *doc.get("cases", []), *doc.get("sdgs", []), *doc.get("partners", [])]:
            if isinstance(link, dict) and link.get("href"):
                assert (site / local(link["href"])).is_file(), link["href"]
            if isinstance(link, dict) and link.get("url"):
                assert (site / local(link["url"])).is_file(), link["url"]
    for url in [*index["links"]["downloads"].values(), *index["links"]["schema"].values(), index["links"]["feed"]]:
        assert (site / local(url)).is_file(), url


def test_api_records_are_the_data_files(site, catalog):
    for kind, schema in (("members", "member.schema.json"), ("cases", "case.schema.json")):
        bulk = {r["slug"]: r for r in load(site, f"daten/{kind}.json")[kind]}
        for slug in getattr(catalog, kind):
            doc = load(site, f"api/{kind}/{slug}.json")
            assert doc["id"] == slug and doc["record"] == bulk[slug]
            errors = [e.message for e in validator(schema).iter_errors(source_shape(doc["record"]))]
            assert not errors, (slug, errors[:3])
    upj = load(site, "api/members/upj.json")
    assert {c["id"] for c in upj["cases"]} == {c.slug for c in catalog.members["upj"].cases}


def test_api_goal_files_list_the_records_tagged_with_the_goal(site, catalog):
    for goal in catalog.vocab.sdgs:
        doc = load(site, f"api/sdgs/{goal.number}.json")
        assert doc["goal"]["label"] == goal.label
        assert sorted(m["id"] for m in doc["members"]) == sorted(m.slug for m in catalog.members.values() if goal.number in m.goals)
        assert sorted(c["id"] for c in doc["cases"]) == sorted(c.slug for c in catalog.cases.values() if goal.number in c.goals)
        for entry in doc["members"]:
            evidence = {t.goal: t.evidence for t in catalog.members[entry["id"]].sdgs}
            assert entry["evidence"] == evidence[goal.number]


# --- privacy ---------------------------------------------------------------------------

def data_files(site: Path) -> list[Path]:
    """The downloads and the API (not the HTML pages, which follow the page templates' own rules)."""
    return [*sorted(p for p in (site / "daten").iterdir() if p.suffix != ".html"),
            *sorted((site / "api").rglob("*.json"))]


def test_role_contacts_carry_role_and_email_only_by_default(site, catalog):
    for record in load(site, "daten/members.json")["members"]:
        member = catalog.members[record["slug"]]
        assert record["contacts"] == [{"role": c.role, "email": c.email} for c in member.contacts if not c.name]
    phones = {c.phone for m in catalog.members.values() for c in m.contacts if c.phone}
    assert phones  # the sample has role contacts with a phone number
    for path in data_files(site):
        text = path.read_text(encoding="utf-8")
        assert not any(phone in text for phone in phones), path


def test_named_persons_stay_out_unless_switched_on(private_site):
    for path in data_files(private_site):
        text = path.read_text(encoding="utf-8")
        for secret in (PERSON["name"], PERSON["email"], PERSON["phone"], ROLE_PHONE):
            assert secret not in text, (path, secret)
    record = load(private_site, "api/members/hansa-flex.json")["record"]
    assert record["contacts"] == [{"role": "Zentrale", "email": "zentrale@example.org"}]
    page = (private_site / "verzeichnis/hansa-flex/index.html").read_text(encoding="utf-8")
    assert jsonld(page)[0]["contactPoint"] == [{"@type": "ContactPoint", "contactType": "Zentrale",
                                                "email": "zentrale@example.org"}]


def test_named_persons_with_consent_are_published_when_switched_on(open_site):
    record = load(open_site, "api/members/hansa-flex.json")["record"]
    assert record["contacts"] == [PERSON, {"role": "Zentrale", "email": "zentrale@example.org", "phone": ROLE_PHONE}]
    row = next(r for r in csv.DictReader(io.StringIO((open_site / "daten/members.csv").read_text(encoding="utf-8"),
                                                     newline="")) if r["slug"] == "hansa-flex")
    assert row["contacts"] == (f"Presse: {PERSON['name']}, {PERSON['email']}, {PERSON['phone']}, "
                               f"Einwilligung {PERSON['consent']}{LIST_SEPARATOR}"
                               f"Zentrale: zentrale@example.org, {ROLE_PHONE}")
    page = (open_site / "verzeichnis/hansa-flex/index.html").read_text(encoding="utf-8")
    points = jsonld(page)[0]["contactPoint"]
    assert {"@type": "ContactPoint", "contactType": "Presse", "name": PERSON["name"], "email": PERSON["email"],
            "telephone": PERSON["phone"]} in points


def test_exports_do_not_depend_on_hash_seed_or_clock(site, private_site):
    """Both builds ran with other PYTHONHASHSEEDs; files that the variant's contact change does not touch agree."""
    same = ["daten/cases.json", "daten/cases.csv", "daten/members.geojson",
            *[p.relative_to(site).as_posix() for p in sorted((site / "api/cases").glob("*.json"))],
            *[p.relative_to(site).as_posix() for p in sorted((site / "api/sdgs").glob("*.json"))]]
    for rel in same:
        assert (site / rel).read_bytes() == (private_site / rel).read_bytes(), rel
    for path in data_files(site):
        assert path.read_bytes().endswith(b"\n"), path


# --- the Atom feed ----------------------------------------------------------------------

def test_feed_parses_and_lists_the_newest_cases_first(site, catalog):
    feed = feedparser.parse(str(site / "kooperationen/feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Kooperations-Lab")
    newest = sorted(catalog.cases.values(), key=lambda c: (-c.published.toordinal(), c.slug))
    assert len(feed.entries) == min(len(newest), catalog.settings.feed_entries)
    assert [e.published_parsed[:3] for e in feed.entries] == \
        [(c.published.year, c.published.month, c.published.day) for c in newest][: len(feed.entries)]
    for entry, case in zip(feed.entries, newest):
        assert entry.title == case.title and entry.summary == case.summary
        assert entry.link == SITE_URL + urls.case(case) and (site / local(entry.link)).is_file()
        assert {t.term for t in entry.tags} >= set(case.formats) | {f"sdg-{g}" for g in case.goals}


def test_feed_takes_its_length_from_the_settings(private_site, catalog):
    feed = feedparser.parse(str(private_site / "kooperationen/feed.xml"))
    assert not feed.bozo
    newest = sorted(catalog.cases.values(), key=lambda c: (-c.published.toordinal(), c.slug))[:3]
    assert [e.title for e in feed.entries] == [c.title for c in newest]


def test_every_page_links_the_feed_in_its_head(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # the redirect page of a renamed record is no page of its own
        if soup.find("main", class_="kl-embed"):
            continue  # a light view for other websites (einbetten/<kind>/): shown inside their pages
        links = soup.head.find_all("link", rel="alternate", type="application/atom+xml")
        assert len(links) == 1, path
        address = path.relative_to(site).as_posix()
        target = urljoin(SITE_URL + address, links[0]["href"])
        assert target == SITE_URL + "kooperationen/feed.xml", (address, links[0]["href"])


# --- JSON-LD ---------------------------------------------------------------------------

# the schema.org properties the pages use: a typo or an invented property fails here
ORGANIZATION = {"@context", "@type", "@id", "name", "description", "url", "mainEntityOfPage", "address", "location",
                "logo", "memberOf", "contactPoint", "subjectOf"}
ARTICLE = {"@context", "@type", "@id", "url", "mainEntityOfPage", "headline", "name", "description", "inLanguage",
           "datePublished", "dateModified", "about", "keywords", "spatialCoverage", "temporalCoverage", "publisher",
           "license", "author", "image"}


def jsonld(html: str) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def test_member_pages_describe_an_organization(site, catalog):
    for slug, member in catalog.members.items():
        html = (site / urls.member(member) / "index.html").read_text(encoding="utf-8")
        (node,) = jsonld(html)
        assert node["@context"] == "https://schema.org" and node["@type"] == "Organization"
        assert set(node) <= ORGANIZATION, set(node) - ORGANIZATION
        assert node["name"] == member.name
        assert node["url"] == (member.website or SITE_URL + urls.member(member))
        assert node["address"]["@type"] == "PostalAddress"
        assert node["address"]["addressLocality"] == member.location.city
        networks = [catalog.vocab.networks[n].label for n in member.networks]
        assert [n["name"] for n in node.get("memberOf", [])] == networks
        assert all(n["@type"] == "Organization" for n in node.get("memberOf", []))
        if member.logo:
            assert node["logo"] == SITE_URL + member.logo and (site / local(node["logo"])).is_file()
    hansa = jsonld((site / "verzeichnis/hansa-flex/index.html").read_text(encoding="utf-8"))[0]
    assert hansa["memberOf"] and hansa["location"]["geo"]["longitude"] == catalog.members["hansa-flex"].location.lon


def test_case_pages_describe_an_article_about_goals_and_partners(site, catalog):
    for slug, case in catalog.cases.items():
        html = (site / urls.case(case) / "index.html").read_text(encoding="utf-8")
        (node,) = jsonld(html)
        assert node["@type"] == "Article" and set(node) <= ARTICLE, set(node) - ARTICLE
        assert node["headline"] == case.title and node["datePublished"] == case.published.isoformat()
        goals = [a for a in node["about"] if a["@type"] == "Thing"]
        partners = [a for a in node["about"] if a["@type"] == "Organization"]
        assert [g["identifier"] for g in goals] == [f"SDG {g}" for g in sorted(case.goals)]
        assert len(partners) == len(case.partners)
        for partner, node_ in zip(case.partners, partners):
            expected = catalog.members[partner.slug].name if partner.is_member else partner.name
            assert node_["name"] == expected
        assert node["url"] == SITE_URL + urls.case(case)


def test_other_pages_have_no_record_json_ld(site):
    for address in ("index.html", "daten/index.html", "verzeichnis/index.html", "kooperationen/index.html"):
        assert jsonld((site / address).read_text(encoding="utf-8")) == []


# --- schemas and the /daten/ page ------------------------------------------------------------

def test_schema_files_are_published_with_their_address_as_id(site):
    sources = sorted((REPO / "data/schema").glob("*.schema.json"))
    assert {p.name for p in sources} >= {"member.schema.json", "case.schema.json", "vocab.schema.json",
                                         "export.schema.json"}
    for path in sources:
        published = json.loads((site / "schema" / path.name).read_bytes())
        assert published.pop("$id") == f"{SITE_URL}schema/{path.name}"
        assert published == json.loads(path.read_bytes())  # otherwise unchanged
        assert "$id" not in json.loads(path.read_bytes())  # the repository's: resolved where the file lies


@pytest.mark.parametrize("schema, record", [("member.schema.json", "data/members/upj.yml"),
                                            ("event.schema.json", "data/events/oekoprofit-klubtreffen-2027-01.yml")])
def test_a_standard_tool_checks_records_against_the_schemas_from_any_folder(tmp_path, schema, record):
    """check-jsonschema, run outside the repository, resolves each schema's references to the others."""
    tool = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(tool), "--schemafile", str(REPO / "data/schema" / schema), str(REPO / record)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # a case study's front matter uses member.schema.json's definitions: the cross-file reference resolves
    front = (REPO / "data/cases/runder-tisch-brandenburg.md").read_text(encoding="utf-8").split("---\n")[1]
    (tmp_path / "case.yml").write_text(front.replace("region: DE-BB", "region: 12"), encoding="utf-8")
    result = subprocess.run([str(tool), "--schemafile", str(REPO / "data/schema/case.schema.json"), "case.yml"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1 and "12 is not of type 'string'" in result.stdout, result.stdout + result.stderr
    assert "sdgs" in front and "Traceback" not in result.stderr  # its SDG entries were checked by reference


def test_data_page_is_in_the_navigation(site):
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    targets = {urljoin(SITE_URL, a["href"]) for a in soup.select("nav a[href]") if a.get_text(strip=True) == "Daten"}
    assert targets == {SITE_URL + "daten/"}


def test_data_page_links_every_download_with_its_real_size(site):
    page = site / "daten/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "Offene Daten"
    table = soup.find("h2", id="downloads").find_next("table")
    linked = {}
    for row in table.find_all("tr")[1:]:
        link = row.find("a")
        target = urljoin(SITE_URL + "daten/", link["href"])
        file = site / local(target)
        assert file.is_file(), target
        assert int(row.find("td", attrs={"data-bytes": True})["data-bytes"]) == file.stat().st_size, target
        linked[local(target)] = file
    for name in ("members.json", "cases.json", "members.csv", "cases.csv", "members.geojson", "datapackage.json"):
        assert f"daten/{name}" in linked
    assert {"api/index.json", "kooperationen/feed.xml", "schema/export.schema.json"} <= set(linked)
    licence = soup.find("h2", id="lizenz").find_next("a")
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/"
    text = soup.get_text()
    assert f"„{LIST_SEPARATOR.strip()}" in text.replace("\xa0", " ") and f"13{SDG_SEPARATOR}17" in text


def test_editor_schemas_are_current_and_carry_the_vocabularies(tmp_path):
    """data/schema/editor/ (kooplab schemas): what editors' tools read. CI fails when a vocabulary or a schema
    changed without them; with them, kind: firma, region: DE-XX and goal: 99 are marked in the editor."""
    result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "schemas", "--check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    tool = Path(sys.executable).with_name("check-jsonschema")
    editor = REPO / "data/schema/editor"
    for schema, folder in (("member.schema.json", "members"), ("event.schema.json", "events")):
        records = sorted(str(p) for p in (REPO / "data" / folder).glob("*.yml"))
        result = subprocess.run([str(tool), "--schemafile", str(editor / schema), *records], capture_output=True,
                                text=True, cwd=tmp_path)
        assert result.returncode == 0, result.stdout[-2000:]
        assert all("schema/editor/" in Path(r).read_text(encoding="utf-8").split("\n", 1)[0] for r in records)
    text = (REPO / "data/members/upj.yml").read_text(encoding="utf-8")
    bad = text.replace("kind: mittlerorganisation", "kind: firma").replace("region: DE-BE", "region: DE-XX").replace(
        "  - goal: 17", "  - goal: 99")
    assert bad.count("firma") == 1 and "DE-XX" in bad and "goal: 99" in bad
    (tmp_path / "upj.yml").write_text(bad, encoding="utf-8")
    result = subprocess.run([str(tool), "--schemafile", str(editor / "member.schema.json"), "upj.yml"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    for value in ("'firma' is not one of", "'DE-XX' is not one of", "99 is not one of"):
        assert value in result.stdout, (value, result.stdout)
