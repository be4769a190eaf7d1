"""Property-based tests: whatever an editor puts into a record, validation reports it and never crashes.

Arbitrary nested YAML values (None, booleans, huge numbers, nan/inf, dates, texts
with control characters, lists, mappings) are put in the place of every field of
a valid member and a valid case study, and arbitrary text replaces whole files.
``load_catalog`` must never raise, and a record it does not load must come with
at least one error that names the file and a line inside it. An independent
``jsonschema`` check of the same data is the oracle for "this value is invalid".

The runs are derandomized (the same examples on every run) so CI stays stable.
"""

from __future__ import annotations

import json
import math
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from conftest import REPO
from kooplab.load.catalog import load_catalog
from kooplab.load.source import iso

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

RICH_MEMBER = textwrap.dedent("""
    name: Hansa-Flex AG
    kind: unternehmen
    summary: Hydraulik-Spezialist aus Bremen mit Umwelt-Arbeitskreis.
    description: |
      Ein längerer Text mit **Markdown**.
    website: https://www.example.org/hansa-flex
    sector: maschinenbau
    location:
      city: Bremen
      region: DE-HB
      postcode: "28307"
      street: Beispielweg 1
      lat: 53.07
      lon: 8.80
    networks: [puu-bremen]
    member_since: 2017
    sdgs:
      - goal: 13
        evidence: Arbeitet seit 2017 im Klima-Arbeitskreis mit.
    contacts:
      - role: Umweltmanagement
        name: Erika Beispiel
        email: umwelt@example.org
        phone: "+49 421 123456"
        consent: 2026-03-01
    logo: logos/x.svg
    aliases: [hansa-flex-alt]
    reviewed: 2026-10-01
""").lstrip("\n")

RICH_CASE_FRONT = textwrap.dedent("""
    title: Arbeitskreis Umwelt
    summary: Vier Unternehmen tauschen sich zweimal im Jahr aus.
    partners:
      - hansa-flex
      - deutsche-see
      - name: Tafel Bremen
        website: https://www.example.org/tafel
    formats: [erfahrungsaustausch]
    sdgs:
      - goal: 13
        evidence: Die Betriebe sparen gemeinsam Energie.
    region: DE-HB
    city: Bremen
    started: 2017-06
    ended: 2019
    status: abgeschlossen
    outcomes:
      - label: Treffen
        value: 12
        unit: Termine
    references: []  # keys of the bibliography (none in this project)
    featured: true
    aliases: [ak-umwelt]
    published: 2026-09-01
    reviewed: 2026-10-01
""").lstrip("\n")

BASE_MEMBER = textwrap.dedent("""
    name: {name}
    kind: unternehmen
    summary: Ein Mitglied, auf das sich Fallbeispiele beziehen.
    location:
      city: Bremen
      region: DE-HB
    reviewed: 2026-10-01
""").lstrip("\n")

MEMBER_DATA = yaml.safe_load(RICH_MEMBER)
CASE_DATA = yaml.safe_load(RICH_CASE_FRONT)


def paths(value, prefix=()):
    """Every path into a document: ("location",), ("location", "city"), ("sdgs", 0, "goal"), …"""
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += paths(child, prefix + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out += paths(child, prefix + (i,))
    return out


def replaced(data, path, new):
    if not path:
        return new
    data = json.loads(json.dumps(data, default=str))  # a deep copy; dates become strings
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = new
    return data


# --- arbitrary YAML values ---------------------------------------------------

texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),  # includes control characters
    st.sampled_from(["", " ", "@", ":", "a: b", "- x", "#", "&a", "*a", "!!python/object", "\n", "\t",
                     "https://", "javascript:alert(1)", "data:text/html,x", "../../etc/passwd", "logos/",
                     "logos/x.svg", "logos/nope.png", "2026-02-30", "2019-13", "0", "18", "yes", "null",
                     "DE-XX", "unternehmen", "x" * 600, "ä\u2028ö\u0085ü\ufeff", "\x00", "\x1b[31m"]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 18, 1949, 2101, 2**63, -(2**63) - 1, 10**40]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf]),
    texts,
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=12,
)


