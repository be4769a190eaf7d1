"""``kooplab bench``: build synthetic networks and a plain reference site, and measure them.

Every figure comes from real runs of the project's own commands in child processes
(wall time and the child's own peak memory from ``wait4``), so the table says what
an editor or CI would see on this machine.
"""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kooplab.commands.bench_browser import EditPreview, edit_preview_seconds, search_transfer
from kooplab.commands.synthetic import generate, reference_project


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    output: str = ""
    cpu_seconds: float = 0.0  # user + system time of the command and the processes it waited for


@dataclass
class Sizes:
    largest_record_page: tuple[str, int] = ("", 0)
    largest_page: tuple[str, int, int] = ("", 0, 0)  # any HTML page (lists included): path, raw, gzip
    directory_raw: int = 0
    directory_gzip: int = 0
    filter_index_raw: int = 0
    filter_index_gzip: int = 0
    search_index_bytes: int = 0  # pagefind/ on disk
    search_index_files: int = 0
    cards_gzip: int = 0  # verzeichnis/cards.json (a directory split into pages; loaded on the first filter use)
    directory_pages: int = 1
    site_bytes: int = 0
    site_files: int = 0
    # a view for other websites (einbetten/mitglieder/): page, stylesheet, script and data, gzip; all members,
    # and the largest share of one state (what a view filtered by a state loads)
    embed_all_gzip: int = 0
    embed_state_gzip: tuple[str, int] = ("", 0)


@dataclass
class Result:
    members: int
    cases: int
    validate: Run
    build: Run
    reference: Run | None
    sizes: Sizes
    events: int = 0
    serve_rebuild: EditPreview | None = None  # make serve (mkdocs serve --dirty: the preview renders what changed)
    serve_full_rebuild: EditPreview | None = None  # plain mkdocs serve (every page), the reference
    cold: Run | None = None  # the first build, compiling the templates
    properdocs: Run | None = None  # the build with ProperDocs
    zensical: Run | None = None  # kooplab build --engine zensical: the materialized tree built by Zensical
    indexing: Run | None = None  # Pagefind alone over the built site
    search_bytes: tuple[int, int] | None = None  # first and second query in Chromium
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.build.seconds / self.reference.seconds if self.reference else None


