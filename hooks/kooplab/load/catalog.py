"""The catalog: every record of a project, loaded, checked and cross-linked.

This is the one entry point that both ``kooplab validate`` and the MkDocs build
call, so the two can never disagree. All records are loaded and linked before
anything is rendered.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from kooplab.collation import sort_key
from kooplab.load.bibliography import Bibliography, load_bibliography
from kooplab.load.cases import load_case
from kooplab.load.checks import Checking
from kooplab.load.citing import CitingPage, collect_citations
from kooplab.load.events import load_event
from kooplab.load.members import load_member
from kooplab.load.remembered import context, keep, key, recall, remembering
from kooplab.load.schema import Schemas
from kooplab.load.source import read_front_matter, read_yaml
from kooplab.load.vocab import Vocabularies, load_vocabularies
from kooplab.parallel import in_shares, workers_for
from kooplab.problems import Problems
from kooplab.records import Case, Event, Member
from kooplab.settings import Settings, build_date
from kooplab.urls import RESERVED_SLUGS

PARALLEL_FROM = 3000  # records: from here on two processes read and check them (where there are two cores)


@dataclass
class Catalog:
    settings: Settings
    vocab: Vocabularies
    members: dict[str, Member] = field(default_factory=dict)  # by slug, sorted A–Z by name
    cases: dict[str, Case] = field(default_factory=dict)  # by slug, newest published first
    events: dict[str, Event] = field(default_factory=dict)  # by slug, in chronological order
    bibliography: Bibliography | None = None  # data/references.bib, if the project has one
    schemas: dict[str, dict] = field(default_factory=dict)  # data/schema/*.schema.json by file name (the form)
    form_labels: dict = field(default_factory=dict)  # data/schema/labels.de.yml: German words of the form
    templates: dict[str, str] = field(default_factory=dict)  # data/templates/ by file name: the editors' templates
    citing: list[CitingPage] = field(default_factory=list)  # pages that cite sources: cases, members, networks, docs

    def by_goal(self) -> tuple[dict[int, list[Member]], dict[int, list[Case]]]:
        """Per SDG, its members and its case studies (each in the catalog's order), in one pass over each."""
        found: tuple[dict[int, list], dict[int, list]] = ({}, {})
        for records, out in ((self.members.values(), found[0]), (self.cases.values(), found[1])):
            for record in records:
                for goal in dict.fromkeys(record.goals):
                    out.setdefault(goal, []).append(record)
        return found


def load_catalog(root: Path, settings: Settings | None = None) -> tuple[Catalog, Problems]:
    """Load and check all records under ``root``; problems are returned, never raised."""
    settings = settings or Settings()
    problems = Problems()
    data = root / settings.data_dir
    form_labels = _form_labels(root, settings.data_dir, problems)
    schemas = Schemas(data / "schema", form_labels)  # the labels give missing fields their German help
    today = build_date()
    vocab = load_vocabularies(root, settings.data_dir, schemas, problems, today)
    ctx = Checking(root=root, settings=settings, vocab=vocab)
    _check_folders(data, settings.data_dir, problems)

    member_files = sorted((data / "members").glob("*"))
    case_files = sorted((data / "cases").glob("*"))

    # the preview of `make serve` keeps what each file gave for the next build (kooplab.load.remembered)
    beside = context(root, settings.data_dir, settings, vocab, schemas.raw, form_labels, today) if remembering() else None

    rels = {path: f"{settings.data_dir}/{folder}/{path.name}"
            for folder, paths in (("members", member_files), ("cases", case_files)) for path in paths}
    keys = {path: key(path, beside) for path in rels} if beside is not None else {}

    def load_file(load, path: Path, rel: str, found: Problems, fresh: list):
        file_key = keys.get(path)
        known = recall(rel, file_key)
        if known is None:
            own = Problems()
            known = (guarded(load, path, rel, ctx, schemas, own, today), tuple(own.items))
            fresh.append((rel, file_key, *known))
        elif isinstance(known[0], Member):  # its case studies are given again by _link
            known = (copy.copy(known[0]), known[1])
            known[0].cases = []
        found.extend(known[1])
        return known[0]

    def load_share(share: int, shares: int) -> tuple[list[Member], list[Case], Problems, list]:
        """Every ``shares``-th member and case file, from the ``share``-th on (and what to remember of them)."""
        found = Problems()
        fresh: list = []
        members: list[Member] = []
        for path in member_files[share::shares]:
            rel = rels[path]
            if _skip(root, path, ".yml", rel, found):
                continue
            member = load_file(load_member, path, rel, found, fresh)
            if member is not None:
                members.append(member)
        cases: list[Case] = []
        for path in case_files[share::shares]:
            rel = rels[path]
            if _skip(root, path, ".md", rel, found):
                continue
            case = load_file(load_case, path, rel, found, fresh)
            if case is not None:
                cases.append(case)
        return members, cases, found, fresh

    # large networks: half the files are read and checked in a second process (kooplab.parallel); in the preview
    # only the files it does not remember count (forking to look up remembered ones costs more than it saves)
    todo = len(rels) - sum(recall(rels[path], file_key) is not None for path, file_key in keys.items())
    shares = workers_for(todo, PARALLEL_FROM)
    members: list[Member] = []
    cases: list[Case] = []
    for share_members, share_cases, found, fresh in in_shares(lambda share: load_share(share, shares), shares):
        members += share_members
        cases += share_cases
        problems.extend(found.items)
        for rel, file_key, record, items in fresh:
            keep(rel, file_key, record, items)

    catalog = Catalog(settings=settings, vocab=vocab, schemas=schemas.raw,
                      form_labels=form_labels,
                      templates={p.name: p.read_text(encoding="utf-8")
                                 for p in sorted((data / "templates").glob("*")) if p.is_file()})
    catalog.members = {m.slug: m for m in sorted(members, key=lambda m: (sort_key(m.name), m.slug))}
    catalog.cases = {c.slug: c for c in sorted(cases, key=lambda c: (-c.published.toordinal(), sort_key(c.title)))}
    _check_slugs(root, catalog, problems)
    # a partner whose own file has errors is not reported again as missing
    _link(root, catalog, {p.stem for p in member_files}, problems)
    _check_models(root, catalog, {p.stem for p in case_files}, problems)
    catalog.events = _load_events(root, data, ctx, schemas, problems, today)
    _check_organisers(root, catalog, {p.stem for p in member_files}, problems)
    catalog.bibliography = load_bibliography(root, settings.data_dir, settings.bibliography_style, problems,
                                             settings.download_max_kb)
    catalog.citing = collect_citations(root, settings.data_dir, settings.docs_dir, catalog.cases.values(),
                                       catalog.bibliography, problems, members=catalog.members.values(),
                                       networks=list(catalog.vocab.networks))
    return catalog, problems


def _form_labels(root: Path, data_dir: str, problems: Problems) -> dict:
    """The German labels and help texts of the entry form (optional: without them fields show their names)."""
    rel = f"{data_dir}/schema/labels.de.yml"
    if not (root / rel).is_file():
        return {}
    doc = read_yaml(root / rel, rel, problems)
    if doc is None:
        return {}
    if not isinstance(doc.data, dict) or not all(isinstance(v, dict) and isinstance(v.get("fields", {}), dict)
                                                  for v in doc.data.values()):
        problems.error(rel, (1, 1), "", "expected 'member:', 'case:' and 'event:', each with 'title' and 'fields'")
        return {}
    return doc.data


INTERNAL_ERROR = "internal error while reading this file, please report it"


def guarded(load, path: Path, rel: str, ctx: Checking, schemas: Schemas, problems: Problems, today):
    """``load(…)`` of one record file, with any exception it did not expect turned into a problem of that file:
    the editor sees which file, every other file is still checked, and the build stops cleanly."""
    try:
        return load(path, rel, ctx, schemas, problems, today)
    except Exception as exc:  # noqa: BLE001 - the last resort: a bug must not hide the other files' problems
        problems.error(rel, (1, 1), "", INTERNAL_ERROR,
                       f"{type(exc).__name__}: {exc}; the maintainers of Kooplab need the file to fix it")
        return None


def _skip(root: Path, path: Path, suffix: str, rel: str, problems: Problems) -> bool:
    """Files that are not records: hidden files are ignored, others are reported (nothing is left out silently)."""
    if path.name.startswith("."):
        return True
    folder = rel.rsplit("/", 1)[0]  # data/members
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        problems.error(rel, (1, 1), "", "the file is a link to a file outside the repository, which is not read",
                       f"put the file itself into {folder}/")
        return True
    if path.is_dir():
        problems.error(f"{rel}/", (1, 1), "", f"records in a subfolder of {folder}/ are not read",
                       f"move the files of {path.name}/ into {folder}/ itself")
        return True
    if path.suffix != suffix:
        problems.error(rel, (1, 1), "", f"unexpected file: records in this folder end in '{suffix}'",
                       f"rename it to {path.stem}{suffix} or move it out of {folder}/")
        return True
    return False


# The folders of data/ the build reads; a folder with a similar name is a typo
DATA_FOLDERS = ("members", "cases", "events", "logos", "vocab", "schema", "templates", "geo")


def _check_folders(data: Path, data_dir: str, problems: Problems) -> None:
    """A misspelled folder (data/member/) would be skipped without a word: say so where records could be."""
    for path in sorted(data.iterdir()) if data.is_dir() else ():
        if not path.is_dir() or path.name.startswith(".") or path.name in DATA_FOLDERS:
            continue
        close = difflib.get_close_matches(path.name.lower(), DATA_FOLDERS, n=1, cutoff=0.7)
        if close:
            problems.error(f"{data_dir}/{path.name}/", (1, 1), "", f"the folder '{path.name}' is not read",
                           f"did you mean '{close[0]}'? rename the folder to {data_dir}/{close[0]}/")
        elif any(p.suffix in (".yml", ".yaml", ".md") for p in path.rglob("*")):
            problems.warning(f"{data_dir}/{path.name}/", (1, 1), "", f"the folder '{path.name}' is not read",
                             f"records go into {data_dir}/members/, {data_dir}/cases/ or {data_dir}/events/")


def _check_slugs(root: Path, catalog: Catalog, problems: Problems) -> None:
    """Two records may never claim one address (slugs and aliases share one namespace)."""
    owners: dict[str, str] = {}
    records = [*catalog.members.values(), *catalog.cases.values()]
    for record in records:
        owners.setdefault(record.slug, record.source.path)
    for record in records:
        other = owners[record.slug]
        if other != record.source.path:
            problems.error(record.source.path, (1, 1), "", f"slug '{record.slug}' is already used by {other}",
                           "rename one of the two files")
    for record in records:
        for i, alias in enumerate(record.aliases):
            where = (record.source.path, _pos(root, record.source.path, ("aliases", i)), f"aliases[{i}]")
            if alias == record.slug:
                problems.error(*where, f"alias '{alias}' is this record's own address",
                               "an alias is a former file name; remove the entry")
                continue
            if alias in RESERVED_SLUGS:
                problems.error(*where, f"alias '{alias}' is reserved for a page of the site",
                               "an alias is a former file name; remove the entry")
                continue
            if alias in owners and owners[alias] != record.source.path:
                problems.error(*where, f"alias '{alias}' is the address of {owners[alias]}",
                               "an alias may only name an address that no other record uses")
            owners.setdefault(alias, record.source.path)


def _check_models(root: Path, catalog: Catalog, case_files: set[str], problems: Problems) -> None:
    """``modelled_on`` names other case studies: they must exist (a file with errors is not reported again)."""
    for case in catalog.cases.values():
        for i, slug in enumerate(case.modelled_on):
            if slug == case.slug:
                problems.error(case.source.path, _pos(root, case.source.path, ("modelled_on", i)),
                               f"modelled_on[{i}]", "a case study cannot be its own model", "remove the entry")
            elif slug not in catalog.cases and slug not in case_files:
                close = difflib.get_close_matches(slug, list(catalog.cases), n=1, cutoff=0.6)
                problems.error(case.source.path, _pos(root, case.source.path, ("modelled_on", i)),
                               f"modelled_on[{i}]", f"there is no case study '{slug}'",
                               f"did you mean '{close[0]}'?" if close else
                               "give the file name of a case study in data/cases/ without .md")


def _link(root: Path, catalog: Catalog, member_files: set[str], problems: Problems) -> None:
    """Resolve member partners of case studies; give each member its cases."""
    for case in catalog.cases.values():
        for i, partner in enumerate(case.partners):
            if not partner.is_member:
                continue
            member = catalog.members.get(partner.slug)
            if member is None and partner.slug in member_files:
                continue
            if member is None:
                problems.error(case.source.path, _pos(root, case.source.path, ("partners", i)),
                               f"partners[{i}]", f"'{partner.slug}' is not a member",
                               _partner_hint(partner.slug, catalog))
                continue
            member.cases.append(case)


def _partner_hint(slug: str, catalog: Catalog) -> str:
    close = difflib.get_close_matches(slug, list(catalog.members), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use the file name of a member in data/members/ (without .yml), or {name: …, website: …} " \
           "for a partner that is not a member"


def _pos(root: Path, rel: str, path: tuple) -> tuple[int, int]:
    """Re-read a file to locate a field (only needed for the rare cross-record problem)."""
    scratch = Problems()
    reader = read_front_matter if rel.endswith(".md") else read_yaml
    doc = reader(root / rel, rel, scratch)
    return doc.pos(path) if doc else (1, 1)


def _load_events(root: Path, data: Path, ctx: Checking, schemas: Schemas, problems: Problems, today) -> dict[str, Event]:
    """data/events/<slug>.yml (the folder is optional), in chronological order."""
    events: list[Event] = []
    for path in sorted((data / "events").glob("*")):
        rel = f"{ctx.settings.data_dir}/events/{path.name}"
        if _skip(root, path, ".yml", rel, problems):
            continue
        event = guarded(load_event, path, rel, ctx, schemas, problems, today)
        if event is not None:
            events.append(event)
    return {e.slug: e for e in sorted(events, key=lambda e: e.sort_key)}


def _check_organisers(root: Path, catalog: Catalog, member_files: set[str], problems: Problems) -> None:
    """Each organiser of an event is a member (slug) or a network (id); a member whose own file
    has errors is not reported again."""
    for event in catalog.events.values():
        for i, organiser in enumerate(event.organisers):
            if organiser in catalog.members or organiser in catalog.vocab.networks or organiser in member_files:
                continue
            close = difflib.get_close_matches(organiser, [*catalog.members, *catalog.vocab.networks.ids()],
                                              n=1, cutoff=0.6)
            problems.error(event.source.path, _pos(root, event.source.path, ("organisers", i)), f"organisers[{i}]",
                           f"'{organiser}' is neither a member nor a network",
                           f"did you mean '{close[0]}'?" if close else
                           "use the file name of a member in data/members/ (without .yml) "
                           "or the id of a network in data/vocab/networks.yml")
