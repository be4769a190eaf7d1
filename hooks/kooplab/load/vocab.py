"""Vocabularies: the lists of kinds, sectors, regions, networks, formats, SDGs, exchange categories and event kinds.

They are data (data/vocab/*.yml), so a network that adopts Kooplab changes its
vocabularies without touching code.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, Iterator, TypeVar

from kooplab.load.contacts import check_contacts, contacts_of
from kooplab.load.links import check_markdown
from kooplab.load.schema import Schemas
from kooplab.load.source import read_yaml
from kooplab.load.web import check_url
from kooplab.problems import Problems
from kooplab.records import Goal, Network, Region, Term
from kooplab.settings import build_date

T = TypeVar("T")


@dataclass
class Vocabulary(Generic[T]):
    """The entries of one vocabulary file, in file order, looked up by id."""

    name: str  # file name, e.g. kinds.yml
    what: str = "known"  # what an entry is, for messages: "'firma' is not a kind of organisation"
    entries: dict = field(default_factory=dict)
    complete: bool = True  # False when the file had an error: records' unknown ids are follow-on errors then

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __getitem__(self, key) -> T:
        return self.entries[key]

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key, default=None):
        return self.entries.get(key, default)

    def ids(self) -> list:
        return list(self.entries)

    def suggest(self, value: object) -> str:
        """A hint for an unknown id: the closest one, else the whole list."""
        ids = [str(i) for i in self.entries]
        close = difflib.get_close_matches(str(value), ids, n=1, cutoff=0.7)
        if close:
            return f"did you mean '{close[0]}'? (see data/vocab/{self.name})"
        shown = ", ".join(ids[:20]) + (", …" if len(ids) > 20 else "")
        return f"expected one of {shown} (data/vocab/{self.name})"


@dataclass
class Vocabularies:
    kinds: Vocabulary[Term]
    sectors: Vocabulary[Term]
    regions: Vocabulary[Region]
    networks: Vocabulary[Network]
    formats: Vocabulary[Term]
    sdgs: Vocabulary[Goal]
    exchange: Vocabulary[Term]  # categories of offers and needs (Kooperationsbörse)
    event_kinds: Vocabulary[Term]  # kinds of events (Termine), file event-kinds.yml

    @property
    def region_word(self) -> str:
        """What the lists call a region: the German states alone are Bundesländer; with places abroad, more."""
        return "Land oder Region" if any(r.abroad for r in self.regions) else "Bundesland"


def _term(d: dict) -> Term:
    return Term(id=d["id"], label=d["label"], label_en=d.get("label_en", ""),
                description=d.get("description", ""), group=d.get("group", ""))


def _region(d: dict) -> Region:
    return Region(id=d["id"], label=d["label"], slug=d["slug"], label_en=d.get("label_en", ""),
                  contacts=contacts_of(d.get("contacts")))


def _network(d: dict) -> Network:
    return Network(id=d["id"], label=d["label"], description=d["description"],
                   label_en=d.get("label_en", ""), website=d.get("website", ""), region=d.get("region", ""),
                   contacts=contacts_of(d.get("contacts")))


def _goal(d: dict) -> Goal:
    return Goal(number=d["id"], label=d["label"], color=d["color"].upper(), slug=d["slug"],
                label_en=d.get("label_en", ""), description=d.get("description", ""), in_practice=d.get("in_practice", ""))


# file name -> (schema definition, constructor, what an entry is); regions load before networks,
# which refer to them
_FILES: dict[str, tuple[str, Callable[[dict], object], str]] = {
    "kinds": ("term", _term, "a kind of organisation"),
    "sectors": ("term", _term, "a sector"),
    "regions": ("region", _region, "a German state"),
    "networks": ("network", _network, "a network"),
    "formats": ("term", _term, "a format"),
    "sdgs": ("goal", _goal, "an SDG"),
    "exchange": ("term", _term, "a category of the Kooperationsbörse"),
    "event_kinds": ("term", _term, "a kind of event"),  # the file is event-kinds.yml
}


def load_vocabularies(root: Path, data_dir: str, schemas: Schemas, problems: Problems,
                      today: dt.date | None = None) -> Vocabularies:
    today = today or build_date()
    loaded: dict[str, Vocabulary] = {}
    for name, (definition, build, what) in _FILES.items():
        file = name.replace("_", "-")  # event_kinds -> event-kinds.yml
        rel = f"{data_dir}/vocab/{file}.yml"
        vocab: Vocabulary = Vocabulary(name=f"{file}.yml", what=what)
        loaded[name] = vocab
        path = root / rel
        vocab.complete = False  # until every entry has loaded
        if not path.is_file():
            problems.error(rel, (1, 1), "", "vocabulary file is missing", "every project needs this file")
            continue
        doc = read_yaml(path, rel, problems)
        if doc is None:
            continue
        if not isinstance(doc.data, list):
            problems.error(rel, (1, 1), "", "a vocabulary is a list of entries ('- id: …')",
                           "start every entry with '- id: …', as in the other files in data/vocab/")
            continue
        errors = problems.error_count
        for i, entry in enumerate(doc.data):
            if not schemas.check(doc, "vocab.schema.json", problems, pointer=f"/$defs/{definition}",
                                 data=entry, base=(i,)):
                continue
            if entry.get("website") and not check_url(doc, (i, "website"), entry["website"], problems):
                continue
            if name == "networks" and not check_markdown(doc, (i, "description"), entry["description"], problems):
                continue
            # a contact's problem leaves the entry in place: records that name it are not wrong
            check_contacts(doc, (i, "contacts"), entry.get("contacts"), today, problems)
            key = entry["id"]
            if key in vocab.entries:
                problems.error(rel, doc.pos((i, "id")), f"[{i}].id", f"id '{key}' is listed twice")
                continue
            if name == "networks" and entry.get("region") and entry["region"] not in loaded["regions"]:
                if not loaded["regions"].complete:
                    continue
                problems.error(rel, doc.pos((i, "region")), f"[{i}].region",
                               f"'{entry['region']}' is not {loaded['regions'].what}", loaded["regions"].suggest(entry["region"]))
                continue
            vocab.entries[key] = build(entry)
        vocab.complete = problems.error_count == errors
    return Vocabularies(**loaded)