def measure(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run a command; its wall time and its own peak resident memory (not the parent's)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(seconds=seconds, peak_mb=usage.ru_maxrss / 1024, returncode=os.waitstatus_to_exitcode(status),
               output=text, cpu_seconds=usage.ru_utime + usage.ru_stime)


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def site_sizes(site: Path) -> Sizes:
    sizes = Sizes()
    for path in site.rglob("*"):
        if path.is_file():
            sizes.site_files += 1
            size = path.stat().st_size
            sizes.site_bytes += size
            if path.suffix == ".html" and size > sizes.largest_page[1]:
                sizes.largest_page = (path.relative_to(site).as_posix(), size, 0)
    if sizes.largest_page[0]:
        path = sizes.largest_page[0]
        sizes.largest_page = (path, sizes.largest_page[1], _gz((site / path).read_bytes()))
    for folder in ("verzeichnis", "kooperationen", "termine"):  # members, case studies, events
        for page in (site / folder).glob("*/index.html"):
            size = page.stat().st_size
            if size > sizes.largest_record_page[1]:
                sizes.largest_record_page = (page.relative_to(site).as_posix(), size)
    directory = site / "verzeichnis" / "index.html"
    if directory.is_file():  # the first page (the largest: it also holds the filter form)
        data = directory.read_bytes()
        sizes.directory_raw, sizes.directory_gzip = len(data), _gz(data)
        sizes.directory_pages = 1 + len(list((site / "verzeichnis" / "seite").glob("*/index.html")))
    filters = site / "verzeichnis" / "filter.json"
    if filters.is_file():
        data = filters.read_bytes()
        sizes.filter_index_raw, sizes.filter_index_gzip = len(data), _gz(data)
    cards = site / "verzeichnis" / "cards.json"
    if cards.is_file():
        sizes.cards_gzip = _gz(cards.read_bytes())
    embed = site / "einbetten" / "mitglieder"
    if (embed / "daten.json").is_file():
        frame = sum(_gz(path.read_bytes()) for path in (embed / "index.html", site / "assets/kooplab-embed.css",
                                                        site / "assets/kooplab-embed.js"))
        sizes.embed_all_gzip = frame + _gz((embed / "daten.json").read_bytes())
        shares = sorted(embed.glob("region-*.json"), key=lambda p: (p.stat().st_size, p.name))
        if shares:
            sizes.embed_state_gzip = (shares[-1].stem.removeprefix("region-"), frame + _gz(shares[-1].read_bytes()))
    index = site / "pagefind"
    if index.is_dir():
        files = [p for p in index.rglob("*") if p.is_file()]
        sizes.search_index_files, sizes.search_index_bytes = len(files), sum(p.stat().st_size for p in files)
    return sizes


_COMPRESSED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind")  # Pagefind wrote them gzipped


def index_seconds(site: Path) -> Run:
    """The indexing step alone: Pagefind over the built site, into a folder beside it."""
    from kooplab.outputs.search_index import command

    out = site.parent / "pagefind-bench"
    shutil.rmtree(out, ignore_errors=True)
    run = measure(command(site, out), site.parent)
    shutil.rmtree(out, ignore_errors=True)
    return run


# two queries of words every synthetic network has (kooplab.commands.synthetic): the first loads Pagefind
SEARCH_QUERIES = ("Lebensmittel", "Klimaschutz Bremen")


def _log(text: str) -> None:
    print(text, flush=True)


def run_size(source: Path, work: Path, members: int, reference: bool = True, serve: bool = False,
             log=_log) -> Result:
    project = work / f"n{members}"
    if project.exists():
        shutil.rmtree(project)
    log(f"[bench] generating {members} members …")
    net = generate(source, project, members)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1795219200"),
               KOOPLAB_TEMPLATE_CACHE=str(work / f"templates{members}"))  # empty: the first build compiles them
    shutil.rmtree(work / f"templates{members}", ignore_errors=True)
    log(f"[bench] N={members}: kooplab validate …")
    validate = measure([sys.executable, "-m", "kooplab.commands.cli", "validate"], project, env)
    log(f"[bench] N={members}: build ({validate.seconds:.1f} s validate) …")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")]
    log(f"[bench] N={members}: first build, compiling the templates (a fresh machine) …")
    cold = measure(command, project, env)
    log(f"[bench] N={members}: build with the compiled templates …")
    build = measure(command, project, env)
    if build.returncode != 0:
        raise RuntimeError(f"build of N={members} failed:\n{build.output[-3000:]}")
    other = None  # the same build with ProperDocs (README, "Engines"), where it is installed
    if importlib.util.find_spec("properdocs") is not None:
        log(f"[bench] N={members}: build with ProperDocs …")
        other = measure([sys.executable, "-m", "properdocs", *command[3:-1], str(project / "site-properdocs")],
                        project, env)
    zensical = None  # the same site from the materialized tree, built by Zensical (README, "Engines")
    if importlib.util.find_spec("zensical") is not None:
        log(f"[bench] N={members}: build with Zensical (kooplab build --engine zensical) …")
        zensical = measure([sys.executable, "-m", "kooplab.commands.cli", "build", "--engine", "zensical",
                            "--site-dir", str(project / "site-zensical")], project, env)
        shutil.rmtree(project / "site-zensical", ignore_errors=True)
    ref = None
    if reference:
        ref_dir = work / f"ref{members}"
        if ref_dir.exists():
            shutil.rmtree(ref_dir)
        reference_project(net, ref_dir)
        log(f"[bench] N={members}: reference build ({build.seconds:.1f} s ours) …")
        ref = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(ref_dir / "site")], ref_dir, env)
        if ref.returncode != 0:
            raise RuntimeError(f"reference build failed:\n{ref.output[-3000:]}")
    result = Result(members=net.members, cases=net.cases, validate=validate, build=build, reference=ref,
                    sizes=site_sizes(project / "site"), events=net.events, cold=cold, properdocs=other,
                    zensical=zensical)
    log(f"[bench] N={members}: the search: indexing alone, and a reader's first two queries in Chromium …")
    result.indexing = index_seconds(project / "site")
    result.search_bytes = search_transfer(project / "site", SEARCH_QUERIES, _COMPRESSED)
    if serve:
        log(f"[bench] N={members}: edit → preview: mkdocs serve, one member file saved, its page reloaded in Chromium …")
        result.serve_rebuild = edit_preview_seconds(project, "--dirty")
        log(f"[bench] N={members}: the same with plain mkdocs serve, which renders every page …")
        result.serve_full_rebuild = edit_preview_seconds(project, port_offset=1)
    return result


