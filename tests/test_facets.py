"""The filter indexes (kooplab.pages.facets): what they hold, how they count, and how big they get.

The browser side (kooplab-filter.js reading these files) is tested in tests/test_browser.py.
"""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json
import random
import re
from pathlib import Path

import pytest

from kooplab import urls
from kooplab.load.catalog import Catalog, load_catalog
from kooplab.pages.facets import (DIRECTORY_KEYS, LAB_KEYS, SUMMARY_WORDS, Filters, directory_filters, filter_files,
                            fold, lab_filters, search_text)
from kooplab.pages.build import build_pages
from kooplab.settings import settings_from_mkdocs

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog, problems = load_catalog(REPO, settings_from_mkdocs(REPO / "mkdocs.yml"))
    assert not problems.errors
    return catalog


def decode(filters: Filters) -> tuple[dict, dict[str, dict[str, set[str]]]]:
    """The JSON index, and per slug the facet values it names (as option ids)."""
    data = json.loads(filters.to_json())
    records = {}
    for i, text in enumerate(data["text"]):
        slug = text.split(" ", 1)[0]
        values = {}
        for f, facet in enumerate(data["facets"]):
            cell = data["values"][f][i]
            values[facet["key"]] = {facet["options"][j][0] for j in ([cell] if isinstance(cell, int) else cell)}
        records[slug] = values
    return data, records


def test_directory_index_holds_every_member_with_its_values(catalog):
    data, records = decode(directory_filters(catalog))
    assert data["v"] == 1
    assert [f["key"] for f in data["facets"]] == list(DIRECTORY_KEYS)
    assert list(records) == list(catalog.members)  # index order = catalog order
    for m in catalog.members.values():
        assert records[m.slug] == {"kind": {m.kind}, "region": {m.location.region}, "network": set(m.networks),
                                   "sector": {m.sector} if m.sector else set(), "sdg": {str(g) for g in m.goals}}


def test_lab_index_holds_every_case_with_its_values(catalog):
    data, records = decode(lab_filters(catalog))
    assert [f["key"] for f in data["facets"]] == list(LAB_KEYS)
    assert list(records) == list(catalog.cases)
    for c in catalog.cases.values():
        networks = {n for slug in c.member_slugs for n in catalog.members[slug].networks}
        assert records[c.slug] == {"format": set(c.formats), "sdg": {str(g) for g in c.goals},
                                   "region": {c.region}, "network": networks, "status": {c.status}}
    assert any(records[c]["network"] for c in records)  # the sample's partners are in networks


def test_options_are_the_values_in_use_in_vocabulary_order_with_their_counts(catalog):
    filters = directory_filters(catalog)
    members = list(catalog.members.values())
    region = next(f for f in filters.facets if f.key == "region")
    in_use = [r for r in catalog.vocab.regions if any(m.location.region == r.id for m in members)]
    assert [(o.id, o.label) for o in region.options] == [(r.id, r.label) for r in in_use]
    assert [o.count for o in region.options] == [sum(m.location.region == r.id for m in members) for r in in_use]
    sdg = next(f for f in filters.facets if f.key == "sdg")
    assert [o.id for o in sdg.options] == sorted({str(g) for m in members for g in m.goals}, key=int)
    assert all(o.label.startswith(f"{o.id} – ") for o in sdg.options)
    assert all(o.count > 0 for f in filters.facets for o in f.options)


def test_search_text_is_folded_without_stop_words_and_keeps_names_whole():
    text = search_text("Börde Antriebstechnik GmbH", "Magdeburg",
                       "Die Börde-Werke und das Straßenfest für alle: Getriebe, Antriebe, Zahnräder, Lager, "
                       "Wellen, Kupplungen und noch viel mehr.")
    words = text.split()
    assert words[:4] == ["borde", "antriebstechnik", "gmbh", "magdeburg"]
    assert "die" not in words and "und" not in words and "fur" not in words
    assert "strassenfest" in words  # ß -> ss, like the reader's query (kooplab-filter.js)
    assert len(words) == 4 + SUMMARY_WORDS  # the summary adds at most SUMMARY_WORDS words
    assert fold("Übersee STRASSE Ærø") == "ubersee strasse ærø"


def test_each_search_text_starts_with_the_slug_and_does_not_repeat_it(catalog):
    data = json.loads(directory_filters(catalog).to_json())
    for m, text in zip(catalog.members.values(), data["text"]):
        first, *rest = text.split()
        assert first == m.slug
        assert not set(rest) & set(m.slug.split("-"))
        assert fold(m.location.city).split()[0] in text


def test_the_build_writes_one_index_per_list(catalog):
    files = dict(filter_files(page.view for page in build_pages(catalog)))
    assert {f"{urls.DIRECTORY}filter.json", f"{urls.LAB}filter.json"} <= set(files)
    assert files[f"{urls.DIRECTORY}filter.json"] == directory_filters(catalog).to_json()


def test_directory_index_stays_under_400_kb_gzip_at_10000_members(catalog):
    """10,000 members made from the sample: names, places and summaries drawn from a vocabulary of the
    sample's own words and 20,000 German-like compounds (rare words are what makes an index big)."""
    rng = random.Random(6)
    corpus = " ".join(f"{m.name} {m.summary} {m.description}" for m in catalog.members.values()) + " " + \
        " ".join(f"{c.title} {c.summary} {c.body}" for c in catalog.cases.values())
    words = sorted({w for w in re.findall(r"[a-zäöüß]{4,}", corpus.lower())})
    vocab = list(words)
    while len(vocab) < len(words) + 20_000:
        vocab.append(rng.choice(words) + rng.choice(words))
    weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(vocab))))  # Zipf: most words are rare
    cities = [rng.choice(words).capitalize() + rng.choice(["", "", "burg", "hausen", "stadt", "dorf"])
              for _ in range(2000)]
    forms = ["GmbH", "e. V.", "AG", "Stiftung", "gGmbH", "", "", "KG"]
    samples = list(catalog.members.values())
    members = {}
    for i in range(10_000):
        m = samples[i % len(samples)]
        name = " ".join(w.capitalize() for w in rng.choices(vocab, cum_weights=weights, k=rng.randint(1, 3))) + " " + rng.choice(forms)
        slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:50] + f"-{i}"
        summary = " ".join(rng.choices(vocab, cum_weights=weights, k=rng.randint(15, 35)))[:300]
        members[slug] = dataclasses.replace(
            m, slug=slug, name=name, summary=summary,
            location=dataclasses.replace(m.location, city=rng.choice(cities)),
            networks=tuple(rng.sample([n.id for n in catalog.vocab.networks], rng.choice([0, 1, 1, 2]))),
            sdgs=tuple(rng.sample(m.sdgs, len(m.sdgs))))
    big = dataclasses.replace(catalog, members=members)
    index = directory_filters(big).to_json().encode()
    size = len(gzip.compress(index, 9))
    print(f"directory index for 10,000 members: {len(index) // 1000} KB, {size // 1000} KB gzip")
    assert size <= 400_000, f"{size / 1000:.0f} KB gzip for 10,000 members"
