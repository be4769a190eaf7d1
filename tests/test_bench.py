"""The benchmark harness and what issue 8 ("Scale") changed, tested for behaviour, never for time.

- ``kooplab.commands.synthetic``: the generated network validates without errors and has the promised shape.
- ``kooplab bench`` runs on a small N and writes a table with every promised row.

The scale features are tested beside their modules: lists split into pages (test_lists.py), the map
aggregated per city (test_geo.py), the fast structure check (test_schema.py), the fast YAML path
(test_yaml_reader.py) and the second process and dirty builds (test_kooplab_mkdocs.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


from kooplab.settings import build_date
from kooplab.commands.synthetic import events_for, generate

REPO = Path(__file__).resolve().parent.parent


# --- the generator ---------------------------------------------------------------------------------

def test_synthetic_network_validates_without_errors(synthetic60):
    net, catalog, problems = synthetic60
    assert [p.text() for p in problems.errors] == []
    assert (len(catalog.members), len(catalog.cases), len(catalog.events)) == (60, 12, events_for(60))
    assert (net.members, net.cases, net.events) == (60, 12, events_for(60))


def test_synthetic_records_have_the_promised_shape(synthetic60):
    _, catalog, _ = synthetic60
    members = list(catalog.members.values())
    for m in members:
        assert 80 <= len(m.description.split()) <= 120, m.slug  # about 100 words
        assert 1 <= len(m.sdgs) <= 4 and all(t.evidence for t in m.sdgs)
        assert 0 <= len(m.networks) <= 2
        assert m.location.has_coordinates
    trading = [m for m in members if m.offers or m.needs]
    assert 0.3 * len(members) <= len(trading) <= 0.7 * len(members)  # about half
    assert any(m.offers for m in members) and any(m.needs for m in members)
    for c in catalog.cases.values():
        assert c.outcomes and len(c.member_slugs) >= 2
    assert any("[@" in c.body for c in catalog.cases.values())  # citations
    today = build_date()
    upcoming = [e for e in catalog.events.values() if e.upcoming(today)]
    assert 0 < len(upcoming) < len(catalog.events)  # past and upcoming events


def test_the_generator_is_deterministic(tmp_path):
    a, b = generate(REPO, tmp_path / "a", 12), generate(REPO, tmp_path / "b", 12)
    for folder in ("members", "cases", "events"):
        files_a = sorted(p.name for p in (a.root / "data" / folder).iterdir())
        assert files_a == sorted(p.name for p in (b.root / "data" / folder).iterdir())
        for name in files_a:
            assert (a.root / "data" / folder / name).read_bytes() == (b.root / "data" / folder / name).read_bytes()


# --- kooplab bench ---------------------------------------------------------------------------------

ROWS = ["`kooplab validate`: wall time", "`kooplab validate`: peak memory", "build (`mkdocs build --strict`): wall time",
        "build: peak memory", "build with ProperDocs", "first build on a machine",
        "reference build (plain MkDocs + Material, same pages): wall time",
        "reference build: peak memory", "**ours / reference**", "largest record page",
        "largest page of any kind (lists included), raw / gzip", "directory page, raw / gzip",
        "filter index (`verzeichnis/filter.json`), raw / gzip", "search index (Pagefind", "search index on disk",
        "**first query transfers**", "second query transfers", "view for other websites, all members",
        "the same, members of one state", "whole site"]


def test_bench_runs_on_a_small_network_and_writes_every_row(tmp_path):
    out = tmp_path / "B.md"
    result = subprocess.run([sys.executable, "-m", "kooplab.commands.cli", "--root", str(REPO), "bench", "--sizes", "40",
                             "--no-serve", "--out", str(out), "--work", str(tmp_path / "work")],
                            capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = out.read_text("utf-8")
    assert text.startswith("# Benchmarks")
    assert re.search(r"\d+ cores, \d+ GiB memory", text)
    for row in ROWS:
        line = next((l for l in text.splitlines() if l.startswith(f"| {row}")), None)
        assert line is not None, row
        assert "–" not in line.split("|")[2], line  # a value for N = 40
    # the site it built has its full-text search index
    site = tmp_path / "work" / "n40" / "site"
    assert (site / "pagefind" / "pagefind.js").is_file() and not (site / "search" / "search_index.json").exists()