def _seconds(measured: EditPreview | None, which: str) -> str:
    value = getattr(measured, which) if measured is not None else None
    return f"{value:.1f} s" if value is not None else "–"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "unknown"


def machine() -> str:
    cores = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0
    return f"{cores} cores, {mem:.0f} GiB memory, Python {platform.python_version()}, {platform.machine()}"


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 2**20 else f"{n / 2**20:,.1f} MB"


def table(results: list[Result]) -> str:
    """One Markdown table, a column per N."""
    head = "| | " + " | ".join(f"N = {r.members:,} (+{r.cases:,} cases, {r.events:,} events)" for r in results) + " |"
    rows = [head, "|---|" + "---|" * len(results)]

    def row(label, values):
        rows.append(f"| {label} | " + " | ".join(values) + " |")

    row("`kooplab validate`: wall time", [f"{r.validate.seconds:.2f} s ({r.members + r.cases + r.events:,} records)"
                                          for r in results])
    row("`kooplab validate`: CPU time", [f"{r.validate.cpu_seconds:.2f} s" for r in results])
    row("`kooplab validate`: peak memory", [f"{r.validate.peak_mb:,.0f} MB" for r in results])
    row("build (`mkdocs build --strict`): wall time", [f"{r.build.seconds:.1f} s" for r in results])
    row("first build on a machine (compiles the templates, which later builds reuse): wall time",
        [f"{r.cold.seconds:.1f} s" if r.cold else "–" for r in results])
    row("build with ProperDocs 1.6.7 instead of MkDocs 1.6.1: wall time",
        [f"{r.properdocs.seconds:.1f} s" if r.properdocs and r.properdocs.returncode == 0 else "–" for r in results])
    row("build with Zensical 0.0.73 (`kooplab build --engine zensical`: the materialized tree, Zensical, Pagefind): "
        "wall time / peak memory",
        [f"{r.zensical.seconds:.1f} s / {r.zensical.peak_mb:,.0f} MB" if r.zensical and r.zensical.returncode == 0
         else "failed" if r.zensical else "–" for r in results])
    row("build: CPU time (user + system, all its processes)", [f"{r.build.cpu_seconds:.1f} s" for r in results])
    row("build: peak memory", [f"{r.build.peak_mb:,.0f} MB" for r in results])
    row("reference build (plain MkDocs + Material, same pages): wall time",
        [f"{r.reference.seconds:.1f} s" if r.reference else "–" for r in results])
    row("reference build: CPU time", [f"{r.reference.cpu_seconds:.1f} s" if r.reference else "–" for r in results])
    row("reference build: peak memory", [f"{r.reference.peak_mb:,.0f} MB" if r.reference else "–" for r in results])
    row("**ours / reference** (wall time)", [f"**{r.ratio:.2f}**" if r.ratio else "–" for r in results])
    row("ours / reference (CPU time)", [f"{r.build.cpu_seconds / r.reference.cpu_seconds:.2f}"
                                        if r.reference and r.reference.cpu_seconds else "–" for r in results])
    row("largest record page", [f"{_kb(r.sizes.largest_record_page[1])} (`{r.sizes.largest_record_page[0]}`)"
                                for r in results])
    row("largest page of any kind (lists included), raw / gzip",
        [f"{_kb(r.sizes.largest_page[1])} / {_kb(r.sizes.largest_page[2])} (`{r.sizes.largest_page[0]}`)"
         for r in results])
    row("directory page, raw / gzip", [f"{_kb(r.sizes.directory_raw)} / {_kb(r.sizes.directory_gzip)}"
                                       + (f" (1 of {r.sizes.directory_pages} pages)" if r.sizes.directory_pages > 1 else "")
                                       for r in results])
    row("filter index (`verzeichnis/filter.json`), raw / gzip",
        [f"{_kb(r.sizes.filter_index_raw)} / {_kb(r.sizes.filter_index_gzip)}" if r.sizes.filter_index_raw else "–"
         for r in results])
    row("card data of a split directory (`verzeichnis/cards.json`, on first filter use), gzip",
        [_kb(r.sizes.cards_gzip) if r.sizes.cards_gzip else "–" for r in results])
    row("search index (Pagefind, `pagefind/`): indexing alone, wall time (part of the build)",
        [f"{r.indexing.seconds:.1f} s" if r.indexing else "–" for r in results])
    row("search index on disk", [f"{_kb(r.sizes.search_index_bytes)} in {r.sizes.search_index_files:,} files"
                                 for r in results])
    row(f"**first query transfers** (\"{SEARCH_QUERIES[0]}\": Pagefind's script, WebAssembly, index parts, "
        "10 results; Chromium)", [f"**{_kb(r.search_bytes[0])}**" if r.search_bytes else "–" for r in results])
    row(f"second query transfers (\"{SEARCH_QUERIES[1]}\")",
        [_kb(r.search_bytes[1]) if r.search_bytes else "–" for r in results])
    row("view for other websites, all members (`einbetten/mitglieder/`: page, CSS, script, data), gzip",
        [_kb(r.sizes.embed_all_gzip) if r.sizes.embed_all_gzip else "–" for r in results])
    row("the same, members of one state (the largest share)",
        [f"{_kb(r.sizes.embed_state_gzip[1])} ({r.sizes.embed_state_gzip[0]})" if r.sizes.embed_state_gzip[1] else "–"
         for r in results])
    row("whole site", [f"{_kb(r.sizes.site_bytes)} in {r.sizes.site_files:,} files" for r in results])
    if any(r.serve_rebuild is not None for r in results):
        row("**edit → preview** (`make serve`: one member file saved until Chromium shows the change)",
            [_seconds(r.serve_rebuild, "preview") for r in results])
        row("edit → search index current (`make serve`: Pagefind runs after the reload)",
            [_seconds(r.serve_rebuild, "search") for r in results])
        row("reference: edit → preview with plain `mkdocs serve` (every page rendered, index before the reload)",
            [_seconds(r.serve_full_rebuild, "preview") for r in results])
    if len(results) >= 2:
        a, b = results[0], results[-1]
        rows.append("")
        rows.append(f"Build time N = {b.members:,} / N = {a.members:,}: **{b.build.seconds / a.build.seconds:.1f}** "
                    f"(records ×{b.members / a.members:.0f}; CPU time: {b.build.cpu_seconds / a.build.cpu_seconds:.1f}).")
    return "\n".join(rows)


