"""Synthetic networks for the benchmark: realistic records in any number, from a fixed seed.

A synthetic project is a copy of the real one (configuration, templates, vocabularies,
schemas, bibliography) with generated records in place of the sample's, so that it
is built with exactly the project's own configuration.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from kooplab.load.checks import slugify
from kooplab.settings import read_mkdocs_config

# (city, state, postcode, lat, lon): real places across all states
CITIES = [
    ("Hannover", "DE-NI", "30159", 52.3759, 9.7320), ("Braunschweig", "DE-NI", "38100", 52.2689, 10.5268),
    ("Oldenburg", "DE-NI", "26122", 53.1435, 8.2146), ("Bremen", "DE-HB", "28195", 53.0793, 8.8017),
    ("Bremerhaven", "DE-HB", "27568", 53.5396, 8.5809), ("Hamburg", "DE-HH", "20095", 53.5511, 9.9937),
    ("Kiel", "DE-SH", "24103", 54.3233, 10.1228), ("Lübeck", "DE-SH", "23552", 53.8655, 10.6866),
    ("Rostock", "DE-MV", "18055", 54.0924, 12.0991), ("Schwerin", "DE-MV", "19053", 53.6355, 11.4012),
    ("Berlin", "DE-BE", "10115", 52.5200, 13.4050), ("Potsdam", "DE-BB", "14467", 52.3906, 13.0645),
    ("Cottbus", "DE-BB", "03046", 51.7563, 14.3329), ("Magdeburg", "DE-ST", "39104", 52.1205, 11.6276),
    ("Halle (Saale)", "DE-ST", "06108", 51.4969, 11.9688), ("Leipzig", "DE-SN", "04109", 51.3397, 12.3731),
    ("Dresden", "DE-SN", "01067", 51.0504, 13.7373), ("Chemnitz", "DE-SN", "09111", 50.8278, 12.9214),
    ("Jena", "DE-TH", "07743", 50.9271, 11.5892), ("Erfurt", "DE-TH", "99084", 50.9848, 11.0299),
    ("Frankfurt am Main", "DE-HE", "60311", 50.1109, 8.6821), ("Kassel", "DE-HE", "34117", 51.3127, 9.4797),
    ("Darmstadt", "DE-HE", "64283", 49.8728, 8.6512), ("Köln", "DE-NW", "50667", 50.9375, 6.9603),
    ("Düsseldorf", "DE-NW", "40213", 51.2277, 6.7735), ("Dortmund", "DE-NW", "44137", 51.5136, 7.4653),
    ("Essen", "DE-NW", "45127", 51.4556, 7.0116), ("Bochum", "DE-NW", "44787", 51.4818, 7.2162),
    ("Münster", "DE-NW", "48143", 51.9607, 7.6261), ("Bielefeld", "DE-NW", "33602", 52.0302, 8.5325),
    ("Mainz", "DE-RP", "55116", 49.9929, 8.2473), ("Trier", "DE-RP", "54290", 49.7499, 6.6371),
    ("Saarbrücken", "DE-SL", "66111", 49.2402, 6.9969), ("Stuttgart", "DE-BW", "70173", 48.7758, 9.1829),
    ("Freiburg im Breisgau", "DE-BW", "79098", 47.9990, 7.8421), ("Karlsruhe", "DE-BW", "76133", 49.0069, 8.4037),
    ("München", "DE-BY", "80331", 48.1351, 11.5820), ("Nürnberg", "DE-BY", "90402", 49.4521, 11.0767),
    ("Augsburg", "DE-BY", "86150", 48.3705, 10.8978), ("Regensburg", "DE-BY", "93047", 49.0134, 12.1016),
]

_PREFIX = ["Nord", "Süd", "Ost", "West", "Grün", "Stadt", "Land", "Fluss", "Berg", "Tal", "Rhein", "Elb",
           "Spree", "Main", "Weser", "Saale", "Ruhr", "Isar", "Neckar", "Havel"]
_STEM = ["werk", "bau", "technik", "logistik", "energie", "küche", "druck", "metall", "textil", "daten",
         "garten", "kontor", "haus", "laden", "hof", "brücke", "netz", "kreis", "forum", "stiftung"]
_SUFFIX = {"unternehmen": ["GmbH", "AG", "GmbH & Co. KG", "eG"], "verein": ["e.V."], "stiftung": ["Stiftung"],
           "initiative": ["Initiative"], "kommune": ["Stadtverwaltung"], "netzwerk": ["Netzwerk"],
           "bildungseinrichtung": ["Schule", "Hochschule"], "mittlerorganisation": ["Agentur"],
           "sozialunternehmen": ["gGmbH"]}
_WORDS = ("Nachhaltigkeit Umweltschutz Kooperation Ehrenamt Ausbildung Energieeffizienz Ressourcen Klimaschutz "
          "Nachbarschaft Bildung Beratung Wissen Erfahrung Austausch Projekt Region Betrieb Verein Initiative "
          "Partner Workshop Engagement Unterstützung Lebensmittel Material Logistik Schule Jugend Umwelt "
          "Mitarbeitende Beteiligung Verantwortung Gemeinwohl Zukunft Qualität Wirkung Netzwerk Stadt Quartier").split()
_VERBS = "unterstützt organisiert fördert verbessert begleitet entwickelt teilt stärkt plant vermittelt".split()
_SECTIONS = ("Ausgangslage", "Umsetzung", "Ergebnisse", "Erfahrungen")
# Kooperationsbörse: (category, titles) of offers and needs
_EXCHANGE = {
    "helfende-haende": ["Helfende Hände beim Aktionstag", "Team für eine Pflanzaktion", "Unterstützung beim Umzug",
                        "Mitarbeitende für einen Sozialtag"],
    "know-how": ["Energieberatung für Vereine", "Schulung zu Öffentlichkeitsarbeit", "IT-Unterstützung",
                 "Beratung zu Fördermitteln", "Workshop Kreislaufwirtschaft"],
    "sachmittel": ["Räume für Workshops", "Transporter für Sammelfahrten", "Geräte zum Ausleihen",
                   "Lebensmittel aus Überproduktion", "Büromöbel abzugeben"],
    "kontakte": ["Kontakte zu Schulen", "Referent:innen für Veranstaltungen", "Kontakte zur Verwaltung",
                 "Bühne für Initiativen"],
}


@dataclass(frozen=True)
class SyntheticNetwork:
    root: Path
    members: int
    cases: int
    events: int = 0


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words - 2)]
    chosen.insert(1, rng.choice(_VERBS))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 14))
        out.append(_sentence(rng, max(n, 4)))
        left -= n
    return " ".join(out)


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def copy_project(source: Path, target: Path) -> None:
    """The project's configuration, templates, hand-written pages and vocabularies, without records."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("content", "overrides", "hooks"):
        shutil.copytree(source / folder, target / folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    data = source / "data"
    for entry in data.iterdir():
        if entry.name in ("members", "cases", "events"):
            (target / "data" / entry.name).mkdir(parents=True, exist_ok=True)
        elif entry.is_dir():
            shutil.copytree(entry, target / "data" / entry.name, dirs_exist_ok=True)
        else:
            (target / "data").mkdir(parents=True, exist_ok=True)
            shutil.copy(entry, target / "data" / entry.name)


def generate(source: Path, target: Path, members: int, seed: int = 20261121) -> SyntheticNetwork:
    """Write a project with ``members`` members and ``members // 5`` case studies into ``target``."""
    rng = random.Random(seed)
    copy_project(source, target)
    vocab = {name: [e["id"] for e in yaml.safe_load((source / "data/vocab" / f"{name}.yml").read_text("utf-8"))]
             for name in ("kinds", "sectors", "networks", "formats")}
    references = _bib_keys(source / "data/references.bib")
    today = dt.date(2026, 11, 1)

    slugs: list[str] = []
    used: set[str] = set()
    for i in range(members):
        kind = rng.choice(vocab["kinds"])
        name = f"{rng.choice(_PREFIX)}{rng.choice(_STEM)} {rng.choice(_SUFFIX.get(kind, ['e.V.']))}"
        slug = slugify(name)
        if slug in used:
            name, slug = f"{name} {i}", f"{slug}-{i}"
        used.add(slug)
        slugs.append(slug)
        city, region, postcode, lat, lon = rng.choice(CITIES)
        goals = rng.sample(range(1, 18), rng.randint(1, 4))
        record = {
            "name": name,
            "kind": kind,
            "summary": _paragraph(rng, 22)[:290],
            "description": _paragraph(rng, 60) + "\n\n" + _paragraph(rng, 40) + "\n",
            "website": f"https://www.example.org/{slug}",
            "sector": rng.choice(vocab["sectors"]),
            "location": {"city": city, "region": region, "postcode": postcode,
                         "lat": round(lat + rng.uniform(-0.05, 0.05), 4),
                         "lon": round(lon + rng.uniform(-0.05, 0.05), 4)},
            "networks": rng.sample(vocab["networks"], rng.randint(0, 2)),
            "member_since": rng.randint(2005, 2026),
            "sdgs": [{"goal": g, "evidence": _sentence(rng, 12)} for g in goals],
            "contacts": [{"role": "Geschäftsstelle", "email": f"kontakt-{i}@example.org"}],
            "reviewed": (today - dt.timedelta(days=rng.randint(0, 300))).isoformat(),
        }
        if not record["networks"]:
            del record["networks"]
        if rng.random() < 0.5:  # about half the members take part in the Kooperationsbörse
            for side in ("offers", "needs"):
                entries = []
                for category in rng.sample(sorted(_EXCHANGE), rng.randint(0, 2)):
                    entry = {"category": category, "title": rng.choice(_EXCHANGE[category])}
                    if rng.random() < 0.6:
                        entry["description"] = _sentence(rng, 14)
                    if rng.random() < 0.5:
                        entry["sdgs"] = sorted(rng.sample(goals, 1))
                    if rng.random() < 0.3:
                        entry["until"] = (today + dt.timedelta(days=rng.randint(200, 700))).isoformat()
                    entries.append(entry)
                if entries:
                    record[side] = entries
            record["reviewed"] = record.pop("reviewed")  # keep 'reviewed' last, as in the templates
        (target / "data/members" / f"{slug}.yml").write_text(_dump(record), encoding="utf-8")

    n_cases = members // 5
    for i in range(n_cases):
        title = f"{rng.choice(_WORDS)} und {rng.choice(_WORDS)} in {rng.choice(CITIES)[0]}"
        slug = f"fall-{i:05d}-{slugify(title)}"[:60].rstrip("-")
        city, region = rng.choice(CITIES)[:2]
        started_year = rng.randint(2015, 2025)
        finished = rng.random() < 0.4
        cited = rng.sample(references, min(len(references), rng.randint(0, 2)))
        body = "\n\n".join(
            f"## {heading}\n\n{_paragraph(rng, 35)}" + (f" [@{cited[0]}]" if cited and heading == "Ausgangslage" else "")
            for heading in _SECTIONS)
        front = {
            "title": title,
            "summary": _paragraph(rng, 20)[:290],
            "partners": rng.sample(slugs, min(len(slugs), rng.randint(2, 4))),
            "formats": rng.sample(vocab["formats"], rng.randint(1, 2)),
            "sdgs": [{"goal": g, "evidence": _sentence(rng, 12)} for g in rng.sample(range(1, 18), rng.randint(1, 3))],
            "region": region,
            "city": city,
            "started": f"{started_year}-{rng.randint(1, 12):02d}",
            "status": "abgeschlossen" if finished else "laufend",
            "outcomes": [{"label": rng.choice(_WORDS), "value": rng.randint(1, 5000), "unit": "pro Jahr"}],
            "featured": rng.random() < 0.02,
            "published": (today - dt.timedelta(days=rng.randint(0, 500))).isoformat(),
            "reviewed": today.isoformat(),
        }
        if finished:
            front["ended"] = started_year + rng.randint(1, 2) if started_year < 2024 else 2026
        if len(cited) > 1:
            front["references"] = cited[1:]
        text = "---\n" + _dump(front) + "---\n\n" + body + "\n"
        (target / "data/cases" / f"{slug}.md").write_text(text, encoding="utf-8")

    n_events = events_for(members)
    kinds = [e["id"] for e in yaml.safe_load((source / "data/vocab/event-kinds.yml").read_text("utf-8"))]
    for i in range(n_events):
        kind = rng.choice(kinds)
        city, region = rng.choice(CITIES)[:2]
        # a third past, the others upcoming (the benchmark's build date is 2026-11-21)
        day = today + dt.timedelta(days=rng.randint(-200, -40) if i % 3 == 0 else rng.randint(30, 250))
        title = f"{rng.choice(_WORDS)} und {rng.choice(_WORDS)}: Treffen in {city}"
        organisers = rng.sample(slugs, min(len(slugs), rng.randint(1, 2)))
        if rng.random() < 0.3:
            organisers.append(rng.choice(vocab["networks"]))
        event: dict = {"title": title, "kind": kind}
        if rng.random() < 0.3:
            event.update(start=day.isoformat(), all_day=True)
        else:
            hour = rng.randint(9, 17)
            event.update(start=f"{day.isoformat()} {hour:02d}:00", end=f"{day.isoformat()} {hour + 2:02d}:00")
        event["location"] = {"online": True} if rng.random() < 0.2 else \
            {"venue": f"{rng.choice(_PREFIX)}{rng.choice(_STEM)}", "city": city, "region": region}
        event["organisers"] = organisers
        event["summary"] = _paragraph(rng, 18)[:290]
        event["description"] = _paragraph(rng, 40) + "\n"
        event["sdgs"] = [{"goal": g, "evidence": _sentence(rng, 10)} for g in rng.sample(range(1, 18), rng.randint(1, 2))]
        event["reviewed"] = (today - dt.timedelta(days=rng.randint(0, 100))).isoformat()
        (target / "data/events" / f"termin-{i:04d}-{slugify(city)}.yml").write_text(_dump(event), encoding="utf-8")
    return SyntheticNetwork(root=target, members=members, cases=n_cases, events=n_events)


def events_for(members: int) -> int:
    """A few events: 3 for a small network, one more per 200 members."""
    return 3 + members // 200


def reference_project(synthetic: SyntheticNetwork, target: Path) -> int:
    """Plain MkDocs + Material: one Markdown page per record with the same text, kept out of the nav."""
    source = synthetic.root
    config = read_mkdocs_config(source / "mkdocs.yml")
    config["theme"].pop("custom_dir", None)  # the same theme settings, without our templates
    for key in ("hooks", "watch", "extra_css", "extra_javascript", "edit_uri", "repo_url", "site_url"):
        config.pop(key, None)
    config.update(docs_dir="docs", nav=[{"Start": "index.md"}], validation={"nav": {"omitted_files": "ignore"}})
    config.get("extra", {}).pop("kooplab", None)
    docs = target / "docs"
    for folder in ("verzeichnis", "kooperationen"):
        (docs / folder).mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Referenz\n\nPlain pages of the same text.\n", encoding="utf-8")
    pages = 0
    for path in sorted((source / "data/members").glob("*.yml")):
        d = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        text = f"# {d['name']}\n\n{d['summary']}\n\n{d.get('description', '')}\n"
        text += "\n".join(f"- SDG {t['goal']}: {t['evidence']}" for t in d.get("sdgs", [])) + "\n"
        (docs / "verzeichnis" / f"{path.stem}.md").write_text(text, encoding="utf-8")
        pages += 1
    for path in sorted((source / "data/cases").glob("*.md")):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        d = yaml.load(front, Loader=yaml.CSafeLoader)
        (docs / "kooperationen" / path.name).write_text(f"# {d['title']}\n\n{d['summary']}\n\n{body}", encoding="utf-8")
        pages += 1
    for path in sorted((source / "data/events").glob("*.yml")):
        (docs / "termine").mkdir(parents=True, exist_ok=True)
        d = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        text = f"# {d['title']}\n\n{d['summary']}\n\n{d.get('description', '')}\n"
        (docs / "termine" / f"{path.stem}.md").write_text(text, encoding="utf-8")
        pages += 1
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pages


def _bib_keys(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return re.findall(r"^@[A-Za-z]+\{([^,\s]+),", path.read_text("utf-8"), flags=re.MULTILINE)