def non_finite(value) -> bool:
    """nan and inf are never a usable value, wherever they stand."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(non_finite(v) for v in value)
    return False


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- an independent oracle ---------------------------------------------------

def _registry():
    resources = []
    for path in sorted((REPO / "data/schema").glob("*.schema.json")):
        resources.append((path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")))))
    return Registry().with_resources(resources)


REGISTRY = _registry()
ORACLE = {name: Draft202012Validator({"$ref": name}, registry=REGISTRY, format_checker=FormatChecker())
          for name in ("member.schema.json", "case.schema.json")}


def structurally_invalid(text: str, schema: str) -> bool:
    """True when the data as plain PyYAML reads it breaks the schema (or cannot be read at all)."""
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml, as Kooplab: the pure-Python scanner differs
        return not ORACLE[schema].is_valid(iso(data))
    except Exception:  # not YAML, not JSON-able (nan keys and the like): invalid anyway
        return True


# --- the project the examples are written into -------------------------------

@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("prop")
    for folder in ("data/vocab", "data/schema"):
        shutil.copytree(REPO / folder, root / folder)
    for folder in ("members", "cases", "logos"):
        (root / "data" / folder).mkdir()
    (root / "data/logos/x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>')
    for slug, name in (("hansa-flex", "Hansa-Flex AG"), ("deutsche-see", "Deutsche See GmbH")):
        (root / f"data/members/{slug}.yml").write_text(BASE_MEMBER.format(name=name), encoding="utf-8")
    return root


def check(root: Path, rel: str, content: str | bytes, schema: str | None = None, yaml_text: str = "",
          invalid: bool = False):
    """Write one record, load the catalog and check the invariants; returns the problems.

    With ``schema``, ``yaml_text`` (the YAML part of the file) is also checked by the oracle;
    ``invalid`` says the record is known to be invalid.
    """
    path = root / rel
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    path.write_bytes(content)
    try:
        catalog, problems = load_catalog(root)  # must not raise
    finally:
        path.unlink()
    slug = Path(rel).stem
    loaded = slug in (catalog.members if "/members/" in rel else catalog.cases)
    errors = [p for p in problems.errors if p.file == rel]
    n_lines = content.count(b"\n") + content.count(b"\r") + 1
    for p in problems:
        assert p.file == rel, p.text()  # the base members are valid: every problem is in the written file
        assert 1 <= p.line <= n_lines + 1 and p.col >= 1, (p.text(), n_lines)
        assert p.message and "Traceback" not in p.message
    if not loaded:
        assert errors, "a record was dropped without an error"
    if invalid or (schema and structurally_invalid(yaml_text, schema)):
        assert errors and not loaded, "an invalid record passed"
    return problems


def test_the_rich_records_are_valid(root):
    assert list(check(root, "data/members/x.yml", RICH_MEMBER, "member.schema.json", RICH_MEMBER)) == []
    (root / "data/members/x.yml").write_text(RICH_MEMBER, encoding="utf-8")
    try:
        problems = check(root, "data/cases/c.md", f"---\n{RICH_CASE_FRONT}---\n\nText.\n", "case.schema.json",
                         RICH_CASE_FRONT)
    finally:
        (root / "data/members/x.yml").unlink()
    assert list(problems) == []


@SETTINGS
@given(path=st.sampled_from(paths(MEMBER_DATA)), value=values)
def test_any_value_in_any_member_field(root, path, value):
    text = dump(replaced(MEMBER_DATA, path, value))
    check(root, "data/members/x.yml", text, "member.schema.json", text, invalid=non_finite(value))


@SETTINGS
@given(path=st.sampled_from(paths(CASE_DATA)), value=values)
def test_any_value_in_any_case_field(root, path, value):
    front = dump(replaced(CASE_DATA, path, value))
    check(root, "data/cases/c.md", f"---\n{front}---\n\nText.\n", "case.schema.json", front,
          invalid=non_finite(value))


@SETTINGS
@given(key=st.text(max_size=12), value=values)
def test_any_extra_field(root, key, value):
    data = dict(MEMBER_DATA)
    data[key] = value
    text = dump(data)
    check(root, "data/members/x.yml", text, "member.schema.json", text)


# YAML as editors type it, not as a dumper writes it: tags, anchors, odd scalars, deep nesting
SNIPPETS = st.sampled_from([
    "!!bool maybe", "!!int ''", "!!float x", "!!timestamp abc", "!!python/object:os.system {}", "!!binary aGk=",
    "!!set {a: null}", "!!omap [a: 1]", "!foo x", "!!str 12", "&a x", "*a", "*Wichtig* ist", "&Söhne GmbH",
    ".nan", "-.inf", "1e400", "2020-02-30", "2026-13-01", "2019-00", "0x1F", "0o17", "1_000", "190:20:30",
    "~", "null", "yes", "No", "on", "''", '""', "'unclosed", '"unclosed', "[unclosed", "{a: 1, a: 2}",
    "{a: 1", "[" * 40 + "]" * 40, "[" * 5000 + "]" * 5000, "- " * 50 + "x", "|\n  text", ">-\n  text",
    "a: b: c", "x # comment", "@at", "`tick", "% percent", "? key", "<<: {a: 1}", "\t tab", "ä\u2028ü", "\x85",
    "\ufeffbom", "\"\\x00\"", "\"\\uD800\"", "---", "...", "[a, [b, {c: d}]]",
])
raw_values = st.one_of(SNIPPETS, st.text(max_size=20), st.builds(lambda a, b: a + " " + b, SNIPPETS, SNIPPETS))


def with_raw(text: str, line: int, raw: str) -> str:
    """The value on one line replaced by ``raw`` (or ``raw`` added after a 'field:' line)."""
    lines = text.split("\n")
    head, sep, _ = lines[line].partition(": ")
    lines[line] = head + sep + raw if sep else lines[line] + " " + raw
    return "\n".join(lines)


@SETTINGS
@given(line=st.integers(0, RICH_MEMBER.count("\n") - 1), raw=raw_values)
def test_any_raw_yaml_in_any_member_line(root, line, raw):
    """The text after 'field:' on any line replaced by YAML as an editor might type it.

    The oracle is PyYAML's safe loader: what it cannot read, or reads as invalid, must be
    reported (Kooplab's reader may refuse more: duplicate keys, anchors, invisible characters).
    """
    text = with_raw(RICH_MEMBER, line, raw)
    check(root, "data/members/x.yml", text, "member.schema.json", text)


@SETTINGS
@given(line=st.integers(0, RICH_CASE_FRONT.count("\n") - 1), raw=raw_values)
def test_any_raw_yaml_in_any_case_line(root, line, raw):
    front = with_raw(RICH_CASE_FRONT, line, raw)
    check(root, "data/cases/c.md", f"---\n{front}---\n\nText.\n", "case.schema.json", front)


YAMLISH = st.text(alphabet=st.sampled_from(list(" \t\n\r:-,[]{}&*!|>'\"#%@`?\\.0123456789abcdexyzäß\ufeff\x00\x85")),
                  max_size=120)


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), YAMLISH))
def test_any_text_as_a_member_file(root, text):
    check(root, "data/members/x.yml", text)


@SETTINGS
@given(text=st.one_of(st.text(max_size=200), YAMLISH))
def test_any_text_as_case_front_matter(root, text):
    check(root, "data/cases/c.md", f"---\n{text}\n---\n\nText.\n")


@SETTINGS
@given(data=st.one_of(st.binary(max_size=200), st.binary(max_size=200).map(lambda b: b"---\n" + b)),
       rel=st.sampled_from(["data/members/x.yml", "data/cases/c.md"]))
def test_any_bytes_as_a_file(root, data, rel):
    check(root, rel, data)


def test_oracle_sanity():
    """The oracle itself tells valid from invalid."""
    assert not structurally_invalid(RICH_MEMBER, "member.schema.json")
    assert structurally_invalid(RICH_MEMBER.replace("member_since: 2017", "member_since: .nan"), "member.schema.json")