def write_report(results: list[Result], path: Path, notes: str = "") -> str:
    text = "\n".join([
        "# Benchmarks",
        "",
        f"Made by `make bench` (`kooplab bench`) on {dt.date.today().isoformat()}: {machine()}; load average "
        f"at the end {load_average()} (1 / 5 / 15 min: with other work on the machine wall times grow, CPU times much less).",
        "Synthetic networks from a fixed seed (`kooplab.commands.synthetic`): descriptions of about 100 words, 1–4 SDGs",
        "with evidence, 0–2 networks, coordinates, offers and needs for about half the members; N/5 case studies",
        "with outcomes and citations; 3 + N/200 events, past and upcoming. The reference site is plain MkDocs +",
        "Material with one Markdown page of the same text per record (members, cases, events), the same theme",
        "settings, and the pages kept out of the navigation (its navigation holds only the start page).",
        "Wall times and peak memory (maximum resident set) of each command as a child process.",
        "",
        table(results),
        "",
        notes.strip(),
        "",
    ])
    path.write_text(text, encoding="utf-8")
    return text


def main(source: Path, sizes: list[int], out: Path | None, reference: bool = True, serve: bool = True,
         work: Path | None = None) -> list[Result]:
    keep = work is not None
    work = work or Path(tempfile.mkdtemp(prefix="kooplab-bench-"))
    try:
        # edit → preview at the size of a large regional network and at the largest size
        results = [run_size(source, work, n, reference=reference, serve=serve and (n == max(sizes) or n == 400))
                   for n in sorted(sizes)]
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    if out is not None:
        notes_file = source / "BENCHMARKS.notes.md"
        write_report(results, out, notes_file.read_text("utf-8") if notes_file.is_file() else "")
        print(f"\nwritten to {out}")
    return results
