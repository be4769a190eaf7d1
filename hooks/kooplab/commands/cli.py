"""The ``kooplab`` command: a thin layer over the core that turns results into exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kooplab import problems as problem_format
from kooplab.commands import publish
from kooplab.commands.report import editorial_report, report_lines
from kooplab.commands.scaffold import KINDS, ScaffoldError, new_record
from kooplab.load.catalog import load_catalog
from kooplab.problems_de import LANGUAGES, language
from kooplab.settings import Settings, build_date, settings_from_mkdocs


def _settings(root: Path, config: str) -> Settings:
    config_file = root / config
    return settings_from_mkdocs(config_file) if config_file.is_file() else Settings()


def cmd_validate(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    catalog, problems = load_catalog(root, _settings(root, args.config_file))
    out = problem_format.render(problems, args.format, args.lang)
    if out:
        print(out)
    if args.format == "text" and not problems.errors:
        members, cases = len(catalog.members), len(catalog.cases)
        print(f"{members} Mitglieder, {cases} Fallbeispiele: keine Fehler" if args.lang == "de" else
              f"{members} members, {cases} case studies: no errors", file=sys.stderr)
    return 1 if problems.errors else 0


def _checked_catalog(args: argparse.Namespace):
    """The project's catalog, or None after printing its errors (commands that need valid data)."""
    root = Path(args.root).resolve()
    catalog, problems = load_catalog(root, _settings(root, args.config_file))
    if problems.errors:
        print(problem_format.render(problems, "text", args.lang))
        return None
    return catalog


def cmd_report(args: argparse.Namespace) -> int:
    catalog = _checked_catalog(args)
    if catalog is None:
        return 1
    report = editorial_report(catalog, build_date())
    if args.format == "json":
        print(json.dumps({
            "threshold": report.threshold.isoformat(),
            "stale": [{"file": r.source.path, "reviewed": r.reviewed.isoformat()} for r in report.stale],
            "without_cases": [m.source.path for m in report.without_cases],
            "without_sdgs": [m.source.path for m in report.without_sdgs],
        }, indent=2))
    else:
        print("\n".join(report_lines(report, catalog.settings.review_months)))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    config_file = Path(args.root) / args.config_file
    if not config_file.is_file():
        print(f"kooplab build: {config_file} not found", file=sys.stderr)
        return 2
    try:
        target = publish.build(config_file, args.site_dir, engine=args.engine)
    except publish.PublishError as exc:
        print(f"kooplab build: {exc}", file=sys.stderr)
        return 1
    print(f"kooplab build: the site is in {target}", file=sys.stderr)
    return 0


def cmd_materialize(args: argparse.Namespace) -> int:
    from kooplab.materialize.tree import MaterializeError, materialize

    config_file = Path(args.root) / args.config_file
    if not config_file.is_file():
        print(f"kooplab materialize: {config_file} not found", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else config_file.parent / "materialized"
    try:
        tree = materialize(config_file, out)
    except MaterializeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"kooplab materialize: {tree.pages} pages, {tree.documents} documents and {tree.files} other files in "
          f"{tree.root}; build it with: cd {tree.root} && zensical build", file=sys.stderr)
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    from kooplab.commands.linkcheck import check_site

    if args.site_dir is not None:
        site = Path(args.site_dir)
    else:
        config_file = Path(args.root) / args.config_file
        site = publish.target_dir(config_file) if config_file.is_file() else Path(args.root) / "site"
    if not site.is_dir():
        print(f"kooplab linkcheck: {site} is not a folder: build the site first (kooplab build)", file=sys.stderr)
        return 2
    report = check_site(site, args.base_path)
    for broken in report.broken:
        print(broken.text())
    summary = f"{report.pages} pages, {report.references} references"
    if report.broken:
        print(f"kooplab linkcheck: {len(report.broken)} broken of {summary}", file=sys.stderr)
        if args.base_path.strip("/") == "" and any(b.link.startswith("/") for b in report.broken):
            print("kooplab linkcheck: addresses starting with / are read from the site root; "
                  "for a site served under a sub-path pass --base-path /prefix/", file=sys.stderr)
        return 1
    print(f"kooplab linkcheck: {summary}: no broken links", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    try:
        path = new_record(root, _settings(root, args.config_file), args.kind, args.title)
    except ScaffoldError as exc:
        print(f"kooplab new: {exc}", file=sys.stderr)
        return 1
    print(path.relative_to(root))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kooplab.commands import importing  # reads spreadsheets only when asked for

    root = Path(args.root).resolve()
    return importing.run(args, _settings(root, args.config_file))


def cmd_schemas(args: argparse.Namespace) -> int:
    """data/schema/editor/: the record schemas with the vocabularies' values, for editors' tools."""
    from kooplab.exports.schemas import EDITOR_DIR, editor_schemas

    root = Path(args.root).resolve()
    catalog = _checked_catalog(args)
    if catalog is None:
        return 1
    folder = root / catalog.settings.data_dir / "schema" / EDITOR_DIR
    stale = []
    for name, data in editor_schemas(catalog.schemas, catalog.form_labels, catalog.vocab).items():
        path = folder / name
        if path.is_file() and path.read_bytes() == data:
            continue
        stale.append(path.relative_to(root).as_posix())
        if not args.check:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if args.check and stale:
        print(f"kooplab schemas: not current: {', '.join(stale)}; run 'kooplab schemas'", file=sys.stderr)
        return 1
    print(f"kooplab schemas: {len(stale)} written" if not args.check else "kooplab schemas: current", file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from kooplab.commands.bench import main as bench  # imports the benchmark only when asked for

    root = Path(args.root).resolve()
    sizes = [int(n) for n in args.sizes.split(",")]
    bench(root, sizes, Path(args.out) if args.out else None, reference=not args.no_reference,
          serve=not args.no_serve, work=Path(args.work) if args.work else None)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kooplab", description="Kooplab: network directory and cooperation lab")
    p.add_argument("--root", default=".", help="project folder (default: the current folder)")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)")
    p.add_argument("--lang", choices=LANGUAGES, default=language(),
                   help="language of the messages: de (default, or KOOPLAB_LANG) or en")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check all records and vocabularies")
    v.add_argument("--format", choices=["text", "json", "github"], default="text",
                   help="text for people, json for tools, github for workflow annotations")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("bench", help="build synthetic networks and a reference site; print the figures")
    b.add_argument("--sizes", default="1000,10000", help="numbers of members, comma-separated")
    b.add_argument("--out", default="BENCHMARKS.md", help="where to write the table ('' for nowhere)")
    b.add_argument("--no-reference", action="store_true", help="skip the plain MkDocs reference build")
    b.add_argument("--no-serve", action="store_true", help="skip timing a mkdocs serve rebuild")
    b.add_argument("--work", help="keep the generated projects in this folder")
    b.set_defaults(func=cmd_bench)

    r = sub.add_parser("report", help="records due for review, members without case studies or SDGs")
    r.add_argument("--format", choices=["text", "json"], default="text")
    r.set_defaults(func=cmd_report)

    b = sub.add_parser("build", help="build the site (strict); the previous site stays until the new one is complete")
    b.add_argument("--site-dir", default=None,
                   help="output folder (default: site_dir of mkdocs.yml); relative to the current folder")
    b.add_argument("--engine", choices=publish.ENGINES, default=None,
                   help="the engine that builds mkdocs.yml (default: KOOPLAB_ENGINE, else mkdocs)")
    b.set_defaults(func=cmd_build)

    m = sub.add_parser("materialize", help="write the site as plain files for an engine without hooks (zensical build)")
    m.add_argument("--out", default=None, help="the folder to write (emptied first; default: materialized/ beside "
                                               "mkdocs.yml)")
    m.set_defaults(func=cmd_materialize)

    lc = sub.add_parser("linkcheck", help="check the internal links, anchors, assets and downloads of a built site")
    lc.add_argument("site_dir", nargs="?", default=None,
                    help="the built site (default: site_dir of mkdocs.yml); external links are not fetched")
    lc.add_argument("--base-path", default="/",
                    help="the path the site is served under, e.g. /netzwerk/ (default: /)")
    lc.set_defaults(func=cmd_linkcheck)

    n = sub.add_parser("new", help="write a new record from the template")
    n.add_argument("kind", choices=sorted(KINDS), help="member, case or event")
    n.add_argument("title", help="name of the organisation or title of the case study")
    n.set_defaults(func=cmd_new)

    sc = sub.add_parser("schemas", help="write data/schema/editor/: the schemas with the vocabularies, for editors' tools")
    sc.add_argument("--check", action="store_true", help="only check that the files are current (exit 1 if not)")
    sc.set_defaults(func=cmd_schemas)

    from kooplab.commands.importing import add_parser

    add_parser(sub).set_defaults(func=cmd_import)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:  # a broken setting in mkdocs.yml
        print(f"kooplab: {args.config_file}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last resort: one line instead of a traceback
        if os.environ.get("KOOPLAB_DEBUG"):
            raise
        print(f"kooplab: internal error ({type(exc).__name__}: {exc}), please report it; "
              "KOOPLAB_DEBUG=1 shows the traceback", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
